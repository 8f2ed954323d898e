//! Claims: the figure in the report currency, the fleet and scope it speaks of, and
//! whether that fleet has such a total.

use super::super::read::{DraftClaim, Input, Spanned};
use super::super::{Acquisition, Claim, Fleet, Ids, Job, Scope, Serve};
use super::Resolver;
use crate::diagnostic::Diagnostic;
use crate::input::param::Param;
use crate::money::Range;

/// The options the fleets are alternatives in, in file order, each once.
fn options_of(fleets: &[Fleet]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    (fleets.iter().filter_map(|f| f.option.as_deref()))
        .filter(|o| seen.insert(*o))
        .collect()
}

impl Resolver<'_> {
    pub(super) fn claims(
        &mut self,
        fleets: &[Fleet],
        jobs: &[Job],
        serves: &[Serve],
        ids: &Ids,
    ) -> Vec<Claim> {
        let mut claims: Vec<Claim> = Vec::with_capacity(self.draft.claims.len());
        let mut seen = std::collections::HashSet::new();
        // The options the fleets are alternatives in, found once, not once a claim.
        let options = options_of(fleets);
        for draft in &self.draft.claims {
            let what = draft
                .id
                .as_ref()
                .map_or("a claim".to_string(), |id| format!("claim `{}`", id.value));
            let claim = self.or_said(&what, &draft.span, |r| {
                r.claim(draft, fleets, jobs, serves, ids, &options)
            });
            if let Some(claim) = claim {
                if !seen.insert(claim.id.clone()) {
                    let span = draft
                        .id
                        .as_ref()
                        .map_or(draft.span.clone(), |i| i.span.clone());
                    self.problems.push(
                        Diagnostic::at(span, format!("duplicate claim id `{}`", claim.id))
                            .label("already used by an earlier claim")
                            .help("give each `[[claim]]` its own `id`"),
                    );
                    continue;
                }
                claims.push(claim);
            }
        }
        claims
    }

    pub(super) fn claim(
        &mut self,
        draft: &DraftClaim,
        fleets: &[Fleet],
        jobs: &[Job],
        serves: &[Serve],
        ids: &Ids,
        options: &[&str],
    ) -> Option<Claim> {
        if draft.serve.is_some()
            || draft
                .scope
                .as_ref()
                .is_some_and(|s| s.value.is_serve() && !s.value.is_job())
        {
            return self.serve_claim(draft, fleets, serves, ids, options);
        }
        let money = draft.scope.as_ref().is_none_or(|s| s.value.is_money());
        let value = draft
            .value
            .as_ref()
            .and_then(|v| self.claim_value(v, money));
        if let (Some(_), Some(job)) = (&draft.fleet, &draft.job) {
            self.problems.push(
                Diagnostic::at(job.span.clone(), "a claim speaks of a fleet or of a job, not both")
                    .label("a job as well as a fleet")
                    .help("keep `job` for a job's `amortized`, `acquisition`, `cloud`, `gpu_hours`, `hours` or `flop`; keep `fleet` for a fleet's total"),
            );
            return None;
        }
        let fleet = match &draft.fleet {
            None => None,
            Some(name) => Some(self.fleet_named(name, fleets, ids)?),
        };
        let job = match &draft.job {
            None => None,
            Some(name) => Some(self.job_named(name, jobs, ids)?),
        };
        let scope = draft.scope.as_ref()?;
        if scope.value.is_job() || job.is_some() {
            self.job_scope_applies(scope, job, fleets, ids)?;
        } else {
            self.fleet_scope_applies(scope, fleet, fleets)?;
        }
        Some(Claim {
            id: draft.id.as_ref()?.value.clone(),
            source: draft.source.clone(),
            quote: draft.quote.clone(),
            value: value?,
            reading: draft.reading,
            written: draft.written.clone(),
            fleet: fleet.map(|f| f.id.clone()),
            job: job.map(|j| j.id.clone()),
            serve: None,
            scope: scope.value,
            option: self.claim_option(draft, fleet, job, fleets, ids, options)?,
            value_span: draft
                .value
                .as_ref()
                .map_or(draft.span.clone(), |v| v.span.clone()),
            value_set: None,
            span: draft.span.clone(),
        })
    }

    /// Checks that a fleet (or, without one, some fleet of the scenario) has the total
    /// a claim speaks of.
    fn fleet_scope_applies(
        &mut self,
        scope: &Spanned<Scope>,
        fleet: Option<&Fleet>,
        fleets: &[Fleet],
    ) -> Option<()> {
        if scope.value == Scope::OwnedPerGpuHour && fleet.is_none() {
            self.problems.push(
                Diagnostic::at(
                    scope.span.clone(),
                    "`owned_per_gpu_hour` is a bought fleet's figure, not a total",
                )
                .label("which fleet?")
                .help("name the fleet: `fleet = \"ID\"`"),
            );
            return None;
        }
        let applies = match fleet {
            Some(f) => scope.value.applies_to(f.inputs.acquisition()),
            None => {
                fleets.is_empty()
                    || fleets
                        .iter()
                        .any(|f| scope.value.applies_to(f.inputs.acquisition()))
            }
        };
        if applies {
            return Some(());
        }
        let message = match fleet {
            Some(f) => {
                let how = match f.inputs.acquisition() {
                    Acquisition::Buy => "bought",
                    Acquisition::Rent => "rented",
                };
                format!(
                    "scope `{}` does not apply to {how} fleet `{}`",
                    scope.value, f.id
                )
            }
            None => {
                let every = match scope.value {
                    Scope::Rental => "bought",
                    _ => "rented",
                };
                format!(
                    "no fleet of this scenario has a `{}` total: every fleet is {every}",
                    scope.value
                )
            }
        };
        let help = match scope.value {
            Scope::Rental => "a bought fleet has `gpus`, `capex` and `tco`",
            _ => "a rented fleet has `rental` and `tco`",
        };
        self.problems.push(
            Diagnostic::at(scope.span.clone(), message)
                .label("no such total")
                .help(help),
        );
        None
    }

    /// Checks that a claim's scope and job go together: a job's scope names a job, a
    /// job has the estimate or measure claimed.
    fn job_scope_applies(
        &mut self,
        scope: &Spanned<Scope>,
        job: Option<&Job>,
        fleets: &[Fleet],
        ids: &Ids,
    ) -> Option<()> {
        let problem = match job {
            None => Some((
                format!("scope `{}` is a job's: the claim names no job", scope.value),
                "add `job = \"…\"` naming one of the scenario's `[[job]]`".to_string(),
            )),
            Some(_) if !scope.value.is_job() => Some((
                format!(
                    "scope `{}` is a fleet's or the scenario's, not a job's",
                    scope.value
                ),
                "a job has `amortized`, `acquisition`, `cloud`, `gpu_hours`, `hours` and `flop`"
                    .to_string(),
            )),
            Some(job) => {
                let rented = ids
                    .fleet(&job.fleet)
                    .is_some_and(|i| fleets[i].inputs.acquisition() == Acquisition::Rent);
                match scope.value {
                    Scope::Amortized | Scope::Acquisition if rented => Some((
                        format!(
                            "scope `{}` does not apply to job `{}`: it runs on rented fleet `{}`",
                            scope.value, job.id, job.fleet
                        ),
                        "a job on a rented fleet has `cloud`, `gpu_hours`, `hours` and `flop`"
                            .to_string(),
                    )),
                    Scope::Cloud if job.cloud_rate.is_none() => Some((
                        format!("job `{}` has no rate to rent its GPU-hours at", job.id),
                        "set `cloud_rate` on the job: the catalog has no rent for its GPU at its `start`"
                            .to_string(),
                    )),
                    Scope::Flop if job.mfu.is_none() || job.peak_flops.is_none() => Some((
                        format!("job `{}` has no FLOP figure", job.id),
                        "give the job `mfu` (and its GPU a `peak_flops`), or `flop`".to_string(),
                    )),
                    _ => None,
                }
            }
        };
        match problem {
            None => Some(()),
            Some((message, help)) => {
                self.problems.push(
                    Diagnostic::at(scope.span.clone(), message)
                        .label("no such figure")
                        .help(help),
                );
                None
            }
        }
    }

    /// The job a claim names; reports a name no job has (a job that failed to resolve
    /// was reported already).
    fn job_named<'j>(
        &mut self,
        name: &Spanned<String>,
        jobs: &'j [Job],
        ids: &Ids,
    ) -> Option<&'j Job> {
        if let Some(i) = ids.job(&name.value) {
            return Some(&jobs[i]);
        }
        let ids: Vec<&str> = self
            .draft
            .jobs
            .iter()
            .filter_map(|j| j.id.as_ref())
            .map(|i| i.value.as_str())
            .collect();
        self.no_such(name, "job", &ids, "the scenario has no `[[job]]`");
        None
    }

    /// The option a claim speaks of: its own `option`, or its fleet's (or its job's
    /// fleet's). A claim on the scenario's total of alternatives must name one; an
    /// `option` no fleet has, or one its fleet is not in, is an error.
    pub(super) fn claim_option(
        &mut self,
        draft: &DraftClaim,
        fleet: Option<&Fleet>,
        job: Option<&Job>,
        fleets: &[Fleet],
        ids: &Ids,
        options: &[&str],
    ) -> Option<Option<String>> {
        let of_fleet = fleet
            .or_else(|| job.and_then(|j| Some(&fleets[ids.fleet(&j.fleet)?])))
            .and_then(|f| f.option.clone());
        let span = draft.span.clone();
        match (&draft.option, of_fleet) {
            (Some(o), _) if !options.contains(&o.value.as_str()) => {
                let help = match options {
                    [] => "the fleets are not alternatives: give fleets `option = \"…\"`, or remove the key".to_string(),
                    _ => format!("options: {}", crate::diagnostic::suggest::one_of(options)),
                };
                self.problems.push(
                    Diagnostic::at(
                        o.span.clone(),
                        format!("no fleet is in option `{}`", o.value),
                    )
                    .label("not an option")
                    .help(help),
                );
                None
            }
            (Some(o), Some(f)) if o.value != f => {
                self.problems.push(
                    Diagnostic::at(
                        o.span.clone(),
                        format!("the claim's fleet is in option `{f}`"),
                    )
                    .label(format!("not `{}`", o.value))
                    .help("a claim on a fleet speaks of the fleet's option; remove `option`"),
                );
                None
            }
            (Some(o), _) => Some(Some(o.value.clone())),
            (None, Some(f)) => Some(Some(f)),
            (None, None) if fleet.is_none() && job.is_none() && !options.is_empty() => {
                self.problems.push(
                    Diagnostic::at(span, "the scenario's fleets are alternatives: this claim's total is of which?")
                        .label("a claim on the whole scenario")
                        .help(format!(
                            "name the option it speaks of: `option = \"{}\"` ({}); alternatives are never summed",
                            options[0],
                            crate::diagnostic::suggest::one_of(options)
                        )),
                );
                None
            }
            (None, None) => Some(None),
        }
    }

    /// A claimed figure, ordered and not negative: money in the report currency, or a
    /// plain number for GPU-hours, hours and FLOP.
    pub(super) fn claim_value(&mut self, input: &Input, money: bool) -> Option<Range> {
        if !money
            && [input.value.low, input.value.high]
                .iter()
                .any(|a| a.currency.is_some())
        {
            self.problems.push(
                Diagnostic::at(input.span.clone(), "money claimed of a count")
                    .label("a currency here")
                    .help("GPU-hours, hours and FLOP are plain numbers: write e.g. `\"30.84M\"` or `3.8e25`"),
            );
            return None;
        }
        let range = self.convert(input, money, "value")?;
        self.check_domain(Param::UnitPrice, "value", range, input.span.clone())
    }
}

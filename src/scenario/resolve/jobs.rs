//! Jobs: the fleet each runs on, its compute in exactly one form, its GPUs, dates,
//! depreciation and the rate its GPU-hours rent at; ids unique.

use std::collections::HashSet;

use super::super::read::{DraftJob, Input, Spanned, written};
use super::super::{Acquisition, Compute, Depreciation, Fleet, Ids, Job, Origin, Resolved};
use super::Resolver;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::suggest;
use crate::input::Span;
use crate::input::param::Param;

/// The forms a job's compute can be written in: the keys of each.
const FORMS: [&[Param]; 5] = [
    &[Param::GpuHours],
    &[Param::Hours],
    &[Param::Days],
    &[Param::Flop],
    &[Param::Params, Param::Tokens],
];

const FORMS_HELP: &str = "give one of: `gpu_hours`; `hours` or `days` (on `gpus`, default the \
                          fleet's count); `flop` with `mfu`; `params` and `tokens` with `mfu`";

impl Resolver<'_> {
    pub(super) fn jobs(&mut self, fleets: &[Fleet], ids: &Ids) -> Vec<Job> {
        let mut jobs = Vec::with_capacity(self.draft.jobs.len());
        let mut seen = HashSet::new();
        for draft in &self.draft.jobs {
            if let Some(id) = &draft.id
                && !seen.insert(id.value.clone())
            {
                self.problems.push(
                    Diagnostic::at(id.span.clone(), format!("duplicate job id `{}`", id.value))
                        .label("already used by an earlier job")
                        .help("give each `[[job]]` its own `id`"),
                );
                continue;
            }
            let what = draft
                .id
                .as_ref()
                .map_or("a job".to_string(), |id| format!("job `{}`", id.value));
            if let Some(job) = self.or_said(&what, &draft.span, |r| r.job(draft, fleets, ids)) {
                jobs.push(job);
            }
        }
        jobs
    }

    fn job(&mut self, draft: &DraftJob, fleets: &[Fleet], ids: &Ids) -> Option<Job> {
        let own = |param: Param| written(&draft.params, param);
        let inputs = self.inputs_written(&draft.params, Origin::Job);
        let resolved = |param: Param| {
            inputs
                .iter()
                .find(|(p, _)| *p == param)
                .and_then(|(_, r)| r.clone())
        };
        let compute = self.compute(draft, &own, &resolved);
        let fleet = draft
            .fleet
            .as_ref()
            .and_then(|name| self.fleet_named(name, fleets, ids));
        let fleet = fleet?;
        let rented = fleet.inputs.acquisition() == Acquisition::Rent;
        if rented {
            for (key, span) in [
                own(Param::CloudRate).map(|i| ("cloud_rate", i.span.clone())),
                draft
                    .depreciation
                    .as_ref()
                    .map(|d| ("depreciation", d.span.clone())),
                draft
                    .facility
                    .as_ref()
                    .map(|f| ("facility", f.span.clone())),
            ]
            .into_iter()
            .flatten()
            {
                self.problems.push(
                    Diagnostic::at(
                        span,
                        format!(
                            "`{key}` does not apply to a job on rented fleet `{}`",
                            fleet.id
                        ),
                    )
                    .label("not used")
                    .help("a job on a rented fleet is priced at the fleet's `rate_per_gpu_hour`"),
                );
            }
        }
        let gpus = self.gpus_on(own(Param::Gpus), resolved(Param::Gpus), fleet, "a job")?;
        let start = draft.start.as_ref().map_or(self.date, |s| s.value);
        if start < fleet.acquired {
            // A `start` left out is the scenario date: point at the job then.
            let (span, label) = match &draft.start {
                Some(s) => (s.span.clone(), "before `acquired`"),
                None => (
                    draft.span.clone(),
                    "starts on the scenario date, before `acquired`",
                ),
            };
            self.problems.push(
                Diagnostic::at(
                    span,
                    format!(
                        "the job starts on {start}, before fleet `{}` was acquired on {}",
                        fleet.id, fleet.acquired
                    ),
                )
                .label(label)
                .help("a job runs on GPUs already bought: move `start` later, or set the fleet's `acquired` earlier"),
            );
            return None;
        }
        let mfu = resolved(Param::Mfu);
        let (compute, flop_span) = compute?;
        if let Some(span) = flop_span {
            if own(Param::Mfu).is_none() {
                self.problems.push(
                    Diagnostic::at(span.clone(), "FLOP give GPU-hours only at an `mfu`")
                        .label("needs `mfu`")
                        .help("add the model FLOP utilization, e.g. `mfu = [0.3, 0.45]` (Epoch AI's median of known runs is 0.375)"),
                );
                return None;
            }
            if fleet.peak_flops.is_none() {
                self.problems.push(
                    Diagnostic::at(
                        span,
                        format!("no peak FLOP/s for `{}`, so FLOP cannot give GPU-hours", fleet.gpu),
                    )
                    .label("needs a peak FLOP/s")
                    .help(format!(
                        "add `peak_flops` (dense BF16/FP16 FLOP/s per GPU) under `[gpu.{}]`, or give `gpu_hours`",
                        fleet.gpu
                    )),
                );
                return None;
            }
        }
        let cloud_rate = match &fleet.inputs {
            super::super::FleetInputs::Rent(r) => Some(r.rate_per_gpu_hour.clone()),
            super::super::FleetInputs::Buy(_) => match own(Param::CloudRate) {
                Some(_) => Some(resolved(Param::CloudRate)?),
                // A run of months may rent on any term: every term's points unless
                // the job names one.
                None => {
                    self.catalog_rent(&fleet.gpu, start, draft.rent_term.as_ref().map(|t| t.value))
                }
            },
        };
        Some(Job {
            id: draft.id.as_ref()?.value.clone(),
            fleet: fleet.id.clone(),
            compute,
            gpus,
            mfu: if own(Param::Mfu).is_some() {
                Some(mfu?)
            } else {
                None
            },
            peak_flops: fleet.peak_flops.clone(),
            start,
            depreciation: draft
                .depreciation
                .as_ref()
                .map_or(Depreciation::Epoch, |d| d.value),
            facility: draft.facility.as_ref().is_some_and(|f| f.value),
            cloud_rate,
            span: draft.span.clone(),
        })
    }

    /// The job's compute, from exactly one form, with the span of a FLOP form (which
    /// needs `mfu` and a peak FLOP/s). `own` gives an input as written, `resolved` as
    /// resolved (`None` if it failed, and was reported).
    fn compute<'i>(
        &mut self,
        draft: &DraftJob,
        own: &impl Fn(Param) -> Option<&'i Input>,
        resolved: &impl Fn(Param) -> Option<Resolved>,
    ) -> Option<(Compute, Option<Span>)> {
        let written: Vec<&[Param]> = FORMS
            .into_iter()
            .filter(|form| form.iter().any(|&p| own(p).is_some()))
            .collect();
        let first_key = |form: &[Param]| {
            form.iter()
                .find_map(|&p| own(p).map(|i| (p.key(), i.span.clone())))
        };
        let form = match written.as_slice() {
            [form] => *form,
            [] => {
                self.problems.push(
                    Diagnostic::at(
                        draft.span.clone(),
                        "the job does not say how much compute it uses",
                    )
                    .label("no compute")
                    .help(FORMS_HELP),
                );
                return None;
            }
            [first, second, ..] => {
                let (a, _) = first_key(first)?;
                let (b, span) = first_key(second)?;
                self.problems.push(
                    Diagnostic::at(span, format!("`{b}` and `{a}` both give the job's compute"))
                        .label("a second form")
                        .help(format!("keep one; {FORMS_HELP}")),
                );
                return None;
            }
        };
        let (key, span) = first_key(form)?;
        if let Some(missing) = form.iter().find(|&&p| own(p).is_none()) {
            self.problems.push(
                Diagnostic::at(span, format!("`{key}` needs `{}`", missing.key()))
                    .label(format!("no `{}`", missing.key()))
                    .help("the FLOP of training are 6 × `params` × `tokens`: give both"),
            );
            return None;
        }
        let compute = match form[0] {
            Param::GpuHours => Compute::GpuHours(resolved(Param::GpuHours)?),
            Param::Hours => Compute::Hours(resolved(Param::Hours)?),
            Param::Days => Compute::Days(resolved(Param::Days)?),
            Param::Flop => Compute::Flop(resolved(Param::Flop)?),
            _ => Compute::Training {
                params: resolved(Param::Params)?,
                tokens: resolved(Param::Tokens)?,
            },
        };
        let flop_span =
            matches!(compute, Compute::Flop(_) | Compute::Training { .. }).then_some(span);
        Some((compute, flop_span))
    }

    /// The fleet a job or claim names; reports a name no fleet has (a fleet that
    /// failed to resolve was reported already).
    pub(super) fn fleet_named<'f>(
        &mut self,
        name: &Spanned<String>,
        fleets: &'f [Fleet],
        ids: &Ids,
    ) -> Option<&'f Fleet> {
        if let Some(i) = ids.fleet(&name.value) {
            return Some(&fleets[i]);
        }
        // The ids as written: a fleet that failed to resolve still has one.
        let ids: Vec<&str> = self
            .draft
            .fleets
            .iter()
            .filter_map(|f| f.id.as_ref().or(f.gpu.as_ref()))
            .map(|i| i.value.as_str())
            .collect();
        self.no_such(name, "fleet", &ids, "the scenario has no fleet");
        None
    }

    /// Reports a `kind` (fleet, job) named that the file lacks, with the nearest of
    /// the `ids` written; a name among them failed to resolve and was reported.
    pub(super) fn no_such(&mut self, name: &Spanned<String>, kind: &str, ids: &[&str], none: &str) {
        if ids.contains(&name.value.as_str()) {
            return;
        }
        let help = match suggest::nearest(&name.value, ids.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None if ids.is_empty() => none.to_string(),
            None => format!("{kind}s: {}", suggest::one_of(ids)),
        };
        self.problems.push(
            Diagnostic::at(name.span.clone(), format!("no {kind} `{}`", name.value))
                .label(format!("not a {kind} id"))
                .help(help),
        );
    }
}

//! `gpucost solve`: the value of one input that makes a claim exactly true, every other
//! input at its midpoint. Each part of the model is a product of inputs, so with the
//! others fixed a scope total is exactly linear in any one input: `T(x) = a·x + b`,
//! found from `T(0)` and `T(1)` and solved in exact decimals.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::suggest;
use crate::input::param::Param;
use crate::model;
use crate::money::{Range, Reading};
use crate::scenario::{Acquisition, Claim, Scenario, Scope};

/// The answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solution {
    /// The claim solved for.
    pub claim: Claim,
    /// The input, as a path (`fleet.colossus.unit_price`).
    pub input: String,
    /// Its unit.
    pub param: Param,
    /// The value that makes the claim exactly true, every other input at its midpoint
    /// (for `count`, the whole number of GPUs it reaches).
    pub value: Decimal,
    /// The same over the other inputs' ranges, where it is one.
    pub range: Option<Range>,
    /// The claimed figure aimed at (a range claim's midpoint).
    pub target: Decimal,
    /// What the value means for the claim.
    pub answer: Answer,
}

/// What a solved value means for its claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The claim is exactly true at the value.
    Exact,
    /// A bound claim holds from the value up (`more than $100M` with a unit price).
    FromValueUp,
    /// A bound claim holds up to the value.
    UpToValue,
    /// A bound claim holds whatever the input (within its domain).
    Always,
    /// No value the input can take makes it true: it would need `value`, and the input
    /// must stay within `bound`; `at_edge` is the claimed total at that edge.
    Never {
        /// The input's limit, as said: `at least 0`, `at most 1`.
        bound: String,
        /// The claimed total with the input at its limit.
        at_edge: Decimal,
    },
}

/// Whose input is solved for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Fleet(usize),
    Job(usize),
    /// A serve's own input.
    Serve(usize),
    /// A fleet's `count`: a whole number of GPUs.
    Count(usize),
}

/// The input a claim is solved for when `--input` is not given: for a job's money, the
/// fleet's unit price (`amortized`, `acquisition`) or the job's cloud rate (`cloud`);
/// for its counts, its MFU where it has one, else its compute as written.
fn job_default(scenario: &Scenario, claim: &Claim, j: usize) -> Option<(String, Param, Owner)> {
    let job = &scenario.jobs[j];
    let own = |param: Param| (format!("job.{}.{param}", job.id), param, Owner::Job(j));
    match claim.scope {
        Scope::Amortized | Scope::Acquisition => {
            let f = scenario.ids().fleet(&job.fleet)?;
            Some((
                format!("fleet.{}.{}", job.fleet, Param::UnitPrice),
                Param::UnitPrice,
                Owner::Fleet(f),
            ))
        }
        // A rented fleet's job rents at the fleet's rate, the input to change.
        Scope::Cloud => match scenario.ids().fleet(&job.fleet) {
            Some(f) if scenario.fleets[f].inputs.acquisition() == Acquisition::Rent => Some((
                format!("fleet.{}.{}", job.fleet, Param::RatePerGpuHour),
                Param::RatePerGpuHour,
                Owner::Fleet(f),
            )),
            _ => Some(own(Param::CloudRate)),
        },
        _ if job.mfu.is_some() => Some(own(Param::Mfu)),
        _ => job.list().first().map(|&(param, _)| own(param)),
    }
}

/// The input a claim on a serve is solved for when `--input` is not given: the rate of
/// its GPU-hours for its cost and what follows from it (a rented fleet's
/// `rate_per_gpu_hour`, a bought fleet's `unit_price`), the output price for its
/// revenue (and a bought fleet's margin), its GPUs for its GPU-hours and throughput.
fn serve_default(scenario: &Scenario, claim: &Claim, i: usize) -> Option<(String, Param, Owner)> {
    let serve = &scenario.serves[i];
    let own = |param: Param| {
        (
            format!("serve.{}.{param}", serve.id),
            param,
            Owner::Serve(i),
        )
    };
    match claim.scope {
        Scope::Revenue => Some(own(Param::PricePerMillionOutput)),
        // A bought fleet's margin is neither linear nor reciprocal in its unit price
        // (it goes as 1 / (a·price + b)): the output price, in which it is linear.
        Scope::Margin
            if scenario
                .ids()
                .fleet(&serve.fleet)
                .is_some_and(|f| scenario.fleets[f].inputs.acquisition() == Acquisition::Buy) =>
        {
            Some(own(Param::PricePerMillionOutput))
        }
        Scope::GpuHours | Scope::InputTokensPerGpuSecond | Scope::OutputTokensPerGpuSecond => {
            Some(own(Param::Gpus))
        }
        _ => {
            let f = scenario.ids().fleet(&serve.fleet)?;
            let param = match scenario.fleets[f].inputs.acquisition() {
                Acquisition::Rent => Param::RatePerGpuHour,
                Acquisition::Buy => Param::UnitPrice,
            };
            Some((
                format!("fleet.{}.{param}", serve.fleet),
                param,
                Owner::Fleet(f),
            ))
        }
    }
}

/// Which inputs a path names: one fleet's, one job's, or (for `defaults.KEY`) every
/// fleet's that does not set its own.
fn targets(
    scenario: &Scenario,
    claim: &Claim,
    input: Option<&str>,
) -> Result<(String, Param, Vec<Owner>), Diagnostic> {
    let fleet_index = |id: &str| scenario.ids().fleet(id);
    let Some(path) = input else {
        if let Some(i) = claim.serve.as_ref().and_then(|id| scenario.ids().serve(id))
            && let Some((path, param, owner)) = serve_default(scenario, claim, i)
        {
            return Ok((path, param, vec![owner]));
        }
        if let Some(j) = claim.job.as_ref().and_then(|id| scenario.ids().job(id))
            && let Some((path, param, owner)) = job_default(scenario, claim, j)
        {
            return Ok((path, param, vec![owner]));
        }
        // Default: the unit price (or rate) of the claim's fleet, or of every fleet in scope.
        let chosen: Vec<usize> = match &claim.fleet {
            Some(id) => fleet_index(id).into_iter().collect(),
            None => {
                let buys = scenario.fleets.iter().any(|f| {
                    f.inputs.acquisition() == Acquisition::Buy
                        && claim.scope.applies_to(Acquisition::Buy)
                });
                let want = if buys {
                    Acquisition::Buy
                } else {
                    Acquisition::Rent
                };
                (0..scenario.fleets.len())
                    .filter(|&i| scenario.fleets[i].inputs.acquisition() == want)
                    .collect()
            }
        };
        let param = match chosen
            .first()
            .map(|&i| scenario.fleets[i].inputs.acquisition())
        {
            Some(Acquisition::Rent) => Param::RatePerGpuHour,
            _ => Param::UnitPrice,
        };
        let path = match &claim.fleet {
            Some(id) => format!("fleet.{id}.{param}"),
            None => format!(
                "{param} of every {} fleet",
                if param == Param::UnitPrice {
                    "bought"
                } else {
                    "rented"
                }
            ),
        };
        return Ok((path, param, chosen.into_iter().map(Owner::Fleet).collect()));
    };
    let parts: Vec<&str> = path.split('.').collect();
    let fleet_params: Vec<Param> = [Param::UnitPrice, Param::RatePerGpuHour, Param::Months]
        .into_iter()
        .chain(Param::defaults())
        .collect();
    let key_of = |key: &str, params: &[Param]| -> Result<Param, Diagnostic> {
        params
            .iter()
            .copied()
            .find(|p| p.key() == key)
            .ok_or_else(|| {
                let keys: Vec<&str> = params.iter().map(|p| p.key()).collect();
                let help = suggest::nearest(key, keys.iter().copied())
                    .map_or(format!("inputs: {}", suggest::one_of(&keys)), |n| {
                        format!("did you mean `{n}`?")
                    });
                Diagnostic::new(format!(
                    "`--input {path}`: `{key}` is not an input that can be solved for"
                ))
                .help(help)
            })
    };
    match parts.as_slice() {
        ["fleet", id @ .., "count"] if !id.is_empty() => {
            let id = id.join(".");
            let i = fleet_index(&id).ok_or_else(|| {
                let ids: Vec<&str> = scenario.fleets.iter().map(|f| f.id.as_str()).collect();
                no_such("fleet", path, &id, &ids)
            })?;
            Ok((path.to_string(), Param::Gpus, vec![Owner::Count(i)]))
        }
        ["fleet", id @ .., key] if !id.is_empty() => {
            let id = id.join(".");
            let param = key_of(key, &fleet_params)?;
            let i = fleet_index(&id).ok_or_else(|| {
                let ids: Vec<&str> = scenario.fleets.iter().map(|f| f.id.as_str()).collect();
                no_such("fleet", path, &id, &ids)
            })?;
            Ok((path.to_string(), param, vec![Owner::Fleet(i)]))
        }
        ["job", id @ .., key] if !id.is_empty() => {
            let id = id.join(".");
            let param = key_of(key, &Param::JOB)?;
            let j = scenario.ids().job(&id).ok_or_else(|| {
                let ids: Vec<&str> = scenario.jobs.iter().map(|j| j.id.as_str()).collect();
                no_such("job", path, &id, &ids)
            })?;
            let has: Vec<&str> = scenario.jobs[j]
                .list()
                .iter()
                .filter(|(p, _)| Param::JOB.contains(p))
                .map(|(p, _)| p.key())
                .collect();
            if !has.contains(&param.key()) {
                return Err(Diagnostic::new(format!(
                    "`--input {path}`: job `{id}` has no `{param}`"
                ))
                .help(format!("its inputs: {}", suggest::one_of(&has))));
            }
            Ok((path.to_string(), param, vec![Owner::Job(j)]))
        }
        ["serve", id @ .., key] if !id.is_empty() => {
            let id = id.join(".");
            let param = key_of(key, &Param::SERVE)?;
            let i = scenario.ids().serve(&id).ok_or_else(|| {
                let ids: Vec<&str> = scenario.serves.iter().map(|s| s.id.as_str()).collect();
                no_such("serve", path, &id, &ids)
            })?;
            let has: Vec<&str> = scenario.serves[i]
                .list()
                .iter()
                .map(|(p, _)| p.key())
                .collect();
            if !has.contains(&param.key()) {
                return Err(Diagnostic::new(format!(
                    "`--input {path}`: serve `{id}` has no `{param}`"
                ))
                .help(format!("its inputs: {}", suggest::one_of(&has))));
            }
            Ok((path.to_string(), param, vec![Owner::Serve(i)]))
        }
        ["defaults", key] => {
            let param = key_of(key, &fleet_params)?;
            let chosen = (0..scenario.fleets.len())
                .filter(|&i| {
                    let inputs = &scenario.fleets[i].inputs;
                    inputs
                        .list()
                        .iter()
                        .any(|(p, r)| *p == param && !r.origin.is_fleets_own())
                })
                .map(Owner::Fleet)
                .collect();
            Ok((path.to_string(), param, chosen))
        }
        _ => Err(Diagnostic::new(format!("`--input {path}` names no input")).help(
            "write `fleet.ID.KEY`, `job.ID.KEY`, `serve.ID.KEY` or `defaults.KEY`, e.g. `fleet.colossus.unit_price`",
        )),
    }
}

/// `--input PATH` names a fleet or job that is not there.
fn no_such(what: &str, path: &str, id: &str, ids: &[&str]) -> Diagnostic {
    let help = match suggest::nearest(id, ids.iter().copied()) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("{what}s: {}", suggest::one_of(ids)),
    };
    Diagnostic::new(format!("`--input {path}`: no {what} `{id}`")).help(help)
}

/// How a claimed figure moves with the input, every other input fixed: each part of the
/// model is a product of inputs and of their reciprocals (GPU-hours = FLOP / (peak ×
/// MFU × 3,600); straight-line charge = 1 / years).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `T(x) = a·x + b`.
    Linear,
    /// `T(x) = a/x + b`.
    Reciprocal,
}

/// Solves the claim `claim_id` of a scenario for one input.
pub fn solve(
    scenario: &Scenario,
    claim_id: &str,
    input: Option<&str>,
) -> Result<Solution, Diagnostic> {
    let Some(claim) = scenario.claims.iter().find(|c| c.id == claim_id) else {
        let ids: Vec<&str> = scenario.claims.iter().map(|c| c.id.as_str()).collect();
        let help = match suggest::nearest(claim_id, ids.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None if ids.is_empty() => "the scenario has no `[[claim]]`".into(),
            None => format!("claims: {}", suggest::one_of(&ids)),
        };
        return Err(Diagnostic::new(format!("no claim `{claim_id}`")).help(help));
    };
    let (path, param, chosen) = targets(scenario, claim, input)?;
    let mut mid = scenario.clone();
    for f in &mut mid.fleets {
        *f = f.at_midpoint();
    }
    for j in &mut mid.jobs {
        *j = j.at_midpoint();
    }
    for s in &mut mid.serves {
        *s = s.at_midpoint();
    }
    let overflow = || {
        Diagnostic::new("arithmetic overflow while solving").help("check the scale of the inputs")
    };
    // The claimed total with the input at `x`: over the other inputs' ranges, or with
    // them at their midpoints.
    let total_at = |base: &Scenario, x: Decimal| -> Result<Range, Diagnostic> {
        let mut s = base.clone();
        let value = Range::exact(x);
        for &owner in &chosen {
            match owner {
                Owner::Fleet(i) => {
                    if let Some(r) = s.fleets[i].inputs.get_mut(param) {
                        r.value = value;
                    }
                }
                Owner::Job(j) => {
                    if let Some(r) = s.jobs[j].get_mut(param) {
                        r.value = value;
                    }
                }
                Owner::Serve(j) => {
                    if let Some(r) = s.serves[j].get_mut(param) {
                        r.value = value;
                    }
                }
                Owner::Count(i) => s.fleets[i].count = u64::try_from(x).unwrap_or(0),
            }
        }
        let costs = model::price(&s).map_err(|_| overflow())?;
        let range = costs.claimed(s.ids(), claim).map_err(|_| overflow())?;
        Ok(range.unwrap_or(Range::ZERO))
    };
    let point = |base: &Scenario, x: Decimal| total_at(base, x).map(|r| r.low());
    let (form, a, b) = fit(
        claim_id,
        &path,
        [
            point(&mid, Decimal::ONE)?,
            point(&mid, Decimal::TWO)?,
            point(&mid, Decimal::from(4))?,
        ],
    )?;
    if a.is_zero() || chosen.is_empty() {
        let help = if claim.job.is_some() {
            "a job's `amortized` and `acquisition` move with its fleet's inputs and its \
             compute; `cloud` with its rate and compute; `gpu_hours`, `hours` and `flop` \
             with its compute, GPUs, MFU and peak FLOP/s: name one with `--input`"
        } else {
            "choose an input of a fleet in the claim's scope with `--input`"
        };
        return Err(
            Diagnostic::new(format!("claim `{claim_id}` does not depend on {path}")).help(help),
        );
    }
    let target = claim.value.midpoint();
    let counts = chosen.iter().any(|o| matches!(o, Owner::Count(_)));
    let value = invert(form, a, b, target).ok_or_else(overflow)?;
    // Over the other inputs' ranges: the value from the totals' low and from their high.
    let range = {
        let at = |x: Decimal| total_at(scenario, x);
        let (t1, t2, t4) = (at(Decimal::ONE)?, at(Decimal::TWO)?, at(Decimal::from(4))?);
        let edge = |pick: fn(&Range) -> Decimal| -> Option<Decimal> {
            let (f, a, b) = fit(claim_id, &path, [pick(&t1), pick(&t2), pick(&t4)]).ok()?;
            (f == form && !a.is_zero())
                .then(|| invert(f, a, b, target))
                .flatten()?
        };
        edge(Range::low)
            .zip(edge(Range::high))
            .and_then(|(x, y)| Range::new(x.min(y), x.max(y)))
    };
    // A count is whole GPUs: as many as the figure buys.
    let whole = |v: Decimal| if counts { v.floor() } else { v.normalize() };
    let (min, inclusive) = if counts {
        (Decimal::ONE, true)
    } else {
        param.minimum()
    };
    let in_domain = |v: Decimal| {
        let above_min = if inclusive { v >= min } else { v > min };
        above_min && param.maximum().is_none_or(|(m, _)| counts || v <= m)
    };
    // Whether the claimed total grows with the input.
    let increasing = (form == Form::Linear) == (a > Decimal::ZERO);
    let answer = match value {
        Some(v) if claim.reading.is_bound() && !in_domain(v) => {
            // The bound is reached outside the domain: it holds everywhere or nowhere.
            let holds = claim_holds(claim, point(&mid, edge_value(min, param, counts, v))?);
            if holds {
                Answer::Always
            } else {
                never(
                    param,
                    counts,
                    min,
                    v,
                    point(&mid, edge_value(min, param, counts, v))?,
                )
            }
        }
        Some(v) if !in_domain(v) => never(
            param,
            counts,
            min,
            v,
            point(&mid, edge_value(min, param, counts, v))?,
        ),
        Some(_) => match (claim.reading, increasing) {
            (Reading::AtLeast, true) | (Reading::AtMost, false) => Answer::FromValueUp,
            (Reading::AtLeast, false) | (Reading::AtMost, true) => Answer::UpToValue,
            _ => Answer::Exact,
        },
        None => {
            let edge = if counts { Decimal::ONE } else { min };
            never(param, counts, min, Decimal::ZERO, point(&mid, edge)?)
        }
    };
    Ok(Solution {
        claim: claim.clone(),
        input: path,
        param,
        value: whole(value.unwrap_or_default()),
        range: range.map(|r| Range::new(whole(r.low()), whole(r.high())).unwrap_or(r)),
        target,
        answer,
    })
}

/// The form and coefficients of a total from its values at 1, 2 and 4: `T(4) − T(2) =
/// 2·(T(2) − T(1))` when linear, `T(1) − T(2) = 2·(T(2) − T(4))` when reciprocal.
fn fit(
    claim_id: &str,
    path: &str,
    [t1, t2, t4]: [Decimal; 3],
) -> Result<(Form, Decimal, Decimal), Diagnostic> {
    // Totals are not negative, so their differences fit; twice one may not.
    let close = |a: Decimal, half: Decimal| {
        let scale = t1.abs().max(t2.abs()).max(t4.abs());
        half.checked_mul(Decimal::TWO)
            .and_then(|b| a.checked_sub(b))
            .is_some_and(|d| d.abs() <= scale * Decimal::new(1, 15))
    };
    let form = if close(t4 - t2, t2 - t1) {
        Form::Linear
    } else if close(t1 - t2, t2 - t4) {
        Form::Reciprocal
    } else {
        return Err(Diagnostic::new(format!(
            "claim `{claim_id}` is neither linear nor inversely proportional in {path}"
        ))
        .help("choose another input with `--input`"));
    };
    // T(x) = a·u + b, u = x (linear) or 1/x (reciprocal): u = 1 at x = 1, u = 2 at
    // x = 2 (linear) or x = 1/2 (reciprocal, from T(2) − T(4) = a/4).
    let a = match form {
        Form::Linear => t2 - t1,
        Form::Reciprocal => (t2 - t4).checked_mul(Decimal::from(4)).ok_or_else(|| {
            Diagnostic::new(format!(
                "claim `{claim_id}` cannot be solved for {path}: its totals overflow"
            ))
            .help("choose another input with `--input`")
        })?,
    };
    Ok((form, a, t1 - a))
}

/// The input at which `T = target`; `Some(None)` when no positive value of a
/// reciprocal input reaches it, `None` on overflow.
fn invert(form: Form, a: Decimal, b: Decimal, target: Decimal) -> Option<Option<Decimal>> {
    let u = target.checked_sub(b)?.checked_div(a)?;
    Some(match form {
        Form::Linear => Some(u),
        Form::Reciprocal if u > Decimal::ZERO => Decimal::ONE.checked_div(u),
        Form::Reciprocal => None,
    })
}

/// The edge of the input's domain nearest the value it would need.
fn edge_value(min: Decimal, param: Param, counts: bool, needed: Decimal) -> Decimal {
    match param.maximum() {
        Some((max, _)) if !counts && needed > max => max,
        _ => min,
    }
}

/// Whether a bound claim holds of a total.
fn claim_holds(claim: &Claim, total: Decimal) -> bool {
    match claim.reading {
        Reading::AtLeast => total >= claim.value.low(),
        Reading::AtMost => total <= claim.value.high(),
        _ => false,
    }
}

/// No value in the input's domain makes the claim true.
fn never(param: Param, counts: bool, min: Decimal, needed: Decimal, at_edge: Decimal) -> Answer {
    let bound = match param.maximum() {
        Some((max, _)) if !counts && needed > max => {
            format!("at most {}", crate::money::format_decimal(max))
        }
        _ if counts => "at least 1".to_string(),
        _ => format!("at least {}", crate::money::format_decimal(min)),
    };
    Answer::Never { bound, at_edge }
}

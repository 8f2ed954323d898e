//! `gpucost solve`: the value of one input that makes a claim exactly true, every other
//! input at its midpoint. Each part of the model is a product of inputs, so with the
//! others fixed a scope total is exactly linear in any one input: `T(x) = a·x + b`,
//! found from `T(0)` and `T(1)` and solved in exact decimals.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model;
use crate::param::Param;
use crate::scenario::{Acquisition, Claim, Scenario};
use crate::suggest;

/// The answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solution {
    /// The claim solved for.
    pub claim: Claim,
    /// The input, as a path (`fleet.colossus.unit_price`).
    pub input: String,
    /// Its unit.
    pub param: Param,
    /// The value that makes the claim exactly true.
    pub value: Decimal,
    /// The claimed figure aimed at (a range claim's midpoint).
    pub target: Decimal,
}

/// Which inputs a path names: one fleet's, or (for `defaults.KEY`) every fleet's that
/// does not set its own.
fn targets(
    scenario: &Scenario,
    claim: &Claim,
    input: Option<&str>,
) -> Result<(String, Param, Vec<usize>), Diagnostic> {
    let fleet_index = |id: &str| scenario.fleets.iter().position(|f| f.id == id);
    let Some(path) = input else {
        // Default: the unit price (or rate) of the claim's fleet, or of every fleet in scope.
        // A job's claim: the unit price (or rate) of the fleet it runs on.
        let fleet = claim
            .job
            .as_ref()
            .and_then(|j| scenario.job(j))
            .map(|j| &j.fleet)
            .or(claim.fleet.as_ref());
        let chosen: Vec<usize> = match fleet {
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
        let path = match fleet {
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
        return Ok((path, param, chosen));
    };
    let parts: Vec<&str> = path.split('.').collect();
    let params: Vec<Param> = [Param::UnitPrice, Param::RatePerGpuHour, Param::Months]
        .into_iter()
        .chain(Param::OVERHEADS)
        .collect();
    let key_of = |key: &str| -> Result<Param, Diagnostic> {
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
        ["fleet", id @ .., key] if !id.is_empty() => {
            let id = id.join(".");
            let param = key_of(key)?;
            let i = fleet_index(&id).ok_or_else(|| {
                let ids: Vec<&str> = scenario.fleets.iter().map(|f| f.id.as_str()).collect();
                Diagnostic::new(format!("`--input {path}`: no fleet `{id}`"))
                    .help(format!("fleets: {}", suggest::one_of(&ids)))
            })?;
            Ok((path.to_string(), param, vec![i]))
        }
        ["defaults", key] => {
            let param = key_of(key)?;
            let chosen = (0..scenario.fleets.len())
                .filter(|&i| {
                    let inputs = &scenario.fleets[i].inputs;
                    inputs
                        .list()
                        .iter()
                        .any(|(p, r)| *p == param && !r.origin.is_fleets_own())
                })
                .collect();
            Ok((path.to_string(), param, chosen))
        }
        _ => Err(Diagnostic::new(format!("`--input {path}` names no input"))
            .help("write `fleet.ID.KEY` or `defaults.KEY`, e.g. `fleet.colossus.unit_price`")),
    }
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
        f.inputs = f.inputs.at_midpoint();
    }
    let overflow = || {
        Diagnostic::new("arithmetic overflow while solving").help("check the scale of the inputs")
    };
    let total_at = |x: Decimal| -> Result<Decimal, Diagnostic> {
        let mut s = mid.clone();
        for &i in &chosen {
            if let Some(r) = s.fleets[i].inputs.get_mut(param) {
                r.value = crate::money::Range::exact(x);
            }
        }
        let costs = model::price(&s).map_err(|_| overflow())?;
        if let Some(job) = &claim.job {
            let range = costs.job(job).and_then(|j| j.scope(claim.scope));
            return Ok(range.map_or(Decimal::ZERO, |r| r.low()));
        }
        let range = match &claim.fleet {
            Some(id) => costs
                .fleets
                .iter()
                .find(|f| &f.id == id)
                .map(|f| f.scope(claim.scope))
                .transpose()
                .map_err(|_| overflow())?,
            None => costs.total(claim.scope),
        };
        Ok(range.map_or(Decimal::ZERO, |r| r.low()))
    };
    let b = total_at(Decimal::ZERO)?;
    let a = total_at(Decimal::ONE)?
        .checked_sub(b)
        .ok_or_else(overflow)?;
    if a.is_zero() || chosen.is_empty() {
        let help = if claim.job.is_some() {
            "a job's `amortized` and `acquisition` depend on its fleet's inputs (name one with \
             `--input fleet.ID.KEY`); its cloud rate, MFU and compute are the job's own, which \
             `solve` does not reach yet: `check` gives the rate a `cloud` claim implies"
        } else {
            "choose an input of a fleet in the claim's scope with `--input`"
        };
        return Err(
            Diagnostic::new(format!("claim `{claim_id}` does not depend on {path}")).help(help),
        );
    }
    let target = claim.value.midpoint();
    let value = target
        .checked_sub(b)
        .and_then(|d| d.checked_div(a))
        .ok_or_else(overflow)?
        .normalize();
    let (min, inclusive) = param.minimum();
    let below = if inclusive { value < min } else { value <= min };
    let above = param.maximum().is_some_and(|(m, _)| value > m);
    if below || above {
        let bound = if below {
            format!("at least {min}")
        } else {
            "at most 1".to_string()
        };
        return Err(Diagnostic::new(format!(
            "no value of {path} makes claim `{claim_id}` true: it would need {}, and `{param}` must be {bound}",
            crate::money::format_decimal(value.round_dp(6))
        ))
        .help("the other parts alone already exceed (or fall short of) the claim; try another `--input`"));
    }
    Ok(Solution {
        claim: claim.clone(),
        input: path,
        param,
        value,
        target,
    })
}

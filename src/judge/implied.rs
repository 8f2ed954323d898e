//! What makes a claim exactly true: the unit price or rate of its fleets (every other
//! input at its midpoint, and over the other inputs' ranges), the rate behind a job's
//! or a serve's figure, a job's implied MFU, and the market beside them.

use super::market::market_as_own;
use crate::catalog::PriceKind;
use crate::model;
use crate::model::jobs;
use crate::model::owning;
use crate::money::{Overflow, Range};
use crate::scenario::{Acquisition, Claim, Compute, Fleet, Job, Origin, Scenario, Scope};
use rust_decimal::{Decimal, RoundingStrategy};

/// The unit price (or rate) that makes a claim exactly true.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Implied {
    /// Per GPU (purchase) or per GPU-hour (rental).
    pub kind: PriceKind,
    /// With every other input at its midpoint; `None` if the other parts alone exceed
    /// the claim.
    pub point: Option<Decimal>,
    /// Over the other inputs' ranges; `None` if even a zero price overshoots.
    pub range: Option<Range>,
    /// The catalog's range for the fleets concerned, where all have one.
    pub market: Option<Range>,
    /// The price and the catalog's range are per GPU in a server: the fleets' own
    /// prices include their servers (the market taken to that basis where its points
    /// are of cards).
    pub market_in_server: bool,
}

/// The unit price that makes a claim on owning a fleet's GPU-hour exactly true.
pub(super) fn implied_owning(claim: &Claim, fleet: &Fleet) -> Result<Option<Implied>, Overflow> {
    let mid = fleet.at_midpoint();
    let (Some(l), Some(l_mid)) = (owning::linear(fleet)?, owning::linear(&mid)?) else {
        return Ok(None);
    };
    solved(
        claim.value,
        (l.coefficient, l.rest),
        (l_mid.coefficient, l_mid.rest),
        PriceKind::Purchase,
        fleet.market.as_ref().map(|m| m.range),
    )
}

/// The MFU that makes a claim on a job's count exactly true, every other input at its
/// midpoint: with the compute given as FLOP, GPU-hours and hours go as 1 / MFU; with it
/// given as time, FLOP go as MFU. `None` where the MFU does not move the figure.
pub(super) fn implied_mfu(
    claim: &Claim,
    id: &str,
    scenario: &Scenario,
) -> Result<Option<Decimal>, Overflow> {
    let Some((job, fleet)) = scenario
        .job(id)
        .and_then(|j| Some((j, scenario.fleet(&j.fleet)?)))
    else {
        return Ok(None);
    };
    let Some(mfu) = job.mfu.as_ref().map(|m| m.value.midpoint()) else {
        return Ok(None);
    };
    let job = job.at_midpoint();
    let figure = jobs::price_job(&job, &fleet.at_midpoint())?.scope(claim.scope);
    let (Some(figure), target) = (figure.map(|r| r.low()), claim.value.midpoint()) else {
        return Ok(None);
    };
    let from_flop = matches!(job.compute, Compute::Flop(_) | Compute::Training { .. });
    let ratio = match (claim.scope, from_flop) {
        (Scope::GpuHours | Scope::Hours, true) => figure.checked_div(target),
        (Scope::Flop, false) => target.checked_div(figure),
        _ => return Ok(None),
    };
    Ok(ratio
        .and_then(|r| r.checked_mul(mfu))
        .map(|m| m.normalize()))
}

/// Solves `claim = unit × A + B` for the unit price of the fleets concerned.
///
/// The unit is the purchase price of the bought fleets in scope (a common price per
/// GPU if there are several), or for the `rental` scope, and for a `tco` claim on
/// rented fleets only, the rate per GPU-hour. Everything else goes into `B`.
pub(super) fn implied(claim: &Claim, fleets: &[&Fleet]) -> Result<Option<Implied>, Overflow> {
    let in_scope: Vec<&Fleet> = fleets
        .iter()
        .copied()
        .filter(|f| claim.scope.applies_to(f.inputs.acquisition()))
        .collect();
    let buys = in_scope
        .iter()
        .any(|f| f.inputs.acquisition() == Acquisition::Buy);
    let unit_of = if claim.scope != Scope::Rental && buys {
        Acquisition::Buy
    } else {
        Acquisition::Rent
    };
    let solve = |at_midpoint: bool| -> Result<(Range, Range), Overflow> {
        let mut a = Range::ZERO;
        let mut b = Range::ZERO;
        for f in &in_scope {
            let inputs = if at_midpoint {
                f.inputs.at_midpoint()
            } else {
                f.inputs.clone()
            };
            let divisor = match at_midpoint {
                true => f.at_midpoint().gpus_divisor(),
                false => f.gpus_divisor(),
            };
            let l = model::linear(f.count, &inputs, claim.scope, divisor)?;
            if inputs.acquisition() == unit_of {
                a = a.add(&l.coefficient)?;
                b = b.add(&l.rest)?;
            } else {
                let parts = model::price_fleet(f.count, &inputs).map_err(|_| Overflow)?;
                let total = model::scope_total(&parts, claim.scope, divisor)?;
                b = b.add(&total)?;
            }
        }
        Ok((a, b))
    };
    let kind = match unit_of {
        Acquisition::Buy => PriceKind::Purchase,
        Acquisition::Rent => PriceKind::Rental,
    };
    let markets: Vec<(Range, bool, Option<Range>)> = in_scope
        .iter()
        .filter(|f| f.inputs.acquisition() == unit_of)
        .map(|f| market_as_own(f))
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    let market = markets
        .split_first()
        .map(|(first, rest)| rest.iter().fold(first.0, |acc, m| acc.hull(&m.0)));
    let in_server = markets.iter().any(|m| m.1);
    let implied = solved(claim.value, solve(false)?, solve(true)?, kind, market)?;
    Ok(implied.map(|i| Implied {
        market_in_server: in_server && kind == PriceKind::Purchase,
        ..i
    }))
}

/// The unit price (`amortized`, `acquisition`) or cloud rate (`cloud`) that makes a
/// claim on a job exactly true.
pub(super) fn implied_for_job(
    claim: &Claim,
    job: &Job,
    fleet: &Fleet,
    cost: &jobs::JobCost,
) -> Result<Option<Implied>, Overflow> {
    let (mid_job, mid_fleet) = (job.at_midpoint(), fleet.at_midpoint());
    let mid_cost = jobs::price_job(&mid_job, &mid_fleet)?;
    let (Some(l), Some(l_mid)) = (
        jobs::linear(job, fleet, cost, claim.scope)?,
        jobs::linear(&mid_job, &mid_fleet, &mid_cost, claim.scope)?,
    ) else {
        return Ok(None);
    };
    let (kind, market) = match claim.scope {
        Scope::Cloud => (
            PriceKind::Rental,
            job.cloud_rate
                .as_ref()
                .filter(|r| matches!(r.origin, Origin::Catalog { .. }))
                .map(|r| r.value)
                .or_else(|| {
                    fleet
                        .market
                        .as_ref()
                        .filter(|m| m.kind == PriceKind::Rental)
                        .map(|m| m.range)
                }),
        ),
        _ => (PriceKind::Purchase, market_as_own(fleet).map(|m| m.0)),
    };
    let in_server = kind == PriceKind::Purchase && market_as_own(fleet).is_some_and(|m| m.1);
    let implied = solved(
        claim.value,
        (l.coefficient, l.rest),
        (l_mid.coefficient, l_mid.rest),
        kind,
        market,
    )?;
    Ok(implied.map(|i| Implied {
        market_in_server: in_server,
        ..i
    }))
}

/// Solves `claim = unit × a + b` for the unit, over the inputs' ranges and with them at
/// their midpoints.
pub(super) fn solved(
    claim: Range,
    (a, b): (Range, Range),
    (a_mid, b_mid): (Range, Range),
    kind: PriceKind,
    market: Option<Range>,
) -> Result<Option<Implied>, Overflow> {
    if a.low().is_zero() || a_mid.low().is_zero() {
        return Ok(None);
    }
    let per = |numerator: Decimal, denominator: Decimal| {
        numerator.checked_div(denominator).ok_or(Overflow)
    };
    let high = per(claim.high() - b.low(), a.low())?;
    let low = per(claim.low() - b.high(), a.high())?.max(Decimal::ZERO);
    let point = per(claim.midpoint() - b_mid.low(), a_mid.low())?;
    let round = |d: Decimal| {
        d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    };
    Ok(Some(Implied {
        kind,
        point: (point >= Decimal::ZERO).then(|| round(point)),
        range: (high >= Decimal::ZERO)
            .then(|| Range::new(round(low), round(high)))
            .flatten(),
        market,
        market_in_server: false,
    }))
}

//! Judging claims against the priced ranges: the verdict (consistent, understates,
//! overstates) with its position or factor, the unit price that would make the claim
//! exactly true, and whether the scenario's own unit prices lie inside the catalog's
//! market range at the scenario date.

use rust_decimal::{Decimal, RoundingStrategy};

pub use super::implied::Implied;
use super::implied::{implied, implied_for_job, implied_mfu, implied_owning};
pub use super::market::{OffMarket, Placement, off_market};
pub use super::verdict::{Verdict, VerdictKind, judge};
use crate::catalog::PriceKind;
use crate::model::{self, Costs};
use crate::money::{Overflow, Range, Reading};
use crate::scenario::{Acquisition, Claim, Fleet, Origin, Scenario, Scope};

/// A claim, judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimResult {
    /// The claim.
    pub claim: Claim,
    /// The computed range it is judged against.
    pub range: Range,
    /// The verdict.
    pub verdict: Verdict,
    /// The unit price that makes it exactly true.
    pub implied: Option<Implied>,
    /// For a claim on a job's GPU-hours, hours or FLOP, the MFU that makes it exactly
    /// true with the other inputs at their midpoints (above 1 when no MFU can).
    pub implied_mfu: Option<Decimal>,
    /// Fleets concerned whose own price lies outside the market.
    pub off_market: Vec<OffMarket>,
    /// For a claim on `gpus` of fleets whose price includes their servers: how the
    /// GPUs alone it is judged against were taken from that price.
    pub gpus_alone: Option<GpusAlone>,
    /// A consistent claim written with `about`/`circa` or `nearly` whose figure itself
    /// lies outside the range: it holds only through the band the word allows.
    pub within_band: bool,
    /// For a claim on owning a GPU-hour, read as a rent: the share of hours below which
    /// renting at the claimed figure is cheaper than owning (owning at full use ÷ the
    /// figure); above 1, renting is cheaper at any use.
    pub rent_cheaper_below: Option<Range>,
}

/// The GPUs alone, where a price per GPU in a server (or a rack) is all that is known:
/// that price ÷ (1 + the catalog's server share), the rule a server costs so much more
/// than its chips. A claim on `gpus` speaks of the accelerators alone, so it is judged
/// against these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpusAlone {
    /// The fleets whose price includes their servers.
    pub fleets: Vec<String>,
    /// 1 + the server share each such price is divided by.
    pub divisor: Range,
    /// Where the share comes from.
    pub source: String,
    /// The `gpus` part as priced, servers included.
    pub with_servers: Range,
}

/// The GPUs alone of a claim on `gpus`, where some fleet concerned has a price that
/// includes its servers; `None` otherwise.
fn gpus_alone(
    claim: &Claim,
    scenario: &Scenario,
    costs: &Costs,
) -> Result<Option<GpusAlone>, Overflow> {
    if claim.scope != Scope::Gpus || claim.job.is_some() {
        return Ok(None);
    }
    let concerned = scenario
        .fleets
        .iter()
        .zip(&costs.fleets)
        .filter(|(f, _)| claim.fleet.as_ref().is_none_or(|id| *id == f.id));
    let (mut fleets, mut divisor, mut source) = (Vec::new(), None, None);
    let mut with_servers = Range::ZERO;
    for (fleet, cost) in concerned {
        with_servers = with_servers.add(&model::scope_total(&cost.parts, Scope::Gpus, None)?)?;
        if let (Some(d), Some(share)) = (cost.gpus_divisor, &fleet.server_factor) {
            fleets.push(fleet.id.clone());
            divisor = Some(divisor.map_or(d, |acc: Range| acc.hull(&d)));
            source.get_or_insert_with(|| match &share.origin {
                Origin::Catalog { source, .. } => source.to_string(),
                other => other.label().to_string(),
            });
        }
    }
    let Some(divisor) = divisor else {
        return Ok(None);
    };
    Ok(Some(GpusAlone {
        fleets,
        divisor,
        source: source.unwrap_or_default(),
        with_servers,
    }))
}

/// Whether a consistent claim of `about`/`nearly` holds only through its band: its
/// figure (the band's centre for `about`, its top for `nearly`) lies outside `range`.
fn within_band(claim: &Claim, verdict: &Verdict, range: Range) -> bool {
    let figure = match claim.reading {
        Reading::About => claim.value.midpoint(),
        Reading::Nearly => claim.value.high(),
        _ => return false,
    };
    verdict.kind == VerdictKind::Consistent && (figure < range.low() || figure > range.high())
}

/// Money compared to 20 significant digits: converting into a report currency divides
/// by a rate, and the last of the 28 digits must not decide a verdict (a claim exactly
/// at an edge stays at the edge). Relative, not to a fixed place: a yen claim shown in
/// dollars is a few thousandths, and a millionth of a dollar would move its factor.
fn to_significant(r: Range) -> Range {
    let q = |d: Decimal| crate::money::round_sf_with(d, 20, RoundingStrategy::MidpointAwayFromZero);
    Range::new(q(r.low()), q(r.high())).unwrap_or(r)
}

/// An overflow judging a claim: the index of the claim in the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JudgeOverflow(pub usize);

/// Judges every claim of a priced scenario; on overflow, says which claim.
pub fn judge_all(scenario: &Scenario, costs: &Costs) -> Result<Vec<ClaimResult>, JudgeOverflow> {
    scenario
        .claims
        .iter()
        .enumerate()
        .map(|(i, claim)| judge_one(claim, scenario, costs).map_err(|Overflow| JudgeOverflow(i)))
        .collect()
}

fn judge_one(claim: &Claim, scenario: &Scenario, costs: &Costs) -> Result<ClaimResult, Overflow> {
    let (range, implied, off_market) = match (&claim.serve, &claim.job) {
        (Some(id), _) => on_serve(claim, id, scenario, costs)?,
        (None, Some(id)) => on_job(claim, id, scenario, costs)?,
        (None, None) => on_fleets(claim, scenario, costs)?,
    };
    let gpus_alone = gpus_alone(claim, scenario, costs)?;
    let implied_mfu = match &claim.job {
        Some(id) => implied_mfu(claim, id, scenario)?,
        None => None,
    };
    let verdict = judge(
        to_significant(claim.value),
        claim.reading,
        to_significant(range),
    );
    let rent_cheaper_below = match (claim.scope, &claim.fleet) {
        (Scope::OwnedPerGpuHour, Some(id)) => costs
            .fleets
            .get(scenario.ids().fleet(id).unwrap_or(usize::MAX))
            .and_then(|f| f.owned.as_ref())
            .filter(|_| claim.value.low() > Decimal::ZERO)
            .map(|o| {
                o.hardware_per_hour
                    .add(&o.energy_per_hour)?
                    .div(&claim.value)
            })
            .transpose()?,
        _ => None,
    };
    Ok(ClaimResult {
        rent_cheaper_below,
        within_band: within_band(claim, &verdict, to_significant(range)),
        gpus_alone,
        verdict,
        implied,
        implied_mfu,
        off_market,
        claim: claim.clone(),
        range,
    })
}

/// What a claim is judged against: the computed range, the unit price that makes it
/// exactly true, and the fleets concerned whose own price lies outside the market.
type Against = (Range, Option<Implied>, Vec<OffMarket>);

/// A claim on a fleet's or the scenario's total.
fn on_fleets(claim: &Claim, scenario: &Scenario, costs: &Costs) -> Result<Against, Overflow> {
    let fleets: Vec<&Fleet> = match &claim.fleet {
        Some(id) => scenario.fleet(id).into_iter().collect(),
        None => scenario.fleets.iter().collect(),
    };
    let range = costs.claimed(scenario.ids(), claim)?.unwrap_or(Range::ZERO);
    let off = fleets
        .iter()
        .filter(|f| claim.scope.applies_to(f.inputs.acquisition()))
        .filter_map(|f| off_market(f))
        .collect();
    let implied = match (claim.scope, fleets.first()) {
        (Scope::OwnedPerGpuHour, Some(fleet)) => implied_owning(claim, fleet)?,
        _ => implied(claim, &fleets)?,
    };
    Ok((range, implied, off))
}

/// A claim on a job's estimate or measure.
fn on_job(
    claim: &Claim,
    id: &str,
    scenario: &Scenario,
    costs: &Costs,
) -> Result<Against, Overflow> {
    let range = costs.claimed(scenario.ids(), claim)?.unwrap_or(Range::ZERO);
    let found = scenario
        .job(id)
        .and_then(|j| Some((j, scenario.fleet(&j.fleet)?, costs.job(scenario.ids(), id)?)));
    let Some((job, fleet, cost)) = found else {
        return Ok((range, None, Vec::new()));
    };
    let off = match claim.scope {
        Scope::Amortized | Scope::Acquisition => off_market(fleet),
        _ => None,
    };
    Ok((
        range,
        implied_for_job(claim, job, fleet, cost)?,
        off.into_iter().collect(),
    ))
}

/// A claim on a serve's estimate or measure: judged against it, with the rate per
/// GPU-hour that makes it exactly true (the rented fleet's market rate, or a bought
/// fleet's catalog rent, beside it).
fn on_serve(
    claim: &Claim,
    id: &str,
    scenario: &Scenario,
    costs: &Costs,
) -> Result<Against, Overflow> {
    let range = costs.claimed(scenario.ids(), claim)?.unwrap_or(Range::ZERO);
    let found = scenario.serve(id).and_then(|s| {
        Some((
            s,
            scenario.fleet(&s.fleet)?,
            costs.serve(scenario.ids(), id)?,
        ))
    });
    let Some((serve, fleet, cost)) = found else {
        return Ok((range, None, Vec::new()));
    };
    let implied = crate::model::serve::implied_rate(serve, fleet, cost, claim.scope, claim.value)?;
    let market = match fleet.inputs.acquisition() {
        Acquisition::Rent => fleet
            .market
            .as_ref()
            .filter(|m| m.kind == PriceKind::Rental)
            .map(|m| m.range),
        Acquisition::Buy => fleet.rent.as_ref().map(|r| r.value),
    };
    let implied = implied.map(|(point, range)| Implied {
        kind: PriceKind::Rental,
        point,
        range,
        market,
        market_in_server: false,
    });
    let off = match (implied.is_some(), fleet.inputs.acquisition()) {
        (true, Acquisition::Rent) => off_market(fleet).into_iter().collect(),
        _ => Vec::new(),
    };
    Ok((range, implied, off))
}

/// Whether any judged claim falls outside its range (for `check`'s exit status).
pub fn any_outside(results: &[ClaimResult]) -> bool {
    results
        .iter()
        .any(|r| r.verdict.kind != VerdictKind::Consistent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn r(low: Decimal, high: Decimal) -> Range {
        Range::new(low, high).unwrap_or(Range::ZERO)
    }

    #[test]
    fn claim_at_high_edge_is_consistent_at_100() {
        let v = judge(
            Range::exact(dec!(200)),
            Reading::Figure,
            r(dec!(100), dec!(200)),
        );
        assert_eq!(
            (v.kind, v.position, v.factor),
            (VerdictKind::Consistent, Some(dec!(100)), None)
        );
    }

    #[test]
    fn claim_at_low_edge_is_consistent_at_0() {
        let v = judge(
            Range::exact(dec!(100)),
            Reading::Figure,
            r(dec!(100), dec!(200)),
        );
        assert_eq!(
            (v.kind, v.position),
            (VerdictKind::Consistent, Some(dec!(0)))
        );
    }

    #[test]
    fn claim_inside_reports_its_position() {
        let v = judge(
            Range::exact(dec!(125)),
            Reading::Figure,
            r(dec!(100), dec!(200)),
        );
        assert_eq!(v.position, Some(dec!(25)));
    }

    #[test]
    fn claim_below_understates_by_low_over_claim() {
        let v = judge(
            Range::exact(dec!(40)),
            Reading::Figure,
            r(dec!(252), dec!(300)),
        );
        assert_eq!(
            (v.kind, v.factor),
            (VerdictKind::Understates, Some(dec!(6.3)))
        );
    }

    #[test]
    fn claim_above_overstates_by_claim_over_high() {
        let v = judge(
            Range::exact(dec!(300)),
            Reading::Figure,
            r(dec!(100), dec!(200)),
        );
        assert_eq!(
            (v.kind, v.factor),
            (VerdictKind::Overstates, Some(dec!(1.5)))
        );
    }

    #[test]
    fn just_outside_an_edge_is_not_consistent() {
        let range = r(dec!(100), dec!(200));
        assert_eq!(
            judge(Range::exact(dec!(200.01)), Reading::Figure, range).kind,
            VerdictKind::Overstates
        );
        assert_eq!(
            judge(Range::exact(dec!(99.99)), Reading::Figure, range).kind,
            VerdictKind::Understates
        );
    }

    #[test]
    fn range_claim_is_consistent_when_it_overlaps() {
        let range = r(dec!(100), dec!(200));
        let v = judge(r(dec!(20), dec!(100)), Reading::Figure, range);
        assert_eq!(
            (v.kind, v.position),
            (VerdictKind::Consistent, Some(dec!(0)))
        );
        let v = judge(r(dec!(20), dec!(90)), Reading::Figure, range);
        // understates by low / claim-high = 100 / 90
        assert_eq!(
            (v.kind, v.factor),
            (VerdictKind::Understates, Some(dec!(1.11)))
        );
        let v = judge(r(dec!(250), dec!(400)), Reading::Figure, range);
        // overstates by claim-low / high = 250 / 200
        assert_eq!(
            (v.kind, v.factor),
            (VerdictKind::Overstates, Some(dec!(1.25)))
        );
    }

    #[test]
    fn zero_claim_understates_without_a_factor() {
        let v = judge(Range::ZERO, Reading::Figure, r(dec!(1), dec!(2)));
        assert_eq!((v.kind, v.factor), (VerdictKind::Understates, None));
    }

    #[test]
    fn a_lower_bound_is_consistent_when_the_range_reaches_it() {
        let range = r(dec!(100), dec!(200));
        let at_least = |b| judge(Range::exact(b), Reading::AtLeast, range);
        // "more than 50": every cost in [100, 200] is more than 50.
        assert_eq!(at_least(dec!(50)).kind, VerdictKind::Consistent);
        // "more than 200": the range reaches 200, the edge counts.
        assert_eq!(at_least(dec!(200)).kind, VerdictKind::Consistent);
        // "more than 250": no cost reaches it: overstates by 250 / 200 = 1.25.
        let v = at_least(dec!(250));
        assert_eq!(
            (v.kind, v.factor),
            (VerdictKind::Overstates, Some(dec!(1.25)))
        );
        // "more than 200.0001": just past the edge, and the factor says by how little.
        let v = at_least(dec!(200.0001));
        assert_eq!(
            (v.kind, v.factor),
            (VerdictKind::Overstates, Some(dec!(1.0000005)))
        );
    }

    #[test]
    fn an_upper_bound_is_consistent_when_the_range_reaches_down_to_it() {
        let range = r(dec!(100), dec!(200));
        let at_most = |b| judge(Range::exact(b), Reading::AtMost, range);
        // "up to 1,000": every cost is under it.
        assert_eq!(at_most(dec!(1000)).kind, VerdictKind::Consistent);
        assert_eq!(at_most(dec!(100)).kind, VerdictKind::Consistent);
        // "up to 80": the lowest cost, 100, is above it: understates by 100 / 80 = 1.25.
        let v = at_most(dec!(80));
        assert_eq!(
            (v.kind, v.factor),
            (VerdictKind::Understates, Some(dec!(1.25)))
        );
    }

    #[test]
    fn exact_range_puts_an_equal_claim_in_the_middle() {
        let v = judge(
            Range::exact(dec!(5)),
            Reading::Figure,
            Range::exact(dec!(5)),
        );
        assert_eq!(v.position, Some(dec!(50)));
    }
}

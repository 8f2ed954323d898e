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

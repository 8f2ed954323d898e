//! Whether a fleet's own unit price lies inside the catalog's market range at its
//! date: below, inside or above, on the same basis (cards, or GPUs in their servers).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::PriceKind;
use crate::money::Range;
use crate::scenario::{Fleet, Includes};

/// How a scenario's own price sits against the catalog's market range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Entirely above the market range.
    Above,
    /// Entirely below it.
    Below,
    /// Reaching above it.
    PartlyAbove,
    /// Reaching below it.
    PartlyBelow,
    /// Reaching past it on both sides.
    Wider,
}

/// A fleet whose own unit price (or rate) lies outside the catalog's range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffMarket {
    /// The fleet.
    pub fleet: String,
    /// Its GPU.
    pub gpu: String,
    /// Price or rental.
    pub kind: PriceKind,
    /// The scenario's own range.
    pub own: Range,
    /// The catalog's range at the scenario date.
    pub market: Range,
    /// Who says so.
    pub source: String,
    /// The catalog's range is per GPU in a server, which it holds.
    pub in_server: bool,
    /// The catalog's range was taken to the own price's basis to compare like with
    /// like: `Some(factor)`, the servers' share it was divided (to the GPUs alone) or
    /// multiplied (to GPUs in servers) by, plus one.
    pub rebased: Option<Range>,
    /// How the two sit.
    pub placement: Placement,
}

/// A fleet's market range in the basis of its own price, like with like: a server
/// range taken to the GPUs alone for a card price, a card range to GPUs in servers for
/// a server price, by 1 + the catalog's server share; with whether it is per GPU in a
/// server and the factor it was taken by.
pub(super) fn market_as_own(fleet: &Fleet) -> Option<(Range, bool, Option<Range>)> {
    let market = fleet.market.as_ref()?;
    let own_in_server = fleet.includes != Includes::Gpu;
    let factor = fleet
        .server_factor
        .as_ref()
        .and_then(|s| Range::exact(Decimal::ONE).add(&s.value).ok());
    Some(
        match (market.kind, own_in_server, market.holds_server, factor) {
            (PriceKind::Purchase, false, true, Some(f)) => {
                (market.range.div(&f).ok()?, false, Some(f))
            }
            (PriceKind::Purchase, true, false, Some(f)) => {
                (market.range.mul(&f).ok()?, true, Some(f))
            }
            _ => (market.range, market.holds_server, None),
        },
    )
}

/// Checks a fleet's own unit price (or rate) against the catalog; `None` if it is the
/// catalog's, lies inside it, or the catalog has no range.
pub fn off_market(fleet: &Fleet) -> Option<OffMarket> {
    let market = fleet.market.as_ref()?;
    let own = fleet.inputs.unit();
    if !own.origin.is_scenario() {
        return None;
    }
    let (m, in_server, rebased) = market_as_own(fleet)?;
    if m.encloses(&own.value) {
        return None;
    }
    let o = own.value;
    let placement = if o.low() > m.high() {
        Placement::Above
    } else if o.high() < m.low() {
        Placement::Below
    } else if o.low() < m.low() && o.high() > m.high() {
        Placement::Wider
    } else if o.high() > m.high() {
        Placement::PartlyAbove
    } else {
        Placement::PartlyBelow
    };
    Some(OffMarket {
        fleet: fleet.id.clone(),
        gpu: fleet.gpu.clone(),
        kind: market.kind,
        own: o,
        market: m,
        source: market.source.to_string(),
        in_server,
        rebased,
        placement,
    })
}

//! A claimed figure against a priced range: consistent, understated or overstated, with
//! its position in the range or the factor it is off by, in the precision the claim
//! was written with.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::money::{Range, Reading, round_apart};

/// Whether a claim holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    /// Within (or overlapping) the range.
    Consistent,
    /// Below the range.
    Understates,
    /// Above the range.
    Overstates,
}

/// A verdict with its measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Which.
    pub kind: VerdictKind,
    /// For a consistent claim, where it lies: 0 at low, 100 at high (one decimal, or
    /// the digits that tell it from an edge it is not on); `None` for a bound.
    pub position: Option<Decimal>,
    /// For a claim outside, by how much: low / claim or claim / high (two decimals,
    /// or the digits that tell it from 1); `None` if the claim (or range) is zero.
    pub factor: Option<Decimal>,
}

/// Judges a claimed figure (a one-point range, or a range for a vague figure) against
/// the computed range, as its `reading` says: a bound (`more than $100M`) is
/// consistent when the range reaches it, the edge included; anything else when it
/// overlaps. Outside, the factor is measured to the nearest edge of what was claimed.
pub fn judge(claim: Range, reading: Reading, range: Range) -> Verdict {
    // A factor across zero (a claimed loss against a profit) means nothing: none.
    let ratio = |a: Decimal, b: Decimal| {
        a.checked_div(b)
            .filter(|f| !b.is_zero() && f.is_sign_positive())
            .map(|f| round_apart(f, 2, &[Decimal::ONE]))
    };
    // A lower bound cannot understate (any cost above it is "more than"), an upper
    // bound cannot overstate.
    let below = claim.high() < range.low() && reading != Reading::AtLeast;
    let above = claim.low() > range.high() && reading != Reading::AtMost;
    if below {
        return Verdict {
            kind: VerdictKind::Understates,
            position: None,
            factor: ratio(range.low(), claim.high()),
        };
    }
    if above {
        return Verdict {
            kind: VerdictKind::Overstates,
            position: None,
            factor: ratio(claim.low(), range.high()),
        };
    }
    // A bound that holds has no place in the range worth giving.
    if reading.is_bound() {
        return Verdict {
            kind: VerdictKind::Consistent,
            position: None,
            factor: None,
        };
    }
    let point = claim.midpoint().clamp(range.low(), range.high());
    let width = range.high() - range.low();
    let position = if width.is_zero() {
        Decimal::from(50)
    } else {
        // Per cent of the width; past 7.9e26 the product would overflow, so the share
        // is taken first.
        let along = point - range.low();
        let percent = match along.checked_mul(Decimal::ONE_HUNDRED) {
            Some(scaled) => scaled / width,
            None => along / width * Decimal::ONE_HUNDRED,
        };
        round_apart(percent, 1, &[Decimal::ZERO, Decimal::ONE_HUNDRED])
    };
    Verdict {
        kind: VerdictKind::Consistent,
        position: Some(position),
        factor: None,
    }
}

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

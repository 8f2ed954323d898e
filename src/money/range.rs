//! Closed intervals `[low, high]` of exact decimals, with overflow-checked arithmetic.
//!
//! A sum or product of ranges is the interval of all combinations of their bounds, so
//! the result holds whatever the true values inside each input range are.

use rust_decimal::Decimal;
use serde::Serialize;

/// A closed interval; `low <= high` always holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Range {
    low: Decimal,
    high: Decimal,
}

/// What exact decimals hold, for the help of every overflow.
pub const LIMITS: &str = "exact decimals hold about 28 digits, from 1e-28 up to about 7.9e28";

/// A result beyond what `rust_decimal` can hold (about 7.9 × 10²⁸).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("arithmetic overflow")]
pub struct Overflow;

impl Range {
    /// The exact zero.
    pub const ZERO: Range = Range {
        low: Decimal::ZERO,
        high: Decimal::ZERO,
    };

    /// `[low, high]`, or `None` when `low > high`.
    pub fn new(low: Decimal, high: Decimal) -> Option<Range> {
        (low <= high).then_some(Range { low, high })
    }

    /// `[low, high]` from bounds already known to be in order: the generated built-in
    /// catalog's, read and checked from its TOML (a test compares the two).
    #[cfg_attr(gpucost_catalog_stale, allow(dead_code))]
    pub(crate) const fn sorted(low: Decimal, high: Decimal) -> Range {
        Range { low, high }
    }

    /// The one-point interval `[value, value]`.
    pub fn exact(value: Decimal) -> Range {
        Range {
            low: value,
            high: value,
        }
    }

    /// Lower bound.
    pub fn low(&self) -> Decimal {
        self.low
    }

    /// Upper bound.
    pub fn high(&self) -> Decimal {
        self.high
    }

    /// Whether both bounds are the same value.
    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }

    /// The middle of the interval (computed without overflow).
    pub fn midpoint(&self) -> Decimal {
        if self.low.is_sign_negative() == self.high.is_sign_negative() {
            // Same sign: the difference cannot overflow.
            self.low + (self.high - self.low) / Decimal::TWO
        } else {
            // Opposite signs: the sum cannot overflow.
            (self.low + self.high) / Decimal::TWO
        }
    }

    /// The one-point interval at the midpoint.
    pub fn at_midpoint(&self) -> Range {
        Range::exact(self.midpoint())
    }

    /// Whether `value` lies within the closed interval.
    pub fn contains(&self, value: Decimal) -> bool {
        self.low <= value && value <= self.high
    }

    /// Whether the two closed intervals share at least one point.
    pub fn overlaps(&self, other: &Range) -> bool {
        self.low <= other.high && other.low <= self.high
    }

    /// Whether `other` lies entirely within `self`.
    pub fn encloses(&self, other: &Range) -> bool {
        self.low <= other.low && other.high <= self.high
    }

    /// The smallest interval holding both.
    pub fn hull(&self, other: &Range) -> Range {
        Range {
            low: self.low.min(other.low),
            high: self.high.max(other.high),
        }
    }

    /// `self + other`.
    pub fn add(&self, other: &Range) -> Result<Range, Overflow> {
        Ok(Range {
            low: self.low.checked_add(other.low).ok_or(Overflow)?,
            high: self.high.checked_add(other.high).ok_or(Overflow)?,
        })
    }

    /// `self × other`, the hull of the four bound products.
    pub fn mul(&self, other: &Range) -> Result<Range, Overflow> {
        let products = [
            self.low.checked_mul(other.low),
            self.low.checked_mul(other.high),
            self.high.checked_mul(other.low),
            self.high.checked_mul(other.high),
        ];
        let mut low = None::<Decimal>;
        let mut high = None::<Decimal>;
        for p in products {
            let p = p.ok_or(Overflow)?;
            low = Some(low.map_or(p, |l| l.min(p)));
            high = Some(high.map_or(p, |h| h.max(p)));
        }
        match (low, high) {
            (Some(low), Some(high)) => Ok(Range { low, high }),
            _ => Err(Overflow),
        }
    }

    /// `self ÷ other`, for a range not below zero divided by one above zero; `Overflow`
    /// when `other` reaches zero.
    pub fn div(&self, other: &Range) -> Result<Range, Overflow> {
        if other.low <= Decimal::ZERO || self.low < Decimal::ZERO {
            return Err(Overflow);
        }
        Ok(Range {
            low: self.low.checked_div(other.high).ok_or(Overflow)?,
            high: self.high.checked_div(other.low).ok_or(Overflow)?,
        })
    }

    /// `self × factor` for a single value.
    pub fn scale(&self, factor: Decimal) -> Result<Range, Overflow> {
        self.mul(&Range::exact(factor))
    }

    /// Applies an increasing function to both bounds (e.g. a currency conversion).
    pub fn map_increasing<E>(
        &self,
        mut f: impl FnMut(Decimal) -> Result<Decimal, E>,
    ) -> Result<Range, E> {
        Ok(Range {
            low: f(self.low)?,
            high: f(self.high)?,
        })
    }

    /// Sums ranges, starting from zero.
    pub fn sum<'a>(ranges: impl IntoIterator<Item = &'a Range>) -> Result<Range, Overflow> {
        ranges
            .into_iter()
            .try_fold(Range::ZERO, |acc, r| acc.add(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn r(low: Decimal, high: Decimal) -> Range {
        Range::new(low, high).expect("low <= high")
    }

    #[test]
    fn low_above_high_is_not_a_range() {
        assert_eq!(Range::new(dec!(2), dec!(1)), None);
        assert!(Range::new(dec!(1), dec!(1)).is_some());
    }

    #[test]
    fn sum_and_product_take_lows_with_lows_and_highs_with_highs() {
        let count = Range::exact(dec!(10000));
        let price = r(dec!(10000), dec!(20000));
        assert_eq!(count.mul(&price), Ok(r(dec!(100000000), dec!(200000000))));
        let share = r(dec!(0.25), dec!(0.45));
        assert_eq!(
            price.mul(&share).and_then(|s| s.add(&price)),
            Ok(r(dec!(12500), dec!(29000)))
        );
    }

    #[test]
    fn quotient_takes_low_over_high_and_high_over_low() {
        // [3.8e25, 3.8e25] FLOP / [2e14, 4e14] FLOP/s = [9.5e10, 1.9e11] s
        let flop = Range::exact(dec!(38000000000000000000000000));
        let rate = r(dec!(200000000000000), dec!(400000000000000));
        assert_eq!(
            flop.div(&rate),
            Ok(r(dec!(95000000000), dec!(190000000000)))
        );
        assert_eq!(flop.div(&r(dec!(0), dec!(1))), Err(Overflow));
    }

    #[test]
    fn product_with_negative_bounds_is_the_hull_of_all_combinations() {
        let a = r(dec!(-2), dec!(3));
        let b = r(dec!(4), dec!(5));
        assert_eq!(a.mul(&b), Ok(r(dec!(-10), dec!(15))));
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        let huge = Range::exact(Decimal::MAX);
        assert_eq!(huge.add(&Range::exact(dec!(1))), Err(Overflow));
        assert_eq!(huge.scale(dec!(2)), Err(Overflow));
    }

    #[test]
    fn midpoint_of_extremes_does_not_overflow() {
        assert_eq!(Range::exact(Decimal::MAX).midpoint(), Decimal::MAX);
        assert_eq!(r(dec!(1), dec!(2)).midpoint(), dec!(1.5));
    }

    #[test]
    fn containment_overlap_and_hull() {
        let a = r(dec!(1), dec!(5));
        assert!(a.contains(dec!(1)) && a.contains(dec!(5)) && !a.contains(dec!(5.01)));
        assert!(a.overlaps(&r(dec!(5), dec!(9))));
        assert!(!a.overlaps(&r(dec!(6), dec!(9))));
        assert!(a.encloses(&r(dec!(2), dec!(3))));
        assert_eq!(a.hull(&r(dec!(7), dec!(9))), r(dec!(1), dec!(9)));
    }
}

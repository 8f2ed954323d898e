//! Display of decimals and money: thousands separators, currency symbols, rounding
//! for computed totals. Inputs are shown exactly; computed figures are rounded.

use rust_decimal::{Decimal, RoundingStrategy};

use super::Currency;

/// An exact decimal with its integer part grouped in thousands: `1,234,567.891`.
pub fn format_decimal(value: Decimal) -> String {
    let text = value.normalize().to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (integer, fraction) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(integer.len() + integer.len() / 3);
    for (i, ch) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An input amount shown exactly, with its currency symbol: `$25,000`, `€0.062`.
pub fn format_amount(value: Decimal, currency: Currency) -> String {
    let body = format_decimal(value.abs());
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{}{body}", currency.symbol())
}

/// A computed amount, rounded for reading: whole units from 100 up, cents below.
pub fn format_money(value: Decimal, currency: Currency) -> String {
    let places = if value.abs() >= Decimal::ONE_HUNDRED {
        0
    } else {
        2
    };
    let rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let mut text = format_amount(rounded, currency);
    if places == 2 && !rounded.is_integer() && rounded.normalize().scale() == 1 {
        text.push('0');
    }
    text
}

/// A ratio such as an overstatement factor, to two decimals without trailing zeros,
/// or to the digits that tell it from 1 (`×1.0000005`, never a bare `×1`).
pub fn format_factor(value: Decimal) -> String {
    format_decimal(round_apart(value, 2, &[Decimal::ONE]))
}

/// `value` rounded to `places` decimals, unless that lands on one of the `marks` it
/// is not equal to (a factor of 1, a position of 0% or 100%): then it keeps the two
/// significant digits of its distance from the mark, so a claim $99 short of a
/// billion reads `×1.0000001`, not `×1`, and one just inside reads 99.99995%, not
/// 100%.
pub fn round_apart(value: Decimal, places: u32, marks: &[Decimal]) -> Decimal {
    let rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    if value == rounded || !marks.contains(&rounded) {
        return rounded.normalize();
    }
    let distance = value - rounded;
    (rounded + round_sf(distance, 2)).normalize()
}

/// `value` to `digits` significant digits (half to even, as `rust_decimal` rounds).
/// `rust_decimal`'s own `round_sf` pads a value of fewer digits to a scale past 28,
/// which is no valid decimal (the next sum with it panics: `1e-28` to 20 digits); such
/// a value needs no rounding and is returned as it is.
pub fn round_sf(value: Decimal, digits: u32) -> Decimal {
    round_sf_with(value, digits, RoundingStrategy::MidpointNearestEven)
}

/// [`round_sf`] with a rounding strategy.
pub fn round_sf_with(value: Decimal, digits: u32, strategy: RoundingStrategy) -> Decimal {
    match value.round_sf_with_strategy(digits, strategy) {
        Some(r) if r.scale() <= Decimal::MAX_SCALE => r,
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn significant_digits_never_make_an_invalid_decimal() {
        // Before: `1e-28` to 20 digits had scale 47, and adding to it panicked.
        for tiny in [dec!(0.0000000000000000000000000001), dec!(0.0000000001)] {
            let r = round_sf(tiny, 20);
            assert!(r.scale() <= Decimal::MAX_SCALE, "{r:?}");
            assert_eq!(r + Decimal::ONE, Decimal::ONE + tiny);
        }
        assert_eq!(round_sf(dec!(1234.5678), 3), dec!(1230));
        assert_eq!(round_sf(dec!(0.00012345), 2), dec!(0.00012));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(format_decimal(dec!(0)), "0");
        assert_eq!(format_decimal(dec!(999)), "999");
        assert_eq!(format_decimal(dec!(1000)), "1,000");
        assert_eq!(format_decimal(dec!(-1234567.891)), "-1,234,567.891");
        assert_eq!(format_decimal(dec!(9000000000.00)), "9,000,000,000");
    }

    #[test]
    fn money_rounds_totals_and_keeps_cents_for_small_amounts() {
        assert_eq!(format_money(dec!(1234567.5), Currency::Usd), "$1,234,568");
        assert_eq!(format_money(dec!(2.5), Currency::Usd), "$2.50");
        assert_eq!(format_money(dec!(0.062), Currency::Eur), "€0.06");
        assert_eq!(format_money(dec!(-5), Currency::Gbp), "-£5");
        assert_eq!(format_amount(dec!(0.062), Currency::Usd), "$0.062");
    }

    #[test]
    fn factors_show_two_decimals_at_most() {
        assert_eq!(format_factor(dec!(6.2999)), "6.3");
        assert_eq!(format_factor(dec!(1.0749)), "1.07");
        assert_eq!(format_factor(dec!(12)), "12");
    }

    #[test]
    fn a_factor_near_one_keeps_the_digits_that_differ() {
        // $200,000,099 claimed against a high of $200,000,000: ×1.000000495
        assert_eq!(
            format_factor(dec!(200000099) / dec!(200000000)),
            "1.0000005"
        );
        assert_eq!(format_factor(dec!(1.004)), "1.004");
        assert_eq!(format_factor(dec!(1.005)), "1.01");
        assert_eq!(format_factor(dec!(1)), "1");
    }

    #[test]
    fn a_position_near_an_edge_is_not_rounded_onto_it() {
        let edges = [Decimal::ZERO, Decimal::ONE_HUNDRED];
        assert_eq!(round_apart(dec!(99.99995), 1, &edges), dec!(99.99995));
        assert_eq!(round_apart(dec!(0.0123), 1, &edges), dec!(0.012));
        assert_eq!(round_apart(dec!(42.25), 1, &edges), dec!(42.3));
        assert_eq!(round_apart(dec!(100), 1, &edges), dec!(100));
    }
}

//! Powers of ten in exact decimals, for value that declines by orders of magnitude a
//! year (Epoch AI's depreciation). `rust_decimal`'s own `exp` and `powd` stop at a
//! tolerance of about 1e-7; these keep the 28 digits a `Decimal` holds, less a few
//! units in the last place from rounding each term.

use rust_decimal::Decimal;

/// The natural logarithm of 10, to the 28 decimals a `Decimal` holds
/// (2.30258509299404568401799145468436…).
pub const LN_10: Decimal = Decimal::from_parts(0x9FA6_9733, 0x1414_B220, 0x4A66_8998, false, 28);

/// 10^x; `None` when the result is beyond a `Decimal` (x ≥ 28). Below 10^-28 it is 0.
pub fn pow10(x: Decimal) -> Option<Decimal> {
    let whole = x.floor();
    let n = i64::try_from(whole).ok()?;
    if n >= 28 {
        return None;
    }
    if n < -28 {
        return Some(Decimal::ZERO);
    }
    // 10^x = 10^n × e^(f × ln 10) with f = x − n in [0, 1), so the series' argument is
    // below 2.31 and its terms fall under 10^-28 within about 40 steps.
    let y = (x - whole).checked_mul(LN_10)?;
    let mut sum = Decimal::ONE;
    let mut term = Decimal::ONE;
    for k in 1..100u32 {
        term = term.checked_mul(y)?.checked_div(Decimal::from(k))?;
        if term.is_zero() {
            break;
        }
        sum = sum.checked_add(term)?;
    }
    // 10^n exactly: a one with n zeros, or n decimal places.
    let scale = match u32::try_from(n) {
        Ok(up) => Decimal::from_i128_with_scale(10i128.pow(up), 0),
        Err(_) => Decimal::new(1, n.unsigned_abs() as u32),
    };
    sum.checked_mul(scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// Whether `a` is `b` to one part in 10^25.
    fn agree(a: Decimal, b: Decimal) -> bool {
        let tolerance = b.abs() * dec!(0.0000000000000000000000001); // 1e-25 relative
        (a - b).abs() <= tolerance
    }

    #[test]
    fn ln_10_has_28_decimals() {
        // ln 10 = 2.30258509299404568401799145468436420760… (Python decimal, prec 50)
        assert_eq!(LN_10, dec!(2.3025850929940456840179914547));
    }

    #[test]
    fn powers_of_ten_hold_25_significant_digits() {
        // References from Python's decimal module at 50 digits, (Decimal(x) * ln10).exp(),
        // rounded to the 28 significant digits a Decimal holds.
        let cases = [
            (dec!(-0.14), dec!(0.7244359600749900635514343099)),
            (dec!(0.5), dec!(3.162277660168379331998893544)),
            (
                dec!(-0.2445448323066392881587953457),
                dec!(0.5694494367138804625748991787),
            ),
            (dec!(2.75), dec!(562.3413251903490803949510398)),
            (dec!(-3.3), dec!(0.0005011872336272722850015542)),
        ];
        for (x, expected) in cases {
            let got = pow10(x).expect("in range");
            assert!(agree(got, expected), "10^{x} = {got}, expected {expected}");
        }
    }

    #[test]
    fn whole_powers_are_exact_and_the_edges_are_handled() {
        assert_eq!(pow10(dec!(3)), Some(dec!(1000)));
        assert_eq!(pow10(dec!(-2)), Some(dec!(0.01)));
        assert_eq!(pow10(Decimal::ZERO), Some(Decimal::ONE));
        assert_eq!(pow10(dec!(28)), None);
        assert_eq!(pow10(dec!(-40)), Some(Decimal::ZERO));
    }
}

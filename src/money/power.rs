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

/// The natural logarithm of `x > 0`; `None` otherwise. x = m × 10^k with m in [1, 10),
/// ln x = k × ln 10 + 2 atanh((m − 1) / (m + 1)), whose series' ratio is below 0.67.
pub fn ln(x: Decimal) -> Option<Decimal> {
    if x <= Decimal::ZERO {
        return None;
    }
    let digits = x.trunc().to_string().trim_start_matches('-').len() as i64;
    let k = if x >= Decimal::ONE {
        digits - 1
    } else {
        // Below 1: count the zeros after the point.
        let mut k = 0i64;
        let mut m = x;
        while m < Decimal::ONE {
            m = m.checked_mul(Decimal::TEN)?;
            k -= 1;
        }
        k
    };
    let m = x.checked_div(pow10(Decimal::from(k))?)?;
    let z = (m - Decimal::ONE).checked_div(m + Decimal::ONE)?;
    let z2 = z.checked_mul(z)?;
    let (mut sum, mut power) = (Decimal::ZERO, z);
    for n in 0..400u32 {
        let term = power.checked_div(Decimal::from(2 * n + 1))?;
        if term.is_zero() {
            break;
        }
        sum = sum.checked_add(term)?;
        power = power.checked_mul(z2)?;
    }
    Decimal::from(k)
        .checked_mul(LN_10)?
        .checked_add(sum.checked_mul(Decimal::TWO)?)
}

/// x^y for x > 0, as 10^(y × ln x / ln 10).
pub fn powd(x: Decimal, y: Decimal) -> Option<Decimal> {
    pow10(y.checked_mul(ln(x)?)?.checked_div(LN_10)?)
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
    fn logarithms_and_powers_hold_24_significant_digits() {
        // Python's decimal at 50 digits: Decimal('1.08').ln(), Decimal('0.05').ln(),
        // Decimal('1234.5').ln(), Decimal('1.08') ** Decimal('-5.5').
        let cases = [
            (dec!(1.08), dec!(0.0769610411361283249842170443)),
            (dec!(0.05), dec!(-2.995732273553990993435223576)),
            (dec!(1234.5), dec!(7.118421308785234193887886081)),
        ];
        for (x, expected) in cases {
            let got = ln(x).expect("positive");
            assert!(agree(got, expected), "ln {x} = {got}, expected {expected}");
        }
        assert_eq!(ln(Decimal::ONE), Some(Decimal::ZERO));
        assert_eq!(ln(Decimal::ZERO), None);
        let got = powd(dec!(1.08), dec!(-5.5)).expect("in range");
        let expected = dec!(0.6548914866889558331904834354);
        let tolerance = dec!(0.000000000000000000000001); // 1e-24
        assert!((got - expected).abs() <= tolerance, "{got}");
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

//! Dated exchange rates: the ECB monthly means shipped with the catalog, overridable
//! per scenario, and conversion between currencies through the US dollar.

use rust_decimal::Decimal;

use super::Currency;

/// The currencies of the ECB table's columns, in order: units per euro.
pub const ECB_COLUMNS: [Currency; 10] = [
    Currency::Usd,
    Currency::Gbp,
    Currency::Cny,
    Currency::Jpy,
    Currency::Krw,
    Currency::Inr,
    Currency::Chf,
    Currency::Cad,
    Currency::Aud,
    Currency::Sek,
];

/// One month of ECB reference rates, as monthly means (1 EUR = x units).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FxMonth {
    /// Calendar year.
    pub year: i32,
    /// Calendar month, 1–12.
    pub month: u32,
    /// Mean units per EUR over the month's trading days, of each of [`ECB_COLUMNS`].
    pub per_eur: [Decimal; 10],
    /// Trading days averaged.
    pub days: u32,
}

impl FxMonth {
    /// `YYYY-MM`.
    pub fn label(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Units of `currency` per euro in this month.
    fn units_per_eur(&self, currency: Currency) -> Option<Decimal> {
        match currency {
            Currency::Eur => Some(Decimal::ONE),
            c => ECB_COLUMNS
                .iter()
                .position(|&k| k == c)
                .map(|i| self.per_eur[i]),
        }
    }

    /// US dollars per unit of `currency` in this month (through the euro cross rate).
    pub fn usd_per(&self, currency: Currency) -> Option<Decimal> {
        if currency == Currency::Usd {
            return Some(Decimal::ONE);
        }
        let usd = self.units_per_eur(Currency::Usd)?;
        usd.checked_div(self.units_per_eur(currency)?)
    }
}

/// The built-in table of monthly rates, with its source.
#[derive(Clone, Debug, Default)]
pub struct FxTable {
    /// Where the rates come from.
    pub source: String,
    /// Months in ascending order.
    pub months: Vec<FxMonth>,
}

impl FxTable {
    /// The month's rates, if the table has them.
    pub fn month(&self, year: i32, month: u32) -> Option<&FxMonth> {
        self.months
            .iter()
            .find(|m| m.year == year && m.month == month)
    }

    /// The first and last months held, as `YYYY-MM`.
    pub fn span(&self) -> Option<(String, String)> {
        Some((self.months.first()?.label(), self.months.last()?.label()))
    }
}

/// Where a rate in a report comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateOrigin {
    /// The US dollar itself.
    Base,
    /// The scenario's `[fx]` table.
    Scenario,
    /// The ECB monthly mean of the given month (`YYYY-MM`).
    Ecb(String),
}

impl std::fmt::Display for RateOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RateOrigin::Base => f.write_str("base"),
            RateOrigin::Scenario => f.write_str("scenario [fx]"),
            RateOrigin::Ecb(month) => write!(f, "ECB monthly mean {month}"),
        }
    }
}

/// Decimal places a rate is shown with (JSON and text alike): the ECB publishes four or
/// five significant digits, so six places keep every published digit of a direct rate
/// and round a cross rate (GBP through EUR) to what its inputs support. A rate below
/// 0.1 (a yen, a won in dollars) keeps six significant digits instead.
pub const RATE_PLACES: u32 = 6;

/// A rate as shown: at most [`RATE_PLACES`] decimals (six significant digits below
/// 0.1), no trailing zeros.
pub fn shown_rate(rate: Decimal) -> Decimal {
    let mut places = RATE_PLACES;
    let mut scaled = rate.abs();
    while !scaled.is_zero() && scaled < Decimal::new(1, 1) && places < 27 {
        scaled *= Decimal::TEN;
        places += 1;
    }
    rate.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// The rates in force for one scenario: US dollars per unit of each currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rates {
    rates: Vec<(Currency, Decimal, RateOrigin)>,
}

impl Rates {
    /// Rates from a list of `(currency, USD per unit, origin)`; the dollar is added.
    pub fn new(mut rates: Vec<(Currency, Decimal, RateOrigin)>) -> Rates {
        if !rates.iter().any(|(c, ..)| *c == Currency::Usd) {
            rates.insert(0, (Currency::Usd, Decimal::ONE, RateOrigin::Base));
        }
        Rates { rates }
    }

    /// US dollars per unit of `currency`, if known.
    pub fn usd_per(&self, currency: Currency) -> Option<(Decimal, &RateOrigin)> {
        self.rates
            .iter()
            .find(|(c, ..)| *c == currency)
            .map(|(_, r, o)| (*r, o))
    }

    /// Converts `value` from one currency to another; `None` when a rate is missing
    /// or the result overflows.
    pub fn convert(&self, value: Decimal, from: Currency, to: Currency) -> Option<Decimal> {
        if from == to {
            return Some(value);
        }
        let (from_usd, _) = self.usd_per(from)?;
        let (to_usd, _) = self.usd_per(to)?;
        value.checked_mul(from_usd)?.checked_div(to_usd)
    }

    /// Every known rate other than the dollar's own, for reports.
    pub fn listed(&self) -> impl Iterator<Item = &(Currency, Decimal, RateOrigin)> {
        self.rates.iter().filter(|(c, ..)| *c != Currency::Usd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn april_2023() -> FxMonth {
        let mut per_eur = [Decimal::ONE; 10];
        per_eur[0] = dec!(1.0968);
        per_eur[1] = dec!(0.8812);
        per_eur[2] = dec!(7.5595);
        FxMonth {
            year: 2023,
            month: 4,
            per_eur,
            days: 18,
        }
    }

    #[test]
    fn euro_converts_to_dollars_at_the_monthly_mean() {
        let m = april_2023();
        let rates = Rates::new(vec![(
            Currency::Eur,
            m.usd_per(Currency::Eur).unwrap_or_default(),
            RateOrigin::Ecb(m.label()),
        )]);
        assert_eq!(
            rates.convert(dec!(200000000), Currency::Eur, Currency::Usd),
            Some(dec!(219360000))
        );
        let back = rates
            .convert(dec!(219360000), Currency::Usd, Currency::Eur)
            .unwrap_or_default();
        assert_eq!(back, dec!(200000000));
    }

    #[test]
    fn pound_goes_through_the_euro_cross_rate() {
        let usd_per_gbp = april_2023().usd_per(Currency::Gbp).unwrap_or_default();
        assert_eq!(usd_per_gbp.round_dp(6), dec!(1.244666));
    }

    #[test]
    fn yuan_goes_through_the_euro_cross_rate() {
        // 1.0968 USD per EUR / 7.5595 CNY per EUR = 0.145089 USD per CNY.
        let usd_per_cny = april_2023().usd_per(Currency::Cny).unwrap_or_default();
        assert_eq!(usd_per_cny.round_dp(6), dec!(0.145089));
    }

    #[test]
    fn small_rates_keep_six_significant_digits() {
        assert_eq!(shown_rate(dec!(1.2446664)), dec!(1.244666));
        // 1 / 153.7 yen per dollar: 0.00650618...
        assert_eq!(
            shown_rate(dec!(0.0065061808718282368249837345)),
            dec!(0.00650618)
        );
        assert_eq!(shown_rate(dec!(0.09)), dec!(0.09));
    }

    #[test]
    fn a_missing_rate_gives_none() {
        let rates = Rates::new(vec![]);
        assert_eq!(rates.convert(dec!(1), Currency::Eur, Currency::Usd), None);
        assert_eq!(
            rates.convert(dec!(1), Currency::Usd, Currency::Usd),
            Some(dec!(1))
        );
    }
}

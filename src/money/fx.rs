//! Dated exchange rates: the ECB monthly means shipped with the catalog, overridable
//! per scenario, and conversion between currencies through the US dollar.

use rust_decimal::Decimal;

use super::Currency;

/// One month of ECB reference rates, as monthly means (1 EUR = x units).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FxMonth {
    /// Calendar year.
    pub year: i32,
    /// Calendar month, 1–12.
    pub month: u32,
    /// Mean USD per EUR over the month's trading days.
    pub usd_per_eur: Decimal,
    /// Mean GBP per EUR over the month's trading days.
    pub gbp_per_eur: Decimal,
    /// Trading days averaged.
    pub days: u32,
}

impl FxMonth {
    /// `YYYY-MM`.
    pub fn label(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// US dollars per unit of `currency` in this month (GBP through the EUR cross rate).
    pub fn usd_per(&self, currency: Currency) -> Option<Decimal> {
        match currency {
            Currency::Usd => Some(Decimal::ONE),
            Currency::Eur => Some(self.usd_per_eur),
            Currency::Gbp => self.usd_per_eur.checked_div(self.gbp_per_eur),
        }
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
/// and round a cross rate (GBP through EUR) to what its inputs support.
pub const RATE_PLACES: u32 = 6;

/// A rate as shown: at most [`RATE_PLACES`] decimals, no trailing zeros.
pub fn shown_rate(rate: Decimal) -> Decimal {
    rate.round_dp_with_strategy(
        RATE_PLACES,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
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
        FxMonth {
            year: 2023,
            month: 4,
            usd_per_eur: dec!(1.0968),
            gbp_per_eur: dec!(0.8812),
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
    fn a_missing_rate_gives_none() {
        let rates = Rates::new(vec![]);
        assert_eq!(rates.convert(dec!(1), Currency::Eur, Currency::Usd), None);
        assert_eq!(
            rates.convert(dec!(1), Currency::Usd, Currency::Usd),
            Some(dec!(1))
        );
    }
}

//! The currencies gpucost can read and report in.

use serde::Serialize;

/// A currency with dated exchange rates in the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Currency {
    /// US dollar, the catalog's own currency.
    #[serde(rename = "USD")]
    Usd,
    /// Euro.
    #[serde(rename = "EUR")]
    Eur,
    /// Pound sterling.
    #[serde(rename = "GBP")]
    Gbp,
    /// Chinese yuan renminbi.
    #[serde(rename = "CNY")]
    Cny,
    /// Japanese yen.
    #[serde(rename = "JPY")]
    Jpy,
    /// South Korean won.
    #[serde(rename = "KRW")]
    Krw,
    /// Indian rupee.
    #[serde(rename = "INR")]
    Inr,
    /// Swiss franc.
    #[serde(rename = "CHF")]
    Chf,
    /// Canadian dollar.
    #[serde(rename = "CAD")]
    Cad,
    /// Australian dollar.
    #[serde(rename = "AUD")]
    Aud,
    /// Swedish krona.
    #[serde(rename = "SEK")]
    Sek,
}

impl Currency {
    /// Every supported currency, in the order they are listed to users.
    pub const ALL: [Currency; 11] = [
        Currency::Usd,
        Currency::Eur,
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

    /// ISO 4217 code, e.g. `EUR`.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Cny => "CNY",
            Currency::Jpy => "JPY",
            Currency::Krw => "KRW",
            Currency::Inr => "INR",
            Currency::Chf => "CHF",
            Currency::Cad => "CAD",
            Currency::Aud => "AUD",
            Currency::Sek => "SEK",
        }
    }

    /// Symbol written before an amount, e.g. `€`: one the figure reader reads back
    /// as this currency alone (`CN¥` and `JP¥`, never the ambiguous `¥`).
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
            Currency::Cny => "CN¥",
            Currency::Jpy => "JP¥",
            Currency::Krw => "₩",
            Currency::Inr => "₹",
            Currency::Chf => "CHF ",
            Currency::Cad => "CA$",
            Currency::Aud => "A$",
            Currency::Sek => "SEK ",
        }
    }

    /// Reads an ISO code, case-insensitively.
    pub fn from_code(code: &str) -> Option<Currency> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// The codes of all currencies, for messages and suggestions.
    pub fn codes() -> Vec<&'static str> {
        Currency::ALL.iter().map(|c| c.code()).collect()
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_case_insensitively() {
        assert_eq!(Currency::from_code("eur"), Some(Currency::Eur));
        assert_eq!(Currency::from_code("USD"), Some(Currency::Usd));
        assert_eq!(Currency::from_code("XYZ"), None);
    }
}

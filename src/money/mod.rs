//! Exact money: currencies, the notations people write amounts in, intervals, exchange
//! rates and display. Everything here is `rust_decimal`; nothing reads files or prints.
//!
//! Layer (ARCHITECTURE.md): uses `diagnostic` only; knows nothing of GPUs, scenarios or
//! files.

mod currency;
mod format;
mod fx;
mod index;
mod power;
mod range;
mod read;

pub use currency::Currency;
pub use format::{
    format_amount, format_decimal, format_factor, format_money, round_apart, round_sf,
    round_sf_with,
};
pub use fx::{ECB_COLUMNS, FxMonth, FxTable, RATE_PLACES, RateOrigin, Rates, shown_rate};
pub use index::{IndexMonth, PriceIndex, Restated};
pub use power::{LN_10, ln, pow10, powd};
pub use range::{LIMITS, Overflow, Range};

/// A decimal as the nearest `f64` (the Monte Carlo sampler's and the charts' only way
/// from money to floating point).
pub fn to_f64(d: rust_decimal::Decimal) -> f64 {
    f64::try_from(d).unwrap_or(f64::NAN)
}
pub use read::{
    Amount, Found, Language, ParseError, ReadError, Reading, Worded, bare_percentage, figures_in,
    language_of, parse_amount, parse_number, read_claim, read_figure, read_percentage,
};

//! Exact money: currencies, the notations people write amounts in, intervals, exchange
//! rates and display. Everything here is `rust_decimal`; nothing reads files or prints.

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
pub use range::{Overflow, Range};
pub use read::{
    Amount, Found, Language, ParseError, ReadError, Reading, Worded, bare_percentage, figures_in,
    language_of, parse_amount, parse_number, read_claim, read_figure, read_percentage,
};

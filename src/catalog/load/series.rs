//! The monthly files: the ECB exchange rates (`data/fx.toml`, read line by line where
//! written as `make_fx.py` writes it, else as TOML with the same messages) and the
//! producer price index for constant dollars (`data/ppi.toml`).

use super::*;

/// A monthly table (`data/fx.toml`, `data/ppi.toml`): its `source` and its `months`,
/// rows of a `"YYYY-MM"` month and the figures `columns` names, each read by `read`
/// from the month and the figures' values, and checked to be in order.
pub(super) fn monthly<T>(
    file: &str,
    text: &str,
    what: &str,
    columns: &str,
    read: impl Fn((i32, u32), &[Value<'_>], &mut Problems) -> Option<T>,
) -> Result<(String, Vec<T>), FileDiagnostics> {
    parse_with(file, text, what, &["source", "months"], |root, p| {
        let source = root
            .require("source", p, "cite where the figures come from")
            .and_then(|v| input::string(v, p));
        let shape = format!("a row `[\"YYYY-MM\", {columns}]`");
        let mut when = Vec::new();
        let mut rows = Vec::new();
        let list = root.require("months", p, "list the months as rows");
        for row in list.map_or(&[][..], |v| array(v, "an array of rows", p)) {
            let cells = array(row, &shape, p);
            let Some((month, figures)) = cells.split_first() else {
                continue;
            };
            if figures.len() != columns.split(", ").count() {
                p.push(input::wrong_type(row, &shape));
                continue;
            }
            let Some(month) = month_of(month, p) else {
                continue;
            };
            if let Some(value) = read(month, figures, p) {
                when.push(month);
                rows.push(value);
            }
        }
        if when.windows(2).any(|w| w[0] >= w[1]) {
            p.push(Diagnostic::new(format!("months of {what} out of order")));
        }
        Some((source?, rows))
    })
}

/// The items of an array, or none and a problem saying it should be `what`.
pub(super) fn array<'v, 'a>(value: &'v Value<'a>, what: &str, p: &mut Problems) -> &'v [Value<'a>] {
    match value.get_ref() {
        DeValue::Array(items) => items,
        _ => {
            p.push(input::wrong_type(value, what));
            &[]
        }
    }
}

/// Parses the price-index file (`data/ppi.toml` format).
pub fn parse_ppi(file: &str, text: &str) -> Result<PriceIndex, FileDiagnostics> {
    let read = |(year, month), figures: &[Value<'_>], p: &mut Problems| {
        let v = &figures[0];
        let index = input::number(v, p)?;
        if index <= Decimal::ZERO {
            p.push(Diagnostic::at(v.span(), "an index must be above zero"));
            return None;
        }
        Some(IndexMonth { year, month, index })
    };
    let (source, months) = monthly(file, text, "the price index", "index", read)?;
    Ok(PriceIndex { source, months })
}

/// A `"YYYY-MM"` month as (year, month).
pub(super) fn month_of(value: &Value<'_>, p: &mut Problems) -> Option<(i32, u32)> {
    let label = input::string(value, p)?;
    // Four digits, a dash, a month 01 to 12.
    let parsed = label.split_once('-').and_then(|(y, m)| {
        let digits = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let month: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        (digits(y, 4) && digits(m, 2)).then(|| (y.parse().ok(), month))
    });
    match parsed {
        Some((Some(year), month)) => Some((year, month)),
        _ => {
            p.push(
                Diagnostic::at(value.span(), format!("`{label}` is not a month"))
                    .help("write \"YYYY-MM\""),
            );
            None
        }
    }
}

/// Parses the exchange-rate file (`data/fx.toml` format).
pub fn parse_fx(file: &str, text: &str) -> Result<FxTable, FileDiagnostics> {
    let read = |(year, month), figures: &[Value<'_>], p: &mut Problems| {
        let (rates, days) = figures.split_at(ECB_COLUMNS.len());
        let rates: Vec<Option<Decimal>> = rates.iter().map(|v| input::number(v, p)).collect();
        let days = input::positive_integer(&days[0], "the trading days", p)?;
        let rates: Option<Vec<Decimal>> = rates.into_iter().collect();
        Some(FxMonth {
            year,
            month,
            per_eur: rates?.try_into().ok()?,
            days: u32::try_from(days).ok()?,
        })
    };
    let columns: Vec<String> = ECB_COLUMNS
        .iter()
        .map(|c| format!("{c} per EUR"))
        .chain(["trading days".to_string()])
        .collect();
    let columns = columns.join(", ");
    let (source, months) = monthly(file, text, "the exchange-rate table", &columns, read)?;
    Ok(FxTable { source, months })
}

//! The catalog's default assumptions (a range with its source and date, or figures by
//! year) and its regions' electricity prices by year in their currencies.

use super::*;

pub(super) fn read_assumptions(value: &Value<'_>, catalog: &mut Catalog, p: &mut Problems) {
    let keys: Vec<&str> = Param::OVERHEADS
        .iter()
        .filter(|&&param| param != Param::KwPerGpu)
        .map(|param| param.key())
        .chain(["server_power_factor", "network_share_on_server"])
        .collect();
    let Some(table) = Fields::new(value, "`[assumptions]`", &keys, p) else {
        return;
    };
    for (key, entry) in table.entries() {
        let name = key.get_ref().as_ref();
        let Some(fields) = Fields::new(
            entry,
            format!("`[assumptions.{name}]`"),
            &ASSUMPTION_KEYS,
            p,
        ) else {
            continue;
        };
        let param = Param::OVERHEADS.iter().find(|param| param.key() == name);
        let money = param.is_some_and(|param| param.is_money());
        // The server power factor multiplies a TDP into kW, so it is held to kW's rule;
        // the network share on a server, to the network share's.
        let domain = match name {
            "network_share_on_server" => Param::NetworkShare,
            _ => param.copied().unwrap_or(Param::KwPerGpu),
        };
        let Some(assumption) = read_assumption(&fields, name, money, domain, p) else {
            continue;
        };
        match (param, name) {
            (Some(&param), _) => catalog.assumptions.push((param, assumption)),
            (None, "network_share_on_server") => {
                catalog.network_share_on_server = assumption.at(NaiveDate::MIN);
            }
            (None, _) => catalog.server_power_factor = assumption.at(NaiveDate::MIN),
        }
    }
}

/// One default: `value` or `by_year`, with its `source` and `date`; `name` names it in
/// messages and `domain` holds its figures to an assumption's rule.
pub(super) fn read_assumption(
    fields: &Fields<'_, '_>,
    name: &str,
    money: bool,
    domain: Param,
    p: &mut Problems,
) -> Option<Assumption> {
    let range = fields.get("value").and_then(|v| {
        let range = usd_range(v, money, p)?;
        in_domain(domain, name, range, v, p)
    });
    let by_year = fields
        .get("by_year")
        .map(|v| by_year(v, money, (domain, name), p));
    if fields.get("value").is_none() && by_year.is_none() {
        fields.require(
            "value",
            p,
            "give `value = [low, high]`, or `by_year = { 2023 = 0.0806, … }`",
        );
    }
    let source = fields
        .require("source", p, "every number needs a source")
        .and_then(|v| input::string(v, p));
    let date = fields
        .require("date", p, "every number needs a date")
        .and_then(|v| input::string(v, p));
    let assumption = Assumption {
        value: range,
        by_year: by_year.unwrap_or_default(),
        source: source?,
        date: date?,
    };
    (assumption.value.is_some() || !assumption.by_year.is_empty()).then_some(assumption)
}

/// `[regions.CODE]`: the industrial electricity price where a fleet is, in the
/// region's `currency`, by year or as a range.
pub(super) fn read_regions(value: &Value<'_>, catalog: &mut Catalog, p: &mut Problems) {
    let Some(table) = value.get_ref().as_table() else {
        p.push(input::wrong_type(value, "a table `[regions.CODE]`"));
        return;
    };
    for (code, entry) in table {
        let code = code.get_ref().to_string();
        let what = format!("`[regions.{code}]`");
        let keys: Vec<&str> = ASSUMPTION_KEYS
            .into_iter()
            .chain(["name", "currency"])
            .collect();
        let Some(fields) = Fields::new(entry, what, &keys, p) else {
            continue;
        };
        let name = fields
            .require("name", p, "name the region, e.g. `name = \"EU-27\"`")
            .and_then(|v| input::string(v, p));
        let currency = fields
            .require(
                "currency",
                p,
                "give the currency its prices are in, e.g. `currency = \"EUR\"`",
            )
            .and_then(|v| {
                let text = input::string(v, p)?;
                let found = Currency::from_code(&text);
                if found.is_none() {
                    p.push(input::unknown_currency(v.span(), &text));
                }
                found
            });
        let key = format!("regions.{code}");
        let electricity = read_assumption(&fields, &key, true, Param::ElectricityPerKwh, p);
        if let (Some(name), Some(currency), Some(electricity)) = (name, currency, electricity) {
            catalog.regions.retain(|r| r.code != code);
            catalog.regions.push(Region {
                code,
                name,
                currency,
                electricity,
            });
        }
    }
}

/// The years a `by_year` figure may be for (as `--dollars`): a year past them would be
/// taken as the nearest year to every date.
pub(super) const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// `{ 2023 = 0.0806, … }`: figures by calendar year, in ascending order. Each is one
/// figure in the assumption's domain, for a year from 1900 to 2999: a negative price or
/// year 99999 is an error at its place (before, dropped without a word, and 99999 then
/// priced every year as "the nearest").
pub(super) fn by_year(
    value: &Value<'_>,
    money: bool,
    (domain, name): (Param, &str),
    p: &mut Problems,
) -> Vec<(i32, Decimal)> {
    let DeValue::Table(table) = value.get_ref() else {
        p.push(input::wrong_type(
            value,
            "a table of years, `{ 2023 = 0.0806 }`",
        ));
        return Vec::new();
    };
    let mut years = Vec::new();
    for (year, figure) in table.iter() {
        let y = match year.get_ref().parse::<i32>() {
            Ok(y) if YEARS.contains(&y) => y,
            Ok(_) => {
                p.push(
                    Diagnostic::at(
                        year.span(),
                        format!("`{}` is no year of prices", year.get_ref()),
                    )
                    .label("a year from 1900 to 2999")
                    .help("write the calendar year the figure is for: `2023 = 0.0806`"),
                );
                continue;
            }
            Err(_) => {
                p.push(
                    Diagnostic::at(year.span(), format!("`{}` is not a year", year.get_ref()))
                        .help("write the year as the key: `2023 = 0.0806`"),
                );
                continue;
            }
        };
        let Some(range) = usd_range(figure, money, p) else {
            continue;
        };
        if !range.is_exact() {
            p.push(
                Diagnostic::at(figure.span(), format!("`{name}` for {y} is a range"))
                    .label("one figure a year")
                    .help("give each year one figure: `2023 = 0.0806`; a range goes in `value`"),
            );
            continue;
        }
        let key = format!("{name}.by_year.{y}");
        if let Some(range) = in_domain(domain, &key, range, figure, p) {
            years.push((y, range.low()));
        }
    }
    years.sort_by_key(|&(y, _)| y);
    years
}

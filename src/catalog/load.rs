//! Reading the catalog and exchange-rate files, with the same spanned reader and the
//! same diagnostics as scenario files: a broken catalog is reported, never a panic.
//!
//! Over 400 lines, and one idea: the catalog's file format (models, periods,
//! assumptions, overrides merged over the built-in catalog) and the FX file's.

use chrono::{Datelike, NaiveDate};
use toml::de::DeValue;

use super::{Catalog, Family, GpuModel, PricePeriod, Sourced};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::input::{self, Fields, Problems, Value};
use crate::money::{Currency, FxMonth, FxTable, IndexMonth, PriceIndex, Range};
use crate::param::Param;

const ASSUMPTION_KEYS: [&str; 3] = ["value", "source", "date"];
const GPU_KEYS: [&str; 13] = [
    "name",
    "aliases",
    "family",
    "launch",
    "launch_source",
    "tdp_w",
    "tdp_source",
    "kw_per_gpu",
    "kw_per_gpu_source",
    "peak_flops",
    "peak_flops_source",
    "price",
    "rent",
];
const PERIOD_KEYS: [&str; 3] = ["from", "value", "source"];

/// Parses `text` and reads its top level (keys checked against `keys`) with `read`;
/// every problem comes back tied to `file`.
fn parse_with<T>(
    file: &str,
    text: &str,
    what: &str,
    keys: &[&str],
    read: impl FnOnce(&Fields<'_, '_>, &mut Problems) -> Option<T>,
) -> Result<T, FileDiagnostics> {
    let fail = |diagnostics| FileDiagnostics {
        file: file.to_string(),
        text: Some(text.to_string()),
        diagnostics,
    };
    let doc = input::parse_document(text).map_err(fail)?;
    let mut p = Problems::default();
    let root = Fields::new_root(&doc, what, keys, &mut p);
    match read(&root, &mut p) {
        Some(value) if p.is_empty() => Ok(value),
        _ => Err(fail(p.into_vec())),
    }
}

/// Parses a catalog file (`data/catalog.toml` format).
pub fn parse_catalog(file: &str, text: &str) -> Result<Catalog, FileDiagnostics> {
    merge_catalog(&Catalog::default(), file, text)
}

/// Reads a catalog file over `base`, with the same rules as the built-in one. A
/// `[[gpu]]` naming a model of `base` may give only what changes: its prices and rents
/// are added to the model's (a period with the same `from` replaces it), any other key
/// replaces the model's. New models and families are added; an `[assumptions.KEY]`
/// replaces the default.
pub fn merge_catalog(base: &Catalog, file: &str, text: &str) -> Result<Catalog, FileDiagnostics> {
    let keys = ["assumptions", "family", "gpu"];
    parse_with(file, text, "the catalog", &keys, |root, p| {
        let mut catalog = base.clone();
        if let Some(v) = root.get("assumptions") {
            let mut own = Catalog::default();
            read_assumptions(v, &mut own, p);
            for (param, sourced) in own.assumptions {
                catalog.assumptions.retain(|(q, _)| *q != param);
                catalog.assumptions.push((param, sourced));
            }
            if own.server_power_factor.is_some() {
                catalog.server_power_factor = own.server_power_factor;
            }
        }
        if let Some(v) = root.get("family") {
            for family in each_table(v, "`[[family]]`", p, read_family) {
                match catalog.families.iter_mut().find(|f| f.name == family.name) {
                    Some(known) => {
                        for alias in family.aliases {
                            if !known.aliases.contains(&alias) {
                                known.aliases.push(alias);
                            }
                        }
                    }
                    None => catalog.families.push(family),
                }
            }
        }
        if let Some(v) = root.get("gpu") {
            for model in each_table(v, "`[[gpu]]`", p, |v, p| read_gpu(v, base, p)) {
                match catalog.models.iter_mut().find(|m| m.name == model.name) {
                    Some(known) => *known = model,
                    None => catalog.models.push(model),
                }
            }
        }
        for model in &catalog.models {
            if !catalog.families.iter().any(|f| f.name == model.family) {
                p.push(Diagnostic::new(format!(
                    "GPU `{}` names family `{}`, which the catalog does not define",
                    model.name, model.family
                )));
            }
        }
        Some(catalog)
    })
}

fn each_table<T>(
    value: &Value<'_>,
    what: &str,
    p: &mut Problems,
    mut read: impl FnMut(&Value<'_>, &mut Problems) -> Option<T>,
) -> Vec<T> {
    match value.get_ref() {
        DeValue::Array(items) => items.iter().filter_map(|v| read(v, p)).collect(),
        _ => {
            p.push(input::wrong_type(
                value,
                &format!("an array of tables {what}"),
            ));
            Vec::new()
        }
    }
}

fn read_assumptions(value: &Value<'_>, catalog: &mut Catalog, p: &mut Problems) {
    let keys: Vec<&str> = Param::OVERHEADS
        .iter()
        .filter(|&&param| param != Param::KwPerGpu)
        .map(|param| param.key())
        .chain(["server_power_factor"])
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
        // The server power factor multiplies a TDP into kW, so it is held to kW's rule.
        let domain = param.copied().unwrap_or(Param::KwPerGpu);
        let range = fields
            .require("value", p, "give `value = [low, high]`")
            .and_then(|v| {
                let range = usd_range(v, money, p)?;
                in_domain(domain, name, range, v, p)
            });
        let source = fields
            .require("source", p, "every number needs a source")
            .and_then(|v| input::string(v, p));
        let date = fields
            .require("date", p, "every number needs a date")
            .and_then(|v| input::string(v, p));
        let (Some(value), Some(source), Some(date)) = (range, source, date) else {
            continue;
        };
        let sourced = Sourced {
            value,
            source,
            date,
        };
        match Param::OVERHEADS.iter().find(|param| param.key() == name) {
            Some(&param) => catalog.assumptions.push((param, sourced)),
            None => catalog.server_power_factor = Some(sourced),
        }
    }
}

fn read_family(value: &Value<'_>, p: &mut Problems) -> Option<Family> {
    let fields = Fields::new(value, "`[[family]]`", &["name", "aliases"], p)?;
    let name = fields
        .require("name", p, "give the family a `name`")
        .and_then(|v| input::string(v, p));
    let aliases = fields
        .get("aliases")
        .map_or(Some(Vec::new()), |v| input::strings(v, p));
    Some(Family {
        name: name?,
        aliases: aliases?,
    })
}

/// A `[[gpu]]`: a new model, or changes to a model of `base` of the same name.
fn read_gpu(value: &Value<'_>, base: &Catalog, p: &mut Problems) -> Option<GpuModel> {
    let f = Fields::new(value, "`[[gpu]]`", &GPU_KEYS, p)?;
    let name = f
        .require("name", p, "every GPU needs a `name`")
        .and_then(|v| input::string(v, p))?;
    let known = base
        .models
        .iter()
        .find(|m| super::normalize(&m.name) == super::normalize(&name));
    // A key as written; else the known model's; else missing.
    fn field<T>(
        f: &Fields<'_, '_>,
        key: &str,
        help: &str,
        fallback: Option<T>,
        p: &mut Problems,
        read: impl FnOnce(&Value<'_>, &mut Problems) -> Option<T>,
    ) -> Option<T> {
        match f.get(key) {
            Some(v) => read(v, p),
            None if fallback.is_some() => fallback,
            None => {
                f.require(key, p, help);
                None
            }
        }
    }
    let new_help = "a GPU the catalog does not have needs it";
    let family = field(
        &f,
        "family",
        new_help,
        known.map(|m| m.family.clone()),
        p,
        input::string,
    );
    let launch_source = field(
        &f,
        "launch_source",
        "every launch date needs a source",
        known.map(|m| m.launch.source.clone()),
        p,
        input::string,
    );
    let tdp_source = field(
        &f,
        "tdp_source",
        "every TDP needs a source",
        known.map(|m| m.tdp_w.source.clone()),
        p,
        input::string,
    );
    let aliases = field(
        &f,
        "aliases",
        "",
        known.map(|m| m.aliases.clone()).or(Some(Vec::new())),
        p,
        input::strings,
    );
    let launch = field(
        &f,
        "launch",
        "give the announcement date",
        known.map(|m| m.launch.value),
        p,
        input::date,
    );
    let tdp = field(
        &f,
        "tdp_w",
        "give the TDP in watts",
        known.map(|m| m.tdp_w.value),
        p,
        input::number,
    );
    if let (Some(tdp), Some(v)) = (tdp, f.get("tdp_w"))
        && tdp <= rust_decimal::Decimal::ZERO
    {
        p.push(
            Diagnostic::at(v.span(), "`tdp_w` must be above zero")
                .help("give the model's TDP in watts, e.g. `tdp_w = 700`"),
        );
    }
    let kw = match f.get("kw_per_gpu") {
        Some(v) => {
            let range = usd_range(v, false, p)
                .and_then(|r| in_domain(Param::KwPerGpu, "kw_per_gpu", r, v, p));
            let source = f
                .require("kw_per_gpu_source", p, "a kW figure needs a source")
                .and_then(|v| input::string(v, p));
            Some(Sourced {
                value: range?,
                source: source?,
                date: String::new(),
            })
        }
        None => known.and_then(|m| m.kw_per_gpu.clone()),
    };
    let peak_flops = match f.get("peak_flops") {
        Some(v) => {
            let value = input::number(v, p).and_then(|n| {
                in_domain(Param::PeakFlops, "peak_flops", Range::exact(n), v, p).map(|r| r.low())
            });
            let source = f
                .require("peak_flops_source", p, "a FLOP/s figure needs a source")
                .and_then(|v| input::string(v, p));
            Some(Sourced {
                value: value?,
                source: source?,
                date: String::new(),
            })
        }
        None => known.and_then(|m| m.peak_flops.clone()),
    };
    let prices = f.get("price").map_or(Vec::new(), |v| {
        each_table(v, "`[[gpu.price]]`", p, read_period)
    });
    let rents = f.get("rent").map_or(Vec::new(), |v| {
        each_table(v, "`[[gpu.rent]]`", p, read_period)
    });
    for list in [&prices, &rents] {
        if list.windows(2).any(|w| w[0].from >= w[1].from) {
            p.push(
                Diagnostic::at(f.header_span(), "price periods out of order")
                    .help("list `[[gpu.price]]` and `[[gpu.rent]]` by ascending `from` date"),
            );
        }
    }
    let (prices, rents) = match known {
        Some(m) => (
            merge_periods(&m.prices, prices),
            merge_periods(&m.rents, rents),
        ),
        None => (prices, rents),
    };
    let launch = launch?;
    Some(GpuModel {
        name: known.map_or(name, |m| m.name.clone()),
        aliases: aliases?,
        family: family?,
        launch: Sourced {
            value: launch,
            source: launch_source?,
            date: launch.to_string(),
        },
        tdp_w: Sourced {
            value: tdp?,
            source: tdp_source?,
            date: launch.to_string(),
        },
        kw_per_gpu: kw,
        peak_flops,
        prices,
        rents,
    })
}

/// Known periods with new ones added, a new period replacing one of the same date.
fn merge_periods(known: &[PricePeriod], new: Vec<PricePeriod>) -> Vec<PricePeriod> {
    let mut all: Vec<PricePeriod> = known
        .iter()
        .filter(|k| !new.iter().any(|n| n.from == k.from))
        .cloned()
        .collect();
    all.extend(new);
    all.sort_by_key(|period| period.from);
    all
}

fn read_period(value: &Value<'_>, p: &mut Problems) -> Option<PricePeriod> {
    let f = Fields::new(value, "a price period", &PERIOD_KEYS, p)?;
    let from = f
        .require("from", p, "give the date the price applies from")
        .and_then(|v| input::date(v, p));
    let range = f
        .require("value", p, "give `value = [low, high]` in USD")
        .and_then(|v| usd_range(v, true, p));
    let source = f
        .require("source", p, "every price needs a source")
        .and_then(|v| input::string(v, p));
    Some(PricePeriod {
        from: from?,
        range: range?,
        source: source?,
    })
}

/// The range, if it lies within what `param` allows; else the problem is noted.
fn in_domain(
    param: Param,
    key: &str,
    range: Range,
    value: &Value<'_>,
    p: &mut Problems,
) -> Option<Range> {
    match param.out_of_domain(key, range, value.span()) {
        Some(problem) => {
            p.push(problem);
            None
        }
        None => Some(range),
    }
}

/// A `[low, high]` (or single value) in US dollars, ordered and non-negative.
fn usd_range(value: &Value<'_>, money: bool, p: &mut Problems) -> Option<Range> {
    let b = input::bounds(value, money, p)?;
    let foreign = [b.low.currency, b.high.currency]
        .into_iter()
        .flatten()
        .find(|&c| c != Currency::Usd);
    if let Some(c) = foreign {
        p.push(
            Diagnostic::at(value.span(), format!("catalog amounts are in USD, not {c}"))
                .help("convert the figure to US dollars and cite the rate"),
        );
        return None;
    }
    match Range::new(b.low.value, b.high.value) {
        Some(r) if r.low() >= rust_decimal::Decimal::ZERO => Some(r),
        _ => {
            p.push(
                Diagnostic::at(
                    value.span(),
                    "a catalog range must be `[low, high]` with 0 <= low <= high",
                )
                .label("out of order or negative"),
            );
            None
        }
    }
}

/// A monthly table (`data/fx.toml`, `data/ppi.toml`): its `source` and its
/// `[[month]]` rows, read by `read` and checked to be in order by `when`.
fn monthly<T>(
    file: &str,
    text: &str,
    what: &str,
    read: impl FnMut(&Value<'_>, &mut Problems) -> Option<T>,
    when: impl Fn(&T) -> (i32, u32),
) -> Result<(String, Vec<T>), FileDiagnostics> {
    parse_with(file, text, what, &["source", "month"], |root, p| {
        let source = root
            .require("source", p, "cite where the figures come from")
            .and_then(|v| input::string(v, p));
        let months = root
            .get("month")
            .map_or(Vec::new(), |v| each_table(v, "`[[month]]`", p, read));
        if months.windows(2).any(|w| when(&w[0]) >= when(&w[1])) {
            p.push(Diagnostic::new(format!("months of {what} out of order")));
        }
        Some((source?, months))
    })
}

/// Parses the price-index file (`data/ppi.toml` format).
pub fn parse_ppi(file: &str, text: &str) -> Result<PriceIndex, FileDiagnostics> {
    let read = |value: &Value<'_>, p: &mut Problems| {
        let f = Fields::new(value, "`[[month]]`", &["month", "index"], p)?;
        let when = f
            .require("month", p, "write the month as \"YYYY-MM\"")
            .and_then(|v| month_of(v, &f, p));
        let index = f.require("index", p, "the index value").and_then(|v| {
            let index = input::number(v, p)?;
            if index <= rust_decimal::Decimal::ZERO {
                p.push(Diagnostic::at(v.span(), "an index must be above zero"));
                return None;
            }
            Some(index)
        });
        let (year, month) = when?;
        Some(IndexMonth {
            year,
            month,
            index: index?,
        })
    };
    let (source, months) = monthly(file, text, "the price index", read, |m| (m.year, m.month))?;
    Ok(PriceIndex { source, months })
}

/// A `"YYYY-MM"` month as (year, month), or a problem at the table.
fn month_of(value: &Value<'_>, f: &Fields<'_, '_>, p: &mut Problems) -> Option<(i32, u32)> {
    let label = input::string(value, p)?;
    match NaiveDate::parse_from_str(&format!("{label}-01"), "%Y-%m-%d") {
        Ok(first) => Some((first.year(), first.month())),
        Err(_) => {
            p.push(
                Diagnostic::at(f.header_span(), format!("`{label}` is not a month"))
                    .help("write \"YYYY-MM\""),
            );
            None
        }
    }
}

/// Parses the exchange-rate file (`data/fx.toml` format).
pub fn parse_fx(file: &str, text: &str) -> Result<FxTable, FileDiagnostics> {
    let when = |m: &FxMonth| (m.year, m.month);
    let (source, months) = monthly(file, text, "the exchange-rate table", read_month, when)?;
    Ok(FxTable { source, months })
}

fn read_month(value: &Value<'_>, p: &mut Problems) -> Option<FxMonth> {
    let f = Fields::new(value, "`[[month]]`", &["month", "USD", "GBP", "days"], p)?;
    let when = f
        .require("month", p, "write the month as \"YYYY-MM\"")
        .and_then(|v| month_of(v, &f, p));
    let usd = f
        .require("USD", p, "USD per EUR")
        .and_then(|v| input::number(v, p));
    let gbp = f
        .require("GBP", p, "GBP per EUR")
        .and_then(|v| input::number(v, p));
    let days = f
        .require("days", p, "trading days averaged")
        .and_then(|v| input::positive_integer(v, "`days`", p));
    let (year, month) = when?;
    Some(FxMonth {
        year,
        month,
        usd_per_eur: usd?,
        gbp_per_eur: gbp?,
        days: u32::try_from(days?).ok()?,
    })
}

//! Reading the catalog and exchange-rate files, with the same spanned reader and the
//! same diagnostics as scenario files: a broken catalog is reported, never a panic.
//!
//! Over 400 lines, and one idea: the catalog's file format (models, periods,
//! assumptions, overrides merged over the built-in catalog) and the FX file's.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use toml::de::DeValue;

use super::{Assumption, Catalog, Family, Form, GpuModel, PricePoint, Sourced};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::input::{self, Fields, Problems, Value};
use crate::money::{Currency, FxMonth, FxTable, IndexMonth, PriceIndex, Range};
use crate::param::Param;

const ASSUMPTION_KEYS: [&str; 4] = ["value", "by_year", "source", "date"];
const GPU_KEYS: [&str; 22] = [
    "name",
    "aliases",
    "family",
    "launch",
    "launch_source",
    "tdp_w",
    "tdp_source",
    "tdp_missing",
    "memory_gb",
    "memory_source",
    "kw_per_gpu",
    "kw_per_gpu_source",
    "server_power_factor",
    "server_power_factor_source",
    "load",
    "load_source",
    "peak_flops",
    "peak_flops_source",
    "peak_flops_fp8",
    "peak_flops_fp8_source",
    "price",
    "rent",
];
const PRICE_KEYS: [&str; 6] = ["date", "form", "usd", "vendor", "note", "source"];
const RENT_KEYS: [&str; 7] = [
    "date",
    "on_demand",
    "one_year",
    "three_year",
    "vendor",
    "note",
    "source",
];

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
            if own.network_share_on_server.is_some() {
                catalog.network_share_on_server = own.network_share_on_server;
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
        let range = fields.get("value").and_then(|v| {
            let range = usd_range(v, money, p)?;
            in_domain(domain, name, range, v, p)
        });
        let by_year = fields.get("by_year").map(|v| by_year(v, money, p));
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
        let (Some(source), Some(date)) = (source, date) else {
            continue;
        };
        let assumption = Assumption {
            value: range,
            by_year: by_year.unwrap_or_default(),
            source,
            date,
        };
        if assumption.value.is_none() && assumption.by_year.is_empty() {
            continue;
        }
        match (param, name) {
            (Some(&param), _) => catalog.assumptions.push((param, assumption)),
            (None, "network_share_on_server") => {
                catalog.network_share_on_server = assumption.at(NaiveDate::MIN);
            }
            (None, _) => catalog.server_power_factor = assumption.at(NaiveDate::MIN),
        }
    }
}

/// `{ 2023 = 0.0806, … }`: figures by calendar year, in ascending order.
fn by_year(value: &Value<'_>, money: bool, p: &mut Problems) -> Vec<(i32, Decimal)> {
    let DeValue::Table(table) = value.get_ref() else {
        p.push(input::wrong_type(
            value,
            "a table of years, `{ 2023 = 0.0806 }`",
        ));
        return Vec::new();
    };
    let mut years = Vec::new();
    for (year, figure) in table.iter() {
        let Ok(y) = year.get_ref().parse::<i32>() else {
            p.push(
                Diagnostic::at(year.span(), format!("`{}` is not a year", year.get_ref()))
                    .help("write the year as the key: `2023 = 0.0806`"),
            );
            continue;
        };
        if let Some(b) = input::bounds(figure, money, p)
            && b.low.value >= Decimal::ZERO
        {
            years.push((y, b.low.value));
        }
    }
    years.sort_by_key(|&(y, _)| y);
    years
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
    // A figure above zero, with its `*_source`.
    let figure = |key: &str, p: &mut Problems| {
        sourced(&f, key, p, |v, p| {
            let n = input::number(v, p)?;
            if n <= rust_decimal::Decimal::ZERO {
                p.push(Diagnostic::at(
                    v.span(),
                    format!("`{key}` must be above zero"),
                ));
                return None;
            }
            Some(n)
        })
    };
    // A range within what `param` allows, with its `*_source`.
    let range = |key: &str, param: Param, p: &mut Problems| {
        sourced(&f, key, p, |v, p| {
            usd_range(v, false, p).and_then(|r| in_domain(param, key, r, v, p))
        })
    };
    let tdp_w = figure("tdp_w", p);
    let tdp_missing = f.get("tdp_missing").and_then(|v| input::string(v, p));
    let memory_gb = figure("memory_gb", p);
    let kw = range("kw_per_gpu", Param::KwPerGpu, p);
    let factor = range("server_power_factor", Param::KwPerGpu, p);
    let load = range("load", Param::Load, p);
    let peak_flops = figure("peak_flops", p);
    let fp8 = figure("peak_flops_fp8", p);
    // A figure as written (or unreadable), else the known model's.
    fn keep<T: Clone>(
        new: Option<Option<Sourced<T>>>,
        old: Option<&Option<Sourced<T>>>,
    ) -> Option<Sourced<T>> {
        match new {
            Some(written) => written,
            None => old.cloned().flatten(),
        }
    }
    let tdp_w = keep(tdp_w, known.map(|m| &m.tdp_w));
    let tdp_missing = tdp_missing.or(known.and_then(|m| m.tdp_missing.clone()));
    if tdp_w.is_none() && tdp_missing.is_none() && f.get("tdp_w").is_none() {
        f.require(
            "tdp_w",
            p,
            "give the TDP in watts with `tdp_source`, or say in `tdp_missing` why no source gives one",
        );
    }
    let mut points: Vec<PricePoint> = match f.get("price") {
        Some(v) => each_table(v, "`[[gpu.price]]`", p, read_price),
        None => Vec::new(),
    };
    if let Some(v) = f.get("rent") {
        points.extend(
            each_table(v, "`[[gpu.rent]]`", p, read_rent)
                .into_iter()
                .flatten(),
        );
    }
    if let Some(m) = known {
        let new = std::mem::replace(&mut points, m.points.clone());
        points.extend(new.into_iter().filter(|n| !m.points.contains(n)));
    }
    points.sort_by_key(|point| point.date);
    if let (Some(launch), Some(first)) = (launch, points.first())
        && first.date < launch
    {
        p.push(
            Diagnostic::at(
                f.header_span(),
                format!(
                    "`{name}` has a price dated {}, before its launch {launch}",
                    first.date
                ),
            )
            .help("check the point's date, or the launch date"),
        );
    }
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
        tdp_w,
        tdp_missing,
        memory_gb: keep(memory_gb, known.map(|m| &m.memory_gb)),
        kw_per_gpu: keep(kw, known.map(|m| &m.kw_per_gpu)),
        server_power_factor: keep(factor, known.map(|m| &m.server_power_factor)),
        load: keep(load, known.map(|m| &m.load)),
        peak_flops: keep(peak_flops, known.map(|m| &m.peak_flops)),
        peak_flops_fp8: keep(fp8, known.map(|m| &m.peak_flops_fp8)),
        points,
    })
}

/// `key` and its source (`tdp_source`, `memory_source`, else `KEY_source`): `None`
/// when the key is not written, `Some(None)` when it is but does not read (the problem
/// is noted), `Some(Some(figure))` otherwise.
fn sourced<T>(
    f: &Fields<'_, '_>,
    key: &str,
    p: &mut Problems,
    read: impl FnOnce(&Value<'_>, &mut Problems) -> Option<T>,
) -> Option<Option<Sourced<T>>> {
    let source_key = match key {
        "tdp_w" => "tdp_source".to_string(),
        "memory_gb" => "memory_source".to_string(),
        _ => format!("{key}_source"),
    };
    let v = f.get(key)?;
    let value = read(v, p);
    let source = f
        .require(&source_key, p, "every catalog figure needs a source")
        .and_then(|v| input::string(v, p));
    Some(value.zip(source).map(|(value, source)| Sourced {
        value,
        source,
        date: String::new(),
    }))
}

/// A key of the catalog format before price points (`from`, `value`): what replaced it.
fn old_period_key(key: &str, span: crate::input::Span) -> Option<Diagnostic> {
    let help = match key {
        "from" => "a point has the `date` its source gives, not a `from` date: write `date = …`",
        "value" => {
            "a point has its figure as its source gives it: `usd = …` for a price, \
             `on_demand`, `one_year` or `three_year` for a rent"
        }
        _ => return None,
    };
    Some(
        Diagnostic::at(
            span,
            format!("`{key}` is the catalog's old price period format"),
        )
        .label("not a key of a price point")
        .help(help),
    )
}

/// The keys every point has: its date, vendor, note and source.
type PointKeys = (NaiveDate, Option<String>, Option<String>, String);

fn point_keys(f: &Fields<'_, '_>, p: &mut Problems) -> Option<PointKeys> {
    let date = f
        .require("date", p, "give the day the source gives the figure")
        .and_then(|v| input::date(v, p));
    let vendor = f.get("vendor").and_then(|v| input::string(v, p));
    let note = f.get("note").and_then(|v| input::string(v, p));
    let source = f
        .require(
            "source",
            p,
            "every price needs a source: a URL or a publication",
        )
        .and_then(|v| input::string(v, p));
    Some((date?, vendor, note, source?))
}

fn read_price(value: &Value<'_>, p: &mut Problems) -> Option<PricePoint> {
    let f = Fields::new_redirecting(
        value,
        "a `[[gpu.price]]` point",
        &PRICE_KEYS,
        &old_period_key,
        p,
    )?;
    let forms = [Form::Card, Form::Board, Form::Server];
    let help = "say what was priced: \"card\", \"board\" (a card's share of a GPU baseboard) or \"server\" (a GPU's share of a DGX/HGX server)";
    let form = f.require("form", p, help).and_then(|v| {
        let text = input::string(v, p)?;
        let found = forms.into_iter().find(|form| form.label() == text);
        if found.is_none() {
            p.push(
                Diagnostic::at(v.span(), format!("unknown price form `{text}`"))
                    .help("use \"card\", \"board\" or \"server\""),
            );
        }
        found
    });
    let usd = f
        .require("usd", p, "give `usd = 25000` or `usd = [25000, 30000]`")
        .and_then(|v| usd_range(v, true, p));
    let (date, vendor, note, source) = point_keys(&f, p)?;
    Some(PricePoint {
        date,
        form: form?,
        usd: usd?,
        vendor,
        note,
        source,
    })
}

/// A `[[gpu.rent]]` row: one point per term it gives.
fn read_rent(value: &Value<'_>, p: &mut Problems) -> Option<Vec<PricePoint>> {
    let f = Fields::new_redirecting(
        value,
        "a `[[gpu.rent]]` point",
        &RENT_KEYS,
        &old_period_key,
        p,
    )?;
    let terms = [
        ("on_demand", Form::OnDemand),
        ("one_year", Form::OneYear),
        ("three_year", Form::ThreeYear),
    ];
    let rates: Vec<(Form, Option<Range>)> = terms
        .iter()
        .filter_map(|&(key, form)| Some((form, usd_range(f.get(key)?, true, p))))
        .collect();
    if rates.is_empty() {
        p.push(
            Diagnostic::at(f.header_span(), "a rent point without a rate")
                .help("give `on_demand`, `one_year` or `three_year` in USD per GPU-hour"),
        );
    }
    let (date, vendor, note, source) = point_keys(&f, p)?;
    rates
        .into_iter()
        .map(|(form, usd)| {
            Some(PricePoint {
                date,
                form,
                usd: usd?,
                vendor: vendor.clone(),
                note: note.clone(),
                source: source.clone(),
            })
        })
        .collect()
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

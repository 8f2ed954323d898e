//! Reading the catalog and exchange-rate files, with the same spanned reader and the
//! same diagnostics as scenario files: a broken catalog is reported, never a panic.
//!
//! Over 400 lines, and one idea: the catalog's file format (models, periods,
//! assumptions, overrides merged over the built-in catalog) and the FX file's.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::de::DeValue;

use super::points::Unread;
use super::{
    Assumption, CATALOG_FILE, Catalog, Family, Form, GpuModel, Points, PricePoint, Region, Sourced,
};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::input::param::Param;
use crate::input::{self, Fields, Problems, Value};
use crate::money::{Currency, ECB_COLUMNS, FxMonth, FxTable, IndexMonth, PriceIndex, Range};

const ASSUMPTION_KEYS: [&str; 4] = ["value", "by_year", "source", "date"];
const GPU_KEYS: [&str; 24] = [
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
    "peak_flops_missing",
    "price_missing",
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
    let keys = ["assumptions", "regions", "family", "gpu"];
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
        if let Some(v) = root.get("regions") {
            read_regions(v, &mut catalog, p);
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
        for family in &catalog.families {
            for member in &family.members {
                if !catalog.models.iter().any(|m| &m.name == member) {
                    p.push(Diagnostic::new(format!(
                        "family `{}` lists `{member}`, which the catalog does not define",
                        family.name
                    )));
                }
            }
        }
        for key in ["gpu", "family"] {
            if let Some(v) = root.get(key) {
                names_taken(v, key, &catalog, p);
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

/// Checks that each alias of the file's `[[gpu]]`s or `[[family]]`s (`kind`) names
/// that entry in the merged catalog, not another model or family: an alias `H100` on
/// a new model would never be found (the catalog's `H100` is looked up first), so it is
/// an error at the alias (before, dropped without a word).
fn names_taken(value: &Value<'_>, kind: &str, catalog: &Catalog, p: &mut Problems) {
    let DeValue::Array(items) = value.get_ref() else {
        return;
    };
    for item in items {
        let DeValue::Table(table) = item.get_ref() else {
            continue;
        };
        let Some(DeValue::String(own)) = table.get("name").map(|v| v.get_ref()) else {
            continue;
        };
        let Some(DeValue::Array(aliases)) = table.get("aliases").map(|v| v.get_ref()) else {
            continue;
        };
        for alias in aliases {
            let DeValue::String(text) = alias.get_ref() else {
                continue;
            };
            let taken = match catalog.lookup(text) {
                Some(super::GpuRef::Model(m)) if m.name != *own => Some(("model", &m.name)),
                Some(super::GpuRef::Family(f)) if f.name != *own => Some(("family", &f.name)),
                _ => None,
            };
            if let Some((what, name)) = taken {
                p.push(
                    Diagnostic::at(
                        alias.span(),
                        format!("alias `{text}` of `{own}` already names the {what} `{name}`"),
                    )
                    .label("taken")
                    .help(format!(
                        "an alias names one {}: remove it, or choose one no other model or \
                         family has",
                        if kind == "gpu" { "model" } else { "family" }
                    )),
                );
            }
        }
    }
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
fn read_assumption(
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
fn read_regions(value: &Value<'_>, catalog: &mut Catalog, p: &mut Problems) {
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
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// `{ 2023 = 0.0806, … }`: figures by calendar year, in ascending order. Each is one
/// figure in the assumption's domain, for a year from 1900 to 2999: a negative price or
/// year 99999 is an error at its place (before, dropped without a word, and 99999 then
/// priced every year as "the nearest").
fn by_year(
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

fn read_family(value: &Value<'_>, p: &mut Problems) -> Option<Family> {
    let fields = Fields::new(value, "`[[family]]`", &["name", "aliases", "members"], p)?;
    let name = fields
        .require("name", p, "give the family a `name`")
        .and_then(|v| input::string(v, p));
    let aliases = fields
        .get("aliases")
        .map_or(Some(Vec::new()), |v| input::strings(v, p));
    let members = fields
        .get("members")
        .map_or(Some(Vec::new()), |v| input::strings(v, p));
    Some(Family {
        name: name?,
        aliases: aliases?,
        members: members?,
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
    let flops_missing = f
        .get("peak_flops_missing")
        .and_then(|v| input::string(v, p));
    let price_missing = f.get("price_missing").and_then(|v| input::string(v, p));
    if tdp_w.is_none() && tdp_missing.is_none() && f.get("tdp_w").is_none() {
        f.require(
            "tdp_w",
            p,
            "give the TDP in watts with `tdp_source`, or say in `tdp_missing` why no source gives one",
        );
    }
    let mut points = read_points(&f, p);
    if let Some(m) = known {
        let new = std::mem::replace(&mut points, m.points.to_vec());
        points.extend(new.into_iter().filter(|n| !m.points.contains(n)));
    }
    let launch = launch?;
    sort_points(&mut points, &name, launch, f.header_span(), p);
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
        peak_flops_missing: flops_missing.or(known.and_then(|m| m.peak_flops_missing.clone())),
        price_missing: price_missing.or(known.and_then(|m| m.price_missing.clone())),
        points: Points::new(points),
    })
}

/// A model's `[[gpu.price]]` and `[[gpu.rent]]` points, as written.
fn read_points(f: &Fields<'_, '_>, p: &mut Problems) -> Vec<PricePoint> {
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
    points
}

/// Puts a model's points in date order; one dated before its launch is a problem at
/// `span`.
fn sort_points(
    points: &mut [PricePoint],
    name: &str,
    launch: NaiveDate,
    span: input::Span,
    p: &mut Problems,
) {
    points.sort_by_key(|point| point.date);
    if let Some(first) = points.first()
        && first.date < launch
    {
        p.push(
            Diagnostic::at(
                span,
                format!(
                    "`{name}` has a price dated {}, before its launch {launch}",
                    first.date
                ),
            )
            .help("check the point's date, or the launch date"),
        );
    }
}

/// The built-in catalog, its models' points left unread until first used (see
/// [`Points`]): the file is read without its `[[gpu.price]]` and `[[gpu.rent]]`
/// tables, and each model keeps where its own are. A file this cannot split (a
/// model's point tables not in one run of lines), or that does not read so, is read
/// whole, so its problems are shown where they are.
pub fn parse_builtin(file: &str, text: &'static str) -> Result<Catalog, FileDiagnostics> {
    let split = point_sections(text).and_then(|sections| {
        let mut rest = String::with_capacity(text.len());
        let mut from = 0;
        for range in sections.iter().flatten() {
            rest.push_str(&text[from..range.start]);
            from = range.end;
        }
        rest.push_str(&text[from..]);
        let catalog = parse_catalog(file, &rest).ok()?;
        (catalog.models.len() == sections.len()).then_some((catalog, sections))
    });
    let Some((mut catalog, sections)) = split else {
        return parse_catalog(file, text);
    };
    for (model, section) in catalog.models.iter_mut().zip(sections) {
        if let Some(range) = section {
            model.points = Points::unread(Unread {
                name: model.name.clone(),
                launch: model.launch.value,
                file: text,
                range,
            });
        }
    }
    Ok(catalog)
}

/// For each `[[gpu]]` of `text`, in order, the bytes of its point tables, if any.
/// Only headers at the start of a line are seen: a point table's indented header
/// leaves its lines in the text read at once (where they are read as any catalog's
/// points are), an indented `[[gpu]]` makes the counts differ. `None` when a model's
/// point tables are not in one run.
fn point_sections(text: &str) -> Option<Vec<Option<std::ops::Range<usize>>>> {
    // A table header, as written without spaces or a comment.
    let is = |line: &str, header: &str| {
        line.chars()
            .filter(|c| !c.is_whitespace())
            .take_while(|&c| c != '#')
            .eq(header.chars())
    };
    let starts = text.starts_with('[').then_some(0);
    let headers = starts
        .into_iter()
        .chain(text.match_indices("\n[").map(|(i, _)| i + 1));
    let mut sections: Vec<Option<std::ops::Range<usize>>> = Vec::new();
    // The run of point tables under way, and the model it is of.
    let mut run: Option<usize> = None;
    for start in headers {
        let line = text[start..].split('\n').next().unwrap_or_default();
        if is(line, "[[gpu.price]]") || is(line, "[[gpu.rent]]") {
            match sections.last_mut()? {
                section @ None => *section = Some(start..start),
                Some(_) if run.is_none() => return None,
                Some(_) => {}
            }
            run = Some(start);
            continue;
        }
        if run.take().is_some()
            && let Some(Some(section)) = sections.last_mut()
        {
            section.end = start;
        }
        if is(line, "[[gpu]]") {
            sections.push(None);
        }
    }
    if run.is_some()
        && let Some(Some(section)) = sections.last_mut()
    {
        section.end = text.len();
    }
    Some(sections)
}

/// Reads a built-in model's points. The built-in file is part of the program and a
/// test reads every model's points, so a problem here is a broken build, not a user's
/// input, and stops the program saying so (at the problem's line of the file).
pub(super) fn read_unread(unread: &Unread) -> Vec<PricePoint> {
    let read = |text: &str| {
        parse_with(CATALOG_FILE, text, "the catalog", &["gpu"], |root, p| {
            let gpu = root.require("gpu", p, "")?;
            let f = Fields::new(gpu, "`[[gpu]]`", &["price", "rent"], p)?;
            let mut points = read_points(&f, p);
            sort_points(&mut points, &unread.name, unread.launch, gpu.span(), p);
            Some(points)
        })
    };
    let Unread { file, range, .. } = unread;
    read(&file[range.clone()]).unwrap_or_else(|_| {
        // The lines before blanked: the problem at its place in the file.
        let before: String = file[..range.start]
            .chars()
            .map(|c| if c == '\n' { c } else { ' ' })
            .collect();
        let e = read(&(before + &file[range.clone()])).err();
        panic!(
            "the built-in catalog's points of {} do not read: {e:?}",
            unread.name
        )
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
    let b = input::bounds(value, money, None, p)?;
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

/// A monthly table (`data/fx.toml`, `data/ppi.toml`): its `source` and its `months`,
/// rows of a `"YYYY-MM"` month and the figures `columns` names, each read by `read`
/// from the month and the figures' values, and checked to be in order.
fn monthly<T>(
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
fn array<'v, 'a>(value: &'v Value<'a>, what: &str, p: &mut Problems) -> &'v [Value<'a>] {
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
fn month_of(value: &Value<'_>, p: &mut Problems) -> Option<(i32, u32)> {
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

/// The built-in exchange-rate table: read line by line where it is written as
/// `data/make_fx.py` writes it (a `source = "…"` line, then `months = [` and one row a
/// line), which is a tenth of the cost of reading it as TOML at every start; else, or
/// at the first line not so, read as any table is, so a problem is said as ever.
pub fn parse_builtin_fx(file: &str, text: &str) -> Result<FxTable, FileDiagnostics> {
    match fx_rows(text) {
        Some(table) => Ok(table),
        None => parse_fx(file, text),
    }
}

/// [`parse_builtin_fx`]'s line reading: `None` at anything it does not expect.
fn fx_rows(text: &str) -> Option<FxTable> {
    let mut source = None;
    let mut months: Vec<FxMonth> = Vec::new();
    let mut lines = text.lines().map(str::trim);
    for line in lines.by_ref() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(quoted) = line.strip_prefix("source = \"") {
            let text = quoted.strip_suffix('"')?;
            // An escape or a quote inside is read by the TOML reader.
            if source.is_some() || text.contains(['\\', '"']) {
                return None;
            }
            source = Some(text.to_string());
            continue;
        }
        if line == "months = [" {
            break;
        }
        return None;
    }
    let mut closed = false;
    for line in lines.by_ref() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "]" {
            closed = true;
            break;
        }
        let row = line.strip_prefix("[\"")?;
        let row = row.strip_suffix("],").or_else(|| row.strip_suffix(']'))?;
        let (label, rest) = row.split_once("\", ")?;
        let (y, m) = label.split_once('-')?;
        let digits = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) {
            return None;
        }
        let (year, month): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        if !(1..=12).contains(&month) {
            return None;
        }
        let cells: Vec<&str> = rest.split(", ").collect();
        let (days, rates) = cells.split_last()?;
        if rates.len() != ECB_COLUMNS.len() {
            return None;
        }
        // Plain decimals only (digits, one point): what the TOML reader reads the same.
        let plain = |c: &str| {
            let (whole, frac) = c.split_once('.')?;
            (digits(whole, whole.len()) && !whole.is_empty() && digits(frac, frac.len()))
                .then_some(())?;
            (!frac.is_empty() && (whole == "0" || !whole.starts_with('0'))).then_some(())
        };
        let mut per_eur = [Decimal::ZERO; 10];
        for (slot, cell) in per_eur.iter_mut().zip(rates) {
            plain(cell)?;
            *slot = crate::money::parse_number(cell).ok()?;
        }
        if !digits(days, days.len()) || days.starts_with('0') {
            return None;
        }
        let days: u32 = days.parse().ok().filter(|&d| d > 0)?;
        if months
            .last()
            .is_some_and(|l| (l.year, l.month) >= (year, month))
        {
            return None;
        }
        months.push(FxMonth {
            year,
            month,
            per_eur,
            days,
        });
    }
    // Nothing after the rows but comments.
    let rest_is_empty = lines.all(|l| l.is_empty() || l.starts_with('#'));
    (closed && rest_is_empty).then_some(FxTable {
        source: source?,
        months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CATALOG_TOML;

    #[test]
    fn builtin_fx_read_by_lines_is_the_fx_read_as_toml() {
        let file = "data/fx.toml (built in)";
        let toml = parse_fx(file, crate::catalog::FX_TOML).expect("the built-in rates read");
        let lines = fx_rows(crate::catalog::FX_TOML).expect("and read by lines");
        // Debug shows each figure's scale, which `==` on a Decimal does not compare.
        assert_eq!(format!("{lines:?}"), format!("{toml:?}"));
    }

    #[test]
    fn fx_not_as_written_by_make_fx_is_read_as_toml() {
        let text = crate::catalog::FX_TOML;
        for changed in [
            text.replacen("[\"2017-01\"", "[ \"2017-01\"", 1),
            text.replacen("1.0614", "1.0614e0", 1),
            text.replacen("months = [", "months = [ # rows", 1),
            text.replacen("\"2017-02\"", "\"2017-01\"", 1),
            text.replacen(", 22],", ", 0],", 1),
            format!("{text}\nextra = 1\n"),
        ] {
            assert!(
                fx_rows(&changed).is_none(),
                "{}",
                &changed[..80.min(changed.len())]
            );
        }
    }

    #[test]
    fn builtin_points_are_read_on_first_use_as_a_whole_read_reads_them() {
        let whole = parse_catalog(CATALOG_FILE, CATALOG_TOML).expect("the built-in catalog reads");
        let lazy = parse_builtin(CATALOG_FILE, CATALOG_TOML).expect("and so, split");
        assert_eq!(lazy.models.len(), whole.models.len());
        let mut unread = 0;
        for (l, w) in lazy.models.iter().zip(&whole.models) {
            assert_eq!(l.name, w.name);
            if !w.points.is_empty() {
                // Not read at start-up: the split worked for this model.
                assert!(!l.points.is_read(), "{}", l.name);
                unread += 1;
            }
            // Compares every point (reading them) and every other field.
            assert_eq!(l, w);
        }
        assert!(unread > 10, "{unread} models with points");
        assert_eq!(lazy.families, whole.families);
        assert_eq!(lazy.assumptions, whole.assumptions);
    }

    const TWO_MODELS: &str = r#"[[family]]
name = "F"
aliases = []

[[gpu]]
name = "A"
family = "F"
launch = 2020-01-01
launch_source = "s"
tdp_missing = "none"

[[gpu.price]]
date = 2021-01-01
form = "card"
usd = 100
source = "s"

  [[ gpu.rent ]] # a comment
date = 2021-02-01
on_demand = 2
source = "s"

[[gpu]]
name = "B"
family = "F"
launch = 2020-01-01
launch_source = "s"
tdp_missing = "none"
"#;

    #[test]
    fn point_sections_cut_each_models_run_of_point_tables() {
        let sections = point_sections(TWO_MODELS).expect("one run per model");
        // A's run: from its `[[gpu.price]]` to B's `[[gpu]]`; the indented rent header
        // is not seen as a header, and its lines stay in the run.
        let a = TWO_MODELS.find("[[gpu.price]]").expect("price header");
        let b = TWO_MODELS.rfind("[[gpu]]").expect("B's header");
        assert_eq!(sections, vec![Some(a..b), None]);
        let catalog = parse_builtin("t", TWO_MODELS).expect("reads");
        let points = &catalog.models[0].points;
        assert!(!points.is_read());
        assert_eq!(points.len(), 2);
        assert_eq!(points[1].usd, Range::exact(Decimal::TWO));
        assert!(catalog.models[1].points.is_empty());
    }

    #[test]
    fn point_tables_in_two_runs_are_read_at_once() {
        let text = TWO_MODELS.replace("  [[ gpu.rent ]]", "[assumptions.pue]\n[[gpu.rent]]");
        assert_eq!(point_sections(&text), None);
        let text = "[[gpu.price]]\n";
        assert_eq!(point_sections(text), None, "points before any model");
    }

    #[test]
    #[should_panic(expected = "points of A do not read")]
    fn a_broken_builtin_point_stops_the_program_saying_which() {
        // The built-in text lives as long as the program: so does this one.
        let broken = TWO_MODELS.replace("form = \"card\"", "form = \"crate\"");
        let broken: &'static str = Box::leak(broken.into_boxed_str());
        let catalog = parse_builtin("t", broken).expect("reads without its points");
        let _ = catalog.models[0].points.len();
    }

    fn fx_problems(rows: &str) -> String {
        let text = format!("source = \"s\"\nmonths = [\n{rows}\n]\n");
        match parse_fx("fx.toml", &text) {
            Ok(table) => format!("read {} months", table.months.len()),
            Err(e) => e.render(false),
        }
    }

    #[test]
    fn exchange_rate_rows_are_checked() {
        // A month's ten rates per euro: USD, GBP, CNY, JPY, KRW, INR, CHF, CAD, AUD, SEK.
        let rates = "1.09, 0.86, 7.8, 160, 1450, 90, 0.94, 1.47, 1.65, 11.3";
        let row = |month: &str, days: &str| format!(r#"["{month}", {rates}, {days}]"#);
        let two = format!("{}, {}", row("2024-01", "22"), row("2024-02", "21"));
        assert_eq!(fx_problems(&two), "read 2 months");
        let short = fx_problems(r#"["2024-01", 1.09, 0.86, 22]"#);
        assert!(
            short.contains("[\"YYYY-MM\", USD per EUR, GBP per EUR, CNY per EUR"),
            "{short}"
        );
        let month = fx_problems(&row("2024-13", "22"));
        assert!(month.contains("`2024-13` is not a month"), "{month}");
        let order = fx_problems(&format!(
            "{}, {}",
            row("2024-02", "22"),
            row("2024-01", "21")
        ));
        assert!(order.contains("out of order"), "{order}");
        let days = fx_problems(&row("2024-01", "0"));
        assert!(days.contains("trading days"), "{days}");
    }

    #[test]
    fn price_index_rows_are_checked() {
        let read = |rows: &str| {
            let text = format!("source = \"s\"\nmonths = [{rows}]\n");
            parse_ppi("ppi.toml", &text).map_err(|e| e.render(false))
        };
        assert_eq!(read(r#"["2023-12", 150.5]"#).map(|i| i.months.len()), Ok(1));
        let zero = read(r#"["2023-12", 0]"#).expect_err("zero index");
        assert!(zero.contains("an index must be above zero"), "{zero}");
        let table = read(r#"{ month = "2023-12" }"#).expect_err("not a row");
        assert!(table.contains("a row `[\"YYYY-MM\", index]`"), "{table}");
    }
}

//! Reading the catalog and exchange-rate files, with the same spanned reader and the
//! same diagnostics as scenario files: a broken catalog is reported, never a panic.
//!
//! Here the catalog file's structure: models, families, assumptions, regions, and a
//! user catalog merged over the built-in one; its price and rent points are read in
//! [`points`], the default assumptions and regions in [`assumptions`], the exchange-rate
//! and price-index files in [`series`].

mod assumptions;
mod points;
mod series;

use assumptions::*;
use points::*;
pub use series::{parse_fx, parse_ppi};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::de::DeValue;

use super::{Assumption, Catalog, Family, Form, GpuModel, Points, PricePoint, Region, Sourced};
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
    let mut spaced = None;
    let doc = input::parse_file_text(text, &mut spaced).map_err(fail)?;
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

/// The keys every point has: its date, vendor, note and source.
type PointKeys = (NaiveDate, Option<String>, Option<String>, String);

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

#[cfg(test)]
mod tests {
    use super::*;

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

//! `gpucost catalog`: the built-in models, their price and rental ranges and the
//! default assumptions, each number with its source.

use serde::Serialize;

use comfy_table::Cell;

use super::input_range;
use super::table::Look;
use crate::catalog::{Catalog, GpuModel, GpuRef, PricePeriod, Sourced};
use crate::money::{Currency, Range};

/// The list of models, or one model (or family) in full.
pub fn table(catalog: &Catalog, only: Option<GpuRef<'_>>, look: Look) -> String {
    match only {
        None => overview(catalog, look),
        Some(GpuRef::Model(m)) => model(catalog, m, look),
        Some(GpuRef::Family(f)) => {
            let mut out = look.title(&format!("{} family{}", f.name, aliases(&f.aliases)));
            let members: Vec<String> = catalog
                .members(f)
                .map(|m| model(catalog, m, look))
                .collect();
            out.push_str(&members.join("\n"));
            out
        }
    }
}

fn aliases(list: &[String]) -> String {
    if list.is_empty() {
        String::new()
    } else {
        format!(" (also: {})", list.join(", "))
    }
}

/// A row of cells in the given look.
fn cells(look: Look, texts: Vec<String>) -> Vec<Cell> {
    texts.iter().map(|t| look.cell(t)).collect()
}

fn overview(catalog: &Catalog, look: Look) -> String {
    let mut t = look.table(&["model", "family", "launch", "TDP", "also known as"]);
    for m in &catalog.models {
        t.add_row(cells(
            look,
            vec![
                m.name.clone(),
                m.family.clone(),
                m.launch.value.to_string(),
                format!("{} W", m.tdp_w.value),
                m.aliases.join(", "),
            ],
        ));
    }
    let mut out = format!("{}{t}\n", look.title("GPU models"));
    let families: Vec<String> = catalog
        .families
        .iter()
        .map(|f| {
            let members: Vec<&str> = catalog.members(f).map(|m| m.name.as_str()).collect();
            format!(
                "{}{} = {}",
                f.name,
                aliases(&f.aliases),
                members.join(" + ")
            )
        })
        .collect();
    let line = format!("families: {}", families.join("; "));
    out.push_str(&textwrap::fill(
        &line,
        super::wrapping(78).subsequent_indent("  "),
    ));
    out.push('\n');

    for (title, rent) in [
        ("Purchase prices, USD per GPU", false),
        ("Rental rates, USD per GPU-hour", true),
    ] {
        let mut p = look.table(&["model", "from", "range", "source"]);
        for m in &catalog.models {
            for period in if rent { &m.rents } else { &m.prices } {
                p.add_row(cells(
                    look,
                    vec![
                        m.name.clone(),
                        period.from.to_string(),
                        input_range(period.range, Some(Currency::Usd)),
                        period.source.clone(),
                    ],
                ));
            }
        }
        out.push_str(&format!("{}{p}\n", look.title(title)));
    }

    let mut d = look.table(&["assumption", "value", "source"]);
    for (param, s) in &catalog.assumptions {
        let currency = param.is_money().then_some(Currency::Usd);
        d.add_row(cells(
            look,
            vec![
                param.key().to_string(),
                input_range(s.value, currency),
                format!("{} ({})", s.source, s.date),
            ],
        ));
    }
    if let Some(f) = &catalog.server_power_factor {
        d.add_row(cells(
            look,
            vec![
                "server power factor".to_string(),
                format!("{} × TDP", input_range(f.value, None)),
                format!("{} ({})", f.source, f.date),
            ],
        ));
    }
    out.push_str(&format!("{}{d}\n", look.title("Default assumptions")));
    if let Some((first, last)) = catalog.fx.span() {
        out.push_str(&format!(
            "\nExchange rates: {} months, {first} to {last}\n{}\n",
            catalog.fx.months.len(),
            textwrap::fill(&catalog.fx.source, super::wrapping(78))
        ));
    }
    out.push_str("\n`gpucost catalog MODEL` shows one model with every source.\n");
    out
}

fn model(catalog: &Catalog, m: &GpuModel, look: Look) -> String {
    let mut out = look.title(&format!(
        "{} — {} family{}",
        m.name,
        m.family,
        aliases(&m.aliases)
    ));
    let mut t = look.table(&["what", "value", "source"]);
    t.add_row(cells(
        look,
        vec![
            "launch".into(),
            m.launch.value.to_string(),
            m.launch.source.clone(),
        ],
    ));
    t.add_row(cells(
        look,
        vec![
            "TDP".into(),
            format!("{} W", m.tdp_w.value),
            m.tdp_w.source.clone(),
        ],
    ));
    if let Some(f) = &m.peak_flops {
        t.add_row(cells(
            look,
            vec![
                "peak FLOP/s".into(),
                format!(
                    "{} TFLOP/s dense BF16",
                    crate::money::format_decimal(
                        (f.value / rust_decimal::Decimal::from(1_000_000_000_000u64)).normalize()
                    )
                ),
                f.source.clone(),
            ],
        ));
    }
    if let Some(factor) = &catalog.server_power_factor {
        let kw = m.kw_per_gpu(factor);
        t.add_row(cells(
            look,
            vec![
                "kW per GPU".into(),
                input_range(kw.value, None),
                kw.source.clone(),
            ],
        ));
    }
    for (label, list) in [("price", &m.prices), ("rent /h", &m.rents)] {
        for p in list {
            t.add_row(cells(
                look,
                vec![
                    format!("{label} from {}", p.from),
                    input_range(p.range, Some(Currency::Usd)),
                    p.source.clone(),
                ],
            ));
        }
    }
    out.push_str(&t.to_string());
    out.push('\n');
    out
}

/// The catalog's prices and rents as CSV: `model,family,kind,from,low_usd,high_usd,source`.
pub fn csv(catalog: &Catalog, only: Option<GpuRef<'_>>) -> String {
    let models: Vec<&GpuModel> = match only {
        None => catalog.models.iter().collect(),
        Some(GpuRef::Model(m)) => vec![m],
        Some(GpuRef::Family(f)) => catalog.members(f).collect(),
    };
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "model", "family", "kind", "from", "low_usd", "high_usd", "source",
    ]);
    for m in models {
        for (kind, list) in [("purchase", &m.prices), ("rental", &m.rents)] {
            for p in list {
                let _ = w.write_record([
                    m.name.as_str(),
                    &m.family,
                    kind,
                    &p.from.to_string(),
                    &p.range.low().to_string(),
                    &p.range.high().to_string(),
                    &p.source,
                ]);
            }
        }
    }
    super::csv::finish(w)
}

#[derive(Serialize)]
struct JsonSourced<T: Serialize> {
    value: T,
    source: String,
    date: String,
}

fn sourced<T: Serialize + Clone>(s: &Sourced<T>) -> JsonSourced<T> {
    JsonSourced {
        value: s.value.clone(),
        source: s.source.clone(),
        date: s.date.clone(),
    }
}

#[derive(Serialize)]
struct JsonPeriod {
    from: String,
    low: String,
    high: String,
    source: String,
}

fn periods(list: &[PricePeriod]) -> Vec<JsonPeriod> {
    list.iter()
        .map(|p| JsonPeriod {
            from: p.from.to_string(),
            low: p.range.low().to_string(),
            high: p.range.high().to_string(),
            source: p.source.clone(),
        })
        .collect()
}

#[derive(Serialize)]
struct JsonModel {
    name: String,
    aliases: Vec<String>,
    family: String,
    launch: JsonSourced<String>,
    tdp_w: JsonSourced<String>,
    kw_per_gpu: JsonSourced<Range>,
    peak_flops: Option<JsonSourced<String>>,
    prices_usd: Vec<JsonPeriod>,
    rents_usd_per_gpu_hour: Vec<JsonPeriod>,
}

/// The catalog (or the models of one entry) as JSON.
pub fn json(catalog: &Catalog, only: Option<GpuRef<'_>>) -> String {
    let models: Vec<&GpuModel> = match only {
        None => catalog.models.iter().collect(),
        Some(GpuRef::Model(m)) => vec![m],
        Some(GpuRef::Family(f)) => catalog.members(f).collect(),
    };
    let factor = catalog.server_power_factor.clone().unwrap_or(Sourced {
        value: Range::ZERO,
        source: String::new(),
        date: String::new(),
    });
    let list: Vec<JsonModel> = models
        .into_iter()
        .map(|m| JsonModel {
            name: m.name.clone(),
            aliases: m.aliases.clone(),
            family: m.family.clone(),
            launch: JsonSourced {
                value: m.launch.value.to_string(),
                source: m.launch.source.clone(),
                date: m.launch.date.clone(),
            },
            tdp_w: JsonSourced {
                value: m.tdp_w.value.to_string(),
                source: m.tdp_w.source.clone(),
                date: m.tdp_w.date.clone(),
            },
            kw_per_gpu: sourced(&m.kw_per_gpu(&factor)),
            peak_flops: m.peak_flops.as_ref().map(|f| JsonSourced {
                value: f.value.normalize().to_string(),
                source: f.source.clone(),
                date: f.date.clone(),
            }),
            prices_usd: periods(&m.prices),
            rents_usd_per_gpu_hour: periods(&m.rents),
        })
        .collect();
    let assumptions: serde_json::Map<String, serde_json::Value> = catalog
        .assumptions
        .iter()
        .map(|(p, s)| {
            (
                p.key().to_string(),
                serde_json::to_value(sourced(s)).unwrap_or_default(),
            )
        })
        .collect();
    let doc = serde_json::json!({ "models": list, "assumptions": assumptions });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

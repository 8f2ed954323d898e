//! `gpucost catalog`: the built-in models with their specifications, the ranges their
//! price points give, every point with its source (`--history`), the models whose
//! newest point is old (`--stale`), and the default assumptions, each number with its
//! source.
//!
//! Over 600 lines, and one idea: the catalog's one report, a model's specifications,
//! ranges and points, in every format it is asked for.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use comfy_table::Cell;

use super::input_range;
use super::table::Look;
use crate::catalog::{
    Assumption, Catalog, Derived, GpuModel, GpuRef, PriceKind, PricePoint, Sourced, WINDOW_DAYS,
    usd_text,
};
use crate::money::{Currency, Range, format_decimal};

/// What `gpucost catalog` is asked to show.
#[derive(Clone, Copy, Debug)]
pub enum View<'a> {
    /// Every model in brief, the defaults and the exchange rates.
    Overview,
    /// One model or family in full.
    Entry(GpuRef<'a>),
    /// Every point of a model or family, with the range each date would get.
    History(GpuRef<'a>),
    /// The models whose newest price or rent is more than a year before the date.
    Stale(NaiveDate),
}

/// The view as a table (or Markdown).
pub fn table(catalog: &Catalog, view: View<'_>, look: Look) -> String {
    match view {
        View::Overview => overview(catalog, look),
        View::Entry(entry) => each_model(catalog, entry, look, model),
        View::History(entry) => each_model(catalog, entry, look, history),
        View::Stale(date) => stale(catalog, date, look),
    }
}

/// `show` for a model, or for each member of a family under its title.
fn each_model(
    catalog: &Catalog,
    entry: GpuRef<'_>,
    look: Look,
    show: fn(&Catalog, &GpuModel, Look) -> String,
) -> String {
    match entry {
        GpuRef::Model(m) => show(catalog, m, look),
        GpuRef::Family(f) => {
            let mut out = look.title(&format!("{} family{}", f.name, aliases(&f.aliases)));
            let members: Vec<String> = catalog.members(f).map(|m| show(catalog, m, look)).collect();
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

/// `989.4 TFLOP/s`.
fn tflops(flops: Decimal) -> String {
    let tera = Decimal::from(1_000_000_000_000u64);
    format!("{} TFLOP/s", format_decimal((flops / tera).normalize()))
}

/// The range the rule gives at the model's newest point of a kind: the latest range.
fn latest(m: &GpuModel, kind: PriceKind) -> Option<Derived<'_>> {
    let newest = m.points(kind).map(|p| p.date).max()?;
    m.market(kind, newest)
}

/// `$25,000 – $30,000 (2023-08)`, `$41,197.5 per GPU in a server (2023-12-11)`, or `—`.
fn latest_text(m: &GpuModel, kind: PriceKind) -> String {
    match latest(m, kind) {
        Some(d) => {
            let held = if d.holds_server { " in a server" } else { "" };
            format!("{}{held} (to {})", usd_text(d.range), d.newest)
        }
        None => "—".into(),
    }
}

fn overview(catalog: &Catalog, look: Look) -> String {
    let mut t = look.table(&[
        "model",
        "family",
        "launch",
        "TDP",
        "memory",
        "dense BF16",
        "also known as",
    ]);
    for m in &catalog.models {
        t.add_row(cells(
            look,
            vec![
                m.name.clone(),
                m.family.clone(),
                m.launch.value.to_string(),
                m.tdp_w
                    .as_ref()
                    .map_or("not published".into(), |t| format!("{} W", t.value)),
                m.memory_gb
                    .as_ref()
                    .map_or("—".into(), |g| format!("{} GB", format_decimal(g.value))),
                m.peak_flops
                    .as_ref()
                    .map_or("—".into(), |f| tflops(f.value)),
                m.aliases.join(", "),
            ],
        ));
    }
    let t = t.into_string();
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

    let mut p = look.table(&[
        "model",
        "points",
        "latest purchase range, USD per GPU",
        "latest rent range, USD per GPU-hour",
    ]);
    for m in &catalog.models {
        let count = |kind| m.points(kind).count();
        p.add_row(cells(
            look,
            vec![
                m.name.clone(),
                format!(
                    "{} price, {} rent",
                    count(PriceKind::Purchase),
                    count(PriceKind::Rental)
                ),
                latest_text(m, PriceKind::Purchase),
                latest_text(m, PriceKind::Rental),
            ],
        ));
    }
    let p = p.into_string();
    out.push_str(&format!(
        "{}{p}\n",
        look.title("Prices and rents: the range the newest year of points gives")
    ));

    let mut d = look.table(&["assumption", "value", "source"]);
    for (param, a) in &catalog.assumptions {
        let currency = param.is_money().then_some(Currency::Usd);
        let (value, source) = assumption_text(a, currency);
        d.add_row(cells(look, vec![param.key().to_string(), value, source]));
    }
    let extra = [
        ("server power factor", &catalog.server_power_factor, "× TDP"),
        (
            "network_share, price per GPU in a server",
            &catalog.network_share_on_server,
            "of the server",
        ),
    ];
    for (label, sourced, unit) in extra {
        if let Some(s) = sourced {
            d.add_row(cells(
                look,
                vec![
                    label.to_string(),
                    format!("{} {unit}", input_range(s.value, None)),
                    format!("{} ({})", s.source, s.date),
                ],
            ));
        }
    }
    let d = d.into_string();
    out.push_str(&format!("{}{d}\n", look.title("Default assumptions")));
    if let Some((first, last)) = catalog.fx.span() {
        out.push_str(&format!(
            "\nExchange rates: {} months, {first} to {last}\n{}\n",
            catalog.fx.months.len(),
            textwrap::fill(&catalog.fx.source, super::wrapping(78))
        ));
    }
    out.push_str(
        "\n`gpucost catalog MODEL` shows one model with every source; \
         `gpucost catalog MODEL --history` every price point.\n",
    );
    out
}

/// A default as shown: its range, or the span of its figures by year; and its source,
/// after the figures by year if it has them.
fn assumption_text(a: &Assumption, currency: Option<Currency>) -> (String, String) {
    let source = format!("{} ({})", a.source, a.date);
    if let Some(range) = a.value {
        return (input_range(range, currency), source);
    }
    let (Some(first), Some(last)) = (a.by_year.first(), a.by_year.last()) else {
        return (String::new(), source);
    };
    let span = a
        .by_year
        .iter()
        .skip(1)
        .fold(Range::exact(first.1), |acc, (_, v)| {
            acc.hull(&Range::exact(*v))
        });
    let years: Vec<String> = a
        .by_year
        .iter()
        .map(|(y, v)| format!("{y} {}", input_range(Range::exact(*v), currency)))
        .collect();
    (
        format!(
            "by year, {}–{}: {}",
            first.0,
            last.0,
            input_range(span, currency)
        ),
        format!("{}. {source}", years.join(", ")),
    )
}

fn model(catalog: &Catalog, m: &GpuModel, look: Look) -> String {
    let mut out = look.title(&format!(
        "{} — {} family{}",
        m.name,
        m.family,
        aliases(&m.aliases)
    ));
    let mut t = look.table(&["what", "value", "source"]);
    let mut row = |what: &str, value: String, source: &str| {
        t.add_row(cells(look, vec![what.into(), value, source.into()]));
    };
    row("launch", m.launch.value.to_string(), &m.launch.source);
    match (&m.tdp_w, &m.tdp_missing) {
        (Some(tdp), _) => row("TDP", format!("{} W", tdp.value), &tdp.source),
        (None, why) => row("TDP", "not published".into(), why.as_deref().unwrap_or("")),
    }
    if let Some(g) = &m.memory_gb {
        row(
            "memory",
            format!("{} GB", format_decimal(g.value)),
            &g.source,
        );
    }
    if let Some(f) = &m.peak_flops {
        row(
            "peak FLOP/s",
            format!("{} dense BF16", tflops(f.value)),
            &f.source,
        );
    }
    if let (None, Some(why)) = (&m.peak_flops, &m.peak_flops_missing) {
        row("peak FLOP/s", "not in the catalog".into(), why);
    }
    if let Some(f) = &m.peak_flops_fp8 {
        row(
            "peak FLOP/s, FP8",
            format!("{} dense FP8", tflops(f.value)),
            &f.source,
        );
    }
    if let Some(kw) = catalog
        .server_power_factor
        .as_ref()
        .and_then(|factor| m.kw_per_gpu(factor))
    {
        row("kW per GPU", input_range(kw.value, None), &kw.source);
    }
    if let Some(load) = &m.load {
        row("load", input_range(load.value, None), &load.source);
    }
    for (label, kind) in [
        ("price, latest range", PriceKind::Purchase),
        ("rent /h, latest range", PriceKind::Rental),
    ] {
        if let Some(d) = latest(m, kind) {
            row(label, usd_text(d.range), &d.describe());
        }
    }
    if let Some(why) = &m.price_missing {
        row("price missing", "no point for it".into(), why);
    }
    out.push_str(&t.into_string());
    out.push_str(&format!(
        "\n`gpucost catalog {} --history` lists its {} price points, each with its source.\n",
        m.name,
        m.points.len()
    ));
    out
}

fn history(_catalog: &Catalog, m: &GpuModel, look: Look) -> String {
    let mut out = String::new();
    for (title, kind) in [
        ("purchases, USD per GPU", PriceKind::Purchase),
        ("rents, USD per GPU-hour", PriceKind::Rental),
    ] {
        let points: Vec<&PricePoint> = m.points(kind).collect();
        if points.is_empty() {
            out.push_str(&look.title(&format!("{}: no {title}", m.name)));
            continue;
        }
        let mut t = look.table(&["date", "form", "vendor", "USD", "range that day", "source"]);
        for p in points {
            let that_day = m.market(kind, p.date).map_or("—".into(), |d| {
                let held = if d.holds_server { " (server)" } else { "" };
                format!("{}{held}", usd_text(d.range))
            });
            let source = match &p.note {
                Some(note) => format!("{} — {note}", p.source),
                None => p.source.clone(),
            };
            t.add_row(cells(
                look,
                vec![
                    p.date.to_string(),
                    p.form.label().into(),
                    p.vendor.clone().unwrap_or_default(),
                    usd_text(p.usd),
                    that_day,
                    source,
                ],
            ));
        }
        let t = t.into_string();
        out.push_str(&format!(
            "{}{t}\n",
            look.title(&format!("{}: {title}", m.name))
        ));
    }
    out.push_str(&format!(
        "\nA date gets the points of the year up to its newest point on or before it: cards \
         (and boards) if one is less than a year old, else the form with the newer point, \
         servers never mixed with cards; a date before every point, the year from the first \
         if it is less than {WINDOW_DAYS} days later. The manual's \"How the catalog prices \
         a model\" (docs/src/catalog.md) states the rule.\n"
    ));
    out
}

/// A model's newest point of a kind more than a year before `date`, with its age.
fn stale_point(m: &GpuModel, kind: PriceKind, date: NaiveDate) -> Option<(&PricePoint, i64)> {
    let newest = m
        .points(kind)
        .filter(|p| p.date <= date)
        .max_by_key(|p| p.date)?;
    let days = (date - newest.date).num_days();
    (days > WINDOW_DAYS).then_some((newest, days))
}

fn stale(catalog: &Catalog, date: NaiveDate, look: Look) -> String {
    let mut t = look.table(&["model", "kind", "newest point", "days before", "source"]);
    let mut any = false;
    for m in &catalog.models {
        for (label, kind) in [
            ("purchase", PriceKind::Purchase),
            ("rent", PriceKind::Rental),
        ] {
            if let Some((p, days)) = stale_point(m, kind, date) {
                any = true;
                t.add_row(cells(
                    look,
                    vec![
                        m.name.clone(),
                        label.into(),
                        format!("{} {}", p.date, usd_text(p.usd)),
                        days.to_string(),
                        p.source.clone(),
                    ],
                ));
            }
        }
    }
    let title = format!("Newest points more than {WINDOW_DAYS} days before {date}");
    // Models the catalog cannot price at all: no point of either kind by the date.
    let never: Vec<&str> = catalog
        .models
        .iter()
        .filter(|m| m.launch.value <= date && !m.points.iter().any(|p| p.date <= date))
        .map(|m| m.name.as_str())
        .collect();
    let never = match never.is_empty() {
        true => String::new(),
        false => format!(
            "No price or rent point at all by {date}: {} (`gpucost catalog MODEL` says why).\n",
            never.join(", ")
        ),
    };
    if !any {
        return format!(
            "{}Every model's newest price and rent is within {WINDOW_DAYS} days of {date}.\n{never}",
            look.title(&title)
        );
    }
    let t = t.into_string();
    format!(
        "{}{t}\nA scenario dated {date} is priced from these points, and told so; a newer figure \
         of your own goes in `unit_price` or `rate_per_gpu_hour`.\n{never}",
        look.title(&title)
    )
}

fn models_of<'c>(catalog: &'c Catalog, view: View<'c>) -> Vec<&'c GpuModel> {
    match view {
        View::Entry(GpuRef::Model(m)) | View::History(GpuRef::Model(m)) => vec![m],
        View::Entry(GpuRef::Family(f)) | View::History(GpuRef::Family(f)) => {
            catalog.members(f).collect()
        }
        View::Overview => catalog.models.iter().collect(),
        View::Stale(date) => catalog
            .models
            .iter()
            .filter(|m| {
                [PriceKind::Purchase, PriceKind::Rental]
                    .into_iter()
                    .any(|kind| stale_point(m, kind, date).is_some())
            })
            .collect(),
    }
}

/// Every price point of the models shown, as CSV:
/// `model,family,kind,form,date,low_usd,high_usd,vendor,source`.
pub fn csv(catalog: &Catalog, view: View<'_>) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "model", "family", "kind", "form", "date", "low_usd", "high_usd", "vendor", "source",
    ]);
    for m in models_of(catalog, view) {
        for p in &m.points {
            if let View::Stale(date) = view
                && stale_point(m, p.form.kind(), date).is_none_or(|(s, _)| s != p)
            {
                continue;
            }
            let kind = match p.form.kind() {
                PriceKind::Purchase => "purchase",
                PriceKind::Rental => "rental",
            };
            let _ = w.write_record([
                m.name.as_str(),
                &m.family,
                kind,
                p.form.label(),
                &p.date.to_string(),
                &p.usd.low().to_string(),
                &p.usd.high().to_string(),
                p.vendor.as_deref().unwrap_or(""),
                &p.source,
            ]);
        }
    }
    super::csv::finish(w)
}

#[derive(Serialize)]
struct JsonSourced<T: Serialize> {
    value: T,
    source: String,
}

fn sourced<T: Serialize + Clone>(s: &Sourced<T>) -> JsonSourced<T> {
    JsonSourced {
        value: s.value.clone(),
        source: s.source.clone(),
    }
}

/// A figure as an exact decimal string.
fn figure(s: &Sourced<Decimal>) -> JsonSourced<String> {
    JsonSourced {
        value: s.value.normalize().to_string(),
        source: s.source.clone(),
    }
}

#[derive(Serialize)]
struct JsonPoint<'a> {
    date: String,
    form: &'a str,
    low_usd: String,
    high_usd: String,
    vendor: Option<&'a str>,
    note: Option<&'a str>,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonLatest {
    low_usd: String,
    high_usd: String,
    newest: String,
    holds_server: bool,
    source: String,
}

fn json_latest(m: &GpuModel, kind: PriceKind) -> Option<JsonLatest> {
    latest(m, kind).map(|d| JsonLatest {
        low_usd: d.range.low().to_string(),
        high_usd: d.range.high().to_string(),
        newest: d.newest.to_string(),
        holds_server: d.holds_server,
        source: d.describe(),
    })
}

#[derive(Serialize)]
struct JsonModel<'a> {
    name: &'a str,
    aliases: &'a [String],
    family: &'a str,
    launch: JsonSourced<String>,
    tdp_w: Option<JsonSourced<String>>,
    tdp_missing: Option<&'a str>,
    memory_gb: Option<JsonSourced<String>>,
    kw_per_gpu: Option<JsonSourced<Range>>,
    load: Option<JsonSourced<Range>>,
    peak_flops: Option<JsonSourced<String>>,
    peak_flops_fp8: Option<JsonSourced<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    peak_flops_missing: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price_missing: Option<&'a str>,
    latest_purchase: Option<JsonLatest>,
    latest_rent: Option<JsonLatest>,
    points: Vec<JsonPoint<'a>>,
}

/// The catalog (or the models of one entry) as JSON.
pub fn json(catalog: &Catalog, view: View<'_>) -> String {
    let factor = catalog.server_power_factor.clone().unwrap_or(Sourced {
        value: Range::ZERO,
        source: String::new(),
        date: String::new(),
    });
    let list: Vec<JsonModel> = models_of(catalog, view)
        .into_iter()
        .map(|m| JsonModel {
            name: &m.name,
            aliases: &m.aliases,
            family: &m.family,
            launch: JsonSourced {
                value: m.launch.value.to_string(),
                source: m.launch.source.clone(),
            },
            tdp_w: m.tdp_w.as_ref().map(figure),
            tdp_missing: m.tdp_missing.as_deref(),
            memory_gb: m.memory_gb.as_ref().map(figure),
            kw_per_gpu: m.kw_per_gpu(&factor).as_ref().map(sourced),
            load: m.load.as_ref().map(sourced),
            peak_flops: m.peak_flops.as_ref().map(figure),
            peak_flops_fp8: m.peak_flops_fp8.as_ref().map(figure),
            peak_flops_missing: m.peak_flops_missing.as_deref(),
            price_missing: m.price_missing.as_deref(),
            latest_purchase: json_latest(m, PriceKind::Purchase),
            latest_rent: json_latest(m, PriceKind::Rental),
            points: m
                .points
                .iter()
                .map(|p| JsonPoint {
                    date: p.date.to_string(),
                    form: p.form.label(),
                    low_usd: p.usd.low().to_string(),
                    high_usd: p.usd.high().to_string(),
                    vendor: p.vendor.as_deref(),
                    note: p.note.as_deref(),
                    source: &p.source,
                })
                .collect(),
        })
        .collect();
    let assumptions: serde_json::Map<String, serde_json::Value> = catalog
        .assumptions
        .iter()
        .map(|(p, a)| {
            let by_year: serde_json::Map<String, serde_json::Value> = a
                .by_year
                .iter()
                .map(|(y, v)| (y.to_string(), serde_json::Value::String(v.to_string())))
                .collect();
            let value = serde_json::json!({
                "value": a.value,
                "by_year": by_year,
                "source": a.source,
                "date": a.date,
            });
            (p.key().to_string(), value)
        })
        .collect();
    let doc = serde_json::json!({ "models": list, "assumptions": assumptions });
    super::json::to_string(&doc)
}

//! The JSON report: the contract for scripts and tests, documented in docs/src/json.md and
//! changed only additively. Money is a decimal string in the report currency, rounded
//! to cents; positions and factors are decimal strings.
//!
//! Over 600 lines, and one idea: the JSON document's types are its documented shape,
//! kept in one file so a change to the contract is seen whole.

use super::cents;
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::Write;

use crate::catalog::PriceKind;
use crate::input::param::Param;
use crate::judge::claims::{ClaimResult, OffMarket, Placement, VerdictKind};
use crate::judge::report::Report;
use crate::model::Part;
use crate::model::jobs::JobCost;
use crate::money::{RATE_PLACES, Range, Reading, shown_rate};
use crate::scenario::{Acquisition, Claim, Depreciation, Job, Origin, Resolved, Scope};
use rust_decimal::Decimal;

mod serve;

/// Version of the JSON shape; bumped only for additions.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    gpucost: &'static str,
    scenarios: Vec<JsonScenario<'a>>,
}

/// A sequence serialized as its iterator yields it, never collected: a document of ten
/// thousand fleets is built and written one fleet at a time.
pub(crate) struct Lazy<'a, T>(std::cell::Cell<Option<Box<dyn Iterator<Item = T> + 'a>>>);

impl<'a, T> Lazy<'a, T> {
    pub(crate) fn new(items: impl Iterator<Item = T> + 'a) -> Lazy<'a, T> {
        Lazy(std::cell::Cell::new(Some(Box::new(items))))
    }
}

impl<T: Serialize> Serialize for Lazy<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => serializer.collect_seq(items),
            None => Err(serde::ser::Error::custom("a lazy sequence is written once")),
        }
    }
}

/// Pairs serialized as a JSON object, in order.
pub(crate) struct Keyed<K, V>(pub(crate) Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Keyed<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Bounds {
    low: String,
    high: String,
}

fn bounds(r: Range) -> Bounds {
    Bounds {
        low: cents(r.low()),
        high: cents(r.high()),
    }
}

fn exact_bounds(r: Range) -> Bounds {
    Bounds {
        low: r.low().normalize().to_string(),
        high: r.high().normalize().to_string(),
    }
}

#[derive(Serialize)]
struct JsonScenario<'a> {
    file: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<&'a str>,
    date: String,
    currency: &'static str,
    sources: &'a [String],
    exchange_rates: Vec<JsonRate>,
    constant_dollars: Option<JsonRestated<'a>>,
    warnings: &'a [String],
    /// Left out by `check`, which speaks of the claims only.
    #[serde(skip_serializing_if = "Option::is_none")]
    fleets: Option<Lazy<'a, JsonFleet<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totals: Option<Keyed<Scope, Bounds>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    jobs: Option<Lazy<'a, JsonJob<'a>>>,
    /// Left out without serves, so a file without them reads as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    serves: Option<Vec<serve::JsonServe<'a>>>,
    claims: Vec<JsonClaim<'a>>,
}

#[derive(Serialize)]
struct JsonJob<'a> {
    id: &'a str,
    fleet: &'a str,
    start: String,
    depreciation: Depreciation,
    inputs: Keyed<&'static str, JsonInput>,
    gpu_hours: Bounds,
    hours: Bounds,
    flop: Option<Bounds>,
    years_held: Option<String>,
    value_left: Option<String>,
    estimates: Keyed<Scope, JsonEstimate>,
}

#[derive(Serialize)]
struct JsonEstimate {
    low: String,
    high: String,
    per_gpu_hour: Option<Bounds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hardware: Option<Bounds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facility: Option<Bounds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    energy: Option<Bounds>,
}

#[derive(Serialize)]
struct JsonRestated<'a> {
    year: i32,
    from: &'a str,
    to: &'a str,
    from_index: String,
    to_index: String,
    factor: String,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonRate {
    currency: &'static str,
    usd_per_unit: String,
    source: String,
}

#[derive(Serialize)]
pub(crate) struct JsonInput {
    pub(crate) low: String,
    pub(crate) high: String,
    pub(crate) dist: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<String>,
    origin: &'static str,
    source: Option<String>,
}

#[derive(Serialize)]
struct JsonFleet<'a> {
    id: &'a str,
    gpu: &'a str,
    count: u64,
    count_set: Option<&'a str>,
    acquisition: Acquisition,
    inputs: Keyed<&'static str, JsonInput>,
    parts: Keyed<Part, Bounds>,
    totals: Keyed<Scope, Bounds>,
    market: Option<JsonMarket<'a>>,
    acquired: String,
    peak_flops: Option<JsonInput>,
    owned: Option<JsonOwned>,
}

/// Owning one GPU-hour of a bought fleet; per-hour figures to [`RATE_PLACES`].
#[derive(Serialize)]
struct JsonOwned {
    per_gpu: Bounds,
    hardware: Bounds,
    facility: Bounds,
    charge: Bounds,
    facility_charge: Bounds,
    hardware_per_hour: Bounds,
    energy_per_hour: Bounds,
    utilization: Bounds,
    per_gpu_hour: Bounds,
    rent: Option<JsonInput>,
    break_even: Option<Bounds>,
}

fn owned(o: &crate::model::owning::Owned) -> JsonOwned {
    JsonOwned {
        per_gpu: bounds(o.per_gpu),
        hardware: bounds(o.hardware),
        facility: bounds(o.facility),
        charge: exact_bounds(o.charge),
        facility_charge: exact_bounds(o.facility_charge),
        hardware_per_hour: per_hour(o.hardware_per_hour),
        energy_per_hour: per_hour(o.energy_per_hour),
        utilization: exact_bounds(o.utilization),
        per_gpu_hour: per_hour(o.per_gpu_hour),
        rent: o.rent.as_ref().map(|r| input(Param::RatePerGpuHour, r)),
        break_even: o.break_even.map(per_hour),
    }
}

#[derive(Serialize)]
struct JsonMarket<'a> {
    kind: PriceKind,
    low: String,
    high: String,
    from: String,
    holds_server: bool,
    later: bool,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    id: &'a str,
    scope: Scope,
    fleet: Option<&'a str>,
    job: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    serve: Option<&'a str>,
    source: Option<&'a str>,
    quote: Option<&'a str>,
    #[serde(flatten)]
    claim: ClaimValue,
    written: Option<&'a str>,
    value_set: Option<&'a str>,
    reading: Reading,
    low: String,
    high: String,
    verdict: VerdictKind,
    position: Option<String>,
    factor: Option<String>,
    implied_unit: Option<PriceKind>,
    implied_unit_price: Option<String>,
    implied_unit_price_range: Option<Bounds>,
    market_unit_price: Option<Bounds>,
    implied_mfu: Option<String>,
    off_market: Vec<JsonOffMarket<'a>>,
    within_band: bool,
    gpus_alone: Option<JsonGpusAlone<'a>>,
    rent_cheaper_below: Option<Bounds>,
}

/// A claim on `gpus` judged against the GPUs alone.
#[derive(Serialize)]
struct JsonGpusAlone<'a> {
    fleets: &'a [String],
    divisor: Bounds,
    source: &'a str,
    with_servers: Bounds,
}

#[derive(Serialize)]
struct JsonOffMarket<'a> {
    fleet: &'a str,
    gpu: &'a str,
    kind: PriceKind,
    own: Bounds,
    market: Bounds,
    placement: Placement,
    source: &'a str,
    rebased_by: Option<Bounds>,
}

/// A claimed figure: `claim` for a single figure or a bound (null for a range), and
/// its bounds; the open side of a bound is null ("at least $100M" has no high).
#[derive(Serialize)]
pub(crate) struct ClaimValue {
    claim: Option<String>,
    claim_low: Option<String>,
    claim_high: Option<String>,
}

pub(crate) fn claim_value(claim: &Claim) -> ClaimValue {
    let (v, reading) = (claim.value, claim.reading);
    ClaimValue {
        claim: v.is_exact().then(|| cents(v.low())),
        claim_low: (reading != Reading::AtMost).then(|| cents(v.low())),
        claim_high: (reading != Reading::AtLeast).then(|| cents(v.high())),
    }
}

/// An input: its bounds (money in cents), distribution and origin.
pub(crate) fn input(param: Param, input: &Resolved) -> JsonInput {
    let b = match param {
        // A price per kWh or per GPU-hour to six decimals, as other per-hour money:
        // cents would make the catalog's $0.0771 per kWh $0.08.
        Param::ElectricityPerKwh
        | Param::RatePerGpuHour
        | Param::CloudRate
        | Param::RentPerGpuHour
        | Param::PricePerMillionInput
        | Param::PricePerMillionCachedInput
        | Param::PricePerMillionOutput => per_hour(input.value),
        _ if param.is_money() => bounds(input.value),
        _ => exact_bounds(input.value),
    };
    let source = match &input.origin {
        Origin::Catalog { source, date } if date.is_empty() => Some(source.to_string()),
        Origin::Catalog { source, date } => Some(format!("{source} ({date})")),
        Origin::Derived(how) => Some(how.clone()),
        Origin::Set(assignment) => Some(assignment.clone()),
        _ => None,
    };
    JsonInput {
        low: b.low,
        high: b.high,
        dist: input.dist.name(),
        mode: input.dist.mode().map(|m| m.normalize().to_string()),
        origin: input.origin.label(),
        source,
    }
}

/// A document as pretty JSON with a final newline, written to `w` as it is serialized
/// (through a buffer of its own, so serde's many small writes stay cheap), with no
/// control character a terminal would act on (see [`Safe`]).
pub(crate) fn write_to<T: Serialize>(doc: &T, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, w);
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffered, Safe::default());
    doc.serialize(&mut serializer)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// serde_json's pretty layout (two-space indents), with DEL and the C1 controls
/// (U+0080–U+009F; one of them, U+009B, starts a terminal command) and the characters
/// that are invisible or reorder text (U+202E, U+200B, …) written as `\u` escapes like
/// the C0 controls serde_json already escapes: the JSON is safe on a terminal and
/// still gives a script the exact text.
#[derive(Default)]
struct Safe {
    depth: usize,
    has_value: bool,
}

/// A line break and the indent of up to 32 levels, written in one piece.
const BREAK: &[u8; 65] = b"\n                                                                ";

impl Safe {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.line(w)
    }

    fn line<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        let (levels, past) = (self.depth.min(32), self.depth.saturating_sub(32));
        w.write_all(&BREAK[..1 + 2 * levels])?;
        (0..past).try_for_each(|_| w.write_all(b"  "))
    }
}

impl Formatter for Safe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Plain ASCII has no DEL or C1 control to find (serde_json escapes C0 itself).
        if fragment.bytes().all(|b| b < 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let bytes = fragment.as_bytes();
        let mut from = 0;
        for (at, c) in fragment.char_indices() {
            let escaped = matches!(c, '\u{7f}'..='\u{9f}') || crate::diagnostic::is_invisible(c);
            if escaped {
                writer.write_all(&bytes[from..at])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                from = at + c.len_utf8();
            }
        }
        writer.write_all(&bytes[from..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Every problem of every file as one JSON document: `{"errors": [...]}`.
pub fn errors(files: &[crate::diagnostic::FileDiagnostics]) -> String {
    #[derive(serde::Serialize)]
    struct Errors {
        errors: Vec<crate::diagnostic::JsonDiagnostic>,
    }
    let errors = Errors {
        errors: files
            .iter()
            .flat_map(crate::diagnostic::FileDiagnostics::to_json)
            .collect(),
    };
    to_string(&errors)
}

/// A document as pretty JSON with a final newline.
pub(crate) fn to_string<T: Serialize>(doc: &T) -> String {
    let mut out = Vec::new();
    // Plain structs of strings and numbers always serialize, and memory takes them.
    let _ = write_to(doc, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

fn off_market(o: &OffMarket) -> JsonOffMarket<'_> {
    JsonOffMarket {
        fleet: &o.fleet,
        gpu: &o.gpu,
        kind: o.kind,
        own: bounds(o.own),
        market: bounds(o.market),
        placement: o.placement,
        source: &o.source,
        rebased_by: o.rebased.map(exact_bounds),
    }
}

fn serve_or_cents(c: &ClaimResult, value: Decimal) -> String {
    match c.claim.serve {
        Some(_) => scoped(c.claim.scope, value),
        None => cents(value),
    }
}

fn claim(c: &ClaimResult) -> JsonClaim<'_> {
    JsonClaim {
        id: &c.claim.id,
        scope: c.claim.scope,
        fleet: c.claim.fleet.as_deref(),
        job: c.claim.job.as_deref(),
        serve: c.claim.serve.as_deref(),
        source: c.claim.source.as_deref(),
        quote: c.claim.quote.as_deref(),
        claim: claim_value(&c.claim),
        written: c.claim.written.as_deref(),
        value_set: c.claim.value_set.as_deref(),
        reading: c.claim.reading,
        // A serve's cost per million tokens to a millionth (others as they were).
        low: serve_or_cents(c, c.range.low()),
        high: serve_or_cents(c, c.range.high()),
        verdict: c.verdict.kind,
        position: c.verdict.position.map(|p| p.to_string()),
        factor: c.verdict.factor.map(|f| f.to_string()),
        implied_unit: c.implied.map(|i| i.kind),
        implied_unit_price: c.implied.and_then(|i| i.point).map(cents),
        implied_unit_price_range: c.implied.and_then(|i| i.range).map(bounds),
        market_unit_price: c.implied.and_then(|i| i.market).map(bounds),
        implied_mfu: c.implied_mfu.map(|m| m.round_dp(6).normalize().to_string()),
        off_market: c.off_market.iter().map(off_market).collect(),
        within_band: c.within_band,
        rent_cheaper_below: c.rent_cheaper_below.map(per_hour),
        gpus_alone: c.gpus_alone.as_ref().map(|g| JsonGpusAlone {
            fleets: &g.fleets,
            divisor: exact_bounds(g.divisor),
            source: &g.source,
            with_servers: bounds(g.with_servers),
        }),
    }
}

fn scenario(r: &Report, claims_only: bool) -> JsonScenario<'_> {
    let s = &r.scenario;
    let fleets = (!claims_only).then(|| {
        Lazy::new(s.fleets.iter().zip(&r.costs.fleets).map(|(f, cost)| {
            JsonFleet {
                id: &f.id,
                gpu: &f.gpu,
                count: f.count,
                count_set: f.count_set.as_deref(),
                acquisition: f.inputs.acquisition(),
                inputs: Keyed(
                    f.inputs
                        .list()
                        .into_iter()
                        .map(|(param, i)| (param.key(), input(param, i)))
                        .collect(),
                ),
                parts: Keyed(cost.parts.iter().map(|(p, r)| (*p, bounds(*r))).collect()),
                totals: Keyed(
                    Scope::FLEET
                        .into_iter()
                        .filter(|sc| sc.applies_to(cost.acquisition))
                        .filter_map(|sc| cost.scope(sc).ok().map(|r| (sc, bounds(r))))
                        .collect(),
                ),
                market: f.market.as_ref().map(|m| JsonMarket {
                    kind: m.kind,
                    low: cents(m.range.low()),
                    high: cents(m.range.high()),
                    from: m.from.to_string(),
                    holds_server: m.holds_server,
                    later: m.later,
                    source: &m.source,
                }),
                acquired: f.acquired.to_string(),
                peak_flops: f.peak_flops.as_ref().map(|p| input(Param::PeakFlops, p)),
                owned: cost.owned.as_ref().map(owned),
            }
        }))
    });
    let jobs = (!claims_only).then(|| {
        Lazy::new(
            s.jobs
                .iter()
                .zip(&r.costs.jobs)
                .map(|(j, cost)| job(j, cost)),
        )
    });
    JsonScenario {
        file: &r.file,
        name: &s.name,
        option: s.option.as_deref(),
        date: s.date.to_string(),
        currency: s.currency.code(),
        sources: &s.sources,
        warnings: &s.warnings,
        constant_dollars: s.restated.as_ref().map(|r| JsonRestated {
            year: r.year,
            from: &r.from,
            to: &r.to,
            from_index: r.from_index.normalize().to_string(),
            to_index: r.to_index.normalize().to_string(),
            factor: shown_rate(r.factor).to_string(),
            source: &r.source,
        }),
        exchange_rates: s
            .rates
            .listed()
            .map(|(c, rate, origin)| JsonRate {
                currency: c.code(),
                usd_per_unit: shown_rate(*rate).to_string(),
                source: origin.to_string(),
            })
            .collect(),
        fleets,
        totals: (!claims_only).then(|| {
            Keyed(
                r.costs
                    .totals
                    .iter()
                    .map(|(s, r)| (*s, bounds(*r)))
                    .collect(),
            )
        }),
        jobs,
        serves: (!claims_only && !s.serves.is_empty()).then(|| {
            (s.serves.iter().zip(&r.costs.serves))
                .map(|(s, cost)| serve::serve(s, cost))
                .collect()
        }),
        claims: r.claims.iter().map(claim).collect(),
    }
}

/// Rounded to `places` decimals, without trailing zeros.
fn places(value: Decimal, places: u32) -> String {
    // A figure that would round to 0 keeps four significant digits: never "0" for a
    // figure that is not (a lognormal's low of a millionth of a dollar).
    crate::show::to_places(value, places).to_string()
}

/// A figure of `scope` as JSON gives it: money per GPU-hour (owning one) to a
/// millionth of a currency unit, other totals to the cent.
pub(crate) fn scoped(scope: Scope, value: Decimal) -> String {
    match scope {
        Scope::OwnedPerGpuHour
        | Scope::CostPerMillionInput
        | Scope::CostPerMillionOutput
        | Scope::CostPerMillionTokens => places(value, RATE_PLACES),
        _ => cents(value),
    }
}

/// Money per GPU-hour, to a millionth of a currency unit.
fn per_hour(r: Range) -> Bounds {
    Bounds {
        low: places(r.low(), RATE_PLACES),
        high: places(r.high(), RATE_PLACES),
    }
}

fn job<'a>(j: &'a Job, cost: &JobCost) -> JsonJob<'a> {
    let amortized = cost.amortized.as_ref();
    JsonJob {
        id: &j.id,
        fleet: &j.fleet,
        start: j.start.to_string(),
        depreciation: j.depreciation,
        inputs: Keyed(
            j.list()
                .into_iter()
                .map(|(param, i)| (param.key(), input(param, i)))
                .collect(),
        ),
        // Counts to hundredths, as money is to cents.
        gpu_hours: bounds(cost.gpu_hours),
        hours: bounds(cost.hours),
        flop: cost.flop.map(bounds),
        years_held: amortized.map(|a| places(a.years_held, 6)),
        value_left: amortized.map(|a| places(a.value_left, 12)),
        estimates: Keyed(
            cost.estimates()
                .into_iter()
                .map(|(scope, range)| {
                    let parts = (scope == Scope::Amortized).then_some(amortized).flatten();
                    (
                        scope,
                        JsonEstimate {
                            low: cents(range.low()),
                            high: cents(range.high()),
                            per_gpu_hour: cost.per_gpu_hour(scope).map(per_hour),
                            hardware: parts.map(|a| bounds(a.hardware)),
                            facility: parts.map(|a| bounds(a.facility)),
                            energy: parts.map(|a| bounds(a.energy)),
                        },
                    )
                })
                .collect(),
        ),
    }
}

fn document(reports: &[Report], claims_only: bool) -> Document<'_> {
    Document {
        schema_version: SCHEMA_VERSION,
        gpucost: env!("CARGO_PKG_VERSION"),
        scenarios: reports.iter().map(|r| scenario(r, claims_only)).collect(),
    }
}

/// The reports as one JSON document, written to `w` fleet by fleet; `claims_only`
/// leaves out fleets and totals (for `check`).
pub fn write(
    reports: &[Report],
    claims_only: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_to(&document(reports, claims_only), w)
}

#[cfg(test)]
mod error_tests {
    use crate::diagnostic::{Diagnostic, FileDiagnostics};

    #[test]
    fn json_errors_give_line_column_message_and_help() {
        let fd = FileDiagnostics {
            file: "s.toml".into(),
            text: Some("a = 1\nbb = 2\n".into()),
            diagnostics: vec![Diagnostic::at(6..8, "unknown key `bb`").help("did you mean `b`?")],
        };
        let json: serde_json::Value =
            serde_json::from_str(&super::errors(&[fd])).expect("valid JSON");
        let e = &json["errors"][0];
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(e["help"], "did you mean `b`?");
    }
}

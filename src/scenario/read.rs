//! Scenario text → [`Draft`]: the file's structure, keys and value types, checked and
//! with spans kept. A value that fails to read is reported and left `None`, so the
//! resolver can go on and report the other, independent problems of the same file.
//!
//! Over 600 lines, and one idea: every table of the format read in the order the format
//! documents it, sharing the same span and problem handling.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::de::DeValue;

use super::{Acquisition, Depreciation, Includes, Scope};
use crate::catalog::Form;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::suggest;
use crate::input::param::Param;
use crate::input::{self, Bounds, Fields, Problems, Span, Value};
use crate::money::{Currency, Language, Reading};

mod serve;
pub use serve::{DraftServe, SERVE_KEYS, serve_schema};

/// A value as written, with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

/// An assumption as written: one figure or `[low, high]`, currencies not yet applied.
pub type Input = Spanned<Bounds>;

/// The input written for `param` in a table's list, if any.
pub fn written(params: &[(Param, Input)], param: Param) -> Option<&Input> {
    params.iter().find(|(p, _)| *p == param).map(|(_, i)| i)
}

/// A scenario as read from its file, before the catalog and exchange rates apply.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// `[scenario] name`.
    pub name: Option<String>,
    /// `[scenario] date`.
    pub date: Option<Spanned<NaiveDate>>,
    /// `[scenario] currency`; `None` when absent or unreadable.
    pub currency: Option<Spanned<Currency>>,
    /// Whether `currency` was written but could not be read.
    pub currency_invalid: bool,
    /// `[scenario] sources`.
    pub sources: Vec<String>,
    /// `[scenario] language`: how a figure whose own words do not say reads its marks.
    pub language: Option<Language>,
    /// `[scenario] dollar_year`: money restated in that year's dollars.
    pub dollar_year: Option<Spanned<u64>>,
    /// `[defaults]`.
    pub defaults: Vec<(Param, Input)>,
    /// `[defaults] region`: where the fleets are, for their electricity.
    pub region: Option<Spanned<String>>,
    /// `[[fleet]]`, in file order.
    pub fleets: Vec<DraftFleet>,
    /// `[gpu.NAME]`.
    pub gpus: Vec<DraftGpu>,
    /// `[fx]`: US dollars per unit of a currency.
    pub fx: Vec<(Currency, Spanned<Decimal>)>,
    /// `[[claim]]`, in file order.
    pub claims: Vec<DraftClaim>,
    /// `[[job]]`, in file order.
    pub jobs: Vec<DraftJob>,
    /// `[[serve]]`, in file order.
    pub serves: Vec<DraftServe>,
    /// Span of the `[scenario]` table, for problems about the scenario as a whole.
    pub span: Span,
}

/// A `[[fleet]]` as read.
#[derive(Clone, Debug)]
pub struct DraftFleet {
    /// `id`, defaulting to the GPU name.
    pub id: Option<Spanned<String>>,
    /// `gpu`.
    pub gpu: Option<Spanned<String>>,
    /// `count`.
    pub count: Option<Spanned<u64>>,
    /// `acquisition`.
    pub acquisition: Option<Spanned<Acquisition>>,
    /// `acquired`: the date the fleet was bought.
    pub acquired: Option<Spanned<NaiveDate>>,
    /// `region`: where it is, for its electricity.
    pub region: Option<Spanned<String>>,
    /// `rent_term`: the term of the catalog rent it pays or is compared with.
    pub rent_term: Option<Spanned<Form>>,
    /// `unit_price_includes`: what its own unit price includes.
    pub includes: Option<Spanned<Includes>>,
    /// `option`: the alternative it belongs to (`buy`, `rent`), if the fleets are
    /// alternatives of one another.
    pub option: Option<Spanned<String>>,
    /// Assumptions set on the fleet itself.
    pub params: Vec<(Param, Input)>,
    /// The fleet's table.
    pub span: Span,
}

/// A `[gpu.NAME]` model defined in the scenario.
#[derive(Clone, Debug)]
pub struct DraftGpu {
    /// `NAME`.
    pub name: Spanned<String>,
    /// `tdp_w`: required for a model the catalog lacks.
    pub tdp_w: Option<Spanned<Decimal>>,
    /// Whether `tdp_w` was written (it may have failed to read).
    pub tdp_written: bool,
    /// `unit_price`, `rate_per_gpu_hour`, `kw_per_gpu`, `peak_flops`.
    pub params: Vec<(Param, Input)>,
}

/// A `[[job]]` as read.
#[derive(Clone, Debug)]
pub struct DraftJob {
    /// `id`.
    pub id: Option<Spanned<String>>,
    /// `fleet`.
    pub fleet: Option<Spanned<String>>,
    /// The compute, `gpus`, `mfu` and `cloud_rate` as written.
    pub params: Vec<(Param, Input)>,
    /// `start`.
    pub start: Option<Spanned<NaiveDate>>,
    /// `depreciation`.
    pub depreciation: Option<Spanned<Depreciation>>,
    /// `facility`: whether its estimates count the fleet's facility.
    pub facility: Option<Spanned<bool>>,
    /// `rent_term`: the term of the catalog rent its cloud estimate pays.
    pub rent_term: Option<Spanned<Form>>,
    /// The job's table.
    pub span: Span,
}

/// A `[[claim]]` as read.
#[derive(Clone, Debug)]
pub struct DraftClaim {
    /// `id`.
    pub id: Option<Spanned<String>>,
    /// `source`.
    pub source: Option<String>,
    /// `quote`.
    pub quote: Option<String>,
    /// `value`, as an interval.
    pub value: Option<Input>,
    /// How `value` was written, and so how it is judged.
    pub reading: Reading,
    /// `value` as written, when it is text (`"more than $100 million"`).
    pub written: Option<String>,
    /// `fleet`.
    pub fleet: Option<Spanned<String>>,
    /// `job`.
    pub job: Option<Spanned<String>>,
    /// `serve`.
    pub serve: Option<Spanned<String>>,
    /// `scope`.
    pub scope: Option<Spanned<Scope>>,
    /// `option`: the alternative whose total it speaks of.
    pub option: Option<Spanned<String>>,
    /// The claim's table.
    pub span: Span,
}

/// Keys of `[scenario]`.
pub const SCENARIO_KEYS: [&str; 6] = [
    "name",
    "date",
    "currency",
    "sources",
    "dollar_year",
    "language",
];
/// Keys of a `[[fleet]]` besides the overheads.
pub const FLEET_KEYS: [&str; 12] = [
    "id",
    "gpu",
    "count",
    "acquisition",
    "acquired",
    "unit_price",
    "rate_per_gpu_hour",
    "months",
    "rent_per_gpu_hour",
    "rent_term",
    "unit_price_includes",
    "option",
];
/// Keys of a `[gpu.NAME]` table.
pub const GPU_KEYS: [&str; 5] = [
    "tdp_w",
    "unit_price",
    "rate_per_gpu_hour",
    "kw_per_gpu",
    "peak_flops",
];
/// Keys of a `[[claim]]`.
pub const CLAIM_KEYS: [&str; 9] = [
    "id", "source", "quote", "value", "fleet", "job", "serve", "scope", "option",
];
/// Keys of a `[[job]]` besides its inputs ([`Param::JOB`]).
pub const JOB_KEYS: [&str; 6] = [
    "id",
    "fleet",
    "start",
    "depreciation",
    "facility",
    "rent_term",
];
/// Top-level tables.
pub const TOP_KEYS: [&str; 8] = [
    "scenario", "defaults", "fleet", "gpu", "fx", "claim", "job", "serve",
];

/// Reads a scenario's text. Problems are added to `problems`; whatever could be read
/// is returned.
pub fn read(text: &str, problems: &mut Problems) -> Option<Draft> {
    let mut spaced = None;
    let doc = match input::parse_file_text(text, &mut spaced) {
        Ok(doc) => doc,
        Err(errors) => {
            for e in errors {
                problems.push(e);
            }
            return None;
        }
    };
    let root = Fields::new_root(&doc, "the scenario file", &TOP_KEYS, problems);
    let mut draft = Draft::default();
    match root.get("scenario") {
        Some(v) => read_scenario(v, &mut draft, problems),
        None => problems.push(
            Diagnostic::at(0..0, "missing `[scenario]` table")
                .help("start the file with `[scenario]` and a `date = 2024-07-15`"),
        ),
    }
    let language = draft.language;
    if let Some(v) = root.get("defaults")
        && let Some(f) = Fields::new(v, "`[defaults]`", &overhead_keys(), problems)
    {
        draft.defaults = read_params(&f, &Param::defaults(), language, problems);
        draft.region = f
            .get("region")
            .and_then(|v| spanned(v, |v| input::string(v, problems)));
    }
    if let Some(v) = root.get("fleet") {
        draft.fleets = array_of_tables(v, "[[fleet]]", problems)
            .into_iter()
            .filter_map(|t| read_fleet(t, language, problems))
            .collect();
    }
    if draft.fleets.is_empty() && root.get("fleet").is_none() {
        problems.push(
            Diagnostic::at(draft.span.clone(), "the scenario has no `[[fleet]]`")
                .help("add a fleet: `[[fleet]]` with `gpu = \"H100\"` and `count = 10_000`"),
        );
    }
    if let Some(v) = root.get("gpu") {
        draft.gpus = read_gpus(v, language, problems);
    }
    if let Some(v) = root.get("fx") {
        draft.fx = read_fx(v, problems);
    }
    if let Some(v) = root.get("claim") {
        draft.claims = array_of_tables(v, "[[claim]]", problems)
            .into_iter()
            .filter_map(|t| read_claim(t, language, problems))
            .collect();
    }
    if let Some(v) = root.get("job") {
        draft.jobs = array_of_tables(v, "[[job]]", problems)
            .into_iter()
            .filter_map(|t| read_job(t, language, problems))
            .collect();
    }
    if let Some(v) = root.get("serve") {
        draft.serves = array_of_tables(v, "[[serve]]", problems)
            .into_iter()
            .filter_map(|t| serve::read_serve(t, language, problems))
            .collect();
    }
    Some(draft)
}

/// What `[defaults]` and a fleet may set: the overheads, and where the fleet is.
fn overhead_keys() -> Vec<&'static str> {
    Param::defaults()
        .into_iter()
        .map(|p| p.key())
        .chain(["region"])
        .collect()
}

pub(super) fn spanned<T>(
    value: &Value<'_>,
    read: impl FnOnce(&Value<'_>) -> Option<T>,
) -> Option<Spanned<T>> {
    read(value).map(|v| Spanned {
        value: v,
        span: value.span(),
    })
}

fn read_scenario(value: &Value<'_>, draft: &mut Draft, p: &mut Problems) {
    let Some(f) = Fields::new(value, "`[scenario]`", &SCENARIO_KEYS, p) else {
        return;
    };
    draft.span = f.header_span();
    draft.name = f.get("name").and_then(|v| input::string(v, p));
    draft.date = f
        .require(
            "date",
            p,
            "give the date the figures refer to, e.g. `date = 2024-07-15`",
        )
        .and_then(|v| spanned(v, |v| input::date(v, p)));
    if let Some(v) = f.get("currency") {
        draft.currency = spanned(v, |v| {
            let code = input::string(v, p)?;
            let found = Currency::from_code(code.trim());
            if found.is_none() {
                p.push(input::unknown_currency(v.span(), &code));
            }
            found
        });
        draft.currency_invalid = draft.currency.is_none();
    }
    if let Some(v) = f.get("sources") {
        draft.sources = input::strings(v, p).unwrap_or_default();
    }
    if let Some(v) = f.get("language") {
        draft.language = input::string(v, p).and_then(|code| {
            let found = Language::from_code(&code);
            if found.is_none() {
                p.push(
                    Diagnostic::at(v.span(), format!("unknown language `{code}`"))
                        .label("expected `it` or `en`")
                        .help(
                            "`language = \"it\"` reads `1.500` as one thousand five hundred, \
                             `language = \"en\"` reads `1.500` as one and a half, in figures \
                             whose own words do not say",
                        ),
                );
            }
            found
        });
    }
    if let Some(v) = f.get("dollar_year") {
        draft.dollar_year = spanned(v, |v| input::positive_integer(v, "`dollar_year`", p));
    }
}

/// A rent term: `on_demand`, `one_year` or `three_year`.
fn rent_term(value: &Value<'_>, p: &mut Problems) -> Option<Form> {
    let text = input::string(value, p)?;
    if let Some((_, form)) = Form::TERMS.iter().find(|(key, _)| *key == text) {
        return Some(*form);
    }
    let keys: Vec<&str> = Form::TERMS.iter().map(|(key, _)| *key).collect();
    let help = match suggest::nearest(&text, keys.iter().copied()) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("write {}", suggest::one_of(&keys)),
    };
    p.push(
        Diagnostic::at(value.span(), format!("unknown rent term `{text}`"))
            .label("not a rent term")
            .help(help),
    );
    None
}

fn array_of_tables<'a, 'i>(
    value: &'a Value<'i>,
    what: &str,
    p: &mut Problems,
) -> Vec<&'a Value<'i>> {
    match value.get_ref() {
        DeValue::Array(items) => items.iter().collect(),
        _ => {
            p.push(
                input::wrong_type(value, &format!("an array of tables `{what}`"))
                    .help(format!("write each entry under its own `{what}` header")),
            );
            Vec::new()
        }
    }
}

pub(super) fn read_params(
    f: &Fields<'_, '_>,
    params: &[Param],
    language: Option<Language>,
    p: &mut Problems,
) -> Vec<(Param, Input)> {
    params
        .iter()
        .filter_map(|&param| {
            let value = f.get(param.key())?;
            let bounds = spanned(value, |v| {
                input::distribution(v, param.is_money(), language, p)
            })?;
            Some((param, bounds))
        })
        .collect()
}

fn read_fleet(
    value: &Value<'_>,
    language: Option<Language>,
    p: &mut Problems,
) -> Option<DraftFleet> {
    let known: Vec<&str> = FLEET_KEYS.iter().copied().chain(overhead_keys()).collect();
    // A job's keys written in a fleet: say where they belong.
    let job_key = |name: &str, span: Span| {
        Param::JOB.iter().any(|p| p.key() == name).then(|| {
            Diagnostic::at(span, format!("`{name}` is a job's key, not a fleet's"))
                .label("belongs in a `[[job]]`")
                .help(format!(
                    "say what the fleet was used for in a job: `[[job]]` with `id`, \
                     `fleet = \"ID\"` and `{name} = …`"
                ))
        })
    };
    let f = Fields::new_redirecting(value, "`[[fleet]]`", &known, &job_key, p)?;
    let string =
        |key: &str, p: &mut Problems| f.get(key).and_then(|v| spanned(v, |v| input::string(v, p)));
    let id = string("id", p);
    let gpu = f.require(
        "gpu",
        p,
        "name a catalog model (`H100`), a family (`Hopper`) or a `[gpu.NAME]` of this file",
    );
    let gpu = gpu.and_then(|v| spanned(v, |v| input::string(v, p)));
    let count = f
        .require("count", p, "give the number of GPUs, e.g. `count = 10_000`")
        .and_then(|v| spanned(v, |v| input::positive_integer(v, "`count`", p)));
    let acquisition = f.get("acquisition").and_then(|v| {
        spanned(v, |v| {
            let text = input::string(v, p)?;
            match text.as_str() {
                "buy" => Some(Acquisition::Buy),
                "rent" => Some(Acquisition::Rent),
                other => {
                    let near = suggest::nearest(other, ["buy", "rent"]);
                    p.push(
                        Diagnostic::at(v.span(), format!("unknown acquisition `{other}`"))
                            .label("expected `buy` or `rent`")
                            .help(near.map_or("write `buy` or `rent`".into(), |n| {
                                format!("did you mean `{n}`?")
                            })),
                    );
                    None
                }
            }
        })
    });
    let all: Vec<Param> = [
        Param::UnitPrice,
        Param::RatePerGpuHour,
        Param::Months,
        Param::RentPerGpuHour,
    ]
    .into_iter()
    .chain(Param::defaults())
    .collect();
    let acquired = f
        .get("acquired")
        .and_then(|v| spanned(v, |v| input::date(v, p)));
    let region = f
        .get("region")
        .and_then(|v| spanned(v, |v| input::string(v, p)));
    let rent_term = f
        .get("rent_term")
        .and_then(|v| spanned(v, |v| rent_term(v, p)));
    let includes = f.get("unit_price_includes").and_then(|v| {
        spanned(v, |v| {
            let text = input::string(v, p)?;
            let found = Includes::KEYS
                .iter()
                .find(|(k, _)| *k == text)
                .map(|(_, i)| *i);
            if found.is_none() {
                let keys: Vec<&str> = Includes::KEYS.iter().map(|(k, _)| *k).collect();
                p.push(
                    Diagnostic::at(v.span(), format!("unknown `unit_price_includes` `{text}`"))
                        .label("not what a price includes")
                        .help(format!(
                            "write {}: the GPU alone, or its share of a server or a rack",
                            suggest::one_of(&keys)
                        )),
                );
            }
            found
        })
    });
    Some(DraftFleet {
        id,
        gpu,
        count,
        acquisition,
        acquired,
        region,
        rent_term,
        includes,
        option: f
            .get("option")
            .and_then(|v| spanned(v, |v| input::string(v, p))),
        params: read_params(&f, &all, language, p),
        span: f.header_span(),
    })
}

fn read_gpus(value: &Value<'_>, language: Option<Language>, p: &mut Problems) -> Vec<DraftGpu> {
    let Some(table) = value.get_ref().as_table() else {
        p.push(input::wrong_type(value, "a table `[gpu.NAME]`"));
        return Vec::new();
    };
    let mut gpus = Vec::new();
    for (name, entry) in table {
        let what = format!("`[gpu.{}]`", name.get_ref());
        let Some(f) = Fields::new(entry, what, &GPU_KEYS, p) else {
            continue;
        };
        // Required of a model the catalog lacks only: the resolver knows which.
        let tdp_w = f
            .get("tdp_w")
            .and_then(|v| spanned(v, |v| input::number(v, p)));
        let params = read_params(
            &f,
            &[
                Param::UnitPrice,
                Param::RatePerGpuHour,
                Param::KwPerGpu,
                Param::PeakFlops,
            ],
            language,
            p,
        );
        gpus.push(DraftGpu {
            name: Spanned {
                value: name.get_ref().to_string(),
                span: name.span(),
            },
            tdp_written: f.get("tdp_w").is_some(),
            tdp_w,
            params,
        });
    }
    gpus
}

fn read_fx(value: &Value<'_>, p: &mut Problems) -> Vec<(Currency, Spanned<Decimal>)> {
    let Some(table) = value.get_ref().as_table() else {
        p.push(input::wrong_type(
            value,
            "a table `[fx]` of rates such as `EUR = 1.08`",
        ));
        return Vec::new();
    };
    let mut rates = Vec::new();
    for (code, rate) in table {
        let Some(currency) = Currency::from_code(code.get_ref()) else {
            p.push(input::unknown_currency(code.span(), code.get_ref()));
            continue;
        };
        if let Some(r) = spanned(rate, |v| input::number(v, p)) {
            if r.value <= Decimal::ZERO {
                p.push(
                    Diagnostic::at(r.span.clone(), "an exchange rate must be above zero").help(
                        format!("write US dollars per {currency}, e.g. `EUR = 1.08`"),
                    ),
                );
                continue;
            }
            rates.push((currency, r));
        }
    }
    rates
}

fn read_claim(
    value: &Value<'_>,
    language: Option<Language>,
    p: &mut Problems,
) -> Option<DraftClaim> {
    let f = Fields::new(value, "`[[claim]]`", &CLAIM_KEYS, p)?;
    let id = f
        .require(
            "id",
            p,
            "give the claim a short `id`, e.g. `id = \"huang-9b\"`",
        )
        .and_then(|v| spanned(v, |v| input::string(v, p)));
    let value_ = f
        .require(
            "value",
            p,
            "give the figure claimed, e.g. `value = \"$9B\"`, or a range",
        )
        .and_then(|v| match serve::is_margin(&f) {
            // A margin is a percentage as written ("545%"): its own reader.
            true => spanned(v, |v| input::percentage(v, language, p)),
            false => spanned(v, |v| input::claim(v, language, p)),
        });
    let (value_, reading, written) = match value_ {
        Some(Spanned {
            value: (bounds, reading, written),
            span,
        }) => (
            Some(Spanned {
                value: bounds,
                span,
            }),
            reading,
            written,
        ),
        None => (None, Reading::Figure, None),
    };
    let scope = f
        .require(
            "scope",
            p,
            "say which total the claim speaks of: `gpus`, `capex`, `tco` or `rental` (of the \
             scenario or a fleet), or `amortized`, `acquisition`, `cloud`, `gpu_hours`, `hours` \
             or `flop` (of a job)",
        )
        .and_then(|v| {
            spanned(v, |v| {
                let text = input::string(v, p)?;
                let found = Scope::from_key(&text);
                if found.is_none() {
                    let keys = Scope::keys();
                    let help = match suggest::nearest(&text, keys.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("scopes: {}", suggest::one_of(&keys)),
                    };
                    p.push(
                        Diagnostic::at(v.span(), format!("unknown scope `{text}`"))
                            .label("not a scope")
                            .help(help),
                    );
                }
                found
            })
        });
    let text = |key: &str, p: &mut Problems| f.get(key).and_then(|v| input::string(v, p));
    Some(DraftClaim {
        id,
        source: text("source", p),
        quote: text("quote", p),
        value: value_,
        reading,
        written,
        fleet: f
            .get("fleet")
            .and_then(|v| spanned(v, |v| input::string(v, p))),
        job: f
            .get("job")
            .and_then(|v| spanned(v, |v| input::string(v, p))),
        serve: f
            .get("serve")
            .and_then(|v| spanned(v, |v| input::string(v, p))),
        scope,
        option: f
            .get("option")
            .and_then(|v| spanned(v, |v| input::string(v, p))),
        span: f.header_span(),
    })
}

fn read_job(value: &Value<'_>, language: Option<Language>, p: &mut Problems) -> Option<DraftJob> {
    let known: Vec<&str> = JOB_KEYS
        .iter()
        .copied()
        .chain(Param::JOB.iter().map(|p| p.key()))
        .collect();
    let f = Fields::new(value, "`[[job]]`", &known, p)?;
    let id = f
        .require("id", p, "give the job a short `id`, e.g. `id = \"gpt-4\"`")
        .and_then(|v| spanned(v, |v| input::string(v, p)));
    let fleet = f
        .require(
            "fleet",
            p,
            "name the fleet the job runs on, e.g. `fleet = \"colossus\"`",
        )
        .and_then(|v| spanned(v, |v| input::string(v, p)));
    let start = f
        .get("start")
        .and_then(|v| spanned(v, |v| input::date(v, p)));
    let depreciation = f.get("depreciation").and_then(|v| {
        spanned(v, |v| {
            let text = input::string(v, p)?;
            let found = Depreciation::from_key(&text);
            if found.is_none() {
                let keys = Depreciation::KEYS;
                let help = match suggest::nearest(&text, keys) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("write {}", suggest::one_of(&keys)),
                };
                p.push(
                    Diagnostic::at(v.span(), format!("unknown depreciation `{text}`"))
                        .label("not a depreciation method")
                        .help(help),
                );
            }
            found
        })
    });
    Some(DraftJob {
        id,
        fleet,
        params: read_params(&f, &Param::JOB, language, p),
        start,
        depreciation,
        facility: f
            .get("facility")
            .and_then(|v| spanned(v, |v| input::boolean(v, p))),
        rent_term: f
            .get("rent_term")
            .and_then(|v| spanned(v, |v| rent_term(v, p))),
        span: f.header_span(),
    })
}

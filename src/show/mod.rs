//! How figures read in every report: a range, an input with its unit and spread, a
//! verdict, a note on an off-market price, a rate. Shared by what computes reports
//! (`compare`) and what renders them (`render`), so neither imports the other.
//!
//! Layer (ARCHITECTURE.md): uses `judge` and the layers below; computes no figure, only
//! the words it is shown in.
//!
//! Over 600 lines, and one idea: the one place each kind of figure gets its words, so
//! every report words it alike; splitting it by report would let them drift.

use rust_decimal::Decimal;

use crate::catalog::PriceKind;
use crate::judge::claims::{GpusAlone, OffMarket, Placement, Verdict, VerdictKind};
use crate::money::{
    Currency, Range, RateOrigin, format_amount, format_factor, format_money, shown_rate,
};
use crate::money::{Reading, Restated};
use crate::scenario::{Claim, Dist, Resolved, Scenario, Scope};

mod cell;

pub use cell::{CELL_LINE, CELL_WORD, in_a_cell, one_line};

/// How prose is wrapped: at blanks only, never inside a word or at its hyphens
/// (`on-demand`, `(2024-01);` stay whole).
pub(crate) fn wrapping<'a>(width: usize) -> textwrap::Options<'a> {
    textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// The rate lines of a report heading: `1 EUR = 1.0968 USD (ECB monthly mean 2023-04)`.
/// The report currency's rate converts every catalog figure, the file's converts its
/// bare numbers, and `[fx]` rates are the scenario's own, so these are shown; the
/// other built-in rates are not used.
pub fn rate_lines(s: &Scenario) -> Vec<String> {
    s.rates
        .listed()
        .filter(|(currency, _, origin)| match origin {
            RateOrigin::Ecb(_) => *currency == s.currency || *currency == s.written,
            RateOrigin::Scenario => true,
            RateOrigin::Base => false,
        })
        .map(|(currency, rate, origin)| rate_text(*currency, *rate, Currency::Usd, origin))
        .collect()
}

/// `1 EUR = 1.0968 USD (ECB monthly mean 2023-04)`: `rate` units of `to` per `from`.
pub fn rate_text(
    from: Currency,
    rate: Decimal,
    to: Currency,
    source: impl std::fmt::Display,
) -> String {
    format!("1 {from} = {} {to} ({source})", shown_rate(rate))
}

/// The notes under a report's heading: each rate used (`rate: 1 EUR = …`), then each
/// warning (`! the catalog's newest …`).
pub fn heading_notes(s: &Scenario) -> Vec<String> {
    rate_lines(s)
        .into_iter()
        .map(|l| format!("rate: {l}"))
        .chain(s.restated.as_ref().map(constant_dollars_line))
        .chain(s.warnings.iter().map(|w| format!("! {w}")))
        .collect()
}

/// `money in 2023 US dollars: × 1.010725 (US PPI data processing and hosting,
/// 2023-03 117.766 → 2023-12 119.029)`.
pub fn constant_dollars_line(r: &Restated) -> String {
    format!(
        "money in {} US dollars: × {} (producer price index PCU518210518210, data \
         processing and hosting: {} {} → {} {})",
        r.year,
        shown_rate(r.factor),
        r.from,
        r.from_index.normalize(),
        r.to,
        r.to_index.normalize()
    )
}

/// Money for machines (JSON, CSV): a plain decimal rounded to cents, `219360000`.
pub fn cents(value: Decimal) -> String {
    to_cents(value).to_string()
}

/// An amount rounded to cents, without trailing zeros; one below half a cent keeps
/// four significant digits rather than reading 0.
pub fn to_cents(value: Decimal) -> Decimal {
    to_places(value, 2)
}

/// `value` rounded to `places` decimals, without trailing zeros; a value that would
/// round to 0 but is not keeps four significant digits instead.
pub fn to_places(value: Decimal, places: u32) -> Decimal {
    let rounded =
        value.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() && !value.is_zero() {
        return crate::money::round_sf(value, 4).normalize();
    }
    rounded.normalize()
}

/// `$2,500,000,000 – $3,500,000,000`, or one figure for an exact range.
pub fn money_range(range: Range, currency: Currency) -> String {
    if range.is_exact() {
        format_money(range.low(), currency)
    } else {
        format!(
            "{} – {}",
            format_money(range.low(), currency),
            format_money(range.high(), currency)
        )
    }
}

/// An input range: `$0.06 – $0.09`, `1.1 – 1.58`, `$10M – $25M`. Figures are shown
/// to six significant digits.
pub fn input_range(range: Range, currency: Option<Currency>) -> String {
    range_to(range, currency, 6)
}

/// Significant digits of a figure converted from another currency: an ECB monthly
/// mean has five (`1.0968`), so a converted figure is known to four at best.
pub const CONVERTED_DIGITS: u32 = 4;

/// Significant digits an input is shown with.
pub fn input_digits(input: &Resolved) -> u32 {
    if input.converted { CONVERTED_DIGITS } else { 6 }
}

/// A range with each bound rounded to `digits` significant digits.
fn range_to(range: Range, currency: Option<Currency>, digits: u32) -> String {
    let one = |v: Decimal| {
        let v = crate::money::round_sf(v, digits).normalize();
        match currency {
            Some(c) => compact_amount(v, c),
            None => count_or_exact(v),
        }
    };
    if range.is_exact() {
        one(range.low())
    } else {
        format!("{} – {}", one(range.low()), one(range.high()))
    }
}

/// A plain input figure: as written, or from 10^12 up with a power of ten.
fn count_or_exact(v: Decimal) -> String {
    if v.abs() >= Decimal::from(1_000_000_000_000u64) {
        scientific(v)
    } else {
        crate::money::format_decimal(v)
    }
}

/// A model input with its unit and, unless uniform, its distribution:
/// `1.1 – 1.5, pert mode 1.2`, `$0.05 – $0.1 per kWh, lognormal 5th–95th`.
pub fn input_text(input: &Resolved, currency: Option<Currency>, unit: &str) -> String {
    let digits = input_digits(input);
    let mut text = range_to(input.value, currency, digits);
    if !unit.is_empty() {
        text = format!("{text} {unit}");
    }
    let dist = input.dist;
    match dist {
        Dist::Uniform => text,
        Dist::Normal | Dist::Lognormal => format!("{text}, {} 5th–95th", dist.name()),
        Dist::Triangular { mode } | Dist::Pert { mode } => format!(
            "{text}, {} mode {}",
            dist.name(),
            range_to(Range::exact(mode), currency, digits)
        ),
    }
}

/// An exact amount, millions and billions written with `M` and `B` (`$12.5M`), and
/// from a trillion up with a power of ten (`$1.287e22`, not `$12,870,000,000,000B`).
pub fn compact_amount(value: Decimal, currency: Currency) -> String {
    if value.abs() >= TRILLION {
        let sign = if value.is_sign_negative() { "-" } else { "" };
        return format!("{sign}{}{}", currency.symbol(), power_of_ten(value.abs()));
    }
    let (scaled, suffix) = in_millions(value);
    format!("{}{suffix}", format_amount(scaled, currency))
}

/// 10^12: from here up an amount is shown with a power of ten.
const TRILLION: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// A value in billions (`B`) or millions (`M`) from a million up, else as it is.
fn in_millions(value: Decimal) -> (Decimal, &'static str) {
    let billion = Decimal::from(1_000_000_000u64);
    let million = Decimal::from(1_000_000u64);
    if value.abs() >= billion {
        (value / billion, "B")
    } else if value.abs() >= million {
        (value / million, "M")
    } else {
        (value, "")
    }
}

/// A count with millions and billions written `M` and `B` (`24.81M`); from 10^15 up a
/// power of ten (`3.8e25`).
pub fn compact_count(value: Decimal) -> String {
    if value.abs() >= QUADRILLION {
        return scientific(value);
    }
    let (scaled, suffix) = in_millions(value);
    format!(
        "{}{suffix}",
        crate::money::format_decimal(scaled.normalize())
    )
}

/// A figure of a scope to 4 significant figures, compact, without a unit for counts:
/// `$10.43B`, `24.81M`.
pub fn short_figure(value: Decimal, scope: Scope, currency: Currency) -> String {
    if scope == Scope::Margin {
        return percent_figure(value);
    }
    let value = crate::money::round_sf(value, 4).normalize();
    if scope.is_money() {
        compact_amount(value, currency)
    } else {
        compact_count(value)
    }
}

/// A range of a scope's figures to 4 significant figures, compact, a count's unit after
/// it: `$10.43B – $12.1B`, `24.81M – 28.08M GPU-hours`, `3.8e25 FLOP`.
pub fn short_range(range: Range, scope: Scope, currency: Currency) -> String {
    let mut text = short_figure(range.low(), scope, currency);
    if !range.is_exact() {
        text = format!("{text} – {}", short_figure(range.high(), scope, currency));
    }
    match scope.unit() {
        "" | "%" => text,
        unit => format!("{text} {unit}"),
    }
}

/// A sampled amount to 4 significant figures, compact (`$10.43B`, `$1.287e31` beyond
/// what an exact decimal holds); `—` only for what is no number (NaN, infinity).
pub fn approx_money(value: f64, currency: Currency) -> String {
    match Decimal::try_from(value) {
        Ok(d) if value.is_finite() => short_money(d, currency),
        _ if value.is_finite() => {
            let sign = if value < 0.0 { "-" } else { "" };
            format!(
                "{sign}{}{}",
                currency.symbol(),
                approx_power_of_ten(value.abs())
            )
        }
        _ => "—".into(),
    }
}

/// A finite float as four significant digits and a power of ten: `1.287e31`.
fn approx_power_of_ten(value: f64) -> String {
    let text = format!("{value:.3e}");
    match text.split_once('e') {
        Some((m, e)) if m.contains('.') => {
            format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
        }
        _ => text,
    }
}

/// An amount to 4 significant figures, compact (`$10.43B`).
pub fn short_money(value: Decimal, currency: Currency) -> String {
    compact_amount(crate::money::round_sf(value, 4).normalize(), currency)
}

/// A share of draws as a percentage with one decimal; `<0.1%` and `>99.9%` rather
/// than rounding a rare outcome away.
pub fn share(p: f64) -> String {
    if p > 0.0 && p < 0.000_5 {
        "<0.1%".into()
    } else if p < 1.0 && p > 0.999_5 {
        ">99.9%".into()
    } else {
        format!("{:.1}%", p * 100.0)
    }
}

/// `per GPU` or `per GPU-hour`.
pub fn per(kind: PriceKind) -> &'static str {
    match kind {
        PriceKind::Purchase => "per GPU",
        PriceKind::Rental => "per GPU-hour",
    }
}

/// A count for reading: whole units with separators (`30,840,000`), cents below 100,
/// and from 10^15 up (FLOP) four significant digits and a power of ten (`3.8e25`).
pub fn count(value: Decimal) -> String {
    if value.abs() < QUADRILLION {
        return crate::money::format_decimal(counted(value));
    }
    scientific(value)
}

/// 10^15: from here up a count is shown in scientific notation.
const QUADRILLION: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// A count rounded as [`count`] shows it: whole from 100 up, hundredths below, four
/// significant digits from 10^15.
pub fn counted(value: Decimal) -> Decimal {
    if value.abs() >= QUADRILLION {
        return crate::money::round_sf(value, 4).normalize();
    }
    let places = if value.abs() >= Decimal::ONE_HUNDRED {
        0
    } else {
        2
    };
    value
        .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Four significant digits and a power of ten: `3.8e25`, `9.894e14`.
fn scientific(value: Decimal) -> String {
    power_of_ten(crate::money::round_sf(value, 4))
}

/// A value of 1 or more as its digits and a power of ten, every digit kept:
/// `3.8e25`, `1.23456e15`. (Below 1, as it is.)
fn power_of_ten(value: Decimal) -> String {
    let value = value.normalize();
    let digits = value
        .abs()
        .trunc()
        .to_string()
        .trim_start_matches('-')
        .len();
    if value.abs() < Decimal::ONE || digits <= 1 {
        return crate::money::format_decimal(value);
    }
    let exponent = digits - 1;
    // Dividing by a power of ten moves the point: exact, and it fits, since a decimal
    // holds at most 29 digits, integer and fraction together.
    let mut mantissa = value;
    if mantissa.set_scale(value.scale() + exponent as u32).is_err() {
        return crate::money::format_decimal(value);
    }
    let mantissa = mantissa.normalize();
    format!("{mantissa}e{exponent}")
}

/// What a job's measure is called in a table: its key, and `hours (wall clock)`.
pub fn measure(scope: Scope) -> &'static str {
    match scope {
        Scope::Hours => "hours (wall clock)",
        _ => scope.key(),
    }
}

/// A figure of a scope: money for the money scopes, else a count with its unit
/// (`30,840,000 GPU-hours`, `3.8e25 FLOP`).
pub fn figure(value: Decimal, scope: Scope, currency: Currency) -> String {
    if scope == Scope::Margin {
        return percent_figure(value);
    }
    if is_per_million(scope) {
        return per_million(value, currency);
    }
    if scope.is_money() {
        format_money(value, currency)
    } else {
        format!("{} {}", count(value), scope.unit())
    }
}

/// A range of a scope's figures, or one figure for an exact range.
pub fn figure_range(range: Range, scope: Scope, currency: Currency) -> String {
    if (scope == Scope::Margin || is_per_million(scope)) && !range.is_exact() {
        return format!(
            "{} – {}",
            figure(range.low(), scope, currency),
            figure(range.high(), scope, currency)
        );
    }
    if is_per_million(scope) {
        return figure(range.low(), scope, currency);
    }
    if scope.is_money() {
        return money_range(range, currency);
    }
    if range.is_exact() {
        figure(range.low(), scope, currency)
    } else {
        format!(
            "{} – {} {}",
            count(range.low()),
            count(range.high()),
            scope.unit()
        )
    }
}

/// The interval a claim was read as: `$9,000,000,000`, `≥ $100,000,000`,
/// `$8,100,000,000 – $9,000,000,000`, `30,840,000 GPU-hours`.
pub fn claim_interval(claim: &Claim, currency: Currency) -> String {
    let scope = claim.scope;
    match claim.reading {
        Reading::AtLeast => format!("≥ {}", figure(claim.value.low(), scope, currency)),
        Reading::AtMost => format!("≤ {}", figure(claim.value.high(), scope, currency)),
        _ => figure_range(claim.value, scope, currency),
    }
}

/// What a claim speaks of: `capex of fleet colossus`, `tco of the scenario`,
/// `cloud of job gpt-4`.
pub fn claim_subject(claim: &Claim) -> String {
    match (&claim.job, &claim.fleet) {
        _ if claim.serve.is_some() => {
            let serve = claim.serve.as_deref().unwrap_or("");
            format!("{} of serve {serve}", claim.scope)
        }
        (Some(j), _) => format!("{} of job {j}", claim.scope),
        (None, Some(f)) => format!("{} of fleet {f}", claim.scope),
        (None, None) => format!("{} of the scenario", claim.scope),
    }
}

/// A claim as written beside the interval it was read as: `more than $100 million
/// (≥ $100,000,000)`; a figure or range given as numbers is its interval.
pub fn claim_text(claim: &Claim, currency: Currency) -> String {
    let interval = claim_interval(claim, currency);
    let text = match &claim.written {
        Some(written) if *written != interval => format!("{written} (read as {interval})"),
        _ => interval,
    };
    text + &set_note(claim.value_set.as_deref())
}

/// ` (from --set fleet.x.count=50000)`: a figure the command line gave, marked as an
/// override; nothing for one the file gives.
pub fn set_note(assignment: Option<&str>) -> String {
    assignment.map_or(String::new(), |a| format!(" (from --set {a})"))
}

/// `Fleet `x`: 50,000 × H100-SXM`, its count marked when `--set` gave it.
pub fn fleet_title(f: &crate::scenario::Fleet) -> String {
    format!(
        "`{}`: {} × {}{}",
        f.id,
        crate::money::format_decimal(f.count.into()),
        f.gpu,
        set_note(f.count_set.as_deref())
    )
}

/// A share as a percentage to three significant digits (`62.5%`), a range of them
/// (`60% – 80%`).
pub fn percent_range(range: Range) -> String {
    // A share can be past what a percentage of it holds (a break-even of 1e27 against
    // a rent of a billionth): then four digits and a power of ten.
    let pct = |d: Decimal| match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) if p.abs() < TRILLION => {
            let p = crate::money::round_sf(p, 3).normalize();
            format!("{}%", crate::money::format_decimal(p))
        }
        Some(p) => format!("{}%", scientific(p)),
        None => format!("{}%", approx_power_of_ten(crate::money::to_f64(d) * 100.0)),
    };
    if range.is_exact() {
        pct(range.low())
    } else {
        format!("{} – {}", pct(range.low()), pct(range.high()))
    }
}

/// The break-even utilization in words: `62.5% – 97.1%`, or where owning never pays
/// at that rent, `above 100%: renting is cheaper at any use`.
pub fn break_even_text(range: Range) -> String {
    if range.low() > Decimal::ONE {
        format!("{}: renting is cheaper at any use", percent_range(range))
    } else {
        percent_range(range)
    }
}

/// The MFU a claim implies: `MFU 0.3459`, or `MFU 1.2 (above 1: no MFU can)`.
pub fn mfu_text(mfu: Decimal) -> String {
    let shown = crate::money::round_sf(mfu, 4).normalize();
    if mfu > Decimal::ONE {
        format!("MFU {shown} (above 1: no MFU can)")
    } else {
        format!("MFU {shown}")
    }
}

/// `consistent, at 25% of the range` / `understates ×6.3`.
pub fn verdict_text(v: &Verdict) -> String {
    match v.kind {
        VerdictKind::Consistent => match v.position {
            Some(p) => format!(
                "consistent, at {}% of the range",
                crate::money::format_decimal(p)
            ),
            None => "consistent".into(),
        },
        VerdictKind::Understates => match v.factor {
            Some(f) => format!("understates ×{}", format_factor(f)),
            None => "understates".into(),
        },
        VerdictKind::Overstates => match v.factor {
            Some(f) => format!("overstates ×{}", format_factor(f)),
            None => "overstates".into(),
        },
    }
}

/// Why a consistent `about`/`nearly` claim is consistent although its figure lies
/// outside the range: the band its word allows.
pub fn band_text(reading: Reading) -> String {
    match reading {
        Reading::Nearly => {
            "consistent only within the 90–100% of its figure that “nearly” allows".into()
        }
        _ => "consistent only within the ±10% that “about” allows".into(),
    }
}

/// A claim on `gpus` judged against the GPUs alone, where a price per GPU in a server
/// is all that is known: what that is, and the verdict against it.
pub fn gpus_alone_lines(g: &GpusAlone, c: Currency) -> Vec<String> {
    let fleets: Vec<String> = g.fleets.iter().map(|f| format!("`{f}`")).collect();
    vec![
        "judged against the GPUs alone:".to_string(),
        format!(
            "  only a price per GPU in a server is known for {} ({} with the servers); \
             the GPUs alone are taken as it ÷ {} (1 + the catalog's server share; \
             `gpucost catalog` gives its source)",
            fleets.join(", "),
            money_range(g.with_servers, c),
            factor_range(g.divisor)
        ),
    ]
}

/// Under the totals, where some fleet's price includes its servers: the `gpus` total
/// counts the GPUs alone, and how.
pub fn gpus_alone_note(s: &Scenario, costs: &crate::model::Costs) -> Option<String> {
    let held: Vec<String> = s
        .fleets
        .iter()
        .zip(&costs.fleets)
        .filter_map(|(f, c)| Some(format!("`{}` ÷ {}", f.id, factor_range(c.gpus_divisor?))))
        .collect();
    (!held.is_empty()).then(|| {
        format!(
            "gpus = the GPUs alone: a price per GPU in a server is taken down to them by 1 + \
             the catalog's server share ({}); capex and tco count the servers once, as priced",
            held.join(", ")
        )
    })
}

/// A claim on owning a GPU-hour in its own words: renting at the figure is cheaper
/// than owning below a share of hours, dearer above.
pub fn rent_vs_buy_text(claim: &Claim, below: Range, c: Currency) -> String {
    let figure = claim_interval(claim, c);
    if below.low() >= Decimal::ONE {
        return format!("renting at {figure} is cheaper than owning at any use");
    }
    let past = if below.high() >= Decimal::ONE {
        " (past 100%: at any use)"
    } else {
        ""
    };
    format!(
        "renting at {figure} is cheaper than owning below {} use{past}, owning cheaper above",
        percent_range(below)
    )
}

/// One scope of [`OptionsCompared`]: each option's total (where it has one), and its
/// mid-range minus the first option's (where both have one).
pub type OptionRow = (
    crate::scenario::Scope,
    Vec<Option<Range>>,
    Vec<Option<Decimal>>,
);

/// The options of one scenario of alternatives, side by side: per scope, each option's
/// total, and each option's mid-range less the first's.
pub struct OptionsCompared<'r> {
    /// The scenario, as written.
    pub name: String,
    /// The options, in file order.
    pub options: Vec<&'r str>,
    /// Per scope: each option's total (where it has one), and its mid-range minus
    /// the first option's (where both have one).
    pub rows: Vec<OptionRow>,
}

/// Each run of consecutive reports that are the options of one file, compared.
pub fn options_compared(
    reports: &[crate::judge::report::Report],
) -> Vec<(usize, OptionsCompared<'_>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < reports.len() {
        let mut j = i;
        while j < reports.len()
            && reports[j].scenario.option.is_some()
            && reports[j].file == reports[i].file
        {
            j += 1;
        }
        if j - i >= 2 {
            let group = &reports[i..j];
            let rows = crate::scenario::Scope::FLEET
                .into_iter()
                .filter(|&scope| group.iter().any(|r| r.costs.total(scope).is_some()))
                .map(|scope| {
                    let totals: Vec<Option<Range>> =
                        group.iter().map(|r| r.costs.total(scope)).collect();
                    let base = totals[0].map(|t| t.midpoint());
                    let deltas = totals
                        .iter()
                        .map(|t| Some(t.as_ref()?.midpoint() - base?))
                        .collect();
                    (scope, totals, deltas)
                })
                .collect();
            let name = group[0]
                .scenario
                .name
                .rsplit_once(" — option")
                .map_or(group[0].scenario.name.clone(), |(n, _)| n.to_string());
            out.push((
                j - 1,
                OptionsCompared {
                    name,
                    options: group
                        .iter()
                        .filter_map(|r| r.scenario.option.as_deref())
                        .collect(),
                    rows,
                },
            ));
        }
        i = j.max(i + 1);
    }
    out
}

/// `1.3 – 2`: a factor range as shown.
fn factor_range(f: Range) -> String {
    let one = |v: rust_decimal::Decimal| crate::money::format_decimal(v.normalize());
    if f.low() == f.high() {
        one(f.low())
    } else {
        format!("{} – {}", one(f.low()), one(f.high()))
    }
}

/// `the V100 unit price €10,000 – €20,000 lies above the market €1,823 – €7,294`.
pub fn off_market_text(o: &OffMarket, currency: Currency) -> String {
    let how = match o.placement {
        Placement::Above => "lies above",
        Placement::Below => "lies below",
        Placement::PartlyAbove => "reaches above",
        Placement::PartlyBelow => "reaches below",
        Placement::Wider => "reaches past both ends of",
    };
    let what = match o.kind {
        PriceKind::Purchase => "unit price",
        PriceKind::Rental => "rate",
    };
    let held = match (o.in_server, o.rebased) {
        (true, None) => " per GPU in a server".to_string(),
        (false, None) => String::new(),
        (true, Some(f)) => format!(
            " as GPUs in servers (its card prices × {}, 1 + the catalog's server share)",
            factor_range(f)
        ),
        (false, Some(f)) => format!(
            " for the GPUs alone (its prices per GPU in a server ÷ {}, 1 + the catalog's server share)",
            factor_range(f)
        ),
    };
    format!(
        "fleet `{}`: assumed {} {what} {} {how} the catalog's {}{held}",
        o.fleet,
        o.gpu,
        money_range(o.own, currency),
        money_range(o.market, currency),
    )
}

/// A margin in per cent, to one decimal: `545.5%`, `-12%`.
pub fn percent_figure(value: Decimal) -> String {
    let rounded =
        value.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{}%", crate::money::format_decimal(rounded.normalize()))
}

/// Whether a scope is money per million tokens, shown to four significant figures.
pub fn is_per_million(scope: Scope) -> bool {
    matches!(
        scope,
        Scope::CostPerMillionInput | Scope::CostPerMillionOutput | Scope::CostPerMillionTokens
    )
}

/// Money per million tokens to four significant figures: `$0.5183`, `$1.111`.
pub fn per_million(value: Decimal, currency: Currency) -> String {
    crate::money::format_amount(crate::money::round_sf(value, 4).normalize(), currency)
}

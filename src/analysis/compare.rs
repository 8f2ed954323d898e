//! Scenarios side by side: one column per scenario (or per variant of one scenario),
//! one row per scope total, mid-range, key input and claim verdict. Pure data: the
//! renderers in `render::compare` lay it out.

use rust_decimal::Decimal;

use crate::input::param::Param;
use crate::judge::report::Report;
use crate::money::{Currency, Range};
use crate::scenario::{Resolved, Scope};
use crate::show::{
    counted, figure_range, input_digits, input_text, money_range, to_cents, verdict_text,
};

/// One cell: what to show, and the number behind it for differences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// As shown.
    pub text: String,
    /// The midpoint of a range (or the figure), for Δ and Δ%, rounded as shown:
    /// money totals to cents, inputs to their significant digits.
    pub number: Option<Decimal>,
    /// The currency, for money.
    pub currency: Option<Currency>,
}

impl Value {
    fn text(text: impl Into<String>) -> Value {
        Value {
            text: text.into(),
            number: None,
            currency: None,
        }
    }

    fn number(text: impl Into<String>, number: Decimal) -> Value {
        Value {
            number: Some(number),
            ..Value::text(text)
        }
    }
}

/// A row: a label and one value per column (`None` where the column lacks it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What the row shows, e.g. `tco` or `colossus · unit_price`.
    pub label: String,
    /// One per column.
    pub values: Vec<Option<Value>>,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// Column titles: scenario names, or the variant's assignments.
    pub columns: Vec<String>,
    /// Rows in report order.
    pub rows: Vec<Row>,
    /// The one currency of every money figure.
    pub currency: Option<Currency>,
    /// The columns priced in another currency than their file's.
    pub converted: Vec<Converted>,
}

/// A column whose scenario was written in another currency and priced in the
/// comparison's, at its own date's rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted {
    /// The column's title.
    pub column: String,
    /// The currency its file reports in.
    pub from: Currency,
    /// Units of the comparison's currency per unit of `from`, exactly as used.
    pub rate: Decimal,
    /// Where the rate comes from, e.g. `ECB monthly mean 2023-04`.
    pub source: String,
}

impl Converted {
    /// What a column was converted from, for a scenario now priced in `report`'s
    /// currency whose file reports in `from`; `None` if no rate is known.
    pub fn of(column: &str, from: Currency, report: &Report) -> Option<Converted> {
        let s = &report.scenario;
        let rate = s.rates.convert(Decimal::ONE, from, s.currency)?;
        // The rate that is not the dollar's own names the source.
        let foreign = if from == Currency::Usd {
            s.currency
        } else {
            from
        };
        let (_, origin) = s.rates.usd_per(foreign)?;
        Some(Converted {
            column: column.to_string(),
            from,
            rate,
            source: origin.to_string(),
        })
    }
}

fn money(range: Range, c: Currency) -> Value {
    Value {
        currency: Some(c),
        ..Value::number(money_range(range, c), to_cents(range.midpoint()))
    }
}

/// An input as shown, its midpoint rounded to the digits shown.
fn input_value(param: Param, input: &Resolved, c: Currency) -> Value {
    let currency = param.is_money().then_some(c);
    let mid = input.value.midpoint();
    let mid = crate::money::round_sf(mid, input_digits(input)).normalize();
    Value {
        currency,
        ..Value::number(input_text(input, currency, ""), mid)
    }
}

/// Builds the comparison of reports, titled by `columns`; `converted` says which
/// columns were priced in another currency than their file's.
pub fn compare(reports: &[Report], columns: Vec<String>, converted: Vec<Converted>) -> Comparison {
    let mut rows: Vec<Row> = Vec::new();
    // Each label's row, found by hash: a scenario of thousands of fleets has as many
    // rows, and a scan per cell would be quadratic.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut put = |label: String, column: usize, value: Value| {
        let at = match index.get(&label) {
            Some(&at) => at,
            None => {
                index.insert(label.clone(), rows.len());
                rows.push(Row {
                    label,
                    values: vec![None; reports.len()],
                });
                rows.len() - 1
            }
        };
        rows[at].values[column] = Some(value);
    };
    for (i, r) in reports.iter().enumerate() {
        let c = r.scenario.currency;
        let currency = match converted.iter().find(|v| v.column == columns[i]) {
            Some(v) => format!("{c} (written in {})", v.from),
            None => c.code().to_string(),
        };
        put("currency".into(), i, Value::text(currency));
        for (scope, range) in &r.costs.totals {
            put(format!("{scope}"), i, money(*range, c));
            put(
                format!("{scope} mid-range"),
                i,
                money(range.at_midpoint(), c),
            );
        }
        // All-in cost per GPU: the scenario's tco over all its GPUs (count >= 1 each).
        let gpus = Decimal::from(r.scenario.fleets.iter().map(|f| f.count).sum::<u64>());
        if let Some(tco) = r.costs.total(Scope::Tco).filter(|_| !gpus.is_zero()) {
            let per_gpu = Range::new(tco.low() / gpus, tco.high() / gpus).unwrap_or(tco);
            put("tco per GPU".into(), i, money(per_gpu, c));
        }
        for f in &r.scenario.fleets {
            put(format!("{} · gpu", f.id), i, Value::text(f.gpu.clone()));
            let count = Decimal::from(f.count);
            put(
                format!("{} · count", f.id),
                i,
                Value::number(crate::money::format_decimal(count), count),
            );
            for (param, input) in f.inputs.list() {
                let shown = [
                    Param::UnitPrice,
                    Param::RatePerGpuHour,
                    Param::Months,
                    Param::Years,
                    Param::Pue,
                    Param::ElectricityPerKwh,
                    Param::Utilization,
                    Param::CostOfCapital,
                ];
                if shown.contains(&param) {
                    put(
                        format!("{} · {param}", f.id),
                        i,
                        input_value(param, input, c),
                    );
                }
            }
        }
        for (id, o) in r.costs.owned() {
            put(
                format!("{id} · owned per GPU-hour"),
                i,
                money(o.per_gpu_hour, c),
            );
            if let Some(b) = o.break_even {
                let mid = b
                    .midpoint()
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .unwrap_or(Decimal::MAX)
                    .round_dp(1);
                let text = crate::show::break_even_text(b);
                put(
                    format!("{id} · break-even utilization"),
                    i,
                    Value::number(text, mid),
                );
            }
        }
        for (job, cost) in r.scenario.jobs.iter().zip(&r.costs.jobs) {
            let label = |key: &str| format!("job {} · {key}", job.id);
            put(label("fleet"), i, Value::text(job.fleet.clone()));
            for (param, input) in job.list() {
                put(label(param.key()), i, input_value(param, input, c));
            }
            for scope in [Scope::GpuHours, Scope::Hours, Scope::Flop] {
                if let Some(range) = cost.scope(scope) {
                    let mid = counted(range.midpoint());
                    let text = figure_range(range, scope, c);
                    put(label(scope.key()), i, Value::number(text, mid));
                }
            }
            for (scope, range) in cost.estimates() {
                put(label(scope.key()), i, money(range, c));
                if let Some(rate) = cost.per_gpu_hour(scope) {
                    let key = format!("{} per GPU-hour", scope.key());
                    put(label(&key), i, money(rate, c));
                }
            }
        }
        for (serve, cost) in r.scenario.serves.iter().zip(&r.costs.serves) {
            let label = |key: &str| format!("serve {} · {key}", serve.id);
            put(label("fleet"), i, Value::text(serve.fleet.clone()));
            for (param, input) in serve.written() {
                put(label(param.key()), i, input_value(param, input, c));
            }
            for (scope, range) in cost.figures() {
                let value = match scope {
                    // Money per million tokens to four figures, as shown.
                    Scope::CostPerMillionInput
                    | Scope::CostPerMillionOutput
                    | Scope::CostPerMillionTokens => {
                        let mid = crate::money::round_sf(range.midpoint(), 4).normalize();
                        Value {
                            currency: Some(c),
                            ..Value::number(figure_range(range, scope, c), mid)
                        }
                    }
                    _ if scope.is_money() => money(range, c),
                    _ => {
                        let mid = counted(range.midpoint());
                        Value::number(figure_range(range, scope, c), mid)
                    }
                };
                put(label(scope.key()), i, value);
            }
        }
        for claim in &r.claims {
            put(
                format!("claim {}", claim.claim.id),
                i,
                Value::text(verdict_text(&claim.verdict)),
            );
        }
    }
    Comparison {
        columns,
        rows,
        currency: reports.first().map(|r| r.scenario.currency),
        converted,
    }
}

impl Comparison {
    /// Only the rows whose columns differ.
    pub fn differences(&self) -> Comparison {
        let rows = self
            .rows
            .iter()
            .filter(|r| {
                let texts: Vec<Option<&str>> = r
                    .values
                    .iter()
                    .map(|v| v.as_ref().map(|v| v.text.as_str()))
                    .collect();
                texts.windows(2).any(|w| w[0] != w[1])
            })
            .cloned()
            .collect();
        Comparison {
            rows,
            ..self.clone()
        }
    }
}

/// `b − a` and `(b − a) / a` in percent (one decimal), where both are numbers.
pub fn delta(a: Option<&Value>, b: Option<&Value>) -> Option<(Decimal, Option<Decimal>)> {
    let (a, b) = (a?.number?, b?.number?);
    let d = b.checked_sub(a)?;
    let pct = (!a.is_zero())
        .then(|| d.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(a))
        .flatten()
        .map(|p| p.round_dp(1).normalize());
    Some((d, pct))
}

//! A serve in the terminal and Markdown report: its inputs, then its volume, cost,
//! cost per million tokens, revenue and margin, low and high.

use super::table::Look;
use super::{count, input_text, money_range};
use crate::model::serve::{RateBasis, ServeCost};
use crate::money::{Currency, Range, format_money};
use crate::scenario::{Scope, Serve};

/// The serve's title, inputs and figures.
pub fn section(serve: &Serve, cost: &ServeCost, c: Currency, look: Look) -> String {
    let mut out = look.title(&format!("Serve `{}` on fleet `{}`", serve.id, serve.fleet));
    let mut inputs = look.table(&["input", "value", "from"]);
    for (param, input) in serve.list() {
        let currency = param.is_money().then_some(c);
        // A serve's utilization is of its GPU-seconds, not of a fleet's hours.
        let unit = match param {
            crate::input::param::Param::Utilization => "of GPU-seconds at that throughput",
            _ => param.unit(),
        };
        let value = input_text(input, currency, unit);
        inputs.add_row(vec![
            look.cell(param.key()),
            look.cell(value.trim_end()),
            look.cell(input.origin.label()),
        ]);
    }
    let inputs = inputs.into_string();
    out.push_str(&format!("{inputs}\n"));
    let mut t = look.table(&["", "low", "high"]);
    let counts = |t: &mut super::table::WholeWords, name: &str, r: Range| {
        t.add_row(vec![
            look.cell(name),
            look.right(count(r.low())),
            look.right(count(r.high())),
        ]);
    };
    let money = |t: &mut super::table::WholeWords, name: &str, r: Range| {
        t.add_row(vec![
            look.cell(name),
            look.right(format_money(r.low(), c)),
            look.right(format_money(r.high(), c)),
        ]);
    };
    counts(&mut t, "gpu_hours", cost.gpu_hours);
    counts(&mut t, "input_tokens", cost.input_tokens);
    counts(&mut t, "cached_input_tokens", cost.cached_input_tokens);
    counts(&mut t, "output_tokens", cost.output_tokens);
    counts(
        &mut t,
        "input_tokens_per_gpu_second",
        cost.input_tokens_per_gpu_second,
    );
    counts(
        &mut t,
        "output_tokens_per_gpu_second",
        cost.output_tokens_per_gpu_second,
    );
    money(&mut t, "rate per GPU-hour", cost.rate);
    for (scope, range) in cost.figures() {
        match scope {
            Scope::GpuHours | Scope::InputTokensPerGpuSecond | Scope::OutputTokensPerGpuSecond => {}
            Scope::Margin => {
                t.add_row(vec![
                    look.cell(scope.key()),
                    look.right(super::percent_figure(range.low())),
                    look.right(super::percent_figure(range.high())),
                ]);
            }
            _ if super::is_per_million(scope) => {
                t.add_row(vec![
                    look.cell(scope.key()),
                    look.right(super::per_million(range.low(), c)),
                    look.right(super::per_million(range.high(), c)),
                ]);
            }
            _ => money(&mut t, scope.key(), range),
        }
    }
    let t = t.into_string();
    out.push_str(&format!("{t}\n"));
    out.push_str(&look.note(&note(cost, c)));
    out.push('\n');
    out
}

/// How the figures are reached, under the table.
pub fn note(cost: &ServeCost, c: Currency) -> String {
    let rate = match cost.basis {
        RateBasis::Rented => "the fleet's rate_per_gpu_hour",
        RateBasis::Owned => {
            "the bought fleet's cost of owning a GPU-hour (see \"Owning a GPU-hour\")"
        }
    };
    let mut text = format!(
        "cost = gpu_hours × {} ({rate}); cost per million = cost / those tokens × 10⁶ \
         (input, output, and both together: each takes the whole cost)",
        money_range(cost.rate, c)
    );
    if let Some(r) = &cost.revenue {
        text.push_str(&format!(
            "; revenue = uncached input {} + cached input {} + output {}, at the prices per \
             million; margin = (revenue − cost) / cost",
            money_range(r.input, c),
            money_range(r.cached_input, c),
            money_range(r.output, c),
        ));
    }
    text
}

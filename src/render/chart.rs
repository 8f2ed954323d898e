//! The range chart as SVG: one horizontal bar per total, from its low to its high on an
//! axis starting at zero, with each claim about that total marked on it (a line for a
//! figure, a band for a range), coloured by verdict. Hand-built: a few elements, each
//! carrying its figures as `data-` attributes so a test can check every position.

use std::collections::{HashMap, HashSet};

use crate::judge::claims::{ClaimResult, VerdictKind};
use crate::judge::report::Report;
use crate::money::to_f64 as f;
use crate::money::{Currency, Range};
use crate::scenario::Scope;

use super::{short_figure, short_range};

/// Width of the drawing, in user units.
pub const WIDTH: f64 = 640.0;
/// Left margin, for the bars' labels.
pub const LEFT: f64 = 150.0;
/// Right margin.
pub const RIGHT: f64 = 24.0;
const ROW: f64 = 75.0;
const TOP: f64 = 14.0;
const AXIS: f64 = 26.0;
const TITLE: f64 = 16.0;

/// One bar: a total, and the claims about it.
struct Bar<'a> {
    label: String,
    range: Range,
    claims: Vec<&'a ClaimResult>,
}

/// Bars on one axis from zero, in one unit: the scope of their figures (every money
/// scope is drawn alike).
struct Panel<'a> {
    title: Option<String>,
    scope: Scope,
    bars: Vec<Bar<'a>>,
}

/// The panels of a report: the scenario totals with each fleet total a claim speaks
/// of; then per job its money estimates, and each of its counts a claim speaks of
/// (GPU-hours, hours, FLOP: a unit each, so an axis each).
fn panels(r: &Report) -> Vec<Panel<'_>> {
    // The claims by what they speak of, grouped once: a page of ten thousand jobs and
    // claims finds each job's claims without a scan of them all.
    type About<'c> = (Option<&'c str>, Option<&'c str>, Scope);
    let mut by_subject: HashMap<About<'_>, Vec<&ClaimResult>> = HashMap::new();
    for c in &r.claims {
        let subject = (
            c.claim.job.as_deref(),
            c.claim.fleet.as_deref(),
            c.claim.scope,
        );
        by_subject.entry(subject).or_default().push(c);
    }
    let about = |job: Option<&str>, fleet: Option<&str>, scope: Scope| -> Vec<&ClaimResult> {
        by_subject
            .get(&(job, fleet, scope))
            .cloned()
            .unwrap_or_default()
    };
    let mut bars: Vec<Bar<'_>> = r
        .costs
        .totals
        .iter()
        .map(|&(scope, range)| Bar {
            label: format!("all · {scope}"),
            range,
            claims: about(None, None, scope),
        })
        .collect();
    let mut barred = HashSet::new();
    for c in &r.claims {
        let Some(fleet) = c.claim.fleet.as_deref() else {
            continue;
        };
        if c.claim.scope == Scope::OwnedPerGpuHour || !barred.insert((fleet, c.claim.scope)) {
            continue;
        }
        let label = format!("{fleet} · {}", c.claim.scope);
        bars.push(Bar {
            label,
            range: c.range,
            claims: about(None, Some(fleet), c.claim.scope),
        });
    }
    let mut panels = vec![Panel {
        title: None,
        scope: Scope::Tco,
        bars,
    }];
    // Owning a GPU-hour, beside its rent, where a claim speaks of it: dollars, not
    // billions, so an axis of its own.
    for (id, owned) in r.costs.owned() {
        let claims = about(None, Some(id), Scope::OwnedPerGpuHour);
        if claims.is_empty() {
            continue;
        }
        let mut bars = vec![Bar {
            label: Scope::OwnedPerGpuHour.to_string(),
            range: owned.per_gpu_hour,
            claims,
        }];
        bars.extend(owned.rent.as_ref().map(|rent| Bar {
            label: "rent".into(),
            range: rent.value,
            claims: Vec::new(),
        }));
        panels.push(Panel {
            title: Some(format!("Fleet {id}: one GPU-hour")),
            scope: Scope::OwnedPerGpuHour,
            bars,
        });
    }
    for (job, cost) in r.scenario.jobs.iter().zip(&r.costs.jobs) {
        let bar = |scope: Scope, range: Range| Bar {
            // The panel's title names the job.
            label: scope.to_string(),
            range,
            claims: about(Some(&job.id), None, scope),
        };
        panels.push(Panel {
            title: Some(format!("Job {} on fleet {}", job.id, job.fleet)),
            scope: Scope::Amortized,
            bars: cost
                .estimates()
                .into_iter()
                .map(|(s, r)| bar(s, r))
                .collect(),
        });
        for scope in [Scope::GpuHours, Scope::Hours, Scope::Flop] {
            let Some(range) = cost.scope(scope) else {
                continue;
            };
            let bar = bar(scope, range);
            if !bar.claims.is_empty() {
                panels.push(Panel {
                    title: Some(format!("Job {} in {}", job.id, scope.unit())),
                    scope,
                    bars: vec![bar],
                });
            }
        }
    }
    panels.extend(serve_panels(r));
    panels.retain(|p| !p.bars.is_empty());
    panels
}

/// A panel per serve: its cost, revenue and profit; its cost per million tokens; its
/// margin; each with the claims on it. An axis starts at zero: a profit or margin
/// that can be negative is left out of the drawing (the tables give it).
fn serve_panels(r: &Report) -> Vec<Panel<'_>> {
    let mut by_subject: HashMap<(&str, Scope), Vec<&ClaimResult>> = HashMap::new();
    for c in &r.claims {
        if let Some(serve) = c.claim.serve.as_deref() {
            by_subject
                .entry((serve, c.claim.scope))
                .or_default()
                .push(c);
        }
    }
    let mut panels = Vec::new();
    for (serve, cost) in r.scenario.serves.iter().zip(&r.costs.serves) {
        let bars = |scopes: &[Scope]| -> Vec<Bar<'_>> {
            scopes
                .iter()
                .filter_map(|&scope| Some((scope, cost.scope(scope)?)))
                .filter(|(_, range)| range.low() >= rust_decimal::Decimal::ZERO)
                .map(|(scope, range)| Bar {
                    label: scope.to_string(),
                    range,
                    claims: by_subject
                        .get(&(serve.id.as_str(), scope))
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect()
        };
        panels.push(Panel {
            title: Some(format!("Serve {} on fleet {}", serve.id, serve.fleet)),
            scope: Scope::Cost,
            bars: bars(&[Scope::Cost, Scope::Revenue, Scope::Profit]),
        });
        panels.push(Panel {
            title: Some(format!("Serve {}: per million tokens", serve.id)),
            scope: Scope::CostPerMillionOutput,
            bars: bars(&[
                Scope::CostPerMillionInput,
                Scope::CostPerMillionOutput,
                Scope::CostPerMillionTokens,
            ]),
        });
        panels.push(Panel {
            title: Some(format!("Serve {}: margin", serve.id)),
            scope: Scope::Margin,
            bars: bars(&[Scope::Margin]),
        });
    }
    panels
}

/// A round step for about five ticks up to `max`: 1, 2 or 5 × a power of ten.
fn tick_step(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let rough = max / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= rough)
        .unwrap_or(10.0 * power)
}

/// Escapes text for XML and HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The CSS class of a verdict: `consistent`, `understates` or `overstates`.
pub(crate) fn verdict_class(kind: VerdictKind) -> &'static str {
    match kind {
        VerdictKind::Consistent => "consistent",
        VerdictKind::Understates => "understates",
        VerdictKind::Overstates => "overstates",
    }
}

/// About how wide `text` is at `size` (system sans-serif runs near 0.6 em a character),
/// so a label can be kept inside the drawing.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// A label beside position `at`: after it, or before it where it would run past the
/// drawing's right edge. Returns the `x` and `text-anchor` to use.
fn beside(at: f64, text: &str, size: f64) -> (f64, &'static str) {
    if at + 3.0 + text_width(text, size) <= WIDTH - 2.0 {
        (at + 3.0, "start")
    } else {
        ((at - 3.0).max(text_width(text, size)), "end")
    }
}

/// The chart of one report, as a standalone SVG element: its panels one under the
/// other, each with its own axis.
pub fn svg(r: &Report) -> String {
    let c: Currency = r.scenario.currency;
    let panels = panels(r);
    let height: f64 = panels.iter().map(Panel::height).sum();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gpucost-chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" role=\"img\" \
         data-left=\"{LEFT}\" data-plot-width=\"{}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n\
         <title>{}: ranges of the totals, claims marked</title>\n\
         <style>.range{{fill:#9db8d9}}.consistent{{fill:#1a7f37;stroke:#1a7f37}}\
         .understates{{fill:#b35900;stroke:#b35900}}.overstates{{fill:#c62828;stroke:#c62828}}\
         .band{{fill-opacity:.3}}.tick{{stroke:#ccc}}text{{fill:#222}}text.claim-label{{stroke:none}}\
         text.panel-title{{font-weight:600}}</style>\n",
        WIDTH - LEFT - RIGHT,
        escape(&r.scenario.name)
    );
    let mut top = 0.0;
    for panel in &panels {
        out.push_str(&panel.svg(top, c));
        top += panel.height();
    }
    out.push_str("</svg>\n");
    out
}

impl Panel<'_> {
    /// Above the first bar: room for a title, if any.
    fn head(&self) -> f64 {
        TOP + if self.title.is_some() { TITLE } else { 0.0 }
    }

    fn height(&self) -> f64 {
        self.head() + ROW * self.bars.len() as f64 + AXIS
    }

    /// The panel from `top` down, as a group carrying its axis's end.
    fn svg(&self, top: f64, c: Currency) -> String {
        let scope = self.scope;
        let max = self
            .bars
            .iter()
            .flat_map(|b| {
                std::iter::once(f(b.range.high()))
                    .chain(b.claims.iter().map(|c| f(c.claim.value.high())))
            })
            .fold(0.0, f64::max);
        let step = tick_step(max);
        let axis_max = (max / step).ceil().max(1.0) * step;
        let plot = WIDTH - LEFT - RIGHT;
        let x = |v: f64| LEFT + v / axis_max * plot;
        let mut out = format!("<g class=\"panel\" data-axis-max=\"{axis_max}\">\n");
        if let Some(title) = &self.title {
            out.push_str(&format!(
                "<text class=\"panel-title\" x=\"0\" y=\"{:.2}\">{}</text>\n",
                top + TITLE,
                escape(title)
            ));
        }
        let first = top + self.head();
        let bars = &self.bars;
        // Axis: ticks and their labels at the bottom, grid lines behind the bars.
        let bottom = first + ROW * bars.len() as f64;
        let mut tick = 0.0;
        while tick <= axis_max * (1.0 + 1e-9) {
            let tx = x(tick);
            let label = match rust_decimal::Decimal::try_from(tick) {
                Ok(d) => short_figure(crate::money::round_sf(d, 3).normalize(), scope, c),
                Err(_) => String::new(),
            };
            // A label centred on the last tick that would run past the right edge (a
            // figure of six digits, `$600,000`) ends at the edge instead.
            let (label_x, anchor) = match tx + text_width(&label, 12.0) / 2.0 > WIDTH - 0.5 {
                true => (WIDTH - 0.5, "end"),
                false => (tx, "middle"),
            };
            out.push_str(&format!(
                "<line class=\"tick\" x1=\"{tx:.2}\" x2=\"{tx:.2}\" y1=\"{first}\" y2=\"{bottom}\"/>\
                 <text x=\"{label_x:.2}\" y=\"{:.2}\" text-anchor=\"{anchor}\">{}</text>\n",
                bottom + 16.0,
                escape(&label)
            ));
            tick += step;
        }
        for (i, bar) in bars.iter().enumerate() {
            // A row: claim labels on top, then the bar with its claim marks across it,
            // then the range in figures.
            let y = first + ROW * i as f64;
            let (low, high) = (f(bar.range.low()), f(bar.range.high()));
            let range_text = short_range(bar.range, scope, c);
            let label = escape(&bar.label);
            let shown = escape(&range_text);
            let (bar_x, bar_width) = (x(low), (x(high) - x(low)).max(1.0));
            // A long label is squeezed into the margin rather than cut at the left edge.
            let room = LEFT - 12.0;
            let squeeze = if text_width(&bar.label, 12.0) > room {
                format!(" textLength=\"{room}\" lengthAdjust=\"spacingAndGlyphs\"")
            } else {
                String::new()
            };
            // The range's figures start under the bar, or end under it near the right edge.
            let (text_x, anchor) = if bar_x + text_width(&range_text, 11.0) <= WIDTH - 2.0 {
                (bar_x, "start")
            } else {
                (
                    (bar_x + bar_width).max(text_width(&range_text, 11.0)),
                    "end",
                )
            };
            out.push_str(&format!(
                "<text x=\"{:.2}\" y=\"{:.2}\" text-anchor=\"end\"{squeeze}>{label}</text>\n\
                 <rect class=\"range\" x=\"{bar_x:.2}\" y=\"{:.2}\" width=\"{bar_width:.2}\" height=\"16\" \
                 data-total=\"{label}\" data-low=\"{low}\" data-high=\"{high}\"><title>{label}: {shown}</title></rect>\n\
                 <text x=\"{text_x:.2}\" y=\"{:.2}\" font-size=\"11\" text-anchor=\"{anchor}\">{shown}</text>\n",
                LEFT - 8.0,
                y + 43.0,
                y + 31.0,
                y + 65.0,
            ));
            // Claim ids go on two lines above the bar, each where it does not run into
            // another.
            let mut placed: Vec<(usize, f64, f64)> = Vec::new();
            for claim in &bar.claims {
                let class = verdict_class(claim.verdict.kind);
                let (cl, ch) = (f(claim.claim.value.low()), f(claim.claim.value.high()));
                let title = format!(
                    "{}: {} ({})",
                    claim.claim.id,
                    super::claim_text(&claim.claim, c),
                    super::verdict_text(&claim.verdict)
                );
                let shape = if claim.claim.value.is_exact() {
                    format!(
                        "<line class=\"claim {class}\" x1=\"{:.2}\" x2=\"{:.2}\" y1=\"{:.2}\" y2=\"{:.2}\" \
                         stroke-width=\"3\" data-claim=\"{}\" data-low=\"{cl}\" data-high=\"{ch}\">",
                        x(cl),
                        x(cl),
                        y + 25.0,
                        y + 53.0,
                        escape(&claim.claim.id)
                    )
                } else {
                    format!(
                        "<rect class=\"claim band {class}\" x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"28\" \
                         data-claim=\"{}\" data-low=\"{cl}\" data-high=\"{ch}\">",
                        x(cl),
                        y + 25.0,
                        (x(ch) - x(cl)).max(1.0),
                        escape(&claim.claim.id)
                    )
                };
                let end = if claim.claim.value.is_exact() {
                    "</line>"
                } else {
                    "</rect>"
                };
                out.push_str(&format!("{shape}<title>{}</title>{end}\n", escape(&title)));
                // The claim's id beside its mark, so a printed chart says which is which.
                let (label_x, anchor) = beside(x(cl), &claim.claim.id, 10.0);
                let width = text_width(&claim.claim.id, 10.0);
                let (left, right) = match anchor {
                    "end" => (label_x - width, label_x),
                    _ => (label_x, label_x + width),
                };
                let clashes = |line: usize| {
                    placed
                        .iter()
                        .filter(|(l, a, b)| *l == line && left < b + 4.0 && *a < right + 4.0)
                        .count()
                };
                let line = if clashes(0) <= clashes(1) { 0 } else { 1 };
                placed.push((line, left, right));
                out.push_str(&format!(
                    "<text class=\"claim-label {class}\" x=\"{label_x:.2}\" y=\"{:.2}\" font-size=\"10\" \
                     text-anchor=\"{anchor}\">{}</text>\n",
                    y + 10.0 + 11.0 * line as f64,
                    escape(&claim.claim.id)
                ));
            }
        }
        out.push_str("</g>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(9e9), 2e9);
        assert_eq!(tick_step(45e9), 1e10);
        assert_eq!(tick_step(0.0), 1.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}

//! `gpucost report`: one self-contained HTML page (no scripts, no external fonts, styles
//! and charts inline) with, per scenario, the range chart, the claims and their
//! verdicts, the cost by fleet and part, the totals, and every input with its source.
//! Readable on a phone (tables scroll sideways, the chart scales) and when printed.

use super::chart::{escape, svg, verdict_class};
use super::{input_text, verdict_text};
use super::{measure, short_figure, short_range};
use crate::judge::report::Report;
use crate::scenario::Scope;

const STYLE: &str = "\
:root{color-scheme:light}\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.45;color:#1b1b1b;background:#fff}\
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;margin:2rem 0 .2rem;border-bottom:2px solid #9db8d9}\
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}.meta{color:#555;margin:.2rem 0}\
figure{margin:1rem 0}figure svg{width:100%;min-width:560px;height:auto}figcaption{font-size:.85rem;color:#555}\
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}\
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th.num,td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\
.consistent{color:#1a7f37}.understates{color:#b35900}.overstates{color:#c62828}\
.source{font-size:.8rem;color:#555}\
@media print{body{max-width:none;padding:0}section{break-inside:avoid-page}h2{break-after:avoid}.scroll{overflow:visible}}\
@media (max-width:30rem){body{padding:.5rem}th,td{padding:.25rem}}";

/// A table; a column of figures (its cells made by [`num`]) has its header aligned
/// with them, to the right.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let figures = |i: usize| {
        rows.first()
            .and_then(|r| r.get(i))
            .is_some_and(|cell| cell.starts_with(NUM))
    };
    let head: String = header
        .iter()
        .enumerate()
        .map(|(i, h)| match figures(i) {
            true => format!("<th class=\"num\">{}</th>", escape(h)),
            false => format!("<th>{}</th>", escape(h)),
        })
        .collect();
    let body: String = rows
        .into_iter()
        .map(|row| format!("<tr>{}</tr>\n", row.concat()))
        .collect();
    format!(
        "<div class=\"scroll\"><table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table></div>\n"
    )
}

fn td(text: &str) -> String {
    format!("<td>{}</td>", escape(text))
}

const NUM: &str = "<td class=\"num\">";

fn num(text: &str) -> String {
    format!("{NUM}{}</td>", escape(text))
}

/// A computed amount as the page shows it, in the tables as in the chart: four
/// significant figures (`$10.43B`); `gpucost run` gives every figure to the unit.
fn amount(value: rust_decimal::Decimal, c: crate::money::Currency) -> String {
    super::short_money(value, c)
}

/// The answer first: every scenario's claims with their verdicts, each linked to its
/// scenario's section, and the count of claims outside their range.
fn summary(reports: &[Report]) -> String {
    let mut rows = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let link = format!(
            "<td><a href=\"#{}\">{}</a></td>",
            anchor(i),
            escape(&r.scenario.name)
        );
        if r.claims.is_empty() {
            rows.push(vec![link.clone(), td("no claims"), td("")]);
        }
        for (n, cl) in r.claims.iter().enumerate() {
            let name = if n == 0 { link.clone() } else { td("") };
            rows.push(vec![
                name,
                td(&cl.claim.id),
                format!(
                    "<td class=\"{}\">{}</td>",
                    verdict_class(cl.verdict.kind),
                    escape(&verdict_text(&cl.verdict))
                ),
            ]);
        }
    }
    let claims: Vec<_> = reports.iter().flat_map(|r| &r.claims).collect();
    let outside = claims
        .iter()
        .filter(|c| c.verdict.kind != crate::judge::claims::VerdictKind::Consistent)
        .count();
    format!(
        "<nav class=\"summary\" aria-label=\"verdicts\">\n<h2>Verdicts</h2>\n<p class=\"meta\">{} claim{}: {} consistent, {outside} outside their range.</p>\n{}</nav>\n",
        claims.len(),
        if claims.len() == 1 { "" } else { "s" },
        claims.len() - outside,
        table(&["scenario", "claim", "verdict"], rows)
    )
}

/// The id of the `i`th scenario's section.
fn anchor(i: usize) -> String {
    format!("scenario-{}", i + 1)
}

fn section(i: usize, r: &Report) -> String {
    let s = &r.scenario;
    let c = s.currency;
    let mut out = format!(
        "<section id=\"{}\">\n<h2>{}</h2>\n<p class=\"meta\">{} · {} · {}</p>\n",
        anchor(i),
        escape(&s.name),
        s.date,
        c,
        escape(&r.file)
    );
    for note in super::heading_notes(s) {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", escape(&note)));
    }
    out.push_str(&format!(
        "<figure>\n<div class=\"scroll\">{}</div><figcaption>Each bar runs from the total's low to its high (axis from zero); \
         each claim is a line, or a band for a range: green consistent, orange understated, red \
         overstated.</figcaption>\n</figure>\n",
        svg(r)
    ));
    if !r.claims.is_empty() {
        out.push_str("<h3>Claims</h3>\n");
        let rows = r
            .claims
            .iter()
            .map(|cl| {
                let scope = cl.claim.scope;
                let of = match (&cl.claim.job, &cl.claim.fleet) {
                    _ if cl.claim.serve.is_some() => {
                        format!(
                            "serve {} · {scope}",
                            cl.claim.serve.as_deref().unwrap_or("")
                        )
                    }
                    (Some(j), _) => format!("job {j} · {scope}"),
                    (None, Some(f)) => format!("{f} · {scope}"),
                    (None, None) => scope.to_string(),
                };
                let class = verdict_class(cl.verdict.kind);
                let quote = cl.claim.quote.as_deref().map_or(String::new(), |q| {
                    format!("<br><span class=\"source\">“{}”</span>", escape(q))
                });
                vec![
                    format!("<td>{}{quote}</td>", escape(&cl.claim.id)),
                    num(&super::claim_text(&cl.claim, c)),
                    td(&of),
                    num(&short_range(cl.range, scope, c)),
                    format!(
                        "<td class=\"{class}\">{}</td>",
                        escape(&verdict_text(&cl.verdict))
                    ),
                ]
            })
            .collect();
        out.push_str(&table(
            &["claim", "claimed", "total", "computed range", "verdict"],
            rows,
        ));
    }
    out.push_str("<h3>Totals</h3>\n");
    let rows = r
        .costs
        .totals
        .iter()
        .map(|(scope, range)| {
            vec![
                td(scope.key()),
                num(&amount(range.low(), c)),
                num(&amount(range.high(), c)),
            ]
        })
        .collect();
    out.push_str(&table(&["scope", "low", "high"], rows));
    out.push_str("<h3>Cost by fleet and part</h3>\n");
    let mut rows = Vec::new();
    for (f, cost) in s.fleets.iter().zip(&r.costs.fleets) {
        for (i, (part, range)) in cost.parts.iter().enumerate() {
            let name = if i == 0 {
                format!(
                    "{} ({} × {}){}",
                    f.id,
                    crate::money::format_decimal(f.count.into()),
                    f.gpu,
                    super::set_note(f.count_set.as_deref())
                )
            } else {
                String::new()
            };
            rows.push(vec![
                td(&name),
                td(part.key()),
                num(&amount(range.low(), c)),
                num(&amount(range.high(), c)),
            ]);
        }
    }
    out.push_str(&table(&["fleet", "part", "low", "high"], rows));
    if r.costs.owned().next().is_some() {
        out.push_str("<h3>Owning a GPU-hour against renting one</h3>\n");
        let rows = r
            .costs
            .owned()
            .map(|(id, o)| {
                vec![
                    td(id),
                    num(&short_range(o.per_gpu_hour, Scope::OwnedPerGpuHour, c)),
                    num(&super::percent_range(o.utilization)),
                    num(&o.rent.as_ref().map_or("—".into(), |r| {
                        short_range(r.value, Scope::OwnedPerGpuHour, c)
                    })),
                    num(&o.break_even.map_or("—".into(), super::break_even_text)),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "fleet",
                "owned per GPU-hour",
                "utilization",
                "rent",
                "break-even utilization",
            ],
            rows,
        ));
        out.push_str(&format!(
            "<p class=\"source\">{}</p>\n",
            escape(super::table::OWNING)
        ));
    }
    if !s.jobs.is_empty() {
        out.push_str("<h3>Jobs</h3>\n");
        let mut rows = Vec::new();
        for (job, cost) in s.jobs.iter().zip(&r.costs.jobs) {
            let measures = [Scope::GpuHours, Scope::Hours, Scope::Flop]
                .into_iter()
                .filter_map(|scope| Some((scope, cost.scope(scope)?)));
            for (i, (scope, range)) in measures.chain(cost.estimates()).enumerate() {
                let name = match i {
                    0 => format!("{} (fleet {}, from {})", job.id, job.fleet, job.start),
                    _ => String::new(),
                };
                let per_hour = cost.per_gpu_hour(scope);
                rows.push(vec![
                    td(&name),
                    td(measure(scope)),
                    num(&short_figure(range.low(), scope, c)),
                    num(&short_figure(range.high(), scope, c)),
                    num(&per_hour.map_or(String::new(), |r| short_range(r, scope, c))),
                ]);
            }
        }
        out.push_str(&table(
            &["job", "estimate", "low", "high", "per GPU-hour"],
            rows,
        ));
    }
    if !s.serves.is_empty() {
        out.push_str("<h3>Serves</h3>\n");
        let mut rows = Vec::new();
        for (serve, cost) in s.serves.iter().zip(&r.costs.serves) {
            for (i, (scope, range)) in cost.figures().into_iter().enumerate() {
                let name = match i {
                    0 => format!("{} (fleet {})", serve.id, serve.fleet),
                    _ => String::new(),
                };
                rows.push(vec![
                    td(&name),
                    td(scope.key()),
                    num(&short_figure(range.low(), scope, c)),
                    num(&short_figure(range.high(), scope, c)),
                ]);
            }
        }
        out.push_str(&table(&["serve", "figure", "low", "high"], rows));
        for cost in &r.costs.serves {
            out.push_str(&format!(
                "<p class=\"source\">{}</p>\n",
                escape(&super::serve::note(cost, c))
            ));
        }
    }
    out.push_str("<h3>Inputs and their sources</h3>\n");
    let mut rows = Vec::new();
    let lines = crate::diagnostic::Lines::new(&r.text);
    let fleets = s.fleets.iter().map(|f| (f.id.clone(), f.inputs.list()));
    let jobs = s.jobs.iter().map(|j| (format!("job {}", j.id), j.list()));
    let serves = s
        .serves
        .iter()
        .map(|sv| (format!("serve {}", sv.id), sv.list()));
    for (owner, list) in fleets.chain(jobs).chain(serves) {
        for (i, (param, input)) in list.into_iter().enumerate() {
            let money = param.is_money().then_some(c);
            rows.push(vec![
                td(if i == 0 { &owner } else { "" }),
                td(param.key()),
                td(&input_text(input, money, param.unit())),
                format!(
                    "<td class=\"source\">{}</td>",
                    escape(&super::explain::origin(&input.origin, &lines))
                ),
            ]);
        }
    }
    out.push_str(&table(&["of", "input", "value", "from"], rows));
    if !s.sources.is_empty() {
        out.push_str("<h3>Sources</h3>\n<ul>\n");
        for source in &s.sources {
            out.push_str(&format!("<li>{}</li>\n", escape(source)));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The options of a scenario of alternatives side by side, never summed.
fn options_section(o: &super::OptionsCompared, c: crate::money::Currency) -> String {
    let mut header: Vec<String> = vec!["scope".into()];
    header.extend(o.options.iter().map(|n| format!("option {n}")));
    header.extend(
        o.options[1..]
            .iter()
            .map(|n| format!("{n} − {} (mid-range)", o.options[0])),
    );
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = o
        .rows
        .iter()
        .map(|(scope, totals, deltas)| {
            let mut row = vec![scope.key().to_string()];
            row.extend(totals.iter().map(|t| {
                t.map_or("—".to_string(), |t| {
                    format!("{NUM}{}", super::money_range(t, c))
                })
            }));
            row.extend(deltas[1..].iter().map(|d| {
                d.map_or("—".to_string(), |d| {
                    format!("{NUM}{}", crate::money::format_money(d, c))
                })
            }));
            row
        })
        .collect();
    format!(
        "<section>\n<h2>Options of {}, side by side</h2>\n<p>The options are alternatives: each is priced on its own, never added to the others.</p>\n{}</section>\n",
        escape(&o.name),
        table(&header, rows)
    )
}

/// The page for these reports.
pub fn page(reports: &[Report]) -> String {
    let names: Vec<&str> = reports.iter().map(|r| r.scenario.name.as_str()).collect();
    let title = format!("gpucost: {}", names.join(", "));
    let compared = super::options_compared(reports);
    let body: String = reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut block = section(i, r);
            for (_, o) in compared.iter().filter(|(last, _)| *last == i) {
                block.push_str(&options_section(o, r.scenario.currency));
            }
            block
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>GPU fleet costs</h1>\n\
         <p class=\"meta\">{} scenario{} priced by gpucost {}: every figure is a range from its \
         inputs' ranges, each claim judged against the range of the total it speaks of. Computed \
         figures are shown to four significant figures, in the charts as in the tables.</p>\n\
         </header>\n{}{body}</body>\n</html>\n",
        escape(&title),
        reports.len(),
        if reports.len() == 1 { "" } else { "s" },
        env!("CARGO_PKG_VERSION"),
        summary(reports),
    )
}

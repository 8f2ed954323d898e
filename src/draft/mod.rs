//! `gpucost draft`: a news article's text → a scenario file `check` accepts as it is.
//!
//! The article is read in one direction: its words and sentences ([`article`]), its
//! date ([`date`]), the GPU models it names ([`models`]), its figures found and read by
//! the one money reader and told apart by the words around them ([`figures`]), counts
//! made fleets ([`fleets`]), every other figure placed ([`place`]) into a [`plan`],
//! written as TOML ([`render`]). Every guess carries a `# draft:` comment; every figure
//! that finds no place is listed at the end. Nothing is invented: a count is a number
//! the article writes before a word for GPUs or a model.
//!
//! The written file is then judged as `check` would; a part `check` refuses (a model
//! launched after the article's date, say) is left out and listed with the reason, so
//! the file that comes out always runs. Pure: no files, no printing.
//!
//! Layer (ARCHITECTURE.md): uses `judge`, `scenario`, `catalog`, `money` and the layers
//! below; no file, no terminal.

mod article;
mod date;
mod figures;
mod fleets;
mod models;
mod place;
mod plan;
mod render;
mod vocab;

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::judge::report::Report;
use crate::money::{Currency, figures_in, language_of};
use article::Article;
use figures::{Per, What};
use plan::{Plan, Unplaced};
use render::{Heading, Part};

/// A drafted scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drafted {
    /// The scenario file's text.
    pub text: String,
    /// The file evaluated, as `check` judges it.
    pub report: Box<Report>,
    /// How many figures it lists as not placed.
    pub left_out: usize,
}

/// The scenario an article's `text` makes; `source` names the article (its file), or
/// is `None` for standard input. Fails when the article gives no count of GPUs, or
/// when the draft would not run (a fault of the drafter, reported as such).
pub fn draft(
    text: &str,
    source: Option<&str>,
    catalog: &Catalog,
) -> Result<Drafted, FileDiagnostics> {
    let name = source.unwrap_or("standard input");
    let article = Article::new(text);
    let language = language_of(text);
    let date = date::find(&article, language, last_rates(catalog));
    let mentions = models::mentions(&article, catalog);
    let figures = figures::classify(&article, figures_in(text, language), &mentions);
    let mut plan = fleets::fleets(&article, &figures, &mentions, catalog, date.date);
    place::place(&article, &figures, &mentions, &mut plan);
    if plan.fleets.is_empty() {
        return Err(no_fleet(name, &plan));
    }
    let currency = currency(&plan, &figures);
    let heading = Heading {
        source,
        date: (date.date, &date.why),
        currency: (currency.0, currency.1),
        language,
    };
    // Each round leaves out at least one part, so this ends.
    loop {
        let rendered = render::render(&plan, &heading);
        let problems = match crate::judge::report::evaluate_in(name, &rendered.text, None, catalog)
        {
            Ok(report) => {
                return Ok(Drafted {
                    text: rendered.text,
                    report: Box::new(report),
                    left_out: plan.unplaced.len(),
                });
            }
            Err(problems) => problems,
        };
        let mut parts: Vec<(Part, String)> = Vec::new();
        for d in &problems.diagnostics {
            match d.span.as_ref().and_then(|s| rendered.part_at(s.start)) {
                Some(part) => parts.push((part, d.message.clone())),
                None => return Err(broken(name, rendered.text, problems.diagnostics)),
            }
        }
        leave_out(&mut plan, parts);
        if plan.fleets.is_empty() {
            return Err(no_fleet(name, &plan));
        }
    }
}

/// Leaves out the parts `check` refused, each with its message: keys first, then
/// claims, jobs and fleets, each from the last, so the indices left stay right.
fn leave_out(plan: &mut Plan, mut parts: Vec<(Part, String)>) {
    parts.sort_by_key(|(p, _)| {
        let (rank, i) = match *p {
            Part::UnitPrice(i) | Part::Rate(i) | Part::Months(i) | Part::CloudRate(i) => (0, i),
            Part::Claim(k) => (1, k),
            Part::Job(j) => (2, j),
            Part::Fleet(i) => (3, i),
        };
        (rank, std::cmp::Reverse(i))
    });
    parts.dedup_by(|a, b| a.0 == b.0);
    for (part, message) in parts {
        let why = format!("`gpucost check` refuses it: {message}");
        let key = match part {
            Part::UnitPrice(i) => plan.fleets[i].unit_price.take(),
            Part::Rate(i) => plan.fleets[i].rate.take(),
            Part::Months(i) => plan.fleets[i].months.take(),
            Part::CloudRate(j) => plan.jobs[j].cloud_rate.take(),
            Part::Claim(k) => {
                plan.drop_claim(k, &why);
                None
            }
            Part::Job(j) => {
                plan.drop_job(j, &why);
                None
            }
            Part::Fleet(i) => {
                plan.drop_fleet(i, &why);
                None
            }
        };
        if let Some(w) = key {
            plan.unplaced.push(Unplaced { seen: w.seen, why });
        }
    }
}

/// The currency of the first claim, else of the first price, else of the first money
/// figure, else US dollars; and why.
fn currency(plan: &Plan, figures: &[figures::Figure]) -> (Currency, &'static str) {
    if let Some(c) = plan.claims.first() {
        return (c.currency, "the currency of the first claim");
    }
    let money = |per: Option<Per>| {
        figures.iter().find_map(|f| match f.what {
            What::Money(p) if per.is_none_or(|want| want == p) => {
                f.reading.and_then(|r| r.low.currency)
            }
            _ => None,
        })
    };
    if let Some(c) = money(Some(Per::Gpu)).or(money(Some(Per::Hour))) {
        return (c, "the currency of the first price");
    }
    if let Some(c) = money(None) {
        return (c, "the currency of the article's first money figure");
    }
    (Currency::Usd, "the article gives no money: US dollars")
}

/// The 15th of the last month the exchange rates hold: the date of an undated article.
fn last_rates(catalog: &Catalog) -> NaiveDate {
    catalog
        .fx
        .months
        .last()
        .and_then(|m| NaiveDate::from_ymd_opt(m.year, m.month, 15))
        .unwrap_or(NaiveDate::MIN)
}

/// "no count of GPUs", with the figures that were found.
fn no_fleet(name: &str, plan: &Plan) -> FileDiagnostics {
    let mut help = "a fleet is a number before a word for GPUs or a model, as in `10,000 GPUs` \
                    or `24.000 GPU NVIDIA Hopper`; write the scenario by hand from `gpucost \
                    init`"
        .to_string();
    if !plan.unplaced.is_empty() {
        let mut left: Vec<&Unplaced> = plan.unplaced.iter().collect();
        left.sort_by_key(|u| u.seen.line);
        let seen: Vec<String> = left
            .iter()
            .take(5)
            .map(|u| format!("{}: {}", u.seen, u.why))
            .collect();
        help = format!("{help}; found: {}", seen.join("; "));
    }
    FileDiagnostics {
        file: name.to_string(),
        text: None,
        diagnostics: vec![
            Diagnostic::new(format!(
                "{} gives no count of GPUs to draft a fleet from",
                shown(name)
            ))
            .help(help),
        ],
    }
}

/// `` `FILE` ``, or standard input as it is.
fn shown(name: &str) -> String {
    match name {
        "standard input" => name.to_string(),
        _ => format!("`{name}`"),
    }
}

/// The draft's own problems, which are the drafter's fault.
fn broken(name: &str, text: String, diagnostics: Vec<Diagnostic>) -> FileDiagnostics {
    let mut diagnostics = diagnostics;
    if let Some(first) = diagnostics.first_mut() {
        first.message = format!(
            "the draft of {} does not run, which is a fault of `gpucost draft`: {}",
            shown(name),
            first.message
        );
    }
    FileDiagnostics {
        file: format!("draft of {name}"),
        text: Some(text),
        diagnostics,
    }
}

/// An id from a text: ASCII letters and digits, lower-cased, dashes between
/// (`circa 200 milioni di euro` → `circa-200-milioni-di-euro`, `$9B` → `9b`).
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '.' && out.ends_with(|d: char| d.is_ascii_digit()) {
            // `5.576m` keeps its point between digits; a trailing one is dropped below.
            out.push('.');
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches(['-', '.']);
    let short: String = trimmed.chars().take(40).collect();
    match short.trim_end_matches(['-', '.']) {
        "" => "claim".into(),
        s => s.to_string(),
    }
}

/// `base`, or `base-2`, `base-3`… whichever `used` does not hold.
fn unique(base: &str, used: &[String]) -> String {
    if !used.iter().any(|u| u == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !used.contains(id))
        .unwrap_or_else(|| base.to_string())
}

/// What a claim of the plan speaks of, for tests.
#[cfg(test)]
fn subject_ids(plan: &Plan) -> Vec<String> {
    plan.claims
        .iter()
        .map(|c| match &c.of {
            plan::Subject::Fleet(i, _) => plan.fleets[*i].id.clone(),
            plan::Subject::Job(j, _) => plan.jobs[*j].id.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ascii_slugs_and_unique() {
        assert_eq!(
            slug("circa 200 milioni di euro"),
            "circa-200-milioni-di-euro"
        );
        assert_eq!(slug("$9B"), "9b");
        assert_eq!(slug("$5.576M"), "5.576m");
        assert_eq!(slug("€"), "claim");
        let used = vec!["9b".to_string(), "9b-2".to_string()];
        assert_eq!(unique("9b", &used), "9b-3");
    }

    #[test]
    fn an_undated_article_takes_the_last_month_of_the_rates() {
        let catalog = Catalog::builtin().expect("catalog");
        let last = catalog.fx.months.last().expect("rates");
        assert_eq!(
            last_rates(catalog),
            NaiveDate::from_ymd_opt(last.year, last.month, 15).expect("date")
        );
    }

    #[test]
    fn a_total_goes_to_the_count_of_the_sentence_before() {
        let text = "Intro.\n\nMusk vuole 300.000 GPU B200. Questo investimento potrebbe raggiungere i 9 miliardi di dollari. Oracle ha fornito 24.000 GPU NVIDIA Hopper.";
        let catalog = Catalog::builtin().expect("catalog");
        let article = Article::new(text);
        let language = language_of(text);
        let mentions = models::mentions(&article, catalog);
        let figures = figures::classify(&article, figures_in(text, language), &mentions);
        let date = NaiveDate::from_ymd_opt(2024, 7, 15).expect("date");
        let mut plan = fleets::fleets(&article, &figures, &mentions, catalog, date);
        place::place(&article, &figures, &mentions, &mut plan);
        assert_eq!(subject_ids(&plan), ["b200-300000"]);
        assert!(plan.fleets[1].rent.is_some());
    }
}

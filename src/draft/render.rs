//! A [`Plan`] written as a scenario file: every guess with its `# draft:` comment,
//! where each value was read, and the figures left out listed at the end as comments.
//! Also where each table and key landed in the text, so a problem `check` finds in
//! the file can be traced back to the part of the plan that made it.

use std::fmt::Write as _;
use std::ops::Range;

use chrono::NaiveDate;

use super::plan::{FleetPlan, Plan, Seen, Subject, Written};
use crate::money::{Currency, Language};
use crate::scenario::Scope;

/// What the scenario's own table says, with why.
pub struct Heading<'a> {
    /// The article's name, if it has one (not standard input).
    pub source: Option<&'a str>,
    /// The date and why.
    pub date: (NaiveDate, &'a str),
    /// The currency and why.
    pub currency: (Currency, &'a str),
    /// The language the article is in.
    pub language: Option<Language>,
}

/// A part of the plan, for tracing a problem back to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// A fleet's `unit_price`.
    UnitPrice(usize),
    /// A fleet's `rate_per_gpu_hour`.
    Rate(usize),
    /// A fleet's `months`.
    Months(usize),
    /// A job's `cloud_rate`.
    CloudRate(usize),
    /// A claim.
    Claim(usize),
    /// A job.
    Job(usize),
    /// A fleet.
    Fleet(usize),
}

/// The file's text and where each part stands in it.
pub struct Rendered {
    /// The scenario file.
    pub text: String,
    /// Byte ranges of the parts.
    pub parts: Vec<(Range<usize>, Part)>,
}

impl Rendered {
    /// The smallest part holding byte `at`.
    pub fn part_at(&self, at: usize) -> Option<Part> {
        self.parts
            .iter()
            .filter(|(r, _)| r.contains(&at))
            .min_by_key(|(r, _)| r.len())
            .map(|(_, p)| *p)
    }
}

/// Where an inline comment starts, when the key leaves room.
const COMMENT_COLUMN: usize = 28;
/// Longer lines put the comment on the lines above the key.
const WIDE: usize = 100;

struct Out {
    text: String,
    parts: Vec<(Range<usize>, Part)>,
}

impl Out {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// `key = value`, with `comment` after it or, when long, above it.
    fn key(&mut self, key: &str, value: &str, comment: Option<&str>) {
        let code = format!("{key} = {value}");
        match comment {
            None => self.line(&code),
            Some(c) => {
                let c = clean(c);
                let pad = COMMENT_COLUMN.saturating_sub(code.chars().count()).max(1);
                let inline = format!("{code}{}# {c}", " ".repeat(pad));
                if inline.chars().count() <= WIDE {
                    self.line(&inline);
                } else {
                    for l in textwrap::wrap(&c, WIDE - 4) {
                        self.line(&format!("# {l}"));
                    }
                    self.line(&code);
                }
            }
        }
    }

    fn comment(&mut self, text: &str) {
        let text = clean(text);
        // A list item's lines after its first stand under its text.
        let indent = if text.starts_with("- ") { "  " } else { "" };
        let options = textwrap::Options::new(WIDE - 2).subsequent_indent(indent);
        for l in textwrap::wrap(&text, options) {
            self.line(&format!("# {l}"));
        }
    }

    /// Runs `write` and records the text it wrote as `part`.
    fn part(&mut self, part: Part, write: impl FnOnce(&mut Out)) {
        let start = self.text.len();
        write(self);
        self.parts.push((start..self.text.len(), part));
    }
}

/// A comment's text with no control characters (TOML allows none but tab in one).
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A TOML string.
fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `10_000`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

/// `# draft: WHY; «…» (line N)` for a value read from the article.
fn read_at(w: &Written) -> String {
    match &w.why {
        Some(why) => format!("draft: {why}; {}", w.seen),
        None => w.seen.to_string(),
    }
}

/// Writes the plan.
pub fn render(plan: &Plan, heading: &Heading<'_>) -> Rendered {
    let mut out = Out {
        text: String::new(),
        parts: Vec::new(),
    };
    let from = heading
        .source
        .map_or("standard input".to_string(), |s| format!("`{s}`"));
    out.comment(&format!(
        "A scenario drafted by `gpucost draft` from {from}. Each value the article does \
         not state as such is a guess marked `draft:`; check each against the article, \
         then run `gpucost check` on this file."
    ));
    out.line("");
    out.line("[scenario]");
    let name = heading.source.unwrap_or("an article");
    out.key("name", &string(&format!("Draft from {name}")), None);
    out.key(
        "date",
        &heading.date.0.to_string(),
        Some(&format!("draft: {}", heading.date.1)),
    );
    out.key(
        "currency",
        &string(heading.currency.0.code()),
        Some(&format!("draft: {}", heading.currency.1)),
    );
    if let Some(language) = heading.language {
        let (code, why) = match language {
            Language::Italian => ("it", "the article is in Italian: `1.500` is 1,500"),
            Language::English => ("en", "the article is in English: `1,500` is 1,500"),
        };
        out.key("language", &string(code), Some(&format!("draft: {why}")));
    }
    if let Some(source) = heading.source {
        out.key("sources", &format!("[{}]", string(source)), None);
    }
    for (i, fleet) in plan.fleets.iter().enumerate() {
        out.line("");
        out.part(Part::Fleet(i), |out| write_fleet(out, i, fleet));
    }
    for (j, job) in plan.jobs.iter().enumerate() {
        out.line("");
        out.part(Part::Job(j), |out| {
            out.line("[[job]]");
            out.key("id", &string(&job.id), None);
            let fleet = &plan.fleets[job.fleet].id;
            out.key(
                "fleet",
                &string(fleet),
                Some(&format!("draft: {}", job.fleet_why)),
            );
            let (key, value) = &job.compute;
            out.key(key, &string(&value.text), Some(&read_at(value)));
            if let Some(rate) = &job.cloud_rate {
                out.part(Part::CloudRate(j), |out| {
                    out.key("cloud_rate", &string(&rate.text), Some(&read_at(rate)));
                });
            }
        });
    }
    for (k, claim) in plan.claims.iter().enumerate() {
        out.line("");
        out.part(Part::Claim(k), |out| {
            out.line("[[claim]]");
            out.key("id", &string(&claim.id), None);
            if let Some(source) = heading.source {
                out.key("source", &string(source), None);
            }
            out.key("quote", &string(&claim.quote), None);
            out.key(
                "value",
                &string(&claim.value.text),
                Some(&format!("line {}", claim.value.seen.line)),
            );
            let (key, id, why) = match &claim.of {
                Subject::Fleet(i, why) => ("fleet", &plan.fleets[*i].id, why),
                Subject::Job(j, why) => ("job", &plan.jobs[*j].id, why),
            };
            out.key(key, &string(id), Some(&format!("draft: {why}")));
            let scope_why = match (&claim.scope_from, claim.scope) {
                (Some(from), scope) => {
                    let other = match scope {
                        Scope::Capex => "`gpus` if it is the GPUs alone",
                        _ => "`capex` adds servers, network and the building",
                    };
                    match &from.nearer_than {
                        Some(far) => format!(
                            "draft: scope guessed from «{}», nearer than «{far}»; {other}",
                            from.word
                        ),
                        None => format!("draft: scope guessed from «{}»; {other}", from.word),
                    }
                }
                (None, Scope::Gpus) => {
                    "draft: the GPUs alone; `capex` adds servers, network and the building".into()
                }
                (None, Scope::Rental) => "draft: the rent over the fleet's term".into(),
                (None, _) => {
                    "draft: renting its GPU-hours; `amortized` charges the hardware's use instead"
                        .into()
                }
            };
            out.key("scope", &string(claim.scope.key()), Some(&scope_why));
        });
    }
    if !plan.unplaced.is_empty() {
        out.line("");
        out.comment("Figures the draft did not place:");
        let mut left: Vec<&super::plan::Unplaced> = plan.unplaced.iter().collect();
        left.sort_by_key(|u| u.seen.line);
        for u in left {
            out.comment(&format!("- {}: {}", u.seen, u.why));
        }
    }
    Rendered {
        text: out.text,
        parts: out.parts,
    }
}

fn write_fleet(out: &mut Out, i: usize, fleet: &FleetPlan) {
    out.comment(&seen_all(fleet.count, &fleet.seen));
    out.line("[[fleet]]");
    out.key("id", &string(&fleet.id), None);
    let gpu = fleet.gpu.as_deref().unwrap_or("H100");
    let why = fleet.gpu_why.as_ref().map(|w| format!("draft: {w}"));
    out.key("gpu", &string(gpu), why.as_deref());
    let note = fleet
        .count_note
        .as_ref()
        .map(|n| format!("draft: {n}; the count takes one number"));
    out.key("count", &grouped(fleet.count), note.as_deref());
    if let Some(why) = &fleet.rent {
        out.key(
            "acquisition",
            &string("rent"),
            Some(&format!("draft: {why}")),
        );
    }
    if let Some(price) = &fleet.unit_price {
        out.part(Part::UnitPrice(i), |out| {
            out.key("unit_price", &string(&price.text), Some(&read_at(price)));
        });
    }
    if let Some(rate) = &fleet.rate {
        out.part(Part::Rate(i), |out| {
            out.key(
                "rate_per_gpu_hour",
                &string(&rate.text),
                Some(&read_at(rate)),
            );
        });
    }
    if let Some(months) = &fleet.months {
        out.part(Part::Months(i), |out| {
            out.key("months", &string(&months.text), Some(&read_at(months)));
        });
    }
}

/// `10,000 GPUs: «10.000 GPU» (line 3), also lines 7 and 12`.
fn seen_all(count: u64, seen: &[Seen]) -> String {
    let mut text = format!(
        "{} GPUs: {}",
        crate::money::format_decimal(count.into()),
        seen[0]
    );
    let mut lines: Vec<usize> = seen[1..].iter().map(|s| s.line).collect();
    lines.dedup();
    lines.retain(|&l| l != seen[0].line);
    if !lines.is_empty() {
        let shown: Vec<String> = lines.iter().map(usize::to_string).collect();
        let listed = match shown.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        let s = if shown.len() > 1 { "s" } else { "" };
        let _ = write!(text, ", also line{s} {listed}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_as_toml_writes_them() {
        assert_eq!(grouped(10_000), "10_000");
        assert_eq!(grouped(350_000), "350_000");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000_000), "1_000_000");
    }

    #[test]
    fn strings_are_escaped_and_comments_hold_no_controls() {
        for text in ["say \"hi\"", "a\\b", "l'una", "tab\there", "\u{1b}[31m"] {
            let doc: toml::Table = toml::from_str(&format!("x = {}", string(text))).expect("TOML");
            assert_eq!(doc["x"].as_str(), Some(text));
        }
        assert_eq!(clean("a\u{1b}[31mb"), "a [31mb");
    }
}

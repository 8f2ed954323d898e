//! Counts of GPUs → fleets: one fleet per count and model (the same count written
//! again, with the same model or none, is the same fleet), a model for each (named
//! beside the count, else the one the article names most, else a stand-in the comment
//! says to replace), and rented where its sentence says so.

use chrono::NaiveDate;

use super::article::Article;
use super::figures::{Figure, What};
use super::models::{self, Mention, NOT_GPUS};
use super::plan::{FleetPlan, Plan, Seen, Unplaced};
use crate::catalog::Catalog;

/// Words that say GPUs are rented.
const RENT_WORDS: &[&str] = &[
    "rent",
    "rents",
    "rented",
    "renting",
    "rental",
    "lease",
    "leases",
    "leased",
    "leasing",
    "noleggio",
    "noleggia",
    "noleggiate",
    "noleggiato",
    "noleggiati",
    "affitto",
    "affitta",
    "affittate",
    "affittato",
    "cloud",
];

/// Clouds that rent GPUs out, as their names are written.
const PROVIDERS: &[&str] = &[
    "Oracle",
    "AWS",
    "Azure",
    "CoreWeave",
    "Lambda",
    "Crusoe",
    "Nebius",
];

/// Where a figure was read: its words and, for money, up to `with_words` words after
/// it (`$30,000 each`, `785,000-square-foot`), to the first mark.
pub fn seen(article: &Article<'_>, figure: &Figure, with_words: usize) -> Seen {
    let words = article.after(figure.end, 2 * with_words + 4);
    let mut end = figure.end;
    let mut taken = 0;
    let mut k = 0;
    while let Some(w) = words.get(k) {
        // A mark glued between two words joins them, uncounted: `gb/s`, `-square-foot`.
        let joined = matches!(w.text.as_str(), "-" | "/")
            && w.span.start == end
            && words
                .get(k + 1)
                .is_some_and(|n| n.is_alnum() && n.span.start == w.span.end);
        if joined {
            // The first joined word is the one taken (`-square-foot`, one word).
            taken = taken.max(1);
            end = words[k + 1].span.end;
            k += 2;
        } else if w.is_alnum() && taken < with_words {
            taken += 1;
            end = w.span.end;
            k += 1;
        } else {
            break;
        }
    }
    Seen {
        line: article.line(figure.span.start),
        quote: super::article::one_line(&article.text[figure.span.start..end]),
    }
}

/// The fleets the counts make, and the vague and per-server counts left out.
pub fn fleets(
    article: &Article<'_>,
    figures: &[Figure],
    mentions: &[Mention],
    catalog: &Catalog,
    date: NaiveDate,
) -> Plan {
    let mut plan = Plan::default();
    // Mentions a count took: its own, and its family's in its sentence.
    let mut taken: Vec<usize> = Vec::new();
    for f in figures {
        match &f.what {
            What::Count {
                n,
                note,
                model,
                gpus,
            } => {
                let family = model.map(|m| mentions[m].family.clone());
                taken.extend(*model);
                let same = plan.fleets.iter_mut().find(|fl| {
                    fl.count == *n
                        && (family.is_none() || fl.family.is_none() || fl.family == family)
                });
                let here = seen(article, f, 0);
                match same {
                    Some(fleet) => {
                        if fleet.gpu.is_none()
                            && let Some(m) = model
                        {
                            fleet.gpu = Some(mentions[*m].name.clone());
                            fleet.family = family;
                        }
                        if note.is_none() {
                            fleet.count_note = None;
                        }
                        fleet.gpus |= gpus;
                        fleet.seen.push(here);
                        fleet.at.push(f.span.start);
                    }
                    None => plan.fleets.push(FleetPlan {
                        id: String::new(),
                        gpu: model.map(|m| mentions[m].name.clone()),
                        gpu_why: None,
                        count: *n,
                        count_note: note.clone(),
                        seen: vec![here],
                        at: vec![f.span.start],
                        family,
                        gpus: *gpus,
                        rent: None,
                        unit_price: None,
                        rate: None,
                        months: None,
                    }),
                }
            }
            What::Vague { model } => {
                taken.extend(*model);
                plan.unplaced.push(Unplaced {
                    seen: seen(article, f, 0),
                    why: "GPUs counted in words: a fleet needs a number".into(),
                });
            }
            What::PerServer => plan.unplaced.push(Unplaced {
                seen: seen(article, f, 2),
                why: "GPUs in one server or node, not a fleet".into(),
            }),
            _ => {}
        }
    }
    // A mention in a count's sentence, of the count's own family, is that count's.
    for (i, m) in mentions.iter().enumerate() {
        let of_a_count = plan.fleets.iter().any(|fl| {
            fl.family.as_deref() == Some(m.family.as_str())
                && fl.at.iter().any(|&at| article.in_view_of(at, m.span.start))
        });
        if of_a_count {
            taken.push(i);
        }
    }
    let free: Vec<&Mention> = mentions
        .iter()
        .enumerate()
        .filter(|(i, _)| !taken.contains(i))
        .map(|(_, m)| m)
        .collect();
    let mut k = 0;
    while k < plan.fleets.len() {
        if plan.fleets[k].gpu.is_none()
            && !choose_model(&mut plan, k, &free, article, catalog, date)
        {
            continue;
        }
        plan.fleets[k].rent = rented(article, &plan.fleets[k]);
        k += 1;
    }
    name_fleets(&mut plan);
    plan
}

/// Gives fleet `k` a model from the free mentions, else a stand-in; leaves it out
/// (`false`) when the catalog has no GPU by the date.
fn choose_model(
    plan: &mut Plan,
    k: usize,
    free: &[&Mention],
    article: &Article<'_>,
    catalog: &Catalog,
    date: NaiveDate,
) -> bool {
    let fleet = &plan.fleets[k];
    let candidates: Vec<&Mention> = free
        .iter()
        .copied()
        .filter(|m| !fleet.gpus || !NOT_GPUS.contains(&m.family.as_str()))
        .collect();
    let chosen = models::choose(&candidates, article).or_else(|| {
        models::stand_in(catalog, date).map(|name| {
            let why = format!(
                "the article names no model; `{name}`, the GPU the catalog has most prices \
                 for by the date, stands in: set the model"
            );
            (name, why)
        })
    });
    match chosen {
        Some((name, why)) => {
            let fleet = &mut plan.fleets[k];
            fleet.family = catalog.lookup(&name).map(|g| g.family().to_string());
            fleet.gpu = Some(name);
            fleet.gpu_why = Some(why);
            true
        }
        None => {
            let fleet = plan.fleets.remove(k);
            plan.unplaced.push(Unplaced {
                seen: fleet.seen[0].clone(),
                why: "no model named, and the catalog has no GPU by the article's date".into(),
            });
            false
        }
    }
}

/// Why a fleet is rented: a word for renting, or a cloud's name, in a sentence of its
/// count.
fn rented(article: &Article<'_>, fleet: &FleetPlan) -> Option<String> {
    for &at in &fleet.at {
        for w in article.sentence_words(at) {
            let written = &article.text[w.span.clone()];
            if RENT_WORDS.contains(&w.text.as_str()) {
                return Some(format!("rented: its sentence says «{written}»"));
            }
            if PROVIDERS.contains(&written) {
                return Some(format!(
                    "rented: its sentence names {written}, which rents GPUs out"
                ));
            }
        }
    }
    None
}

/// Ids from the model and the count: `h100-10000`.
fn name_fleets(plan: &mut Plan) {
    let mut used: Vec<String> = Vec::new();
    for fleet in &mut plan.fleets {
        let base = format!(
            "{}-{}",
            super::slug(fleet.gpu.as_deref().unwrap_or("gpu")),
            fleet.count
        );
        fleet.id = super::unique(&base, &used);
        used.push(fleet.id.clone());
    }
}

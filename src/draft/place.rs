//! Figures other than counts → the keys and tables they belong to: GPU-hours and
//! training durations make jobs; a price per GPU is a fleet's `unit_price`; a rate per
//! GPU-hour a rented fleet's `rate_per_gpu_hour` or a job's `cloud_rate`; a total is a
//! claim on the fleet (or job) its sentence speaks of. What finds no place is listed.
//!
//! A figure speaks of the fleet whose count stands in its sentence (asides in
//! parentheses that do not hold it left out), else of the fleet whose model the
//! sentence names, else, if the sentence speaks of GPUs, of the article's only fleet or
//! the nearest one before it, else of a count in the sentence before on the same line
//! (`… 300.000 GPU B200. Questo investimento … 9 miliardi`).

use super::article::{Article, Word, one_line};
use super::figures::{Figure, Per, Unit, What};
use super::fleets::seen;
use super::models::Mention;
use super::plan::{ClaimPlan, JobPlan, Plan, ScopeWords, Subject, Unplaced, Written};
use crate::money::Currency;
use crate::scenario::Scope;

/// Words that say a figure is about training.
const TRAINING: &[&str] = &[
    "train",
    "trains",
    "trained",
    "training",
    "pretraining",
    "addestramento",
    "addestrare",
    "addestrato",
    "addestrata",
    "addestrati",
    "allenamento",
];

/// Words for GPUs in a sentence without a count.
const GPU_WORDS: &[&str] = &[
    "gpu",
    "gpus",
    "chip",
    "chips",
    "schede",
    "scheda",
    "card",
    "cards",
    "accelerators",
    "acceleratori",
];

/// Places every figure that is not a count into `plan`.
pub fn place(article: &Article<'_>, figures: &[Figure], mentions: &[Mention], plan: &mut Plan) {
    let servers = figures
        .iter()
        .filter(|f| f.what == What::PerServer)
        .map(|f| f.span.start)
        .collect();
    let mut places = Places {
        article,
        mentions,
        plan,
        servers,
    };
    // Jobs first, so a rate can go to a job wherever it is written; GPU-hours before
    // durations, as the measure of a job's compute that needs no count.
    for f in figures.iter().filter(|f| f.what == What::GpuHours) {
        places.gpu_hours(f);
    }
    for f in figures {
        if let What::Duration(unit) = f.what {
            places.duration(f, unit);
        }
    }
    for f in figures {
        match &f.what {
            What::Money(Per::Gpu) => places.unit_price(f),
            What::Money(Per::Hour) => places.rate(f),
            What::Money(Per::Period) => places.leave(
                f,
                2,
                "money a year or a month: a claim speaks of a whole total".into(),
            ),
            What::Quantity(measure) => {
                places.leave(f, 1, format!("{measure}, not a count of GPUs"))
            }
            What::Refused(why) => places.leave(f, 0, why.clone()),
            _ => {}
        }
    }
    let totals: Vec<&Figure> = figures
        .iter()
        .filter(|f| f.what == What::Money(Per::Total))
        .collect();
    places.totals(&totals);
}

struct Places<'a, 't> {
    article: &'a Article<'t>,
    mentions: &'a [Mention],
    plan: &'a mut Plan,
    /// Where counts of GPUs per server stand.
    servers: Vec<usize>,
}

impl Places<'_, '_> {
    fn leave(&mut self, f: &Figure, with_words: usize, why: String) {
        self.plan.unplaced.push(Unplaced {
            seen: seen(self.article, f, with_words),
            why,
        });
    }

    fn written(&self, f: &Figure, why: Option<String>) -> Written {
        let why = match (why, &f.guess) {
            (Some(w), Some(g)) => Some(format!("{w}; {g}")),
            (w, g) => w.or_else(|| g.clone()),
        };
        Written {
            text: f.written.clone(),
            seen: seen(self.article, f, 0),
            why,
        }
    }

    fn words_of(&self, f: &Figure, words: &[&str]) -> bool {
        self.article
            .sentence_words(f.span.start)
            .any(|w| words.contains(&w.text.as_str()))
    }

    /// The fleet a figure speaks of, and why (see the module documentation). A
    /// figure in an aside speaks only of what the aside names.
    fn fleet_of(&self, f: &Figure) -> Option<(usize, String)> {
        let a = self.article;
        let at = f.span.start;
        let aside = a.aside_of(at);
        let in_view =
            |p: usize| a.in_view_of(at, p) && aside.as_ref().is_none_or(|r| r.contains(&p));
        let fleets = &self.plan.fleets;
        // A count in its sentence: the nearest, one before it first.
        let count = fleets
            .iter()
            .enumerate()
            .flat_map(|(i, fl)| fl.at.iter().map(move |&p| (i, p)))
            .filter(|&(_, p)| in_view(p))
            .min_by_key(|&(_, p)| (p > at, p.abs_diff(at)));
        if let Some((i, _)) = count {
            return Some((i, "the count in its sentence".into()));
        }
        // A model its sentence names.
        let named = self
            .mentions
            .iter()
            .filter(|m| in_view(m.span.start))
            .find_map(|m| {
                let i = fleets
                    .iter()
                    .position(|fl| fl.family.as_deref() == Some(m.family.as_str()))?;
                Some((i, format!("its sentence names {}", m.name)))
            });
        if named.is_some() {
            return named;
        }
        if aside.is_some() {
            return None;
        }
        if self.words_of(f, GPU_WORDS) {
            if fleets.len() == 1 {
                return Some((
                    0,
                    "its sentence speaks of GPUs; the article's only fleet".into(),
                ));
            }
            let before = fleets
                .iter()
                .enumerate()
                .filter_map(|(i, fl)| fl.at.iter().filter(|&&p| p < at).max().map(|&p| (i, p)))
                .max_by_key(|&(_, p)| p);
            if let Some((i, _)) = before {
                return Some((
                    i,
                    "its sentence speaks of GPUs; the nearest fleet before it".into(),
                ));
            }
        }
        // A count in the sentence before, on the same line.
        let sentence = a.sentence_of(at);
        let previous = sentence.checked_sub(1).map(|s| a.sentence(s))?;
        fleets
            .iter()
            .enumerate()
            .filter_map(|(i, fl)| {
                fl.at
                    .iter()
                    .filter(|&&p| previous.contains(&p) && a.same_line(p, at))
                    .max()
                    .map(|&p| (i, p))
            })
            .max_by_key(|&(_, p)| p)
            .map(|(i, _)| (i, "the count in the sentence before".into()))
    }

    /// The fleet a figure speaks of, or the only one when there is one.
    fn fleet_or_only(&self, f: &Figure) -> Option<(usize, String)> {
        self.fleet_of(f).or_else(|| {
            (self.plan.fleets.len() == 1).then(|| (0, "the article's only fleet".to_string()))
        })
    }

    fn is_bound(f: &Figure) -> bool {
        f.reading.is_some_and(|r| r.reading.is_bound())
    }

    fn new_job(&mut self, fleet: usize, fleet_why: String, key: &'static str, value: Written) {
        let base = format!("{}-run", self.plan.fleets[fleet].id);
        let used: Vec<String> = self.plan.jobs.iter().map(|j| j.id.clone()).collect();
        self.plan.jobs.push(JobPlan {
            id: super::unique(&base, &used),
            fleet,
            fleet_why,
            compute: (key, value),
            cloud_rate: None,
        });
    }

    fn gpu_hours(&mut self, f: &Figure) {
        if Self::is_bound(f) {
            return self.leave(
                f,
                4,
                "GPU-hours given as one end: a job needs the figure".into(),
            );
        }
        let Some((fleet, why)) = self.fleet_or_only(f) else {
            return self.leave(f, 0, "GPU-hours with no fleet to run on".into());
        };
        if let Some(job) = self.plan.jobs.iter().find(|j| j.fleet == fleet) {
            let why = format!("a second figure of GPU-hours for job `{}`", job.id);
            return self.leave(f, 0, why);
        }
        let value = self.written(f, None);
        self.new_job(fleet, why, "gpu_hours", value);
    }

    fn duration(&mut self, f: &Figure, unit: Unit) {
        if unit == Unit::Months {
            return self.months(f);
        }
        if !self.words_of(f, TRAINING) {
            return;
        }
        if Self::is_bound(f) {
            return self.leave(
                f,
                1,
                "a duration given as one end: a job needs the figure".into(),
            );
        }
        let Some((fleet, why)) = self.fleet_or_only(f) else {
            return self.leave(f, 1, "a training time with no fleet to run on".into());
        };
        if let Some(job) = self.plan.jobs.iter().find(|j| j.fleet == fleet) {
            let why = format!(
                "job `{}` already has its compute ({})",
                job.id, job.compute.0
            );
            return self.leave(f, 1, why);
        }
        let why_time = format!(
            "the job runs on all the fleet's GPUs for these {}",
            unit.key()
        );
        let value = self.written(f, Some(why_time));
        self.new_job(fleet, why, unit.key(), value);
    }

    /// Months of a rented fleet's term, when its sentence speaks of the fleet.
    fn months(&mut self, f: &Figure) {
        let Some((fleet, _)) = self.fleet_of(f) else {
            return;
        };
        let fl = &self.plan.fleets[fleet];
        if fl.rent.is_none() || fl.months.is_some() || Self::is_bound(f) {
            return;
        }
        let value = self.written(f, Some("the term of the rent".into()));
        self.plan.fleets[fleet].months = Some(value);
    }

    fn unit_price(&mut self, f: &Figure) {
        if Self::is_bound(f) {
            return self.leave(f, 2, "a price given as one end: a price needs both".into());
        }
        if let Some(why) = self.one_server(f) {
            return self.leave(f, 2, why);
        }
        let Some((fleet, why)) = self.fleet_or_only(f) else {
            return self.leave(f, 2, "a price per GPU with no fleet in its sentence".into());
        };
        let fl = &self.plan.fleets[fleet];
        if fl.rent.is_some() {
            let why = format!("a price per GPU, but fleet `{}` is rented", fl.id);
            return self.leave(f, 2, why);
        }
        if let Some(first) = &fl.unit_price {
            let why = format!(
                "a second price for fleet `{}` (the first: line {})",
                fl.id, first.seen.line
            );
            return self.leave(f, 2, why);
        }
        let value = self.written(f, Some(format!("a price per GPU: {why}")));
        self.plan.fleets[fleet].unit_price = Some(value);
    }

    fn rate(&mut self, f: &Figure) {
        if Self::is_bound(f) {
            return self.leave(f, 4, "a rate given as one end: a rate needs both".into());
        }
        let Some((fleet, why)) = self.fleet_or_only(f) else {
            return self.leave(
                f,
                4,
                "a rate per GPU-hour with no fleet in its sentence".into(),
            );
        };
        let job = self.plan.jobs.iter().position(|j| j.fleet == fleet);
        let fl = &self.plan.fleets[fleet];
        let why = Some(format!("a rate per GPU-hour: {why}"));
        match (fl.rent.is_some(), job) {
            (true, _) if fl.rate.is_none() => {
                let value = self.written(f, why);
                self.plan.fleets[fleet].rate = Some(value);
            }
            (false, Some(j)) if self.plan.jobs[j].cloud_rate.is_none() => {
                let value = self.written(f, why);
                self.plan.jobs[j].cloud_rate = Some(value);
            }
            (true, _) => {
                let why = format!("a second rate for fleet `{}`", fl.id);
                self.leave(f, 4, why);
            }
            (false, _) => {
                let why = format!(
                    "a rate per GPU-hour, but fleet `{}` is bought and no job of it is given",
                    fl.id
                );
                self.leave(f, 4, why);
            }
        }
    }

    /// Totals → claims. A figure written again (a heading, a summary), or written
    /// again with a qualifier (`200 milioni di euro`, `circa 200 milioni di euro`), is
    /// one claim: the placed one with the most words.
    fn totals(&mut self, totals: &[&Figure]) {
        let placed: Vec<Result<Subject, String>> = totals.iter().map(|f| self.subject(f)).collect();
        let key = |f: &Figure| one_line(&f.written.to_lowercase());
        let currency = |f: &Figure| f.reading.and_then(|r| r.low.currency);
        let mut done = vec![false; totals.len()];
        for i in 0..totals.len() {
            if done[i] {
                continue;
            }
            let same: Vec<usize> = (i..totals.len())
                .filter(|&j| {
                    let (a, b) = (key(totals[i]), key(totals[j]));
                    currency(totals[i]) == currency(totals[j]) && (a.contains(&b) || b.contains(&a))
                })
                .collect();
            for &j in &same {
                done[j] = true;
            }
            let best = same
                .iter()
                .copied()
                .filter(|&j| placed[j].is_ok())
                .max_by_key(|&j| (totals[j].written.len(), std::cmp::Reverse(j)));
            match best {
                Some(j) => {
                    if let Ok(subject) = placed[j].clone() {
                        self.claim(totals[j], subject);
                    }
                }
                None => {
                    let why = placed[i].clone().err().unwrap_or_default();
                    self.leave(totals[i], 0, why);
                }
            }
        }
    }

    /// What a total speaks of: a job when its sentence is about training and a job
    /// runs on its fleet, else its fleet.
    fn subject(&self, f: &Figure) -> Result<Subject, String> {
        if let Some(why) = self.one_server(f) {
            return Err(why);
        }
        let fleet = self.fleet_of(f);
        if self.words_of(f, TRAINING) {
            let job = match &fleet {
                Some((i, _)) => self.plan.jobs.iter().position(|j| j.fleet == *i),
                None if self.plan.jobs.len() == 1 => Some(0),
                None => None,
            };
            if let Some(j) = job {
                return Ok(Subject::Job(
                    j,
                    "its sentence speaks of training on the job's fleet".into(),
                ));
            }
        }
        fleet
            .map(|(i, why)| Subject::Fleet(i, why))
            .ok_or_else(|| "no fleet or job in its sentence".to_string())
    }

    /// Why money is one server's, when a count of GPUs per server stands nearer to it
    /// in its sentence than any fleet's count (`a box with 8 GPUs sells for $300,000`).
    fn one_server(&self, f: &Figure) -> Option<String> {
        let a = self.article;
        let at = f.span.start;
        let distance = |p: usize| p.abs_diff(at);
        let server = self
            .servers
            .iter()
            .filter(|&&p| a.in_view_of(at, p))
            .map(|&p| distance(p))
            .min()?;
        let fleet = self
            .plan
            .fleets
            .iter()
            .flat_map(|fl| &fl.at)
            .filter(|&&p| a.in_view_of(at, p))
            .map(|&p| distance(p))
            .min();
        fleet
            .is_none_or(|d| server < d)
            .then(|| "the price of one server or node, not of a fleet".to_string())
    }

    fn claim(&mut self, f: &Figure, of: Subject) {
        let Some(reading) = f.reading else {
            return;
        };
        let (scope, scope_from) = match &of {
            Subject::Job(..) => (Scope::Cloud, None),
            Subject::Fleet(i, _) => match self.plan.fleets[*i].rent {
                Some(_) => (Scope::Rental, None),
                None => match self.scope_words(f) {
                    Some((scope, word)) => (scope, Some(word)),
                    None => (Scope::Gpus, None),
                },
            },
        };
        let used: Vec<String> = self.plan.claims.iter().map(|c| c.id.clone()).collect();
        let id = super::unique(&super::slug(&f.written), &used);
        self.plan.claims.push(ClaimPlan {
            id,
            value: self.written(f, None),
            quote: self.article.quote(&f.span),
            currency: reading.low.currency.unwrap_or(Currency::Usd),
            of,
            scope,
            scope_from,
        });
    }

    /// Whether the word for GPUs `w` is a fleet count's own (`4.096 GPU`, `16,000 Nvidia
    /// H100 GPUs`): it says what was counted, not what the money bought.
    fn names_a_count(&self, w: &Word) -> bool {
        let a = self.article;
        self.plan.fleets.iter().flat_map(|fl| &fl.at).any(|&p| {
            p < w.span.start && a.sentence_of(p) == a.sentence_of(w.span.start) && {
                let between = &a.words[a.word_at(p)..a.word_at(w.span.start)];
                let named = between
                    .iter()
                    .filter(|b| b.text.chars().all(char::is_alphabetic));
                between
                    .iter()
                    .all(|b| b.is_alnum() || b.text == "." || b.text == ",")
                    && named.count() <= 2
            }
        })
    }

    /// The scope a bought fleet's total speaks of, from the word for what was bought
    /// nearest it in its clause (the words it is quoted with, so `a cui vanno aggiunti i
    /// costi ... dell'infrastruttura` after a comma does not count; nor does a count's own
    /// word, `4.096 GPU`): `gpus` for the GPUs or chips, `capex` for a cluster,
    /// a data center, a system or an infrastructure; with the words it was guessed from,
    /// the other kind's named too when the clause has both.
    fn scope_words(&self, f: &Figure) -> Option<(Scope, ScopeWords)> {
        let a = self.article;
        let clause = a.quoted(&f.span);
        let words: Vec<&Word> = a
            .sentence_words(f.span.start)
            .filter(|w| clause.contains(&w.span.start))
            .collect();
        let found: Vec<(usize, Scope, String)> = words
            .iter()
            .enumerate()
            .filter_map(|(k, w)| {
                let next = words.get(k + 1).map(|n| n.text.as_str());
                let scope = match (w.text.as_str(), next) {
                    ("data", Some("center" | "centre" | "centers" | "centres"))
                    | (
                        "datacenter" | "datacenters" | "cluster" | "clusters" | "sistema"
                        | "sistemi" | "infrastruttura" | "infrastrutture" | "infrastructure"
                        | "supercomputer" | "supercomputers" | "supercalcolatore",
                        _,
                    ) => Scope::Capex,
                    (
                        "gpu" | "gpus" | "schede" | "scheda" | "chip" | "chips" | "cards" | "unità"
                        | "unita" | "units" | "acceleratori" | "accelerators",
                        _,
                    ) if !self.names_a_count(w) => Scope::Gpus,
                    _ => return None,
                };
                let end = match scope {
                    Scope::Capex if w.text == "data" => words[k + 1].span.end,
                    _ => w.span.end,
                };
                let distance = w.span.start.abs_diff(f.span.start);
                Some((distance, scope, one_line(&a.text[w.span.start..end])))
            })
            .collect();
        let nearest = |of: Scope| {
            found
                .iter()
                .filter(|(_, scope, _)| *scope == of)
                .min_by_key(|(distance, ..)| *distance)
        };
        let (gpus, capex) = (nearest(Scope::Gpus), nearest(Scope::Capex));
        let word = |(_, _, w): &(usize, Scope, String)| w.clone();
        match (gpus, capex) {
            (Some(g), Some(c)) if c.0 < g.0 => Some((
                Scope::Capex,
                ScopeWords {
                    word: word(c),
                    nearer_than: Some(word(g)),
                },
            )),
            (Some(g), c) => Some((
                Scope::Gpus,
                ScopeWords {
                    word: word(g),
                    nearer_than: c.map(word),
                },
            )),
            (None, Some(c)) => Some((
                Scope::Capex,
                ScopeWords {
                    word: word(c),
                    nearer_than: None,
                },
            )),
            (None, None) => None,
        }
    }
}

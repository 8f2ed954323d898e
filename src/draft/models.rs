//! GPU models an article names, found through the catalog's names, aliases and
//! families (`H100`, `H100 SXM`, `Hopper`, `A100`, `B200s`), and the choice of a model
//! for a count the article gives without one.

use std::ops::Range;

use chrono::NaiveDate;

use super::article::Article;
use crate::catalog::{Catalog, GpuRef, PriceKind};

/// A model or family named in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Where it stands.
    pub span: Range<usize>,
    /// The name to write in `gpu`: as the article writes it, without a plural `s`.
    pub name: String,
    /// Its family (the family itself for a family).
    pub family: String,
    /// A model, not a family.
    pub model: bool,
}

/// Families whose chips no one calls GPUs: a count of "GPUs" never takes them.
pub const NOT_GPUS: &[&str] = &["TPU", "Trainium"];

/// The longest name, in words, the catalog has (`H100 SXM5 80GB`).
const LONGEST: usize = 3;

/// Every model or family the text names, in order. A name without digits counts only
/// written with a capital (`Hopper`, not `volta`); a family right before one of its
/// models (`Hopper H100`) is one mention of the model.
pub fn mentions(article: &Article<'_>, catalog: &Catalog) -> Vec<Mention> {
    let words = &article.words;
    let mut found: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let hit = (1..=LONGEST)
            .rev()
            .find_map(|n| named(article, catalog, i, n));
        let Some((mention, used)) = hit else {
            i += 1;
            continue;
        };
        i += used;
        match found.last_mut() {
            Some(last)
                if !last.model
                    && mention.model
                    && last.family == mention.family
                    && article.text[last.span.end..mention.span.start]
                        .trim()
                        .is_empty() =>
            {
                *last = Mention {
                    span: last.span.start..mention.span.end,
                    ..mention
                };
            }
            _ => found.push(mention),
        }
    }
    found
}

/// How many words (marks included) `n` name words from word `i` take: names joined by
/// spaces or single dashes (`H100-SXM`); `None` where there are not `n`.
fn name_words(article: &Article<'_>, i: usize, n: usize) -> Option<usize> {
    let words = &article.words;
    let mut at = i;
    let mut taken = 0;
    let mut used = 0;
    while taken < n {
        let w = words.get(at)?;
        if !w.is_alnum() {
            return None;
        }
        taken += 1;
        used = at - i + 1;
        if taken == n {
            break;
        }
        // A dash between two words of a name.
        let next = words.get(at + 1)?;
        at += if next.text == "-" && next.span.start == w.span.end {
            2
        } else {
            1
        };
        let gap = &article.text[words[at - 1].span.end..words.get(at)?.span.start];
        if !gap.chars().all(|c| c == ' ') {
            return None;
        }
    }
    Some(used)
}

/// The mention `n` name words from word `i` make, if the catalog knows the name, and
/// the words it takes.
fn named(article: &Article<'_>, catalog: &Catalog, i: usize, n: usize) -> Option<(Mention, usize)> {
    let used = name_words(article, i, n)?;
    let words = &article.words;
    let span = words[i].span.start..words[i + used - 1].span.end;
    let written = &article.text[span.clone()];
    let singular = written
        .strip_suffix('s')
        .filter(|s| s.ends_with(|c: char| c.is_ascii_digit()));
    let (name, found) = [Some(written), singular]
        .into_iter()
        .flatten()
        .find_map(|name| catalog.lookup(name).map(|g| (name, g)))?;
    let has_digit = name.contains(|c: char| c.is_ascii_digit());
    if !has_digit && !name.starts_with(char::is_uppercase) {
        return None;
    }
    let family = found.family().to_string();
    let model = matches!(found, GpuRef::Model(_));
    let mention = Mention {
        span,
        name: name.split_whitespace().collect::<Vec<_>>().join(" "),
        family,
        model,
    };
    Some((mention, used))
}

/// The model for a count given without one, from the mentions no other count took:
/// the family named most (the first named among equals), and in it the first model
/// named (else the family). With `why`, what else was named.
pub fn choose(free: &[&Mention], article: &Article<'_>) -> Option<(String, String)> {
    let mut families: Vec<(&str, usize, usize)> = Vec::new();
    for (i, m) in free.iter().enumerate() {
        match families.iter_mut().find(|f| f.0 == m.family) {
            Some(f) => f.1 += 1,
            None => families.push((&m.family, 1, i)),
        }
    }
    let best = families
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))?;
    let of_family = || free.iter().filter(|m| m.family == best.0);
    let pick = of_family()
        .find(|m| m.model)
        .or_else(|| of_family().next())?;
    let others: Vec<String> = families
        .iter()
        .filter(|f| f.0 != best.0)
        .filter_map(|f| free.iter().find(|m| m.family == f.0))
        .map(|m| format!("`{}`", m.name))
        .collect();
    let mut why = format!(
        "no model beside the count; the article names `{}` (line {})",
        pick.name,
        article.line(pick.span.start)
    );
    if best.1 > 1 {
        why.push_str(&format!(", and its family {} times in all", best.1));
    }
    if !others.is_empty() {
        why.push_str(&format!("; also named: {}", others.join(", ")));
    }
    Some((pick.name.clone(), why))
}

/// A stand-in model for an article that names none: of the GPUs launched by `date`,
/// the one the catalog has the most purchase prices for in the two years to it (in
/// all, where none has one then).
pub fn stand_in(catalog: &Catalog, date: NaiveDate) -> Option<String> {
    let since = date - chrono::Days::new(730);
    let priced = |m: &crate::catalog::GpuModel, from: NaiveDate| {
        m.points(PriceKind::Purchase)
            .filter(|p| from <= p.date && p.date <= date)
            .count()
    };
    let launched: Vec<&crate::catalog::GpuModel> = catalog
        .models
        .iter()
        .filter(|m| m.launch.value <= date && !NOT_GPUS.contains(&m.family.as_str()))
        .collect();
    let most = |from: NaiveDate| {
        let mut best: Option<(&crate::catalog::GpuModel, usize)> = None;
        for &m in &launched {
            let n = priced(m, from);
            if n > 0 && best.is_none_or(|(_, most)| n > most) {
                best = Some((m, n));
            }
        }
        best.map(|(m, _)| m.name.clone())
    };
    most(since)
        .or_else(|| most(NaiveDate::MIN))
        .or_else(|| launched.first().map(|m| m.name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named_in(text: &str) -> Vec<(String, String, bool)> {
        let catalog = Catalog::builtin().expect("catalog");
        mentions(&Article::new(text), catalog)
            .into_iter()
            .map(|m| (m.name, m.family, m.model))
            .collect()
    }

    #[test]
    fn names_aliases_families_and_plurals_are_found() {
        let found = named_in("GPU Nvidia Hopper H100 o simili, 10,000 B200s, H100 SXM e A100");
        let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["H100", "B200", "H100 SXM", "A100"]);
        // A100 is a product line of its own: both memory sizes, not the A800.
        assert_eq!(found[3], ("A100".into(), "A100".into(), false));
    }

    #[test]
    fn a_name_without_digits_needs_its_capital() {
        assert!(named_in("ancora una volta di scrivere").is_empty());
        assert_eq!(named_in("chip NVIDIA Blackwell")[0].0, "Blackwell");
        // Grace Hopper is a Hopper: the family is found in it.
        assert_eq!(named_in("architettura Grace Hopper")[0].0, "Hopper");
    }

    #[test]
    fn the_family_named_most_gives_the_model() {
        let text = "GPU A100 alla base di ChatGPT. H100, o Hopper 100, sull'architettura Grace Hopper; A100";
        let catalog = Catalog::builtin().expect("catalog");
        let article = Article::new(text);
        let found = mentions(&article, catalog);
        let free: Vec<&Mention> = found.iter().collect();
        let (name, why) = choose(&free, &article).expect("a model");
        // Hopper three times (H100, Hopper, Grace Hopper), Ampere twice.
        assert_eq!(name, "H100");
        assert!(why.contains("3 times") && why.contains("`A100`"), "{why}");
    }

    #[test]
    fn a_stand_in_is_a_gpu_launched_by_the_date() {
        let catalog = Catalog::builtin().expect("catalog");
        let early = NaiveDate::from_ymd_opt(2019, 1, 1).expect("date");
        assert_eq!(stand_in(catalog, early).as_deref(), Some("V100"));
        let late = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
        let model = stand_in(catalog, late).unwrap_or_default();
        assert!(!model.starts_with("TPU") && !model.starts_with("Trainium"));
    }
}

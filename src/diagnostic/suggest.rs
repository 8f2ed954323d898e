//! "Did you mean …?": the nearest known name to a mistyped one.

/// The candidate closest to `input`, if any is close enough to be a plausible typo:
/// similar by Jaro-Winkler (which favours a shared start) and differing in at most
/// half its characters, so a longer key that merely starts like a known one
/// (`gpu_hours`, `gpu`) is not taken for a typo of it.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    near(input, candidates).into_iter().next()
}

/// Every candidate close enough to `input` to be a plausible typo (as [`nearest`]
/// judges), closest first.
pub fn near<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let input = input.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let c_lower = c.to_lowercase();
            let typo = strsim::normalized_levenshtein(&input, &c_lower) >= 0.5;
            let score = strsim::jaro_winkler(&input, &c_lower);
            (typo && score >= 0.8).then_some((score, c))
        })
        .collect();
    // Among equals the last candidate first, as `Iterator::max_by` chose before.
    scored.reverse();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().map(|(_, c)| c).collect()
}

/// `a, b or c` for a short list of already quoted items.
pub fn joined(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `` `a`, `b` or `c` `` for a short list of valid names.
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    joined(&quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_its_key() {
        let keys = ["unit_price", "count", "gpu", "rate_per_gpu_hour"];
        assert_eq!(nearest("unit_prise", keys), Some("unit_price"));
        assert_eq!(nearest("Count", keys), Some("count"));
        assert_eq!(nearest("zzz", keys), None);
    }

    #[test]
    fn a_longer_key_that_starts_like_a_known_one_is_no_typo() {
        // Before: `gpu_hours` → "did you mean `gpu`?"
        let keys = ["unit_price", "count", "gpu", "rate_per_gpu_hour"];
        assert_eq!(nearest("gpu_hours", keys), None);
        assert_eq!(nearest("cont", keys), Some("count"));
        assert_eq!(nearest("gpus", keys), Some("gpu"));
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}

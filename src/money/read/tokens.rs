//! Text → tokens, each with its byte span in the text as given: numbers with their
//! digit-group marks kept as written (`1.500`, `16,5`, `25 000`), words lower-cased
//! (an apostrophe kept on the word it ends: `l'`, `nell'`), and symbols one by one
//! (`$`, `€`, `>=`, `-`). A currency prefix joined to a symbol is one word: `us$`,
//! `c$`, `cn¥`.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Digits with the marks between them, as written: `1.500`, `2.5e-2`, `25 000`.
    Number,
    /// A run of letters, lower-cased, with a trailing apostrophe: `milioni`, `l'`.
    Word,
    /// One symbol, or `>=` / `<=`.
    Symbol,
}

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// The text to match: lower-cased for words, as written otherwise.
    pub text: String,
    /// Where it stands in the text as given.
    pub span: Range<usize>,
}

/// Spaces that may separate thousands between digits: a space, a no-break space, a
/// narrow no-break space, a thin space.
pub fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Apostrophes, which separate thousands between digits (`1'000'000`) and end an
/// elided word (`l'`).
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Currency symbols that a prefix may join (`us$`, `cn¥`).
fn is_currency_symbol(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₩' | '₹')
}

/// Splits `text` into tokens; whitespace separates them and is dropped.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let j = number_end(&chars, i);
            out.push(Token {
                kind: Kind::Number,
                text: text[start..end_of(j)].to_string(),
                span: start..end_of(j),
            });
            i = j;
        } else if c.is_alphabetic() {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_alphabetic() {
                j += 1;
            }
            if j < chars.len() && is_apostrophe(chars[j].1) {
                j += 1;
            } else if j < chars.len() && is_currency_symbol(chars[j].1) {
                // `us$`, `c$`, `cn¥`: one currency.
                j += 1;
            }
            let word: String = text[start..end_of(j)]
                .chars()
                .map(|c| if is_apostrophe(c) { '\'' } else { c })
                .flat_map(char::to_lowercase)
                .collect();
            out.push(Token {
                kind: Kind::Word,
                text: word,
                span: start..end_of(j),
            });
            i = j;
        } else {
            let two = matches!(
                (c, chars.get(i + 1).map(|&(_, n)| n)),
                ('>' | '<', Some('='))
            );
            let j = if two { i + 2 } else { i + 1 };
            out.push(Token {
                kind: Kind::Symbol,
                text: text[start..end_of(j)].to_string(),
                span: start..end_of(j),
            });
            i = j;
        }
    }
    out
}

/// Where the number starting at `i` ends: digits; a mark (`.`, `,`, `_`, an
/// apostrophe, a group space) between digits; an exponent (`e`, a sign, digits). A
/// space or apostrophe joins only a group of exactly three digits (`25 000`), so two
/// figures side by side (`10 20`) stay two.
fn number_end(chars: &[(usize, char)], mut i: usize) -> usize {
    let digit = |k: usize| chars.get(k).is_some_and(|&(_, c)| c.is_ascii_digit());
    while digit(i) {
        i += 1;
    }
    while let Some(&(_, c)) = chars.get(i) {
        let joins = match c {
            '.' | ',' | '_' => digit(i + 1),
            c if is_group_space(c) || is_apostrophe(c) => {
                (1..=3).all(|k| digit(i + k)) && !digit(i + 4)
            }
            _ => false,
        };
        if !joins {
            break;
        }
        i += 1;
        while digit(i) {
            i += 1;
        }
    }
    // An exponent only when `e` is followed by digits, so `9 euro` and `9eur` stay
    // a currency.
    if let Some(&(_, 'e' | 'E')) = chars.get(i) {
        let sign = matches!(chars.get(i + 1), Some(&(_, '+' | '-')));
        let first = i + 1 + usize::from(sign);
        if digit(first) {
            i = first;
            while digit(i) {
                i += 1;
            }
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn numbers_keep_their_marks_and_words_are_lower_cased() {
        assert_eq!(
            texts("1.500 Milioni di euro"),
            ["1.500", "milioni", "di", "euro"]
        );
        assert_eq!(texts("$2–3B"), ["$", "2", "–", "3", "b"]);
        assert_eq!(texts("100mila"), ["100", "mila"]);
        assert_eq!(texts("2.5e-2"), ["2.5e-2"]);
        assert_eq!(texts("9eur"), ["9", "eur"]);
        assert_eq!(texts(">=$5M"), [">=", "$", "5", "m"]);
    }

    #[test]
    fn spaces_join_groups_of_three_only() {
        assert_eq!(texts("25\u{202f}000 €"), ["25\u{202f}000", "€"]);
        assert_eq!(texts("2 000 000"), ["2 000 000"]);
        assert_eq!(texts("1'000'000"), ["1'000'000"]);
        assert_eq!(texts("10 20"), ["10", "20"]);
        assert_eq!(texts("10 2000"), ["10", "2000"]);
    }

    #[test]
    fn prefixes_and_elisions_stay_on_their_word() {
        assert_eq!(texts("US$ 3.5k"), ["us$", "3.5", "k"]);
        assert_eq!(texts("nell’ordine dei"), ["nell'", "ordine", "dei"]);
        assert_eq!(texts("CN¥500"), ["cn¥", "500"]);
    }

    #[test]
    fn spans_point_into_the_text_as_given() {
        let text = "oltre €1.500";
        let t = tokens(text);
        assert_eq!(&text[t[1].span.clone()], "€");
        assert_eq!(&text[t[2].span.clone()], "1.500");
    }
}

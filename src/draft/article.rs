//! An article's text as the drafter looks around a figure: its words (runs of letters
//! and digits, lower-cased, each with its place), its sentences, its lines, and the
//! asides in parentheses. Figures themselves are read by the money reader, never here.

use std::ops::Range;

use crate::diagnostic::Lines;

/// A run of letters and digits (`h100`, `milioni`), or one other visible character
/// (`,`, `(`, `-`), lower-cased, with its place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Lower-cased.
    pub text: String,
    /// Where it stands.
    pub span: Range<usize>,
}

impl Word {
    /// Whether it is letters or digits, not a mark.
    pub fn is_alnum(&self) -> bool {
        self.text.chars().all(char::is_alphanumeric)
    }
}

/// An article, split for looking around.
pub struct Article<'t> {
    /// The text as given.
    pub text: &'t str,
    /// Its words and marks, in order.
    pub words: Vec<Word>,
    /// Its sentences, as byte ranges, in order, covering the text.
    sentences: Vec<Range<usize>>,
    /// Byte ranges inside parentheses (the parentheses included).
    asides: Vec<Range<usize>>,
    lines: Lines<'t>,
}

impl<'t> Article<'t> {
    /// Splits `text`.
    pub fn new(text: &'t str) -> Article<'t> {
        Article {
            text,
            words: words(text),
            sentences: sentences(text),
            asides: asides(text),
            lines: Lines::new(text),
        }
    }

    /// The 1-based line of a byte.
    pub fn line(&self, at: usize) -> usize {
        self.lines.line(at)
    }

    /// The index of the sentence holding byte `at`.
    pub fn sentence_of(&self, at: usize) -> usize {
        self.sentences
            .partition_point(|s| s.end <= at)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// The byte range of sentence `i`.
    pub fn sentence(&self, i: usize) -> Range<usize> {
        self.sentences.get(i).cloned().unwrap_or(0..0)
    }

    /// Whether two bytes are on the same line.
    pub fn same_line(&self, a: usize, b: usize) -> bool {
        self.line(a) == self.line(b)
    }

    /// Whether byte `at` belongs to the figure's part of its sentence: not inside an
    /// aside in parentheses that does not hold the figure (at `figure`).
    pub fn in_view_of(&self, figure: usize, at: usize) -> bool {
        self.sentence_of(figure) == self.sentence_of(at)
            && self
                .asides
                .iter()
                .all(|a| !a.contains(&at) || a.contains(&figure))
    }

    /// The innermost aside in parentheses holding byte `at`, if any.
    pub fn aside_of(&self, at: usize) -> Option<Range<usize>> {
        self.asides
            .iter()
            .filter(|a| a.contains(&at))
            .min_by_key(|a| a.len())
            .cloned()
    }

    /// The index of the first word starting at or after byte `at`.
    pub fn word_at(&self, at: usize) -> usize {
        self.words.partition_point(|w| w.span.start < at)
    }

    /// Up to `n` words after byte `at`, within its sentence.
    pub fn after(&self, at: usize, n: usize) -> &[Word] {
        let start = self.word_at(at);
        let end_of_sentence = self.sentence(self.sentence_of(at)).end;
        let end = self.words[start..]
            .iter()
            .take(n)
            .take_while(|w| w.span.start < end_of_sentence)
            .count();
        &self.words[start..start + end]
    }

    /// Up to `n` words before byte `at`, within its sentence, nearest last.
    pub fn before(&self, at: usize, n: usize) -> &[Word] {
        let end = self.word_at(at);
        let start_of_sentence = self.sentence(self.sentence_of(at)).start;
        let back = self.words[..end]
            .iter()
            .rev()
            .take(n)
            .take_while(|w| w.span.start >= start_of_sentence)
            .count();
        &self.words[end - back..end]
    }

    /// The words of the sentence holding byte `at`, in the figure's view (asides that do
    /// not hold it left out).
    pub fn sentence_words(&self, at: usize) -> impl Iterator<Item = &Word> {
        let range = self.sentence(self.sentence_of(at));
        let from = self.word_at(range.start);
        self.words[from..]
            .iter()
            .take_while(move |w| w.span.start < range.end)
            .filter(move |w| self.in_view_of(at, w.span.start))
    }

    /// A quote of the figure at `span`: its sentence from the start (or from the last
    /// comma before it, for a long one) to the first comma or semicolon after it, with
    /// its white space made single.
    pub fn quote(&self, span: &Range<usize>) -> String {
        let quote = one_line(&self.text[self.quoted(span)]);
        let quote = quote.trim_end_matches(['.', '!', '?', ':']).trim();
        shorten(quote, QUOTE_MOST)
    }

    /// Where [`Article::quote`] takes its words from: the clause of the figure at `span`.
    pub fn quoted(&self, span: &Range<usize>) -> Range<usize> {
        let sentence = self.sentence(self.sentence_of(span.start));
        let tail = &self.text[span.end..sentence.end.max(span.end)];
        let end = span.end + tail.find([',', ';']).unwrap_or(tail.len());
        let mut start = sentence.start.min(span.start);
        if end - start > QUOTE_MOST {
            let head = &self.text[start..span.start];
            if let Some(comma) = head.rfind([',', ';']) {
                start += comma + 1;
            }
        }
        start..end
    }
}

/// The longest quote, in bytes, before it is shortened.
const QUOTE_MOST: usize = 240;

/// `text` with every run of white space one space, trimmed.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut at a word boundary to about `most` characters, with `…` where cut.
pub fn shorten(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_string();
    }
    let cut: String = text.chars().take(most).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut run: Option<usize> = None;
    let close = |out: &mut Vec<Word>, start: usize, end: usize| {
        out.push(Word {
            text: text[start..end].to_lowercase(),
            span: start..end,
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            run.get_or_insert(i);
            continue;
        }
        if let Some(start) = run.take() {
            close(&mut out, start, i);
        }
        if !c.is_whitespace() {
            close(&mut out, i, i + c.len_utf8());
        }
    }
    if let Some(start) = run {
        close(&mut out, start, text.len());
    }
    out
}

/// Sentences end at `.`, `!`, `?` before white space (not the dot of `10.000`), and
/// at every line break.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends =
            c == '\n' || (matches!(c, '.' | '!' | '?') && next.is_none_or(char::is_whitespace));
        // White space alone (the line break after a `!`) joins the next sentence.
        if ends && !text[start..i].trim().is_empty() {
            let end = i + c.len_utf8();
            out.push(start..end);
            start = end;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push(start..text.len());
    }
    out
}

/// Parentheses, matched on one line (an unmatched one opens nothing).
fn asides(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(start) = open.pop() {
                    out.push(start..i + 1);
                }
            }
            '\n' => open.clear(),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_not_at_digit_groups() {
        let a = Article::new("Compra 10.000 GPU. Costano 200 milioni!\nNuova riga");
        assert_eq!(a.sentence_of(8), 0);
        assert_eq!(a.sentence_of(20), 1);
        assert_eq!(a.sentence_of(45), 2);
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_and_single_marks() {
        let texts: Vec<String> = words("Le H100, all'ora")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(texts, ["le", "h100", ",", "all", "'", "ora"]);
    }

    #[test]
    fn asides_without_the_figure_are_out_of_its_view() {
        let text = "Le GPU (quelle di cui sopra) costano 31 miliardi";
        let a = Article::new(text);
        let figure = text.find("31").unwrap_or(0);
        let gpu_in_aside = text.find("quelle").unwrap_or(0);
        assert!(a.in_view_of(figure, 3));
        assert!(!a.in_view_of(figure, gpu_in_aside));
    }

    #[test]
    fn a_quote_runs_to_the_comma_after_the_figure() {
        let text = "L'acquisto si trasforma in una spesa di circa 200 milioni di euro, a cui vanno aggiunti i server.";
        let a = Article::new(text);
        let start = text.find("circa").unwrap_or(0);
        let end = text.find(", a cui").unwrap_or(0);
        assert_eq!(
            a.quote(&(start..end)),
            "L'acquisto si trasforma in una spesa di circa 200 milioni di euro"
        );
    }
}

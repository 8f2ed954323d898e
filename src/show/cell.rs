//! Text from a file as a table cell or a single line shows it: tabs and line breaks
//! as symbols, invisible characters by their code, and a cell capped so that a word of
//! millions of characters neither stalls the layout nor makes the table unreadable.

/// The most characters a table cell shows of one word (a long source address fits),
/// and of one line: a claim id or a quote of millions of characters is shown cut,
/// with an ellipsis, so that laying out and wrapping the table stays fast (it took
/// seconds, growing with the square of the word) and the table stays a table.
pub const CELL_WORD: usize = 400;
/// See [`CELL_WORD`].
pub const CELL_LINE: usize = 4_000;

/// One line of a table cell: tabs and line breaks shown as symbols (`␉`, `␤`, `␍`), a
/// word past [`CELL_WORD`] characters and a line past [`CELL_LINE`] cut with `…`. In
/// time linear in its length, however long.
pub fn in_a_cell(text: &str) -> std::borrow::Cow<'_, str> {
    let fits = text.len() <= CELL_WORD
        || (text.chars().count() <= CELL_LINE
            && text
                .split(char::is_whitespace)
                .all(|w| w.chars().count() <= CELL_WORD));
    if fits && !text.contains(needs_showing) {
        return std::borrow::Cow::Borrowed(text);
    }
    let cut_line = text.chars().count() > CELL_LINE;
    let mut out = String::with_capacity(text.len().min(4 * CELL_LINE));
    let (mut shown, mut in_word, mut word_long) = (0, 0, false);
    for (i, c) in text.char_indices() {
        if cut_line && shown + 1 == CELL_LINE {
            out.push('…');
            break;
        }
        if c.is_whitespace() {
            in_word = 0;
        } else {
            if in_word == 0 {
                // A word starts: is it too long to show whole? (Each character is
                // looked at twice at most: here and below.)
                word_long = text[i..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .nth(CELL_WORD)
                    .is_some();
            }
            in_word += 1;
            if word_long && in_word >= CELL_WORD {
                if in_word == CELL_WORD {
                    out.push('…');
                    shown += 1;
                }
                continue;
            }
        }
        push_visible(&mut out, c);
        shown += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// Text that must stay on one line (a title, a heading, a note): tabs and line breaks
/// from a file shown as symbols.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(needs_showing) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    text.chars().for_each(|c| push_visible(&mut out, c));
    std::borrow::Cow::Owned(out)
}

/// Whether a character is shown otherwise on one line: a tab or line break, or one
/// that is invisible or reorders the text ([`crate::diagnostic::is_invisible`]), here
/// before a table is laid out, so its columns stay aligned.
fn needs_showing(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || crate::diagnostic::is_invisible(c)
}

/// A tab or line break as its control picture, an invisible character as its code
/// (`<U+200B>`); any other character as it is.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\t' => out.push('␉'),
        '\n' => out.push('␤'),
        '\r' => out.push('␍'),
        c if crate::diagnostic::is_invisible(c) => {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_shows_a_capped_line_with_visible_breaks() {
        assert_eq!(in_a_cell("gpus of colossus"), "gpus of colossus");
        // Before: a tab and a line break went into the table as they were, the line
        // break splitting the row.
        assert_eq!(in_a_cell("about\t$300k\n"), "about␉$300k␤");
        let word = "x".repeat(CELL_WORD);
        assert_eq!(in_a_cell(&word), word, "a word of the limit is whole");
        let long = format!("id {} end", "y".repeat(10_000_000));
        let shown = in_a_cell(&long);
        let cut = format!("id {}… end", "y".repeat(CELL_WORD - 1));
        assert_eq!(shown, cut);
        let prose = "word ".repeat(1_000_000);
        let shown = in_a_cell(&prose);
        assert_eq!(shown.chars().count(), CELL_LINE);
        assert!(shown.ends_with('…'));
        assert_eq!(one_line("a\nb\tc"), "a␤b␉c");
        assert_eq!(in_a_cell("H1\u{200b}00"), "H1<U+200B>00");
    }
}

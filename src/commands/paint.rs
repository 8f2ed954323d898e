//! Colour on a terminal: whether to use it (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`,
//! `CLICOLOR`, `TERM`) and the colours themselves, laid over the plain text the
//! renderers made. The library writes no escape codes: this module, at the edge,
//! paints the table text after its control characters were made visible, so no code
//! from a file can reach the terminal, and tables keep the widths they were laid out
//! with (escape codes take no column).
//!
//! What is painted, where it helps: verdicts (consistent green, understates yellow,
//! overstates red), the `!` of a warning in yellow, a scenario's title and a table's
//! title in bold. Nothing else, and never JSON, CSV, Markdown, a pipe or a file.

use anstyle::{AnsiColor, Style};

/// When to colour (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum When {
    /// On a terminal that shows colour, unless `NO_COLOR` is set (`CLICOLOR_FORCE`
    /// forces it on, `CLICOLOR=0` off)
    #[default]
    Auto,
    /// Always, even into a pipe or a file (for `less -R`)
    Always,
    /// Never
    Never,
}

/// The environment colour depends on, read once.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// `NO_COLOR`.
    pub no_color: Option<std::ffi::OsString>,
    /// `CLICOLOR_FORCE`.
    pub clicolor_force: Option<std::ffi::OsString>,
    /// `CLICOLOR`.
    pub clicolor: Option<std::ffi::OsString>,
    /// `TERM`.
    pub term: Option<std::ffi::OsString>,
}

impl Env {
    /// This process's environment.
    pub fn current() -> Env {
        Env {
            no_color: std::env::var_os("NO_COLOR"),
            clicolor_force: std::env::var_os("CLICOLOR_FORCE"),
            clicolor: std::env::var_os("CLICOLOR"),
            term: std::env::var_os("TERM"),
        }
    }
}

/// Whether a stream gets colour: `--color always` or `never` decide; on `auto`, a
/// non-empty `NO_COLOR` turns it off, then a `CLICOLOR_FORCE` other than `0` on,
/// then `CLICOLOR=0` off; else a terminal that is not `TERM=dumb` has it (the
/// precedence of the `NO_COLOR` and `CLICOLOR` conventions, as anstream reads them).
pub fn wanted(when: When, terminal: bool, env: &Env) -> bool {
    let set = |v: &Option<std::ffi::OsString>| v.as_ref().is_some_and(|v| !v.is_empty());
    match when {
        When::Always => true,
        When::Never => false,
        When::Auto if set(&env.no_color) => false,
        When::Auto
            if set(&env.clicolor_force) && env.clicolor_force.as_deref() != Some("0".as_ref()) =>
        {
            true
        }
        When::Auto if env.clicolor.as_deref() == Some("0".as_ref()) => false,
        When::Auto => terminal && env.term.as_deref() != Some("dumb".as_ref()),
    }
}

const VERDICTS: [(&str, Style); 3] = [
    ("consistent", AnsiColor::Green.on_default()),
    ("understates", AnsiColor::Yellow.on_default()),
    ("overstates", AnsiColor::Red.on_default()),
];
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const TITLE: Style = Style::new().bold();

/// Table text with its verdicts, warnings and titles coloured.
pub fn paint(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in lines.iter().enumerate() {
        let next = lines.get(i + 1).copied().unwrap_or("");
        let after_blank = i == 0 || lines[i - 1].trim().is_empty();
        if is_title(line, next, after_blank) {
            let (body, end) = split_end(line);
            styled(&mut out, TITLE, body);
            out.push_str(end);
        } else if let Some(rest) = line.strip_prefix("! ") {
            styled(&mut out, WARNING, "!");
            out.push(' ');
            out.push_str(rest);
        } else if line.contains('│') {
            paint_row(&mut out, line);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A title: a scenario's name above its `DATE · CUR · FILE` line, or the line above a
/// table that starts a paragraph (not the `sources:` line of a heading, which a
/// table may follow directly).
fn is_title(line: &str, next: &str, after_blank: bool) -> bool {
    let line = line.trim_end();
    if line.is_empty() || line.starts_with(['│', '┌', '└', '╞', '!', ' ']) {
        return false;
    }
    is_dateline(next) || (after_blank && next.starts_with('┌'))
}

fn is_dateline(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 13
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && line[10..].starts_with(" · ")
}

/// A table row with each cell that starts with a verdict coloured up to its first
/// comma, and each `!` that starts a cell marked.
fn paint_row(out: &mut String, line: &str) {
    let mut rest = line;
    while let Some(at) = rest.find(['│', '┆']) {
        let sep = rest[at..].chars().next().map_or(0, char::len_utf8);
        out.push_str(&rest[..at + sep]);
        rest = &rest[at + sep..];
        let cell_end = rest.find(['│', '┆']).unwrap_or(rest.len());
        let cell = &rest[..cell_end];
        let content = cell.trim_start();
        let lead = cell.len() - content.len();
        if let Some(style) = VERDICTS
            .iter()
            .find(|(word, _)| starts_word(content, word))
            .map(|(_, s)| *s)
        {
            let phrase_end = content.find(',').unwrap_or(content.trim_end().len());
            out.push_str(&cell[..lead]);
            styled(out, style, &content[..phrase_end]);
            rest = &rest[lead + phrase_end..];
        } else if content.starts_with("! ") {
            out.push_str(&cell[..lead]);
            styled(out, WARNING, "!");
            rest = &rest[lead + 1..];
        }
    }
    out.push_str(rest);
}

fn starts_word(text: &str, word: &str) -> bool {
    text.strip_prefix(word)
        .is_some_and(|after| after.is_empty() || after.starts_with([' ', ',']))
}

fn split_end(line: &str) -> (&str, &str) {
    let body = line.trim_end_matches(['\n', '\r']);
    (body, &line[body.len()..])
}

fn styled(out: &mut String, style: Style, text: &str) {
    use std::fmt::Write;
    let _ = write!(out, "{style}{text}{style:#}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| std::ffi::OsString::from(v))
        };
        Env {
            no_color: get("NO_COLOR"),
            clicolor_force: get("CLICOLOR_FORCE"),
            clicolor: get("CLICOLOR"),
            term: get("TERM"),
        }
    }

    #[test]
    fn the_flag_then_no_color_then_clicolor_force_then_the_terminal_decide() {
        let xterm = env(&[("TERM", "xterm")]);
        assert!(wanted(When::Auto, true, &xterm));
        assert!(!wanted(When::Auto, false, &xterm));
        assert!(wanted(When::Always, false, &xterm));
        assert!(!wanted(When::Never, true, &xterm));
        assert!(!wanted(When::Auto, true, &env(&[("TERM", "dumb")])));
        // An empty NO_COLOR is not set.
        assert!(wanted(When::Auto, true, &env(&[("NO_COLOR", "")])));
        assert!(!wanted(When::Auto, true, &env(&[("NO_COLOR", "1")])));
        // CLICOLOR_FORCE colours a pipe, but not against NO_COLOR, and not as `0`.
        assert!(wanted(When::Auto, false, &env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!wanted(When::Auto, false, &env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!wanted(
            When::Auto,
            false,
            &env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
        assert!(!wanted(When::Auto, true, &env(&[("CLICOLOR", "0")])));
        // --color always wins over NO_COLOR: the flag is the user's latest word.
        assert!(wanted(When::Always, false, &env(&[("NO_COLOR", "1")])));
    }

    #[test]
    fn verdicts_warnings_and_titles_are_painted_and_nothing_else() {
        let text = "Claims\n┌──┐\n│ a ┆ consistent, at 50% of the range │\n│ b ┆ overstates ×2.49 │\n│ c ┆ “it understates” │\n│   ┆ ! fleet `x`: off │\n! the catalog has no rent\nplain line\n";
        let painted = paint(text);
        let green = AnsiColor::Green.on_default();
        let red = AnsiColor::Red.on_default();
        assert!(
            painted.starts_with(&format!("{TITLE}Claims{TITLE:#}\n")),
            "{painted}"
        );
        assert!(
            painted.contains(&format!("┆ {green}consistent{green:#}, at 50%")),
            "{painted}"
        );
        assert!(
            painted.contains(&format!("┆ {red}overstates ×2.49{red:#} │")),
            "{painted}"
        );
        // A verdict word inside a quote is not a verdict.
        assert!(painted.contains("┆ “it understates” │"), "{painted}");
        assert!(
            painted.contains(&format!("┆ {WARNING}!{WARNING:#} fleet")),
            "{painted}"
        );
        assert!(
            painted.contains(&format!("{WARNING}!{WARNING:#} the catalog")),
            "{painted}"
        );
        assert!(painted.ends_with("plain line\n"));
        // Without the codes, the text is what was painted.
        let plain: String = strip(&painted);
        assert_eq!(plain, text);
    }

    #[test]
    fn a_scenario_title_is_the_line_above_its_date_line() {
        let text = "xAI Colossus\n2024-07-15 · USD · s.toml\nsources: an article\n┌──┐\n";
        let painted = paint(text);
        assert!(painted.starts_with(&format!("{TITLE}xAI Colossus{TITLE:#}\n")));
        // Before: the sources line above a `check` table was painted as a title.
        assert!(painted.contains("\nsources: an article\n┌"), "{painted}");
    }

    /// The text without SGR escape codes.
    fn strip(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}

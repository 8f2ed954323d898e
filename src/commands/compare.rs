//! `gpucost compare`: scenarios side by side, or one scenario with its variants
//! (`--vary`, `--variant`), all in one currency; `--diff` keeps what differs.

use std::path::PathBuf;

use super::{Context, Done, Outcome, Overrides, no_file};
use crate::analysis::compare::{self, Comparison, Converted};
use crate::commands::cli::Format;
use crate::diagnostic::Diagnostic;
use crate::files::read_text;
use crate::judge::report::evaluate_with;
use crate::money::Currency;
use crate::render::{self, Formats, table::Look};

/// The arguments of `compare`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Scenario files (TOML); with `--vary`, exactly one
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A column per value: `PATH=V1,V2,…` (the file as it is comes first)
    #[arg(long, value_name = "PATH=V1,V2")]
    pub vary: Vec<String>,
    /// A column with several changes at once: `'PATH=VALUE; PATH=VALUE'`
    #[arg(long, value_name = "ASSIGNMENTS")]
    pub variant: Vec<String>,
    /// Show only the rows that differ, with Δ and Δ% against the first column
    #[arg(long)]
    pub diff: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// `--set` and `--currency`
    #[command(flatten)]
    pub overrides: Overrides,
}

/// One column: its title (empty for a file's own: the scenario's name), the file it
/// prices, and the assignments applied to it.
struct Column {
    title: String,
    file: usize,
    sets: Vec<String>,
}

fn usage(message: &str, help: &str) -> Outcome {
    Outcome::problem("gpucost compare", Diagnostic::new(message).help(help))
}

/// The columns: one per file, or the file as written and one per `--variant` and per
/// `--vary` value.
fn columns(args: &Args, sets: &[String]) -> Result<Vec<Column>, Outcome> {
    let column = |title: String, more: Vec<String>| {
        let mut with = sets.to_vec();
        with.extend(more);
        Column {
            title,
            file: 0,
            sets: with,
        }
    };
    if args.vary.is_empty() && args.variant.is_empty() {
        return Ok((0..args.files.len())
            .map(|file| Column {
                file,
                ..column(String::new(), Vec::new())
            })
            .collect());
    }
    if args.files.len() != 1 {
        return Err(usage(
            "`--vary` and `--variant` take exactly one scenario file",
            "compare several files, or vary one",
        ));
    }
    let mut columns = vec![column("as written".into(), Vec::new())];
    for v in &args.variant {
        columns.push(column(v.clone(), split_values(v, ';')));
    }
    for v in &args.vary {
        let Some((path, values)) = v.split_once('=') else {
            return Err(usage(
                &format!("`--vary {v}`: expected `PATH=V1,V2,…`"),
                "e.g. `--vary fleet.colossus.count=50000,100000`",
            ));
        };
        let values = split_values(values, ',');
        if values.is_empty() {
            // Before: a comparison of the file with nothing, exit status 0.
            return Err(usage(
                &format!("`--vary {v}` gives no values"),
                &format!("list them: `--vary {path}=V1,V2`"),
            ));
        }
        for value in values {
            let set = format!("{path}={value}");
            columns.push(column(set.clone(), vec![set]));
        }
    }
    Ok(columns)
}

/// One column per file, or per `--vary` value of one file, every column in the first
/// column's currency.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let columns = columns(args, &args.overrides.assignments())?;
    // Read each file once; price every column from its text.
    let mut errors = Vec::new();
    let texts: Vec<(String, Option<String>)> = args
        .files
        .iter()
        .map(|file| {
            let name = file.display().to_string();
            let text = read_text(file).map_err(|d| errors.push(no_file(&name, d)));
            (name, text.ok())
        })
        .collect();
    let price = |column: &Column, currency: Option<Currency>| {
        let (name, text) = &texts[column.file];
        text.as_ref()
            .map(|text| evaluate_with(name, text, &column.sets, currency, catalog))
    };
    // One currency for every column, the first's (which is `--currency` when given):
    // every other column is priced in it, its money converted at its own date's rates,
    // so no row mixes currencies.
    let mut currency = args.overrides.currency;
    let mut reports = Vec::new();
    let mut titles = Vec::new();
    let mut converted = Vec::new();
    for column in &columns {
        let report = match price(column, currency) {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                errors.extend(e);
                continue;
            }
            None => continue,
        };
        let to = *currency.get_or_insert(report.scenario.currency);
        let from = report.scenario.written;
        // A scenario of alternatives is a column per option, never their sum.
        let views = match report.views() {
            Ok(views) => views,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        for view in views {
            let title = match (column.title.is_empty(), &view.scenario.option) {
                (true, _) => view.scenario.name.clone(),
                (false, Some(option)) => format!("{} · option `{option}`", column.title),
                (false, None) => column.title.clone(),
            };
            if from != to {
                converted.extend(Converted::of(&title, from, &view));
            }
            titles.push(title);
            reports.push(view);
        }
    }
    if !errors.is_empty() {
        return Err(Outcome::failed(errors));
    }
    if args.diff && reports.len() < 2 {
        return Err(usage(
            "`--diff` needs two columns to compare",
            "give two files, or a `--vary`",
        ));
    }
    let mut comparison = compare::compare(&reports, titles, converted);
    if args.diff {
        comparison = comparison.differences();
    }
    // The reports are dropped when this returns: the comparison alone is written.
    let out = render::output(Compared(comparison, args.diff), args.format, ctx.width);
    Ok(Outcome::ok(out))
}

/// The comparison, and whether it shows differences.
struct Compared(Comparison, bool);

impl Formats for Compared {
    fn table(&self, look: Look) -> String {
        render::compare::table(&self.0, self.1, look)
    }
    fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        render::compare::write_json(&self.0, w)
    }
    fn csv(&self) -> String {
        render::compare::csv(&self.0)
    }
}

/// Splits `V1,V2,…` at the separators outside brackets and quotes, so
/// `[1.1,1.3],[1.2,1.5]` is two values.
fn split_values(text: &str, separator: char) -> Vec<String> {
    let mut values = Vec::new();
    let mut current = String::new();
    let (mut depth, mut quote) = (0i32, None::<char>);
    for ch in text.chars() {
        match (ch, quote) {
            ('"' | '\'', None) => quote = Some(ch),
            (c, Some(q)) if c == q => quote = None,
            ('[' | '{', None) => depth += 1,
            (']' | '}', None) => depth -= 1,
            (c, None) if c == separator && depth == 0 => {
                values.push(std::mem::take(&mut current).trim().to_string());
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    values.push(current.trim().to_string());
    values.into_iter().filter(|v| !v.is_empty()).collect()
}

//! The binary's dispatch: the one place that reads files and writes to the terminal.
//! Exit status: 0 ok, 1 a `check` found a claim outside its range, 2 bad input.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use crate::catalog::Catalog;
use crate::claims;
use crate::cli::{Cli, Command, Format, PageFormat, Sampling, ScenarioArgs};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::files::{self, io_reason, read_text};
use crate::render;
use crate::render::table::Look;
use crate::report::{self, Report};
use crate::suggest;
use crate::{sensitivity, simulate};

/// Exit status for bad input.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status for a `check` with a claim outside its range.
pub const EXIT_CLAIM_OUTSIDE: u8 = 1;

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let color = use_color(
        stderr.is_terminal(),
        std::env::var_os("NO_COLOR"),
        std::env::var_os("TERM"),
    );
    let (out, mut err, mut status) = execute(&cli);
    // Text from files never reaches the terminal as control characters.
    let out = crate::diagnostic::escape_controls(&out);
    let mut lock = stdout.lock();
    match lock.write_all(out.as_bytes()).and_then(|()| lock.flush()) {
        Ok(()) => {}
        // A closed pipe (`gpucost run … | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            let d = Diagnostic::new(format!("cannot write the output: {}", io_reason(&e))).help(
                "check the disk or device standard output goes to; nothing was written in full",
            );
            err.push(no_file("standard output", d));
            status = EXIT_BAD_INPUT;
        }
    }
    drop(lock);
    let rendered: String = if err.is_empty() {
        String::new()
    } else if cli.command.format() == Format::Json {
        crate::diagnostic::render_json(&err)
    } else {
        err.iter().map(|e| e.render(color)).collect()
    };
    let _ = stderr.lock().write_all(rendered.as_bytes());
    ExitCode::from(status)
}

/// Colour for a terminal that shows it: not with `NO_COLOR` set (to anything but
/// empty), not on `TERM=dumb`.
fn use_color(
    terminal: bool,
    no_color: Option<std::ffi::OsString>,
    term: Option<std::ffi::OsString>,
) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

/// Runs a parsed command: what to print on stdout, the problems for stderr, and the
/// exit status.
pub fn execute(cli: &Cli) -> (String, Vec<FileDiagnostics>, u8) {
    if let Some(done) = catalog_free(&cli.command) {
        return done;
    }
    let merged;
    let catalog = match (&cli.catalog, Catalog::builtin()) {
        (_, Err(e)) => return (String::new(), vec![e], EXIT_BAD_INPUT),
        (None, Ok(builtin)) => builtin,
        (Some(path), Ok(_)) => {
            let name = path.display().to_string();
            let loaded = read_text(path)
                .map_err(|d| no_file(&name, d))
                .and_then(|text| Catalog::with_override(&name, &text));
            match loaded {
                Ok(c) => {
                    merged = c;
                    &merged
                }
                Err(e) => return (String::new(), vec![e], EXIT_BAD_INPUT),
            }
        }
    };
    match &cli.command {
        Command::Run(ScenarioArgs {
            files,
            format,
            overrides,
        }) => {
            let (reports, errors) = evaluate_all(files, &overrides.assignments(), catalog);
            let out = match format {
                Format::Table | Format::Markdown => {
                    render::table::run(&reports, look(*format, cli.width))
                }
                Format::Json => render::json::render(&reports, false),
                Format::Csv => render::csv::costs(&reports),
            };
            let status = if errors.is_empty() { 0 } else { EXIT_BAD_INPUT };
            (out, errors, status)
        }
        Command::Check(ScenarioArgs {
            files,
            format,
            overrides,
        }) => {
            let (reports, errors) = evaluate_all(files, &overrides.assignments(), catalog);
            let out = match format {
                Format::Table | Format::Markdown => {
                    let mut out = render::table::check(&reports, look(*format, cli.width));
                    out.push('\n');
                    out.push_str(&render::table::check_summary(&reports));
                    out
                }
                Format::Json => render::json::render(&reports, true),
                Format::Csv => render::csv::claims(&reports),
            };
            let outside = reports.iter().any(|r| claims::any_outside(&r.claims));
            let status = if !errors.is_empty() {
                EXIT_BAD_INPUT
            } else if outside {
                EXIT_CLAIM_OUTSIDE
            } else {
                0
            };
            (out, errors, status)
        }
        Command::Solve {
            file,
            claim,
            input,
            format,
            overrides,
        } => {
            let report = match evaluate_one(file, &overrides.assignments(), catalog) {
                Ok(r) => r,
                Err(errors) => return (String::new(), errors, EXIT_BAD_INPUT),
            };
            match crate::solve::solve(&report.scenario, claim, input.as_deref()) {
                Ok(s) => (
                    render::solve(&s, report.scenario.currency, Format::from(*format)),
                    Vec::new(),
                    0,
                ),
                Err(d) => (
                    String::new(),
                    vec![no_file(&report.file, d)],
                    EXIT_BAD_INPUT,
                ),
            }
        }
        Command::Simulate {
            files,
            sampling,
            format,
            overrides,
        } => {
            let (reports, mut errors) = evaluate_all(files, &overrides.assignments(), catalog);
            let mut runs = Vec::new();
            for report in reports {
                let simulated = sampled(sampling, |progress| {
                    simulate::simulate(&report, sampling.samples, sampling.seed, progress)
                });
                match simulated {
                    Ok(sim) => runs.push((report, sim)),
                    Err(e) => errors.push(no_file(&report.file, Diagnostic::new(e))),
                }
            }
            let out = match format {
                Format::Table | Format::Markdown => {
                    render::simulate::table(&runs, look(*format, cli.width))
                }
                Format::Json => render::simulate::json(&runs),
                Format::Csv => render::simulate::csv(&runs),
            };
            let status = if errors.is_empty() { 0 } else { EXIT_BAD_INPUT };
            (out, errors, status)
        }
        Command::Sensitivity {
            file,
            scope,
            sampling,
            format,
            overrides,
        } => {
            let report = match evaluate_one(file, &overrides.assignments(), catalog) {
                Ok(r) => r,
                Err(errors) => return (String::new(), errors, EXIT_BAD_INPUT),
            };
            let tornado = sampled(sampling, |progress| {
                sensitivity::tornado(&report, *scope, sampling.samples, sampling.seed, progress)
            });
            match tornado {
                Ok(t) => {
                    let out = match format {
                        Format::Table | Format::Markdown => {
                            render::sensitivity::table(&report, &t, look(*format, cli.width))
                        }
                        Format::Json => render::sensitivity::json(&report, &t),
                        Format::Csv => render::sensitivity::csv(&report, &t),
                    };
                    (out, Vec::new(), 0)
                }
                Err(e) => (
                    String::new(),
                    vec![no_file(&report.file, Diagnostic::new(e))],
                    EXIT_BAD_INPUT,
                ),
            }
        }
        Command::Report {
            files,
            output,
            format,
            overrides,
        } => {
            let (reports, errors) = evaluate_all(files, &overrides.assignments(), catalog);
            if !errors.is_empty() {
                return (String::new(), errors, EXIT_BAD_INPUT);
            }
            let text = match (format, reports.as_slice()) {
                (PageFormat::Html, _) => render::html::page(&reports),
                (PageFormat::Svg, [one]) => render::chart::svg(one),
                (PageFormat::Svg, _) => {
                    let d = Diagnostic::new("`--format svg` draws one scenario's chart")
                        .help("give one file, or use `--format html` for several");
                    return (
                        String::new(),
                        vec![no_file("gpucost report", d)],
                        EXIT_BAD_INPUT,
                    );
                }
            };
            match output {
                Some(path) if path.as_os_str() != "-" => {
                    let name = path.display().to_string();
                    match files::write_output(path, &text) {
                        Ok(()) => (format!("wrote {name}\n"), Vec::new(), 0),
                        Err(d) => (String::new(), vec![no_file(&name, d)], EXIT_BAD_INPUT),
                    }
                }
                _ => (text, Vec::new(), 0),
            }
        }
        Command::Explain { files, overrides } => {
            let (reports, errors) = evaluate_all(files, &overrides.assignments(), catalog);
            let status = if errors.is_empty() { 0 } else { EXIT_BAD_INPUT };
            let width = look(Format::Table, cli.width).columns();
            (render::explain::explain(&reports, width), errors, status)
        }
        Command::Set {
            file,
            assignments,
            dry_run,
        } => set(file, assignments, *dry_run, catalog),
        Command::Compare {
            files,
            vary,
            variant,
            diff,
            format,
            overrides,
        } => compare(
            files,
            (vary, variant),
            *diff,
            (*format, cli.width),
            &overrides.assignments(),
            catalog,
        ),
        Command::Init { .. } | Command::Completions { .. } | Command::Man | Command::Schema => {
            catalog_free(&cli.command).unwrap_or_default()
        }
        Command::Catalog { gpu, format } => {
            let only = match gpu {
                None => None,
                Some(name) => match catalog.lookup(name) {
                    Some(g) => Some(g),
                    None => {
                        let names = catalog.names();
                        let help = match suggest::nearest(name, names.iter().copied()) {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => format!("known: {}", names.join(", ")),
                        };
                        let d = Diagnostic::new(format!("unknown GPU `{name}`")).help(help);
                        return (
                            String::new(),
                            vec![no_file("gpucost catalog", d)],
                            EXIT_BAD_INPUT,
                        );
                    }
                },
            };
            let out = match format {
                Format::Table | Format::Markdown => {
                    render::catalog::table(catalog, only, look(*format, cli.width))
                }
                Format::Json => render::catalog::json(catalog, only),
                Format::Csv => render::catalog::csv(catalog, only),
            };
            (out, Vec::new(), 0)
        }
    }
}

/// The commands that need neither the catalog nor a scenario: `init`, `completions`,
/// `man`. `None` for every other command.
fn catalog_free(command: &Command) -> Option<(String, Vec<FileDiagnostics>, u8)> {
    let cli = || <Cli as clap::CommandFactory>::command();
    match command {
        Command::Init { file } => Some(init(file)),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut cli(), "gpucost", &mut out);
            Some((String::from_utf8_lossy(&out).into_owned(), Vec::new(), 0))
        }
        Command::Schema => Some(match crate::schema::scenario_schema_text() {
            Ok(text) => (text, Vec::new(), 0),
            Err(e) => (
                String::new(),
                vec![no_file("gpucost schema", Diagnostic::new(e))],
                EXIT_BAD_INPUT,
            ),
        }),
        Command::Man => Some(match crate::manual::page(cli()) {
            Ok(text) => (text, Vec::new(), 0),
            Err(e) => {
                let d = Diagnostic::new(format!("cannot render the manual: {e}"));
                (
                    String::new(),
                    vec![no_file("gpucost man", d)],
                    EXIT_BAD_INPUT,
                )
            }
        }),
        _ => None,
    }
}

/// The scenario template `init` writes.
pub const TEMPLATE: &str = include_str!("../data/template.toml");

/// `gpucost init`: writes the template, refusing to replace an existing file.
fn init(path: &Path) -> (String, Vec<FileDiagnostics>, u8) {
    let name = path.display().to_string();
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(TEMPLATE.as_bytes()));
    match written {
        Ok(()) => (
            format!("wrote {name}; try `gpucost run {name}`\n"),
            Vec::new(),
            0,
        ),
        Err(e) => {
            let help = if e.kind() == std::io::ErrorKind::AlreadyExists {
                "init never overwrites a file; name another, e.g. `gpucost init mine.toml`"
            } else {
                "check that the directory exists and can be written"
            };
            let d = Diagnostic::new(format!("cannot write `{name}`: {}", io_reason(&e))).help(help);
            (String::new(), vec![no_file(&name, d)], EXIT_BAD_INPUT)
        }
    }
}

/// Samples from which a simulation shows a progress bar (on a terminal only).
const PROGRESS_FROM: usize = 2_000_000;

/// Runs a sampling job on `--threads` worker threads (default: one per core), with a
/// progress bar on stderr when it is a terminal and the job is long.
fn sampled<T: Send>(
    sampling: &Sampling,
    job: impl FnOnce(&(dyn Fn(usize) + Sync)) -> Result<T, String> + Send,
) -> Result<T, String> {
    let bar = if sampling.samples >= PROGRESS_FROM && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(sampling.samples as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} sampling {bar:30} {percent:>3}% {human_pos}/{human_len} ({eta})",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = |n: usize| bar.inc(n as u64);
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = sampling.threads {
        pool = pool.num_threads(usize::from(n));
    }
    let result = match pool.build() {
        Ok(pool) => pool.install(|| job(&progress)),
        Err(e) => Err(format!("cannot start worker threads: {e}")),
    };
    bar.finish_and_clear();
    result
}

/// Markdown for `--format markdown`, terminal tables otherwise; `--width` applied.
fn look(format: Format, width: Option<u16>) -> Look {
    let look = match format {
        Format::Markdown => Look::MARKDOWN,
        _ => Look::TERMINAL,
    };
    look.with_width(width)
}

fn no_file(name: &str, d: Diagnostic) -> FileDiagnostics {
    FileDiagnostics {
        file: name.to_string(),
        text: None,
        diagnostics: vec![d],
    }
}

fn evaluate_all(
    files: &[impl AsRef<Path>],
    sets: &[String],
    catalog: &Catalog,
) -> (Vec<Report>, Vec<FileDiagnostics>) {
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let path = path.as_ref();
        let name = path.display().to_string();
        let result = match read_text(path) {
            Ok(text) => report::evaluate_with(&name, &text, sets, catalog),
            Err(d) => Err(vec![no_file(&name, d)]),
        };
        match result {
            Ok(r) => reports.push(r),
            Err(e) => errors.extend(e),
        }
    }
    (reports, errors)
}

/// Evaluates one scenario file, for the commands that take one.
fn evaluate_one(
    file: &Path,
    sets: &[String],
    catalog: &Catalog,
) -> Result<Report, Vec<FileDiagnostics>> {
    let (mut reports, errors) = evaluate_all(std::slice::from_ref(&file), sets, catalog);
    match reports.pop() {
        Some(r) if errors.is_empty() => Ok(r),
        _ => Err(errors),
    }
}

/// `gpucost compare`: one column per file, or per `--vary` value of one file.
fn compare(
    files: &[std::path::PathBuf],
    (vary, variant): (&[String], &[String]),
    diff: bool,
    (format, width): (Format, Option<u16>),
    sets: &[String],
    catalog: &Catalog,
) -> (String, Vec<FileDiagnostics>, u8) {
    let usage = |message: &str, help: &str| {
        let d = Diagnostic::new(message).help(help);
        (
            String::new(),
            vec![no_file("gpucost compare", d)],
            EXIT_BAD_INPUT,
        )
    };
    // Each column: its title, the file it prices, and the assignments applied to it.
    let mut columns: Vec<(String, usize, Vec<String>)> = Vec::new();
    if vary.is_empty() && variant.is_empty() {
        columns.extend((0..files.len()).map(|i| (String::new(), i, sets.to_vec())));
    } else {
        if files.len() != 1 {
            return usage(
                "`--vary` and `--variant` take exactly one scenario file",
                "compare several files, or vary one",
            );
        }
        columns.push(("as written".to_string(), 0, sets.to_vec()));
        for v in variant {
            let mut with = sets.to_vec();
            with.extend(split_values(v, ';'));
            columns.push((v.clone(), 0, with));
        }
        for v in vary {
            let Some((path, values)) = v.split_once('=') else {
                return usage(
                    &format!("`--vary {v}`: expected `PATH=V1,V2,…`"),
                    "e.g. `--vary fleet.colossus.count=50000,100000`",
                );
            };
            for value in split_values(values, ',') {
                let mut with = sets.to_vec();
                with.push(format!("{path}={value}"));
                columns.push((format!("{path}={value}"), 0, with));
            }
        }
    }
    // Read each file once; price every column from its text.
    let mut errors = Vec::new();
    let texts: Vec<(String, Option<String>)> = files
        .iter()
        .map(|file| {
            let name = file.display().to_string();
            let text = read_text(file).map_err(|d| errors.push(no_file(&name, d)));
            (name, text.ok())
        })
        .collect();
    let price = |(_, file, sets): &(String, usize, Vec<String>), extra: Option<String>| {
        let (name, text) = &texts[*file];
        let mut sets = sets.clone();
        sets.extend(extra);
        text.as_ref()
            .map(|text| report::evaluate_with(name, text, &sets, catalog))
    };
    let mut reports = Vec::new();
    for column in &columns {
        match price(column, None) {
            Some(Ok(r)) => reports.push(r),
            Some(Err(e)) => errors.extend(e),
            None => {}
        }
    }
    if !errors.is_empty() {
        return (String::new(), errors, EXIT_BAD_INPUT);
    }
    if diff && reports.len() < 2 {
        return usage(
            "`--diff` needs two columns to compare",
            "give two files, or a `--vary`",
        );
    }
    let titles: Vec<String> = columns
        .iter()
        .zip(&reports)
        .map(|((title, ..), r)| match title.is_empty() {
            true => r.scenario.name.clone(),
            false => title.clone(),
        })
        .collect();
    // One currency for every column, the first's (which is `--currency` when given):
    // a column written in another is priced again in it, so no row mixes currencies.
    let currency = reports[0].scenario.currency;
    let mut converted = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        let from = reports[i].scenario.currency;
        if from == currency {
            continue;
        }
        match price(column, Some(format!("scenario.currency=\"{currency}\""))) {
            Some(Ok(r)) => {
                converted.extend(crate::compare::Converted::of(&titles[i], from, &r));
                reports[i] = r;
            }
            Some(Err(e)) => errors.extend(e),
            None => {}
        }
    }
    if !errors.is_empty() {
        return (String::new(), errors, EXIT_BAD_INPUT);
    }
    let mut comparison = crate::compare::compare(&reports, titles, converted);
    if diff {
        comparison = comparison.differences();
    }
    let out = match format {
        Format::Table | Format::Markdown => {
            render::compare::table(&comparison, diff, look(format, width))
        }
        Format::Json => render::compare::json(&comparison),
        Format::Csv => render::compare::csv(&comparison),
    };
    (out, Vec::new(), 0)
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

/// `gpucost set`: edit, validate the result, then write atomically (or show the diff).
fn set(
    path: &Path,
    assignments: &[String],
    dry_run: bool,
    catalog: &Catalog,
) -> (String, Vec<FileDiagnostics>, u8) {
    let name = path.display().to_string();
    let fail = |diagnostics: Vec<Diagnostic>, text: Option<String>| {
        let e = FileDiagnostics {
            file: name.clone(),
            text,
            diagnostics,
        };
        (String::new(), vec![e], EXIT_BAD_INPUT)
    };
    // Locked from reading to replacing: a concurrent edit waits, then edits this one's
    // result.
    let locked = match files::open_for_edit(path) {
        Ok(l) => l,
        Err(d) => return fail(vec![d], None),
    };
    let old = locked.text.as_str();
    let (new, edits) = match report::apply_sets(old, assignments) {
        Ok(edited) => edited,
        Err(errors) => return (String::new(), errors, EXIT_BAD_INPUT),
    };
    // Validate the edited scenario as a whole before anything touches the file.
    if let Err(errors) = report::evaluate_edited(&name, old, &new, &edits, catalog) {
        return (String::new(), errors, EXIT_BAD_INPUT);
    }
    if dry_run {
        let diff = similar::TextDiff::from_lines(old, &new)
            .unified_diff()
            .header(&name, &name)
            .to_string();
        return (diff, Vec::new(), 0);
    }
    match locked.replace(&new) {
        Ok(()) => (
            format!("updated {name}: {}\n", assignments.join(", ")),
            Vec::new(),
            0,
        ),
        Err(e) => fail(
            vec![
                Diagnostic::new(format!("cannot write `{name}`: {}", io_reason(&e)))
                    .help("the file was left as it was"),
            ],
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_that_is_not_dumb_and_without_no_color() {
        let set = |v: &str| Some(std::ffi::OsString::from(v));
        assert!(use_color(true, None, set("xterm-256color")));
        assert!(use_color(true, set(""), None));
        assert!(!use_color(false, None, set("xterm")));
        assert!(!use_color(true, set("1"), set("xterm")));
        // Before: TERM=dumb still got colour.
        assert!(!use_color(true, None, set("dumb")));
    }
}

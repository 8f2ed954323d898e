//! One module per command: each owns its arguments (a clap `Args` struct) and one
//! function from them to an [`Outcome`]: what to print, the problems found, the exit
//! status. The enum below is the index: each command's one-line help and examples, and
//! the module that does it. Nothing here writes to the terminal (`run` does).
//!
//! Layer (ARCHITECTURE.md): the top: uses every layer; nothing uses it.

pub mod cli;
pub mod manual;
pub mod paint;
pub mod terminal;

mod catalog;
mod catalog_import;
mod check;
mod compare;
mod completions;
mod draft;
mod explain;
mod init;
mod man;
mod report;
mod run;
mod sampling;
mod schema;
mod sensitivity;
mod set;
mod simulate;
mod solve;

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::catalog::Catalog;
use crate::commands::cli::{CATALOG_VARIABLE, CatalogFile, Format};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::files::{read_catalog, read_text};
use crate::judge::report::{Report, evaluate_with};
use crate::money::Currency;

pub use init::TEMPLATE;

/// Exit status for bad input (and output that cannot be written).
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status for a `check` with a claim outside its range.
pub const EXIT_CLAIM_OUTSIDE: u8 = 1;

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price each scenario: inputs, cost by fleet and part, totals by scope, claims
    #[command(
        after_help = "Examples:\n  gpucost run scenarios/xai2024.toml\n  gpucost run scenarios/*.toml --format json"
    )]
    Run(ScenarioArgs),
    /// Judge the claims only; exit status 1 when any claim falls outside its range
    #[command(
        after_help = "Examples:\n  gpucost check scenarios/*.toml\n  gpucost check scenarios/twitter2023.toml --format json \\\n      || echo 'a claim is off'"
    )]
    Check(ScenarioArgs),
    /// Compare scenarios side by side, or one scenario with its variants
    #[command(
        after_help = "Examples:\n  gpucost compare scenarios/meta2024.toml scenarios/xai2024.toml\n  gpucost compare scenarios/xai2024.toml \\\n      --vary fleet.colossus.count=50000,100000,200000\n  gpucost compare scenarios/xai2024.toml \\\n      --variant 'fleet.colossus.unit_price=\"$20k\"; fleet.colossus.years=6'\n  gpucost compare scenarios/twitter2023.toml scenarios/twitter2023-v100.toml \\\n      --currency EUR --diff\n  gpucost compare scenarios/xai2024.toml \\\n      --vary 'fleet.colossus.unit_price=[\"$20k\",\"$20k\"]' --format markdown"
    )]
    Compare(compare::Args),
    /// Derive every figure and verdict step by step, with where each input comes from
    #[command(
        after_help = "Examples:\n  gpucost explain scenarios/xai2024.toml\n  gpucost explain scenarios/twitter2023-v100.toml \\\n      --set fleet.twitter.count=5000"
    )]
    Explain(explain::Args),
    /// Monte Carlo: how likely each total and each claim is, given the inputs' distributions
    #[command(
        after_help = "Each [low, high] is uniform unless the file gives a `dist`; an input written once ([defaults], [gpu.NAME], the catalog) is drawn once per sample for every fleet that uses it.\n\nExamples:\n  gpucost simulate scenarios/xai2024.toml\n  gpucost simulate scenarios/xai2024.toml --samples 1e6 --seed 7 --format json"
    )]
    Simulate(simulate::Args),
    /// Rank the inputs by how far each moves a total (tornado), with rank correlations
    #[command(
        after_help = "For each input: the total with it at its low and at its high, every other input at its midpoint, sorted by swing; and Spearman's rank correlation of its draws with the total's in a simulation.\n\nExamples:\n  gpucost sensitivity scenarios/xai2024.toml\n  gpucost sensitivity scenarios/meta2024.toml --scope capex --format markdown\n  gpucost sensitivity scenarios/deepseek-v3.toml --job v3"
    )]
    Sensitivity(sensitivity::Args),
    /// Write one self-contained HTML page (or the chart alone as SVG) to hand to a colleague
    #[command(
        after_help = "The page has, per scenario, the chart of each total's range with the claims marked, the verdicts, the cost by fleet and part, and every input with its source. No scripts, no external fonts or images: it opens offline and prints.\n\nExamples:\n  gpucost report scenarios/*.toml -o report.html\n  gpucost report scenarios/xai2024.toml --format svg -o xai.svg"
    )]
    Report(report::Args),
    /// Find the value of one input that makes a claim exactly true (others at midpoint)
    #[command(
        after_help = "Examples:\n  gpucost solve scenarios/twitter2023-v100.toml --claim nl-200-million-euro\n  gpucost solve scenarios/xai2024.toml --claim huang-9b --input defaults.pue\n  gpucost solve scenarios/llama31.toml --claim model-card-hours\n\nWithout --input, solves for the unit price (or rental rate) of the claim's fleet; for a claim on a job, for its fleet's unit price (amortized, acquisition), its cloud rate (cloud) or its MFU (gpu_hours, hours, flop)."
    )]
    Solve(solve::Args),
    /// Draft a scenario from a news article: fleets, prices and claims, each guess marked `# draft:`
    #[command(
        after_help = "Each count of GPUs beside a word for GPUs or a model becomes a fleet, a price\nper GPU or per GPU-hour an input, a total a claim with its quote; a figure that\nfinds no place is listed at the end. The draft passes `gpucost check` as it is.\n\nExamples:\n  gpucost draft article.txt -o scenarios/article.toml\n  gpucost check scenarios/article.toml\n  gpucost draft - --check < article.txt"
    )]
    Draft(draft::Args),
    /// Write a commented scenario template that runs as is (never overwrites a file)
    #[command(
        after_help = "Examples:\n  gpucost init\n  gpucost init scenarios/mine.toml && gpucost run scenarios/mine.toml"
    )]
    Init(init::Args),
    /// Print a shell completion script (e.g. `gpucost completions bash > /etc/bash_completion.d/gpucost`)
    Completions(completions::Args),
    /// Print the JSON Schema of scenario files (for editors: see docs/src/scenario/README.md)
    Schema(schema::Args),
    /// Print the manual page (roff; e.g. `gpucost man > gpucost.1 && man -l gpucost.1`)
    Man(man::Args),
    /// Edit assumptions in a scenario file in place, keeping comments and layout
    #[command(
        after_help = "The edited scenario is validated before anything is written, and the file is replaced atomically.\n\nExamples:\n  gpucost set scenarios/xai2024.toml \\\n      fleet.colossus.unit_price='[\"$20k\", \"$25k\"]'\n  gpucost set scenarios/xai2024.toml defaults.pue=1.3 fleet.colossus.years=6 \\\n      --dry-run"
    )]
    Set(set::Args),
    /// List the built-in GPU models, prices and default assumptions, with sources
    #[command(
        after_help = "Examples:\n  gpucost catalog\n  gpucost catalog H100\n  gpucost catalog Hopper --format json"
    )]
    Catalog(catalog::Args),
}

impl Command {
    /// Runs the command. Only routes: each module does its own.
    pub fn execute(&self, ctx: &Context) -> Outcome {
        let done = match self {
            Command::Run(args) => run::execute(args, ctx),
            Command::Check(args) => check::execute(args, ctx),
            Command::Compare(args) => compare::execute(args, ctx),
            Command::Explain(args) => explain::execute(args, ctx),
            Command::Simulate(args) => simulate::execute(args, ctx),
            Command::Sensitivity(args) => sensitivity::execute(args, ctx),
            Command::Report(args) => report::execute(args, ctx),
            Command::Solve(args) => solve::execute(args, ctx),
            Command::Draft(args) => draft::execute(args, ctx),
            Command::Init(args) => init::execute(args),
            Command::Completions(args) => completions::execute(args),
            Command::Schema(_) => schema::execute(),
            Command::Man(_) => man::execute(),
            Command::Set(args) => set::execute(args, ctx),
            Command::Catalog(args) => catalog::execute(args, ctx),
        };
        done.unwrap_or_else(|failed| failed)
    }

    /// The output format asked for (errors follow it: JSON errors for JSON output).
    pub fn format(&self) -> Format {
        match self {
            Command::Run(a) | Command::Check(a) => a.format,
            Command::Catalog(a) => a.format,
            Command::Compare(a) => a.format,
            Command::Solve(a) => Format::from(a.format),
            Command::Simulate(a) => a.format,
            Command::Sensitivity(a) => a.format,
            Command::Set(_)
            | Command::Report(_)
            | Command::Explain(_)
            | Command::Init(_)
            | Command::Draft(_)
            | Command::Completions(_)
            | Command::Schema(_)
            | Command::Man(_) => Format::Table,
        }
    }

    /// Whether its output is tables a terminal may colour (not a file's text: TOML,
    /// HTML, a script, roff, a schema; `draft` prints its check only when the draft
    /// went to a file).
    pub fn paints(&self) -> bool {
        self.format() == Format::Table
            && match self {
                Command::Run(_)
                | Command::Check(_)
                | Command::Compare(_)
                | Command::Explain(_)
                | Command::Simulate(_)
                | Command::Sensitivity(_)
                | Command::Solve(_)
                | Command::Catalog(_) => true,
                Command::Draft(a) => a.check && a.output.is_some(),
                _ => false,
            }
    }
}

/// What a command's function returns: `Err` for a command that stopped at bad input,
/// so `?` can end it early.
pub type Done = Result<Outcome, Outcome>;

pub use crate::render::{Output, WriteTo};

/// What a command ends with: its output, the problems found, the exit status.
#[derive(Debug, Default)]
pub struct Outcome {
    /// For standard output.
    pub out: Output,
    /// What the command did, for standard error (`wrote report.html`): never mixed
    /// into the output, which may be going to the very file named (`-o /dev/stdout`).
    pub notes: String,
    /// For standard error.
    pub errors: Vec<FileDiagnostics>,
    /// The exit status.
    pub status: u8,
}

impl Outcome {
    /// Output, and exit status 0.
    pub fn ok(out: impl Into<Output>) -> Outcome {
        Outcome {
            out: out.into(),
            ..Outcome::default()
        }
    }

    /// Nothing for standard output, and a note of what was done for standard error.
    pub fn done(note: String) -> Outcome {
        Outcome {
            notes: note,
            ..Outcome::default()
        }
    }

    /// Bad input: these problems, nothing printed, exit status 2.
    pub fn failed(errors: Vec<FileDiagnostics>) -> Outcome {
        Outcome {
            errors,
            status: EXIT_BAD_INPUT,
            ..Outcome::default()
        }
    }

    /// One problem that belongs to no file (`what` names its place, e.g. `gpucost report`).
    pub fn problem(what: &str, d: Diagnostic) -> Outcome {
        Outcome::failed(vec![no_file(what, d)])
    }

    /// Output for what could be read, and the problems of what could not (exit 2 if any).
    pub fn partial(out: impl Into<Output>, errors: Vec<FileDiagnostics>) -> Outcome {
        let status = if errors.is_empty() { 0 } else { EXIT_BAD_INPUT };
        Outcome {
            out: out.into(),
            errors,
            status,
            notes: String::new(),
        }
    }
}

/// What every command may need besides its own arguments: the global flags.
#[derive(Debug)]
pub struct Context {
    /// `--width`.
    pub width: Option<u16>,
    /// `--catalog` (or `GPUCOST_CATALOG`).
    catalog_file: Option<CatalogFile>,
    /// The catalog merged with `catalog_file`, read when first needed.
    merged: OnceCell<Result<Catalog, FileDiagnostics>>,
}

impl Context {
    /// The context of a command line's global flags.
    pub fn new(width: Option<u16>, catalog_file: Option<CatalogFile>) -> Context {
        Context {
            width,
            catalog_file,
            merged: OnceCell::new(),
        }
    }

    /// The `--catalog` file, if one is given.
    pub fn catalog_path(&self) -> Option<&Path> {
        self.catalog_file.as_ref().map(|f| f.path.as_path())
    }

    /// The catalog: the built-in one, or it with `--catalog` merged over it. A command
    /// that needs none never reads the file.
    pub fn catalog(&self) -> Result<&Catalog, Outcome> {
        let builtin = Catalog::builtin().map_err(|e| Outcome::failed(vec![e]))?;
        let Some(file) = &self.catalog_file else {
            return Ok(builtin);
        };
        let merged = self.merged.get_or_init(|| {
            let name = file.path.display().to_string();
            read_catalog(&file.path)
                .map_err(|d| {
                    // Say where the name came from when the user did not type it.
                    let d = match file.from_variable {
                        true => d.help(format!(
                            "the path comes from {CATALOG_VARIABLE}; fix it, or unset the variable"
                        )),
                        false => d,
                    };
                    no_file(&name, d)
                })
                .and_then(|text| Catalog::with_override(&name, &text))
        });
        merged
            .as_ref()
            .map_err(|e| Outcome::failed(vec![e.clone()]))
    }
}

/// The arguments of `run` and `check`.
#[derive(Debug, Clone, Args)]
pub struct ScenarioArgs {
    /// Scenario files (TOML)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// `--set` and `--currency`
    #[command(flatten)]
    pub overrides: Overrides,
}

/// Changes to the scenarios for this run only, the file untouched.
#[derive(Debug, Clone, Default, Args)]
pub struct Overrides {
    /// Override an assumption, e.g. `fleet.colossus.count=50000` or `claim.huang-9b.value="$10B"` (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    /// Report in this currency (USD, EUR, GBP, CNY, JPY, KRW, INR, CHF, CAD, AUD, SEK): every figure of the file converted at the scenario date's rate
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<Currency>,
    /// Restate money in US dollars of this year (producer price index, to its December)
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u16).range(1900..3000))]
    pub dollars: Option<u16>,
}

impl Overrides {
    /// Every override of the file as a `PATH=VALUE` assignment (`--dollars YEAR` is
    /// `scenario.dollar_year`, and its messages say `--dollars`). `--currency` is none:
    /// it converts the report, while `scenario.currency` says what the file's bare
    /// numbers are written in.
    pub fn assignments(&self) -> Vec<String> {
        let mut all = self.sets.clone();
        if let Some(year) = self.dollars {
            all.push(format!("{}{year}", crate::scenario::edit::DOLLARS));
        }
        all
    }
}

fn parse_currency(code: &str) -> Result<Currency, String> {
    Currency::from_code(code).ok_or_else(|| {
        format!(
            "unknown currency `{code}`; supported: {}",
            crate::diagnostic::suggest::one_of(&Currency::codes())
        )
    })
}

/// A problem that belongs to no file's text.
fn no_file(name: &str, d: Diagnostic) -> FileDiagnostics {
    FileDiagnostics {
        file: name.to_string(),
        text: None,
        diagnostics: vec![d],
    }
}

/// Reads and prices every file with the overrides: the reports of those that could be,
/// the problems of those that could not.
fn evaluate_all(
    files: &[impl AsRef<Path>],
    overrides: &Overrides,
    catalog: &Catalog,
) -> (Vec<Report>, Vec<FileDiagnostics>) {
    let sets = overrides.assignments();
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let path = path.as_ref();
        let name = path.display().to_string();
        let result = match read_text(path) {
            Ok(text) => evaluate_with(&name, &text, &sets, overrides.currency, catalog),
            Err(d) => Err(vec![no_file(&name, d)]),
        };
        // A scenario of alternatives is reported as its options, never their sum.
        match result.and_then(|r| r.views().map_err(|e| vec![e])) {
            Ok(views) => reports.extend(views),
            Err(e) => errors.extend(e),
        }
    }
    (reports, errors)
}

/// Reads and prices one file, for the commands that take one.
/// The report is one per option when the fleets are alternatives: `pick` chooses.
fn evaluate_one(
    file: &Path,
    overrides: &Overrides,
    catalog: &Catalog,
    pick: impl FnOnce(Vec<Report>) -> Result<Report, Outcome>,
) -> Result<Report, Outcome> {
    let (reports, errors) = evaluate_all(std::slice::from_ref(&file), overrides, catalog);
    if !errors.is_empty() || reports.is_empty() {
        return Err(Outcome::failed(errors));
    }
    pick(reports)
}

/// The only report, or of a scenario of alternatives the option named (`--option`).
fn the_option(option: Option<&str>) -> impl FnOnce(Vec<Report>) -> Result<Report, Outcome> {
    move |mut reports| {
        if reports.len() == 1 {
            return Ok(reports.remove(0));
        }
        let names: Vec<String> = reports
            .iter()
            .filter_map(|r| r.scenario.option.clone())
            .collect();
        let found = option.and_then(|o| {
            reports
                .iter()
                .position(|r| r.scenario.option.as_deref() == Some(o))
        });
        match found {
            Some(i) => Ok(reports.swap_remove(i)),
            None => {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let message = match option {
                    Some(o) => format!("no option `{o}`"),
                    None => "the scenario's fleets are alternatives: which option?".to_string(),
                };
                Err(Outcome::problem(
                    "the command line",
                    Diagnostic::new(message).help(format!(
                        "name one: `--option NAME` ({})",
                        crate::diagnostic::suggest::one_of(&names)
                    )),
                ))
            }
        }
    }
}

//! Command-line arguments (clap derive). The `///` comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::money::Currency;
use crate::scenario::Scope;

/// Price GPU fleets as exact ranges, part by part, and check the claims made about them.
#[derive(Debug, Parser)]
#[command(
    name = "gpucost",
    version,
    about,
    after_help = "Examples:\n  gpucost run scenarios/xai2024.toml\n  gpucost check scenarios/*.toml\n  gpucost catalog H100\n\nExit status: 0 ok, 1 a claim outside its range (check), 2 bad input."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Merge this catalog file over the built-in one: new GPUs, newer prices (same format, every figure with a source and date)
    #[arg(long, global = true, value_name = "FILE", env = "GPUCOST_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// Wrap tables to this many columns (default: the terminal's width; no wrapping when piped)
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
}

/// The subcommands.
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
    Compare {
        /// Scenario files (TOML); with `--vary`, exactly one
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// A column per value: `PATH=V1,V2,…` (the file as it is comes first)
        #[arg(long, value_name = "PATH=V1,V2")]
        vary: Vec<String>,
        /// A column with several changes at once: `'PATH=VALUE; PATH=VALUE'`
        #[arg(long, value_name = "ASSIGNMENTS")]
        variant: Vec<String>,
        /// Show only the rows that differ, with Δ and Δ% against the first column
        #[arg(long)]
        diff: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// `--set` and `--currency`
        #[command(flatten)]
        overrides: Overrides,
    },
    /// Derive every figure and verdict step by step, with where each input comes from
    #[command(
        after_help = "Examples:\n  gpucost explain scenarios/xai2024.toml\n  gpucost explain scenarios/twitter2023-v100.toml \\\n      --set fleet.twitter.count=5000"
    )]
    Explain {
        /// Scenario files (TOML)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// `--set` and `--currency`
        #[command(flatten)]
        overrides: Overrides,
    },
    /// Monte Carlo: how likely each total and each claim is, given the inputs' distributions
    #[command(
        after_help = "Each [low, high] is uniform unless the file gives a `dist`; an input written once ([defaults], [gpu.NAME], the catalog) is drawn once per sample for every fleet that uses it.\n\nExamples:\n  gpucost simulate scenarios/xai2024.toml\n  gpucost simulate scenarios/xai2024.toml --samples 1e6 --seed 7 --format json"
    )]
    Simulate {
        /// Scenario files (TOML)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Samples, seed and threads
        #[command(flatten)]
        sampling: Sampling,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// `--set` and `--currency`
        #[command(flatten)]
        overrides: Overrides,
    },
    /// Rank the inputs by how far each moves a total (tornado), with rank correlations
    #[command(
        after_help = "For each input: the total with it at its low and at its high, every other input at its midpoint, sorted by swing; and Spearman's rank correlation of its draws with the total's in a simulation.\n\nExamples:\n  gpucost sensitivity scenarios/xai2024.toml\n  gpucost sensitivity scenarios/meta2024.toml --scope capex --format markdown"
    )]
    Sensitivity {
        /// The scenario file (TOML)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The total to examine: gpus, capex, tco or rental
        #[arg(long, value_name = "SCOPE", default_value = "tco", value_parser = parse_scope)]
        scope: Scope,
        /// Samples, seed and threads (for the correlations)
        #[command(flatten)]
        sampling: Sampling,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// `--set` and `--currency`
        #[command(flatten)]
        overrides: Overrides,
    },
    /// Write one self-contained HTML page (or the chart alone as SVG) to hand to a colleague
    #[command(
        after_help = "The page has, per scenario, the chart of each total's range with the claims marked, the verdicts, the cost by fleet and part, and every input with its source. No scripts, no external fonts or images: it opens offline and prints.\n\nExamples:\n  gpucost report scenarios/*.toml -o report.html\n  gpucost report scenarios/xai2024.toml --format svg -o xai.svg"
    )]
    Report {
        /// Scenario files (TOML); `--format svg` takes one
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Where to write it (default: standard output)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// `html` (the page) or `svg` (the chart alone)
        #[arg(long, value_enum, default_value_t = PageFormat::Html)]
        format: PageFormat,
        /// `--set` and `--currency`
        #[command(flatten)]
        overrides: Overrides,
    },
    /// Find the value of one input that makes a claim exactly true (others at midpoint)
    #[command(
        after_help = "Examples:\n  gpucost solve scenarios/twitter2023-v100.toml --claim nl-200-million-euro\n  gpucost solve scenarios/xai2024.toml --claim huang-9b --input defaults.pue\n\nWithout --input, solves for the unit price (or rental rate) of the claim's fleet."
    )]
    Solve {
        /// The scenario file (TOML)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The claim's id
        #[arg(long, value_name = "ID")]
        claim: String,
        /// The input to solve for: `fleet.ID.KEY` or `defaults.KEY` (default: the fleet's unit price or rate)
        #[arg(long, value_name = "PATH")]
        input: Option<String>,
        /// Output format: a sentence, or JSON
        #[arg(long, value_enum, default_value_t = AnswerFormat::Table)]
        format: AnswerFormat,
        /// `--set` and `--currency`
        #[command(flatten)]
        overrides: Overrides,
    },
    /// Write a commented scenario template that runs as is (never overwrites a file)
    #[command(
        after_help = "Examples:\n  gpucost init\n  gpucost init scenarios/mine.toml && gpucost run scenarios/mine.toml"
    )]
    Init {
        /// Where to write it
        #[arg(value_name = "FILE", default_value = "scenario.toml")]
        file: PathBuf,
    },
    /// Print a shell completion script (e.g. `gpucost completions bash > /etc/bash_completion.d/gpucost`)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of scenario files (for editors: see the README)
    Schema,
    /// Print the manual page (roff; e.g. `gpucost man > gpucost.1 && man -l gpucost.1`)
    Man,
    /// Edit assumptions in a scenario file in place, keeping comments and layout
    #[command(
        after_help = "The edited scenario is validated before anything is written, and the file is replaced atomically.\n\nExamples:\n  gpucost set scenarios/xai2024.toml \\\n      fleet.colossus.unit_price='[\"$20k\", \"$25k\"]'\n  gpucost set scenarios/xai2024.toml defaults.pue=1.3 fleet.colossus.years=6 \\\n      --dry-run"
    )]
    Set {
        /// The scenario file to edit
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Assignments: `fleet.ID.KEY`, `claim.ID.KEY`, `defaults.KEY`, `scenario.KEY`, `gpu.NAME.KEY`, `fx.CODE`
        #[arg(required = true, value_name = "PATH=VALUE")]
        assignments: Vec<String>,
        /// Show the change as a diff instead of writing it
        #[arg(long)]
        dry_run: bool,
    },
    /// List the built-in GPU models, prices and default assumptions, with sources
    #[command(
        after_help = "Examples:\n  gpucost catalog\n  gpucost catalog H100\n  gpucost catalog Hopper --format json"
    )]
    Catalog {
        /// A model, alias or family to show in full (e.g. `H100`, `Hopper`)
        gpu: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

impl Command {
    /// The output format asked for (errors follow it: JSON errors for JSON output).
    pub fn format(&self) -> Format {
        match self {
            Command::Run(ScenarioArgs { format, .. })
            | Command::Check(ScenarioArgs { format, .. })
            | Command::Catalog { format, .. }
            | Command::Compare { format, .. }
            | Command::Simulate { format, .. }
            | Command::Sensitivity { format, .. } => *format,
            Command::Solve { format, .. } => Format::from(*format),
            Command::Set { .. }
            | Command::Report { .. }
            | Command::Explain { .. }
            | Command::Init { .. }
            | Command::Completions { .. }
            | Command::Schema
            | Command::Man => Format::Table,
        }
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

/// How a simulation draws.
#[derive(Debug, Clone, Copy, Args)]
pub struct Sampling {
    /// Number of samples
    #[arg(long, value_name = "N", default_value_t = crate::simulate::DEFAULT_SAMPLES, value_parser = parse_samples)]
    pub samples: usize,
    /// Seed of the random generator: the same seed gives the same numbers on any machine
    #[arg(long, value_name = "S", default_value_t = crate::simulate::DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads (default: one per core, at most 256); results do not depend on it
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<u16>,
}

/// The most samples a simulation draws: about a minute of work on two cores, with
/// the per-block bookkeeping (a few tens of MB) bounded. Percentiles are exact at any
/// count, and far steadier than the inputs' ranges long before this.
pub const MAX_SAMPLES: usize = 1_000_000_000;

/// The most worker threads: more than any machine gpucost runs on has cores, few
/// enough that starting them is instant.
pub const MAX_THREADS: u16 = 256;

fn parse_samples(text: &str) -> Result<usize, String> {
    let n = crate::money::parse_number(text)
        .ok()
        .filter(|n| n.is_integer() && !n.is_sign_negative())
        .ok_or_else(|| format!("`{text}` is not a whole number of samples, e.g. 100000 or 1e6"))?;
    if n.is_zero() {
        return Err("at least one sample is needed".into());
    }
    match usize::try_from(n) {
        Ok(n) if n <= MAX_SAMPLES => Ok(n),
        _ => Err(format!(
            "at most {} samples (1e9, about a minute of work); percentiles are exact at any count",
            crate::money::format_decimal(MAX_SAMPLES.into())
        )),
    }
}

fn parse_threads(text: &str) -> Result<u16, String> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    match text.trim().parse::<u64>() {
        Ok(0) => Err("at least one worker thread is needed".into()),
        Ok(n) if n <= u64::from(MAX_THREADS) => Ok(n as u16),
        Ok(_) => Err(format!(
            "at most {MAX_THREADS} worker threads (this machine has {cores} cores; results do not depend on the count)"
        )),
        Err(_) => Err(format!(
            "`{text}` is not a whole number of threads, e.g. {cores}"
        )),
    }
}

fn parse_scope(key: &str) -> Result<Scope, String> {
    Scope::from_key(key).ok_or_else(|| {
        let keys = Scope::keys();
        match crate::suggest::nearest(key, keys.iter().copied()) {
            Some(near) => format!("unknown scope `{key}`; did you mean `{near}`?"),
            None => format!(
                "unknown scope `{key}`; scopes: {}",
                crate::suggest::one_of(&keys)
            ),
        }
    })
}

/// Changes to the scenarios for this run only, the file untouched.
#[derive(Debug, Clone, Default, Args)]
pub struct Overrides {
    /// Override an assumption, e.g. `fleet.colossus.count=50000` or `claim.huang-9b.value="$10B"` (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    /// Report in this currency (USD, EUR, GBP), converted at the scenario date's rate
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<Currency>,
}

impl Overrides {
    /// Every override as a `PATH=VALUE` assignment (`--currency` is `scenario.currency`).
    pub fn assignments(&self) -> Vec<String> {
        let mut all = self.sets.clone();
        if let Some(c) = self.currency {
            all.push(format!("scenario.currency=\"{c}\""));
        }
        all
    }
}

fn parse_currency(code: &str) -> Result<Currency, String> {
    Currency::from_code(code).ok_or_else(|| {
        format!(
            "unknown currency `{code}`; supported: {}",
            crate::suggest::one_of(&Currency::codes())
        )
    })
}

/// What `gpucost report` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PageFormat {
    /// One self-contained HTML page
    Html,
    /// The range chart alone, as SVG
    Svg,
}

/// How `solve`'s one answer is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AnswerFormat {
    /// A sentence
    Table,
    /// JSON for scripts
    Json,
}

impl From<AnswerFormat> for Format {
    fn from(f: AnswerFormat) -> Format {
        match f {
            AnswerFormat::Table => Format::Table,
            AnswerFormat::Json => Format::Json,
        }
    }
}

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for reading in a terminal
    Table,
    /// JSON for scripts (shape documented in the README)
    Json,
    /// Markdown headings and tables, to paste into a report or an issue
    Markdown,
    /// CSV for spreadsheets: one row per scenario, fleet, part and bound
    Csv,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn help_examples_fit_80_columns_and_are_never_rewrapped() {
        let mut cli = Cli::command().term_width(80);
        cli.build();
        let mut commands = vec![cli.clone()];
        commands.extend(cli.get_subcommands().cloned());
        for mut command in commands {
            let after = command
                .get_after_help()
                .map(|a| a.to_string())
                .unwrap_or_default();
            let help = command.render_long_help().to_string();
            for line in after.lines().filter(|l| l.starts_with("  ")) {
                // Before: `gpucost compare … --vary` / `fleet.colossus.count=…` on two
                // lines, a command cut in half.
                assert!(line.chars().count() <= 78, "{line}");
                assert!(help.lines().any(|h| h == line), "rewrapped: {line}\n{help}");
            }
        }
    }
}

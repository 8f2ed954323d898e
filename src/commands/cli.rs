//! The command line (clap derive): the global flags and the output formats; each
//! command's own arguments are in its module under `commands`. The `///` comments are
//! the help text.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

pub use crate::render::Format;

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
    pub command: crate::commands::Command,
    /// Merge this catalog file over the built-in one: new GPUs, newer prices (same format, every figure with a source and date); without it, `GPUCOST_CATALOG` if set and not empty
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// Wrap tables to this many columns (default: the terminal's width; no wrapping when piped)
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// Colour verdicts, warnings and titles: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never
    #[arg(long, global = true, value_name = "WHEN", value_enum, default_value_t)]
    pub color: crate::commands::paint::When,
}

/// The environment variable that names a catalog file when `--catalog` is not given.
pub const CATALOG_VARIABLE: &str = "GPUCOST_CATALOG";

impl Cli {
    /// The catalog file to merge, and how it was named: `--catalog`, else a
    /// `GPUCOST_CATALOG` that is set and not empty (`variable` is its value).
    pub fn catalog_file(&self, variable: Option<std::ffi::OsString>) -> Option<CatalogFile> {
        match &self.catalog {
            Some(path) => Some(CatalogFile {
                path: path.clone(),
                from_variable: false,
            }),
            None => variable.filter(|v| !v.is_empty()).map(|v| CatalogFile {
                path: PathBuf::from(v),
                from_variable: true,
            }),
        }
    }
}

/// A catalog file to merge over the built-in one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogFile {
    /// Its path.
    pub path: PathBuf,
    /// Whether `GPUCOST_CATALOG` named it (else `--catalog` did).
    pub from_variable: bool,
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

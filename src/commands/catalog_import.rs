//! `gpucost catalog import CSV -o FILE`: Epoch AI's hardware-prices CSV as a user
//! catalog of price and rent points (see the library's `catalog::import`), to merge
//! with `--catalog FILE`. Reads one file and writes one new file (or standard output).

use std::path::PathBuf;

use super::{Context, Done, Outcome, no_file};
use crate::catalog::import;
use crate::files;

/// What `catalog` can do besides listing.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Action {
    /// Turn Epoch AI's hardware-prices CSV into price and rent points, each with its row's source, in the user-catalog format
    #[command(
        after_help = "Rows the catalog cannot place (a model it lacks, no date, no source, a price\nfor several GPUs that says neither board nor server) are counted by reason\non standard error, never guessed at.\n\nExamples:\n  gpucost catalog import hardware-prices.csv -o mine.toml\n  gpucost --catalog mine.toml catalog H100 --history"
    )]
    Import(ImportArgs),
}

/// The arguments of `catalog import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Epoch AI's `Hardware prices.csv` (epoch-research/training-cost-trends, data/)
    #[arg(value_name = "CSV")]
    pub file: PathBuf,
    /// Write the points to this new file (never replaces one); `-` or none: standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Imports the CSV against the catalog in use (built-in, or merged with `--catalog`).
pub fn execute(action: &Action, ctx: &Context) -> Done {
    let Action::Import(args) = action;
    let name = args.file.display().to_string();
    let text =
        files::read_text(&args.file).map_err(|d| Outcome::failed(vec![no_file(&name, d)]))?;
    let catalog = ctx.catalog()?;
    let imported =
        import::import_epoch(&name, &text, catalog).map_err(|e| Outcome::failed(vec![e]))?;
    let summary = imported.summary();
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            files::write_new(
                path,
                &imported.text,
                "import never replaces a file; name another, or remove it first",
            )
            .map_err(|d| Outcome::problem(&path.display().to_string(), d))?;
            Ok(Outcome::done(format!(
                "wrote {}: {summary}; merge it with `gpucost --catalog {} …`\n",
                path.display(),
                path.display()
            )))
        }
        None => Ok(Outcome {
            out: imported.text.into(),
            notes: format!("{summary}\n"),
            ..Outcome::default()
        }),
    }
}

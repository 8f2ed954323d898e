//! `gpucost sensitivity`: which inputs move a total most (tornado), with rank
//! correlations from a simulation.

use std::path::PathBuf;

use super::sampling::{Sampling, sampled};
use super::{Context, Done, Outcome, Overrides, evaluate_one, no_file};
use crate::cli::Format;
use crate::diagnostic::Diagnostic;
use crate::render::{self, Formats, table::Look};
use crate::report::Report;
use crate::scenario::Scope;
use crate::sensitivity::{self, Tornado};

/// The arguments of `sensitivity`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The scenario file (TOML)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The total to examine: gpus, capex, tco or rental
    #[arg(long, value_name = "SCOPE", default_value = "tco", value_parser = parse_scope)]
    pub scope: Scope,
    /// Samples, seed and threads (for the correlations)
    #[command(flatten)]
    pub sampling: Sampling,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// `--set` and `--currency`
    #[command(flatten)]
    pub overrides: Overrides,
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

/// The tornado of the file's `--scope` total.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let report = evaluate_one(&args.file, &args.overrides, catalog)?;
    let sampling = &args.sampling;
    let tornado = sampled(sampling, |progress| {
        sensitivity::tornado(
            &report,
            args.scope,
            sampling.samples,
            sampling.seed,
            progress,
        )
    })
    .map_err(|e| Outcome::failed(vec![no_file(&report.file, Diagnostic::new(e))]))?;
    let out = render::write(&Swings(&report, &tornado), args.format, ctx.width);
    Ok(Outcome::ok(out))
}

/// A report with its tornado.
struct Swings<'a>(&'a Report, &'a Tornado);

impl Formats for Swings<'_> {
    fn table(&self, look: Look) -> String {
        render::sensitivity::table(self.0, self.1, look)
    }
    fn json(&self) -> String {
        render::sensitivity::json(self.0, self.1)
    }
    fn csv(&self) -> String {
        render::sensitivity::csv(self.0, self.1)
    }
}

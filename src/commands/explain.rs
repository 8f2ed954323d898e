//! `gpucost explain`: every figure and verdict derived step by step.

use std::path::PathBuf;

use super::{Context, Done, Outcome, Overrides, evaluate_all};
use crate::render::{self, table::Look};

/// The arguments of `explain`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Scenario files (TOML)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// `--set` and `--currency`
    #[command(flatten)]
    pub overrides: Overrides,
}

/// The derivation of each file, wrapped to `--width` or the terminal.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let (reports, errors) = evaluate_all(&args.files, &args.overrides, catalog);
    let width = Look::TERMINAL.with_width(ctx.width).columns();
    // Handed on as it is drawn: the derivation of 100,000 fleets is hundreds of MB.
    let out = render::Output::Pieces(Box::new(move |sink| {
        render::explain::explain_to(&reports, width, sink)
    }));
    Ok(Outcome::partial(out, errors))
}

//! `gpucost solve`: the value of one input that makes a claim exactly true.

use std::path::PathBuf;

use super::{Context, Done, Outcome, Overrides, evaluate_one, no_file};
use crate::commands::cli::{AnswerFormat, Format};
use crate::render;

/// The arguments of `solve`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The scenario file (TOML)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The claim's id
    #[arg(long, value_name = "ID")]
    pub claim: String,
    /// The input to solve for: `fleet.ID.KEY` or `defaults.KEY` (default: the fleet's unit price or rate)
    #[arg(long, value_name = "PATH")]
    pub input: Option<String>,
    /// Output format: a sentence, or JSON
    #[arg(long, value_enum, default_value_t = AnswerFormat::Table)]
    pub format: AnswerFormat,
    /// `--set` and `--currency`
    #[command(flatten)]
    pub overrides: Overrides,
}

/// The answer, as a sentence or JSON.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    // Of a scenario of alternatives, the option the claim belongs to.
    let claim = args.claim.clone();
    let report = evaluate_one(&args.file, &args.overrides, catalog, |mut reports| {
        let i = reports
            .iter()
            .position(|r| r.scenario.claims.iter().any(|c| c.id == claim))
            .unwrap_or(0);
        Ok(reports.swap_remove(i))
    })?;
    let solution =
        crate::analysis::solve::solve(&report.scenario, &args.claim, args.input.as_deref())
            .map_err(|d| Outcome::failed(vec![no_file(&report.file, d)]))?;
    let currency = report.scenario.currency;
    Ok(Outcome::ok(render::solve::solve(
        &solution,
        currency,
        Format::from(args.format),
    )))
}

//! `gpucost simulate`: Monte Carlo over the inputs' distributions.

use std::path::PathBuf;

use super::sampling::{Sampling, sampled};
use super::{Context, Done, Outcome, Overrides, evaluate_all, no_file};
use crate::analysis::simulate::{self, Simulation};
use crate::commands::cli::Format;
use crate::diagnostic::Diagnostic;
use crate::judge::report::ScenarioFile;
use crate::render::{self, Formats, table::Look};

/// The arguments of `simulate`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Scenario files (TOML)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Samples, seed and threads
    #[command(flatten)]
    pub sampling: Sampling,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// `--set` and `--currency`
    #[command(flatten)]
    pub overrides: Overrides,
}

/// Simulates each file that could be priced.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let (reports, mut errors) = evaluate_all(&args.files, &args.overrides, catalog);
    let sampling = &args.sampling;
    let mut runs = Vec::new();
    for report in reports {
        let s = report.into_scenario();
        let simulated = sampled(sampling, |progress| {
            simulate::simulate(&s.scenario, sampling.samples, sampling.seed, progress)
        });
        match simulated {
            Ok(sim) => runs.push((s, sim)),
            Err(e) => errors.push(no_file(&s.file, Diagnostic::new(e))),
        }
    }
    let out = render::output(Simulated(runs), args.format, ctx.width);
    Ok(Outcome::partial(out, errors))
}

/// Each scenario with its simulation.
struct Simulated(Vec<(ScenarioFile, Simulation)>);

impl Formats for Simulated {
    fn table(&self, look: Look) -> String {
        render::simulate::table(&self.0, look)
    }
    fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        render::simulate::write_json(&self.0, w)
    }
    fn csv(&self) -> String {
        render::simulate::csv(&self.0)
    }
}

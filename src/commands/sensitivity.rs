//! `gpucost sensitivity`: which inputs move a total most (tornado), with rank
//! correlations from a simulation.

use std::path::PathBuf;

use super::sampling::{Sampling, sampled};
use super::{Context, Done, Outcome, Overrides, evaluate_one, no_file};
use crate::analysis::sensitivity::{self, Target, Tornado};
use crate::commands::cli::Format;
use crate::diagnostic::Diagnostic;
use crate::judge::report::Report;
use crate::render::{self, Formats, table::Look};
use crate::scenario::Scope;

/// The arguments of `sensitivity`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The scenario file (TOML)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The total to examine: gpus, capex, tco (the default) or rental; with `--job`,
    /// amortized (the default), acquisition, cloud, gpu_hours, hours or flop
    #[arg(long, value_name = "SCOPE", value_parser = parse_scope)]
    pub scope: Option<Scope>,
    /// Examine this job's estimate or measure instead of a scenario total
    #[arg(long, value_name = "ID")]
    pub job: Option<String>,
    /// Examine this serve's figure instead: margin (the default, with prices; else
    /// cost), cost, cost_per_million_input, cost_per_million_output,
    /// cost_per_million_tokens, revenue, profit, gpu_hours or tokens per GPU-second
    #[arg(long, value_name = "ID", conflicts_with = "job")]
    pub serve: Option<String>,
    /// With `--scope owned_per_gpu_hour`: the bought fleet whose GPU-hour to examine
    #[arg(long, value_name = "ID")]
    pub fleet: Option<String>,
    /// Of a scenario whose fleets are alternatives (`option = "…"`): the option to examine
    #[arg(long, value_name = "NAME")]
    pub option: Option<String>,
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
        match crate::diagnostic::suggest::nearest(key, keys.iter().copied()) {
            Some(near) => format!("unknown scope `{key}`; did you mean `{near}`?"),
            None => format!(
                "unknown scope `{key}`; scopes: {}",
                crate::diagnostic::suggest::one_of(&keys)
            ),
        }
    })
}

/// The tornado of the file's `--scope` total.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let report = evaluate_one(
        &args.file,
        &args.overrides,
        catalog,
        super::the_option(args.option.as_deref()),
    )?;
    let target = target(args, &report)?;
    let sampling = &args.sampling;
    let tornado = sampled(sampling, |progress| {
        sensitivity::tornado(&report, target, sampling.samples, sampling.seed, progress)
    })
    .map_err(|e| Outcome::failed(vec![no_file(&report.file, Diagnostic::new(e))]))?;
    let out = render::write(&Swings(&report, &tornado), args.format, ctx.width);
    Ok(Outcome::ok(out))
}

/// What `--job` and `--scope` name: a scenario total (`tco` unless said), or a job's
/// figure (its first estimate unless said).
fn target(args: &Args, report: &Report) -> Result<Target, Outcome> {
    let usage = |message: String, help: String| {
        Outcome::problem("gpucost sensitivity", Diagnostic::new(message).help(help))
    };
    if let Some(id) = &args.serve {
        return serve_target(args, id, report).map_err(|(m, h)| usage(m, h));
    }
    if args.scope == Some(Scope::OwnedPerGpuHour) {
        return owning_target(args, report).map_err(|(m, h)| usage(m, h));
    }
    if let Some(id) = &args.fleet {
        return Err(usage(
            format!("`--fleet {id}` goes with `--scope owned_per_gpu_hour`"),
            "a scenario total is of every fleet; examine one fleet's GPU-hour with `--scope owned_per_gpu_hour --fleet ID`".into(),
        ));
    }
    let Some(id) = &args.job else {
        let scope = args.scope.unwrap_or(Scope::Tco);
        if scope.is_job() {
            return Err(usage(
                format!("`{scope}` is a job's figure, not a scenario total"),
                "name the job: `--job ID`".into(),
            ));
        }
        return Ok(scope.into());
    };
    let jobs = &report.scenario.jobs;
    let Some(index) = report.scenario.ids().job(id) else {
        let ids: Vec<&str> = jobs.iter().map(|j| j.id.as_str()).collect();
        let help = match crate::diagnostic::suggest::nearest(id, ids.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if ids.is_empty() => "the scenario has no `[[job]]`".into(),
            None => format!("its jobs: {}", crate::diagnostic::suggest::one_of(&ids)),
        };
        return Err(usage(
            format!("`{}` has no job `{id}`", report.scenario.name),
            help,
        ));
    };
    let scope = match args.scope {
        Some(scope) if !scope.is_job() => {
            return Err(usage(
                format!("`{scope}` is a scenario total, not a job's figure"),
                "a job has amortized, acquisition, cloud, gpu_hours, hours and flop; or \
                 drop `--job`"
                    .into(),
            ));
        }
        Some(scope) => scope,
        // The first estimate the job has: amortized, or cloud on a rented fleet.
        None => report
            .costs
            .job(report.scenario.ids(), id)
            .and_then(|c| c.estimates().first().map(|&(s, _)| s))
            .unwrap_or(Scope::GpuHours),
    };
    Ok(Target {
        job: Some(index),
        fleet: None,
        serve: None,
        scope,
    })
}

/// `--scope owned_per_gpu_hour`: of `--fleet`, or of the one bought fleet.
fn owning_target(args: &Args, report: &Report) -> Result<Target, (String, String)> {
    let s = &report.scenario;
    let bought: Vec<&str> = s
        .fleets
        .iter()
        .filter(|f| f.inputs.acquisition() == crate::scenario::Acquisition::Buy)
        .map(|f| f.id.as_str())
        .collect();
    let id = match (&args.fleet, bought.as_slice()) {
        (Some(id), _) => id.as_str(),
        (None, [one]) => one,
        (None, _) => {
            return Err((
                "owning a GPU-hour is examined of one bought fleet".into(),
                format!(
                    "name it: `--fleet ID` ({})",
                    crate::diagnostic::suggest::one_of(&bought)
                ),
            ));
        }
    };
    match s.ids().fleet(id) {
        Some(f) if bought.contains(&id) => Ok(Target {
            job: None,
            serve: None,
            fleet: Some(f),
            scope: Scope::OwnedPerGpuHour,
        }),
        _ => Err((
            format!("`{}` has no bought fleet `{id}`", s.name),
            format!(
                "its bought fleets: {}",
                crate::diagnostic::suggest::one_of(&bought)
            ),
        )),
    }
}

/// `--serve ID`: its margin (with prices) or cost, unless `--scope` names another of
/// its figures.
fn serve_target(args: &Args, id: &str, report: &Report) -> Result<Target, (String, String)> {
    let s = &report.scenario;
    let Some(index) = s.ids().serve(id) else {
        let ids: Vec<&str> = s.serves.iter().map(|sv| sv.id.as_str()).collect();
        let help = match crate::diagnostic::suggest::nearest(id, ids.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if ids.is_empty() => "the scenario has no `[[serve]]`".into(),
            None => format!("its serves: {}", crate::diagnostic::suggest::one_of(&ids)),
        };
        return Err((format!("`{}` has no serve `{id}`", s.name), help));
    };
    let scope = match args.scope {
        Some(scope) if !scope.is_serve() => {
            return Err((
                format!("`{scope}` is not a serve's figure"),
                "a serve has cost, cost_per_million_input, cost_per_million_output, \
                 cost_per_million_tokens, revenue, profit, margin, gpu_hours, \
                 input_tokens_per_gpu_second and output_tokens_per_gpu_second; or drop \
                 `--serve`"
                    .into(),
            ));
        }
        Some(scope) => scope,
        // The margin where the serve has one (prices, and a cost above zero).
        None if report
            .costs
            .serve(s.ids(), id)
            .is_some_and(|c| c.margin.is_some()) =>
        {
            Scope::Margin
        }
        None => Scope::Cost,
    };
    Ok(Target {
        job: None,
        fleet: None,
        serve: Some(index),
        scope,
    })
}

/// A report with its tornado.
struct Swings<'a>(&'a Report, &'a Tornado);

impl Formats for Swings<'_> {
    fn table(&self, look: Look) -> String {
        render::sensitivity::table(self.0, self.1, look)
    }
    fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(render::sensitivity::json(self.0, self.1).as_bytes())
    }
    fn csv(&self) -> String {
        render::sensitivity::csv(self.0, self.1)
    }
}

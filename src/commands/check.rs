//! `gpucost check`: the claims only, for scripts and CI; exit status 1 when a claim
//! falls outside its range.

use super::{
    Context, Done, EXIT_BAD_INPUT, EXIT_CLAIM_OUTSIDE, Outcome, ScenarioArgs, evaluate_all,
};
use crate::judge::claims;
use crate::judge::report::Report;
use crate::render::{self, Formats, table::Look};

/// Judges each file's claims; exit status 2 for bad input, else 1 if any is outside.
pub fn execute(args: &ScenarioArgs, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let (reports, errors) = evaluate_all(&args.files, &args.overrides, catalog);
    // The summary names the files that failed: a count of claims alone would read as
    // a pass for a file that was never checked.
    let mut failed: Vec<&str> = Vec::new();
    for e in &errors {
        if !failed.contains(&e.file.as_str()) {
            failed.push(&e.file);
        }
    }
    let out = render::write(&Claims(&reports, &failed), args.format, ctx.width);
    let outside = reports.iter().any(|r| claims::any_outside(&r.claims));
    let status = if !errors.is_empty() {
        EXIT_BAD_INPUT
    } else if outside {
        EXIT_CLAIM_OUTSIDE
    } else {
        0
    };
    Ok(Outcome {
        out: out.into(),
        errors,
        status,
        ..Outcome::default()
    })
}

/// The claims of the reports, with a one-line summary after the tables.
struct Claims<'a>(&'a [Report], &'a [&'a str]);

/// The claims tables and the summary line, as `check` prints them (and `draft --check`).
pub(super) fn claims_text(reports: &[Report], failed: &[&str], look: Look) -> String {
    let mut out = render::table::check(reports, look);
    if !reports.is_empty() {
        out.push('\n');
    }
    out.push_str(&render::table::check_summary(reports, failed));
    out
}

impl Formats for Claims<'_> {
    fn table(&self, look: Look) -> String {
        claims_text(self.0, self.1, look)
    }
    fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        render::json::write(self.0, true, w)
    }
    fn csv(&self) -> String {
        render::csv::claims(self.0)
    }
}

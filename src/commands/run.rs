//! `gpucost run`: every scenario priced: inputs, cost by fleet and part, totals, claims.

use super::{Context, Done, Outcome, ScenarioArgs, evaluate_all};
use crate::judge::report::Report;
use crate::render::{self, Formats, table::Look};

/// Prices each file; the reports of those that could be priced, the problems of the rest.
pub fn execute(args: &ScenarioArgs, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let (reports, errors) = evaluate_all(&args.files, &args.overrides, catalog);
    let out = render::output(Priced(reports), args.format, ctx.width);
    Ok(Outcome::partial(out, errors))
}

/// The full reports.
struct Priced(Vec<Report>);

impl Formats for Priced {
    fn table(&self, look: Look) -> String {
        render::table::run(&self.0, look)
    }
    fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        render::json::write(&self.0, false, w)
    }
    fn csv(&self) -> String {
        render::csv::costs(&self.0)
    }
    fn table_pieces(&self, look: Look, sink: render::Sink<'_>) -> std::io::Result<()> {
        render::table::run_to(&self.0, look, sink)
    }
}

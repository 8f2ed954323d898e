//! `gpucost catalog`: the built-in models, prices, rents and default assumptions, each
//! with its source; one model or family in full.

use chrono::NaiveDate;

use super::{Context, Done, Outcome};
use crate::catalog::Catalog;
use crate::commands::cli::Format;
use crate::diagnostic::Diagnostic;
use crate::render::{self, Formats, catalog::View, table::Look};

/// The arguments of `catalog`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// `import`: bring the catalog up to date from Epoch AI's price data
    #[command(subcommand)]
    pub action: Option<super::catalog_import::Action>,
    /// A model, alias or family to show in full (e.g. `H100`, `Hopper`)
    pub gpu: Option<String>,
    /// Every price and rent point of GPU, dated, with its source and the range a
    /// scenario of that date gets
    #[arg(long, requires = "gpu")]
    pub history: bool,
    /// The models whose newest price or rent point is more than a year before DATE
    /// (default: today): a scenario of that date is priced past what the catalog knows
    #[arg(long, value_name = "DATE", num_args = 0..=1, default_missing_value = "today", conflicts_with_all = ["gpu", "history"])]
    pub stale: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The whole catalog, or the model or family named.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    if let Some(action) = &args.action {
        return super::catalog_import::execute(action, ctx);
    }
    let catalog = ctx.catalog()?;
    let only = match &args.gpu {
        None => None,
        Some(name) => Some(catalog.lookup(name).ok_or_else(|| {
            let help = catalog.unknown_gpu_help(name, &[]);
            let d = Diagnostic::new(format!("unknown GPU `{name}`")).help(help);
            Outcome::problem("gpucost catalog", d)
        })?),
    };
    let view = match (only, args.history, &args.stale) {
        (Some(entry), true, _) => View::History(entry),
        (Some(entry), false, _) => View::Entry(entry),
        (None, _, Some(date)) => View::Stale(stale_date(date)?),
        (None, _, None) => View::Overview,
    };
    let out = render::write(&Listed(catalog, view), args.format, ctx.width);
    Ok(Outcome::ok(out))
}

/// `--stale`'s date: `today`, or a `YYYY-MM-DD` day.
fn stale_date(text: &str) -> Result<NaiveDate, Outcome> {
    if text == "today" {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = chrono::Days::new(secs / 86_400);
        return Ok(NaiveDate::default()
            .checked_add_days(days)
            .unwrap_or_default());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        let d = Diagnostic::new(format!("`{text}` is not a date"))
            .help("write `--stale 2025-06-01`, or `--stale` alone for today");
        Outcome::problem("gpucost catalog", d)
    })
}

/// The catalog, or a view of it.
struct Listed<'a>(&'a Catalog, View<'a>);

impl Formats for Listed<'_> {
    fn table(&self, look: Look) -> String {
        render::catalog::table(self.0, self.1, look)
    }
    fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(render::catalog::json(self.0, self.1).as_bytes())
    }
    fn csv(&self) -> String {
        render::catalog::csv(self.0, self.1)
    }
}

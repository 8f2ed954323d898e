//! `gpucost catalog`: the built-in models, prices, rents and default assumptions, each
//! with its source; one model or family in full.

use super::{Context, Done, Outcome};
use crate::catalog::{Catalog, GpuRef};
use crate::cli::Format;
use crate::diagnostic::Diagnostic;
use crate::render::{self, Formats, table::Look};
use crate::suggest;

/// The arguments of `catalog`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A model, alias or family to show in full (e.g. `H100`, `Hopper`)
    pub gpu: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The whole catalog, or the model or family named.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let only = match &args.gpu {
        None => None,
        Some(name) => Some(catalog.lookup(name).ok_or_else(|| {
            let names = catalog.names();
            let help = match suggest::nearest(name, names.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("known: {}", names.join(", ")),
            };
            let d = Diagnostic::new(format!("unknown GPU `{name}`")).help(help);
            Outcome::problem("gpucost catalog", d)
        })?),
    };
    let out = render::write(&Listed(catalog, only), args.format, ctx.width);
    Ok(Outcome::ok(out))
}

/// The catalog, or one entry of it.
struct Listed<'a>(&'a Catalog, Option<GpuRef<'a>>);

impl Formats for Listed<'_> {
    fn table(&self, look: Look) -> String {
        render::catalog::table(self.0, self.1, look)
    }
    fn json(&self) -> String {
        render::catalog::json(self.0, self.1)
    }
    fn csv(&self) -> String {
        render::catalog::csv(self.0, self.1)
    }
}

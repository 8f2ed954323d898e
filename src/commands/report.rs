//! `gpucost report`: one self-contained HTML page (or the chart alone as SVG).

use std::path::PathBuf;

use super::{Context, Done, Outcome, Overrides, evaluate_all, no_file};
use crate::commands::cli::PageFormat;
use crate::diagnostic::Diagnostic;
use crate::files;
use crate::render;

/// The arguments of `report`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Scenario files (TOML); `--format svg` takes one
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write it (default: standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// `html` (the page) or `svg` (the chart alone)
    #[arg(long, value_enum, default_value_t = PageFormat::Html)]
    pub format: PageFormat,
    /// Replace a read-only file, and write a file with other names (hard links) in place
    #[arg(long)]
    pub force: bool,
    /// `--set` and `--currency`
    #[command(flatten)]
    pub overrides: Overrides,
}

/// The page (or chart) of every file, to standard output or `-o`.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let (reports, errors) = evaluate_all(&args.files, &args.overrides, catalog);
    if !errors.is_empty() {
        return Err(Outcome::failed(errors));
    }
    let text = match (args.format, reports.as_slice()) {
        (PageFormat::Html, _) => render::html::page(&reports),
        (PageFormat::Svg, [one]) => render::chart::svg(one),
        (PageFormat::Svg, _) => {
            let d = Diagnostic::new("`--format svg` draws one scenario's chart")
                .help("give one file, or use `--format html` for several");
            return Err(Outcome::problem("gpucost report", d));
        }
    };
    match &args.output {
        // `-o -` is standard output, as without `-o`.
        Some(path) if path.as_os_str() != "-" => {
            let name = path.display().to_string();
            // Never over a file it reads: the scenarios, and the catalog.
            let mut inputs: Vec<&std::path::Path> =
                args.files.iter().map(PathBuf::as_path).collect();
            inputs.extend(ctx.catalog_path());
            files::write_output(path, &text, &inputs, args.force)
                .map_err(|d| Outcome::failed(vec![no_file(&name, d)]))?;
            Ok(Outcome::done(format!("wrote {name}\n")))
        }
        _ => Ok(Outcome::ok(text)),
    }
}

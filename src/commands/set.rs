//! `gpucost set`: assumptions edited in the file, keeping comments and layout;
//! validated before anything is written, written atomically under a lock.

use std::path::PathBuf;

use super::{Context, Done, Outcome, no_file};
use crate::files;
use crate::judge::report;
use crate::scenario::edit::Given;

/// The arguments of `set`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The scenario file to edit
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Assignments: `fleet.ID.KEY`, `claim.ID.KEY`, `defaults.KEY`, `scenario.KEY`, `gpu.NAME.KEY`, `fx.CODE`
    #[arg(required = true, value_name = "PATH=VALUE")]
    pub assignments: Vec<String>,
    /// Show the change as a diff instead of writing it
    #[arg(long)]
    pub dry_run: bool,
    /// Replace a read-only file, and write a file with other names (hard links) in place
    #[arg(long)]
    pub force: bool,
}

/// Edits, validates the result, then writes it (or shows the diff).
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let catalog = ctx.catalog()?;
    let name = args.file.display().to_string();
    // Locked from reading to replacing: a concurrent edit waits, then edits this one's
    // result.
    let (locked, old) = files::open_for_edit(&args.file, args.force)
        .map_err(|d| Outcome::failed(vec![no_file(&name, d)]))?;
    let old = old.as_str();
    let (new, edits) =
        report::apply_given(old, &args.assignments, Given::Edit).map_err(Outcome::failed)?;
    // Validate the edited scenario as a whole before anything touches the file.
    report::evaluate_edited(&name, old, &new, &edits, None, catalog).map_err(Outcome::failed)?;
    if args.dry_run {
        let diff = similar::TextDiff::from_lines(old, &new)
            .unified_diff()
            .header(&name, &name)
            .to_string();
        return Ok(Outcome::ok(diff));
    }
    locked
        .replace(&new)
        .map_err(|d| Outcome::failed(vec![no_file(&name, d)]))?;
    Ok(Outcome::done(format!(
        "updated {name}: {}\n",
        args.assignments.join(", ")
    )))
}

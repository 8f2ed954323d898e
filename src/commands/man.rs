//! `gpucost man`: the manual page, every command in it.

use clap::CommandFactory;

use super::{Done, Outcome};
use crate::commands::cli::Cli;
use crate::diagnostic::Diagnostic;

/// `man` takes no arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {}

/// The page, in roff.
pub fn execute() -> Done {
    crate::commands::manual::page(Cli::command())
        .map(Outcome::ok)
        .map_err(|e| {
            let d = Diagnostic::new(format!("cannot render the manual: {e}"));
            Outcome::problem("gpucost man", d)
        })
}

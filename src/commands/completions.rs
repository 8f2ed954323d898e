//! `gpucost completions`: a shell completion script.

use clap::CommandFactory;

use super::{Done, Outcome};
use crate::commands::cli::Cli;

/// The arguments of `completions`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The script for the shell asked for.
pub fn execute(args: &Args) -> Done {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "gpucost", &mut out);
    Ok(Outcome::ok(String::from_utf8_lossy(&out).into_owned()))
}

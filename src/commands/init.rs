//! `gpucost init`: a commented scenario template that runs as is.

use std::path::PathBuf;

use super::{Done, Outcome};
use crate::diagnostic::Diagnostic;
use crate::files::{self, io_reason};

/// The scenario template `init` writes.
pub const TEMPLATE: &str = include_str!("../../data/template.toml");

/// The arguments of `init`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Where to write it
    #[arg(value_name = "FILE", default_value = "scenario.toml")]
    pub file: PathBuf,
}

/// Writes the template, refusing to replace an existing file.
pub fn execute(args: &Args) -> Done {
    let name = args.file.display().to_string();
    files::write_new(&args.file, TEMPLATE).map_err(|e| {
        let help = if e.kind() == std::io::ErrorKind::AlreadyExists {
            "init never overwrites a file; name another, e.g. `gpucost init mine.toml`"
        } else {
            "check that the directory exists and can be written"
        };
        let d = Diagnostic::new(format!("cannot write `{name}`: {}", io_reason(&e))).help(help);
        Outcome::problem(&name, d)
    })?;
    Ok(Outcome::ok(format!(
        "wrote {name}; try `gpucost run {name}`\n"
    )))
}

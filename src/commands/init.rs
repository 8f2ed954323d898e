//! `gpucost init`: a commented scenario template that runs as is.

use std::path::PathBuf;

use super::{Done, Outcome};
use crate::files;

/// The scenario template `init` writes.
pub const TEMPLATE: &str = include_str!("../../data/template.toml");

/// The arguments of `init`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Where to write it (`-` for standard output, as `report -o -`)
    #[arg(value_name = "FILE", default_value = "scenario.toml")]
    pub file: PathBuf,
}

/// Writes the template, refusing to replace an existing file; `-` prints it.
pub fn execute(args: &Args) -> Done {
    if args.file.as_os_str() == "-" {
        return Ok(Outcome::ok(TEMPLATE.to_string()));
    }
    let name = args.file.display().to_string();
    files::write_new(
        &args.file,
        TEMPLATE,
        "init never overwrites a file; name another, e.g. `gpucost init mine.toml`",
    )
    .map_err(|d| Outcome::problem(&name, d))?;
    Ok(Outcome::done(format!(
        "wrote {name}; try `gpucost run {name}`\n"
    )))
}

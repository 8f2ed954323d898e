//! `gpucost schema`: the JSON Schema of scenario files, for editors.

use super::{Done, Outcome};
use crate::diagnostic::Diagnostic;

/// `schema` takes no arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {}

/// The schema, as shipped in `schema/scenario.schema.json`.
pub fn execute() -> Done {
    crate::scenario::schema::scenario_schema_text()
        .map(Outcome::ok)
        .map_err(|e| Outcome::problem("gpucost schema", Diagnostic::new(e)))
}

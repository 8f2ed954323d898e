//! gpucost prices GPU fleets described in TOML scenario files as exact ranges, part by
//! part, and judges the claims news articles made about them.
//!
//! The crate is thirteen layers, each a folder, each using only those before it in
//! this list (`tests/layers.rs` fails on an import that points up; ARCHITECTURE.md
//! has the map):
//!
//! 1. [`diagnostic`]: problems with their place in a file, did-you-mean suggestions.
//! 2. [`money`]: exact decimals, currencies, ranges, exchange rates, price indices, the
//!    figures as people write them.
//! 3. [`input`]: TOML values with their spans, typed; the inputs' names and units.
//! 4. [`catalog`]: GPU models, dated prices and rents, the defaults.
//! 5. [`scenario`]: a file read, resolved against the catalog, edited.
//! 6. [`model`]: fleets, jobs and owning priced, part by part.
//! 7. [`judge`]: claims against the ranges; a scenario evaluated ([`judge::report`]).
//! 8. [`show`]: the words a figure is shown in, for analyses and renderers alike.
//! 9. [`analysis`]: compare, solve, sensitivity, simulate.
//! 10. [`draft`]: a news article → a scenario file.
//! 11. [`render`]: tables, Markdown, JSON, CSV, HTML, SVG.
//! 12. [`files`]: reading and writing files safely (the I/O edge).
//! 13. [`commands`]: the command line, one module per command, and the terminal.
//!
//! The library is pure but for `files` and `commands::terminal`. Data flows one way:
//! text → [`scenario`] → resolved inputs (catalog, defaults, exchange rates) →
//! [`model`] → [`judge`] → [`render`].

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod catalog;
pub mod commands;
pub mod diagnostic;
pub mod draft;
pub mod files;
pub mod input;
pub mod judge;
pub mod model;
pub mod money;
pub mod render;
pub mod scenario;
pub mod show;

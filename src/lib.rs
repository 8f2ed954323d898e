//! gpucost prices GPU fleets described in TOML scenario files as exact ranges, part by
//! part, and judges the claims news articles made about them.
//!
//! The library is pure: it reads no files and prints nothing, but for the binary's
//! `run` (the terminal), `files` (reading and writing files) and `commands` (one
//! module per command, which calls them). Data flows one way: text → [`scenario`] →
//! resolved inputs (catalog, defaults, exchange rates) → [`model`] → [`claims`] →
//! [`render`].

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod catalog;
pub mod claims;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod diagnostic;
pub mod draft;
pub mod files;
pub mod input;
pub mod jobs;
pub mod manual;
pub mod model;
pub mod money;
pub mod overflow;
pub mod owning;
pub mod param;
pub mod render;
pub mod report;
pub mod run;
pub mod scenario;
pub mod schema;
pub mod sensitivity;
pub mod serve;
pub mod show;
pub mod simulate;
pub mod solve;
pub mod suggest;

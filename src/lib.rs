//! gpucost prices GPU fleets described in TOML scenario files as exact ranges, part by
//! part, and judges the claims news articles made about them.
//!
//! The library is pure: it reads no files and prints nothing, but for the binary's
//! `run` (the terminal), `files` (reading and writing files) and `commands` (one
//! module per command, which calls them). Data flows one way: text → [`scenario`] →
//! resolved inputs (catalog, defaults, exchange rates) → [`model`] → [`claims`] →
//! [`render`].

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

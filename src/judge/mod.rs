//! Judging: each claim against the priced range it speaks of ([`claims`]), the verdict
//! itself ([`verdict`]), the price or rate that would make it true ([`implied`]), a
//! fleet's own price against the catalog's market ([`market`]), and a whole scenario
//! evaluated, costs and verdicts together ([`report`]).
//!
//! Layer (ARCHITECTURE.md): uses `model`, `scenario`, `catalog`, `money` and
//! `diagnostic`; formats nothing.

pub mod claims;
pub mod implied;
pub mod market;
pub mod report;
pub mod verdict;

//! JUDGE

pub mod claims;
pub mod report;

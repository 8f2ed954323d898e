//! JUDGE

pub mod claims;
pub mod market;
pub mod report;
pub mod verdict;

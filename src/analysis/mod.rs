//! ANALYSIS

pub mod compare;
pub mod sensitivity;
pub mod simulate;
pub mod solve;

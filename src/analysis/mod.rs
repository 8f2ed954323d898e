//! What is computed from evaluated scenarios beyond their own figures: scenarios side
//! by side ([`compare`]), the input value that makes a claim hold ([`solve`]), each
//! input's swing on a total ([`sensitivity`]), and Monte Carlo draws of every figure
//! ([`simulate`]).
//!
//! Layer (ARCHITECTURE.md): uses `show`, `judge`, `model` and the layers below; prints
//! nothing and reads no file.

pub mod compare;
pub mod sensitivity;
pub mod simulate;
pub mod solve;

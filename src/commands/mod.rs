//! One module per command: each loads what its stages need, runs them in order and reports what
//! happened. The stages' work is in their own modules; nothing here is imported by them.

pub mod bench;
mod classifier;
mod learn;
pub mod report;
pub mod run;
pub mod suggest;

pub use learn::{eval, train};

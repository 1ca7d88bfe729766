//! `stance`: per-delegation stance tables from the records of diplomatic conferences.
//!
//! The pipeline, one module a stage (see ARCHITECTURE.md):
//! [`ingest`] → [`segment`] → [`attribute`] → [`embed`] → [`classify`] → [`aggregate`] → [`report`].
//! The data types that flow between the stages live in [`types`]; [`app`] wires the stages
//! together for each command.

pub mod aggregate;
pub mod app;
pub mod attribute;
pub mod axes;
pub mod bench;
pub mod classify;
pub mod cli;
pub mod config;
pub mod embed;
pub mod error;
pub mod evaluate;
pub mod ingest;
pub mod labels;
pub mod progress;
pub mod report;
pub mod resources;
pub mod segment;
pub mod suggest;
pub mod timing;
pub mod train;
pub mod types;

pub use error::{Error, Result};

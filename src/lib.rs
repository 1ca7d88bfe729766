//! `stance`: per-delegation stance tables from the records of diplomatic conferences.
//!
//! The pipeline, one module a stage (see ARCHITECTURE.md):
//! [`ingest`] → [`segment`] → [`attribute`] → [`scope`] → [`embed`] → [`classify`] →
//! [`aggregate`] → [`report`]. The data types that flow between the stages live in [`types`];
//! [`commands`] runs the stages in order for each command; [`output`] is the floor every
//! stage writes through.

pub mod aggregate;
pub mod attribute;
pub mod axes;
pub mod classify;
pub mod cli;
pub mod commands;
pub mod config;
pub mod embed;
pub mod error;
pub mod evaluate;
pub mod ingest;
pub mod labels;
pub mod output;
pub mod progress;
pub mod report;
pub mod resources;
pub mod scope;
pub mod segment;
pub mod timing;
pub mod train;
pub mod types;

pub use error::{Error, Result};

//! Stage 8, `stance report`'s parts: the tables it derives from a run's tables (`tables`), its
//! pictures (`chart`; `over_time` lays out the timelines and heatmaps) and its self-contained
//! page (`page`). The command that puts them
//! together is `commands::report`.
//!
//! Invariants: reads a run's tables only through [`crate::output::RunTables`]; draws with the
//! bundled font, and the page loads nothing from outside.

pub mod chart;
pub mod over_time;
pub mod page;
pub mod tables;

//! The integration tests, on the real records, model and CSVs: one test binary with a module
//! per subject, so the dependency graph (libtorch, polars, rust-bert) is linked once, not once
//! per file. Run one subject with a module filter, e.g. `cargo test --release --test
//! integration no_panic::`.

mod common;

mod attribution_beijing;
mod bad_input;
mod bench_cli;
mod cache_sharing;
mod coalitions;
mod encoder;
mod eval_cli;
mod layering;
mod manifest_speeches;
mod no_panic;
mod parquet_output;
mod pdf_records;
mod quality;
mod report_cli;
mod run_beijing;
mod train_suggest;
mod verbatim_records;

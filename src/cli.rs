//! Command-line flags, parsed in one place and turned into a plain [`crate::config`].

use crate::config::{EvalConfig, Resources, RunConfig};
use crate::embed::DEFAULT_BATCH_SIZE;
use crate::resources;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "stance",
    version,
    about = "Per-delegation stance tables from the records of diplomatic conferences",
    long_about = "Reads conference records (summary reports, cables, general-debate speeches), \
attributes their statements to delegations, classifies every sentence on the stance axes of \
models/axes.toml with the all-MiniLM-L6-v2 sentence encoder, and writes per-delegation stance \
tables as CSV."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest records, attribute, embed, classify and write the stance tables.
    #[command(after_help = "\
Examples:
  stance run data/records --manifest data/records/ungd-2009-2012/manifest.csv
  stance run data/records/2014-beijing-workshop --out out/beijing
  stance run --manifest speeches/manifest.csv --out out/speeches

Writes OUT/statements.csv (one row per sentence), OUT/stances.csv (one row per conference,
delegation and axis) and OUT/stances_wide.csv (one row per conference and delegation).
Inputs that cannot be read are named in a warning and skipped; the run goes on.")]
    Run(RunArgs),

    /// Time a full run stage by stage, with the embedding cache off.
    #[command(after_help = "\
Examples:
  stance bench data/records/2014-beijing-workshop
  stance bench data/records --manifest data/records/ungd-2009-2012/manifest.csv --threads 2

Prints the wall time of each stage, embedding throughput (sentences/s, tokens/s) and peak
memory, and writes them to OUT/bench.csv (with the run's tables beside it).")]
    Bench(BenchArgs),

    /// Score the classifier against annotated sentences (data/labels/*.csv).
    #[command(after_help = "\
Examples:
  stance eval --labels data/labels/*.csv
  stance eval --labels data/labels/beijing_report.csv --out out/eval-report

Prints, per axis, macro-F1 over left/right/none, the expected calibration error, and precision,
recall and F1 per label; writes OUT/eval_summary.csv, OUT/eval.csv and OUT/eval_confusion.csv.")]
    Eval(EvalArgs),
}

/// Which records to read.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Record files (.txt, .md) and folders to read. With --manifest alone, the files it lists.
    pub paths: Vec<PathBuf>,

    /// CSV with columns path,delegation,date,conference for one-speaker records (paths
    /// relative to the manifest's folder; other columns are ignored).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
}

/// The axes, the encoder, and how the encoder runs.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Axis configuration.
    #[arg(long, value_name = "FILE", default_value = resources::AXES)]
    pub axes: PathBuf,

    /// Sentence encoder directory (set up by `make setup`).
    #[arg(long, value_name = "DIR", default_value = resources::ENCODER)]
    pub model: PathBuf,

    /// Sentences per forward pass of the encoder.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BATCH_SIZE as u16, value_parser = clap::value_parser!(u16).range(1..))]
    pub batch_size: u16,

    /// Threads for the encoder [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Directory for the output CSVs (created if needed).
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Where to cache sentence embeddings [default: $XDG_CACHE_HOME/stance or ~/.cache/stance].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,

    /// Embed every sentence afresh, reading and writing no cache.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Directory for bench.csv and the run's tables (created if needed).
    #[arg(long, value_name = "DIR", default_value = "out/bench")]
    pub out: PathBuf,

    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Annotation CSVs (conference,doc,delegation,sentence,axis,label).
    #[arg(long, value_name = "FILE", required = true, num_args = 1..)]
    pub labels: Vec<PathBuf>,

    /// Directory for the evaluation CSVs (created if needed).
    #[arg(long, value_name = "DIR", default_value = "out/eval")]
    pub out: PathBuf,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Embed every sentence afresh, reading and writing no cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl EvalArgs {
    pub fn into_config(self) -> EvalConfig {
        let cache_dir = (!self.no_cache).then(resources::default_cache_dir);
        let input = InputArgs {
            paths: Vec::new(),
            manifest: None,
        };
        EvalConfig {
            labels: self.labels,
            run: self.model.config(input, self.out, cache_dir),
        }
    }
}

impl BenchArgs {
    pub fn into_config(self) -> RunConfig {
        self.model.config(self.input, self.out, None)
    }
}

impl RunArgs {
    pub fn into_config(self) -> RunConfig {
        let cache_dir = if self.no_cache {
            None
        } else {
            Some(self.cache_dir.unwrap_or_else(resources::default_cache_dir))
        };
        self.model.config(self.input, self.out, cache_dir)
    }
}

impl ModelArgs {
    fn config(self, input: InputArgs, out_dir: PathBuf, cache_dir: Option<PathBuf>) -> RunConfig {
        let shipped = Resources::default();
        // A path left at its default is looked up like the other shipped files.
        let resolve = |given: PathBuf, default: &str, shipped: PathBuf| {
            if given == std::path::Path::new(default) {
                shipped
            } else {
                given
            }
        };
        let resources = Resources {
            axes: resolve(self.axes, resources::AXES, shipped.axes.clone()),
            model_dir: resolve(self.model, resources::ENCODER, shipped.model_dir.clone()),
            ..shipped
        };
        RunConfig {
            inputs: input.paths,
            manifest: input.manifest,
            out_dir,
            resources,
            cache_dir,
            batch_size: usize::from(self.batch_size),
            threads: self.threads.map(usize::from),
        }
    }
}

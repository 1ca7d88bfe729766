//! Command-line flags, parsed in one place and turned into a plain [`crate::config`].

use crate::config::{
    ClassifierChoice, EncoderSettings, DEFAULT_BATCH_SIZE, EvalConfig, LabelFiles, LearnConfig, ReportConfig, Resources, RunConfig, Selection,
    SuggestConfig, TrainConfig, TrainSettings,
};
use crate::output::TableFormat;
use crate::resources::{self, locate};
use crate::train::DEFAULT_L2;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The most encoder threads `--threads` takes: far more than cores only slows a run (1,000 took
/// twenty times as long as 2 on two cores, 65,535 seemed to hang).
const MAX_THREADS: i64 = 256;

#[derive(Debug, Parser)]
#[command(
    name = "stance",
    version,
    about = "Per-delegation stance tables from the records of diplomatic conferences",
    long_about = "Reads conference records (summary reports, cables, general-debate speeches), \
attributes their statements to delegations, classifies the sentences that can count (those on \
the axes' subject, the scope of models/axes.toml) on the stance axes with the all-MiniLM-L6-v2 \
sentence encoder, and writes per-delegation stance tables (CSV or Parquet) and their pictures."
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

Writes OUT/statements.csv (one row per sentence, with in_scope), OUT/stances.csv (one row per
conference, delegation and axis, with its evidence sentence and that sentence's probability),
OUT/stances_wide.csv (one row per conference and delegation), with --group-by
OUT/stances_by_COLUMN.csv (with --format parquet, each table as .parquet instead), and
OUT/run.json (the version, inputs, the member lists --propagate-coalitions read, encoder, axes,
heads sha256, cell rule and counts the tables were made with, the heads' held-out figures per
genre and pole, the inputs skipped or warned
about, and the tables written). A run into the folder of an earlier run (its run.json there)
replaces it: the earlier run's tables and its report that this run does not write again are
removed (and named); other files are kept. The
summary names the poles whose held-out stances the heads found less than half the time, and
those whose held-out stated cells were right less than half the time. Only the sentences in
scope are embedded and classified (--all-sentences: every one; the stance tables are the same).
They are classified by the trained heads in models/heads, with the cell rule stored there, when
it holds them (see `stance train`), else zero-shot; the summary says which, and by which rule.
Inputs that cannot be used (empty, binary, unreadable) are named in a warning and skipped; the
run goes on. A PATH that does not exist is an error.")]
    Run(RunArgs),

    /// Time a full run stage by stage, with the embedding cache off.
    #[command(after_help = "\
Examples:
  stance bench data/records/2014-beijing-workshop
  stance bench data/records --manifest data/records/ungd-2009-2012/manifest.csv --threads 2

Prints the wall time, throughput (MiB of records/s) and peak memory of each stage, embedding
throughput (sentences/s, tokens/s), the encoder's arithmetic rate (GFLOP/s in its weight
matrices) against libtorch's fp32 matmul rate on this machine (the ceiling), and the overall
peak memory, and writes them to OUT/bench.csv (with the run's tables beside it).")]
    Bench(BenchArgs),

    /// Fit the per-axis heads that `stance run` uses, on annotated sentences.
    #[command(after_help = "\
Examples:
  stance train --labels data/labels/*.csv --also-train data/labels/authored/*.csv
  stance train --labels my-labels.csv --out my-heads   (then: stance run ... --heads my-heads)

A head per axis: a logistic regression on a sentence's embedding (the encoder's last and first
layers, mean-pooled) and the TF-IDF of its words and word pairs, each sentence weighted by its class and by its record's genre
(data/genres.toml, training_weights: speeches 3). Cross-validates first (grouped by record,
scored on --labels only) and chooses there the cell rule (how sure a sentence must be to count,
how many make a stance; a score within 1/3 of 0 is mixed, as in the annotations' truth) that
states the fewest wrong held-out cells among those within 0.01 of the best cell macro-F1; then
fits on
everything and writes OUT/heads.json: the weights, the TF-IDF vocabulary, the cell rule, the
encoder's sha256, the label counts, a hash of the training data and the cross-validated
figures (sentences, cells, and cells per genre and pole: how many of each pole's held-out
stances were found, and how many of the cells stated on it were right).")]
    Train(TrainArgs),

    /// Score trained heads, heads on the embedding alone, a TF-IDF baseline and zero-shot on
    /// annotated sentences, side by side.
    #[command(after_help = "\
Examples:
  stance eval --labels data/labels/*.csv --also-train data/labels/authored/*.csv
  stance eval --labels data/labels/ungd_*.csv --train-on data/labels/beijing_*.csv
  stance eval --labels data/labels/*.csv --also-train data/labels/authored/*.csv --fold-seed 2

Without --train-on: K-fold cross-validation grouped by record (a record's sentences are never
on both sides, nor are two records that share a sentence, nor one delegation's records at one
conference; each fold's cell rule is chosen on the other folds; a record's fold is drawn from a
hash of its name, so it keeps its fold when other records are annotated, unless one joins its
group; --fold-seed draws another split). With --train-on: trains on those files and scores on
--labels. Prints, per classifier and genre, the cell figures (agreement on the cells where a
record takes a side, not_addressed on the axes it leaves alone and on records that address none,
cell macro-F1), then how many of the stated cells are right, in all and by the probability of
their evidence sentence, then per axis the sentence macro-F1 and the expected calibration error,
then precision, recall and F1 per label of the trained heads; writes OUT/eval_cells.csv,
eval_cell_labels.csv, eval_stated.csv, eval_rules.csv, eval_poles.csv, eval_summary.csv,
eval.csv, eval_confusion.csv and eval_sentences.csv (every annotated sentence beside the trained
heads' held-out answer); and, when in-scope sentences of annotated records lack an annotation
(their records are left out of the cell figures), eval_unannotated.csv, listing them with their
labels left empty to be filled in by reading, then moved out of OUT (to data/labels/, under a name
of its own) and passed with --labels: an annotation file inside OUT is refused. With --learning-curve: OUT/learning_curve.csv,
.svg and .png instead.")]
    Eval(EvalArgs),

    /// List sentences of a run worth annotating next, labels pre-filled: the likeliest of each
    /// pole in turn, or (--select margin) the least certain.
    #[command(after_help = "\
Examples:
  stance suggest --from out/new --exclude data/labels/*.csv --out data/labels/batch-1.csv
  stance suggest --from out/new-records --out data/labels/new-batch.csv

Chooses among the sentences the run classified, by default pole by pole: each pole of each
axis in turn gets the sentence the classifier thinks likeliest to take it, so the rare poles
are looked for as often as the common ones; --select margin takes the smallest margins between
the two most probable labels first. (In the simulation of `stance eval --learning-curve` both
find stances sooner than random choice, and neither gains much cell macro-F1 over it.) Writes
N sentences in the labels CSV format, the predicted labels filled in: correct them, then pass
the file to `stance train --labels`.")]
    Suggest(SuggestArgs),

    /// Draw a run's stances: stance map, a plot per axis, timelines and heatmaps over time, one
    /// HTML page.
    #[command(after_help = "\
Examples:
  stance report --from out
  stance report --from out --x legal_order --y information --conference \"UNGA 66 general debate\"

Writes into FROM: stance_map.svg and .png (delegations on --x and --y, with 90% intervals),
axis_<name>.svg (delegations sorted by score), for runs over dated conferences
timeline_<axis>.svg (--delegations, or the most active, scored year by year with intervals),
heatmap_<axis>.svg (delegation x conference labels), drift.csv (scores per dated conference;
a change larger than both intervals is flagged; no rows without dated conferences), and
report.html (one self-contained page with the pictures, the wide table and the evidence
sentences). The map and axis plots show one conference: --conference, else the one with the
most delegations on the map (then on either axis). An earlier report's pictures that this one
does not draw again are removed.")]
    Report(ReportArgs),
}

/// Which records to read.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Record files (.txt, .md, .pdf) and folders to read (other documents in a folder, .docx or
    /// .html, are named in a warning and skipped). With --manifest alone, the files it lists.
    pub paths: Vec<PathBuf>,

    /// CSV with columns path,delegation,date,conference for a delegation's own records, speeches
    /// and position papers (paths relative to the manifest's folder; other columns are carried
    /// into statements.csv, for --group-by); a joint statement has a row per signatory. A record
    /// without a row is read as reported speech; one that then belongs mostly to no delegation is
    /// named in a warning. Without --manifest, a
    /// single folder or file given is read with the nearest manifest.csv in or above it that
    /// lists its records; one found and not read is named in a warning.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,

    /// Also credit a statement made for a group ("on behalf of the European Union") to each
    /// state that was a member on the record's date, from the member lists in FILE [default:
    /// data/coalitions.toml]. The group keeps its own statement; copies keep the speaker.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true)]
    pub propagate_coalitions: Option<Option<PathBuf>>,
}

/// The axis configuration.
#[derive(Debug, Args)]
pub struct AxesArgs {
    /// Axis configuration [default: models/axes.toml].
    #[arg(long, value_name = "FILE")]
    pub axes: Option<PathBuf>,
}

/// The encoder and how it runs.
#[derive(Debug, Args)]
pub struct EncoderArgs {
    /// Sentence encoder directory (set up by `make setup`) [default: models/encoder].
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,

    /// Sentences per forward pass of the encoder.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BATCH_SIZE as u16, value_parser = clap::value_parser!(u16).range(1..))]
    pub batch_size: u16,

    /// Threads for the encoder, 1 to 256 [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    pub threads: Option<u16>,
}

/// Where embeddings are cached.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// Where to cache sentence embeddings [default: $XDG_CACHE_HOME/stance or ~/.cache/stance].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,

    /// Embed every sentence afresh, reading and writing no cache.
    #[arg(long)]
    pub no_cache: bool,
}

/// Which classifier `run` and `bench` use.
#[derive(Debug, Args)]
pub struct ClassifierArgs {
    /// Directory of trained heads (from `stance train`) [default: models/heads, or zero-shot
    /// when it holds no heads.json]. A directory given here must hold heads.json.
    #[arg(long, value_name = "DIR")]
    pub heads: Option<PathBuf>,

    /// Classify zero-shot from the axis examples, ignoring any trained heads.
    #[arg(long, conflicts_with = "heads")]
    pub zero_shot: bool,
}

/// The annotations to learn from.
#[derive(Debug, Args)]
pub struct LabelArgs {
    /// Annotation CSVs (conference,doc,delegation,sentence,axis,label) of real records: trained
    /// on, and scored by document-grouped cross-validation.
    #[arg(long, value_name = "FILE", required = true, num_args = 1..)]
    pub labels: Vec<PathBuf>,

    /// Annotation CSVs used for training in every fold but never scored (e.g. authored examples).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub also_train: Vec<PathBuf>,

    /// The folders the annotations' doc paths start from (what `stance run` was given), looked
    /// up in order [default: data/records ../shared/records]; each given must be a folder. A
    /// record's delegation comes from the nearest manifest.csv in its folder or above, up to the
    /// root. An annotation of --labels (or eval's --train-on) whose sentence is not in its doc is
    /// named and left out.
    #[arg(long, value_name = "DIR", num_args = 1.., value_parser = parse_folder)]
    pub records: Vec<PathBuf>,

    /// Cross-validation folds.
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..))]
    pub folds: u16,

    /// L2 penalty of the heads' logistic regression (a finite number >= 0).
    #[arg(long, value_name = "ALPHA", default_value_t = DEFAULT_L2, value_parser = parse_penalty)]
    pub l2: f64,
}

/// What `run` and `bench` run: the records, the axes, the encoder and the classifier.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub axes: AxesArgs,

    #[command(flatten)]
    pub encoder: EncoderArgs,

    #[command(flatten)]
    pub classifier: ClassifierArgs,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub pipeline: PipelineArgs,

    /// Directory for the output tables (created if needed).
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,

    /// Format of the output tables: csv, or parquet for large runs (typed, compressed; `stance
    /// report` and `stance suggest` read either).
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,

    /// Embed and classify every sentence, not only those in scope (the stance tables are the
    /// same; statements.csv then has probabilities for every sentence).
    #[arg(long)]
    pub all_sentences: bool,

    /// Also write OUT/stances_by_COLUMN.csv (.parquet with --format parquet): the stance table
    /// by a column of the manifest read (--manifest, or the nearest one found; e.g. `sector`:
    /// governments against civil society) instead of by delegation, with the same scores,
    /// intervals and evidence. A column whose name holds / or \ cannot name the file: refused.
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,

    #[command(flatten)]
    pub cache: CacheArgs,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub pipeline: PipelineArgs,

    /// Directory for bench.csv and the run's tables (created if needed).
    #[arg(long, value_name = "DIR", default_value = "out/bench")]
    pub out: PathBuf,

    /// Embed and classify every sentence, not only those in scope (what `make bench-compare`
    /// times against Python, which embeds them all).
    #[arg(long)]
    pub all_sentences: bool,
}

/// What `train` and `eval` learn from and with.
#[derive(Debug, Args)]
pub struct LearnArgs {
    #[command(flatten)]
    pub labels: LabelArgs,

    #[command(flatten)]
    pub axes: AxesArgs,

    #[command(flatten)]
    pub encoder: EncoderArgs,

    #[command(flatten)]
    pub cache: CacheArgs,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub learn: LearnArgs,

    /// Directory to write heads.json to (created if needed).
    #[arg(long, value_name = "DIR", default_value = resources::HEADS)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub learn: LearnArgs,

    /// Train on these annotation CSVs (and --also-train) and score on --labels, instead of
    /// cross-validating. A sentence also in --labels is scored, not trained on (a note counts
    /// them).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub train_on: Vec<PathBuf>,

    /// Directory for the evaluation CSVs (created if needed).
    #[arg(long, value_name = "DIR", default_value = "out/eval")]
    pub out: PathBuf,

    /// Instead: simulate STEPS rounds (1 or more; fewer, with a note, where the annotated pool
    /// is used up) of annotation on the annotated pool (50 sentences a round,
    /// after 100 at random), chosen by `stance suggest`'s two selections (pole by pole, and
    /// uncertainty sampling) and at random; writes OUT/learning_curve.csv, .svg and .png (cell
    /// macro-F1 on held-out records).
    #[arg(long, value_name = "STEPS", conflicts_with = "train_on", value_parser = clap::value_parser!(u32).range(1..))]
    pub learning_curve: Option<u32>,

    /// Deal the records into folds by a hash of SEED and each record's name (0, the default, is
    /// the split `stance train` uses; a record keeps its fold when others are annotated, unless
    /// one shares a sentence or a delegation with it). Rerun with a few seeds to see how much the
    /// figures depend on the split. Not with --train-on, which has no folds.
    #[arg(long, value_name = "SEED", default_value_t = 0, conflicts_with = "train_on")]
    pub fold_seed: u64,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The output folder of a `stance run` (its statement table is read).
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub from: PathBuf,

    /// How many sentences to suggest.
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub n: u32,

    /// How to choose them: poles (each axis's pole in turn, its likeliest sentence) or margin
    /// (the least certain first).
    #[arg(long, value_enum, default_value_t = Selection::Poles)]
    pub select: Selection,

    /// The labels CSV to write, a new file: an existing one (it may hold corrected labels) is
    /// refused, not replaced [default: FROM/suggest.csv].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Annotation CSVs whose sentences are already labelled and not suggested again.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub exclude: Vec<PathBuf>,

    /// The axis configuration the run used.
    #[command(flatten)]
    pub axes: AxesArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The output folder of a `stance run`; the report is written into it.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub from: PathBuf,

    /// The stance map's horizontal axis [default: the axis configuration's first, governance]
    #[arg(long, value_name = "AXIS")]
    pub x: Option<String>,

    /// The stance map's vertical axis [default: the axis configuration's second, un_role]
    #[arg(long, value_name = "AXIS")]
    pub y: Option<String>,

    /// The conference the stance map and axis plots show.
    #[arg(long, value_name = "NAME")]
    pub conference: Option<String>,

    /// The delegations the timelines follow, at most 8, comma-separated and spelt as in the
    /// run's stances.csv ("Russian Federation,United States,China"; a name that holds a comma
    /// is read whole, "ISOC, Yemen") [default: the most active ones, at most 8].
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub delegations: Vec<String>,

    /// The axis configuration the run used.
    #[command(flatten)]
    pub axes: AxesArgs,
}

/// A path flag: the path given, or else the shipped file (see [`resources::locate`]).
fn given_or_shipped(given: Option<PathBuf>, shipped: &str) -> PathBuf {
    given.unwrap_or_else(|| locate(shipped))
}

impl AxesArgs {
    fn path(self) -> PathBuf {
        given_or_shipped(self.axes, resources::AXES)
    }
}

impl InputArgs {
    /// The project files a run over these records reads, with the axes given.
    fn resources(&self, axes: AxesArgs) -> Resources {
        Resources {
            axes: axes.path(),
            coalitions: self
                .propagate_coalitions
                .clone()
                .map(|file| given_or_shipped(file, resources::COALITIONS)),
            ..Resources::default()
        }
    }
}

impl EncoderArgs {
    fn settings(self, cache_dir: Option<PathBuf>) -> EncoderSettings {
        EncoderSettings {
            model_dir: given_or_shipped(self.model, resources::ENCODER),
            batch_size: usize::from(self.batch_size),
            threads: self.threads.map(usize::from),
            cache_dir,
        }
    }
}

impl CacheArgs {
    fn dir(self) -> Option<PathBuf> {
        (!self.no_cache).then(|| self.cache_dir.unwrap_or_else(resources::default_cache_dir))
    }
}

impl ClassifierArgs {
    fn choice(self) -> ClassifierChoice {
        match (self.zero_shot, self.heads) {
            (true, _) => ClassifierChoice::ZeroShot,
            (false, Some(dir)) => ClassifierChoice::Heads(dir),
            (false, None) => ClassifierChoice::Shipped(locate(resources::HEADS)),
        }
    }
}

impl LabelArgs {
    fn split(self) -> (LabelFiles, TrainSettings) {
        (
            LabelFiles {
                scored: self.labels,
                also_train: self.also_train,
                records: if self.records.is_empty() {
                    vec![locate(resources::RECORDS), locate(resources::SHARED_RECORDS)]
                } else {
                    self.records
                },
            },
            TrainSettings {
                folds: usize::from(self.folds),
                l2: self.l2,
            },
        )
    }
}

impl PipelineArgs {
    fn config(self, out_dir: PathBuf, cache_dir: Option<PathBuf>) -> RunConfig {
        RunConfig {
            resources: self.input.resources(self.axes),
            inputs: self.input.paths,
            manifest: self.input.manifest,
            out_dir,
            encoder: self.encoder.settings(cache_dir),
            classifier: self.classifier.choice(),
            all_sentences: false,
            group_by: None,
            format: TableFormat::Csv,
        }
    }
}

impl RunArgs {
    pub fn into_config(self) -> RunConfig {
        RunConfig {
            all_sentences: self.all_sentences,
            group_by: self.group_by,
            format: self.format,
            ..self.pipeline.config(self.out, self.cache.dir())
        }
    }
}

impl BenchArgs {
    /// A run with the cache off: every sentence in scope (or every sentence) is embedded, so
    /// the times are the model's.
    pub fn into_config(self) -> RunConfig {
        RunConfig {
            all_sentences: self.all_sentences,
            ..self.pipeline.config(self.out, None)
        }
    }
}

impl LearnArgs {
    fn config(self, out_dir: PathBuf) -> LearnConfig {
        let (labels, settings) = self.labels.split();
        LearnConfig {
            labels,
            settings,
            resources: Resources {
                axes: self.axes.path(),
                ..Resources::default()
            },
            encoder: self.encoder.settings(self.cache.dir()),
            out_dir,
        }
    }
}

impl TrainArgs {
    pub fn into_config(self) -> TrainConfig {
        self.learn.config(self.out)
    }
}

impl EvalArgs {
    pub fn into_config(self) -> EvalConfig {
        EvalConfig {
            learn: self.learn.config(self.out),
            train_on: self.train_on,
            learning_curve: self.learning_curve.map(|steps| steps as usize),
            fold_seed: self.fold_seed,
        }
    }
}

impl SuggestArgs {
    pub fn into_config(self) -> SuggestConfig {
        SuggestConfig {
            out: self.out,
            from: self.from,
            n: self.n as usize,
            select: self.select,
            exclude: self.exclude,
            axes: self.axes.path(),
        }
    }
}

impl ReportArgs {
    pub fn into_config(self) -> ReportConfig {
        ReportConfig {
            axes: self.axes.path(),
            from: self.from,
            x: self.x,
            y: self.y,
            conference: self.conference,
            delegations: self.delegations.into_iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect(),
        }
    }
}

/// A folder given on the command line that must exist: a mistyped --records left out every
/// annotation of the records under it, a warning per sentence, and the run went on.
fn parse_folder(value: &str) -> std::result::Result<PathBuf, String> {
    let path = PathBuf::from(value);
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => Ok(path),
        Ok(_) => Err(format!("{value} is a file, not a folder")),
        Err(e) => Err(format!("{value}: {e} (a folder the annotations' doc paths start from)")),
    }
}

/// An L2 penalty: NaN, an infinity or a negative number would leave the heads' fit spinning.
fn parse_penalty(value: &str) -> std::result::Result<f64, String> {
    match value.parse::<f64>() {
        Ok(penalty) if penalty.is_finite() && penalty >= 0.0 => Ok(penalty),
        _ => Err(format!("{value:?} is not a finite number >= 0 (the default is {DEFAULT_L2})")),
    }
}

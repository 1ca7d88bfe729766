//! The plain configuration each command runs with: every path resolved, every default applied.
//! `cli` builds it from flags; tests build it directly.

pub use crate::embed::{EncoderSettings, DEFAULT_BATCH_SIZE};
use crate::output::TableFormat;
pub use crate::resources::Resources;
use std::path::PathBuf;

/// `stance run` (and `stance bench`, which runs it with the cache off).
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// Record files and folders.
    pub inputs: Vec<PathBuf>,
    pub manifest: Option<PathBuf>,
    pub out_dir: PathBuf,
    pub resources: Resources,
    pub encoder: EncoderSettings,
    pub classifier: ClassifierChoice,
    /// Classify every sentence, not only those in scope (the stance tables are the same; the
    /// statement table then has probabilities everywhere).
    pub all_sentences: bool,
    /// Also write the stance table by this manifest column (e.g. `sector`) instead of by
    /// delegation.
    pub group_by: Option<String>,
    /// The format of the output tables.
    pub format: TableFormat,
}

/// Which classifier scores the sentences.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassifierChoice {
    /// The shipped heads in this directory if it holds any, zero-shot otherwise.
    Shipped(PathBuf),
    /// The trained heads in this directory, as the user named it; their absence is an error.
    Heads(PathBuf),
    /// Zero-shot from the axis examples, even where trained heads exist.
    ZeroShot,
}

/// The annotations a training or evaluation learns from and is scored on.
#[derive(Debug, Clone)]
pub struct LabelFiles {
    /// Annotations of real records: cross-validated (grouped by document) and scored.
    pub scored: Vec<PathBuf>,
    /// Annotations used for training in every fold but never scored (e.g. authored examples).
    /// They need not come from a record.
    pub also_train: Vec<PathBuf>,
    /// The folders the `doc` paths of real records' annotations start from; a doc is looked
    /// up in each, in order.
    pub records: Vec<PathBuf>,
}

/// How the heads are fitted and cross-validated.
#[derive(Debug, Clone, Copy)]
pub struct TrainSettings {
    /// Cross-validation folds (documents are never split between folds).
    pub folds: usize,
    /// L2 penalty of the logistic regression.
    pub l2: f64,
}

/// What learning from annotations needs (`stance train`, `stance eval`): the annotations, the
/// records they point into, the encoder, and where the results go.
#[derive(Debug, Clone)]
pub struct LearnConfig {
    pub labels: LabelFiles,
    pub settings: TrainSettings,
    pub resources: Resources,
    pub encoder: EncoderSettings,
    /// `stance train`: where heads.json is written; `stance eval`: the evaluation tables.
    pub out_dir: PathBuf,
}

/// `stance train`.
pub type TrainConfig = LearnConfig;

/// `stance eval`.
#[derive(Debug, Clone)]
pub struct EvalConfig {
    pub learn: LearnConfig,
    /// Train on these (and `labels.also_train`) and score on `labels.scored`, instead of
    /// cross-validating: e.g. train on one genre, test on another.
    pub train_on: Vec<PathBuf>,
    /// Instead of the evaluation, simulate this many steps of annotation chosen by `stance
    /// suggest`'s selections against random choice, and draw the learning curves.
    pub learning_curve: Option<usize>,
    /// Which split of the records into folds (0: the one `stance train` uses; another value
    /// draws another, to see how much the figures depend on the split).
    pub fold_seed: u64,
}

/// How `stance suggest` chooses what to annotate next (`stance eval --learning-curve` measures
/// both against random choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Selection {
    /// Each (axis, pole) in turn gets the sentence the classifier thinks likeliest to take it,
    /// so the rare poles are looked for as often as the common ones.
    #[default]
    Poles,
    /// The smallest margin between a sentence's two most probable labels on any axis first
    /// (uncertainty sampling).
    Margin,
}

/// `stance suggest`.
#[derive(Debug, Clone)]
pub struct SuggestConfig {
    /// The output folder of a `stance run` (its statement table is read).
    pub from: PathBuf,
    /// How many sentences to suggest.
    pub n: usize,
    /// How they are chosen.
    pub select: Selection,
    /// The labels CSV to write; `None`: `suggest.csv` in `from`.
    pub out: Option<PathBuf>,
    /// Annotation files whose sentences are not suggested again.
    pub exclude: Vec<PathBuf>,
    pub axes: PathBuf,
}

/// `stance report`: reads a run's tables in `from` and writes the pictures, `drift.csv` and
/// `report.html` beside them.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub from: PathBuf,
    /// The stance map's horizontal and vertical axes; `None`: the axis configuration's first
    /// and second.
    pub x: Option<String>,
    pub y: Option<String>,
    /// The conference of the stance map and axis plots; `None`: the one with the most
    /// delegations on the map.
    pub conference: Option<String>,
    /// The delegations the timelines follow; empty: the most active ones.
    pub delegations: Vec<String>,
    pub axes: PathBuf,
}

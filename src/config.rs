//! The plain configuration each command runs with: every path resolved, every default applied.
//! `cli` builds it from flags; tests build it directly.

use crate::embed::DEFAULT_BATCH_SIZE;
use crate::resources;
use crate::report::TableFormat;
use std::path::PathBuf;

/// The project files a run reads besides the records.
#[derive(Debug, Clone)]
pub struct Resources {
    pub axes: PathBuf,
    pub model_dir: PathBuf,
    pub gazetteer: PathBuf,
    pub attribution: PathBuf,
    pub segmentation: PathBuf,
    /// The coalition member lists to propagate group statements with (`data/coalitions.toml`);
    /// `None`: a group's statements stay the group's.
    pub coalitions: Option<PathBuf>,
}

impl Default for Resources {
    /// The files that ship with the project.
    fn default() -> Self {
        Resources {
            axes: resources::locate(resources::AXES),
            model_dir: resources::locate(resources::ENCODER),
            gazetteer: resources::locate(resources::GAZETTEER),
            attribution: resources::locate(resources::ATTRIBUTION),
            segmentation: resources::locate(resources::SEGMENTATION),
            coalitions: None,
        }
    }
}

/// `stance run`.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// Record files and folders.
    pub inputs: Vec<PathBuf>,
    pub manifest: Option<PathBuf>,
    pub out_dir: PathBuf,
    pub resources: Resources,
    /// Where embeddings are cached; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    pub batch_size: usize,
    /// Threads for the encoder's matrix arithmetic; `None` leaves libtorch's default (all cores).
    pub threads: Option<usize>,
    pub classifier: ClassifierChoice,
    /// The format of the output tables.
    pub format: TableFormat,
}

/// Which classifier scores the sentences.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassifierChoice {
    /// The trained heads in this directory if it holds any, zero-shot otherwise.
    Auto(PathBuf),
    /// The trained heads in this directory; their absence is an error.
    Heads(PathBuf),
    /// Zero-shot from the axis examples, even where trained heads exist.
    ZeroShot,
}

impl RunConfig {
    /// A run over `inputs` with every default: outputs in `out/`, the shared cache.
    pub fn new(inputs: Vec<PathBuf>) -> Self {
        RunConfig {
            inputs,
            manifest: None,
            out_dir: PathBuf::from("out"),
            resources: Resources::default(),
            cache_dir: Some(resources::default_cache_dir()),
            batch_size: DEFAULT_BATCH_SIZE,
            threads: None,
            classifier: ClassifierChoice::Auto(resources::locate(resources::HEADS)),
            format: TableFormat::Csv,
        }
    }
}

/// The annotations a training or evaluation learns from and is scored on.
#[derive(Debug, Clone)]
pub struct LabelFiles {
    /// Annotations of real records: cross-validated (grouped by document) and scored.
    pub scored: Vec<PathBuf>,
    /// Annotations used for training in every fold but never scored (e.g. authored examples).
    /// They need not come from a record.
    pub also_train: Vec<PathBuf>,
    /// The folder the `doc` paths of real records' annotations start from.
    pub records: PathBuf,
}

/// How the heads are fitted and cross-validated.
#[derive(Debug, Clone, Copy)]
pub struct TrainSettings {
    /// Cross-validation folds (documents are never split between folds).
    pub folds: usize,
    /// L2 penalty of the logistic regression.
    pub l2: f64,
}

/// `stance eval`: the run settings (encoder, axes, cache, output folder) and the annotations.
#[derive(Debug, Clone)]
pub struct EvalConfig {
    pub labels: LabelFiles,
    /// Train on these (and `labels.also_train`) and score on `labels.scored`, instead of
    /// cross-validating: e.g. train on one genre, test on another.
    pub train_on: Vec<PathBuf>,
    pub settings: TrainSettings,
    pub run: RunConfig,
}

/// `stance train`: the heads are written to `run.out_dir`.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub labels: LabelFiles,
    pub settings: TrainSettings,
    pub run: RunConfig,
}

/// `stance suggest`.
#[derive(Debug, Clone)]
pub struct SuggestConfig {
    /// The output folder of a `stance run` (its statements.csv is read).
    pub from: PathBuf,
    /// How many sentences to suggest.
    pub n: usize,
    /// The labels CSV to write.
    pub out: PathBuf,
    /// Annotation files whose sentences are not suggested again.
    pub exclude: Vec<PathBuf>,
    pub axes: PathBuf,
}

/// `stance report`: reads a run's tables in `from` and writes the pictures, `drift.csv` and
/// `report.html` beside them.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub from: PathBuf,
    /// The stance map's horizontal and vertical axes.
    pub x: String,
    pub y: String,
    /// The conference of the stance map and axis plots; `None`: the one with the most
    /// delegations on the map.
    pub conference: Option<String>,
    pub axes: PathBuf,
}

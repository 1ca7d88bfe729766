//! The plain configuration each command runs with: every path resolved, every default applied.
//! `cli` builds it from flags; tests build it directly.

use crate::embed::DEFAULT_BATCH_SIZE;
use crate::resources;
use std::path::PathBuf;

/// The project files a run reads besides the records.
#[derive(Debug, Clone)]
pub struct Resources {
    pub axes: PathBuf,
    pub model_dir: PathBuf,
    pub gazetteer: PathBuf,
    pub attribution: PathBuf,
    pub segmentation: PathBuf,
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
        }
    }
}

/// `stance eval`: the run settings (encoder, axes, cache, output folder) and the annotations.
#[derive(Debug, Clone)]
pub struct EvalConfig {
    pub labels: Vec<PathBuf>,
    pub run: RunConfig,
}

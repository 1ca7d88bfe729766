//! Where the files that ship with the project live (the axis config, the gazetteer, the
//! encoder), so that `stance` finds them whether it runs from the repository root or elsewhere.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The repository this binary was built from.
const REPO_ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Resolves a project-relative path such as `models/axes.toml`: the copy under the current
/// directory if there is one, else the one in the repository the binary was built from.
/// The path is returned even if neither exists; the loader reports the missing file.
pub fn locate(relative: &str) -> PathBuf {
    let here = Path::new(relative);
    if here.exists() {
        return here.to_path_buf();
    }
    Path::new(REPO_ROOT).join(relative)
}

pub const AXES: &str = "models/axes.toml";
pub const ENCODER: &str = "models/encoder";
pub const HEADS: &str = "models/heads";
pub const GAZETTEER: &str = "data/gazetteer.toml";
pub const ATTRIBUTION: &str = "data/attribution.toml";
pub const SEGMENTATION: &str = "data/segmentation.toml";
pub const COALITIONS: &str = "data/coalitions.toml";
pub const GENRES: &str = "data/genres.toml";
/// The bundled records, which the bundled annotations point into.
pub const RECORDS: &str = "data/records";
/// The shared collection the project reads but does not copy (`../shared/records` beside the
/// repository): the larger corpora, which most annotations point into.
pub const SHARED_RECORDS: &str = "../shared/records";

/// The project files a run reads besides the records and the encoder.
#[derive(Debug, Clone)]
pub struct Resources {
    pub axes: PathBuf,
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
            axes: locate(AXES),
            gazetteer: locate(GAZETTEER),
            attribution: locate(ATTRIBUTION),
            segmentation: locate(SEGMENTATION),
            coalitions: None,
        }
    }
}

/// The default embedding cache: `$XDG_CACHE_HOME/stance`, else `~/.cache/stance`, else
/// `.stance-cache` in the current directory.
pub fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("stance");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(home).join(".cache").join("stance");
    }
    PathBuf::from(".stance-cache")
}

/// The text of a configuration file (axes, gazetteer, lexicon, rules).
pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Parses a configuration file's TOML; an error names the file and line and says what is
/// wrong, in one line (toml's own message draws the line with a caret over several).
pub fn parse_toml<T: DeserializeOwned>(text: &str, path: &Path, what: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let before = e.span().and_then(|span| text.get(..span.start));
        let line = before.map(|before| before.matches('\n').count() as u64 + 1);
        let message = e.message().trim().replace('\n', "; ");
        Error::bad_input(path, line, format!("invalid {what}: {message}"))
    })
}

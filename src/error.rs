//! One error type for the whole crate. Every variant names the file (or flag) at fault and,
//! where there is one, the fix; `main` prints it once and exits non-zero.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}{}", fix_for(.source.kind()))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A user-supplied file (manifest, axes, gazetteer, labels) that cannot be used as it is.
    #[error("{path}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    BadInput {
        path: PathBuf,
        line: Option<u64>,
        message: String,
    },

    /// The encoder directory is absent or incomplete.
    #[error(
        "the sentence encoder is not installed at {dir}: {what}\n  \
         fix: run `make setup` in the stance repository (or pass --model DIR)"
    )]
    ModelMissing { dir: PathBuf, what: String },

    /// A model file does not match the digest in its manifest.
    #[error(
        "{file} does not match its recorded sha256 (expected {expected}, found {found})\n  \
         fix: the file is damaged or was replaced; restore it with `make clean-deps setup`"
    )]
    ModelCorrupt {
        file: PathBuf,
        expected: String,
        found: String,
    },

    #[error("the model failed to run: {0}")]
    Torch(#[from] tch::TchError),

    #[error("tokenizer {path}: {message}")]
    Tokenizer { path: PathBuf, message: String },

    #[error("embedding cache {path}: {message}\n  fix: pass --no-cache, or --cache-dir DIR for a cache of this run's own")]
    Cache { path: PathBuf, message: String },

    #[error("building the tables: {0}")]
    Polars(#[from] polars::error::PolarsError),

    #[error("cannot write {path}: {source}\n  fix: make its folder writable, or write elsewhere (--out; `stance report` writes into the --from folder)")]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A picture of `stance report` could not be drawn.
    #[error("drawing a plot: {0}")]
    Plot(String),

    /// Fitting a head failed (e.g. an axis whose annotations hold a single label).
    #[error("training: {0}")]
    Train(String),

    /// A flag that the inputs given cannot serve (found once they are read).
    #[error("{what}\n  fix: {fix}")]
    Usage { what: String, fix: String },

    /// There was nothing to work on: no input, or every input was skipped (then the warnings
    /// above the error say why, and `fix` points at them).
    #[error("nothing to process: {what}\n  fix: {fix}")]
    NothingToDo { what: String, fix: String },
}

/// The fix for a file that cannot be read, by what went wrong.
fn fix_for(kind: std::io::ErrorKind) -> &'static str {
    use std::io::ErrorKind;
    match kind {
        ErrorKind::NotFound => "\n  fix: check the path",
        ErrorKind::PermissionDenied => "\n  fix: make it readable",
        ErrorKind::InvalidData => "\n  fix: it is not a UTF-8 text file: give the file meant here, or re-create it",
        _ => "",
    }
}

/// The fix of a [`Error::NothingToDo`] whose inputs were all skipped.
pub const SEE_THE_WARNINGS: &str = "see the warnings above: each names a file that added nothing, and why";

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn bad_input(path: impl Into<PathBuf>, line: Option<u64>, message: impl Into<String>) -> Self {
        Error::BadInput {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    pub fn nothing_to_do(what: impl Into<String>, fix: impl Into<String>) -> Self {
        Error::NothingToDo {
            what: what.into(),
            fix: fix.into(),
        }
    }
}

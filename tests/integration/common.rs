//! Helpers shared by the integration tests.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file of this repository, by its path from the root.
pub fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A CSV file's rows, each as column name → value.
pub fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| headers.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect())
        .collect()
}

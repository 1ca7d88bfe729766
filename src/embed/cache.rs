//! The embedding cache: one `redb` file mapping (kind of embedding, sentence text) to the
//! sentence's embedding, so that a rerun embeds nothing twice. Keys are sha256 hashes, so the
//! cache never holds the text itself, and a different encoder (or other pooled layers) never
//! sees another's vectors.
//!
//! Several `stance` processes can share one cache (a notebook and a terminal, or one process
//! per shard of a corpus): the file is opened for each transaction only (one lookup or one
//! store of a chunk of embeddings) and closed after it, and a process that finds it open in
//! another waits its turn. A transaction is all or nothing, so a process killed in the middle
//! of one leaves the cache as it was before it; the next opening repairs redb's bookkeeping.

use super::EmbeddingSpec;
use crate::error::{Error, Result};
use redb::{Database, DatabaseError, TableDefinition};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TABLE: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("embeddings");
const FILE_NAME: &str = "embeddings.redb";

/// redb's page cache. Its default (1 GiB) fills with every embedding a warm run reads back, once
/// each; B-tree pages are all that is worth keeping, and 64 MiB holds them for millions of rows.
const CACHE_MEMORY_BYTES: usize = 64 * 1024 * 1024;

/// How long to wait between tries while another process holds the cache, and how long to
/// wait in all before saying so.
const RETRY_EVERY: Duration = Duration::from_millis(25);
const SAY_WAITING_AFTER: Duration = Duration::from_secs(2);
/// A cache held by another process this long is taken to be held for good.
const GIVE_UP_AFTER: Duration = Duration::from_secs(30 * 60);

pub struct EmbeddingCache {
    path: PathBuf,
    /// [`EmbeddingSpec::cache_key`]: hashed into every key.
    kind: String,
    dim: usize,
}

impl EmbeddingCache {
    /// The cache in `dir` (created if needed) for embeddings of kind `spec`; opened once now,
    /// so that a cache that cannot be used is reported before any work.
    pub fn open(dir: &Path, spec: &EmbeddingSpec) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        std::fs::create_dir_all(dir).map_err(|e| Error::Cache {
            path: path.clone(),
            message: format!("cannot create the directory: {e}"),
        })?;
        let cache = EmbeddingCache {
            path,
            kind: spec.cache_key(),
            dim: spec.dim(),
        };
        cache.with_database(|_| Ok(()))?;
        Ok(cache)
    }

    /// The cached embedding of each text, `None` where there is none.
    pub fn get_many(&self, texts: &[&str]) -> Result<Vec<Option<Vec<f32>>>> {
        self.with_database(|db| {
            let txn = db.begin_read().map_err(|e| self.error(e))?;
            let table = match txn.open_table(TABLE) {
                Ok(table) => table,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(vec![None; texts.len()]),
                Err(e) => return Err(self.error(e)),
            };
            texts
                .iter()
                .map(|text| {
                    let value = table.get(&self.key(text)).map_err(|e| self.error(e))?;
                    Ok(value.and_then(|v| decode(v.value(), self.dim)))
                })
                .collect()
        })
    }

    /// Stores embeddings (one row per text) in one transaction.
    pub fn put_many<'r>(&self, texts: &[&str], rows: impl IntoIterator<Item = &'r [f32]>) -> Result<()> {
        self.with_database(|db| {
            let txn = db.begin_write().map_err(|e| self.error(e))?;
            {
                let mut table = txn.open_table(TABLE).map_err(|e| self.error(e))?;
                for (text, row) in texts.iter().zip(rows) {
                    let bytes: Vec<u8> = row.iter().flat_map(|x| x.to_le_bytes()).collect();
                    table.insert(&self.key(text), bytes.as_slice()).map_err(|e| self.error(e))?;
                }
            }
            txn.commit().map_err(|e| self.error(e))
        })
    }

    /// Opens the file, runs `work` on it and closes it again. While another process has it
    /// open, waits (saying so once, after a moment), never longer than [`GIVE_UP_AFTER`].
    fn with_database<T>(&self, work: impl FnOnce(&Database) -> Result<T>) -> Result<T> {
        let started = Instant::now();
        let mut said = false;
        loop {
            match redb::Builder::new().set_cache_size(CACHE_MEMORY_BYTES).create(&self.path) {
                Ok(db) => return work(&db),
                Err(DatabaseError::DatabaseAlreadyOpen) => {
                    let waited = started.elapsed();
                    if waited > GIVE_UP_AFTER {
                        return Err(self.error(format!(
                            "another stance process has held it for {} minutes",
                            waited.as_secs() / 60
                        )));
                    }
                    if !said && waited > SAY_WAITING_AFTER {
                        eprintln!("waiting for the embedding cache {}: another stance process is using it", self.path.display());
                        said = true;
                    }
                    std::thread::sleep(RETRY_EVERY);
                }
                Err(e) => return Err(self.error(e)),
            }
        }
    }

    fn key(&self, text: &str) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.kind.as_bytes());
        hasher.update([0u8]);
        hasher.update(text.as_bytes());
        hasher.finalize().into()
    }

    fn error(&self, e: impl std::fmt::Display) -> Error {
        Error::Cache {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }
}

/// A stored row, or `None` if it is not `dim` little-endian f32s (treated as a miss).
fn decode(bytes: &[u8], dim: usize) -> Option<Vec<f32>> {
    (bytes.len() == dim * 4).then(|| {
        bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

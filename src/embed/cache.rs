//! The embedding cache: one `redb` file mapping (encoder digest, sentence text) to the
//! sentence's embedding, so that a rerun embeds nothing twice. Keys are sha256 hashes, so the
//! cache never holds the text itself, and a different encoder never sees another's vectors.

use crate::error::{Error, Result};
use redb::{Database, TableDefinition};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const TABLE: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("embeddings");
const FILE_NAME: &str = "embeddings.redb";

pub struct EmbeddingCache {
    db: Database,
    path: PathBuf,
    encoder_digest: String,
    dim: usize,
}

/// redb's page cache. Its default (1 GiB) fills with every embedding a warm run reads back, once
/// each; B-tree pages are all that is worth keeping, and 64 MiB holds them for millions of rows.
const CACHE_MEMORY_BYTES: usize = 64 * 1024 * 1024;

impl EmbeddingCache {
    /// Opens (creating if needed) the cache in `dir` for the encoder with `encoder_digest`.
    pub fn open(dir: &Path, encoder_digest: &str, dim: usize) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        let error = |message: String| Error::Cache {
            path: path.clone(),
            message,
        };
        std::fs::create_dir_all(dir).map_err(|e| error(format!("cannot create the directory: {e}")))?;
        let db = redb::Builder::new()
            .set_cache_size(CACHE_MEMORY_BYTES)
            .create(&path)
            .map_err(|e| error(e.to_string()))?;
        Ok(EmbeddingCache {
            db,
            path,
            encoder_digest: encoder_digest.to_string(),
            dim,
        })
    }

    /// The cached embedding of each text, `None` where there is none.
    pub fn get_many(&self, texts: &[&str]) -> Result<Vec<Option<Vec<f32>>>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let table = match txn.open_table(TABLE) {
            Ok(table) => table,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(vec![None; texts.len()]),
            Err(e) => return Err(self.error(e)),
        };
        texts
            .iter()
            .map(|text| {
                let key = self.key(text);
                let value = table.get(&key).map_err(|e| self.error(e))?;
                Ok(value.and_then(|v| decode(v.value(), self.dim)))
            })
            .collect()
    }

    /// Stores embeddings (one row per text) in one transaction.
    pub fn put_many(&self, texts: &[&str], rows: &[Vec<f32>]) -> Result<()> {
        let txn = self.db.begin_write().map_err(|e| self.error(e))?;
        {
            let mut table = txn.open_table(TABLE).map_err(|e| self.error(e))?;
            for (text, row) in texts.iter().zip(rows) {
                let bytes: Vec<u8> = row.iter().flat_map(|x| x.to_le_bytes()).collect();
                table.insert(&self.key(text), bytes.as_slice()).map_err(|e| self.error(e))?;
            }
        }
        txn.commit().map_err(|e| self.error(e))
    }

    fn key(&self, text: &str) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.encoder_digest.as_bytes());
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

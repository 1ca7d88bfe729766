//! Stage 3: sentence embeddings, with the real model, batched by length, cached.
//!
//! Invariants: row `i` of the result is the embedding of text `i`, whatever the batching; an
//! embedding is the same whether it came from the model or the cache (the cache is keyed by
//! the encoder's digest); the encoder's files are verified against their manifest before use.

mod cache;
mod encoder;
mod manifest;

pub use cache::EmbeddingCache;
pub use encoder::SentenceEncoder;
pub use manifest::{hex, sha256_file, EncoderManifest};

use crate::error::Result;
use crate::progress;
use ndarray::Array2;

/// Sentences per forward pass. Batches are formed from sentences of similar length, so little
/// compute goes to padding.
pub const DEFAULT_BATCH_SIZE: usize = 32;

/// New embeddings are written to the cache in transactions of about this many rows: few enough
/// commits to cost nothing, and an interrupted run keeps nearly all it computed.
const CACHE_WRITE_ROWS: usize = 1024;

/// Sets how many threads libtorch uses for the encoder's arithmetic (process-wide).
pub fn set_threads(threads: usize) {
    tch::set_num_threads(i32::try_from(threads).unwrap_or(i32::MAX));
}

/// What an embedding run did, for the end-of-run summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmbedStats {
    pub embedded: usize,
    pub from_cache: usize,
    /// Tokens (special tokens included) of the sentences the model embedded.
    pub tokens: usize,
}

/// Embeds `texts` (a row each, in order), taking what it can from `cache` and storing what it
/// computes there.
pub fn embed_all(
    encoder: &SentenceEncoder,
    cache: Option<&EmbeddingCache>,
    texts: &[&str],
    batch_size: usize,
) -> Result<(Array2<f32>, EmbedStats)> {
    let dim = encoder.dim();
    let mut out = Array2::<f32>::zeros((texts.len(), dim));
    let cached = match cache {
        Some(cache) => cache.get_many(texts)?,
        None => vec![None; texts.len()],
    };
    let mut todo: Vec<usize> = Vec::new();
    for (i, row) in cached.into_iter().enumerate() {
        match row {
            Some(row) => out.row_mut(i).assign(&ndarray::ArrayView1::from(&row)),
            None => todo.push(i),
        }
    }
    let mut stats = EmbedStats {
        embedded: todo.len(),
        from_cache: texts.len() - todo.len(),
        tokens: 0,
    };
    if todo.is_empty() {
        return Ok((out, stats));
    }

    // Longest first: the slowest batches start early and the bar's estimate errs on the safe side.
    let lengths = encoder.token_counts(&todo.iter().map(|&i| texts[i]).collect::<Vec<_>>())?;
    stats.tokens = lengths.iter().sum();
    let mut order: Vec<(usize, usize)> = todo.iter().copied().zip(lengths).collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    let bar = progress::bar(order.len() as u64, "embedding");
    let mut unsaved: Vec<usize> = Vec::new();
    let save = |rows: &mut Vec<usize>, out: &Array2<f32>| -> Result<()> {
        if let Some(cache) = cache {
            let keys: Vec<&str> = rows.iter().map(|&i| texts[i]).collect();
            let vectors: Vec<Vec<f32>> = rows.iter().map(|&i| out.row(i).to_vec()).collect();
            cache.put_many(&keys, &vectors)?;
        }
        rows.clear();
        Ok(())
    };
    for batch in order.chunks(batch_size.max(1)) {
        let batch_texts: Vec<&str> = batch.iter().map(|&(i, _)| texts[i]).collect();
        let rows = encoder.embed_batch(&batch_texts)?;
        for (&(i, _), row) in batch.iter().zip(rows.rows()) {
            out.row_mut(i).assign(&row);
            unsaved.push(i);
        }
        if unsaved.len() >= CACHE_WRITE_ROWS {
            save(&mut unsaved, &out)?;
        }
        bar.inc(batch.len() as u64);
    }
    save(&mut unsaved, &out)?;
    bar.finish_and_clear();
    Ok((out, stats))
}

//! Stage 5: sentence embeddings, with the real model, batched by length, cached. An
//! [`Embedder`] is the encoder with its cache and batch size: everything that embeds goes
//! through one.
//!
//! Invariants: text `i`'s embedding is handed on with index `i`, whatever the batching and
//! chunking, and at most one chunk of embeddings is held at a time; an
//! embedding is the same whether it came from the model or the cache (the cache is keyed by
//! the encoder's digest and the layers pooled); the encoder's files are verified against their
//! manifest before use.

mod cache;
mod encoder;
mod manifest;

pub use cache::EmbeddingCache;
pub use encoder::{matmul_gflops, SentenceEncoder};
pub use manifest::EncoderManifest;

use crate::error::Result;
use crate::progress;
use ndarray::{Array2, ArrayView1};
use std::collections::hash_map::{Entry, HashMap};
use std::path::PathBuf;

/// The encoder layers pooled into a sentence's embedding beside the last, numbered from 1 (the
/// first transformer layer). The last layer, mean-pooled, is the model's own sentence embedding
/// (zero-shot compares those); the trained heads also read the first, which keeps more of a
/// sentence's words: with it, fewer invented stances for as many found
/// (`notebooks/head-study-v4/REPORT.md`). Changing this changes every embedding: retrain.
pub const EXTRA_POOLED_LAYERS: &[usize] = &[1];

/// What an embedding is, for checking that heads meet embeddings of the kind they were trained
/// on and for keeping the cache's kinds apart: a row is one block of `layer_dim` values per
/// layer of `layers` (each block mean-pooled and normalised as the model's own pooling does),
/// side by side in that order, the last layer's first.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddingSpec {
    /// sha256 of the encoder (its manifest digest).
    pub encoder_sha256: String,
    /// The layers pooled, numbered from 1, the last layer first.
    pub layers: Vec<usize>,
    /// The width of one block: the model's sentence embedding.
    pub layer_dim: usize,
}

impl EmbeddingSpec {
    /// The embeddings of the encoder `encoder_sha256` whose last layer is `last_layer` and whose
    /// blocks are `layer_dim` wide: that layer, then each of [`EXTRA_POOLED_LAYERS`].
    pub fn new(encoder_sha256: String, last_layer: usize, layer_dim: usize) -> Self {
        EmbeddingSpec {
            encoder_sha256,
            layers: std::iter::once(last_layer).chain(EXTRA_POOLED_LAYERS.iter().copied()).collect(),
            layer_dim,
        }
    }

    /// Width of a row.
    pub fn dim(&self) -> usize {
        self.layer_dim * self.layers.len()
    }

    /// The key embeddings of this kind are cached under: another encoder or other layers never
    /// see these vectors. The last layer alone keeps the encoder's digest, the key of caches
    /// written before more layers were pooled.
    pub fn cache_key(&self) -> String {
        match self.layers.as_slice() {
            [_] => self.encoder_sha256.clone(),
            layers => format!("{} layers {layers:?}", self.encoder_sha256),
        }
    }
}

/// Sentences per forward pass. Batches are formed from sentences of similar length, so little
/// compute goes to padding.
pub const DEFAULT_BATCH_SIZE: usize = 32;

/// A run's embeddings are handed on (and new ones written to the cache, one transaction each) in
/// chunks of about this many rows: 6 MiB of vectors at 384 dimensions, few enough commits to cost
/// nothing, and an interrupted run keeps nearly all it computed.
pub const CHUNK_ROWS: usize = 4096;

/// How the encoder runs: the same settings for every command that embeds.
#[derive(Debug, Clone)]
pub struct EncoderSettings {
    /// The encoder's directory (`models/encoder`, set up by `make setup`).
    pub model_dir: PathBuf,
    /// Sentences per forward pass.
    pub batch_size: usize,
    /// Threads for the encoder's arithmetic; `None` leaves libtorch's default (all cores).
    pub threads: Option<usize>,
    /// Where embeddings are cached; `None` embeds everything afresh and stores nothing.
    pub cache_dir: Option<PathBuf>,
}

/// What an embedding run did, for the end-of-run summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmbedStats {
    pub embedded: usize,
    pub from_cache: usize,
    /// Tokens (special tokens included) of the sentences the model embedded.
    pub tokens: usize,
}

impl std::ops::AddAssign for EmbedStats {
    fn add_assign(&mut self, other: Self) {
        self.embedded += other.embedded;
        self.from_cache += other.from_cache;
        self.tokens += other.tokens;
    }
}

/// The verified encoder, its embedding cache and how it batches: what every command embeds
/// with.
pub struct Embedder {
    pub encoder: SentenceEncoder,
    /// `None`: everything is embedded afresh and nothing is stored.
    pub cache: Option<EmbeddingCache>,
    /// Sentences per forward pass.
    pub batch_size: usize,
    /// Rows handed on (and stored in the cache, one transaction each) at a time.
    pub chunk_rows: usize,
}

impl Embedder {
    /// Loads and verifies the encoder, sets libtorch's threads, and opens the cache.
    pub fn load(settings: &EncoderSettings) -> Result<Self> {
        if let Some(threads) = settings.threads {
            tch::set_num_threads(i32::try_from(threads).unwrap_or(i32::MAX));
        }
        let encoder = SentenceEncoder::load(&settings.model_dir)?;
        let cache = match &settings.cache_dir {
            Some(dir) => Some(EmbeddingCache::open(dir, encoder.spec())?),
            None => None,
        };
        Ok(Embedder {
            encoder,
            cache,
            batch_size: settings.batch_size,
            chunk_rows: CHUNK_ROWS,
        })
    }

    /// Embeds `texts` (a row each, in order), taking what it can from the cache and storing
    /// what it computes there. For a few thousand texts (axis examples, annotations); a run's
    /// sentences go through [`Embedder::embed_in_chunks`].
    pub fn embed_all(&self, texts: &[&str]) -> Result<(Array2<f32>, EmbedStats)> {
        let mut out = Array2::<f32>::zeros((texts.len(), self.encoder.dim()));
        let stats = self.embed_in_chunks(texts, |indices, rows| {
            for (&i, row) in indices.iter().zip(rows.rows()) {
                out.row_mut(i).assign(&row);
            }
            Ok(())
        })?;
        Ok((out, stats))
    }

    /// Embeds `texts`, handing them to `sink` in chunks of about `chunk_rows` rows: the
    /// indices (into `texts`) and their embeddings, row for row. Each text is handed over
    /// exactly once; the order of chunks is not that of `texts`. At most one chunk of
    /// embeddings is held, so memory does not grow with the corpus. Cached texts come first,
    /// then the rest, embedded longest first in batches of similar length (little compute goes
    /// to padding); each chunk of new embeddings is stored in the cache before it is handed on,
    /// so an interrupted run keeps nearly all it computed.
    pub fn embed_in_chunks(
        &self,
        texts: &[&str],
        mut sink: impl FnMut(&[usize], &Array2<f32>) -> Result<()>,
    ) -> Result<EmbedStats> {
        let (encoder, cache, chunk_rows) = (&self.encoder, self.cache.as_ref(), self.chunk_rows.max(1));
        let mut chunk = Chunk::new(encoder.dim());
        let mut todo: Vec<usize> = Vec::new();
        if let Some(cache) = cache {
            let all: Vec<usize> = (0..texts.len()).collect();
            for part in all.chunks(chunk_rows) {
                let keys: Vec<&str> = part.iter().map(|&i| texts[i]).collect();
                for (&i, row) in part.iter().zip(cache.get_many(&keys)?) {
                    match row {
                        Some(row) => chunk.push(i, ArrayView1::from(&row)),
                        None => todo.push(i),
                    }
                }
                chunk.hand_over(&mut sink)?;
            }
        } else {
            todo = (0..texts.len()).collect();
        }
        // A text given more than once is embedded once, and its row handed to each copy. Embedded
        // in two places of the batches, the copies came out different in the last bits (a row's
        // arithmetic depends a little on its batch), and the cache kept one of them: a second run,
        // reading it, gave other probabilities in the fourth decimal than the first.
        let mut copies: HashMap<&str, Vec<usize>> = HashMap::new();
        todo.retain(|&i| match copies.entry(texts[i]) {
            Entry::Occupied(mut first) => {
                first.get_mut().push(i);
                false
            }
            Entry::Vacant(slot) => {
                slot.insert(Vec::new());
                true
            }
        });
        let mut stats = EmbedStats {
            embedded: todo.len(),
            from_cache: texts.len() - todo.len() - copies.values().map(Vec::len).sum::<usize>(),
            tokens: 0,
        };
        if todo.is_empty() {
            return Ok(stats);
        }

        // Longest first: the slowest batches start early and the bar's estimate errs on the safe side.
        let lengths = encoder.token_counts(&todo.iter().map(|&i| texts[i]).collect::<Vec<_>>())?;
        stats.tokens = lengths.iter().sum();
        let mut order: Vec<(usize, usize)> = todo.iter().copied().zip(lengths).collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

        let bar = progress::bar(order.len() as u64, "embedding");
        let mut store_and_hand_over = |chunk: &mut Chunk| -> Result<()> {
            if let Some(cache) = cache {
                let keys: Vec<&str> = chunk.indices.iter().map(|&i| texts[i]).collect();
                cache.put_many(&keys, chunk.rows())?;
            }
            chunk.hand_over(&mut sink)
        };
        for batch in order.chunks(self.batch_size.max(1)) {
            let batch_texts: Vec<&str> = batch.iter().map(|&(i, _)| texts[i]).collect();
            let rows = encoder.embed_batch(&batch_texts)?;
            for (&(i, _), row) in batch.iter().zip(rows.rows()) {
                chunk.push(i, row);
                for &copy in &copies[texts[i]] {
                    chunk.push(copy, row);
                }
            }
            if chunk.indices.len() >= chunk_rows {
                store_and_hand_over(&mut chunk)?;
            }
            bar.inc(batch.len() as u64);
        }
        store_and_hand_over(&mut chunk)?;
        bar.finish_and_clear();
        Ok(stats)
    }
}

/// Embeddings waiting to be handed on: text indices and their rows, flat.
struct Chunk {
    dim: usize,
    indices: Vec<usize>,
    flat: Vec<f32>,
}

impl Chunk {
    fn new(dim: usize) -> Self {
        Chunk {
            dim,
            indices: Vec::new(),
            flat: Vec::new(),
        }
    }

    /// Every row has the encoder's dimension: the encoder's rows by construction, the cache's
    /// because it drops a stored row of any other length (`cache::decode`).
    fn push(&mut self, index: usize, row: ArrayView1<f32>) {
        assert_eq!(row.len(), self.dim, "an embedding of another dimension than the encoder's");
        self.indices.push(index);
        self.flat.extend(row.iter());
    }

    /// The chunk's rows, row for row with `indices`.
    fn rows(&self) -> impl Iterator<Item = &[f32]> {
        self.flat.chunks_exact(self.dim)
    }

    /// Hands the rows to `sink` as one matrix and empties the chunk.
    fn hand_over(&mut self, sink: &mut impl FnMut(&[usize], &Array2<f32>) -> Result<()>) -> Result<()> {
        if self.indices.is_empty() {
            return Ok(());
        }
        let matrix = Array2::from_shape_vec((self.indices.len(), self.dim), std::mem::take(&mut self.flat))
            .expect("push keeps every row at the encoder's dimension");
        sink(&self.indices, &matrix)?;
        self.indices.clear();
        Ok(())
    }
}

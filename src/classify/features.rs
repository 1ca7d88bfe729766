//! What a trained head reads for a sentence ([`Features`]): its embedding, TF-IDF of its words,
//! or both side by side, laid out as one batch of rows ([`FeatureBatch`]) that
//! [`crate::train`] fits on and the heads predict from.

use super::tfidf::{SparseRow, TfIdf};
use crate::error::Result;
use ndarray::{ArrayView2, CowArray, Ix2};

/// What a head reads for a sentence.
#[derive(Debug, Clone)]
pub enum Features {
    /// The sentence embedding.
    Embedding,
    /// TF-IDF of its words and word pairs alone: the baseline.
    TfIdf(TfIdf),
    /// The embedding, then the TF-IDF row: what the sentence means, and the set phrases it uses
    /// ("rules of conduct", "multi-stakeholder"). What `stance train` fits: it cross-validated
    /// above either alone (README, Quality).
    EmbeddingAndTfIdf(TfIdf),
}

/// Sentences as the heads read them: the embedding's columns first (if used), each row scaled
/// to unit length, then the TF-IDF columns (if used), kept sparse. An embedding of several
/// pooled layers then weighs as much against the TF-IDF terms as one of the last layer alone
/// (its blocks are each of unit length; `notebooks/head-study-v3` measured that balance).
pub struct FeatureBatch<'a> {
    pub len: usize,
    pub embeddings: Option<CowArray<'a, f32, Ix2>>,
    pub terms: Option<Vec<SparseRow>>,
    /// How many TF-IDF columns there are (0 without them).
    pub term_columns: usize,
}

impl FeatureBatch<'_> {
    /// Where the TF-IDF columns start.
    pub fn embedding_columns(&self) -> usize {
        self.embeddings.as_ref().map_or(0, |e| e.ncols())
    }
}

impl Features {
    /// Feature columns, for embeddings of `dim` dimensions.
    pub fn width(&self, dim: usize) -> usize {
        match self {
            Features::Embedding => dim,
            Features::TfIdf(tfidf) => tfidf.terms().len(),
            Features::EmbeddingAndTfIdf(tfidf) => dim + tfidf.terms().len(),
        }
    }

    /// `texts`, whose embeddings are the rows of `embeddings`, as the heads read them.
    pub fn batch<'a>(&self, texts: &[&str], embeddings: ArrayView2<'a, f32>) -> Result<FeatureBatch<'a>> {
        let (embeddings, tfidf) = match self {
            Features::Embedding => (Some(embeddings), None),
            Features::TfIdf(tfidf) => (None, Some(tfidf)),
            Features::EmbeddingAndTfIdf(tfidf) => (Some(embeddings), Some(tfidf)),
        };
        Ok(FeatureBatch {
            len: texts.len(),
            embeddings: embeddings.map(unit_rows),
            terms: tfidf.map(|t| t.rows(texts)).transpose()?,
            term_columns: tfidf.map_or(0, |t| t.terms().len()),
        })
    }

    /// In words, for the heads' metadata and messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Features::Embedding => "the sentence embedding",
            Features::TfIdf(_) => "TF-IDF of words and word pairs",
            Features::EmbeddingAndTfIdf(_) => "the sentence embedding and TF-IDF of words and word pairs, side by side",
        }
    }

    /// The TF-IDF vocabulary the features use, if any (written into the heads file).
    pub fn tfidf(&self) -> Option<&TfIdf> {
        match self {
            Features::Embedding => None,
            Features::TfIdf(tfidf) | Features::EmbeddingAndTfIdf(tfidf) => Some(tfidf),
        }
    }
}

/// `embeddings` with every row scaled to unit length, borrowed when they all are already (the
/// last layer alone, normalised by the model).
fn unit_rows(embeddings: ArrayView2<'_, f32>) -> CowArray<'_, f32, Ix2> {
    let norms: Vec<f32> = embeddings.rows().into_iter().map(|r| r.dot(&r).sqrt()).collect();
    if norms.iter().all(|&n| (n - 1.0).abs() < 1e-4) {
        return CowArray::from(embeddings);
    }
    let mut scaled = embeddings.to_owned();
    for (mut row, norm) in scaled.rows_mut().into_iter().zip(norms) {
        if norm > 0.0 {
            row /= norm;
        }
    }
    CowArray::from(scaled)
}

//! Stage 6: for every sentence and axis, P(left), P(right), P(none).
//!
//! Invariants: probabilities are finite and sum to 1 per sentence and axis; "none" is a class
//! of its own, never the absence of an answer; a classifier sees a sentence's text and its
//! embedding, nothing around it, so any classifier works with any record. Nothing here reads or
//! writes a file: heads come in and go out as JSON text ([`Heads::from_json`], [`Heads::to_json`]).

mod features;
mod heads;
mod tfidf;
mod zero_shot;

pub use features::{FeatureBatch, Features};
pub use heads::{AxisHead, CrossValidation, Heads, HeadsMeta, Model, HEADS_FILE};
pub use tfidf::{SparseRow, TfIdf};
pub use zero_shot::ZeroShot;

use crate::embed::{EmbedStats, Embedder};
use crate::error::Result;
use crate::types::AxisProbs;
use ndarray::Array2;

/// Something that scores sentence embeddings on every axis of an axis configuration.
pub trait Classifier {
    /// What it is, for messages and output metadata (e.g. "zero-shot (axes.toml examples)").
    fn describe(&self) -> String;

    /// `result[axis][sentence]`, for `texts` and their `embeddings` (a row each).
    fn classify(&self, texts: &[&str], embeddings: &Array2<f32>) -> Result<Vec<Vec<AxisProbs>>>;
}

/// `result[axis][text]`: `classifier`'s answers for `texts` on its `axes` axes, embedded chunk
/// by chunk by `embedder` (only the probabilities are kept, never all embeddings).
pub fn classify_texts(
    embedder: &Embedder,
    classifier: &dyn Classifier,
    axes: usize,
    texts: &[&str],
) -> Result<(Vec<Vec<AxisProbs>>, EmbedStats)> {
    let mut probs = vec![vec![AxisProbs::NONE; texts.len()]; axes];
    let stats = embedder.embed_in_chunks(texts, |indices, embeddings| {
        let chunk: Vec<&str> = indices.iter().map(|&i| texts[i]).collect();
        for (axis, answers) in probs.iter_mut().zip(classifier.classify(&chunk, embeddings)?) {
            for (&i, answer) in indices.iter().zip(answers) {
                axis[i] = answer;
            }
        }
        Ok(())
    })?;
    Ok((probs, stats))
}

/// A numerically stable softmax over three scores.
pub(crate) fn softmax3(scores: [f32; 3]) -> [f32; 3] {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp = scores.map(|s| (s - max).exp());
    let sum: f32 = exp.iter().sum();
    exp.map(|e| e / sum)
}

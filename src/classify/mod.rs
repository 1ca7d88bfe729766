//! Stage 4: for every sentence and axis, P(left), P(right), P(none).
//!
//! Invariants: probabilities are finite and sum to 1 per sentence and axis; "none" is a class
//! of its own, never the absence of an answer; a classifier sees a sentence's text and its
//! embedding, nothing around it, so any classifier works with any record.

mod heads;
mod tfidf;
mod zero_shot;

pub use heads::{AxisHead, CrossValidation, Features, Heads, HeadsMeta, Model, HEADS_FILE};
pub use tfidf::TfIdf;
pub use zero_shot::{example_texts, ZeroShot};

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

/// A numerically stable softmax over three scores.
pub(crate) fn softmax3(scores: [f32; 3]) -> [f32; 3] {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp = scores.map(|s| (s - max).exp());
    let sum: f32 = exp.iter().sum();
    exp.map(|e| e / sum)
}

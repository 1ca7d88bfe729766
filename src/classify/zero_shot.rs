//! Zero-shot classification from the axis configuration alone: a sentence is compared with the
//! example sentences of each pole and with sentences that take no side (the axis's own and the
//! shared ones); each class scores the mean cosine similarity of its `top_k` closest examples,
//! "none" gets `none_bias` on top, and a softmax with the configured temperature turns the three
//! scores into probabilities. It compares the model's own sentence embeddings: the first block
//! of an embedding, the last layer's ([`crate::embed::EmbeddingSpec`]).

use super::{softmax3, Classifier};
use crate::axes::Axes;
use crate::embed::Embedder;
use crate::error::Result;
use crate::types::AxisProbs;
use ndarray::{Array2, ArrayView1, Axis as NdAxis};

/// The embedded examples of one axis, one row per example (unit length).
struct AxisExamples {
    left: Array2<f32>,
    right: Array2<f32>,
    none: Array2<f32>,
}

pub struct ZeroShot {
    axes: Vec<AxisExamples>,
    /// The width of the sentence embedding: the first columns of an embedding.
    sentence_dim: usize,
    top_k: usize,
    none_bias: f32,
    temperature: f32,
}

/// Which example sentences, in which order, a [`ZeroShot`] needs embedded: for each axis its
/// left, right and none examples, then the shared none examples.
fn example_texts(axes: &Axes) -> Vec<&str> {
    let mut texts = Vec::new();
    for axis in &axes.axes {
        texts.extend(axis.left.examples.iter().map(String::as_str));
        texts.extend(axis.right.examples.iter().map(String::as_str));
        texts.extend(axis.none.examples.iter().map(String::as_str));
    }
    texts.extend(axes.shared_none.iter().map(String::as_str));
    texts
}

impl ZeroShot {
    /// The zero-shot classifier for `axes`: their example sentences, embedded.
    pub fn embed_examples(axes: &Axes, embedder: &Embedder) -> Result<Self> {
        let (embedded, _) = embedder.embed_all(&example_texts(axes))?;
        Ok(Self::new(axes, &embedded, embedder.encoder.spec().layer_dim))
    }

    /// Builds the classifier from `axes` and the embeddings of [`example_texts`]`(axes)`, in
    /// that order, whose first `sentence_dim` columns are the sentence embedding.
    fn new(axes: &Axes, example_embeddings: &Array2<f32>, sentence_dim: usize) -> Self {
        let mut at = 0;
        let mut take = |n: usize| {
            let rows = example_embeddings.slice(ndarray::s![at..at + n, ..sentence_dim]).to_owned();
            at += n;
            rows
        };
        let own: Vec<(Array2<f32>, Array2<f32>, Array2<f32>)> = axes
            .axes
            .iter()
            .map(|axis| {
                let left = take(axis.left.examples.len());
                let right = take(axis.right.examples.len());
                let none = take(axis.none.examples.len());
                (left, right, none)
            })
            .collect();
        let shared_none = take(axes.shared_none.len());
        let examples = own
            .into_iter()
            .map(|(left, right, own_none)| {
                let mut none = own_none;
                for row in shared_none.rows() {
                    // Both have the embedding width, so the push cannot fail.
                    let _ = none.push_row(row);
                }
                AxisExamples { left, right, none }
            })
            .collect();
        ZeroShot {
            axes: examples,
            sentence_dim,
            top_k: axes.zero_shot.top_k,
            none_bias: axes.zero_shot.none_bias,
            temperature: axes.zero_shot.temperature,
        }
    }

    fn class_score(&self, examples: &Array2<f32>, sentence: ArrayView1<f32>) -> f32 {
        let mut sims: Vec<f32> = examples.dot(&sentence).to_vec();
        let k = self.top_k.min(sims.len()).max(1);
        sims.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
        sims[..k].iter().sum::<f32>() / k as f32
    }
}

impl Classifier for ZeroShot {
    fn describe(&self) -> String {
        format!(
            "zero-shot from the axis examples (top {} per class, none bias {}, temperature {})",
            self.top_k, self.none_bias, self.temperature
        )
    }

    fn classify(&self, _texts: &[&str], embeddings: &Array2<f32>) -> Result<Vec<Vec<AxisProbs>>> {
        Ok(self
            .axes
            .iter()
            .map(|axis| {
                embeddings
                    .slice(ndarray::s![.., ..self.sentence_dim])
                    .axis_iter(NdAxis(0))
                    .map(|sentence| {
                        let [left, right, none] = [&axis.left, &axis.right, &axis.none]
                            .map(|examples| self.class_score(examples, sentence));
                        let scores = [left, right, none + self.none_bias].map(|s| s / self.temperature);
                        let [left, right, none] = softmax3(scores);
                        AxisProbs { left, right, none }
                    })
                    .collect()
            })
            .collect())
    }
}

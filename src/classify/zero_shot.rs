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

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array1;
    use std::path::Path;

    /// One axis with two left examples, one right, one of its own that takes no side, and one
    /// shared example that takes no side, under the given zero-shot settings.
    fn axes(top_k: usize, none_bias: f32, temperature: f32) -> Axes {
        let text = format!(
            "[scope]\npattern = \"cyber\"\nambiguous_pattern = \"espionage\"\nwindow = 1\n\
             [zero_shot]\ntop_k = {top_k}\nnone_bias = {none_bias:?}\ntemperature = {temperature:?}\n\
             [none]\nexamples = [\"s1\"]\n\
             [[axis]]\nname = \"governance\"\ndescription = \"d\"\n\
             [axis.left]\nname = \"multilateral\"\ndescription = \"d\"\nexamples = [\"l1\", \"l2\"]\n\
             [axis.right]\nname = \"multistakeholder\"\ndescription = \"d\"\nexamples = [\"r1\"]\n\
             [axis.none]\nexamples = [\"n1\"]\n"
        );
        Axes::parse(&text, Path::new("axes.toml")).unwrap()
    }

    const SENTENCE_DIM: usize = 3;

    /// `sentence` (unit length, 3 columns) followed by `other_layer`'s columns, as an embedding
    /// of two pooled layers is laid out.
    fn row(sentence: [f32; 3], other_layer: f32) -> Array1<f32> {
        Array1::from(vec![sentence[0], sentence[1], sentence[2], other_layer, -other_layer, 0.5])
    }

    /// The examples in [`example_texts`] order: l1 = e0, l2 halfway between e0 and e2, r1 = e1,
    /// n1 = -e0, the shared s1 = e2.
    fn examples(other_layer: f32) -> Array2<f32> {
        let h = std::f32::consts::FRAC_1_SQRT_2;
        let rows = [[1.0, 0.0, 0.0], [h, 0.0, h], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 1.0]];
        let rows: Vec<_> = rows.iter().map(|&r| row(r, other_layer)).collect();
        ndarray::stack(NdAxis(0), &rows.iter().map(|r| r.view()).collect::<Vec<_>>()).unwrap()
    }

    /// P(left), P(right), P(none) of sentences e0 (like l1) and e2 (like the shared example).
    fn answers(axes: &Axes, other_layer: f32) -> Vec<AxisProbs> {
        let classifier = ZeroShot::new(axes, &examples(other_layer), SENTENCE_DIM);
        let sentences = ndarray::stack(NdAxis(0), &[row([1.0, 0.0, 0.0], other_layer).view(), row([0.0, 0.0, 1.0], other_layer).view()]).unwrap();
        let mut out = classifier.classify(&["e0", "e2"], &sentences).unwrap();
        assert_eq!(out.len(), 1, "one axis");
        out.remove(0)
    }

    #[test]
    fn the_closest_examples_decide_through_a_softmax_of_their_mean_similarity() {
        let [like_left, like_shared] = answers(&axes(1, 0.0, 0.1), 0.0)[..] else { panic!("two sentences") };
        for p in [like_left, like_shared] {
            assert!((p.left + p.right + p.none - 1.0).abs() < 1e-6, "{p:?}");
        }
        // e0: similarity 1 with l1, 0 with r1, 0 at best with the none examples (s1, n1 = -e0).
        let e10 = 10f32.exp();
        assert!((like_left.left - e10 / (e10 + 2.0)).abs() < 1e-5, "{like_left:?}");
        assert!((like_left.right - like_left.none).abs() < 1e-6, "{like_left:?}");
        // e2 is the shared example that takes no side: shared examples count on every axis.
        assert!(like_shared.none > like_shared.left && like_shared.left > like_shared.right, "{like_shared:?}");
    }

    #[test]
    fn top_k_averages_the_k_closest_and_never_more_than_there_are() {
        let p_left = |top_k| answers(&axes(top_k, 0.0, 0.1), 0.0)[0].left;
        // With two, l2 (similarity 0.71) joins l1 (1.0): a lower mean, a lower P(left).
        assert!(p_left(2) < p_left(1));
        // Right has one example and left two: a top_k beyond that takes them all.
        assert_eq!(p_left(2), p_left(50));
    }

    #[test]
    fn none_bias_and_temperature_move_the_probabilities_their_way() {
        let p = |bias, temperature| answers(&axes(1, bias, temperature), 0.0)[0];
        let nones: Vec<f32> = [-0.5, 0.0, 0.5, 2.0].map(|bias| p(bias, 0.1).none).to_vec();
        assert!(nones.windows(2).all(|w| w[0] < w[1]), "{nones:?}");
        assert!(p(2.0, 0.1).none > p(2.0, 0.1).left);
        // A lower temperature makes the same preference surer.
        assert!(p(0.0, 0.05).left > p(0.0, 0.5).left && p(0.0, 0.5).left > 1.0 / 3.0);
    }

    #[test]
    fn only_the_sentence_embedding_columns_are_compared() {
        let settings = axes(2, 0.1, 0.2);
        assert_eq!(answers(&settings, 0.0), answers(&settings, 0.9));
    }
}

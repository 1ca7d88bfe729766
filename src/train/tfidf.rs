//! The bag-of-words features of the baseline `stance eval` compares the trained heads with:
//! TF-IDF over unigrams and bigrams, sublinear term frequency, rows of unit length.
//!
//! Tokenising and counting are linfa's `CountVectorizer`. The inverse document frequencies are
//! computed here, from the training texts, because linfa's `TfIdfVectorizer` takes them from
//! whatever batch it transforms: train and test rows would be weighted differently, and the
//! test fold's own statistics would leak into its features.

use crate::error::{Error, Result};
use linfa_preprocessing::{CountVectorizer, CountVectorizerParams};
use ndarray::{Array1, Array2, Axis};

/// The vocabulary keeps the most frequent terms up to this many: the baseline's fits stay quick
/// (the rows are dense), and rarer terms would rarely be in a test sentence anyway.
const MAX_TERMS: usize = 3000;

pub struct TfIdf {
    counter: CountVectorizer,
    idf: Array1<f32>,
}

impl TfIdf {
    /// Learns the vocabulary (the `MAX_TERMS` most frequent terms found in at least two training
    /// texts) and the idf weights.
    pub fn fit(texts: &[&str]) -> Result<Self> {
        let texts = Array1::from(texts.iter().map(|t| t.to_string()).collect::<Vec<_>>());
        let min_df = 2.0 / texts.len().max(2) as f32;
        let counter = CountVectorizerParams::default()
            .n_gram_range(1, 2)
            .max_features(Some(MAX_TERMS))
            .document_frequency(min_df, 1.0)
            .fit(&texts)
            .map_err(baseline_error)?;
        let counts = counter.transform(&texts).map_err(baseline_error)?.to_dense();
        let n = texts.len() as f32;
        // Smoothed idf, as in scikit-learn: ln((1 + n) / (1 + df)) + 1.
        let df = counts.mapv(|c| f32::from(u8::from(c > 0))).sum_axis(Axis(0));
        let idf = df.mapv(|d| ((1.0 + n) / (1.0 + d)).ln() + 1.0);
        Ok(TfIdf { counter, idf })
    }

    /// One row per text: (1 + ln tf) · idf, scaled to unit length (a text with no known term
    /// stays all zeros).
    pub fn transform(&self, texts: &[&str]) -> Result<Array2<f32>> {
        let texts = Array1::from(texts.iter().map(|t| t.to_string()).collect::<Vec<_>>());
        let counts = self.counter.transform(&texts).map_err(baseline_error)?.to_dense();
        let mut features = counts.mapv(|c| if c > 0 { 1.0 + (c as f32).ln() } else { 0.0 }) * &self.idf;
        for mut row in features.rows_mut() {
            let norm = row.dot(&row).sqrt();
            if norm > 0.0 {
                row /= norm;
            }
        }
        Ok(features)
    }
}

fn baseline_error(e: linfa_preprocessing::PreprocessingError) -> Error {
    Error::Train(format!("TF-IDF baseline: {e}"))
}

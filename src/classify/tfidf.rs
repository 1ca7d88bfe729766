//! TF-IDF features of a sentence's words and word pairs: sublinear term frequency, smoothed
//! inverse document frequency, rows of unit length. The baseline `stance eval` compares with
//! learns from them alone; the shipped heads read them beside the embedding.
//!
//! Tokenising and counting are linfa's `CountVectorizer`. The inverse document frequencies are
//! computed here, from the training texts, because linfa's `TfIdfVectorizer` takes them from
//! whatever batch it transforms: train and test rows would be weighted differently, and the
//! test fold's own statistics would leak into its features.
//!
//! Invariant: columns are the terms in sorted order, whatever order linfa keeps them in (its
//! vocabulary is a hash map), so a fit is reproducible and a saved vocabulary reads back into
//! the same columns.

use crate::error::{Error, Result};
use linfa_preprocessing::{CountVectorizer, CountVectorizerParams};
use ndarray::Array1;
use std::collections::HashMap;

/// A text's features that are not zero: (column, value), in column order.
pub type SparseRow = Vec<(usize, f32)>;

#[derive(Debug, Clone)]
pub struct TfIdf {
    counter: CountVectorizer,
    /// `column[j]`: where linfa's count column `j` goes among ours.
    column: Vec<usize>,
    terms: Vec<String>,
    idf: Array1<f32>,
}

/// How texts are split into terms: the same for fitting and for a saved vocabulary.
fn counting() -> CountVectorizerParams {
    CountVectorizerParams::default().n_gram_range(1, 2)
}

impl TfIdf {
    /// Learns the vocabulary (every term found in at least two training texts: no cap, because
    /// capping it at the 3,000 or 10,000 most frequent terms scored lower in cross-validation,
    /// `notebooks/head-study-v2/REPORT.md`) and the idf weights.
    pub fn fit(texts: &[&str]) -> Result<Self> {
        let min_df = 2.0 / texts.len().max(2) as f32;
        let learned = counting()
            .document_frequency(min_df, 1.0)
            .fit(&owned(texts))
            .map_err(tfidf_error)?;
        let mut terms = learned.vocabulary().clone();
        terms.sort_unstable();
        let n = terms.len();
        let mut tfidf = TfIdf::new(terms, Array1::zeros(n))?;
        // Smoothed idf, as in scikit-learn: ln((1 + n) / (1 + df)) + 1.
        let mut df = Array1::<f32>::zeros(n);
        for (j, _) in tfidf.counts(texts)?.into_iter().flatten() {
            df[j] += 1.0;
        }
        let n = texts.len() as f32;
        tfidf.idf = df.mapv(|d| ((1.0 + n) / (1.0 + d)).ln() + 1.0);
        Ok(tfidf)
    }

    /// TF-IDF with a known vocabulary and idf (one weight per term), e.g. read from a file.
    pub fn new(terms: Vec<String>, idf: Array1<f32>) -> Result<Self> {
        if terms.len() != idf.len() {
            return Err(Error::Train(format!("{} terms but {} idf weights", terms.len(), idf.len())));
        }
        let counter = counting().fit_vocabulary(&terms).map_err(tfidf_error)?;
        if counter.vocabulary().len() != terms.len() {
            return Err(Error::Train("a term is listed twice".into()));
        }
        let position: HashMap<&str, usize> = terms.iter().enumerate().map(|(i, t)| (t.as_str(), i)).collect();
        let column = counter.vocabulary().iter().map(|term| position[term.as_str()]).collect();
        Ok(TfIdf {
            counter,
            column,
            terms,
            idf,
        })
    }

    /// The terms, in column order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The idf weight of each term, in column order.
    pub fn idf(&self) -> &Array1<f32> {
        &self.idf
    }

    /// One row per text, sparse: (column, (1 + ln tf) · idf) for the terms it contains, in
    /// column order, scaled to unit length (a text with no known term has no entry). Sparse
    /// because a sentence holds a few dozen of the thousands of terms.
    pub fn rows(&self, texts: &[&str]) -> Result<Vec<SparseRow>> {
        let mut rows = self.counts(texts)?;
        for row in &mut rows {
            for (j, x) in row.iter_mut() {
                *x = (1.0 + x.ln()) * self.idf[*j];
            }
            let norm = row.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            row.iter_mut().for_each(|(_, x)| *x /= norm);
        }
        Ok(rows)
    }

    /// How often each term occurs in each text, as (column, count), in column order.
    fn counts(&self, texts: &[&str]) -> Result<Vec<SparseRow>> {
        let counts = self.counter.transform(&owned(texts)).map_err(tfidf_error)?;
        Ok(counts
            .outer_iterator()
            .map(|row| {
                let mut row: SparseRow = row.iter().map(|(j, &count)| (self.column[j], count as f32)).collect();
                row.sort_unstable_by_key(|&(j, _)| j);
                row
            })
            .collect())
    }
}

fn owned(texts: &[&str]) -> Array1<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

fn tfidf_error(e: linfa_preprocessing::PreprocessingError) -> Error {
    Error::Train(format!("TF-IDF features: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 4] = [
        "States call for new rules of conduct in cyberspace.",
        "Existing international law applies in cyberspace.",
        "The rules of conduct should be adopted by the United Nations.",
        "Delegations thanked the host for the workshop.",
    ];

    #[test]
    fn columns_are_the_sorted_terms_seen_in_two_texts_and_rows_have_unit_length() {
        let tfidf = TfIdf::fit(&TEXTS).unwrap();
        let mut sorted = tfidf.terms().to_vec();
        sorted.sort();
        assert_eq!(tfidf.terms(), sorted.as_slice());
        for term in ["rules of", "of conduct", "cyberspace", "the"] {
            assert!(tfidf.terms().iter().any(|t| t == term), "{term} in {:?}", tfidf.terms());
        }
        assert!(!tfidf.terms().iter().any(|t| t == "workshop"), "seen once only");
        for row in tfidf.rows(&TEXTS).unwrap() {
            let norm: f32 = row.iter().map(|(_, x)| x * x).sum();
            assert!((norm - 1.0).abs() < 1e-5, "{row:?}");
            assert!(row.windows(2).all(|w| w[0].0 < w[1].0), "{row:?}");
        }
        assert_eq!(tfidf.rows(&["Zebras graze."]).unwrap(), vec![vec![]]);
    }

    #[test]
    fn a_vocabulary_read_back_gives_the_same_features() {
        let fitted = TfIdf::fit(&TEXTS).unwrap();
        let read_back = TfIdf::new(fitted.terms().to_vec(), fitted.idf().clone()).unwrap();
        let probe = ["New rules of conduct, not existing law, for cyberspace.", TEXTS[1]];
        assert_eq!(fitted.rows(&probe).unwrap(), read_back.rows(&probe).unwrap());
        assert_eq!(TfIdf::fit(&TEXTS).unwrap().rows(&probe).unwrap(), fitted.rows(&probe).unwrap());
    }

    #[test]
    fn a_term_listed_twice_or_an_idf_missing_is_refused() {
        let twice = vec!["law".to_string(), "law".to_string()];
        assert!(TfIdf::new(twice, Array1::ones(2)).is_err());
        assert!(TfIdf::new(vec!["law".to_string()], Array1::ones(2)).is_err());
    }
}

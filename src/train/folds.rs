//! Cross-validation grouped by document (or by a group of documents, see
//! `commands::learn`'s `record_groups`): all sentences of a group sit in the same fold, so a
//! model is never scored on a document it has seen part of.

use crate::error::{Error, Result};
use crate::types::AxisProbs;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Assigns each sample to one of `k` folds by its group (document), each group in turn to the
/// fold with the fewest samples so far (ties to the lowest fold), so folds come out about the
/// same size. With `seed` 0 the groups go largest first, ties by name; with another seed, in an
/// order drawn from a hash of the seed and the name, so that cross-validation can be repeated
/// over other splits. Either way the assignment depends only on the groups and the seed, never
/// on their order.
pub fn grouped_folds(groups: &[&str], k: usize, seed: u64) -> Result<Vec<usize>> {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for group in groups {
        *sizes.entry(group).or_default() += 1;
    }
    if k < 2 || sizes.len() < k {
        let fewer_folds = match sizes.len() {
            0 | 1 => String::new(),
            n => format!(", or pass --folds K with 2 <= K <= {n}"),
        };
        return Err(Error::Train(format!(
            "{k}-fold cross-validation needs at least {} annotated documents (records that share a sentence \
             count as one), found {}\n  fix: annotate sentences of more documents{fewer_folds}",
            k.max(2),
            sizes.len(),
        )));
    }
    let mut order: Vec<(&str, usize)> = sizes.into_iter().collect();
    match seed {
        0 => order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0))),
        _ => order.sort_by_cached_key(|(group, _)| Sha256::digest(format!("{seed}\x1f{group}"))),
    }
    let mut fold_sizes = vec![0usize; k];
    let mut fold_of_group: BTreeMap<&str, usize> = BTreeMap::new();
    for (group, size) in order {
        let fold = (0..k).min_by_key(|&f| (fold_sizes[f], f)).unwrap_or(0);
        fold_sizes[fold] += size;
        fold_of_group.insert(group, fold);
    }
    Ok(groups.iter().map(|g| fold_of_group[g]).collect())
}

/// Out-of-fold predictions: for each fold, `fit_predict(train, test)` is called with the
/// indices of the other folds' samples and of this fold's, and must return `[axis][test
/// sample]` probabilities. The result is `[axis][sample]`, every sample predicted by a model
/// that never saw its document.
pub fn out_of_fold(
    fold_of: &[usize],
    k: usize,
    mut fit_predict: impl FnMut(&[usize], &[usize]) -> Result<Vec<Vec<AxisProbs>>>,
) -> Result<Vec<Vec<AxisProbs>>> {
    let mut out: Vec<Vec<Option<AxisProbs>>> = Vec::new();
    for fold in 0..k {
        let (test, train): (Vec<usize>, Vec<usize>) = (0..fold_of.len()).partition(|&i| fold_of[i] == fold);
        let predicted = fit_predict(&train, &test)?;
        out.resize(predicted.len(), vec![None; fold_of.len()]);
        for (axis, probs) in predicted.into_iter().enumerate() {
            for (&i, p) in test.iter().zip(probs) {
                out[axis][i] = Some(p);
            }
        }
    }
    // Every sample is in exactly one fold, so every slot was filled, unless a fold's
    // predictions were short (or `fold_of` names a fold >= k): then say so rather than shift
    // every later sample's prediction onto the wrong sample.
    out.into_iter()
        .map(|axis| {
            axis.into_iter()
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| Error::Train("cross-validation left a sample without a held-out prediction".into()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_never_straddles_two_folds_and_folds_are_balanced() {
        let groups = ["a", "a", "a", "b", "b", "c", "c", "d", "e", "e"];
        for seed in [0, 1, 2, 3] {
            let folds = grouped_folds(&groups, 3, seed).unwrap();
            for (i, g) in groups.iter().enumerate() {
                for (j, h) in groups.iter().enumerate() {
                    if g == h {
                        assert_eq!(folds[i], folds[j]);
                    }
                }
            }
            let mut sizes = [0; 3];
            for f in &folds {
                sizes[*f] += 1;
            }
            // Largest first balances to within one; any order to within the largest group.
            let spread = if seed == 0 { 1 } else { 3 };
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= spread, "seed {seed}: {sizes:?}");
        }
    }

    #[test]
    fn a_seed_draws_another_split_and_always_the_same_one() {
        let groups: Vec<String> = (0..40).map(|i| format!("doc{i}")).collect();
        let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
        let split = |seed| grouped_folds(&groups, 5, seed).unwrap();
        assert_eq!(split(7), split(7));
        assert_ne!(split(0), split(7));
        assert_ne!(split(7), split(8));
    }

    #[test]
    fn every_sample_is_predicted_once_by_a_fit_that_never_saw_its_fold() {
        let fold_of = [0, 1, 2, 0, 1, 2, 2];
        let mut tested = Vec::new();
        let out = out_of_fold(&fold_of, 3, |train, test| {
            assert!(train.iter().all(|&i| !test.iter().any(|&j| fold_of[i] == fold_of[j])), "{train:?} {test:?}");
            assert_eq!(train.len() + test.len(), fold_of.len());
            tested.extend_from_slice(test);
            // each test sample's prediction says which sample it is for
            Ok(vec![test.iter().map(|&i| AxisProbs { left: i as f32, right: 0.0, none: 0.0 }).collect()])
        })
        .unwrap();
        tested.sort();
        assert_eq!(tested, (0..fold_of.len()).collect::<Vec<_>>());
        let for_sample: Vec<f32> = out[0].iter().map(|p| p.left).collect();
        assert_eq!(for_sample, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        // a fit that returns too few predictions is an error, not a shifted column
        let short = out_of_fold(&fold_of, 3, |_, test| Ok(vec![vec![AxisProbs::NONE; test.len() - 1]]));
        assert!(short.is_err());
    }

    #[test]
    fn fewer_documents_than_folds_is_an_error_with_a_fix_that_can_be_followed() {
        let err = grouped_folds(&["a", "b"], 3, 0).unwrap_err().to_string();
        assert!(err.ends_with("or pass --folds K with 2 <= K <= 2"), "{err}");
        // One document: no number of folds would do.
        let err = grouped_folds(&["a", "a"], 2, 0).unwrap_err().to_string();
        assert!(err.ends_with("fix: annotate sentences of more documents"), "{err}");
    }
}

//! Cross-validation grouped by document (or by a group of documents, see
//! `commands::learn`'s `record_groups`): all sentences of a group sit in the same fold, so a
//! model is never scored on a document it has seen part of.

use crate::error::{Error, Result};
use crate::types::AxisProbs;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Assigns each sample to one of `k` folds by its group (document). A group's fold is drawn
/// from a hash of `seed` and the group's name and depends on nothing else, so annotating more
/// records, or more sentences of one, moves no other record to another fold: figures measured
/// before and after differ by what changed, not by a new split. (A new record that shares a
/// sentence or a delegation with a group joins it, and the group follows its first record by
/// name: the one case where others move.) Folds hold about the same number of groups, not of
/// samples. Should the hash leave a fold empty (likely only with few groups), it takes the first
/// group of the fold with the most, so that every fold is tested.
pub fn grouped_folds(groups: &[&str], k: usize, seed: u64) -> Result<Vec<usize>> {
    let names: BTreeSet<&str> = groups.iter().copied().collect();
    if k < 2 || names.len() < k {
        let fewer_folds = match names.len() {
            0 | 1 => String::new(),
            n => format!(", or pass --folds K with 2 <= K <= {n}"),
        };
        return Err(Error::Train(format!(
            "{k}-fold cross-validation needs at least {} annotated documents (records that share a sentence \
             or a delegation count as one), found {}\n  fix: annotate sentences of more documents{fewer_folds}",
            k.max(2),
            names.len(),
        )));
    }
    let draw = |group: &str| {
        let digest = Sha256::digest(format!("{seed}\x1f{group}"));
        let value = digest.iter().take(8).fold(0u64, |acc, byte| acc << 8 | u64::from(*byte));
        (value % k as u64) as usize
    };
    let mut fold_of_group: BTreeMap<&str, usize> = names.iter().map(|&group| (group, draw(group))).collect();
    let mut counts = vec![0usize; k];
    fold_of_group.values().for_each(|&fold| counts[fold] += 1);
    let empty_folds: Vec<usize> = (0..k).filter(|&fold| counts[fold] == 0).collect();
    for empty in empty_folds {
        // At least k groups in at most k - 1 folds: the fullest holds two or more.
        let fullest = (0..k).max_by_key(|&fold| (counts[fold], std::cmp::Reverse(fold))).unwrap_or(0);
        if let Some(moved) = fold_of_group.values_mut().find(|fold| **fold == fullest) {
            *moved = empty;
            counts[fullest] -= 1;
            counts[empty] += 1;
        }
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
    fn a_document_never_straddles_two_folds_and_every_fold_is_tested() {
        let groups = ["a", "a", "a", "b", "b", "c", "c", "d", "e", "e"];
        // Five groups in three folds: some seeds' hashes leave a fold empty, which must be filled.
        for seed in 0..50 {
            let folds = grouped_folds(&groups, 3, seed).unwrap();
            for (i, g) in groups.iter().enumerate() {
                for (j, h) in groups.iter().enumerate() {
                    if g == h {
                        assert_eq!(folds[i], folds[j]);
                    }
                }
            }
            let used: BTreeSet<usize> = folds.iter().copied().collect();
            assert_eq!(used, BTreeSet::from([0, 1, 2]), "seed {seed}: {folds:?}");
        }
    }

    #[test]
    fn more_records_move_no_other_record_to_another_fold() {
        let names: Vec<String> = (0..1000).map(|i| format!("doc{i}")).collect();
        let before: Vec<&str> = names[..900].iter().map(String::as_str).collect();
        let after: Vec<&str> = names.iter().map(String::as_str).collect();
        let (old, new) = (grouped_folds(&before, 5, 0).unwrap(), grouped_folds(&after, 5, 0).unwrap());
        assert_eq!(old[..], new[..900]);
        // and the folds come out of about the same number of records (200 each on average)
        let mut sizes = [0; 5];
        new.iter().for_each(|&f| sizes[f] += 1);
        assert!(sizes.iter().all(|&n| (150..=250).contains(&n)), "{sizes:?}");
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

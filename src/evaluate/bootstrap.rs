//! How much a figure could move with other records of the same kind: a 90% percentile
//! bootstrap, resampling whole groups (delegations for the cell figures, records for the
//! sentence figures) with replacement, so that sentences of one record never count as
//! independent evidence.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Resamples per interval.
const RESAMPLES: usize = 1000;
/// The same seed every time: the same input gives the same interval.
const SEED: u64 = 20261201;

/// The 5th and 95th percentiles of `statistic` over resamples of `groups`; NaN when there are
/// no groups or the statistic is undefined on every resample.
pub fn interval<G>(groups: &[G], statistic: impl Fn(&[&G]) -> f64) -> (f64, f64) {
    if groups.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut values: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            let sample: Vec<&G> = (0..groups.len()).map(|_| &groups[rng.random_range(0..groups.len())]).collect();
            statistic(&sample)
        })
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.05), at(0.95))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_holds_the_mean_and_narrows_with_more_groups() {
        let mean = |sample: &[&f64]| sample.iter().copied().sum::<f64>() / sample.len() as f64;
        let few: Vec<f64> = (0..10).map(|i| f64::from(i % 2)).collect();
        let many: Vec<f64> = (0..1000).map(|i| f64::from(i % 2)).collect();
        let (lo, hi) = interval(&few, mean);
        assert!(lo < 0.5 && 0.5 < hi, "{lo} {hi}");
        let (lo_many, hi_many) = interval(&many, mean);
        assert!(hi_many - lo_many < (hi - lo) / 3.0, "{lo_many} {hi_many}");
        assert!(interval::<f64>(&[], mean).0.is_nan());
    }
}

//! One head: a multinomial logistic regression with an L2 penalty, fitted by argmin's L-BFGS
//! with a More-Thuente line search (what linfa-logistic runs), on features that are partly
//! dense (the embedding) and mostly sparse (a sentence has a few dozen TF-IDF terms out of
//! thousands). The loss and gradient below read the sparse part as it is instead of as a dense
//! matrix, so a fit reads a tenth of the bytes. The dense part is read a sample at a time too,
//! with the weights held class by class: a general matrix product (`ndarray`'s `dot`, i.e.
//! `matrixmultiply`) first copies the whole sample matrix into packed panels, and with three
//! classes that copy took five times as long as the product (perf on `stance eval --learning-curve 0`,
//! 2026-12-03: 48% of the run in the packing, 10% in the product). With that, and the
//! log-probabilities of a point shared by its cost and its gradient, that run took 242 s
//! instead of 366 s (beside another `stance eval`), its table unchanged; in `make test`'s
//! quality floor every figure stayed the same and 28 of 14,166 sentences' probabilities moved
//! by 0.0001 (sums in another order).
//!
//! Objective (as linfa-logistic's, with a weight per sample): sum over samples of weight ×
//! (log-sum-exp of the logits − the logit of its class) + alpha/2 × |W|², the intercept not
//! penalised. Classes absent from the samples are left out of the fit.

use crate::classify::SparseRow;
use crate::error::{Error, Result};
use argmin::core::{CostFunction, Executor, Gradient};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::{s, Array1, Array2, ArrayView2, Axis};
use std::sync::Mutex;

/// L-BFGS stops after this many iterations if the gradient has not vanished before.
const MAX_ITERATIONS: u64 = 1000;
/// ... or when the gradient's norm falls below this (linfa-logistic's default).
const GRADIENT_TOLERANCE: f64 = 1e-4;
/// Past gradients L-BFGS keeps.
const MEMORY: usize = 10;

/// The training samples of one head: features, class (0..classes) and weight of each.
pub struct Samples<'a> {
    /// One row per sample (it may have no columns: TF-IDF features alone).
    pub dense: ArrayView2<'a, f32>,
    /// One row per sample (empty rows: embedding features alone).
    pub sparse: Vec<&'a SparseRow>,
    /// How many sparse columns there are.
    pub sparse_columns: usize,
    pub classes: Vec<usize>,
    pub weights: Vec<f64>,
}

/// The fitted head: `weights` (one row per feature column, dense then sparse; one column per
/// class) and `bias` (one per class).
pub struct Fitted {
    pub weights: Array2<f64>,
    pub bias: Array1<f64>,
}

/// Fits `samples` with `n_classes` classes (all present) and L2 penalty `alpha`.
pub fn fit(samples: &Samples, n_classes: usize, alpha: f64) -> Result<Fitted> {
    let problem = Problem {
        dense: samples.dense.mapv(f64::from),
        sparse: samples.sparse.iter().map(|row| row.iter().map(|&(j, v)| (j, f64::from(v))).collect()).collect(),
        sparse_columns: samples.sparse_columns,
        classes: samples.classes.clone(),
        weights: samples.weights.clone(),
        n_classes,
        alpha,
        last: Mutex::new(None),
    };
    let parameters = (problem.dense.ncols() + problem.sparse_columns + 1) * n_classes;
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), MEMORY)
        .with_tolerance_grad(GRADIENT_TOLERANCE)
        .map_err(|e| Error::Train(format!("logistic regression: {e}")))?;
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(Array1::zeros(parameters)).max_iters(MAX_ITERATIONS))
        .run()
        .map_err(|e| Error::Train(format!("logistic regression did not fit: {e}")))?;
    let best = result
        .state
        .best_param
        .ok_or_else(|| Error::Train("logistic regression did not fit: no parameters".into()))?;
    let rows = parameters / n_classes;
    let matrix = best
        .into_shape_with_order((rows, n_classes))
        .map_err(|e| Error::Train(format!("logistic regression: {e}")))?;
    Ok(Fitted {
        weights: matrix.slice(s![..rows - 1, ..]).to_owned(),
        bias: matrix.row(rows - 1).to_owned(),
    })
}

struct Problem {
    dense: Array2<f64>,
    sparse: Vec<Vec<(usize, f64)>>,
    sparse_columns: usize,
    classes: Vec<usize>,
    weights: Vec<f64>,
    n_classes: usize,
    alpha: f64,
    /// The parameters last costed and their log-probabilities: the line search asks for the
    /// cost and then the gradient at each point it tries, and both start from these, the
    /// costliest part of either.
    last: Mutex<Option<(Array1<f64>, Array2<f64>)>>,
}

impl Problem {
    /// The parameters as (feature columns + intercept) × classes.
    fn matrix<'a>(&self, w: &'a Array1<f64>) -> ndarray::ArrayView2<'a, f64> {
        let rows = w.len() / self.n_classes;
        w.view().into_shape_with_order((rows, self.n_classes)).expect("parameters are rows × classes")
    }

    /// Each sample's class probabilities (log-softmax of its logits), and the log-sum-exp.
    fn log_probabilities(&self, w: &Array1<f64>) -> Array2<f64> {
        let matrix = self.matrix(w);
        let dense_columns = self.dense.ncols();
        let intercept = matrix.nrows() - 1;
        // The dense weights a class per row, each row contiguous.
        let by_class = matrix.slice(s![..dense_columns, ..]).reversed_axes().as_standard_layout().into_owned();
        let mut logits = Array2::<f64>::zeros((self.dense.nrows(), self.n_classes));
        for ((mut logit, x), row) in logits.rows_mut().into_iter().zip(self.dense.rows()).zip(&self.sparse) {
            for (z, w) in logit.iter_mut().zip(by_class.rows()) {
                *z = x.dot(&w);
            }
            for &(j, v) in row {
                logit.scaled_add(v, &matrix.row(dense_columns + j));
            }
        }
        logits += &matrix.row(intercept);
        for mut logit in logits.rows_mut() {
            let max = logit.fold(f64::NEG_INFINITY, |m, &z| m.max(z));
            let lse = max + logit.mapv(|z| (z - max).exp()).sum().ln();
            logit -= lse;
        }
        logits
    }

    fn penalty_rows(&self, w: &Array1<f64>) -> usize {
        w.len() / self.n_classes - 1
    }
}

impl CostFunction for Problem {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, w: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
        let log_p = self.log_probabilities(w);
        let loss: f64 = self
            .classes
            .iter()
            .zip(&self.weights)
            .enumerate()
            .map(|(i, (&c, &weight))| -weight * log_p[[i, c]])
            .sum();
        let penalised = self.matrix(w).slice(s![..self.penalty_rows(w), ..]).mapv(|x| x * x).sum();
        if let Ok(mut last) = self.last.lock() {
            *last = Some((w.clone(), log_p));
        }
        Ok(loss + 0.5 * self.alpha * penalised)
    }
}

impl Gradient for Problem {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, w: &Self::Param) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        // d loss / d logits = weight × (softmax − one-hot), a row per sample.
        let costed = self.last.lock().ok().and_then(|mut last| last.take()).filter(|(at, _)| at == w);
        let log_p = costed.map_or_else(|| self.log_probabilities(w), |(_, log_p)| log_p);
        let mut diff = log_p.mapv_into(f64::exp);
        for (i, (&c, &weight)) in self.classes.iter().zip(&self.weights).enumerate() {
            diff[[i, c]] -= 1.0;
            diff.row_mut(i).mapv_inplace(|d| d * weight);
        }
        let dense_columns = self.dense.ncols();
        let rows = self.penalty_rows(w) + 1;
        let mut grad = Array2::<f64>::zeros((rows, self.n_classes));
        let mut dense_by_class = Array2::<f64>::zeros((self.n_classes, dense_columns));
        for (x, d) in self.dense.rows().into_iter().zip(diff.rows()) {
            for (mut g, &dc) in dense_by_class.rows_mut().into_iter().zip(d) {
                g.scaled_add(dc, &x);
            }
        }
        grad.slice_mut(s![..dense_columns, ..]).assign(&dense_by_class.t());
        for (row, d) in self.sparse.iter().zip(diff.rows()) {
            for &(j, v) in row {
                grad.row_mut(dense_columns + j).scaled_add(v, &d);
            }
        }
        grad.row_mut(rows - 1).assign(&diff.sum_axis(Axis(0)));
        let penalised = self.matrix(w).slice(s![..rows - 1, ..]).to_owned();
        grad.slice_mut(s![..rows - 1, ..]).scaled_add(self.alpha, &penalised);
        Ok(grad.into_shape_with_order(w.len()).expect("the gradient has the parameters' shape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six samples with two dense and three sparse columns, three classes, unequal weights.
    fn samples() -> (Array2<f32>, Vec<SparseRow>, Vec<usize>, Vec<f64>) {
        let dense = Array2::from_shape_vec((6, 2), vec![0.5, -1.0, 1.5, 0.2, -0.3, 0.8, 0.0, 1.1, -1.2, -0.4, 0.7, 0.9]).unwrap();
        let sparse = vec![vec![(0, 0.6)], vec![], vec![(1, 0.3), (2, 0.8)], vec![(0, 0.2), (2, 0.5)], vec![(1, 1.0)], vec![]];
        (dense, sparse, vec![0, 1, 2, 0, 1, 2], vec![1.0, 3.0, 0.5, 2.0, 1.0, 1.5])
    }

    fn problem(alpha: f64) -> Problem {
        let (dense, sparse, classes, weights) = samples();
        Problem {
            dense: dense.mapv(f64::from),
            sparse: sparse.iter().map(|row| row.iter().map(|&(j, v)| (j, f64::from(v))).collect()).collect(),
            sparse_columns: 3,
            classes,
            weights,
            n_classes: 3,
            alpha,
            last: Mutex::new(None),
        }
    }

    #[test]
    fn the_gradient_is_the_cost_s_derivative() {
        let problem = problem(0.3);
        // (2 dense + 3 sparse + intercept) × 3 classes, values spread over [-0.7, 0.7]
        let w: Array1<f64> = (0..18).map(|i| f64::from((i * 37 % 11) as u8) / 7.0 - 0.7).collect();
        let analytic = problem.gradient(&w).unwrap();
        // the same through the log-probabilities the cost leaves for it
        problem.cost(&w).unwrap();
        assert_eq!(problem.gradient(&w).unwrap(), analytic);
        let eps = 1e-6;
        for i in 0..w.len() {
            let (mut up, mut down) = (w.clone(), w.clone());
            up[i] += eps;
            down[i] -= eps;
            let numeric = (problem.cost(&up).unwrap() - problem.cost(&down).unwrap()) / (2.0 * eps);
            assert!((numeric - analytic[i]).abs() < 1e-6, "parameter {i}: {numeric} against {}", analytic[i]);
        }
    }

    #[test]
    fn a_huge_penalty_leaves_the_intercept_at_the_weighted_class_shares() {
        let (dense, sparse, classes, weights) = samples();
        let fitted = fit(
            &Samples {
                dense: dense.view(),
                sparse: sparse.iter().collect(),
                sparse_columns: 3,
                classes: classes.clone(),
                weights: weights.clone(),
            },
            3,
            1e9,
        )
        .unwrap();
        assert!(fitted.weights.iter().all(|w| w.abs() < 1e-6), "{}", fitted.weights);
        // softmax(bias) = each class's share of the sample weight (the intercept is not penalised)
        let total: f64 = weights.iter().sum();
        let exp = fitted.bias.mapv(f64::exp);
        for class in 0..3 {
            let share: f64 = classes.iter().zip(&weights).filter(|(&c, _)| c == class).map(|(_, w)| w).sum::<f64>() / total;
            assert!((exp[class] / exp.sum() - share).abs() < 1e-3, "class {class}: {} against {share}", exp[class] / exp.sum());
        }
    }
}

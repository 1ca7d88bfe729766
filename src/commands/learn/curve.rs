//! `stance eval --learning-curve`: does annotating what `stance suggest` chooses save
//! annotation? Simulated on the annotated pool, once per cross-validation fold: the records of
//! that fold are held out; the other folds' sentences that a run would classify (those in scope)
//! are the pool, their labels hidden until chosen. From a random seed of [`SEED_SENTENCES`],
//! [`STEP_SENTENCES`] more are "annotated" at a time, chosen under the current heads by each of
//! `stance suggest`'s selections ([`choose`]) or at random; after each step the heads are
//! refitted and the held-out records' cells decided. A point of the curve pools the held-out
//! cells of every fold at that step (as `stance eval` pools its folds): one fold's cells hold
//! too few of the rarer labels for a stable macro-F1. Every run is repeated with [`SEEDS`]
//! seeds.

use super::examples::Examples;
use super::scoring::Scoring;
use super::{CellFolds, Learning};
use crate::axes::Axes;
use crate::commands::suggest::choose;
use crate::config::{EvalConfig, Selection};
use crate::error::Result;
use crate::evaluate::cells::{CellScores, DelegationCells, CELL_FIGURES};
use crate::output;
use crate::progress;
use crate::report::chart;
use crate::train::Learner;
use crate::types::{AxisProbs, CellRule};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use polars::prelude::*;
use rand::SeedableRng;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// The learning curve's files (in the eval's output folder).
const LEARNING_CURVE: &str = "learning_curve";
const LEARNING_CURVE_CSV: &str = "learning_curve.csv";

/// Sentences annotated before the first fit, chosen at random.
pub const SEED_SENTENCES: usize = 100;
/// Sentences added at each step.
pub const STEP_SENTENCES: usize = 50;
/// Runs per strategy, each with its own random seed.
pub const SEEDS: u64 = 3;

/// How the next sentences to annotate are chosen: as `stance suggest` chooses, or at random.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Suggest(Selection),
    Random,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [Strategy::Suggest(Selection::Margin), Strategy::Suggest(Selection::Poles), Strategy::Random];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::Suggest(Selection::Margin) => "uncertainty sampling (stance suggest --select margin)",
            Strategy::Suggest(Selection::Poles) => "likeliest stances, pole by pole (stance suggest)",
            Strategy::Random => "random choice",
        }
    }
}

/// One point of a run: after `annotated` sentences, the held-out cells' figures.
#[derive(Debug, Clone)]
pub struct CurvePoint {
    pub strategy: Strategy,
    pub seed: u64,
    pub annotated: usize,
    pub cells: CellScores,
}

/// `stance eval --learning-curve`: the simulation of [`simulate`], its table and its picture.
pub fn learning_curve(config: &EvalConfig, steps: usize) -> Result<Vec<PathBuf>> {
    let learn = &config.learn;
    output::prepare_out_dir(&learn.out_dir)?;
    let learning = Learning::load(learn, &config.train_on)?;
    let (data, axes, scoring) = (&learning.data, &learning.axes, learning.scoring());
    let folds = CellFolds::new(data, &scoring, learn.settings.folds, config.fold_seed)?;
    let (points, simulated) = simulate(data, &scoring, axes, &folds, steps, learn.settings.l2)?;
    if simulated < steps {
        learning.diag.note(&format!(
            "the annotated pool is used up after {simulated} step(s) of {STEP_SENTENCES} sentences: the curve stops there ({steps} asked)"
        ));
    }

    let mut table = df!(
        "strategy" => points.iter().map(|p| p.strategy.name()).collect::<Vec<_>>(),
        "seed" => points.iter().map(|p| p.seed).collect::<Vec<_>>(),
        "annotated" => points.iter().map(|p| p.annotated as u32).collect::<Vec<_>>(),
        "delegations" => points.iter().map(|p| p.cells.delegations as u32).collect::<Vec<_>>(),
    )?;
    for (name, figure) in CELL_FIGURES {
        table.with_column(Column::new(name.into(), points.iter().map(|p| figure(&p.cells)).collect::<Vec<_>>()))?;
    }
    let csv = learn.out_dir.join(LEARNING_CURVE_CSV);
    output::write_csv(&mut table, &csv)?;
    let plot = chart::CurvePlot {
        title: format!(
            "Learning curve: {} seed sentences, then {} at a time ({} folds pooled, {} runs each)",
            SEED_SENTENCES,
            STEP_SENTENCES,
            folds.k,
            SEEDS
        ),
        x_label: "sentences annotated (besides the authored examples)".into(),
        y_label: "cell macro-F1 on the held-out records".into(),
        series: Strategy::ALL
            .iter()
            .map(|&strategy| {
                let mut by_size: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
                for p in points.iter().filter(|p| p.strategy == strategy) {
                    by_size.entry(p.annotated).or_default().push(p.cells.macro_f1());
                }
                let line = by_size
                    .into_iter()
                    .map(|(n, f1s)| {
                        let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
                        let (lo, hi) = f1s.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &f| (lo.min(f), hi.max(f)));
                        (n as f64, mean, lo, hi)
                    })
                    .collect();
                (strategy.name().to_string(), line)
            })
            .collect(),
    };
    let svg = learn.out_dir.join(format!("{LEARNING_CURVE}.svg"));
    output::write_text(&svg, &chart::svg(&plot)?)?;
    let png = learn.out_dir.join(format!("{LEARNING_CURVE}.png"));
    chart::stage_png(&plot, &png)?.commit()?;
    for (name, line) in &plot.series {
        let last = line.last().map_or(f64::NAN, |p| p.1);
        let first = line.first().map_or(f64::NAN, |p| p.1);
        let at = |point: Option<&(f64, f64, f64, f64)>| point.map_or(0.0, |p| p.0);
        println!("{name}: cell macro-F1 {first:.3} at {} sentences, {last:.3} at {}", at(line.first()), at(line.last()));
    }
    learning.diag.print_summary();
    let written = vec![csv, svg, png];
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    Ok(written)
}

/// The simulation: `steps` steps after the seed (fewer, if the largest fold's pool is used up
/// before: steps past it repeated the last point at a full step's cost), for each strategy and
/// seed, each fold of `folds` held out in turn; with the steps simulated.
pub fn simulate(data: &Examples, scoring: &Scoring, axes: &Axes, folds: &CellFolds, steps: usize, l2: f64) -> Result<(Vec<CurvePoint>, usize)> {
    let train_only: Vec<usize> = (data.scored..data.sentences.len()).collect();
    let all_scored: Vec<usize> = (0..data.scored).collect();
    let training = data.training_set(axes);
    // Each fold's pool: the in-scope annotated sentences of the other folds' records.
    let pools: Vec<Vec<usize>> = (0..folds.k)
        .map(|held_out| (0..data.scored).filter(|&i| folds.of_example[i] != held_out && scoring.in_scope[i]).collect())
        .collect();
    let largest_pool = pools.iter().map(Vec::len).max().unwrap_or(0);
    let steps = steps.min(largest_pool.saturating_sub(SEED_SENTENCES).div_ceil(STEP_SENTENCES));
    let runs = folds.k as u64 * Strategy::ALL.len() as u64 * SEEDS * (steps as u64 + 1);
    let bar = progress::bar(runs, "learning curve");
    // (strategy, seed, step) -> the held-out cells of every fold so far, and the sentences
    // annotated at that step summed over the folds.
    let mut pooled: BTreeMap<(usize, u64, usize), (Vec<DelegationCells>, usize)> = BTreeMap::new();
    for (held_out, pool) in pools.iter().enumerate() {
        for (s, &strategy) in Strategy::ALL.iter().enumerate() {
            for seed in 0..SEEDS {
                let mut rng = StdRng::seed_from_u64(seed);
                let mut order = pool.clone();
                order.shuffle(&mut rng);
                let mut annotated: Vec<usize> = order.iter().copied().take(SEED_SENTENCES).collect();
                for step in 0..=steps {
                    let train: Vec<usize> = annotated.iter().chain(&train_only).copied().collect();
                    let predicted = Learner::SHIPPED.fit_predict(&training, &train, &all_scored, l2)?;
                    let cells = scoring.cells(axes, &predicted, &CellRule::default())?;
                    let point = pooled.entry((s, seed, step)).or_default();
                    point.0.extend(cells.into_iter().enumerate().filter(|(d, _)| folds.of_delegation[*d] == held_out).map(|(_, c)| c));
                    point.1 += annotated.len();
                    bar.inc(1);
                    if step < steps {
                        let chosen: HashSet<usize> = annotated.iter().copied().collect();
                        let unlabelled = order.iter().copied().filter(|i| !chosen.contains(i));
                        annotated.extend(next_batch(strategy, unlabelled, &predicted));
                    }
                }
            }
        }
    }
    bar.finish_and_clear();
    let points = pooled
        .into_iter()
        .map(|((s, seed, _), (cells, annotated))| CurvePoint {
            strategy: Strategy::ALL[s],
            seed,
            // The mean over the folds: the same number in each, unless a fold's pool runs out.
            annotated: annotated / folds.k,
            cells: CellScores::new(&cells),
        })
        .collect();
    Ok((points, steps))
}

/// The next [`STEP_SENTENCES`] of `unlabelled` (in the run's random order) to annotate.
fn next_batch(strategy: Strategy, unlabelled: impl Iterator<Item = usize>, predicted: &[Vec<AxisProbs>]) -> Vec<usize> {
    match strategy {
        Strategy::Random => unlabelled.take(STEP_SENTENCES).collect(),
        Strategy::Suggest(selection) => {
            let unlabelled: Vec<usize> = unlabelled.collect();
            let probs: Vec<Vec<AxisProbs>> = unlabelled.iter().map(|&i| predicted.iter().map(|axis| axis[i]).collect()).collect();
            let probs: Vec<&[AxisProbs]> = probs.iter().map(Vec::as_slice).collect();
            choose(selection, &probs, STEP_SENTENCES).into_iter().map(|k| unlabelled[k]).collect()
        }
    }
}

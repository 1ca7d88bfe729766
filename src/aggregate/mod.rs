//! Stage 5: from classified sentences to the tables analysts read, with polars.
//!
//! - the statement table: a row per sentence of every statement, with its labels and
//!   probabilities on every axis;
//! - the stance table (long): a row per (conference, delegation, axis);
//! - the wide table: a row per (conference, delegation), a label and a score column per axis.
//!
//! How a delegation's stance is computed (see also ../CODEBOOK.md, "Delegation stance"): the
//! sentences of its in-scope statements (those that mention what the axes are about, see
//! `[scope]` in models/axes.toml) that address the axis (most probable class not "none") each give
//! their share p_right / (p_left + p_right); their mean p gives the score 2p - 1 in [-1, 1];
//! the 90% interval is Wilson's for p with n = the number of those sentences, mapped the same
//! way; the label is the left pole at score <= -1/3, the right pole at >= 1/3, `mixed` between,
//! and `not_addressed` when no sentence addresses the axis (then score and interval are empty).
//! The evidence is the sentence that most probably takes the side the score leans to.
//!
//! Invariants: rows are sorted (conference, delegation, axis in config order), so the same input
//! gives the same tables; unattributed statements appear in the statement table only.

use crate::axes::{Axes, NONE_LABEL};
use crate::error::Result;
use crate::types::{AttributedDocument, AxisProbs, Document, Sentence, Side, Statement};
use polars::prelude::*;

/// z for a two-sided 90% interval.
const Z_90: f64 = 1.644_853_626_951_472_2;
/// Scores at or beyond this distance from 0 take a pole's label; nearer 0 is `mixed`.
const LABEL_THRESHOLD: f64 = 1.0 / 3.0;

pub const NOT_ADDRESSED: &str = "not_addressed";
pub const MIXED: &str = "mixed";

/// One sentence of one statement, in output order.
pub struct SentenceRow<'a> {
    pub doc: &'a Document,
    /// Statement number, unique across the run (a run numbers conference after conference).
    pub number: u32,
    pub statement: &'a Statement,
    pub sentence: &'a Sentence,
    /// Whether the sentence's statement mentions what the axes are about ([`Axes::scope`]).
    pub in_scope: bool,
}

/// The sentences of all statements, in document then statement order, statements numbered
/// from `first_statement`. A sentence of a joint statement appears once per delegation.
pub fn sentence_rows<'a>(docs: &'a [AttributedDocument], axes: &Axes, first_statement: u32) -> Vec<SentenceRow<'a>> {
    let mut rows = Vec::new();
    let mut statement = first_statement;
    for attributed in docs {
        for st in &attributed.statements {
            let in_scope = st.sentences.iter().any(|s| axes.scope.is_match(&s.text));
            for sentence in &st.sentences {
                rows.push(SentenceRow {
                    doc: &attributed.doc,
                    number: statement,
                    statement: st,
                    sentence,
                    in_scope,
                });
            }
            statement += 1;
        }
    }
    rows
}

/// The statement table. `probs[axis][row]` are the classifier's answers for `rows`.
pub fn statement_table(rows: &[SentenceRow], axes: &Axes, probs: &[Vec<AxisProbs>]) -> Result<DataFrame> {
    let text_col = |name: &str, f: &dyn Fn(&SentenceRow) -> String| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<String>>())
    };
    let u32_col = |name: &str, f: &dyn Fn(&SentenceRow) -> u32| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<u32>>())
    };
    let mut columns = vec![
        text_col("conference", &|r| r.doc.conference.clone()),
        text_col("date", &|r| r.doc.date.clone().unwrap_or_default()),
        text_col("doc", &|r| r.doc.id.clone()),
        text_col("delegation", &|r| r.statement.delegation.clone()),
        text_col("speaker_delegation", &|r| r.statement.speaker_delegation.clone()),
        text_col("on_behalf_of", &|r| r.statement.on_behalf_of.clone()),
        text_col("speaker", &|r| r.statement.speaker.clone()),
        u32_col("statement", &|r| r.number),
        u32_col("sentence", &|r| r.sentence.index as u32),
        u32_col("char_start", &|r| r.sentence.char_start as u32),
        u32_col("char_end", &|r| r.sentence.char_end as u32),
        text_col("text", &|r| r.sentence.text.clone()),
        Column::new("in_scope".into(), rows.iter().map(|r| r.in_scope).collect::<Vec<bool>>()),
    ];
    for (axis, axis_probs) in axes.axes.iter().zip(probs) {
        let labels: Vec<&str> = axis_probs.iter().map(|p| axis.label(p.side())).collect();
        columns.push(Column::new(axis.name.as_str().into(), labels));
        let prob_col = |pole: &str, f: fn(&AxisProbs) -> f32| {
            Column::new(format!("{}_p_{pole}", axis.name).into(), axis_probs.iter().map(f).collect::<Vec<f32>>())
        };
        columns.push(prob_col(axis.label(Side::Left), |p| p.left));
        columns.push(prob_col(axis.label(Side::Right), |p| p.right));
        columns.push(prob_col(axis.label(Side::None), |p| p.none));
    }
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// The statement table with one row per sentence and axis, in generic column names (also read
/// back from a run's CSV by `stance report`).
pub(crate) fn long_by_axis(statements: &DataFrame, axes: &Axes) -> Result<LazyFrame> {
    let frames: Vec<LazyFrame> = axes
        .axes
        .iter()
        .enumerate()
        .map(|(order, axis)| {
            statements.clone().lazy().select([
                col("conference"),
                col("delegation"),
                col("doc"),
                col("statement"),
                col("char_start"),
                col("char_end"),
                col("text"),
                col("in_scope"),
                lit(order as u32).alias("axis_order"),
                lit(axis.name.clone()).alias("axis"),
                lit(axis.left.name.clone()).alias("left_name"),
                lit(axis.right.name.clone()).alias("right_name"),
                col(axis.name.as_str()).alias("label"),
                col(format!("{}_p_{}", axis.name, axis.left.name).as_str()).cast(DataType::Float64).alias("p_left"),
                col(format!("{}_p_{}", axis.name, axis.right.name).as_str()).cast(DataType::Float64).alias("p_right"),
            ])
        })
        .collect();
    Ok(concat(frames, UnionArgs::default())?)
}

/// The long stance table: a row per (conference, delegation, axis).
pub fn stance_table(statements: &DataFrame, axes: &Axes) -> Result<DataFrame> {
    let attributed = long_by_axis(statements, axes)?.filter(col("delegation").neq(lit("")));
    let keys = [
        col("conference"),
        col("delegation"),
        col("axis_order"),
        col("axis"),
        col("left_name"),
        col("right_name"),
    ];
    let all_cells = attributed.clone().group_by_stable(keys.clone()).agg([len().alias("rows")]);
    let descending = SortMultipleOptions::default()
        .with_order_descending(true)
        .with_maintain_order(true);
    let strongest = |by: &str, what: &str| col(what).sort_by([col(by)], descending.clone()).first();
    let addressed = attributed
        .filter(col("label").neq(lit(NONE_LABEL)).and(col("in_scope")))
        .with_column((col("p_right") / (col("p_left") + col("p_right"))).alias("right_share"))
        .group_by_stable(keys.clone())
        .agg([
            len().cast(DataType::UInt32).alias("n_sentences"),
            col("statement").n_unique().cast(DataType::UInt32).alias("n_statements"),
            col("right_share").mean().alias("p"),
            strongest("p_left", "text").alias("left_text"),
            strongest("p_left", "doc").alias("left_doc"),
            strongest("p_left", "char_start").alias("left_char"),
            strongest("p_right", "text").alias("right_text"),
            strongest("p_right", "doc").alias("right_doc"),
            strongest("p_right", "char_start").alias("right_char"),
        ]);

    let n = col("n_sentences").cast(DataType::Float64);
    let p = col("p");
    let z2 = lit(Z_90 * Z_90);
    let denom = lit(1.0) + z2.clone() / n.clone();
    let center = (p.clone() + z2.clone() / (lit(2.0) * n.clone())) / denom.clone();
    let half = lit(Z_90)
        * (p.clone() * (lit(1.0) - p.clone()) / n.clone() + z2 / (lit(4.0) * n.clone() * n.clone())).sqrt()
        / denom;
    let score = lit(2.0) * p - lit(1.0);
    let leans_left = col("score").lt(lit(0.0));
    let pick = |left: &str, right: &str| when(leans_left.clone()).then(col(left)).otherwise(col(right));

    let table = all_cells
        .join(
            addressed,
            keys.clone(),
            keys.clone(),
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            col("n_sentences").fill_null(lit(0u32)),
            col("n_statements").fill_null(lit(0u32)),
            score.alias("score"),
            (lit(2.0) * (center.clone() - half.clone()) - lit(1.0)).alias("score_low"),
            (lit(2.0) * (center + half) - lit(1.0)).alias("score_high"),
        ])
        .with_columns([
            when(col("n_sentences").eq(lit(0u32)))
                .then(lit(NOT_ADDRESSED))
                .when(col("score").lt_eq(lit(-LABEL_THRESHOLD)))
                .then(col("left_name"))
                .when(col("score").gt_eq(lit(LABEL_THRESHOLD)))
                .then(col("right_name"))
                .otherwise(lit(MIXED))
                .alias("label"),
            pick("left_text", "right_text").alias("evidence"),
            pick("left_doc", "right_doc").alias("evidence_doc"),
            pick("left_char", "right_char").alias("evidence_char_start"),
        ])
        .sort(
            ["conference", "delegation", "axis_order"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .select([
            col("conference"),
            col("delegation"),
            col("axis"),
            col("label"),
            col("score"),
            col("score_low"),
            col("score_high"),
            col("n_statements"),
            col("n_sentences"),
            col("evidence"),
            col("evidence_doc"),
            col("evidence_char_start"),
        ])
        .collect()?;
    Ok(table)
}

/// Per-conference tables (each sorted, conferences in order) as one table.
pub fn concat_tables(tables: Vec<DataFrame>) -> Result<DataFrame> {
    let mut tables = tables.into_iter();
    let mut all = tables.next().unwrap_or_default();
    for table in tables {
        all.vstack_mut(&table)?;
    }
    all.align_chunks();
    Ok(all)
}

/// The wide table: a row per (conference, delegation); per axis its label (column named after
/// the axis) and score (`<axis>_score`).
pub fn wide_table(stances: &DataFrame, axes: &Axes) -> Result<DataFrame> {
    let on = [col("conference"), col("delegation")];
    let mut wide = stances
        .clone()
        .lazy()
        .select([col("conference"), col("delegation")])
        .unique_stable(None, UniqueKeepStrategy::First);
    for axis in &axes.axes {
        let cells = stances.clone().lazy().filter(col("axis").eq(lit(axis.name.clone()))).select([
            col("conference"),
            col("delegation"),
            col("label").alias(axis.name.as_str()),
            col("score").alias(format!("{}_score", axis.name).as_str()),
        ]);
        wide = wide.join(cells, on.clone(), on.clone(), JoinArgs::new(JoinType::Left));
    }
    Ok(wide
        .sort(["conference", "delegation"], SortMultipleOptions::default().with_maintain_order(true))
        .collect()?)
}

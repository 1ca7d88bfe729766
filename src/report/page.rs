//! `report.html`: one self-contained page (inline SVG and CSS, no script, nothing fetched) with
//! the pictures, the wide table, and per delegation and axis the sentences behind its stance.

use super::tables::PROBABILITY;
use crate::axes::Axes;
use crate::error::Result;
use crate::output::column::*;
use crate::output::RunProvenance;
use crate::types::{is_weak_evidence, PoleCells, ALL_GENRES};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use polars::prelude::*;
use std::collections::BTreeMap;

const STYLE: &str = "body{font-family:'DejaVu Sans',sans-serif;margin:2em auto;max-width:1100px;color:#222}\
table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}\
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\
th{background:#f0f0f0}details{margin:0.3em 0}summary{cursor:pointer;font-weight:bold}\
.sentence{max-width:700px}.note{color:#666;font-size:0.9em}.weak{color:#a33}svg{max-width:100%;height:auto}";

/// Beside a cell whose evidence is weak (under [`WEAK_EVIDENCE`](crate::types::WEAK_EVIDENCE)): held out, such cells were
/// right less than six times in ten (the figures are in that constant's comment).
pub const WEAK_NOTE: &str = "weak evidence: read the sentences below before citing this stance";

/// Beside a stance on a pole whose held-out stated cells were right less than half the time
/// ([`PoleCells::seldom_right`]).
pub const SELDOM_RIGHT_NOTE: &str =
    "held out, fewer than half the cells stated on this pole were right: read the sentences below before citing this stance";

/// One axis over time: its timeline and heatmap, as SVG markup.
pub struct OverTime {
    pub axis: String,
    pub timeline: String,
    pub heatmap: String,
}

/// What the page shows. The SVGs are the same markup as the `.svg` files beside it.
pub struct Page<'a> {
    pub title: String,
    pub mapped_conference: &'a str,
    pub map_svg: &'a str,
    pub axis_svgs: &'a [(String, String)],
    /// Per axis addressed at two or more dated conferences, its timeline and heatmap.
    pub over_time: &'a [OverTime],
    /// The drift rows whose change is larger than both intervals.
    pub drift_flags: &'a DataFrame,
    pub wide: &'a DataFrame,
    /// The wide table's file name (`stances_wide.csv` or `.parquet`), for readers who want it all.
    pub wide_file: &'a str,
    pub stances: &'a DataFrame,
    pub evidence: &'a DataFrame,
    /// The run's axes: the wide table's score columns.
    pub axes: &'a Axes,
    /// What the tables were made with (`run.json`; none for a run that predates it).
    pub provenance: Option<&'a RunProvenance>,
}

impl Page<'_> {
    pub fn render(&self) -> Result<String> {
        let addressed_rows = self.wide_addressed()?;
        let markup = html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    title { (self.title) }
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    h1 { (self.title) }
                    (self.made_with())
                    (self.how_far_to_trust())
                    h2 { "Stance map: " (self.mapped_conference) }
                    p.note { "Each delegation that addresses both axes, at its score, with its 90% intervals as bars." }
                    (PreEscaped(self.map_svg))
                    h2 { "Each axis: " (self.mapped_conference) }
                    @for (axis, svg) in self.axis_svgs {
                        h3 { (axis) }
                        (PreEscaped(svg))
                    }
                    h2 { "Over time" }
                    @if self.over_time.is_empty() {
                        p.note { "No axis is addressed at two or more dated conferences of this run." }
                    } @else {
                        p.note {
                            "Per axis: the scores of the chosen delegations over the years (a ring marks a change larger than "
                            "both intervals), then every delegation that ever addresses the axis, conference by conference."
                        }
                        @for over_time in self.over_time {
                            h3 { (over_time.axis) }
                            (PreEscaped(&over_time.timeline))
                            details {
                                summary { "Heatmap: " (over_time.axis) }
                                (PreEscaped(&over_time.heatmap))
                            }
                        }
                        h3 { "Changes larger than the intervals" }
                        (table(self.drift_flags)?)
                    }
                    h2 { "Stances" }
                    p.note {
                        "Delegations that address at least one axis (" (addressed_rows.height()) " of " (self.wide.height())
                        "); the full table is " (self.wide_file) "."
                    }
                    (table(&addressed_rows)?)
                    h2 { "Evidence" }
                    p.note { "Per delegation, each stance and the sentences that take a side on its axis: the label, its probability, the document and the sentence's character span in it." }
                    (self.evidence_sections()?)
                }
            }
        };
        Ok(markup.into_string())
    }

    /// What the tables were made with, to cite beside them.
    fn made_with(&self) -> Markup {
        html! {
            @match self.provenance {
                Some(provenance) => details {
                    summary { "Made with" }
                    table {
                        @for (what, value) in provenance.described() {
                            tr { th { (what) } td { (value) } }
                        }
                    }
                },
                None => p.note { "No run.json beside the tables: what they were made with is not recorded (run `stance run` again to record it)." },
            }
        }
    }

    /// Pole by pole, how the heads' held-out cells fared (`run.json`'s `held_out_poles`), over all
    /// genres and then per genre: what a `not_addressed` and a stated pole are worth, read before
    /// citing either.
    fn how_far_to_trust(&self) -> Markup {
        let Some(provenance) = self.provenance else {
            return html! {};
        };
        let (all, by_genre): (Vec<&PoleCells>, Vec<&PoleCells>) =
            provenance.held_out_poles.iter().partition(|p| p.genre == ALL_GENRES);
        let mut genres: Vec<&str> = by_genre.iter().map(|p| p.genre.as_str()).collect();
        genres.dedup();
        let (seldom_found, seldom_right) = (self.poles_where(PoleCells::seldom_found), self.poles_where(PoleCells::seldom_right));
        html! {
            h2 { "How far to trust these tables" }
            @if all.is_empty() {
                p.note {
                    "The classifier that made these tables carries no held-out figures per pole (zero-shot, or heads "
                    "trained before they were kept): see docs/evaluation.md for the shipped heads'."
                }
            } @else {
                p.note {
                    "From the cross-validation of the heads that made these tables: each annotated record's cells decided "
                    "by heads that never saw it, against the cells its annotations give. Per pole, of the cells the "
                    "annotations put on it, how many the tables stated on it and how many they left not_addressed; and "
                    "of the cells the tables stated on it, how many the annotations put there too."
                }
                table {
                    tr { th { "axis" } th { "pole" } th { "annotated" } th { "found" } th { "left not_addressed" } th { "right of stated" } }
                    @for p in &all {
                        tr {
                            td { (p.axis) } td { (p.pole) } td { (p.annotated) } td { (p.found) }
                            td { (p.not_addressed) } td { (p.found) " of " (p.stated) }
                        }
                    }
                }
                @if !seldom_found.is_empty() {
                    p {
                        "Fewer than half the held-out stances of " (seldom_found.join(", ")) " were found: on their axes a "
                        "cell left not_addressed, or put on the other pole, may hide one (the table above says which, "
                        "pole by pole)."
                    }
                }
                @if !seldom_right.is_empty() {
                    p {
                        "Fewer than half the held-out cells stated on " (seldom_right.join(", ")) " were right: each such "
                        "stance is marked under Evidence; read its sentences before citing it."
                    }
                }
                @if !genres.is_empty() {
                    p.note {
                        "The same per genre of the annotated records (data/genres.toml): found of annotated; right of "
                        "stated. General Debate speeches take sides more rarely, and in the first person."
                    }
                    table {
                        tr { th { "axis" } th { "pole" } @for genre in &genres { th { (genre) } } }
                        @for p in &all {
                            tr {
                                td { (p.axis) } td { (p.pole) }
                                @for q in by_genre.iter().filter(|q| q.axis == p.axis && q.pole == p.pole) {
                                    td { (q.found) " of " (q.annotated) "; " (q.found) " of " (q.stated) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The names of the poles of `run.json`'s held-out figures over all genres that `keep`
    /// selects (none without them).
    fn poles_where(&self, keep: fn(&PoleCells) -> bool) -> Vec<&str> {
        self.provenance.map_or(Vec::new(), |p| p.poles_over_all_genres(keep).map(|p| p.pole.as_str()).collect())
    }

    /// The wide table's rows where some axis is addressed.
    fn wide_addressed(&self) -> Result<DataFrame> {
        let any = self
            .axes
            .axes
            .iter()
            .map(|axis| col(score(&axis.name)).is_not_null())
            .reduce(|a, b| a.or(b))
            .unwrap_or(lit(false));
        Ok(self.wide.clone().lazy().filter(any).collect()?)
    }

    fn evidence_sections(&self) -> Result<Markup> {
        let stances = self.stances.clone().lazy().filter(col(SCORE).is_not_null()).collect()?;
        let seldom_right = self.poles_where(PoleCells::seldom_right);
        let mut stance_rows: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for i in 0..stances.height() {
            stance_rows.entry((text(&stances, CONFERENCE, i)?, text(&stances, DELEGATION, i)?)).or_default().push(i);
        }
        let mut sentence_rows: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
        for i in 0..self.evidence.height() {
            let key = (text(self.evidence, CONFERENCE, i)?, text(self.evidence, DELEGATION, i)?, text(self.evidence, AXIS, i)?);
            sentence_rows.entry(key).or_default().push(i);
        }
        let no_rows = Vec::new();
        Ok(html! {
            @for ((conference, delegation), rows) in &stance_rows {
                details {
                    summary { (delegation) " — " (conference) }
                    @for &i in rows {
                        @let axis = text(&stances, AXIS, i)?;
                        @let weak = is_weak_evidence(stances.column(EVIDENCE_PROBABILITY)?.f64()?.get(i));
                        @let label = text(&stances, LABEL, i)?;
                        p {
                            b { (axis) ": " (label) }
                            " (score " (text(&stances, SCORE, i)?) ", interval " (text(&stances, SCORE_LOW, i)?)
                            " to " (text(&stances, SCORE_HIGH, i)?) ", " (text(&stances, N_SENTENCES, i)?) " sentence(s), "
                            "the strongest at p " (text(&stances, EVIDENCE_PROBABILITY, i)?) ")"
                            @if weak {
                                " " em.weak { (WEAK_NOTE) }
                            }
                            @if seldom_right.contains(&label.as_str()) {
                                " " em.weak { (SELDOM_RIGHT_NOTE) }
                            }
                        }
                        table {
                            tr { th { "label" } th { "p" } th { "document" } th { "chars" } th { "sentence" } }
                            @for &j in sentence_rows.get(&(conference.clone(), delegation.clone(), axis.clone())).unwrap_or(&no_rows) {
                                tr {
                                    td { (text(self.evidence, LABEL, j)?) }
                                    td { (text(self.evidence, PROBABILITY, j)?) }
                                    td { (text(self.evidence, DOC, j)?) }
                                    td { (text(self.evidence, CHAR_START, j)?) "–" (text(self.evidence, CHAR_END, j)?) }
                                    td.sentence { (text(self.evidence, TEXT, j)?) }
                                }
                            }
                        }
                    }
                }
            }
        })
    }
}

/// A frame as an HTML table, every cell as text.
fn table(df: &DataFrame) -> Result<Markup> {
    let names = df.get_column_names();
    Ok(html! {
        table {
            tr { @for name in &names { th { (name.as_str()) } } }
            @for i in 0..df.height() {
                tr { @for name in &names { td { (text(df, name.as_str(), i)?) } } }
            }
        }
    })
}

/// Cell `row` of column `name` as text: strings as they are, numbers to four decimals, nulls
/// empty.
fn text(df: &DataFrame, name: &str, row: usize) -> Result<String> {
    Ok(match df.column(name)?.get(row)? {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Float64(x) => format!("{x:.4}"),
        AnyValue::Float32(x) => format!("{x:.4}"),
        other => other.to_string(),
    })
}

//! The pictures of `stance report`, drawn with plotters: the stance map (delegations on two
//! axes), a dot plot per axis, a timeline per axis (scores over the years) and a heatmap per
//! axis (delegations by conference), each in its own file, and the learning curve of `stance eval
//! --learning-curve`. Each picture is a [`Chart`] that draws itself on any backend, so the SVG
//! and the PNG are the same picture; this file holds what they share (fonts, colours, ticks,
//! label placement).
//!
//! Invariants: scores and intervals are in [-1, 1]; every score axis is named after its poles;
//! labels are placed where they cover no other label or point when such a place exists.

mod curve;
mod dot_plot;
mod heatmap;
mod stance_map;
mod timeline;

pub use curve::{CurveMark, CurvePlot};
pub use dot_plot::DotPlot;
pub use heatmap::Heatmap;
pub use stance_map::StanceMap;
pub use timeline::{Timeline, TIMELINE_MAX_LINES};

use crate::error::{Error, Result};
use crate::output;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use std::sync::Once;

/// The font of every text in the pictures. PNGs are drawn with the bundled copy, so no system
/// font is needed; SVGs name it and fall back to the viewer's sans-serif.
const FONT: &str = "DejaVu Sans";
const FONT_BYTES: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans.ttf");
const LABEL_SIZE: u32 = 13;
/// A label's width per character, as a share of the font size asked for (plotters draws text
/// at about 0.8 of that size, and DejaVu Sans averages about 0.6 of it per character).
const CHAR_WIDTH: f64 = 0.5;

/// The width in pixels of `chars` characters at font `size`: an estimate ([`CHAR_WIDTH`] of the
/// size per character), enough to make room for labels and keep them apart.
fn text_width(chars: usize, size: u32) -> f64 {
    chars as f64 * f64::from(size) * CHAR_WIDTH
}

const POINT_RADIUS: i32 = 4;
const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
];
const GREY: RGBColor = RGBColor(150, 150, 150);

/// A score and its interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub score: f64,
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// Whether the two intervals share no point: a change larger than the uncertainty. The
    /// timeline rings what `drift.csv` flags (`report::tables`, `BEYOND_INTERVALS`, the same
    /// test on the table's columns): keep the two alike.
    pub fn apart_from(&self, other: &Interval) -> bool {
        self.low > other.high || self.high < other.low
    }
}

/// An axis as the pictures name it: `left` at -1, `right` at +1.
#[derive(Debug, Clone)]
pub struct AxisNames {
    pub name: String,
    pub left: String,
    pub right: String,
}

impl AxisNames {
    fn caption(&self) -> String {
        format!("← {}   ({})   {} →", self.left, self.name, self.right)
    }
}

/// Something `stance report` draws.
pub trait Chart {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>;
}

/// The chart as SVG markup.
pub fn svg(chart: &impl Chart) -> Result<String> {
    register_font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

/// Draws the chart as a PNG file beside `path`, to be put in place by `Staged::commit` (whole
/// or not at all, as every output).
pub fn stage_png(chart: &impl Chart, path: &Path) -> Result<output::Staged> {
    register_font();
    output::stage_through_temp(path, |tmp| {
        let root = BitMapBackend::new(tmp, chart.size()).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(|e| Error::Output {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })
    })
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in and parses; were it refused, PNGs would lose only their text.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES);
    });
}

fn plot_error(e: impl std::fmt::Display) -> Error {
    Error::Plot(e.to_string())
}

fn font(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&BLACK)
}

/// The tick label of a score axis, one decimal; the middle tick reads 0.0, never -0.0.
fn score_tick(score: f64) -> String {
    let rounded = (score * 10.0).round() / 10.0;
    format!("{:.1}", if rounded == 0.0 { 0.0 } else { rounded })
}

/// The tick label of a category axis: the name at a whole position, nothing between.
fn name_at(names: &[String], position: f64) -> String {
    let i = position.round();
    if (position - i).abs() < 1e-6 && i >= 0.0 {
        names.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// A label's box in pixels: left, top, right, bottom.
type Rect = (i32, i32, i32, i32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// A sentence in the middle of an empty chart, so that "nobody is placed" never reads as a
/// drawing that failed.
fn draw_note<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, note: &str) -> Result<()> {
    let (width, height) = root.dim_in_pixel();
    let w = text_width(note.chars().count(), 16) as i32;
    let at = ((width as i32 - w) / 2, height as i32 / 2 - 8);
    root.draw(&Text::new(note.to_string(), at, font(16).color(&GREY))).map_err(plot_error)
}

/// Draws each name near its anchor, at the first of a ring of candidate places (right, left,
/// above, below, then further out) that covers no other label or point; where none is free,
/// at the right of the point.
fn draw_labels<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, names: &[&str], anchors: &[(i32, i32)]) -> Result<()> {
    let size = LABEL_SIZE as i32;
    let r = POINT_RADIUS + 1;
    let mut taken: Vec<Rect> = anchors.iter().map(|&(x, y)| (x - r, y - r, x + r, y + r)).collect();
    let (width, height) = root.dim_in_pixel();
    // Place the labels of crowded points first: they have the fewest free places.
    let mut order: Vec<usize> = (0..names.len()).collect();
    let crowding = |i: usize| anchors.iter().filter(|a| (a.0 - anchors[i].0).abs() + (a.1 - anchors[i].1).abs() < 60).count();
    order.sort_by_key(|&i| (std::cmp::Reverse(crowding(i)), names[i]));
    for i in order {
        let (x, y) = anchors[i];
        let w = text_width(names[i].chars().count(), LABEL_SIZE) as i32;
        let candidates = [1, 2, 3].into_iter().flat_map(|k| {
            let d = 6 * k;
            [
                (x + d, y - size / 2),
                (x - d - w, y - size / 2),
                (x - w / 2, y - d - size),
                (x - w / 2, y + d),
                (x + d, y - d - size),
                (x - d - w, y - d - size),
                (x + d, y + d),
                (x - d - w, y + d),
            ]
        });
        let inside = |(left, top): (i32, i32)| left >= 0 && top >= 0 && left + w <= width as i32 && top + size <= height as i32;
        let free = candidates
            .clone()
            .filter(|&c| inside(c))
            .find(|&(left, top)| !taken.iter().any(|&t| overlaps(t, (left, top, left + w, top + size))));
        let (left, top) = free.unwrap_or((x + 6, y - size / 2));
        taken.push((left, top, left + w, top + size));
        root.draw(&Text::new(names[i].to_string(), (left, top), font(LABEL_SIZE))).map_err(plot_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_tick_has_one_decimal_and_no_negative_zero() {
        assert_eq!(score_tick(-0.0), "0.0");
        assert_eq!(score_tick(-1e-17), "0.0");
        assert_eq!(score_tick(-0.6000000001), "-0.6");
        assert_eq!(score_tick(1.0), "1.0");
    }

    #[test]
    fn a_category_tick_names_whole_positions_only() {
        let names = vec!["China".to_string(), "Brazil".to_string()];
        assert_eq!(name_at(&names, 1.0), "Brazil");
        assert_eq!(name_at(&names, 0.5), "");
        assert_eq!(name_at(&names, 2.0), "");
    }
}

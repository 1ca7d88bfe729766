//! The pictures of `stance report`, drawn with plotters: the stance map (delegations on two
//! axes), a dot plot per axis, a timeline per axis (scores over the years) and a heatmap per
//! axis (delegations by conference). Each picture is a [`Chart`] that draws
//! itself on any backend, so the SVG and the PNG are the same picture.
//!
//! Invariants: scores and intervals are in [-1, 1]; every score axis is named after its poles;
//! labels are placed where they cover no other label or point when such a place exists.

use crate::axes::{CellLabel, MIXED_LABEL};
use crate::error::{Error, Result};
use crate::output;
use plotters::coord::Shift;
use plotters::element::ErrorBar;
use plotters::prelude::*;
use std::path::Path;
use std::sync::Once;

/// The font of every text in the pictures. PNGs are drawn with the bundled copy, so no system
/// font is needed; SVGs name it and fall back to the viewer's sans-serif.
const FONT: &str = "DejaVu Sans";
const FONT_BYTES: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
const LABEL_SIZE: u32 = 13;
/// A label's width per character, as a share of the font size asked for (plotters draws text
/// at about 0.8 of that size, and DejaVu Sans averages about 0.6 of it per character).
const CHAR_WIDTH: f64 = 0.5;
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
    /// Whether the two intervals share no point: a change larger than the uncertainty.
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

/// Draws the chart as a PNG file (whole or not at all, as every output).
pub fn write_png(chart: &impl Chart, path: &Path) -> Result<()> {
    register_font();
    output::write_through_temp(path, |tmp| {
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

/// Delegations placed on two axes, each with its intervals as error bars, labelled.
pub struct StanceMap {
    pub title: String,
    pub x: AxisNames,
    pub y: AxisNames,
    pub points: Vec<(String, Interval, Interval)>,
}

impl Chart for StanceMap {
    fn size(&self) -> (u32, u32) {
        (1000, 880)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(plot_error)?;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, font(20))
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(-1.1f64..1.1f64, -1.1f64..1.1f64)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc(self.x.caption())
            .y_desc(self.y.caption())
            .x_label_formatter(&|v| score_tick(*v))
            .y_label_formatter(&|v| score_tick(*v))
            .axis_desc_style(font(15))
            .label_style(font(12))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(plot_error)?;
        for line in [[(-1.1, 0.0), (1.1, 0.0)], [(0.0, -1.1), (0.0, 1.1)]] {
            chart.draw_series(LineSeries::new(line, GREY.stroke_width(1))).map_err(plot_error)?;
        }
        let bars = GREY.mix(0.7).stroke_width(1);
        for (_, x, y) in &self.points {
            chart.draw_series([ErrorBar::new_horizontal(y.score, x.low, x.score, x.high, bars, 6)]).map_err(plot_error)?;
            chart.draw_series([ErrorBar::new_vertical(x.score, y.low, y.score, y.high, bars, 6)]).map_err(plot_error)?;
        }
        let dots = self.points.iter().map(|(_, x, y)| Circle::new((x.score, y.score), POINT_RADIUS, PALETTE[0].filled()));
        chart.draw_series(dots).map_err(plot_error)?;

        if self.points.is_empty() {
            let note = format!("No delegation takes a side on both {} and {} here.", self.x.name, self.y.name);
            return draw_note(root, &note);
        }
        let anchors: Vec<(i32, i32)> = self.points.iter().map(|(_, x, y)| chart.backend_coord(&(x.score, y.score))).collect();
        let names: Vec<&str> = self.points.iter().map(|(name, _, _)| name.as_str()).collect();
        draw_labels(root, &names, &anchors)
    }
}

/// Delegations sorted by their score on one axis, with intervals (like quanteda's
/// `textplot_scale1d`).
pub struct DotPlot {
    pub title: String,
    pub axis: AxisNames,
    /// (delegation, score), any order: drawn sorted by score.
    pub rows: Vec<(String, Interval)>,
}

impl DotPlot {
    /// Room for the longest delegation name left of the plot.
    fn label_width(&self) -> u32 {
        let longest = self.rows.iter().map(|(name, _)| name.chars().count()).max().unwrap_or(0);
        (longest as f64 * f64::from(LABEL_SIZE) * CHAR_WIDTH) as u32 + 20
    }
}

impl Chart for DotPlot {
    fn size(&self) -> (u32, u32) {
        (self.label_width() + 700, 140 + 22 * self.rows.len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(plot_error)?;
        let mut rows = self.rows.clone();
        rows.sort_by(|a, b| a.1.score.total_cmp(&b.1.score).then_with(|| a.0.cmp(&b.0)));
        let names: Vec<String> = rows.iter().map(|(name, _)| name.clone()).collect();
        let n = rows.len().max(1);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, font(18))
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(self.label_width())
            .build_cartesian_2d(-1.1f64..1.1f64, -0.5f64..(n as f64 - 0.5))
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc(self.axis.caption())
            .axis_desc_style(font(14))
            .label_style(font(LABEL_SIZE))
            .y_labels(n)
            .y_label_formatter(&|v| name_at(&names, *v))
            .x_label_formatter(&|v| score_tick(*v))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(plot_error)?;
        chart.draw_series(LineSeries::new([(0.0, -0.5), (0.0, n as f64 - 0.5)], GREY.stroke_width(1))).map_err(plot_error)?;
        let bars = PALETTE[0].mix(0.6).stroke_width(2);
        chart
            .draw_series(rows.iter().enumerate().map(|(i, (_, at))| ErrorBar::new_horizontal(i as f64, at.low, at.score, at.high, bars, 6)))
            .map_err(plot_error)?;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, (_, at))| Circle::new((at.score, i as f64), POINT_RADIUS, PALETTE[0].filled())))
            .map_err(plot_error)?;
        if rows.is_empty() {
            return draw_note(root, &format!("No delegation takes a side on {} here.", self.axis.name));
        }
        Ok(())
    }
}

/// Delegations' scores on one axis over time (each conference at its date, as a fractional
/// year), with intervals; a change larger than both intervals is ringed.
pub struct Timeline {
    pub title: String,
    pub axis: AxisNames,
    /// (delegation, [(year, score)]) in time order, at most [`PALETTE`]'s length of them.
    pub lines: Vec<(String, Vec<(f64, Interval)>)>,
}

/// How many delegations a timeline can show apart.
pub const TIMELINE_MAX_LINES: usize = PALETTE.len();

impl Timeline {
    /// The years shown: from the first point to the last, a year's margin each side.
    fn years(&self) -> (f64, f64) {
        let years = self.lines.iter().flat_map(|(_, points)| points.iter().map(|(year, _)| *year));
        let (first, last) = years.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| (lo.min(y), hi.max(y)));
        if first.is_finite() {
            (first.floor() - 1.0, last.ceil() + 1.0)
        } else {
            (0.0, 1.0)
        }
    }
}

impl Chart for Timeline {
    fn size(&self) -> (u32, u32) {
        (1100, 650)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(plot_error)?;
        let (first, last) = self.years();
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, font(18))
            .margin(20)
            .margin_right(210)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(first..last, -1.1f64..1.1f64)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc(self.axis.caption())
            .axis_desc_style(font(14))
            .label_style(font(12))
            .x_labels(12)
            .x_label_formatter(&|year| format!("{year:.0}"))
            .y_label_formatter(&|v| score_tick(*v))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(plot_error)?;
        chart.draw_series(LineSeries::new([(first, 0.0), (last, 0.0)], GREY.stroke_width(1))).map_err(plot_error)?;

        let mut ends: Vec<(i32, i32)> = Vec::new();
        for (line, (_, points)) in self.lines.iter().enumerate() {
            let color = PALETTE[line % PALETTE.len()];
            // Lines side by side in one year are nudged apart so their bars stay visible.
            let nudge = (line as f64 - self.lines.len() as f64 / 2.0) * 0.06;
            let at = |(year, interval): &(f64, Interval)| (*year + nudge, interval.score);
            chart.draw_series(LineSeries::new(points.iter().map(at), color.stroke_width(2))).map_err(plot_error)?;
            chart
                .draw_series(points.iter().map(|p @ (_, iv)| {
                    let (x, _) = at(p);
                    ErrorBar::new_vertical(x, iv.low, iv.score, iv.high, color.mix(0.5).stroke_width(1), 6)
                }))
                .map_err(plot_error)?;
            chart.draw_series(points.iter().map(|p| Circle::new(at(p), POINT_RADIUS, color.filled()))).map_err(plot_error)?;
            let ringed = points.windows(2).filter(|w| w[1].1.apart_from(&w[0].1)).map(|w| Circle::new(at(&w[1]), 9, color.stroke_width(2)));
            chart.draw_series(ringed).map_err(plot_error)?;
            if let Some(end) = points.last() {
                ends.push(chart.backend_coord(&at(end)));
            }
        }
        // Names go in the right margin, at the height of each line's end, spread so they do
        // not overlap and kept inside the picture.
        let (right_edge, bottom) = chart.backend_coord(&(last, -1.1));
        let step = LABEL_SIZE as i32 + 4;
        let mut order: Vec<usize> = (0..ends.len()).collect();
        order.sort_by_key(|&i| ends[i].1);
        let mut heights: Vec<i32> = order.iter().map(|&i| ends[i].1).collect();
        for k in 1..heights.len() {
            heights[k] = heights[k].max(heights[k - 1] + step);
        }
        for k in (0..heights.len()).rev() {
            let limit = heights.get(k + 1).map_or(bottom, |next| next - step);
            heights[k] = heights[k].min(limit);
        }
        for (&i, y) in order.iter().zip(heights) {
            let style = font(LABEL_SIZE).color(&PALETTE[i % PALETTE.len()]);
            root.draw(&Text::new(self.lines[i].0.clone(), (right_edge + 10, y - LABEL_SIZE as i32 / 2), style))
                .map_err(plot_error)?;
        }
        Ok(())
    }
}

/// A point of a [`CurvePlot`]: (x, mean, lowest, highest).
pub type CurveMark = (f64, f64, f64, f64);

/// Lines of a measure against a quantity (a learning curve: cell macro-F1 against sentences
/// annotated), each point the mean of several runs with their range as a bar.
pub struct CurvePlot {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// (series name, its marks), x ascending.
    pub series: Vec<(String, Vec<CurveMark>)>,
}

impl Chart for CurvePlot {
    fn size(&self) -> (u32, u32) {
        (900, 560)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(plot_error)?;
        let points = self.series.iter().flat_map(|(_, points)| points);
        let (x_max, y_min, y_max) = points.fold((1.0f64, 1.0f64, 0.0f64), |(x, lo, hi), p| (x.max(p.0), lo.min(p.2), hi.max(p.3)));
        let pad = ((y_max - y_min) * 0.1).max(0.02);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, font(18))
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..x_max * 1.03, (y_min - pad).max(0.0)..(y_max + pad).min(1.0))
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.2}"))
            .axis_desc_style(font(14))
            .label_style(font(12))
            .draw()
            .map_err(plot_error)?;
        for (i, (name, points)) in self.series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), color.stroke_width(2)))
                .map_err(plot_error)?
                .label(name.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
            chart
                .draw_series(points.iter().map(|p| ErrorBar::new_vertical(p.0, p.2, p.1, p.3, color.mix(0.5).stroke_width(1), 5)))
                .map_err(plot_error)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .label_font(font(13))
            .background_style(WHITE.mix(0.8))
            .border_style(GREY)
            .draw()
            .map_err(plot_error)
    }
}

/// The colour of a heatmap cell.
fn cell_color(label: CellLabel) -> RGBColor {
    match label {
        CellLabel::Left => RGBColor(214, 39, 40),
        CellLabel::Right => RGBColor(31, 119, 180),
        CellLabel::Mixed => RGBColor(148, 103, 189),
        CellLabel::NotAddressed => RGBColor(225, 225, 225),
    }
}

/// Delegations (rows) by conference (columns): each cell coloured by the delegation's label
/// there, white where it has no record.
pub struct Heatmap {
    pub title: String,
    pub axis: AxisNames,
    /// Column labels, oldest conference first (e.g. the year).
    pub conferences: Vec<String>,
    /// (delegation, a mark per conference), in the order to draw.
    pub rows: Vec<(String, Vec<Option<CellLabel>>)>,
}

/// A heatmap cell's side in pixels.
const CELL: u32 = 14;

impl Heatmap {
    fn label_width(&self) -> u32 {
        let longest = self.rows.iter().map(|(name, _)| name.chars().count()).max().unwrap_or(0);
        (longest as f64 * f64::from(LABEL_SIZE) * CHAR_WIDTH) as u32 + 16
    }

    /// The column labels' height: they are written upwards.
    fn header_height(&self) -> u32 {
        let longest = self.conferences.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        (longest as f64 * f64::from(LABEL_SIZE) * CHAR_WIDTH) as u32 + 16
    }
}

impl Chart for Heatmap {
    fn size(&self) -> (u32, u32) {
        let width = self.label_width() + CELL * self.conferences.len().max(1) as u32 + 40;
        let height = 60 + self.header_height() + CELL * self.rows.len().max(1) as u32 + 50;
        (width.max(640), height)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(plot_error)?;
        root.draw(&Text::new(self.title.clone(), (10, 10), font(18))).map_err(plot_error)?;
        let left = self.label_width() as i32;
        let top = 50 + self.header_height() as i32;
        let cell = CELL as i32;
        let header = font(11).transform(FontTransform::Rotate270);
        for (j, conference) in self.conferences.iter().enumerate() {
            let x = left + j as i32 * cell + 2;
            root.draw(&Text::new(conference.clone(), (x, top - 6), header.clone())).map_err(plot_error)?;
        }
        for (i, (name, marks)) in self.rows.iter().enumerate() {
            let y = top + i as i32 * cell;
            root.draw(&Text::new(name.clone(), (6, y + 1), font(11))).map_err(plot_error)?;
            for (j, mark) in marks.iter().enumerate() {
                let Some(mark) = mark else { continue };
                let x = left + j as i32 * cell;
                root.draw(&Rectangle::new([(x, y), (x + cell - 1, y + cell - 1)], cell_color(*mark).filled()))
                    .map_err(plot_error)?;
            }
        }
        // The legend, under the grid.
        let y = top + self.rows.len().max(1) as i32 * cell + 16;
        let mut x = 6;
        for label in CellLabel::ALL {
            let name = match label {
                CellLabel::Left => self.axis.left.as_str(),
                CellLabel::Right => self.axis.right.as_str(),
                CellLabel::Mixed => MIXED_LABEL,
                CellLabel::NotAddressed => "not addressed",
            };
            root.draw(&Rectangle::new([(x, y), (x + cell - 1, y + cell - 1)], cell_color(label).filled())).map_err(plot_error)?;
            root.draw(&Text::new(name.to_string(), (x + cell + 4, y), font(12))).map_err(plot_error)?;
            x += cell + 12 + (name.chars().count() as f64 * 12.0 * CHAR_WIDTH * 1.3) as i32;
        }
        root.draw(&Rectangle::new([(x, y), (x + cell - 1, y + cell - 1)], GREY.stroke_width(1))).map_err(plot_error)?;
        root.draw(&Text::new("no record".to_string(), (x + cell + 4, y), font(12))).map_err(plot_error)?;
        Ok(())
    }
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
    let w = (note.chars().count() as f64 * 16.0 * CHAR_WIDTH) as i32;
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
        let w = (names[i].chars().count() as f64 * f64::from(LABEL_SIZE) * CHAR_WIDTH) as i32;
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

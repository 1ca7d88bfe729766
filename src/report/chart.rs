//! The pictures of `stance report`, drawn with plotters: the stance map (delegations on two
//! axes), a dot plot per axis, and drift over conferences. Each picture is a [`Chart`] that draws
//! itself on any backend, so the SVG and the PNG are the same picture.
//!
//! Invariants: scores and intervals are in [-1, 1]; every score axis is named after its poles;
//! labels are placed where they cover no other label or point when such a place exists.

use crate::error::{Error, Result};
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

/// Draws the chart as a PNG file.
pub fn write_png(chart: &impl Chart, path: &Path) -> Result<()> {
    register_font();
    let root = BitMapBackend::new(path, chart.size()).into_drawing_area();
    chart.draw(&root)?;
    root.present().map_err(|e| Error::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
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
        Ok(())
    }
}

/// Delegations' scores on one axis across conferences in time order, with intervals; a change
/// larger than both intervals is ringed.
pub struct DriftPlot {
    pub title: String,
    pub axis: AxisNames,
    /// The time axis: one name per conference, oldest first.
    pub conferences: Vec<String>,
    /// (delegation, [(conference index, score)]), at most [`PALETTE`]'s length of them.
    pub lines: Vec<(String, Vec<(usize, Interval)>)>,
}

/// How many delegations a drift plot can show apart.
pub const DRIFT_MAX_LINES: usize = PALETTE.len();

impl Chart for DriftPlot {
    fn size(&self) -> (u32, u32) {
        (1000, 700)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(plot_error)?;
        let last = self.conferences.len().saturating_sub(1) as f64;
        let conferences = &self.conferences;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, font(18))
            .margin(20)
            .margin_right(190)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.3f64..(last + 0.3), -1.1f64..1.1f64)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .y_desc(self.axis.caption())
            .axis_desc_style(font(14))
            .label_style(font(12))
            .x_labels(self.conferences.len().max(2))
            .x_label_formatter(&|v| name_at(conferences, *v))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(plot_error)?;
        chart.draw_series(LineSeries::new([(-0.3, 0.0), (last + 0.3, 0.0)], GREY.stroke_width(1))).map_err(plot_error)?;

        let mut ends: Vec<(i32, i32)> = Vec::new();
        for (line, (_, points)) in self.lines.iter().enumerate() {
            let color = PALETTE[line % PALETTE.len()];
            // Lines side by side at one conference are nudged apart so their bars stay visible.
            let nudge = (line as f64 - self.lines.len() as f64 / 2.0) * 0.02;
            let at = |(i, interval): &(usize, Interval)| (*i as f64 + nudge, interval.score);
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
        let (right_edge, bottom) = chart.backend_coord(&(last + 0.3, -1.1));
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

//! A timeline: delegations' scores on one axis over time.

use super::{font, plot_error, score_tick, AxisNames, Chart, Interval, GREY, LABEL_SIZE, PALETTE, POINT_RADIUS};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

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

//! A dot plot: delegations sorted by their score on one axis.

use super::{draw_note, font, name_at, plot_error, score_tick, text_width, AxisNames, Chart, Interval, GREY, LABEL_SIZE, PALETTE, POINT_RADIUS};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

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
        text_width(longest, LABEL_SIZE) as u32 + 20
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

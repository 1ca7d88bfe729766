//! The stance map: delegations placed on two axes.

use super::{draw_labels, draw_note, font, plot_error, score_tick, AxisNames, Chart, Interval, GREY, PALETTE, POINT_RADIUS};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

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

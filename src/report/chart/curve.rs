//! A curve plot: the learning curve of `stance eval --learning-curve`.

use super::{font, plot_error, Chart, GREY, PALETTE};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

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

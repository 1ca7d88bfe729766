//! A heatmap: delegations by conference, coloured by label.

use super::{font, plot_error, text_width, AxisNames, Chart, GREY, LABEL_SIZE};
use crate::axes::{CellLabel, MIXED_LABEL};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

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
        text_width(longest, LABEL_SIZE) as u32 + 16
    }

    /// The column labels' height: they are written upwards.
    fn header_height(&self) -> u32 {
        let longest = self.conferences.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        text_width(longest, LABEL_SIZE) as u32 + 16
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
            x += cell + 12 + (text_width(name.chars().count(), 12) * 1.3) as i32;
        }
        root.draw(&Rectangle::new([(x, y), (x + cell - 1, y + cell - 1)], GREY.stroke_width(1))).map_err(plot_error)?;
        root.draw(&Text::new("no record".to_string(), (x + cell + 4, y), font(12))).map_err(plot_error)?;
        Ok(())
    }
}

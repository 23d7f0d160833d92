//! The charts of the reports, drawn by the server as SVG so that the page, print and PDF
//! share them (SPEC §8). Each function takes its words already in the reader's language
//! (title, labels, legend, the word for a missing value) and returns one `<svg>` element:
//! no XML prolog, a `viewBox` and `width="100%"` so it scales with the page, `role="img"`
//! with the title as `aria-label` and `<title>`, every text XML-escaped, every coordinate
//! rounded to 1 decimal, so the same data always gives the same bytes.
//!
//! Nothing relies on colour alone: the series of a radar differ in dash pattern and marker
//! too and have a legend; every bar names its group beside it. Colours come from the
//! series' and groups' classes (rules in `static/app.css`), with a built-in palette as
//! presentation attributes for an SVG shown without the stylesheet. There is no `style=`:
//! the pages' Content-Security-Policy forbids inline styles.
//!
//! The server cannot measure text, so the layout estimates it (a Chinese character is one
//! em wide, Latin letters about half) to wrap long labels and to leave room for them; the
//! browser then draws the text with its own fonts.

mod bars;
mod heat;
mod radar;
mod svg;
mod trend;

#[cfg(test)]
mod tests;

pub use bars::{distribution, grouped_bars};
pub use heat::heat_map;
pub use radar::{RADAR_MIN_AXES, radar};
pub(crate) use svg::wrap_by;
pub use trend::trend;

/// One line of a radar chart: a value per axis, `None` where there is none.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The name in the legend, in words.
    pub label: String,
    /// The class that gives it its colour (`others`, `self`, `mean`, …).
    pub class: &'static str,
    /// One value per axis, in the axes' order.
    pub values: Vec<Option<f64>>,
}

/// One row of a grouped bar chart (a dimension): a value per group.
#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    /// The row's name, in words.
    pub label: String,
    /// One value per group, in the groups' order; `None` where the group has none.
    pub values: Vec<Option<f64>>,
}

//! PDF exports of the reports (SPEC §8 "Exports"): the individual report, in the view its
//! object was made for, and the department and company report. Each PDF is A4 portrait with
//! searchable text in the embedded Chinese font ([`font`]), the same charts as the pages (the
//! SVG of `crate::charts`, drawn by [`svg`]), the same words (the catalogues, in the reader's
//! language) and the same rounding (SPEC §4 step 6). It shows what the object holds and
//! nothing more: a restricted report gives a restricted PDF. An export meant for HR only (the
//! full individual view, every company report) says so on its first page.
//!
//! Before anything is drawn, every character of every text is looked up in the font: one it
//! has no glyph for fails the export with [`PdfError::MissingGlyph`], never a PDF with boxes.
//!
//! This module makes the bytes; routes, commands and links are elsewhere.

mod company;
mod doc;
mod flow;
mod font;
mod individual;
mod svg;

pub use svg::SvgError;
use yardstick_core::Lang;
use yardstick_i18n::{Message, msg};
use yardstick_store::company::CompanyReport;
use yardstick_store::report::IndividualReport;

/// Why a PDF could not be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PdfError {
    /// A text holds a character the embedded font cannot show.
    #[error("the PDF font has no glyph for {character:?} (U+{code:04X}) in {text:?}", code = u32::from(*character))]
    MissingGlyph {
        /// The character.
        character: char,
        /// The text it is in, as it would have been drawn.
        text: String,
    },
    /// The embedded font cannot be read (a broken build).
    #[error("the embedded PDF font cannot be read")]
    Font,
    /// A chart uses SVG the PDF renderer does not draw (a defect of the charts or the renderer).
    #[error("a chart cannot be drawn in the PDF: {0}")]
    Chart(SvgError),
    /// krilla refused to write the document.
    #[error("the PDF cannot be written")]
    Write,
}

impl PdfError {
    /// The problem as a message for the reader.
    pub fn message(&self) -> Message {
        match self {
            PdfError::MissingGlyph { character, text } => msg!(
                "pdf.missing_glyph",
                character = character.to_string(),
                code = format!("U+{:04X}", u32::from(*character)),
                text = text.as_str()
            ),
            PdfError::Font | PdfError::Chart(_) | PdfError::Write => msg!("pdf.failed"),
        }
    }
}

/// The individual report as a PDF in `lang`.
pub fn individual(report: &IndividualReport, lang: Lang) -> Result<Vec<u8>, PdfError> {
    let (pages, title) = individual::pages(report, lang)?;
    doc::write(&pages, &title, lang.tag())
}

/// The department or company report as a PDF in `lang`.
pub fn company(report: &CompanyReport, lang: Lang) -> Result<Vec<u8>, PdfError> {
    let (pages, title) = company::pages(report, lang)?;
    doc::write(&pages, &title, lang.tag())
}

#[cfg(test)]
mod tests;

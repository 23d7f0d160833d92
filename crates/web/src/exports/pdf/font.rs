//! The font every PDF is written in: WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0 or GPLv3
//! with the font exception; `crates/web/fonts/`), embedded in the binary so that an export
//! works on a machine without Chinese fonts. krilla writes only the glyphs used (a subset),
//! so a PDF holds tens of kilobytes of it, not the file's 5 MB.
//!
//! The same face answers two questions before anything is drawn: whether it has a glyph for
//! a character (its `cmap`; a character without one fails the export instead of printing a
//! box), and how wide a text is (its advances), which the layout needs to break lines.

use std::sync::OnceLock;

use ttf_parser::Face;

/// The font collection as Debian ships it; face 0 is the proportional "Micro Hei".
static DATA: &[u8] = include_bytes!("../../../fonts/wqy-microhei.ttc");

/// The face of the collection that is used.
const INDEX: u32 = 0;

/// The parsed face, or `None` if the embedded file could not be read (a build broken
/// beyond repair; the export then fails with [`super::PdfError::Font`]).
fn face() -> Option<&'static Face<'static>> {
    static FACE: OnceLock<Option<Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| Face::parse(DATA, INDEX).ok()).as_ref()
}

/// The font as krilla draws it.
pub(super) fn krilla_font() -> Option<krilla::text::Font> {
    static FONT: OnceLock<Option<krilla::text::Font>> = OnceLock::new();
    FONT.get_or_init(|| krilla::text::Font::new(krilla::Data::from(DATA), INDEX))
        .clone()
}

/// Whether the embedded font can be read at all.
pub(super) fn available() -> bool {
    face().is_some() && krilla_font().is_some()
}

/// Whether the font has a glyph for `c` (glyph 0, `.notdef`, is the box it would print).
pub(super) fn has(c: char) -> bool {
    face()
        .and_then(|f| f.glyph_index(c))
        .is_some_and(|g| g.0 != 0)
}

/// The width of `text` at `size` points: the sum of the glyphs' advances (a character
/// without a glyph counts one em; such a text is refused before it is drawn).
pub(super) fn width(text: &str, size: f32) -> f32 {
    let Some(f) = face() else {
        return text.chars().count() as f32 * size;
    };
    let per_em = f32::from(f.units_per_em().max(1));
    let units: f32 = text
        .chars()
        .map(|c| {
            f.glyph_index(c)
                .and_then(|g| f.glyph_hor_advance(g))
                .map_or(per_em, f32::from)
        })
        .sum();
    units / per_em * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_has_chinese_latin_and_the_report_signs_but_no_emoji() {
        assert!(available());
        for c in "客户意识服务态度团队协作ABCxyz0123456789.,%–—·、,。:()“”≥".chars()
        {
            assert!(has(c), "no glyph for {c:?}");
        }
        assert!(!has('\u{1F600}'));
        assert!(!has('\u{E000}'));
    }

    #[test]
    fn chinese_is_one_em_wide_and_latin_narrower() {
        let han = width("客户", 10.0);
        assert!((han - 20.0).abs() < 0.5, "{han}");
        let latin = width("ab", 10.0);
        assert!(latin > 6.0 && latin < 16.0, "{latin}");
    }
}

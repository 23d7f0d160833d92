//! Text encodings and the small normalisations every reader shares: UTF-8 with or without a
//! BOM, GB18030/GBK as saved by Excel on Chinese Windows, full-width characters typed by a
//! Chinese input method.

use std::borrow::Cow;

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The encoding a file was found to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a BOM.
    Utf8,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    /// Nothing at all, or only a BOM and white space.
    Empty,
    /// A ZIP container, as XLSX files are.
    Zip,
    /// An old binary Excel (.xls) or other OLE2 compound file.
    OldExcel,
    /// Bytes no text file has (NUL and other control characters).
    Binary,
    /// Text in the given encoding.
    Text(Encoding),
}

/// Looks at the beginning of a file. `complete` says whether `head` is the whole file (so a
/// UTF-8 character cut at its end is an error rather than the edge of the sample).
pub fn sniff(head: &[u8], complete: bool) -> Sniffed {
    let body = head.strip_prefix(BOM).unwrap_or(head);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Sniffed::Empty;
    }
    if head.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Sniffed::OldExcel;
    }
    let controls = body
        .iter()
        .filter(|b| **b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if body.contains(&0) || controls * 100 > body.len() {
        return Sniffed::Binary;
    }
    if head.starts_with(BOM) {
        return Sniffed::Text(Encoding::Utf8);
    }
    match std::str::from_utf8(body) {
        Ok(_) => Sniffed::Text(Encoding::Utf8),
        // A character cut by the end of an incomplete sample is still UTF-8.
        Err(e) if !complete && e.error_len().is_none() => Sniffed::Text(Encoding::Utf8),
        Err(_) => Sniffed::Text(Encoding::Gb18030),
    }
}

/// Decodes a whole file: UTF-8 (BOM removed) when it is valid UTF-8, otherwise GB18030.
/// `None` when it is neither.
pub fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Some(Cow::Borrowed(text));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(body);
    (!had_errors).then_some(text)
}

/// Replaces full-width ASCII forms (ＡＢＣ１２３：％（）) and the ideographic space with their
/// ordinary counterparts; borrows when there is nothing to replace.
pub fn halfwidth(s: &str) -> Cow<'_, str> {
    let needs = |c: char| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}';
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{3000}' => ' ',
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect(),
    )
}

/// Trims ASCII white space and the ideographic space.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// Line numbers of byte offsets in one text, each found by a binary search over the line
/// breaks (a model file asks for one per item: counting from the start every time would take
/// time growing with the square of the file).
pub struct Lines {
    /// Byte offset of every `\n`.
    breaks: Vec<usize>,
}

impl Lines {
    /// Indexes the line breaks of `text`.
    pub fn new(text: &str) -> Lines {
        Lines {
            breaks: text
                .bytes()
                .enumerate()
                .filter_map(|(i, b)| (b == b'\n').then_some(i))
                .collect(),
        }
    }

    /// The line (1-based) of a byte offset.
    pub fn of(&self, offset: usize) -> usize {
        self.breaks.partition_point(|b| *b < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_their_first_bytes() {
        assert_eq!(sniff(b"", true), Sniffed::Empty);
        assert_eq!(sniff(b"\xEF\xBB\xBF \n", true), Sniffed::Empty);
        assert_eq!(sniff(b"PK\x03\x04rest", true), Sniffed::Zip);
        assert_eq!(sniff(b"a,b\n1,2\n", true), Sniffed::Text(Encoding::Utf8));
        assert_eq!(
            sniff("评价人\n".as_bytes(), true),
            Sniffed::Text(Encoding::Utf8)
        );
        let gbk = encoding_rs::GB18030.encode("评价人,上级\n").0;
        assert_eq!(sniff(&gbk, true), Sniffed::Text(Encoding::Gb18030));
        assert_eq!(sniff(b"\x00\x01\x02garbage", true), Sniffed::Binary);
        // A UTF-8 character cut at the end of a sample.
        let cut = &"评价".as_bytes()[..4];
        assert_eq!(sniff(cut, false), Sniffed::Text(Encoding::Utf8));
    }

    #[test]
    fn gb18030_text_decodes_and_garbage_does_not() {
        let gbk = encoding_rs::GB18030.encode("被评价人,无法评价").0;
        assert_eq!(decode(&gbk).unwrap(), "被评价人,无法评价");
        assert!(decode(b"\xFF\xFE\xFD\x80").is_none());
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
    }

    #[test]
    fn lines_are_counted_from_1_at_any_offset() {
        let lines = Lines::new("a\nbc\n\nd");
        let found: Vec<usize> = (0..9).map(|o| lines.of(o)).collect();
        assert_eq!(found, vec![1, 1, 2, 2, 2, 3, 4, 4, 4]);
    }

    #[test]
    fn full_width_forms_become_half_width() {
        assert_eq!(
            halfwidth("\u{FF08}权重\u{FF1A}25\u{FF05}\u{FF09}"),
            "(权重:25%)"
        );
        assert_eq!(halfwidth("\u{FF2E}\u{FF0F}\u{FF21}"), "N/A");
        assert_eq!(halfwidth("abc"), "abc");
        assert_eq!(trim("\u{3000} x \u{3000}"), "x");
    }
}

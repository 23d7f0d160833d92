//! CSV records (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF)
//! read from a byte stream into one reused buffer, with rows counted as a spreadsheet counts
//! them: one row per record, blank lines included. The byte offset of every record boundary is
//! known, which lets a large file be read in two halves at once.

use std::io::{self, Read};

/// Bytes read from the input at a time.
const CHUNK: usize = 1 << 18;

/// One record: its fields, copied out of the input (quotes removed).
#[derive(Debug, Default)]
pub(crate) struct Record {
    data: Vec<u8>,
    /// `(start, end)` of each field in `data`.
    spans: Vec<(u32, u32)>,
    /// Where the field being read starts.
    field_start: u32,
    /// The first field with a quote out of place: inside a field that does not start with
    /// one (`ab"c`), or text after a field's closing quote (`"P1",A` is fine, `"P1"A` is
    /// not). RFC 4180 allows neither, and reading on would put the wrong text in a cell.
    stray_quote: Option<usize>,
}

impl Record {
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&[u8]> {
        let (start, end) = *self.spans.get(i)?;
        self.data.get(start as usize..end as usize)
    }

    /// The first field (0-based) with a quote out of place, if any.
    pub(crate) fn stray_quote(&self) -> Option<usize> {
        self.stray_quote
    }

    fn clear(&mut self) {
        self.data.clear();
        self.spans.clear();
        self.field_start = 0;
        self.stray_quote = None;
    }

    fn stray(&mut self) {
        self.stray_quote.get_or_insert(self.spans.len());
    }

    fn end_field(&mut self) {
        let end = u32::try_from(self.data.len()).unwrap_or(u32::MAX);
        self.spans.push((self.field_start, end));
        self.field_start = end;
    }
}

/// A quoted field still open at the end of the file.
#[derive(Debug)]
pub(crate) struct UnterminatedQuote;

/// Reads records one by one.
pub(crate) struct RecordReader<R> {
    input: R,
    delimiter: u8,
    buf: Vec<u8>,
    /// Start of the unread part of `buf`.
    start: usize,
    /// End of the valid part of `buf`.
    end: usize,
    eof: bool,
    /// Input offset of `buf[0]`.
    base: u64,
}

enum Scan {
    /// A record ends at this index (exclusive, after its line break or at the end of input).
    Done(usize),
    /// The record continues past the buffered bytes.
    NeedMore,
    /// End of input inside quotes.
    Unterminated,
}

impl<R: Read> RecordReader<R> {
    /// `offset` is the input offset the reader starts at (0, or where a second half begins).
    pub(crate) fn new(input: R, delimiter: u8, offset: u64) -> RecordReader<R> {
        RecordReader {
            input,
            delimiter,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            base: offset,
        }
    }

    /// The input offset of the next record: a record boundary.
    pub(crate) fn offset(&self) -> u64 {
        self.base + self.start as u64
    }

    /// Reads the next record; `false` at the end of input.
    pub(crate) fn read(
        &mut self,
        record: &mut Record,
    ) -> io::Result<Result<bool, UnterminatedQuote>> {
        loop {
            if self.start == self.end && self.eof {
                return Ok(Ok(false));
            }
            match self.scan(record) {
                Scan::Done(next) => {
                    self.start = next;
                    return Ok(Ok(true));
                }
                Scan::Unterminated => {
                    self.start = self.end;
                    return Ok(Err(UnterminatedQuote));
                }
                Scan::NeedMore => self.fill()?,
            }
        }
    }

    /// Moves the unread bytes to the front (growing the buffer for a very long record) and
    /// reads more input.
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.base += self.start as u64;
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        self.eof = n == 0;
        Ok(())
    }

    /// Parses one record from `buf[start..end]` into `record`.
    fn scan(&self, record: &mut Record) -> Scan {
        record.clear();
        let buf = &self.buf[..self.end];
        let d = self.delimiter;
        let mut i = self.start;
        loop {
            // One field.
            if buf.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    let Some(q) = buf[i..].iter().position(|b| *b == b'"') else {
                        return if self.eof {
                            Scan::Unterminated
                        } else {
                            Scan::NeedMore
                        };
                    };
                    record.data.extend_from_slice(&buf[i..i + q]);
                    i += q + 1;
                    match buf.get(i) {
                        Some(b'"') => {
                            record.data.push(b'"');
                            i += 1;
                        }
                        None if !self.eof => return Scan::NeedMore,
                        _ => break,
                    }
                }
                // Anything between the closing quote and the separator is kept as written.
                let rest = buf[i..].iter().position(|b| *b == d || *b == b'\n');
                let stop = match rest {
                    Some(r) => i + r,
                    None if self.eof => buf.len(),
                    None => return Scan::NeedMore,
                };
                let tail = &buf[i..stop];
                let tail = tail.strip_suffix(b"\r").unwrap_or(tail);
                if !tail.is_empty() {
                    record.stray();
                }
                record.data.extend_from_slice(tail);
                i = stop;
            } else if i + 1 < buf.len() && buf[i + 1] == d && buf[i] != d && buf[i] != b'\n' {
                // A one-byte field, the most common kind: no search, no copy routine.
                record.data.push(buf[i]);
                i += 1;
            } else {
                let rest = buf[i..].iter().position(|b| *b == d || *b == b'\n');
                let stop = match rest {
                    Some(r) => i + r,
                    None if self.eof => buf.len(),
                    None => return Scan::NeedMore,
                };
                let field = &buf[i..stop];
                let field = if buf.get(stop) == Some(&b'\n') || stop == buf.len() {
                    field.strip_suffix(b"\r").unwrap_or(field)
                } else {
                    field
                };
                // Most cells are one digit: skip the copy routine for them.
                match field {
                    [b] => record.data.push(*b),
                    _ => {
                        if field.contains(&b'"') {
                            record.stray();
                        }
                        record.data.extend_from_slice(field)
                    }
                }
                i = stop;
            }
            record.end_field();
            match buf.get(i) {
                Some(b) if *b == d => i += 1,
                Some(_) => return Scan::Done(i + 1),
                None => return Scan::Done(i),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], chunk: usize) -> Vec<Vec<String>> {
        let mut reader = RecordReader::new(input, b',', 0);
        reader.buf = vec![0; chunk];
        let mut record = Record::default();
        let mut out = Vec::new();
        while reader.read(&mut record).unwrap().unwrap() {
            out.push(
                (0..record.len())
                    .map(|i| String::from_utf8(record.get(i).unwrap().to_vec()).unwrap())
                    .collect(),
            );
        }
        out
    }

    #[test]
    fn quoted_fields_line_breaks_and_blank_lines_are_read_as_a_spreadsheet_reads_them() {
        let input = b"h1,h2\r\na,1\r\n\r\nb,\"x\r\n\"\"y\"\"\"\r\n\"c,d\",3\n\nlast,4";
        for chunk in [1, 2, 3, 7, 64, 4096] {
            assert_eq!(
                all(input, chunk),
                vec![
                    vec!["h1", "h2"],
                    vec!["a", "1"],
                    vec![""],
                    vec!["b", "x\r\n\"y\""],
                    vec!["c,d", "3"],
                    vec![""],
                    vec!["last", "4"],
                ],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn empty_fields_and_a_trailing_separator_are_kept() {
        assert_eq!(all(b",a,,\n", 16), vec![vec!["", "a", "", ""]]);
        assert_eq!(all(b"", 16), Vec::<Vec<String>>::new());
    }

    #[test]
    fn an_unterminated_quote_is_an_error() {
        let mut reader = RecordReader::new(&b"a,\"open\nb"[..], b',', 0);
        let mut record = Record::default();
        assert!(reader.read(&mut record).unwrap().is_err());
    }

    #[test]
    fn a_quote_out_of_place_marks_its_field() {
        let stray = |input: &[u8]| {
            let mut reader = RecordReader::new(input, b',', 0);
            let mut record = Record::default();
            let mut found = Vec::new();
            while reader.read(&mut record).unwrap().unwrap() {
                found.push(record.stray_quote());
            }
            found
        };
        assert_eq!(
            stray(b"\"P1\"A,x\nP2,a\"b\n\"P3,A\",\"q\"\"\"\r\nP4,5\" screen\n"),
            vec![Some(0), Some(1), None, Some(1)]
        );
    }

    #[test]
    fn offsets_are_record_boundaries() {
        let input = b"a,b\n\"x\ny\",2\nc,3\n";
        let mut reader = RecordReader::new(&input[..], b',', 100);
        let mut record = Record::default();
        let mut offsets = vec![reader.offset()];
        while reader.read(&mut record).unwrap().unwrap() {
            offsets.push(reader.offset());
        }
        assert_eq!(offsets, vec![100, 104, 112, 116]);
    }
}

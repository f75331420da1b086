//! CSV: RFC 4180, a header row, and a NULL marker distinct from the empty string.
//!
//! NULL is written as the marker, unquoted (empty by default, which PostgreSQL's
//! `COPY … CSV`, DuckDB and MariaDB's `LOAD DATA … FIELDS ENCLOSED BY '"'` read as NULL);
//! an empty string is written as `""`. The `csv` crate cannot quote a field for this
//! reason alone, so quoting is decided here; everything else follows RFC 4180.

use std::io::Write;
use std::path::PathBuf;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};

use super::BatchWriter;
use crate::error::{Error, Result};
use crate::spell::TextColumn;

/// CSV settings.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// Written for NULL, unquoted (default: nothing).
    pub null: String,
    /// Write a header row with the column names (default: yes).
    pub header: bool,
    /// Field delimiter (default `,`).
    pub delimiter: char,
    /// Write booleans as `1`/`0` instead of `true`/`false` (for MySQL's `LOAD DATA` and
    /// SQLite, whose booleans are integers).
    pub numeric_booleans: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            null: String::new(),
            header: true,
            delimiter: ',',
            numeric_booleans: false,
        }
    }
}

/// Writes batches as CSV.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
    path: PathBuf,
    opts: CsvOptions,
    header_done: bool,
    buf: String,
}

/// Decides quoting: a field is quoted when empty, equal to the NULL marker, or holding
/// the delimiter, a quote or a line break.
struct Quoting<'a> {
    special: [bool; 256],
    delimiter: char,
    null: &'a str,
}

impl<'a> Quoting<'a> {
    fn new(opts: &'a CsvOptions) -> Self {
        let mut special = [false; 256];
        for b in [b'"', b'\n', b'\r'] {
            special[usize::from(b)] = true;
        }
        let mut d = [0u8; 4];
        // A multi-byte delimiter: flag its first byte; `push` then checks the whole.
        special[usize::from(opts.delimiter.encode_utf8(&mut d).as_bytes()[0])] = true;
        Quoting {
            special,
            delimiter: opts.delimiter,
            null: &opts.null,
        }
    }

    /// Appends `text` as one field.
    fn push(&self, out: &mut String, text: &str) {
        let needs_quote = text.is_empty()
            || (!self.null.is_empty() && text == self.null)
            || (text.bytes().any(|b| self.special[usize::from(b)])
                && (self.delimiter.is_ascii() || text.contains([self.delimiter, '"', '\n', '\r'])));
        if !needs_quote {
            out.push_str(text);
            return;
        }
        out.push('"');
        let mut rest = text;
        while let Some(p) = rest.find('"') {
            out.push_str(&rest[..=p]);
            out.push('"');
            rest = &rest[p + 1..];
        }
        out.push_str(rest);
        out.push('"');
    }
}

/// Appends the rows of `batch` as CSV lines (no header) to `out`. Batches are spelled
/// independently of each other, so they can be encoded on several threads.
pub fn encode_rows(opts: &CsvOptions, batch: &RecordBatch, out: &mut String) {
    let cols: Vec<(TextColumn<'_>, Option<&arrow_array::BooleanArray>)> = batch
        .columns()
        .iter()
        .map(|a| {
            let numeric_bool = (opts.numeric_booleans
                && a.data_type() == &arrow_schema::DataType::Boolean)
                .then(|| a.as_boolean());
            (TextColumn::new(a), numeric_bool)
        })
        .collect();
    let nulls: Vec<_> = batch.columns().iter().map(|a| a.nulls()).collect();
    // Numbers, dates and times are never empty and never hold a quote or a line break;
    // they need no quoting unless the delimiter or the NULL marker could look like them.
    let number_char = |c: char| c.is_ascii_digit() || matches!(c, '-' | ':' | '.' | ' ' | '+');
    let plain_numbers = !number_char(opts.delimiter)
        && (opts.null.is_empty() || !opts.null.chars().all(number_char));
    let quoting = Quoting::new(opts);
    let mut cell = String::new();
    for r in 0..batch.num_rows() {
        for (k, (col, numeric_bool)) in cols.iter().enumerate() {
            if k > 0 {
                out.push(opts.delimiter);
            }
            if nulls[k].is_some_and(|n| n.is_null(r)) {
                out.push_str(&opts.null);
                continue;
            }
            if let Some(b) = numeric_bool {
                out.push(if b.value(r) { '1' } else { '0' });
                continue;
            }
            match col {
                TextColumn::Int(_)
                | TextColumn::Decimal(..)
                | TextColumn::Date(_)
                | TextColumn::Timestamp(..)
                | TextColumn::Time(_)
                    if plain_numbers =>
                {
                    col.write(r, out)
                }
                TextColumn::Utf8(a) => quoting.push(out, a.value(r)),
                _ => {
                    cell.clear();
                    col.write(r, &mut cell);
                    quoting.push(out, &cell);
                }
            }
        }
        out.push('\n');
    }
}

impl<W: Write> CsvWriter<W> {
    /// A writer into `out`; `path` names it in errors.
    pub fn new(out: W, path: impl Into<PathBuf>, opts: CsvOptions) -> Self {
        CsvWriter {
            out,
            path: path.into(),
            opts,
            header_done: false,
            buf: String::new(),
        }
    }

    fn emit(&mut self) -> Result<()> {
        let r = super::write_all(&mut self.out, &self.path, &self.buf);
        self.buf.clear();
        r
    }

    /// Writes the header row now (it is otherwise written before the first batch).
    pub fn write_header(&mut self, names: &[&str]) -> Result<()> {
        if self.header_done || !self.opts.header {
            self.header_done = true;
            return Ok(());
        }
        header(&self.opts, names, &mut self.buf);
        self.header_done = true;
        self.emit()
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// Appends the header line of `names` to `out`.
pub fn header(opts: &CsvOptions, names: &[&str], out: &mut String) {
    let quoting = Quoting::new(opts);
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push(opts.delimiter);
        }
        quoting.push(out, n);
    }
    out.push('\n');
}

impl<W: Write> BatchWriter for CsvWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if !self.header_done {
            let schema = batch.schema();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            self.write_header(&names)?;
        }
        encode_rows(&self.opts, batch, &mut self.buf);
        self.emit()
    }

    /// Once the header is written ([`CsvWriter::write_header`]), or without one.
    fn text_encoder(&self) -> Option<super::TextEncoder> {
        if !self.header_done && self.opts.header {
            return None;
        }
        let opts = self.opts.clone();
        Some(Box::new(move |b, out| encode_rows(&opts, b, out)))
    }

    fn write_text(&mut self, text: &str) -> Result<()> {
        super::write_all(&mut self.out, &self.path, text)
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}

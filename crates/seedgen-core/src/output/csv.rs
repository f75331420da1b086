//! CSV: RFC 4180, a header row, and a NULL marker distinct from the empty string.
//!
//! NULL is written as the marker, unquoted (empty by default, which PostgreSQL's
//! `COPY … CSV`, DuckDB and MariaDB's `LOAD DATA … FIELDS ENCLOSED BY '"'` read as NULL);
//! an empty string is written as `""`. The `csv` crate cannot quote a field for this
//! reason alone, so quoting is decided here; everything else follows RFC 4180.

use std::io::Write;
use std::path::PathBuf;

use arrow_array::{Array, RecordBatch};

use super::text::write_value;
use super::BatchWriter;
use crate::error::{Error, Result};

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
    line: String,
    cell: String,
}

impl<W: Write> CsvWriter<W> {
    /// A writer into `out`; `path` names it in errors.
    pub fn new(out: W, path: impl Into<PathBuf>, opts: CsvOptions) -> Self {
        CsvWriter {
            out,
            path: path.into(),
            opts,
            header_done: false,
            line: String::new(),
            cell: String::new(),
        }
    }

    fn field(&mut self, text: &str, is_null: bool) {
        if is_null {
            self.line.push_str(&self.opts.null);
            return;
        }
        let d = self.opts.delimiter;
        let quote =
            text.is_empty() || text == self.opts.null || text.contains([d, '"', '\n', '\r']);
        if quote {
            self.line.push('"');
            for c in text.chars() {
                if c == '"' {
                    self.line.push('"');
                }
                self.line.push(c);
            }
            self.line.push('"');
        } else {
            self.line.push_str(text);
        }
    }

    fn emit(&mut self) -> Result<()> {
        self.line.push('\n');
        let r = self.out.write_all(self.line.as_bytes());
        self.line.clear();
        r.map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }

    /// Writes the header row now (it is otherwise written before the first batch).
    pub fn write_header(&mut self, names: &[&str]) -> Result<()> {
        if self.header_done || !self.opts.header {
            self.header_done = true;
            return Ok(());
        }
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                self.line.push(self.opts.delimiter);
            }
            self.field(n, false);
        }
        self.header_done = true;
        self.emit()
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> BatchWriter for CsvWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if !self.header_done {
            let schema = batch.schema();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            self.write_header(&names)?;
        }
        let cols = batch.columns();
        for r in 0..batch.num_rows() {
            for (k, a) in cols.iter().enumerate() {
                if k > 0 {
                    self.line.push(self.opts.delimiter);
                }
                let mut cell = std::mem::take(&mut self.cell);
                cell.clear();
                let null = a.is_null(r);
                if !null {
                    if self.opts.numeric_booleans
                        && a.data_type() == &arrow_schema::DataType::Boolean
                    {
                        use arrow_array::cast::AsArray;
                        cell.push(if a.as_boolean().value(r) { '1' } else { '0' });
                    } else {
                        write_value(a, r, &mut cell);
                    }
                }
                self.field(&cell, null);
                self.cell = cell;
            }
            self.emit()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}

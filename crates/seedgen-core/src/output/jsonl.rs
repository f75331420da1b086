//! JSON Lines: one object per row, keys in column order. Integers, decimals and floats are
//! JSON numbers (decimals written exactly, with their scale), booleans are booleans,
//! arrays are arrays, NULL is `null`; dates, times, timestamps, bytes (`\x` hex) and all
//! text are strings.

use std::io::Write;
use std::path::PathBuf;

use arrow_array::{Array, ArrayRef, RecordBatch};

use super::BatchWriter;
use crate::error::{Error, Result};
use crate::spell::TextColumn;

/// Writes batches as JSON Lines.
#[derive(Debug)]
pub struct JsonlWriter<W: Write> {
    out: W,
    path: PathBuf,
    line: String,
    table: Option<String>,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer into `out`; `path` names it in errors.
    pub fn new(out: W, path: impl Into<PathBuf>) -> Self {
        JsonlWriter {
            out,
            path: path.into(),
            line: String::new(),
            table: None,
        }
    }

    /// Adds `"_table": name` as the first key of every object (for several tables in one
    /// stream).
    pub fn with_table_key(mut self, name: &str) -> Self {
        self.table = Some(serde_json::to_string(name).expect("strings serialize"));
        self
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).expect("strings serialize"));
}

fn value(a: &ArrayRef, col: &TextColumn<'_>, i: usize, cell: &mut String, out: &mut String) {
    if a.is_null(i) {
        out.push_str("null");
        return;
    }
    match col {
        TextColumn::Int(_) | TextColumn::Bool(_) | TextColumn::Decimal(..) => col.write(i, out),
        TextColumn::Float32(_) | TextColumn::Float64(_) => {
            cell.clear();
            col.write(i, cell);
            if cell.parse::<f64>().is_ok_and(f64::is_finite) {
                out.push_str(cell);
            } else {
                out.push_str("null");
            }
        }
        TextColumn::List(l) => {
            let items = l.value(i);
            let inner_col = TextColumn::new(&items);
            out.push('[');
            let mut inner = String::new();
            for k in 0..items.len() {
                if k > 0 {
                    out.push(',');
                }
                value(&items, &inner_col, k, &mut inner, out);
            }
            out.push(']');
        }
        TextColumn::Utf8(s) => json_string(s.value(i), out),
        _ => {
            cell.clear();
            col.write(i, cell);
            json_string(cell, out);
        }
    }
}

/// Appends the rows of `batch` as JSON Lines to `out`, each object starting with
/// `"_table": table` when given (a JSON string literal).
pub fn encode_rows(batch: &RecordBatch, table: Option<&str>, out: &mut String) {
    let schema = batch.schema();
    let keys: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| serde_json::to_string(f.name()).expect("strings serialize"))
        .collect();
    let cols: Vec<TextColumn<'_>> = batch.columns().iter().map(TextColumn::new).collect();
    let mut cell = String::new();
    for r in 0..batch.num_rows() {
        out.push('{');
        if let Some(t) = table {
            out.push_str("\"_table\":");
            out.push_str(t);
            if batch.num_columns() > 0 {
                out.push(',');
            }
        }
        for (k, a) in batch.columns().iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(&keys[k]);
            out.push(':');
            value(a, &cols[k], r, &mut cell, out);
        }
        out.push_str("}\n");
    }
}

impl<W: Write> BatchWriter for JsonlWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.line.clear();
        encode_rows(batch, self.table.as_deref(), &mut self.line);
        let text = std::mem::take(&mut self.line);
        let r = self.write_text(&text);
        self.line = text;
        r
    }

    fn text_encoder(&self) -> Option<super::TextEncoder> {
        let table = self.table.clone();
        Some(Box::new(move |b, out| {
            encode_rows(b, table.as_deref(), out)
        }))
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

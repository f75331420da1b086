//! JSON Lines: one object per row, keys in column order. Integers, decimals and floats are
//! JSON numbers (decimals written exactly, with their scale), booleans are booleans,
//! arrays are arrays, NULL is `null`; dates, times, timestamps, bytes (`\x` hex) and all
//! text are strings.

use std::io::Write;
use std::path::PathBuf;

use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;

use super::text::write_value;
use super::BatchWriter;
use crate::error::{Error, Result};

/// Writes batches as JSON Lines.
#[derive(Debug)]
pub struct JsonlWriter<W: Write> {
    out: W,
    path: PathBuf,
    line: String,
    cell: String,
    table: Option<String>,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer into `out`; `path` names it in errors.
    pub fn new(out: W, path: impl Into<PathBuf>) -> Self {
        JsonlWriter {
            out,
            path: path.into(),
            line: String::new(),
            cell: String::new(),
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

fn value(a: &ArrayRef, i: usize, cell: &mut String, out: &mut String) {
    if a.is_null(i) {
        out.push_str("null");
        return;
    }
    match a.data_type() {
        t if t.is_integer() || matches!(t, DataType::Boolean | DataType::Decimal128(_, _)) => {
            write_value(a, i, out)
        }
        DataType::Float32 | DataType::Float64 => {
            cell.clear();
            write_value(a, i, cell);
            if cell.parse::<f64>().is_ok_and(f64::is_finite) {
                out.push_str(cell);
            } else {
                out.push_str("null");
            }
        }
        DataType::List(_) => {
            use arrow_array::cast::AsArray;
            let items = a.as_list::<i32>().value(i);
            out.push('[');
            for k in 0..items.len() {
                if k > 0 {
                    out.push(',');
                }
                let mut inner = String::new();
                value(&items, k, &mut inner, out);
            }
            out.push(']');
        }
        _ => {
            cell.clear();
            write_value(a, i, cell);
            json_string(cell, out);
        }
    }
}

impl<W: Write> BatchWriter for JsonlWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let schema = batch.schema();
        let keys: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| serde_json::to_string(f.name()).expect("strings serialize"))
            .collect();
        for r in 0..batch.num_rows() {
            self.line.clear();
            self.line.push('{');
            if let Some(t) = &self.table {
                self.line.push_str("\"_table\":");
                self.line.push_str(t);
                if batch.num_columns() > 0 {
                    self.line.push(',');
                }
            }
            for (k, a) in batch.columns().iter().enumerate() {
                if k > 0 {
                    self.line.push(',');
                }
                self.line.push_str(&keys[k]);
                self.line.push(':');
                value(a, r, &mut self.cell, &mut self.line);
            }
            self.line.push_str("}\n");
            self.out
                .write_all(self.line.as_bytes())
                .map_err(|source| Error::Write {
                    path: self.path.clone(),
                    source,
                })?;
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

//! Arrow IPC files (`.arrow`, the Feather v2 file format): the batches as the engine
//! builds them, readable by DuckDB, Polars, pyarrow and any Arrow implementation.

use std::io::Write;
use std::path::PathBuf;

use arrow_array::RecordBatch;
use arrow_ipc::writer::FileWriter;

use super::BatchWriter;
use crate::error::{Error, Result};

/// Writes one table's batches as an Arrow IPC file.
pub struct ArrowWriter<W: Write> {
    inner: FileWriter<W>,
    path: PathBuf,
}

impl<W: Write> std::fmt::Debug for ArrowWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArrowWriter")
            .field("path", &self.path)
            .finish()
    }
}

impl<W: Write> ArrowWriter<W> {
    /// A writer of `schema`'s batches into `out` (`path` names it in errors).
    pub fn new(out: W, path: impl Into<PathBuf>, schema: &arrow_schema::Schema) -> Result<Self> {
        let path = path.into();
        let inner = FileWriter::try_new(out, schema).map_err(|e| err(&path, e))?;
        Ok(ArrowWriter { inner, path })
    }
}

fn err(path: &std::path::Path, e: arrow_schema::ArrowError) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl<W: Write> BatchWriter for ArrowWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.inner.write(batch).map_err(|e| err(&self.path, e))
    }

    fn finish(&mut self) -> Result<()> {
        self.inner.finish().map_err(|e| err(&self.path, e))?;
        self.inner.get_mut().flush().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}

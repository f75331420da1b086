//! Parquet: one file per table through the `parquet` crate's Arrow writer, with the
//! batch's Arrow types (Int16/32/64 and unsigned, Decimal128(p,s), Float, Boolean, Date32,
//! Time64(µs), Timestamp(µs, UTC where the column has a time zone), Utf8, Binary, List).

use std::io::Write;
use std::path::PathBuf;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::BatchWriter;
use crate::error::{Error, Result};

/// Parquet compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// zstd (level 3).
    Zstd,
    /// snappy.
    Snappy,
    /// none.
    None,
}

/// Parquet settings.
#[derive(Debug, Clone)]
pub struct ParquetOptions {
    /// Compression (default zstd).
    pub codec: Codec,
    /// Rows per row group (default 1,048,576).
    pub row_group_rows: usize,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            codec: Codec::Zstd,
            row_group_rows: 1 << 20,
        }
    }
}

/// Writes batches of one table as a Parquet file.
pub struct ParquetWriter<W: Write + Send> {
    inner: Option<ArrowWriter<W>>,
    path: PathBuf,
}

impl<W: Write + Send> std::fmt::Debug for ParquetWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetWriter")
            .field("path", &self.path)
            .finish()
    }
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer of batches with `schema` into `out`; `path` names it in errors.
    pub fn new(
        out: W,
        path: impl Into<PathBuf>,
        schema: SchemaRef,
        opts: &ParquetOptions,
    ) -> Result<Self> {
        let path = path.into();
        let compression = match opts.codec {
            Codec::Zstd => Compression::ZSTD(ZstdLevel::try_new(3).expect("level 3 is valid")),
            Codec::Snappy => Compression::SNAPPY,
            Codec::None => Compression::UNCOMPRESSED,
        };
        let props = WriterProperties::builder()
            .set_compression(compression)
            .set_max_row_group_row_count(Some(opts.row_group_rows.max(1)))
            .build();
        let inner = ArrowWriter::try_new(out, schema, Some(props)).map_err(|e| err(&path, e))?;
        Ok(ParquetWriter {
            inner: Some(inner),
            path,
        })
    }
}

fn err(path: &std::path::Path, e: parquet::errors::ParquetError) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl<W: Write + Send> BatchWriter for ParquetWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        match &mut self.inner {
            Some(w) => w.write(batch).map_err(|e| err(&self.path, e)),
            None => Ok(()),
        }
    }

    fn finish(&mut self) -> Result<()> {
        if let Some(w) = self.inner.take() {
            w.close().map_err(|e| err(&self.path, e))?;
        }
        Ok(())
    }
}

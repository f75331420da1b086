//! Parquet: one file per table through the `parquet` crate's Arrow column writers, with the
//! batch's Arrow types (Int16/32/64 and unsigned, Decimal128(p,s), Float, Boolean, Date32,
//! Time64(µs), Timestamp(µs, UTC where the column has a time zone), Utf8, Binary, List).

use std::io::Write;
use std::path::PathBuf;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::arrow_writer::{compute_leaves, ArrowColumnWriter, ArrowRowGroupWriterFactory};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;

use super::BatchWriter;
use crate::error::{Error, Result};

/// Parquet compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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
    /// Columns written without dictionary encoding (their values rarely repeat, so a
    /// dictionary costs time and saves nothing); see [`ParquetOptions::for_table`].
    pub plain_columns: Vec<String>,
}

impl ParquetOptions {
    /// These options with [`plain_columns`](Self::plain_columns) chosen from the plan:
    /// the columns of table `t` expected to have many distinct values.
    pub fn for_table(&self, plan: &crate::Plan, t: usize) -> ParquetOptions {
        let tp = &plan.tables()[t];
        let schema = tp.arrow_schema();
        ParquetOptions {
            plain_columns: schema
                .fields()
                .iter()
                .zip(plan.few_distinct(t))
                .filter(|(_, few)| !few)
                .map(|(f, _)| f.name().clone())
                .collect(),
            ..self.clone()
        }
    }
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            codec: Codec::Zstd,
            row_group_rows: 1 << 20,
            plain_columns: Vec::new(),
        }
    }
}

/// Writes batches of one table as a Parquet file, encoding the columns of each batch in
/// parallel (on the rayon pool it is called from) and closing a row group every
/// [`ParquetOptions::row_group_rows`] rows. The bytes do not depend on the thread count:
/// each column is encoded in order by its own column writer.
pub struct ParquetWriter<W: Write + Send> {
    file: Option<SerializedFileWriter<W>>,
    factory: ArrowRowGroupWriterFactory,
    schema: SchemaRef,
    /// The open row group's column writers (empty: none open).
    columns: Vec<ArrowColumnWriter>,
    rows_in_group: usize,
    row_group_rows: usize,
    row_groups: usize,
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
        let row_group_rows = opts.row_group_rows.max(1);
        let mut props = WriterProperties::builder()
            .set_compression(compression)
            .set_max_row_group_row_count(Some(row_group_rows));
        for c in &opts.plain_columns {
            props = props.set_column_dictionary_enabled(ColumnPath::from(c.as_str()), false);
        }
        let props = props.build();
        // The Arrow writer adds the Arrow schema to the file's metadata; its lower-level
        // parts then let the columns be encoded in parallel.
        let (file, factory) = ArrowWriter::try_new(out, schema.clone(), Some(props))
            .and_then(ArrowWriter::into_serialized_writer)
            .map_err(|e| err(&path, e))?;
        Ok(ParquetWriter {
            file: Some(file),
            factory,
            schema,
            columns: Vec::new(),
            rows_in_group: 0,
            row_group_rows,
            row_groups: 0,
            path,
        })
    }

    /// Encodes `part` (which fits in the open row group) into the column writers.
    fn encode(&mut self, part: &RecordBatch) -> Result<()> {
        if self.columns.is_empty() {
            self.columns = self
                .factory
                .create_column_writers(self.row_groups)
                .map_err(|e| err(&self.path, e))?;
        }
        let mut leaves = Vec::with_capacity(self.columns.len());
        for (field, array) in self.schema.fields().iter().zip(part.columns()) {
            leaves.extend(compute_leaves(field, array).map_err(|e| err(&self.path, e))?);
        }
        self.columns
            .par_iter_mut()
            .zip(leaves.par_iter())
            .try_for_each(|(w, leaf)| w.write(leaf))
            .map_err(|e| err(&self.path, e))?;
        self.rows_in_group += part.num_rows();
        if self.rows_in_group >= self.row_group_rows {
            self.close_group()?;
        }
        Ok(())
    }

    /// Closes the open row group: its column chunks, in column order, into the file.
    fn close_group(&mut self) -> Result<()> {
        let columns = std::mem::take(&mut self.columns);
        if columns.is_empty() {
            return Ok(());
        }
        let path = &self.path;
        let chunks = columns
            .into_par_iter()
            .map(ArrowColumnWriter::close)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| err(path, e))?;
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        let mut group = file.next_row_group().map_err(|e| err(path, e))?;
        for c in chunks {
            c.append_to_row_group(&mut group)
                .map_err(|e| err(path, e))?;
        }
        group.close().map_err(|e| err(path, e))?;
        self.row_groups += 1;
        self.rows_in_group = 0;
        Ok(())
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
        let mut offset = 0;
        while offset < batch.num_rows() {
            let take = (self.row_group_rows - self.rows_in_group).min(batch.num_rows() - offset);
            self.encode(&batch.slice(offset, take))?;
            offset += take;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.close_group()?;
        if let Some(file) = self.file.take() {
            file.close().map_err(|e| err(&self.path, e))?;
        }
        Ok(())
    }
}

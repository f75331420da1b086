//! Output size per table and format, estimated from a sample of the table's rows spelled
//! by the real writers (for `seedgen plan`).
//!
//! Up to 2,048 rows are generated, in eight runs spread over the table (any row range
//! can be generated alone), and written as each format would write them; the bytes per
//! row times the row count is the estimate. Tables of at most 2,048 rows are measured
//! whole. A schema of many tables samples fewer rows of each (down to 64), so that the
//! whole schema costs about four million cells, and `seedgen plan` of thousands of
//! tables stays quick. Parquet is the least exact: compression and dictionaries behave differently on
//! whole row groups than on a sample, so its figure is a rough one.

use arrow_array::RecordBatch;

use super::csv::{encode_rows as csv_rows, CsvOptions};
use super::parquet::{ParquetOptions, ParquetWriter};
use super::BatchWriter;
use crate::error::Result;
use crate::Plan;

/// Estimated bytes of one table's output in each format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SizeEstimate {
    /// CSV, with its header row.
    pub csv: u64,
    /// JSON Lines.
    pub jsonl: u64,
    /// PostgreSQL COPY text (the rows of the block).
    pub copy: u64,
    /// Multi-row INSERT statements (500 rows each) in the schema's dialect.
    pub sql: u64,
    /// Parquet (zstd, the default options; uncompressed when `parquet_compressed` is
    /// false, as for schemas of many tables, where compressing every sample costs more
    /// than the plan is worth).
    pub parquet: u64,
    /// Whether `parquet` was measured compressed.
    pub parquet_compressed: bool,
    /// Whether every row was measured (the figures are exact, Parquet aside).
    pub exact: bool,
}

const SAMPLE: u64 = 2048;
const MIN_SAMPLE: u64 = 64;
const SAMPLE_CELLS: u64 = 4_000_000;
const RUNS: u64 = 8;

/// Rows sampled per table of `plan`: 2,048, fewer when the schema has so many columns
/// that the whole would pass 4,000,000 cells.
pub fn sample_rows(plan: &Plan) -> u64 {
    let columns: u64 = plan
        .tables()
        .iter()
        .map(|t| t.arrow_schema().fields().len() as u64)
        .sum::<u64>()
        .max(1);
    (SAMPLE_CELLS / columns).clamp(MIN_SAMPLE, SAMPLE)
}

/// Estimates every table of `plan` (by table index), tables in parallel, each from
/// [`sample_rows`] rows; a table whose sample cannot be generated has none.
pub fn estimate_all(plan: &Plan) -> Vec<Option<SizeEstimate>> {
    use rayon::prelude::*;
    let sample = sample_rows(plan);
    (0..plan.tables().len())
        .into_par_iter()
        .map(|t| estimate_sampled(plan, t, sample).ok())
        .collect()
}

/// Estimates the output size of table `t` of `plan` in each format.
pub fn estimate(plan: &Plan, t: usize) -> Result<SizeEstimate> {
    estimate_sampled(plan, t, SAMPLE)
}

/// [`estimate`] from at most `sample` rows (see [`sample_rows`]).
pub fn estimate_sampled(plan: &Plan, t: usize, sample: u64) -> Result<SizeEstimate> {
    let sample = sample.clamp(RUNS, SAMPLE);
    let tp = &plan.tables()[t];
    let n = tp.rows();
    let exact = n <= sample;
    let batches: Vec<RecordBatch> = if exact {
        vec![plan.batch(t, 0..n)?]
    } else {
        let run = sample / RUNS;
        (0..RUNS)
            .map(|k| {
                let start = (u128::from(n - run) * u128::from(k) / u128::from(RUNS - 1)) as u64;
                plan.batch(t, start..start + run)
            })
            .collect::<Result<_>>()?
    };
    let sampled: u64 = batches.iter().map(|b| b.num_rows() as u64).sum();
    let scale = |bytes: usize| -> u64 {
        if sampled == 0 {
            0
        } else {
            (bytes as f64 * n as f64 / sampled as f64).round() as u64
        }
    };
    let schema = tp.arrow_schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();

    let csv_opts = CsvOptions {
        numeric_booleans: plan.dialect() != crate::schema::Dialect::Postgres,
        ..CsvOptions::default()
    };
    let mut header = String::new();
    super::csv::header(&csv_opts, &names, &mut header);
    let (mut csv, mut jsonl, mut copy, mut sql) =
        (String::new(), String::new(), String::new(), 0usize);
    let d = super::dialect::for_dialect(plan.dialect());
    let spatial: Vec<Option<String>> = tp
        .output_columns()
        .iter()
        .map(super::sql::spatial_type)
        .collect();
    let raw: Vec<bool> = tp.output_columns().iter().map(|c| c.raw_sql).collect();
    let (mut scratch, mut lit) = (String::new(), String::new());
    for b in &batches {
        csv_rows(&csv_opts, b, &mut csv);
        super::jsonl::encode_rows(b, None, &mut jsonl);
        super::copy::encode_rows(b, &[], &mut copy);
        for r in 0..b.num_rows() {
            // `(v, v, …),\n`
            sql += 4;
            for (k, a) in b.columns().iter().enumerate() {
                lit.clear();
                super::sql::literal(
                    d,
                    a,
                    r,
                    spatial[k].as_deref(),
                    raw[k],
                    &mut scratch,
                    &mut lit,
                );
                sql += lit.len() + 2;
            }
        }
    }
    let statement = "INSERT INTO  () VALUES\n".len()
        + tp.name().to_string().len()
        + names.iter().map(|c| c.len() + 4).sum::<usize>();
    let statements = n.div_ceil(super::sql::DEFAULT_INSERT_ROWS as u64);

    let compressed = sample >= SAMPLE;
    let base = ParquetOptions {
        codec: if compressed {
            ParquetOptions::default().codec
        } else {
            super::parquet::Codec::None
        },
        ..ParquetOptions::default()
    };
    let mut parquet = Vec::new();
    {
        let opts = base.for_table(plan, t);
        let mut w = ParquetWriter::new(&mut parquet, "estimate", schema.clone(), &opts)?;
        for b in &batches {
            w.write(b)?;
        }
        w.finish()?;
    }
    let mut empty = Vec::new();
    {
        let mut w = ParquetWriter::new(&mut empty, "estimate", schema.clone(), &base)?;
        w.finish()?;
    }
    let footer = empty.len();
    Ok(SizeEstimate {
        csv: header.len() as u64 + scale(csv.len()),
        jsonl: scale(jsonl.len()),
        copy: scale(copy.len()),
        sql: scale(sql) + statements * statement as u64,
        parquet: footer as u64 + scale(parquet.len().saturating_sub(footer)),
        parquet_compressed: compressed,
        exact,
    })
}

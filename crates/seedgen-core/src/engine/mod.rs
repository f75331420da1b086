//! The engine: rows as Arrow `RecordBatch`es, each cell a pure function of (seed, table,
//! column, row index) and the plan.
//!
//! [`Plan::batch`] builds the rows `[a, b)` of one table; [`Plan::batches`] walks a range
//! in batches; [`Generation`] does the same over several threads, handing batches over in
//! row order, so output bytes never depend on the thread count or the batch size.

pub(crate) mod batch;
pub mod gen;
pub mod keys;
pub mod locale;
pub(crate) mod refs;
pub mod rng;
pub(crate) mod row;
pub mod slot;
pub mod time;

use std::ops::Range;

use arrow_array::RecordBatch;
use rayon::prelude::*;

use crate::error::Result;
use crate::plan::Plan;

/// Rows per batch unless told otherwise.
pub const DEFAULT_BATCH_SIZE: usize = 8192;

impl Plan {
    /// Rows `rows` of table `table` (an index into [`Plan::tables`]) as one batch.
    pub fn batch(&self, table: usize, rows: Range<u64>) -> Result<RecordBatch> {
        let tp = &self.tables[table];
        let rows = rows.start.min(tp.rows)..rows.end.min(tp.rows);
        if rows.is_empty() {
            return Ok(batch::empty(&tp.arrow));
        }
        let mut out = batch::BatchBuilder::new(tp.arrow.clone(), (rows.end - rows.start) as usize);
        let mut b = row::RowBuilder::new(self, table);
        for r in rows {
            b.build(r)?;
            out.append(tp.written.iter().map(|&c| &b.slots[c]));
        }
        Ok(out.finish())
    }

    /// The rows `rows` of `table` in batches of `batch_size`, on the calling thread.
    pub fn batches(
        &self,
        table: usize,
        rows: Range<u64>,
        batch_size: usize,
    ) -> impl Iterator<Item = Result<RecordBatch>> + '_ {
        chunks(rows, batch_size).map(move |r| self.batch(table, r))
    }
}

fn chunks(rows: Range<u64>, size: usize) -> impl Iterator<Item = Range<u64>> {
    let size = size.max(1) as u64;
    let (start, end) = (rows.start, rows.end.max(rows.start));
    (0..(end - start).div_ceil(size)).map(move |k| {
        let a = start + k * size;
        a..(a + size).min(end)
    })
}

/// Parallel generation over row ranges.
#[derive(Debug)]
pub struct Generation<'p> {
    plan: &'p Plan,
    batch_size: usize,
    pool: rayon::ThreadPool,
    threads: usize,
}

impl<'p> Generation<'p> {
    /// Generation of `plan` over `threads` threads (0: one per core) in batches of
    /// `batch_size` rows.
    pub fn new(plan: &'p Plan, threads: usize, batch_size: usize) -> Result<Self> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| crate::Error::Settings {
                path: "--threads".into(),
                message: format!("cannot start {threads} threads: {e}"),
            })?;
        let threads = pool.current_num_threads();
        Ok(Generation {
            plan,
            batch_size: batch_size.max(1),
            pool,
            threads,
        })
    }

    /// The plan.
    pub fn plan(&self) -> &'p Plan {
        self.plan
    }

    /// Calls `f` with the batches of rows `rows` of `table`, in row order. At most
    /// `2 × threads` batches are in memory at once.
    pub fn for_each_batch(
        &self,
        table: usize,
        rows: Range<u64>,
        mut f: impl FnMut(RecordBatch) -> Result<()>,
    ) -> Result<()> {
        let ranges: Vec<Range<u64>> = chunks(rows, self.batch_size).collect();
        for window in ranges.chunks(self.threads * 2) {
            let batches: Vec<Result<RecordBatch>> = self.pool.install(|| {
                window
                    .par_iter()
                    .map(|r| self.plan.batch(table, r.clone()))
                    .collect()
            });
            for b in batches {
                f(b?)?;
            }
        }
        Ok(())
    }
}

//! The engine: rows as Arrow `RecordBatch`es, each cell a pure function of (seed, table,
//! column, row index) and the plan.
//!
//! [`Plan::batch`] builds the rows `[a, b)` of one table; [`Plan::batches`] walks a range
//! in batches; [`Generation`] does the same over several threads, handing batches over in
//! row order, so output bytes never depend on the thread count or the batch size.

pub(crate) mod batch;
pub(crate) mod codes;
pub(crate) mod document;
pub(crate) mod gen;
pub(crate) mod row;

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

impl Plan {
    /// Every row of the table called `name`, streamed in batches of `batch_size` rows on
    /// the calling thread: for data too big to hold (see [`Generation`] for several
    /// threads).
    ///
    /// ```
    /// # use seedgen_core::{Schema, Seeder};
    /// let schema = Schema::from_sql("CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL);", None)?;
    /// let plan = Seeder::new(&schema).rows("events", 100_000).plan()?;
    /// let mut rows = 0;
    /// for batch in plan.table_batches("events", 8192)? {
    ///     rows += batch?.num_rows();
    /// }
    /// assert_eq!(rows, 100_000);
    /// # Ok::<(), seedgen_core::Error>(())
    /// ```
    pub fn table_batches(
        &self,
        name: &str,
        batch_size: usize,
    ) -> Result<impl Iterator<Item = Result<RecordBatch>> + '_> {
        let t = self.table_index(name).ok_or_else(|| crate::Error::Data {
            target: name.to_string(),
            message: format!("the schema has no table `{name}`"),
        })?;
        Ok(self.batches(t, 0..self.tables[t].rows, batch_size))
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

/// One of `count` parts of every table's rows: shard `index` (1-based) holds a contiguous
/// range, and the shards `1..=count` in order hold every row exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, from 1 to `count`.
    pub index: u64,
    /// The number of shards.
    pub count: u64,
}

impl Shard {
    /// Shard `index` of `count`, refused (with the flag's name) unless `1 <= index <= count`.
    pub fn new(index: u64, count: u64) -> Result<Self> {
        if count == 0 || index == 0 || index > count {
            return Err(crate::Error::Settings {
                path: "shard".into(),
                message: format!("shard {index}/{count}: give K/N with 1 <= K <= N (K is 1-based)"),
            });
        }
        Ok(Shard { index, count })
    }

    /// The rows of a table of `total` rows that this shard holds.
    pub fn rows(&self, total: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(total) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

impl std::str::FromStr for Shard {
    type Err = crate::Error;

    /// Parses `K/N`.
    fn from_str(s: &str) -> Result<Self> {
        let bad = || crate::Error::Settings {
            path: "shard".into(),
            message: format!("`{s}`: give K/N, such as 1/4 (K is 1-based)"),
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n)
    }
}

/// Parallel generation over row ranges.
#[derive(Debug)]
pub struct Generation<'p> {
    plan: &'p Plan,
    batch_size: usize,
    /// The worker threads; none when every table is generated already (`made`).
    pool: Option<rayon::ThreadPool>,
    threads: usize,
    /// Every table's rows, generated before (a test's `Dataset`): batches are slices of
    /// them, so loading what a test already holds does not compute it again.
    made: Option<&'p [RecordBatch]>,
}

impl<'p> Generation<'p> {
    /// Generation of `plan` over `threads` threads (0: one per core) in batches of
    /// `batch_size` rows.
    pub fn new(plan: &'p Plan, threads: usize, batch_size: usize) -> Result<Self> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| crate::Error::Settings {
                path: "threads".into(),
                message: format!("cannot start {threads} threads: {e}"),
            })?;
        let threads = pool.current_num_threads();
        Ok(Generation {
            plan,
            batch_size: batch_size.max(1),
            pool: Some(pool),
            threads,
            made: None,
        })
    }

    /// The generation whose tables are `made` already (one whole batch per table, in
    /// the plan's order, as [`Plan::batch`] makes them): batches are zero-copy slices of
    /// them, on the calling thread.
    pub(crate) fn of_batches(plan: &'p Plan, made: &'p [RecordBatch], batch_size: usize) -> Self {
        debug_assert_eq!(made.len(), plan.tables().len());
        Generation {
            plan,
            batch_size: batch_size.max(1),
            pool: None,
            threads: 1,
            made: Some(made),
        }
    }

    /// Rows `rows` of `table`: sliced from what was made, or generated.
    fn batch(&self, table: usize, rows: Range<u64>) -> Result<RecordBatch> {
        match self.made {
            Some(made) => {
                let all = &made[table];
                let start = (rows.start as usize).min(all.num_rows());
                let end = (rows.end as usize).clamp(start, all.num_rows());
                Ok(all.slice(start, end - start))
            }
            None => self.plan.batch(table, rows),
        }
    }

    /// Runs `f` on the worker threads, or on this one when there are none.
    fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }

    /// The plan.
    pub fn plan(&self) -> &'p Plan {
        self.plan
    }

    /// The number of worker threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Generates the rows `rows` of `table` in batches on the worker threads, applies `map`
    /// to each batch there (to spell it in an output format, say), and hands the results to
    /// `consume` in row order, on one thread, while the next batches are being generated.
    ///
    /// Memory is bounded by the batches in flight: at most `4 × threads` results exist at
    /// once, whatever the row count.
    pub fn stream<T: Send>(
        &self,
        table: usize,
        rows: Range<u64>,
        map: impl Fn(RecordBatch) -> Result<T> + Sync,
        mut consume: impl FnMut(T) -> Result<()> + Send,
    ) -> Result<()> {
        let ranges: Vec<Range<u64>> = chunks(rows, self.batch_size).collect();
        let mut windows = ranges.chunks(self.threads * 4);
        let mut pending: Vec<Result<T>> = Vec::new();
        if self.made.is_some() {
            return ranges
                .into_iter()
                .try_for_each(|r| consume(map(self.batch(table, r)?)?));
        }
        self.install(|| loop {
            let next = windows.next();
            // This thread writes the previous window while the others (and this one, when
            // done writing) generate the next.
            let (written, made) = rayon::join(
                || pending.drain(..).try_for_each(|t| consume(t?)),
                || {
                    next.map(|w| {
                        w.par_iter()
                            .map(|r| map(self.batch(table, r.clone())?))
                            .collect::<Vec<_>>()
                    })
                },
            );
            written?;
            match made {
                Some(m) => pending = m,
                None => return Ok(()),
            }
        })
    }

    /// Calls `f` with the batches of rows `rows` of `table`, in row order, on the calling
    /// thread. At most `2 × threads` batches are in memory at once. [`Generation::stream`]
    /// overlaps generating and consuming when the consumer can move between threads.
    pub fn for_each_batch(
        &self,
        table: usize,
        rows: Range<u64>,
        mut f: impl FnMut(RecordBatch) -> Result<()>,
    ) -> Result<()> {
        let ranges: Vec<Range<u64>> = chunks(rows, self.batch_size).collect();
        if self.made.is_some() {
            return ranges
                .into_iter()
                .try_for_each(|r| f(self.batch(table, r)?));
        }
        for window in ranges.chunks(self.threads * 2) {
            let batches: Vec<Result<RecordBatch>> = self.install(|| {
                window
                    .par_iter()
                    .map(|r| self.batch(table, r.clone()))
                    .collect()
            });
            for b in batches {
                f(b?)?;
            }
        }
        Ok(())
    }
}

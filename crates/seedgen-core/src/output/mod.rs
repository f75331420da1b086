//! Outputs: writers of `RecordBatch`es. A writer never decides a value; it only spells
//! the batch's values in its format.
//!
//! - [`csv::CsvWriter`]: RFC 4180 CSV with a header row and a NULL marker.
//! - [`OutputDir`]: one file per table, written under a temporary name and renamed when
//!   complete, so an interrupted run never leaves a file that looks whole.

pub mod copy;
pub mod csv;
pub mod dialect;
pub mod jsonl;
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
pub mod load;
pub mod order;
pub mod parquet;
pub mod sql;
pub(crate) mod text;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;

use crate::error::{Error, Result};

/// A writer of batches in one format.
pub trait BatchWriter {
    /// Writes one batch.
    fn write(&mut self, batch: &RecordBatch) -> Result<()>;
    /// Writes what the format needs at the end and flushes.
    fn finish(&mut self) -> Result<()>;
}

/// A folder receiving one file per table.
#[derive(Debug)]
pub struct OutputDir {
    dir: PathBuf,
    force: bool,
    pending: Vec<(PathBuf, PathBuf)>,
}

impl OutputDir {
    /// Writes into `dir` (created if missing); existing files are replaced only when
    /// `force` is set.
    pub fn new(dir: impl Into<PathBuf>, force: bool) -> Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        Ok(OutputDir {
            dir,
            force,
            pending: Vec::new(),
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Checks that none of `names` exists yet (unless forced), before anything is written.
    pub fn check_free<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Result<()> {
        if self.force {
            return Ok(());
        }
        for n in names {
            let p = self.dir.join(n);
            if p.exists() {
                return Err(Error::Write {
                    path: p,
                    source: std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "the file exists; pass --force to replace it",
                    ),
                });
            }
        }
        Ok(())
    }

    /// Opens `name` for writing under a temporary name.
    pub fn create(&mut self, name: &str) -> Result<BufWriter<File>> {
        let final_path = self.dir.join(name);
        let tmp = self.dir.join(format!(".{name}.seedgen-tmp"));
        let f = File::create(&tmp).map_err(|source| Error::Write {
            path: tmp.clone(),
            source,
        })?;
        self.pending.push((tmp, final_path));
        Ok(BufWriter::with_capacity(1 << 20, f))
    }

    /// Renames every file to its final name: call once everything is written.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let mut done = Vec::new();
        for (tmp, fin) in std::mem::take(&mut self.pending) {
            std::fs::rename(&tmp, &fin).map_err(|source| Error::Write {
                path: fin.clone(),
                source,
            })?;
            done.push(fin);
        }
        Ok(done)
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        // Not committed: remove the partial files.
        for (tmp, _) in &self.pending {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// A file name for a table: its qualified name with unsafe characters replaced.
pub fn file_stem(table: &crate::schema::QualifiedName) -> String {
    table
        .to_string()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A file's writer for one table: given the file, its path and the table's Arrow schema.
pub type MakeWriter<'a> = dyn FnMut(BufWriter<File>, PathBuf, arrow_schema::SchemaRef) -> Result<Box<dyn BatchWriter>>
    + 'a;

/// Writes every table of the generation's plan as `TABLE.EXT` into `out`, tables in load
/// order, and renames the files into place only when all are complete.
pub fn write_table_files(
    generation: &crate::engine::Generation<'_>,
    mut out: OutputDir,
    ext: &str,
    make: &mut MakeWriter<'_>,
) -> Result<Vec<PathBuf>> {
    let plan = generation.plan();
    refuse_raw_sql(plan, ext)?;
    let names: Vec<String> = plan
        .load_order()
        .iter()
        .map(|&t| format!("{}.{ext}", file_stem(plan.tables()[t].name())))
        .collect();
    out.check_free(names.iter().map(String::as_str))?;
    for (&t, name) in plan.load_order().iter().zip(&names) {
        let tp = &plan.tables()[t];
        let file = out.create(name)?;
        let path = out.path().join(name);
        let mut w = make(file, path, tp.arrow_schema())?;
        generation.for_each_batch(t, 0..tp.rows(), |b| w.write(&b))?;
        w.finish()?;
    }
    out.commit()
}

/// Writes every table as `TABLE.csv` (see [`write_table_files`]).
pub fn write_csv_dir(
    generation: &crate::engine::Generation<'_>,
    out: OutputDir,
    opts: &csv::CsvOptions,
) -> Result<Vec<PathBuf>> {
    write_table_files(generation, out, "csv", &mut |file, path, schema| {
        let mut w = csv::CsvWriter::new(file, path, opts.clone());
        let cols: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        w.write_header(&cols)?;
        Ok(Box::new(w))
    })
}

/// Refuses a plan with raw SQL overrides for a format that cannot evaluate SQL.
pub(crate) fn refuse_raw_sql(plan: &crate::Plan, format: &str) -> Result<()> {
    for t in plan.tables() {
        for f in t.arrow_schema().fields() {
            if f.metadata().contains_key("seedgen.raw_sql") {
                return Err(Error::Settings {
                    path: format!("tables.{}.columns.{}.sql", t.name(), f.name()),
                    message: format!(
                        "a raw SQL expression can only be written by SQL output, not {format}; give `value` or `values` instead"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Refuses raw SQL overrides written for another dialect than the output's.
pub(crate) fn refuse_raw_sql_for(
    plan: &crate::Plan,
    dialect: crate::schema::Dialect,
) -> Result<()> {
    if plan.dialect() == dialect {
        return Ok(());
    }
    refuse_raw_sql(
        plan,
        &format!(
            "{dialect} SQL (the expression was chosen for {})",
            plan.dialect()
        ),
    )
}

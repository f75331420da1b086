//! Outputs: writers of `RecordBatch`es. A writer never decides a value; it only spells
//! the batch's values in its format.
//!
//! - [`csv::CsvWriter`]: RFC 4180 CSV with a header row and a NULL marker.
//! - [`OutputDir`]: one file per table, written under a temporary name and renamed when
//!   complete, so an interrupted run never leaves a file that looks whole.

pub mod arrow;
pub mod copy;
pub mod csv;
pub mod dialect;
pub mod estimate;
pub mod formats;
pub mod jsonl;
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
pub mod load;
pub mod order;
pub mod parquet;
pub mod sql;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;

use crate::engine::Shard;
use crate::error::{Error, Result};

/// A writer of batches in one format.
pub trait BatchWriter {
    /// Writes one batch.
    fn write(&mut self, batch: &RecordBatch) -> Result<()>;
    /// Writes what the format needs at the end and flushes.
    fn finish(&mut self) -> Result<()>;

    /// For formats whose batches are spelled independently of each other (CSV, JSON
    /// Lines): a function spelling one batch exactly as [`write`](Self::write) would,
    /// which the generating threads run so that only writing the text is left to this
    /// writer ([`write_text`](Self::write_text)). `None` (the default) for formats that
    /// must see the batches themselves.
    fn text_encoder(&self) -> Option<TextEncoder> {
        None
    }

    /// Writes text made by [`text_encoder`](Self::text_encoder)'s function.
    fn write_text(&mut self, text: &str) -> Result<()> {
        let _ = text;
        Err(Error::Generate {
            table: String::new(),
            row: 0,
            message: "this output format has no text encoder".into(),
        })
    }
}

/// Writes all of `text` to `out`, naming `path` on failure.
pub(crate) fn write_all(out: &mut impl std::io::Write, path: &Path, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// Spells one batch as text, appending to the string; see [`BatchWriter::text_encoder`].
pub type TextEncoder = Box<dyn Fn(&RecordBatch, &mut String) + Send + Sync>;

/// Temporary files being written by any [`OutputDir`] of this process, so that a
/// signal handler can remove them ([`remove_unfinished_files`]).
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes every temporary file an [`OutputDir`] of this process is writing, and
/// returns how many: for an interrupt (Ctrl-C, SIGTERM) handler, which then exits, so
/// an interrupted run leaves neither a file that looks whole nor hidden partial ones.
pub fn remove_unfinished_files() -> usize {
    let mut files = unfinished();
    let n = files.len();
    for f in files.drain(..) {
        let _ = std::fs::remove_file(f);
    }
    n
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
                return Err(Error::Exists { path: p });
            }
        }
        Ok(())
    }

    /// Opens `name` (which may hold a subfolder, `TABLE/part-1-of-4.csv`) for writing
    /// under a temporary name.
    pub fn create(&mut self, name: &str) -> Result<BufWriter<File>> {
        let final_path = self.dir.join(name);
        let parent = final_path.parent().unwrap_or(&self.dir).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|source| Error::Write {
            path: parent.clone(),
            source,
        })?;
        let file_name = final_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = parent.join(format!(".{file_name}.seedgen-tmp"));
        unfinished().push(tmp.clone());
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
            unfinished().retain(|p| *p != tmp);
            done.push(fin);
        }
        Ok(done)
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        // Not committed: remove the partial files.
        let mut list = unfinished();
        for (tmp, _) in &self.pending {
            let _ = std::fs::remove_file(tmp);
            list.retain(|p| p != tmp);
        }
    }
}

/// A file name for a table: its qualified name, with every character that is not a
/// letter, digit, `_`, `-` or an inner `.` written as `%XX` (its UTF-8 bytes), so that a
/// name is never a path (`a/b` is `a%2Fb`) and two names never share a stem (`a_b`
/// stays `a_b`). See [`file_stems`] for names that differ only in case.
pub fn file_stem(table: &crate::schema::QualifiedName) -> String {
    let mut out = String::new();
    for (i, c) in table.to_string().chars().enumerate() {
        if c.is_alphanumeric() || matches!(c, '_' | '-') || (c == '.' && i > 0) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The file stem of every table of the plan (by table index): [`file_stem`], and for
/// names that a case-insensitive file system would confuse (`Users`, `users`), `~2`,
/// `~3`, … after the later ones in load order.
pub fn file_stems(plan: &crate::Plan) -> Vec<String> {
    let mut stems: Vec<String> = plan.tables().iter().map(|t| file_stem(t.name())).collect();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for &t in plan.load_order() {
        let n = seen.entry(stems[t].to_lowercase()).or_insert(0);
        *n += 1;
        if *n > 1 {
            stems[t] = format!("{}~{n}", stems[t]);
        }
    }
    stems
}

/// A file's writer for one table: given the table's index in the plan, the file, its
/// path and the table's Arrow schema.
pub type MakeWriter<'a> = dyn FnMut(
        usize,
        BufWriter<File>,
        PathBuf,
        arrow_schema::SchemaRef,
    ) -> Result<Box<dyn BatchWriter + Send>>
    + 'a;

/// Reports progress: called with a table's index and the rows just written.
pub type Progress<'a> = &'a (dyn Fn(usize, u64) + Sync);

/// How [`write_table_files`] splits and reports.
#[derive(Default, Clone, Copy)]
pub struct FileOptions<'a> {
    /// Write only this shard's rows of every table, as `TABLE/part-K-of-N.EXT`.
    pub shard: Option<Shard>,
    /// Called as rows are written.
    pub progress: Option<Progress<'a>>,
}

impl std::fmt::Debug for FileOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileOptions")
            .field("shard", &self.shard)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// The file a table's rows go to: `STEM.EXT`, or `STEM/part-K-of-N.EXT` for a shard
/// (the stem as [`file_stems`] gives it).
pub fn table_file_name(stem: &str, ext: &str, shard: Option<Shard>) -> String {
    match shard {
        None => format!("{stem}.{ext}"),
        Some(s) => format!("{stem}/part-{}-of-{}.{ext}", s.index, s.count),
    }
}

/// Writes every table of the generation's plan into `out` (see [`table_file_name`]),
/// tables in load order, and renames the files into place only when all are complete.
/// Batches stream from the generating threads to the file; writers with a
/// [`BatchWriter::text_encoder`] have their batches spelled on those threads too.
pub fn write_table_files(
    generation: &crate::engine::Generation<'_>,
    mut out: OutputDir,
    ext: &str,
    opts: FileOptions<'_>,
    make: &mut MakeWriter<'_>,
) -> Result<Vec<PathBuf>> {
    let plan = generation.plan();
    refuse_raw_sql(plan, ext)?;
    let stems = file_stems(plan);
    let names: Vec<String> = plan
        .load_order()
        .iter()
        .map(|&t| table_file_name(&stems[t], ext, opts.shard))
        .collect();
    out.check_free(names.iter().map(String::as_str))?;
    for (&t, name) in plan.load_order().iter().zip(&names) {
        let tp = &plan.tables()[t];
        let rows = match opts.shard {
            Some(s) => s.rows(tp.rows()),
            None => 0..tp.rows(),
        };
        let file = out.create(name)?;
        let path = out.path().join(name);
        let mut w = make(t, file, path, tp.arrow_schema())?;
        let report = |n: usize| {
            if let Some(p) = opts.progress {
                p(t, n as u64);
            }
        };
        match w.text_encoder() {
            Some(encode) => {
                // Text buffers go back to a pool once written, so their pages are reused.
                let pool = std::sync::Mutex::new(Vec::<String>::new());
                let take = || {
                    pool.lock()
                        .ok()
                        .and_then(|mut p| p.pop())
                        .unwrap_or_default()
                };
                generation.stream(
                    t,
                    rows,
                    |b| {
                        let mut text = take();
                        encode(&b, &mut text);
                        Ok((text, b.num_rows()))
                    },
                    |(mut text, n)| {
                        w.write_text(&text)?;
                        report(n);
                        text.clear();
                        if let Ok(mut p) = pool.lock() {
                            p.push(text);
                        }
                        Ok(())
                    },
                )?
            }
            None => generation.stream(t, rows, Ok, |b| {
                w.write(&b)?;
                report(b.num_rows());
                Ok(())
            })?,
        }
        w.finish()?;
    }
    out.commit()
}

/// Writes every table as CSV (see [`write_table_files`]); each file (each shard's part
/// too) starts with its header row.
pub fn write_csv_dir(
    generation: &crate::engine::Generation<'_>,
    out: OutputDir,
    opts: &csv::CsvOptions,
    files: FileOptions<'_>,
) -> Result<Vec<PathBuf>> {
    write_table_files(
        generation,
        out,
        "csv",
        files,
        &mut |_, file, path, schema| {
            let mut w = csv::CsvWriter::new(file, path, opts.clone());
            let cols: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            w.write_header(&cols)?;
            Ok(Box::new(w))
        },
    )
}

/// Refuses a plan with raw SQL overrides for a format that cannot evaluate SQL.
pub(crate) fn refuse_raw_sql(plan: &crate::Plan, format: &str) -> Result<()> {
    for t in plan.tables() {
        if let Some(c) = t.output_columns().iter().find(|c| c.raw_sql) {
            return Err(Error::Settings {
                path: format!("tables.{}.columns.{}.sql", t.name(), c.name),
                message: format!(
                    "{}.{} is a raw SQL expression, which only SQL output can write, not {format}; give `value` or `values` instead",
                    t.name(),
                    c.name
                ),
            });
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

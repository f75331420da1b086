//! `seedgen generate`: the output formats, to a folder or to standard output.

use std::io::Write;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::{Path, PathBuf};

use seedgen_core::engine::Generation;
use seedgen_core::engine::Shard;
use seedgen_core::output::csv::CsvOptions;
use seedgen_core::output::formats::{self, FileFormatOptions, Writes};
use seedgen_core::output::jsonl::JsonlWriter;
use seedgen_core::output::parquet::{Codec, ParquetOptions};
use seedgen_core::output::sql::{write_sql_script, SqlOptions};
use seedgen_core::output::{copy, write_table_files, BatchWriter, FileOptions, OutputDir};
use seedgen_core::schema::{Dialect, Script};

use crate::failure::{classify, usage, Failure};

/// Output settings from the flags.
#[derive(Debug)]
pub struct OutputSettings {
    pub sql_dialect: Option<Dialect>,
    pub batch_rows: usize,
    pub create: bool,
    pub split: bool,
    pub codec: Codec,
    pub row_group_rows: usize,
    /// Replace existing files.
    pub force: bool,
    /// CSV's NULL marker.
    pub null: String,
    /// Only this part of every table.
    pub shard: Option<Shard>,
    /// No progress bar.
    pub quiet: bool,
}

/// The SQL text of the inputs, in the order applied, for `generate --create`: the
/// script a client runs first.
pub fn create_ddl(scripts: &[Script]) -> String {
    let mut ddl = String::new();
    for s in scripts {
        ddl.push_str(&s.text);
        if !s.text.ends_with('\n') {
            ddl.push('\n');
        }
    }
    ddl
}

/// Writes the generation in `format` to `out` (a folder, or `-`).
/// Returns the files written (none for standard output).
pub fn write(
    generation: &Generation<'_>,
    inputs: &[Script],
    out: &Path,
    format: &str,
    o: &OutputSettings,
) -> Result<Vec<PathBuf>, Failure> {
    let plan = generation.plan();
    let stdout = out.as_os_str() == "-";
    let spec = formats::find(format)
        .ok_or_else(|| usage(anyhow::anyhow!("--format {format}: not a format")))?;
    if o.shard.is_some() && (stdout || !spec.shardable) {
        let shardable: Vec<&str> = formats::FORMATS
            .iter()
            .filter(|f| f.shardable)
            .map(|f| f.name)
            .collect();
        return Err(usage(anyhow::anyhow!(
            "--shard: only with a folder and --format {} (each shard writes TABLE/part-K-of-N.EXT)",
            shardable.join(", ")
        )));
    }
    let bar = progress_bar(generation, o, stdout);
    let report = |_t: usize, n: u64| bar.inc(n);
    let files = FileOptions {
        shard: o.shard,
        progress: Some(&report),
    };
    let dialect = o.sql_dialect.unwrap_or(plan.dialect());
    if o.split && (format != "sql" || stdout) {
        return Err(usage(anyhow::anyhow!(
            "--split: only with --format sql and a folder"
        )));
    }
    if o.create && format != "sql" {
        return Err(usage(anyhow::anyhow!("--create: only with --format sql")));
    }
    if o.create && dialect != plan.dialect() {
        return Err(usage(anyhow::anyhow!(
            "--create writes the schema's own {} DDL, which a {dialect} database cannot read; drop --create or --sql-dialect",
            plan.dialect()
        )));
    }
    let sql_opts = || -> Result<SqlOptions, Failure> {
        Ok(SqlOptions {
            dialect,
            batch_rows: o.batch_rows,
            create: if o.create {
                Some(create_ddl(inputs))
            } else {
                None
            },
        })
    };
    let runtime = |e: std::io::Error| {
        Failure::Runtime(anyhow::Error::new(e).context("writing to standard output"))
    };
    if stdout {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout());
        let path = PathBuf::from("<stdout>");
        match format {
            "sql" => write_sql_script(generation, &mut w, &path, &sql_opts()?).map_err(classify)?,
            "copy" => copy::write_copy_script(generation, &mut w, &path).map_err(classify)?,
            "jsonl" => {
                for &t in plan.load_order() {
                    let tp = &plan.tables()[t];
                    let mut j =
                        JsonlWriter::new(&mut w, &path).with_table_key(&tp.name().to_string());
                    generation
                        .for_each_batch(t, 0..tp.rows(), |b| j.write(&b))
                        .map_err(classify)?;
                    j.finish().map_err(classify)?;
                }
            }
            other => {
                return Err(usage(anyhow::anyhow!(
                    "--out -: {other} writes one file per table; give a folder (standard output takes {})",
                    formats::FORMATS
                        .iter()
                        .filter(|f| f.stdout)
                        .map(|f| f.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
            }
        }
        w.flush().map_err(runtime)?;
        return Ok(Vec::new());
    }
    let dir = OutputDir::new(out, o.force).map_err(classify)?;
    let written = match spec.writes {
        Writes::Script { .. } if o.split => {
            seedgen_core::output::sql::write_sql_files(generation, dir, &sql_opts()?)
                .map_err(classify)?
        }
        Writes::Script { file: name } => {
            let mut dir = dir;
            dir.check_free([name]).map_err(classify)?;
            let path = dir.path().join(name);
            let mut f = dir.create(name).map_err(classify)?;
            if format == "sql" {
                write_sql_script(generation, &mut f, &path, &sql_opts()?).map_err(classify)?;
            } else {
                copy::write_copy_script(generation, &mut f, &path).map_err(classify)?;
            }
            drop(f);
            dir.commit().map_err(classify)?
        }
        Writes::Tables(make) => {
            let opts = FileFormatOptions {
                // MySQL and SQLite store booleans as integers: spell them 1 and 0 there.
                csv: CsvOptions {
                    null: o.null.clone(),
                    numeric_booleans: dialect != Dialect::Postgres,
                    ..CsvOptions::default()
                },
                parquet: ParquetOptions {
                    codec: o.codec,
                    row_group_rows: o.row_group_rows,
                    plain_columns: Vec::new(),
                },
            };
            write_table_files(
                generation,
                dir,
                spec.extension,
                files,
                &mut |t, file, path, schema| make(&opts, plan, t, file, path, schema),
            )
            .map_err(classify)?
        }
        other => {
            return Err(usage(anyhow::anyhow!(
                "--format {format}: this seedgen cannot write it ({other:?})"
            )))
        }
    };
    bar.finish_and_clear();
    Ok(written)
}

/// One bar over every row to be written (rows/s, ETA), on a terminal only, not with
/// `--quiet` nor when the data goes to standard output.
fn progress_bar(generation: &Generation<'_>, o: &OutputSettings, stdout: bool) -> ProgressBar {
    if o.quiet || stdout {
        return ProgressBar::hidden();
    }
    let total: u64 = generation
        .plan()
        .tables()
        .iter()
        .map(|t| match o.shard {
            Some(s) => {
                let r = s.rows(t.rows());
                r.end - r.start
            }
            None => t.rows(),
        })
        .sum();
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("[{bar:40}] {human_pos}/{human_len} rows  {rate}  ETA {eta}")
            .expect("template is valid")
            .with_key("rate", crate::human::rate_key)
            .progress_chars("=> "),
    );
    bar
}

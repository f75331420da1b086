//! The output formats, one entry each in [`FORMATS`]: a name (the CLI's `--format`
//! value), the file extension, what it can do (standard output, shards), and how it is
//! written. A new file-per-table format is a [`BatchWriter`] in a module of its own and
//! one entry here; the CLI's `--format` values and help come from this list.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use super::{csv, parquet, BatchWriter};
use crate::error::Result;
use crate::Plan;

/// Options of the file formats, each format reading its own.
#[derive(Debug, Clone, Default)]
pub struct FileFormatOptions {
    /// CSV: NULL marker, booleans as numbers, …
    pub csv: csv::CsvOptions,
    /// Parquet: compression and row groups.
    pub parquet: parquet::ParquetOptions,
}

/// Makes the writer of table `t`'s file.
pub type MakeFileWriter = fn(
    &FileFormatOptions,
    &Plan,
    usize,
    BufWriter<File>,
    PathBuf,
    arrow_schema::SchemaRef,
) -> Result<Box<dyn BatchWriter + Send>>;

/// How a format is written.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Writes {
    /// One file per table, `TABLE.EXT` (or `TABLE/part-K-of-N.EXT` for a shard).
    Tables(MakeFileWriter),
    /// One script of statements for every table, in load order (`file` in the folder, or
    /// standard output).
    Script {
        /// The script's file name in the output folder.
        file: &'static str,
    },
}

impl std::fmt::Debug for Writes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Writes::Tables(_) => f.write_str("Tables"),
            Writes::Script { file } => write!(f, "Script({file})"),
        }
    }
}

/// One output format.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Format {
    /// The name `--format` takes.
    pub name: &'static str,
    /// The file extension.
    pub extension: &'static str,
    /// One line of help.
    pub about: &'static str,
    /// Can be written to standard output as one stream.
    pub stdout: bool,
    /// `--shard K/N` can write a part of every table.
    pub shardable: bool,
    /// `seedgen plan` estimates its size.
    pub estimated: bool,
    /// How it is written.
    pub writes: Writes,
}

/// Every output format, the default first.
pub const FORMATS: &[Format] = &[
    Format {
        name: "csv",
        extension: "csv",
        about: "One CSV file per table, with a header row",
        stdout: false,
        shardable: true,
        estimated: true,
        writes: Writes::Tables(csv_writer),
    },
    Format {
        name: "sql",
        extension: "sql",
        about: "One SQL script of multi-row INSERTs in one transaction (`seedgen.sql`)",
        stdout: true,
        shardable: false,
        estimated: true,
        writes: Writes::Script {
            file: "seedgen.sql",
        },
    },
    Format {
        name: "copy",
        extension: "copy.sql",
        about: "One psql script of PostgreSQL COPY blocks (`seedgen.copy.sql`)",
        stdout: true,
        shardable: false,
        estimated: true,
        writes: Writes::Script {
            file: "seedgen.copy.sql",
        },
    },
    Format {
        name: "parquet",
        extension: "parquet",
        about: "One Parquet file per table",
        stdout: false,
        shardable: true,
        estimated: true,
        writes: Writes::Tables(parquet_writer),
    },
    Format {
        name: "jsonl",
        extension: "jsonl",
        about: "One JSON Lines file per table",
        stdout: true,
        shardable: true,
        estimated: true,
        writes: Writes::Tables(jsonl_writer),
    },
    Format {
        name: "arrow",
        extension: "arrow",
        about: "One Arrow IPC file per table (DuckDB, Polars, pyarrow)",
        stdout: false,
        shardable: true,
        estimated: false,
        writes: Writes::Tables(arrow_writer),
    },
];

/// The format called `name`.
pub fn find(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name == name)
}

fn csv_writer(
    o: &FileFormatOptions,
    _: &Plan,
    _: usize,
    file: BufWriter<File>,
    path: PathBuf,
    schema: arrow_schema::SchemaRef,
) -> Result<Box<dyn BatchWriter + Send>> {
    let mut w = csv::CsvWriter::new(file, path, o.csv.clone());
    let cols: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    w.write_header(&cols)?;
    Ok(Box::new(w))
}

fn parquet_writer(
    o: &FileFormatOptions,
    plan: &Plan,
    t: usize,
    file: BufWriter<File>,
    path: PathBuf,
    schema: arrow_schema::SchemaRef,
) -> Result<Box<dyn BatchWriter + Send>> {
    let opts = o.parquet.for_table(plan, t);
    Ok(Box::new(parquet::ParquetWriter::new(
        file, path, schema, &opts,
    )?))
}

fn jsonl_writer(
    _: &FileFormatOptions,
    _: &Plan,
    _: usize,
    file: BufWriter<File>,
    path: PathBuf,
    _: arrow_schema::SchemaRef,
) -> Result<Box<dyn BatchWriter + Send>> {
    Ok(Box::new(super::jsonl::JsonlWriter::new(file, path)))
}

fn arrow_writer(
    _: &FileFormatOptions,
    _: &Plan,
    _: usize,
    file: BufWriter<File>,
    path: PathBuf,
    schema: arrow_schema::SchemaRef,
) -> Result<Box<dyn BatchWriter + Send>> {
    Ok(Box::new(super::arrow::ArrowWriter::new(
        file, path, &schema,
    )?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_the_default_comes_first() {
        let mut names: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
        assert_eq!(names[0], "csv");
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FORMATS.len());
        assert!(find("arrow").is_some_and(|f| f.shardable && !f.stdout));
    }
}

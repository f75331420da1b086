//! The library's error type.

use std::ops::Range;
use std::path::PathBuf;

use crate::location::Location;

/// Everything that can go wrong in seedgen-core. Each variant says where (file, line and
/// column, or `table.column`) and what to change.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read (the cause is the error's `source()`).
    #[error("cannot read {}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// SQL that shapes the data could not be parsed.
    #[error("{at}: {message}\n  in: {statement}")]
    Syntax {
        /// Where.
        at: Location,
        /// The parser's message.
        message: String,
        /// The statement, shortened.
        statement: String,
    },
    /// The schema is inconsistent: an unknown table or column, a duplicate table, ….
    #[error("{}{message}", at.as_ref().map(|a| format!("{a}: ")).unwrap_or_default())]
    Schema {
        /// Where, when known.
        at: Option<Location>,
        /// What is wrong and what to change.
        message: String,
    },
    /// A JSON document could not be read.
    #[error("{file}:{line}:{column}: {message}")]
    Json {
        /// The file.
        file: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A generation setting is wrong: an unknown table, column or generator, a value of the
    /// wrong type, an absurd row count.
    #[error("{path}: {message}")]
    Settings {
        /// The JSON path (`generate.tables.users.rows`) or the flag (`--rows`).
        path: String,
        /// What is wrong and what to change.
        message: String,
    },
    /// The plan cannot be satisfied: a unique domain smaller than the row count, a
    /// CHECK no value satisfies, a type with no generator, a cycle that cannot load.
    #[error("{target}: {message}")]
    Infeasible {
        /// `table.column` or `table`.
        target: String,
        /// What is wrong, with the numbers, and what to change.
        message: String,
        /// The most rows the table can have as planned, when a row count is the problem.
        max_rows: Option<u64>,
    },
    /// `strict` forbids the choices seedgen would make on its own: capped row counts and
    /// columns filled by a fallback. Every one of them is listed.
    #[error("strict: seedgen would make {} for you:\n  {}\ngive each an explicit setting, or drop `strict`", if choices.len() == 1 { "1 choice".to_string() } else { format!("{} choices", choices.len()) }, choices.join("\n  "))]
    Strict {
        /// Each cap and fallback, in words.
        choices: Vec<String>,
    },
    /// A row count the user asked for (`tables.T.rows`) is more than the table's keys,
    /// CHECKs or references hold.
    #[error("{target}: {why}, so at most {max_rows} rows fit but {asked} are asked; give {table} at most {max_rows} rows or {fix}")]
    TooManyRows {
        /// The table whose count was asked.
        table: String,
        /// `table.column` or `table`: what limits the count.
        target: String,
        /// What limits it, in words (`type tinyint unsigned stops at 255`).
        why: String,
        /// The count asked for.
        asked: u64,
        /// The most rows that fit.
        max_rows: u64,
        /// What else could change (`widen the column`).
        fix: String,
    },
    /// An output file is there already, and replacing was not asked for.
    #[error("{}: the file exists; it is replaced only when asked to (`force`)", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// A generated row failed a CHECK after every resampling attempt.
    #[error("{table} row {row}: {message}")]
    Generate {
        /// The table.
        table: String,
        /// The row index.
        row: u64,
        /// The constraint and what happened.
        message: String,
    },
    /// A database refused the data, or could not be reached; the load was rolled back.
    /// The driver's error is the `source()`, for matching on it.
    #[error("{}{message}", load_where(table.as_deref(), rows.as_ref()))]
    Load {
        /// The table being loaded, when the failure concerns one.
        table: Option<String>,
        /// The rows of [`Error::Load::table`] being loaded (`0..100`), when known.
        rows: Option<Range<u64>>,
        /// The database's message (what seedgen was doing, then the server's words).
        message: String,
        /// The SQLSTATE the server gave (PostgreSQL `23505`, MySQL `23000`); SQLite has
        /// none (its result code is in the `source()`, a `rusqlite::Error`).
        sqlstate: Option<String>,
        /// The driver's error.
        #[source]
        source: Option<BoxError>,
    },
    /// Looking up generated data failed: no such table or column, a value of another
    /// type, or a unique key a pin or a column function repeated.
    #[error("{target}: {message}")]
    Data {
        /// The table or `table.column`.
        target: String,
        /// What is wrong and what to change.
        message: String,
    },
    /// A live database could not be reached or refused a catalog or statistics query.
    #[error("{url}: {message}")]
    Database {
        /// The URL, password hidden.
        url: String,
        /// The database's message, and the query.
        message: String,
    },
    /// Writing output failed (the cause is the error's `source()`).
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The source position the error points at, when it has one.
    pub fn position(&self) -> Option<Location> {
        match self {
            Error::Syntax { at, .. } => Some(at.clone()),
            Error::Schema { at, .. } => at.clone(),
            Error::Json {
                file, line, column, ..
            } => Some(Location::new(
                file.as_str().into(),
                *line as u64,
                *column as u64,
            )),
            Error::Io { .. }
            | Error::TooManyRows { .. }
            | Error::Exists { .. }
            | Error::Settings { .. }
            | Error::Infeasible { .. }
            | Error::Strict { .. }
            | Error::Generate { .. }
            | Error::Load { .. }
            | Error::Data { .. }
            | Error::Database { .. }
            | Error::Write { .. } => None,
        }
    }

    pub(crate) fn schema(at: Option<&Location>, message: impl Into<String>) -> Self {
        Error::Schema {
            at: at.cloned(),
            message: message.into(),
        }
    }
}

/// A driver's error, kept as [`Error::Load`]'s `source()`.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

fn load_where(table: Option<&str>, rows: Option<&Range<u64>>) -> String {
    match (table, rows) {
        (Some(t), Some(r)) => format!("{t} rows {}..{}: ", r.start, r.end),
        (Some(t), None) => format!("{t}: "),
        _ => String::new(),
    }
}

impl Error {
    /// The SQLSTATE of a database's refusal ([`Error::Load`]), when it gave one.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            Error::Load { sqlstate, .. } => sqlstate.as_deref(),
            _ => None,
        }
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

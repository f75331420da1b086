//! Loading straight into a database, in one transaction: SQLite (embedded, prepared
//! INSERTs), PostgreSQL (COPY, in pg_restore's order where the tables are new or
//! `defer_indexes` asks) and MySQL/MariaDB (`LOAD DATA LOCAL INFILE` from a stream). On
//! any error the transaction is rolled back, so the database is left as it was, and the
//! error names the table, the rows and the database's message. Behind the `sqlite`,
//! `postgres` and `mysql` features, one module per engine.

#[cfg(feature = "mysql")]
mod mariadb;
#[cfg(feature = "postgres")]
mod postgresql;
#[cfg(feature = "sqlite")]
mod sqlite3;
#[cfg(any(
    feature = "sqlx-postgres",
    feature = "sqlx-mysql",
    feature = "tokio-postgres"
))]
pub(crate) mod statements;
#[cfg(any(feature = "sqlx-postgres", feature = "sqlx-mysql"))]
pub(crate) mod via_sqlx;
#[cfg(feature = "tokio-postgres")]
pub(crate) mod via_tokio_postgres;

#[cfg(feature = "mysql")]
pub use self::mariadb::{load_mysql, load_mysql_with, MySqlSession};
#[cfg(feature = "postgres")]
pub use self::postgresql::{load_postgres, load_postgres_with};
#[cfg(feature = "sqlite")]
pub use self::sqlite3::{load_sqlite, load_sqlite_with};

use std::ops::Range;

use crate::engine::Generation;
use crate::error::{Error, Result};
use crate::schema::{CreateStatement, Dialect};

/// Rows per INSERT statement for the SQL-based loaders.
pub const INSERT_ROWS: usize = super::sql::DEFAULT_INSERT_ROWS;

/// What was loaded: rows per table, in load order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// (table, rows).
    pub tables: Vec<(String, u64)>,
}

/// What a load is doing, as it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadEvent {
    /// Rows arrived: the table's index in the plan, and its rows loaded so far.
    Rows {
        /// The table (an index into [`crate::plan::Plan::tables`]).
        table: usize,
        /// Rows of it loaded so far.
        done: u64,
    },
    /// The rows are in and a later phase starts, with the number of objects it builds.
    Phase {
        /// Which phase.
        phase: Phase,
        /// Indexes or constraints it builds (0 for [`Phase::Commit`]).
        items: usize,
    },
}

/// The phases of a load after its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Building the primary keys, unique constraints and indexes held back during the
    /// rows.
    Indexes,
    /// Adding (and so checking) the foreign keys held back during the rows, or checking
    /// them all at once (SQLite).
    Constraints,
    /// Committing the transaction.
    Commit,
}

impl Phase {
    /// What the phase does, in a few words for a progress line.
    pub fn describe(self) -> &'static str {
        match self {
            Phase::Indexes => "building indexes and keys",
            Phase::Constraints => "checking foreign keys",
            Phase::Commit => "committing",
        }
    }
}

/// Called as the load goes: rows as they arrive, then each later phase.
pub type Progress<'a> = dyn FnMut(LoadEvent) + Send + 'a;

fn rows_done(progress: &mut Progress<'_>, table: usize, done: u64) {
    progress(LoadEvent::Rows { table, done });
}

fn phase(progress: &mut Progress<'_>, phase: Phase, items: usize) {
    progress(LoadEvent::Phase { phase, items });
}

/// What a load does besides the rows.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The schema's own statements, run first (`--create`, see
    /// [`crate::schema::create_statements`]): in the same transaction as the rows in
    /// PostgreSQL and SQLite; in MySQL/MariaDB, whose DDL commits by itself, what they
    /// created is dropped again when the load fails.
    pub create: Vec<CreateStatement>,
    /// Switch the schema's triggers off for the load (`--triggers off`): PostgreSQL
    /// disables the loaded tables' user triggers inside the transaction (which needs
    /// their owner) and enables them again before committing; MySQL and SQLite cannot
    /// switch a trigger off, so a load that would need it is refused with the triggers
    /// named.
    pub triggers_off: bool,
    /// Empty the schema's tables first, in the same transaction (`--replace`): every
    /// table of the plan, children first (PostgreSQL: one `TRUNCATE` of them all).
    pub replace: bool,
    /// PostgreSQL, tables that are already there (`--defer-indexes`): inside the load's
    /// transaction, drop the secondary indexes, primary keys, unique constraints and
    /// foreign keys of the loaded tables, COPY the rows, then create them again exactly
    /// as the catalog defined them, as pg_restore orders a restore. With `create`
    /// this is always done: the tables are new. Ignored by the other engines (SQLite
    /// builds the schema's `CREATE INDEX` statements after the rows with `create`;
    /// MySQL's `LOAD DATA` maintains its indexes in bulk).
    pub defer_indexes: bool,
}

/// The statements that empty the plan's tables for `--replace`.
fn emptying(generation: &Generation<'_>, dialect: Dialect) -> Vec<String> {
    use super::dialect::for_dialect;
    let plan = generation.plan();
    let d = for_dialect(dialect);
    let names: Vec<String> = plan
        .load_order()
        .iter()
        .rev()
        .map(|&t| {
            let mut s = String::new();
            super::sql::table_ident(d, plan.tables()[t].name(), &mut s);
            s
        })
        .collect();
    match dialect {
        Dialect::Postgres => vec![format!("TRUNCATE {}", names.join(", "))],
        _ => names.iter().map(|n| format!("DELETE FROM {n}")).collect(),
    }
}

#[cfg(any(feature = "sqlite", feature = "mysql"))] // used by the SQLite and MySQL loaders
/// Refuses `--triggers off` where the engine cannot switch a trigger off and the
/// schema has triggers that write other tables.
fn refuse_triggers_off(
    generation: &Generation<'_>,
    opts: &LoadOptions,
    engine: &str,
) -> Result<()> {
    if !opts.triggers_off {
        return Ok(());
    }
    let writers: Vec<String> = generation
        .plan()
        .schema()
        .triggers
        .iter()
        .filter(|t| t.writes.iter().any(|w| !w.table.matches(&t.table)))
        .map(|t| format!("{} on {}", t.name, t.table))
        .collect();
    if writers.is_empty() {
        return Ok(());
    }
    Err(refused(
        "",
        format!(
            "{engine} cannot switch a trigger off for a load, and these write other tables: {}; drop them first, or load with the triggers on",
            writers.join(", ")
        ),
    ))
}

fn create_failure(s: &CreateStatement, cause: impl Into<Cause>) -> Error {
    cause
        .into()
        .context(&format!(
            "{}: running the schema's statement failed: ",
            s.at
        ))
        .error(None)
}

fn report(generation: &Generation<'_>) -> LoadReport {
    let plan = generation.plan();
    LoadReport {
        tables: plan
            .load_order()
            .iter()
            .map(|&t| (plan.tables()[t].name().to_string(), plan.tables()[t].rows()))
            .collect(),
    }
}

/// Why a database refused: the message in its own words, its SQLSTATE, and the driver's
/// error itself (kept as [`Error::Load`]'s `source()`).
#[derive(Debug)]
pub(crate) struct Cause {
    message: String,
    sqlstate: Option<String>,
    source: Option<crate::error::BoxError>,
}

impl Cause {
    /// What seedgen was doing, before the database's words.
    fn context(mut self, doing: &str) -> Self {
        self.message.insert_str(0, doing);
        self
    }

    /// The error, about table `at.0`'s rows `at.1` when given.
    fn error(self, at: Option<(String, Range<u64>)>) -> Error {
        let (table, rows) = at.map_or((None, None), |(t, r)| (Some(t), Some(r)));
        Error::Load {
            table,
            rows,
            message: self.message,
            sqlstate: self.sqlstate,
            source: self.source,
        }
    }
}

impl From<String> for Cause {
    fn from(message: String) -> Self {
        Cause {
            message,
            sqlstate: None,
            source: None,
        }
    }
}

impl From<std::io::Error> for Cause {
    fn from(e: std::io::Error) -> Self {
        Cause {
            message: e.to_string(),
            sqlstate: None,
            source: Some(Box::new(e)),
        }
    }
}

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for Cause {
    fn from(e: rusqlite::Error) -> Self {
        Cause {
            message: e.to_string(),
            sqlstate: None,
            source: Some(Box::new(e)),
        }
    }
}

#[cfg(feature = "postgres")]
impl From<postgres::Error> for Cause {
    fn from(e: postgres::Error) -> Self {
        Cause {
            message: crate::drivers::postgres_message(&e, None),
            sqlstate: e.code().map(|c| c.code().to_string()),
            source: Some(Box::new(e)),
        }
    }
}

#[cfg(feature = "mysql")]
impl From<mysql::Error> for Cause {
    fn from(e: mysql::Error) -> Self {
        let sqlstate = match &e {
            mysql::Error::MySqlError(m) => Some(m.state.clone()),
            _ => None,
        };
        Cause {
            message: crate::drivers::mysql_message(&e),
            sqlstate,
            source: Some(Box::new(e)),
        }
    }
}

fn failure(
    generation: &Generation<'_>,
    at: Option<(usize, Range<u64>)>,
    cause: impl Into<Cause>,
) -> Error {
    let at = at.map(|(t, rows)| (generation.plan().tables()[t].name().to_string(), rows));
    cause.into().error(at)
}

/// A refusal that concerns no table in particular (`doing`, then the database's words).
pub(crate) fn refused(doing: &str, cause: impl Into<Cause>) -> Error {
    cause.into().context(doing).error(None)
}

#[cfg(any(feature = "sqlite", feature = "mysql"))] // used by the SQLite and MySQL loaders
/// Whether table `t` has cells that are SQL expressions (a `sql` override), which only
/// INSERT statements can carry.
fn has_sql_cells(generation: &Generation<'_>, t: usize) -> bool {
    generation.plan().tables()[t]
        .output_columns()
        .iter()
        .any(|c| c.raw_sql)
}

#[cfg(any(feature = "sqlite", feature = "mysql"))] // used by the SQLite and MySQL loaders
/// Loads table `t` through the SQL script's multi-row INSERTs, run by `exec` (for
/// tables with SQL-expression cells, which a bulk path cannot carry).
fn insert_statements(
    generation: &Generation<'_>,
    t: usize,
    steps: &super::order::LoadSteps,
    d: &dyn super::dialect::SqlDialect,
    progress: &mut Progress<'_>,
    exec: &mut dyn FnMut(&str) -> std::result::Result<(), Cause>,
) -> Result<()> {
    super::sql::write_inserts(generation, t, steps, d, INSERT_ROWS, &mut |text, at| {
        exec(text).map_err(|m| failure(generation, at.clone(), m))?;
        if let Some((t, rows)) = at {
            rows_done(progress, t, rows.end);
        }
        Ok(())
    })
}

/// What follows the rows, as one script: the cycles' UPDATEs and (PostgreSQL) the
/// sequences advanced.
fn finishing_script(
    generation: &Generation<'_>,
    steps: &super::order::LoadSteps,
    d: &dyn super::dialect::SqlDialect,
) -> Result<String> {
    let mut rest = String::new();
    super::sql::write_finish(generation, steps, d, &mut |text, _| {
        rest.push_str(text);
        Ok(())
    })?;
    Ok(rest)
}

/// A database connection that takes a generation's rows, so code that loads need not
/// know which database it holds: implemented for `rusqlite::Connection`,
/// `postgres::Client` and `mysql::Conn` and for each driver's transaction (each behind
/// its feature; in a transaction the load is a savepoint of it), and returned by
/// [`connect`] for a URL.
pub trait Loader {
    /// The database's dialect.
    fn dialect(&self) -> Dialect;

    /// Loads every table of the generation in load order, in one transaction (or a
    /// savepoint of the open one), as the `load_*_with` function of the database does.
    fn load(
        &mut self,
        generation: &Generation<'_>,
        opts: &LoadOptions,
        progress: &mut Progress<'_>,
    ) -> Result<LoadReport>;
}

/// `impl Loader for $driver`, loading with `$load` into a database of `$dialect`.
macro_rules! loader {
    ($feature:literal, $driver:ty, $dialect:expr, $load:ident) => {
        #[cfg(feature = $feature)]
        impl Loader for $driver {
            fn dialect(&self) -> Dialect {
                $dialect
            }

            fn load(
                &mut self,
                generation: &Generation<'_>,
                opts: &LoadOptions,
                progress: &mut Progress<'_>,
            ) -> Result<LoadReport> {
                $load(generation, self, opts, progress)
            }
        }
    };
}

loader!(
    "sqlite",
    rusqlite::Connection,
    Dialect::Sqlite,
    load_sqlite_with
);
loader!(
    "postgres",
    postgres::Client,
    Dialect::Postgres,
    load_postgres_with
);
loader!(
    "sqlite",
    rusqlite::Transaction<'_>,
    Dialect::Sqlite,
    load_sqlite_with
);
loader!(
    "postgres",
    postgres::Transaction<'_>,
    Dialect::Postgres,
    load_postgres_with
);
loader!("mysql", mysql::Conn, Dialect::MySql, load_mysql_with);
loader!(
    "mysql",
    mysql::Transaction<'_>,
    Dialect::MySql,
    load_mysql_with
);

/// Connects to `url` (`sqlite://PATH`, created if missing; `postgres://…`;
/// `mysql://…`) for loading. The error names the URL without its password.
pub fn connect(url: &str) -> Result<Box<dyn Loader>> {
    use crate::drivers::{connect, Access, Connection};
    Ok(match connect(url, Access::Write)? {
        #[cfg(feature = "sqlite")]
        Connection::Sqlite(c) => Box::new(c),
        #[cfg(feature = "postgres")]
        Connection::Postgres(c) => c,
        #[cfg(feature = "mysql")]
        Connection::MySql(c) => c,
    })
}

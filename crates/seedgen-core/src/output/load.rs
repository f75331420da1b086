//! Loading straight into a database, in one transaction: SQLite (embedded), PostgreSQL
//! (COPY) and MySQL/MariaDB (multi-row INSERTs). On any error the transaction is rolled
//! back, so the database is left as it was, and the error names the table, the rows and
//! the database's message. Behind the `sqlite`, `postgres` and `mysql` features.

use std::ops::Range;

use crate::engine::Generation;
use crate::error::{Error, Result};
use crate::schema::{CreateStatement, Dialect};

use super::sql::{run_script, SqlOptions};

/// Rows per INSERT statement for the SQL-based loaders.
pub const INSERT_ROWS: usize = super::sql::DEFAULT_INSERT_ROWS;

/// What was loaded: rows per table, in load order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// (table, rows).
    pub tables: Vec<(String, u64)>,
}

/// Called as rows arrive: (table index, rows of it loaded so far).
pub type Progress<'a> = dyn FnMut(usize, u64) + Send + 'a;

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
    Err(Error::Load {
        table: None,
        message: format!(
            "{engine} cannot switch a trigger off for a load, and these write other tables: {}; drop them first, or load with the triggers on",
            writers.join(", ")
        ),
    })
}

fn create_failure(s: &CreateStatement, message: String) -> Error {
    Error::Load {
        table: None,
        message: format!("{}: running the schema's statement failed: {message}", s.at),
    }
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

fn failure(generation: &Generation<'_>, at: Option<(usize, Range<u64>)>, message: String) -> Error {
    let table = at.map(|(t, rows)| {
        format!(
            "{} rows {}..{}",
            generation.plan().tables()[t].name(),
            rows.start,
            rows.end
        )
    });
    Error::Load { table, message }
}

/// Runs the SQL script statement by statement through `exec`, naming the rows on error.
fn run_sql(
    generation: &Generation<'_>,
    dialect: Dialect,
    progress: &mut Progress<'_>,
    exec: &mut dyn FnMut(&str) -> std::result::Result<(), String>,
) -> Result<()> {
    let opts = SqlOptions {
        dialect,
        batch_rows: INSERT_ROWS,
        create: None,
    };
    run_script(generation, &opts, &mut |text, at| {
        exec(text).map_err(|m| failure(generation, at.clone(), m))?;
        if let Some((t, rows)) = at {
            progress(t, rows.end);
        }
        Ok(())
    })
}

/// A database connection that takes a generation's rows, so code that loads need not
/// know which database it holds: implemented for `rusqlite::Connection`,
/// `postgres::Client` and `mysql::Conn` (each behind its feature), and returned by
/// [`connect`] for a URL.
pub trait Loader {
    /// The database's dialect.
    fn dialect(&self) -> Dialect;

    /// Loads every table of the generation in load order, in one transaction, as the
    /// `load_*_with` function of the database does.
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
loader!("mysql", mysql::Conn, Dialect::MySql, load_mysql_with);

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

/// Loads into SQLite with foreign keys enforced, then checks `PRAGMA foreign_key_check`.
#[cfg(feature = "sqlite")]
pub fn load_sqlite(
    generation: &Generation<'_>,
    conn: &mut rusqlite::Connection,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    load_sqlite_with(generation, conn, &LoadOptions::default(), progress)
}

/// [`load_sqlite`], creating the schema first in the same transaction.
#[cfg(feature = "sqlite")]
pub fn load_sqlite_with(
    generation: &Generation<'_>,
    conn: &mut rusqlite::Connection,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    let err = |e: rusqlite::Error| Error::Load {
        table: None,
        message: e.to_string(),
    };
    refuse_triggers_off(generation, opts, "SQLite")?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .map_err(err)?;
    let mut created = opts.create.is_empty() && !opts.replace;
    let mut ddl_error = None;
    let r = run_sql(generation, Dialect::Sqlite, progress, &mut |sql| {
        if !created {
            // The first statement opens the transaction: the schema goes in right after.
            conn.execute_batch(sql).map_err(|e| e.to_string())?;
            created = true;
            for st in &opts.create {
                if let Err(e) = conn.execute_batch(&st.text) {
                    ddl_error = Some(create_failure(st, e.to_string()));
                    return Err(String::new());
                }
            }
            if opts.replace {
                conn.execute_batch("PRAGMA defer_foreign_keys = ON;")
                    .map_err(|e| e.to_string())?;
                for st in emptying(generation, Dialect::Sqlite) {
                    conn.execute_batch(&st)
                        .map_err(|e| format!("emptying the tables first (replace): {e}"))?;
                }
            }
            return Ok(());
        }
        if sql.trim_start().starts_with("COMMIT") {
            // Check the keys before committing, so a violation rolls everything back.
            let mut stmt = conn
                .prepare("PRAGMA foreign_key_check")
                .map_err(|e| e.to_string())?;
            let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
            if let Some(row) = rows.next().map_err(|e| e.to_string())? {
                let table: String = row.get(0).unwrap_or_default();
                let parent: String = row.get(2).unwrap_or_default();
                return Err(format!(
                    "foreign key check failed: a row of {table} has no parent in {parent}"
                ));
            }
        }
        conn.execute_batch(sql).map_err(|e| e.to_string())
    });
    if r.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK;");
    }
    if let Some(e) = ddl_error {
        return Err(e);
    }
    r.map(|()| report(generation))
}

/// Loads into PostgreSQL with COPY (text format) in one transaction, then advances the
/// sequences.
#[cfg(feature = "postgres")]
pub fn load_postgres(
    generation: &Generation<'_>,
    client: &mut postgres::Client,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    load_postgres_with(generation, client, &LoadOptions::default(), progress)
}

/// [`load_postgres`], creating the schema first in the same transaction.
#[cfg(feature = "postgres")]
pub fn load_postgres_with(
    generation: &Generation<'_>,
    client: &mut postgres::Client,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    use std::io::Write;

    use super::dialect::Postgres;
    use super::order::LoadSteps;

    let plan = generation.plan();
    super::refuse_raw_sql(plan, "COPY")?;
    let steps = LoadSteps::new(plan, Dialect::Postgres);
    let pg = |at: Option<(usize, Range<u64>)>| {
        move |e: postgres::Error| {
            failure(
                generation,
                at.clone(),
                crate::drivers::postgres_message(&e, None),
            )
        }
    };
    let mut tx = client.transaction().map_err(pg(None))?;
    for st in &opts.create {
        let fail =
            |e: postgres::Error| create_failure(st, crate::drivers::postgres_message(&e, Some(st)));
        match &st.copy_data {
            // `COPY … FROM stdin` and its rows.
            Some(rows) => {
                let mut w = tx
                    .copy_in(st.text.trim_end().trim_end_matches(';'))
                    .map_err(fail)?;
                let body: String = rows
                    .lines()
                    .take_while(|l| *l != "\\.")
                    .map(|l| format!("{l}\n"))
                    .collect();
                w.write_all(body.as_bytes())
                    .map_err(|e| create_failure(st, e.to_string()))?;
                w.finish().map_err(fail)?;
            }
            None => tx.batch_execute(&st.text).map_err(fail)?,
        }
    }
    let tables: Vec<String> = plan
        .load_order()
        .iter()
        .map(|&t| {
            let mut s = String::new();
            super::sql::table_ident(&Postgres, plan.tables()[t].name(), &mut s);
            s
        })
        .collect();
    let switch = |on: bool| {
        tables
            .iter()
            .map(|t| {
                format!(
                    "ALTER TABLE {t} {} TRIGGER USER;\n",
                    if on { "ENABLE" } else { "DISABLE" }
                )
            })
            .collect::<String>()
    };
    if opts.triggers_off {
        tx.batch_execute(&switch(false)).map_err(|e| Error::Load {
            table: None,
            message: format!(
                "switching the triggers off: {} (that needs the tables' owner)",
                crate::drivers::postgres_message(&e, None)
            ),
        })?;
    }
    if opts.replace {
        for st in emptying(generation, Dialect::Postgres) {
            tx.batch_execute(&st).map_err(|e| Error::Load {
                table: None,
                message: format!(
                    "emptying the tables first (replace): {}",
                    crate::drivers::postgres_message(&e, None)
                ),
            })?;
        }
    }
    if steps.defer_constraints {
        tx.batch_execute("SET CONSTRAINTS ALL DEFERRED")
            .map_err(pg(None))?;
    }
    let d = Postgres;
    for &t in plan.load_order() {
        let tp = &plan.tables()[t];
        let stmt = super::copy::copy_statement(tp);
        let nulls = super::copy::deferred_columns(&steps, t, tp);
        let all = Some((t, 0..tp.rows()));
        let mut w = tx.copy_in(stmt.as_str()).map_err(pg(all.clone()))?;
        let mut done = 0u64;
        generation.stream(
            t,
            0..tp.rows(),
            |b| {
                let mut text = String::with_capacity(b.num_rows() * 64);
                super::copy::encode_rows(&b, &nulls, &mut text);
                Ok((text, b.num_rows()))
            },
            |(text, n)| {
                w.write_all(text.as_bytes())
                    .map_err(|e| failure(generation, all.clone(), e.to_string()))?;
                done += n as u64;
                progress(t, done);
                Ok(())
            },
        )?;
        w.finish().map_err(pg(all.clone()))?;
    }
    let mut rest = String::new();
    super::sql::write_finish(generation, &steps, &d, &mut |text, _| {
        rest.push_str(text);
        Ok(())
    })?;
    if !rest.is_empty() {
        tx.batch_execute(&rest).map_err(pg(None))?;
    }
    if opts.triggers_off {
        tx.batch_execute(&switch(true)).map_err(pg(None))?;
    }
    tx.commit().map_err(pg(None))?;
    Ok(report(generation))
}

/// Loads into MySQL or MariaDB with multi-row INSERTs in one transaction (foreign key
/// checks off only when a cycle needs it).
#[cfg(feature = "mysql")]
pub fn load_mysql(
    generation: &Generation<'_>,
    conn: &mut mysql::Conn,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    load_mysql_with(generation, conn, &LoadOptions::default(), progress)
}

/// [`load_mysql`], creating the schema first; MySQL commits each DDL statement by
/// itself, so when the load fails the tables, views, routines and databases it created
/// are dropped again and the server is left as it was.
#[cfg(feature = "mysql")]
pub fn load_mysql_with(
    generation: &Generation<'_>,
    conn: &mut mysql::Conn,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    use mysql::prelude::Queryable;
    refuse_triggers_off(generation, opts, "MySQL")?;
    let before = if opts.create.is_empty() {
        None
    } else {
        Some(mysql_objects(conn).map_err(|e| Error::Load {
            table: None,
            message: e.to_string(),
        })?)
    };
    let mut r = Ok(());
    for st in &opts.create {
        if let Err(e) = conn.query_drop(&st.text) {
            r = Err(create_failure(st, crate::drivers::mysql_message(&e)));
            break;
        }
    }
    if r.is_ok() {
        let mut emptied = !opts.replace;
        r = run_sql(generation, Dialect::MySql, progress, &mut |sql| {
            conn.query_drop(sql)
                .map_err(|e| crate::drivers::mysql_message(&e))?;
            if !emptied {
                // Right after the transaction opens: the old rows go, children first,
                // with the key checks off for the deletes only (self references).
                emptied = true;
                conn.query_drop("SET FOREIGN_KEY_CHECKS = 0")
                    .map_err(|e| crate::drivers::mysql_message(&e))?;
                for st in emptying(generation, Dialect::MySql) {
                    conn.query_drop(&st).map_err(|e| {
                        format!(
                            "emptying the tables first (replace): {}",
                            crate::drivers::mysql_message(&e)
                        )
                    })?;
                }
                if !sql.contains("FOREIGN_KEY_CHECKS = 0") {
                    conn.query_drop("SET FOREIGN_KEY_CHECKS = 1")
                        .map_err(|e| crate::drivers::mysql_message(&e))?;
                }
            }
            Ok(())
        });
    }
    if r.is_err() {
        let _ = conn.query_drop("ROLLBACK");
        if let Some(before) = before {
            drop_new_mysql_objects(conn, &before);
        }
        let _ = conn.query_drop("SET FOREIGN_KEY_CHECKS = 1");
    }
    r.map(|()| report(generation))
}

/// The databases, tables and views, and routines a MySQL server holds.
#[cfg(feature = "mysql")]
fn mysql_objects(
    conn: &mut mysql::Conn,
) -> std::result::Result<Vec<(String, String, String)>, mysql::Error> {
    use mysql::prelude::Queryable;
    let mut all: Vec<(String, String, String)> =
        conn.query("SELECT 'DATABASE', SCHEMA_NAME, '' FROM information_schema.SCHEMATA")?;
    all.extend(conn.query::<(String, String, String), _>(
        "SELECT IF(TABLE_TYPE = 'VIEW', 'VIEW', 'TABLE'), TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES",
    )?);
    all.extend(conn.query::<(String, String, String), _>(
        "SELECT ROUTINE_TYPE, ROUTINE_SCHEMA, ROUTINE_NAME FROM information_schema.ROUTINES",
    )?);
    Ok(all)
}

/// Drops what is there now and was not in `before`: views, tables, routines, then
/// databases.
#[cfg(feature = "mysql")]
fn drop_new_mysql_objects(conn: &mut mysql::Conn, before: &[(String, String, String)]) {
    use mysql::prelude::Queryable;
    let Ok(now) = mysql_objects(conn) else { return };
    let _ = conn.query_drop("SET FOREIGN_KEY_CHECKS = 0");
    let q = |s: &str| format!("`{}`", s.replace('`', "``"));
    for kind in ["VIEW", "TABLE", "PROCEDURE", "FUNCTION", "DATABASE"] {
        for (k, db, name) in now.iter().filter(|o| o.0 == kind && !before.contains(o)) {
            let target = if k == "DATABASE" {
                q(db)
            } else {
                format!("{}.{}", q(db), q(name))
            };
            let _ = conn.query_drop(format!("DROP {k} IF EXISTS {target}"));
        }
    }
}

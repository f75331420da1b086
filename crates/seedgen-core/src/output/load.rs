//! Loading straight into a database, in one transaction: SQLite (embedded), PostgreSQL
//! (COPY) and MySQL/MariaDB (multi-row INSERTs). On any error the transaction is rolled
//! back, so the database is left as it was, and the error names the table, the rows and
//! the database's message. Behind the `sqlite`, `postgres` and `mysql` features.

use std::ops::Range;

use crate::engine::Generation;
use crate::error::{Error, Result};
use crate::schema::Dialect;

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

/// Loads into SQLite with foreign keys enforced, then checks `PRAGMA foreign_key_check`.
#[cfg(feature = "sqlite")]
pub fn load_sqlite(
    generation: &Generation<'_>,
    conn: &mut rusqlite::Connection,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    let err = |e: rusqlite::Error| Error::Load {
        table: None,
        message: e.to_string(),
    };
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .map_err(err)?;
    let r = run_sql(generation, Dialect::Sqlite, progress, &mut |sql| {
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
    use std::io::Write;

    use super::dialect::Postgres;
    use super::order::LoadSteps;

    let plan = generation.plan();
    super::refuse_raw_sql(plan, "COPY")?;
    let steps = LoadSteps::new(plan, Dialect::Postgres);
    let pg = |at: Option<(usize, Range<u64>)>| {
        move |e: postgres::Error| {
            let message = match e.as_db_error() {
                Some(db) => match db.where_() {
                    Some(w) => format!("{} ({w})", db.message()),
                    None => db.message().to_string(),
                },
                None => e.to_string(),
            };
            failure(generation, at.clone(), message)
        }
    };
    let mut tx = client.transaction().map_err(pg(None))?;
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
    use mysql::prelude::Queryable;
    let r = run_sql(generation, Dialect::MySql, progress, &mut |sql| {
        conn.query_drop(sql).map_err(|e| e.to_string())
    });
    if r.is_err() {
        let _ = conn.query_drop("ROLLBACK");
        let _ = conn.query_drop("SET FOREIGN_KEY_CHECKS = 1");
    }
    r.map(|()| report(generation))
}

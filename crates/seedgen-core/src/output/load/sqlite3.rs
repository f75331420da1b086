//! SQLite: one transaction, one prepared `INSERT` per table reused for every row, with
//! foreign keys enforced and checked once more before the commit. With `create`, the
//! schema's `CREATE INDEX` statements run after the rows, which is faster than keeping
//! each index sorted as they arrive.
//!
//! For the load only, `synchronous` is off and the page cache large (both restored
//! after, whatever the outcome). The journal mode is left alone: the rollback journal
//! is what lets a failed or killed load leave the database as it was.

use arrow_array::{Array, RecordBatch};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::Connection;

use super::{
    create_failure, emptying, failure, finishing_script, has_sql_cells, insert_statements, phase,
    refuse_triggers_off, refused, report, rows_done, Cause, LoadOptions, LoadReport, Phase,
    Progress,
};
use crate::engine::Generation;
use crate::error::Result;
use crate::output::dialect::Sqlite;
use crate::output::order::LoadSteps;
use crate::schema::{CreateStatement, Dialect};
use crate::spell::TextColumn;

/// Loads into SQLite with foreign keys enforced, then checks `PRAGMA foreign_key_check`.
/// Inside a transaction the caller opened (a `rusqlite::Transaction` derefs to the
/// connection), the load is a savepoint of it: a failure rolls back the load only, and
/// the caller's commit or rollback decides the rest.
pub fn load_sqlite(
    generation: &Generation<'_>,
    conn: &Connection,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    load_sqlite_with(generation, conn, &LoadOptions::default(), progress)
}

/// [`load_sqlite`], creating the schema first in the same transaction (its indexes
/// after the rows).
pub fn load_sqlite_with(
    generation: &Generation<'_>,
    conn: &Connection,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    refuse_triggers_off(generation, opts, "SQLite")?;
    crate::output::refuse_raw_sql_for(generation.plan(), Dialect::Sqlite)?;
    let err = |e: rusqlite::Error| refused("", e);
    // An outer transaction is the caller's: its PRAGMAs stay as they are (foreign_keys
    // cannot change inside one), and the load is a savepoint it can roll back.
    let outer = !conn.is_autocommit();
    let pragmas = ["synchronous", "cache_size", "defer_foreign_keys"];
    let saved: Vec<i64> = pragmas
        .iter()
        .map(|p| conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0)))
        .collect::<rusqlite::Result<_>>()
        .map_err(err)?;
    if !outer {
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;",
        )
        .map_err(err)?;
    }
    let (begin, commit, rollback) = if outer {
        (
            "SAVEPOINT seedgen_load",
            "RELEASE seedgen_load",
            "ROLLBACK TO seedgen_load; RELEASE seedgen_load;",
        )
    } else {
        ("BEGIN", "COMMIT", "ROLLBACK;")
    };
    let r = conn
        .execute_batch(begin)
        .map_err(err)
        .and_then(|()| load_in_transaction(generation, conn, opts, progress, commit));
    if r.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch(rollback);
    }
    let restore: String = pragmas
        .iter()
        .zip(&saved)
        .filter(|(p, _)| !outer || **p == "defer_foreign_keys")
        .map(|(p, v)| format!("PRAGMA {p} = {v};"))
        .collect();
    let _ = conn.execute_batch(&restore);
    r.map(|()| report(generation))
}

/// Whether a statement of the schema creates an index (run after the rows).
fn creates_index(st: &CreateStatement) -> bool {
    let words: Vec<String> = st
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("--"))
        .flat_map(str::split_whitespace)
        .take(3)
        .map(str::to_ascii_uppercase)
        .collect();
    words.first().is_some_and(|w| w == "CREATE")
        && (words.get(1).is_some_and(|w| w == "INDEX")
            || words.get(1).is_some_and(|w| w == "UNIQUE")
                && words.get(2).is_some_and(|w| w == "INDEX"))
}

/// Everything between `BEGIN` and `COMMIT`, ending with `commit`.
fn load_in_transaction(
    generation: &Generation<'_>,
    conn: &Connection,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
    commit: &str,
) -> Result<()> {
    let plan = generation.plan();
    let steps = LoadSteps::new(plan, Dialect::Sqlite);
    let (indexes, schema): (Vec<&CreateStatement>, Vec<&CreateStatement>) =
        opts.create.iter().partition(|st| creates_index(st));
    for st in schema {
        conn.execute_batch(&st.text)
            .map_err(|e| create_failure(st, e))?;
    }
    let sql = |e: rusqlite::Error| failure(generation, None, e);
    if steps.defer_all || opts.replace {
        conn.execute_batch("PRAGMA defer_foreign_keys = ON;")
            .map_err(sql)?;
    }
    if opts.replace {
        for st in emptying(generation, Dialect::Sqlite) {
            conn.execute_batch(&st)
                .map_err(|e| refused("emptying the tables first (replace): ", e))?;
        }
    }
    for &t in plan.load_order() {
        if has_sql_cells(generation, t) {
            insert_statements(generation, t, &steps, &Sqlite, progress, &mut |text| {
                conn.execute_batch(text).map_err(Cause::from)
            })?;
        } else {
            insert_rows(generation, &steps, t, conn, progress)?;
        }
    }
    let rest = finishing_script(generation, &steps, &Sqlite)?;
    conn.execute_batch(&rest).map_err(sql)?;
    if !indexes.is_empty() {
        phase(progress, Phase::Indexes, indexes.len());
        for st in indexes {
            conn.execute_batch(&st.text)
                .map_err(|e| create_failure(st, Cause::from(e).context("after the rows: ")))?;
        }
    }
    phase(progress, Phase::Constraints, 0);
    foreign_key_check(conn).map_err(|c| failure(generation, None, c))?;
    phase(progress, Phase::Commit, 0);
    conn.execute_batch(commit).map_err(sql)
}

/// Fails with the first row `PRAGMA foreign_key_check` finds without its parent.
fn foreign_key_check(conn: &Connection) -> std::result::Result<(), Cause> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = stmt.query([])?;
    match rows.next()? {
        Some(row) => {
            let table: String = row.get(0).unwrap_or_default();
            let parent: String = row.get(2).unwrap_or_default();
            Err(Cause::from(format!(
                "foreign key check failed: a row of {table} has no parent in {parent}"
            )))
        }
        None => Ok(()),
    }
}

/// Inserts table `t`'s rows through one prepared statement.
fn insert_rows(
    generation: &Generation<'_>,
    steps: &LoadSteps,
    t: usize,
    conn: &Connection,
    progress: &mut Progress<'_>,
) -> Result<()> {
    let plan = generation.plan();
    let tp = &plan.tables()[t];
    if tp.rows() == 0 {
        return Ok(());
    }
    let d = Sqlite;
    let mut text = String::from("INSERT INTO ");
    crate::output::sql::table_ident(&d, tp.name(), &mut text);
    let names: Vec<String> = tp
        .arrow_schema()
        .fields()
        .iter()
        .map(|f| {
            let mut s = String::new();
            crate::output::dialect::SqlDialect::ident(&d, f.name(), &mut s);
            s
        })
        .collect();
    let marks = vec!["?"; names.len()].join(", ");
    text.push_str(&format!(" ({}) VALUES ({marks})", names.join(", ")));
    let all = Some((t, 0..tp.rows()));
    let mut stmt = conn
        .prepare(&text)
        .map_err(|e| failure(generation, all.clone(), e))?;
    let nulls = crate::output::copy::deferred_columns(steps, t, tp);
    let mut done = 0u64;
    let mut scratch = String::new();
    generation.for_each_batch(t, 0..tp.rows(), |b: RecordBatch| {
        let cols: Vec<TextColumn<'_>> = b.columns().iter().map(TextColumn::new).collect();
        for r in 0..b.num_rows() {
            for (k, col) in cols.iter().enumerate() {
                let v = if nulls[k] || b.column(k).is_null(r) {
                    ToSqlOutput::Owned(Value::Null)
                } else {
                    value(col, r, &mut scratch)
                };
                stmt.raw_bind_parameter(k + 1, v)
                    .map_err(|e| failure(generation, all.clone(), e))?;
            }
            let row = done + r as u64;
            stmt.raw_execute()
                .map_err(|e| failure(generation, Some((t, row..row + 1)), e))?;
        }
        done += b.num_rows() as u64;
        rows_done(progress, t, done);
        Ok(())
    })
}

/// A cell as SQLite stores the literal the SQL script writes for it: numbers as
/// INTEGER when they are whole and fit, else REAL; booleans 1/0; bytes as a BLOB;
/// everything else as TEXT (the column's affinity then applies, as to the literal).
fn value<'a>(col: &TextColumn<'a>, r: usize, scratch: &mut String) -> ToSqlOutput<'a> {
    match col {
        TextColumn::Bool(a) => ToSqlOutput::Owned(Value::Integer(a.value(r).into())),
        TextColumn::Utf8(a) => ToSqlOutput::Borrowed(ValueRef::Text(a.value(r).as_bytes())),
        TextColumn::Binary(a) => ToSqlOutput::Borrowed(ValueRef::Blob(a.value(r))),
        TextColumn::Int(_)
        | TextColumn::Float32(_)
        | TextColumn::Float64(_)
        | TextColumn::Decimal(..) => {
            scratch.clear();
            col.write(r, scratch);
            ToSqlOutput::Owned(if let Ok(i) = scratch.parse::<i64>() {
                Value::Integer(i)
            } else if let Ok(f) = scratch.parse::<f64>() {
                Value::Real(f)
            } else {
                Value::Text(scratch.clone())
            })
        }
        _ => {
            scratch.clear();
            col.write(r, scratch);
            ToSqlOutput::Owned(Value::Text(scratch.clone()))
        }
    }
}

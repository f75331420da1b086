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
    refuse_triggers_off, report, rows_done, LoadOptions, LoadReport, Phase, Progress,
};
use crate::engine::Generation;
use crate::error::{Error, Result};
use crate::output::dialect::Sqlite;
use crate::output::order::LoadSteps;
use crate::schema::{CreateStatement, Dialect};
use crate::spell::TextColumn;

/// Loads into SQLite with foreign keys enforced, then checks `PRAGMA foreign_key_check`.
pub fn load_sqlite(
    generation: &Generation<'_>,
    conn: &mut Connection,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    load_sqlite_with(generation, conn, &LoadOptions::default(), progress)
}

/// [`load_sqlite`], creating the schema first in the same transaction (its indexes
/// after the rows).
pub fn load_sqlite_with(
    generation: &Generation<'_>,
    conn: &mut Connection,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    refuse_triggers_off(generation, opts, "SQLite")?;
    crate::output::refuse_raw_sql_for(generation.plan(), Dialect::Sqlite)?;
    let err = |e: rusqlite::Error| Error::Load {
        table: None,
        message: e.to_string(),
    };
    let saved: (i64, i64) = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .and_then(|s| Ok((s, conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?)))
        .map_err(err)?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;",
    )
    .map_err(err)?;
    let r = conn
        .execute_batch("BEGIN")
        .map_err(err)
        .and_then(|()| load_in_transaction(generation, conn, opts, progress));
    if r.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK;");
    }
    let _ = conn.execute_batch(&format!(
        "PRAGMA synchronous = {}; PRAGMA cache_size = {};",
        saved.0, saved.1
    ));
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

/// Everything between `BEGIN` and `COMMIT`, committing at the end.
fn load_in_transaction(
    generation: &Generation<'_>,
    conn: &mut Connection,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
) -> Result<()> {
    let plan = generation.plan();
    let steps = LoadSteps::new(plan, Dialect::Sqlite);
    let (indexes, schema): (Vec<&CreateStatement>, Vec<&CreateStatement>) =
        opts.create.iter().partition(|st| creates_index(st));
    for st in schema {
        conn.execute_batch(&st.text)
            .map_err(|e| create_failure(st, e.to_string()))?;
    }
    let sql = |m: String| failure(generation, None, m);
    if steps.defer_all || opts.replace {
        conn.execute_batch("PRAGMA defer_foreign_keys = ON;")
            .map_err(|e| sql(e.to_string()))?;
    }
    if opts.replace {
        for st in emptying(generation, Dialect::Sqlite) {
            conn.execute_batch(&st)
                .map_err(|e| sql(format!("emptying the tables first (replace): {e}")))?;
        }
    }
    for &t in plan.load_order() {
        if has_sql_cells(generation, t) {
            insert_statements(generation, t, &steps, &Sqlite, progress, &mut |text| {
                conn.execute_batch(text).map_err(|e| e.to_string())
            })?;
        } else {
            insert_rows(generation, &steps, t, conn, progress)?;
        }
    }
    let rest = finishing_script(generation, &steps, &Sqlite)?;
    conn.execute_batch(&rest).map_err(|e| sql(e.to_string()))?;
    if !indexes.is_empty() {
        phase(progress, Phase::Indexes, indexes.len());
        for st in indexes {
            conn.execute_batch(&st.text)
                .map_err(|e| create_failure(st, format!("after the rows: {e}")))?;
        }
    }
    phase(progress, Phase::Constraints, 0);
    foreign_key_check(conn).map_err(sql)?;
    phase(progress, Phase::Commit, 0);
    conn.execute_batch("COMMIT").map_err(|e| sql(e.to_string()))
}

/// Fails with the first row `PRAGMA foreign_key_check` finds without its parent.
fn foreign_key_check(conn: &Connection) -> std::result::Result<(), String> {
    let mut stmt = conn
        .prepare("PRAGMA foreign_key_check")
        .map_err(|e| e.to_string())?;
    let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
    match rows.next().map_err(|e| e.to_string())? {
        Some(row) => {
            let table: String = row.get(0).unwrap_or_default();
            let parent: String = row.get(2).unwrap_or_default();
            Err(format!(
                "foreign key check failed: a row of {table} has no parent in {parent}"
            ))
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
        .map_err(|e| failure(generation, all.clone(), e.to_string()))?;
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
                    .map_err(|e| failure(generation, all.clone(), e.to_string()))?;
            }
            let row = done + r as u64;
            stmt.raw_execute()
                .map_err(|e| failure(generation, Some((t, row..row + 1)), e.to_string()))?;
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

//! MySQL and MariaDB: one transaction, each table's rows streamed through
//! `LOAD DATA LOCAL INFILE` as they are generated (no file on disk, memory bounded by
//! the batches in flight). `LOAD DATA LOCAL` turns a bad value into a warning, so a
//! table with any warning, or with fewer rows than were sent, fails the load and rolls
//! it back. With `create` the tables are new and hold only the plan's rows, which keep
//! every key the plan knows: foreign key and unique checks are off for the session
//! during the load, and restored after. Tables with SQL-expression cells take INSERTs.

use std::io::Write;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use arrow_array::{Array, RecordBatch};
use mysql::prelude::Queryable;
use mysql::{Conn, LocalInfileHandler};

use super::{
    create_failure, emptying, failure, finishing_script, has_sql_cells, insert_statements, phase,
    refuse_triggers_off, refused, report, rows_done, Cause, LoadOptions, LoadReport, Phase,
    Progress,
};
use crate::engine::Generation;
use crate::error::Result;
use crate::output::dialect::{MySql, SqlDialect};
use crate::output::order::LoadSteps;
use crate::plan::TablePlan;
use crate::schema::Dialect;
use crate::spell::TextColumn;

/// A MySQL or MariaDB session to load into: a `mysql::Conn`, or a `mysql::Transaction`
/// a test opened (and rolls back after it), in which the load is a savepoint.
pub trait MySqlSession: Queryable {
    /// Whether a transaction is open (the caller's): the load then takes a savepoint
    /// of it instead of a transaction of its own.
    fn in_transaction(&self) -> bool;
    /// Sets the handler that answers `LOAD DATA LOCAL INFILE`.
    fn infile_handler(&mut self, handler: Option<LocalInfileHandler>);
    /// Rows the last statement took.
    fn affected(&self) -> u64;
    /// Warnings the last statement raised.
    fn warning_count(&self) -> u16;
}

impl MySqlSession for Conn {
    fn in_transaction(&self) -> bool {
        false
    }
    fn infile_handler(&mut self, handler: Option<LocalInfileHandler>) {
        self.set_local_infile_handler(handler);
    }
    fn affected(&self) -> u64 {
        self.affected_rows()
    }
    fn warning_count(&self) -> u16 {
        self.warnings()
    }
}

impl MySqlSession for mysql::Transaction<'_> {
    fn in_transaction(&self) -> bool {
        true
    }
    fn infile_handler(&mut self, handler: Option<LocalInfileHandler>) {
        self.set_local_infile_handler(handler);
    }
    fn affected(&self) -> u64 {
        self.affected_rows()
    }
    fn warning_count(&self) -> u16 {
        self.warnings()
    }
}

/// Loads into MySQL or MariaDB with `LOAD DATA LOCAL INFILE` in one transaction
/// (foreign key checks off only when a cycle needs it), or in a savepoint of the
/// caller's transaction.
pub fn load_mysql(
    generation: &Generation<'_>,
    conn: &mut impl MySqlSession,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    load_mysql_with(generation, conn, &LoadOptions::default(), progress)
}

/// [`load_mysql`], creating the schema first; MySQL commits each DDL statement by
/// itself, so when the load fails the tables, views, routines and databases it created
/// are dropped again and the server is left as it was.
pub fn load_mysql_with(
    generation: &Generation<'_>,
    conn: &mut impl MySqlSession,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    refuse_triggers_off(generation, opts, "MySQL")?;
    crate::output::refuse_raw_sql_for(generation.plan(), Dialect::MySql)?;
    if conn.in_transaction() && !opts.create.is_empty() {
        return Err(refused(
            "",
            "MySQL commits a transaction before each CREATE statement, so the schema cannot be created inside one; create it before the transaction starts".to_string(),
        ));
    }
    let my = |e: mysql::Error| refused("", e);
    let before = if opts.create.is_empty() {
        None
    } else {
        Some(mysql_objects(conn).map_err(my)?)
    };
    let saved: (i64, i64) = conn
        .query_first("SELECT @@FOREIGN_KEY_CHECKS, @@UNIQUE_CHECKS")
        .map_err(my)?
        .unwrap_or((1, 1));
    let mut r = Ok(());
    for st in &opts.create {
        if let Err(e) = conn.query_drop(&st.text) {
            r = Err(create_failure(st, e));
            break;
        }
    }
    if r.is_ok() {
        r = load_rows(generation, conn, opts, !opts.create.is_empty(), progress);
    }
    conn.infile_handler(None);
    if r.is_err() {
        let undo: &[&str] = if conn.in_transaction() {
            &[
                "ROLLBACK TO SAVEPOINT seedgen_load",
                "RELEASE SAVEPOINT seedgen_load",
            ]
        } else {
            &["ROLLBACK"]
        };
        for st in undo {
            let _ = conn.query_drop(st);
        }
        if let Some(before) = before {
            drop_new_mysql_objects(conn, &before);
        }
    }
    let _ = conn.query_drop(format!(
        "SET FOREIGN_KEY_CHECKS = {}, UNIQUE_CHECKS = {}",
        saved.0, saved.1
    ));
    r.map(|()| report(generation))
}

/// The transaction: empty the tables (`replace`), the rows, the cycles' updates, commit.
/// `fresh`: the tables were created for this load, so the key checks can be off.
fn load_rows(
    generation: &Generation<'_>,
    conn: &mut impl MySqlSession,
    opts: &LoadOptions,
    fresh: bool,
    progress: &mut Progress<'_>,
) -> Result<()> {
    let plan = generation.plan();
    let steps = LoadSteps::new(plan, Dialect::MySql);
    let outer = conn.in_transaction();
    fn run(conn: &mut impl MySqlSession, sql: &str, what: &str) -> Result<()> {
        conn.query_drop(sql).map_err(|e| refused(what, e))
    }
    // START TRANSACTION inside a transaction would commit the caller's.
    let (begin, commit) = if outer {
        ("SAVEPOINT seedgen_load", "RELEASE SAVEPOINT seedgen_load")
    } else {
        ("START TRANSACTION", "COMMIT")
    };
    run(conn, begin, "")?;
    if opts.replace {
        // Children first, with the key checks off for the deletes (self references).
        run(conn, "SET FOREIGN_KEY_CHECKS = 0", "")?;
        for st in emptying(generation, Dialect::MySql) {
            run(conn, &st, "emptying the tables first (replace): ")?;
        }
        run(conn, "SET FOREIGN_KEY_CHECKS = 1", "")?;
    }
    if fresh || steps.checks_off {
        run(conn, "SET FOREIGN_KEY_CHECKS = 0", "")?;
    }
    if fresh {
        run(conn, "SET UNIQUE_CHECKS = 0", "")?;
    }
    for &t in plan.load_order() {
        let tp = &plan.tables()[t];
        if tp.rows() == 0 {
            continue;
        }
        if has_sql_cells(generation, t) {
            insert_statements(generation, t, &steps, &MySql, progress, &mut |text| {
                conn.query_drop(text).map_err(Cause::from)
            })?;
        } else {
            load_data(generation, &steps, t, conn, progress)?;
        }
    }
    let rest = finishing_script(generation, &steps, &MySql)?;
    if !rest.trim().is_empty() {
        run(conn, &rest, "")?;
    }
    phase(progress, Phase::Commit, 0);
    run(conn, commit, "")
}

/// How a column's cells travel in the stream, and what the statement does with them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// As text, into the column.
    Text,
    /// Hex digits, through `UNHEX` (bytes, whatever the connection's character set).
    Hex,
    /// Well-known text, through `ST_GeomFromText`.
    Spatial,
    /// A number, through `CAST(… AS UNSIGNED)` (a `BIT` column reads text as bytes).
    Bits,
    /// Always NULL (a cycle's forward key, set by UPDATE afterwards).
    Null,
}

/// `LOAD DATA LOCAL INFILE` for table `tp`, and how each column is sent.
fn load_data_statement(tp: &TablePlan, deferred: &[bool]) -> (String, Vec<Cell>) {
    let d = MySql;
    let mut cells = Vec::new();
    let (mut targets, mut sets) = (Vec::new(), Vec::new());
    for (k, (c, f)) in tp
        .output_columns()
        .iter()
        .zip(tp.arrow_schema().fields())
        .enumerate()
    {
        let sql_type = c.sql_type.to_string().to_ascii_lowercase();
        let cell = if deferred[k] {
            Cell::Null
        } else if c.spatial {
            Cell::Spatial
        } else if matches!(f.data_type(), arrow_schema::DataType::Binary) {
            Cell::Hex
        } else if sql_type.starts_with("bit") {
            Cell::Bits
        } else {
            Cell::Text
        };
        let mut name = String::new();
        d.ident(&c.name, &mut name);
        let wrap = match cell {
            Cell::Text | Cell::Null => None,
            Cell::Hex => Some("UNHEX"),
            Cell::Spatial => Some("ST_GeomFromText"),
            Cell::Bits => Some("CAST"),
        };
        match wrap {
            None => targets.push(name),
            Some(f) => {
                let var = format!("@c{k}");
                let arg = if f == "CAST" {
                    format!("{var} AS UNSIGNED")
                } else {
                    var.clone()
                };
                sets.push(format!("{name} = {f}({arg})"));
                targets.push(var);
            }
        }
        cells.push(cell);
    }
    let mut stmt = String::from("LOAD DATA LOCAL INFILE 'seedgen' INTO TABLE ");
    crate::output::sql::table_ident(&d, tp.name(), &mut stmt);
    stmt.push_str(" CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (");
    stmt.push_str(&targets.join(", "));
    stmt.push(')');
    if !sets.is_empty() {
        stmt.push_str(" SET ");
        stmt.push_str(&sets.join(", "));
    }
    (stmt, cells)
}

/// Appends the rows of `b` to `out` in `LOAD DATA`'s default text format: tabs between
/// fields, `\N` for NULL, backslash, tab, newline and carriage return escaped.
fn encode_rows(b: &RecordBatch, cells: &[Cell], out: &mut String) {
    let cols: Vec<TextColumn<'_>> = b.columns().iter().map(TextColumn::new).collect();
    let mut cell = String::new();
    for r in 0..b.num_rows() {
        for (k, col) in cols.iter().enumerate() {
            if k > 0 {
                out.push('\t');
            }
            if cells[k] == Cell::Null || b.column(k).is_null(r) {
                out.push_str("\\N");
                continue;
            }
            match col {
                TextColumn::Bool(a) => out.push(if a.value(r) { '1' } else { '0' }),
                TextColumn::Binary(a) => {
                    for x in a.value(r) {
                        use std::fmt::Write as _;
                        let _ = write!(out, "{x:02x}");
                    }
                }
                TextColumn::Int(_) | TextColumn::Decimal(..) | TextColumn::Date(_) => {
                    col.write(r, out)
                }
                TextColumn::Utf8(a) => crate::output::copy::escape(a.value(r), out),
                _ => {
                    cell.clear();
                    col.write(r, &mut cell);
                    crate::output::copy::escape(&cell, out);
                }
            }
        }
        out.push('\n');
    }
}

/// Streams table `t` through `LOAD DATA LOCAL INFILE`: the rows are generated and
/// spelled on the worker threads and handed to the connection as it asks for them.
fn load_data(
    generation: &Generation<'_>,
    steps: &LoadSteps,
    t: usize,
    conn: &mut impl MySqlSession,
    progress: &mut Progress<'_>,
) -> Result<()> {
    let tp = &generation.plan().tables()[t];
    let deferred = crate::output::copy::deferred_columns(steps, t, tp);
    let (stmt, cells) = load_data_statement(tp, &deferred);
    let all = Some((t, 0..tp.rows()));
    let (send, receive) = sync_channel::<String>(8);
    let slot: Arc<Mutex<Option<Receiver<String>>>> = Arc::new(Mutex::new(Some(receive)));
    let handler_slot = Arc::clone(&slot);
    conn.infile_handler(Some(LocalInfileHandler::new(move |_, w| {
        let taken = handler_slot.lock().ok().and_then(|mut s| s.take());
        for chunk in taken.into_iter().flatten() {
            w.write_all(chunk.as_bytes())?;
        }
        w.flush()
    })));
    let sent = all.clone();
    let (loaded, generated) = std::thread::scope(|s| {
        let maker = s.spawn(move || {
            let mut done = 0u64;
            generation.stream(
                t,
                0..tp.rows(),
                |b| {
                    let mut text = String::with_capacity(b.num_rows() * 64);
                    encode_rows(&b, &cells, &mut text);
                    Ok((text, b.num_rows()))
                },
                |(text, n)| {
                    send.send(text).map_err(|_| {
                        failure(
                            generation,
                            sent.clone(),
                            "the server stopped reading".to_string(),
                        )
                    })?;
                    done += n as u64;
                    rows_done(progress, t, done);
                    Ok(())
                },
            )
        });
        let loaded = conn.query_drop(&stmt);
        // The stream ends here whatever happened, so the generating side stops too.
        drop(slot.lock().ok().and_then(|mut s| s.take()));
        (loaded, maker.join())
    });
    let generated = generated.unwrap_or_else(|_| {
        Err(failure(
            generation,
            all.clone(),
            "generating the rows panicked".to_string(),
        ))
    });
    if let Err(e) = loaded {
        return Err(failure(generation, all, e));
    }
    generated?;
    check_loaded(generation, conn, t, all)
}

/// Fails when `LOAD DATA` warned (a value it changed, a row it skipped) or took fewer
/// rows than the table's, with the server's first warnings.
fn check_loaded(
    generation: &Generation<'_>,
    conn: &mut impl MySqlSession,
    t: usize,
    all: Option<(usize, std::ops::Range<u64>)>,
) -> Result<()> {
    let rows = generation.plan().tables()[t].rows();
    let (took, warned) = (conn.affected(), conn.warning_count());
    if warned == 0 && took == rows {
        return Ok(());
    }
    let warnings: Vec<(String, u32, String)> =
        conn.query("SHOW WARNINGS LIMIT 3").unwrap_or_default();
    let said: Vec<String> = warnings
        .iter()
        .map(|(level, code, m)| format!("{level} {code}: {m}"))
        .collect();
    Err(failure(
        generation,
        all,
        format!(
            "LOAD DATA took {took} of {rows} rows with {warned} warnings: {}",
            said.join("; ")
        ),
    ))
}

/// The databases, tables and views, and routines a MySQL server holds.
fn mysql_objects(
    conn: &mut impl Queryable,
) -> std::result::Result<Vec<(String, String, String)>, mysql::Error> {
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
fn drop_new_mysql_objects(conn: &mut impl Queryable, before: &[(String, String, String)]) {
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

//! SQL scripts: multi-row INSERTs per dialect, tables in load order inside one
//! transaction, cycles broken as the dialect allows, sequences advanced at the end.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;

use super::dialect::{for_dialect, SqlDialect};
use super::order::LoadSteps;
use crate::engine::Generation;
use crate::error::{Error, Result};
use crate::schema::{Dialect, QualifiedName};
use crate::spell::write_value;

/// Settings of SQL output.
#[derive(Debug, Clone)]
pub struct SqlOptions {
    /// The dialect to write.
    pub dialect: Dialect,
    /// Rows per INSERT statement.
    pub batch_rows: usize,
    /// DDL to write first (`--create`).
    pub create: Option<String>,
}

/// Rows per INSERT statement unless told otherwise.
pub const DEFAULT_INSERT_ROWS: usize = 500;

impl SqlOptions {
    /// The data alone in `dialect`, [`DEFAULT_INSERT_ROWS`] rows per INSERT, no DDL.
    pub fn new(dialect: Dialect) -> Self {
        SqlOptions {
            dialect,
            batch_rows: DEFAULT_INSERT_ROWS,
            create: None,
        }
    }
}

/// Writes `name` (possibly schema-qualified) quoted.
pub(crate) fn table_ident(d: &dyn SqlDialect, name: &QualifiedName, out: &mut String) {
    if let Some(s) = &name.schema {
        if d.dialect() != Dialect::Sqlite || s != "main" {
            d.ident(s, out);
            out.push('.');
        }
    }
    d.ident(&name.name, out);
}

/// The SQL type of a column when it is spatial (its values are written through the
/// dialect's geometry constructor).
pub(crate) fn spatial_type(c: &crate::plan::OutputColumn) -> Option<String> {
    c.spatial.then(|| c.sql_type.to_string())
}

/// Writes one value of `a` as a SQL literal; `spatial` is the column's type when it is
/// spatial ([`spatial_type`]), `raw` when the value is a SQL expression to write as is.
pub(crate) fn literal(
    d: &dyn SqlDialect,
    a: &ArrayRef,
    i: usize,
    spatial: Option<&str>,
    raw: bool,
    scratch: &mut String,
    out: &mut String,
) {
    if a.is_null(i) {
        out.push_str("NULL");
        return;
    }
    match a.data_type() {
        DataType::Boolean => {
            use arrow_array::cast::AsArray;
            d.boolean(a.as_boolean().value(i), out)
        }
        DataType::Binary => {
            use arrow_array::cast::AsArray;
            d.bytes(a.as_binary::<i32>().value(i), out)
        }
        t if t.is_numeric() => write_value(a, i, out),
        _ => {
            scratch.clear();
            write_value(a, i, scratch);
            if raw {
                out.push_str(scratch);
            } else if let Some(sql_type) = spatial {
                d.spatial(scratch, sql_type, out);
            } else {
                d.string(scratch, out);
            }
        }
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes what follows the rows: UPDATEs of cycle columns loaded as NULL, and (PostgreSQL)
/// sequences advanced past the generated keys.
pub(crate) fn write_finish(
    generation: &Generation<'_>,
    steps: &LoadSteps,
    d: &dyn SqlDialect,
    emit: &mut Emit<'_>,
) -> Result<()> {
    let plan = generation.plan();
    for &t in plan.load_order() {
        write_updates(generation, t, steps, d, emit)?;
    }
    let mut tail = String::new();
    if d.dialect() == Dialect::Postgres {
        for &t in plan.load_order() {
            let name = plan.tables()[t].name();
            for col in &steps.sequences[t] {
                let mut table = String::new();
                table_ident(d, name, &mut table);
                let mut c = String::new();
                d.ident(col, &mut c);
                let mut table_lit = String::new();
                d.string(&table, &mut table_lit);
                let mut col_lit = String::new();
                d.string(col, &mut col_lit);
                tail.push_str(&format!(
                    "SELECT setval(pg_get_serial_sequence({table_lit}, {col_lit}), MAX({c})) FROM {table};\n"
                ));
            }
        }
    }
    if tail.is_empty() {
        return Ok(());
    }
    emit(&tail, None)
}

/// Receives a script statement by statement: the text and, for rows of a table, the
/// table's index and the rows the text holds.
pub type Emit<'a> = dyn FnMut(&str, Option<(usize, Range<u64>)>) -> Result<()> + 'a;

/// Hands the whole plan's SQL, in order, to `emit`: opening the transaction, each
/// multi-row INSERT, the UPDATEs that close cycles, sequences, the commit.
pub fn run_script(
    generation: &Generation<'_>,
    opts: &SqlOptions,
    emit: &mut Emit<'_>,
) -> Result<()> {
    script(generation, opts, true, emit)
}

/// [`run_script`] without the opening and the commit, for a caller that holds the
/// transaction (a savepoint of the test's, sqlx's, or one a driver's API opened).
pub fn run_statements(
    generation: &Generation<'_>,
    opts: &SqlOptions,
    emit: &mut Emit<'_>,
) -> Result<()> {
    script(generation, opts, false, emit)
}

/// The data's statements in `dialect` with the table each holds rows of named, empty
/// ones left out: inside a transaction of the script's own (`BEGIN` … `COMMIT`) or
/// bare, for a caller that holds one. What `to_sql`, `load_with` and the async
/// loaders share.
pub(crate) fn each_statement(
    generation: &Generation<'_>,
    dialect: Dialect,
    own_transaction: bool,
    mut each: impl FnMut(&str, Option<(String, Range<u64>)>) -> Result<()>,
) -> Result<()> {
    let plan = generation.plan();
    script(
        generation,
        &SqlOptions::new(dialect),
        own_transaction,
        &mut |text, at| {
            let text = text.trim();
            if text.is_empty() {
                return Ok(());
            }
            each(
                text,
                at.map(|(t, r)| (plan.tables()[t].name().to_string(), r)),
            )
        },
    )
}

fn script(
    generation: &Generation<'_>,
    opts: &SqlOptions,
    own_transaction: bool,
    emit: &mut Emit<'_>,
) -> Result<()> {
    super::refuse_raw_sql_for(generation.plan(), opts.dialect)?;
    let plan = generation.plan();
    let d = for_dialect(opts.dialect);
    let steps = LoadSteps::new(plan, opts.dialect);
    let mut head = String::new();
    if let Some(ddl) = &opts.create {
        head.push_str(ddl);
        head.push('\n');
    }
    if own_transaction {
        head.push_str(d.begin());
        head.push('\n');
    }
    if steps.defer_constraints {
        head.push_str("SET CONSTRAINTS ALL DEFERRED;\n");
    }
    if steps.defer_all {
        head.push_str("PRAGMA defer_foreign_keys = ON;\n");
    }
    if steps.checks_off {
        head.push_str("SET FOREIGN_KEY_CHECKS = 0;\n");
    }
    emit(&head, None)?;
    for &t in plan.load_order() {
        write_inserts(generation, t, &steps, d, opts.batch_rows, emit)?;
    }
    write_finish(generation, &steps, d, emit)?;
    let mut tail = String::new();
    if steps.checks_off {
        tail.push_str("SET FOREIGN_KEY_CHECKS = 1;\n");
    }
    if own_transaction {
        tail.push_str(d.commit());
        tail.push('\n');
    }
    emit(&tail, None)
}

/// Writes the whole plan as one SQL script.
pub fn write_sql_script(
    generation: &Generation<'_>,
    out: &mut dyn Write,
    path: &Path,
    opts: &SqlOptions,
) -> Result<()> {
    let io = io(path);
    let plan = generation.plan();
    let head = format!(
        "-- seedgen: seed {}, data version {}\n",
        plan.seed(),
        plan.data_version()
    );
    out.write_all(head.as_bytes()).map_err(&io)?;
    run_script(generation, opts, &mut |text, _| {
        out.write_all(text.as_bytes()).map_err(&io)
    })?;
    out.flush().map_err(&io)
}

struct Columns {
    names: Vec<String>,
    spatial: Vec<Option<String>>,
    raw: Vec<bool>,
    deferred: Vec<bool>,
}

fn columns(tp: &crate::plan::TablePlan, deferred: &[String]) -> Columns {
    let outs = tp.output_columns();
    Columns {
        names: outs.iter().map(|c| c.name.clone()).collect(),
        spatial: outs.iter().map(spatial_type).collect(),
        raw: outs.iter().map(|c| c.raw_sql).collect(),
        deferred: outs.iter().map(|c| deferred.contains(&c.name)).collect(),
    }
}

pub(crate) fn write_inserts(
    generation: &Generation<'_>,
    t: usize,
    steps: &LoadSteps,
    d: &dyn SqlDialect,
    batch_rows: usize,
    emit: &mut Emit<'_>,
) -> Result<()> {
    let plan = generation.plan();
    let tp = &plan.tables()[t];
    if tp.rows() == 0 {
        return Ok(());
    }
    let cols = columns(tp, &steps.deferred[t]);
    let overriding = d.dialect() == Dialect::Postgres
        && plan.schema().tables[t]
            .columns
            .iter()
            .any(|c| c.identity == Some(crate::schema::Identity::Always));
    let mut prefix = String::from("INSERT INTO ");
    table_ident(d, tp.name(), &mut prefix);
    prefix.push_str(" (");
    for (k, n) in cols.names.iter().enumerate() {
        if k > 0 {
            prefix.push_str(", ");
        }
        d.ident(n, &mut prefix);
    }
    prefix.push(')');
    if overriding {
        prefix.push_str(" OVERRIDING SYSTEM VALUE");
    }
    prefix.push_str(" VALUES\n");
    let mut stmt = String::new();
    let mut scratch = String::new();
    let mut in_stmt = 0usize;
    let mut row_no = 0u64;
    let mut first = 0u64;
    let batch_rows = batch_rows.max(1);
    generation.for_each_batch(t, 0..tp.rows(), |b: RecordBatch| {
        for r in 0..b.num_rows() {
            if in_stmt == 0 {
                stmt.push_str(&prefix);
                first = row_no;
            } else {
                stmt.push_str(",\n");
            }
            stmt.push('(');
            for (k, a) in b.columns().iter().enumerate() {
                if k > 0 {
                    stmt.push_str(", ");
                }
                if cols.deferred[k] {
                    stmt.push_str("NULL");
                } else {
                    literal(
                        d,
                        a,
                        r,
                        cols.spatial[k].as_deref(),
                        cols.raw[k],
                        &mut scratch,
                        &mut stmt,
                    );
                }
            }
            stmt.push(')');
            in_stmt += 1;
            row_no += 1;
            if in_stmt == batch_rows {
                stmt.push_str(";\n");
                in_stmt = 0;
                emit(&stmt, Some((t, first..row_no)))?;
                stmt.clear();
            }
        }
        Ok(())
    })?;
    if in_stmt > 0 {
        stmt.push_str(";\n");
        emit(&stmt, Some((t, first..row_no)))?;
    }
    Ok(())
}

/// Writes `col = value` for the columns `idx` of row `r`, separated by `sep`.
#[allow(clippy::too_many_arguments)]
fn assignments(
    d: &dyn SqlDialect,
    b: &RecordBatch,
    r: usize,
    cols: &Columns,
    idx: &[usize],
    sep: &str,
    scratch: &mut String,
    out: &mut String,
) {
    for (i, &k) in idx.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        d.ident(&cols.names[k], out);
        out.push_str(" = ");
        literal(
            d,
            b.column(k),
            r,
            cols.spatial[k].as_deref(),
            false,
            scratch,
            out,
        );
    }
}

fn write_updates(
    generation: &Generation<'_>,
    t: usize,
    steps: &LoadSteps,
    d: &dyn SqlDialect,
    emit: &mut Emit<'_>,
) -> Result<()> {
    if steps.deferred[t].is_empty() {
        return Ok(());
    }
    let plan = generation.plan();
    let tp = &plan.tables()[t];
    let table = &plan.schema().tables[t];
    if table.primary_key.is_empty() {
        return Err(Error::Infeasible {
            target: table.name.to_string(),
            message: "the table is in a foreign-key cycle that must be loaded NULL first and updated after, but it has no primary key to update by; make the foreign key DEFERRABLE".into(),
            max_rows: None,
        });
    }
    let cols = columns(tp, &steps.deferred[t]);
    let pk: Vec<usize> = table
        .primary_key
        .iter()
        .filter_map(|p| cols.names.iter().position(|n| n == p))
        .collect();
    let mut name = String::new();
    table_ident(d, tp.name(), &mut name);
    let mut scratch = String::new();
    let mut stmt = String::new();
    generation.for_each_batch(t, 0..tp.rows(), |b: RecordBatch| {
        for r in 0..b.num_rows() {
            let set: Vec<usize> = (0..cols.names.len())
                .filter(|&k| cols.deferred[k] && !b.column(k).is_null(r))
                .collect();
            if set.is_empty() {
                continue;
            }
            stmt.push_str("UPDATE ");
            stmt.push_str(&name);
            stmt.push_str(" SET ");
            assignments(d, &b, r, &cols, &set, ", ", &mut scratch, &mut stmt);
            stmt.push_str(" WHERE ");
            assignments(d, &b, r, &cols, &pk, " AND ", &mut scratch, &mut stmt);
            stmt.push_str(";\n");
        }
        if !stmt.is_empty() {
            emit(&stmt, None)?;
        }
        stmt.clear();
        Ok(())
    })
}

/// Writes one SQL file per table into `dir`, named so that file-name order is load order
/// (`001-customers.sql`, …), each table in its own transaction, then `999-finish.sql`
/// with the UPDATEs that close cycles and the sequence advances (when there are any), and
/// `000-create.sql` with the schema's DDL under `--create`. Refused when a cycle needs
/// PostgreSQL's deferred constraints, which cannot span transactions.
pub fn write_sql_files(
    generation: &Generation<'_>,
    mut dir: super::OutputDir,
    opts: &SqlOptions,
) -> Result<Vec<std::path::PathBuf>> {
    let plan = generation.plan();
    super::refuse_raw_sql_for(plan, opts.dialect)?;
    let d = for_dialect(opts.dialect);
    let steps = LoadSteps::new(plan, opts.dialect);
    if steps.defer_constraints {
        return Err(Error::Settings {
            path: "split".into(),
            message: "a foreign-key cycle needs deferred constraints, which cannot span one file per table; write one script".into(),
        });
    }
    let mut settings = String::new();
    if steps.defer_all {
        settings.push_str("PRAGMA defer_foreign_keys = ON;\n");
    }
    if steps.checks_off {
        settings.push_str("SET FOREIGN_KEY_CHECKS = 0;\n");
    }
    let mut names: Vec<(Option<usize>, String)> = Vec::new();
    if opts.create.is_some() {
        names.push((None, "000-create.sql".into()));
    }
    for (k, &t) in plan.load_order().iter().enumerate() {
        names.push((
            Some(t),
            format!(
                "{:03}-{}.sql",
                k + 1,
                super::file_stem(plan.tables()[t].name())
            ),
        ));
    }
    names.push((None, "999-finish.sql".into()));
    dir.check_free(names.iter().map(|n| n.1.as_str()))?;
    for (t, name) in &names {
        let path = dir.path().join(name);
        let mut f = dir.create(name)?;
        let io = io(&path);
        let mut text = String::new();
        match t {
            None if name.starts_with("000") => {
                text.push_str(opts.create.as_deref().unwrap_or(""));
                text.push('\n');
            }
            None => {
                let mut rest = String::new();
                write_finish(generation, &steps, d, &mut |s, _| {
                    rest.push_str(s);
                    Ok(())
                })?;
                text = format!("{}\n{settings}{rest}{}\n", d.begin(), d.commit());
            }
            Some(t) => {
                f.write_all(format!("{}\n{settings}", d.begin()).as_bytes())
                    .map_err(&io)?;
                write_inserts(generation, *t, &steps, d, opts.batch_rows, &mut |s, _| {
                    f.write_all(s.as_bytes()).map_err(&io)
                })?;
                text = format!("{}\n", d.commit());
            }
        }
        if steps.checks_off && t.is_some() {
            text.push_str("SET FOREIGN_KEY_CHECKS = 1;\n");
        }
        f.write_all(text.as_bytes()).map_err(&io)?;
        f.flush().map_err(&io)?;
    }
    dir.commit()
}

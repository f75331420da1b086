//! PostgreSQL `COPY … FROM STDIN` blocks, loadable with `psql -f`.
//!
//! Text format: columns separated by tabs, NULL as `\N`, and backslash, tab, newline and
//! carriage return escaped with a backslash, so a value can never end a row or the block
//! (a value `\.` is written `\\.`).

use std::io::Write;
use std::path::Path;

use arrow_array::{Array, RecordBatch};

use super::dialect::{Postgres, SqlDialect};
use super::order::LoadSteps;
use super::sql::table_ident;
use crate::engine::Generation;
use crate::error::{Error, Result};
use crate::schema::Dialect;
use crate::spell::TextColumn;

/// Appends `s` escaped for COPY's text format.
pub fn escape(s: &str, out: &mut String) {
    if !s
        .bytes()
        .any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
    {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Appends the rows of `b` in COPY text format (each with its newline); `null_cols` are
/// written as NULL whatever their value.
pub fn encode_rows(b: &RecordBatch, null_cols: &[bool], out: &mut String) {
    let cols: Vec<TextColumn<'_>> = b.columns().iter().map(TextColumn::new).collect();
    let nulls: Vec<_> = b.columns().iter().map(|a| a.nulls()).collect();
    let mut cell = String::new();
    for r in 0..b.num_rows() {
        for (k, col) in cols.iter().enumerate() {
            if k > 0 {
                out.push('\t');
            }
            if nulls[k].is_some_and(|n| n.is_null(r)) || null_cols.get(k).copied().unwrap_or(false)
            {
                out.push_str("\\N");
                continue;
            }
            match col {
                TextColumn::Int(_) | TextColumn::Decimal(..) | TextColumn::Date(_) => {
                    col.write(r, out)
                }
                TextColumn::Utf8(a) => escape(a.value(r), out),
                _ => {
                    cell.clear();
                    col.write(r, &mut cell);
                    escape(&cell, out);
                }
            }
        }
        out.push('\n');
    }
}

/// `COPY "table" ("a", "b") FROM STDIN` for a table's written columns.
pub(crate) fn copy_statement(tp: &crate::plan::TablePlan) -> String {
    let d = Postgres;
    let mut stmt = String::from("COPY ");
    table_ident(&d, tp.name(), &mut stmt);
    stmt.push_str(" (");
    for (k, f) in tp.arrow_schema().fields().iter().enumerate() {
        if k > 0 {
            stmt.push_str(", ");
        }
        d.ident(f.name(), &mut stmt);
    }
    stmt.push_str(") FROM STDIN");
    stmt
}

/// Per written column of table `t`: whether it is loaded as NULL first (a cycle's
/// forward key, set by UPDATE afterwards).
pub(crate) fn deferred_columns(
    steps: &LoadSteps,
    t: usize,
    tp: &crate::plan::TablePlan,
) -> Vec<bool> {
    tp.arrow_schema()
        .fields()
        .iter()
        .map(|f| steps.deferred[t].contains(f.name()))
        .collect()
}

/// Writes the plan as a psql script of COPY blocks in one transaction.
pub fn write_copy_script(
    generation: &Generation<'_>,
    out: &mut (dyn Write + Send),
    path: &Path,
) -> Result<()> {
    let plan = generation.plan();
    super::refuse_raw_sql(plan, "COPY")?;
    let steps = LoadSteps::new(plan, Dialect::Postgres);
    let io = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let d = Postgres;
    let mut head = format!(
        "-- seedgen: seed {}, data version {}\nBEGIN;\n",
        plan.seed(),
        plan.data_version()
    );
    if steps.defer_constraints {
        head.push_str("SET CONSTRAINTS ALL DEFERRED;\n");
    }
    out.write_all(head.as_bytes()).map_err(io)?;
    for &t in plan.load_order() {
        let tp = &plan.tables()[t];
        let mut stmt = copy_statement(tp);
        stmt.push_str(";\n");
        out.write_all(stmt.as_bytes()).map_err(io)?;
        let nulls = deferred_columns(&steps, t, tp);
        generation.stream(
            t,
            0..tp.rows(),
            |b| {
                let mut text = String::with_capacity(b.num_rows() * 64);
                encode_rows(&b, &nulls, &mut text);
                Ok(text)
            },
            |text| out.write_all(text.as_bytes()).map_err(io),
        )?;
        out.write_all(b"\\.\n").map_err(io)?;
    }
    super::sql::write_finish(generation, &steps, &d, &mut |text, _| {
        out.write_all(text.as_bytes()).map_err(io)
    })?;
    out.write_all(b"COMMIT;\n").map_err(io)?;
    out.flush().map_err(io)
}

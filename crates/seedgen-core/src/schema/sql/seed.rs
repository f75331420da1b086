//! Rows the inputs insert themselves: `INSERT … VALUES`, `INSERT … SELECT` of
//! constants, MySQL's `INSERT … SET`, and `COPY … FROM stdin` blocks. They are kept on
//! their table ([`crate::schema::Table::seed`]) so the planner can start after them.
//! A statement that inserts rows the reader cannot count (`INSERT … SELECT … FROM t`)
//! is kept too, marked unknown.

use sqlparser::ast::{
    Expr, Insert, SelectItem, SetExpr, Statement, TableObject, UnaryOperator, Value,
};
use sqlparser::parser::Parser;

use super::Reader;
use crate::error::Result;
use crate::schema::model::{SeedRows, SeedValue};
use crate::schema::split::Piece;

/// Rows recorded per table at most; past it the rows are counted, not kept.
pub(crate) const MAX_SEED_ROWS: usize = 1_000_000;

/// A literal's text, NULL, or the expression the database computes.
fn value(e: &Expr) -> SeedValue {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Null => SeedValue::Null,
            Value::Number(n, _) => SeedValue::Text(n.to_string()),
            Value::Boolean(b) => SeedValue::Text(b.to_string()),
            other => match other.clone().into_string() {
                Some(s) => SeedValue::Text(s),
                None => SeedValue::Expr {
                    expr: other.to_string(),
                },
            },
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match value(expr) {
            SeedValue::Text(t) if t.parse::<f64>().is_ok() => SeedValue::Text(format!("-{t}")),
            _ => SeedValue::Expr {
                expr: e.to_string(),
            },
        },
        Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => match value(inner) {
            SeedValue::Expr { .. } => SeedValue::Expr {
                expr: e.to_string(),
            },
            v => v,
        },
        other => SeedValue::Expr {
            expr: other.to_string(),
        },
    }
}

impl Reader<'_> {
    /// `INSERT` / `REPLACE`: the rows go to the table's seed. Returns false when the
    /// statement is not one seedgen can read (it is then only listed as skipped).
    pub(super) fn insert(&mut self, piece: &Piece) -> Result<bool> {
        let d = self.dialect.parser_dialect();
        let Ok(mut statements) = Parser::new(&*d)
            .try_with_sql(&piece.text)
            .and_then(|mut p| p.parse_statements())
        else {
            return Ok(false);
        };
        let Some(Statement::Insert(ins)) = statements.pop() else {
            return Ok(false);
        };
        let Insert {
            table: TableObject::TableName(name),
            columns,
            source,
            assignments,
            ..
        } = ins
        else {
            return Ok(false);
        };
        let tname = self.qualified(&name);
        let Some(t) = self.table_pos(&tname) else {
            return Ok(false);
        };
        let mut names: Vec<String> = columns
            .iter()
            .filter_map(|c| c.0.last().and_then(|p| p.as_ident()).map(|i| self.ident(i)))
            .collect();
        let mut rows: Vec<Vec<SeedValue>> = Vec::new();
        let mut unknown = false;
        if !assignments.is_empty() {
            // MySQL `INSERT INTO t SET a = 1, b = 2`.
            names = assignments
                .iter()
                .map(|a| a.target.to_string().trim_matches('`').to_string())
                .collect();
            rows.push(assignments.iter().map(|a| value(&a.value)).collect());
        } else if let Some(q) = source {
            match *q.body {
                SetExpr::Values(v) => {
                    rows = v
                        .rows
                        .iter()
                        .map(|r| r.content.iter().map(value).collect())
                        .collect();
                }
                // Constants without FROM: one row (an idempotent seed's
                // `SELECT … WHERE NOT EXISTS (…)` inserts it into a fresh database).
                SetExpr::Select(s) if s.from.is_empty() => {
                    rows.push(
                        s.projection
                            .iter()
                            .map(|p| match p {
                                SelectItem::UnnamedExpr(e)
                                | SelectItem::ExprWithAlias { expr: e, .. } => value(e),
                                other => SeedValue::Expr {
                                    expr: other.to_string(),
                                },
                            })
                            .collect(),
                    );
                }
                _ => unknown = true,
            }
        } else {
            // `INSERT INTO t DEFAULT VALUES`.
            rows.push(Vec::new());
        }
        let table = &mut self.schema.tables[t];
        if names.is_empty() {
            let width = rows.first().map_or(0, Vec::len);
            names = table
                .columns
                .iter()
                .filter(|c| c.generated.is_none())
                .take(width)
                .map(|c| c.name.clone())
                .collect();
        }
        let at = Some(self.at(piece, 1, 1));
        push_seed(&mut self.schema.tables[t].seed, names, rows, unknown, at);
        Ok(true)
    }

    /// `COPY t (a, b) FROM stdin;`: the header of the data block that follows.
    pub(super) fn copy_header(&mut self, piece: &Piece) -> bool {
        let text = piece.text.trim();
        let upper = text.to_ascii_uppercase();
        if !upper.starts_with("COPY ") || !upper.contains("FROM STDIN") {
            return false;
        }
        let d = self.dialect.parser_dialect();
        let Ok(mut statements) = Parser::new(&*d)
            .try_with_sql(text)
            .and_then(|mut p| p.parse_statements())
        else {
            return false;
        };
        let Some(Statement::Copy {
            source:
                sqlparser::ast::CopySource::Table {
                    table_name,
                    columns,
                },
            ..
        }) = statements.pop()
        else {
            return false;
        };
        let tname = self.qualified(&table_name);
        let Some(t) = self.table_pos(&tname) else {
            return false;
        };
        let mut names: Vec<String> = columns.iter().map(|c| self.ident(c)).collect();
        if names.is_empty() {
            names = self.schema.tables[t]
                .columns
                .iter()
                .filter(|c| c.generated.is_none())
                .map(|c| c.name.clone())
                .collect();
        }
        self.pending_copy = Some((t, names, self.at(piece, 1, 1)));
        true
    }

    /// The rows of a `COPY … FROM stdin` block (text format: tab-separated, `\N` for
    /// NULL, backslash escapes).
    pub(super) fn copy_data(&mut self, piece: &Piece) -> bool {
        let Some((t, names, at)) = self.pending_copy.take() else {
            return false;
        };
        let rows: Vec<Vec<SeedValue>> = piece
            .text
            .lines()
            .take_while(|l| *l != "\\.")
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').map(copy_field).collect())
            .collect();
        if t < self.schema.tables.len() {
            push_seed(
                &mut self.schema.tables[t].seed,
                names,
                rows,
                false,
                Some(at),
            );
        }
        true
    }
}

/// One field of COPY's text format.
fn copy_field(f: &str) -> SeedValue {
    if f == "\\N" {
        return SeedValue::Null;
    }
    let mut out = String::with_capacity(f.len());
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    SeedValue::Text(out)
}

/// Adds rows to a table's seed, keeping at most [`MAX_SEED_ROWS`] rows in all; the
/// statement's rows past it are marked unknown.
fn push_seed(
    seed: &mut Vec<SeedRows>,
    columns: Vec<String>,
    mut rows: Vec<Vec<SeedValue>>,
    mut unknown: bool,
    at: Option<crate::schema::Location>,
) {
    let kept: usize = seed.iter().map(|s| s.rows.len()).sum();
    if kept + rows.len() > MAX_SEED_ROWS {
        rows.truncate(MAX_SEED_ROWS.saturating_sub(kept));
        unknown = true;
    }
    seed.push(SeedRows {
        columns,
        rows,
        unknown,
        at,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_fields_decode_escapes_and_null() {
        assert_eq!(copy_field("\\N"), SeedValue::Null);
        assert_eq!(copy_field("a\\tb\\\\c"), SeedValue::Text("a\tb\\c".into()));
    }
}

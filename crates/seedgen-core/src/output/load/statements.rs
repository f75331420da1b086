//! The data as the SQL script's statements, collected before an async load's first
//! `await` so its future holds no generator state: what the sqlx and tokio-postgres
//! loaders run, one statement at a time, inside the caller's connection or transaction.
//!
//! Multi-row INSERTs rather than COPY: a test's data is small, and the statements are
//! the ones `to_sql` and the `sql` format already write, so every table shape the SQL
//! script loads, these load.

use std::ops::Range;

use super::LoadReport;
use crate::engine::Generation;
use crate::output::sql::each_statement;
use crate::{Dialect, Result};

/// One statement and, for rows, the table and rows it holds.
pub(crate) struct Statement {
    pub(crate) text: String,
    pub(crate) rows: Option<(String, Range<u64>)>,
}

/// The statements that load `generation` in `dialect`, without a transaction of their
/// own, with the report of what they hold.
pub(crate) fn statements(
    generation: &Generation<'_>,
    dialect: Dialect,
) -> Result<(Vec<Statement>, LoadReport)> {
    let mut out = Vec::new();
    each_statement(generation, dialect, false, |text, rows| {
        out.push(Statement {
            text: text.to_string(),
            rows,
        });
        Ok(())
    })?;
    Ok((out, super::report(generation)))
}

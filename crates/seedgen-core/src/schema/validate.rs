//! Resolution and consistency checks run once all inputs are applied.

use super::model::{Schema, Table};
use super::Dialect;
use crate::error::{Error, Result};

/// Fills foreign keys that name no columns with the target's primary key, makes key
/// columns NOT NULL, and refuses what cannot be right: duplicate tables, unknown columns,
/// references to unknown tables (SQLite alone accepts those, as it does at CREATE time).
pub(super) fn resolve_and_check(schema: &mut Schema) -> Result<()> {
    one_database_unqualified(schema);
    for (i, t) in schema.tables.iter().enumerate() {
        if let Some(other) = schema.tables[..i].iter().find(|o| o.name == t.name) {
            return Err(Error::schema(
                t.at.as_ref(),
                format!(
                    "table {} is defined twice (first at {}); remove or rename one",
                    t.name,
                    other.at.as_ref().map_or("?".into(), ToString::to_string)
                ),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for c in &t.columns {
            if !seen.insert(c.name.as_str()) {
                return Err(Error::schema(
                    c.at.as_ref(),
                    format!("{}.{} is defined twice", t.name, c.name),
                ));
            }
        }
    }
    let allow_dangling = schema.dialect == Some(Dialect::Sqlite);
    let lookup = schema.table_lookup();
    for ti in 0..schema.tables.len() {
        let t = &schema.tables[ti];
        check_columns(t, &t.primary_key, "PRIMARY KEY", t.at.as_ref())?;
        for u in &t.unique {
            let plain: Vec<String> = u.columns.iter().filter(|c| is_plain(c)).cloned().collect();
            check_columns(t, &plain, "UNIQUE", u.at.as_ref())?;
        }
        for k in &t.checks {
            if let Some(c) = &k.column {
                check_columns(t, std::slice::from_ref(c), "CHECK", k.at.as_ref())?;
            }
        }
        for fi in 0..t.foreign_keys.len() {
            let t = &schema.tables[ti];
            let fk = &t.foreign_keys[fi];
            check_columns(t, &fk.columns, "FOREIGN KEY", fk.at.as_ref())?;
            let Some(target) = lookup.find(&fk.references.table).map(|i| &schema.tables[i]) else {
                if allow_dangling {
                    continue;
                }
                return Err(Error::schema(
                    fk.at.as_ref(),
                    format!(
                        "{}.{} references table {}, which is not defined; add its CREATE TABLE to the inputs or drop the foreign key",
                        t.name,
                        fk.columns.join(","),
                        fk.references.table
                    ),
                ));
            };
            let target_columns = if fk.references.columns.is_empty() {
                if target.primary_key.is_empty() {
                    return Err(Error::schema(
                        fk.at.as_ref(),
                        format!(
                            "{}.{} references {} without naming columns, and {} has no primary key; name the referenced columns",
                            t.name, fk.columns.join(","), target.name, target.name
                        ),
                    ));
                }
                target.primary_key.clone()
            } else {
                fk.references.columns.clone()
            };
            check_columns(target, &target_columns, "referenced", fk.at.as_ref())?;
            if target_columns.len() != fk.columns.len() {
                return Err(Error::schema(
                    fk.at.as_ref(),
                    format!(
                        "{}({}) references {}({}): the column counts differ",
                        t.name,
                        fk.columns.join(", "),
                        target.name,
                        target_columns.join(", ")
                    ),
                ));
            }
            schema.tables[ti].foreign_keys[fi].references.columns = target_columns;
        }
        let t = &mut schema.tables[ti];
        let pk = t.primary_key.clone();
        for c in &mut t.columns {
            if pk.contains(&c.name) {
                c.nullable = false;
            }
        }
    }
    Ok(())
}

/// MySQL names tables by database (`USE a; CREATE TABLE t` is `a.t`). A script that
/// keeps to one database loads into whichever database its user names, so its tables
/// lose the qualifier; a script that uses several keeps them, and outputs name them.
fn one_database_unqualified(schema: &mut Schema) {
    if schema.dialect != Some(Dialect::MySql) {
        return;
    }
    let mut dbs: Vec<&str> = schema
        .tables
        .iter()
        .filter_map(|t| t.name.schema.as_deref())
        .collect();
    dbs.sort_unstable();
    dbs.dedup();
    let unqualified = schema.tables.iter().any(|t| t.name.schema.is_none());
    if dbs.len() > 1 || (dbs.len() == 1 && unqualified) {
        return;
    }
    for t in &mut schema.tables {
        t.name.schema = None;
        for fk in &mut t.foreign_keys {
            fk.references.table.schema = None;
        }
    }
    for tr in &mut schema.triggers {
        tr.table.schema = None;
        for w in &mut tr.writes {
            w.table.schema = None;
        }
    }
}

/// A key part that is a column name rather than an expression such as `lower(email)`.
fn is_plain(c: &str) -> bool {
    !c.contains(['(', ' ', ':'])
}

fn check_columns(
    t: &Table,
    cols: &[String],
    what: &str,
    at: Option<&super::Location>,
) -> Result<()> {
    for c in cols {
        if t.column(c).is_none() {
            return Err(Error::schema(
                at.or(t.at.as_ref()),
                format!(
                    "{what} column {}.{c} does not exist; the table has: {}",
                    t.name,
                    t.columns
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    Ok(())
}

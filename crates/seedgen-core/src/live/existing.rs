//! What a database's tables hold already, as far as new rows must know it (see
//! [`crate::plan::existing`]): row counts, the largest integer of each key column, the
//! largest unique-text token of each unique text column, and the key tuples other
//! tables reference, in key order.

use super::database::{Borrowed, Database, TextQueries};
use super::profile::{ident, table_ident};
use crate::error::Result;
use crate::plan::existing::{key_columns, text_token, Existing, ExistingTable, MAX_EXISTING_KEYS};
use crate::schema::{Dialect, Schema, Table, TypeClass};

/// Reads what `db` holds in the tables of `schema` (tables missing from the database
/// count as empty).
pub fn read_existing(db: &mut Database, schema: &Schema) -> Result<Existing> {
    read_from(db, schema)
}

/// What a SQLite connection the caller holds (or its open transaction: `&tx`) has in
/// the tables of `schema`, for [`crate::Seeder::existing`]: a second dataset's keys
/// then start past the first's.
#[cfg(feature = "sqlite")]
pub fn existing_sqlite(conn: &rusqlite::Connection, schema: &Schema) -> Result<Existing> {
    read_from(
        &mut Borrowed {
            conn,
            dialect: Dialect::Sqlite,
        },
        schema,
    )
}

/// [`existing_sqlite`] for a PostgreSQL client or transaction the caller holds.
#[cfg(feature = "postgres")]
pub fn existing_postgres(
    client: &mut impl postgres::GenericClient,
    schema: &Schema,
) -> Result<Existing> {
    read_from(
        &mut Borrowed {
            conn: client,
            dialect: Dialect::Postgres,
        },
        schema,
    )
}

/// [`existing_sqlite`] for a MySQL or MariaDB connection or transaction the caller holds.
#[cfg(feature = "mysql")]
pub fn existing_mysql(
    conn: &mut impl mysql::prelude::Queryable,
    schema: &Schema,
) -> Result<Existing> {
    read_from(&mut super::database::BorrowedMySql(conn), schema)
}

fn read_from(db: &mut dyn TextQueries, schema: &Schema) -> Result<Existing> {
    let mut out = Existing::none();
    for (i, t) in schema.tables.iter().enumerate() {
        if let Some(e) = read_table(db, schema, i, t)? {
            out.insert(&t.name, e);
        }
    }
    Ok(out)
}

/// The columns in a unique key or numbered by the database, split into integers and text.
fn key_like(schema: &Schema, t: &Table) -> (Vec<String>, Vec<String>) {
    let mut ints = Vec::new();
    let mut texts = Vec::new();
    for c in &t.columns {
        let keyed = c.identity.is_some() || t.unique_keys().any(|k| k.contains(&c.name));
        if !keyed || c.data_type.array_dims > 0 {
            continue;
        }
        match schema.type_class(&c.data_type) {
            TypeClass::Int(_) => ints.push(c.name.clone()),
            TypeClass::Text => texts.push(c.name.clone()),
            _ => {}
        }
    }
    (ints, texts)
}

/// The largest token of a unique text column, computed by the server where it can.
fn token_sql(dialect: Dialect, c: &str) -> Option<String> {
    let c = ident(dialect, c);
    match dialect {
        Dialect::Postgres => Some(format!(
            "GREATEST(MAX(substring({c} from '[-_]([0-9]{{1,18}})$')::bigint), MAX(substring({c} from '\\.([0-9]{{1,18}})@')::bigint))"
        )),
        Dialect::MySql => Some(format!(
            "GREATEST(COALESCE(MAX(CAST(SUBSTRING(REGEXP_SUBSTR({c}, '[-_][0-9]{{1,18}}$'), 2) AS UNSIGNED)), 0), COALESCE(MAX(CAST(REGEXP_REPLACE(REGEXP_SUBSTR({c}, '\\\\.[0-9]{{1,18}}@'), '[^0-9]', '') AS UNSIGNED)), 0))"
        )),
        // SQLite has no regular expressions: its values are read (below).
        Dialect::Sqlite => None,
    }
}

fn read_table(
    db: &mut dyn TextQueries,
    schema: &Schema,
    i: usize,
    t: &Table,
) -> Result<Option<ExistingTable>> {
    let d = db.dialect();
    let name = table_ident(d, &t.name);
    let (ints, texts) = key_like(schema, t);
    let mut select = vec!["COUNT(*)".to_string()];
    select.extend(ints.iter().map(|c| format!("MAX({})", ident(d, c))));
    let server_tokens: Vec<(String, String)> = texts
        .iter()
        .filter_map(|c| token_sql(d, c).map(|s| (c.clone(), s)))
        .collect();
    select.extend(server_tokens.iter().map(|(_, s)| s.clone()));
    let Ok(rows) = db.text_rows(&format!("SELECT {} FROM {name}", select.join(", "))) else {
        // Not there (yet): nothing in it.
        return Ok(None);
    };
    let row = rows.into_iter().next().unwrap_or_default();
    let count: u64 = row
        .first()
        .cloned()
        .flatten()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if count == 0 {
        return Ok(None);
    }
    let mut e = ExistingTable {
        rows: count,
        from: "in the database".into(),
        key_columns: key_columns(schema, i),
        ..ExistingTable::default()
    };
    for (k, c) in ints.iter().enumerate() {
        if let Some(v) = row
            .get(k + 1)
            .cloned()
            .flatten()
            .and_then(|s| s.parse::<i128>().ok())
        {
            e.max_int.insert(c.clone(), v);
        }
    }
    for (k, (c, _)) in server_tokens.iter().enumerate() {
        if let Some(v) = row
            .get(1 + ints.len() + k)
            .cloned()
            .flatten()
            .and_then(|s| s.parse::<u64>().ok())
            .filter(|&v| v > 0)
        {
            e.max_token.insert(c.clone(), v);
        }
    }
    if d == Dialect::Sqlite {
        for c in &texts {
            let col = ident(d, c);
            let values = db.text_rows(&format!(
                "SELECT {col} FROM {name} WHERE {col} GLOB '*[0-9]*'"
            ))?;
            if let Some(m) = values
                .iter()
                .filter_map(|r| r.first().cloned().flatten())
                .filter_map(|v| text_token(&v))
                .max()
            {
                e.max_token.insert(c.clone(), m);
            }
        }
    }
    if !e.key_columns.is_empty() {
        let cols: Vec<String> = e.key_columns.iter().map(|c| ident(d, c)).collect();
        let list = cols.join(", ");
        let present: Vec<String> = cols.iter().map(|c| format!("{c} IS NOT NULL")).collect();
        let keys = db.text_rows(&format!(
            "SELECT {list} FROM {name} WHERE {} ORDER BY {list} LIMIT {MAX_EXISTING_KEYS}",
            present.join(" AND ")
        ))?;
        e.keys = keys;
    }
    Ok(Some(e))
}

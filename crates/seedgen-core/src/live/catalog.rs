//! A live database's schema, read from its catalogs into the same model as the DDL
//! reader's.
//!
//! Each engine's catalog is turned into the DDL that describes it, and that DDL is read
//! by the SQL reader, so a database and the script that created it give one model:
//! - PostgreSQL: `pg_catalog` queried as `pg_dump` does, with the server's own printers
//!   (`format_type`, `pg_get_constraintdef`, `pg_get_expr`, `pg_get_indexdef`,
//!   `pg_get_partkeydef`) and an empty `search_path`, so every name comes qualified;
//! - MySQL/MariaDB: `information_schema.TABLES` for the base tables and the server's
//!   `SHOW CREATE TABLE` for each;
//! - SQLite: the `CREATE` statements `sqlite_schema` keeps.
//!
//! The DDL is kept ([`LiveSchema::ddl`]): `seedgen load --create` runs it to create the
//! same tables elsewhere.

use super::database::{Database, TextRow};
use crate::error::Result;
use crate::schema::{Dialect, Schema, SchemaReader};

/// A schema read from a live database.
#[derive(Debug)]
pub struct LiveSchema {
    /// The model.
    pub schema: Schema,
    /// The DDL the catalogs describe, in the database's dialect, runnable elsewhere.
    pub ddl: String,
}

/// Reads the schema of the database `db` is connected to.
pub fn read_schema(db: &mut Database) -> Result<LiveSchema> {
    let mut reader = SchemaReader::new();
    let ddl = add_database(&mut reader, db)?;
    Ok(LiveSchema {
        schema: reader.finish()?,
        ddl,
    })
}

/// Applies the schema of the database `db` is connected to, as one more input of
/// `reader` (after files, before a JSON overlay, …); returns its DDL.
pub fn add_database(reader: &mut SchemaReader, db: &mut Database) -> Result<String> {
    let ddl = schema_ddl(db)?;
    reader.add_sql_in(&ddl, &format!("{} (catalog)", db.url()), db.dialect())?;
    Ok(ddl)
}

/// The DDL that the database's catalogs describe.
pub fn schema_ddl(db: &mut Database) -> Result<String> {
    match db.dialect() {
        Dialect::Postgres => postgres_ddl(db),
        Dialect::MySql => mysql_ddl(db),
        Dialect::Sqlite => sqlite_ddl(db),
    }
}

fn cell(r: &TextRow, i: usize) -> &str {
    r.get(i).and_then(|c| c.as_deref()).unwrap_or("")
}

/// User objects only: not the system schemas, not what extensions own.
const PG_USER_RELATION: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema') \
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' \
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')";

fn postgres_ddl(db: &mut Database) -> Result<String> {
    // Every name the printers write comes qualified, as in pg_dump.
    db.execute("SELECT pg_catalog.set_config('search_path', '', false)")?;
    let mut out = String::new();
    let sequences = pg_prelude(db, &mut out)?;
    pg_types(db, &mut out)?;
    let comments = pg_tables(db, &mut out)?;
    pg_keys(db, &mut out)?;
    for r in sequences.iter().filter(|r| r[1].is_some()) {
        out.push_str(&format!(
            "ALTER SEQUENCE {} OWNED BY {};\n",
            cell(r, 0),
            cell(r, 1)
        ));
    }
    out.push_str(&comments);
    pg_routines(db, &mut out)?;
    Ok(out)
}

/// Schemas, extensions and sequences; returns the sequences (name, owning column).
fn pg_prelude(db: &mut Database, out: &mut String) -> Result<Vec<TextRow>> {
    // What the tables need to be created elsewhere: their schemas, the extensions whose
    // types and functions they use, and the sequences their defaults draw from.
    for r in &db.rows(
        "SELECT quote_ident(n.nspname) FROM pg_namespace n \
         WHERE n.nspname NOT IN ('public', 'pg_catalog', 'information_schema') \
           AND n.nspname NOT LIKE 'pg\\_%' \
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = n.oid AND d.deptype = 'e') \
         ORDER BY n.oid",
    )? {
        out.push_str(&format!("CREATE SCHEMA IF NOT EXISTS {};\n", cell(r, 0)));
    }
    for r in &db.rows(
        "SELECT quote_ident(e.extname), quote_ident(n.nspname) FROM pg_extension e \
         JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY e.oid",
    )? {
        out.push_str(&format!(
            "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};\n",
            cell(r, 0),
            cell(r, 1)
        ));
    }
    // Identity columns make their own sequences; the others are created here and, when a
    // column owns one (serial), tied to it after the tables.
    let sequences = db.rows(&format!(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), \
           (SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname) \
              FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid \
              JOIN pg_namespace tn ON tn.oid = t.relnamespace \
              JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
              WHERE d.objid = c.oid AND d.deptype = 'a' LIMIT 1) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind = 'S' AND {PG_USER_RELATION} \
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i') \
         ORDER BY c.oid"
    ))?;
    for r in &sequences {
        out.push_str(&format!("CREATE SEQUENCE IF NOT EXISTS {};\n", cell(r, 0)));
    }
    Ok(sequences)
}

/// Enums, composite types and domains.
fn pg_types(db: &mut Database, out: &mut String) -> Result<()> {
    let types_filter = "n.nspname NOT IN ('pg_catalog', 'information_schema') \
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')";
    // Enums and domains, in creation order (a domain may sit on an enum).
    let types = db.rows(&format!(
        "SELECT t.typtype, quote_ident(n.nspname) || '.' || quote_ident(t.typname), \
           COALESCE((SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) \
              FROM pg_enum e WHERE e.enumtypid = t.oid), \
            (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) \
              FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)), \
           format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, \
           (SELECT string_agg(' CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), '' ORDER BY k.oid) \
              FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE (t.typtype IN ('e', 'd') \
                OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')) \
           AND {types_filter} ORDER BY t.oid"
    ))?;
    for r in &types {
        if cell(r, 0) == "e" {
            out.push_str(&format!(
                "CREATE TYPE {} AS ENUM ({});\n",
                cell(r, 1),
                cell(r, 2)
            ));
        } else if cell(r, 0) == "c" {
            out.push_str(&format!(
                "CREATE TYPE {} AS ({});\n",
                cell(r, 1),
                cell(r, 2)
            ));
        } else {
            out.push_str(&format!("CREATE DOMAIN {} AS {}", cell(r, 1), cell(r, 3)));
            if let Some(d) = r[5].as_deref() {
                out.push_str(&format!(" DEFAULT {d}"));
            }
            if cell(r, 4) == "t" {
                out.push_str(" NOT NULL");
            }
            out.push_str(cell(r, 6));
            out.push_str(";\n");
        }
    }
    Ok(())
}

/// Tables and partitions with their columns; returns their comments, written after
/// the keys.
fn pg_tables(db: &mut Database, out: &mut String) -> Result<String> {
    // Tables (partitioned ones too), then partitions, parents first.
    let tables = db.rows(&format!(
        "SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind, \
           c.relispartition, pg_get_partkeydef(c.oid), \
           (SELECT quote_ident(pn.nspname) || '.' || quote_ident(p.relname) FROM pg_inherits i \
              JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace \
              WHERE i.inhrelid = c.oid LIMIT 1), \
           pg_get_expr(c.relpartbound, c.oid), obj_description(c.oid, 'pg_class') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND {PG_USER_RELATION} \
         ORDER BY c.relispartition, c.oid"
    ))?;
    let columns = db.rows(&format!(
        "SELECT a.attrelid, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), \
           a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated, \
           col_description(a.attrelid, a.attnum) \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND {PG_USER_RELATION} \
         ORDER BY a.attrelid, a.attnum"
    ))?;
    let mut comments = String::new();
    for t in &tables {
        let (oid, name) = (cell(t, 0), cell(t, 1));
        if cell(t, 3) == "t" {
            out.push_str(&format!(
                "CREATE TABLE {name} PARTITION OF {} {}",
                cell(t, 5),
                cell(t, 6)
            ));
        } else {
            let cols: Vec<String> = columns
                .iter()
                .filter(|c| cell(c, 0) == oid)
                .map(|c| {
                    let mut line = format!("    {} {}", cell(c, 1), cell(c, 2));
                    match (cell(c, 6), c[4].as_deref()) {
                        ("s", Some(e)) => {
                            line.push_str(&format!(" GENERATED ALWAYS AS ({e}) STORED"))
                        }
                        (_, Some(d)) => line.push_str(&format!(" DEFAULT {d}")),
                        _ => {}
                    }
                    if cell(c, 3) == "t" {
                        line.push_str(" NOT NULL");
                    }
                    match cell(c, 5) {
                        "a" => line.push_str(" GENERATED ALWAYS AS IDENTITY"),
                        "d" => line.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
                        _ => {}
                    }
                    line
                })
                .collect();
            out.push_str(&format!("CREATE TABLE {name} (\n{}\n)", cols.join(",\n")));
        }
        if let Some(by) = t[4].as_deref() {
            out.push_str(&format!(" PARTITION BY {by}"));
        }
        out.push_str(";\n");
        if let Some(c) = t[7].as_deref() {
            comments.push_str(&format!("COMMENT ON TABLE {name} IS {};\n", quote(c)));
        }
        if cell(t, 3) != "t" {
            for c in columns.iter().filter(|c| cell(c, 0) == oid) {
                if let Some(text) = c[7].as_deref() {
                    comments.push_str(&format!(
                        "COMMENT ON COLUMN {name}.{} IS {};\n",
                        cell(c, 1),
                        quote(text)
                    ));
                }
            }
        }
    }
    Ok(comments)
}

/// Primary keys, UNIQUE constraints, CHECKs, foreign keys and unique indexes.
fn pg_keys(db: &mut Database, out: &mut String) -> Result<()> {
    // Keys and CHECKs, then foreign keys; constraints partitions inherit are left to
    // their parents.
    let constraints = db.rows(&format!(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(k.conname), \
           pg_get_constraintdef(k.oid) \
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE k.contype IN ('p', 'u', 'c', 'f') AND k.conparentid = 0 \
           AND (k.contype <> 'c' OR k.conislocal) AND c.relkind IN ('r', 'p') AND {PG_USER_RELATION} \
         ORDER BY k.contype = 'f', k.contype <> 'p', c.oid, k.oid"
    ))?;
    for k in &constraints {
        out.push_str(&format!(
            "ALTER TABLE ONLY {} ADD CONSTRAINT {} {};\n",
            cell(k, 0),
            cell(k, 1),
            cell(k, 2)
        ));
    }
    // Unique indexes that back no constraint.
    let indexes = db.rows(&format!(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i \
         JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE i.indisunique AND NOT ic.relispartition AND c.relkind IN ('r', 'p') \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid \
                             AND k.conrelid = i.indrelid) \
           AND {PG_USER_RELATION} ORDER BY i.indexrelid"
    ))?;
    for i in &indexes {
        out.push_str(cell(i, 0));
        out.push_str(";\n");
    }
    Ok(())
}

/// The user's functions and the tables' triggers.
fn pg_routines(db: &mut Database, out: &mut String) -> Result<()> {
    // Triggers on the tables, and the user's functions (not an extension's): those
    // the triggers run and those they call.
    for f in &db.rows(
        "SELECT pg_get_functiondef(p.oid) FROM pg_proc p \
         WHERE p.prokind IN ('f', 'p') \
           AND p.pronamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname = 'information_schema') \
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') \
           AND p.pronamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname = 'pg_catalog') \
         ORDER BY p.oid",
    )? {
        out.push_str(cell(f, 0));
        out.push_str(";\n");
    }
    for t in &db.rows(&format!(
        "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND {PG_USER_RELATION} ORDER BY t.oid"
    ))? {
        out.push_str(cell(t, 0));
        out.push_str(";\n");
    }
    Ok(())
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn mysql_ddl(db: &mut Database) -> Result<String> {
    let tables = db.rows(
        "SELECT TABLE_NAME FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    )?;
    // Tables come in name order; their foreign keys may point forward.
    let mut out = String::from("SET FOREIGN_KEY_CHECKS = 0;\n");
    for t in &tables {
        let name = cell(t, 0).replace('`', "``");
        let create = db.rows(&format!("SHOW CREATE TABLE `{name}`"))?;
        if let Some(r) = create.first() {
            let lines: Vec<String> = cell(r, 1).lines().map(mariadb_json_column).collect();
            out.push_str(&lines.join("\n"));
            out.push_str(";\n");
        }
    }
    out.push_str("SET FOREIGN_KEY_CHECKS = 1;\n");
    // Triggers, whose bodies hold semicolons: between DELIMITER lines, as mysqldump
    // writes them.
    let triggers = db.rows(
        "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS \
         WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY ACTION_ORDER, TRIGGER_NAME",
    )?;
    if !triggers.is_empty() {
        out.push_str("DELIMITER ;;\n");
        for t in &triggers {
            let name = cell(t, 0).replace('`', "``");
            if let Some(r) = db.rows(&format!("SHOW CREATE TRIGGER `{name}`"))?.first() {
                out.push_str(cell(r, 2));
                out.push_str(";;\n");
            }
        }
        out.push_str("DELIMITER ;\n");
    }
    Ok(out)
}

/// MariaDB stores `JSON` as `LONGTEXT` with a `json_valid` CHECK, and `SHOW CREATE
/// TABLE` prints it so: write such a column back as `json`, as it was declared.
fn mariadb_json_column(line: &str) -> String {
    let t = line.trim_start();
    let Some(rest) = t.strip_prefix('`') else {
        return line.to_string();
    };
    let Some((name, after)) = rest.split_once('`') else {
        return line.to_string();
    };
    let check = format!(" CHECK (json_valid(`{name}`))");
    if !after.starts_with(" longtext") || !line.contains(&check) {
        return line.to_string();
    }
    let tail = after[" longtext".len()..]
        .replace(&check, "")
        .replace(" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "");
    let indent = &line[..line.len() - t.len()];
    format!("{indent}`{name}` json{tail}")
}

fn sqlite_ddl(db: &mut Database) -> Result<String> {
    let rows = db.rows(
        "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND sql IS NOT NULL \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )?;
    let mut out = String::new();
    for r in &rows {
        out.push_str(cell(r, 0));
        out.push_str(";\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn mariadb_json_columns_read_back_as_json() {
        assert_eq!(
            super::mariadb_json_column(
                "  `doc` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`doc`)),"
            ),
            "  `doc` json DEFAULT NULL,"
        );
        let plain = "  `name` longtext NOT NULL,";
        assert_eq!(super::mariadb_json_column(plain), plain);
    }
}

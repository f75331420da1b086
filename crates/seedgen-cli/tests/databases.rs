//! The corpus loaded into real databases, each entry in its own engine and in fresh
//! databases: the entry's own DDL is run with the database's own client (`psql`,
//! `mariadb`, `sqlite3`; a folder of migrations file by file, in the order seedgen reads
//! its layout in), then seedgen's output is loaded with the same client, every
//! constraint enforced:
//! - the SQL script for 1,000 rows per table (no flag but `--rows`), after which every
//!   table holds the planned rows and every sequence or auto-increment counter is past
//!   the generated keys;
//! - COPY scripts (PostgreSQL) and CSV files (every engine) for 200 rows per table;
//! - `seedgen load ENTRY --create` into an empty database, 1,000 rows per table
//!   (PostgreSQL: keys and indexes built after the rows);
//! - PostgreSQL: `seedgen load ENTRY --defer-indexes` into the DDL's tables, 200 rows
//!   per table, after which the indexes and constraints are those the catalog had.
//!
//! Before the data, the schema is read back from the database's catalogs (`seedgen plan
//! --url`) and its model must equal the model read from the entry (see `same_model`).
//!
//! PostgreSQL and MariaDB are reached through `SEEDGEN_TEST_POSTGRES_URL` and
//! `SEEDGEN_TEST_MYSQL_URL` (`.ci/services.sh` sets both); unset, those tests fail on CI
//! and say so elsewhere; set but unreachable, they fail.
//!
//! Files that create and switch to their own database (`CREATE DATABASE chinook; \c
//! chinook`, `USE sakila`) are run with those statements left out, so their tables land
//! in the fresh database, as `seedgen load --create` does.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    applied_files, choices, client, fresh_my, fresh_pg, mariadb, my_url, parse_url, pg_url,
    plan_json, planned_rows, psql, report, seedgen, url, Corpus, Outcome, Url,
};

/// Rows per table for the SQL script and `load --create`.
const ROWS: &str = "1000";
/// Rows per table for the COPY and CSV sweeps.
const FEW_ROWS: &str = "200";

/// Known failures of the PostgreSQL sweep: entry and reason.
const POSTGRES_KNOWN: &[(&str, &str)] = &[];
/// Known failures of the MariaDB sweep.
const MARIADB_KNOWN: &[(&str, &str)] = &[];
/// Known failures of the SQLite sweep.
const SQLITE_KNOWN: &[(&str, &str)] = &[];

/// `seedgen generate ENTRY ARGS… --out -`.
fn generate_stdout(path: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let mut cmd = vec!["generate", path.to_str().unwrap(), "--out", "-"];
    cmd.extend(args);
    let out = seedgen(&cmd);
    if !out.status.success() {
        return Err(format!(
            "generate {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

/// `seedgen generate ENTRY --format csv ARGS…` into a fresh temporary folder.
fn csv_files(path: &Path, args: &[&str], tag: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("seedgen-csv-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut cmd = vec![
        "generate",
        path.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        dir.to_str().unwrap(),
    ];
    cmd.extend(args);
    let out = seedgen(&cmd);
    if !out.status.success() {
        return Err(format!(
            "csv generate failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(dir)
}

/// The CSV files of a folder by table name (each file's first line names its columns),
/// in the plan's load order.
fn csv_tables(
    dir: &Path,
    rows: &[(String, u64)],
) -> Result<Vec<(String, PathBuf, Vec<String>)>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for (table, _) in rows {
        // File names escape what a path cannot hold; match them through the same rule.
        let stem = file_stem(table);
        let path = files
            .iter()
            .find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == stem))
            .ok_or_else(|| format!("no CSV file for {table} (expected {stem}.csv)"))?
            .clone();
        let header = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let cols = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(header.lines().next().unwrap_or("").as_bytes())
            .records()
            .next()
            .and_then(Result::ok)
            .map(|r| r.iter().map(String::from).collect())
            .unwrap_or_default();
        out.push((table.clone(), path, cols));
    }
    Ok(out)
}

/// The file stem seedgen writes for a table (see `seedgen_core::output::file_stem`).
fn file_stem(table: &str) -> String {
    let mut s = String::new();
    for (i, c) in table.chars().enumerate() {
        if c.is_alphanumeric() || matches!(c, '_' | '-') || (c == '.' && i > 0) {
            s.push(c);
        } else {
            for b in c.to_string().bytes() {
                s.push_str(&format!("%{b:02X}"));
            }
        }
    }
    s
}

/// The DDL of an entry's files, without the statements that create or switch to a
/// database of its own (so its tables land in the database the test made).
fn own_ddl(files: &[PathBuf]) -> Vec<u8> {
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        for line in text.split_inclusive('\n') {
            let l = line.trim().to_ascii_lowercase();
            let switches = l.starts_with("\\c ")
                || l.starts_with("\\connect ")
                || l.starts_with("use ")
                || ((l.starts_with("create database")
                    || l.starts_with("drop database")
                    || l.starts_with("create schema")
                    || l.starts_with("drop schema"))
                    && !l.contains(" authorization ")
                    && l.ends_with(';')
                    && mysql_like(&text));
            let pg_db = l.starts_with("create database") || l.starts_with("drop database");
            if switches || (pg_db && l.ends_with(';')) {
                out.push(b'\n');
            } else {
                out.extend_from_slice(line.as_bytes());
            }
        }
        // Each file on its own, as the frameworks run them: a last statement without
        // its semicolon ends with its file.
        out.extend_from_slice(b"\n;\n");
    }
    out
}

fn mysql_like(text: &str) -> bool {
    text.contains('`') || text.to_ascii_uppercase().contains("ENGINE=")
}

fn tag(entry: &str) -> String {
    entry
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .to_lowercase()
}
fn drop_pg(u: &Url, db: &str) {
    client(
        psql(u, &u.db),
        format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE);").as_bytes(),
    );
}

/// A fresh database holding the entry's schema, from its DDL run with psql.
fn pg_with_ddl(u: &Url, db: &str, files: &[PathBuf]) -> Result<(), String> {
    fresh_pg(u, db)?;
    client(psql(u, db), &own_ddl(files));
    Ok(())
}

/// Runs `script` with psql, stopping at the first error.
fn psql_strict(u: &Url, db: &str, script: &[u8], what: &str) -> Result<(), String> {
    let mut load = psql(u, db);
    load.args(["-v", "ON_ERROR_STOP=1"]);
    let (ok, _, err) = client(load, script);
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}",
            err.lines().take(4).collect::<Vec<_>>().join(" | ")
        ))
    }
}

fn pg_quoted(table: &str) -> String {
    table
        .split('.')
        .map(|p| format!("\"{}\"", p.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(".")
}

/// Every table holds its planned rows (one query).
fn pg_counts(u: &Url, db: &str, rows: &[(String, u64)]) -> Result<(), String> {
    let query: Vec<String> = rows
        .iter()
        .map(|(t, _)| format!("SELECT count(*) FROM {}", pg_quoted(t)))
        .collect();
    let (ok, out, err) = client(
        psql(u, db),
        format!("{};", query.join(" UNION ALL ")).as_bytes(),
    );
    if !ok {
        return Err(format!("counting rows failed: {err}"));
    }
    let got: Vec<u64> = out.lines().filter_map(|l| l.trim().parse().ok()).collect();
    for ((t, want), have) in rows
        .iter()
        .zip(got.iter().chain(std::iter::repeat(&u64::MAX)))
    {
        if want != have {
            return Err(format!("{t}: {have} rows, planned {want}"));
        }
    }
    Ok(())
}

/// The application's next INSERT takes its key from the sequence and does not collide:
/// for every column owning a sequence, insert one more row with that column left to
/// its default (the other columns copied from a loaded row, the table's other unique
/// and exclusion constraints dropped for it), in a transaction rolled back afterwards.
fn pg_sequences_past_keys(u: &Url, db: &str) -> Result<(), String> {
    let (_, out, _) = client(
        psql(u, db),
        b"SELECT d.refobjid::regclass, a.attname FROM pg_depend d \
          JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' \
          JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
          WHERE d.deptype IN ('a', 'i');",
    );
    for line in out.lines().filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split('|').collect();
        let (table, col) = (parts[0], parts[1]);
        let script = format!(
            r#"\set ON_ERROR_STOP on
BEGIN;
DO $$
DECLARE r record; cols text; key smallint; n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %s', '{table}') INTO n;
  IF n = 0 THEN RETURN; END IF;
  SELECT attnum INTO key FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attname = '{col}';
  FOR r IN SELECT i.indexrelid::regclass::text AS idx, c.conname
           FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
           WHERE i.indrelid = '{table}'::regclass AND (i.indisunique OR i.indisexclusion)
             AND NOT (key = ANY (i.indkey))
  LOOP
    IF r.conname IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I CASCADE', '{table}', r.conname);
    ELSE
      EXECUTE format('DROP INDEX %s', r.idx);
    END IF;
  END LOOP;
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols FROM pg_attribute
    WHERE attrelid = '{table}'::regclass AND attnum > 0 AND NOT attisdropped
      AND attgenerated = '' AND attname <> '{col}';
  IF cols IS NULL THEN
    EXECUTE format('INSERT INTO %s DEFAULT VALUES', '{table}');
  ELSE
    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM %s LIMIT 1', '{table}', cols, cols, '{table}');
  END IF;
END $$;
ROLLBACK;
"#
        );
        let (ok, _, err) = client(psql(u, db), script.as_bytes());
        if !ok {
            return Err(format!(
                "inserting one more row into {table} with {col} from its sequence failed (the sequence is not past the generated keys?): {err}"
            ));
        }
    }
    Ok(())
}

/// One PostgreSQL entry: its model read back from the catalog, the SQL script, COPY,
/// CSV and `load --create`.
/// The indexes and constraints of a database's user schemas as the catalog defines them,
/// with their comments, sorted (object ids and creation order aside).
fn pg_catalog(u: &Url, db: &str) -> Result<Vec<String>, String> {
    const CATALOG: &str = "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) \
        || coalesce(' -- ' || obj_description(oid, 'pg_constraint'), '') FROM pg_constraint \
        WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) \
        UNION ALL SELECT pg_get_indexdef(i.indexrelid) || coalesce(' -- ' || obj_description(i.indexrelid, 'pg_class'), '') \
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
        WHERE c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace);";
    let mut cmd = psql(u, db);
    cmd.args(["-tA", "-v", "ON_ERROR_STOP=1"]);
    let (ok, out, err) = client(cmd, CATALOG.as_bytes());
    if !ok {
        return Err(format!("reading the catalog failed: {err}"));
    }
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.sort();
    Ok(lines)
}

fn postgres_entry(u: &Url, c: &Corpus, entry: &str) -> Outcome {
    let path = c.path(entry);
    let f = path.to_str().unwrap();
    let plan = plan_json(&path, &["--rows", ROWS])?;
    let rows = planned_rows(&plan);
    let files = applied_files(&path, &plan);
    let db = format!("sg_{}", tag(entry));

    pg_with_ddl(u, &db, &files)?;
    same_model(f, &pg_url(u, &db), "postgres")?;
    let sql = generate_stdout(&path, &["--rows", ROWS, "--format", "sql"])?;
    psql_strict(u, &db, &sql, "the SQL script")?;
    pg_counts(u, &db, &rows)?;
    pg_sequences_past_keys(u, &db)?;

    let few = planned_rows(&plan_json(&path, &["--rows", FEW_ROWS])?);
    pg_with_ddl(u, &db, &files)?;
    let copy = generate_stdout(&path, &["--rows", FEW_ROWS, "--format", "copy"])?;
    psql_strict(u, &db, &copy, "the COPY script")?;
    pg_counts(u, &db, &few)?;

    // CSV files, one per table, read by psql's \copy in load order with their header's
    // columns, in one transaction. Plain files cannot insert a cycle's forward key as
    // NULL and update it later: such schemas are left to the SQL and COPY scripts.
    let sql_few = generate_stdout(&path, &["--rows", FEW_ROWS, "--format", "sql"])?;
    if !String::from_utf8_lossy(&sql_few)
        .lines()
        .any(|l| l.starts_with("UPDATE "))
    {
        pg_with_ddl(u, &db, &files)?;
        let dir = csv_files(&path, &["--rows", FEW_ROWS], &db)?;
        let mut script = String::from("BEGIN;\nSET CONSTRAINTS ALL DEFERRED;\n");
        for (table, file, cols) in csv_tables(&dir, &few)? {
            let cols: Vec<String> = cols.iter().map(|c| pg_quoted(c)).collect();
            script.push_str(&format!(
                "\\copy {} ({}) FROM '{}' WITH (FORMAT csv, HEADER true)\n",
                pg_quoted(&table),
                cols.join(", "),
                file.display()
            ));
        }
        script.push_str("COMMIT;\n");
        let r = psql_strict(u, &db, script.as_bytes(), "the CSV files");
        let _ = std::fs::remove_dir_all(&dir);
        r?;
        pg_counts(u, &db, &few)?;
    }

    // Into the DDL's own tables, their indexes and keys dropped and built again.
    pg_with_ddl(u, &db, &files)?;
    let before = pg_catalog(u, &db)?;
    let out = seedgen(&[
        "load",
        f,
        "--defer-indexes",
        "--rows",
        FEW_ROWS,
        "--url",
        &pg_url(u, &db),
        "--quiet",
    ]);
    if !out.status.success() {
        return Err(format!(
            "seedgen load --defer-indexes failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    pg_counts(u, &db, &few)?;
    let after = pg_catalog(u, &db)?;
    if after != before {
        return Err(format!(
            "--defer-indexes changed the catalog: before {before:?}, after {after:?}"
        ));
    }

    fresh_pg(u, &db)?;
    let out = seedgen(&[
        "load",
        f,
        "--create",
        "--rows",
        ROWS,
        "--url",
        &pg_url(u, &db),
        "--quiet",
    ]);
    if !out.status.success() {
        return Err(format!(
            "seedgen load --create failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    pg_counts(u, &db, &rows)?;
    pg_sequences_past_keys(u, &db)?;
    drop_pg(u, &db);
    Ok(choices(&plan))
}

fn my_quoted(table: &str) -> String {
    table
        .split('.')
        .map(|p| format!("`{}`", p.replace('`', "``")))
        .collect::<Vec<_>>()
        .join(".")
}

/// A fresh database holding the entry's schema, from its DDL run with the client.
/// `--force`: scripts carry statements the client cannot run (a function body without
/// DELIMITER, `source` of data files); the tables are checked afterwards.
fn my_with_ddl(u: &Url, db: &str, files: &[PathBuf]) -> Result<(), String> {
    fresh_my(u, db)?;
    let mut c = mariadb(u, db);
    c.arg("--force");
    client(c, &own_ddl(files));
    Ok(())
}

fn my_counts(u: &Url, db: &str, rows: &[(String, u64)]) -> Result<(), String> {
    let query: Vec<String> = rows
        .iter()
        .map(|(t, _)| format!("SELECT COUNT(*) FROM {}", my_quoted(t)))
        .collect();
    let (ok, out, err) = client(
        mariadb(u, db),
        format!("{};", query.join(" UNION ALL ")).as_bytes(),
    );
    if !ok {
        return Err(format!("counting rows failed: {err}"));
    }
    let got: Vec<u64> = out.lines().filter_map(|l| l.trim().parse().ok()).collect();
    for ((t, want), have) in rows
        .iter()
        .zip(got.iter().chain(std::iter::repeat(&u64::MAX)))
    {
        if want != have {
            return Err(format!("{t}: {have} rows, planned {want}"));
        }
    }
    Ok(())
}

/// The binary columns of a table in a plan's model.
fn binary_columns(plan: &serde_json::Value, table: &str) -> Vec<String> {
    plan["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["name"] == table)
        .flat_map(|t| t["columns"].as_array().into_iter().flatten())
        .filter(|c| {
            let ty = c["type"].as_str().unwrap_or("");
            ty.starts_with("binary") || ty.starts_with("varbinary") || ty.ends_with("blob")
        })
        .map(|c| c["name"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Every AUTO_INCREMENT counter is past the largest generated key.
fn my_counters_past_keys(u: &Url, db: &str) -> Result<(), String> {
    let (_, out, _) = client(
        mariadb(u, db),
        format!("SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, t.AUTO_INCREMENT FROM information_schema.COLUMNS c JOIN information_schema.TABLES t USING (TABLE_SCHEMA, TABLE_NAME) WHERE c.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') AND (c.TABLE_SCHEMA = '{db}' OR c.TABLE_SCHEMA NOT LIKE 'sg\\_%') AND c.EXTRA LIKE '%auto_increment%';").as_bytes(),
    );
    for line in out.lines().filter(|l| !l.is_empty()) {
        let p: Vec<&str> = line.split('\t').collect();
        let (_, max, _) = client(
            mariadb(u, db),
            format!(
                "SELECT COALESCE(MAX(`{}`), 0) FROM `{}`.`{}`;",
                p[2], p[0], p[1]
            )
            .as_bytes(),
        );
        let next: u64 = p[3].parse().unwrap_or(0);
        if next <= max.trim().parse().unwrap_or(0) {
            return Err(format!(
                "{}.{}: AUTO_INCREMENT {next} is not past {max}",
                p[1], p[2]
            ));
        }
    }
    Ok(())
}

fn mariadb_entry(u: &Url, c: &Corpus, entry: &str) -> Outcome {
    let path = c.path(entry);
    let f = path.to_str().unwrap();
    let plan = plan_json(&path, &["--rows", ROWS])?;
    let rows = planned_rows(&plan);
    let files = applied_files(&path, &plan);
    let db = format!("sg_{}", tag(entry));

    my_with_ddl(u, &db, &files)?;
    same_model(f, &my_url(u, &db), "mysql")?;
    let sql = generate_stdout(&path, &["--rows", ROWS, "--format", "sql"])?;
    let (ok, _, err) = client(mariadb(u, &db), &sql);
    if !ok {
        return Err(format!(
            "the SQL script failed: {}",
            err.lines().take(3).collect::<Vec<_>>().join(" | ")
        ));
    }
    my_counts(u, &db, &rows)?;
    my_counters_past_keys(u, &db)?;

    // CSV files read by LOAD DATA LOCAL INFILE in load order, in one transaction: NULL
    // written as the unquoted word NULL, no backslash escapes, booleans 1/0.
    let few_plan = plan_json(&path, &["--rows", FEW_ROWS])?;
    let few = planned_rows(&few_plan);
    my_with_ddl(u, &db, &files)?;
    let sql_few = String::from_utf8_lossy(&generate_stdout(
        &path,
        &["--rows", FEW_ROWS, "--format", "sql"],
    )?)
    .into_owned();
    let dir = csv_files(&path, &["--rows", FEW_ROWS, "--null", "NULL"], &db)?;
    let mut script = String::new();
    if sql_few.contains("SET FOREIGN_KEY_CHECKS = 0") {
        script.push_str("SET FOREIGN_KEY_CHECKS = 0;\n");
    }
    script.push_str("START TRANSACTION;\n");
    for (table, file, cols) in csv_tables(&dir, &few)? {
        // Bytes are written as hex after `\x`: decoded on the way in.
        let binary = binary_columns(&few_plan, &table);
        let mut sets = Vec::new();
        let cols: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(k, c)| {
                if binary.contains(c) {
                    sets.push(format!("{} = UNHEX(SUBSTRING(@b{k}, 3))", my_quoted(c)));
                    format!("@b{k}")
                } else {
                    my_quoted(c)
                }
            })
            .collect();
        let set = if sets.is_empty() {
            String::new()
        } else {
            format!(" SET {}", sets.join(", "))
        };
        script.push_str(&format!(
            "LOAD DATA LOCAL INFILE '{}' INTO TABLE {} CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\n' IGNORE 1 LINES ({}){set};\n",
            file.display(),
            my_quoted(&table),
            cols.join(", ")
        ));
    }
    script.push_str("COMMIT;\nSET FOREIGN_KEY_CHECKS = 1;\n");
    let mut cl = mariadb(u, &db);
    cl.arg("--local-infile=1");
    let (ok, _, err) = client(cl, script.as_bytes());
    let _ = std::fs::remove_dir_all(&dir);
    if !ok {
        return Err(format!(
            "the CSV files failed: {}",
            err.lines().take(3).collect::<Vec<_>>().join(" | ")
        ));
    }
    my_counts(u, &db, &few)?;

    fresh_my(u, &db)?;
    let out = seedgen(&[
        "load",
        f,
        "--create",
        "--rows",
        ROWS,
        "--url",
        &my_url(u, &db),
        "--quiet",
    ]);
    if !out.status.success() {
        return Err(format!(
            "seedgen load --create failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    my_counts(u, &db, &rows)?;
    client(
        mariadb(u, ""),
        format!("DROP DATABASE IF EXISTS `{db}`;").as_bytes(),
    );
    Ok(choices(&plan))
}

fn sqlite3(db: &Path) -> Command {
    let mut c = Command::new("sqlite3");
    c.args(["-bail", db.to_str().unwrap()]);
    c
}

fn sqlite_with_ddl(db: &Path, files: &[PathBuf]) -> Result<(), String> {
    let _ = std::fs::remove_file(db);
    let (ok, _, err) = client(sqlite3(db), &own_ddl(files));
    if ok {
        Ok(())
    } else {
        Err(format!("the DDL failed: {err}"))
    }
}

fn sqlite_counts(db: &Path, rows: &[(String, u64)]) -> Result<(), String> {
    for (table, n) in rows {
        let (_, out, err) = client(
            sqlite3(db),
            format!("SELECT count(*) FROM {};", pg_quoted(table)).as_bytes(),
        );
        if out.trim().parse::<u64>().ok() != Some(*n) {
            return Err(format!("{table}: {} rows, planned {n} {err}", out.trim()));
        }
    }
    Ok(())
}

fn sqlite_entry(c: &Corpus, entry: &str) -> Outcome {
    let path = c.path(entry);
    let f = path.to_str().unwrap();
    let plan = plan_json(&path, &["--rows", ROWS])?;
    let rows = planned_rows(&plan);
    let files = applied_files(&path, &plan);
    let db = std::env::temp_dir().join(format!(
        "seedgen-db-{}-{}.sqlite",
        std::process::id(),
        tag(entry)
    ));

    sqlite_with_ddl(&db, &files)?;
    same_model(f, &format!("sqlite://{}", db.display()), "sqlite")?;
    let mut data = b"PRAGMA foreign_keys = ON;\n".to_vec();
    data.extend(generate_stdout(
        &path,
        &["--rows", ROWS, "--format", "sql"],
    )?);
    data.extend_from_slice(b"PRAGMA foreign_key_check;\n");
    let (ok, out, err) = client(sqlite3(&db), &data);
    if !ok || !out.trim().is_empty() {
        return Err(format!("the SQL script failed: {err} {out}"));
    }
    sqlite_counts(&db, &rows)?;

    // sqlite3's .import cannot tell NULL from an empty field: write NULL as \N and
    // import each file through a staging table, as the README shows.
    let few = planned_rows(&plan_json(&path, &["--rows", FEW_ROWS])?);
    sqlite_with_ddl(&db, &files)?;
    let dir = csv_files(&path, &["--rows", FEW_ROWS, "--null", "\\N"], &tag(entry))?;
    let mut script =
        String::from("PRAGMA foreign_keys = ON;\nBEGIN;\nPRAGMA defer_foreign_keys = ON;\n");
    for (table, file, cols) in csv_tables(&dir, &few)? {
        if few.iter().any(|(t, n)| *t == table && *n == 0) {
            // SQLite refuses even an empty INSERT … SELECT into a table whose foreign
            // key names a missing table; there is nothing to import.
            continue;
        }
        let quoted: Vec<String> = cols.iter().map(|c| pg_quoted(c)).collect();
        let nulled: Vec<String> = quoted
            .iter()
            .map(|c| format!("NULLIF({c}, '\\N')"))
            .collect();
        script.push_str(&format!(
            ".import --csv {} \"stage\"\nINSERT INTO {} ({}) SELECT {} FROM \"stage\";\nDROP TABLE \"stage\";\n",
            file.display(),
            pg_quoted(&table),
            quoted.join(", "),
            nulled.join(", ")
        ));
    }
    script.push_str("COMMIT;\nPRAGMA foreign_key_check;\n");
    let (ok, out, err) = client(sqlite3(&db), script.as_bytes());
    let _ = std::fs::remove_dir_all(&dir);
    if !ok || !out.trim().is_empty() {
        return Err(format!("the CSV files failed: {err} {out}"));
    }
    sqlite_counts(&db, &few)?;

    let _ = std::fs::remove_file(&db);
    let url = format!("sqlite://{}", db.display());
    let out = seedgen(&[
        "load", f, "--create", "--rows", ROWS, "--url", &url, "--quiet",
    ]);
    if !out.status.success() {
        return Err(format!(
            "seedgen load --create failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    sqlite_counts(&db, &rows)?;
    let _ = std::fs::remove_file(&db);
    Ok(choices(&plan))
}

#[test]
fn corpus_loads_into_postgresql_with_constraints_enforced() {
    let c = Corpus::open("postgresql corpus");
    let Some(u) = url("SEEDGEN_TEST_POSTGRES_URL") else {
        return;
    };
    let u = parse_url(&u);
    let (ok, _, err) = client(psql(&u, &u.db), b"SELECT 1;");
    assert!(
        ok,
        "SEEDGEN_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {err}"
    );
    let outcomes: Vec<(String, Outcome)> = c
        .entries(Some("postgresql"))
        .into_iter()
        .map(|e| {
            let o = postgres_entry(&u, &c, &e);
            (e, o)
        })
        .collect();
    report("PostgreSQL corpus", &outcomes, POSTGRES_KNOWN);
}

#[test]
fn corpus_loads_into_mariadb_with_constraints_enforced() {
    let c = Corpus::open("mariadb corpus");
    let Some(u) = url("SEEDGEN_TEST_MYSQL_URL") else {
        return;
    };
    let u = parse_url(&u);
    let (ok, _, err) = client(mariadb(&u, &u.db), b"SELECT 1;");
    assert!(
        ok,
        "SEEDGEN_TEST_MYSQL_URL is set but MariaDB is unreachable: {err}"
    );
    let outcomes: Vec<(String, Outcome)> = c
        .entries(Some("mariadb"))
        .into_iter()
        .map(|e| {
            let o = mariadb_entry(&u, &c, &e);
            (e, o)
        })
        .collect();
    report("MariaDB corpus", &outcomes, MARIADB_KNOWN);
}

#[test]
fn corpus_loads_into_sqlite_with_foreign_keys_on() {
    let c = Corpus::open("sqlite corpus");
    let outcomes: Vec<(String, Outcome)> = c
        .entries(Some("sqlite"))
        .into_iter()
        .map(|e| {
            let o = sqlite_entry(&c, &e);
            (e, o)
        })
        .collect();
    report("SQLite corpus", &outcomes, SQLITE_KNOWN);
}

/// A schema whose last table's rows the database refuses (a CHECK seedgen cannot read),
/// in each engine's spelling.
fn failing_schema(dir: &Path, dialect: &str) -> PathBuf {
    let (key, suffix) = match dialect {
        "mysql" => ("int AUTO_INCREMENT PRIMARY KEY", " ENGINE=InnoDB"),
        "sqlite" => ("INTEGER PRIMARY KEY", ""),
        _ => ("serial PRIMARY KEY", ""),
    };
    let sql = format!(
        "CREATE TABLE first_t (id {key}, name varchar(20) NOT NULL){suffix};
         CREATE TABLE second_t (id {key}, first_id int NOT NULL REFERENCES first_t(id),
           code varchar(40) NOT NULL CHECK (length(md5(code)) = 31)){suffix};\n"
    );
    let path = dir.join(format!("failing-{dialect}.sql"));
    std::fs::write(&path, sql).unwrap();
    path
}

#[test]
fn a_failed_load_with_create_leaves_every_engine_as_it_was() {
    let dir = std::env::temp_dir().join(format!("seedgen-failing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |schema: &Path, url: &str| {
        seedgen(&[
            "load",
            schema.to_str().unwrap(),
            "--create",
            "--rows",
            "20",
            "--url",
            url,
            "--quiet",
        ])
    };
    // SQLite: the DDL ran in the load's transaction.
    let db = dir.join("f.sqlite");
    let out = run(
        &failing_schema(&dir, "sqlite"),
        &format!("sqlite://{}", db.display()),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, tables, _) = client(
        {
            let mut c = Command::new("sqlite3");
            c.arg(&db);
            c
        },
        b"SELECT count(*) FROM sqlite_master WHERE type = 'table';",
    );
    assert_eq!(tables.trim(), "0", "SQLite kept tables of a failed load");
    if let Some(u) = url("SEEDGEN_TEST_POSTGRES_URL") {
        let u = parse_url(&u);
        let db = "sg_failing_create";
        fresh_pg(&u, db).unwrap();
        let out = run(&failing_schema(&dir, "postgres"), &pg_url(&u, db));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        // The server's own words, not the driver's wrapping.
        assert!(err.contains("violates check constraint"), "{err}");
        assert!(
            !err.contains("db error") && !err.contains("DbError"),
            "{err}"
        );
        let (_, n, _) = client(
            psql(&u, db),
            b"SELECT count(*) FROM pg_tables WHERE schemaname = 'public';",
        );
        assert_eq!(n.trim(), "0", "PostgreSQL kept tables of a failed load");
        drop_pg(&u, db);
    }
    if let Some(u) = url("SEEDGEN_TEST_MYSQL_URL") {
        let u = parse_url(&u);
        let db = "sg_failing_create";
        fresh_my(&u, db).unwrap();
        let out = run(&failing_schema(&dir, "mysql"), &my_url(&u, db));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("ERROR 4025") || err.contains("CONSTRAINT"),
            "{err}"
        );
        assert!(!err.contains("MySqlError {"), "{err}");
        let (_, n, _) = client(
            mariadb(&u, ""),
            format!("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}';")
                .as_bytes(),
        );
        assert_eq!(n.trim(), "0", "MariaDB kept tables of a failed load");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// pg_restore's order in PostgreSQL, with `--create` and with `--defer-indexes` into
/// tables already there: a CHECK that fails in the middle of the rows, or a foreign key
/// that fails when it is added after them, leaves the database as it was (no tables, or
/// the same rows, indexes, constraints and comments); a load that succeeds leaves the
/// indexes and constraints exactly as the catalog had them.
#[test]
fn postgres_builds_keys_after_the_rows_and_a_failure_leaves_it_as_it_was() {
    let Some(u) = url("SEEDGEN_TEST_POSTGRES_URL") else {
        return;
    };
    let u = parse_url(&u);
    let dir = std::env::temp_dir().join(format!("seedgen-restore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The database checks `small`; seedgen cannot, so ids past 149 fail in the COPY.
    let schema = dir.join("restore.sql");
    std::fs::write(
        &schema,
        "CREATE FUNCTION small(i int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT i < 150';
         CREATE TABLE parent_t (id serial PRIMARY KEY, name varchar(30) NOT NULL UNIQUE);
         CREATE TABLE child_t (id serial PRIMARY KEY,
           parent_id int NOT NULL REFERENCES parent_t(id), note text, CHECK (small(id)));
         CREATE INDEX child_parent ON child_t (parent_id, note);
         COMMENT ON INDEX child_parent IS 'by parent';
         COMMENT ON CONSTRAINT child_t_parent_id_fkey ON child_t IS 'every child has one';\n",
    )
    .unwrap();
    // A parent that is not there: the foreign key fails when it is added, after the rows.
    let orphans = dir.join("orphans.json");
    std::fs::write(
        &orphans,
        r#"{"generate":{"tables":{"child_t":{"columns":{"parent_id":{"value":999999}}}}}}"#,
    )
    .unwrap();
    let db = "sg_restore_order";
    let url = pg_url(&u, db);
    let load = |extra: &[&str], rows: &str| {
        let mut args = vec!["load", schema.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.extend(["--rows", rows, "--url", &url, "--quiet"]);
        seedgen(&args)
    };
    let fails = |out: std::process::Output, words: &str| {
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(words), "{err}");
    };
    let query = |sql: &str| {
        let mut cmd = psql(&u, db);
        cmd.arg("-tA");
        client(cmd, sql.as_bytes()).1.trim().to_string()
    };
    let tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';";

    fresh_pg(&u, db).unwrap();
    fails(load(&["--create"], "300"), "violates check constraint");
    assert_eq!(query(tables), "0", "a CHECK failing mid-load left tables");
    let fk = orphans.to_str().unwrap();
    fails(
        load(&["--create", fk], "20"),
        "adding a foreign key after the rows",
    );
    assert_eq!(
        query(tables),
        "0",
        "a foreign key failing at the end left tables"
    );
    let out = load(&["--create"], "100");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created = pg_catalog(&u, db).unwrap();

    // Tables already there, with rows: the same catalog after each load, failed or not.
    fresh_pg(&u, db).unwrap();
    psql_strict(&u, db, &std::fs::read(&schema).unwrap(), "the schema").unwrap();
    let before = pg_catalog(&u, db).unwrap();
    assert_eq!(
        before, created,
        "--create built other indexes than the DDL's"
    );
    assert!(
        before.iter().any(|l| l.ends_with("-- by parent")),
        "{before:?}"
    );
    let out = load(&["--defer-indexes"], "50");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = "SELECT (SELECT count(*) FROM parent_t) || ' ' || (SELECT count(*) FROM child_t);";
    assert_eq!(query(counts), "50 50");
    assert_eq!(pg_catalog(&u, db).unwrap(), before);
    fails(
        load(&["--defer-indexes"], "100"),
        "violates check constraint",
    );
    fails(
        load(&["--defer-indexes", fk], "10"),
        "adding a foreign key after the rows",
    );
    assert_eq!(query(counts), "50 50", "a failed load left rows");
    assert_eq!(
        pg_catalog(&u, db).unwrap(),
        before,
        "a failed load changed the catalog"
    );
    drop_pg(&u, db);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every extension type seedgen writes is read by PostgreSQL with the extension
/// installed (PostGIS from Debian's packages, the others from contrib); pgvector's text
/// is checked through an array of the same numbers.
#[test]
fn extension_types_load_into_postgresql() {
    let Some(u) = url("SEEDGEN_TEST_POSTGRES_URL") else {
        return;
    };
    let u = parse_url(&u);
    let db = "sg_extensions";
    fresh_pg(&u, db).unwrap();
    let dir = std::env::temp_dir().join(format!("seedgen-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema = dir.join("ext.sql");
    std::fs::write(
        &schema,
        "CREATE EXTENSION IF NOT EXISTS postgis;
         CREATE EXTENSION IF NOT EXISTS ltree;
         CREATE EXTENSION IF NOT EXISTS hstore;
         CREATE EXTENSION IF NOT EXISTS cube;
         CREATE EXTENSION IF NOT EXISTS citext;
         CREATE TYPE addr AS (street text, zip integer);
         CREATE TABLE place (
           id serial PRIMARY KEY,
           area geometry(Polygon,4326) NOT NULL,
           spot geography(Point) NOT NULL,
           line geometry(LineStringZ,3857) NOT NULL,
           shape geometry NOT NULL,
           path ltree NOT NULL UNIQUE,
           attrs hstore NOT NULL,
           box cube NOT NULL,
           name citext NOT NULL UNIQUE,
           home addr NOT NULL,
           during tstzrange NOT NULL,
           days daterange,
           ip inet NOT NULL UNIQUE,
           net cidr NOT NULL UNIQUE,
           mac macaddr NOT NULL UNIQUE,
           key bytea NOT NULL UNIQUE
         );",
    )
    .unwrap();
    client(psql(&u, db), std::fs::read(&schema).unwrap().as_slice());
    let sql = generate_stdout(&schema, &["--rows", "500", "--format", "sql"]).unwrap();
    psql_strict(&u, db, &sql, "the SQL script").unwrap();
    let (_, n, _) = client(
        psql(&u, db),
        b"SELECT count(*) FROM place WHERE ST_SRID(area) = 4326 AND GeometryType(area) = 'POLYGON' AND ST_IsValid(area);",
    );
    assert_eq!(n.trim(), "500");
    // pgvector is not in Debian's packages: its text form read as an array.
    let v = dir.join("vec.sql");
    std::fs::write(
        &v,
        "CREATE TABLE emb (id int PRIMARY KEY, v vector(8) NOT NULL);",
    )
    .unwrap();
    let out = generate_stdout(&v, &["--rows", "20", "--format", "csv"]);
    assert!(out.is_err(), "CSV to stdout is refused");
    let csv_dir = csv_files(&v, &["--rows", "20"], "vec").unwrap();
    let text = std::fs::read_to_string(csv_dir.join("emb.csv")).unwrap();
    let check: String = text
        .lines()
        .skip(1)
        .map(|l| {
            let vec = l.split_once(',').unwrap().1.trim_matches('"');
            format!(
                "SELECT array_length('{}'::float4[], 1);\n",
                vec.replace('[', "{").replace(']', "}")
            )
        })
        .collect();
    let (ok, lengths, err) = client(psql(&u, db), check.as_bytes());
    assert!(ok, "{err}");
    assert!(lengths.lines().all(|l| l.trim() == "8"), "{lengths}");
    drop_pg(&u, db);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&csv_dir);
}

#[test]
fn a_failed_load_rolls_back_names_the_table_and_hides_the_password() {
    let Some(u) = url("SEEDGEN_TEST_POSTGRES_URL") else {
        return;
    };
    let u = parse_url(&u);
    let db = "sg_rollback";
    client(
        psql(&u, &u.db),
        format!("DROP DATABASE IF EXISTS {db} WITH (FORCE);").as_bytes(),
    );
    client(psql(&u, &u.db), format!("CREATE DATABASE {db};").as_bytes());
    let url = pg_url(&u, db);
    let first = seedgen(&[
        "load",
        "schemas/shop.sql",
        "--create",
        "--rows",
        "50",
        "--url",
        &url,
        "--quiet",
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    // A second load that the database refuses at its last table (a trigger the schema
    // file does not know): the tables loaded before it are rolled back too.
    let count = |table: &str| {
        let (_, out, _) = client(
            psql(&u, db),
            format!("SELECT count(*) FROM {table};").as_bytes(),
        );
        out.trim().to_string()
    };
    let before: Vec<String> = ["customers", "orders", "order_lines"]
        .iter()
        .map(|t| count(t))
        .collect();
    assert_eq!(before[..2], ["50", "50"]);
    client(
        psql(&u, db),
        b"CREATE FUNCTION no_more_lines() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no more order lines'; END $$;
          CREATE TRIGGER no_more_lines BEFORE INSERT ON order_lines FOR EACH ROW EXECUTE FUNCTION no_more_lines();",
    );
    let again = seedgen(&[
        "load",
        "schemas/shop.sql",
        "--rows",
        "60",
        "--url",
        &url,
        "--quiet",
    ]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("order_lines") && err.contains("no more order lines"),
        "{err}"
    );
    for (table, was) in ["customers", "orders", "order_lines"].iter().zip(&before) {
        assert_eq!(count(table), *was, "{table} changed by a failed load");
    }
    let bad = format!("postgres://{}:hunter2secret@{}:1/{db}", u.user, u.host);
    let out = seedgen(&[
        "load",
        "schemas/shop.sql",
        "--rows",
        "5",
        "--url",
        &bad,
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("hunter2secret") && err.contains("***"),
        "{err}"
    );
}

/// The model `seedgen plan --json` prints for `args`.
fn model_json(args: &[&str]) -> Result<serde_json::Value, String> {
    let mut cmd = vec!["plan", "--json"];
    cmd.extend(args);
    let out = seedgen(&cmd);
    if !out.status.success() {
        return Err(format!(
            "plan --json {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
}

/// The model read from the database at `url` (loaded from `file`) equals the model read
/// from `file`, up to what a catalog cannot give back:
/// - positions (`at`) and the skipped statements, which belong to the file;
/// - names the database invents for unnamed constraints (a name the file does not give
///   is not compared), and MySQL's primary keys, which are always called PRIMARY;
/// - the server's own spelling of expressions: MySQL quotes identifiers and lowercases
///   functions (compared without quotes and case), PostgreSQL rewrites CHECKs into its
///   canonical form (`BETWEEN` becomes `>= AND <=`), so their number and explicit names
///   are compared, not their text; defaults lose their casts and outer parentheses;
/// - PostgreSQL's `public` schema, which the catalog names and a plain script leaves
///   implicit, and `serial`, which the catalog shows as its `nextval` default;
/// - partition bounds in another time zone, compared in UTC; MySQL `BOOLEAN`, which is
///   `tinyint(1)`; `RESTRICT`, which is MySQL's and PostgreSQL's default action;
/// - comments in a file that declares a non-UTF-8 client encoding for UTF-8 text (the
///   server stores what the file said), compared for presence only;
/// - order: tables by name, keys and checks by their columns.
fn same_model(file: &str, url: &str, dialect: &str) -> Result<(), String> {
    let mut a = normalize_model(model_json(&[file])?, dialect);
    let b = normalize_model(model_json(&["--url", url])?, dialect);
    // The mariadb client cannot run a trigger body written without DELIMITER (as a
    // driver would send it), so the database lacks those triggers.
    if dialect == "mysql"
        && b.get("triggers").is_none_or(serde_json::Value::is_null)
        && !file_mentions(file, "DELIMITER")
    {
        if let Some(o) = a.as_object_mut() {
            o.remove("triggers");
        }
    }
    let mut diffs = Vec::new();
    model_diff(&a, &b, "", &mut diffs);
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the model read from the database differs from the file's:\n    {}",
            diffs
                .into_iter()
                .take(10)
                .collect::<Vec<_>>()
                .join("\n    ")
        ))
    }
}

fn model_diff(a: &serde_json::Value, b: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    use serde_json::Value as J;
    match (a, b) {
        (J::Object(x), J::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => model_diff(p, q, &format!("{path}.{k}"), out),
                    // A name only the database gives is one it invented.
                    (None, Some(_)) if k == "name" || k == "primary_key_name" => {}
                    (p, q) => out.push(format!("{path}.{k}: file {p:?}, database {q:?}")),
                }
            }
        }
        (J::Array(x), J::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                model_diff(p, q, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: file {a}, database {b}")),
        _ => {}
    }
}

fn normalize_model(mut m: serde_json::Value, dialect: &str) -> serde_json::Value {
    use serde_json::Value as J;
    fn strip(v: &mut J) {
        match v {
            J::Object(o) => {
                o.remove("at");
                o.remove("skipped");
                o.remove("plan");
                // The inputs' seed rows are rows in the database, not statements.
                o.remove("seed");
                o.values_mut().for_each(strip);
            }
            J::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut m);
    let pg = dialect == "postgres";
    let mysql = dialect == "mysql";
    let unpublic = |v: &mut J| {
        if let Some(s) = v.as_str() {
            if let Some(rest) = s.strip_prefix("public.") {
                *v = J::from(rest);
            }
        }
    };
    let expr = |s: &str| -> String {
        s.replace(['`', '"'], "")
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let default = |s: &str| -> Option<String> {
        let mut x = s.trim().to_string();
        if pg {
            x = strip_casts(&x.to_lowercase().replace("public.", ""));
            // Booleans and midnight in the server's spelling.
            x = match x.as_str() {
                "'f'" | "'false'" => "false".into(),
                "'t'" | "'true'" => "true".into(),
                // The server turns the special input 'epoch' into its date.
                "'epoch'" | "timestamp with time zone 'epoch'" | "timestamp 'epoch'" => {
                    "'1970-01-01'".into()
                }
                _ => x.replace(" 00:00:00'", "'").replace(" 00:00:00+00'", "'"),
            };
        }
        while x.starts_with('(') && x.ends_with(')') {
            x = x[1..x.len() - 1].trim().to_string();
        }
        let mut x = x.to_lowercase().replace("()", "");
        // A timestamp without time zone drops an offset; MySQL prints numbers bare.
        if pg && x.starts_with('\'') && x.ends_with("+00:00'") {
            x = format!("{}'", &x[..x.len() - 7]);
        }
        if mysql
            && x.len() > 2
            && x.starts_with('\'')
            && x.ends_with('\'')
            && x[1..x.len() - 1].parse::<f64>().is_ok()
        {
            x = x[1..x.len() - 1].to_string();
        }
        match x.as_str() {
            "null" => None,
            "true" => Some("1".into()),
            "false" => Some("0".into()),
            _ => Some(x),
        }
    };
    for tr in m["triggers"].as_array_mut().into_iter().flatten() {
        if pg {
            unpublic(&mut tr["table"]);
            for w in tr["writes"].as_array_mut().into_iter().flatten() {
                unpublic(&mut w["table"]);
            }
        }
    }
    if let Some(list) = m.get_mut("triggers").and_then(J::as_array_mut) {
        list.sort_by_key(|t| format!("{}.{}", t["table"], t["name"]));
    }
    // Indexing above adds keys that were absent: take them away again.
    if let Some(o) = m.as_object_mut() {
        o.retain(|_, v| !v.is_null());
    }
    for key in ["domains", "enums", "composites"] {
        for d in m[key].as_array_mut().into_iter().flatten() {
            if pg {
                unpublic(&mut d["name"]);
            }
            if let Some(checks) = d.get_mut("checks").and_then(J::as_array_mut) {
                let n = checks.len();
                *checks = vec![J::from(n)];
            }
        }
    }
    if let Some(tables) = m["tables"].as_array_mut() {
        for t in tables.iter_mut() {
            if pg {
                unpublic(&mut t["name"]);
            }
            let tname = t["name"].as_str().unwrap_or("").to_string();
            for c in t["columns"].as_array_mut().into_iter().flatten() {
                let o = c.as_object_mut().unwrap();
                if pg {
                    if let Some(d) = o.get_mut("domain") {
                        unpublic(d);
                    }
                    if let Some(ty) = o.get_mut("type") {
                        unpublic(ty);
                    }
                    if o.get("identity").and_then(J::as_str) == Some("serial") {
                        o.remove("default");
                    }
                }
                if mysql && o.get("type").and_then(J::as_str) == Some("boolean") {
                    o.insert("type".into(), J::from("tinyint"));
                }
                match o.get("default").and_then(J::as_str).map(default) {
                    Some(Some(d)) => {
                        o.insert("default".into(), J::from(d));
                    }
                    Some(None) => {
                        o.remove("default");
                    }
                    None => {}
                }
                if let Some(g) = o.get("generated").and_then(J::as_str).map(expr) {
                    // PostgreSQL prints the expression with casts and every parenthesis.
                    let g = if pg {
                        strip_casts(&g).replace(['(', ')'], "")
                    } else {
                        g
                    };
                    o.insert("generated".into(), J::from(g));
                }
                if let Some(text) = o.get("comment").and_then(J::as_str) {
                    if !text.is_ascii() {
                        o.insert("comment".into(), J::from("(not ASCII)"));
                    }
                }
            }
            if let Some(text) = t.get("comment").and_then(J::as_str) {
                if !text.is_ascii() {
                    t["comment"] = J::from("(not ASCII)");
                }
            }
            for fk in t["foreign_keys"].as_array_mut().into_iter().flatten() {
                if pg {
                    unpublic(&mut fk["references"]["table"]);
                }
                let o = fk.as_object_mut().unwrap();
                for k in ["on_delete", "on_update"] {
                    if matches!(o.get(k).and_then(J::as_str), Some("restrict" | "no_action")) {
                        o.remove(k);
                    }
                }
            }
            if let Some(checks) = t.get_mut("checks").and_then(J::as_array_mut) {
                for ch in checks.iter_mut() {
                    let o = ch.as_object_mut().unwrap();
                    if pg {
                        // Canonical text, column or table level: compare explicit names.
                        o.remove("expr");
                        o.remove("column");
                        let auto = o.get("name").and_then(J::as_str).is_some_and(|n| {
                            n.starts_with(&format!("{tname}_")) && n.ends_with("_check")
                        });
                        if auto {
                            o.remove("name");
                        }
                    } else if let Some(e) = o.get("expr").and_then(J::as_str).map(expr) {
                        o.insert("expr".into(), J::from(e));
                    }
                }
                checks.sort_by_key(|c| c.to_string());
            }
            if let Some(p) = t.get_mut("partitioning") {
                for part in p["partitions"].as_array_mut().into_iter().flatten() {
                    if pg {
                        unpublic(&mut part["name"]);
                    }
                    if let Some(b) = part["bound"].as_str() {
                        part["bound"] = J::from(utc_bounds(b));
                    }
                }
            }
            if mysql || pg {
                if let Some(o) = t.as_object_mut() {
                    if mysql {
                        o.remove("primary_key_name");
                    }
                }
            }
            // Index expressions and predicates in the server's spelling: case, outer
            // parentheses.
            for u in t["unique"].as_array_mut().into_iter().flatten() {
                for c in u["columns"].as_array_mut().into_iter().flatten() {
                    if let Some(s) = c.as_str().filter(|s| s.contains('(')) {
                        let mut e = expr(s);
                        if pg {
                            e = strip_casts(&e.replace("public.", ""))
                                .replace("((", "(")
                                .replace("))", ")");
                        }
                        *c = J::from(e);
                    }
                }
                if let Some(p) = u.get("predicate").and_then(J::as_str) {
                    let mut p = expr(p);
                    while p.starts_with('(') && p.ends_with(')') {
                        p = p[1..p.len() - 1].to_string();
                    }
                    u["predicate"] = J::from(p);
                }
            }
            for key in ["foreign_keys", "unique"] {
                if let Some(list) = t.get_mut(key).and_then(J::as_array_mut) {
                    list.sort_by_key(|x| format!("{}{}", x["columns"], x["references"]["table"]));
                }
            }
        }
        tables.sort_by_key(|t| t["name"].as_str().unwrap_or("").to_string());
    }
    m
}

/// Whether a line of the entry's text (a file, or a folder's files) starts with `word`
/// (a client command such as DELIMITER, not a comment that mentions it).
fn file_mentions(entry: &str, word: &str) -> bool {
    let p = Path::new(entry);
    let files: Vec<PathBuf> = if p.is_dir() {
        std::fs::read_dir(p)
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default()
    } else {
        vec![p.to_path_buf()]
    };
    files.iter().any(|f| {
        std::fs::read_to_string(f).is_ok_and(|t| {
            t.lines()
                .any(|l| l.trim_start().to_ascii_uppercase().starts_with(word))
        })
    })
}

/// Removes PostgreSQL casts (`'x'::character varying(10)[]`).
fn strip_casts(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("::") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        // A quoted type name (`::"Role"`) up to its closing quote.
        let mut end = match tail.strip_prefix('"') {
            Some(q) => q.find('"').map_or(tail.len(), |j| j + 2),
            None => tail
                .find(|c: char| !(c.is_ascii_lowercase() || c == ' ' || c == '_'))
                .unwrap_or(tail.len()),
        };
        if tail[end..].starts_with('(') {
            end += tail[end..].find(')').map_or(0, |j| j + 1);
        }
        if tail[end..].starts_with("[]") {
            end += 2;
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Timestamps with an offset in a partition bound, written in UTC; midnight as the date
/// alone (a date bound of a `timestamptz` key reads back as midnight UTC).
fn utc_bounds(b: &str) -> String {
    utc_offsets(b).replace(" 00:00:00+00'", "'")
}

fn utc_offsets(b: &str) -> String {
    let mut out = String::new();
    for (i, part) in b.split('\'').enumerate() {
        if i > 0 {
            out.push('\'');
        }
        let has_offset = part.len() > 19 && part[19..].starts_with(['+', '-']);
        match seedgen_core::calendar::parse_timestamp(part).filter(|_| has_offset) {
            Some(us) => {
                let mut s = String::new();
                seedgen_core::calendar::write_timestamp(us, &mut s);
                out.push_str(&s);
                out.push_str("+00");
            }
            None => out.push_str(part),
        }
    }
    out
}

/// A `sql` override is written unquoted into the SQL script, and the database evaluates
/// it; the formats that cannot carry an expression refuse it, naming the column.
#[test]
fn a_raw_sql_override_is_evaluated_by_the_database_and_refused_elsewhere() {
    let dir = std::env::temp_dir().join(format!("seedgen-raw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = dir.join("raw.json");
    std::fs::write(
        &settings,
        r#"{"generate":{"tables":{"customers":{"columns":{"phone":{"sql":{"postgres":"upper('call ' || 'me')"}}}}}}}"#,
    )
    .unwrap();
    let s = settings.to_str().unwrap();
    for (format, word) in [
        ("csv", "csv"),
        ("copy", "COPY"),
        ("parquet", "parquet"),
        ("jsonl", "jsonl"),
    ] {
        let out = seedgen(&[
            "generate",
            "schemas/shop.sql",
            s,
            "--rows",
            "5",
            "--format",
            format,
            "--out",
            dir.join(format).to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {err}");
        assert!(
            err.contains("customers.phone") && err.contains(word),
            "{format}: {err}"
        );
    }
    let out = seedgen(&[
        "generate",
        "schemas/shop.sql",
        s,
        "--rows",
        "20",
        "--format",
        "sql",
        "--out",
        "-",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sql = String::from_utf8_lossy(&out.stdout);
    assert!(
        sql.contains(", upper('call ' || 'me'), "),
        "the expression is not written as is"
    );
    let Some(u) = url("SEEDGEN_TEST_POSTGRES_URL") else {
        return;
    };
    let u = parse_url(&u);
    let db = "sg_raw_sql";
    fresh_pg(&u, db).unwrap();
    psql_strict(
        &u,
        db,
        &std::fs::read("schemas/shop.sql")
            .or_else(|_| std::fs::read("../../schemas/shop.sql"))
            .unwrap(),
        "the DDL",
    )
    .unwrap();
    psql_strict(&u, db, &out.stdout, "the SQL script").unwrap();
    // The column is nullable: the rows that are not NULL hold what the database computed.
    let (_, n, _) = client(
        psql(&u, db),
        b"SELECT count(*) FILTER (WHERE phone = 'CALL ME'), count(*) FILTER (WHERE phone <> 'CALL ME') FROM customers;",
    );
    let (evaluated, other) = n.trim().split_once('|').unwrap();
    assert!(
        evaluated.parse::<u32>().unwrap() >= 15 && other == "0",
        "{n}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

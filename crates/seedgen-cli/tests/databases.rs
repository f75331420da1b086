//! The corpus loaded into real databases, each schema in its own engine and in a fresh
//! database: the original DDL file is run with the database's own client (`psql`,
//! `mariadb`, `sqlite3`), then seedgen's output for 1,000 rows per table is loaded with the
//! same client, every constraint enforced: SQL scripts for all three engines, COPY scripts
//! and CSV files (`\copy … CSV HEADER`) for PostgreSQL, and `seedgen load` for all three. The row count of every table must equal the plan's, and every
//! sequence or auto-increment counter must be past the generated keys.
//!
//! Before the data, the schema is read back from each database's catalogs (`seedgen plan
//! --url`) and its model must equal the model read from the file (see `same_model` for
//! what a catalog cannot give back and is not compared).
//!
//! PostgreSQL and MariaDB are reached through `SEEDGEN_TEST_POSTGRES_URL` and
//! `SEEDGEN_TEST_MYSQL_URL` (`.ci/run` sets both); unset, those parts are skipped with a
//! message; set but unreachable, the test fails.
//!
//! Two deliberate exceptions, both properties of the schemas rather than of the data:
//! - sakila (MySQL) defines triggers that insert into `film_text` whenever `film` gets a
//!   row; they are dropped before loading, since seedgen writes `film_text` itself.
//! - zotero (SQLite) declares foreign keys to three tables it never creates; SQLite refuses
//!   any INSERT into those tables while foreign keys are enforced, so the file is loaded
//!   with its own DDL only (its data is validated by the CSV corpus test instead).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/real");
    let mut files = Vec::new();
    for sub in ["postgres", "pgdump", "mysql", "mysqldump", "sqlite"] {
        if let Ok(rd) = std::fs::read_dir(dir.join(sub)) {
            files.extend(rd.flatten().map(|e| e.path()));
        }
    }
    files.retain(|p| p.extension().is_some_and(|x| x == "sql"));
    files.sort();
    files
}

fn seedgen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_seedgen"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run seedgen")
}

/// `--rows` arguments: 1,000 per table, lowered where the planner names a smaller limit.
fn rows_args(file: &str) -> Vec<String> {
    let mut args = vec!["--rows".to_string(), "1000".to_string()];
    for _ in 0..30 {
        let mut cmd = vec!["plan", file];
        cmd.extend(args.iter().map(String::as_str));
        let out = seedgen(&cmd);
        if out.status.success() {
            return args;
        }
        let err = String::from_utf8_lossy(&out.stderr);
        let hint = err
            .split("(--rows ")
            .nth(1)
            .and_then(|s| s.split(')').next())
            .unwrap_or_else(|| panic!("{file}: plan failed without a --rows hint: {err}"));
        args.push("--rows".into());
        args.push(hint.to_string());
    }
    panic!("{file}: no feasible row counts");
}

/// Table names and planned row counts from `seedgen plan`.
fn planned_rows(file: &str, rows: &[String]) -> Vec<(String, u64)> {
    let mut cmd = vec!["plan", file];
    cmd.extend(rows.iter().map(String::as_str));
    let out = seedgen(&cmd);
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let (head, rest) = l.split_once(". ")?;
            head.parse::<u32>().ok()?;
            let (name, n) = rest.split_once("  (")?;
            let n = n.split(' ').next()?.parse().ok()?;
            Some((name.to_string(), n))
        })
        .collect()
}

fn generate(file: &str, rows: &[String], format: &str) -> Vec<u8> {
    let mut cmd = vec!["generate", file, "--format", format, "--out", "-"];
    cmd.extend(rows.iter().map(String::as_str));
    let out = seedgen(&cmd);
    assert!(
        out.status.success(),
        "{file}: generate --format {format} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs a client with `input` on stdin; returns (success, stdout, stderr).
fn client(mut cmd: Command, input: &[u8]) -> (bool, String, String) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

struct Url {
    user: String,
    password: Option<String>,
    host: String,
    port: String,
    db: String,
}

fn parse_url(url: &str) -> Url {
    let rest = url.split_once("://").map_or(url, |x| x.1);
    let (auth, hostpart) = rest.rsplit_once('@').unwrap_or(("", rest));
    let (user, password) = match auth.split_once(':') {
        Some((u, p)) => (u.to_string(), Some(p.to_string())),
        None => (auth.to_string(), None),
    };
    let (hostport, db) = hostpart.split_once('/').unwrap_or((hostpart, ""));
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, ""));
    Url {
        user,
        password,
        host: host.to_string(),
        port: port.to_string(),
        db: db.split('?').next().unwrap_or("").to_string(),
    }
}

fn url_for(scheme: &str, default_port: &str, u: &Url, db: &str) -> String {
    format!(
        "{scheme}://{}{}@{}:{}/{db}",
        u.user,
        u.password
            .as_ref()
            .map(|p| format!(":{p}"))
            .unwrap_or_default(),
        u.host,
        if u.port.is_empty() {
            default_port
        } else {
            &u.port
        }
    )
}

fn pg_url(u: &Url, db: &str) -> String {
    url_for("postgres", "5432", u, db)
}

fn my_url(u: &Url, db: &str) -> String {
    url_for("mysql", "3306", u, db)
}

/// `seedgen generate FILE --format csv` into a fresh temporary folder.
fn csv_files(file: &str, rows: &[String], db: &str, extra: &[&str]) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("seedgen-csv-{}-{db}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut cmd = vec![
        "generate",
        file,
        "--format",
        "csv",
        "--out",
        dir.to_str().unwrap(),
    ];
    cmd.extend(extra);
    cmd.extend(rows.iter().map(String::as_str));
    let out = seedgen(&cmd);
    if !out.status.success() {
        return Err(format!(
            "csv generate failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(dir)
}

/// The CSV file seedgen writes for `table` (its name with unsafe characters replaced).
fn csv_path(dir: &Path, table: &str) -> PathBuf {
    let stem: String = table
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.join(format!("{stem}.csv"))
}

/// `seedgen load FILE --url URL`, quietly.
fn load_with_seedgen(file: &str, rows: &[String], url: &str) -> Result<(), String> {
    let mut cmd = vec!["load", file, "--url", url, "--quiet"];
    cmd.extend(rows.iter().map(String::as_str));
    let out = seedgen(&cmd);
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "seedgen load failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn psql(u: &Url, db: &str) -> Command {
    let mut c = Command::new("psql");
    c.arg(pg_url(u, db)).args(["-X", "-q", "-t", "-A"]);
    c
}

fn mariadb(u: &Url, db: &str) -> Command {
    let mut c = Command::new("mariadb");
    c.args(["-h", &u.host, "-u", &u.user, "-N", "-B"]);
    if !u.port.is_empty() {
        c.args(["-P", &u.port]);
    }
    if let Some(p) = &u.password {
        c.arg(format!("-p{p}"));
    }
    if !db.is_empty() {
        c.arg(db);
    }
    c
}

fn unqualified(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn postgres_case(u: &Url, file: &Path, format: &str) -> Result<(), String> {
    let f = file.to_str().unwrap();
    let ddl = std::fs::read_to_string(file).unwrap();
    // A dump that connects to its own database (`\c chinook`) creates it itself.
    let own = ddl
        .lines()
        .find_map(|l| {
            l.strip_prefix("\\c ")
                .or_else(|| l.strip_prefix("\\connect "))
        })
        .map(|d| d.trim().trim_end_matches(';').to_string());
    let db = own.clone().unwrap_or_else(|| {
        format!(
            "sg_{}_{}_{format}",
            file.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy(),
            file.file_stem().unwrap().to_string_lossy()
        )
    });
    let admin = |sql: &str| client(psql(u, &u.db), sql.as_bytes());
    admin(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE);"));
    if own.is_none() {
        let (ok, _, err) = admin(&format!("CREATE DATABASE \"{db}\";"));
        if !ok {
            return Err(format!("cannot create database {db}: {err}"));
        }
    }
    let target = if own.is_some() {
        u.db.as_str()
    } else {
        db.as_str()
    };
    client(psql(u, target), ddl.as_bytes());
    if format == "load" {
        same_model(f, &pg_url(u, &db), "postgres")?;
    }
    let rows = rows_args(f);
    if format == "load" {
        load_with_seedgen(f, &rows, &pg_url(u, &db))?;
    } else if format == "csv" {
        // CSV files, one per table, read by psql's \copy in load order, in one transaction.
        // Plain files cannot insert a cycle's forward key as NULL and update it later, nor
        // advance sequences: schemas that need the former are left to the SQL and COPY
        // scripts, and the latter is not checked for CSV.
        let sql = generate(f, &rows, "sql");
        if String::from_utf8_lossy(&sql)
            .lines()
            .any(|l| l.starts_with("UPDATE "))
        {
            return Ok(());
        }
        let dir = csv_files(f, &rows, &db, &[])?;
        let mut script = String::from("BEGIN;\nSET CONSTRAINTS ALL DEFERRED;\n");
        for (table, _) in planned_rows(f, &rows) {
            let quoted: Vec<String> = table.split('.').map(|p| format!("\"{p}\"")).collect();
            script.push_str(&format!(
                "\\copy {} FROM '{}' WITH (FORMAT csv, HEADER true)\n",
                quoted.join("."),
                csv_path(&dir, &table).display()
            ));
        }
        script.push_str("COMMIT;\n");
        let mut load = psql(u, &db);
        load.args(["-v", "ON_ERROR_STOP=1"]);
        let (ok, _, err) = client(load, script.as_bytes());
        let _ = std::fs::remove_dir_all(&dir);
        if !ok {
            return Err(format!(
                "csv load failed: {}",
                err.lines().take(4).collect::<Vec<_>>().join(" | ")
            ));
        }
    } else {
        let data = generate(f, &rows, format);
        let mut load = psql(u, &db);
        load.args(["-v", "ON_ERROR_STOP=1"]);
        let (ok, _, err) = client(load, &data);
        if !ok {
            return Err(format!(
                "{format} load failed: {}",
                err.lines().take(4).collect::<Vec<_>>().join(" | ")
            ));
        }
    }
    for (table, n) in planned_rows(f, &rows) {
        let quoted: Vec<String> = table.split('.').map(|p| format!("\"{p}\"")).collect();
        let (ok, out, err) = client(
            psql(u, &db),
            format!("SELECT count(*) FROM {};", quoted.join(".")).as_bytes(),
        );
        let got: u64 = out.trim().parse().unwrap_or(u64::MAX);
        if !ok || got != n {
            return Err(format!("{table}: {got} rows, planned {n} {err}"));
        }
    }
    if format == "csv" {
        return Ok(());
    }
    // The application's next INSERT takes its key from the sequence and does not collide:
    // for every column owning a sequence, insert one more row with that column left to
    // its default (the other columns copied from a loaded row, the table's other unique
    // and exclusion constraints dropped for it), in a transaction rolled back afterwards.
    let (_, out, _) = client(
        psql(u, &db),
        b"SELECT d.refobjid::regclass, a.attname FROM pg_depend d \
          JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' \
          JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
          WHERE d.deptype IN ('a', 'i');",
    );
    let mut inserted = 0;
    for line in out.lines().filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split('|').collect();
        let (table, col) = (parts[0], parts[1]);
        let (_, count, _) = client(
            psql(u, &db),
            format!("SELECT count(*) FROM {table};").as_bytes(),
        );
        if count.trim() == "0" {
            continue;
        }
        let script = format!(
            r#"\set ON_ERROR_STOP on
BEGIN;
DO $$
DECLARE r record; cols text; key smallint;
BEGIN
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
        let (ok, _, err) = client(psql(u, &db), script.as_bytes());
        if !ok {
            return Err(format!(
                "inserting one more row into {table} with {col} from its sequence failed (the sequence is not past the generated keys?): {err}"
            ));
        }
        inserted += 1;
    }
    if inserted == 0 && ddl_has_serial(file) {
        return Err(format!("{f}: no sequence-owned column was tried"));
    }
    Ok(())
}

/// Whether a PostgreSQL DDL file declares a serial or identity column (so the sequence
/// check must have found one).
fn ddl_has_serial(file: &Path) -> bool {
    let ddl = std::fs::read_to_string(file)
        .unwrap_or_default()
        .to_lowercase();
    ddl.contains("serial")
        || ddl.contains("generated always as identity")
        || ddl.contains("generated by default as identity")
}

fn mysql_case(u: &Url, file: &Path, format: &str) -> Result<(), String> {
    let f = file.to_str().unwrap();
    let ddl = std::fs::read_to_string(file).unwrap();
    // A script that creates and uses its own database (`USE employees`) is loaded there.
    let own = ddl.lines().rev().find_map(|l| {
        let l = l.trim();
        let rest = l.strip_prefix("USE ").or_else(|| l.strip_prefix("use "))?;
        Some(
            rest.trim_end_matches(';')
                .trim()
                .trim_matches('`')
                .to_string(),
        )
    });
    let db = own.clone().unwrap_or_else(|| {
        format!(
            "sg_{}_{}",
            file.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy(),
            file.file_stem().unwrap().to_string_lossy()
        )
    });
    client(
        mariadb(u, ""),
        format!("DROP DATABASE IF EXISTS `{db}`; CREATE DATABASE `{db}`;").as_bytes(),
    );
    // `--force`: scripts carry statements the client cannot run (a function body without
    // DELIMITER, `source` of data files); the tables are checked below.
    let mut c = mariadb(u, &db);
    c.arg("--force");
    client(c, ddl.as_bytes());
    let (_, triggers, _) = client(
        mariadb(u, &db),
        format!(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '{db}';"
        )
        .as_bytes(),
    );
    for t in triggers.lines().filter(|l| !l.is_empty()) {
        client(mariadb(u, &db), format!("DROP TRIGGER `{t}`;").as_bytes());
    }
    if format == "load" {
        same_model(f, &my_url(u, &db), "mysql")?;
    }
    let rows = rows_args(f);
    if format == "load" {
        load_with_seedgen(f, &rows, &my_url(u, &db))?;
    } else if format == "csv" {
        // CSV files read by LOAD DATA LOCAL INFILE in load order, in one transaction:
        // NULL written as the unquoted word NULL, no backslash escapes, booleans 1/0.
        let sql = String::from_utf8_lossy(&generate(f, &rows, "sql")).into_owned();
        let dir = csv_files(f, &rows, &db, &["--null", "NULL"])?;
        let mut script = String::new();
        if sql.contains("SET FOREIGN_KEY_CHECKS = 0") {
            script.push_str("SET FOREIGN_KEY_CHECKS = 0;\n");
        }
        script.push_str("START TRANSACTION;\n");
        for (table, _) in planned_rows(f, &rows) {
            let path = csv_path(&dir, &table);
            let header = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| t.lines().next().map(String::from))
                .unwrap_or_default();
            let cols: Vec<String> = header
                .split(',')
                .map(|c| format!("`{}`", c.trim_matches('"')))
                .collect();
            script.push_str(&format!(
                "LOAD DATA LOCAL INFILE '{}' INTO TABLE `{}` CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\n' IGNORE 1 LINES ({});\n",
                path.display(),
                unqualified(&table),
                cols.join(", ")
            ));
        }
        script.push_str("COMMIT;\nSET FOREIGN_KEY_CHECKS = 1;\n");
        let mut c = mariadb(u, &db);
        c.arg("--local-infile=1");
        let (ok, _, err) = client(c, script.as_bytes());
        let _ = std::fs::remove_dir_all(&dir);
        if !ok {
            return Err(format!(
                "csv load failed: {}",
                err.lines().take(3).collect::<Vec<_>>().join(" | ")
            ));
        }
    } else {
        let data = generate(f, &rows, "sql");
        let (ok, _, err) = client(mariadb(u, &db), &data);
        if !ok {
            return Err(format!(
                "sql load failed: {}",
                err.lines().take(3).collect::<Vec<_>>().join(" | ")
            ));
        }
    }
    for (table, n) in planned_rows(f, &rows) {
        let (ok, out, err) = client(
            mariadb(u, &db),
            format!("SELECT COUNT(*) FROM `{}`;", unqualified(&table)).as_bytes(),
        );
        let got: u64 = out.trim().parse().unwrap_or(u64::MAX);
        if !ok || got != n {
            return Err(format!("{table}: {got} rows, planned {n} {err}"));
        }
    }
    if format == "csv" {
        return Ok(());
    }
    let (_, out, _) = client(
        mariadb(u, &db),
        format!("SELECT c.TABLE_NAME, c.COLUMN_NAME, t.AUTO_INCREMENT FROM information_schema.COLUMNS c JOIN information_schema.TABLES t USING (TABLE_SCHEMA, TABLE_NAME) WHERE c.TABLE_SCHEMA = '{db}' AND c.EXTRA LIKE '%auto_increment%';").as_bytes(),
    );
    for line in out.lines().filter(|l| !l.is_empty()) {
        let p: Vec<&str> = line.split('\t').collect();
        let (_, max, _) = client(
            mariadb(u, &db),
            format!("SELECT COALESCE(MAX(`{}`), 0) FROM `{}`;", p[1], p[0]).as_bytes(),
        );
        let next: u64 = p[2].parse().unwrap_or(0);
        if next <= max.trim().parse().unwrap_or(0) {
            return Err(format!(
                "{}.{}: AUTO_INCREMENT {next} is not past {max}",
                p[0], p[1]
            ));
        }
    }
    Ok(())
}

fn sqlite_case(file: &Path, format: &str) -> Result<(), String> {
    let f = file.to_str().unwrap();
    let db = std::env::temp_dir().join(format!(
        "seedgen-db-{}-{}.sqlite",
        std::process::id(),
        file.file_stem().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_file(&db);
    let ddl = std::fs::read(file).unwrap();
    let (ok, _, err) = client(
        {
            let mut c = Command::new("sqlite3");
            c.arg(&db);
            c
        },
        &ddl,
    );
    if !ok {
        return Err(format!("DDL failed: {err}"));
    }
    if format == "load" {
        same_model(f, &format!("sqlite://{}", db.display()), "sqlite")?;
    }
    if f.contains("zotero") {
        let _ = std::fs::remove_file(&db);
        return Ok(());
    }
    let rows = rows_args(f);
    if format == "load" {
        load_with_seedgen(f, &rows, &format!("sqlite://{}", db.display()))?;
    } else if format == "csv" {
        // sqlite3's .import cannot tell NULL from an empty field: write NULL as \N and
        // import each file through a staging table, as the README shows.
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = csv_files(f, &rows, &format!("sqlite-{stem}"), &["--null", "\\N"])?;
        let mut script =
            String::from("PRAGMA foreign_keys = ON;\nBEGIN;\nPRAGMA defer_foreign_keys = ON;\n");
        for (table, _) in planned_rows(f, &rows) {
            let path = csv_path(&dir, &table);
            let header = std::fs::read_to_string(&path).unwrap_or_default();
            let header = header.lines().next().unwrap_or_default();
            let cols: Vec<String> = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(header.as_bytes())
                .records()
                .next()
                .and_then(Result::ok)
                .map(|r| r.iter().map(|c| format!("\"{c}\"")).collect())
                .unwrap_or_default();
            let nulled: Vec<String> = cols.iter().map(|c| format!("NULLIF({c}, '\\N')")).collect();
            script.push_str(&format!(
                ".import --csv {} \"stage\"\nINSERT INTO \"{table}\" ({}) SELECT {} FROM \"stage\";\nDROP TABLE \"stage\";\n",
                path.display(),
                cols.join(", "),
                nulled.join(", ")
            ));
        }
        script.push_str("COMMIT;\nPRAGMA foreign_key_check;\n");
        let mut c = Command::new("sqlite3");
        c.args(["-bail", db.to_str().unwrap()]);
        let (ok, out, err) = client(c, script.as_bytes());
        let _ = std::fs::remove_dir_all(&dir);
        if !ok || !out.trim().is_empty() {
            return Err(format!("csv import failed: {err} {out}"));
        }
    } else {
        let mut data = b"PRAGMA foreign_keys = ON;\n".to_vec();
        data.extend(generate(f, &rows, "sql"));
        data.extend_from_slice(b"PRAGMA foreign_key_check;\n");
        let mut c = Command::new("sqlite3");
        c.args(["-bail", db.to_str().unwrap()]);
        let (ok, out, err) = client(c, &data);
        if !ok || !out.trim().is_empty() {
            return Err(format!("sql load failed: {err} {out}"));
        }
    }
    for (table, n) in planned_rows(f, &rows) {
        let mut c = Command::new("sqlite3");
        c.arg(&db);
        let (_, out, _) = client(c, format!("SELECT count(*) FROM \"{table}\";").as_bytes());
        if out.trim().parse::<u64>().ok() != Some(n) {
            return Err(format!("{table}: {} rows, planned {n}", out.trim()));
        }
    }
    let _ = std::fs::remove_file(&db);
    Ok(())
}

fn url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            eprintln!("{var} is not set: skipping these databases");
            None
        }
    }
}

#[test]
fn corpus_loads_into_postgresql_with_constraints_enforced() {
    let Some(u) = url("SEEDGEN_TEST_POSTGRES_URL") else {
        return;
    };
    let u = parse_url(&u);
    let (ok, _, err) = client(psql(&u, &u.db), b"SELECT 1;");
    assert!(
        ok,
        "SEEDGEN_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {err}"
    );
    let mut failures = Vec::new();
    for file in corpus().iter().filter(|p| {
        let s = p.to_string_lossy();
        s.contains("/postgres/") || s.contains("/pgdump/")
    }) {
        for format in ["sql", "copy", "csv", "load"] {
            if let Err(e) = postgres_case(&u, file, format) {
                failures.push(format!("{} ({format}): {e}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_loads_into_mariadb_with_constraints_enforced() {
    let Some(u) = url("SEEDGEN_TEST_MYSQL_URL") else {
        return;
    };
    let u = parse_url(&u);
    let (ok, _, err) = client(mariadb(&u, &u.db), b"SELECT 1;");
    assert!(
        ok,
        "SEEDGEN_TEST_MYSQL_URL is set but MariaDB is unreachable: {err}"
    );
    let mut failures = Vec::new();
    for file in corpus().iter().filter(|p| {
        let s = p.to_string_lossy();
        s.contains("/mysql/") || s.contains("/mysqldump/")
    }) {
        for format in ["sql", "csv", "load"] {
            if let Err(e) = mysql_case(&u, file, format) {
                failures.push(format!("{} ({format}): {e}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_loads_into_sqlite_with_foreign_keys_on() {
    let mut failures = Vec::new();
    for file in corpus()
        .iter()
        .filter(|p| p.to_string_lossy().contains("/sqlite/"))
    {
        for format in ["sql", "csv", "load"] {
            if let Err(e) = sqlite_case(file, format) {
                failures.push(format!("{} ({format}): {e}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
    // The same keys again: the first table refuses them, and nothing of the run remains.
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
        err.contains("customers") && err.contains("duplicate key"),
        "{err}"
    );
    for table in ["customers", "orders", "order_lines"] {
        let (_, out, _) = client(
            psql(&u, db),
            format!("SELECT count(*) FROM {table};").as_bytes(),
        );
        assert_eq!(out.trim(), "50", "{table} changed by a failed load");
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
    let a = normalize_model(model_json(&[file])?, dialect);
    let b = normalize_model(model_json(&["--url", url])?, dialect);
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
        }
        while x.starts_with('(') && x.ends_with(')') {
            x = x[1..x.len() - 1].trim().to_string();
        }
        let x = x.to_lowercase().replace("()", "");
        match x.as_str() {
            "null" => None,
            "true" => Some("1".into()),
            "false" => Some("0".into()),
            _ => Some(x),
        }
    };
    for key in ["domains", "enums"] {
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

/// Removes PostgreSQL casts (`'x'::character varying(10)[]`).
fn strip_casts(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("::") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let mut end = tail
            .find(|c: char| !(c.is_ascii_lowercase() || c == ' ' || c == '_'))
            .unwrap_or(tail.len());
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

/// Timestamps with an offset in a partition bound, written in UTC.
fn utc_bounds(b: &str) -> String {
    let mut out = String::new();
    for (i, part) in b.split('\'').enumerate() {
        if i > 0 {
            out.push('\'');
        }
        let has_offset = part.len() > 19 && part[19..].starts_with(['+', '-']);
        match seedgen_core::engine::time::parse_timestamp(part).filter(|_| has_offset) {
            Some(us) => {
                let mut s = String::new();
                seedgen_core::engine::time::write_timestamp(us, &mut s);
                out.push_str(&s);
                out.push_str("+00");
            }
            None => out.push_str(part),
        }
    }
    out
}

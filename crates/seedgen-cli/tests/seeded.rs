//! Schemas that write their own rows, loaded into each engine: migration folders that
//! insert reference rows and a first administrator, a migration that calls a procedure
//! which inserts, and a trigger that keeps a summary table and an audit log
//! (`tests/fixtures/seeded/{postgres,mysql,sqlite}`, one per engine, in diesel, Flyway
//! and golang-migrate layouts). Then the same databases are topped up with another seed,
//! emptied with `--replace`, and refused with `--fail-if-not-empty`.
//!
//! PostgreSQL and MariaDB are reached through `SEEDGEN_TEST_POSTGRES_URL` and
//! `SEEDGEN_TEST_MYSQL_URL` (unset: these tests fail on CI and say so elsewhere).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    client, fresh_my, fresh_pg, mariadb, my_url, parse_url, pg_url, psql, seedgen, url, Corpus,
};

/// A database of one engine, queried with its own client.
enum Db {
    Postgres(common::Url, String),
    Mariadb(common::Url, String),
    Sqlite(PathBuf),
}

impl Db {
    fn url(&self) -> String {
        match self {
            Db::Postgres(u, db) => pg_url(u, db),
            Db::Mariadb(u, db) => my_url(u, db),
            Db::Sqlite(p) => format!("sqlite://{}", p.display()),
        }
    }

    /// The result of `sql`, one row per line, cells separated by `|`.
    fn query(&self, sql: &str) -> String {
        let (cmd, sql): (Command, String) = match self {
            // Backticks quote names in MariaDB and SQLite; PostgreSQL takes ".
            Db::Postgres(u, db) => (psql(u, db), sql.replace('`', "\"")),
            Db::Mariadb(u, db) => (mariadb(u, db), sql.to_string()),
            Db::Sqlite(p) => {
                let mut c = Command::new("sqlite3");
                c.arg(p);
                (c, sql.to_string())
            }
        };
        let (ok, out, err) = client(cmd, sql.as_bytes());
        assert!(ok && err.trim().is_empty(), "{sql}: {err}");
        out.trim().replace('\t', "|")
    }

    fn number(&self, sql: &str) -> i64 {
        let out = self.query(sql);
        out.parse()
            .unwrap_or_else(|_| panic!("{sql}: not a number: {out}"))
    }

    /// Whether each key counter is past the table's largest key.
    fn counter_past(&self, table: &str) -> bool {
        let max = self.number(&format!("SELECT MAX(id) FROM {table}"));
        let next = match self {
            Db::Postgres(..) => self.number(&format!(
                "SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
            )),
            Db::Mariadb(_, db) => self.number(&format!(
                "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME = '{table}'"
            )),
            // INTEGER PRIMARY KEY takes the largest key plus one by itself; AUTOINCREMENT
            // keeps its counter in sqlite_sequence.
            Db::Sqlite(_) => {
                let seq = self.query(&format!("SELECT seq FROM sqlite_sequence WHERE name = '{table}'"));
                seq.parse::<i64>().map_or(max + 1, |s| s + 1)
            }
        };
        next > max
    }
}

fn fixture(engine: &str) -> String {
    format!("crates/seedgen-cli/tests/fixtures/seeded/{engine}")
}

fn run(args: &[&str]) -> String {
    let out = seedgen(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "seedgen {}: {err}", args.join(" "));
    err
}

/// The seed rows are there as the migrations wrote them.
fn seed_rows_untouched(db: &Db) {
    assert_eq!(
        db.query("SELECT id, name FROM roles WHERE id <= 3 ORDER BY id"),
        "1|admin\n2|member\n3|guest"
    );
    assert_eq!(
        db.query("SELECT email, role_id FROM users WHERE id = 1"),
        "admin@example.com|1"
    );
    assert_eq!(
        db.query(
            "SELECT value FROM settings WHERE `key` IN ('currency', 'site_name') ORDER BY `key`"
        ),
        "EUR\nShop"
    );
}

/// The trigger's tables hold what the trigger writes for the orders there are.
fn trigger_tables_consistent(db: &Db) {
    let orders = db.number("SELECT COUNT(*) FROM orders");
    assert_eq!(db.number("SELECT COUNT(*) FROM audit_log"), orders);
    assert_eq!(
        db.number("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.row_id = o.id)"),
        0,
        "every order has its audit row"
    );
    assert_eq!(
        db.number("SELECT COUNT(*) FROM user_totals"),
        db.number("SELECT COUNT(DISTINCT user_id) FROM orders")
    );
    assert_eq!(
        db.number(
            "SELECT COUNT(*) FROM user_totals t WHERE t.order_count <> (SELECT COUNT(*) FROM orders o WHERE o.user_id = t.user_id) \
             OR t.total <> (SELECT SUM(o.total) FROM orders o WHERE o.user_id = t.user_id)"
        ),
        0,
        "every total is the sum of its user's orders"
    );
}

/// `load --create`, a top-up with another seed, `--fail-if-not-empty`, `--replace`.
fn seeded_schema_loads_and_tops_up(db: &Db, engine: &str) {
    let url = db.url();
    let fx = fixture(engine);
    let notes = run(&[
        "load", &fx, "--create", "--rows", "1000", "--url", &url, "--quiet",
    ]);
    assert!(notes.is_empty(), "{notes}");
    seed_rows_untouched(db);
    assert_eq!(db.number("SELECT COUNT(*) FROM roles"), 1003);
    assert_eq!(db.number("SELECT COUNT(*) FROM users"), 1001);
    assert_eq!(db.number("SELECT COUNT(*) FROM settings"), 1002);
    assert_eq!(db.number("SELECT COUNT(*) FROM orders"), 1000);
    trigger_tables_consistent(db);

    // 1,000 more of each, with another seed: keys continue, old parents are picked too.
    let first_users = db.number("SELECT MAX(id) FROM users");
    let first_orders = db.number("SELECT MAX(id) FROM orders");
    run(&[
        "load", &fx, "--rows", "1000", "--seed", "2", "--url", &url, "--quiet",
    ]);
    seed_rows_untouched(db);
    assert_eq!(db.number("SELECT COUNT(*) FROM roles"), 2003);
    assert_eq!(db.number("SELECT COUNT(*) FROM users"), 2001);
    assert_eq!(db.number("SELECT COUNT(*) FROM orders"), 2000);
    assert_eq!(db.number("SELECT COUNT(DISTINCT email) FROM users"), 2001);
    trigger_tables_consistent(db);
    for table in ["roles", "users", "orders", "audit_log"] {
        assert!(
            db.counter_past(table),
            "{engine}: {table}'s counter is not past its keys"
        );
    }
    let old_parents = db.number(&format!(
        "SELECT COUNT(*) FROM orders WHERE id > {first_orders} AND user_id <= {first_users}"
    ));
    let new_parents = db.number(&format!(
        "SELECT COUNT(*) FROM orders WHERE id > {first_orders} AND user_id > {first_users}"
    ));
    assert!(
        old_parents > 100 && new_parents > 100,
        "{engine}: new orders of old users {old_parents}, of new users {new_parents}"
    );

    let out = seedgen(&[
        "load",
        &fx,
        "--rows",
        "5",
        "--url",
        &url,
        "--fail-if-not-empty",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--fail-if-not-empty") && err.contains("users (2001 rows)"),
        "{err}"
    );
    assert_eq!(db.number("SELECT COUNT(*) FROM orders"), 2000);

    run(&[
        "load",
        &fx,
        "--rows",
        "10",
        "--replace",
        "--url",
        &url,
        "--quiet",
    ]);
    for table in ["roles", "users", "settings", "orders"] {
        assert_eq!(
            db.number(&format!("SELECT COUNT(*) FROM {table}")),
            10,
            "{table}"
        );
    }
    trigger_tables_consistent(db);
}

#[test]
fn seeded_migrations_load_and_top_up_in_postgresql() {
    let Some(u) = url("SEEDGEN_TEST_POSTGRES_URL") else {
        return;
    };
    let u = parse_url(&u);
    fresh_pg(&u, "sg_seeded").unwrap();
    seeded_schema_loads_and_tops_up(&Db::Postgres(u, "sg_seeded".into()), "postgres");
}

#[test]
fn seeded_migrations_load_and_top_up_in_mariadb() {
    let Some(u) = url("SEEDGEN_TEST_MYSQL_URL") else {
        return;
    };
    let u = parse_url(&u);
    fresh_my(&u, "sg_seeded").unwrap();
    seeded_schema_loads_and_tops_up(&Db::Mariadb(u, "sg_seeded".into()), "mysql");
}

#[test]
fn seeded_migrations_load_and_top_up_in_sqlite() {
    let dir = std::env::temp_dir().join(format!("seedgen-seeded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("seeded.db");
    let _ = std::fs::remove_file(&path);
    seeded_schema_loads_and_tops_up(&Db::Sqlite(path), "sqlite");
    let _ = std::fs::remove_dir_all(&dir);
}

/// sakila's triggers copy each film into `film_text`: loaded with them in place,
/// `film_text` is `film`'s titles and descriptions, row for row.
#[test]
fn sakila_loads_with_its_film_text_triggers_in_place() {
    let Some(c) = Corpus::shared("sakila triggers") else {
        return;
    };
    let Some(u) = url("SEEDGEN_TEST_MYSQL_URL") else {
        return;
    };
    let u = parse_url(&u);
    fresh_my(&u, "sg_sakila_triggers").unwrap();
    let db = Db::Mariadb(u, "sg_sakila_triggers".into());
    let entry: &Path = &c.path("mysql/sakila.sql");
    run(&[
        "load",
        entry.to_str().unwrap(),
        "--create",
        "--rows",
        "300",
        "--url",
        &db.url(),
        "--quiet",
    ]);
    let films = db.number("SELECT COUNT(*) FROM film");
    assert!(films > 0);
    assert_eq!(db.number("SELECT COUNT(*) FROM film_text"), films);
    assert_eq!(
        db.number(
            "SELECT COUNT(*) FROM film f JOIN film_text t ON t.film_id = f.film_id \
             AND t.title = f.title AND t.description <=> f.description"
        ),
        films
    );
}

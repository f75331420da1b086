//! Rows that are there before seedgen's: the inputs' own INSERT and COPY rows, and a
//! database's rows given as [`Existing`]. New rows continue past them without meeting
//! them, and may reference them.

use seedgen_core::engine::Generation;
use seedgen_core::output::csv::{CsvOptions, CsvWriter};
use seedgen_core::output::BatchWriter;
use seedgen_core::plan::existing::{Existing, ExistingTable};
use seedgen_core::schema::{Dialect, QualifiedName, Schema};
use seedgen_core::{Plan, Settings};

fn settings(rows: u64) -> Settings {
    Settings {
        rows: Some(rows),
        seed: Some(5),
        ..Settings::default()
    }
}

/// Column `col` of every row of `table`, as CSV text.
fn column(plan: &Plan, table: &str, col: &str) -> Vec<String> {
    let t = plan.table_index(table).unwrap();
    let g = Generation::new(plan, 1, 500).unwrap();
    let mut w = CsvWriter::new(Vec::new(), "mem", CsvOptions::default());
    let schema = plan.tables()[t].arrow_schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let c = names.iter().position(|n| *n == col).unwrap();
    w.write_header(&names).unwrap();
    g.for_each_batch(t, 0..plan.tables()[t].rows(), |b| w.write(&b))
        .unwrap();
    w.finish().unwrap();
    let text = String::from_utf8(w.into_inner()).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records().map(|x| x.unwrap()[c].to_string()).collect()
}

#[test]
fn seed_rows_of_the_inputs_are_read_with_their_counters() {
    let sql = "CREATE TABLE roles (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
        INSERT INTO roles (name) VALUES ('admin'), ('member');
        INSERT INTO roles (id, name) VALUES (10, 'owner');
        INSERT INTO roles (name) SELECT 'guest' WHERE NOT EXISTS (SELECT 1 FROM roles WHERE name = 'guest');
        CREATE TABLE notes (id int PRIMARY KEY, body text);
        COPY notes (id, body) FROM stdin;
7\ta\\tb
8\t\\N
\\.
";
    let schema = Schema::from_sql(sql, Some(Dialect::Postgres)).unwrap();
    let roles = &schema.tables[0].seed;
    assert_eq!(roles.iter().map(|s| s.rows.len()).sum::<usize>(), 4);
    assert_eq!(schema.tables[1].seed[0].rows.len(), 2);
    let plan = Plan::new(schema, &settings(5)).unwrap();
    assert_eq!(plan.tables()[0].existing_rows(), 4);
    // PostgreSQL's sequence does not follow the explicit 10: the seed's keys are 1, 2, 10
    // and 3; new keys start past the largest, 10.
    assert_eq!(column(&plan, "roles", "id"), ["11", "12", "13", "14", "15"]);
    assert_eq!(column(&plan, "notes", "id").len(), 5);
    assert!(column(&plan, "notes", "id")
        .iter()
        .all(|v| v.parse::<i64>().unwrap() > 8));
}

#[test]
fn mysql_insert_set_and_explicit_keys_move_the_counter() {
    let sql = "CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY, name varchar(20) NOT NULL) ENGINE=InnoDB;
        INSERT INTO t (id, name) VALUES (5, 'a');
        INSERT INTO t SET name = 'b';";
    let schema = Schema::from_sql(sql, Some(Dialect::MySql)).unwrap();
    let plan = Plan::new(schema, &settings(3)).unwrap();
    // MySQL numbers 'b' 6, after the explicit 5.
    assert_eq!(column(&plan, "t", "id"), ["7", "8", "9"]);
}

#[test]
fn a_top_up_continues_keys_and_tokens_and_picks_old_parents() {
    let sql = "CREATE TABLE users (id serial PRIMARY KEY, login text NOT NULL UNIQUE);
        CREATE TABLE orders (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users (id));";
    let schema = Schema::from_sql(sql, Some(Dialect::Postgres)).unwrap();
    let mut existing = Existing::none();
    existing.insert(
        &QualifiedName::bare("users"),
        ExistingTable {
            rows: 500,
            max_int: [("id".to_string(), 500)].into(),
            max_token: [("login".to_string(), 499)].into(),
            key_columns: vec!["id".into()],
            keys: (1..=500).map(|k| vec![Some(k.to_string())]).collect(),
            from: "in the database".into(),
            ..ExistingTable::default()
        },
    );
    let plan = Plan::with_existing(schema.clone(), &settings(400), &existing).unwrap();
    let ids: Vec<i64> = column(&plan, "users", "id")
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!((ids[0], ids[399]), (501, 900));
    let tokens: Vec<u64> = column(&plan, "users", "login")
        .iter()
        .map(|v| v.rsplit('-').next().unwrap().parse().unwrap())
        .collect();
    assert!(tokens.iter().all(|&t| t >= 500), "{tokens:?}");
    let parents: Vec<i64> = column(&plan, "orders", "user_id")
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    let old = parents.iter().filter(|&&p| p <= 500).count();
    assert!(old > 100 && old < 350, "{old} of 400 orders pick old users");
    assert!(parents.iter().all(|&p| (1..=900).contains(&p)));
    // The same seed and the same existing keys: the same rows.
    let again = Plan::with_existing(schema, &settings(400), &existing).unwrap();
    assert_eq!(
        column(&again, "orders", "user_id"),
        column(&plan, "orders", "user_id")
    );
}

#[test]
fn rows_an_insert_select_from_a_table_adds_are_a_warning() {
    let sql = "CREATE TABLE a (id serial PRIMARY KEY);
        CREATE TABLE b (id serial PRIMARY KEY);
        INSERT INTO b (id) SELECT id FROM a;";
    let schema = Schema::from_sql(sql, Some(Dialect::Postgres)).unwrap();
    assert!(schema.tables[1].seed[0].unknown);
    let plan = Plan::new(schema, &settings(3)).unwrap();
    assert!(
        plan.warnings()
            .iter()
            .any(|w| w.contains("not known") && w.starts_with("b:")),
        "{:?}",
        plan.warnings()
    );
}

//! Seeding a test database: a 10-table SQLite schema, 100 rows per table, planned,
//! generated and loaded into a fresh in-memory database per iteration (the tables are
//! created outside the measured time, as a test's migrations would be).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rusqlite::Connection;
use seedgen_core::{Schema, Seeder};

const DDL: &str = "
CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
CREATE TABLE users (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  email TEXT NOT NULL UNIQUE, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'guest')), created_at TEXT NOT NULL);
CREATE TABLE projects (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  owner_id INTEGER NOT NULL REFERENCES users(id), name TEXT NOT NULL, description TEXT);
CREATE TABLE labels (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, color TEXT NOT NULL);
CREATE TABLE issues (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),
  author_id INTEGER NOT NULL REFERENCES users(id), title VARCHAR(200) NOT NULL, body TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')), created_at TEXT NOT NULL);
CREATE TABLE issue_labels (issue_id INTEGER NOT NULL REFERENCES issues(id),
  label_id INTEGER NOT NULL REFERENCES labels(id), PRIMARY KEY (issue_id, label_id));
CREATE TABLE comments (id INTEGER PRIMARY KEY, issue_id INTEGER NOT NULL REFERENCES issues(id),
  author_id INTEGER NOT NULL REFERENCES users(id), body TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE milestones (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id),
  title TEXT NOT NULL, due_on DATE);
CREATE TABLE attachments (id INTEGER PRIMARY KEY, comment_id INTEGER NOT NULL REFERENCES comments(id),
  file_name TEXT NOT NULL, size_bytes INTEGER NOT NULL CHECK (size_bytes > 0));
CREATE TABLE audit_log (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id),
  action TEXT NOT NULL, at TEXT NOT NULL);
";

fn seed(c: &mut Criterion) {
    let schema = Schema::from_sql(DDL, None).expect("schema reads");
    assert_eq!(schema.tables.len(), 10);
    c.bench_function("seed_sqlite/10_tables_100_rows", |b| {
        b.iter_batched(
            || {
                let conn = Connection::open_in_memory().expect("sqlite");
                conn.execute_batch(DDL).expect("tables");
                conn
            },
            |conn| {
                let data = Seeder::new(&schema)
                    .seed(1)
                    .default_rows(100)
                    .pin("users", 0, [("role", "admin")])
                    .dataset()
                    .expect("data");
                data.load_sqlite(&conn).expect("load");
                conn
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, seed);
criterion_main!(benches);

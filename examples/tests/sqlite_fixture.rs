//! An integration test seeding SQLite the way a project's own tests would: create the
//! tables from the project's DDL, seed with pinned rows and per-parent counts, assert with
//! SQL, reset between tests.

use rusqlite::Connection;
use seedgen_core::{Schema, Seeder};

const BLOG: &str = include_str!("../../schemas/blog.sql");

fn database() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(BLOG).unwrap();
    conn
}

#[test]
fn each_author_has_three_posts_and_the_first_is_ada() {
    let schema = Schema::from_sql(BLOG, None).unwrap();
    let conn = database();
    let data = Seeder::new(&schema)
        .seed_from("each_author_has_three_posts_and_the_first_is_ada")
        .default_rows(10)
        .rows("authors", 4)
        .per_parent("posts", "authors", 3)
        .pin(
            "authors",
            0,
            [("username", "ada"), ("email", "ada@example.com")],
        )
        .dataset()
        .unwrap();
    let report = data.load_sqlite(&conn).unwrap();
    assert!(
        report.tables.contains(&("posts".to_string(), 12)),
        "{report:?}"
    );

    let (posts, distinct_authors): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT author_id) FROM posts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((posts, distinct_authors), (12, 4));
    let ada_posts: i64 = conn
        .query_row(
            "SELECT count(*) FROM posts p JOIN authors a ON a.id = p.author_id WHERE a.username = 'ada'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ada_posts, 3);
    // What the test seeded is also in hand, typed.
    let ada = data
        .table("authors")
        .unwrap()
        .find("username", "ada")
        .unwrap()
        .unwrap();
    let id: i64 = ada.get("id").unwrap();
    let db_email: String = conn
        .query_row("SELECT email FROM authors WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(db_email, "ada@example.com");

    data.reset_sqlite(&conn).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM authors)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    // Seeding again after the reset works: test isolation.
    data.load_sqlite(&conn).unwrap();
}

#[test]
fn a_failed_load_leaves_the_database_as_it_was() {
    let schema = Schema::from_sql(BLOG, None).unwrap();
    let conn = database();
    let data = Seeder::new(&schema).default_rows(5).dataset().unwrap();
    data.load_sqlite(&conn).unwrap();
    // The same keys again: the second load fails and rolls back.
    let err = data.load_sqlite(&conn).unwrap_err().to_string();
    assert!(err.contains("UNIQUE"), "{err}");
    let authors: i64 = conn
        .query_row("SELECT count(*) FROM authors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(authors, 5);
}

#[test]
fn a_load_with_create_builds_the_indexes_after_the_rows_and_reports_each_phase() {
    use seedgen_core::engine::Generation;
    use seedgen_core::output::load::{load_sqlite_with, LoadEvent, LoadOptions, Phase};
    use seedgen_core::schema::{create_statements, Dialect, Script};

    let schema = Schema::from_sql(BLOG, None).unwrap();
    let plan = Seeder::new(&schema).default_rows(20).plan().unwrap();
    let generation = Generation::new(&plan, 2, 8).unwrap();
    let script = Script {
        name: "blog.sql".into(),
        text: BLOG.into(),
        dialect: Dialect::Sqlite,
    };
    let (create, _) = create_statements(&[script], true);
    let opts = LoadOptions {
        create,
        ..LoadOptions::default()
    };
    let mut events = Vec::new();
    let conn = Connection::open_in_memory().unwrap();
    load_sqlite_with(&generation, &conn, &opts, &mut |e| events.push(e)).unwrap();
    let phases: Vec<(Phase, usize)> = events
        .iter()
        .filter_map(|e| match e {
            LoadEvent::Phase { phase, items } => Some((*phase, *items)),
            LoadEvent::Rows { .. } => None,
        })
        .collect();
    // The schema's two CREATE INDEX statements, after every row.
    assert_eq!(
        phases,
        [
            (Phase::Indexes, 2),
            (Phase::Constraints, 0),
            (Phase::Commit, 0)
        ]
    );
    let first_phase = events
        .iter()
        .position(|e| matches!(e, LoadEvent::Phase { .. }))
        .unwrap();
    assert!(events[first_phase..]
        .iter()
        .all(|e| matches!(e, LoadEvent::Phase { .. })));
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('posts_author', 'comments_one_root_per_author')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 2);
    // The bulk settings are the connection's own again.
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous is FULL again after the load");
}

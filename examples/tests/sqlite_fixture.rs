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
    let mut conn = database();
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
    let report = data.load_sqlite(&mut conn).unwrap();
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

    data.reset_sqlite(&mut conn).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM authors)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    // Seeding again after the reset works: test isolation.
    data.load_sqlite(&mut conn).unwrap();
}

#[test]
fn a_failed_load_leaves_the_database_as_it_was() {
    let schema = Schema::from_sql(BLOG, None).unwrap();
    let mut conn = database();
    let data = Seeder::new(&schema).default_rows(5).dataset().unwrap();
    data.load_sqlite(&mut conn).unwrap();
    // The same keys again: the second load fails and rolls back.
    let err = data.load_sqlite(&mut conn).unwrap_err().to_string();
    assert!(err.contains("UNIQUE"), "{err}");
    let authors: i64 = conn
        .query_row("SELECT count(*) FROM authors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(authors, 5);
}

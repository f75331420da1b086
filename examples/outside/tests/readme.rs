use seedgen_core::drivers::rusqlite::Connection;
use seedgen_core::{Schema, Seeder};

#[test]
fn every_author_has_two_posts_and_the_first_is_an_admin() -> Result<(), Box<dyn std::error::Error>> {
    // The schema the application migrates with (SQLite here).
    let ddl = include_str!("../../../schemas/blog.sql");
    let db = Connection::open_in_memory()?;
    db.execute_batch(ddl)?;

    // 3 authors; the first is `ada`; each has 2 posts. Everything else is generated,
    // consistent with every key, foreign key and CHECK, the same on every run.
    let data = Seeder::new(&Schema::from_sql(ddl, None)?)
        .seed_from("every_author_has_two_posts_and_the_first_is_an_admin")
        .rows("authors", 3)
        .per_parent("posts", "authors", 2)
        .rows("comments", 0)
        .pin("authors", 0, [("username", "ada"), ("email", "ada@example.com")])
        .dataset()?;
    data.load_sqlite(&db)?;

    let posts_by_ada: i64 = db.query_row(
        "SELECT count(*) FROM posts JOIN authors ON authors.id = posts.author_id
         WHERE authors.username = 'ada'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(posts_by_ada, 2);

    // The seeded rows, typed, to assert against.
    let ada = data.table("authors")?.find("username", "ada")?.expect("ada was pinned");
    let titles: Vec<String> = data
        .children("posts", &ada)?
        .iter()
        .map(|p| p.get("title"))
        .collect::<Result<_, _>>()?;
    assert_eq!(titles.len(), 2);

    data.reset_sqlite(&db)?; // empty the tables for the next test
    Ok(())
}

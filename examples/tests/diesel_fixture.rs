//! Seeding through diesel in a test transaction: `Dataset::load_with` hands each
//! statement to diesel, inside diesel's `transaction` (a savepoint of the test
//! transaction `begin_test_transaction` opened), so the rows go when the test ends.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use seedgen_core::{Dialect, Error, Schema, Seeder};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut SqliteConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .expect(sql)
        .n
}

#[test]
fn authors_and_posts_through_diesel_in_a_test_transaction() {
    let ddl = include_str!("../../schemas/blog.sql");
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute(ddl).unwrap();
    conn.begin_test_transaction().unwrap();

    let schema = Schema::from_sql(ddl, None).unwrap();
    let data = Seeder::new(&schema)
        .seed_from("authors_and_posts_through_diesel_in_a_test_transaction")
        .rows("authors", 3)
        .per_parent("posts", "authors", 4)
        .dataset()
        .unwrap();
    conn.transaction::<_, BoxError, _>(|c| {
        Ok(data.load_with(Dialect::Sqlite, |sql| c.batch_execute(sql))?)
    })
    .unwrap();
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM posts"), 12);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM comments"), 0);

    // The same rows again: the keys collide, the driver's error is kept, and diesel
    // rolls its savepoint back, leaving the first load.
    let err = conn
        .transaction::<(), BoxError, _>(|c| {
            Ok(data.load_with(Dialect::Sqlite, |sql| c.batch_execute(sql))?)
        })
        .unwrap_err();
    let err = err.downcast::<Error>().expect("seedgen's error");
    assert!(
        matches!(*err, Error::Load { table: Some(ref t), rows: Some(ref r), .. } if t == "authors" && *r == (0..3)),
        "{err}"
    );
    let source = std::error::Error::source(&*err).expect("diesel's error");
    assert!(
        source.to_string().contains("UNIQUE constraint failed"),
        "{source}"
    );
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM authors"), 3);
}

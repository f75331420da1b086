//! Seeding through another driver: `Dataset::to_sql` gives the statements, diesel runs
//! them (any driver that executes SQL text does the same: sqlx, an ORM's raw query).
//!
//! ```sh
//! cargo run -p seedgen-examples --example diesel_statements
//! ```

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use seedgen_core::{Dialect, Schema, Seeder};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ddl = include_str!("../../schemas/blog.sql");
    let mut conn = SqliteConnection::establish(":memory:")?;
    conn.batch_execute(ddl)?;

    let schema = Schema::from_sql(ddl, None)?;
    let data = Seeder::new(&schema)
        .seed_from("diesel_statements")
        .default_rows(20)
        .rows("authors", 3)
        .per_parent("posts", "authors", 4)
        .dataset()?;
    for stmt in data.to_sql(Dialect::Sqlite)? {
        conn.batch_execute(&stmt)?;
    }
    let posts: Count =
        diesel::sql_query("SELECT count(*) AS n FROM posts").get_result(&mut conn)?;
    println!("posts: {}", posts.n);
    assert_eq!(posts.n, 12);
    for stmt in data.reset_sql(Dialect::Sqlite) {
        conn.batch_execute(&stmt)?;
    }
    let posts: Count =
        diesel::sql_query("SELECT count(*) AS n FROM posts").get_result(&mut conn)?;
    assert_eq!(posts.n, 0);
    Ok(())
}

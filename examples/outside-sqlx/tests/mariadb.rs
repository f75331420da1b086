//! The same clinic on MariaDB or MySQL through sqlx, with a plain tokio test: a database
//! of its own, the load inside the test's transaction, a failed load undone alone.
//! Needs `SEEDGEN_TEST_MYSQL_URL` (`mysql://root@127.0.0.1:3306/test`).

use seedgen_core::{Schema, Seeder};
use sqlx::{Connection, MySqlConnection};

const CLINIC: &str = "
CREATE TABLE specialties (id bigint PRIMARY KEY AUTO_INCREMENT, name varchar(80) NOT NULL UNIQUE);
CREATE TABLE doctors (
  id bigint PRIMARY KEY AUTO_INCREMENT,
  specialty_id bigint NOT NULL,
  name varchar(120) NOT NULL,
  role enum('admin', 'doctor', 'resident') NOT NULL,
  FOREIGN KEY (specialty_id) REFERENCES specialties (id)
);";

async fn count(conn: &mut MySqlConnection, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(conn).await.expect(sql)
}

#[tokio::test(flavor = "current_thread")]
async fn a_load_inside_the_test_transaction_on_mariadb() {
    let url = std::env::var("SEEDGEN_TEST_MYSQL_URL")
        .expect("SEEDGEN_TEST_MYSQL_URL names the MariaDB server (.ci/run sets it)");
    let db = format!("seedgen_sqlx_{}", std::process::id());
    let mut admin = MySqlConnection::connect(&url).await.expect("the server");
    for st in [
        format!("DROP DATABASE IF EXISTS {db}"),
        format!("CREATE DATABASE {db}"),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(st))
            .execute(&mut admin)
            .await
            .unwrap();
    }
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    let mut conn = MySqlConnection::connect(&format!("{base}/{db}"))
        .await
        .unwrap();
    sqlx::raw_sql(CLINIC).execute(&mut conn).await.unwrap();
    let schema = Schema::from_sql(CLINIC, None).unwrap();

    let mut tx = conn.begin().await.unwrap();
    let data = Seeder::new(&schema)
        .seed_from("a_load_inside_the_test_transaction_on_mariadb")
        .rows_with("doctors", 3, [("role", "admin")])
        .dataset()
        .unwrap();
    data.load_sqlx_mysql(&mut tx).await.unwrap();
    assert_eq!(
        count(&mut tx, "SELECT count(*) FROM doctors WHERE role = 'admin'").await,
        3
    );
    assert_eq!(count(&mut tx, "SELECT count(*) FROM specialties").await, 1);

    // A specialty whose name the first one holds: the server refuses, the savepoint
    // goes, the transaction stays.
    let name: String = data
        .table("specialties")
        .unwrap()
        .row(0)
        .unwrap()
        .get("name")
        .unwrap();
    let clash = Seeder::new(&schema)
        .rows("specialties", 1)
        .key_offset(100)
        .pin("specialties", 0, [("name", name)])
        .dataset()
        .unwrap();
    let err = clash.load_sqlx_mysql(&mut tx).await.unwrap_err();
    assert_eq!(err.sqlstate(), Some("23000"), "{err}");
    assert!(err.to_string().contains("Duplicate entry"), "{err}");
    assert_eq!(count(&mut tx, "SELECT count(*) FROM doctors").await, 3);
    tx.rollback().await.unwrap();
    assert_eq!(count(&mut conn, "SELECT count(*) FROM doctors").await, 0);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE {db}")))
        .execute(&mut admin)
        .await
        .unwrap();
}

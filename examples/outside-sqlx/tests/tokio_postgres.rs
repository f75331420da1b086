//! The clinic on PostgreSQL through tokio-postgres, the driver under `postgres` and
//! many services without sqlx: the load in a transaction of its own on a `Client`, and
//! a savepoint of the test's `Transaction`, rolled back after the test.
//! Needs `DATABASE_URL` (`postgres://postgres@127.0.0.1:5432/test`).

// Through seedgen's re-export, so the client's type is the one the loader takes.
use seedgen_core::drivers::tokio_postgres::{self, Client, NoTls};
use seedgen_core::{Schema, Seeder};

fn schema() -> Schema {
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    Schema::from_path(migrations, None).expect("the migrations read")
}

/// A client whose `search_path` is a schema of its own, `ns`, with the migrations
/// applied: tests in parallel on one database do not meet.
async fn fresh_schema(ns: &str) -> Client {
    let url = std::env::var("DATABASE_URL")
        .expect("DATABASE_URL names the PostgreSQL server (.ci/run sets it)");
    let (client, connection) = tokio_postgres::connect(&url, NoTls)
        .await
        .expect("the server");
    tokio::spawn(connection);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {ns} CASCADE; CREATE SCHEMA {ns}; SET search_path TO {ns};"
        ))
        .await
        .unwrap();
    for f in files {
        client
            .batch_execute(&std::fs::read_to_string(f).unwrap())
            .await
            .unwrap();
    }
    client
}

async fn count(client: &impl tokio_postgres::GenericClient, sql: &str) -> i64 {
    client.query_one(sql, &[]).await.expect(sql).get(0)
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_gets_the_data_in_one_transaction() {
    let ns = format!("seedgen_tokio_client_{}", std::process::id());
    let mut client = fresh_schema(&ns).await;
    let data = Seeder::new(&schema())
        .seed_from("a_client_gets_the_data_in_one_transaction")
        .rows_with("doctors", 2, [("role", "resident")])
        .rows("appointments", 6)
        .dataset()
        .unwrap();
    let report = data.load_tokio_postgres(&mut client).await.unwrap();
    assert_eq!(report.tables.iter().map(|t| t.1).sum::<u64>(), 9);
    assert_eq!(count(&client, "SELECT count(*) FROM appointments").await, 6);
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM doctors WHERE role = 'resident'"
        )
        .await,
        2
    );
    // Sequences were advanced past the loaded keys.
    client
        .batch_execute("INSERT INTO specialties (name) VALUES ('new specialty')")
        .await
        .unwrap();
    data.reset_tokio_postgres(&client).await.unwrap();
    assert_eq!(count(&client, "SELECT count(*) FROM doctors").await, 0);
    client
        .batch_execute(&format!("DROP SCHEMA {ns} CASCADE"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_load_in_the_test_transaction_is_undone_alone() {
    let ns = format!("seedgen_tokio_tx_{}", std::process::id());
    let mut client = fresh_schema(&ns).await;
    let mut tx = client.transaction().await.unwrap();
    tx.batch_execute("INSERT INTO specialties (name) VALUES ('cardiology')")
        .await
        .unwrap();
    let clash = Seeder::new(&schema())
        .rows("specialties", 1)
        .key_offset(100)
        .pin("specialties", 0, [("name", "cardiology")])
        .dataset()
        .unwrap();
    let err = clash.load_tokio_postgres(&mut tx).await.unwrap_err();
    assert_eq!(err.sqlstate(), Some("23505"), "{err}");
    assert!(err.to_string().contains("duplicate key value"), "{err}");
    assert!(err.to_string().contains("specialties"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(count(&tx, "SELECT count(*) FROM specialties").await, 1);
    let fine = Seeder::new(&schema())
        .rows("doctors", 3)
        .key_offset(100)
        .dataset()
        .unwrap();
    fine.load_tokio_postgres(&mut tx).await.unwrap();
    assert_eq!(count(&tx, "SELECT count(*) FROM doctors").await, 3);
    tx.rollback().await.unwrap();
    assert_eq!(count(&client, "SELECT count(*) FROM doctors").await, 0);
    assert_eq!(count(&client, "SELECT count(*) FROM specialties").await, 0);
    client
        .batch_execute(&format!("DROP SCHEMA {ns} CASCADE"))
        .await
        .unwrap();
}

/// Compiles only if a load's future is `Send`, so a service can `tokio::spawn` it.
#[allow(dead_code)]
fn a_load_can_be_spawned(data: &seedgen_core::Dataset, client: &mut Client) {
    fn send<T: Send>(_: T) {}
    send(data.load_tokio_postgres(client));
}

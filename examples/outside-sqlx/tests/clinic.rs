//! The clinic on PostgreSQL through sqlx: `#[sqlx::test]` gives each test a fresh
//! database with the migrations applied, and the test seeds it inside a transaction.
//! Needs `DATABASE_URL`, a server sqlx may create databases on:
//! `DATABASE_URL=postgres://… cargo test`.

use seedgen_core::{Schema, Seeder};
use sqlx::{Connection, PgPool};

fn schema() -> Schema {
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    Schema::from_path(migrations, None).expect("the migrations read")
}

async fn count(conn: &mut sqlx::PgConnection, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(conn).await.expect(sql)
}

#[sqlx::test]
async fn appointments_seeded_through_sqlx(pool: PgPool) -> sqlx::Result<()> {
    let data = Seeder::new(&schema())
        .seed_from("appointments_seeded_through_sqlx")
        .rows_with("doctors", 2, [("role", "admin")])
        .rows("appointments", 10)
        .dataset()
        .expect("the plan");
    let mut conn = pool.acquire().await?;
    let report = data.load_sqlx_postgres(&mut conn).await.expect("the load");
    assert_eq!(report.tables.iter().map(|t| t.1).sum::<u64>(), 13);
    assert_eq!(
        count(&mut conn, "SELECT count(*) FROM appointments").await,
        10
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM doctors WHERE role = 'admin'"
        )
        .await,
        2
    );
    // The application's next INSERT gets a fresh key: the sequences were advanced.
    sqlx::query("INSERT INTO specialties (name) VALUES ('new specialty')")
        .execute(&mut *conn)
        .await?;
    data.reset_sqlx_postgres(&mut conn)
        .await
        .expect("the reset");
    assert_eq!(count(&mut conn, "SELECT count(*) FROM doctors").await, 0);
    Ok(())
}

#[sqlx::test]
async fn a_failed_load_inside_the_test_transaction_keeps_the_rest(
    pool: PgPool,
) -> sqlx::Result<()> {
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    sqlx::query("INSERT INTO specialties (name) VALUES ('cardiology')")
        .execute(&mut *tx)
        .await?;
    let clash = Seeder::new(&schema())
        .rows("specialties", 1)
        .key_offset(100)
        .pin("specialties", 0, [("name", "cardiology")])
        .dataset()
        .expect("the plan");
    let err = clash.load_sqlx_postgres(&mut tx).await.unwrap_err();
    assert_eq!(err.sqlstate(), Some("23505"), "{err}");
    assert!(err.to_string().contains("duplicate key value"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    // Only the load was undone: the transaction goes on, and holds the test's row.
    assert_eq!(count(&mut tx, "SELECT count(*) FROM specialties").await, 1);
    let fine = Seeder::new(&schema())
        .rows("doctors", 3)
        .key_offset(100)
        .dataset()
        .expect("the plan");
    fine.load_sqlx_postgres(&mut tx).await.expect("the load");
    assert_eq!(count(&mut tx, "SELECT count(*) FROM doctors").await, 3);
    tx.rollback().await?;
    assert_eq!(count(&mut conn, "SELECT count(*) FROM doctors").await, 0);
    Ok(())
}

/// Compiles only if a load's future is `Send`, so a service can `tokio::spawn` it.
#[allow(dead_code)]
fn a_load_can_be_spawned(data: &seedgen_core::Dataset, conn: &mut sqlx::PgConnection) {
    fn send<T: Send>(_: T) {}
    send(data.load_sqlx_postgres(conn));
}

//! Seeding PostgreSQL from a test: a fresh schema, the project's DDL, `load_postgres`,
//! a query, `reset_postgres`. Needs SEEDGEN_TEST_POSTGRES_URL (set by .ci/run); says SKIP
//! without it.

use seedgen_core::{Schema, Seeder};

const DDL: &str = include_str!("../../schemas/shop.sql");

/// A connection whose `search_path` is a fresh schema `ns` holding the shop's tables, so
/// tests running in parallel on one server keep apart; `None` without a server.
fn fresh_schema(ns: &str) -> Option<postgres::Client> {
    let Ok(url) = std::env::var("SEEDGEN_TEST_POSTGRES_URL") else {
        eprintln!("SKIP: SEEDGEN_TEST_POSTGRES_URL is not set");
        return None;
    };
    let mut client = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("SEEDGEN_TEST_POSTGRES_URL is set but unreachable: {e}"));
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {ns} CASCADE; CREATE SCHEMA {ns}; SET search_path TO {ns};"
        ))
        .unwrap();
    client.batch_execute(DDL).unwrap();
    Some(client)
}

#[test]
fn orders_of_a_pinned_customer_in_postgres() {
    let ns = format!("seedgen_example_{}", std::process::id());
    let Some(mut client) = fresh_schema(&ns) else {
        return;
    };

    let schema = Schema::from_sql(DDL, None).unwrap();
    let data = Seeder::new(&schema)
        .seed_from("orders_of_a_pinned_customer_in_postgres")
        .default_rows(50)
        .rows("customers", 5)
        .per_parent_range("orders", "customers", 1, 4)
        .pin("customers", 0, [("email", "vip@example.com")])
        .dataset()
        .unwrap();
    data.load_postgres(&mut client).unwrap();
    let vip = data.table("customers").unwrap().row(0).unwrap();
    let expected = data.children("orders", &vip).unwrap().len() as i64;
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = 'vip@example.com'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, expected);
    assert!((1..=4).contains(&n));
    // The sequences were advanced: the application's next INSERT gets a fresh key.
    client
        .execute(
            "INSERT INTO customers (first_name, last_name, email) VALUES ('New', 'Customer', 'new@example.com')",
            &[],
        )
        .unwrap();
    data.reset_postgres(&mut client).unwrap();
    let left: i64 = client
        .query_one("SELECT count(*) FROM customers", &[])
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    client
        .batch_execute(&format!("DROP SCHEMA {ns} CASCADE"))
        .unwrap();
}

/// The transactional-fixture pattern on PostgreSQL: the test's transaction holds the
/// load (in a savepoint), a failed load keeps the database's SQLSTATE and undoes only
/// itself, and the test's rollback removes every row.
#[test]
fn a_load_inside_the_test_transaction_rolls_back_with_it() {
    let ns = format!("seedgen_example_tx_{}", std::process::id());
    let Some(mut client) = fresh_schema(&ns) else {
        return;
    };
    let schema = Schema::from_sql(DDL, None).unwrap();

    let mut tx = client.transaction().unwrap();
    let data = Seeder::new(&schema)
        .seed_from("a_load_inside_the_test_transaction_rolls_back_with_it")
        .rows("orders", 6)
        .dataset()
        .unwrap();
    data.load_postgres(&mut tx).unwrap();
    let count = |tx: &mut postgres::Transaction<'_>, table: &str| -> i64 {
        tx.query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0)
    };
    assert_eq!(count(&mut tx, "orders"), 6);
    // Only the table named and the parents it needs: one customer for every order.
    assert_eq!(count(&mut tx, "customers"), 1);

    // A second dataset whose customer repeats the first one's e-mail: refused by the
    // server, and the transaction goes on without it.
    let email: String = data
        .table("customers")
        .unwrap()
        .row(0)
        .unwrap()
        .get("email")
        .unwrap();
    let clash = Seeder::new(&schema)
        .rows("customers", 1)
        .key_offset(100)
        .pin("customers", 0, [("email", email)])
        .dataset()
        .unwrap();
    let err = clash.load_postgres(&mut tx).unwrap_err();
    assert_eq!(err.sqlstate(), Some("23505"), "{err}");
    assert!(err.to_string().contains("duplicate key value"), "{err}");
    assert_eq!(count(&mut tx, "customers"), 1);
    assert_eq!(count(&mut tx, "orders"), 6);
    tx.rollback().unwrap();

    let left: i64 = client
        .query_one("SELECT count(*) FROM orders", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        left, 0,
        "the test's rollback removes the rows the load added"
    );
    client
        .batch_execute(&format!("DROP SCHEMA {ns} CASCADE"))
        .unwrap();
}

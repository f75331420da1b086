//! The library as a test suite uses it: `Seeder` → `Dataset`, pins, per-parent counts,
//! column functions and overrides, typed access, SQL statements for other drivers.

use seedgen_core::{Dialect, Error, Override, Schema, Seeder, Value};

fn shop() -> Schema {
    Schema::from_sql(include_str!("../../../schemas/shop.sql"), None).unwrap()
}

#[test]
fn pinned_rows_per_parent_counts_and_typed_access() {
    let data = Seeder::new(&shop())
        .seed_from("pinned_rows_per_parent_counts_and_typed_access")
        .default_rows(20)
        .rows("customers", 3)
        .per_parent("orders", "customers", 2)
        .pin(
            "customers",
            0,
            [("email", "a@example.com"), ("first_name", "Ada")],
        )
        .dataset()
        .unwrap();
    let customers = data.table("customers").unwrap();
    assert_eq!(customers.len(), 3);
    assert_eq!(data.table("orders").unwrap().len(), 6);
    let ada = customers.find("email", "a@example.com").unwrap().unwrap();
    assert_eq!(ada.index(), 0);
    assert_eq!(ada.get::<String>("first_name").unwrap(), "Ada");
    // The rest of the pinned row is still generated.
    assert!(!ada.get::<String>("last_name").unwrap().is_empty());
    let id: i64 = ada.get("id").unwrap();
    for c in customers.rows() {
        let orders = data.children("orders", &c).unwrap();
        assert_eq!(orders.len(), 2, "customer {}", c.index());
        for o in orders {
            assert_eq!(
                o.get::<i64>("customer_id").unwrap(),
                c.get::<i64>("id").unwrap()
            );
        }
    }
    assert_eq!(customers.find("id", id).unwrap().unwrap().index(), 0);
    assert!(matches!(
        ada.get::<i64>("email"),
        Err(Error::Data { ref target, .. }) if target == "customers.email"
    ));
    assert!(matches!(
        ada.value("nope"),
        Err(Error::Data { ref message, .. }) if message.contains("first_name")
    ));
}

#[test]
fn references_to_a_pinned_key_carry_the_pinned_value() {
    let data = Seeder::new(&shop())
        .default_rows(10)
        .rows("customers", 4)
        .per_parent("orders", "customers", 3)
        .pin("customers", 2, [("id", 900_000_i64)])
        .dataset()
        .unwrap();
    let c = data.table("customers").unwrap().row(2).unwrap();
    assert_eq!(c.get::<i64>("id").unwrap(), 900_000);
    let orders = data.children("orders", &c).unwrap();
    assert_eq!(orders.len(), 3);
    // Every order's customer exists.
    let customers = data.table("customers").unwrap();
    for o in data.table("orders").unwrap().rows() {
        let cid: i64 = o.get("customer_id").unwrap();
        assert!(
            customers.find("id", cid).unwrap().is_some(),
            "customer {cid}"
        );
    }
}

#[test]
fn a_pinned_value_that_repeats_a_generated_unique_value_is_refused() {
    let plain = Seeder::new(&shop()).default_rows(50).dataset().unwrap();
    let taken: String = plain
        .table("customers")
        .unwrap()
        .row(7)
        .unwrap()
        .get("email")
        .unwrap();
    let err = Seeder::new(&shop())
        .default_rows(50)
        .pin_values("customers", 0, vec![("email".into(), Value::Text(taken))])
        .plan()
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("customers.email") && msg.contains("row 7"),
        "{msg}"
    );
}

#[test]
fn pins_are_checked_against_the_schema() {
    let cases: [(Seeder, &str); 5] = [
        (
            Seeder::new(&shop())
                .default_rows(5)
                .pin("orders", 0, [("customer_id", 12345)]),
            "matches no row of customers",
        ),
        (
            Seeder::new(&shop())
                .default_rows(5)
                .pin("customers", 9, [("first_name", "x")]),
            "give it at least 10 rows",
        ),
        (
            Seeder::new(&shop())
                .default_rows(5)
                .pin("customers", 0, [("birth_date", "someday")]),
            "is not a date",
        ),
        (
            Seeder::new(&shop())
                .default_rows(5)
                .pin("customers", 0, [("nickname", "x")]),
            "has no column `nickname`",
        ),
        (
            Seeder::new(&shop())
                .default_rows(5)
                .pin("clients", 0, [("id", 1)]),
            "no table `clients`",
        ),
    ];
    for (seeder, want) in cases {
        let msg = seeder.plan().unwrap_err().to_string();
        assert!(msg.contains(want), "{msg} (wanted {want})");
    }
}

#[test]
fn column_functions_see_the_row_and_must_return_the_columns_type() {
    let data = Seeder::new(&shop())
        .default_rows(30)
        .column_fn("customers", "phone", |row, values| {
            let first: String = values.get("first_name").unwrap_or_default();
            format!("{first}-{row}").into()
        })
        .column("products", "stock", Override::cycle([5, 10]))
        .dataset()
        .unwrap();
    for c in data.table("customers").unwrap().rows() {
        let first: String = c.get("first_name").unwrap();
        assert_eq!(
            c.get::<String>("phone").unwrap(),
            format!("{first}-{}", c.index())
        );
    }
    let stock: Vec<i64> = data
        .table("products")
        .unwrap()
        .rows()
        .map(|r| r.get("stock").unwrap())
        .collect();
    assert_eq!(&stock[..4], &[5, 10, 5, 10]);

    let err = Seeder::new(&shop())
        .default_rows(3)
        .column_fn("products", "stock", |_, _| "many".into())
        .dataset()
        .unwrap_err();
    assert!(
        matches!(err, Error::Generate { ref table, .. } if table == "products"),
        "{err}"
    );
    assert!(err.to_string().contains("stock"), "{err}");

    // A function repeating a unique value is caught before anything is loaded.
    let err = Seeder::new(&shop())
        .default_rows(3)
        .column_fn("customers", "email", |_, _| "same@example.com".into())
        .dataset()
        .unwrap_err();
    assert!(err.to_string().contains("customers.email"), "{err}");
}

#[test]
fn a_seed_from_a_name_is_stable_and_names_differ() {
    let emails = |name: &str| -> Vec<String> {
        let d = Seeder::new(&shop())
            .seed_from(name)
            .default_rows(5)
            .dataset()
            .unwrap();
        d.table("customers")
            .unwrap()
            .rows()
            .map(|r| r.get("email").unwrap())
            .collect()
    };
    assert_eq!(emails("test_a"), emails("test_a"));
    assert_ne!(emails("test_a"), emails("test_b"));
}

#[test]
fn statements_for_other_drivers_and_reset() {
    let data = Seeder::new(&shop()).default_rows(5).dataset().unwrap();
    let stmts = data.to_sql(Dialect::Sqlite).unwrap();
    assert_eq!(stmts.first().map(String::as_str), Some("BEGIN;"));
    assert!(stmts
        .iter()
        .any(|s| s.starts_with("INSERT INTO \"customers\"")));
    let reset = data.reset_sql(Dialect::Postgres);
    assert_eq!(reset.len(), 1);
    assert!(
        reset[0].starts_with("TRUNCATE \"product_reviews\""),
        "{reset:?}"
    );
    let reset = data.reset_sql(Dialect::Sqlite);
    assert_eq!(reset[2], "DELETE FROM \"product_reviews\"");
}

#[test]
fn weighted_values_and_distributions_through_the_seeder() {
    use seedgen_core::plan::Distribution;
    let data = Seeder::new(&shop())
        .default_rows(4000)
        .column(
            "products",
            "stock",
            Override::weighted([(0, 0.7), (10, 0.2), (100, 0.1)]),
        )
        .column(
            "order_lines",
            "unit_price",
            Override::default()
                .min(1)
                .max(10000)
                .distribution(Distribution::LogNormal {
                    median: 30.0,
                    sigma: Some(0.5),
                }),
        )
        .dataset()
        .unwrap();
    let stock: Vec<i64> = data
        .table("products")
        .unwrap()
        .rows()
        .map(|r| r.get("stock").unwrap())
        .collect();
    let zero = stock.iter().filter(|s| **s == 0).count() as f64 / stock.len() as f64;
    assert!((zero - 0.7).abs() < 0.03, "{zero}");
    assert!(stock.iter().all(|s| [0, 10, 100].contains(s)));
    let mut prices: Vec<f64> = data
        .table("order_lines")
        .unwrap()
        .rows()
        .map(|r| r.get("unit_price").unwrap())
        .collect();
    prices.sort_by(f64::total_cmp);
    let median = prices[prices.len() / 2];
    assert!((median - 30.0).abs() < 3.0, "{median}");
}

#[test]
fn derived_and_copied_columns_through_the_seeder() {
    use seedgen_core::plan::{Derive, ShareOf};
    let schema = seedgen_core::Schema::from_sql(
        "CREATE TABLE item (id int PRIMARY KEY, tag numeric(8,2) NOT NULL);
         CREATE TABLE sale (id int PRIMARY KEY, item_id int NOT NULL REFERENCES item,
           base numeric(8,2) NOT NULL, extra numeric(8,2) NOT NULL, whole numeric(10,2) NOT NULL);",
        None,
    )
    .unwrap();
    let data = Seeder::new(&schema)
        .default_rows(300)
        .column("sale", "base", Override::copy_from("item.tag"))
        .column(
            "sale",
            "extra",
            Override::derive(Derive::Share(ShareOf {
                of: "base".into(),
                min: 0.1,
                max: 0.1,
            })),
        )
        .column(
            "sale",
            "whole",
            Override::derive(Derive::Add(vec!["base".into(), "extra".into()])),
        )
        .dataset()
        .unwrap();
    let tags: std::collections::HashMap<i64, f64> = data
        .table("item")
        .unwrap()
        .rows()
        .map(|r| (r.get("id").unwrap(), r.get("tag").unwrap()))
        .collect();
    for r in data.table("sale").unwrap().rows() {
        let (item, base, extra, whole): (i64, f64, f64, f64) = (
            r.get("item_id").unwrap(),
            r.get("base").unwrap(),
            r.get("extra").unwrap(),
            r.get("whole").unwrap(),
        );
        assert_eq!(base, tags[&item]);
        assert!(
            (extra - (base * 0.1 * 100.0).round() / 100.0).abs() < 1e-9,
            "{base} {extra}"
        );
        assert!(
            (whole - (base + extra)).abs() < 1e-6,
            "{base} + {extra} = {whole}"
        );
    }
}

#[test]
fn naming_tables_seeds_them_and_just_enough_parents() {
    // product_reviews' key is (product_id, customer_id): 9 reviews need 3 × 3 parents.
    let data = Seeder::new(&shop())
        .seed_from("naming_tables_seeds_them_and_just_enough_parents")
        .rows("product_reviews", 9)
        .dataset()
        .unwrap();
    let rows = |t: &str| data.table(t).unwrap().len();
    assert_eq!(rows("product_reviews"), 9);
    assert_eq!(rows("products"), 3);
    assert_eq!(rows("customers"), 3);
    // products.category_id is NOT NULL: one category; categories.parent_id is nullable.
    assert_eq!(rows("categories"), 1);
    assert_eq!((rows("orders"), rows("order_lines")), (0, 0));
    let notes = data.plan().warnings().join("\n");
    assert!(
        notes.contains("products: 3 rows so that product_reviews (product_id) can reference them"),
        "{notes}"
    );
    // Children per parent name the child; its parent gets one row.
    let data = Seeder::new(&shop())
        .per_parent("order_lines", "orders", 2)
        .dataset()
        .unwrap();
    let rows = |t: &str| data.table(t).unwrap().len();
    assert_eq!((rows("orders"), rows("order_lines")), (1, 2));
    assert_eq!((rows("customers"), rows("products")), (1, 1));
    // A default gives every other table its rows; nothing named means every table.
    let data = Seeder::new(&shop())
        .rows("orders", 2)
        .default_rows(4)
        .dataset()
        .unwrap();
    assert_eq!(data.table("product_reviews").unwrap().len(), 4);
    assert_eq!(data.table("orders").unwrap().len(), 2);
}

#[test]
fn rows_with_presets_and_sequences() {
    use seedgen_core::Preset;
    struct Vip;
    impl Preset for Vip {
        fn apply(&self, s: Seeder) -> Seeder {
            s.rows_with("customers", 2, [("last_name", "Vip")])
        }
    }
    let both = |s: Seeder| {
        s.preset(Vip)
            .rows_with("customers", 1, [("last_name", "Plain")])
            .column_fn("customers", "first_name", |row, _| {
                format!("guest{row}").into()
            })
    };
    let data = Seeder::new(&shop()).preset(both).dataset().unwrap();
    let customers = data.table("customers").unwrap();
    let names: Vec<(String, String)> = customers
        .rows()
        .map(|r| (r.get("first_name").unwrap(), r.get("last_name").unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("guest0".to_string(), "Vip".to_string()),
            ("guest1".into(), "Vip".into()),
            ("guest2".into(), "Plain".into())
        ]
    );
    // A value repeated in a unique column is refused, with the column named.
    let err = Seeder::new(&shop())
        .rows_with("customers", 2, [("email", "same@example.com")])
        .dataset()
        .unwrap_err()
        .to_string();
    assert!(err.contains("customers.email"), "{err}");
}

#[test]
fn key_offsets_keep_two_datasets_apart() {
    let keys = |offset: u64| -> Vec<i64> {
        let data = Seeder::new(&shop())
            .rows("customers", 3)
            .key_offset(offset)
            .dataset()
            .unwrap();
        let emails: Vec<String> = data
            .table("customers")
            .unwrap()
            .rows()
            .map(|r| r.get("email").unwrap())
            .collect();
        assert_eq!(emails.len(), 3);
        data.table("customers")
            .unwrap()
            .rows()
            .map(|r| r.get("id").unwrap())
            .collect()
    };
    assert_eq!(keys(0), [1, 2, 3]);
    assert_eq!(keys(1000), [1001, 1002, 1003]);
}

#[test]
fn a_constant_is_that_constant_and_a_check_it_breaks_is_refused_when_planning() {
    let data = Seeder::new(&shop())
        .rows("customers", 200)
        .column("customers", "phone", Override::value("+1 555 0100"))
        .dataset()
        .unwrap();
    let phones: Vec<Option<String>> = data
        .table("customers")
        .unwrap()
        .rows()
        .map(|r| r.get("phone").unwrap())
        .collect();
    assert!(phones.iter().all(|p| p.as_deref() == Some("+1 555 0100")));
    let err = Seeder::new(&shop())
        .rows("products", 5)
        .column("products", "price", Override::value(-10))
        .plan()
        .unwrap_err()
        .to_string();
    assert!(err.contains("products.price"), "{err}");
    assert!(err.contains("CHECK (price > 0)"), "{err}");
    assert!(!err.contains("Num("), "{err}");
    assert!(!err.contains("--"), "{err}");
}

#[test]
fn rows_and_tables_show_their_values() {
    let data = Seeder::new(&shop())
        .rows("categories", 1)
        .dataset()
        .unwrap();
    let copy = data.clone();
    let row = copy.table("categories").unwrap().row(0).unwrap();
    let shown = format!("{row:?}");
    assert!(shown.starts_with("{\"id\": Int(1), "), "{shown}");
    assert!(shown.ends_with("(row 0 of categories)"), "{shown}");
    let name: &str = data.table("categories").unwrap().name();
    assert_eq!(name, "categories");
    assert_eq!(row.table().columns(), ["id", "parent_id", "name", "slug"]);
}

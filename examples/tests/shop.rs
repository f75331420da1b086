//! A test suite embedding seedgen: read a shipped schema with `include_str!` and assert on
//! the model.

use seedgen_core::schema::{Schema, TypeClass};

#[test]
fn the_shop_schema_loads_parents_first() {
    let schema = Schema::from_sql(include_str!("../../schemas/shop.sql"), None).unwrap();
    let order: Vec<String> = schema
        .load_order()
        .order
        .iter()
        .map(|&i| schema.tables[i].name.to_string())
        .collect();
    let pos = |n: &str| order.iter().position(|x| x == n).unwrap();
    assert!(pos("customers") < pos("orders"));
    assert!(pos("orders") < pos("order_lines"));
    assert!(pos("products") < pos("order_lines"));
    let lines = schema.find_table("order_lines").unwrap();
    assert_eq!(lines.primary_key, ["order_id", "line_no"]);
    let price = schema
        .find_table("products")
        .unwrap()
        .column("price")
        .unwrap();
    assert_eq!(price.data_type.class(), TypeClass::Decimal);
    assert_eq!(price.data_type.precision_scale(), Some((10, 2)));
    assert_eq!(schema.enums[0].labels.len(), 5);
}

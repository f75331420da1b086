//! Reads a schema (a file, a folder of migrations, or seedgen JSON) and prints its tables
//! in load order with their foreign keys.
//!
//! `cargo run -p seedgen-examples --example inspect_schema -- schemas/shop.sql`

use seedgen_core::schema::Schema;

fn main() -> Result<(), seedgen_core::Error> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "schemas/shop.sql".into());
    let schema = Schema::from_path(&path, None)?;
    for &i in &schema.load_order().order {
        let t = &schema.tables[i];
        println!("{} ({} columns)", t.name, t.columns.len());
        for fk in &t.foreign_keys {
            println!("  ({}) -> {}", fk.columns.join(", "), fk.references.table);
        }
    }
    Ok(())
}

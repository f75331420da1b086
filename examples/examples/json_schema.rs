//! A schema written in seedgen JSON, with no SQL at all: for a database you cannot reach
//! or a model that lives in code.
//!
//! ```sh
//! cargo run -p seedgen-examples --example json_schema
//! ```

use seedgen_core::{Schema, Seeder};

const SCHEMA: &str = r#"{
  "tables": [
    { "name": "teams",
      "columns": [
        { "name": "id", "type": "integer", "nullable": false },
        { "name": "name", "type": "varchar(40)", "nullable": false }
      ],
      "primary_key": ["id"] },
    { "name": "players",
      "columns": [
        { "name": "id", "type": "integer", "nullable": false },
        { "name": "team_id", "type": "integer", "nullable": false },
        { "name": "first_name", "type": "varchar(30)", "nullable": false },
        { "name": "shirt", "type": "smallint", "nullable": false }
      ],
      "primary_key": ["id"],
      "foreign_keys": [
        { "columns": ["team_id"], "references": { "table": "teams", "columns": ["id"] } }
      ],
      "checks": [ { "expr": "shirt BETWEEN 1 AND 99" } ] }
  ]
}"#;

fn main() -> Result<(), seedgen_core::Error> {
    let schema = Schema::from_json(SCHEMA)?;
    let data = Seeder::new(&schema)
        .seed_from("json_schema")
        .rows("teams", 2)
        .per_parent("players", "teams", 5)
        .dataset()?;
    for team in data.table("teams")?.rows() {
        let players = data.children("players", &team)?;
        println!("{}: {} players", team.get::<String>("name")?, players.len());
        assert_eq!(players.len(), 5);
        for p in players {
            let shirt: i64 = p.get("shirt")?;
            assert!((1..=99).contains(&shirt));
        }
    }
    Ok(())
}

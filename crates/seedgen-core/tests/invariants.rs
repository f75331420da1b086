//! The engine's invariants on generated schemas: any row range equals that slice of the
//! whole table; primary keys and UNIQUE columns hold distinct values; every foreign key
//! finds its parent row; CHECKs hold. Schemas are drawn by proptest (tables, column
//! types, keys, references, CHECKs), planned with a drawn seed and row count.

use std::collections::{HashMap, HashSet};

use arrow_array::RecordBatch;
use proptest::prelude::*;
use seedgen_core::output::csv::{CsvOptions, CsvWriter};
use seedgen_core::output::BatchWriter;
use seedgen_core::schema::{Dialect, Schema};
use seedgen_core::{Plan, Settings};

/// A column type and how a value of it is checked.
const TYPES: &[&str] = &[
    "int",
    "bigint",
    "smallint",
    "numeric(8,2)",
    "varchar(12)",
    "varchar(40)",
    "text",
    "date",
    "timestamp",
    "boolean",
    "uuid",
];

#[derive(Debug, Clone)]
struct Col {
    ty: usize,
    unique: bool,
    not_null: bool,
    check: Option<(i32, i32)>,
}

#[derive(Debug, Clone)]
struct Tab {
    key: usize,
    cols: Vec<Col>,
    /// A reference to an earlier table: (index into earlier tables, NOT NULL, UNIQUE).
    parent: Option<(usize, bool, bool)>,
}

fn col() -> impl Strategy<Value = Col> {
    (
        0..TYPES.len(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of((-50i32..50, 0i32..400)),
    )
        .prop_map(|(ty, unique, not_null, check)| Col {
            ty,
            unique: unique && ty != 9, // a boolean holds two values
            not_null,
            check: if ty <= 3 { check } else { None },
        })
}

fn table() -> impl Strategy<Value = Tab> {
    (
        prop::sample::select(vec![0usize, 1, 4, 10]),
        prop::collection::vec(col(), 0..5),
        prop::option::of((0usize..8, any::<bool>(), any::<bool>())),
    )
        .prop_map(|(key, cols, parent)| Tab { key, cols, parent })
}

fn ddl(tables: &[Tab]) -> String {
    let mut sql = String::new();
    for (i, t) in tables.iter().enumerate() {
        let key_ty = TYPES[t.key];
        let mut lines = vec![format!("  id {key_ty} PRIMARY KEY")];
        if let (Some((p, not_null, unique)), true) = (t.parent, i > 0) {
            let p = p % i;
            let pty = TYPES[tables[p].key];
            lines.push(format!(
                "  parent_id {pty}{}{} REFERENCES t{p} (id)",
                if not_null { " NOT NULL" } else { "" },
                if unique { " UNIQUE" } else { "" }
            ));
        }
        for (k, c) in t.cols.iter().enumerate() {
            let mut line = format!("  c{k} {}", TYPES[c.ty]);
            if c.not_null {
                line.push_str(" NOT NULL");
            }
            if c.unique {
                line.push_str(" UNIQUE");
            }
            if let Some((lo, width)) = c.check {
                line.push_str(&format!(" CHECK (c{k} BETWEEN {lo} AND {})", lo + width));
            }
            lines.push(line);
        }
        sql.push_str(&format!("CREATE TABLE t{i} (\n{}\n);\n", lines.join(",\n")));
    }
    sql
}

/// The cells of a batch as CSV fields (NULL as `\N`).
fn cells(b: &RecordBatch) -> Vec<Vec<String>> {
    let opts = CsvOptions {
        null: "\\N".into(),
        header: false,
        ..CsvOptions::default()
    };
    let mut w = CsvWriter::new(Vec::new(), "mem", opts);
    w.write(b).unwrap();
    let text = w.into_inner();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn column(b: &RecordBatch, name: &str) -> usize {
    b.schema().index_of(name).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_schemas_keep_every_invariant(
        tables in prop::collection::vec(table(), 1..5),
        seed in any::<u64>(),
        rows in 1u64..300,
        cut in (0u64..300, 0u64..300),
    ) {
        let sql = ddl(&tables);
        let schema = Schema::from_sql(&sql, Some(Dialect::Postgres)).unwrap();
        let settings = Settings { seed: Some(seed), rows: Some(rows), ..Settings::default() };
        // A plan may refuse (a CHECK too narrow for a UNIQUE column): it must say so,
        // never panic.
        let plan = match Plan::new(schema, &settings) {
            Ok(p) => p,
            Err(e) => {
                let text = e.to_string();
                prop_assert!(!text.is_empty());
                return Ok(());
            }
        };
        let mut keys: HashMap<String, HashSet<String>> = HashMap::new();
        for &t in plan.load_order() {
            let tp = &plan.tables()[t];
            let n = tp.rows();
            let whole = plan.batch(t, 0..n).unwrap();
            prop_assert_eq!(whole.num_rows() as u64, n);
            // A range is the slice of the whole.
            let (a, b) = (cut.0.min(n), cut.1.min(n));
            let (a, b) = (a.min(b), a.max(b));
            let part = plan.batch(t, a..b).unwrap();
            prop_assert_eq!(&part, &whole.slice(a as usize, (b - a) as usize), "{} rows {}..{}\n{}", tp.name(), a, b, sql);
            let rows = cells(&whole);
            // Keys and UNIQUE columns are distinct.
            let id = column(&whole, "id");
            let ids: HashSet<String> = rows.iter().map(|r| r[id].clone()).collect();
            prop_assert_eq!(ids.len(), rows.len(), "{}.id repeats\n{}", tp.name(), sql);
            let i = tp.name().to_string()[1..].parse::<usize>().unwrap();
            for (k, c) in tables[i].cols.iter().enumerate() {
                let at = column(&whole, &format!("c{k}"));
                let values: Vec<&String> = rows.iter().map(|r| &r[at]).filter(|v| *v != "\\N").collect();
                if c.not_null {
                    prop_assert_eq!(values.len(), rows.len(), "{}.c{} NULL\n{}", tp.name(), k, sql);
                }
                if c.unique {
                    let distinct: HashSet<&&String> = values.iter().collect();
                    prop_assert_eq!(distinct.len(), values.len(), "{}.c{} repeats\n{}", tp.name(), k, sql);
                }
                if let Some((lo, width)) = c.check {
                    for v in &values {
                        let x: f64 = v.parse().unwrap();
                        prop_assert!(x >= f64::from(lo) && x <= f64::from(lo + width), "{}.c{} = {} outside the CHECK\n{}", tp.name(), k, v, sql);
                    }
                }
            }
            // Every reference finds its parent.
            if let Ok(p) = whole.schema().index_of("parent_id") {
                let parent = &tables[i].parent.unwrap();
                let pname = format!("t{}", parent.0 % i);
                let parents = &keys[&pname];
                for r in &rows {
                    if r[p] != "\\N" {
                        prop_assert!(parents.contains(&r[p]), "{}.parent_id = {} has no row in {}\n{}", tp.name(), r[p], pname, sql);
                    }
                }
                if parent.2 {
                    let refs: Vec<&String> = rows.iter().map(|r| &r[p]).filter(|v| *v != "\\N").collect();
                    let distinct: HashSet<&&String> = refs.iter().collect();
                    prop_assert_eq!(distinct.len(), refs.len(), "{}.parent_id repeats\n{}", tp.name(), sql);
                }
            }
            keys.insert(tp.name().to_string(), ids);
        }
    }
}

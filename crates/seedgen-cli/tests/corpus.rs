//! The real-schema corpus: for every file in `../shared/schemas/real`, `seedgen plan
//! --json` must report exactly what the real database's catalog reported after loading
//! the same file (`manifest.json`). Nobody on this project wrote these schemas.
//!
//! The counts are computed here from the JSON alone, independently of the library's
//! own graph code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/real");
    dir.join("manifest.json").is_file().then_some(dir)
}

fn plan_json(path: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_seedgen"))
        .arg("plan")
        .arg("--json")
        .arg(path)
        .output()
        .expect("run seedgen");
    assert!(
        out.status.success(),
        "seedgen plan --json {} failed:\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("plan --json prints JSON")
}

fn bare(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn same_table(a: &str, b: &str) -> bool {
    a == b || (bare(a) == bare(b) && (!a.contains('.') || !b.contains('.')))
}

/// The counts the manifest keeps, computed from seedgen's JSON.
fn counts(doc: &Value) -> BTreeMap<&'static str, i64> {
    let tables = doc["tables"].as_array().expect("tables");
    let names: Vec<&str> = tables.iter().map(|t| t["name"].as_str().unwrap()).collect();
    let mut c: BTreeMap<&'static str, i64> = [
        "tables",
        "columns",
        "generated_columns",
        "identity_columns",
        "pk_composite",
        "no_pk",
        "checks",
        "partitions",
        "fks",
        "fk_composite",
        "fk_self",
    ]
    .into_iter()
    .map(|k| (k, 0))
    .collect();
    let mut add = |k: &'static str, v: usize| *c.entry(k).or_insert(0) += v as i64;
    add("tables", tables.len());
    let mut edges: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); tables.len()];
    let mut dangling = BTreeSet::new();
    for (i, t) in tables.iter().enumerate() {
        let name = names[i];
        let cols = t["columns"].as_array().unwrap();
        add("columns", cols.len());
        add(
            "generated_columns",
            cols.iter().filter(|c| c.get("generated").is_some()).count(),
        );
        add(
            "identity_columns",
            cols.iter()
                .filter(|c| {
                    matches!(
                        c.get("identity").and_then(Value::as_str),
                        Some("always" | "by_default")
                    )
                })
                .count(),
        );
        let pk = t["primary_key"].as_array().unwrap();
        add("pk_composite", usize::from(pk.len() > 1));
        add("no_pk", usize::from(pk.is_empty()));
        add("checks", t["checks"].as_array().unwrap().len());
        let parts = t
            .get("partitioning")
            .and_then(|p| p["partitions"].as_array())
            .map_or(0, Vec::len);
        add("partitions", parts);
        for fk in t["foreign_keys"].as_array().unwrap() {
            let target = fk["references"]["table"].as_str().unwrap();
            add("fks", 1);
            add(
                "fk_composite",
                usize::from(fk["columns"].as_array().unwrap().len() > 1),
            );
            add("fk_self", usize::from(same_table(target, name)));
            match names.iter().position(|n| same_table(n, target)) {
                Some(j) if j != i => {
                    edges[i].insert(j);
                }
                Some(_) => {}
                None => {
                    dangling.insert(target.to_string());
                }
            }
        }
    }
    add("dangling_fk_targets", dangling.len());
    add(
        "enum_types",
        doc.get("enums")
            .and_then(Value::as_array)
            .map_or(0, Vec::len),
    );
    add(
        "domain_types",
        doc.get("domains")
            .and_then(Value::as_array)
            .map_or(0, Vec::len),
    );
    // Reachability closure, then groups of mutually reachable tables.
    let n = tables.len();
    let mut reach = vec![vec![false; n]; n];
    for (i, e) in edges.iter().enumerate() {
        for &j in e {
            reach[i][j] = true;
        }
    }
    for k in 0..n {
        let via = reach[k].clone();
        for row in reach.iter_mut() {
            if row[k] {
                for (cell, &through) in row.iter_mut().zip(&via) {
                    *cell |= through;
                }
            }
        }
    }
    let mut in_cycle = vec![false; n];
    let mut cycles = 0;
    for i in 0..n {
        if in_cycle[i] {
            continue;
        }
        let group: Vec<usize> = (0..n)
            .filter(|&j| j == i || (reach[i][j] && reach[j][i]))
            .collect();
        if group.len() > 1 {
            cycles += 1;
            for j in group {
                in_cycle[j] = true;
            }
        }
    }
    add("fk_cycles", cycles);
    add(
        "tables_in_fk_cycles",
        in_cycle.iter().filter(|x| **x).count(),
    );
    c
}

/// Catalog figures that the DDL does not state. MariaDB stores JSON as LONGTEXT with an
/// added `CHECK (json_valid(col))` per JSON column; the file declares the column JSON and
/// writes no CHECK, and seedgen models what the file says (a JSON column generates valid
/// JSON anyway). So the expected CHECK count drops by the JSON columns.
fn adjust_expected(engine: &str, doc: &Value, key: &str, expected: i64) -> i64 {
    if engine == "postgresql" && key == "partitions" {
        // PostgreSQL counts partitions in pg_class (relispartition), which holds the
        // partition tables and also, for each PRIMARY KEY or UNIQUE index of the parent, the
        // index it creates on every partition when the partition is attached. The model
        // keeps the partition tables (with their bounds); the expected count is derived
        // from the catalog's as catalog / (1 + keys of the parent).
        let tables = doc["tables"].as_array().unwrap();
        let mut per_partition_relations = 0;
        let mut partitions = 0;
        for t in tables {
            let Some(p) = t.get("partitioning") else {
                continue;
            };
            let n = p["partitions"].as_array().unwrap().len() as i64;
            let keys = i64::from(!t["primary_key"].as_array().unwrap().is_empty())
                + t["unique"].as_array().unwrap().len() as i64;
            partitions += n;
            per_partition_relations += n * (1 + keys);
        }
        assert_eq!(
            per_partition_relations, expected,
            "partition relations in the catalog"
        );
        return partitions;
    }
    if engine == "mariadb" && key == "checks" {
        let json_columns = doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["columns"].as_array().unwrap())
            .filter(|c| c["type"].as_str() == Some("json"))
            .count() as i64;
        return expected - json_columns;
    }
    expected
}

#[test]
fn plan_json_matches_the_catalog_counts_of_every_real_schema() {
    let Some(dir) = corpus_dir() else {
        eprintln!(
            "SKIP: ../shared/schemas/real not found beside the repository; corpus not checked"
        );
        return;
    };
    let manifest: BTreeMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert!(
        manifest.len() >= 22,
        "the manifest lists {} files",
        manifest.len()
    );
    let mut failures = Vec::new();
    for (file, expected) in &manifest {
        let doc = plan_json(&dir.join(file));
        let got = counts(&doc);
        let engine = expected["engine"].as_str().unwrap();
        for (key, want) in expected.as_object().unwrap() {
            let Some(want) = want.as_i64() else { continue };
            let want = adjust_expected(engine, &doc, key, want);
            let have = got.get(key.as_str()).copied();
            if have != Some(want) {
                failures.push(format!(
                    "{file}: {key} expected {want}, seedgen says {have:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_real_schema_round_trips_through_json() {
    let Some(dir) = corpus_dir() else {
        eprintln!("SKIP: ../shared/schemas/real not found; round trip not checked");
        return;
    };
    let tmp = std::env::temp_dir().join(format!("seedgen-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for sub in ["mysql", "mysqldump", "pgdump", "postgres", "sqlite"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let first = plan_json(&path);
            let json_path = tmp.join(format!(
                "{sub}-{}.json",
                path.file_stem().unwrap().to_string_lossy()
            ));
            std::fs::write(&json_path, serde_json::to_vec(&first).unwrap()).unwrap();
            let second = plan_json(&json_path);
            assert_eq!(first, second, "{} changed through JSON", path.display());
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

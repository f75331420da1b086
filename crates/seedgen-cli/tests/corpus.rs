//! The real-schema corpus: for every entry of `../shared/schemas/real` (files and
//! folders of migrations), `seedgen plan --json` must report exactly what the real
//! database's catalog reported after loading the same entry (`manifest.json`), and
//! `seedgen generate ENTRY --rows 1000` with no other flag must succeed. Nobody on this
//! project wrote these schemas.
//!
//! The counts are computed here from the JSON alone, independently of the library's
//! own graph code.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{choices, plan_json, report, seedgen, Corpus, Outcome};
use serde_json::Value;

/// Known failures of the catalog-count check: entry and reason.
const COUNTS_KNOWN: &[(&str, &str)] = &[];
/// Known failures of `generate --rows 1000`.
const GENERATE_KNOWN: &[(&str, &str)] = &[];
/// Files whose text alone does not tell their dialect (their path does).
const TEXT_DIALECT_KNOWN: &[(&str, &str)] = &[(
    "sqlite/temporal_v3.sql",
    "MySQL-style DDL written for SQLite (AUTO_INCREMENT, MEDIUMBLOB); only its path says SQLite",
)];

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

fn counts_match(c: &Corpus, entry: &str, expected: &Value) -> Outcome {
    let doc = plan_json(&c.path(entry), &[])?;
    let got = counts(&doc);
    let engine = expected["engine"].as_str().unwrap();
    let mut mismatches = Vec::new();
    for (key, want) in expected.as_object().unwrap() {
        let Some(want) = want.as_i64() else { continue };
        let want = adjust_expected(engine, &doc, key, want);
        let have = got.get(key.as_str()).copied();
        if have != Some(want) {
            mismatches.push(format!("{key} expected {want}, seedgen says {have:?}"));
        }
    }
    if mismatches.is_empty() {
        Ok(String::new())
    } else {
        Err(mismatches.join("; "))
    }
}

#[test]
fn plan_json_matches_the_catalog_counts_of_every_real_schema() {
    let c = Corpus::open("catalog counts");
    assert!(
        !c.shared || c.shared_entries() >= 47,
        "the shared manifest lists {} entries",
        c.shared_entries()
    );
    let outcomes: Vec<(String, Outcome)> = c
        .manifest
        .iter()
        .map(|(e, expected)| (e.clone(), counts_match(&c, e, expected)))
        .collect();
    report("catalog counts", &outcomes, COUNTS_KNOWN);
}

/// `seedgen generate ENTRY --rows 1000 --out DIR` with no other flag exits 0 and
/// writes a CSV file per table; the plan's caps and fallbacks are printed.
#[test]
fn every_real_schema_generates_with_no_flag_but_rows() {
    let c = Corpus::open("generate");
    let tmp = std::env::temp_dir().join(format!("seedgen-corpus-gen-{}", std::process::id()));
    let outcomes: Vec<(String, Outcome)> = c
        .entries(None)
        .into_iter()
        .map(|e| {
            let path = c.path(&e);
            let dir = tmp.join(e.replace('/', "_"));
            let out = seedgen(&[
                "generate",
                path.to_str().unwrap(),
                "--rows",
                "1000",
                "--out",
                dir.to_str().unwrap(),
                "--quiet",
            ]);
            let o = if out.status.success() {
                let plan = plan_json(&path, &["--rows", "1000"]);
                let files = std::fs::read_dir(&dir).map(|r| r.count()).unwrap_or(0);
                plan.map(|p| {
                    let tables = p["tables"].as_array().map_or(0, Vec::len);
                    format!("{files}/{tables} files; {}", choices(&p))
                })
            } else {
                Err(String::from_utf8_lossy(&out.stderr).into_owned())
            };
            let _ = std::fs::remove_dir_all(&dir);
            (e, o)
        })
        .collect();
    let _ = std::fs::remove_dir_all(&tmp);
    report("generate --rows 1000", &outcomes, GENERATE_KNOWN);
}

/// `--strict` refuses every cap and fallback at once (exit 2, all of them listed), and
/// passes where there are none.
#[test]
fn strict_lists_every_cap_and_fallback_and_exits_2() {
    let c = Corpus::open("strict");
    let mut refused = 0;
    for e in c.entries(None) {
        let path = c.path(&e);
        let plan = plan_json(&path, &["--rows", "1000"]).unwrap();
        let n = plan["plan"]["caps"].as_array().map_or(0, Vec::len)
            + plan["plan"]["fallbacks"].as_array().map_or(0, Vec::len);
        let out = seedgen(&["plan", path.to_str().unwrap(), "--rows", "1000", "--strict"]);
        let err = String::from_utf8_lossy(&out.stderr);
        if n == 0 {
            assert!(
                out.status.success(),
                "{e}: --strict refused a plan with no choices: {err}"
            );
        } else {
            refused += 1;
            assert_eq!(out.status.code(), Some(2), "{e}: {err}");
            assert!(
                err.contains(&if n == 1 {
                    "seedgen would make 1 choice for you".to_string()
                } else {
                    format!("seedgen would make {n} choices for you")
                }),
                "{e}: expected {n} choices listed: {err}"
            );
        }
    }
    eprintln!("--strict refused {refused} corpus entries, each with all its choices listed");
    assert!(
        refused > 0,
        "the corpus holds capped tables; --strict refused none"
    );
}

/// The dialect of every file is told by its text alone (the corpus's folders name the
/// engine, which would hide a misreading): each file is read from a neutral path.
#[test]
fn the_text_of_every_real_schema_tells_its_dialect() {
    let c = Corpus::open("dialect from text");
    let tmp = std::env::temp_dir().join(format!("seedgen-dialect-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    fn want(engine: &str) -> &str {
        match engine {
            "postgresql" => "postgres",
            "mariadb" => "mysql",
            other => other,
        }
    }
    let outcomes: Vec<(String, Outcome)> = c
        .manifest
        .iter()
        .filter(|(e, _)| c.path(e).is_file())
        .map(|(e, m)| {
            let neutral = tmp.join("schema.sql");
            std::fs::copy(c.path(e), &neutral).unwrap();
            let o = plan_json(&neutral, &[]).and_then(|p| {
                let got = p["dialect"].as_str().unwrap_or("").to_string();
                let expected = want(m["engine"].as_str().unwrap());
                if got == expected {
                    Ok(String::new())
                } else {
                    Err(format!("read as {got}, the file is {expected}"))
                }
            });
            (e.clone(), o)
        })
        .collect();
    let _ = std::fs::remove_dir_all(&tmp);
    report("dialect from the text alone", &outcomes, TEXT_DIALECT_KNOWN);
}

#[test]
fn every_real_schema_round_trips_through_json() {
    let c = Corpus::open("JSON round trip");
    let tmp = std::env::temp_dir().join(format!("seedgen-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for e in c.entries(None) {
        let first = plan_json(&c.path(&e), &[]).unwrap();
        let json_path = tmp.join(format!("{}.json", e.replace('/', "_")));
        std::fs::write(&json_path, serde_json::to_vec(&first).unwrap()).unwrap();
        let mut second = plan_json(Path::new(&json_path), &[]).unwrap();
        let mut first = first;
        // What the plan says of its inputs (folders, detected dialect) is the JSON's now.
        for doc in [&mut first, &mut second] {
            if let Some(p) = doc["plan"].as_object_mut() {
                p.remove("migrations");
                p.remove("dialect");
            }
        }
        assert_eq!(first, second, "{e} changed through JSON");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

//! Every schema of the real corpus (`../shared/schemas/real`), generated at 1,000 rows per
//! table (10,000 for the five largest tables of TPC-DS), written as CSV, and checked by a
//! validator that reads the CSV files back with the `csv` crate and knows nothing of the
//! engine: primary keys and UNIQUE sets hold distinct values (and none of the rows the
//! inputs insert themselves), every foreign key finds its parent row (new or inserted by
//! the inputs), NOT NULL columns hold no NULL, text fits its declared length, integers and
//! decimals fit their type, enum columns hold their labels, and every CHECK holds when
//! evaluated on the values read back from the text.
//!
//! The corpus holds files and folders of migrations (`manifest.json` lists them all);
//! every entry is checked. A table whose keys cannot hold 1,000 rows (a `tinyint` key)
//! is capped by the planner, as with no flag at all. An entry that fails must be in
//! `KNOWN` with the reason, and a listed entry that passes fails the test. The
//! repository's own small corpus (`schemas/corpus`) is always checked; without the real
//! corpus beside the repository, the test checks that alone, with a note, except on CI.

/// Known failures: entry and reason.
const KNOWN: &[(&str, &str)] = &[];

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use seedgen_core::calendar as time;
use seedgen_core::engine::Generation;
use seedgen_core::expr::check::{self, Env, V};
use seedgen_core::output::csv::CsvOptions;
use seedgen_core::output::{file_stem, write_csv_dir, OutputDir};
use seedgen_core::plan::TableSettings;
use seedgen_core::schema::{Schema, Table, TypeClass};
use seedgen_core::{Plan, Settings};

const NULL: &str = "\\N";

/// The entries (files and migration folders) of the repository's small corpus
/// (`schemas/corpus`, named `in-repo/…`) and of the real-schema corpus beside the
/// repository; without the latter, the in-repository entries alone, with a note (on CI
/// its absence fails the test).
fn corpus() -> Vec<(String, PathBuf)> {
    let manifest = |dir: &Path| -> Option<std::collections::BTreeMap<String, serde_json::Value>> {
        let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
        Some(serde_json::from_str(&text).unwrap())
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let own = root.join("../../schemas/corpus");
    let mut entries: Vec<(String, PathBuf)> = manifest(&own)
        .expect("schemas/corpus/manifest.json")
        .keys()
        .map(|k| (format!("in-repo/{k}"), own.join(k)))
        .collect();
    let dir = root.join("../../../shared/schemas/real");
    match manifest(&dir) {
        Some(m) => entries.extend(m.keys().map(|k| (k.clone(), dir.join(k)))),
        None => {
            let on_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
            assert!(
                !on_ci,
                "the corpus {} is missing; CI expects it",
                dir.display()
            );
            eprintln!(
                "NOTE: the corpus {} is missing; only schemas/corpus is checked",
                dir.display()
            );
        }
    }
    entries
}

fn settings_for(path: &Path, schema: &Schema) -> Settings {
    let mut s = Settings {
        rows: Some(1000),
        seed: Some(7),
        ..Settings::default()
    };
    if path.to_string_lossy().contains("tpcds") {
        for t in [
            "inventory",
            "store_sales",
            "catalog_sales",
            "web_sales",
            "store_returns",
        ] {
            if let Some(table) = schema.find_table(t) {
                s.tables.insert(
                    table.name.to_string(),
                    TableSettings {
                        rows: Some(10_000),
                        ..TableSettings::default()
                    },
                );
            }
        }
    }
    s
}

struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn read_csv(path: &Path) -> Csv {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    Csv { header, rows }
}

fn col(t: &Table, csv: &Csv, name: &str) -> Option<usize> {
    let _ = t;
    csv.header
        .iter()
        .position(|h| h == name)
        .or_else(|| csv.header.iter().position(|h| h.eq_ignore_ascii_case(name)))
}

fn value_of(text: &str, t: &seedgen_core::schema::SqlType) -> V {
    if text == NULL {
        return V::Null;
    }
    match t.class() {
        TypeClass::Int(_) | TypeClass::Decimal | TypeClass::Float | TypeClass::Year => {
            text.parse().map_or(V::Str(text.into()), V::Num)
        }
        TypeClass::Bool => V::Bool(text == "true"),
        TypeClass::Date => time::parse_date(text).map_or(V::Str(text.into()), V::Date),
        TypeClass::Timestamp => time::parse_timestamp(text).map_or(V::Str(text.into()), V::Ts),
        TypeClass::Time => time::parse_time(text).map_or(V::Str(text.into()), V::Time),
        // Bytes are written as hex after `\x`.
        TypeClass::Bytes if text.starts_with("\\x") => V::Bytes((text.len() - 2) / 2),
        _ => V::Str(text.into()),
    }
}

struct RowEnv<'a> {
    table: &'a Table,
    csv: &'a Csv,
    row: &'a [String],
    value_col: Option<&'a str>,
    now: i64,
}

impl Env for RowEnv<'_> {
    fn column(&self, name: &str) -> Option<V> {
        let name = match self.value_col {
            Some(c) if name.eq_ignore_ascii_case("value") => c,
            _ => name,
        };
        let c = self
            .table
            .columns
            .iter()
            .find(|c| c.name == name || c.name.eq_ignore_ascii_case(name))?;
        match col(self.table, self.csv, &c.name) {
            Some(i) => Some(value_of(&self.row[i], &c.data_type)),
            None => Some(V::Null), // generated column: not written
        }
    }
    fn now(&self) -> i64 {
        self.now
    }
}

/// A key's columns, the predicate of a partial index, and prefix lengths.
type KeySet = (
    Vec<String>,
    Option<sqlparser::ast::Expr>,
    Vec<(String, u64)>,
);

/// The values of `columns` in the rows the inputs' INSERT and COPY statements put into
/// `t` (rows with an expression or NULL there left out).
fn seed_keys(t: &Table, columns: &[String]) -> Vec<Vec<String>> {
    use seedgen_core::schema::SeedValue;
    let mut out = Vec::new();
    for s in &t.seed {
        let names: Vec<&str> = if s.columns.is_empty() {
            t.columns.iter().map(|c| c.name.as_str()).collect()
        } else {
            s.columns.iter().map(String::as_str).collect()
        };
        let Some(idx): Option<Vec<usize>> = columns
            .iter()
            .map(|c| names.iter().position(|n| n.eq_ignore_ascii_case(c)))
            .collect()
        else {
            continue;
        };
        for row in &s.rows {
            let key: Option<Vec<String>> = idx
                .iter()
                .map(|&i| match row.get(i) {
                    Some(SeedValue::Text(v)) => Some(v.clone()),
                    _ => None,
                })
                .collect();
            out.extend(key);
        }
    }
    out
}

fn validate(schema: &Schema, plan: &Plan, dir: &Path, file: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut data: HashMap<String, Csv> = HashMap::new();
    for t in &schema.tables {
        let p = dir.join(format!("{}.csv", file_stem(&t.name)));
        data.insert(t.name.to_string(), read_csv(&p));
    }
    let now = time::parse_timestamp("2025-01-01").unwrap();
    for (ti, t) in schema.tables.iter().enumerate() {
        let csv = &data[&t.name.to_string()];
        let expected = plan.tables()[ti].rows() as usize;
        if csv.rows.len() != expected {
            problems.push(format!(
                "{}: {} rows, planned {expected}",
                t.name,
                csv.rows.len()
            ));
        }
        // NOT NULL, lengths, ranges, enum labels.
        for c in &t.columns {
            let Some(i) = col(t, csv, &c.name) else {
                if c.generated.is_none() {
                    problems.push(format!(
                        "{}.{}: column missing from the CSV",
                        t.name, c.name
                    ));
                }
                continue;
            };
            let ty = &c.data_type;
            let labels: Option<Vec<String>> = if !ty.labels.is_empty() {
                Some(ty.labels.clone())
            } else {
                schema
                    .enums
                    .iter()
                    .find(|e| e.name.to_string() == ty.name || e.name.name == ty.name)
                    .map(|e| e.labels.clone())
            };
            for (r, row) in csv.rows.iter().enumerate() {
                let v = &row[i];
                if v == NULL {
                    if !c.nullable {
                        problems.push(format!(
                            "{}.{} row {r}: NULL in a NOT NULL column",
                            t.name, c.name
                        ));
                    }
                    continue;
                }
                if ty.array_dims > 0 {
                    continue;
                }
                if let (Some(n), TypeClass::Text) = (ty.length(), ty.class()) {
                    if v.chars().count() as u64 > n {
                        problems.push(format!(
                            "{}.{} row {r}: `{v}` is longer than {n}",
                            t.name, c.name
                        ));
                    }
                }
                match ty.class() {
                    TypeClass::Int(bits) => {
                        let ok = v.parse::<i128>().is_ok_and(|x| {
                            let b = u32::from(bits);
                            if ty.unsigned {
                                (0..(1i128 << b)).contains(&x)
                            } else {
                                (-(1i128 << (b - 1))..(1i128 << (b - 1))).contains(&x)
                            }
                        });
                        if !ok {
                            problems.push(format!(
                                "{}.{} row {r}: `{v}` does not fit {ty}",
                                t.name, c.name
                            ));
                        }
                    }
                    TypeClass::Decimal => {
                        if let Some((p, s)) = ty.precision_scale() {
                            let (int, frac) =
                                v.trim_start_matches('-').split_once('.').unwrap_or((v, ""));
                            if int.trim_start_matches('0').len() as u64 > p - s
                                || frac.len() as u64 > s
                            {
                                problems.push(format!(
                                    "{}.{} row {r}: `{v}` does not fit {ty}",
                                    t.name, c.name
                                ));
                            }
                        }
                    }
                    _ => {}
                }
                if let Some(labels) = &labels {
                    let ok = if schema.type_class(ty) == TypeClass::Set {
                        v.split(',').all(|x| labels.iter().any(|l| l == x))
                    } else {
                        labels.iter().any(|l| l == v)
                    };
                    if !ok {
                        problems.push(format!(
                            "{}.{} row {r}: `{v}` is not a label of {ty}",
                            t.name, c.name
                        ));
                    }
                }
            }
        }
        // PRIMARY KEY and UNIQUE (a partial index only over the rows its predicate
        // holds for; a prefix index over the prefix).
        let dialect = schema
            .dialect
            .unwrap_or(seedgen_core::schema::Dialect::Postgres);
        let mut sets: Vec<KeySet> = Vec::new();
        if !t.primary_key.is_empty() {
            sets.push((t.primary_key.clone(), None, Vec::new()));
        }
        for u in &t.unique {
            let predicate = u.predicate.as_ref().and_then(|p| {
                seedgen_core::schema::Check {
                    name: None,
                    expr: p.clone(),
                    column: None,
                    at: None,
                }
                .parse(dialect)
                .ok()
            });
            sets.push((u.columns.clone(), predicate, u.prefixes.clone()));
        }
        for (set, predicate, prefixes) in sets {
            let idx: Option<Vec<usize>> = set.iter().map(|c| col(t, csv, c)).collect();
            let Some(idx) = idx else { continue };
            // The inputs' own rows hold their keys already: new rows must not repeat them.
            let mut seen: HashSet<Vec<String>> = if predicate.is_none() && prefixes.is_empty() {
                seed_keys(t, &set).into_iter().collect()
            } else {
                HashSet::new()
            };
            for (r, row) in csv.rows.iter().enumerate() {
                if let Some(p) = &predicate {
                    let env = RowEnv {
                        table: t,
                        csv,
                        row,
                        value_col: None,
                        now,
                    };
                    if check::eval(p, &env) != V::Bool(true) {
                        continue;
                    }
                }
                let key: Vec<String> = idx
                    .iter()
                    .zip(&set)
                    .map(|(&i, c)| match prefixes.iter().find(|(p, _)| p == c) {
                        Some((_, n)) => row[i].chars().take(*n as usize).collect(),
                        None => row[i].clone(),
                    })
                    .collect();
                if key.iter().any(|k| k == NULL) {
                    continue;
                }
                if !seen.insert(key.clone()) {
                    problems.push(format!(
                        "{} row {r}: duplicate ({}) = {key:?}",
                        t.name,
                        set.join(", ")
                    ));
                }
            }
        }
        // FOREIGN KEY.
        for fk in &t.foreign_keys {
            let Some(parent) = schema.table(&fk.references.table) else {
                continue;
            };
            let pcsv = &data[&parent.name.to_string()];
            let cidx: Option<Vec<usize>> = fk.columns.iter().map(|c| col(t, csv, c)).collect();
            let pidx: Option<Vec<usize>> = fk
                .references
                .columns
                .iter()
                .map(|c| col(parent, pcsv, c))
                .collect();
            let (Some(cidx), Some(pidx)) = (cidx, pidx) else {
                continue;
            };
            let mut keys: HashSet<Vec<&str>> = pcsv
                .rows
                .iter()
                .map(|row| pidx.iter().map(|&i| row[i].as_str()).collect())
                .collect();
            // Rows the inputs insert themselves are parents too.
            let seeded = seed_keys(parent, &fk.references.columns);
            keys.extend(
                seeded
                    .iter()
                    .map(|k| k.iter().map(String::as_str).collect()),
            );
            for (r, row) in csv.rows.iter().enumerate() {
                let key: Vec<&str> = cidx.iter().map(|&i| row[i].as_str()).collect();
                if key.contains(&NULL) {
                    continue;
                }
                if !keys.contains(&key) {
                    problems.push(format!(
                        "{} row {r}: ({}) = {key:?} has no row in {}",
                        t.name,
                        fk.columns.join(", "),
                        parent.name
                    ));
                }
            }
        }
        // CHECK (table and domain).
        let mut checks: Vec<(sqlparser::ast::Expr, Option<&str>, String)> = Vec::new();
        for ch in &t.checks {
            if let Ok(e) = ch.parse(dialect) {
                checks.push((e, None, ch.expr.clone()));
            }
        }
        for c in &t.columns {
            if let Some(d) = c
                .domain
                .as_ref()
                .and_then(|d| schema.domains.iter().find(|x| x.name.matches(d)))
            {
                for ch in &d.checks {
                    if let Ok(e) = ch.parse(dialect) {
                        checks.push((e, Some(c.name.as_str()), ch.expr.clone()));
                    }
                }
            }
        }
        for (e, value_col, text) in &checks {
            for (r, row) in csv.rows.iter().enumerate() {
                let env = RowEnv {
                    table: t,
                    csv,
                    row,
                    value_col: *value_col,
                    now,
                };
                if !check::passes(&check::eval(e, &env)) {
                    problems.push(format!("{} row {r}: CHECK ({text}) fails", t.name));
                }
            }
        }
    }
    problems.truncate(20);
    problems
        .into_iter()
        .map(|p| format!("{file}: {p}"))
        .collect()
}

#[test]
fn every_corpus_schema_generates_valid_data() {
    let entries = corpus();
    let own = entries
        .iter()
        .filter(|e| e.0.starts_with("in-repo/"))
        .count();
    let shared = entries.len() - own;
    assert!(
        own >= 9 && (shared == 0 || shared >= 47),
        "the corpus has {own} entries of its own and {shared} shared",
    );
    let mut outcomes = Vec::new();
    for (entry, path) in &entries {
        let name = path.display().to_string();
        let schema = match Schema::from_path(path, None) {
            Ok(s) => s,
            Err(e) => {
                outcomes.push((entry.clone(), Err(format!("{e}"))));
                continue;
            }
        };
        let plan = match Plan::new(schema.clone(), &settings_for(path, &schema)) {
            Ok(p) => p,
            Err(e) => {
                outcomes.push((entry.clone(), Err(format!("{e}"))));
                continue;
            }
        };
        let dir = std::env::temp_dir().join(format!(
            "seedgen-corpus-{}-{}",
            std::process::id(),
            entry.replace(['/', '.'], "_")
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let generation = Generation::new(&plan, 2, 1000).unwrap();
        let opts = CsvOptions {
            null: NULL.into(),
            ..CsvOptions::default()
        };
        let out = OutputDir::new(&dir, true).unwrap();
        let problems = match write_csv_dir(&generation, out, &opts, Default::default()) {
            Err(e) => vec![format!("generation failed: {e}")],
            Ok(_) => validate(&schema, &plan, &dir, &name),
        };
        let _ = std::fs::remove_dir_all(&dir);
        outcomes.push((
            entry.clone(),
            if problems.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{} problems: {}",
                    problems.len(),
                    problems.join("; ")
                ))
            },
        ));
    }
    let mut failures = Vec::new();
    eprintln!("corpus CSV validation: {} entries", outcomes.len());
    for (entry, o) in &outcomes {
        let known = KNOWN.iter().find(|(e, _)| e == entry);
        match (o, known) {
            (Ok(()), None) => eprintln!("  ok    {entry}"),
            (Ok(()), Some(_)) => failures.push(format!("{entry} passes: take it off KNOWN")),
            (Err(e), Some((_, why))) => eprintln!("  known {entry}: {why}: {e}"),
            (Err(e), None) => {
                eprintln!("  FAIL  {entry}: {e}");
                failures.push(format!("{entry}: {e}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Columns whose name says what they hold get a generator for it, not generic text.
#[test]
fn telling_column_names_get_semantic_generators() {
    const TELLING: &[&str] = &[
        "email",
        "phone",
        "firstname",
        "lastname",
        "city",
        "url",
        "postalcode",
        "country",
        "address",
        "username",
        "company",
        "fax",
    ];
    const GENERIC: &[&str] = &["words", "sentence", "letters", "paragraph"];
    let mut bad = Vec::new();
    let entries = corpus();
    for (entry, path) in entries {
        if KNOWN.iter().any(|(e, _)| *e == entry) {
            continue;
        }
        let schema = Schema::from_path(&path, None).unwrap();
        let plan = Plan::new(
            schema,
            &Settings {
                rows: Some(10),
                ..Settings::default()
            },
        )
        .unwrap_or_else(|e| panic!("{entry}: {e}"));
        for t in plan.tables() {
            for c in t.columns() {
                let n: String = c
                    .name()
                    .to_lowercase()
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                let telling = TELLING
                    .iter()
                    .any(|w| n == *w || n.ends_with(w) && !n.ends_with("id"));
                if telling
                    && plan.schema().type_class(c.sql_type()) == TypeClass::Text
                    && GENERIC.contains(&c.generator())
                {
                    bad.push(format!(
                        "{}: {}.{} got {}",
                        path.display(),
                        t.name(),
                        c.name(),
                        c.generator()
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

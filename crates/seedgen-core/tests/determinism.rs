//! The determinism contract (DESIGN.md): a cell is a pure function of (seed, table,
//! column, row index, data version) and the plan.
//!
//! The golden hashes below pin data version 1 of two example schemas. A changed hash
//! means changed data: that is only acceptable as a deliberate data-version change
//! (bump `random::rng::DATA_VERSION`, update the hashes, say so in the changelog).

use std::path::Path;

use arrow_array::RecordBatch;
use seedgen_core::engine::Generation;
use seedgen_core::output::csv::{CsvOptions, CsvWriter};
use seedgen_core::output::BatchWriter;
use seedgen_core::schema::Schema;
use seedgen_core::{Plan, Settings};
use sha2::{Digest, Sha256};

fn example(name: &str) -> Schema {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas")
        .join(name);
    Schema::from_path(p, None).unwrap()
}

fn settings(rows: u64) -> Settings {
    Settings {
        seed: Some(42),
        rows: Some(rows),
        ..Settings::default()
    }
}

/// All tables of a plan as CSV, in load order, each preceded by its name.
fn csv_of(plan: &Plan, threads: usize, batch_size: usize) -> Vec<u8> {
    let g = Generation::new(plan, threads, batch_size).unwrap();
    let mut out = Vec::new();
    for &t in plan.load_order() {
        let tp = &plan.tables()[t];
        out.extend_from_slice(format!("== {}\n", tp.name()).as_bytes());
        let mut w = CsvWriter::new(Vec::new(), "mem", CsvOptions::default());
        g.for_each_batch(t, 0..tp.rows(), |b| w.write(&b)).unwrap();
        w.finish().unwrap();
        out.extend(w.into_inner());
    }
    out
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn golden_hashes_of_the_example_schemas() {
    let shop = Plan::new(example("shop.sql"), &settings(500)).unwrap();
    let saas = Plan::new(example("saas.sql"), &settings(500)).unwrap();
    assert_eq!(
        sha256(&csv_of(&shop, 1, 8192)),
        GOLDEN_SHOP,
        "shop.sql data changed"
    );
    assert_eq!(
        sha256(&csv_of(&saas, 1, 8192)),
        GOLDEN_SAAS,
        "saas.sql data changed"
    );
}

const GOLDEN_SHOP: &str = "e56d68611f5ba621f8ae8e1bdd1e6fb86a4b7c4acb61bd60f683b05fb3b289cf";
const GOLDEN_SAAS: &str = "21183a70436ee6b17d93740187d1291bbb1791dc0d01cd5726145fd501aa4802";

#[test]
fn same_bytes_whatever_the_threads_and_batch_size() {
    for file in ["shop.sql", "saas.sql", "blog.sql"] {
        let plan = Plan::new(example(file), &settings(3000)).unwrap();
        let one = csv_of(&plan, 1, 8192);
        assert_eq!(one, csv_of(&plan, 2, 8192), "{file}: 1 vs 2 threads");
        assert_eq!(one, csv_of(&plan, 2, 7), "{file}: batch size 7");
        assert_eq!(one, csv_of(&plan, 1, 1000), "{file}: batch size 1000");
    }
}

#[test]
fn a_row_range_alone_equals_those_rows_of_the_whole() {
    let plan = Plan::new(example("shop.sql"), &settings(2000)).unwrap();
    for t in 0..plan.tables().len() {
        let whole = plan.batch(t, 0..2000).unwrap();
        let part = plan.batch(t, 700..1234).unwrap();
        assert_eq!(part, whole.slice(700, 534), "{}", plan.tables()[t].name());
        // Parts concatenate to the whole.
        let a = plan.batch(t, 0..999).unwrap();
        let b = plan.batch(t, 999..2000).unwrap();
        assert_eq!(csv(&[a, b]), csv(&[whole]));
    }
}

fn csv(batches: &[RecordBatch]) -> Vec<u8> {
    let mut w = CsvWriter::new(Vec::new(), "mem", CsvOptions::default());
    for b in batches {
        w.write(b).unwrap();
    }
    w.into_inner()
}

#[test]
fn adding_a_column_leaves_the_other_columns_unchanged() {
    let base = example("shop.sql");
    let mut wider = base.clone();
    let users = wider
        .tables
        .iter_mut()
        .find(|t| t.name.name == "customers")
        .unwrap();
    let mut extra = users.columns[1].clone();
    extra.name = "nickname".into();
    users.columns.insert(2, extra);
    let a = Plan::new(base, &settings(800)).unwrap();
    let b = Plan::new(wider, &settings(800)).unwrap();
    for t in 0..a.tables().len() {
        let ba = a.batch(t, 0..800).unwrap();
        let bb = b.batch(t, 0..800).unwrap();
        for f in ba.schema().fields() {
            assert_eq!(
                ba.column_by_name(f.name()).unwrap(),
                bb.column_by_name(f.name()).unwrap(),
                "{}.{} changed when a column was added",
                a.tables()[t].name(),
                f.name()
            );
        }
    }
}

#[test]
fn time_comes_from_as_of_never_from_the_clock() {
    let plan = Plan::new(example("shop.sql"), &settings(300)).unwrap();
    let explicit = Plan::new(
        example("shop.sql"),
        &Settings {
            as_of: Some("2025-01-01T00:00:00Z".into()),
            ..settings(300)
        },
    )
    .unwrap();
    assert_eq!(csv_of(&plan, 1, 100), csv_of(&explicit, 1, 100));
    let later = Plan::new(
        example("shop.sql"),
        &Settings {
            as_of: Some("2030-06-01".into()),
            ..settings(300)
        },
    )
    .unwrap();
    assert_ne!(csv_of(&plan, 1, 100), csv_of(&later, 1, 100));
}

#[test]
fn a_different_seed_gives_different_data() {
    let a = Plan::new(example("shop.sql"), &settings(100)).unwrap();
    let b = Plan::new(
        example("shop.sql"),
        &Settings {
            seed: Some(43),
            ..settings(100)
        },
    )
    .unwrap();
    assert_ne!(csv_of(&a, 1, 100), csv_of(&b, 1, 100));
}

//! Generation by family of generator, and each output sink on the same batches.
//!
//! Each generator family is a one-column table (plus its key), so the figure is that
//! generator's rows per second; `fk_pick` is a child table picking parents. The sinks
//! spell the same 8,192 rows of the example shop's `orders` table.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use seedgen_core::engine::Generation;
use seedgen_core::output::csv::{encode_rows, CsvOptions};
use seedgen_core::output::parquet::{ParquetOptions, ParquetWriter};
use seedgen_core::output::sql::{write_sql_script, SqlOptions};
use seedgen_core::output::BatchWriter;
use seedgen_core::schema::{Dialect, Schema};
use seedgen_core::{Plan, Settings};

const ROWS: u64 = 8192;

fn plan(ddl: &str, rows: u64) -> Plan {
    let schema = Schema::from_sql(ddl, Some(Dialect::Postgres)).expect("schema reads");
    let settings = Settings {
        seed: Some(1),
        rows: Some(rows),
        ..Settings::default()
    };
    Plan::new(schema, &settings).expect("plan")
}

fn generators(c: &mut Criterion) {
    let families = [
        ("ints", "CREATE TABLE t (id bigint PRIMARY KEY, v integer NOT NULL CHECK (v BETWEEN 0 AND 1000000));"),
        ("decimals", "CREATE TABLE t (id bigint PRIMARY KEY, v numeric(12,2) NOT NULL);"),
        ("timestamps", "CREATE TABLE t (id bigint PRIMARY KEY, v timestamptz NOT NULL);"),
        ("names", "CREATE TABLE t (id bigint PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL);"),
        ("emails", "CREATE TABLE t (id bigint PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);"),
        ("text", "CREATE TABLE t (id bigint PRIMARY KEY, description text NOT NULL);"),
        ("uuids", "CREATE TABLE t (id uuid PRIMARY KEY);"),
    ];
    let mut group = c.benchmark_group("generator");
    group.throughput(Throughput::Elements(ROWS));
    for (name, ddl) in families {
        let p = plan(ddl, 1_000_000);
        let t = p.load_order()[0];
        group.bench_function(name, |b| {
            b.iter(|| p.batch(t, 500_000..500_000 + ROWS).expect("batch"))
        });
    }
    let p = plan(
        "CREATE TABLE parent (id bigint PRIMARY KEY);
         CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parent(id));",
        1_000_000,
    );
    let child = p.load_order()[1];
    group.bench_function("fk_pick", |b| {
        b.iter(|| p.batch(child, 500_000..500_000 + ROWS).expect("batch"))
    });
    group.finish();
}

fn sinks(c: &mut Criterion) {
    let ddl = include_str!("../../schemas/shop.sql");
    let p = plan(ddl, 100_000);
    let orders = (0..p.tables().len())
        .find(|&t| p.tables()[t].name().name == "orders")
        .expect("shop has orders");
    let batch = p.batch(orders, 0..ROWS).expect("batch");
    let mut group = c.benchmark_group("sink");
    group.throughput(Throughput::Elements(ROWS));
    group.bench_function("csv", |b| {
        let opts = CsvOptions::default();
        let mut out = String::new();
        b.iter(|| {
            out.clear();
            encode_rows(&opts, &batch, &mut out);
            out.len()
        })
    });
    group.bench_function("copy", |b| {
        let mut out = String::new();
        b.iter(|| {
            out.clear();
            seedgen_core::output::copy::encode_rows(&batch, &[], &mut out);
            out.len()
        })
    });
    group.bench_function("jsonl", |b| {
        let mut out = String::new();
        b.iter(|| {
            out.clear();
            seedgen_core::output::jsonl::encode_rows(&batch, None, &mut out);
            out.len()
        })
    });
    for (name, opts) in [
        (
            "parquet_zstd",
            ParquetOptions::default().for_table(&p, orders),
        ),
        (
            "parquet_snappy",
            ParquetOptions {
                codec: seedgen_core::output::parquet::Codec::Snappy,
                ..ParquetOptions::default().for_table(&p, orders)
            },
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Vec::new();
                let mut w =
                    ParquetWriter::new(&mut out, "bench", batch.schema(), &opts).expect("writer");
                w.write(&batch).expect("write");
                w.finish().expect("finish");
                drop(w);
                out.len()
            })
        });
    }
    group.finish();

    // SQL is written from a generation (statements span batches): the whole table of
    // 8,192 rows generated and written, next to generating it alone.
    let small = plan(ddl, ROWS);
    let g = Generation::new(&small, 1, 8192).expect("generation");
    let mut group = c.benchmark_group("generate_and_write");
    group.throughput(Throughput::Elements(
        small.tables().iter().map(|t| t.rows()).sum(),
    ));
    group.bench_function(BenchmarkId::new("all_tables", "generate_only"), |b| {
        b.iter(|| {
            let mut n = 0;
            for &t in small.load_order() {
                g.for_each_batch(t, 0..small.tables()[t].rows(), |b| {
                    n += b.num_rows();
                    Ok(())
                })
                .expect("generate");
            }
            n
        })
    });
    group.bench_function(BenchmarkId::new("all_tables", "sql"), |b| {
        let opts = SqlOptions {
            dialect: Dialect::Postgres,
            batch_rows: 500,
            create: None,
        };
        b.iter(|| {
            let mut out = Vec::new();
            write_sql_script(&g, &mut out, std::path::Path::new("bench"), &opts).expect("sql");
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, generators, sinks);
criterion_main!(benches);

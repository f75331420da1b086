//! Reading and planning a schema of many tables: the time must grow with the schema,
//! not with its square. A DDL of 1,000 tables (about 9 MB: 40 columns, two foreign keys,
//! a UNIQUE, a CHECK and a COMMENT per column each) is read and planned; `seedgen plan`
//! of 5,000 such tables is measured by `benches/large_schema.sh`.

use std::fmt::Write;

use criterion::{criterion_group, criterion_main, Criterion};
use seedgen_core::schema::Schema;
use seedgen_core::{Plan, Settings};

/// A DDL of `n` tables shaped like a large application's.
pub fn large_ddl(n: usize) -> String {
    const TYPES: [&str; 10] = [
        "integer",
        "bigint",
        "varchar(100)",
        "text",
        "numeric(12,2)",
        "timestamp with time zone",
        "date",
        "boolean",
        "uuid",
        "jsonb",
    ];
    const NAMES: [&str; 8] = [
        "name",
        "email",
        "status",
        "amount",
        "created_at",
        "code",
        "city",
        "note",
    ];
    let mut out = String::new();
    for i in 0..n {
        let _ = writeln!(out, "CREATE TABLE t{i} (\n  id bigserial PRIMARY KEY,");
        for j in 0..40 {
            let nn = if j % 3 == 0 { " NOT NULL" } else { "" };
            let _ = writeln!(
                out,
                "  col_{j}_{} {}{nn},",
                NAMES[j % 8],
                TYPES[(i + j) % 10]
            );
        }
        for k in 0..2 {
            if i > 0 {
                let _ = writeln!(
                    out,
                    "  parent{k}_id bigint REFERENCES t{}(id),",
                    (i * 7 + k * 13) % i
                );
            }
        }
        let _ = writeln!(
            out,
            "  code_{i} varchar(40) UNIQUE,\n  CONSTRAINT t{i}_chk CHECK (col_3_amount >= 0)\n);"
        );
        for j in 0..40 {
            let _ = writeln!(
                out,
                "COMMENT ON COLUMN t{i}.col_{j}_{} IS 'Column {j} of table {i}: {}';",
                NAMES[j % 8],
                "x".repeat(120)
            );
        }
        let _ = writeln!(out, "CREATE INDEX t{i}_idx ON t{i} (col_1_email);");
    }
    out
}

fn large(c: &mut Criterion) {
    let ddl = large_ddl(1000);
    let mut group = c.benchmark_group("large_schema");
    group.sample_size(10);
    group.bench_function("read 1,000 tables", |b| {
        b.iter(|| Schema::from_sql(std::hint::black_box(&ddl), None).expect("reads"))
    });
    let schema = Schema::from_sql(&ddl, None).expect("reads");
    group.bench_function("plan 1,000 tables", |b| {
        b.iter(|| Plan::new(schema.clone(), &Settings::default()).expect("plans"))
    });
    group.finish();
}

criterion_group!(benches, large);
criterion_main!(benches);

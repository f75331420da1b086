//! Reading schemas: the largest file of the real corpus (pg_dump of AdventureWorks,
//! 281 KB, 68 tables) and the example schemas shipped with the project.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seedgen_core::schema::Schema;

fn read(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut inputs = vec![root.join("schemas/shop.sql")];
    let largest = root.join("../shared/schemas/real/pgdump/adventureworks.sql");
    if largest.is_file() {
        inputs.push(largest);
    } else {
        eprintln!("SKIP: ../shared/schemas/real not found; benchmarking the example schema only");
    }
    let mut group = c.benchmark_group("schema_read");
    for path in inputs {
        let text = std::fs::read_to_string(&path).expect("read schema");
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| Schema::from_sql(std::hint::black_box(&text), None).expect("schema reads"))
        });
    }
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);

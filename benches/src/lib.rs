//! Criterion benchmarks for seedgen; run them with `cargo bench -p seedgen-benches`.

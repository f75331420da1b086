//! The cost of a cell's random stream: the hand-written SplitMix64 counter stream that
//! `random::rng` uses (written out again here, as it is a private module) against
//! `rand_chacha`'s ChaCha8, seeked per cell (`set_stream` per column, `set_word_pos` per
//! row, as a counter-based contract needs) and read in order within a batch. Each cell
//! takes three 64-bit draws; a batch is 8,192 rows of 8 columns.
//!
//! `cargo bench -p seedgen-benches --bench cell_streams`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

const ROWS: u64 = 8192;
const COLUMNS: u64 = 8;
const DRAWS: u64 = 3;
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn combine(key: u64, part: u64) -> u64 {
    mix(key ^ mix(part.wrapping_add(GAMMA)))
}

fn splitmix_batch() -> u64 {
    let mut acc = 0u64;
    for c in 0..COLUMNS {
        let key = combine(42, c);
        for row in 0..ROWS {
            let mut state = combine(key, row);
            for _ in 0..DRAWS {
                state = state.wrapping_add(GAMMA);
                acc ^= mix(state);
            }
        }
    }
    acc
}

fn chacha_seeked_batch(rng: &mut ChaCha8Rng) -> u64 {
    let mut acc = 0u64;
    for c in 0..COLUMNS {
        rng.set_stream(c);
        for row in 0..ROWS {
            // Two 32-bit words per draw.
            rng.set_word_pos(u128::from(row * DRAWS * 2));
            for _ in 0..DRAWS {
                acc ^= rng.next_u64();
            }
        }
    }
    acc
}

fn chacha_sequential_batch(rng: &mut ChaCha8Rng) -> u64 {
    let mut acc = 0u64;
    for c in 0..COLUMNS {
        rng.set_stream(c);
        rng.set_word_pos(0);
        for _ in 0..ROWS * DRAWS {
            acc ^= rng.next_u64();
        }
    }
    acc
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("cell_streams");
    g.throughput(Throughput::Elements(ROWS * COLUMNS));
    g.bench_function("splitmix64_per_cell", |b| {
        b.iter(|| black_box(splitmix_batch()))
    });
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    g.bench_function("chacha8_seeked_per_cell", |b| {
        b.iter(|| black_box(chacha_seeked_batch(&mut rng)))
    });
    g.bench_function("chacha8_sequential_per_column", |b| {
        b.iter(|| black_box(chacha_sequential_batch(&mut rng)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The randomness contract: every draw is a pure function of names and indexes.
//!
//! A cell's stream is keyed by `(seed, table, column, row, attempt)`. Names are hashed
//! with 64-bit FNV-1a (a published, fixed algorithm, unlike `std`'s `DefaultHasher`), and
//! the key is mixed into a SplitMix64 state; each draw advances the state by the golden
//! gamma and applies the SplitMix64 finalizer (Steele, Lea and Flood, 2014). Both are
//! written out here, so no dependency upgrade can change a value; `golden_values` below
//! pins them. Changing anything in this file changes every generated value: that is a new
//! data version (see `DATA_VERSION`).

/// The newest data version, the default: bumped whenever a change alters generated
/// values for the same seed. Older versions stay available (`Settings::data_version`)
/// and keep their golden hashes.
pub const DATA_VERSION: u32 = 2;

/// The oldest data version this release still reproduces byte for byte.
pub const OLDEST_DATA_VERSION: u32 = 1;

const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// 64-bit FNV-1a of a name: stable across platforms, releases and compilers.
pub fn name_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The SplitMix64 finalizer: a bijection on `u64` that scatters every input bit.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Combines a key with one more component (order matters).
#[inline]
pub fn combine(key: u64, part: u64) -> u64 {
    mix(key ^ mix(part.wrapping_add(GAMMA)))
}

/// A key for one column of one table under one seed; rows and attempts are added per cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnKey(pub u64);

impl ColumnKey {
    /// The key of `table.column` (or of any named stream within a table) under `seed`.
    pub fn new(seed: u64, table: &str, column: &str) -> Self {
        ColumnKey(combine(
            combine(mix(seed ^ 0x5eed_5eed), name_hash(table)),
            name_hash(column),
        ))
    }

    /// The stream of draws for one row (attempt 0 is the first try).
    #[inline]
    pub fn stream(self, row: u64, attempt: u32) -> Stream {
        let mut k = combine(self.0, row);
        if attempt > 0 {
            k = combine(k, u64::from(attempt));
        }
        Stream { state: k }
    }

    /// A single draw for `row`, for callers that need just one number.
    #[inline]
    pub fn draw(self, row: u64) -> u64 {
        self.stream(row, 0).next_u64()
    }
}

/// A short SplitMix64 stream: the draws of one cell.
#[derive(Debug, Clone)]
pub struct Stream {
    state: u64,
}

impl Stream {
    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix(self.state)
    }

    /// A number in `0..n` (Lemire's multiply-shift; `n` = 0 gives 0).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi` for any `i128` bounds (`lo <= hi`).
    pub fn range_i128(&mut self, lo: i128, hi: i128) -> i128 {
        let span = (hi - lo) as u128;
        if span < u128::from(u64::MAX) {
            lo + i128::from(self.below(span as u64 + 1))
        } else {
            let x = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
            lo + (x % (span + 1)) as i128
        }
    }

    /// A uniform float in `[0, 1)` from 53 bits.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.unit() < p
    }

    /// One word of a non-empty list.
    #[inline]
    pub fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    /// One element of a non-empty slice.
    #[inline]
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// These numbers are the contract: if this test fails, generated data changed.
    #[test]
    fn golden_values() {
        assert_eq!(name_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(name_hash("users"), 4_767_205_828_091_196_211);
        let key = ColumnKey::new(42, "users", "email");
        let mut s = key.stream(7, 0);
        let draws: Vec<u64> = (0..3).map(|_| s.next_u64()).collect();
        assert_eq!(draws, GOLDEN_DRAWS);
    }

    const GOLDEN_DRAWS: [u64; 3] = [
        13_589_158_530_263_348_990,
        6_968_565_293_542_090_087,
        5_218_552_888_131_625_376,
    ];

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let key = ColumnKey::new(1, "t", "c");
        let mut seen = [false; 7];
        for row in 0..1000 {
            let v = key.stream(row, 0).below(7);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn attempts_and_rows_give_different_streams() {
        let key = ColumnKey::new(1, "t", "c");
        assert_ne!(key.stream(1, 0).next_u64(), key.stream(1, 1).next_u64());
        assert_ne!(key.stream(1, 0).next_u64(), key.stream(2, 0).next_u64());
        assert_ne!(
            ColumnKey::new(1, "t", "c").draw(0),
            ColumnKey::new(2, "t", "c").draw(0)
        );
    }
}

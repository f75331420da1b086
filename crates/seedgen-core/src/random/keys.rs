//! Key functions: injective maps from a row index to a value, with no memory of the
//! values already produced.
//!
//! - [`Permutation`]: a keyed bijection of `0..n` (a balanced Feistel network on the
//!   smallest even number of bits that covers `n`, with cycle walking), so a unique
//!   column can look random and still never repeat.
//! - [`encode_text`]: an invertible encoding of a number into a fixed alphabet and length.
//! - [`uuid_for`]: a version-4-shaped UUID that embeds a bijection of the index.

use super::rng::{combine, mix};

/// A keyed bijection of `0..n`.
#[derive(Debug, Clone, Copy)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
    /// `combine(key, round)` for each round, computed once.
    round_keys: [u64; ROUNDS as usize],
}

const ROUNDS: u64 = 6;

impl Permutation {
    /// The permutation of `0..n` chosen by `key`.
    pub fn new(n: u64, key: u64) -> Self {
        let bits = 64 - n.saturating_sub(1).leading_zeros();
        let half_bits = bits.div_ceil(2).max(1);
        let mut round_keys = [0; ROUNDS as usize];
        for (round, k) in (0..ROUNDS).zip(round_keys.iter_mut()) {
            *k = combine(key, round);
        }
        Permutation {
            n,
            half_bits,
            round_keys,
        }
    }

    /// The size of the domain.
    pub fn len(&self) -> u64 {
        self.n
    }

    /// The image of `i` (`i < n`). Cycle walking: re-apply the network until the value
    /// falls inside `0..n`; as the network's domain is less than 4n, this takes fewer than
    /// four rounds on average.
    #[inline]
    pub fn apply(&self, i: u64) -> u64 {
        if self.n <= 1 {
            return 0;
        }
        let mut x = i;
        loop {
            x = self.feistel(x);
            if x < self.n {
                return x;
            }
        }
    }

    #[inline]
    fn feistel(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let mut l = x >> self.half_bits;
        let mut r = x & mask;
        for k in self.round_keys {
            let f = mix(k ^ r) & mask;
            let next = l ^ f;
            l = r;
            r = next;
        }
        (l << self.half_bits) | r
    }
}

/// Writes `value` in `alphabet` as exactly `len` characters (most significant first).
/// Injective for `value < alphabet.len() ^ len`.
pub fn encode_text(mut value: u128, alphabet: &[char], len: usize, out: &mut String) {
    let base = alphabet.len() as u128;
    let start = out.len();
    for _ in 0..len {
        out.push(alphabet[(value % base) as usize]);
        value /= base;
    }
    // Reverse the pushed characters so the most significant digit comes first.
    let tail: String = out[start..].chars().rev().collect();
    out.truncate(start);
    out.push_str(&tail);
}

/// How many distinct strings of `len` characters from an alphabet of `base` exist,
/// saturating at `u128::MAX`.
pub fn text_capacity(base: u64, len: u64) -> u128 {
    let mut c: u128 = 1;
    for _ in 0..len {
        c = c.saturating_mul(u128::from(base));
    }
    c
}

/// A UUID (version 4 layout) whose 64 index bits are a bijection of `i`: distinct `i`
/// give distinct UUIDs.
pub fn uuid_for(i: u64, key: u64, out: &mut String) {
    let x = mix(i ^ key); // bijective in i
    let lo = mix(x ^ 0xa5a5_a5a5_a5a5_a5a5);
    let mut b = [0u8; 16];
    b[..6].copy_from_slice(&x.to_le_bytes()[..6]);
    b[6] = 0x40 | ((x >> 48) & 0x0f) as u8;
    b[7] = ((x >> 52) & 0xff) as u8;
    b[8] = 0x80 | ((x >> 60) & 0x0f) as u8;
    b[9..].copy_from_slice(&lo.to_le_bytes()[..7]);
    write_uuid(&b, out);
}

/// Writes 16 bytes in the 8-4-4-4-12 hexadecimal form.
pub fn write_uuid(b: &[u8; 16], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (k, byte) in b.iter().enumerate() {
        if matches!(k, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[(byte >> 4) as usize] as char);
        out.push(HEX[(byte & 0xf) as usize] as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn permutation_is_a_bijection_for_awkward_sizes() {
        for n in [1u64, 2, 3, 5, 17, 100, 1000, 4097] {
            let p = Permutation::new(n, 99);
            let seen: HashSet<u64> = (0..n).map(|i| p.apply(i)).collect();
            assert_eq!(seen.len() as u64, n);
            assert!(seen.iter().all(|&v| v < n));
        }
    }

    #[test]
    fn text_encoding_is_injective() {
        let alpha: Vec<char> = "AB".chars().collect();
        let all: HashSet<String> = (0..8u128)
            .map(|v| {
                let mut s = String::new();
                encode_text(v, &alpha, 3, &mut s);
                s
            })
            .collect();
        assert_eq!(all.len(), 8);
        assert!(all.contains("AAA") && all.contains("BBB"));
        assert_eq!(text_capacity(26, 2), 676);
    }

    #[test]
    fn uuids_are_distinct_and_well_formed() {
        let mut seen = HashSet::new();
        for i in 0..10_000 {
            let mut s = String::new();
            uuid_for(i, 7, &mut s);
            assert_eq!(s.len(), 36);
            assert_eq!(&s[14..15], "4");
            assert!(matches!(&s[19..20], "8" | "9" | "a" | "b"));
            assert!(seen.insert(s));
        }
    }
}

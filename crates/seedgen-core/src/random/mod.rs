//! The determinism contract: name hashes, the streams every value is drawn from, and
//! the permutations and codes that make keys unique without memory.

pub(crate) mod keys;
pub(crate) mod laws;
pub(crate) mod rng;

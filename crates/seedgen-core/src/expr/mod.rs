//! SQL expressions of the schema evaluated on values: CHECK constraints (three-valued,
//! as the databases do), the narrowings read from them, and `LIKE` and the regular
//! expression subset (matching and generating). Below the planner, which reads CHECKs,
//! and the engine, which guards every row with them.

pub mod check;
pub(crate) mod pattern;

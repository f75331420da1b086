//! Foreign keys: which parent row a child row points to, as a pure function of the
//! child's row index.

use std::sync::Arc;

use crate::random::keys::Permutation;
use crate::random::rng::{ColumnKey, Stream};

/// How a foreign key picks its parent index.
#[derive(Debug, Clone)]
pub enum Pick {
    /// Any parent, equally likely.
    Uniform,
    /// Children in parent order.
    Sequential,
    /// Skewed towards low parent ranks (continuous Zipf approximation).
    Zipf {
        /// Exponent.
        s: f64,
    },
    /// Skewed by default (data version 2): the rank `⌊n·u²⌋` of a uniform `u`, so the
    /// first ranks get most children (the top parent of 2,000 about 45 times the mean,
    /// the median one about 0.7 times), and ranks are scattered over the parents by a
    /// permutation, so the busy parents are not the first rows.
    Skewed(Permutation),
    /// At most one child per parent (the foreign key is also unique).
    Injective(Permutation),
    /// One digit of a permuted index over the product of several parents' counts: the
    /// tuple of parents is unique across rows (junction tables).
    Junction {
        /// Permutation of `0..product`.
        perm: Permutation,
        /// Divisor to reach this key's digit.
        divisor: u64,
    },
    /// An earlier row of the same table (row 0 gets itself or NULL).
    SelfEarlier,
    /// A fixed number of children per parent.
    PerParent(Arc<PerParent>),
    /// Among the parent rows of the same scope as this row (a tenant-scoped key): the
    /// scope comes from foreign key `via` of this table (through the parent's foreign key
    /// `parent_scope` when `via` goes to a scoped table), and the parent's rows of scope
    /// `k` are those its sequential foreign key gives to `k`. Resolved by the row builder.
    Scoped {
        /// This table's foreign key that sets the scope.
        via: usize,
        /// (table, foreign key) leading from `via`'s parent to the scope table.
        parent_scope: Option<(usize, usize)>,
        /// Rows of the scope table.
        scope_rows: u64,
        /// Rows of the parent table.
        target_rows: u64,
        /// The parent is this table: only earlier rows of the scope.
        self_ref: bool,
        /// Distinct parents for the rows sharing `via`'s parent (junction tables).
        unique_in_block: bool,
    },
}

/// Rows `0..rows` assigned sequentially to `parents` parents: the rows of parent `k`.
pub fn sequential_rows(k: u64, parents: u64, rows: u64) -> (u64, u64) {
    let at =
        |k: u64| ((u128::from(k) * u128::from(rows)).div_ceil(u128::from(parents.max(1)))) as u64;
    (at(k), at(k + 1).min(rows))
}

impl Pick {
    /// The parent index for `row` of `rows`, among `parents` parents.
    pub fn pick(&self, row: u64, rows: u64, parents: u64, s: &mut Stream) -> u64 {
        match self {
            Pick::Uniform => s.below(parents),
            Pick::Sequential => {
                ((u128::from(row) * u128::from(parents)) / u128::from(rows.max(1))) as u64
            }
            Pick::Zipf { s: e } => zipf(parents, *e, s.unit()),
            Pick::Skewed(p) => {
                let u = s.unit();
                let rank = ((u * u) * parents as f64) as u64;
                let rank = rank.min(parents.saturating_sub(1));
                // Ranks past the permutation (parents that existed before) stay as
                // they are.
                Some(rank)
                    .filter(|&r| r < p.len())
                    .map(|r| p.apply(r))
                    .filter(|&j| j < parents)
                    .unwrap_or(rank)
            }
            Pick::Injective(p) => p.apply(row),
            Pick::Junction { perm, divisor } => (perm.apply(row) / divisor) % parents,
            Pick::SelfEarlier => {
                if row == 0 {
                    0
                } else {
                    s.below(row)
                }
            }
            Pick::PerParent(pp) => pp.parent_of(row),
            Pick::Scoped { .. } => s.below(parents),
        }
    }

    /// The name shown in `seedgen plan`.
    pub fn describe(&self) -> String {
        match self {
            Pick::Uniform => "uniform".into(),
            Pick::Sequential => "sequential".into(),
            Pick::Zipf { s } => format!("zipf(s={s})"),
            Pick::Skewed(_) => "skewed (a few parents have many)".into(),
            Pick::Injective(_) => "one child per parent (unique)".into(),
            Pick::Junction { .. } => "unique parent combination (permutation)".into(),
            Pick::SelfEarlier => "an earlier row of the same table".into(),
            Pick::PerParent(pp) => format!("{} per parent", pp.count.describe()),
            Pick::Scoped { .. } => "within the same scope (tenant) as the row".into(),
        }
    }
}

/// Rank `1..=n` drawn with weight `1/k^s`, by inverting the continuous approximation of
/// the Zipf CDF; returned as an index `0..n`.
fn zipf(n: u64, s: f64, u: f64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let n_f = n as f64;
    let x = if (s - 1.0).abs() < 1e-9 {
        // H(x) = ln x on [1, n+1)
        ((n_f + 1.0).ln() * u).exp()
    } else {
        let a = 1.0 - s;
        let hi = (n_f + 1.0).powf(a);
        (1.0 + u * (hi - 1.0)).powf(1.0 / a)
    };
    (x.floor() as u64).clamp(1, n) - 1
}

/// A count per parent.
#[derive(Debug, Clone, PartialEq)]
pub enum CountDist {
    /// Always `n`.
    Fixed(u64),
    /// Uniform in `min..=max`.
    Range(u64, u64),
    /// Poisson with mean, capped.
    Poisson(f64, u64),
    /// Zipf over `1..=max`.
    Zipf(f64, u64),
    /// Weighted buckets (count, cumulative weight).
    Buckets(Vec<(u64, f64)>),
    /// Exact shares (count, cumulative share): parents ranked by a permutation, the
    /// first shares of the ranks get the first counts, so the counts' histogram is the
    /// one asked for, not a draw from it.
    Strata(Vec<(u64, f64)>),
}

impl CountDist {
    fn draw(&self, s: &mut Stream) -> u64 {
        match self {
            CountDist::Fixed(n) => *n,
            CountDist::Range(a, b) => a + s.below(b - a + 1),
            CountDist::Poisson(mean, cap) => {
                let v = if *mean < 30.0 {
                    // Knuth's method.
                    let l = (-mean).exp();
                    let mut k = 0u64;
                    let mut p = 1.0;
                    loop {
                        p *= s.unit();
                        if p <= l {
                            break k;
                        }
                        k += 1;
                    }
                } else {
                    // Normal approximation (Box–Muller).
                    let (u1, u2) = (s.unit().max(1e-12), s.unit());
                    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                    (mean + z * mean.sqrt()).round().max(0.0) as u64
                };
                v.min(*cap)
            }
            CountDist::Zipf(e, max) => 1 + zipf(*max, *e, s.unit()),
            CountDist::Buckets(b) | CountDist::Strata(b) => {
                let total = b.last().map_or(1.0, |x| x.1);
                let u = s.unit() * total;
                b.iter()
                    .find(|(_, w)| u < *w)
                    .or(b.last())
                    .map_or(0, |x| x.0)
            }
        }
    }

    /// The name shown in `seedgen plan`.
    pub fn describe(&self) -> String {
        match self {
            CountDist::Fixed(n) => format!("{n}"),
            CountDist::Range(a, b) => format!("{a} to {b}"),
            CountDist::Poisson(m, _) => format!("poisson(mean {m})"),
            CountDist::Zipf(e, m) => format!("zipf(s={e}, max {m})"),
            CountDist::Buckets(_) => "weighted buckets".into(),
            CountDist::Strata(b) => format!("a histogram of {} counts", b.len()),
        }
    }
}

const STEP: u64 = 64;

/// Children per parent, with the prefix sums needed to map a child row back to its
/// parent: one checkpoint per 64 parents, so memory is 1/64 of a word per parent.
#[derive(Debug)]
pub struct PerParent {
    /// The count distribution.
    pub count: CountDist,
    key: ColumnKey,
    parents: u64,
    /// `checkpoints[k]` = children of parents `0..k*64`.
    checkpoints: Vec<u64>,
    /// Ranks parents for [`CountDist::Strata`].
    ranks: Option<Permutation>,
    /// [`CountDist::Strata`]: children added to (or taken from) every parent, and to the
    /// parents of the top ranks, so the total is the histogram's mean times the parents.
    adjust: (i64, u64, i64),
}

impl PerParent {
    /// Counts for `parents` parents drawn from `key`.
    pub fn new(count: CountDist, key: ColumnKey, parents: u64) -> Self {
        let mut pp = PerParent {
            count,
            key,
            parents,
            checkpoints: Vec::with_capacity((parents / STEP + 2) as usize),
            ranks: None,
            adjust: (0, 0, 0),
        };
        if let CountDist::Strata(b) = &pp.count {
            pp.ranks = Some(Permutation::new(parents, key.0));
            // Few parents sample the histogram coarsely: correct the total to the mean's.
            let (mut kids, mut weight, mut prev) = (0.0, 0.0, 0.0);
            for (c, w) in b {
                kids += *c as f64 * (w - prev);
                weight += w - prev;
                prev = *w;
            }
            let want = (kids / weight.max(f64::MIN_POSITIVE) * parents as f64).round() as i64;
            let got: i64 = (0..parents).map(|j| pp.count_of(j) as i64).sum();
            let d = want - got;
            if parents > 0 && d != 0 {
                let p = parents as i64;
                pp.adjust = (d.div_euclid(p), d.rem_euclid(p) as u64, 1);
            }
        }
        let mut total = 0u64;
        for j in 0..parents {
            if j % STEP == 0 {
                pp.checkpoints.push(total);
            }
            total += pp.count_of(j);
        }
        pp.checkpoints.push(total);
        pp
    }

    /// Children of parent `j`.
    pub fn count_of(&self, j: u64) -> u64 {
        if let (CountDist::Strata(b), Some(ranks)) = (&self.count, &self.ranks) {
            let total = b.last().map_or(1.0, |x| x.1);
            let r = ranks.apply(j);
            let u = (r as f64 + 0.5) / self.parents.max(1) as f64 * total;
            let base = b
                .iter()
                .find(|(_, w)| u < *w)
                .or(b.last())
                .map_or(0, |x| x.0) as i64;
            let (all, top, one) = self.adjust;
            let extra = if r >= self.parents - top { one } else { 0 };
            return (base + all + extra).max(0) as u64;
        }
        self.count.draw(&mut self.key.stream(j, 0))
    }

    /// Total children.
    pub fn total(&self) -> u64 {
        *self.checkpoints.last().unwrap_or(&0)
    }

    /// The first child of parent `j`: children are numbered in parent order.
    pub fn first_child(&self, j: u64) -> u64 {
        let k = (j / STEP) as usize;
        let mut acc = self
            .checkpoints
            .get(k)
            .copied()
            .unwrap_or_else(|| self.total());
        for x in k as u64 * STEP..j.min(self.parents) {
            acc += self.count_of(x);
        }
        acc
    }

    /// The parent of child `i` (`i < total`).
    pub fn parent_of(&self, i: u64) -> u64 {
        let blocks = &self.checkpoints[..self.checkpoints.len() - 1];
        let k = blocks.partition_point(|&c| c <= i).saturating_sub(1);
        let mut acc = blocks[k];
        let mut j = k as u64 * STEP;
        while j < self.parents {
            let c = self.count_of(j);
            if i < acc + c {
                return j;
            }
            acc += c;
            j += 1;
        }
        self.parents.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_parent_counts_are_exact() {
        let pp = PerParent::new(CountDist::Range(0, 5), ColumnKey::new(1, "o", "pp"), 1000);
        let mut got = vec![0u64; 1000];
        for i in 0..pp.total() {
            got[pp.parent_of(i) as usize] += 1;
        }
        for (j, g) in got.iter().enumerate() {
            assert_eq!(*g, pp.count_of(j as u64), "parent {j}");
        }
    }

    #[test]
    fn strata_give_the_exact_histogram() {
        let cum = vec![(0, 0.25), (1, 0.75), (10, 1.0)];
        let pp = PerParent::new(CountDist::Strata(cum), ColumnKey::new(1, "o", "pp"), 1000);
        let mut hist = std::collections::BTreeMap::new();
        for j in 0..1000 {
            *hist.entry(pp.count_of(j)).or_insert(0) += 1;
        }
        assert_eq!(
            hist.into_iter().collect::<Vec<_>>(),
            [(0, 250), (1, 500), (10, 250)]
        );
        assert_eq!(pp.total(), 500 + 2500);
        // Seven parents cannot hit a 1-in-100 tail: the total still follows the mean.
        let cum = vec![(1, 0.99), (300, 1.0)];
        let pp = PerParent::new(CountDist::Strata(cum), ColumnKey::new(1, "o", "pp"), 7);
        assert_eq!(pp.total(), (3.99f64 * 7.0).round() as u64);
    }

    #[test]
    fn zipf_favours_low_ranks_and_stays_in_range() {
        let key = ColumnKey::new(1, "t", "z");
        let mut hits = [0u32; 10];
        for row in 0..10_000 {
            let v = Pick::Zipf { s: 1.2 }.pick(row, 10_000, 10, &mut key.stream(row, 0));
            hits[v as usize] += 1;
        }
        assert!(hits[0] > hits[1] && hits[1] > hits[5] && hits[9] > 0);
    }
}

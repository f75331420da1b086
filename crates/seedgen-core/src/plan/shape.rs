//! Columns shaped by `distinct` and `histogram` settings (what a profile asks for): exact
//! NULL shares, pools of distinct values, numbers and dates following a histogram.

use super::columns;
use super::passes::Draft;
use super::table::{column_settings, Planner};
use crate::error::{Error, Result};
use crate::plan::ir::bucket_integers;
use crate::plan::ir::{Gen, Profiled, ProfiledSource, Unit};
use crate::random::keys::Permutation;
use crate::random::rng::ColumnKey;

/// A pool counts as large (every value used in turn) above this share of the rows.
const SPREAD_SHARE: u64 = 10;

impl Planner<'_> {
    /// Shapes the columns whose settings give `distinct` or `histogram`; key columns,
    /// foreign keys and columns tied to others by a CHECK keep their generators.
    pub(super) fn shape_columns(&mut self, d: &mut Draft<'_>) -> Result<()> {
        for c in 0..d.table.columns.len() {
            if shapeable(self, d, c) {
                self.shape_column(d, c)?;
            }
        }
        Ok(())
    }

    fn shape_column(&mut self, d: &mut Draft<'_>, c: usize) -> Result<()> {
        let (table, rows) = (d.table, d.rows);
        let col = &table.columns[c];
        let cs = column_settings(self.table_settings, d.ti, col).expect("shapeable");
        let tname = table.name.to_string();
        let path = format!("tables.{tname}.columns.{}", col.name);
        let limits = &d.limits[c];
        let plan = &mut d.columns[c];
        let t = &col.data_type;
        let shape = columns::numeric(t, plan.class);
        let nulls = ((rows as f64) * plan.null_rate).round() as u64;
        let filled = rows - nulls.min(rows);
        let distinct = cs.distinct.map(|n| n.clamp(1, filled.max(1)));
        let spread = distinct.is_some_and(|n| n.saturating_mul(SPREAD_SHARE) > filled);
        let bounds = match (&shape, &cs.histogram) {
            (Some(n), Some(h)) => Some(histogram_bounds(h, n, t, plan, &path)?),
            (Some(n), None) => self.generator_bounds(&plan.gen, n),
            (None, Some(_)) => {
                return Err(Error::Settings {
                    path: path + ".histogram",
                    message: format!("a histogram needs a numeric or date column, not {t}"),
                })
            }
            (None, None) => None,
        };
        // The pool's size, when the values can have it.
        let mut pool_size = distinct;
        let source = match (bounds, &shape) {
            (Some(b), Some(n)) => numbers_within(b, n, &plan.gen, limits),
            _ => {
                let before = plan.gen.clone();
                let mut gen = before.clone();
                if let Some(n) = distinct {
                    // Injective over the pool; the description stays the column's.
                    let said = (plan.generator.clone(), plan.reason.clone());
                    let made = self.make_unique(plan, n, &tname, "pool", limits.clone(), None);
                    (plan.generator, plan.reason) = said;
                    if made.is_ok() {
                        gen = std::mem::replace(&mut plan.gen, before);
                    } else {
                        pool_size = None;
                        self.warnings.push(format!(
                            "{tname}.{}: {n} distinct values asked, but generator {} cannot promise them; its values repeat as they fall",
                            col.name, plan.generator
                        ));
                    }
                }
                ProfiledSource::Pool {
                    gen: Box::new(gen),
                    key: ColumnKey::new(self.seed, &tname, &format!("@pool:{}", col.name)),
                }
            }
        };
        plan.gen = Gen::Profiled(Box::new(Profiled {
            perm: Permutation::new(
                rows,
                ColumnKey::new(self.seed, &tname, &format!("@profiled:{}", col.name)).0,
            ),
            nulls,
            distinct: pool_size,
            spread,
            per_bucket: match (&source, pool_size) {
                (ProfiledSource::Numbers { bounds, float, .. }, Some(n))
                    if self.data_version >= 2 =>
                {
                    pool_per_bucket(bounds, *float, n)
                }
                _ => Vec::new(),
            },
            source,
        }));
        if nulls > 0 {
            plan.reason.push_str(&format!(
                ", {nulls} NULL rows ({:.1}%)",
                plan.null_rate * 100.0
            ));
        }
        plan.null_rate = 0.0;
        plan.reason.push_str(&match (pool_size, &cs.histogram) {
            (Some(n), Some(_)) => format!(", {n} distinct values along the histogram"),
            (Some(n), None) => format!(", {n} distinct values"),
            (_, Some(_)) => ", along the histogram".to_string(),
            _ => String::new(),
        });
        plan.generator = format!("{} (profiled)", plan.generator);
        Ok(())
    }

    /// The range a numeric or temporal generator draws from, as histogram bounds.
    fn generator_bounds(&self, gen: &Gen, n: &columns::Numeric) -> Option<Vec<f64>> {
        match gen {
            Gen::Range { .. } | Gen::Skewed(_) => {
                let (lo, hi, _) = gen.range()?;
                Some(vec![lo as f64, hi as f64])
            }
            Gen::Float { lo, hi } => Some(vec![*lo, *hi]),
            Gen::Timeline { .. } if matches!(n.unit, Unit::Date | Unit::Seconds) => {
                let date = n.unit == Unit::Date;
                let now = if date {
                    self.as_of / 86_400
                } else {
                    self.as_of
                };
                let year = if date { 365 } else { 31_556_952 };
                Some(vec![(now - 3 * year) as f64, now as f64])
            }
            _ => None,
        }
    }
}

/// Whether column `c` has `distinct` or `histogram` settings and a generator free to
/// take them.
fn shapeable(p: &Planner<'_>, d: &Draft<'_>, c: usize) -> bool {
    let Some(cs) = column_settings(p.table_settings, d.ti, &d.table.columns[c]) else {
        return false;
    };
    if cs.distinct.is_none() && cs.histogram.is_none() {
        return false;
    }
    let plan = &d.columns[c];
    let tied = d
        .checks
        .iter()
        .any(|ch| ch.columns.len() > 1 && ch.columns.contains(&c));
    let fixed = matches!(
        plan.gen,
        Gen::Serial { .. }
            | Gen::After { .. }
            | Gen::RawSql(_)
            | Gen::Values { .. }
            | Gen::Weighted { .. }
            | Gen::Gendered { .. }
            | Gen::Null
            | Gen::Custom(_)
            | Gen::Unique { .. }
            | Gen::Ref { .. }
    );
    !(d.unique_col[c] || d.claimed[c].is_some() || !plan.written || tied || fixed || d.rows == 0)
}

/// A histogram setting's bounds in the generator's units, ascending.
fn histogram_bounds(
    h: &[serde_json::Value],
    n: &columns::Numeric,
    t: &crate::schema::SqlType,
    plan: &super::ColumnPlan,
    path: &str,
) -> Result<Vec<f64>> {
    let bad = |message: String| Error::Settings {
        path: format!("{path}.histogram"),
        message,
    };
    let mut b = Vec::with_capacity(h.len());
    for v in h {
        let x = if n.float {
            v.as_f64()
        } else if let (Unit::Int, Some(x)) = (n.unit, v.as_f64()) {
            // Unscaled, like the generator's integers.
            Some((x * 10f64.powi(n.scale as i32)).round())
        } else {
            columns::json_bound(&Some(v.clone()), t, plan.class, n.unit)
                .map_err(bad)?
                .map(|x| x as f64)
        };
        b.push(x.ok_or_else(|| bad(format!("{v} is not a value of type {t}")))?);
    }
    if b.len() < 2 || b.windows(2).any(|w| w[1] < w[0]) {
        return Err(bad("give at least two bounds, in ascending order".into()));
    }
    Ok(b)
}

/// Numbers along `bounds`, kept within the type, the CHECKs and the generator's range.
/// Shares a pool of `n` values among the buckets between `bounds`: as many to each as
/// it holds integers, up to a common level found by water-filling, so narrow buckets
/// (a skewed histogram's first ones) give their surplus to wide ones.
fn pool_per_bucket(bounds: &[f64], float: bool, n: u64) -> Vec<u64> {
    let last = bounds.len().saturating_sub(2);
    let caps: Vec<u64> = bounds
        .windows(2)
        .enumerate()
        .map(|(i, w)| {
            if float {
                u64::MAX
            } else {
                bucket_integers(w[0], w[1], i == last)
            }
        })
        .collect();
    if caps.is_empty() {
        return Vec::new();
    }
    let total: u64 = caps.iter().fold(0u64, |a, &c| a.saturating_add(c));
    let n = n.min(total);
    // The lowest level λ with Σ min(cap, λ) ≥ n.
    let (mut lo, mut hi) = (1u64, n.max(1));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let got: u64 = caps.iter().map(|&c| c.min(mid)).sum();
        if got >= n {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    caps.iter().map(|&c| c.min(lo)).collect()
}

fn numbers_within(
    mut bounds: Vec<f64>,
    n: &columns::Numeric,
    gen: &Gen,
    limits: &columns::Limits,
) -> ProfiledSource {
    let (mut lo, mut hi) = (n.lo as f64, n.hi as f64);
    if let Some((a, z, _)) = gen.range() {
        (lo, hi) = (lo.max(a as f64), hi.min(z as f64));
    }
    if let Some(x) = limits.lo {
        lo = lo.max(x as f64);
    }
    if let Some(x) = limits.hi {
        hi = hi.min(x as f64);
    }
    if n.float {
        (lo, hi) = (
            limits.flo.unwrap_or(f64::MIN),
            limits.fhi.unwrap_or(f64::MAX),
        );
    }
    for x in &mut bounds {
        *x = x.clamp(lo, hi.max(lo));
    }
    ProfiledSource::Numbers {
        bounds,
        unit: n.unit,
        float: n.float,
    }
}

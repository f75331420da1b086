//! The planner's state and the rules its passes ([`super::passes`]) use: a column's
//! generator chain, unique generators, scoped foreign-key picks, partition bounds,
//! NULL groups of CHECKs, and the errors a table's plan stops with.

use std::collections::HashSet;

use super::columns::{self, Limits, Numeric};
use super::{CheckPlan, ColumnPlan, FkPlan, TablePlan};
use crate::cell::{Slot, Val};
use crate::error::{Error, Result};
use crate::expr::check::{self, Env, V};
use crate::plan::ir::{Gen, TextGen};
use crate::plan::picks::{CountDist, Pick};
use crate::random::rng::ColumnKey;
use crate::schema::{Column, Dialect, Identity, Schema, Table, TypeClass};
use crate::settings::{ColumnSettings, Count, TableSettings};

/// A column's generator as [`Planner::choose_generator`] chose it.
pub(super) struct Chosen {
    pub gen: Gen,
    pub name: String,
    pub reason: String,
    pub overridden: bool,
    /// Written by the outputs (false: left to the database's DEFAULT).
    pub written: bool,
}

/// The state shared while planning the tables of one schema.
pub(super) struct Planner<'a> {
    pub schema: &'a Schema,
    pub table_settings: &'a [Option<&'a TableSettings>],
    /// (lines, parent) pairs whose parent's total the settings derive as the lines'
    /// sum: the lines come in blocks per parent.
    pub summed: HashSet<(usize, usize)>,
    pub rows: Vec<u64>,
    /// Tables capped after a line-table layout set their count: planned again without it.
    pub unlined: HashSet<usize>,
    pub null_rate: f64,
    /// Whether the settings gave `null_rate`: every nullable column then takes it.
    pub null_rate_given: bool,
    pub seed: u64,
    /// The data version: rules added in a later version apply from it on.
    pub data_version: u32,
    /// Seconds since the epoch.
    pub as_of: i64,
    pub dialect: Dialect,
    pub referenced: &'a HashSet<(usize, String)>,
    /// Tables by name.
    pub lookup: &'a crate::schema::TableLookup,
    pub cycles: &'a [Vec<usize>],
    pub warnings: Vec<String>,
    /// Columns filled by a fallback (see [`super::Fallback`]).
    pub fallbacks: Vec<super::Fallback>,
    pub tables: Vec<Option<TablePlan>>,
}

pub(super) fn col_index(table: &Table, name: &str) -> Option<usize> {
    table
        .columns
        .iter()
        .position(|c| c.name == name)
        .or_else(|| {
            table
                .columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
        })
}

pub(super) fn infeasible(target: String, message: String, max_rows: Option<u64>) -> Error {
    Error::Infeasible {
        target,
        message,
        max_rows,
    }
}

/// Why a table cannot have as many rows as asked: what limits it, and the most it can
/// have. A default count is capped at `max_rows`; an explicit one is refused.
#[derive(Debug, Clone)]
pub(super) struct Limit {
    /// `table.column` or `table`.
    pub target: String,
    /// What limits the count, in words (`type tinyint unsigned stops at 255`).
    pub why: String,
    /// The most rows that fit.
    pub max_rows: u64,
    /// What else the user could change (`widen the column`).
    pub fix: &'static str,
}

/// Why planning a table stopped: a row-count limit (which the caller may turn into a
/// cap) or an error.
#[derive(Debug)]
pub(super) enum Stop {
    Limit(Limit),
    Fail(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Fail(e)
    }
}

pub(super) fn limit(target: String, why: String, max_rows: u64, fix: &'static str) -> Stop {
    Stop::Limit(Limit {
        target,
        why,
        max_rows,
        fix,
    })
}

impl Limit {
    /// The error for an explicit count that cannot hold.
    pub fn refuse(&self, table: &str, asked: u64) -> Error {
        Error::TooManyRows {
            table: table.to_string(),
            target: self.target.clone(),
            why: self.why.clone(),
            asked,
            max_rows: self.max_rows,
            fix: self.fix.to_string(),
        }
    }
}

pub(super) fn count_dist(c: &Count, path: &str) -> Result<CountDist> {
    let err = |m: &str| Error::Settings {
        path: path.to_string(),
        message: m.to_string(),
    };
    let kinds = [
        c.fixed.is_some(),
        c.min.is_some() || (c.max.is_some() && c.poisson.is_none() && c.zipf.is_none()),
        c.poisson.is_some(),
        c.zipf.is_some(),
        c.buckets.is_some(),
        c.histogram.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        return Err(err(
            "give exactly one of `fixed`, `min`/`max`, `poisson`, `zipf`, `buckets` or `histogram`",
        ));
    }
    if let Some(n) = c.fixed {
        return Ok(CountDist::Fixed(n));
    }
    if let Some(m) = c.poisson {
        if !m.is_finite() || m < 0.0 {
            return Err(err("`poisson` must be a non-negative mean"));
        }
        return Ok(CountDist::Poisson(m, c.max.unwrap_or(u64::MAX)));
    }
    if let Some(s) = c.zipf {
        let max = c.max.ok_or_else(|| err("`zipf` needs `max`"))?;
        if !s.is_finite() || s <= 0.0 || max == 0 {
            return Err(err("`zipf` needs a positive exponent and a positive `max`"));
        }
        return Ok(CountDist::Zipf(s, max));
    }
    if let Some(b) = c.buckets.as_ref().or(c.histogram.as_ref()) {
        let name = if c.buckets.is_some() {
            "buckets"
        } else {
            "histogram"
        };
        if b.is_empty() || b.iter().any(|(_, w)| !w.is_finite() || *w < 0.0) {
            return Err(err(&format!(
                "`{name}` needs [count, weight] pairs with weights >= 0"
            )));
        }
        let mut acc = 0.0;
        let cum = b
            .iter()
            .map(|(n, w)| {
                acc += w;
                (*n, acc)
            })
            .collect::<Vec<_>>();
        if acc <= 0.0 {
            return Err(err(&format!("`{name}` weights sum to zero")));
        }
        return Ok(if c.buckets.is_some() {
            CountDist::Buckets(cum)
        } else {
            CountDist::Strata(cum)
        });
    }
    let (lo, hi) = (c.min.unwrap_or(0), c.max.unwrap_or(c.min.unwrap_or(0)));
    if lo > hi {
        return Err(err("`min` is above `max`"));
    }
    Ok(CountDist::Range(lo, hi))
}

pub(super) fn is_unique_gen(g: &Gen) -> bool {
    matches!(
        g,
        Gen::Serial { .. }
            | Gen::Unique { .. }
            | Gen::TextKey { .. }
            | Gen::Keyed { .. }
            | Gen::Uuid { unique: true, .. }
    ) || matches!(g, Gen::Text(TextGen { unique: true, .. }))
}

pub(super) struct Recorder<'a> {
    table: &'a Table,
    value_column: Option<usize>,
    seen: std::cell::RefCell<Vec<usize>>,
}

impl<'a> Recorder<'a> {
    /// Records the columns an expression over `table` reads (`VALUE` is
    /// `value_column`).
    pub(super) fn new(table: &'a Table, value_column: Option<usize>) -> Self {
        Recorder {
            table,
            value_column,
            seen: Default::default(),
        }
    }

    /// The columns read, in column order.
    pub(super) fn columns(self) -> Vec<usize> {
        let mut cols = self.seen.into_inner();
        cols.sort_unstable();
        cols.dedup();
        cols
    }
}

impl Env for Recorder<'_> {
    fn column(&self, name: &str) -> Option<V> {
        let c = if name.eq_ignore_ascii_case("value") && self.value_column.is_some() {
            self.value_column
        } else {
            col_index(self.table, name)
        }?;
        self.seen.borrow_mut().push(c);
        Some(V::Null)
    }
    fn now(&self) -> i64 {
        0
    }
}

pub(super) fn column_settings<'a>(
    all: &[Option<&'a TableSettings>],
    ti: usize,
    c: &Column,
) -> Option<&'a ColumnSettings> {
    {
        let ts = all[ti]?;
        ts.columns.get(&c.name).or_else(|| {
            ts.columns
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&c.name))
                .map(|(_, v)| v)
        })
    }
}

impl Planner<'_> {
    pub(super) fn settings_path(&self, ti: usize, col: &str) -> String {
        format!("tables.{}.columns.{col}", self.schema.tables[ti].name)
    }

    pub(super) fn in_cycle_with(&self, a: usize, b: usize) -> bool {
        self.cycles.iter().any(|c| c.contains(&a) && c.contains(&b))
    }

    /// The NULL patterns of the table's CHECKs that depend on NULLs only (see
    /// [`NullGroup`](super::NullGroup)): columns tied by such CHECKs form a group, whose
    /// allowed patterns are found by evaluating its CHECKs on every pattern.
    pub(super) fn null_groups(
        &mut self,
        ti: usize,
        checks: &[CheckPlan],
        cols: &mut [ColumnPlan],
        fks: &mut [FkPlan],
    ) -> std::result::Result<Vec<super::NullGroup>, Stop> {
        const MAX_COLUMNS: usize = 8;
        let table = &self.schema.tables[ti];
        let tname = table.name.to_string();
        // The CHECKs' conjuncts on NULLs only, with their columns.
        let mut tests: Vec<(&sqlparser::ast::Expr, Vec<usize>)> = Vec::new();
        for ch in checks.iter().filter(|c| c.value_column.is_none()) {
            for e in conjuncts(&ch.expr) {
                let Some(names) = check::null_pattern_columns(e) else {
                    continue;
                };
                let cs: Option<Vec<usize>> = names.iter().map(|n| col_index(table, n)).collect();
                if let Some(cs) = cs {
                    tests.push((e, cs));
                }
            }
        }
        // Groups: columns joined by a shared test.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (_, cs) in &tests {
            let touching: Vec<usize> = (0..groups.len())
                .filter(|&g| groups[g].iter().any(|c| cs.contains(c)))
                .collect();
            let mut merged: Vec<usize> = cs.clone();
            for &g in touching.iter().rev() {
                merged.extend(groups.remove(g));
            }
            merged.sort_unstable();
            merged.dedup();
            groups.push(merged);
        }
        let fk_cols: Vec<Vec<usize>> = fks.iter().map(|f| f.columns.clone()).collect();
        let fk_of = |c: usize| fk_cols.iter().position(|cs| cs.contains(&c));
        let mut out = Vec::new();
        for members in groups.into_iter().filter(|m| m.len() <= MAX_COLUMNS) {
            let null_share = |c: usize| match fk_of(c) {
                Some(k) if fks[k].nullable => fks[k].null_rate,
                Some(_) => 0.0,
                None if cols[c].nullable && cols[c].written => cols[c].null_rate,
                None => 0.0,
            };
            let may_be_null = |c: usize| table.columns[c].nullable && cols[c].written;
            let mut patterns = Vec::new();
            let mut acc = 0.0;
            let mut weights = Vec::new();
            for mask in 0u64..(1 << members.len()) {
                if members
                    .iter()
                    .enumerate()
                    .any(|(b, &c)| mask >> b & 1 == 1 && !may_be_null(c))
                {
                    continue;
                }
                let env = NullEnv {
                    table,
                    members: &members,
                    mask,
                };
                let ok = tests
                    .iter()
                    .filter(|(_, cs)| cs.iter().all(|c| members.contains(c)))
                    .all(|(e, _)| check::passes(&check::eval(e, &env)));
                if ok {
                    let w: f64 = members
                        .iter()
                        .enumerate()
                        .map(|(b, &c)| {
                            let p = null_share(c);
                            if mask >> b & 1 == 1 {
                                p
                            } else {
                                1.0 - p
                            }
                        })
                        .product();
                    weights.push((mask, w));
                }
            }
            if weights.is_empty() {
                let names: Vec<&str> = members
                    .iter()
                    .map(|&c| table.columns[c].name.as_str())
                    .collect();
                return Err(Stop::Fail(infeasible(
                    tname,
                    format!(
                        "the CHECKs on which of {} may be NULL allow no row",
                        names.join(", ")
                    ),
                    None,
                )));
            }
            fit_null_shares(
                &mut weights,
                &members.iter().map(|&c| null_share(c)).collect::<Vec<_>>(),
            );
            let total: f64 = weights.iter().map(|w| w.1).sum();
            for (mask, w) in weights {
                acc += if total > 0.0 { w / total } else { 1.0 };
                patterns.push((mask, acc));
            }
            let g = out.len();
            for (b, &c) in members.iter().enumerate() {
                cols[c].null_group = Some((g, b as u32));
                if let Some(k) = fk_of(c) {
                    fks[k].null_group = Some((g, b as u32));
                }
                cols[c]
                    .reason
                    .push_str(", NULL together with the columns its CHECK ties it to");
            }
            let names: Vec<&str> = members
                .iter()
                .map(|&c| table.columns[c].name.as_str())
                .collect();
            out.push(super::NullGroup {
                key: ColumnKey::new(self.seed, &tname, &format!("@nulls:{}", names.join(","))),
                patterns,
            });
        }
        Ok(out)
    }

    /// The generator chain for a column that no foreign key fills: the settings'
    /// override, then a serial key, the column name's hint, the type's default; and when
    /// no generator knows the type, the fallbacks in order: the column's DEFAULT (a
    /// constant is written, an expression left to the database), NULL for a nullable
    /// column. CHECK limits narrow what was chosen.
    pub(super) fn choose_generator(
        &mut self,
        ti: usize,
        c: usize,
        class: TypeClass,
        int_pk: bool,
        limits: &Limits,
        cs: Option<&ColumnSettings>,
    ) -> std::result::Result<Chosen, Stop> {
        let schema = self.schema;
        let table = &schema.tables[ti];
        let col = &table.columns[c];
        let t = &col.data_type;
        let target = format!("{}.{}", table.name, col.name);
        let path = self.settings_path(ti, &col.name);
        let shape = columns::numeric(t, class);
        let serial = col.identity.is_some() || int_pk;
        let base = if serial && limits.values.is_none() {
            let start = limits.lo.map_or(1, |lo| lo.max(1));
            Some((
                Gen::Serial { start },
                "serial".to_string(),
                match col.identity {
                    Some(Identity::Serial) => "serial column",
                    Some(Identity::AutoIncrement) => "auto-increment column",
                    Some(_) => "identity column",
                    None => "integer primary key",
                }
                .to_string(),
            ))
        } else if let Some((g, name)) = {
            let apply = |(h, why)| {
                columns::apply_hint(h, t, class, col, self.as_of).map(|(g, n)| (g, (n, why)))
            };
            // Version 2's vocabulary first; when it has none or none of its labels fit,
            // the name's other rules.
            (self.data_version >= 2)
                .then(|| columns::vocabulary_for(&table.name.name, col, class))
                .flatten()
                .and_then(apply)
                .or_else(|| columns::hint_for(&table.name.name, col, class).and_then(apply))
        } {
            Some((g, name.0, format!("column name: {}", name.1)))
        } else {
            columns::type_default(col, t, schema, self.dialect, self.as_of)
                .map(|(g, n)| (g, n, format!("type {t}")))
        };
        let over = match cs {
            Some(cs) => columns::override_gen(
                cs,
                t,
                class,
                col,
                self.dialect,
                self.as_of,
                base.as_ref().map(|b| &b.0),
            )
            .map_err(|m| Error::Settings {
                path: path.clone(),
                message: m,
            })?,
            None => None,
        };
        if let Some((gen, name)) = over {
            return Ok(Chosen {
                gen,
                name,
                reason: "set in the settings".into(),
                overridden: true,
                written: true,
            });
        }
        let (mut gen, name, mut reason) = match base {
            Some(b) => b,
            None => return self.fallback(ti, c, class, &path),
        };
        // An enum whose labels a vocabulary knows draws them with its weights.
        if let (Gen::Enum(labels), true) = (&gen, self.data_version >= 2) {
            let vocab = columns::vocabulary_for(&table.name.name, col, TypeClass::Text)
                .and_then(|(h, _)| columns::apply_hint(h, t, TypeClass::Text, col, self.as_of));
            if let Some((like, _)) = vocab {
                let items = labels.iter().map(|l| Slot::of_text(l)).collect();
                gen = columns::weighed_like(items, &like);
                reason.push_str(", weighted as its name says");
            }
        }
        if let Gen::Composite(_) = gen {
            self.fallbacks.push(super::Fallback {
                target: target.clone(),
                kind: "composite".into(),
                note: format!("no generator knows type {t}; its fields are generated one by one as a row literal"),
            });
        }
        if !matches!(gen, Gen::Serial { .. }) && !limits.is_empty() {
            gen = columns::narrow(gen, limits, t, class, shape.as_ref(), self.as_of)
                .map_err(|m| infeasible(target.clone(), format!("CHECK: {m}"), None))?;
            reason.push_str(", narrowed by CHECK");
        }
        // Version 2: JSON (by type or by a `json_valid` CHECK) shaped as its name says.
        if self.data_version >= 2 && matches!(gen, Gen::Json) {
            gen = Gen::Document(super::infer::document(&col.name));
        }
        if self.data_version >= 2 && !matches!(gen, Gen::Weighted { .. }) {
            let listed = matches!(gen, Gen::Values { .. } | Gen::Enum(_));
            gen = columns::skewed(gen);
            if listed && matches!(gen, Gen::Weighted { .. }) {
                reason.push_str(", shares falling with the list's order");
            }
        }
        Ok(Chosen {
            gen,
            name,
            reason,
            overridden: false,
            written: true,
        })
    }

    /// A column whose type no generator knows: its DEFAULT, else NULL when it may be,
    /// else an error naming the override that fixes it.
    fn fallback(
        &mut self,
        ti: usize,
        c: usize,
        class: TypeClass,
        path: &str,
    ) -> std::result::Result<Chosen, Stop> {
        let table = &self.schema.tables[ti];
        let col = &table.columns[c];
        let t = &col.data_type;
        let target = format!("{}.{}", table.name, col.name);
        let mut note = |kind: &str, note: String| {
            self.fallbacks.push(super::Fallback {
                target: target.clone(),
                kind: kind.into(),
                note,
            });
        };
        if let Some(default) = &col.default {
            if let Some(slot) = columns::constant_default(default, t, class, self.dialect) {
                note(
                    "default",
                    format!("no generator knows type {t}; every row takes its DEFAULT {default}"),
                );
                return Ok(Chosen {
                    gen: Gen::Values {
                        items: vec![slot],
                        cycle: true,
                    },
                    name: format!("DEFAULT {default}"),
                    reason: format!("no generator knows type {t}: the column's constant DEFAULT"),
                    overridden: false,
                    written: true,
                });
            }
            note(
                "default",
                format!("no generator knows type {t}; the column is left out of the output so the database fills it from DEFAULT {default}"),
            );
            return Ok(Chosen {
                gen: Gen::Null,
                name: "the database's DEFAULT".into(),
                reason: format!("no generator knows type {t}: left to DEFAULT {default}"),
                overridden: false,
                written: false,
            });
        }
        if col.nullable {
            note(
                "null",
                format!("no generator knows type {t}; the column is left NULL (set generate.{path} to a `value`, `values` or `sql` to fill it)"),
            );
            return Ok(Chosen {
                gen: Gen::Null,
                name: "null".into(),
                reason: format!("no generator for type {t}"),
                overridden: false,
                written: true,
            });
        }
        Err(Stop::Fail(infeasible(
            target,
            format!(
                "no generator knows type {t}, the column is NOT NULL and has no DEFAULT; set generate.{path} to {{\"value\": …}}, {{\"values\": […]}} or {{\"sql\": {{\"{}\": \"…\"}}}}",
                self.dialect.to_string().to_ascii_lowercase()
            ),
            None,
        )))
    }

    /// The pick of a foreign key that shares columns (`shared`, positions in `cols`) with
    /// an earlier one: its parent must have the same values there, so it picks among the
    /// parent rows of the same scope (the rows that a sequential foreign key gives to the
    /// same row of the scope table).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn scoped_pick(
        &self,
        ti: usize,
        fks: &[FkPlan],
        claimed: &[Option<(usize, usize)>],
        cols: &[usize],
        pcols: &[usize],
        shared: &[usize],
        parent: usize,
        fk_name: &str,
    ) -> Result<Pick> {
        let schema = self.schema;
        let tname = schema.tables[ti].name.to_string();
        let refuse = |why: String| {
            infeasible(
                tname.clone(),
                format!("foreign key {fk_name} shares columns with another foreign key, and {why}; seedgen keeps both only when the shared columns are a foreign key to one scope table, picked sequentially in the parent (a tenant-scoped key)"),
                None,
            )
        };
        let owners: Vec<usize> = shared
            .iter()
            .filter_map(|&k| claimed[cols[k]].map(|x| x.0))
            .collect();
        let via = owners[0];
        if owners.iter().any(|&o| o != via) {
            return Err(refuse(
                "the shared columns come from different foreign keys".into(),
            ));
        }
        let f = &fks[via];
        // Where our shared values come from: the scope table and how to find the scope row.
        let our_shared: Vec<usize> = shared.iter().map(|&k| cols[k]).collect();
        let (scope_table, parent_scope) = if f.columns.iter().all(|c| our_shared.contains(c))
            && f.columns.len() == our_shared.len()
        {
            (f.parent, None)
        } else {
            // The columns of f's parent that hold the shared values.
            let in_parent: Vec<usize> = our_shared
                .iter()
                .map(|c| {
                    f.parent_columns[f.columns.iter().position(|x| x == c).expect("claimed by f")]
                })
                .collect();
            let Some(pf) = self.tables[f.parent].as_ref() else {
                return Err(refuse(format!(
                    "{} is not planned before it",
                    schema.tables[f.parent].name
                )));
            };
            let Some(ga) = pf.fks.iter().position(|g| {
                g.columns.len() == in_parent.len()
                    && g.columns.iter().all(|c| in_parent.contains(c))
            }) else {
                return Err(refuse(format!(
                    "{} has no foreign key on those columns",
                    schema.tables[f.parent].name
                )));
            };
            (pf.fks[ga].parent, Some((f.parent, ga)))
        };
        // The parent's rows of one scope.
        let target_cols: Vec<usize> = shared.iter().map(|&k| pcols[k]).collect();
        let target_fks: &[FkPlan] = if parent == ti {
            fks
        } else {
            match self.tables[parent].as_ref() {
                Some(tp) => &tp.fks,
                None => {
                    return Err(refuse(format!(
                        "{} is not planned before it",
                        schema.tables[parent].name
                    )))
                }
            }
        };
        let Some(gb) = target_fks.iter().position(|g| {
            g.parent == scope_table
                && g.columns.len() == target_cols.len()
                && g.columns.iter().all(|c| target_cols.contains(c))
        }) else {
            return Err(refuse(format!(
                "{} has no foreign key from those columns to {}",
                schema.tables[parent].name, schema.tables[scope_table].name
            )));
        };
        if !matches!(target_fks[gb].pick, Pick::Sequential) {
            return Err(refuse(format!(
                "{}'s foreign key to {} is not picked sequentially",
                schema.tables[parent].name, schema.tables[scope_table].name
            )));
        }
        Ok(Pick::Scoped {
            via,
            parent_scope,
            scope_rows: self.rows[scope_table],
            target_rows: self.rows[parent],
            self_ref: parent == ti,
            unique_in_block: false,
        })
    }

    /// The generator that keeps a partitioned table's rows inside its partitions.
    pub(super) fn partition_gen(
        &mut self,
        table: &Table,
        t: &crate::schema::SqlType,
        class: TypeClass,
        shape: Option<&Numeric>,
        target: &str,
    ) -> Result<Option<Gen>> {
        let Some(p) = &table.partitioning else {
            return Ok(None);
        };
        if p.partitions
            .iter()
            .any(|x| x.bound.trim().eq_ignore_ascii_case("default"))
        {
            return Ok(None);
        }
        if p.partitions.is_empty() {
            self.warnings.push(format!(
                "{}: partitioned by {} but no partition is attached; the database will refuse its rows",
                table.name, p.by
            ));
            return Ok(None);
        }
        let kind = p.by.trim().to_ascii_uppercase();
        let values_in = |b: &str| -> Vec<String> {
            let inner = b.split_once('(').map_or("", |x| x.1);
            let inner = inner.rsplit_once(')').map_or(inner, |x| x.0);
            inner
                .split(',')
                .map(|v| v.trim().trim_matches('\'').to_string())
                .collect()
        };
        if kind.starts_with("LIST") {
            let mut items = Vec::new();
            for part in &p.partitions {
                for v in values_in(&part.bound) {
                    if let Ok(s) = columns::json_to_slot(&serde_json::json!(v), t, class) {
                        items.push(s);
                    }
                }
            }
            return Ok((!items.is_empty()).then_some(Gen::Values {
                items,
                cycle: false,
            }));
        }
        let Some(n) = shape else { return Ok(None) };
        let mut ranges = Vec::new();
        for part in &p.partitions {
            let b = part.bound.to_ascii_uppercase();
            let (Some(f), Some(to)) = (b.find("FROM"), b.find(" TO")) else {
                continue;
            };
            let from = values_in(&part.bound[f..to]);
            let upto = values_in(&part.bound[to..]);
            let read = |v: &str, dflt: i128| -> Option<i128> {
                if v.eq_ignore_ascii_case("minvalue") || v.eq_ignore_ascii_case("maxvalue") {
                    return Some(dflt);
                }
                let s = columns::json_to_slot(&serde_json::json!(v), t, class).ok()?;
                if s.val == Val::Null {
                    return None;
                }
                n.unit.get(&s)
            };
            let (Some(lo), Some(hi)) = (
                from.first().and_then(|v| read(v, n.lo)),
                upto.first().and_then(|v| read(v, n.hi + 1)),
            ) else {
                self.warnings.push(format!(
                    "{target}: partition {} has bounds seedgen cannot read ({}); rows may miss it",
                    part.name, part.bound
                ));
                continue;
            };
            if lo < hi {
                ranges.push((lo, hi - 1));
            }
        }
        Ok((!ranges.is_empty()).then_some(Gen::Ranges {
            ranges,
            unit: n.unit,
        }))
    }

    /// Refuses cycles of NOT NULL, non-deferrable foreign keys where the dialect has no
    /// way around them (PostgreSQL; SQLite defers all keys, MySQL switches checks off).
    pub fn check_cycles(&self) -> Result<()> {
        if self.dialect != Dialect::Postgres {
            return Ok(());
        }
        for cycle in self.cycles {
            let breakable = cycle.iter().any(|&t| {
                let table = &self.schema.tables[t];
                table.foreign_keys.iter().any(|fk| {
                    let Some(p) = self.lookup.find(&fk.references.table) else {
                        return false;
                    };
                    p != t
                        && cycle.contains(&p)
                        && (fk.deferrable
                            || fk.columns.iter().any(|c| {
                                col_index(table, c).is_some_and(|i| table.columns[i].nullable)
                            }))
                })
            });
            if !breakable {
                let names: Vec<String> = cycle
                    .iter()
                    .map(|&t| self.schema.tables[t].name.to_string())
                    .collect();
                return Err(infeasible(
                    names.join(" → "),
                    "these tables reference each other through NOT NULL foreign keys, none DEFERRABLE, so no load order works; make one of the foreign keys DEFERRABLE or one of its columns nullable".into(),
                    None,
                ));
            }
        }
        Ok(())
    }
}

/// The one column an index expression such as `lower(email)`, `canon(name)` or
/// `(code)::text` is computed from, when it reads exactly one.
pub(super) fn expression_column(table: &Table, expr: &str, dialect: Dialect) -> Option<usize> {
    use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments};
    let d = dialect.parser_dialect();
    let e = sqlparser::parser::Parser::new(&*d)
        .try_with_sql(expr)
        .ok()?
        .parse_expr()
        .ok()?;
    fn columns(e: &Expr, out: &mut Vec<String>) -> bool {
        match e {
            Expr::Identifier(id) => {
                out.push(id.value.clone());
                true
            }
            Expr::CompoundIdentifier(ids) => {
                out.extend(ids.last().map(|i| i.value.clone()));
                true
            }
            Expr::Value(_) => true,
            Expr::Nested(x) | Expr::Cast { expr: x, .. } => columns(x, out),
            Expr::Function(f) => match &f.args {
                FunctionArguments::List(l) => l.args.iter().all(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => columns(x, out),
                    _ => false,
                }),
                _ => false,
            },
            _ => false,
        }
    }
    let mut names = Vec::new();
    if !columns(&e, &mut names) {
        return None;
    }
    names.dedup();
    match names.as_slice() {
        [one] => col_index(table, one).or_else(|| col_index(table, &one.to_lowercase())),
        _ => None,
    }
}

impl Planner<'_> {
    /// Whether a partial index's predicate can hold on no row: `c IS NULL` for a NOT
    /// NULL column.
    pub(super) fn predicate_never_holds(&self, table: &Table, predicate: &str) -> bool {
        use sqlparser::ast::Expr;
        let Ok(e) = parse_expr(predicate, self.dialect) else {
            return false;
        };
        match e {
            Expr::IsNull(x) => match *x {
                Expr::Identifier(id) => {
                    col_index(table, &id.value).is_some_and(|c| !table.columns[c].nullable)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Makes a partial index's predicate hold on the first row only, by choosing the
    /// column it tests: `c` or `c IS TRUE` (false after the first row), `NOT c` (true
    /// after it), `c = 'x'` (`'x'` only on the first row, the column's other values
    /// after). Returns the column, or `None` when the predicate has no such form.
    pub(super) fn falsify(
        &self,
        table: &Table,
        cols: &mut [ColumnPlan],
        claimed: &[Option<(usize, usize)>],
        predicate: &str,
    ) -> Option<usize> {
        use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator};
        let e = parse_expr(predicate, self.dialect).ok()?;
        let bool_slot = |b: bool| Slot {
            val: Val::Bool(b),
            ..Slot::default()
        };
        let column = |x: &Expr| match x {
            Expr::Identifier(id) => col_index(table, &id.value),
            _ => None,
        };
        let (c, first, rest): (usize, Slot, Option<Gen>) = match &e {
            Expr::Identifier(_) | Expr::IsTrue(_) => {
                let x = match &e {
                    Expr::IsTrue(x) => x.as_ref(),
                    other => other,
                };
                let c = column(x)?;
                (c, bool_slot(true), Some(constant(bool_slot(false))))
            }
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr,
            }
            | Expr::IsFalse(expr) => {
                let c = column(expr)?;
                (c, bool_slot(false), Some(constant(bool_slot(true))))
            }
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } => {
                let (c, lit) = match (column(left), column(right)) {
                    (Some(c), None) => (c, right.as_ref()),
                    (None, Some(c)) => (c, left.as_ref()),
                    _ => return None,
                };
                let v = check::eval(lit, &NoColumns);
                let mut slot = Slot::default();
                match v {
                    V::Bool(b) => slot = bool_slot(b),
                    V::Str(s) => slot.set_text(&s),
                    V::Num(n) if n.fract() == 0.0 => slot.val = Val::Int(n as i128),
                    _ => return None,
                }
                let rest = without(&cols[c].gen, &slot);
                (c, slot, rest)
            }
            _ => return None,
        };
        if claimed[c].is_some() || !cols[c].written {
            return None;
        }
        let rest = rest?;
        cols[c].gen = Gen::Once {
            first: Box::new(constant(first)),
            rest: Box::new(rest),
        };
        Some(c)
    }
}

/// Weights of the allowed NULL patterns that give each column its NULL share where the
/// CHECKs let them (iterative proportional fitting from independent columns): tied
/// columns `(a IS NULL) = (b IS NULL)` are then NULL together about as often as each
/// alone would be.
fn fit_null_shares(weights: &mut [(u64, f64)], shares: &[f64]) {
    let start: Vec<(u64, f64)> = weights.to_vec();
    fit(weights, shares);
    // Shares the CHECKs cannot give (exactly one of two columns NULL, each 10% NULL):
    // keep the independent weights, which treat the columns alike.
    let total: f64 = weights.iter().map(|w| w.1).sum();
    let off = shares.iter().enumerate().any(|(b, &p)| {
        let null: f64 = weights
            .iter()
            .filter(|w| w.0 >> b & 1 == 1)
            .map(|w| w.1)
            .sum();
        total <= 0.0 || (null / total - p).abs() > 0.05
    });
    if off {
        weights.copy_from_slice(&start);
    }
}

fn fit(weights: &mut [(u64, f64)], shares: &[f64]) {
    for _ in 0..50 {
        for (b, &p) in shares.iter().enumerate() {
            let total: f64 = weights.iter().map(|w| w.1).sum();
            if total <= 0.0 {
                return;
            }
            let null: f64 = weights
                .iter()
                .filter(|w| w.0 >> b & 1 == 1)
                .map(|w| w.1)
                .sum();
            let m = null / total;
            if m <= 0.0 || m >= 1.0 || !(0.0..1.0).contains(&p) || p == 0.0 {
                continue;
            }
            for w in weights.iter_mut() {
                w.1 *= if w.0 >> b & 1 == 1 {
                    p / m
                } else {
                    (1.0 - p) / (1.0 - m)
                };
            }
        }
    }
}

/// The conjuncts of `a AND b AND …`.
fn conjuncts(e: &sqlparser::ast::Expr) -> Vec<&sqlparser::ast::Expr> {
    use sqlparser::ast::{BinaryOperator, Expr};
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            let mut v = conjuncts(left);
            v.extend(conjuncts(right));
            v
        }
        Expr::Nested(x) => {
            let inner = conjuncts(x);
            if inner.len() > 1 {
                inner
            } else {
                vec![e]
            }
        }
        other => vec![other],
    }
}

/// A row where the group's columns of set bits are NULL and the others hold a value.
struct NullEnv<'a> {
    table: &'a Table,
    members: &'a [usize],
    mask: u64,
}

impl Env for NullEnv<'_> {
    fn column(&self, name: &str) -> Option<V> {
        let c = col_index(self.table, name)?;
        let b = self.members.iter().position(|&m| m == c)?;
        Some(if self.mask >> b & 1 == 1 {
            V::Null
        } else {
            V::Num(1.0)
        })
    }
    fn now(&self) -> i64 {
        0
    }
}

/// An environment without columns, for evaluating literals.
struct NoColumns;

impl Env for NoColumns {
    fn column(&self, _: &str) -> Option<V> {
        None
    }
    fn now(&self) -> i64 {
        0
    }
}

fn parse_expr(text: &str, dialect: Dialect) -> std::result::Result<sqlparser::ast::Expr, String> {
    let d = dialect.parser_dialect();
    sqlparser::parser::Parser::new(&*d)
        .try_with_sql(text)
        .and_then(|mut p| p.parse_expr())
        .map_err(|e| e.to_string())
}

fn constant(s: Slot) -> Gen {
    Gen::Values {
        items: vec![s],
        cycle: true,
    }
}

/// A generator of the same values as `g` except `v`, when `g` is a list of values.
fn without(g: &Gen, v: &Slot) -> Option<Gen> {
    let keep = |items: Vec<Slot>| {
        let items: Vec<Slot> = items.into_iter().filter(|s| !s.same(v)).collect();
        (!items.is_empty()).then_some(Gen::Values {
            items,
            cycle: false,
        })
    };
    match g {
        Gen::Values { items, .. } | Gen::Weighted { items, .. } => keep(items.clone()),
        Gen::Enum(labels) => keep(labels.iter().map(|l| Slot::of_text(l)).collect()),
        Gen::Bool { .. } => match v.val {
            Val::Bool(b) => Some(constant(Slot {
                val: Val::Bool(!b),
                ..Slot::default()
            })),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn columns_deleted(name: &str) -> bool {
    let n = super::infer::normal(name);
    n.contains("deleted")
        || n.contains("archived")
        || n.contains("canceled")
        || n.contains("cancelled")
}

/// Lines per parent of a line table (data version 2): most orders have one or two
/// lines, a few a dozen; the mean is 2.5.
pub(super) fn lines_per_parent() -> crate::plan::picks::CountDist {
    crate::plan::picks::CountDist::Buckets(vec![
        (1, 0.40),
        (2, 0.65),
        (3, 0.80),
        (4, 0.88),
        (5, 0.93),
        (6, 0.96),
        (8, 0.98),
        (12, 1.0),
    ])
}

/// Columns of outcomes most rows never have (data version 2): failures, revocations,
/// bans, refunds, errors.
pub(super) fn columns_rare(name: &str) -> bool {
    const RARE: &[&str] = &[
        "failed",
        "failure",
        "error",
        "revoked",
        "banned",
        "suspended",
        "refunded",
        "blocked",
        "disabled",
        "rejected",
        "bounced",
        "terminated",
        "discontinued",
        "locked",
        "expired",
        "disputed",
        "voided",
        "retracted",
        "flagged",
    ];
    let n = super::infer::normal(name);
    RARE.iter().any(|r| n.contains(r))
}

/// A nullable column's share of NULLs by what it holds (data version 2, when the
/// settings give no `null_rate`): 2% for a column with a DEFAULT (rows that took it),
/// 60% for optional parts (`middle_name`, `address2`, `fax`, `suffix`), else 2–20% by
/// its name, so that NULLs are not 10% in every column.
pub(super) fn null_share(col: &crate::schema::Column) -> f64 {
    const SPARSE: &[&str] = &[
        "middlename",
        "middleinitial",
        "address2",
        "addressline2",
        "line2",
        "street2",
        "apartment",
        "suite",
        "fax",
        "suffix",
        "nickname",
        "secondary",
        "alternate",
        "altemail",
        "altphone",
        "maidenname",
        "companyname2",
        "remarks",
        "notes",
    ];
    let n = super::infer::normal(&col.name);
    let defaulted = col
        .default
        .as_deref()
        .is_some_and(|d| !d.trim().eq_ignore_ascii_case("null"));
    if SPARSE.iter().any(|s| n.ends_with(s)) {
        0.6
    } else if defaulted {
        0.02
    } else {
        let h = crate::random::rng::name_hash(&n);
        0.02 + 0.18 * (h % 1000) as f64 / 1000.0
    }
}

pub(super) fn describe_kind(g: &Gen) -> &'static str {
    match g {
        Gen::Bytes { .. } => "bytes",
        Gen::Json | Gen::Document(_) => "json",
        Gen::Xml => "xml",
        Gen::Inet | Gen::Cidr => "inet",
        Gen::Pattern { .. } => "pattern",
        Gen::PatternKey { .. } => "unique pattern",
        Gen::After { .. } => "after",
        Gen::Null => "null",
        _ => "this",
    }
}

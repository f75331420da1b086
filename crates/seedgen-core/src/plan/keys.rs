//! Planning one table: foreign keys, generators, CHECK limits, uniqueness and the order
//! in which a row's cells are computed.

use std::collections::HashSet;
use std::sync::Arc;

use super::columns::{self, Limits, Numeric};
use super::{CheckPlan, ColumnPlan, FkPlan, TablePlan};
use crate::cell::{Slot, Val};
use crate::error::{Error, Result};
use crate::expr::check::{self, Env, Narrow, V};
use crate::plan::ir::{Gen, KeyKind, TextGen, Unit, TEXT_KEY_BASE};
use crate::plan::picks::{CountDist, PerParent, Pick};
use crate::random::keys::{text_capacity, Permutation};
use crate::random::rng::ColumnKey;
use crate::schema::{Column, Dialect, Identity, Schema, Table, TypeClass};
use crate::settings::{ColumnSettings, Count, Distribution, Settings, TableSettings};

/// A column's generator as [`Planner::choose_generator`] chose it.
struct Chosen {
    gen: Gen,
    name: String,
    reason: String,
    overridden: bool,
    /// Written by the outputs (false: left to the database's DEFAULT).
    written: bool,
}

/// The state shared while planning the tables of one schema.
pub(super) struct Planner<'a> {
    pub schema: &'a Schema,
    #[allow(dead_code)]
    pub settings: &'a Settings,
    pub table_settings: &'a [Option<&'a TableSettings>],
    pub rows: Vec<u64>,
    pub null_rate: f64,
    pub seed: u64,
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

fn col_index(table: &Table, name: &str) -> Option<usize> {
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

fn infeasible(target: String, message: String, max_rows: Option<u64>) -> Error {
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

fn limit(target: String, why: String, max_rows: u64, fix: &'static str) -> Stop {
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
        let max = self.max_rows;
        Error::Infeasible {
            target: self.target.clone(),
            message: format!(
                "{}, so at most {max} rows fit but {asked} are asked; generate at most {max} rows (--rows {table}={max}) or {}",
                self.why, self.fix
            ),
            max_rows: Some(max),
        }
    }
}

fn count_dist(c: &Count, path: &str) -> Result<CountDist> {
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

fn is_unique_gen(g: &Gen) -> bool {
    matches!(
        g,
        Gen::Serial { .. }
            | Gen::Unique { .. }
            | Gen::TextKey { .. }
            | Gen::Keyed { .. }
            | Gen::Uuid { unique: true, .. }
    ) || matches!(g, Gen::Text(TextGen { unique: true, .. }))
}

struct Recorder<'a> {
    table: &'a Table,
    value_column: Option<usize>,
    seen: std::cell::RefCell<Vec<usize>>,
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
    fn settings_path(&self, ti: usize, col: &str) -> String {
        format!("tables.{}.columns.{col}", self.schema.tables[ti].name)
    }

    fn in_cycle_with(&self, a: usize, b: usize) -> bool {
        self.cycles.iter().any(|c| c.contains(&a) && c.contains(&b))
    }

    /// Plans table `ti`; its parents outside cycles are already planned.
    pub fn plan_table(&mut self, ti: usize) -> std::result::Result<(), Stop> {
        let schema = self.schema;
        let table = &schema.tables[ti];
        let tname = table.name.to_string();
        let ts = self.table_settings[ti];
        let ncols = table.columns.len();

        // Foreign keys.
        let mut fks: Vec<FkPlan> = Vec::new();
        let mut claimed: Vec<Option<(usize, usize)>> = vec![None; ncols];
        let mut dangling = vec![false; ncols];
        let mut per_parent_used = false;
        let pk_cols: Vec<usize> = table
            .primary_key
            .iter()
            .filter_map(|c| col_index(table, c))
            .collect();
        // Simple foreign keys first: a composite key that shares their columns (a tenant
        // column) is then picked within the scope they set.
        let mut fk_order: Vec<&crate::schema::ForeignKey> = table.foreign_keys.iter().collect();
        // Foreign keys declared on partitions bind the parent's rows too.
        for part in table.partitioning.iter().flat_map(|p| &p.partitions) {
            for fk in &part.foreign_keys {
                let known = fk_order.iter().any(|x| {
                    x.columns == fk.columns && x.references.table.matches(&fk.references.table)
                });
                if !known {
                    fk_order.push(fk);
                }
            }
        }
        fk_order.sort_by_key(|fk| fk.columns.len());
        for fk in fk_order {
            let fk_name = fk.name.clone().unwrap_or_else(|| {
                format!("({}) → {}", fk.columns.join(", "), fk.references.table)
            });
            let Some(p) = self.lookup.find(&fk.references.table) else {
                // SQLite, which alone accepts a key to a table that does not exist,
                // refuses every row of the child while foreign keys are enforced (even
                // with the key NULL): such a table gets no rows.
                if self.rows[ti] > 0 {
                    return Err(limit(
                        tname.clone(),
                        format!(
                            "foreign key {fk_name} points to table {}, which the schema does not define, and SQLite refuses every row of such a table while foreign keys are on",
                            fk.references.table
                        ),
                        0,
                        "add the missing table's CREATE TABLE to the inputs",
                    ));
                }
                for c in fk.columns.iter().filter_map(|c| col_index(table, c)) {
                    dangling[c] = true;
                }
                continue;
            };
            let parent = &schema.tables[p];
            let cols: Option<Vec<usize>> = fk.columns.iter().map(|c| col_index(table, c)).collect();
            let pcols: Option<Vec<usize>> = fk
                .references
                .columns
                .iter()
                .map(|c| col_index(parent, c))
                .collect();
            let (Some(cols), Some(pcols)) = (cols, pcols) else {
                self.warnings.push(format!(
                    "{tname}: foreign key {fk_name} names a column that does not exist; skipped"
                ));
                continue;
            };
            if cols.len() != pcols.len() {
                continue;
            }
            let shared: Vec<usize> = (0..cols.len())
                .filter(|&k| claimed[cols[k]].is_some())
                .collect();
            let mut scope: Option<Pick> = None;
            if !shared.is_empty() {
                if shared.len() == cols.len() {
                    self.warnings.push(format!(
                        "{tname}: foreign key {fk_name} uses only columns other foreign keys fill; its values follow them and may not match {}",
                        parent.name
                    ));
                    continue;
                }
                scope = Some(
                    self.scoped_pick(ti, &fks, &claimed, &cols, &pcols, &shared, p, &fk_name)?,
                );
            }
            let self_ref = p == ti;
            let nullable = cols.iter().any(|&c| table.columns[c].nullable);
            let settings: Vec<&ColumnSettings> = cols
                .iter()
                .filter_map(|&c| column_settings(self.table_settings, ti, &table.columns[c]))
                .collect();
            let null_rate = if nullable {
                settings
                    .iter()
                    .find_map(|s| s.null_rate)
                    .unwrap_or(self.null_rate)
            } else {
                0.0
            };
            let key = ColumnKey::new(self.seed, &tname, &format!("@fk:{}", fk.columns.join(",")));
            let scope_fk = cols.len() < pk_cols.len() && cols.iter().all(|c| pk_cols.contains(c));
            let mut pick = if let Some(sc) = scope {
                sc
            } else if self_ref {
                Pick::SelfEarlier
            } else if scope_fk && settings.iter().all(|s| s.distribution.is_none()) {
                // A tenant column of a composite key: tenants own contiguous blocks of
                // rows, so keys scoped to a tenant can find its rows.
                Pick::Sequential
            } else {
                match settings.iter().find_map(|s| s.distribution.clone()) {
                    None | Some(Distribution::Uniform) => Pick::Uniform,
                    Some(Distribution::Sequential) => Pick::Sequential,
                    Some(Distribution::Zipf { s }) => {
                        if !s.is_finite() || s <= 0.0 {
                            return Err(Stop::Fail(Error::Settings {
                                path: self.settings_path(ti, &fk.columns[0]) + ".distribution",
                                message: "zipf needs a positive exponent `s`".into(),
                            }));
                        }
                        Pick::Zipf { s }
                    }
                }
            };
            if let Some(pp) = ts.and_then(|s| s.per_parent.as_ref()) {
                let target = super::find_table(schema, &pp.parent);
                if target == Some(p)
                    && !per_parent_used
                    && !self_ref
                    && !matches!(pick, Pick::Scoped { .. })
                {
                    per_parent_used = true;
                    let path = format!("tables.{tname}.per_parent.count");
                    let dist = count_dist(&pp.count, &path)?;
                    let index = PerParent::new(
                        dist,
                        ColumnKey::new(self.seed, &tname, "@per_parent"),
                        self.rows[p],
                    );
                    if ts.and_then(|s| s.rows).is_some() {
                        return Err(Stop::Fail(Error::Settings {
                            path: format!("tables.{tname}"),
                            message: "`rows` and `per_parent` conflict: the row count is the sum of the per-parent counts; remove `rows`".into(),
                        }));
                    }
                    let total = index.total();
                    if total > super::MAX_ROWS {
                        return Err(Stop::Fail(Error::Settings {
                            path,
                            message: format!("the counts add up to {total} rows, above the limit"),
                        }));
                    }
                    self.rows[ti] = total;
                    pick = Pick::PerParent(Arc::new(index));
                }
            }
            let k = fks.len();
            for (pos, &c) in cols.iter().enumerate() {
                if claimed[c].is_none() {
                    claimed[c] = Some((k, pos));
                }
            }
            fks.push(FkPlan {
                name: fk_name,
                parent: p,
                columns: cols,
                parent_columns: pcols,
                pick,
                nullable,
                null_rate,
                key,
                self_ref,
                null_group: None,
                existing: 0,
            });
        }
        if let Some(pp) = ts.and_then(|s| s.per_parent.as_ref()) {
            if !per_parent_used {
                return Err(Stop::Fail(Error::Settings {
                    path: format!("tables.{tname}.per_parent.parent"),
                    message: format!(
                        "table {tname} has no foreign key to `{}`; per_parent needs one",
                        pp.parent
                    ),
                }));
            }
        }
        let rows = self.rows[ti];
        for f in &fks {
            let parents = self.rows[f.parent];
            if parents == 0 && !f.nullable && rows > 0 && !f.self_ref {
                return Err(limit(
                    tname.clone(),
                    format!(
                        "foreign key {} is NOT NULL and its parent {} has 0 rows",
                        f.name, schema.tables[f.parent].name
                    ),
                    0,
                    "give the parent rows",
                ));
            }
        }

        // CHECK limits per column.
        let now_us = self.as_of * 1_000_000;
        let mut limits: Vec<Limits> = vec![Limits::default(); ncols];
        let mut orders: Vec<(usize, usize, bool)> = Vec::new();
        let mut check_plans: Vec<CheckPlan> = Vec::new();
        let mut add_check = |this: &mut Self,
                             name: String,
                             text: &str,
                             expr: sqlparser::ast::Expr,
                             value_column: Option<usize>,
                             limits: &mut Vec<Limits>,
                             orders: &mut Vec<(usize, usize, bool)>| {
            for n in check::narrowings(&expr, now_us) {
                let col_of = |name: &str| {
                    if name.eq_ignore_ascii_case("value") && value_column.is_some() {
                        value_column
                    } else {
                        col_index(table, name)
                    }
                };
                match &n {
                    Narrow::Order {
                        greater,
                        lesser,
                        strict,
                    } => {
                        if let (Some(g), Some(l)) = (col_of(greater), col_of(lesser)) {
                            orders.push((g, l, *strict));
                        }
                    }
                    Narrow::Lower { col, .. }
                    | Narrow::Upper { col, .. }
                    | Narrow::In { col, .. }
                    | Narrow::Length { col, .. }
                    | Narrow::Prefix { col, .. }
                    | Narrow::Json { col }
                    | Narrow::Pattern { col, .. } => {
                        if let Some(c) = col_of(col) {
                            let t = &table.columns[c].data_type;
                            let shape = columns::numeric(t, schema.type_class(t));
                            limits[c].add(&n, shape.as_ref());
                        }
                    }
                }
            }
            let rec = Recorder {
                table,
                value_column,
                seen: Default::default(),
            };
            if check::eval(&expr, &rec) == V::Unknown {
                this.warnings.push(format!(
                    "{tname}: CHECK {name} uses expressions seedgen cannot evaluate; only the limits it could read are applied: {text}"
                ));
            }
            let mut cols = rec.seen.into_inner();
            cols.sort_unstable();
            cols.dedup();
            if !cols.is_empty() {
                check_plans.push(CheckPlan {
                    name,
                    text: text.to_string(),
                    expr,
                    value_column,
                    columns: cols,
                });
            }
        };
        for (k, ch) in table.checks.iter().enumerate() {
            let name = ch.name.clone().unwrap_or_else(|| format!("#{}", k + 1));
            match ch.parse(self.dialect) {
                Ok(expr) => add_check(self, name, &ch.expr, expr, None, &mut limits, &mut orders),
                Err(e) => self.warnings.push(format!(
                    "{tname}: CHECK {name} could not be read ({e}); not evaluated"
                )),
            }
        }
        for (c, col) in table.columns.iter().enumerate() {
            let Some(dname) = &col.domain else { continue };
            let Some(domain) = schema.domains.iter().find(|d| d.name.matches(dname)) else {
                continue;
            };
            for (k, ch) in domain.checks.iter().enumerate() {
                let name = ch
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{}#{}", domain.name, k + 1));
                match ch.parse(self.dialect) {
                    Ok(expr) => add_check(
                        self,
                        name,
                        &ch.expr,
                        expr,
                        Some(c),
                        &mut limits,
                        &mut orders,
                    ),
                    Err(e) => self.warnings.push(format!(
                        "{tname}.{}: domain CHECK {name} could not be read ({e}); not evaluated",
                        col.name
                    )),
                }
            }
        }

        // A generated column the database computes must fit its type, or the row is
        // refused (`numeric field overflow`): the expression is guarded like a CHECK.
        for col in &table.columns {
            let Some(g) = &col.generated else { continue };
            let t = &col.data_type;
            let Some(shape) = columns::numeric(t, schema.type_class(t)).filter(|n| !n.float) else {
                continue;
            };
            let bound = |v: i128| {
                let d = 10i128.pow(shape.scale);
                let sign = if v < 0 { "-" } else { "" };
                match shape.scale {
                    0 => v.to_string(),
                    s => format!("{sign}{}.{:0w$}", v.abs() / d, v.abs() % d, w = s as usize),
                }
            };
            let text = format!("({g}) BETWEEN {} AND {}", bound(shape.lo), bound(shape.hi));
            let check = crate::schema::Check {
                name: None,
                expr: text.clone(),
                column: None,
                at: None,
            };
            let Ok(expr) = check.parse(self.dialect) else {
                continue;
            };
            let rec = Recorder {
                table,
                value_column: None,
                seen: Default::default(),
            };
            if check::eval(&expr, &rec) != V::Unknown {
                let name = format!("{} fits {t}", col.name);
                add_check(self, name, &text, expr, None, &mut limits, &mut orders);
            }
        }

        // Generators.
        let pk: Vec<usize> = table
            .primary_key
            .iter()
            .filter_map(|c| col_index(table, c))
            .collect();
        let partition_col = table.partitioning.as_ref().and_then(|p| {
            let inner = p.by.split_once('(')?.1.split(')').next()?.trim();
            col_index(table, inner.trim_matches('"'))
        });
        let mut cols_out: Vec<ColumnPlan> = Vec::with_capacity(ncols);
        for (c, col) in table.columns.iter().enumerate() {
            let t = &col.data_type;
            let class = schema.type_class(t);
            let cs = column_settings(self.table_settings, ti, col);
            let path = self.settings_path(ti, &col.name);
            let target = format!("{tname}.{}", col.name);
            let mut written = col.generated.is_none();
            let shape = columns::numeric(t, class);
            let (mut gen, generator, mut reason): (Gen, String, String);
            if !written {
                (gen, generator, reason) = (
                    Gen::Null,
                    "none".into(),
                    "generated column: the database computes it".into(),
                );
            } else if dangling[c] {
                (gen, generator, reason) = (
                    Gen::Null,
                    "null".into(),
                    "its foreign key points to a table the schema does not define".into(),
                );
            } else if let (Some((fk, pos)), false) = (
                claimed[c],
                cs.is_some_and(|s| s.value.is_some() || s.values.is_some() || s.sql.is_some()),
            ) {
                let f = &fks[fk];
                let parent = &schema.tables[f.parent];
                gen = Gen::Ref { fk, pos };
                generator = format!(
                    "reference to {}.{}",
                    parent.name, parent.columns[f.parent_columns[pos]].name
                );
                reason = format!(
                    "foreign key {}, parents picked {}",
                    f.name,
                    f.pick.describe()
                );
            } else {
                let int_pk = pk.len() == 1
                    && pk[0] == c
                    && matches!(class, TypeClass::Int(_) | TypeClass::Decimal)
                    && t.array_dims == 0;
                let chosen = self.choose_generator(ti, c, class, int_pk, &limits[c], cs)?;
                (gen, generator, reason) = (chosen.gen, chosen.name, chosen.reason);
                written = chosen.written;
                if partition_col == Some(c) && !chosen.overridden {
                    if let Some(g) = self.partition_gen(table, t, class, shape.as_ref(), &target)? {
                        gen = g;
                        reason.push_str(", within the partitions' bounds");
                    }
                }
            }
            let null_rate = if col.nullable && written && !pk.contains(&c) {
                match cs.and_then(|s| s.null_rate) {
                    Some(r) if !(0.0..=1.0).contains(&r) => {
                        return Err(Stop::Fail(Error::Settings {
                            path: path + ".null_rate",
                            message: format!("{r} is not between 0 and 1"),
                        }))
                    }
                    Some(r) => r,
                    None if columns_deleted(&col.name) => 0.9,
                    None => self.null_rate,
                }
            } else {
                if cs.and_then(|s| s.null_rate).is_some_and(|r| r > 0.0) {
                    return Err(Stop::Fail(Error::Settings {
                        path: path + ".null_rate",
                        message: format!("{target} is NOT NULL (or part of the primary key); it cannot take NULLs"),
                    }));
                }
                0.0
            };
            if let (Gen::Serial { start }, Some(n)) = (&gen, &shape) {
                let hi = limits[c].hi.map_or(n.hi, |h| h.min(n.hi));
                let cap = (hi - start + 1).max(0);
                if cap < i128::from(rows) {
                    let cap = cap.min(i128::from(u64::MAX)) as u64;
                    return Err(limit(
                        target,
                        if hi < n.hi {
                            format!(
                                "the key counts {start}, {}, … and a CHECK stops it at {hi}",
                                start + 1
                            )
                        } else {
                            format!(
                                "the key counts {start}, {}, … and type {t} stops at {hi}",
                                start + 1
                            )
                        },
                        cap,
                        "widen the column",
                    ));
                }
            }
            let key = ColumnKey::new(self.seed, &tname, &col.name);
            if let Gen::Uuid { key: k, .. } = &mut gen {
                *k = key.0;
            }
            cols_out.push(ColumnPlan {
                name: col.name.clone(),
                sql_type: t.clone(),
                nullable: col.nullable,
                written,
                generator,
                reason,
                gen,
                null_rate,
                key,
                data_type: columns::arrow_type(t, class),
                class,
                resample: false,
                standalone: true,
                null_group: None,
            });
        }

        // Uniqueness: primary key first, then each UNIQUE set.
        let mut sets: Vec<(String, Vec<usize>)> = Vec::new();
        let mut predicates: Vec<Option<&str>> = Vec::new();
        let mut prefixes: Vec<Option<u64>> = vec![None; ncols];
        if !pk.is_empty() {
            sets.push(("PRIMARY KEY".into(), pk.clone()));
            predicates.push(None);
        }
        for u in &table.unique {
            // An expression over one column (`lower(email)`) is unique when the column
            // is, for the injective functions such indexes use.
            let cols: Option<Vec<usize>> = u
                .columns
                .iter()
                .map(|c| col_index(table, c).or_else(|| expression_column(table, c, self.dialect)))
                .collect();
            if let Some(cols) = cols {
                let label = match &u.name {
                    Some(n) => format!("UNIQUE {n}"),
                    None => format!("UNIQUE ({})", u.columns.join(", ")),
                };
                for (name, len) in &u.prefixes {
                    if let Some(c) = col_index(table, name) {
                        prefixes[c] = Some(prefixes[c].map_or(*len, |p: u64| p.min(*len)));
                    }
                }
                sets.push((label, cols));
                predicates.push(u.predicate.as_deref());
            }
        }
        let mut unique_col: Vec<bool> = cols_out.iter().map(|c| is_unique_gen(&c.gen)).collect();
        for (k, (label, set)) in sets.iter().enumerate() {
            if set.iter().any(|&c| unique_col[c]) || rows <= 1 {
                continue;
            }
            // A partial index whose predicate no row can meet holds nothing.
            if let Some(p) = predicates[k] {
                if self.predicate_never_holds(table, p) {
                    continue;
                }
            }
            // The foreign keys inside the set. A self reference must point to an earlier
            // row, so it cannot be spread over a permutation: the others carry the set.
            let inside: Vec<usize> = (0..fks.len())
                .filter(|&k| fks[k].columns.iter().all(|c| set.contains(c)))
                .collect();
            let groups: Vec<usize> = if inside.iter().any(|&k| !fks[k].self_ref) {
                inside.into_iter().filter(|&k| !fks[k].self_ref).collect()
            } else {
                inside
            };
            let others: Vec<usize> = set
                .iter()
                .copied()
                .filter(|&c| claimed[c].is_none() || matches!(cols_out[c].gen, Gen::Values { .. }))
                .collect();
            let mut done = false;
            let mut last_err = None;
            // Prefer the column with the largest domain.
            for &c in &others {
                match self.make_unique(
                    &mut cols_out[c],
                    rows,
                    &tname,
                    label,
                    limits[c].clone(),
                    prefixes[c],
                ) {
                    Ok(()) => {
                        unique_col[c] = true;
                        done = true;
                        break;
                    }
                    Err(e) => last_err = Some(e),
                }
            }
            if done {
                continue;
            }
            // A partial unique index (`UNIQUE (is_default) WHERE is_default`): its
            // predicate holds on the first row only.
            if let Some(p) = predicates[k] {
                if let Some(c) = self.falsify(table, &mut cols_out, &claimed, p) {
                    cols_out[c]
                        .reason
                        .push_str(&format!(", {label} WHERE {p} on the first row only"));
                    continue;
                }
            }
            if groups.len() == 1 {
                let f = &mut fks[groups[0]];
                let parents = self.rows[f.parent];
                if f.self_ref {
                    last_err = Some(Stop::Fail(infeasible(
                        tname.clone(),
                        format!("{label} consists of a self reference only; seedgen cannot make it unique"),
                        None,
                    )));
                } else if parents < rows {
                    return Err(limit(
                        tname.clone(),
                        format!(
                            "{label} on foreign key {} allows one row per row of {} ({parents} rows)",
                            f.name, schema.tables[f.parent].name
                        ),
                        parents,
                        "give the parent more rows",
                    ));
                } else {
                    f.pick = Pick::Injective(Permutation::new(parents, f.key.0));
                    for &c in &f.columns {
                        unique_col[c] = true;
                    }
                    continue;
                }
            }
            if groups.len() == 2 && others.is_empty() {
                let scoped = groups
                    .iter()
                    .copied()
                    .find(|&k| matches!(fks[k].pick, Pick::Scoped { .. }));
                if let Some(b) = scoped {
                    let Pick::Scoped { via, .. } = fks[b].pick else {
                        unreachable!()
                    };
                    let nf = self.rows[fks[via].parent];
                    let block = rows.div_ceil(nf.max(1));
                    let (nz, np) = match &fks[b].pick {
                        Pick::Scoped {
                            scope_rows,
                            target_rows,
                            ..
                        } => (*scope_rows, *target_rows),
                        _ => (1, 1),
                    };
                    let smallest = np / nz.max(1);
                    if block > smallest {
                        let cap = nf.saturating_mul(smallest);
                        return Err(limit(
                            tname.clone(),
                            format!(
                                "{label} needs each row of {} to get distinct rows of {} within its scope, and a scope holds only {smallest}",
                                schema.tables[fks[via].parent].name, schema.tables[fks[b].parent].name
                            ),
                            cap,
                            "give the parents more rows",
                        ));
                    }
                    fks[via].pick = Pick::Sequential;
                    if let Pick::Scoped {
                        unique_in_block, ..
                    } = &mut fks[b].pick
                    {
                        *unique_in_block = true;
                    }
                    for &k in &groups {
                        for &c in &fks[k].columns {
                            unique_col[c] = true;
                        }
                    }
                    continue;
                }
            }
            if groups.len() >= 2 {
                let product = groups
                    .iter()
                    .fold(1u64, |acc, &k| acc.saturating_mul(self.rows[fks[k].parent]));
                if product < rows {
                    let parents: Vec<String> = groups
                        .iter()
                        .map(|&k| {
                            format!(
                                "{} ({})",
                                schema.tables[fks[k].parent].name, self.rows[fks[k].parent]
                            )
                        })
                        .collect();
                    return Err(limit(
                        tname.clone(),
                        format!(
                            "{label} needs a distinct combination of {} per row, and {product} exist",
                            parents.join(" × ")
                        ),
                        product,
                        "give the parents more rows",
                    ));
                }
                let perm = Permutation::new(product, ColumnKey::new(self.seed, &tname, label).0);
                let mut divisor = 1u64;
                for &k in &groups {
                    fks[k].pick = Pick::Junction { perm, divisor };
                    fks[k].null_rate = 0.0;
                    divisor = divisor.saturating_mul(self.rows[fks[k].parent]);
                    for &c in &fks[k].columns {
                        unique_col[c] = true;
                    }
                }
                continue;
            }
            return Err(last_err.unwrap_or_else(|| {
                Stop::Fail(infeasible(
                    tname.clone(),
                    format!("seedgen cannot make {label} unique: every column of it is part of a foreign key that also covers other columns; set one column's generator"),
                    None,
                ))
            }));
        }
        // Describe picks that uniqueness changed.
        for col in cols_out.iter_mut() {
            if let Gen::Ref { fk, .. } = col.gen {
                let f = &fks[fk];
                col.reason = format!(
                    "foreign key {}, parents picked {}",
                    f.name,
                    f.pick.describe()
                );
            }
        }

        self.shape_columns(
            ti,
            table,
            &mut cols_out,
            &unique_col,
            &claimed,
            &check_plans,
            &limits,
            rows,
        )?;

        // Column order constraints (end >= start) on columns free to follow another.
        for &(g, l, strict) in &orders {
            if g == l || unique_col[g] {
                continue;
            }
            let (tg, tl) = (&table.columns[g].data_type, &table.columns[l].data_type);
            let (Some(sg), Some(sl)) = (
                columns::numeric(tg, schema.type_class(tg)),
                columns::numeric(tl, schema.type_class(tl)),
            ) else {
                continue;
            };
            let temporal = |u: Unit| matches!(u, Unit::Date | Unit::Seconds);
            let compatible = (sg.unit == sl.unit && sg.scale == sl.scale && !sg.float && !sl.float)
                || (temporal(sg.unit) && temporal(sl.unit) && sg.unit == sl.unit);
            if !compatible {
                continue;
            }
            if let Gen::After { base, .. } = cols_out[l].gen {
                if base == g {
                    continue;
                }
            }
            let hi = match &cols_out[g].gen {
                Gen::Range { hi, .. } => *hi,
                Gen::Timeline { date, .. } => {
                    if *date {
                        i128::from(self.as_of) / 86_400
                    } else {
                        i128::from(self.as_of)
                    }
                }
                _ => continue,
            };
            let fallback = std::mem::replace(&mut cols_out[g].gen, Gen::Null);
            cols_out[g].gen = Gen::After {
                base: l,
                strict,
                hi,
                fallback: Box::new(fallback),
                unit: sg.unit,
            };
            cols_out[g]
                .reason
                .push_str(&format!(", at or after {} (CHECK)", table.columns[l].name));
            cols_out[g].generator = format!("after {}", table.columns[l].name);
        }

        // Resampling: the columns of each CHECK that nothing else depends on.
        for ch in &check_plans {
            for &c in &ch.columns {
                let protected = unique_col[c]
                    || self
                        .referenced
                        .contains(&(ti, table.columns[c].name.to_lowercase()))
                    || sets.iter().any(|(_, s)| s.contains(&c))
                    || !cols_out[c].written;
                if !protected {
                    cols_out[c].resample = true;
                }
            }
        }
        for col in cols_out.iter_mut() {
            col.standalone = !col.resample && !matches!(col.gen, Gen::After { .. });
        }

        // Evaluation order: plain columns, then columns that follow another.
        let mut eval_order: Vec<usize> = (0..ncols)
            .filter(|&c| !matches!(cols_out[c].gen, Gen::After { .. }))
            .collect();
        let mut pending: Vec<usize> = (0..ncols)
            .filter(|&c| matches!(cols_out[c].gen, Gen::After { .. }))
            .collect();
        while !pending.is_empty() {
            let before = pending.len();
            pending.retain(|&c| {
                let Gen::After { base, .. } = cols_out[c].gen else {
                    return false;
                };
                if eval_order.contains(&base) {
                    eval_order.push(c);
                    false
                } else {
                    true
                }
            });
            if pending.len() == before {
                // A loop of "after" columns: break it by keeping the fallbacks.
                for &c in &pending {
                    if let Gen::After { fallback, .. } =
                        std::mem::replace(&mut cols_out[c].gen, Gen::Null)
                    {
                        cols_out[c].gen = *fallback;
                    }
                    eval_order.push(c);
                }
                pending.clear();
            }
        }

        let timeline_fk = fks
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.self_ref && !self.in_cycle_with(ti, f.parent))
            .min_by_key(|(_, f)| f.nullable)
            .map(|(k, _)| k);

        let null_groups = self.null_groups(ti, &check_plans, &mut cols_out, &mut fks)?;
        self.tables[ti] = Some(TablePlan {
            name: table.name.clone(),
            rows,
            columns: cols_out,
            eval_order,
            fks,
            checks: check_plans,
            null_groups,
            timeline_fk,
            person_key: ColumnKey::new(self.seed, &tname, "@person"),
            address_key: ColumnKey::new(self.seed, &tname, "@address"),
            timeline_key: ColumnKey::new(self.seed, &tname, "@timeline"),
            row_digits: 1,
            arrow: Arc::new(arrow_schema::Schema::empty()),
            written: Vec::new(),
            existing: None,
            outputs: Vec::new(),
        });
        Ok(())
    }

    /// The NULL patterns of the table's CHECKs that depend on NULLs only (see
    /// [`NullGroup`](super::NullGroup)): columns tied by such CHECKs form a group, whose
    /// allowed patterns are found by evaluating its CHECKs on every pattern.
    fn null_groups(
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
    fn choose_generator(
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
        } else if let Some((g, name)) =
            columns::hint_for(&table.name.name, col, class).and_then(|(h, why)| {
                columns::apply_hint(h, t, class, col, self.as_of).map(|(g, n)| (g, (n, why)))
            })
        {
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
    fn scoped_pick(
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

    /// Makes a column's generator injective for `rows` rows, or says why it cannot be.
    pub(super) fn make_unique(
        &self,
        col: &mut ColumnPlan,
        rows: u64,
        tname: &str,
        label: &str,
        limits: Limits,
        prefix: Option<u64>,
    ) -> std::result::Result<(), Stop> {
        let target = format!("{tname}.{}", col.name);
        let t = &col.sql_type;
        let too_small = |what: String, cap: u64| {
            limit(
                target.clone(),
                format!("{label} needs a distinct value per row and {what} allows {cap}"),
                cap,
                "widen the column",
            )
        };
        let key = col.key.0 ^ 0x756e_6971;
        let shape: Option<Numeric> = columns::numeric(t, col.class);
        // A range too narrow for distinct values grows: numbers upwards (ten values a
        // row), dates and times backwards from the latest (two a row), so unique dates
        // stay before `as_of`; within the type and the CHECKs either way.
        let widen = |lo: i128, hi: i128, n: &Numeric| -> (i128, i128) {
            let (tlo, thi) = (
                limits.lo.unwrap_or(n.lo).max(n.lo),
                limits.hi.unwrap_or(n.hi).min(n.hi),
            );
            if hi - lo + 1 >= i128::from(rows) {
                return (lo, hi);
            }
            if matches!(n.unit, Unit::Date | Unit::Seconds | Unit::TimeOfDay) {
                let hi = hi.min(thi);
                let want = hi - i128::from(rows) * 2 + 1;
                return if want >= tlo { (want, hi) } else { (tlo, thi) };
            }
            let lo = lo.max(tlo);
            let want = lo + i128::from(rows) * 10 - 1;
            if want <= thi {
                (lo, want)
            } else {
                (tlo, thi)
            }
        };
        let keyed = |kind: KeyKind, cap: u64| -> std::result::Result<Gen, Stop> {
            if cap < rows {
                return Err(too_small(format!("type {t}"), cap));
            }
            Ok(Gen::Keyed {
                kind,
                perm: Permutation::new(rows.max(1), key),
            })
        };
        let pow2 = |bits: u64| if bits >= 64 { u64::MAX } else { 1u64 << bits };
        let new = match &col.gen {
            Gen::Serial { .. } | Gen::Unique { .. } | Gen::TextKey { .. } => return Ok(()),
            Gen::Range { lo, hi, unit } if shape.is_some() => {
                let n = shape.expect("numeric");
                let (lo, hi) = widen(*lo, *hi, &n);
                let span = (hi - lo + 1).max(0);
                if span < i128::from(rows) {
                    return Err(too_small(format!("type {t} with its CHECKs"), span as u64));
                }
                let span = span.min(i128::from(u64::MAX)) as u64;
                Gen::Unique {
                    lo,
                    perm: Permutation::new(span, key),
                    unit: *unit,
                }
            }
            Gen::Timeline { date, .. } => {
                let n = shape.expect("temporal");
                let year: i128 = if *date { 365 } else { 31_556_952 };
                let now = if *date {
                    i128::from(self.as_of) / 86_400
                } else {
                    i128::from(self.as_of)
                };
                let (lo, hi) = widen(now - 3 * year, now, &n);
                let span = (hi - lo + 1).max(0);
                if span < i128::from(rows) {
                    return Err(too_small(format!("type {t}"), span as u64));
                }
                Gen::Unique {
                    lo,
                    perm: Permutation::new(span.min(i128::from(u64::MAX)) as u64, key),
                    unit: n.unit,
                }
            }
            Gen::Float { lo, hi } => {
                let lo = lo.ceil() as i128;
                let hi = (hi.floor() as i128).max(lo + i128::from(rows) * 10);
                Gen::Unique {
                    lo,
                    perm: Permutation::new((hi - lo + 1).min(i128::from(u64::MAX)) as u64, key),
                    unit: Unit::Int,
                }
            }
            Gen::Values { items, .. } => {
                let distinct = {
                    let mut d: Vec<&Slot> = Vec::new();
                    for s in items {
                        if !d.iter().any(|x| x.same(s)) {
                            d.push(s);
                        }
                    }
                    d.into_iter().cloned().collect::<Vec<_>>()
                };
                if (distinct.len() as u64) < rows {
                    return Err(too_small(format!("its list of {} values", distinct.len()), distinct.len() as u64));
                }
                Gen::Values {
                    items: distinct,
                    cycle: true,
                }
            }
            Gen::Enum(labels) => {
                if (labels.len() as u64) < rows {
                    return Err(too_small(format!("type {t}"), labels.len() as u64));
                }
                Gen::Values {
                    items: labels
                        .iter()
                        .map(|l| {
                            let mut s = Slot::default();
                            s.set_text(l);
                            s
                        })
                        .collect(),
                    cycle: true,
                }
            }
            Gen::Bool { .. } if rows <= 2 => Gen::Values {
                items: [false, true]
                    .iter()
                    .map(|b| Slot {
                        val: Val::Bool(*b),
                        ..Slot::default()
                    })
                    .collect(),
                cycle: true,
            },
            Gen::Bool { .. } => return Err(too_small("a boolean".into(), 2)),
            Gen::Bytes { max, .. } => {
                // binary(n) is padded to n bytes: write all n; others at least 8.
                let len = if t.name == "binary" { *max } else { (*max).max(8) }.max(1);
                let len = t.length().map_or(len, |n| len.min(n.max(1)));
                keyed(KeyKind::Bytes { len }, pow2(len.min(8) * 8))?
            }
            Gen::Inet => keyed(KeyKind::Inet, u64::MAX)?,
            Gen::Cidr => keyed(KeyKind::Cidr, pow2(32))?,
            Gen::Mac { eight } => keyed(KeyKind::Mac { eight: *eight }, pow2(if *eight { 56 } else { 40 }))?,
            Gen::Json => keyed(KeyKind::Json, u64::MAX)?,
            Gen::Interval => keyed(KeyKind::Interval, u64::MAX)?,
            Gen::Bit { len, .. } => keyed(KeyKind::Bit { len: *len }, pow2(*len))?,
            Gen::PgRange(k) => keyed(KeyKind::Range(*k), u64::MAX)?,
            Gen::Extension(e) => {
                let cap = match e {
                    crate::plan::ir::Extension::Vector(_) => pow2(24),
                    _ => u64::MAX,
                };
                keyed(KeyKind::Extension(*e), cap)?
            }
            // The document carries the row number.
            Gen::Xml => return Ok(()),
            Gen::Uuid { key, .. } => Gen::Uuid {
                unique: true,
                key: *key,
            },
            Gen::Text(tg) => {
                // A unique prefix index (`UNIQUE (url(190))`): unique within the prefix.
                let mut tg = tg.clone();
                if let Some(p) = prefix {
                    tg.max_len = tg.max_len.min(p.max(1));
                    tg.min_len = tg.min_len.min(tg.max_len);
                }
                let tg = &tg;
                let token = rows.saturating_sub(1).to_string().len() as u64 + 1;
                let need = if tg.sem == crate::plan::ir::Sem::Email { token + 12 } else { token + 1 };
                if tg.max_len >= need + tg.prefix.chars().count() as u64 && tg.min_len <= tg.max_len {
                    let mut tg = tg.clone();
                    tg.unique = true;
                    Gen::Text(tg)
                } else {
                    let mut len = 1u64;
                    while text_capacity(TEXT_KEY_BASE, len) < u128::from(rows) {
                        len += 1;
                    }
                    let fixed = t.name == "char";
                    let len = if fixed { tg.max_len } else { len.max(tg.min_len) };
                    if len > tg.max_len {
                        let cap = text_capacity(TEXT_KEY_BASE, tg.max_len).min(u128::from(u64::MAX)) as u64;
                        return Err(too_small(format!("type {t}"), cap));
                    }
                    let cap = text_capacity(TEXT_KEY_BASE, len).min(u128::from(u64::MAX)) as u64;
                    if cap < rows {
                        return Err(too_small(format!("type {t}"), cap));
                    }
                    Gen::TextKey {
                        len: len as usize,
                        perm: Permutation::new(cap, key),
                    }
                }
            }
            Gen::Pattern { pattern, max_len } => match pattern.fixed_for(rows, *max_len) {
                Ok((pattern, n)) => Gen::PatternKey {
                    pattern,
                    perm: Permutation::new(n.min(u128::from(u64::MAX)) as u64, key),
                },
                Err(most) => {
                    let most = most.min(u128::from(u64::MAX)) as u64;
                    return Err(too_small("its CHECK pattern".to_string(), most));
                }
            },
            other => {
                return Err(Stop::Fail(infeasible(
                    target.clone(),
                    format!(
                        "{label} needs unique values but generator {} cannot promise them; set generate.tables.{tname}.columns.{} to `values` with enough distinct entries",
                        describe_kind(other),
                        col.name
                    ),
                    None,
                )))
            }
        };
        col.gen = new;
        col.generator = match &col.gen {
            Gen::TextKey { len, .. } => format!("unique code of {len} characters"),
            Gen::PatternKey { .. } => format!("{} (each row its own match)", col.generator),
            Gen::Keyed { .. } => format!("{} (each row its own)", col.generator),
            Gen::Unique { .. } => format!("unique {}", col.generator),
            Gen::Values { .. } => format!("{} (each once)", col.generator),
            _ => format!("{} (unique)", col.generator),
        };
        col.reason.push_str(&format!(", {label}"));
        Ok(())
    }

    /// The generator that keeps a partitioned table's rows inside its partitions.
    fn partition_gen(
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
fn expression_column(table: &Table, expr: &str, dialect: Dialect) -> Option<usize> {
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
    fn predicate_never_holds(&self, table: &Table, predicate: &str) -> bool {
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
    fn falsify(
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
        Gen::Values { items, .. } => keep(items.clone()),
        Gen::Enum(labels) => keep(
            labels
                .iter()
                .map(|l| {
                    let mut s = Slot::default();
                    s.set_text(l);
                    s
                })
                .collect(),
        ),
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

fn columns_deleted(name: &str) -> bool {
    let n = super::infer::normal(name);
    n.contains("deleted")
        || n.contains("archived")
        || n.contains("canceled")
        || n.contains("cancelled")
}

fn describe_kind(g: &Gen) -> &'static str {
    match g {
        Gen::Bytes { .. } => "bytes",
        Gen::Json => "json",
        Gen::Xml => "xml",
        Gen::Inet | Gen::Cidr => "inet",
        Gen::Pattern { .. } => "pattern",
        Gen::PatternKey { .. } => "unique pattern",
        Gen::After { .. } => "after",
        Gen::Null => "null",
        _ => "this",
    }
}

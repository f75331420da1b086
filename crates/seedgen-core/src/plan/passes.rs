//! Planning one table as passes over a [`Draft`]: foreign keys and picks, CHECK limits,
//! the generator chain, uniqueness, shapes, column order, resampling and evaluation
//! order. Each pass reads what the passes before it put on the draft and adds its own;
//! [`Planner::plan_table`] runs them in order and turns the draft into a
//! [`TablePlan`].

use std::sync::Arc;

use super::columns::{self, Limits};
use super::table::{col_index, column_settings, count_dist, infeasible, is_unique_gen, limit};
use super::table::{
    columns_deleted, columns_rare, expression_column, null_share, Planner, Recorder, Stop,
};
use super::{CheckPlan, ColumnPlan, FkPlan, TablePlan};
use crate::cell::Slot;
use crate::error::Error;
use crate::expr::check::{self, Narrow, V};
use crate::plan::ir::{Gen, Unit};
use crate::plan::picks::{PerParent, Pick};
use crate::random::keys::Permutation;
use crate::random::rng::ColumnKey;
use crate::schema::{ForeignKey, Table, TypeClass};
use crate::settings::{ColumnSettings, Distribution, TableSettings};

type Pass<T = ()> = std::result::Result<T, Stop>;

/// A table being planned: what each pass adds, read by the passes after it.
pub(super) struct Draft<'s> {
    pub ti: usize,
    pub table: &'s Table,
    pub name: String,
    /// The primary key's columns.
    pub pk: Vec<usize>,
    /// Rows to generate (a per-parent count sets it in the foreign-key pass).
    pub rows: u64,
    pub fks: Vec<FkPlan>,
    /// The foreign key, and the position in it, that fills each column.
    pub claimed: Vec<Option<(usize, usize)>>,
    /// Columns of foreign keys to tables the schema does not define.
    pub dangling: Vec<bool>,
    /// What the CHECKs allow each column.
    pub limits: Vec<Limits>,
    /// `greater >= lesser` (or `>`, when strict) pairs read from CHECKs, then (from
    /// `named_from` on) pairs read from the columns' names.
    pub orders: Vec<(usize, usize, bool)>,
    pub named_from: usize,
    pub checks: Vec<CheckPlan>,
    pub columns: Vec<ColumnPlan>,
    /// The primary key and the UNIQUE sets, each with its label.
    pub sets: Vec<(String, Vec<usize>)>,
    /// Columns whose generator gives each row its own value.
    pub unique_col: Vec<bool>,
    /// A line table (data version 2): the foreign key whose parent's lines these rows
    /// are, and the key column that numbers them 1, 2, … within their parent.
    pub lines: Option<(usize, usize)>,
}

impl<'s> Draft<'s> {
    fn new(table: &'s Table, ti: usize, rows: u64) -> Draft<'s> {
        let n = table.columns.len();
        Draft {
            ti,
            table,
            name: table.name.to_string(),
            pk: table
                .primary_key
                .iter()
                .filter_map(|c| col_index(table, c))
                .collect(),
            rows,
            fks: Vec::new(),
            claimed: vec![None; n],
            dangling: vec![false; n],
            limits: vec![Limits::default(); n],
            orders: Vec::new(),
            named_from: usize::MAX,
            checks: Vec::new(),
            columns: Vec::with_capacity(n),
            sets: Vec::new(),
            unique_col: Vec::new(),
            lines: None,
        }
    }
}

impl Planner<'_> {
    /// Plans table `ti`; its parents outside cycles are already planned.
    pub fn plan_table(&mut self, ti: usize) -> Pass {
        let mut d = Draft::new(&self.schema.tables[ti], ti, self.rows[ti]);
        self.plan_foreign_keys(&mut d)?;
        self.read_checks(&mut d);
        self.plan_columns(&mut d)?;
        super::constants::check_listed_values(&d, self.table_settings, self.as_of)
            .map_err(Stop::Fail)?;
        self.number_lines(&mut d);
        self.plan_uniqueness(&mut d)?;
        describe_picks(&mut d);
        self.shape_columns(&mut d)?;
        if self.data_version >= 2 {
            self.order_by_names(&mut d);
        }
        self.order_columns(&mut d);
        if self.data_version >= 2 {
            agree_outcomes(&mut d);
        }
        self.mark_resampling(&mut d);
        self.finish_draft(d)
    }

    /// Pass 1: every foreign key's columns and pick; per-parent counts set the row count.
    fn plan_foreign_keys(&mut self, d: &mut Draft<'_>) -> Pass {
        // Simple foreign keys first: a composite key that shares their columns (a tenant
        // column) is then picked within the scope they set.
        let mut order: Vec<&ForeignKey> = d.table.foreign_keys.iter().collect();
        // Foreign keys declared on partitions bind the parent's rows too.
        for part in d.table.partitioning.iter().flat_map(|p| &p.partitions) {
            for fk in &part.foreign_keys {
                let known = order.iter().any(|x| {
                    x.columns == fk.columns && x.references.table.matches(&fk.references.table)
                });
                if !known {
                    order.push(fk);
                }
            }
        }
        order.sort_by_key(|fk| fk.columns.len());
        let mut per_parent_used = false;
        for fk in order {
            self.plan_foreign_key(d, fk, &mut per_parent_used)?;
        }
        let ts = self.table_settings[d.ti];
        if let Some(pp) = ts.and_then(|s| s.per_parent.as_ref()) {
            if !per_parent_used {
                return Err(Stop::Fail(Error::Settings {
                    path: format!("tables.{}.per_parent.parent", d.name),
                    message: format!(
                        "table {} has no foreign key to `{}`; per_parent needs one",
                        d.name, pp.parent
                    ),
                }));
            }
        }
        d.rows = self.rows[d.ti];
        for f in &d.fks {
            let parents = self.rows[f.parent];
            if parents == 0 && !f.nullable && d.rows > 0 && !f.self_ref {
                return Err(limit(
                    d.name.clone(),
                    format!(
                        "foreign key {} is NOT NULL and its parent {} has 0 rows",
                        f.name, self.schema.tables[f.parent].name
                    ),
                    0,
                    "give the parent rows",
                ));
            }
        }
        Ok(())
    }

    /// One foreign key: its columns claimed, its pick chosen.
    fn plan_foreign_key(
        &mut self,
        d: &mut Draft<'_>,
        fk: &ForeignKey,
        per_parent_used: &mut bool,
    ) -> Pass {
        let (ti, table) = (d.ti, d.table);
        let fk_name = fk
            .name
            .clone()
            .unwrap_or_else(|| format!("({}) → {}", fk.columns.join(", "), fk.references.table));
        let Some(p) = self.lookup.find(&fk.references.table) else {
            // SQLite, which alone accepts a key to a table that does not exist, refuses
            // every row of the child while foreign keys are enforced (even with the key
            // NULL): such a table gets no rows.
            if self.rows[ti] > 0 {
                return Err(limit(
                    d.name.clone(),
                    format!(
                        "foreign key {fk_name} points to table {}, which the schema does not define, and SQLite refuses every row of such a table while foreign keys are on",
                        fk.references.table
                    ),
                    0,
                    "add the missing table's CREATE TABLE to the inputs",
                ));
            }
            for c in fk.columns.iter().filter_map(|c| col_index(table, c)) {
                d.dangling[c] = true;
            }
            return Ok(());
        };
        let parent = &self.schema.tables[p];
        let cols: Option<Vec<usize>> = fk.columns.iter().map(|c| col_index(table, c)).collect();
        let pcols: Option<Vec<usize>> = fk
            .references
            .columns
            .iter()
            .map(|c| col_index(parent, c))
            .collect();
        let (Some(cols), Some(pcols)) = (cols, pcols) else {
            self.warnings.push(format!(
                "{}: foreign key {fk_name} names a column that does not exist; skipped",
                d.name
            ));
            return Ok(());
        };
        if cols.len() != pcols.len() {
            return Ok(());
        }
        let shared: Vec<usize> = (0..cols.len())
            .filter(|&k| d.claimed[cols[k]].is_some())
            .collect();
        let mut scope: Option<Pick> = None;
        if !shared.is_empty() {
            if shared.len() == cols.len() {
                self.warnings.push(format!(
                    "{}: foreign key {fk_name} uses only columns other foreign keys fill; its values follow them and may not match {}",
                    d.name, parent.name
                ));
                return Ok(());
            }
            scope = Some(
                self.scoped_pick(ti, &d.fks, &d.claimed, &cols, &pcols, &shared, p, &fk_name)?,
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
        let key = ColumnKey::new(self.seed, &d.name, &format!("@fk:{}", fk.columns.join(",")));
        let scope_fk = cols.len() < d.pk.len() && cols.iter().all(|c| d.pk.contains(c));
        let mut pick = match scope {
            Some(sc) => sc,
            None if self_ref => Pick::SelfEarlier,
            // A tenant column of a composite key: tenants own contiguous blocks of rows,
            // so keys scoped to a tenant can find its rows.
            None if scope_fk && settings.iter().all(|s| s.distribution.is_none()) => {
                Pick::Sequential
            }
            None => self.distribution_pick(ti, fk, &settings, p, key)?,
        };
        if !*per_parent_used && !self_ref && !matches!(pick, Pick::Scoped { .. }) {
            if let Some(pp) = self.per_parent_pick(d, p)? {
                *per_parent_used = true;
                pick = pp;
            }
        }
        let k = d.fks.len();
        // Data version 2: a line table's rows come in blocks per parent, numbered
        // within it (`(order_id, line_no)`) or named for it (`invoice_line`).
        let numbered = match (&pick, scope_fk) {
            (Pick::Sequential, true) => self.line_number_column(d, &cols).map(Some),
            (Pick::Skewed(_), false) if self.lines_of(d, p, &cols) => Some(None),
            _ => None,
        };
        if let (Some(line), false, false) =
            (numbered, *per_parent_used, self.unlined.contains(&d.ti))
        {
            let index = PerParent::new(
                super::table::lines_per_parent(),
                ColumnKey::new(self.seed, &d.name, "@lines"),
                self.rows[p],
            );
            self.rows[d.ti] = index.total();
            pick = Pick::PerParent(Arc::new(index));
            *per_parent_used = true;
            if let Some(line) = line {
                d.lines = Some((k, line));
            }
        }
        for (pos, &c) in cols.iter().enumerate() {
            if d.claimed[c].is_none() {
                d.claimed[c] = Some((k, pos));
            }
        }
        d.fks.push(FkPlan {
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
        Ok(())
    }

    /// The pick a column's `distribution` setting asks for (skewed by default from data
    /// version 2, uniform before).
    fn distribution_pick(
        &self,
        ti: usize,
        fk: &ForeignKey,
        settings: &[&ColumnSettings],
        parent: usize,
        key: ColumnKey,
    ) -> Pass<Pick> {
        Ok(match settings.iter().find_map(|s| s.distribution.clone()) {
            None if self.data_version >= 2 => Pick::Skewed(Permutation::new(
                self.rows[parent].max(1),
                key.0 ^ 0x6661_6e6f,
            )),
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
            Some(_) => {
                return Err(Stop::Fail(Error::Settings {
                    path: self.settings_path(ti, &fk.columns[0]) + ".distribution",
                    message: "a foreign key takes `uniform`, `sequential` or `zipf`; `normal`, `lognormal` and `seasonal` are for numbers and dates".into(),
                }))
            }
        })
    }

    /// The column that numbers a line table's rows within their parent (data version 2):
    /// the one primary-key column besides foreign key `cols`, an integer in no other
    /// key or UNIQUE set, in a table no other table references and whose count nobody
    /// set (`order_lines (order_id, line_no)`).
    fn line_number_column(&self, d: &Draft<'_>, cols: &[usize]) -> Option<usize> {
        let table = d.table;
        let set = self.table_settings[d.ti].is_some_and(TableSettings::count_given);
        let rest: Vec<usize> = d.pk.iter().copied().filter(|c| !cols.contains(c)).collect();
        let [line] = rest.as_slice() else { return None };
        let col = &table.columns[*line];
        let int = matches!(self.schema.type_class(&col.data_type), TypeClass::Int(_));
        let in_fk = table
            .foreign_keys
            .iter()
            .any(|f| f.columns.contains(&col.name));
        let alone = table.unique.iter().any(|u| u.columns.contains(&col.name));
        let referenced = self.schema.tables.iter().any(|t| {
            t.foreign_keys
                .iter()
                .any(|f| self.lookup.find(&f.references.table) == Some(d.ti))
        });
        let pinned = column_settings(self.table_settings, d.ti, col).is_some();
        (self.data_version >= 2
            && int
            && !in_fk
            && !alone
            && !referenced
            && !set
            && !pinned
            && col.identity.is_none()
            && table.seed.is_empty())
        .then_some(*line)
    }

    /// Whether the table's name says it holds the lines of parent `p` that foreign key
    /// `cols` references (data version 2): `invoice_line` of `invoice`, `order_items` of
    /// `orders`, `OrderDetails` of `Orders`; its count set by nobody, the key NOT NULL.
    fn lines_of(&self, d: &Draft<'_>, p: usize, cols: &[usize]) -> bool {
        let set = self.table_settings[d.ti].is_some_and(TableSettings::count_given);
        let t = super::infer::normal(&d.table.name.name);
        let parent = super::infer::normal(&self.schema.tables[p].name.name);
        let stem = parent.strip_suffix('s').unwrap_or(&parent);
        let lines = [
            "line", "lines", "item", "items", "detail", "details", "entry", "entries",
        ];
        let named = !stem.is_empty()
            && t.strip_prefix(stem)
                .map(|r| r.strip_prefix('s').unwrap_or(r))
                .is_some_and(|r| lines.contains(&r));
        let nullable = cols.iter().any(|&c| d.table.columns[c].nullable);
        let named = named || self.summed.contains(&(d.ti, p));
        self.data_version >= 2 && named && !set && !nullable && p != d.ti && d.table.seed.is_empty()
    }

    /// Pass 3b (data version 2): a line table's numbering column counts 1, 2, … within
    /// its parent, which keeps the key unique.
    fn number_lines(&mut self, d: &mut Draft<'_>) {
        let Some((fk, line)) = d.lines else { return };
        let parent = &self.schema.tables[d.fks[fk].parent].name;
        let plan = &mut d.columns[line];
        plan.gen = Gen::Ordinal { fk };
        plan.generator = "line number".into();
        plan.reason =
            format!("1, 2, … within each {parent} row (its lines, a skewed count per parent)");
        plan.null_rate = 0.0;
        d.unique_col[line] = true;
    }

    /// The per-parent pick when the table's `per_parent` names parent `p`; the table's
    /// row count becomes the sum of the counts.
    fn per_parent_pick(&mut self, d: &Draft<'_>, p: usize) -> Pass<Option<Pick>> {
        let ts = self.table_settings[d.ti];
        let Some(pp) = ts.and_then(|s| s.per_parent.as_ref()) else {
            return Ok(None);
        };
        if super::find_table(self.schema, &pp.parent) != Some(p) {
            return Ok(None);
        }
        let path = format!("tables.{}.per_parent.count", d.name);
        let dist = count_dist(&pp.count, &path)?;
        let index = PerParent::new(
            dist,
            ColumnKey::new(self.seed, &d.name, "@per_parent"),
            self.rows[p],
        );
        if ts.and_then(|s| s.rows).is_some() {
            return Err(Stop::Fail(Error::Settings {
                path: format!("tables.{}", d.name),
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
        self.rows[d.ti] = total;
        Ok(Some(Pick::PerParent(Arc::new(index))))
    }

    /// Pass 2: the table's CHECKs, its columns' domain CHECKs and the guards of its
    /// generated columns, with the limits and orders they set.
    fn read_checks(&mut self, d: &mut Draft<'_>) {
        let table = d.table;
        for (k, ch) in table.checks.iter().enumerate() {
            let name = ch.name.clone().unwrap_or_else(|| format!("#{}", k + 1));
            match ch.parse(self.dialect) {
                Ok(expr) => self.add_check(d, name, &ch.expr, expr, None),
                Err(e) => self.warnings.push(format!(
                    "{}: CHECK {name} could not be read ({e}); not evaluated",
                    d.name
                )),
            }
        }
        for (c, col) in table.columns.iter().enumerate() {
            let Some(dname) = &col.domain else { continue };
            let Some(domain) = self.schema.domains.iter().find(|x| x.name.matches(dname)) else {
                continue;
            };
            for (k, ch) in domain.checks.iter().enumerate() {
                let name = ch
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{}#{}", domain.name, k + 1));
                match ch.parse(self.dialect) {
                    Ok(expr) => self.add_check(d, name, &ch.expr, expr, Some(c)),
                    Err(e) => self.warnings.push(format!(
                        "{}.{}: domain CHECK {name} could not be read ({e}); not evaluated",
                        d.name, col.name
                    )),
                }
            }
        }
        self.guard_generated_columns(d);
    }

    /// A generated column the database computes must fit its type, or the row is
    /// refused (`numeric field overflow`): the expression is guarded like a CHECK.
    fn guard_generated_columns(&mut self, d: &mut Draft<'_>) {
        for col in &d.table.columns {
            let Some(g) = &col.generated else { continue };
            let t = &col.data_type;
            let Some(shape) = columns::numeric(t, self.schema.type_class(t)).filter(|n| !n.float)
            else {
                continue;
            };
            let bound = |v: i128| {
                let unit = 10i128.pow(shape.scale);
                let sign = if v < 0 { "-" } else { "" };
                match shape.scale {
                    0 => v.to_string(),
                    s => format!(
                        "{sign}{}.{:0w$}",
                        v.abs() / unit,
                        v.abs() % unit,
                        w = s as usize
                    ),
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
            let rec = Recorder::new(d.table, None);
            if check::eval(&expr, &rec) != V::Unknown {
                self.add_check(d, format!("{} fits {t}", col.name), &text, expr, None);
            }
        }
    }

    /// One CHECK: its narrowings as limits and orders, and the check itself for the row
    /// guard (over the columns it reads).
    fn add_check(
        &mut self,
        d: &mut Draft<'_>,
        name: String,
        text: &str,
        expr: sqlparser::ast::Expr,
        value_column: Option<usize>,
    ) {
        let table = d.table;
        let now_us = self.as_of * 1_000_000;
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
                        d.orders.push((g, l, *strict));
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
                        let shape = columns::numeric(t, self.schema.type_class(t));
                        d.limits[c].add(&n, shape.as_ref());
                    }
                }
            }
        }
        let rec = Recorder::new(table, value_column);
        if check::eval(&expr, &rec) == V::Unknown {
            self.warnings.push(format!(
                "{}: CHECK {name} uses expressions seedgen cannot evaluate; only the limits it could read are applied: {text}",
                d.name
            ));
        }
        let cols = rec.columns();
        if !cols.is_empty() {
            d.checks.push(CheckPlan {
                name,
                text: text.to_string(),
                expr,
                value_column,
                columns: cols,
            });
        }
    }

    /// Pass 3: each column's generator (generated → dangling → reference → the chain of
    /// [`Planner::choose_generator`]), NULL rate and key.
    fn plan_columns(&mut self, d: &mut Draft<'_>) -> Pass {
        let table = d.table;
        let partition_col = table.partitioning.as_ref().and_then(|p| {
            let inner = p.by.split_once('(')?.1.split(')').next()?.trim();
            col_index(table, inner.trim_matches('"'))
        });
        for c in 0..table.columns.len() {
            let col = self.plan_column(d, c, partition_col == Some(c))?;
            d.columns.push(col);
        }
        d.unique_col = d.columns.iter().map(|c| is_unique_gen(&c.gen)).collect();
        Ok(())
    }

    fn plan_column(&mut self, d: &Draft<'_>, c: usize, partition_key: bool) -> Pass<ColumnPlan> {
        let (ti, table) = (d.ti, d.table);
        let col = &table.columns[c];
        let t = &col.data_type;
        let class = self.schema.type_class(t);
        let cs = column_settings(self.table_settings, ti, col);
        let target = format!("{}.{}", d.name, col.name);
        let mut written = col.generated.is_none();
        let shape = columns::numeric(t, class);
        let pinned = cs.is_some_and(|s| s.value.is_some() || s.values.is_some() || s.sql.is_some());
        let (mut gen, generator, mut reason): (Gen, String, String);
        if !written {
            (gen, generator, reason) = (
                Gen::Null,
                "none".into(),
                "generated column: the database computes it".into(),
            );
        } else if d.dangling[c] {
            (gen, generator, reason) = (
                Gen::Null,
                "null".into(),
                "its foreign key points to a table the schema does not define".into(),
            );
        } else if let (Some((fk, pos)), false) = (d.claimed[c], pinned) {
            let f = &d.fks[fk];
            let parent = &self.schema.tables[f.parent];
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
            let int_pk = d.pk == [c]
                && matches!(class, TypeClass::Int(_) | TypeClass::Decimal)
                && t.array_dims == 0;
            let chosen = self.choose_generator(ti, c, class, int_pk, &d.limits[c], cs)?;
            (gen, generator, reason) = (chosen.gen, chosen.name, chosen.reason);
            written = chosen.written;
            if partition_key && !chosen.overridden {
                if let Some(g) = self.partition_gen(table, t, class, shape.as_ref(), &target)? {
                    gen = g;
                    reason.push_str(", within the partitions' bounds");
                }
            }
        }
        let null_rate = self.column_null_rate(d, c, written)?;
        if let (Gen::Serial { start }, Some(n)) = (&gen, &shape) {
            serial_fits(&target, t, *start, n.hi, d.limits[c].hi, d.rows)?;
        }
        let key = ColumnKey::new(self.seed, &d.name, &col.name);
        if let Gen::Uuid { key: k, .. } = &mut gen {
            *k = key.0;
        }
        Ok(ColumnPlan {
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
        })
    }

    /// A column's share of NULLs: its setting, 90% for a `deleted_at`-style column (and,
    /// from data version 2, for columns of rare outcomes: `failed_at`, `revoked_at`,
    /// `banned_at`, `error_message`, …), the
    /// default otherwise; 0 for NOT NULL, key and unwritten columns.
    fn column_null_rate(&self, d: &Draft<'_>, c: usize, written: bool) -> Pass<f64> {
        let col = &d.table.columns[c];
        let cs = column_settings(self.table_settings, d.ti, col);
        let path = self.settings_path(d.ti, &col.name) + ".null_rate";
        let asked = cs.and_then(|s| s.null_rate);
        if !(col.nullable && written && !d.pk.contains(&c)) {
            if asked.is_some_and(|r| r > 0.0) {
                return Err(Stop::Fail(Error::Settings {
                    path,
                    message: format!(
                        "{}.{} is NOT NULL (or part of the primary key); it cannot take NULLs",
                        d.name, col.name
                    ),
                }));
            }
            return Ok(0.0);
        }
        Ok(match asked {
            Some(r) if !(0.0..=1.0).contains(&r) => {
                return Err(Stop::Fail(Error::Settings {
                    path,
                    message: format!("{r} is not between 0 and 1"),
                }))
            }
            Some(r) => r,
            // A constant or a list of values is what the user wants in every row (a
            // NULL among them is listed as one); data version 1 kept the default share.
            None if self.data_version >= 2
                && cs.is_some_and(|s| s.value.is_some() || s.values.is_some()) =>
            {
                0.0
            }
            None if columns_deleted(&col.name) => 0.9,
            None if self.data_version >= 2 && columns_rare(&col.name) => 0.9,
            None if self.data_version >= 2 && !self.null_rate_given => null_share(col),
            None => self.null_rate,
        })
    }

    /// Pass 4: the primary key and every UNIQUE set made to hold, by a column's
    /// generator, the foreign keys' picks (injective, scoped, junction) or a partial
    /// index's predicate.
    fn plan_uniqueness(&mut self, d: &mut Draft<'_>) -> Pass {
        let table = d.table;
        let mut predicates: Vec<Option<&str>> = Vec::new();
        let mut prefixes: Vec<Option<u64>> = vec![None; table.columns.len()];
        if !d.pk.is_empty() {
            d.sets.push(("PRIMARY KEY".into(), d.pk.clone()));
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
            let Some(cols) = cols else { continue };
            let label = match &u.name {
                Some(n) => format!("UNIQUE {n}"),
                None => format!("UNIQUE ({})", u.columns.join(", ")),
            };
            for (name, len) in &u.prefixes {
                if let Some(c) = col_index(table, name) {
                    prefixes[c] = Some(prefixes[c].map_or(*len, |p: u64| p.min(*len)));
                }
            }
            d.sets.push((label, cols));
            predicates.push(u.predicate.as_deref());
        }
        for (k, predicate) in predicates.into_iter().enumerate() {
            let (label, set) = d.sets[k].clone();
            if set.iter().any(|&c| d.unique_col[c]) || d.rows <= 1 {
                continue;
            }
            // A partial index whose predicate no row can meet holds nothing.
            if predicate.is_some_and(|p| self.predicate_never_holds(table, p)) {
                continue;
            }
            self.make_set_unique(d, &label, &set, predicate, &prefixes)?;
        }
        Ok(())
    }

    /// One key set: a column of it made unique, else its predicate falsified on all rows
    /// but the first, else the foreign keys inside it picked without repeats.
    fn make_set_unique(
        &mut self,
        d: &mut Draft<'_>,
        label: &str,
        set: &[usize],
        predicate: Option<&str>,
        prefixes: &[Option<u64>],
    ) -> Pass {
        // The foreign keys inside the set. A self reference must point to an earlier
        // row, so it cannot be spread over a permutation: the others carry the set.
        let inside: Vec<usize> = (0..d.fks.len())
            .filter(|&k| d.fks[k].columns.iter().all(|c| set.contains(c)))
            .collect();
        let groups: Vec<usize> = if inside.iter().any(|&k| !d.fks[k].self_ref) {
            inside.into_iter().filter(|&k| !d.fks[k].self_ref).collect()
        } else {
            inside
        };
        let others: Vec<usize> = set
            .iter()
            .copied()
            .filter(|&c| {
                d.claimed[c].is_none()
                    || matches!(d.columns[c].gen, Gen::Values { .. } | Gen::Weighted { .. })
            })
            .collect();
        let mut last_err = None;
        for &c in &others {
            match self.make_unique(
                &mut d.columns[c],
                d.rows,
                &d.name,
                label,
                d.limits[c].clone(),
                prefixes[c],
            ) {
                Ok(()) => {
                    d.unique_col[c] = true;
                    return Ok(());
                }
                Err(e) => last_err = Some(e),
            }
        }
        // A partial unique index (`UNIQUE (is_default) WHERE is_default`): its predicate
        // holds on the first row only.
        if let Some(p) = predicate {
            if let Some(c) = self.falsify(d.table, &mut d.columns, &d.claimed, p) {
                d.columns[c]
                    .reason
                    .push_str(&format!(", {label} WHERE {p} on the first row only"));
                return Ok(());
            }
        }
        if groups.len() == 1 {
            match self.injective_pick(d, label, groups[0])? {
                None => return Ok(()),
                Some(e) => last_err = Some(e),
            }
        }
        if groups.len() == 2 && others.is_empty() && self.scoped_unique(d, label, &groups)? {
            return Ok(());
        }
        if groups.len() >= 2 {
            return self.junction_pick(d, label, &groups);
        }
        Err(last_err.unwrap_or_else(|| {
            Stop::Fail(infeasible(
                d.name.clone(),
                format!("seedgen cannot make {label} unique: every column of it is part of a foreign key that also covers other columns; set one column's generator"),
                None,
            ))
        }))
    }

    /// One foreign key makes the set: each parent row at most once. `Some(error)` when it
    /// cannot (a self reference).
    fn injective_pick(&mut self, d: &mut Draft<'_>, label: &str, k: usize) -> Pass<Option<Stop>> {
        let f = &mut d.fks[k];
        let parents = self.rows[f.parent];
        if f.self_ref {
            return Ok(Some(Stop::Fail(infeasible(
                d.name.clone(),
                format!("{label} consists of a self reference only; seedgen cannot make it unique"),
                None,
            ))));
        }
        if parents < d.rows {
            return Err(limit(
                d.name.clone(),
                format!(
                    "{label} on foreign key {} allows one row per row of {} ({parents} rows)",
                    f.name, self.schema.tables[f.parent].name
                ),
                parents,
                "give the parent more rows",
            ));
        }
        f.pick = Pick::Injective(Permutation::new(parents, f.key.0));
        for &c in &f.columns {
            d.unique_col[c] = true;
        }
        Ok(None)
    }

    /// Two foreign keys, one scoped within the other's parent: each scope's rows get
    /// distinct targets. `false` when neither is scoped.
    fn scoped_unique(&mut self, d: &mut Draft<'_>, label: &str, groups: &[usize]) -> Pass<bool> {
        let Some(b) = groups
            .iter()
            .copied()
            .find(|&k| matches!(d.fks[k].pick, Pick::Scoped { .. }))
        else {
            return Ok(false);
        };
        let Pick::Scoped {
            via,
            scope_rows,
            target_rows,
            ..
        } = d.fks[b].pick
        else {
            return Ok(false);
        };
        let nf = self.rows[d.fks[via].parent];
        let block = d.rows.div_ceil(nf.max(1));
        let smallest = target_rows / scope_rows.max(1);
        if block > smallest {
            let tables = &self.schema.tables;
            return Err(limit(
                d.name.clone(),
                format!(
                    "{label} needs each row of {} to get distinct rows of {} within its scope, and a scope holds only {smallest}",
                    tables[d.fks[via].parent].name, tables[d.fks[b].parent].name
                ),
                nf.saturating_mul(smallest),
                "give the parents more rows",
            ));
        }
        d.fks[via].pick = Pick::Sequential;
        if let Pick::Scoped {
            unique_in_block, ..
        } = &mut d.fks[b].pick
        {
            *unique_in_block = true;
        }
        for &k in groups {
            for &c in &d.fks[k].columns {
                d.unique_col[c] = true;
            }
        }
        Ok(true)
    }

    /// Several foreign keys make the set: a distinct combination of parents per row, a
    /// permutation of their product.
    fn junction_pick(&mut self, d: &mut Draft<'_>, label: &str, groups: &[usize]) -> Pass {
        let product = groups.iter().fold(1u64, |acc, &k| {
            acc.saturating_mul(self.rows[d.fks[k].parent])
        });
        if product < d.rows {
            let parents: Vec<String> = groups
                .iter()
                .map(|&k| {
                    let p = d.fks[k].parent;
                    format!("{} ({})", self.schema.tables[p].name, self.rows[p])
                })
                .collect();
            return Err(limit(
                d.name.clone(),
                format!(
                    "{label} needs a distinct combination of {} per row, and {product} exist",
                    parents.join(" × ")
                ),
                product,
                "give the parents more rows",
            ));
        }
        let perm = Permutation::new(product, ColumnKey::new(self.seed, &d.name, label).0);
        let mut divisor = 1u64;
        for &k in groups {
            d.fks[k].pick = Pick::Junction { perm, divisor };
            d.fks[k].null_rate = 0.0;
            divisor = divisor.saturating_mul(self.rows[d.fks[k].parent]);
            for &c in &d.fks[k].columns {
                d.unique_col[c] = true;
            }
        }
        Ok(())
    }

    /// Pass 6a (data version 2): dates and times whose names say they come in order
    /// (`start_date`, `end_date`; `ordered_at`, `shipped_at`) are ordered as if a CHECK
    /// said so, unless one already does or both follow the row's timeline.
    fn order_by_names(&mut self, d: &mut Draft<'_>) {
        let table = d.table;
        let temporal: Vec<(usize, String)> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches!(
                    self.schema.type_class(&c.data_type),
                    TypeClass::Date | TypeClass::Timestamp
                )
            })
            .map(|(i, c)| (i, super::infer::normal(&c.name)))
            .collect();
        d.named_from = d.orders.len();
        for (a, na) in &temporal {
            for (b, nb) in &temporal {
                let known = d
                    .orders
                    .iter()
                    .any(|&(g, l, _)| (g, l) == (*b, *a) || (g, l) == (*a, *b));
                let timelines = matches!(d.columns[*a].gen, Gen::Timeline { .. })
                    && matches!(d.columns[*b].gen, Gen::Timeline { .. });
                if a != b && !known && !timelines && super::infer::ordered_by_name(na, nb) {
                    d.orders.push((*b, *a, false));
                }
            }
        }
    }

    /// Pass 6: a column a CHECK orders after another (`end >= start`), when it is free
    /// to follow and of a comparable kind, is drawn after it.
    fn order_columns(&mut self, d: &mut Draft<'_>) {
        let table = d.table;
        for (k, &(g, l, strict)) in d.orders.iter().enumerate() {
            let why = if k >= d.named_from {
                "by name"
            } else {
                "CHECK"
            };
            if g == l || d.unique_col[g] {
                continue;
            }
            let (tg, tl) = (&table.columns[g].data_type, &table.columns[l].data_type);
            let (Some(sg), Some(sl)) = (
                columns::numeric(tg, self.schema.type_class(tg)),
                columns::numeric(tl, self.schema.type_class(tl)),
            ) else {
                continue;
            };
            let temporal = |u: Unit| matches!(u, Unit::Date | Unit::Seconds);
            let compatible = (sg.unit == sl.unit && sg.scale == sl.scale && !sg.float && !sl.float)
                || (temporal(sg.unit) && temporal(sl.unit) && sg.unit == sl.unit);
            if !compatible || matches!(d.columns[l].gen, Gen::After { base, .. } if base == g) {
                continue;
            }
            let hi = match &d.columns[g].gen {
                Gen::Range { hi, .. } => *hi,
                Gen::Skewed(k) => k.hi,
                Gen::Timeline { date: true, .. } => i128::from(self.as_of) / 86_400,
                Gen::Timeline { .. } => i128::from(self.as_of),
                _ => continue,
            };
            let col = &mut d.columns[g];
            let fallback = std::mem::replace(&mut col.gen, Gen::Null);
            // Version 2: related moments a few days apart, a long tail of later ones.
            let gap = match sg.unit {
                _ if self.data_version < 2 => None,
                Unit::Seconds => Some(3.0 * 86_400.0),
                Unit::Date => Some(3.0),
                _ => None,
            };
            col.gen = Gen::After {
                base: l,
                strict,
                hi,
                fallback: Box::new(fallback),
                unit: sg.unit,
                gap,
            };
            col.reason
                .push_str(&format!(", at or after {} ({why})", table.columns[l].name));
            col.generator = format!("after {}", table.columns[l].name);
        }
    }

    /// Pass 7: the columns of each CHECK that nothing else depends on may be drawn
    /// again when the CHECK fails.
    fn mark_resampling(&mut self, d: &mut Draft<'_>) {
        for ch in &d.checks {
            for &c in &ch.columns {
                let protected = d.unique_col[c]
                    || self
                        .referenced
                        .contains(&(d.ti, d.table.columns[c].name.to_lowercase()))
                    || d.sets.iter().any(|(_, s)| s.contains(&c))
                    || !d.columns[c].written;
                if !protected {
                    d.columns[c].resample = true;
                }
            }
        }
        for col in d.columns.iter_mut() {
            col.standalone = !col.resample && col.gen.reads().is_empty();
        }
    }

    /// The foreign keys a table's timeline follows, and what a row's creation costs:
    /// the first NOT NULL one (else the first), then (data version 2) the others while
    /// the cost stays within [`super::TIMELINE_BUDGET`]. Self-references and keys within
    /// a cycle are left out (their parents' times are not known first).
    fn timeline_parents(&self, d: &Draft<'_>) -> (Vec<usize>, u32) {
        let mut eligible: Vec<usize> = (0..d.fks.len())
            .filter(|&k| !d.fks[k].self_ref && !self.in_cycle_with(d.ti, d.fks[k].parent))
            .collect();
        // Stable: the first NOT NULL key leads, as in version 1.
        eligible.sort_by_key(|&k| d.fks[k].nullable);
        let cost_of = |k: usize| {
            self.tables[d.fks[k].parent]
                .as_ref()
                .map_or(1, |p| p.timeline_cost)
        };
        let mut chosen = Vec::new();
        let mut cost = 1;
        for k in eligible {
            let c = cost_of(k);
            let first = chosen.is_empty();
            let more = self.data_version >= 2 && cost + c <= super::TIMELINE_BUDGET;
            if first || more {
                chosen.push(k);
                cost += c;
            }
        }
        (chosen, cost)
    }

    /// The last pass: evaluation order, the timeline's parent, NULL groups; the draft
    /// becomes the table's plan.
    fn finish_draft(&mut self, mut d: Draft<'_>) -> Pass {
        let eval_order = evaluation_order(&mut d.columns);
        let (timeline_fks, timeline_cost) = self.timeline_parents(&d);
        let null_groups = self.null_groups(d.ti, &d.checks, &mut d.columns, &mut d.fks)?;
        let name = &d.name;
        self.tables[d.ti] = Some(TablePlan {
            name: d.table.name.clone(),
            rows: d.rows,
            columns: d.columns,
            eval_order,
            fks: d.fks,
            checks: d.checks,
            null_groups,
            timeline_fks,
            timeline_cost,
            person_key: ColumnKey::new(self.seed, name, "@person"),
            address_key: ColumnKey::new(self.seed, name, "@address"),
            timeline_key: ColumnKey::new(self.seed, name, "@timeline"),
            row_digits: 1,
            arrow: Arc::new(arrow_schema::Schema::empty()),
            written: Vec::new(),
            existing: None,
            outputs: Vec::new(),
        });
        Ok(())
    }
}

/// Pass 5: references whose pick uniqueness changed say so.
fn describe_picks(d: &mut Draft<'_>) {
    for col in d.columns.iter_mut() {
        if let Gen::Ref { fk, .. } = col.gen {
            let f = &d.fks[fk];
            col.reason = format!(
                "foreign key {}, parents picked {}",
                f.name,
                f.pick.describe()
            );
        }
    }
}

/// A counting key from `start` reaches `rows` values before its type (or a CHECK)
/// stops it.
fn serial_fits(
    target: &str,
    t: &crate::schema::SqlType,
    start: i128,
    type_hi: i128,
    check_hi: Option<i128>,
    rows: u64,
) -> Pass {
    let hi = check_hi.map_or(type_hi, |h| h.min(type_hi));
    let cap = (hi - start + 1).max(0);
    if cap >= i128::from(rows) {
        return Ok(());
    }
    let stops = if hi < type_hi {
        "a CHECK stops it".to_string()
    } else {
        format!("type {t} stops")
    };
    Err(limit(
        target.to_string(),
        format!(
            "the key counts {start}, {}, … and {stops} at {hi}",
            start + 1
        ),
        cap.min(i128::from(u64::MAX)) as u64,
        "widen the column",
    ))
}

/// The order a row's cells are computed in: plain columns first, then each column that
/// follows another (`Gen::After`) once its base is computed. A loop of such columns
/// is broken by giving them back their own generators.
/// Pass 7 (data version 2): a nullable moment named for an outcome (`shipped_at`,
/// `cancelled_at`) is set only when the row's status has reached it. The status column
/// is the table's categorical `status` (or `state`) column with text labels; keys,
/// columns the settings set and moments a CHECK requires (`IS NOT NULL`, or tied to the
/// status) are left alone.
fn agree_outcomes(d: &mut Draft<'_>) {
    let table = d.table;
    let label_text = |g: &Gen| -> Option<Vec<Slot>> {
        match g {
            Gen::Weighted { items, .. } | Gen::Values { items, .. } => Some(items.clone()),
            Gen::Enum(l) => Some(l.iter().map(|x| Slot::of_text(x)).collect()),
            _ => None,
        }
    };
    let Some((s, labels)) = table.columns.iter().enumerate().find_map(|(i, c)| {
        let n = super::infer::normal(&c.name);
        if !(n.ends_with("status") || n == "state") {
            return None;
        }
        label_text(&d.columns[i].gen).map(|l| (i, l))
    }) else {
        return;
    };
    let status_name = super::infer::normal(&table.columns[s].name);
    let in_check: Vec<String> = table
        .checks
        .iter()
        .map(|ch| super::infer::normal(&ch.expr))
        .collect();
    for (c, col) in table.columns.iter().enumerate() {
        let plan = &d.columns[c];
        let temporal = matches!(
            plan.class,
            crate::schema::TypeClass::Date | crate::schema::TypeClass::Timestamp
        ) || matches!(plan.gen, Gen::Epoch { .. })
            || matches!(&plan.gen, Gen::Text(t) if t.sem == crate::plan::ir::Sem::DateText);
        let n = super::infer::normal(&col.name);
        let Some(stages) = super::infer::outcome_statuses(&col.name) else {
            continue;
        };
        let free = col.nullable
            && temporal
            && c != s
            && !d.unique_col[c]
            && d.claimed[c].is_none()
            && !plan.reason.contains("settings")
            // A CHECK passes when the moment is NULL (unknown), unless it asks for a
            // value or ties the moment to the status.
            && !in_check
                .iter()
                .any(|x| x.contains(&n) && (x.contains("isnotnull") || x.contains(&status_name)));
        if !free {
            continue;
        }
        let reached: Vec<Slot> = labels
            .iter()
            .filter(|l| {
                l.val == crate::cell::Val::Text
                    && stages.contains(&super::infer::normal(&l.text).as_str())
            })
            .cloned()
            .collect();
        if reached.is_empty() || reached.len() == labels.len() {
            continue;
        }
        let shown: Vec<String> = reached.iter().map(|l| l.text.clone()).collect();
        let plan = &mut d.columns[c];
        let inner = std::mem::replace(&mut plan.gen, Gen::Null);
        plan.gen = Gen::When {
            status: s,
            labels: reached,
            inner: Box::new(inner),
        };
        plan.null_rate = 0.0;
        plan.reason.push_str(&format!(
            ", set only when {} is {}",
            table.columns[s].name,
            shown.join(", ")
        ));
    }
}

pub(super) fn evaluation_order(columns: &mut [ColumnPlan]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].gen.reads().is_empty())
        .collect();
    let mut pending: Vec<usize> = (0..columns.len())
        .filter(|&c| !columns[c].gen.reads().is_empty())
        .collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|&c| {
            let ready = columns[c].gen.reads().iter().all(|b| order.contains(b));
            if ready {
                order.push(c);
            }
            !ready
        });
        if pending.len() == before {
            // A loop: the columns in it draw without what they read.
            for &c in &pending {
                columns[c].gen = independent(std::mem::replace(&mut columns[c].gen, Gen::Null));
                order.push(c);
            }
            pending.clear();
        }
    }
    order
}

/// A generator without its reads of the row: an `After`'s fallback, a `When`'s inner.
fn independent(gen: Gen) -> Gen {
    match gen {
        Gen::After { fallback, .. } => independent(*fallback),
        Gen::When { inner, .. } => independent(*inner),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Dialect, Schema};
    use crate::{Plan, Settings};

    fn plan(sql: &str, rows: u64) -> Plan {
        let schema = Schema::from_sql(sql, Some(Dialect::Postgres)).unwrap();
        let settings = Settings {
            rows: Some(rows),
            seed: Some(1),
            ..Settings::default()
        };
        Plan::new(schema, &settings).unwrap()
    }

    fn table<'p>(p: &'p Plan, name: &str) -> &'p TablePlan {
        &p.tables()[p.table_index(name).unwrap()]
    }

    fn column<'p>(t: &'p TablePlan, name: &str) -> &'p ColumnPlan {
        t.columns.iter().find(|c| c.name == name).unwrap()
    }

    #[test]
    fn foreign_keys_claim_their_columns_and_pick_by_their_kind() {
        let p = plan(
            "CREATE TABLE t (id int PRIMARY KEY);
             CREATE TABLE c (tenant int REFERENCES t, id int, up int REFERENCES c (id),
               other int REFERENCES t, PRIMARY KEY (tenant, id), UNIQUE (id));",
            100,
        );
        let c = table(&p, "c");
        let pick = |col: &str| match column(c, col).gen {
            Gen::Ref { fk, .. } => c.fks[fk].pick.describe(),
            ref g => panic!("{col}: {g:?}"),
        };
        // A tenant column of the key owns blocks of rows; a self reference points back;
        // a plain key is skewed (data version 2; uniform in version 1).
        assert_eq!(pick("tenant"), Pick::Sequential.describe());
        assert_eq!(pick("up"), Pick::SelfEarlier.describe());
        assert!(matches!(
            c.fks
                .iter()
                .find(|f| f.columns == [c.columns.iter().position(|x| x.name == "other").unwrap()])
                .unwrap()
                .pick,
            Pick::Skewed(_)
        ));
    }

    #[test]
    fn checks_set_limits_orders_and_guards() {
        let p = plan(
            "CREATE TABLE s (id int PRIMARY KEY, n int CHECK (n BETWEEN 5 AND 9),
               starts date NOT NULL, ends date NOT NULL, CHECK (ends >= starts),
               a int CHECK (a > 0), b int CHECK (b > 0),
               q numeric(4,1) GENERATED ALWAYS AS (a * b) STORED);",
            300,
        );
        let s = table(&p, "s");
        assert!(
            matches!(column(s, "n").gen, Gen::Range { lo: 5, hi: 9, .. }),
            "{:?}",
            column(s, "n").gen
        );
        assert!(
            matches!(column(s, "ends").gen, Gen::After { .. }),
            "ends follows starts"
        );
        let guard = s
            .checks
            .iter()
            .find(|c| c.name == "q fits numeric(4,1)")
            .expect("guard");
        assert_eq!(guard.text, "(a * b) BETWEEN -999.9 AND 999.9");
        assert!(column(s, "a").resample && column(s, "b").resample);
        assert!(!column(s, "id").resample);
    }

    #[test]
    fn uniqueness_uses_a_column_a_junction_or_an_injective_pick() {
        let p = plan(
            "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);
             CREATE TABLE ab (a_id int NOT NULL REFERENCES a, b_id int NOT NULL REFERENCES b,
               PRIMARY KEY (a_id, b_id));
             CREATE TABLE profile (a_id int NOT NULL UNIQUE REFERENCES a, code text UNIQUE);",
            30,
        );
        let ab = table(&p, "ab");
        assert!(ab
            .fks
            .iter()
            .all(|f| matches!(f.pick, Pick::Junction { .. })));
        let profile = table(&p, "profile");
        assert!(matches!(profile.fks[0].pick, Pick::Injective(_)));
        assert!(
            is_unique_gen(&column(profile, "code").gen),
            "{:?}",
            column(profile, "code").gen
        );
    }

    #[test]
    fn a_counting_key_must_reach_the_rows() {
        let t = crate::schema::SqlType::parse("smallint").unwrap();
        assert!(serial_fits("t.id", &t, 1, 32767, None, 32767).is_ok());
        let Err(Stop::Limit(l)) = serial_fits("t.id", &t, 1, 32767, Some(10), 11) else {
            panic!("a CHECK below the rows stops the key");
        };
        assert_eq!(l.max_rows, 10);
        assert!(l.why.contains("a CHECK stops it at 10"), "{}", l.why);
    }

    #[test]
    fn evaluation_follows_bases_and_breaks_loops() {
        let fresh = || {
            let mut p = plan(
                "CREATE TABLE x (id int PRIMARY KEY, a int, b int, c int);",
                1,
            );
            std::mem::take(&mut p.tables[0].columns)
        };
        let mut cols = fresh();
        let after = |base: usize| Gen::After {
            base,
            strict: false,
            hi: 10,
            fallback: Box::new(Gen::Serial { start: 7 }),
            unit: Unit::Int,
            gap: None,
        };
        // b after c, c after a: a, then c, then b.
        cols[2].gen = after(3);
        cols[3].gen = after(1);
        assert_eq!(evaluation_order(&mut cols), vec![0, 1, 3, 2]);
        // a after b, b after a: a loop, which keeps the fallbacks.
        let mut cols = fresh();
        cols[1].gen = after(2);
        cols[2].gen = after(1);
        let order = evaluation_order(&mut cols);
        assert_eq!(order.len(), 4);
        assert!(matches!(cols[1].gen, Gen::Serial { start: 7 }));
        assert!(matches!(cols[2].gen, Gen::Serial { start: 7 }));
    }
}

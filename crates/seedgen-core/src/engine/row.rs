//! Building one row: every column's cell, foreign-key picks, and the CHECK guard with
//! bounded resampling.

use super::gen::{Context, Gen};
use crate::cell::{Slot, Val};
use crate::error::{Error, Result};
use crate::expr::check::{self, Env, V};
use crate::locale::Locale;
use crate::plan::Plan;
use crate::random::rng::Stream;

/// Attempts per row before a failing CHECK is an error.
pub const MAX_ATTEMPTS: u32 = 1000;

const THREE_YEARS: u64 = 3 * 31_556_952;

/// The [`Context`] of one table.
pub(crate) struct TableCx<'p> {
    pub plan: &'p Plan,
    pub t: usize,
}

impl Context for TableCx<'_> {
    fn locale(&self) -> &Locale {
        &self.plan.locale
    }

    fn person(&self, row: u64) -> (&'static str, &'static str, u64) {
        let l = &self.plan.locale;
        let mut s = self.plan.tables[self.t].person_key.stream(row, 0);
        // Only a locale with names by gender draws the gender (version 2).
        let first = match l.given_names[0].is_empty() {
            true => l.first_names,
            false => l.given_names[usize::from(!self.female(row))],
        };
        (*s.pick(first), *s.pick(l.last_names), s.next_u64())
    }

    fn female(&self, row: u64) -> bool {
        // Its own stream, so that version 1's names (no gender) draw as they did.
        let mut s = self.plan.tables[self.t].person_key.stream(row, 1);
        s.chance(0.5)
    }

    fn created(&self, row: u64) -> i64 {
        self.plan.created(self.t, row)
    }

    fn as_of(&self) -> i64 {
        self.plan.as_of
    }

    fn address(&self, row: u64) -> Stream {
        self.plan.tables[self.t].address_key.stream(row, 0)
    }

    fn row_digits(&self) -> usize {
        self.plan.tables[self.t].row_digits
    }
}

impl Plan {
    /// The creation time of `row` of table `t` (seconds): after the latest of its
    /// parents', when the table follows parents' timelines, else within the three years
    /// before `as_of`.
    pub(crate) fn created(&self, t: usize, row: u64) -> i64 {
        let tp = &self.tables[t];
        let mut s = tp.timeline_key.stream(row, 0);
        let mut latest = None;
        for &fk in &tp.timeline_fks {
            // An existing parent's time is not known: the row keeps its own.
            let existing = tp.fks[fk].existing;
            if let Some(j) = self.fk_pick(t, fk, row, 0).filter(|&j| j >= existing) {
                let parent = self.created(tp.fks[fk].parent, j - existing);
                latest = Some(latest.map_or(parent, |l: i64| l.max(parent)));
            }
        }
        if self.data_version >= 2 {
            return match latest {
                Some(parent) => self.after_parent(parent, &mut s),
                None => {
                    // Growing towards `as_of`, fewer on weekends and at night.
                    let law = crate::plan::ir::Law {
                        kind: crate::plan::ir::LawKind::Seasonal,
                        lo: i128::from(self.as_of - THREE_YEARS as i64),
                        hi: i128::from(self.as_of),
                        scale: 1.0,
                        unit: crate::plan::ir::Unit::Seconds,
                        float: false,
                    };
                    law.value(&mut s) as i64
                }
            };
        }
        if let Some(parent) = latest {
            let span = (self.as_of - parent).max(0) as u64;
            return parent + s.below(span.min(THREE_YEARS) + 1) as i64;
        }
        self.as_of - s.below(THREE_YEARS) as i64
    }

    /// A child's creation after its latest parent's (data version 2): a right-skewed
    /// gap (half within six weeks, a long tail up to `as_of`), a weekend day moved to
    /// the next Monday half the time, the hour by the weights of working hours.
    fn after_parent(&self, parent: i64, s: &mut crate::random::rng::Stream) -> i64 {
        use crate::plan::ir::{hour_of_day, Skewed, Unit};
        let span = i128::from((self.as_of - parent).clamp(0, THREE_YEARS as i64));
        if span < 2 * 86_400 {
            return parent + s.range_i128(0, span) as i64;
        }
        let gap = Skewed {
            lo: 0,
            hi: span,
            median: (42.0 * 86_400.0f64).min(span as f64 / 2.0),
            tail: 0,
            at_lo: 0.0,
            step: 1,
            unit: Unit::Seconds,
            float: false,
        };
        let mut day = (parent + gap.value(0.0, s.unit()) as i64).div_euclid(86_400);
        let weekday = (day + 3).rem_euclid(7);
        if weekday >= 5 && s.chance(0.5) {
            day += 7 - weekday;
        }
        let mut t = day * 86_400 + hour_of_day(s.unit()) * 3600 + s.below(3600) as i64;
        if t < parent {
            t += 86_400;
        }
        if t > self.as_of {
            t = parent + s.below((self.as_of - parent) as u64 + 1) as i64;
        }
        t
    }

    /// The parent row that foreign key `fk` of table `t` picks for `row`, or `None` for NULL.
    pub(crate) fn fk_pick(&self, t: usize, fk: usize, row: u64, attempt: u32) -> Option<u64> {
        let tp = &self.tables[t];
        let f = &tp.fks[fk];
        let parents = self.tables[f.parent].rows;
        let mut s = f.key.stream(row, attempt);
        if f.self_ref && row == 0 && f.nullable {
            return None;
        }
        let null = match f.null_group {
            Some(g) => self.group_null(t, g, row),
            None => f.nullable && s.chance(f.null_rate),
        };
        if parents + f.existing == 0 || null {
            return None;
        }
        if let crate::plan::picks::Pick::Scoped {
            via,
            parent_scope,
            scope_rows,
            target_rows,
            self_ref,
            unique_in_block,
        } = f.pick
        {
            let j = self.fk_pick(t, via, row, 0)?;
            let k = match parent_scope {
                None => j,
                Some((pt, g)) => self.fk_pick(pt, g, j, 0)?,
            };
            let (lo, mut hi) = crate::plan::picks::sequential_rows(k, scope_rows, target_rows);
            if self_ref {
                hi = hi.min(if f.nullable { row } else { row + 1 });
            }
            if hi <= lo {
                return None;
            }
            let n = hi - lo;
            if unique_in_block {
                let nf = self.tables[tp.fks[via].parent].rows;
                let (a, _) = crate::plan::picks::sequential_rows(j, nf, tp.rows);
                let r = row - a;
                return Some(lo + (r + f.key.draw(j)) % n);
            }
            return Some(lo + s.below(n));
        }
        Some(f.pick.pick(row, tp.rows, parents + f.existing, &mut s))
    }

    /// The sum of `price × quantity` over the lines (rows of table `child`) of parent row
    /// `j`, in the price's units times `10^shift`.
    pub(crate) fn line_sum(
        &self,
        child: usize,
        fk: usize,
        (price, quantity, shift): (usize, Option<usize>, u32),
        j: u64,
        out: &mut Slot,
    ) -> Result<()> {
        let crate::plan::picks::Pick::PerParent(pp) = &self.tables[child].fks[fk].pick else {
            out.set_null();
            return Ok(());
        };
        let (start, n) = (pp.first_child(j), pp.count_of(j));
        let (mut total, mut cell) = (0i128, Slot::default());
        for r in start..start + n {
            self.key_value(child, price, r, &mut cell)?;
            let crate::cell::Val::Int(p) = cell.val else {
                continue;
            };
            let q = match quantity {
                Some(qc) => {
                    self.key_value(child, qc, r, &mut cell)?;
                    match cell.val {
                        crate::cell::Val::Int(q) => q,
                        _ => continue,
                    }
                }
                None => 1,
            };
            total = total.saturating_add(p.saturating_mul(q));
        }
        out.val = crate::cell::Val::Int(total.saturating_mul(10i128.pow(shift)));
        Ok(())
    }

    /// The number of `row` among the children of parent `j` (from 1), when foreign key
    /// `fk` of table `t` picks parents in contiguous blocks.
    pub(crate) fn ordinal(&self, t: usize, fk: usize, row: u64, j: Option<u64>) -> Option<i128> {
        let crate::plan::picks::Pick::PerParent(pp) = &self.tables[t].fks[fk].pick else {
            return None;
        };
        Some(i128::from(row - pp.first_child(j?).min(row)) + 1)
    }

    /// Column `pos` of the parent key that foreign key `fk` of table `t` picked as `j`:
    /// an existing row's value when `j` is below the existing count, else new row
    /// `j - existing`'s.
    pub(crate) fn parent_value(
        &self,
        t: usize,
        fk: usize,
        pos: usize,
        j: u64,
        out: &mut Slot,
    ) -> Result<()> {
        let f = &self.tables[t].fks[fk];
        let pc = f.parent_columns[pos];
        if j < f.existing {
            match self.tables[f.parent]
                .existing
                .as_ref()
                .and_then(|e| e.cell(pc, j))
            {
                Some(v) => out.copy_from(v),
                None => out.set_null(),
            }
            return Ok(());
        }
        self.key_value(f.parent, pc, j - f.existing, out)
    }

    /// The value of column `c` of table `t` at `row`, as its own row would hold it.
    pub(crate) fn key_value(&self, t: usize, c: usize, row: u64, out: &mut Slot) -> Result<()> {
        if let Some(v) = self.pinned(t, c, row) {
            out.copy_from(v);
            return Ok(());
        }
        let col = &self.tables[t].columns[c];
        if !col.standalone {
            let mut b = RowBuilder::new(self, t);
            b.build(row)?;
            out.copy_from(&b.slots[c]);
            return Ok(());
        }
        match col.gen {
            Gen::Ordinal { fk } => match self.ordinal(t, fk, row, self.fk_pick(t, fk, row, 0)) {
                Some(v) => out.val = crate::cell::Val::Int(v),
                None => out.set_null(),
            },
            Gen::Ref { fk, pos } => match self.fk_pick(t, fk, row, 0) {
                None => out.set_null(),
                Some(j) => self.parent_value(t, fk, pos, j, out)?,
            },
            _ => self.plain_cell(t, c, row, 0, out),
        }
        Ok(())
    }

    /// The pinned value of a cell, if any (children's references to a pinned key read
    /// it here too, so they follow the pin).
    pub(crate) fn pinned(&self, t: usize, c: usize, row: u64) -> Option<&Slot> {
        if self.pins.is_empty() {
            return None;
        }
        self.pins
            .get(&(t, row))?
            .iter()
            .find(|(col, _)| *col == c)
            .map(|(_, v)| v)
    }

    /// A cell whose generator needs nothing else of the row.
    fn plain_cell(&self, t: usize, c: usize, row: u64, attempt: u32, out: &mut Slot) {
        let col = &self.tables[t].columns[c];
        let mut s = col.key.stream(row, attempt);
        if self.is_null(t, c, row, &mut s) {
            out.set_null();
            return;
        }
        col.gen.write(&TableCx { plan: self, t }, row, &mut s, out);
    }

    /// Whether column `c` of `row` is NULL: its NULL pattern's say, or its own share
    /// drawn from its stream.
    fn is_null(&self, t: usize, c: usize, row: u64, s: &mut Stream) -> bool {
        let col = &self.tables[t].columns[c];
        match col.null_group {
            Some(g) => self.group_null(t, g, row),
            None => col.null_rate > 0.0 && s.chance(col.null_rate),
        }
    }

    /// Whether bit `g.1` of the NULL pattern that group `g.0` of table `t` draws for
    /// `row` is set.
    fn group_null(&self, t: usize, g: (usize, u32), row: u64) -> bool {
        let group = &self.tables[t].null_groups[g.0];
        let u = group.key.stream(row, 0).unit();
        let mask = group
            .patterns
            .iter()
            .find(|(_, cum)| u < *cum)
            .or(group.patterns.last())
            .map_or(0, |p| p.0);
        mask >> g.1 & 1 == 1
    }
}

/// Builds rows of one table, reusing its buffers from row to row.
pub(crate) struct RowBuilder<'p> {
    plan: &'p Plan,
    t: usize,
    /// One cell per column of the table (unwritten columns stay NULL).
    pub slots: Vec<Slot>,
    picks: Vec<Option<u64>>,
}

struct RowEnv<'a> {
    plan: &'a Plan,
    t: usize,
    slots: &'a [Slot],
    value_column: Option<usize>,
}

impl Env for RowEnv<'_> {
    fn column(&self, name: &str) -> Option<V> {
        let cols = &self.plan.tables[self.t].columns;
        let c = if name.eq_ignore_ascii_case("value") && self.value_column.is_some() {
            self.value_column?
        } else {
            cols.iter()
                .position(|c| c.name == name)
                .or_else(|| cols.iter().position(|c| c.name.eq_ignore_ascii_case(name)))?
        };
        Some(slot_value(&self.slots[c], &cols[c].data_type))
    }

    fn now(&self) -> i64 {
        self.plan.as_of * 1_000_000
    }
}

/// A cell as the CHECK evaluator sees it.
pub(crate) fn slot_value(s: &Slot, dt: &arrow_schema::DataType) -> V {
    match s.val {
        Val::Null => V::Null,
        Val::Bool(b) => V::Bool(b),
        Val::Int(v) => match dt {
            arrow_schema::DataType::Decimal128(_, scale) => {
                V::Num(v as f64 / 10f64.powi(i32::from(*scale)))
            }
            arrow_schema::DataType::Utf8 => V::Str(v.to_string()),
            _ => V::Num(v as f64),
        },
        Val::Float(f) => V::Num(f),
        Val::Text => V::Str(s.text.clone()),
        Val::Bytes => V::Bytes(s.bytes.len()),
        Val::Date(d) => V::Date(d),
        Val::Time(t) => V::Time(t),
        Val::Timestamp(t) => V::Ts(t),
        Val::Array => V::Unknown,
    }
}

impl<'p> RowBuilder<'p> {
    pub fn new(plan: &'p Plan, t: usize) -> Self {
        let tp = &plan.tables[t];
        RowBuilder {
            plan,
            t,
            slots: vec![Slot::default(); tp.columns.len()],
            picks: vec![None; tp.fks.len()],
        }
    }

    fn cell(&mut self, c: usize, row: u64, attempt: u32) -> Result<()> {
        let plan = self.plan;
        let tp = &plan.tables[self.t];
        let col = &tp.columns[c];
        if !col.written {
            self.slots[c].set_null();
            return Ok(());
        }
        if let Some(v) = plan.pinned(self.t, c, row) {
            self.slots[c].copy_from(v);
            return Ok(());
        }
        self.cell_with(c, &col.gen, row, attempt)
    }

    /// A [`Gen::Copy`] cell: the parent's column at the picked row, else `fallback`.
    fn copy_cell(
        &mut self,
        c: usize,
        (fk, column): (usize, usize),
        fallback: &Gen,
        row: u64,
        attempt: u32,
    ) -> Result<()> {
        let plan = self.plan;
        let tp = &plan.tables[self.t];
        let col = &tp.columns[c];
        let mut s = col.key.stream(row, attempt);
        let mut out = std::mem::take(&mut self.slots[c]);
        let f = &tp.fks[fk];
        let r = if plan.is_null(self.t, c, row, &mut s) {
            out.set_null();
            Ok(())
        } else {
            let copied = match self.picks[fk] {
                Some(j) if j >= f.existing => {
                    plan.key_value(f.parent, column, j - f.existing, &mut out)
                }
                _ => {
                    out.set_null();
                    Ok(())
                }
            };
            // No parent row of ours, or a NULL a NOT NULL column cannot take:
            // the column's own generator.
            if copied.is_ok() && out.val == crate::cell::Val::Null && !col.nullable {
                fallback.write(&TableCx { plan, t: self.t }, row, &mut s, &mut out);
            }
            copied
        };
        self.slots[c] = out;
        r
    }

    /// A cell derived from others of its row ([`Gen::Share`], [`Gen::Plus`]).
    fn derived_cell(&mut self, c: usize, gen: &Gen, row: u64, attempt: u32) {
        let plan = self.plan;
        let col = &plan.tables[self.t].columns[c];
        let mut s = col.key.stream(row, attempt);
        if plan.is_null(self.t, c, row, &mut s) {
            self.slots[c].set_null();
            return;
        }
        let int = |slot: &Slot| super::gen::Unit::Int.get(slot).unwrap_or(0);
        let v = match gen {
            Gen::Share {
                base,
                lo,
                hi,
                shift,
                min,
                max,
            } => {
                // Powers of ten by multiplication (exact to 10^22), not `powi`, whose
                // rounding is the platform's: the same bits everywhere.
                let ten = (0..shift.unsigned_abs()).fold(1.0f64, |p, _| p * 10.0);
                let v = int(&self.slots[*base]) as f64 * (lo + (hi - lo) * s.unit());
                let v = if *shift >= 0 { v * ten } else { v / ten };
                (v.round() as i128).clamp(*min, *max)
            }
            Gen::Plus { parts, min, max } => parts
                .iter()
                .map(|&(p, minus, shift)| {
                    let v = int(&self.slots[p]) * 10i128.pow(shift);
                    if minus {
                        -v
                    } else {
                        v
                    }
                })
                .sum::<i128>()
                .clamp(*min, *max),
            _ => return,
        };
        self.slots[c].val = Val::Int(v);
    }

    /// Column `c`'s cell from generator `gen` (its own, or the one a [`Gen::When`]
    /// wraps).
    fn cell_with(&mut self, c: usize, gen: &'p Gen, row: u64, attempt: u32) -> Result<()> {
        let plan = self.plan;
        let tp = &plan.tables[self.t];
        let col = &tp.columns[c];
        match gen {
            Gen::Sum {
                child,
                fk,
                price,
                quantity,
                shift,
            } => {
                let mut out = std::mem::take(&mut self.slots[c]);
                let r = plan.line_sum(*child, *fk, (*price, *quantity, *shift), row, &mut out);
                self.slots[c] = out;
                r
            }
            Gen::Share { .. } | Gen::Plus { .. } => {
                self.derived_cell(c, gen, row, attempt);
                Ok(())
            }
            Gen::Ordinal { fk } => {
                match plan.ordinal(self.t, *fk, row, self.picks[*fk]) {
                    Some(v) => self.slots[c].val = crate::cell::Val::Int(v),
                    None => self.slots[c].set_null(),
                }
                Ok(())
            }
            Gen::When {
                status,
                labels,
                inner,
            } => {
                if labels.iter().any(|l| l.same(&self.slots[*status])) {
                    self.cell_with(c, inner, row, attempt)
                } else {
                    self.slots[c].set_null();
                    Ok(())
                }
            }
            Gen::Custom(f) => {
                let value = {
                    let view = crate::RowValues {
                        plan,
                        t: self.t,
                        slots: &self.slots,
                    };
                    (f.0)(row, &view)
                };
                let mut out = std::mem::take(&mut self.slots[c]);
                let r = crate::value::to_slot(&value, &col.data_type, &mut out).map_err(|m| {
                    Error::Generate {
                        table: tp.name.to_string(),
                        row,
                        message: format!(
                            "{}: the column's function returned a value that {m}",
                            col.name
                        ),
                    }
                });
                self.slots[c] = out;
                r
            }
            Gen::Ref { fk, pos } => {
                let mut out = std::mem::take(&mut self.slots[c]);
                let r = match self.picks[*fk] {
                    None => {
                        out.set_null();
                        Ok(())
                    }
                    Some(j) => plan.parent_value(self.t, *fk, *pos, j, &mut out),
                };
                self.slots[c] = out;
                r
            }
            Gen::Copy {
                fk,
                column,
                fallback,
            } => self.copy_cell(c, (*fk, *column), fallback, row, attempt),
            Gen::After {
                base,
                strict,
                hi,
                fallback,
                unit,
                gap,
            } => {
                let mut s = col.key.stream(row, attempt);
                let mut out = std::mem::take(&mut self.slots[c]);
                if plan.is_null(self.t, c, row, &mut s) {
                    out.set_null();
                } else if let Some(b) = unit.get(&self.slots[*base]) {
                    let start = b + i128::from(*strict);
                    let v = if *hi > start {
                        // Mostly close to the start, as durations are.
                        let span = (*hi - start).min(match (unit, gap) {
                            (super::gen::Unit::Seconds, None) => 180 * 86_400,
                            (super::gen::Unit::Date, None) => 180,
                            (super::gen::Unit::Seconds, Some(_)) => 730 * 86_400,
                            (super::gen::Unit::Date, Some(_)) => 730,
                            _ => 1000,
                        });
                        match gap {
                            Some(median) if (*median as i128) < span => {
                                let k = super::gen::Skewed {
                                    lo: 0,
                                    hi: span,
                                    median: *median,
                                    tail: 1,
                                    at_lo: 0.0,
                                    step: 1,
                                    unit: *unit,
                                    float: false,
                                };
                                start + k.value(0.0, s.unit())
                            }
                            _ => start + s.range_i128(0, span),
                        }
                    } else {
                        start
                    };
                    unit.put(v, &mut out);
                } else {
                    fallback.write(&TableCx { plan, t: self.t }, row, &mut s, &mut out);
                }
                self.slots[c] = out;
                Ok(())
            }
            _ => {
                plan.plain_cell(self.t, c, row, attempt, &mut self.slots[c]);
                Ok(())
            }
        }
    }

    fn failing_check(&self) -> Option<usize> {
        let tp = &self.plan.tables[self.t];
        tp.checks.iter().position(|ch| {
            let env = RowEnv {
                plan: self.plan,
                t: self.t,
                slots: &self.slots,
                value_column: ch.value_column,
            };
            !check::passes(&check::eval(&ch.expr, &env))
        })
    }

    /// Computes every cell of `row`.
    pub fn build(&mut self, row: u64) -> Result<()> {
        let plan = self.plan;
        let tp = &plan.tables[self.t];
        for fk in 0..tp.fks.len() {
            self.picks[fk] = plan.fk_pick(self.t, fk, row, 0);
        }
        for &c in &tp.eval_order {
            self.cell(c, row, 0)?;
        }
        if tp.checks.is_empty() {
            return Ok(());
        }
        let mut attempt = 0;
        while let Some(k) = self.failing_check() {
            attempt += 1;
            let ch = &tp.checks[k];
            let movable: Vec<usize> = ch
                .columns
                .iter()
                .copied()
                .filter(|&c| tp.columns[c].resample)
                .collect();
            if attempt >= MAX_ATTEMPTS || movable.is_empty() {
                let env = RowEnv {
                    plan,
                    t: self.t,
                    slots: &self.slots,
                    value_column: ch.value_column,
                };
                let values: Vec<String> = ch
                    .columns
                    .iter()
                    .map(|&c| {
                        format!(
                            "{} = {}",
                            tp.columns[c].name,
                            env.column(&tp.columns[c].name).unwrap_or(V::Unknown)
                        )
                    })
                    .collect();
                return Err(Error::Generate {
                    table: tp.name.to_string(),
                    row,
                    message: format!(
                        "CHECK {} ({}) still fails after {attempt} attempts with {}; set one of these columns' generators so it holds",
                        ch.name,
                        ch.text,
                        values.join(", ")
                    ),
                });
            }
            for &c in &movable {
                if let Gen::Ref { fk, .. } = tp.columns[c].gen {
                    self.picks[fk] = plan.fk_pick(self.t, fk, row, attempt);
                }
            }
            for &c in &tp.eval_order {
                let col = &tp.columns[c];
                let refreshed = movable.contains(&c)
                    || matches!(col.gen, Gen::Custom(_))
                    || col.gen.reads().iter().any(|b| movable.contains(b))
                    || matches!(col.gen, Gen::Ref { fk, .. } if movable.iter().any(|&m| matches!(tp.columns[m].gen, Gen::Ref { fk: f2, .. } if f2 == fk)));
                if refreshed {
                    let a = if movable.contains(&c) { attempt } else { 0 };
                    self.cell(c, row, a)?;
                }
            }
        }
        Ok(())
    }
}

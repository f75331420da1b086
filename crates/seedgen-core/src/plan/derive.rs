//! Columns computed from other columns of their row (data version 2): a tax is a
//! share of the subtotal, a cost a share of the list price, a total the subtotal plus
//! tax and shipping minus discount ([`super::infer::SHARE_RULES`],
//! [`super::infer::TOTAL_NAMES`]). Planned after every table (a subtotal may be the sum
//! of the row's lines, [`super::copies`]), then each table's evaluation order is
//! computed again, since the derived columns read others.

use super::infer::{self, normal};
use super::ir::Gen;
use super::TablePlan;
use crate::schema::{Schema, TypeClass};

/// Derives the shares and totals the names say, in every table.
pub(super) fn derive_columns(schema: &Schema, tables: &mut [TablePlan]) {
    for (t, tp) in tables.iter_mut().enumerate() {
        let free: Vec<bool> = (0..tp.columns.len())
            .map(|c| free_to_derive(schema, tp, t, c))
            .collect();
        let mut changed = shares(tp, &free);
        changed |= totals(tp, &free);
        if changed {
            tp.eval_order = super::passes::evaluation_order(&mut tp.columns);
        }
    }
}

/// A decimal or integer column drawn by a name rule, in no key, settings or CHECK
/// with other columns.
fn free_to_derive(schema: &Schema, tp: &TablePlan, t: usize, c: usize) -> bool {
    let col = &tp.columns[c];
    let table = &schema.tables[t];
    let n = normal(&col.name);
    let keyed = table.primary_key.contains(&col.name)
        || table.unique.iter().any(|u| u.columns.contains(&col.name))
        || table
            .foreign_keys
            .iter()
            .any(|f| f.columns.contains(&col.name));
    // A CHECK on the column alone bounds it (the derived value is kept within the
    // drawn range); one tying it to other columns decides it.
    let checked = table.checks.iter().any(|ch| {
        let e = normal(&ch.expr);
        e.contains(&n)
            && table
                .columns
                .iter()
                .any(|o| o.name != col.name && e.contains(&normal(&o.name)))
    });
    let numeric = matches!(col.class, TypeClass::Decimal | TypeClass::Int(_));
    let drawn = matches!(
        col.gen,
        Gen::Skewed(_) | Gen::Range { .. } | Gen::Law(_) | Gen::Sum { .. } | Gen::Copy { .. }
    );
    numeric && drawn && col.written && !keyed && !checked && !col.reason.contains("settings")
}

/// The scale and bounds of column `c`: its type's, narrowed to its drawn range (which
/// a CHECK on the column narrowed).
fn shape(tp: &TablePlan, c: usize) -> Option<(u32, i128, i128)> {
    let col = &tp.columns[c];
    let n = super::columns::numeric(&col.sql_type, col.class)?;
    let (lo, hi) = match col.gen.range() {
        Some((lo, hi, _)) => (lo.max(n.lo), hi.min(n.hi)),
        None => (n.lo, n.hi),
    };
    (!n.float).then_some((n.scale, lo, n.hi.min(hi.max(lo))))
}

fn find(tp: &TablePlan, names: &[&str], free: &[bool]) -> Option<usize> {
    names.iter().find_map(|want| {
        (0..tp.columns.len()).find(|&c| free[c] && normal(&tp.columns[c].name) == *want)
    })
}

/// Shares (`tax` of `subtotal`, `cost` of `list_price`): the share is drawn from its
/// base, so it stays below it.
fn shares(tp: &mut TablePlan, free: &[bool]) -> bool {
    let mut changed = false;
    for rule in infer::SHARE_RULES {
        let Some(c) = find(tp, rule.names, free) else {
            continue;
        };
        let Some(base) = find(tp, rule.of, free).filter(|&b| b != c) else {
            continue;
        };
        let (Some((cs, min, max)), Some((bs, _, _))) = (shape(tp, c), shape(tp, base)) else {
            continue;
        };
        let base_name = tp.columns[base].name.clone();
        let col = &mut tp.columns[c];
        col.gen = Gen::Share {
            base,
            lo: rule.lo,
            hi: rule.hi,
            shift: cs as i32 - bs as i32,
            min: min.max(0),
            max,
        };
        col.standalone = false;
        col.generator = format!("share of {base_name}");
        col.reason = format!("column name: {} {base_name}", rule.why);
        changed = true;
    }
    changed
}

/// A total that adds its row's parts: `total = subtotal + tax + shipping − discount`.
fn totals(tp: &mut TablePlan, free: &[bool]) -> bool {
    let (Some(total), Some(base)) = (
        find(tp, infer::TOTAL_NAMES, free),
        find(tp, infer::TOTAL_BASE, free),
    ) else {
        return false;
    };
    let Some((ts, min, max)) = shape(tp, total) else {
        return false;
    };
    let mut parts = Vec::new();
    let groups = [
        (&[tp.columns[base].name.as_str()][..], false),
        (infer::TOTAL_ADDS, false),
        (infer::TOTAL_SUBTRACTS, true),
    ];
    for (names, minus) in groups {
        for (c, &is_free) in free.iter().enumerate() {
            let n = normal(&tp.columns[c].name);
            let named = names.iter().any(|w| normal(w) == n);
            let scale = shape(tp, c).map(|s| s.0);
            if c != total && is_free && named && scale.is_some_and(|s| s <= ts) {
                parts.push((c, minus, ts - scale.unwrap_or(0)));
            }
        }
    }
    if parts.len() < 2 || parts[0].0 != base {
        return false;
    }
    let said: Vec<String> = parts
        .iter()
        .map(|&(c, minus, _)| format!("{}{}", if minus { "− " } else { "+ " }, tp.columns[c].name))
        .collect();
    let said = said.join(" ");
    let col = &mut tp.columns[total];
    col.gen = Gen::Plus { parts, min, max };
    col.standalone = false;
    col.generator = "sum of its row's parts".into();
    col.reason = format!(
        "column name: a total, {}",
        said.strip_prefix("+ ").unwrap_or(&said)
    );
    true
}

//! Columns computed from other columns of their row (data version 2): a tax is a
//! share of the subtotal, a cost a share of the list price, a total the subtotal plus
//! tax and shipping minus discount ([`super::infer::SHARE_RULES`],
//! [`super::infer::TOTAL_NAMES`]). Planned after every table (a subtotal may be the sum
//! of the row's lines, [`super::copies`]), then each table's evaluation order is
//! computed again, since the derived columns read others. The settings' `derive` and
//! `copy_from` ask for the same explicitly, for schemas whose names do not say it.

use std::collections::HashSet;

use super::infer::{self, normal};
use super::ir::Gen;
use super::TablePlan;
use crate::error::{Error, Result};
use crate::schema::{QualifiedName, Schema, TypeClass};
use crate::settings::{Derive, SumOf, TableSettings};

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

/// The scale and bounds of column `c`: its type's highest, and the lowest of its drawn
/// range (which a CHECK such as `>= 0` narrowed; an upper bound in a CHECK is left to
/// the CHECK, which names itself when a sum passes it).
fn shape(tp: &TablePlan, c: usize) -> Option<(u32, i128, i128)> {
    let col = &tp.columns[c];
    let n = super::columns::numeric(&col.sql_type, col.class)?;
    let lo = col.gen.range().map_or(n.lo, |(lo, _, _)| lo.max(n.lo));
    (!n.float).then_some((n.scale, lo.min(n.hi), n.hi))
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

/// The (lines, parent) table pairs whose parent's total the settings derive as the
/// sum of its lines (`"derive": {"sum": {"of": "order_items.unit_price"}}`).
pub(super) fn summed_lines(
    schema: &Schema,
    table_settings: &[Option<&TableSettings>],
) -> HashSet<(usize, usize)> {
    let mut out = HashSet::new();
    for (p, ts) in table_settings.iter().enumerate() {
        for cs in ts.iter().flat_map(|ts| ts.columns.values()) {
            if let Some(Derive::Sum(sum)) = &cs.derive {
                if let Some((child, _)) = table_and_column(schema, &sum.of) {
                    out.insert((child, p));
                }
            }
        }
    }
    out
}

/// `table.column` (`schema.table.column`) as a table index and a column name.
fn table_and_column<'a>(schema: &Schema, text: &'a str) -> Option<(usize, &'a str)> {
    let (table, column) = text.rsplit_once('.')?;
    let name = QualifiedName::try_from(table.to_string()).ok()?;
    Some((schema.table_index(&name)?, column))
}

fn column_index(tp: &TablePlan, name: &str) -> Option<usize> {
    tp.columns.iter().position(|c| c.name == name).or_else(|| {
        tp.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    })
}

/// Applies the settings' `derive` and `copy_from`, after the rules names imply, so
/// what a user asks for wins.
pub(super) fn from_settings(
    schema: &Schema,
    table_settings: &[Option<&TableSettings>],
    data_version: u32,
    tables: &mut [TablePlan],
) -> Result<()> {
    for (t, ts) in table_settings.iter().enumerate() {
        let Some(ts) = ts else { continue };
        let mut changed = false;
        for (name, cs) in &ts.columns {
            let key = match (&cs.derive, &cs.copy_from) {
                (Some(_), _) => "derive",
                (None, Some(_)) => "copy_from",
                (None, None) => continue,
            };
            let path = format!("tables.{}.columns.{name}.{key}", schema.tables[t].name);
            let fail = |message: String| Error::Settings {
                path: path.clone(),
                message,
            };
            if data_version < 2 {
                return Err(fail(format!(
                    "`{key}` needs data version 2; remove `data_version` or give 2"
                )));
            }
            let Some(c) = column_index(&tables[t], name) else {
                continue;
            };
            let (gen, what) = match (&cs.derive, &cs.copy_from) {
                (Some(d), _) => derived(schema, tables, t, c, d).map_err(fail)?,
                (None, Some(from)) => copied(schema, tables, t, c, from).map_err(fail)?,
                (None, None) => continue,
            };
            let col = &mut tables[t].columns[c];
            col.gen = gen;
            col.standalone = false;
            col.generator = what;
            col.reason = "set in the settings".into();
            changed = true;
        }
        if changed {
            tables[t].eval_order = super::passes::evaluation_order(&mut tables[t].columns);
        }
    }
    Ok(())
}

/// A column of the row by name, numeric and not a float: its index and scale.
fn row_number(tp: &TablePlan, name: &str) -> std::result::Result<(usize, u32), String> {
    let c =
        column_index(tp, name).ok_or_else(|| format!("`{}` has no column `{name}`", tp.name))?;
    let (scale, _, _) = shape(tp, c).ok_or_else(|| {
        format!(
            "`{}.{name}` is {}, not an integer or decimal column",
            tp.name, tp.columns[c].sql_type
        )
    })?;
    Ok((c, scale))
}

fn derived(
    schema: &Schema,
    tables: &[TablePlan],
    t: usize,
    c: usize,
    d: &Derive,
) -> std::result::Result<(Gen, String), String> {
    let tp = &tables[t];
    let (_, scale) = row_number(tp, &tp.columns[c].name)?;
    let (_, min, max) = shape(tp, c).unwrap_or((0, 0, 0));
    match d {
        Derive::Share(share) => {
            let (base, bscale) = row_number(tp, &share.of)?;
            if !(0.0..=1000.0).contains(&share.min) || share.min > share.max {
                return Err(format!(
                    "give 0 ≤ `min` ≤ `max` (rates such as 0.05 and 0.25), not {} and {}",
                    share.min, share.max
                ));
            }
            let gen = Gen::Share {
                base,
                lo: share.min,
                hi: share.max,
                shift: scale as i32 - bscale as i32,
                min,
                max,
            };
            Ok((gen, format!("share of {}", share.of)))
        }
        Derive::Add(names) => {
            let mut parts = Vec::new();
            for n in names {
                let (minus, n) = match n.strip_prefix('-') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, n.trim()),
                };
                let (p, ps) = row_number(tp, n)?;
                if ps > scale {
                    return Err(format!("`{n}` has more decimal places ({ps}) than this column ({scale}); the sum would not be exact"));
                }
                parts.push((p, minus, scale - ps));
            }
            if parts.is_empty() {
                return Err("name the columns to add, e.g. [\"subtotal\", \"tax\"]".into());
            }
            Ok((
                Gen::Plus { parts, min, max },
                "sum of its row's columns".into(),
            ))
        }
        Derive::Sum(sum) => lines_sum(schema, tables, t, scale, sum),
    }
}

/// A total as the sum of its lines' `of` (times `times`).
fn lines_sum(
    schema: &Schema,
    tables: &[TablePlan],
    t: usize,
    scale: u32,
    sum: &SumOf,
) -> std::result::Result<(Gen, String), String> {
    let (child, column) = table_and_column(schema, &sum.of).ok_or_else(|| {
        format!(
            "`{}` is not `table.column` of a table in the schema",
            sum.of
        )
    })?;
    let lines = &tables[child];
    let fk = lines
        .fks
        .iter()
        .position(|f| f.parent == t && matches!(f.pick, crate::plan::picks::Pick::PerParent(_)))
        .ok_or_else(|| {
            format!(
                "`{}` needs a NOT NULL foreign key to `{}` and a row count nobody set (its rows come in blocks per `{}` row)",
                lines.name, tables[t].name, tables[t].name
            )
        })?;
    let (price, pscale) = row_number(lines, column)?;
    if pscale > scale {
        return Err(format!("`{}` has more decimal places ({pscale}) than this column ({scale}); the sum would not be exact", sum.of));
    }
    let quantity = match &sum.times {
        None => None,
        Some(q) => match row_number(lines, q)? {
            (i, 0) => Some(i),
            _ => return Err(format!("`{q}` must be a whole number to multiply by")),
        },
    };
    let gen = Gen::Sum {
        child,
        fk,
        price,
        quantity,
        shift: scale - pscale,
    };
    Ok((gen, format!("sum of {}", sum.of)))
}

/// A copy of the referenced row's `table.column`.
fn copied(
    schema: &Schema,
    tables: &[TablePlan],
    t: usize,
    c: usize,
    from: &str,
) -> std::result::Result<(Gen, String), String> {
    let (p, column) = table_and_column(schema, from)
        .ok_or_else(|| format!("`{from}` is not `table.column` of a table in the schema"))?;
    let tp = &tables[t];
    let fk = tp
        .fks
        .iter()
        .position(|f| f.parent == p && !f.self_ref)
        .ok_or_else(|| format!("`{}` has no foreign key to `{}`", tp.name, tables[p].name))?;
    let pc = column_index(&tables[p], column)
        .ok_or_else(|| format!("`{}` has no column `{column}`", tables[p].name))?;
    let (mine, theirs) = (&tp.columns[c], &tables[p].columns[pc]);
    let scale = |col: &super::ColumnPlan| {
        super::columns::numeric(&col.sql_type, col.class).map(|n| n.scale)
    };
    if mine.class != theirs.class || scale(mine) != scale(theirs) {
        return Err(format!(
            "`{from}` is {}, this column {}; copy from a column of the same type",
            theirs.sql_type, mine.sql_type
        ));
    }
    let fallback = Box::new(mine.gen.clone());
    Ok((
        Gen::Copy {
            fk,
            column: pc,
            fallback,
        },
        format!("copy of {from}"),
    ))
}

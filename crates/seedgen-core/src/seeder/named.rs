//! Only the tables a test names: the row counts for a [`super::Seeder`] that named some
//! tables and set no default. Named tables keep their counts; a table a NOT NULL
//! foreign key of a table with rows needs gets just enough rows for it; every other
//! table gets none.

use std::collections::BTreeMap;

use crate::schema::{ForeignKey, Schema, Table};
use crate::settings::{Count, Settings};

/// The tables given rows so the named ones can reference them: (table, rows, why).
pub(super) type Needed = Vec<(String, u64, String)>;

/// Sets every table's count in `settings` for a seeder in only-named mode, and returns
/// the parents it gave rows to. `named`: tables given a count (or a per-parent count).
pub(super) fn only_named(schema: &Schema, settings: &mut Settings, named: &[String]) -> Needed {
    let n = schema.tables.len();
    let name_of = |t: &Table| t.name.to_string();
    let setting = |t: &Table| {
        settings
            .tables
            .get(&name_of(t))
            .or_else(|| settings.tables.get(&t.name.name))
    };
    let is_named = |t: &Table| named.iter().any(|m| *m == name_of(t) || *m == t.name.name);
    let index = |fk: &ForeignKey| {
        schema
            .tables
            .iter()
            .position(|p| p.name.matches(&fk.references.table))
    };
    // Estimated rows per table, raised until nothing changes (parents only grow, and
    // never past their largest child's count, so this ends).
    let mut est: Vec<u64> = vec![0; n];
    let mut why: Vec<Option<String>> = vec![None; n];
    for _ in 0..=n {
        let mut changed = false;
        for (c, child) in schema.tables.iter().enumerate() {
            let rows = match setting(child) {
                Some(ts) if ts.rows.is_some() => ts.rows.unwrap_or(0),
                Some(ts) if ts.per_parent.is_some() => {
                    let pp = ts.per_parent.as_ref().expect("checked");
                    let parent = schema
                        .tables
                        .iter()
                        .position(|p| p.name.to_string() == pp.parent || p.name.name == pp.parent);
                    if let Some(p) = parent.filter(|&p| est[p] == 0 && p != c) {
                        // Children per parent need a parent to be children of.
                        if !is_named(&schema.tables[p]) {
                            est[p] = 1;
                            why[p] = Some(format!("{} (per parent)", child.name));
                            changed = true;
                        }
                    }
                    parent.map_or(0, |p| est[p]) * upper(&pp.count)
                }
                _ => est[c],
            };
            if rows != est[c] && is_named(child) {
                est[c] = rows;
                changed = true;
            }
            if est[c] == 0 {
                continue;
            }
            for fk in &child.foreign_keys {
                let Some(p) = index(fk).filter(|&p| p != c) else {
                    continue;
                };
                let required = fk.columns.iter().all(|col| {
                    child
                        .columns
                        .iter()
                        .find(|k| k.name == *col)
                        .is_some_and(|k| !k.nullable)
                });
                let parent = &schema.tables[p];
                if !required || is_named(parent) {
                    continue;
                }
                let need = parents_needed(child, fk, est[c]);
                if need > est[p] {
                    est[p] = need;
                    why[p] = Some(format!("{} ({})", child.name, fk.columns.join(", ")));
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut out = Needed::new();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for (t, table) in schema.tables.iter().enumerate() {
        if is_named(table) {
            continue;
        }
        counts.insert(name_of(table), est[t]);
        if let Some(w) = &why[t] {
            out.push((name_of(table), est[t], w.clone()));
        }
    }
    for (name, rows) in counts {
        settings.tables.entry(name).or_default().rows = Some(rows);
    }
    out
}

/// The most children one parent gets under `count`.
fn upper(count: &Count) -> u64 {
    let buckets = |b: &Option<Vec<(u64, f64)>>| b.iter().flatten().map(|x| x.0).max();
    count
        .fixed
        .or(count.max)
        .or(count.poisson.map(|m| (m * 2.0).ceil() as u64 + 1))
        .or(buckets(&count.buckets))
        .or(buckets(&count.histogram))
        .unwrap_or(1)
        .max(1)
}

/// How many parents `rows` children need through `fk`: 1, unless a unique key of the
/// child is made of foreign-key columns only, `fk`'s among them. Then its `g` foreign
/// keys must combine into `rows` distinct tuples: each parent table needs
/// ⌈rows^(1/g)⌉ rows (all of them, `rows`, for a one-to-one key).
fn parents_needed(child: &Table, fk: &ForeignKey, rows: u64) -> u64 {
    let mut need = 1u64;
    for key in child.unique_keys() {
        if !fk.columns.iter().all(|c| key.contains(c)) {
            continue;
        }
        let groups: Vec<&ForeignKey> = child
            .foreign_keys
            .iter()
            .filter(|f| f.columns.iter().all(|c| key.contains(c)))
            .collect();
        let covered = key
            .iter()
            .all(|k| groups.iter().any(|f| f.columns.contains(k)));
        if !covered {
            continue;
        }
        let g = groups.len().max(1) as f64;
        let root = (rows as f64).powf(1.0 / g).ceil() as u64;
        // Rounding: the smallest r with r^g ≥ rows.
        let fits = |r: u64| (r as f64).powf(g) >= rows as f64;
        let r = if root > 1 && fits(root - 1) {
            root - 1
        } else {
            root
        };
        need = need.max(r);
    }
    need
}

//! Rows a table holds before seedgen's: those the inputs insert themselves (seed rows of
//! migrations and procedures) or those a database already has (a top-up load).
//!
//! Row counts mean rows *added*. The new rows keep clear of the old ones by construction:
//! integer keys start past the largest existing value, unique text tokens past the
//! largest existing token, and foreign keys that pick any parent (uniform, Zipf) pick
//! among the existing parents' keys as well as the new rows. Picks that must not repeat
//! a parent (one child per parent, junction pairs, per-parent counts) use new parents
//! only, so they cannot meet an existing child's. What cannot be kept clear is said in
//! the plan's warnings.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::cell::Slot;
use crate::plan::ir::{Gen, Natural, Unit};
use crate::plan::picks::Pick;
use crate::schema::{Dialect, QualifiedName, Schema, SeedValue, Table, TypeClass};
use crate::value::Value;

use super::TablePlan;

/// Existing key tuples kept per table at most (the foreign keys of new rows pick among
/// them); past it, the first ones in key order.
pub const MAX_EXISTING_KEYS: usize = 1_000_000;

/// What tables hold before seedgen's rows, by table name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Existing {
    tables: BTreeMap<String, ExistingTable>,
}

/// One table's existing rows, as far as new rows must know them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExistingTable {
    /// Rows it holds (at least this many when `unknown`).
    pub rows: u64,
    /// Some rows were inserted by statements that do not say how many.
    pub unknown: bool,
    /// The largest integer value of each column that has one.
    pub max_int: BTreeMap<String, i128>,
    /// The largest unique-text token (`…-17`, `….17@…`) of each text column.
    pub max_token: BTreeMap<String, u64>,
    /// The columns other tables reference, in table order.
    pub key_columns: Vec<String>,
    /// Their values, one tuple per existing row, in a fixed order (key order when read
    /// from a database; at most [`MAX_EXISTING_KEYS`]).
    pub keys: Vec<Vec<Option<String>>>,
    /// Where the rows come from, in words (`the inputs' INSERT at a.sql:3:1`, `the database`).
    pub from: String,
}

impl Existing {
    /// No existing rows anywhere.
    pub fn none() -> Existing {
        Existing::default()
    }

    /// The rows the inputs insert themselves ([`Table::seed`]).
    pub fn from_seed(schema: &Schema) -> Existing {
        let mut out = Existing::default();
        for (i, t) in schema.tables.iter().enumerate() {
            if t.seed.is_empty() {
                continue;
            }
            let keys = key_columns(schema, i);
            out.tables
                .insert(t.name.to_string(), seed_table(t, &keys, schema.dialect));
        }
        out
    }

    /// As if every table of `schema` held `rows` rows with keys `1..=rows`: generated
    /// integer keys start at `rows + 1` and unique text carries tokens past `rows`, so
    /// a second dataset planned with another offset loads beside the first. Foreign
    /// keys pick new parents only.
    pub fn offset(schema: &Schema, rows: u64) -> Existing {
        let mut out = Existing::default();
        if rows == 0 {
            return out;
        }
        for t in &schema.tables {
            let all = |v: i128| t.columns.iter().map(|c| (c.name.clone(), v)).collect();
            let e = ExistingTable {
                rows,
                unknown: false,
                max_int: all(i128::from(rows)),
                max_token: t.columns.iter().map(|c| (c.name.clone(), rows)).collect(),
                key_columns: Vec::new(),
                keys: Vec::new(),
                from: format!("a key offset of {rows}"),
            };
            out.tables.insert(t.name.to_string(), e);
        }
        out
    }

    /// Adds what `other` knows; its tables replace these where both know one.
    pub fn extend(&mut self, other: Existing) {
        self.tables.extend(other.tables);
    }

    /// Sets what `table` holds.
    pub fn insert(&mut self, table: &QualifiedName, rows: ExistingTable) {
        self.tables.insert(table.to_string(), rows);
    }

    /// What `table` holds, if anything is known.
    pub fn table(&self, table: &QualifiedName) -> Option<&ExistingTable> {
        self.tables.get(&table.to_string())
    }

    /// Whether no table holds a row.
    pub fn is_empty(&self) -> bool {
        self.tables.values().all(|t| t.rows == 0 && !t.unknown)
    }

    /// The tables holding rows: (name, what it holds).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ExistingTable)> {
        self.tables
            .iter()
            .filter(|(_, t)| t.rows > 0 || t.unknown)
            .map(|(n, t)| (n.as_str(), t))
    }
}

/// The columns of table `t` that foreign keys reference, in table order.
pub(crate) fn key_columns(schema: &Schema, t: usize) -> Vec<String> {
    let table = &schema.tables[t];
    let lookup = schema.table_lookup();
    let mut wanted: HashSet<String> = HashSet::new();
    for other in &schema.tables {
        for fk in &other.foreign_keys {
            if lookup.find(&fk.references.table) == Some(t) {
                wanted.extend(fk.references.columns.iter().map(|c| c.to_lowercase()));
            }
        }
    }
    table
        .columns
        .iter()
        .filter(|c| wanted.contains(&c.name.to_lowercase()))
        .map(|c| c.name.clone())
        .collect()
}

/// The token a unique text value ends in (`Qui aut-17` → 17, `ada.17@example.com` → 17).
pub(crate) fn text_token(v: &str) -> Option<u64> {
    let digits = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if let Some(at) = v.rfind('@') {
        if let Some((_, n)) = v[..at].rsplit_once('.') {
            if let Some(n) = digits(n) {
                return Some(n);
            }
        }
    }
    let (_, n) = v.rsplit_once(['-', '_'])?;
    digits(n)
}

/// The existing rows of one table from its seed statements.
fn seed_table(t: &Table, keys: &[String], dialect: Option<Dialect>) -> ExistingTable {
    let mut e = ExistingTable {
        key_columns: keys.to_vec(),
        ..ExistingTable::default()
    };
    let first = t.seed.iter().find_map(|s| s.at.clone());
    e.from = match first {
        Some(at) => format!("inserted by the inputs (first at {at})"),
        None => "inserted by the inputs".into(),
    };
    // The column the database numbers itself, and its counter: explicit values move
    // MySQL's and SQLite's counters past them, not PostgreSQL's sequences.
    let counted = t
        .columns
        .iter()
        .position(|c| c.identity.is_some())
        .or_else(|| {
            (dialect == Some(Dialect::Sqlite) && t.primary_key.len() == 1)
                .then(|| t.column_index(&t.primary_key[0]))
                .flatten()
                .filter(|&c| t.columns[c].data_type.name == "integer")
        });
    let mut counter: i128 = 1;
    for sd in &t.seed {
        if sd.unknown {
            e.unknown = true;
        }
        let pos: Vec<Option<usize>> = t
            .columns
            .iter()
            .map(|c| {
                sd.columns
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(&c.name))
            })
            .collect();
        for row in &sd.rows {
            e.rows += 1;
            let mut cells: Vec<Option<String>> = Vec::with_capacity(t.columns.len());
            let mut known = vec![true; t.columns.len()];
            for (c, col) in t.columns.iter().enumerate() {
                let v = pos[c].and_then(|p| row.get(p));
                let cell = match v {
                    Some(SeedValue::Text(s)) => Some(s.clone()),
                    Some(SeedValue::Null) => None,
                    // Omitted or computed by the database: the counter's next value for
                    // the numbered column; unknown for the others.
                    _ if Some(c) == counted => {
                        counter += 1;
                        Some((counter - 1).to_string())
                    }
                    _ => {
                        known[c] = false;
                        None
                    }
                };
                if let Some(s) = &cell {
                    if let Ok(n) = s.trim().parse::<i128>() {
                        let m = e.max_int.entry(col.name.clone()).or_insert(n);
                        *m = (*m).max(n);
                        if Some(c) == counted
                            && dialect != Some(Dialect::Postgres)
                            && matches!(v, Some(SeedValue::Text(_)))
                        {
                            counter = counter.max(n + 1);
                        }
                    }
                    if let Some(n) = text_token(s) {
                        let m = e.max_token.entry(col.name.clone()).or_insert(n);
                        *m = (*m).max(n);
                    }
                }
                cells.push(cell);
            }
            let tuple: Option<Vec<Option<String>>> = keys
                .iter()
                .map(|k| {
                    let c = t.column_index(k)?;
                    // A NULL key is no parent.
                    known[c].then(|| cells[c].clone()).filter(Option::is_some)
                })
                .collect();
            if let Some(tuple) = tuple {
                if e.keys.len() < MAX_EXISTING_KEYS {
                    e.keys.push(tuple);
                }
            }
        }
    }
    e
}

/// The existing rows of a table, as the engine reads them: the key tuples parsed into
/// cells of the referenced columns.
#[derive(Debug)]
pub(crate) struct ExistingRows {
    /// Rows the table holds.
    pub(crate) rows: u64,
    /// Column index → position in each tuple.
    pub(crate) columns: Vec<(usize, usize)>,
    /// The tuples.
    pub(crate) keys: Vec<Vec<Slot>>,
}

impl ExistingRows {
    /// The value of column `c` in existing row `j`, if kept.
    pub(crate) fn cell(&self, c: usize, j: u64) -> Option<&Slot> {
        let pos = self.columns.iter().find(|(col, _)| *col == c)?.1;
        self.keys.get(j as usize)?.get(pos)
    }
}

/// Fits the plan to what the tables hold; returns what it cannot keep clear, as warnings.
pub(super) fn apply(schema: &Schema, existing: &Existing, tables: &mut [TablePlan]) -> Vec<String> {
    let mut warnings = Vec::new();
    for (t, table) in schema.tables.iter().enumerate() {
        let Some(e) = existing.table(&table.name) else {
            continue;
        };
        if e.rows == 0 && !e.unknown {
            continue;
        }
        let tp = &mut tables[t];
        if e.unknown {
            warnings.push(format!(
                "{}: {} include rows whose number is not known (INSERT … SELECT); generated keys start after the rows that are known, so load into a database where the schema has run (without creating it in the same load) to read them",
                table.name, e.from
            ));
        }
        shift_columns(tp, e, &mut warnings);
        let mut columns = Vec::new();
        let mut keys: Vec<Vec<Slot>> = Vec::with_capacity(e.keys.len());
        for (pos, name) in e.key_columns.iter().enumerate() {
            if let Some(c) = tp.columns.iter().position(|c| &c.name == name) {
                columns.push((c, pos));
            }
        }
        'rows: for tuple in &e.keys {
            let mut row = Vec::with_capacity(tuple.len());
            for (c, pos) in &columns {
                let mut s = Slot::default();
                let v = tuple
                    .get(*pos)
                    .cloned()
                    .flatten()
                    .map_or(Value::Null, Value::Text);
                if crate::value::to_slot(&v, &tp.columns[*c].data_type, &mut s).is_err() {
                    continue 'rows;
                }
                row.push(s);
            }
            keys.push(row);
        }
        // Tuples are indexed by position in `columns` order.
        let columns = columns
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (*c, i))
            .collect();
        tp.existing = Some(Arc::new(ExistingRows {
            rows: e.rows,
            columns,
            keys,
        }));
    }
    // Foreign keys that may pick any parent pick among the existing ones too.
    // (Not those a tenant scope is read through: scopes are new rows' only.)
    let counts: Vec<u64> = tables
        .iter()
        .map(|tp| tp.existing.as_ref().map_or(0, |x| x.keys.len() as u64))
        .collect();
    let mut scoped: HashSet<(usize, usize)> = HashSet::new();
    for (t, tp) in tables.iter().enumerate() {
        for f in &tp.fks {
            if let Pick::Scoped {
                via, parent_scope, ..
            } = f.pick
            {
                scoped.insert((t, via));
                scoped.extend(parent_scope);
            }
        }
    }
    for (t, tp) in tables.iter_mut().enumerate() {
        for (k, f) in tp.fks.iter_mut().enumerate() {
            if matches!(f.pick, Pick::Uniform | Pick::Zipf { .. } | Pick::Skewed(_))
                && !f.self_ref
                && !scoped.contains(&(t, k))
            {
                f.existing = counts[f.parent];
            }
        }
    }
    warnings
}

/// Moves a table's keys and unique values past the existing ones.
fn shift_columns(tp: &mut TablePlan, e: &ExistingTable, warnings: &mut Vec<String>) {
    let tname = tp.name.to_string();
    for col in &mut tp.columns {
        let max = e.max_int.get(&col.name).copied();
        let token = e.max_token.get(&col.name).copied();
        let type_max = match col.class {
            TypeClass::Int(bits) => Some(if col.sql_type.unsigned {
                (1i128 << bits) - 1
            } else {
                (1i128 << (bits - 1)) - 1
            }),
            _ => None,
        };
        match &mut col.gen {
            Gen::Serial { start } => {
                if let Some(m) = max {
                    *start = (*start).max(m + 1);
                }
            }
            Gen::Unique {
                lo,
                perm,
                unit: Unit::Int,
            } => {
                if let Some(m) = max.filter(|m| *m >= *lo) {
                    let top = m + 1 + i128::from(perm.len()) - 1;
                    if type_max.is_some_and(|tm| top > tm) {
                        warnings.push(format!(
                            "{tname}.{}: the existing values reach {m}, and {} more distinct values past them do not fit type {}; some may meet existing ones",
                            col.name,
                            perm.len(),
                            col.sql_type
                        ));
                    } else {
                        *lo = m + 1;
                    }
                }
            }
            Gen::Text(g) if g.unique => {
                if let Some(n) = token {
                    g.token_base = g.token_base.max(n + 1);
                }
                let codes = matches!(
                    g.natural,
                    Some(Natural::Key { .. } | Natural::Checked { .. })
                );
                if e.rows > 0 && codes {
                    // Codes continue past the existing rows' share of the permutation.
                    g.token_base = g.token_base.max(e.rows);
                } else if e.rows > 0 && g.natural.is_some() {
                    // Combinations cannot know which the existing rows hold: the new
                    // rows carry a token past theirs.
                    g.natural = None;
                    g.token_base = g.token_base.max(e.rows);
                }
            }
            Gen::TextKey { .. } | Gen::Keyed { .. } if e.rows > 0 => {
                warnings.push(format!(
                    "{tname}.{}: unique values are drawn without looking at the {} existing rows; some may meet theirs",
                    col.name, e.rows
                ));
            }
            _ => {}
        }
    }
}

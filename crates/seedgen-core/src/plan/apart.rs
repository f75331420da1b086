//! Values two tables must not share: a trigger that refuses a row whose value another
//! table holds (`IF NEW.name IN (SELECT name FROM reserved_names) THEN RAISE …`).
//!
//! Unique text ends in a token of the row index; a column kept apart from others adds a
//! base to that token, past the token range of every column it must not meet that comes
//! before it in the schema, so the two sets of values are disjoint without memory.

use crate::plan::ir::{Gen, Natural, Sem};
use crate::schema::{Schema, TableLookup};

use super::TablePlan;

/// One column of a pair kept apart: (table, column).
type Side = (usize, usize);

/// The pairs of columns the schema's triggers keep apart, each once, by index.
fn pairs(schema: &Schema, lookup: &TableLookup, tables: &[TablePlan]) -> Vec<(Side, Side, String)> {
    let mut out: Vec<(Side, Side, String)> = Vec::new();
    for tr in &schema.triggers {
        let Some(a) = lookup.find(&tr.table) else {
            continue;
        };
        for ex in &tr.excludes {
            let Some(b) = lookup.find(&ex.table).filter(|&b| b != a) else {
                continue;
            };
            let Some(ca) = column(&tables[a], &ex.column) else {
                continue;
            };
            for cb in ex.columns.iter().filter_map(|c| column(&tables[b], c)) {
                let (x, y) = if a < b {
                    ((a, ca), (b, cb))
                } else {
                    ((b, cb), (a, ca))
                };
                if !out.iter().any(|(p, q, _)| (*p, *q) == (x, y)) {
                    out.push((x, y, tr.name.clone()));
                }
            }
        }
    }
    out
}

fn column(t: &TablePlan, name: &str) -> Option<usize> {
    t.columns.iter().position(|c| c.name == name).or_else(|| {
        t.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    })
}

/// Makes the values of every pair of columns the triggers keep apart disjoint; returns
/// a warning for each pair whose generators cannot promise it.
pub(super) fn keep_apart(
    schema: &Schema,
    lookup: &TableLookup,
    data_version: u32,
    tables: &mut [TablePlan],
) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut pairs = pairs(schema, lookup, tables);
    pairs.sort_by_key(|(_, y, _)| *y);
    for ((a, ca), (b, cb), trigger) in pairs {
        // Text that may repeat takes the unique token too, when it has room for it.
        let ra = tables[a].rows;
        tokenize(
            &mut tables[a].columns[ca],
            ra + tables[b].rows,
            data_version,
        );
        let rb = tables[b].rows;
        tokenize(&mut tables[b].columns[cb], ra + rb, data_version);
        let (ta, tb) = (tables[a].name.clone(), tables[b].name.clone());
        let (na, nb) = (
            tables[a].columns[ca].name.clone(),
            tables[b].columns[cb].name.clone(),
        );
        // The first column's tokens span [base, base + rows); the second starts past them.
        let end = match &tables[a].columns[ca].gen {
            Gen::Text(g) if g.unique => Some(g.token_base + tables[a].rows),
            _ => None,
        };
        let col = &mut tables[b].columns[cb];
        match (end, &mut col.gen) {
            (Some(end), Gen::Text(g)) if g.unique => {
                g.token_base = g.token_base.max(end);
                col.reason.push_str(&format!(
                    ", kept apart from {ta}.{na} (trigger {trigger} refuses values it holds)"
                ));
            }
            _ => warnings.push(format!(
                "trigger {trigger} refuses {tb}.{nb} values that {ta}.{na} holds; their generators cannot promise that they never meet, so set one of them to a `values` list of its own"
            )),
        }
    }
    warnings
}

/// Gives a text column that may repeat the unique token, when the token of up to
/// `span` rows fits its length; from data version 2 a user name joins it as user names
/// do (`jane_doe_1500`).
fn tokenize(col: &mut super::ColumnPlan, span: u64, data_version: u32) {
    if let Gen::Text(g) = &mut col.gen {
        let token = span.to_string().len() as u64 + 2;
        if !g.unique && g.max_len > token + g.prefix.chars().count() as u64 {
            g.unique = true;
            if data_version >= 2 && g.sem == Sem::Username {
                g.natural = Some(Natural::Joined);
            }
            col.generator = format!("{} (each row its own)", col.generator);
        }
    }
}

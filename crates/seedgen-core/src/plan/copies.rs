//! Values a row takes from a parent row (data version 2): a line's unit price is the
//! price of the product it references, as an order system copies it when the line is
//! written. Planned after every table, since the parent's column plan must exist; the
//! value is the parent's cell at the picked parent row, computed as the parent's own row
//! would hold it, so nothing is stored.

use super::infer::normal;
use super::ir::Gen;
use super::TablePlan;
use crate::schema::Schema;

/// Names of a parent's total, in normal form.
const TOTALS: &[&str] = &[
    "total",
    "subtotal",
    "amount",
    "totalamount",
    "ordertotal",
    "totalprice",
    "grandtotal",
    "totaldue",
    "invoicetotal",
    "amounttotal",
    "sum",
];

/// Gives a parent's total the sum of its lines' `price × quantity`
/// (`invoice.total` = Σ `invoice_line.unit_price × quantity`) when the lines come in
/// blocks per parent (a line table, data version 2), the total is a decimal with at
/// least the price's decimal places, drawn by a name rule and in no CHECK.
pub(super) fn sum_totals(schema: &Schema, tables: &mut [TablePlan]) {
    for child in 0..tables.len() {
        for fk in 0..tables[child].fks.len() {
            let f = &tables[child].fks[fk];
            if !matches!(f.pick, crate::plan::picks::Pick::PerParent(_)) || f.parent == child {
                continue;
            }
            let parent = f.parent;
            let cols = &tables[child].columns;
            let Some(price) = cols.iter().position(|c| normal(&c.name).ends_with("price")) else {
                continue;
            };
            let quantity = cols.iter().position(|c| {
                let n = normal(&c.name);
                (n.contains("quantity") || n.contains("qty"))
                    && matches!(c.class, crate::schema::TypeClass::Int(_))
            });
            let pscale = super::columns::numeric(&cols[price].sql_type, cols[price].class)
                .map_or(0, |n| n.scale);
            let pclass = cols[price].class;
            for t in 0..tables[parent].columns.len() {
                let tc = &tables[parent].columns[t];
                let n = normal(&tc.name);
                let tscale = super::columns::numeric(&tc.sql_type, tc.class).map_or(0, |n| n.scale);
                let checked = schema.tables[parent]
                    .checks
                    .iter()
                    .any(|ch| normal(&ch.expr).contains(&n));
                let drawn = matches!(tc.gen, Gen::Skewed(_) | Gen::Range { .. });
                let fits = tc.class == crate::schema::TypeClass::Decimal
                    && pclass == crate::schema::TypeClass::Decimal
                    && tscale >= pscale;
                if !TOTALS.contains(&n.as_str())
                    || !drawn
                    || !fits
                    || checked
                    || tc.resample
                    || tc.reason.contains("settings")
                {
                    continue;
                }
                let lines = format!(
                    "{}.{}",
                    tables[child].name, tables[child].columns[price].name
                );
                let tc = &mut tables[parent].columns[t];
                tc.gen = Gen::Sum {
                    child,
                    fk,
                    price,
                    quantity,
                    shift: tscale - pscale,
                };
                tc.standalone = false;
                tc.generator = "sum of its lines".into();
                tc.reason.push_str(&format!(
                    ", the sum of its lines' {lines}{}",
                    if quantity.is_some() {
                        " × quantity"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
}

/// Names of a parent's price column, in normal form, best first.
const PARENT_PRICES: &[&str] = &[
    "unitprice",
    "price",
    "listprice",
    "saleprice",
    "retailprice",
];

/// Gives every line-price column a copy of its referenced product's price
/// (`order_lines.unit_price` ← `products.price`) when the two have the same type, the
/// child's column is drawn by a name rule (not set in the settings, no CHECK, not a key)
/// and the foreign key is not a self reference.
pub(super) fn copy_prices(schema: &Schema, tables: &mut [TablePlan]) {
    for t in 0..tables.len() {
        for c in 0..tables[t].columns.len() {
            let Some((fk, pc)) = price_source(schema, tables, t, c) else {
                continue;
            };
            let parent = tables[t].fks[fk].parent;
            let from = format!(
                "{}.{}",
                tables[parent].name, tables[parent].columns[pc].name
            );
            let col = &mut tables[t].columns[c];
            let fallback = std::mem::replace(&mut col.gen, Gen::Null);
            col.gen = Gen::Copy {
                fk,
                column: pc,
                fallback: Box::new(fallback),
            };
            col.standalone = false;
            col.generator = format!("copy of {from}");
            col.reason.push_str(&format!(
                ", the referenced row's {from} (a line keeps its product's price)"
            ));
        }
    }
}

/// The foreign key and parent column a price column copies, if any.
fn price_source(
    schema: &Schema,
    tables: &[TablePlan],
    t: usize,
    c: usize,
) -> Option<(usize, usize)> {
    let tp = &tables[t];
    let col = &tp.columns[c];
    let n = normal(&col.name);
    let drawn = matches!(
        col.gen,
        Gen::Skewed(_) | Gen::Range { .. } | Gen::Float { .. }
    );
    if !n.ends_with("price") || !drawn || col.resample || col.reason.contains("settings") {
        return None;
    }
    let checked = schema.tables[t]
        .checks
        .iter()
        .any(|ch| normal(&ch.expr).contains(&n));
    if checked {
        return None;
    }
    tp.fks.iter().enumerate().find_map(|(k, f)| {
        if f.self_ref || f.parent == t {
            return None;
        }
        let parent = &tables[f.parent];
        PARENT_PRICES.iter().find_map(|want| {
            let pc = parent
                .columns
                .iter()
                .position(|p| normal(&p.name) == *want && p.sql_type == col.sql_type)?;
            let pcol = &parent.columns[pc];
            (pcol.written && !matches!(pcol.gen, Gen::Copy { .. } | Gen::Null)).then_some((k, pc))
        })
    })
}

//! Values a user set for a column (`value`, `values`) checked against the CHECKs on that
//! column alone before any row exists: a constant that breaks one is refused with the
//! CHECK named, rather than failing every row at generation.

use super::passes::Draft;
use super::table::{column_settings, infeasible};
use crate::cell::Slot;
use crate::error::Error;
use crate::expr::check::{self, Env, V};
use crate::plan::ir::Gen;
use crate::settings::TableSettings;
use crate::value::Value;

struct One<'a> {
    name: &'a str,
    value: V,
    now: i64,
}

impl Env for One<'_> {
    fn column(&self, name: &str) -> Option<V> {
        (name.eq_ignore_ascii_case(self.name) || name.eq_ignore_ascii_case("value"))
            .then(|| self.value.clone())
    }

    fn now(&self) -> i64 {
        self.now
    }
}

/// Refuses a listed value of a column of `d` that a CHECK on that column alone rejects.
pub(super) fn check_listed_values(
    d: &Draft<'_>,
    settings: &[Option<&TableSettings>],
    as_of: i64,
) -> Result<(), Error> {
    for (c, col) in d.columns.iter().enumerate() {
        let listed = column_settings(settings, d.ti, &d.table.columns[c])
            .is_some_and(|s| s.value.is_some() || s.values.is_some());
        let items: &[Slot] = match &col.gen {
            Gen::Values { items, .. } | Gen::Weighted { items, .. } if listed => items,
            _ => continue,
        };
        for ck in d.checks.iter().filter(|k| k.columns == [c]) {
            for item in items.iter().filter(|s| !s.is_null()) {
                let shown = crate::value::from_slot(item, &col.data_type);
                let env = One {
                    name: &col.name,
                    value: as_v(&shown),
                    now: as_of * 1_000_000,
                };
                if check::eval(&ck.expr, &env) == V::Bool(false) {
                    return Err(infeasible(
                        format!("{}.{}", d.name, col.name),
                        format!(
                            "the value {shown} set for the column breaks CHECK ({}){}; set a value the CHECK allows",
                            ck.text,
                            if ck.name.starts_with('#') { String::new() } else { format!(" named {}", ck.name) },
                        ),
                        None,
                    ));
                }
            }
        }
    }
    Ok(())
}

/// A value as the CHECK evaluator sees it.
fn as_v(v: &Value) -> V {
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Bool(*b),
        Value::Int(i) => V::Num(*i as f64),
        Value::Float(f) => V::Num(*f),
        Value::Decimal(u, s) => V::Num(*u as f64 / 10f64.powi(i32::from(*s))),
        Value::Text(t) => V::Str(t.clone()),
        Value::Bytes(b) => V::Bytes(b.len()),
        Value::Date(d) => V::Date(i64::from(*d)),
        Value::Time(t) => V::Time(*t),
        Value::Timestamp(t) => V::Ts(*t),
        Value::List(_) => V::Unknown,
    }
}

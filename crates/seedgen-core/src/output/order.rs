//! What loading in one transaction needs beyond the load order: which foreign keys point
//! "forward" inside a cycle, and how each dialect gets past them (NULL first and UPDATE
//! after, deferred constraints, SQLite's deferred keys, MySQL's checks off), and which
//! columns own a sequence to advance afterwards.

use crate::plan::Plan;
use crate::schema::{Dialect, Identity};

/// The load steps of a plan in one dialect.
#[derive(Debug, Clone, Default)]
pub struct LoadSteps {
    /// Per table (schema index): written columns inserted as NULL and set by UPDATE after
    /// every table is loaded.
    pub deferred: Vec<Vec<String>>,
    /// PostgreSQL: some forward edge is DEFERRABLE; `SET CONSTRAINTS ALL DEFERRED`.
    pub defer_constraints: bool,
    /// SQLite: `PRAGMA defer_foreign_keys = ON` for the transaction.
    pub defer_all: bool,
    /// MySQL: foreign key checks off for the load (a cycle needs it).
    pub checks_off: bool,
    /// Per table: columns backed by a sequence or identity, to advance after the load.
    pub sequences: Vec<Vec<String>>,
}

impl LoadSteps {
    /// The steps for loading `plan` into a `dialect` database.
    pub fn new(plan: &Plan, dialect: Dialect) -> LoadSteps {
        let schema = plan.schema();
        let n = schema.tables.len();
        let mut steps = LoadSteps {
            deferred: vec![Vec::new(); n],
            sequences: vec![Vec::new(); n],
            ..LoadSteps::default()
        };
        let position: Vec<usize> = {
            let mut p = vec![0; n];
            for (k, &t) in plan.load_order().iter().enumerate() {
                p[t] = k;
            }
            p
        };
        let lookup = schema.table_lookup();
        for (ti, t) in schema.tables.iter().enumerate() {
            for c in &t.columns {
                if c.identity.is_some_and(|i| i != Identity::AutoIncrement) && c.generated.is_none()
                {
                    steps.sequences[ti].push(c.name.clone());
                }
            }
            for fk in &t.foreign_keys {
                let Some(p) = lookup.find(&fk.references.table) else {
                    continue;
                };
                if p == ti || position[p] < position[ti] {
                    continue; // parent loaded first (or a self reference to an earlier row)
                }
                let nullable = fk
                    .columns
                    .iter()
                    .all(|c| t.column(c).is_some_and(|col| col.nullable));
                match dialect {
                    Dialect::Sqlite => steps.defer_all = true,
                    Dialect::MySql => steps.checks_off = true,
                    Dialect::Postgres if fk.deferrable => steps.defer_constraints = true,
                    Dialect::Postgres if nullable => {
                        for c in &fk.columns {
                            if !steps.deferred[ti].contains(c) {
                                steps.deferred[ti].push(c.clone());
                            }
                        }
                    }
                    // Refused by the planner (a cycle with no breakable edge).
                    Dialect::Postgres => steps.defer_constraints = true,
                }
            }
        }
        steps
    }
}

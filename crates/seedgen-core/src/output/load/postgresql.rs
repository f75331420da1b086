//! PostgreSQL: COPY (text format) in one transaction. Where the tables are new
//! (`create`) or `defer_indexes` asks, in pg_restore's order: the loaded tables' keys,
//! unique constraints and indexes are held back while the rows go in (with
//! `COPY … FREEZE` into tables created or emptied in the transaction), then built, then
//! the foreign keys added, each checked once over the whole table rather than per row.
//!
//! One connection does it all: the promise that a failure leaves the database as it was
//! needs one transaction, and PostgreSQL already builds each index with its parallel
//! maintenance workers; generating runs on the other threads while COPY streams.

use std::io::Write;
use std::ops::Range;

use postgres::{GenericClient, Transaction};

use super::{
    create_failure, emptying, failure, finishing_script, phase, refused, report, rows_done, Cause,
    LoadOptions, LoadReport, Phase, Progress,
};
use crate::engine::Generation;
use crate::error::Result;
use crate::output::dialect::Postgres;
use crate::output::order::LoadSteps;
use crate::schema::{CreateStatement, Dialect};

/// Loads into PostgreSQL with COPY (text format) in one transaction, then advances the
/// sequences. Given a `postgres::Transaction` (a test's, rolled back after it), the load
/// is a savepoint of it: a failure rolls back the load only.
pub fn load_postgres(
    generation: &Generation<'_>,
    client: &mut impl GenericClient,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    load_postgres_with(generation, client, &LoadOptions::default(), progress)
}

/// [`load_postgres`], creating the schema first in the same transaction, and with the
/// tables' indexes and keys built after the rows when they are new or
/// [`LoadOptions::defer_indexes`] asks.
pub fn load_postgres_with(
    generation: &Generation<'_>,
    client: &mut impl GenericClient,
    opts: &LoadOptions,
    progress: &mut Progress<'_>,
) -> Result<LoadReport> {
    let plan = generation.plan();
    crate::output::refuse_raw_sql(plan, "COPY")?;
    let steps = LoadSteps::new(plan, Dialect::Postgres);
    let pg = |e: postgres::Error| failure(generation, None, e);
    let tables: Vec<String> = plan
        .load_order()
        .iter()
        .map(|&t| {
            let mut s = String::new();
            crate::output::sql::table_ident(&Postgres, plan.tables()[t].name(), &mut s);
            s
        })
        .collect();
    let mut tx = client.transaction().map_err(pg)?;
    let existed = existing(&mut tx, &tables).map_err(pg)?;
    for st in &opts.create {
        run_create(&mut tx, st)?;
    }
    let held = if opts.defer_indexes || !opts.create.is_empty() {
        Held::take(&mut tx, &tables, opts.triggers_off)
            .map_err(|e| refused("holding the indexes and keys back for the load: ", e))?
    } else {
        Held::default()
    };
    if opts.triggers_off {
        tx.batch_execute(&switch_triggers(&tables, false))
            .map_err(|e| {
                refused(
                    "switching the triggers off (that needs the tables' owner): ",
                    e,
                )
            })?;
    }
    if opts.replace {
        for st in emptying(generation, Dialect::Postgres) {
            tx.batch_execute(&st)
                .map_err(|e| refused("emptying the tables first (replace): ", e))?;
        }
    }
    if steps.defer_constraints {
        tx.batch_execute("SET CONSTRAINTS ALL DEFERRED")
            .map_err(pg)?;
    }
    // COPY FREEZE needs a plain table created or emptied in this transaction.
    let plain = plain_tables(&mut tx, &tables).map_err(pg)?;
    let mut freeze: Vec<bool> = (0..tables.len())
        .map(|k| plain[k] && (opts.replace || !existed[k]))
        .collect();
    if opts.defer_indexes && !opts.replace && !held.triggers_fire {
        empty_for_freeze(&mut tx, &tables, &mut freeze, &plain).map_err(pg)?;
    }
    copy_rows(generation, &steps, &mut tx, &freeze, progress)?;
    let rest = finishing_script(generation, &steps, &Postgres)?;
    if !rest.is_empty() {
        tx.batch_execute(&rest).map_err(pg)?;
    }
    held.restore(&mut tx, progress)?;
    if opts.triggers_off {
        tx.batch_execute(&switch_triggers(&tables, true))
            .map_err(pg)?;
    }
    phase(progress, Phase::Commit, 0);
    tx.commit().map_err(pg)?;
    Ok(report(generation))
}

/// Runs one of the schema's statements (`COPY … FROM stdin` with its rows, or any other).
fn run_create(tx: &mut Transaction<'_>, st: &CreateStatement) -> Result<()> {
    let fail = |e: postgres::Error| {
        let mut cause = Cause::from(e);
        if let Some(src) = cause.source.as_ref().and_then(|s| s.downcast_ref()) {
            // The server's position, as file:line:column in the schema's file.
            cause.message = crate::drivers::postgres_message(src, Some(st));
        }
        create_failure(st, cause)
    };
    match &st.copy_data {
        Some(rows) => {
            let mut w = tx
                .copy_in(st.text.trim_end().trim_end_matches(';'))
                .map_err(fail)?;
            let body: String = rows
                .lines()
                .take_while(|l| *l != "\\.")
                .map(|l| format!("{l}\n"))
                .collect();
            w.write_all(body.as_bytes())
                .map_err(|e| create_failure(st, e))?;
            w.finish().map_err(fail)?;
        }
        None => tx.batch_execute(&st.text).map_err(fail)?,
    }
    Ok(())
}

/// `ALTER TABLE … ENABLE|DISABLE TRIGGER USER` for every loaded table.
fn switch_triggers(tables: &[String], on: bool) -> String {
    let verb = if on { "ENABLE" } else { "DISABLE" };
    tables
        .iter()
        .map(|t| format!("ALTER TABLE {t} {verb} TRIGGER USER;\n"))
        .collect()
}

/// Per table (quoted name): whether it exists now.
fn existing(tx: &mut Transaction<'_>, tables: &[String]) -> Result<Vec<bool>, postgres::Error> {
    let rows = tx.query(
        "SELECT to_regclass(n) IS NOT NULL FROM unnest($1::text[]) WITH ORDINALITY AS t(n, k) ORDER BY k",
        &[&tables],
    )?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Per table (quoted name): whether it is a plain table (not partitioned, not a view).
fn plain_tables(tx: &mut Transaction<'_>, tables: &[String]) -> Result<Vec<bool>, postgres::Error> {
    let rows = tx.query(
        "SELECT coalesce(c.relkind = 'r', false) FROM unnest($1::text[]) WITH ORDINALITY AS t(n, k) \
         LEFT JOIN pg_class c ON c.oid = to_regclass(t.n) ORDER BY k",
        &[&tables],
    )?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Truncates the existing plain tables that hold no rows (locked first, so none arrive
/// between the look and the truncate) and marks them for `COPY … FREEZE`: the same
/// empty table, but rows written frozen and all-visible, so the index builds and
/// foreign-key checks after them read no visibility information. Their foreign keys are
/// already dropped, and no trigger fires (a TRUNCATE trigger would). Inside a savepoint:
/// where the server refuses (a lock or a reference it will not give up), the load goes
/// on without FREEZE.
fn empty_for_freeze(
    tx: &mut Transaction<'_>,
    tables: &[String],
    freeze: &mut [bool],
    plain: &[bool],
) -> Result<(), postgres::Error> {
    let candidates: Vec<usize> = (0..tables.len())
        .filter(|&k| plain[k] && !freeze[k])
        .collect();
    if candidates.is_empty() {
        return Ok(());
    }
    tx.batch_execute("SAVEPOINT seedgen_freeze")?;
    match truncate_empty(tx, tables, &candidates) {
        Ok(empty) => {
            tx.batch_execute("RELEASE SAVEPOINT seedgen_freeze")?;
            for k in empty {
                freeze[k] = true;
            }
        }
        Err(_) => tx.batch_execute("ROLLBACK TO SAVEPOINT seedgen_freeze")?,
    }
    Ok(())
}

/// Locks `candidates`, truncates those without rows, and returns them.
fn truncate_empty(
    tx: &mut Transaction<'_>,
    tables: &[String],
    candidates: &[usize],
) -> Result<Vec<usize>, postgres::Error> {
    let mut empty = Vec::new();
    for &k in candidates {
        let t = &tables[k];
        tx.batch_execute(&format!("LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE"))?;
        let has_rows: bool = tx
            .query_one(&format!("SELECT EXISTS (SELECT 1 FROM {t})"), &[])?
            .get(0);
        if !has_rows {
            empty.push(k);
        }
    }
    if !empty.is_empty() {
        let names: Vec<&str> = empty.iter().map(|&k| tables[k].as_str()).collect();
        tx.batch_execute(&format!("TRUNCATE {}", names.join(", ")))?;
    }
    Ok(empty)
}

/// COPYs every table of the plan in load order, FREEZE where `freeze` allows.
fn copy_rows(
    generation: &Generation<'_>,
    steps: &LoadSteps,
    tx: &mut Transaction<'_>,
    freeze: &[bool],
    progress: &mut Progress<'_>,
) -> Result<()> {
    let plan = generation.plan();
    for (k, &t) in plan.load_order().iter().enumerate() {
        let tp = &plan.tables()[t];
        let mut stmt = crate::output::copy::copy_statement(tp);
        if freeze[k] {
            stmt.push_str(" WITH (FREEZE)");
        }
        let nulls = crate::output::copy::deferred_columns(steps, t, tp);
        let all = Some((t, 0..tp.rows()));
        let pg = |at: Option<(usize, Range<u64>)>| {
            move |e: postgres::Error| failure(generation, at.clone(), e)
        };
        let mut w = tx.copy_in(stmt.as_str()).map_err(pg(all.clone()))?;
        let mut done = 0u64;
        generation.stream(
            t,
            0..tp.rows(),
            |b| {
                let mut text = String::with_capacity(b.num_rows() * 64);
                crate::output::copy::encode_rows(&b, &nulls, &mut text);
                Ok((text, b.num_rows()))
            },
            |(text, n)| {
                w.write_all(text.as_bytes())
                    .map_err(|e| failure(generation, all.clone(), e))?;
                done += n as u64;
                rows_done(progress, t, done);
                Ok(())
            },
        )?;
        w.finish().map_err(pg(all.clone()))?;
    }
    Ok(())
}

/// The indexes, keys and foreign keys of the loaded tables, dropped for the load: the
/// statements that create them again, read from the catalog before they were dropped.
#[derive(Debug, Default)]
struct Held {
    /// Primary keys, unique and exclusion constraints, and plain indexes.
    indexes: Vec<String>,
    /// Foreign keys from or to a loaded table.
    foreign_keys: Vec<String>,
    /// User triggers on the loaded tables fire during the load.
    triggers_fire: bool,
}

/// Whether a user trigger on a loaded table is on (and so fires during the load).
const TRIGGERS_ON: &str = "
SELECT EXISTS (SELECT 1 FROM pg_trigger
  WHERE tgrelid IN (SELECT to_regclass(n) FROM unnest($1::text[]) AS n)
    AND NOT tgisinternal AND tgenabled <> 'D')";

/// Foreign keys from or to the loaded tables (not the copies a partitioned table's key
/// makes on its partitions, which go and come back with it): drop, create. In creation
/// order, so the catalog lists them in the same order afterwards (as the indexes).
const FOREIGN_KEYS: &str = "
WITH t AS (SELECT to_regclass(n) AS oid FROM unnest($1::text[]) AS n)
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
              pg_get_constraintdef(c.oid))
       || CASE WHEN obj_description(c.oid, 'pg_constraint') IS NULL THEN '' ELSE
          format('; COMMENT ON CONSTRAINT %I ON %s IS %L', c.conname, c.conrelid::regclass,
                 obj_description(c.oid, 'pg_constraint')) END
FROM pg_constraint c
WHERE c.contype = 'f' AND c.conparentid = 0
  AND (c.conrelid IN (SELECT oid FROM t) OR c.confrelid IN (SELECT oid FROM t))
ORDER BY c.oid";

/// The loaded plain tables' valid indexes, with the primary key, unique or exclusion
/// constraint each one backs: drop, create. Left in place: indexes of partitioned tables
/// and partitions (their names on the partitions would not come back the same), in a
/// tablespace of their own, used for replica identity or CLUSTER, or that a view or
/// other object depends on; and with `$2` (triggers fire during the load, and may
/// `INSERT … ON CONFLICT`, which needs them) the unique and exclusion ones.
const INDEXES: &str = "
WITH t AS (SELECT to_regclass(n) AS oid FROM unnest($1::text[]) AS n)
SELECT CASE WHEN c.oid IS NULL THEN format('DROP INDEX %s', i.indexrelid::regclass)
            ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', i.indrelid::regclass, c.conname) END,
       CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
            ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', i.indrelid::regclass, c.conname,
                        pg_get_constraintdef(c.oid)) END
       || CASE WHEN obj_description(i.indexrelid, 'pg_class') IS NULL OR c.oid IS NOT NULL THEN ''
          ELSE format('; COMMENT ON INDEX %s IS %L', i.indexrelid::regclass,
                      obj_description(i.indexrelid, 'pg_class')) END
       || CASE WHEN c.oid IS NULL OR obj_description(c.oid, 'pg_constraint') IS NULL THEN ''
          ELSE format('; COMMENT ON CONSTRAINT %I ON %s IS %L', c.conname, i.indrelid::regclass,
                      obj_description(c.oid, 'pg_constraint')) END
FROM pg_index i
JOIN pg_class r ON r.oid = i.indrelid
JOIN pg_class x ON x.oid = i.indexrelid
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
     AND c.contype IN ('p', 'u', 'x')
WHERE i.indrelid IN (SELECT oid FROM t) AND r.relkind = 'r' AND NOT r.relispartition
  AND i.indisvalid AND NOT i.indisreplident AND NOT i.indisclustered AND x.reltablespace = 0
  AND NOT ($2 AND (i.indisunique OR c.oid IS NOT NULL))
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.deptype = 'n'
        AND d.classid <> 'pg_constraint'::regclass
        AND ((d.refclassid = 'pg_class'::regclass AND d.refobjid = i.indexrelid)
          OR (d.refclassid = 'pg_constraint'::regclass AND d.refobjid = c.oid)))
ORDER BY i.indexrelid";

impl Held {
    /// Reads the definitions, then drops them: foreign keys first, then the indexes.
    /// `triggers_off`: the load switches the tables' triggers off.
    fn take(
        tx: &mut Transaction<'_>,
        tables: &[String],
        triggers_off: bool,
    ) -> Result<Held, postgres::Error> {
        let pairs = |rows: Vec<postgres::Row>| -> (Vec<String>, Vec<String>) {
            rows.iter().map(|r| (r.get(0), r.get(1))).unzip()
        };
        let triggers_fire =
            !triggers_off && tx.query_one(TRIGGERS_ON, &[&tables])?.get::<_, bool>(0);
        let (drop_fks, foreign_keys) = pairs(tx.query(FOREIGN_KEYS, &[&tables])?);
        let (drop_indexes, indexes) = pairs(tx.query(INDEXES, &[&tables, &triggers_fire])?);
        let mut script = String::new();
        for s in drop_fks.iter().chain(&drop_indexes) {
            script.push_str(s);
            script.push_str(";\n");
        }
        if !script.is_empty() {
            tx.batch_execute(&script)?;
        }
        Ok(Held {
            indexes,
            foreign_keys,
            triggers_fire,
        })
    }

    /// Creates the indexes and keys again, then the foreign keys (each checked over its
    /// whole table by the server), reporting each phase.
    fn restore(&self, tx: &mut Transaction<'_>, progress: &mut Progress<'_>) -> Result<()> {
        for (statements, p, what) in [
            (
                &self.indexes,
                Phase::Indexes,
                "building an index or key after the rows",
            ),
            (
                &self.foreign_keys,
                Phase::Constraints,
                "adding a foreign key after the rows",
            ),
        ] {
            if statements.is_empty() {
                continue;
            }
            phase(progress, p, statements.len());
            for s in statements {
                tx.batch_execute(s)
                    .map_err(|e| refused(&format!("{what} ({s}): "), e))?;
            }
        }
        Ok(())
    }
}

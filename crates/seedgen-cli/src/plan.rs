//! `seedgen plan`: the schema as seedgen understood it, for a person to read.

use std::collections::BTreeMap;
use std::fmt::Write;

use seedgen_core::output::estimate::{estimate_all, SizeEstimate};

use seedgen_core::plan::{Cap, TablePlan};
use seedgen_core::profile::{RowsFrom, TableProfile};
use seedgen_core::schema::{Identity, MigrationFolder, Table};

use crate::source::Source;
use seedgen_core::{Plan, Profile};

/// `seedgen plan --json`: the model as seedgen JSON (readable back as an input), with
/// what the plan decided under `"plan"`: row counts, caps, fallbacks, warnings and the
/// folders of migrations read (an input's `"plan"` is ignored).
pub fn render_json(source: &Source, plan: Option<&Plan>) -> String {
    let mut doc: serde_json::Value =
        serde_json::from_str(&source.schema.to_json()).expect("the model is JSON");
    let mut p = serde_json::Map::new();
    if let Some(plan) = plan {
        let tables: Vec<serde_json::Value> = plan
            .load_order()
            .iter()
            .map(|&i| {
                let t = &plan.tables()[i];
                serde_json::json!({"name": t.name().to_string(), "rows": t.rows()})
            })
            .collect();
        p.insert("load_order".into(), tables.into());
        p.insert("caps".into(), serde_json::json!(plan.caps()));
        p.insert("lookups".into(), serde_json::json!(plan.lookups()));
        p.insert(
            "filled_by_triggers".into(),
            serde_json::json!(plan.filled_by_triggers()),
        );
        p.insert("fallbacks".into(), serde_json::json!(plan.fallbacks()));
        let existing: Vec<serde_json::Value> = plan
            .existing()
            .iter()
            .map(|(t, rows, from)| serde_json::json!({"table": t, "rows": rows, "from": from}))
            .collect();
        p.insert("existing".into(), existing.into());
        p.insert("warnings".into(), serde_json::json!(plan.warnings()));
    }
    if !source.folders.is_empty() {
        p.insert("migrations".into(), serde_json::json!(source.folders));
    }
    if let Some((input, c)) = &source.dialect_choice {
        p.insert(
            "dialect".into(),
            serde_json::json!({"detected_from": input, "dialect": c.dialect, "why": c.why, "conflict": c.conflict}),
        );
    }
    if let Some(o) = doc.as_object_mut() {
        o.insert("plan".into(), p.into());
    }
    serde_json::to_string_pretty(&doc).expect("serializes") + "\n"
}

/// Renders the report: tables in load order with each column's generator (when a plan
/// could be made), caps and fallbacks, cycles, dangling references, skipped
/// statements, warnings.
pub fn render(source: &Source, plan: Option<&Plan>, profile: Option<(&Profile, f64)>) -> String {
    let schema = &source.schema;
    let mut out = String::new();
    let order = schema.load_order();
    let dialect = schema.dialect.map_or("json".to_string(), |d| d.to_string());
    let _ = writeln!(
        out,
        "schema: {} tables, {} columns, {} foreign keys (dialect {dialect})",
        schema.tables.len(),
        schema.tables.iter().map(|t| t.columns.len()).sum::<usize>(),
        schema
            .tables
            .iter()
            .map(|t| t.foreign_keys.len())
            .sum::<usize>(),
    );
    if let Some((input, c)) = &source.dialect_choice {
        let _ = writeln!(
            out,
            "dialect {} detected from {input}: {}",
            c.dialect, c.why
        );
        if let Some(other) = &c.conflict {
            let _ = writeln!(
                out,
                "  but {other}; if that is the file's dialect, give --dialect"
            );
        }
    }
    for f in &source.folders {
        migrations(&mut out, f);
    }
    out.push_str("\ntables in load order:\n");
    let estimates = plan.map(estimate_all).unwrap_or_default();
    let mut total = SizeEstimate::default();
    for (n, &i) in order.order.iter().enumerate() {
        // A table whose sample cannot be generated shows no estimate; generating it
        // reports the error properly.
        let size = estimates.get(i).copied().flatten();
        if let Some(s) = size {
            total.csv += s.csv;
            total.jsonl += s.jsonl;
            total.copy += s.copy;
            total.sql += s.sql;
            total.parquet += s.parquet;
            total.parquet_compressed = s.parquet_compressed;
        }
        let name = &schema.tables[i].name;
        let cap = plan.and_then(|p| p.caps().iter().find(|c| c.table == *name));
        let lookup = plan.and_then(|p| p.lookups().iter().find(|c| c.table == *name));
        table(
            &mut out,
            n + 1,
            &schema.tables[i],
            plan.map(|p| &p.tables()[i]),
            (cap, lookup),
            size,
            profile.and_then(|(p, scale)| Some((p.table(&schema.tables[i])?, scale))),
        );
    }
    if plan.is_some() {
        let _ = writeln!(
            out,
            "\nestimated output size, all tables: {}",
            sizes(&total)
        );
    }
    if !schema.enums.is_empty() {
        out.push_str("\nenum types:\n");
        for e in &schema.enums {
            let _ = writeln!(out, "  {} = {}", e.name, e.labels.join(" | "));
        }
    }
    if !schema.domains.is_empty() {
        out.push_str("\ndomains:\n");
        for d in &schema.domains {
            let nn = if d.not_null { " NOT NULL" } else { "" };
            let checks: Vec<_> = d
                .checks
                .iter()
                .map(|c| format!(" CHECK ({})", c.expr))
                .collect();
            let _ = writeln!(out, "  {} = {}{nn}{}", d.name, d.data_type, checks.join(""));
        }
    }
    out.push_str("\ncycles:\n");
    if order.cycles.is_empty() {
        out.push_str("  none\n");
    }
    for c in &order.cycles {
        let names: Vec<_> = c
            .iter()
            .map(|&i| schema.tables[i].name.to_string())
            .collect();
        let _ = writeln!(out, "  {}", names.join(" <-> "));
    }
    let dangling = schema.dangling_references();
    if !dangling.is_empty() {
        out.push_str("\nreferences to tables not in the schema (give them with another input):\n");
        for d in dangling {
            let _ = writeln!(
                out,
                "  {}({}) -> {}",
                d.table,
                d.columns.join(", "),
                d.target
            );
        }
    }
    out.push_str("\nskipped statements (they do not shape the data):\n");
    let mut groups: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    for s in &schema.skipped {
        let e = groups
            .entry(s.what.as_str())
            .or_insert((0, s.at.as_ref().map_or(String::new(), ToString::to_string)));
        e.0 += 1;
    }
    if groups.is_empty() {
        out.push_str("  none\n");
    }
    for (what, (count, first)) in groups {
        let _ = writeln!(out, "  {count:>5} × {what}  (first at {first})");
    }
    if !schema.triggers.is_empty() {
        out.push_str("\ntriggers:\n");
        for tr in &schema.triggers {
            let fills: Vec<String> = plan
                .map(|p| {
                    p.filled_by_triggers()
                        .iter()
                        .filter(|f| f.trigger == tr.name && f.source == tr.table)
                        .map(|f| f.table.to_string())
                        .collect()
                })
                .unwrap_or_default();
            let what = if !fills.is_empty() {
                format!("fills {} as rows go in: not generated", fills.join(", "))
            } else if !tr.writes.is_empty() {
                let w: Vec<String> = tr
                    .writes
                    .iter()
                    .map(|w| format!("{:?} {}", w.kind, w.table).to_lowercase())
                    .collect();
                format!("{}: left on", w.join(", "))
            } else if tr.stamps {
                "sets columns of the rows as they go in: left on".into()
            } else {
                "checks the rows: left on".into()
            };
            let events: Vec<String> = tr
                .events
                .iter()
                .map(|e| format!("{e:?}").to_uppercase())
                .collect();
            let timing = format!("{:?}", tr.timing).to_uppercase();
            let _ = writeln!(
                out,
                "  {} ({timing} {} on {}): {what}",
                tr.name,
                events.join("/"),
                tr.table
            );
        }
    }
    if let Some(plan) = plan {
        if !plan.caps().is_empty() {
            out.push_str(
                "\ncapped (default row counts lowered to what fits; --strict refuses them):\n",
            );
            for c in plan.caps() {
                let _ = writeln!(out, "  {c}");
            }
        }
        if !plan.existing().is_empty() {
            out.push_str(
                "\nrows already there (row counts are rows added; new keys start after theirs):\n",
            );
            for (t, rows, from) in plan.existing() {
                let n = if *rows == 1 {
                    "1 row".to_string()
                } else {
                    format!("{rows} rows")
                };
                let _ = writeln!(out, "  {t}: {n}, {from}");
            }
        }
        if !plan.fallbacks().is_empty() {
            out.push_str("\nfallbacks (columns no generator knows; --strict refuses them):\n");
            for f in plan.fallbacks() {
                let _ = writeln!(out, "  {} [{}]", f, f.kind);
            }
        }
        if !plan.warnings().is_empty() {
            out.push_str("\nwarnings:\n");
            for w in plan.warnings() {
                let _ = writeln!(out, "  {w}");
            }
        }
    }
    out
}

/// `csv 1.2 MB, jsonl 3.4 MB, …`.
fn sizes(s: &SizeEstimate) -> String {
    let parquet = if s.parquet_compressed {
        format!("~{}", human(s.parquet))
    } else {
        format!("≤{} (uncompressed)", human(s.parquet))
    };
    format!(
        "csv {}, jsonl {}, sql {}, copy {}, parquet {parquet}",
        human(s.csv),
        human(s.jsonl),
        human(s.sql),
        human(s.copy),
    )
}

fn human(bytes: u64) -> String {
    crate::human::human_bytes(bytes)
}

/// The layout of a folder of migrations and its files in the order applied.
fn migrations(out: &mut String, f: &MigrationFolder) {
    let how = if f.detected { "detected" } else { "as asked" };
    let _ = writeln!(
        out,
        "\nmigrations: {} read as {} ({how}), {} files applied in this order:",
        f.path.display(),
        f.layout,
        f.applied.len()
    );
    let rel = |p: &std::path::Path| p.strip_prefix(&f.path).unwrap_or(p).display().to_string();
    for (k, p) in f.applied.iter().enumerate() {
        let _ = writeln!(out, "  {:>4}. {}", k + 1, rel(p));
    }
    if !f.ignored.is_empty() {
        let _ = writeln!(out, "  not applied:");
        for (p, why) in &f.ignored {
            let _ = writeln!(out, "        {} ({why})", rel(p));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn table(
    out: &mut String,
    n: usize,
    t: &Table,
    tp: Option<&TablePlan>,
    (cap, lookup): (Option<&Cap>, Option<&Cap>),
    size: Option<SizeEstimate>,
    profile: Option<(&TableProfile, f64)>,
) {
    let _ = write!(out, "\n{n:>3}. {}", t.name);
    if let Some(tp) = tp {
        let _ = write!(out, "  ({} rows", tp.rows());
        if let Some(c) = cap {
            let _ = write!(out, ", capped from {}: {}", c.asked, c.reason);
        } else if let Some(l) = lookup {
            let _ = write!(out, ": {}", l.reason);
        }
        if let Some((p, scale)) = profile {
            let how = match p.rows_from {
                RowsFrom::Count => "counted",
                RowsFrom::Estimate => "estimated",
                _ => "read",
            };
            let _ = write!(out, "; profile {} rows, {how}", p.rows);
            if scale != 1.0 {
                let _ = write!(out, ", × {scale} = {}", Profile::scaled_rows(p.rows, scale));
            }
        }
        out.push(')');
    }
    if let Some(p) = &t.partitioning {
        let _ = write!(
            out,
            "  [partitioned by {}; {} partitions]",
            p.by,
            p.partitions.len()
        );
    }
    if let Some(m) = &t.virtual_module {
        let _ = write!(
            out,
            "  [virtual table ({m}): rows are inserted into it; SQLite keeps its shadow tables]"
        );
    }
    out.push('\n');
    if let Some(s) = size {
        let _ = writeln!(
            out,
            "       estimated size{}: {}",
            if s.exact { "" } else { " (from a sample)" },
            sizes(&s)
        );
    }
    for c in &t.columns {
        let mut flags = Vec::new();
        if t.primary_key.contains(&c.name) {
            flags.push("PK".to_string());
        }
        if !c.nullable {
            flags.push("NOT NULL".into());
        }
        match c.identity {
            Some(Identity::Serial) => flags.push("serial".into()),
            Some(Identity::Always) => flags.push("identity always".into()),
            Some(Identity::ByDefault) => flags.push("identity by default".into()),
            Some(Identity::AutoIncrement) => flags.push("auto-increment".into()),
            Some(_) => flags.push("generated key".into()),
            None => {}
        }
        if let Some(g) = &c.generated {
            flags.push(format!("generated as {g} (not written)"));
        }
        if let Some(d) = &c.domain {
            flags.push(format!("domain {d}"));
        }
        if let Some(d) = &c.default {
            flags.push(format!("default {d}"));
        }
        let _ = writeln!(
            out,
            "       {:<28} {:<22} {}",
            c.name,
            c.data_type.to_string(),
            flags.join(", ")
        );
        if let Some(cp) = tp.and_then(|tp| tp.columns().iter().find(|x| x.name() == c.name)) {
            let nulls = if cp.null_rate() > 0.0 {
                format!(", {:.0}% NULL", cp.null_rate() * 100.0)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "         ← {}  ({}{nulls})",
                cp.generator(),
                cp.reason()
            );
        }
    }
    if t.primary_key.len() > 1 {
        let _ = writeln!(out, "       primary key ({})", t.primary_key.join(", "));
    }
    for u in &t.unique {
        let pred = u
            .predicate
            .as_ref()
            .map_or(String::new(), |p| format!(" WHERE {p}"));
        let _ = writeln!(out, "       unique ({}){pred}", u.columns.join(", "));
    }
    for fk in &t.foreign_keys {
        let deferrable = if fk.deferrable { " DEFERRABLE" } else { "" };
        let _ = writeln!(
            out,
            "       ({}) -> {}({}){deferrable}",
            fk.columns.join(", "),
            fk.references.table,
            fk.references.columns.join(", ")
        );
    }
    for k in &t.checks {
        let _ = writeln!(out, "       check {}", k.expr);
    }
    if let Some(p) = &t.partitioning {
        for part in &p.partitions {
            let _ = writeln!(out, "       partition {} {}", part.name, part.bound);
        }
    }
}

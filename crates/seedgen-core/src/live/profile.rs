//! Taking a [`Profile`] from a live database: statistics and counts only, never a row.
//!
//! PostgreSQL: row counts from `pg_class.reltuples` (or `COUNT(*)` with
//! `exact_counts`), column figures from `pg_stats` (null share, distinct count, average
//! width; the range and histogram of numbers and dates from the most-common values and
//! histogram bounds, which are read but never written). MariaDB: its engine-independent
//! statistics where present (`mysql.table_stats`, `mysql.column_stats` and its
//! histograms; `analyze` collects them). SQLite, and MySQL/MariaDB tables without
//! statistics: one aggregate scan per table (`COUNT`, `COUNT(DISTINCT)`, `AVG(LENGTH)`,
//! `MIN`/`MAX`) and one `NTILE` query per number or date column. Everywhere: children per
//! parent by a
//! `GROUP BY` on each foreign key, which returns counts only.

use std::collections::BTreeMap;

use super::database::{Database, TextRow};
use crate::error::{Error, Result};
use crate::profile::{ColumnProfile, FanOut, Profile, RowsFrom, TableProfile, PROFILE_VERSION};
use crate::schema::{Dialect, QualifiedName, Schema, Table, TypeClass};

/// Buckets of a profile's histograms (deciles).
pub const HISTOGRAM_BUCKETS: usize = 10;
/// Most children-per-parent entries kept per foreign key; longer histograms are merged.
pub const FAN_OUT_ENTRIES: usize = 64;
/// Most distinct values `include_values` lists for a column.
pub const MAX_VALUES: usize = 100;

/// What to read besides the statistics.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProfileOptions {
    /// Count instead of taking the statistics' estimates: `COUNT(*)` for rows
    /// (PostgreSQL, and MariaDB tables with statistics; the others are always counted),
    /// and on PostgreSQL `COUNT(DISTINCT)` for distinct values, which `pg_stats` estimates
    /// from a sample (MariaDB's statistics read every row already).
    pub exact_counts: bool,
    /// Collect statistics first, so they are current: PostgreSQL `ANALYZE`, MariaDB
    /// `ANALYZE TABLE … PERSISTENT FOR ALL` (a full read of each table).
    pub analyze: bool,
    /// List the distinct values of columns with at most [`MAX_VALUES`] of them. These
    /// are the database's values: leave off for data that may be personal.
    pub include_values: bool,
}

/// Takes the profile of `schema`'s tables (read from the same database).
pub fn take_profile(db: &mut Database, schema: &Schema, opts: ProfileOptions) -> Result<Profile> {
    let dialect = db.dialect();
    if dialect == Dialect::Postgres && opts.analyze {
        db.execute("ANALYZE")?;
    }
    let mut tables = BTreeMap::new();
    for table in &schema.tables {
        let tp = match dialect {
            Dialect::Postgres => postgres_table(db, table, opts)?,
            Dialect::MySql => match mariadb_table(db, table, opts)? {
                Some(tp) => tp,
                None => scanned_table(db, dialect, table)?,
            },
            Dialect::Sqlite => scanned_table(db, dialect, table)?,
        };
        tables.insert(table.name.to_string(), tp);
    }
    if opts.include_values {
        for table in &schema.tables {
            let tp = tables.get_mut(&table.name.to_string()).expect("profiled");
            add_values(db, dialect, table, tp)?;
        }
    }
    for table in &schema.tables {
        let mut fans = Vec::new();
        for fk in &table.foreign_keys {
            let Some(parent) = schema.table(&fk.references.table) else {
                continue;
            };
            let parent_rows = tables
                .get(&parent.name.to_string())
                .map_or(0, |p: &TableProfile| p.rows);
            fans.push(fan_out(
                db,
                dialect,
                table,
                &fk.columns,
                parent,
                parent_rows,
            )?);
        }
        tables
            .get_mut(&table.name.to_string())
            .expect("profiled")
            .foreign_keys = fans;
    }
    Ok(Profile {
        version: PROFILE_VERSION,
        source: Some(db.url().to_string()),
        tables,
    })
}

pub(super) fn ident(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::MySql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

pub(super) fn table_ident(dialect: Dialect, name: &QualifiedName) -> String {
    match &name.schema {
        Some(s) if dialect != Dialect::Sqlite => {
            format!("{}.{}", ident(dialect, s), ident(dialect, &name.name))
        }
        _ => ident(dialect, &name.name),
    }
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn cell(r: &TextRow, i: usize) -> Option<&str> {
    r.get(i).and_then(|c| c.as_deref())
}

fn number(r: &TextRow, i: usize) -> Option<f64> {
    cell(r, i).and_then(|s| s.trim().parse::<f64>().ok())
}

/// What a column's values are, for ranges and histograms.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Integer,
    Number,
    Date,
    Timestamp,
    Other,
}

fn kind(table: &Table, column: &str) -> Kind {
    let Some(c) = table.columns.iter().find(|c| c.name == column) else {
        return Kind::Other;
    };
    if c.data_type.array_dims > 0 {
        return Kind::Other;
    }
    match c.data_type.class() {
        TypeClass::Int(_) => Kind::Integer,
        TypeClass::Decimal | TypeClass::Float => Kind::Number,
        TypeClass::Date => Kind::Date,
        TypeClass::Timestamp => Kind::Timestamp,
        _ => Kind::Other,
    }
}

/// A number or date as the profile writes it, or `None` if the text is not one.
fn json_value(kind: Kind, text: &str) -> Option<serde_json::Value> {
    let t = text.trim().trim_matches('"');
    match kind {
        Kind::Integer | Kind::Number => {
            let x: f64 = t.parse().ok()?;
            if !x.is_finite() {
                return None;
            }
            if kind == Kind::Integer || x.fract() == 0.0 && x.abs() < 9e15 {
                Some(serde_json::Value::from(x.round() as i64))
            } else {
                serde_json::Number::from_f64(x).map(serde_json::Value::Number)
            }
        }
        Kind::Date | Kind::Timestamp => {
            let b = t.as_bytes();
            let date_ok = b.len() >= 10
                && b[4] == b'-'
                && b[7] == b'-'
                && [0, 1, 2, 3, 5, 6, 8, 9]
                    .iter()
                    .all(|&i| b[i].is_ascii_digit());
            if !date_ok {
                return None;
            }
            if kind == Kind::Date {
                return Some(serde_json::Value::from(&t[..10]));
            }
            let time_ok =
                b.len() >= 19 && (b[10] == b' ' || b[10] == b'T') && b[13] == b':' && b[16] == b':';
            if time_ok {
                Some(serde_json::Value::from(format!(
                    "{} {}",
                    &t[..10],
                    &t[11..19]
                )))
            } else if b.len() == 10 {
                Some(serde_json::Value::from(format!("{t} 00:00:00")))
            } else {
                None
            }
        }
        Kind::Other => None,
    }
}

/// The numeric position of a profile value, to compute quantiles with.
fn position(v: &serde_json::Value) -> Option<f64> {
    if let Some(x) = v.as_f64() {
        return Some(x);
    }
    let us = crate::calendar::parse_timestamp(v.as_str()?)?;
    Some(us as f64 / 1e6)
}

/// A position back as a profile value of `kind`.
fn from_position(kind: Kind, x: f64) -> Option<serde_json::Value> {
    match kind {
        Kind::Integer => Some(serde_json::Value::from(x.round() as i64)),
        Kind::Number => json_value(kind, &format!("{}", (x * 1e6).round() / 1e6)),
        Kind::Date | Kind::Timestamp => {
            let secs = x.round() as i64;
            let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
            let mut date = String::new();
            crate::calendar::write_date(days, &mut date);
            Some(serde_json::Value::from(if kind == Kind::Date {
                date
            } else {
                format!(
                    "{date} {:02}:{:02}:{:02}",
                    rest / 3600,
                    rest % 3600 / 60,
                    rest % 60
                )
            }))
        }
        Kind::Other => None,
    }
}

fn scanned_table(db: &mut Database, dialect: Dialect, table: &Table) -> Result<TableProfile> {
    let t = table_ident(dialect, &table.name);
    let mut select = vec!["COUNT(*)".to_string()];
    for c in &table.columns {
        let q = ident(dialect, &c.name);
        select.push(format!("COUNT({q})"));
        select.push(format!("COUNT(DISTINCT {q})"));
        select.push(format!("AVG(LENGTH({q}))"));
        if kind(table, &c.name) != Kind::Other {
            select.push(format!("MIN({q})"));
            select.push(format!("MAX({q})"));
        }
    }
    let rows = db.rows(&format!("SELECT {} FROM {t}", select.join(", ")))?;
    let r = rows.first().cloned().unwrap_or_default();
    let total = number(&r, 0).unwrap_or(0.0) as u64;
    let mut columns = BTreeMap::new();
    let mut i = 1;
    for c in &table.columns {
        let k = kind(table, &c.name);
        let filled = number(&r, i).unwrap_or(0.0);
        let mut cp = ColumnProfile {
            null_fraction: if total == 0 {
                0.0
            } else {
                round6(1.0 - filled / total as f64)
            },
            distinct: number(&r, i + 1).map(|d| d as u64),
            average_width: number(&r, i + 2).map(|w| (w * 100.0).round() / 100.0),
            ..ColumnProfile::default()
        };
        i += 3;
        if k != Kind::Other {
            cp.min = cell(&r, i).and_then(|v| json_value(k, v));
            cp.max = cell(&r, i + 1).and_then(|v| json_value(k, v));
            i += 2;
            if cp.min.is_some() && cp.max.is_some() {
                cp.histogram = scanned_histogram(db, dialect, &t, &c.name, k)?;
            } else {
                cp.min = None;
                cp.max = None;
            }
        }
        columns.insert(c.name.clone(), cp);
    }
    Ok(TableProfile {
        rows: total,
        rows_from: RowsFrom::Count,
        columns,
        foreign_keys: Vec::new(),
    })
}

fn scanned_histogram(
    db: &mut Database,
    dialect: Dialect,
    t: &str,
    column: &str,
    k: Kind,
) -> Result<Option<Vec<serde_json::Value>>> {
    let q = ident(dialect, column);
    let rows = db.rows(&format!(
        "SELECT b, MIN(v), MAX(v) FROM (SELECT {q} AS v, NTILE({HISTOGRAM_BUCKETS}) OVER (ORDER BY {q}) AS b \
         FROM {t} WHERE {q} IS NOT NULL) x GROUP BY b ORDER BY b"
    ))?;
    let mut bounds = Vec::new();
    for r in &rows {
        let Some(v) = cell(r, 1).and_then(|v| json_value(k, v)) else {
            return Ok(None);
        };
        bounds.push(v);
    }
    if let Some(last) = rows
        .last()
        .and_then(|r| cell(r, 2))
        .and_then(|v| json_value(k, v))
    {
        bounds.push(last);
    }
    Ok((bounds.len() >= 2).then_some(bounds))
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// MariaDB's engine-independent statistics (`mysql.table_stats`, `mysql.column_stats`,
/// filled by `ANALYZE TABLE … PERSISTENT FOR ALL`, which `--analyze` runs), or `None`
/// when the table has none (or the server is MySQL, which keeps no such tables): then
/// the table is scanned.
fn mariadb_table(
    db: &mut Database,
    table: &Table,
    opts: ProfileOptions,
) -> Result<Option<TableProfile>> {
    let t = table_ident(Dialect::MySql, &table.name);
    let name = literal(&table.name.name);
    if opts.analyze {
        db.execute(&format!("ANALYZE TABLE {t} PERSISTENT FOR ALL"))?;
    }
    let Ok(meta) = db.rows(&format!(
        "SELECT cardinality FROM mysql.table_stats WHERE db_name = DATABASE() AND table_name = {name}"
    )) else {
        return Ok(None);
    };
    let Some(rows) = meta.first().and_then(|r| number(r, 0)) else {
        return Ok(None);
    };
    let stats = db.rows(&format!(
        "SELECT column_name, min_value, max_value, nulls_ratio, avg_length, avg_frequency, \
           hist_type, HEX(histogram) \
         FROM mysql.column_stats WHERE db_name = DATABASE() AND table_name = {name}"
    ))?;
    let mut columns = BTreeMap::new();
    for c in &table.columns {
        let Some(s) = stats.iter().find(|r| cell(r, 0) == Some(c.name.as_str())) else {
            // Statistics older than the column: scan the table instead.
            return Ok(None);
        };
        let nulls = number(s, 3).unwrap_or(0.0);
        let freq = number(s, 5).unwrap_or(0.0);
        let filled = rows * (1.0 - nulls);
        let mut cp = ColumnProfile {
            null_fraction: round6(nulls),
            distinct: Some(if freq > 0.0 {
                (filled / freq).round() as u64
            } else {
                0
            }),
            average_width: number(s, 4).map(|w| (w * 100.0).round() / 100.0),
            ..ColumnProfile::default()
        };
        let k = kind(table, &c.name);
        let lo = cell(s, 1).and_then(|v| json_value(k, v));
        let hi = cell(s, 2).and_then(|v| json_value(k, v));
        if let (Some(lo), Some(hi)) = (lo, hi) {
            let (a, b) = (position(&lo), position(&hi));
            let q = match (a, b, cell(s, 6), cell(s, 7)) {
                (
                    Some(a),
                    Some(b),
                    Some(kind @ ("DOUBLE_PREC_HB" | "SINGLE_PREC_HB")),
                    Some(hex),
                ) => mariadb_binary_histogram(hex, kind == "DOUBLE_PREC_HB", a, b),
                (Some(_), Some(_), Some("JSON_HB"), Some(hex)) => mariadb_json_histogram(hex, k),
                (Some(a), Some(b), _, _) => Some(Quantiles::new(Vec::new(), &[a, b], 1.0)),
                _ => None,
            };
            cp.histogram = q.and_then(|q| q.bounds(k));
            cp.min = Some(lo);
            cp.max = Some(hi);
        }
        columns.insert(c.name.clone(), cp);
    }
    let (rows, rows_from) = if opts.exact_counts {
        let r = db.rows(&format!("SELECT COUNT(*) FROM {t}"))?;
        (
            r.first().and_then(|r| number(r, 0)).unwrap_or(0.0),
            RowsFrom::Count,
        )
    } else {
        (rows, RowsFrom::Estimate)
    };
    Ok(Some(TableProfile {
        rows: rows.round() as u64,
        rows_from,
        columns,
        foreign_keys: Vec::new(),
    }))
}

fn unhex(hex: &str) -> Option<Vec<u8>> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

/// MariaDB's binary equal-height histograms: each stored value is a bucket's upper end
/// as a fraction of `max - min` (two bytes, little-endian, or one).
fn mariadb_binary_histogram(hex: &str, double: bool, lo: f64, hi: f64) -> Option<Quantiles> {
    let bytes = unhex(hex)?;
    let ends: Vec<f64> = if double {
        bytes
            .chunks_exact(2)
            .map(|b| f64::from(u16::from_le_bytes([b[0], b[1]])) / 65535.0)
            .collect()
    } else {
        bytes.iter().map(|b| f64::from(*b) / 255.0).collect()
    };
    let mut bounds = vec![lo];
    bounds.extend(ends.iter().map(|f| lo + (hi - lo) * f));
    bounds.push(hi);
    Some(Quantiles::new(Vec::new(), &bounds, 1.0))
}

/// MariaDB's JSON histograms (`JSON_HB`): buckets with a start, a share of the rows and
/// their distinct values (one: a point mass); the last one has an end.
fn mariadb_json_histogram(hex: &str, k: Kind) -> Option<Quantiles> {
    let doc: serde_json::Value = serde_json::from_slice(&unhex(hex)?).ok()?;
    let buckets = doc.get("histogram_hb")?.as_array()?;
    let at = |v: &serde_json::Value| {
        let text = v.as_str().map_or_else(|| v.to_string(), String::from);
        json_value(k, &text).as_ref().and_then(position)
    };
    let mut q = Quantiles {
        points: Vec::new(),
        segments: Vec::new(),
    };
    for (i, b) in buckets.iter().enumerate() {
        let start = at(b.get("start")?)?;
        let size = b.get("size")?.as_f64()?;
        let end = match buckets.get(i + 1) {
            Some(next) => at(next.get("start")?)?,
            None => at(b.get("end")?)?,
        };
        if b.get("ndv").and_then(|n| n.as_u64()) == Some(1) || end <= start {
            q.points.push((start, size));
        } else {
            q.segments.push((start, end, size));
        }
    }
    Some(q)
}

/// Reads a one-dimensional PostgreSQL array literal (`{a,"b c",NULL}`).
fn pg_array(text: &str) -> Vec<Option<String>> {
    let inner = text
        .trim()
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or("");
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    while chars.peek().is_some() {
        let mut item = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    c => item.push(c),
                }
            }
            while chars.peek().is_some_and(|c| *c != ',') {
                chars.next();
            }
        } else {
            while let Some(c) = chars.peek() {
                if *c == ',' {
                    break;
                }
                item.push(*c);
                chars.next();
            }
        }
        chars.next(); // the comma
        out.push(if !quoted && item == "NULL" {
            None
        } else {
            Some(item)
        });
    }
    out
}

fn postgres_table(db: &mut Database, table: &Table, opts: ProfileOptions) -> Result<TableProfile> {
    let t = table_ident(Dialect::Postgres, &table.name);
    let schema_name = table.name.schema.clone().unwrap_or_else(|| "public".into());
    let meta = db.rows(&format!(
        "SELECT c.reltuples, c.relkind, \
           (SELECT sum(greatest(ch.reltuples, 0)) FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid \
             WHERE i.inhparent = c.oid), \
           (SELECT count(*) FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid \
             WHERE i.inhparent = c.oid AND ch.reltuples < 0) \
         FROM pg_class c WHERE c.oid = to_regclass({})",
        literal(&t)
    ))?;
    let Some(m) = meta.first() else {
        return Err(Error::Database {
            url: db.url().to_string(),
            message: format!("table {} is not in the database", table.name),
        });
    };
    let partitioned = cell(m, 1) == Some("p");
    let estimate = if partitioned {
        number(m, 2).unwrap_or(0.0)
    } else {
        number(m, 0).unwrap_or(-1.0)
    };
    let never_analyzed = if partitioned {
        number(m, 3).unwrap_or(0.0) > 0.0
    } else {
        estimate < 0.0
    };
    let (rows, rows_from) = if opts.exact_counts {
        let r = db.rows(&format!("SELECT count(*) FROM {t}"))?;
        (
            r.first().and_then(|r| number(r, 0)).unwrap_or(0.0) as u64,
            RowsFrom::Count,
        )
    } else if never_analyzed {
        return Err(Error::Database {
            url: db.url().to_string(),
            message: format!(
                "table {} has no statistics yet: run ANALYZE on it, or ask seedgen to (`analyze`), or to count the rows (`exact_counts`)",
                table.name
            ),
        });
    } else {
        (estimate.max(0.0).round() as u64, RowsFrom::Estimate)
    };
    let stats = db.rows(&format!(
        "SELECT attname, null_frac, n_distinct, avg_width, most_common_vals::text, \
           most_common_freqs::text, histogram_bounds::text \
         FROM pg_stats WHERE schemaname = {} AND tablename = {} AND inherited = {}",
        literal(&schema_name),
        literal(&table.name.name),
        partitioned
    ))?;
    let mut columns = BTreeMap::new();
    for c in &table.columns {
        let Some(s) = stats.iter().find(|r| cell(r, 0) == Some(c.name.as_str())) else {
            continue;
        };
        let null_frac = number(s, 1).unwrap_or(0.0);
        let nd = number(s, 2).unwrap_or(0.0);
        let distinct = if nd < 0.0 {
            (-nd * rows as f64).round()
        } else {
            nd
        };
        let mut cp = ColumnProfile {
            null_fraction: round6(null_frac),
            distinct: Some(distinct as u64),
            average_width: number(s, 3),
            ..ColumnProfile::default()
        };
        let k = kind(table, &c.name);
        if k != Kind::Other {
            // A list of numbers or dates as positions (none if any is not one).
            let positions = |i: usize| -> Vec<f64> {
                cell(s, i)
                    .map(pg_array)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| {
                        v.and_then(|v| json_value(k, &v))
                            .as_ref()
                            .and_then(position)
                    })
                    .collect::<Option<Vec<f64>>>()
                    .unwrap_or_default()
            };
            let mcv = positions(4);
            let freqs: Vec<f64> = cell(s, 5)
                .map(pg_array)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|v| v.and_then(|v| v.parse().ok()))
                .collect();
            let hist = positions(6);
            if mcv.len() == freqs.len() && (!mcv.is_empty() || hist.len() >= 2) {
                let hist_mass = (1.0 - null_frac - freqs.iter().sum::<f64>()).max(0.0);
                let q = Quantiles::new(mcv.into_iter().zip(freqs).collect(), &hist, hist_mass);
                if let Some(b) = q.bounds(k) {
                    cp.min = b.first().cloned();
                    cp.max = b.last().cloned();
                    cp.histogram = Some(b);
                }
            }
        }
        columns.insert(c.name.clone(), cp);
    }
    if opts.exact_counts && !columns.is_empty() {
        // pg_stats' n_distinct is estimated from a sample (30,000 rows at the default
        // statistics target); counted, it is exact.
        let names: Vec<&String> = columns.keys().collect();
        let select: Vec<String> = names
            .iter()
            .map(|c| format!("COUNT(DISTINCT {})", ident(Dialect::Postgres, c)))
            .collect();
        let r = db.rows(&format!("SELECT {} FROM {t}", select.join(", ")))?;
        let counts: Vec<Option<f64>> = (0..names.len())
            .map(|i| r.first().and_then(|r| number(r, i)))
            .collect();
        for (name, n) in names
            .into_iter()
            .cloned()
            .collect::<Vec<_>>()
            .iter()
            .zip(counts)
        {
            if let (Some(cp), Some(n)) = (columns.get_mut(name), n) {
                cp.distinct = Some(n as u64);
            }
        }
    }
    Ok(TableProfile {
        rows,
        rows_from,
        columns,
        foreign_keys: Vec::new(),
    })
}

/// A distribution from a database's statistics: point masses (most common values) and
/// buckets `(low, high, mass)` over which values spread evenly.
struct Quantiles {
    points: Vec<(f64, f64)>,
    segments: Vec<(f64, f64, f64)>,
}

impl Quantiles {
    /// Point masses plus `bounds_mass` spread over equal-mass buckets between `bounds`
    /// (PostgreSQL's most-common values and histogram).
    fn new(points: Vec<(f64, f64)>, bounds: &[f64], bounds_mass: f64) -> Self {
        let each = bounds_mass / bounds.len().saturating_sub(1).max(1) as f64;
        Quantiles {
            points,
            segments: bounds.windows(2).map(|w| (w[0], w[1], each)).collect(),
        }
    }

    fn lo(&self) -> f64 {
        let p = self
            .points
            .iter()
            .map(|p| p.0)
            .fold(f64::INFINITY, f64::min);
        self.segments.iter().map(|s| s.0).fold(p, f64::min)
    }

    fn hi(&self) -> f64 {
        let p = self
            .points
            .iter()
            .map(|p| p.0)
            .fold(f64::NEG_INFINITY, f64::max);
        self.segments.iter().map(|s| s.1).fold(p, f64::max)
    }

    /// Mass at or below `x`.
    fn cdf(&self, x: f64) -> f64 {
        let mut m: f64 = self.points.iter().filter(|p| p.0 <= x).map(|p| p.1).sum();
        for &(a, b, w) in &self.segments {
            m += w * if x >= b {
                1.0
            } else if x <= a {
                0.0
            } else {
                (x - a) / (b - a)
            };
        }
        m
    }

    /// The deciles (or `HISTOGRAM_BUCKETS`-iles) as profile values.
    fn bounds(&self, k: Kind) -> Option<Vec<serde_json::Value>> {
        (0..=HISTOGRAM_BUCKETS)
            .map(|i| from_position(k, self.at(i as f64 / HISTOGRAM_BUCKETS as f64)))
            .collect()
    }

    /// The value at share `q` of the non-NULL values (bisection on the CDF).
    fn at(&self, q: f64) -> f64 {
        let (mut lo, mut hi) = (self.lo(), self.hi());
        if q <= 0.0 {
            return lo;
        }
        if q >= 1.0 {
            return hi;
        }
        let total = self.cdf(hi);
        let want = q * total;
        for _ in 0..80 {
            let mid = (lo + hi) / 2.0;
            if self.cdf(mid) >= want {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}

fn add_values(
    db: &mut Database,
    dialect: Dialect,
    table: &Table,
    tp: &mut TableProfile,
) -> Result<()> {
    let t = table_ident(dialect, &table.name);
    for c in &table.columns {
        let Some(cp) = tp.columns.get_mut(&c.name) else {
            continue;
        };
        if cp
            .distinct
            .is_none_or(|d| d == 0 || d as usize > MAX_VALUES)
        {
            continue;
        }
        let q = ident(dialect, &c.name);
        let rows = db.rows(&format!(
            "SELECT DISTINCT {q} FROM {t} WHERE {q} IS NOT NULL ORDER BY 1 LIMIT {}",
            MAX_VALUES + 1
        ))?;
        if rows.len() > MAX_VALUES {
            continue;
        }
        let k = kind(table, &c.name);
        cp.values = Some(
            rows.iter()
                .filter_map(|r| cell(r, 0))
                .map(|v| json_value(k, v).unwrap_or_else(|| serde_json::Value::from(v)))
                .collect(),
        );
    }
    Ok(())
}

fn fan_out(
    db: &mut Database,
    dialect: Dialect,
    table: &Table,
    columns: &[String],
    parent: &Table,
    parent_rows: u64,
) -> Result<FanOut> {
    let t = table_ident(dialect, &table.name);
    let cols: Vec<String> = columns.iter().map(|c| ident(dialect, c)).collect();
    let not_null: Vec<String> = cols.iter().map(|c| format!("{c} IS NOT NULL")).collect();
    let rows = db.rows(&format!(
        "SELECT n, COUNT(*) FROM (SELECT COUNT(*) AS n FROM {t} WHERE {} GROUP BY {}) g \
         GROUP BY n ORDER BY n",
        not_null.join(" AND "),
        cols.join(", ")
    ))?;
    let mut hist: Vec<(u64, u64)> = rows
        .iter()
        .filter_map(|r| Some((number(r, 0)? as u64, number(r, 1)? as u64)))
        .collect();
    let with_children: u64 = hist.iter().map(|x| x.1).sum();
    if parent_rows > with_children {
        hist.insert(0, (0, parent_rows - with_children));
    }
    Ok(FanOut {
        columns: columns.to_vec(),
        parent: parent.name.to_string(),
        children_per_parent: merge_entries(hist, FAN_OUT_ENTRIES),
    })
}

/// Merges a children-per-parent histogram into at most `max` entries of about equal
/// parents, each at its entries' mean count.
fn merge_entries(hist: Vec<(u64, u64)>, max: usize) -> Vec<(u64, u64)> {
    if hist.len() <= max {
        return hist;
    }
    let total: u64 = hist.iter().map(|x| x.1).sum();
    let per = total.div_ceil(max as u64).max(1);
    let mut out: Vec<(u64, u64)> = Vec::new();
    let (mut kids, mut parents) = (0u128, 0u64);
    for (c, n) in hist {
        kids += u128::from(c) * u128::from(n);
        parents += n;
        if parents >= per {
            out.push(((kids as f64 / parents as f64).round() as u64, parents));
            (kids, parents) = (0, 0);
        }
    }
    if parents > 0 {
        out.push(((kids as f64 / parents as f64).round() as u64, parents));
    }
    // Equal counts next to each other become one entry.
    let mut merged: Vec<(u64, u64)> = Vec::new();
    for (c, n) in out {
        match merged.last_mut() {
            Some(last) if last.0 == c => last.1 += n,
            _ => merged.push((c, n)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_postgres_array_literals() {
        assert_eq!(
            pg_array(r#"{1,"2020-01-01 10:00:00",NULL,"a\"b"}"#),
            [
                Some("1".to_string()),
                Some("2020-01-01 10:00:00".to_string()),
                None,
                Some("a\"b".to_string())
            ]
        );
        assert!(pg_array("{}").is_empty());
    }

    #[test]
    fn quantiles_mix_common_values_and_buckets() {
        // Half the rows are 5; the rest spread evenly over 0..100.
        let q = Quantiles::new(vec![(5.0, 0.5)], &[0.0, 50.0, 100.0], 0.5);
        assert_eq!(q.at(0.0), 0.0);
        assert!((q.at(0.5) - 5.0).abs() < 1e-6);
        assert!((q.at(1.0) - 100.0).abs() < 1e-9);
        assert!((q.at(0.75) - 50.0).abs() < 1.0);
    }

    #[test]
    fn mariadb_histograms_are_read() {
        // Two buckets' ends at 1/4 and 1/2 of 0..100: thirds of the rows each.
        let q = mariadb_binary_histogram("FF3FFF7F", true, 0.0, 100.0).unwrap();
        assert!((q.at(1.0 / 3.0) - 25.0).abs() < 0.1, "{}", q.at(1.0 / 3.0));
        assert!((q.at(2.0 / 3.0) - 50.0).abs() < 0.1);
        let json = r#"{"histogram_hb": [{"start": "1", "size": 0.5, "ndv": 1},
            {"start": "10", "size": 0.5, "ndv": 40, "end": "50"}]}"#;
        let hex: String = json.bytes().map(|b| format!("{b:02X}")).collect();
        let q = mariadb_json_histogram(&hex, Kind::Integer).unwrap();
        assert_eq!(q.at(0.25), 1.0);
        assert!((q.at(0.75) - 30.0).abs() < 0.1);
    }

    #[test]
    fn long_fan_outs_merge_keeping_the_parents() {
        let hist: Vec<(u64, u64)> = (0..200).map(|c| (c, 3)).collect();
        let merged = merge_entries(hist, 64);
        assert!(merged.len() <= 64);
        assert_eq!(merged.iter().map(|x| x.1).sum::<u64>(), 600);
    }

    #[test]
    fn dates_and_numbers_are_normalized() {
        assert_eq!(
            json_value(Kind::Timestamp, "2020-01-02 03:04:05.123+00"),
            Some(serde_json::Value::from("2020-01-02 03:04:05"))
        );
        assert_eq!(
            json_value(Kind::Date, "2020-01-02"),
            Some("2020-01-02".into())
        );
        assert_eq!(json_value(Kind::Integer, "42"), Some(42.into()));
        assert_eq!(json_value(Kind::Date, "infinity"), None);
        let v = json_value(Kind::Timestamp, "2021-05-06 07:08:09").unwrap();
        assert_eq!(
            from_position(Kind::Timestamp, position(&v).unwrap()),
            Some(v)
        );
    }
}

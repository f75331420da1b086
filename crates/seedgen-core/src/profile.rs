//! Profiles: the size and shape of a database, without its values.
//!
//! A [`Profile`] holds, per table, the row count and, per column, the share of NULLs,
//! the number of distinct values, the average width and, for numbers and dates, the
//! range and an equal-depth histogram; per foreign key, how many children each parent
//! has. `seedgen profile` takes one from a live database (the `live` module); a user
//! can also write one by hand for a database they cannot reach. Text values appear only
//! when the profile was taken with `--include-values`.
//!
//! [`Profile::settings`] turns a profile into generation [`Settings`] for a schema, at a
//! scale: row counts scaled, NULL shares, distinct counts (scaled when they grow with
//! the rows), ranges and histograms, children per parent.
//!
//! ```
//! use seedgen_core::{Profile, Schema, Seeder};
//!
//! let schema = Schema::from_sql(
//!     "CREATE TABLE users (id serial PRIMARY KEY, country text, age int);",
//!     None,
//! )?;
//! let profile = Profile::from_json(
//!     r#"{"version": 1, "tables": {"users": {"rows": 2000, "columns": {
//!         "country": {"null_fraction": 0.25, "distinct": 8},
//!         "age": {"distinct": 60, "min": 18, "max": 90}}}}}"#,
//!     "users.profile.json",
//! )?;
//! let (settings, _) = profile.settings(&schema, 0.5)?;
//! let data = Seeder::new(&schema).settings(settings).dataset()?;
//! let users = data.table("users")?;
//! assert_eq!(users.len(), 1000);
//! let countries: std::collections::BTreeSet<Option<String>> =
//!     users.rows().map(|r| r.get("country")).collect::<Result<_, _>>()?;
//! assert_eq!(countries.len(), 8 + 1); // 8 values and NULL
//! let nulls = users.rows().filter(|r| r.get::<Option<String>>("country").unwrap().is_none());
//! assert_eq!(nulls.count(), 250);
//! # Ok::<(), seedgen_core::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::plan::{ColumnSettings, Count, PerParent, Settings, TableSettings};
use crate::schema::{Schema, Table, TypeClass};

/// The profile format version this seedgen reads and writes.
pub const PROFILE_VERSION: u32 = 1;

/// A distinct count above this share of a column's non-NULL rows grows with the rows
/// (a profile at scale 0.1 gets a tenth of it); below, it is a fixed set of values.
pub const DISTINCT_SCALES_ABOVE: f64 = 0.1;

/// The size and shape of a database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The format version: 1.
    pub version: u32,
    /// Where the profile was taken (the URL, password hidden), for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Tables by name (`orders` or `public.orders`).
    pub tables: BTreeMap<String, TableProfile>,
}

/// One table's size and shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableProfile {
    /// Rows.
    pub rows: u64,
    /// How `rows` was found: counted, or the catalog's estimate.
    #[serde(default)]
    pub rows_from: RowsFrom,
    /// Columns by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, ColumnProfile>,
    /// Children per parent, per foreign key of this table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<FanOut>,
}

/// How a row count was found.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RowsFrom {
    /// `COUNT(*)`.
    #[default]
    Count,
    /// The catalog's estimate (PostgreSQL `pg_class.reltuples` after ANALYZE).
    Estimate,
}

/// One column's shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnProfile {
    /// Share of rows that are NULL, 0 to 1.
    #[serde(default)]
    pub null_fraction: f64,
    /// Distinct non-NULL values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<u64>,
    /// Average width of a non-NULL value, in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_width: Option<f64>,
    /// Numbers and dates: the smallest value (a number, or `YYYY-MM-DD[ HH:MM:SS]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Value>,
    /// Numbers and dates: the largest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Value>,
    /// Numbers and dates: equal-depth bounds from `min` to `max` (each bucket between
    /// two bounds holds the same share of the non-NULL rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub histogram: Option<Vec<serde_json::Value>>,
    /// Every distinct value, for columns with few (only with `--include-values`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<serde_json::Value>>,
}

/// How many children the parents of one foreign key have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FanOut {
    /// The foreign key's columns in this table.
    pub columns: Vec<String>,
    /// The parent table.
    pub parent: String,
    /// `[[children, parents], …]`: how many parents have each number of children
    /// (parents with none included), ascending.
    pub children_per_parent: Vec<(u64, u64)>,
}

impl FanOut {
    /// Mean children per parent.
    pub fn mean(&self) -> f64 {
        let (kids, parents) = self
            .children_per_parent
            .iter()
            .fold((0.0, 0.0), |(k, p), (c, n)| {
                (k + (*c * *n) as f64, p + *n as f64)
            });
        if parents == 0.0 {
            0.0
        } else {
            kids / parents
        }
    }

    /// The children count at share `q` (0 to 1) of the parents.
    pub fn quantile(&self, q: f64) -> u64 {
        let total: u64 = self.children_per_parent.iter().map(|x| x.1).sum();
        let want = (q.clamp(0.0, 1.0) * total as f64).ceil().max(1.0) as u64;
        let mut acc = 0;
        for (c, n) in &self.children_per_parent {
            acc += n;
            if acc >= want {
                return *c;
            }
        }
        self.children_per_parent.last().map_or(0, |x| x.0)
    }
}

impl Profile {
    /// Reads a profile from JSON text; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Profile> {
        let json_error = |e: serde_json::Error| Error::Json {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(json_error)?;
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(PROFILE_VERSION) => {}
            Some(v) => {
                return Err(Error::Settings {
                    path: format!("{file}: version"),
                    message: format!(
                        "profile version {v}; this seedgen reads version {PROFILE_VERSION}"
                    ),
                })
            }
            None => {
                return Err(Error::Settings {
                    path: format!("{file}: version"),
                    message: format!(
                        "not a seedgen profile: it needs \"version\": {PROFILE_VERSION}"
                    ),
                })
            }
        }
        let profile: Profile = serde_json::from_str(text).map_err(json_error)?;
        for (name, t) in &profile.tables {
            for (c, p) in &t.columns {
                if !(0.0..=1.0).contains(&p.null_fraction) {
                    return Err(Error::Settings {
                        path: format!("{file}: tables.{name}.columns.{c}.null_fraction"),
                        message: format!("{} is not between 0 and 1", p.null_fraction),
                    });
                }
            }
        }
        Ok(profile)
    }

    /// Reads a profile file.
    pub fn from_path(path: &std::path::Path) -> Result<Profile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Profile::from_json(&text, &path.display().to_string())
    }

    /// The profile as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a profile serializes")
    }

    /// The JSON Schema of the profile format, as published in
    /// `schemas/seedgen.profile.schema.json`.
    pub fn json_schema() -> String {
        let schema = serde_json::to_value(schemars::schema_for!(Profile)).expect("serializes");
        serde_json::to_string_pretty(&schema).expect("serializes") + "\n"
    }

    /// The profile of `table`, matched by name (`orders` finds `public.orders`).
    pub fn table(&self, table: &Table) -> Option<&TableProfile> {
        self.tables.get(&table.name.to_string()).or_else(|| {
            self.tables.iter().find_map(|(k, v)| {
                let q = crate::schema::QualifiedName::try_from(k.clone()).ok()?;
                q.matches(&table.name).then_some(v)
            })
        })
    }

    /// A table's row count at `scale` (at least 1 when the profile has rows).
    pub fn scaled_rows(rows: u64, scale: f64) -> u64 {
        let n = (rows as f64 * scale).round() as u64;
        if rows > 0 {
            n.max(1)
        } else {
            0
        }
    }

    /// Generation settings that reproduce this profile's shape for `schema`, at `scale`;
    /// the second value lists the profile's tables the schema lacks.
    pub fn settings(&self, schema: &Schema, scale: f64) -> Result<(Settings, Vec<String>)> {
        if !scale.is_finite() || scale <= 0.0 {
            return Err(Error::Settings {
                path: "scale".into(),
                message: format!("{scale} is not a positive factor"),
            });
        }
        let mut settings = Settings::default();
        let mut notes = Vec::new();
        for name in self.tables.keys() {
            if schema.find_table(name).is_none() {
                notes.push(format!(
                    "profile table {name} is not in the schema; it is left out"
                ));
            }
        }
        for table in &schema.tables {
            let Some(tp) = self.table(table) else {
                continue;
            };
            let mut ts = TableSettings::default();
            let rows = Self::scaled_rows(tp.rows, scale);
            let keyed = key_columns(table);
            for col in &table.columns {
                let Some(cp) = tp.columns.get(&col.name).or_else(|| {
                    tp.columns
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(&col.name))
                        .map(|x| x.1)
                }) else {
                    continue;
                };
                let mut cs = ColumnSettings::default();
                if col.nullable && !table.primary_key.contains(&col.name) {
                    cs.null_rate = Some(cp.null_fraction);
                }
                let generated = col.generated.is_some() || col.identity.is_some();
                if !keyed.contains(&col.name) && !generated {
                    let filled = tp.rows as f64 * (1.0 - cp.null_fraction);
                    let filled_scaled = rows as f64 * (1.0 - cp.null_fraction);
                    let values = cp.values.as_ref().filter(|v| {
                        !v.is_empty() && cp.distinct.is_none_or(|d| v.len() as u64 >= d)
                    });
                    if let Some(v) = values {
                        cs.values = Some(v.clone().into());
                    } else {
                        if let Some(d) = cp.distinct.filter(|d| *d > 0) {
                            let d = if d as f64 > DISTINCT_SCALES_ABOVE * filled {
                                (d as f64 * scale).round()
                            } else {
                                d as f64
                            };
                            cs.distinct = Some(d.min(filled_scaled.round()).max(1.0) as u64);
                        }
                        let class = col.data_type.class();
                        let shaped = matches!(
                            class,
                            TypeClass::Int(_)
                                | TypeClass::Decimal
                                | TypeClass::Float
                                | TypeClass::Date
                                | TypeClass::Timestamp
                        ) && col.data_type.array_dims == 0;
                        if shaped {
                            // Numbers at the column's precision (a histogram from
                            // statistics can fall between two values).
                            let digits = match class {
                                TypeClass::Decimal => {
                                    Some(col.data_type.params.get(1).copied().unwrap_or(0) as i32)
                                }
                                TypeClass::Int(_) => Some(0),
                                _ => None,
                            };
                            let fit = |v: &serde_json::Value| match (digits, v.as_f64()) {
                                (Some(d), Some(x)) => {
                                    let m = 10f64.powi(d);
                                    let r = (x * m).round() / m;
                                    if d == 0 {
                                        serde_json::Value::from(r as i64)
                                    } else {
                                        serde_json::Number::from_f64(r)
                                            .map_or(v.clone(), serde_json::Value::Number)
                                    }
                                }
                                _ => v.clone(),
                            };
                            cs.min = cp.min.as_ref().map(fit);
                            cs.max = cp.max.as_ref().map(fit);
                            cs.histogram = cp
                                .histogram
                                .as_ref()
                                .filter(|h| h.len() >= 2)
                                .map(|h| h.iter().map(fit).collect());
                        }
                    }
                }
                if cs != ColumnSettings::default() {
                    ts.columns.insert(col.name.clone(), cs);
                }
            }
            match self.fan_out_for(schema, table, tp) {
                Some(fo) => {
                    ts.per_parent = Some(PerParent {
                        parent: fo.parent.clone(),
                        count: Count {
                            histogram: Some(
                                fo.children_per_parent
                                    .iter()
                                    .map(|(c, n)| (*c, *n as f64))
                                    .collect(),
                            ),
                            ..Count::default()
                        },
                    })
                }
                None => ts.default_rows = Some(rows),
            }
            settings.tables.insert(table.name.to_string(), ts);
        }
        Ok((settings, notes))
    }

    /// The foreign key whose children-per-parent histogram sets the table's rows: one
    /// to another table, (almost) never NULL, the most uneven when there are several.
    fn fan_out_for<'a>(
        &self,
        schema: &Schema,
        table: &Table,
        tp: &'a TableProfile,
    ) -> Option<&'a FanOut> {
        tp.foreign_keys
            .iter()
            .filter(|fo| {
                let Some(parent) = schema.find_table(&fo.parent) else {
                    return false;
                };
                let declared = table.foreign_keys.iter().any(|fk| {
                    fk.columns == fo.columns && fk.references.table.matches(&parent.name)
                });
                let never_null = fo
                    .columns
                    .iter()
                    .all(|c| tp.columns.get(c).is_none_or(|p| p.null_fraction < 0.01));
                declared
                    && never_null
                    && parent.name != table.name
                    && self.table(parent).is_some()
                    && fo.children_per_parent.iter().any(|x| x.1 > 0)
            })
            .max_by(|a, b| unevenness(a).total_cmp(&unevenness(b)))
    }
}

/// Coefficient of variation of the children counts.
fn unevenness(fo: &FanOut) -> f64 {
    let mean = fo.mean();
    if mean == 0.0 {
        return 0.0;
    }
    let (mut var, mut n) = (0.0, 0.0);
    for (c, p) in &fo.children_per_parent {
        var += (*c as f64 - mean).powi(2) * *p as f64;
        n += *p as f64;
    }
    (var / n).sqrt() / mean
}

/// Columns of the primary key, of UNIQUE keys and of foreign keys: their values are the
/// keys' to choose.
fn key_columns(table: &Table) -> Vec<String> {
    let mut v: Vec<String> = table.primary_key.clone();
    for u in &table.unique {
        v.extend(u.columns.iter().cloned());
    }
    for fk in &table.foreign_keys {
        v.extend(fk.columns.iter().cloned());
    }
    v
}

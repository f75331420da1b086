//! Generation settings: what the user asks for on top of the schema.
//!
//! Settings come from the `"generate"` section of a seedgen JSON document (any number of
//! them, later ones win field by field) and from command-line flags, which the CLI lays
//! over them last. Every field is optional; [`Settings::default`] is a valid request.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Row counts, seed, time anchor, locale and per-table / per-column choices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The seed: same seed, same data (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Rows per table when a table gives no count (default 1,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// Multiplies every row count (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
    /// The time anchor: "now" for every generated date (default `2025-01-01T00:00:00Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The locale of names, addresses and phone numbers (default `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The share of NULLs in every nullable column that has no setting of its own. Not
    /// given: 0.1 in data version 1; from version 2, by what the column holds (2% with a
    /// DEFAULT, 60% for optional parts such as `middle_name`, else 2–20% by its name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub null_rate: Option<f64>,
    /// Refuse every choice seedgen would otherwise make on its own: a default row count
    /// capped at what a table's keys allow, a column filled by a fallback (its DEFAULT,
    /// a composite type's fields, …) or left NULL. All of them are listed at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
    /// Whether the schema's triggers run as rows go in (the default): a table a trigger
    /// fills (an `INSERT` in the body of a trigger on another table) is then left to the
    /// trigger. `false` generates such tables too, and loading switches the triggers
    /// off where the database allows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggers: Option<bool>,
    /// The data version to generate (default: the newest). Version 1 is the data of
    /// the first release, byte for byte; version 2 adds vocabularies for categorical
    /// columns and orders related dates by their names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_version: Option<u32>,
    /// Settings per table, by name (`users` or `schema.users`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tables: BTreeMap<String, TableSettings>,
}

/// Settings for one table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSettings {
    /// The table's row count, exactly: a count the table's keys cannot hold is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// The table's row count unless its keys, CHECKs or references hold fewer, in which
    /// case it is capped at what fits and the plan says so (a profile's counts are these).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_rows: Option<u64>,
    /// Children per parent: the row count becomes the sum of the counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_parent: Option<PerParent>,
    /// Settings per column, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, ColumnSettings>,
}

/// How many rows of this table each row of a parent table gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerParent {
    /// The parent table (this table must have a foreign key to it).
    pub parent: String,
    /// The count per parent.
    pub count: Count,
}

/// A count per parent. Give exactly one of `fixed`, `min`/`max`, `poisson`, `zipf`,
/// `buckets` or `histogram`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// Every parent gets this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<u64>,
    /// Uniform between `min` and `max` (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    /// See `min`; also caps `poisson` and `zipf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    /// Poisson with this mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poisson: Option<f64>,
    /// Zipf with this exponent over `1..=max`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zipf: Option<f64>,
    /// Weighted buckets: `[[count, weight], …]`, each parent's count drawn from them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buckets: Option<Vec<(u64, f64)>>,
    /// Exact shares: `[[count, parents], …]`, the parents given each count in proportion
    /// (a profile's children-per-parent histogram), not drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub histogram: Option<Vec<(u64, f64)>>,
}

impl From<u64> for Count {
    /// Exactly this many per parent.
    fn from(n: u64) -> Self {
        Count {
            fixed: Some(n),
            ..Count::default()
        }
    }
}

impl From<std::ops::RangeInclusive<u64>> for Count {
    /// Uniform between the bounds.
    fn from(r: std::ops::RangeInclusive<u64>) -> Self {
        Count {
            min: Some(*r.start()),
            max: Some(*r.end()),
            ..Count::default()
        }
    }
}

/// Settings for one column: a generator and its parameters, or fixed values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnSettings {
    /// A built-in generator by name (`email`, `first_name`, `int`, `timestamp`, …; the
    /// list is in the README and in the error for an unknown name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    /// One value for every row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// Values to choose from (at random, or in turn with `cycle`): a list, or an object
    /// of values and their weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Values>,
    /// Take `values` in turn by row index instead of at random.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<bool>,
    /// A raw SQL expression per dialect (`postgres`, `mysql`, `sqlite`), for types no
    /// generator knows; written as is by SQL outputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql: Option<BTreeMap<String, String>>,
    /// Lower bound (number, or date/timestamp text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Value>,
    /// Upper bound (number, or date/timestamp text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Value>,
    /// Shortest text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Longest text, in characters (never more than the column's length).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// The share of NULLs (nullable columns only), 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub null_rate: Option<f64>,
    /// For a foreign-key column: how parents are picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
    /// How many distinct values the column holds (non-key columns): values come from a
    /// pool of this many, all of them used when the rows allow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<u64>,
    /// Numbers or dates: equal-depth histogram bounds, ascending (`[min, …, max]`, each
    /// bucket between two bounds holding the same share of the rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub histogram: Option<Vec<serde_json::Value>>,
    /// Computed from other values (data version 2), for schemas whose names do not
    /// say it: a parent's total as the sum of its lines, a share of another column of
    /// the row, or a sum of the row's columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derive: Option<Derive>,
    /// The value of a column of the row a foreign key references, as `table.column`
    /// (`"products.price"` for a line's unit price; data version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_from: Option<String>,
}

/// How a column is computed from other values ([`ColumnSettings::derive`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Derive {
    /// The sum over this row's lines (`{"of": "order_items.unit_price", "times":
    /// "quantity"}`): the lines' table then holds a block of rows per parent.
    Sum(SumOf),
    /// A share of another column of the row: `{"of": "subtotal", "min": 0.05, "max":
    /// 0.25}`.
    Share(ShareOf),
    /// The sum of other columns of the row, a leading `-` subtracting:
    /// `["subtotal", "tax", "-discount"]`.
    Add(Vec<String>),
}

/// The lines a total sums ([`Derive::Sum`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SumOf {
    /// The lines' column, as `table.column`; the lines' table references this one.
    pub of: String,
    /// A column of the lines it is multiplied by (a quantity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<String>,
}

/// The column a share is of and its rate ([`Derive::Share`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareOf {
    /// A column of the same row.
    pub of: String,
    /// Lowest rate (0.05 for 5%).
    pub min: f64,
    /// Highest rate.
    pub max: f64,
}

/// How a foreign key picks its parent row, or how a number or date falls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Distribution {
    /// Every parent (or value between `min` and `max`) equally likely. Foreign keys are
    /// skewed by default from data version 2; this asks for uniform picks.
    Uniform,
    /// Foreign keys: children in parent order: row i of n goes to parent i·parents/n.
    Sequential,
    /// Skewed: parent of rank k (or the integer `min + k`) with weight 1/k^s.
    Zipf {
        /// The exponent (1 is classic Zipf; larger is more skewed).
        s: f64,
    },
    /// Numbers: normal around `mean` with standard deviation `sd`, within `min`/`max`.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Numbers: log-normal, half the values below `median`; `sigma` is the standard
    /// deviation of their logarithm (0.5 narrow, 1 wide), within `min`/`max`.
    #[serde(rename = "lognormal")]
    LogNormal {
        /// Half the values are below.
        median: f64,
        /// Standard deviation of the logarithm (default 0.75).
        #[serde(default)]
        sigma: Option<f64>,
    },
    /// Dates and timestamps: more rows towards the end of the range (growth), fewer on
    /// weekends, most in working hours.
    Seasonal,
}

/// The `values` of a column: a list, or values with their weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Values {
    /// Values equally likely (or in turn, with `cycle`).
    List(Vec<serde_json::Value>),
    /// Each value with its weight (any non-negative numbers; they need not add up to 1):
    /// `{"active": 0.9, "suspended": 0.08, "deleted": 0.02}`. For a numeric column the
    /// keys are read as numbers.
    Weighted(BTreeMap<String, f64>),
}

impl Values {
    /// How many values.
    pub fn len(&self) -> usize {
        match self {
            Values::List(v) => v.len(),
            Values::Weighted(m) => m.len(),
        }
    }

    /// No values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Vec<serde_json::Value>> for Values {
    fn from(v: Vec<serde_json::Value>) -> Self {
        Values::List(v)
    }
}

impl TableSettings {
    /// Whether these settings give the table's row count (`rows`, `default_rows` or
    /// `per_parent`), so seedgen must not choose one.
    pub fn count_given(&self) -> bool {
        self.rows.is_some() || self.default_rows.is_some() || self.per_parent.is_some()
    }
}

impl Settings {
    /// Reads the settings object itself (the value of a `"generate"` section); `path`
    /// names it in errors.
    pub fn from_value(value: serde_json::Value, path: &str) -> Result<Settings> {
        serde_json::from_value(value).map_err(|e| Error::Settings {
            path: path.to_string(),
            message: e.to_string(),
        })
    }

    /// Lays `other` over `self`: every field `other` sets wins.
    pub fn merge(&mut self, other: Settings) {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        take!(seed, rows, scale, as_of, locale, null_rate, strict, triggers);
        for (name, t) in other.tables {
            let into = self.tables.entry(name).or_default();
            if t.rows.is_some() {
                into.rows = t.rows;
            }
            if t.default_rows.is_some() {
                into.default_rows = t.default_rows;
            }
            if t.per_parent.is_some() {
                into.per_parent = t.per_parent;
            }
            for (c, s) in t.columns {
                into.columns.insert(c, s);
            }
        }
    }

    /// The JSON Schema of the settings object.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Settings)).expect("schema serializes")
    }
}

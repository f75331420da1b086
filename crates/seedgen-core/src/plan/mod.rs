//! Plans: the schema plus settings, resolved so that every column has a generator and
//! every table a row count, and checked before any row exists.
//!
//! [`Plan::new`] does all that can fail: unknown names in the settings, unique domains
//! smaller than the row count, CHECKs no value satisfies, types with no generator,
//! cycles that cannot load. Generating from a plan then fails only on I/O (or on a row
//! that fails a CHECK the narrowing could not read, after bounded resampling).

mod apart;
mod columns;
mod constants;
mod copies;
mod derive;
pub mod existing;
mod infer;
pub(crate) mod ir;
mod passes;
mod persons;
pub(crate) mod picks;
mod shape;
mod table;
mod unique;

use std::collections::HashSet;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema as ArrowSchema, SchemaRef};
use sqlparser::ast::Expr;

use crate::cell::Slot;
use crate::error::{Error, Result};
use crate::locale::Locale;
use crate::plan::ir::Gen;
use crate::plan::picks::Pick;
use crate::random::rng::ColumnKey;
use crate::schema::{Dialect, QualifiedName, Schema, SqlType, TableLookup};

pub use crate::settings::{
    ColumnSettings, Count, Derive, Distribution, PerParent, Settings, ShareOf, SumOf,
    TableSettings, Values,
};

/// The default row count per table.
pub const DEFAULT_ROWS: u64 = 1000;
/// The default time anchor.
pub const DEFAULT_AS_OF: &str = "2025-01-01T00:00:00Z";
/// The default share of NULLs in nullable columns.
pub const DEFAULT_NULL_RATE: f64 = 0.1;
/// Row counts above this are refused as a likely mistake.
pub const MAX_ROWS: u64 = 1_000_000_000_000;

/// A validated generation plan.
#[derive(Debug)]
pub struct Plan {
    schema: Schema,
    dialect: Dialect,
    pub(crate) seed: u64,
    /// The data version the plan generates.
    pub(crate) data_version: u32,
    /// The time anchor, seconds since the epoch.
    pub(crate) as_of: i64,
    pub(crate) locale: Locale,
    pub(crate) tables: Vec<TablePlan>,
    order: Vec<usize>,
    warnings: Vec<String>,
    caps: Vec<Cap>,
    lookups: Vec<Cap>,
    fallbacks: Vec<Fallback>,
    filled: Vec<Filled>,
    /// Tables holding rows before these: (table, rows, where they come from).
    existing: Vec<(String, u64, String)>,
    /// Pinned cells: (table, row) → (column, value).
    pub(crate) pins: std::collections::HashMap<(usize, u64), Vec<(usize, Slot)>>,
}

/// A table whose default row count was lowered to what its keys, CHECKs or references
/// allow. (An explicit count that cannot hold is refused instead.)
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cap {
    /// The table.
    pub table: QualifiedName,
    /// The rows it would have had.
    pub asked: u64,
    /// The rows it gets.
    pub rows: u64,
    /// The `table.column` (or table) that limits it.
    pub target: String,
    /// Why, in words.
    pub reason: String,
}

/// A table left to a trigger, which fills it as another table's rows go in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Filled {
    /// The table the trigger fills.
    pub table: QualifiedName,
    /// The trigger.
    pub trigger: String,
    /// The table whose inserts fire it.
    pub source: QualifiedName,
}

impl std::fmt::Display for Filled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: not generated, trigger {} on {} fills it as {}'s rows go in (turning `triggers` off generates it)",
            self.table, self.trigger, self.source, self.source
        )
    }
}

/// A column that no generator knows how to fill from its type, filled another way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fallback {
    /// `table.column`.
    pub target: String,
    /// How it is filled: `default` (left to the column's DEFAULT), `composite`,
    /// `extension type`, `null`, ….
    pub kind: String,
    /// What was done, in words.
    pub note: String,
}

impl std::fmt::Display for Cap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: capped at {} rows (default {}): {}",
            self.table, self.rows, self.asked, self.reason
        )
    }
}

impl std::fmt::Display for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.target, self.note)
    }
}

/// One table's plan.
#[derive(Debug)]
pub struct TablePlan {
    pub(crate) name: QualifiedName,
    pub(crate) rows: u64,
    pub(crate) columns: Vec<ColumnPlan>,
    /// Columns in the order they are computed (bases of `After` first).
    pub(crate) eval_order: Vec<usize>,
    pub(crate) fks: Vec<FkPlan>,
    pub(crate) checks: Vec<CheckPlan>,
    pub(crate) null_groups: Vec<NullGroup>,
    /// The foreign keys whose parents' timelines this table's timeline follows: a row is
    /// created after each parent it picks (data version 1: the first only).
    pub(crate) timeline_fks: Vec<usize>,
    /// How many creation times computing one row's takes, parents' included (bounded
    /// by [`TIMELINE_BUDGET`] when choosing `timeline_fks`).
    pub(crate) timeline_cost: u32,
    pub(crate) person_key: ColumnKey,
    pub(crate) address_key: ColumnKey,
    pub(crate) timeline_key: ColumnKey,
    pub(crate) row_digits: usize,
    pub(crate) arrow: SchemaRef,
    /// Indexes of the written columns (generated columns are left out).
    pub(crate) written: Vec<usize>,
    /// The rows the table holds before these (see [`existing`]).
    pub(crate) existing: Option<Arc<existing::ExistingRows>>,
    /// What the writers need to know of each written column (same order as `written`).
    pub(crate) outputs: Vec<OutputColumn>,
}

/// What the writers need to know of one written column besides its Arrow type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OutputColumn {
    /// The column's name.
    pub name: String,
    /// Its SQL type, as declared.
    pub sql_type: SqlType,
    /// Its values are SQL expressions to write as they are (a `sql` override): only SQL
    /// output in the plan's dialect can write them.
    pub raw_sql: bool,
    /// Its values are well-known text of a spatial type, written through the dialect's
    /// geometry constructor in SQL.
    pub spatial: bool,
}

/// One column's plan.
#[derive(Debug)]
pub struct ColumnPlan {
    pub(crate) name: String,
    pub(crate) sql_type: SqlType,
    pub(crate) nullable: bool,
    pub(crate) written: bool,
    pub(crate) generator: String,
    pub(crate) reason: String,
    pub(crate) gen: Gen,
    pub(crate) null_rate: f64,
    pub(crate) key: ColumnKey,
    pub(crate) data_type: DataType,
    /// What the type holds, in this schema.
    pub(crate) class: crate::schema::TypeClass,
    /// Resampled when a CHECK fails.
    pub(crate) resample: bool,
    /// Computable for a row without the rest of the row.
    pub(crate) standalone: bool,
    /// The NULL pattern deciding whether this cell is NULL (group, bit).
    pub(crate) null_group: Option<(usize, u32)>,
}

/// A foreign key's plan.
#[derive(Debug)]
pub(crate) struct FkPlan {
    pub(crate) name: String,
    pub(crate) parent: usize,
    pub(crate) columns: Vec<usize>,
    pub(crate) parent_columns: Vec<usize>,
    pub(crate) pick: Pick,
    pub(crate) nullable: bool,
    pub(crate) null_rate: f64,
    pub(crate) key: ColumnKey,
    pub(crate) self_ref: bool,
    /// The NULL pattern deciding whether this key is NULL (group, bit), when a CHECK
    /// ties it to other columns.
    pub(crate) null_group: Option<(usize, u32)>,
    /// Existing parent rows it may pick before the new ones: a pick `j` below this is
    /// existing row `j`, above it new row `j - existing`.
    pub(crate) existing: u64,
}

/// Columns whose NULLs a CHECK ties together (`a IS NOT NULL OR b IS NOT NULL`,
/// `(a IS NULL) = (b IS NULL)`, `num_nonnulls(a, b) = 1`): each row draws one of the
/// patterns the CHECKs allow, weighted by the columns' NULL shares.
#[derive(Debug)]
pub(crate) struct NullGroup {
    pub(crate) key: ColumnKey,
    /// Allowed patterns (bit `i` set: the group's column `i` is NULL) and their
    /// cumulative weights.
    pub(crate) patterns: Vec<(u64, f64)>,
}

/// A CHECK evaluated on every row.
#[derive(Debug)]
pub(crate) struct CheckPlan {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) expr: Expr,
    /// The column `VALUE` stands for (domain checks).
    pub(crate) value_column: Option<usize>,
    pub(crate) columns: Vec<usize>,
}

impl Plan {
    /// Resolves `settings` over `schema` and validates the result. The rows the
    /// schema's own statements insert ([`crate::schema::Table::seed`]) count as existing
    /// rows: new keys start after theirs.
    pub fn new(schema: Schema, settings: &Settings) -> Result<Plan> {
        let existing = existing::Existing::from_seed(&schema);
        build(schema, settings, &existing)
    }

    /// [`Plan::new`] for tables that hold `existing` rows already (a database being
    /// topped up): row counts are rows added, and new rows keep clear of the old ones.
    pub fn with_existing(
        schema: Schema,
        settings: &Settings,
        existing: &existing::Existing,
    ) -> Result<Plan> {
        build(schema, settings, existing)
    }

    /// The tables that hold rows before these, with how many and where they come from.
    pub fn existing(&self) -> &[(String, u64, String)] {
        &self.existing
    }

    /// The schema the plan was made from.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The tables' plans, in schema order (index as in [`Schema::tables`]).
    pub fn tables(&self) -> &[TablePlan] {
        &self.tables
    }

    /// Table indexes in load order (parents first).
    pub fn load_order(&self) -> &[usize] {
        &self.order
    }

    /// Things the user should know: CHECKs not evaluated, references to missing tables, ….
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Adds a line to [`Plan::warnings`] (a choice made for the user, in words).
    pub(crate) fn note(&mut self, line: String) {
        self.warnings.push(line);
    }

    /// Tables whose default row count was capped at what their keys allow.
    pub fn caps(&self) -> &[Cap] {
        &self.caps
    }

    /// Lookup tables (currencies, statuses, categories, …) given the size of their
    /// vocabulary instead of the global row count (data version 2); `asked` is the count
    /// they would have had.
    pub fn lookups(&self) -> &[Cap] {
        &self.lookups
    }

    /// Columns filled by a fallback because no generator knows their type.
    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
    }

    /// Tables left to the triggers that fill them.
    pub fn filled_by_triggers(&self) -> &[Filled] {
        &self.filled
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The data version the plan generates (see [`Settings::data_version`]).
    pub fn data_version(&self) -> u32 {
        self.data_version
    }

    /// The SQL dialect of the schema.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The index of a table by name (`users` or `schema.users`).
    pub fn table_index(&self, name: &str) -> Option<usize> {
        find_table(&self.schema, name)
    }
}

impl Plan {
    /// Per written column of table `t` (in [`TablePlan::arrow_schema`] order): whether
    /// its values are expected to repeat a lot (at most about 65,536 distinct values), so
    /// that dictionary encoding pays. Keys, running text, free numbers and UUIDs do not.
    pub fn few_distinct(&self, t: usize) -> Vec<bool> {
        const FEW: u128 = 1 << 16;
        let tp = &self.tables[t];
        tp.written
            .iter()
            .map(|&c| {
                if let Some(fk) = tp.fks.iter().find(|f| f.columns.contains(&c)) {
                    return u128::from(self.tables[fk.parent].rows) <= FEW;
                }
                let span = |lo: i128, hi: i128| hi.abs_diff(lo) < FEW;
                match &tp.columns[c].gen {
                    Gen::Null
                    | Gen::Values { .. }
                    | Gen::Weighted { .. }
                    | Gen::Gendered { .. }
                    | Gen::Bool { .. } => true,
                    Gen::Range { lo, hi, .. } => span(*lo, *hi),
                    Gen::Skewed(k) => span(k.lo, k.hi),
                    Gen::Ranges { ranges, .. } => {
                        ranges.iter().map(|(lo, hi)| hi.abs_diff(*lo)).sum::<u128>() < FEW
                    }
                    Gen::Text(t) => !t.unique && !t.sem.many_distinct(),
                    _ => false,
                }
            })
            .collect()
    }
}

impl TablePlan {
    /// What the writers need to know of each written column, in the order of
    /// [`TablePlan::arrow_schema`]'s fields.
    pub fn output_columns(&self) -> &[OutputColumn] {
        &self.outputs
    }

    /// Rows the table holds before the new ones (seed rows of the inputs, or rows of
    /// the database being topped up).
    pub fn existing_rows(&self) -> u64 {
        self.existing.as_ref().map_or(0, |e| e.rows)
    }

    /// The index of column `name` (exact spelling first, then ignoring case).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| {
                self.columns
                    .iter()
                    .position(|c| c.name.eq_ignore_ascii_case(name))
            })
    }

    /// The table's name.
    pub fn name(&self) -> &QualifiedName {
        &self.name
    }

    /// Rows to generate.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The columns' plans, in table order (generated columns included, marked unwritten).
    pub fn columns(&self) -> &[ColumnPlan] {
        &self.columns
    }

    /// The Arrow schema of this table's batches (written columns only).
    pub fn arrow_schema(&self) -> SchemaRef {
        self.arrow.clone()
    }

    /// How each foreign key picks its parents, for `seedgen plan`: (name, parent table
    /// index, description).
    pub fn references(&self) -> Vec<(String, usize, String)> {
        self.fks
            .iter()
            .map(|f| (f.name.clone(), f.parent, f.pick.describe()))
            .collect()
    }

    /// The CHECKs evaluated on each row: (name, expression).
    pub fn checks(&self) -> Vec<(String, String)> {
        self.checks
            .iter()
            .map(|c| (c.name.clone(), c.text.clone()))
            .collect()
    }
}

impl ColumnPlan {
    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column's SQL type.
    pub fn sql_type(&self) -> &SqlType {
        &self.sql_type
    }

    /// The generator's name and parameters.
    pub fn generator(&self) -> &str {
        &self.generator
    }

    /// Why this generator was chosen.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The share of NULLs.
    pub fn null_rate(&self) -> f64 {
        self.null_rate
    }

    /// Whether the column accepts NULL.
    pub fn nullable(&self) -> bool {
        self.nullable
    }

    /// Whether the column is written (generated columns are not).
    pub fn written(&self) -> bool {
        self.written
    }

    /// The Arrow type of the column's values.
    pub fn data_type(&self) -> &DataType {
        &self.data_type
    }
}

/// Finds a table by `name` or `schema.name`, exactly or else ignoring case.
pub(crate) fn find_table(schema: &Schema, name: &str) -> Option<usize> {
    let q = QualifiedName::try_from(name.to_string()).ok()?;
    schema
        .tables
        .iter()
        .position(|t| t.name.matches(&q))
        .or_else(|| {
            let lower = name.to_lowercase();
            schema.tables.iter().position(|t| {
                t.name.to_string().to_lowercase() == lower || t.name.name.to_lowercase() == lower
            })
        })
}

fn digits(n: u64) -> usize {
    n.max(1).to_string().len()
}

/// The settings that apply to the whole schema, checked.
struct Globals {
    dialect: Dialect,
    seed: u64,
    data_version: u32,
    as_of: i64,
    locale: Locale,
    null_rate: f64,
    scale: f64,
}

fn globals(schema: &Schema, settings: &Settings) -> Result<Globals> {
    let dialect = schema.dialect.unwrap_or(Dialect::Postgres);
    let seed = settings.seed.unwrap_or(0);
    let as_of_text = settings.as_of.as_deref().unwrap_or(DEFAULT_AS_OF);
    let as_of = crate::calendar::parse_timestamp(as_of_text)
        .ok_or_else(|| Error::Settings {
            path: "as_of".into(),
            message: format!(
                "`{as_of_text}` is not a date or timestamp; write it as 2025-01-01 or 2025-01-01T00:00:00Z"
            ),
        })?
        .div_euclid(1_000_000);
    let locale_name = settings.locale.as_deref().unwrap_or("en");
    let locale = Locale::by_name(locale_name).ok_or_else(|| Error::Settings {
        path: "locale".into(),
        message: format!(
            "unknown locale `{locale_name}`; use one of {}",
            crate::locale::LOCALES.join(", ")
        ),
    })?;
    let null_rate = settings.null_rate.unwrap_or(DEFAULT_NULL_RATE);
    if !(0.0..=1.0).contains(&null_rate) {
        return Err(Error::Settings {
            path: "null_rate".into(),
            message: format!("{null_rate} is not between 0 and 1"),
        });
    }
    let scale = settings.scale.unwrap_or(1.0);
    if !scale.is_finite() || scale < 0.0 {
        return Err(Error::Settings {
            path: "scale".into(),
            message: format!("{scale} is not a non-negative number"),
        });
    }
    use crate::random::rng::{DATA_VERSION, OLDEST_DATA_VERSION};
    let data_version = settings.data_version.unwrap_or(DATA_VERSION);
    if !(OLDEST_DATA_VERSION..=DATA_VERSION).contains(&data_version) {
        return Err(Error::Settings {
            path: "data_version".into(),
            message: format!(
                "data version {data_version} is not one this release generates; give {OLDEST_DATA_VERSION} to {DATA_VERSION}"
            ),
        });
    }
    Ok(Globals {
        dialect,
        seed,
        data_version,
        as_of,
        locale: locale.for_version(data_version),
        null_rate,
        scale,
    })
}

/// Table settings by table index; unknown tables and columns are errors.
fn table_settings<'s>(
    schema: &Schema,
    settings: &'s Settings,
) -> Result<Vec<Option<&'s TableSettings>>> {
    let mut table_settings: Vec<Option<&TableSettings>> = vec![None; schema.tables.len()];
    for (name, ts) in &settings.tables {
        let i = find_table(schema, name).ok_or_else(|| Error::Settings {
            path: format!("tables.{name}"),
            message: format!(
                "the schema has no table `{name}`{}",
                suggest_table(schema, name)
            ),
        })?;
        table_settings[i] = Some(ts);
        let table = &schema.tables[i];
        for cname in ts.columns.keys() {
            if table.column(cname).is_none()
                && !table
                    .columns
                    .iter()
                    .any(|c| c.name.eq_ignore_ascii_case(cname))
            {
                return Err(Error::Settings {
                    path: format!("tables.{name}.columns.{cname}"),
                    message: format!(
                        "table {} has no column `{cname}`; its columns are {}",
                        table.name,
                        table
                            .columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
        }
    }

    Ok(table_settings)
}

/// Row counts before per-parent counts, and which of them the user asked for (those
/// are refused when they cannot hold; the others are capped).
fn row_counts(
    schema: &Schema,
    settings: &Settings,
    table_settings: &[Option<&TableSettings>],
    scale: f64,
) -> Result<(Vec<u64>, Vec<bool>)> {
    let mut rows = Vec::with_capacity(schema.tables.len());
    let explicit: Vec<bool> = table_settings
        .iter()
        .map(|s| s.is_some_and(|s| s.rows.is_some() || s.per_parent.is_some()))
        .collect();
    for (i, t) in schema.tables.iter().enumerate() {
        let base = table_settings[i]
            .and_then(|s| s.rows.or(s.default_rows))
            .or(settings.rows)
            .unwrap_or(DEFAULT_ROWS);
        let r = (base as f64 * scale).round();
        if r > MAX_ROWS as f64 {
            return Err(Error::Settings {
                path: format!("tables.{}.rows", t.name),
                message: format!(
                    "{r} rows is more than the limit of {MAX_ROWS}; check the count and `scale`"
                ),
            });
        }
        rows.push(r as u64);
    }

    Ok((rows, explicit))
}

/// Data version 2: a lookup table whose count nobody set (no `rows` or `default_rows`
/// of its own, no seed rows) gets its vocabulary's size ([`infer::lookup_size`]).
fn size_lookups(
    schema: &Schema,
    settings: &Settings,
    table_settings: &[Option<&TableSettings>],
    rows: &mut [u64],
) -> Vec<Cap> {
    if settings
        .data_version
        .unwrap_or(crate::random::rng::DATA_VERSION)
        < 2
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, t) in schema.tables.iter().enumerate() {
        let set = table_settings[i].is_some_and(TableSettings::count_given);
        let Some((n, what)) = infer::lookup_size(&t.name.name) else {
            continue;
        };
        if set || !t.seed.is_empty() || rows[i] <= n {
            continue;
        }
        out.push(Cap {
            table: t.name.clone(),
            asked: rows[i],
            rows: n,
            target: t.name.to_string(),
            reason: format!("a lookup table of {what}, about {n} rows"),
        });
        rows[i] = n;
    }
    out
}

/// Tables that triggers fill are theirs (0 rows), unless the triggers are switched off.
fn trigger_filled(
    schema: &Schema,
    settings: &Settings,
    rows: &mut [u64],
    explicit: &[bool],
) -> Result<Vec<Filled>> {
    let mut filled = Vec::new();
    if settings.triggers != Some(false) {
        for (t, tr, source) in schema.trigger_filled() {
            let name = &schema.tables[t].name;
            if explicit[t] {
                return Err(Error::Settings {
                    path: format!("tables.{name}.rows"),
                    message: format!(
                        "trigger {} on {} fills {name} as {}'s rows go in; to generate {name} yourself, turn `triggers` off",
                        tr.name, schema.tables[source].name, schema.tables[source].name
                    ),
                });
            }
            rows[t] = 0;
            filled.push(Filled {
                table: name.clone(),
                trigger: tr.name.clone(),
                source: schema.tables[source].name.clone(),
            });
        }
    }
    Ok(filled)
}

fn build(schema: Schema, settings: &Settings, existing: &existing::Existing) -> Result<Plan> {
    let Globals {
        dialect,
        seed,
        data_version,
        as_of,
        locale,
        null_rate,
        scale,
    } = globals(&schema, settings)?;
    let table_settings = table_settings(&schema, settings)?;
    let (mut rows, explicit) = row_counts(&schema, settings, &table_settings, scale)?;
    let lookups = size_lookups(&schema, settings, &table_settings, &mut rows);
    let filled = trigger_filled(&schema, settings, &mut rows, &explicit)?;
    let load = schema.load_order();
    let mut plan = Plan {
        dialect,
        seed,
        data_version,
        as_of,
        locale,
        tables: Vec::new(),
        order: load.order.clone(),
        warnings: Vec::new(),
        caps: Vec::new(),
        lookups: Vec::new(),
        fallbacks: Vec::new(),
        filled: Vec::new(),
        existing: existing
            .iter()
            .map(|(n, e)| (n.to_string(), e.rows, e.from.clone()))
            .collect(),
        schema: Schema::new(None),
        pins: Default::default(),
    };
    let lookup = schema.table_lookup();
    let referenced = referenced_columns(&schema, &lookup);
    let summed = derive::summed_lines(&schema, &table_settings);
    let mut cx = table::Planner {
        schema: &schema,
        table_settings: &table_settings,
        summed,
        rows,
        unlined: HashSet::new(),
        null_rate,
        null_rate_given: settings.null_rate.is_some(),
        seed,
        data_version,
        as_of,
        dialect,
        referenced: &referenced,
        lookup: &lookup,
        cycles: &load.cycles,
        warnings: Vec::new(),
        fallbacks: Vec::new(),
        tables: (0..schema.tables.len()).map(|_| None).collect(),
    };
    let mut explicit = explicit;
    for f in &filled {
        if let Some(i) = schema.table_index(&f.table) {
            explicit[i] = true;
        }
    }
    plan.filled = filled;
    plan.caps = plan_tables(&mut cx, &load.order, &explicit)?;
    // A lookup table capped again by its keys keeps the cap only.
    plan.lookups = lookups
        .into_iter()
        .filter(|l| !plan.caps.iter().any(|c| c.table == l.table))
        .collect();
    cx.check_cycles()?;
    let cx_version = cx.data_version;
    plan.warnings = std::mem::take(&mut cx.warnings);
    plan.fallbacks = std::mem::take(&mut cx.fallbacks);
    if settings.strict == Some(true) && !(plan.caps.is_empty() && plan.fallbacks.is_empty()) {
        return Err(Error::Strict {
            choices: plan
                .caps
                .iter()
                .map(ToString::to_string)
                .chain(plan.fallbacks.iter().map(ToString::to_string))
                .collect(),
        });
    }
    plan.tables = cx
        .tables
        .into_iter()
        .map(|t| t.expect("every table planned"))
        .collect();
    if cx_version >= 2 {
        copies::copy_prices(&schema, &mut plan.tables);
        copies::sum_totals(&schema, &mut plan.tables);
        derive::derive_columns(&schema, &mut plan.tables);
        persons::agree_with_person(&mut plan.tables);
    }
    derive::from_settings(&schema, &table_settings, cx_version, &mut plan.tables)?;
    let apart = apart::keep_apart(&schema, &lookup, cx_version, &mut plan.tables);
    plan.warnings.extend(apart);
    let held = existing::apply(&schema, existing, &mut plan.tables);
    plan.warnings.extend(held);
    for t in &mut plan.tables {
        finish_table(t);
    }
    plan.schema = schema;
    Ok(plan)
}

/// Plans every table in load order (per-parent counts change row counts, so parents
/// come first), capping the default count of a table whose keys, CHECKs or references
/// hold fewer rows. Children follow their capped parents; when a cap lands on a table
/// that an earlier table of a cycle references, the tables are planned again.
fn plan_tables(
    cx: &mut table::Planner<'_>,
    order: &[usize],
    explicit: &[bool],
) -> Result<Vec<Cap>> {
    let mut caps: Vec<Cap> = Vec::new();
    loop {
        let mut again = false;
        for &t in order {
            loop {
                let l = match cx.plan_table(t) {
                    Ok(()) => break,
                    Err(table::Stop::Fail(e)) => return Err(e),
                    Err(table::Stop::Limit(l)) => l,
                };
                let asked = cx.rows[t];
                let name = &cx.schema.tables[t].name;
                if explicit[t] || l.max_rows >= asked {
                    return Err(l.refuse(&name.to_string(), asked));
                }
                again |= cx.tables.iter().enumerate().any(|(j, tp)| {
                    tp.is_some()
                        && cx.schema.tables[j]
                            .foreign_keys
                            .iter()
                            .any(|fk| cx.lookup.find(&fk.references.table) == Some(t))
                });
                match caps.iter_mut().find(|c| c.table == *name) {
                    Some(c) => {
                        c.rows = l.max_rows;
                        c.target = l.target;
                        c.reason = l.why;
                    }
                    None => caps.push(Cap {
                        table: name.clone(),
                        asked,
                        rows: l.max_rows,
                        target: l.target,
                        reason: l.why,
                    }),
                }
                cx.rows[t] = l.max_rows;
                // A line table's count comes from its parents; capped, it keeps the cap.
                cx.unlined.insert(t);
            }
        }
        if !again {
            return Ok(caps);
        }
        cx.tables.iter_mut().for_each(|t| *t = None);
        cx.warnings.clear();
        cx.fallbacks.clear();
    }
}

/// The most creation times one row's creation may take to compute (its own and its
/// ancestors'): a table with many parents, each with many parents, follows the first
/// ones only, so a row's cost stays bounded however deep the schema.
pub(crate) const TIMELINE_BUDGET: u32 = 64;

fn finish_table(t: &mut TablePlan) {
    t.row_digits = digits(t.rows.saturating_sub(1));
    t.written = (0..t.columns.len())
        .filter(|&c| t.columns[c].written)
        .collect();
    t.outputs = t
        .written
        .iter()
        .map(|&c| {
            let col = &t.columns[c];
            OutputColumn {
                name: col.name.clone(),
                sql_type: col.sql_type.clone(),
                raw_sql: matches!(col.gen, Gen::RawSql(_)),
                spatial: col.class == crate::schema::TypeClass::Spatial
                    && col.sql_type.array_dims == 0,
            }
        })
        .collect();
    let fields: Vec<Field> = t
        .written
        .iter()
        .map(|&c| {
            let col = &t.columns[c];
            Field::new(&col.name, col.data_type.clone(), true)
                .with_metadata([("seedgen.sql_type".to_string(), col.sql_type.to_string())].into())
        })
        .collect();
    t.arrow = Arc::new(ArrowSchema::new(fields));
}

fn suggest_table(schema: &Schema, name: &str) -> String {
    let close = schema.similar_tables(name);
    if close.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", close.join(", "))
    }
}

/// (table, column) pairs that some foreign key references.
fn referenced_columns(schema: &Schema, lookup: &TableLookup) -> HashSet<(usize, String)> {
    let mut out = HashSet::new();
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            if let Some(p) = lookup.find(&fk.references.table) {
                for c in &fk.references.columns {
                    out.insert((p, c.to_lowercase()));
                }
            }
        }
    }
    out
}

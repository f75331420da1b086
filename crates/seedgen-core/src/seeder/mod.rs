//! [`Seeder`]: the builder a test uses to say what it wants seeded: "3 users, the first
//! an admin, each with 2 orders".
//!
//! Everything it sets becomes part of a [`Plan`]: settings (row counts, per-parent
//! counts, overrides) go through the same [`Settings`] as the JSON and the flags; column
//! functions and pinned cells are computed by the engine's row builder, so references to
//! a pinned key follow the pin, and the values come from the one code path every output
//! uses.

mod named;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::cell::Slot;
use crate::dataset::Dataset;
use crate::engine::gen::{CustomFn, Gen};
use crate::error::{Error, Result};
use crate::plan::existing::Existing;
use crate::plan::{ColumnSettings, Count, PerParent, TableSettings};
use crate::random::rng::name_hash;
use crate::schema::Schema;
use crate::value::{from_slot, to_slot, Value};
use crate::{Plan, Settings};

/// A builder of seeded data for one schema.
///
/// ```
/// use seedgen_core::{Schema, Seeder};
///
/// let schema = Schema::from_sql(
///     "CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, role text NOT NULL);
///      CREATE TABLE orders (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users(id));",
///     None,
/// )?;
/// let data = Seeder::new(&schema)
///     .seed_from("orders_belong_to_their_user")
///     .rows("users", 3)
///     .per_parent("orders", "users", 2)
///     .pin("users", 0, [("role", "admin"), ("email", "a@example.com")])
///     .dataset()?;
/// let users = data.table("users")?;
/// assert_eq!(users.len(), 3);
/// let admin = users.row(0).unwrap();
/// assert_eq!(admin.get::<String>("role")?, "admin");
/// assert_eq!(data.children("orders", &admin)?.len(), 2);
/// # Ok::<(), seedgen_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Seeder {
    schema: Schema,
    settings: Settings,
    pins: Vec<PinSpec>,
    functions: Vec<FunctionSpec>,
    /// Tables given a count (`rows`, `per_parent`, `rows_with`), in call order.
    named: Vec<String>,
    /// What the tables hold already (`existing`, `key_offset`).
    existing: Option<Existing>,
}

/// A reusable recipe of seeder calls (a factory, or a trait of one): "a doctor who is
/// an admin", "a clinic with its schedule". Presets compose (one applies others), and
/// any `Fn(Seeder) -> Seeder` is one.
///
/// ```
/// use seedgen_core::{Preset, Schema, Seeder};
///
/// /// Two admins and a member.
/// struct Staff;
/// impl Preset for Staff {
///     fn apply(&self, s: Seeder) -> Seeder {
///         s.rows_with("users", 2, [("role", "admin")])
///             .rows_with("users", 1, [("role", "member")])
///     }
/// }
///
/// let schema = Schema::from_sql("CREATE TABLE users (id int PRIMARY KEY, role text NOT NULL);", None)?;
/// let data = Seeder::new(&schema).preset(Staff).dataset()?;
/// let roles: Vec<String> = data.table("users")?.rows().map(|r| r.get("role")).collect::<Result<_, _>>()?;
/// assert_eq!(roles, ["admin", "admin", "member"]);
/// # Ok::<(), seedgen_core::Error>(())
/// ```
pub trait Preset {
    /// The seeder with this preset's calls made on it.
    fn apply(&self, seeder: Seeder) -> Seeder;
}

impl<F: Fn(Seeder) -> Seeder> Preset for F {
    fn apply(&self, seeder: Seeder) -> Seeder {
        self(seeder)
    }
}

#[derive(Debug, Clone)]
struct PinSpec {
    table: String,
    row: u64,
    values: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
struct FunctionSpec {
    table: String,
    column: String,
    f: CustomFn,
}

/// A column override for [`Seeder::column`]: a constant, values picked or cycled, or a
/// built-in generator with bounds.
///
/// ```
/// use seedgen_core::Override;
///
/// let o = Override::generator("int").min(1).max(5).null_rate(0.1);
/// let o = Override::cycle(["red", "green", "blue"]);
/// let o = Override::value("retail");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Override(ColumnSettings);

fn json(v: Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => b.into(),
        Value::Int(i) => i.into(),
        Value::Float(f) => f.into(),
        Value::Text(t) => t.into(),
        Value::List(items) => items.into_iter().map(json).collect(),
        other => other.to_string().into(),
    }
}

impl Override {
    /// The same value in every row.
    pub fn value(v: impl Into<Value>) -> Self {
        Override(ColumnSettings {
            value: Some(json(v.into())),
            ..ColumnSettings::default()
        })
    }

    /// One of `values`, picked at random per row.
    pub fn values<V: Into<Value>>(values: impl IntoIterator<Item = V>) -> Self {
        Override(ColumnSettings {
            values: Some(crate::plan::Values::List(
                values.into_iter().map(|v| json(v.into())).collect(),
            )),
            ..ColumnSettings::default()
        })
    }

    /// One of `values`, each as likely as its weight says (weights need not add up to 1):
    /// `Override::weighted([("active", 0.9), ("suspended", 0.08), ("deleted", 0.02)])`.
    pub fn weighted<V: Into<Value>>(values: impl IntoIterator<Item = (V, f64)>) -> Self {
        let map = values
            .into_iter()
            .map(|(v, w)| {
                let key = match json(v.into()) {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (key, w)
            })
            .collect();
        Override(ColumnSettings {
            values: Some(crate::plan::Values::Weighted(map)),
            ..ColumnSettings::default()
        })
    }

    /// How the column's numbers or dates fall (`Distribution::LogNormal`, `Normal`,
    /// `Zipf`, `Seasonal`, `Uniform`), within [`Override::min`] and [`Override::max`].
    pub fn distribution(mut self, d: crate::plan::Distribution) -> Self {
        self.0.distribution = Some(d);
        self
    }

    /// The value of a column of the row a foreign key references (`"products.price"`
    /// for a line's unit price; data version 2).
    pub fn copy_from(from: impl Into<String>) -> Self {
        Override(ColumnSettings {
            copy_from: Some(from.into()),
            ..ColumnSettings::default()
        })
    }

    /// Computed from other values (data version 2): the sum of the row's lines, a
    /// share of another column, or a sum of the row's columns
    /// (`Override::derive(Derive::Add(vec!["subtotal".into(), "tax".into()]))`).
    pub fn derive(d: crate::plan::Derive) -> Self {
        Override(ColumnSettings {
            derive: Some(d),
            ..ColumnSettings::default()
        })
    }

    /// `values` in turn: row `i` gets `values[i % len]`.
    pub fn cycle<V: Into<Value>>(values: impl IntoIterator<Item = V>) -> Self {
        let mut o = Override::values(values);
        o.0.cycle = Some(true);
        o
    }

    /// A built-in generator by name (`email`, `first_name`, `int`, `date`, …; the list is
    /// in the README, and an unknown name is refused with it).
    pub fn generator(name: &str) -> Self {
        Override(ColumnSettings {
            generator: Some(name.to_string()),
            ..ColumnSettings::default()
        })
    }

    /// Lowest value (a number, or date/timestamp text).
    pub fn min(mut self, v: impl Into<Value>) -> Self {
        self.0.min = Some(json(v.into()));
        self
    }

    /// Highest value (a number, or date/timestamp text).
    pub fn max(mut self, v: impl Into<Value>) -> Self {
        self.0.max = Some(json(v.into()));
        self
    }

    /// Text length bounds, in characters.
    pub fn length(mut self, min: u64, max: u64) -> Self {
        self.0.min_length = Some(min);
        self.0.max_length = Some(max);
        self
    }

    /// The share of NULLs (nullable columns), 0 to 1.
    pub fn null_rate(mut self, rate: f64) -> Self {
        self.0.null_rate = Some(rate);
        self
    }

    /// The settings this override stands for.
    pub fn into_settings(self) -> ColumnSettings {
        self.0
    }
}

impl Seeder {
    /// A seeder for `schema`, seed 0. Which tables get rows:
    /// - once a table is named ([`Seeder::rows`], [`Seeder::per_parent`],
    ///   [`Seeder::rows_with`]), only the tables named, and the parents their NOT NULL
    ///   foreign keys need, with just enough rows for them (usually 1; as many as a
    ///   one-to-one key needs); every other table gets none. This is the mode for
    ///   tests: a test seeds what it names. The parents given rows are listed in
    ///   [`Plan::warnings`].
    /// - [`Seeder::default_rows`] gives every table not named that many rows instead.
    /// - with nothing named and no default, every table gets 1,000 rows.
    pub fn new(schema: &Schema) -> Self {
        Seeder {
            schema: schema.clone(),
            settings: Settings::default(),
            pins: Vec::new(),
            functions: Vec::new(),
            named: Vec::new(),
            existing: None,
        }
    }

    /// Applies a [`Preset`]: a named, reusable set of calls.
    pub fn preset(self, preset: impl Preset) -> Self {
        preset.apply(self)
    }

    /// Keys past what the tables hold already: `existing` is what a database holds
    /// (read with `live::read_existing` or the `live::existing_*` functions), so a
    /// second dataset loads beside the first. New rows' foreign keys may pick existing
    /// parents.
    pub fn existing(mut self, existing: Existing) -> Self {
        self.existing = Some(existing);
        self
    }

    /// Keys start past `offset` in every table (integer keys at `offset + 1`, unique
    /// text past token `offset`), as if each held `offset` rows: two tests that seed
    /// the same tables of one database with different offsets do not collide. Foreign
    /// keys pick the dataset's own rows.
    pub fn key_offset(self, offset: u64) -> Self {
        let existing = Existing::offset(&self.schema, offset);
        self.existing(existing)
    }

    /// Starts from settings (for example the `"generate"` section read from JSON); the
    /// builder's calls lay over them.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// The seed: same seed, same data.
    pub fn seed(mut self, seed: u64) -> Self {
        self.settings.seed = Some(seed);
        self
    }

    /// The data version to generate (default: the newest): tests that assert on
    /// generated values pin it, and keep their values across upgrades.
    pub fn data_version(mut self, version: u32) -> Self {
        self.settings.data_version = Some(version);
        self
    }

    /// The seed derived from a string, such as the test's name: each test gets its own
    /// data, the same on every run.
    pub fn seed_from(self, name: &str) -> Self {
        self.seed(name_hash(name))
    }

    /// Rows for every table not given its own count.
    pub fn default_rows(mut self, rows: u64) -> Self {
        self.settings.rows = Some(rows);
        self
    }

    fn table(&mut self, table: &str) -> &mut TableSettings {
        self.settings.tables.entry(table.to_string()).or_default()
    }

    fn name(&mut self, table: &str) {
        if !self.named.iter().any(|n| n == table) {
            self.named.push(table.to_string());
        }
    }

    /// Rows of one table.
    pub fn rows(mut self, table: impl AsRef<str>, rows: u64) -> Self {
        let table = table.as_ref();
        self.name(table);
        self.table(table).rows = Some(rows);
        self
    }

    /// `n` more rows of `table`, after those counted so far, each with these values:
    /// `rows_with("doctors", 3, [("role", "admin")])`. The rest of each row is
    /// generated; a value repeated in a unique column is refused.
    pub fn rows_with<K: AsRef<str>, V: Into<Value>>(
        mut self,
        table: impl AsRef<str>,
        n: u64,
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let table = table.as_ref();
        let values: Vec<(String, Value)> = values
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_string(), v.into()))
            .collect();
        self.name(table);
        let ts = self.table(table);
        let start = ts.rows.unwrap_or(0);
        ts.rows = Some(start + n);
        for row in start..start + n {
            self.pins.push(PinSpec {
                table: table.to_string(),
                row,
                values: values.clone(),
            });
        }
        self
    }

    /// Each row of `parent` gets exactly `n` rows of `child` (which has a foreign key to
    /// it); the child's row count follows.
    pub fn per_parent(self, child: impl AsRef<str>, parent: impl AsRef<str>, n: u64) -> Self {
        self.per_parent_count(child, parent, Count::from(n))
    }

    /// Each row of `parent` gets between `min` and `max` rows of `child`, uniformly.
    pub fn per_parent_range(
        self,
        child: impl AsRef<str>,
        parent: impl AsRef<str>,
        min: u64,
        max: u64,
    ) -> Self {
        self.per_parent_count(child, parent, Count::from(min..=max))
    }

    /// Each row of `parent` gets a number of rows of `child` drawn from `count` (fixed,
    /// uniform, Poisson, Zipf or weighted buckets).
    ///
    /// ```
    /// use seedgen_core::{Count, Schema, Seeder};
    ///
    /// let schema = Schema::from_sql(
    ///     "CREATE TABLE users (id int PRIMARY KEY);
    ///      CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users(id));",
    ///     None,
    /// )?;
    /// let data = Seeder::new(&schema)
    ///     .rows("users", 50)
    ///     .per_parent_count("orders", "users", Count { poisson: Some(3.0), ..Count::default() })
    ///     .dataset()?;
    /// let orders = data.table("orders")?.len() as f64;
    /// assert!((100.0..200.0).contains(&orders), "{orders}"); // about 3 × 50
    /// # Ok::<(), seedgen_core::Error>(())
    /// ```
    pub fn per_parent_count(
        mut self,
        child: impl AsRef<str>,
        parent: impl AsRef<str>,
        count: Count,
    ) -> Self {
        let child = child.as_ref();
        self.name(child);
        self.table(child).per_parent = Some(PerParent {
            parent: parent.as_ref().to_string(),
            count,
        });
        self
    }

    /// Names, addresses and phone numbers of a locale (`en`, `fr_fr`, `de_de`, …).
    pub fn locale(mut self, locale: &str) -> Self {
        self.settings.locale = Some(locale.to_string());
        self
    }

    /// The time generated dates lead up to (`2025-01-01T00:00:00Z`); never the clock.
    pub fn as_of(mut self, timestamp: &str) -> Self {
        self.settings.as_of = Some(timestamp.to_string());
        self
    }

    /// Overrides one column's generator.
    pub fn column(mut self, table: impl AsRef<str>, column: impl AsRef<str>, o: Override) -> Self {
        self.table(table.as_ref())
            .columns
            .insert(column.as_ref().to_string(), o.into_settings());
        self
    }

    /// Computes one column with a function of the row index and the row's other values
    /// (computed first). The value is converted to the column's type; a value that does
    /// not convert fails generation with the table, row and column.
    ///
    /// ```
    /// # use seedgen_core::{Schema, Seeder, Value};
    /// # let schema = Schema::from_sql("CREATE TABLE users (id int PRIMARY KEY, name text, login text);", None)?;
    /// let data = Seeder::new(&schema)
    ///     .rows("users", 2)
    ///     .column_fn("users", "login", |row, values| {
    ///         let name: String = values.get("name").unwrap_or_default();
    ///         format!("{}-{row}", name.to_lowercase()).into()
    ///     })
    ///     .dataset()?;
    /// let login: String = data.table("users")?.row(1).unwrap().get("login")?;
    /// assert!(login.ends_with("-1"));
    /// # Ok::<(), seedgen_core::Error>(())
    /// ```
    pub fn column_fn<F>(mut self, table: impl AsRef<str>, column: impl AsRef<str>, f: F) -> Self
    where
        F: Fn(u64, &RowValues<'_>) -> Value + Send + Sync + 'static,
    {
        self.functions.push(FunctionSpec {
            table: table.as_ref().to_string(),
            column: column.as_ref().to_string(),
            f: CustomFn(Arc::new(f)),
        });
        self
    }

    /// Pins cells of one row: row `row` of `table` has these values; the rest of the row
    /// and every reference to it are still generated, and references to a pinned key
    /// carry the pinned value. Refused when a pinned value would repeat a unique value
    /// generated for another row, or when a pinned foreign key matches no parent row.
    /// Values of several types go in as [`Value`]s:
    /// `[("role", Value::from("admin")), ("age", 42.into())]`.
    pub fn pin<K: AsRef<str>, V: Into<Value>>(
        mut self,
        table: impl AsRef<str>,
        row: u64,
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.pins.push(PinSpec {
            table: table.as_ref().to_string(),
            row,
            values: values
                .into_iter()
                .map(|(c, v)| (c.as_ref().to_string(), v.into()))
                .collect(),
        });
        self
    }

    /// Like [`Seeder::pin`], with the values already collected.
    pub fn pin_values(
        self,
        table: impl AsRef<str>,
        row: u64,
        values: Vec<(String, Value)>,
    ) -> Self {
        self.pin(table, row, values)
    }

    /// The plan: every choice made and checked, nothing generated yet. Use it with
    /// [`crate::engine::Generation`] and the writers in [`crate::output`] for data too
    /// big to hold.
    pub fn plan(mut self) -> Result<Plan> {
        let needed = if self.settings.rows.is_none() && !self.named.is_empty() {
            named::only_named(&self.schema, &mut self.settings, &self.named)
        } else {
            Vec::new()
        };
        let mut existing = Existing::from_seed(&self.schema);
        if let Some(e) = self.existing {
            existing.extend(e);
        }
        let mut plan = Plan::with_existing(self.schema, &self.settings, &existing)?;
        for (table, rows, why) in needed {
            plan.note(format!(
                "{table}: {rows} {} so that {why} can reference {}; name the table to give it another count",
                if rows == 1 { "row" } else { "rows" },
                if rows == 1 { "it" } else { "them" },
            ));
        }
        for f in self.functions {
            plan.set_function(&f.table, &f.column, f.f)?;
        }
        for p in &self.pins {
            plan.pin(&p.table, p.row, &p.values)?;
        }
        plan.check_pins()?;
        Ok(plan)
    }

    /// All rows in memory, with typed access, lookups and loading into databases.
    pub fn dataset(self) -> Result<Dataset> {
        Dataset::generate(self.plan()?)
    }
}

/// The row being generated, as a column function sees it: the values computed so far
/// (every column but other functions' columns computed after it).
pub struct RowValues<'a> {
    pub(crate) plan: &'a Plan,
    pub(crate) t: usize,
    pub(crate) slots: &'a [Slot],
}

impl std::fmt::Debug for RowValues<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowValues")
            .field("table", &self.plan.tables()[self.t].name().to_string())
            .finish()
    }
}

impl RowValues<'_> {
    /// The value of `column`, or `None` when the table has no such column.
    pub fn value(&self, column: &str) -> Option<Value> {
        let tp = &self.plan.tables()[self.t];
        let c = tp.column_index(column)?;
        Some(from_slot(&self.slots[c], &tp.columns[c].data_type))
    }

    /// The value of `column` converted to `T`; `None` when the column is missing, NULL
    /// or not convertible.
    pub fn get<T: crate::FromValue>(&self, column: &str) -> Option<T> {
        T::from_value(self.value(column)?).ok()
    }
}

impl Plan {
    /// Replaces a column's generator by a function (see [`Seeder::column_fn`]).
    pub(crate) fn set_function(&mut self, table: &str, column: &str, f: CustomFn) -> Result<()> {
        let (t, c) = self.locate(table, column)?;
        let tp = &mut self.tables[t];
        if tp.fks.iter().any(|fk| fk.columns.contains(&c)) {
            return Err(Error::Settings {
                path: format!("tables.{table}.columns.{column}"),
                message: "a foreign-key column cannot be computed by a function: its values must be parent keys; pin rows or set the table's per_parent count instead".into(),
            });
        }
        let col = &mut tp.columns[c];
        col.gen = Gen::Custom(f);
        col.generator = "function".into();
        col.reason = "Seeder::column_fn".into();
        col.standalone = false;
        col.resample = false;
        // After the columns it may read.
        tp.eval_order.retain(|&k| k != c);
        tp.eval_order.push(c);
        Ok(())
    }

    /// The table and column indexes of `table.column`, or an error naming what is missing.
    fn locate(&self, table: &str, column: &str) -> Result<(usize, usize)> {
        let t = self.table_index(table).ok_or_else(|| Error::Settings {
            path: format!("tables.{table}"),
            message: format!("the schema has no table `{table}`"),
        })?;
        let tp = &self.tables[t];
        let c = tp.column_index(column).ok_or_else(|| Error::Settings {
            path: format!("tables.{table}.columns.{column}"),
            message: format!(
                "table `{}` has no column `{column}` (it has {})",
                tp.name(),
                tp.columns
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })?;
        Ok((t, c))
    }

    /// Pins cells of row `row` of `table` (see [`Seeder::pin`]).
    pub(crate) fn pin(&mut self, table: &str, row: u64, values: &[(String, Value)]) -> Result<()> {
        for (column, v) in values {
            let (t, c) = self.locate(table, column)?;
            let path = format!("{}.{column}", self.tables[t].name());
            let tp = &self.tables[t];
            if row >= tp.rows {
                return Err(Error::Settings {
                    path,
                    message: format!(
                        "row {row} is pinned but the table has {} rows; give it at least {} rows",
                        tp.rows,
                        row + 1
                    ),
                });
            }
            let col = &tp.columns[c];
            if !col.written {
                return Err(Error::Settings {
                    path,
                    message: "a generated column is computed by the database and cannot be pinned"
                        .into(),
                });
            }
            let mut slot = Slot::default();
            to_slot(v, &col.data_type, &mut slot).map_err(|m| Error::Settings {
                path: path.clone(),
                message: format!("the pinned value {m} (the column is {})", col.sql_type),
            })?;
            if slot.is_null() && !col.nullable {
                return Err(Error::Settings {
                    path,
                    message: "NULL pinned in a NOT NULL column".into(),
                });
            }
            let cells = self.pins.entry((t, row)).or_default();
            cells.retain(|(k, _)| *k != c);
            cells.push((c, slot));
        }
        Ok(())
    }

    /// Checks the pins against the rest of the data: a pinned foreign key must match a
    /// parent row, and a pinned unique value must not be generated for another row.
    pub(crate) fn check_pins(&self) -> Result<()> {
        let mut by_table: BTreeMap<usize, Vec<u64>> = BTreeMap::new();
        for &(t, row) in self.pins.keys() {
            by_table.entry(t).or_default().push(row);
        }
        for (&t, rows) in &by_table {
            self.check_pinned_references(t, rows)?;
            self.check_pinned_uniques(t, rows)?;
        }
        Ok(())
    }

    fn check_pinned_references(&self, t: usize, rows: &[u64]) -> Result<()> {
        let tp = &self.tables[t];
        for &row in rows {
            for (c, v) in &self.pins[&(t, row)] {
                if v.is_null() {
                    continue;
                }
                for fk in tp.fks.iter().filter(|fk| fk.columns.contains(c)) {
                    let pos = fk.columns.iter().position(|k| k == c).unwrap_or(0);
                    let pc = fk.parent_columns[pos];
                    let parent = &self.tables[fk.parent];
                    let mut cell = Slot::default();
                    let mut found = false;
                    for j in 0..parent.rows {
                        self.key_value(fk.parent, pc, j, &mut cell)?;
                        if cell.same(v) {
                            found = true;
                            break;
                        }
                    }
                    if !found {
                        return Err(Error::Settings {
                            path: format!("{}.{}", tp.name(), tp.columns[*c].name),
                            message: format!(
                                "the pinned value {} of row {row} matches no row of {} ({} rows); pin a value of {}.{}",
                                from_slot(v, &tp.columns[*c].data_type),
                                parent.name(),
                                parent.rows,
                                parent.name(),
                                parent.columns[pc].name
                            ),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    fn check_pinned_uniques(&self, t: usize, rows: &[u64]) -> Result<()> {
        let tp = &self.tables[t];
        let table = &self.schema().tables[t];
        let pinned: Vec<usize> = rows
            .iter()
            .flat_map(|r| self.pins[&(t, *r)].iter().map(|(c, _)| *c))
            .collect();
        let mut sets: Vec<Vec<usize>> = Vec::new();
        for key in table.unique_keys() {
            let cols: Option<Vec<usize>> = key.iter().map(|n| tp.column_index(n)).collect();
            if let Some(cols) =
                cols.filter(|c| !c.is_empty() && c.iter().any(|k| pinned.contains(k)))
            {
                sets.push(cols);
            }
        }
        if sets.is_empty() {
            return Ok(());
        }
        // The pinned rows' key tuples, then every row's, built the way output builds them.
        let mut b = crate::engine::row::RowBuilder::new(self, t);
        let tuple = |b: &crate::engine::row::RowBuilder<'_>, cols: &[usize]| -> Option<Vec<Slot>> {
            let cells: Vec<Slot> = cols.iter().map(|&c| b.slots[c].clone()).collect();
            (!cells.iter().any(Slot::is_null)).then_some(cells)
        };
        let mut wanted: Vec<(usize, u64, Vec<Slot>)> = Vec::new();
        for &row in rows {
            b.build(row)?;
            for (k, cols) in sets.iter().enumerate() {
                if let Some(v) = tuple(&b, cols) {
                    wanted.push((k, row, v));
                }
            }
        }
        for j in 0..tp.rows {
            b.build(j)?;
            for (k, row, v) in &wanted {
                if *row == j {
                    continue;
                }
                let Some(other) = tuple(&b, &sets[*k]) else {
                    continue;
                };
                if other.iter().zip(v).all(|(a, b)| a.same(b)) {
                    let names: Vec<&str> = sets[*k]
                        .iter()
                        .map(|&c| tp.columns[c].name.as_str())
                        .collect();
                    return Err(Error::Settings {
                        path: format!("{}.{}", tp.name(), names.join(",")),
                        message: format!(
                            "the value pinned in row {row} is also generated for row {j}, and the key is unique; pin another value, or pin row {j} too"
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

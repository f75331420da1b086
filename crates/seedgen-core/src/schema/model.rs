//! The typed model of a database schema: pure structure, no generation settings.

use serde::{Deserialize, Serialize};

use super::types::{SqlType, TypeClass};
use super::Dialect;
use crate::location::Location;

/// A whole database schema: tables in definition order, enum and domain types, and the
/// statements the reader skipped because they do not shape the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Dialect of the source, when it came from SQL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<Dialect>,
    /// Tables in the order they were defined. Partitions are not tables: they are kept in
    /// their parent's [`Table::partitioning`].
    #[serde(default)]
    pub tables: Vec<Table>,
    /// Enum types (PostgreSQL `CREATE TYPE … AS ENUM`). MySQL inline `ENUM(…)` columns
    /// carry their labels in the column type instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
    /// Domains (PostgreSQL `CREATE DOMAIN`). Columns of a domain type carry the base type
    /// and name the domain in [`Column::domain`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    /// Composite types (PostgreSQL `CREATE TYPE t AS (field type, …)`): a column of one
    /// is generated field by field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeType>,
    /// Triggers: which table fires each, when, and which tables its body writes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// Statements read but not applied, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// A table name, optionally qualified by a schema (namespace).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(into = "String", try_from = "String")]
#[schemars(with = "String")]
pub struct QualifiedName {
    /// The schema (namespace), when the source named one.
    pub schema: Option<String>,
    /// The object's own name.
    pub name: String,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The table's name, with its schema when one was given.
    pub name: QualifiedName,
    /// Columns in definition order (generated columns included, see [`Column::generated`]).
    pub columns: Vec<Column>,
    /// Primary key columns, in key order; empty when the table has no primary key.
    #[serde(default)]
    pub primary_key: Vec<String>,
    /// Name of the primary key constraint, when named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key_name: Option<String>,
    /// UNIQUE constraints and unique indexes.
    #[serde(default)]
    pub unique: Vec<UniqueKey>,
    /// Foreign keys.
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKey>,
    /// CHECK constraints, on the table or on one column.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Declarative partitioning, with the bounds of each partition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitioning: Option<Partitioning>,
    /// `COMMENT ON TABLE` / `COMMENT '…'` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The module of a SQLite virtual table (`fts5`, `fts4`, `rtree`): its rows are
    /// inserted like any table's, and SQLite keeps its shadow tables itself.
    #[serde(default, rename = "virtual", skip_serializing_if = "Option::is_none")]
    pub virtual_module: Option<String>,
    /// Rows the inputs insert themselves (`INSERT`, `COPY … FROM stdin`, in migrations
    /// and procedures they call): the table holds them before seedgen's rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seed: Vec<SeedRows>,
    /// Where the table was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// Rows one statement of the inputs inserts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedRows {
    /// The columns each row gives, in order; the others take their defaults.
    pub columns: Vec<String>,
    /// The rows.
    #[serde(default)]
    pub rows: Vec<Vec<SeedValue>>,
    /// Rows inserted whose number and values the statement does not say
    /// (`INSERT … SELECT … FROM t`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
    /// Where the statement is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// One value of a seed row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum SeedValue {
    /// A literal, as text (numbers as written, strings without quotes).
    Text(String),
    /// An expression the database computes (`now()`, `DEFAULT`, `nextval(…)`).
    Expr {
        /// The expression as SQL.
        expr: String,
    },
    /// NULL.
    Null,
}

impl SeedRows {
    /// How many rows, when known.
    pub fn count(&self) -> Option<u64> {
        (!self.unknown).then_some(self.rows.len() as u64)
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// SQL type (for a domain column, the domain's base type).
    #[serde(rename = "type")]
    pub data_type: SqlType,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// Default expression, as SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Identity, serial or auto-increment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Generation expression of a generated (computed) column: never written by seedgen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// The domain this column's type came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<QualifiedName>,
    /// Column comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Where the column was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// How a column numbers itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Identity {
    /// PostgreSQL `serial`/`bigserial`, or a default of `nextval()` on an owned sequence.
    Serial,
    /// `GENERATED ALWAYS AS IDENTITY`: the database refuses explicit values unless told.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
    /// MySQL `AUTO_INCREMENT`, SQLite `AUTOINCREMENT` or `INTEGER PRIMARY KEY` rowid alias.
    AutoIncrement,
}

/// A UNIQUE constraint or unique index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueKey {
    /// Constraint or index name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Key columns (expressions of an expression index are kept as SQL text).
    pub columns: Vec<String>,
    /// Predicate of a partial unique index: uniqueness holds only where it is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// Columns indexed on a prefix only (MySQL `UNIQUE (url(190))`): the characters
    /// (or bytes) that must differ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<(String, u64)>,
    /// Whether it came from `CREATE UNIQUE INDEX` rather than a constraint.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub index: bool,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    /// Constraint name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Referencing columns of this table.
    pub columns: Vec<String>,
    /// The referenced table and columns.
    pub references: Reference,
    /// `ON DELETE` action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<ReferentialAction>,
    /// `ON UPDATE` action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<ReferentialAction>,
    /// `DEFERRABLE` (checked at commit when deferred).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deferrable: bool,
    /// `INITIALLY DEFERRED`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub initially_deferred: bool,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// The target of a foreign key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Referenced table.
    pub table: QualifiedName,
    /// Referenced columns; empty means the referenced table's primary key.
    pub columns: Vec<String>,
}

/// Referential actions of a foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReferentialAction {
    /// `NO ACTION`
    NoAction,
    /// `RESTRICT`
    Restrict,
    /// `CASCADE`
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `SET DEFAULT`
    SetDefault,
}

/// A CHECK constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Constraint name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The expression, as printed by the SQL parser (parse it back with [`Check::parse`]).
    pub expr: String,
    /// The column it was declared on, for a column constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// A PostgreSQL enum type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumType {
    /// Type name.
    pub name: QualifiedName,
    /// Labels in declaration order.
    pub labels: Vec<String>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// A trigger, as far as the data is concerned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// The trigger's name.
    pub name: String,
    /// The table whose changes fire it.
    pub table: QualifiedName,
    /// Before, after or instead of the change.
    pub timing: TriggerTiming,
    /// The changes that fire it.
    pub events: Vec<WriteKind>,
    /// The tables its body inserts into, updates or deletes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<Write>,
    /// Whether it sets columns of the row that fired it (`NEW.updated_at = now()`), or
    /// runs a function seedgen cannot see into.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stamps: bool,
    /// Values of the firing row that its body refuses when another table holds them
    /// (`IF NEW.name IN (SELECT name FROM reserved) THEN RAISE …`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excludes: Vec<Exclusion>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// A trigger's refusal of a value another table holds: the firing table's `column` must
/// not meet `table`'s values in `columns` (the words of the subquery, as written; the
/// planner keeps those that are columns of `table`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// The column of the row that fires the trigger.
    pub column: String,
    /// The table whose values it must not meet.
    pub table: QualifiedName,
    /// That table's columns the body compares it with.
    pub columns: Vec<String>,
}

/// When a trigger runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TriggerTiming {
    /// `BEFORE`
    Before,
    /// `AFTER`
    After,
    /// `INSTEAD OF`
    InsteadOf,
}

/// A change to a table: a trigger's event, or what its body does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WriteKind {
    /// Rows inserted.
    Insert,
    /// Rows updated.
    Update,
    /// Rows deleted (or the table truncated).
    Delete,
}

/// A table a trigger's body writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Write {
    /// The table.
    pub table: QualifiedName,
    /// What the body does to it.
    pub kind: WriteKind,
}

impl Schema {
    /// Up to three tables whose names are close to `name` (one contains the other, or
    /// they differ by at most two letters), for "did you mean" in messages.
    pub fn similar_tables(&self, name: &str) -> Vec<String> {
        let lower = name.to_lowercase();
        self.tables
            .iter()
            .filter(|t| {
                let n = t.name.name.to_lowercase();
                n.contains(&lower) || lower.contains(&n) || edit_distance(&n, &lower) <= 2
            })
            .map(|t| t.name.to_string())
            .take(3)
            .collect()
    }

    /// Gives `table` `rows` rows in `settings`, over what a profile or JSON said for it
    /// (its children per parent too): under the key the settings already spell the
    /// table with, if any. Refuses a table the schema lacks, naming close ones.
    pub fn set_table_rows(
        &self,
        settings: &mut crate::settings::Settings,
        table: &str,
        rows: u64,
    ) -> crate::error::Result<()> {
        let Some(t) = self.find_table(table) else {
            let close = self.similar_tables(table);
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", close.join(", "))
            };
            return Err(crate::error::Error::Settings {
                path: format!("tables.{table}"),
                message: format!("the schema has no table `{table}`{hint}"),
            });
        };
        let key = settings
            .tables
            .keys()
            .find(|k| self.find_table(k).is_some_and(|x| x.name == t.name))
            .cloned()
            .unwrap_or_else(|| t.name.to_string());
        let entry = settings.tables.entry(key).or_default();
        entry.rows = Some(rows);
        entry.per_parent = None;
        Ok(())
    }
}

/// Levenshtein distance between two short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

impl Schema {
    /// The tables that triggers fill as other tables' rows go in (an `INSERT` in the
    /// body of a trigger on the insert of another table): (filled table, trigger, the
    /// table that fires it), by table index.
    pub fn trigger_filled(&self) -> Vec<(usize, &Trigger, usize)> {
        let lookup = self.table_lookup();
        let mut out = Vec::new();
        for tr in &self.triggers {
            if tr.timing == TriggerTiming::InsteadOf || !tr.events.contains(&WriteKind::Insert) {
                continue;
            }
            let Some(source) = lookup.find(&tr.table) else {
                continue;
            };
            for w in tr.writes.iter().filter(|w| w.kind == WriteKind::Insert) {
                if let Some(t) = lookup.find(&w.table).filter(|&t| t != source) {
                    if !out.iter().any(|(x, _, _)| *x == t) {
                        out.push((t, tr, source));
                    }
                }
            }
        }
        out
    }
}

/// A composite type: named fields, each of a type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompositeType {
    /// Type name.
    pub name: QualifiedName,
    /// The fields in order: name and type.
    pub fields: Vec<(String, SqlType)>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// A domain: a base type with constraints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Domain name.
    pub name: QualifiedName,
    /// The base type.
    #[serde(rename = "type")]
    pub data_type: SqlType,
    /// `NOT NULL` on the domain.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_null: bool,
    /// Default expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// CHECK constraints, with `VALUE` standing for the column.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// Declarative partitioning of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partitioning {
    /// The `PARTITION BY` clause, e.g. `RANGE (payment_date)`.
    pub by: String,
    /// The partitions attached to the table.
    #[serde(default)]
    pub partitions: Vec<Partition>,
}

/// One partition and its bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partition {
    /// The partition's own table name.
    pub name: QualifiedName,
    /// The bound, e.g. `FROM ('2022-01-01') TO ('2022-02-01')`, `IN (1, 2)` or `DEFAULT`.
    pub bound: String,
    /// Foreign keys declared on the partition itself (pg_dump writes them per partition);
    /// every row of the parent may land in this partition, so generation honours them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

/// A statement that was read but does not shape the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skipped {
    /// What kind of statement it was (`SET`, `CREATE FUNCTION`, `psql \restrict`, …).
    pub what: String,
    /// Where it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
}

impl QualifiedName {
    /// A name without a schema.
    pub fn bare(name: impl Into<String>) -> Self {
        QualifiedName {
            schema: None,
            name: name.into(),
        }
    }

    /// Whether `other` names the same object: equal names, and equal schemas where both
    /// give one.
    pub fn matches(&self, other: &QualifiedName) -> bool {
        self.name == other.name
            && match (&self.schema, &other.schema) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

impl From<QualifiedName> for String {
    fn from(q: QualifiedName) -> String {
        q.to_string()
    }
}

impl TryFrom<String> for QualifiedName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if s.is_empty() {
            return Err("empty name".into());
        }
        Ok(match s.split_once('.') {
            Some((schema, name)) if !schema.is_empty() && !name.is_empty() => QualifiedName {
                schema: Some(schema.to_string()),
                name: name.to_string(),
            },
            _ => QualifiedName::bare(s),
        })
    }
}

/// Finds tables by name in constant time, for code that looks up many names (the
/// same answers as [`Schema::table_index`]). Built from the tables as they are: build
/// it again after tables are added, removed or renamed.
#[derive(Debug, Clone, Default)]
pub struct TableLookup {
    exact: std::collections::HashMap<QualifiedName, usize>,
    bare: std::collections::HashMap<String, Vec<(usize, Option<String>)>>,
}

impl TableLookup {
    /// An index of `tables`.
    pub fn new(tables: &[Table]) -> Self {
        let mut l = TableLookup::default();
        for (i, t) in tables.iter().enumerate() {
            l.add(i, &t.name);
        }
        l
    }

    /// Adds the table at position `i` (after the others).
    pub fn add(&mut self, i: usize, name: &QualifiedName) {
        self.exact.entry(name.clone()).or_insert(i);
        self.bare
            .entry(name.name.clone())
            .or_default()
            .push((i, name.schema.clone()));
    }

    /// The position of the table called `name`: exact first, then ignoring a schema
    /// that one side does not give.
    pub fn find(&self, name: &QualifiedName) -> Option<usize> {
        if let Some(&i) = self.exact.get(name) {
            return Some(i);
        }
        self.bare
            .get(&name.name)?
            .iter()
            .find_map(|(i, schema)| match (schema, &name.schema) {
                (Some(a), Some(b)) if a != b => None,
                _ => Some(*i),
            })
    }
}

impl Schema {
    /// A [`TableLookup`] of the tables.
    pub fn table_lookup(&self) -> TableLookup {
        TableLookup::new(&self.tables)
    }

    /// An empty schema.
    pub fn new(dialect: Option<Dialect>) -> Self {
        Schema {
            dialect,
            tables: Vec::new(),
            enums: Vec::new(),
            domains: Vec::new(),
            composites: Vec::new(),
            triggers: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// The table called `name` (schema-qualified or not).
    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.table_index(name).map(|i| &self.tables[i])
    }

    /// Position of the table called `name` in [`Schema::tables`]. An exact match wins over
    /// a match that ignores the schema.
    pub fn table_index(&self, name: &QualifiedName) -> Option<usize> {
        self.tables
            .iter()
            .position(|t| t.name == *name)
            .or_else(|| self.tables.iter().position(|t| t.name.matches(name)))
    }

    /// Finds a table by the text a user types: `users` or `public.users`.
    pub fn find_table(&self, name: &str) -> Option<&Table> {
        let q = QualifiedName::try_from(name.to_string()).ok()?;
        self.table(&q)
    }

    /// The enum type called `name`: the one of that exact name, or else the one of that
    /// name in any schema when `name` is unqualified (or qualifies the type only).
    pub fn enum_type(&self, name: &QualifiedName) -> Option<&EnumType> {
        self.enums
            .iter()
            .find(|e| e.name == *name)
            .or_else(|| self.enums.iter().find(|e| e.name.matches(name)))
    }

    /// The composite type called `name` (resolved as [`Schema::enum_type`]).
    pub fn composite_type(&self, name: &QualifiedName) -> Option<&CompositeType> {
        self.composites
            .iter()
            .find(|e| e.name == *name)
            .or_else(|| self.composites.iter().find(|e| e.name.matches(name)))
    }

    /// What a column of type `t` holds in this schema: a built-in type's class; for any
    /// other name, the schema's own enum or composite type of that exact name; else, in
    /// SQLite (whose type names are free-form), the class SQLite's affinity rules give
    /// the name, and elsewhere [`TypeClass::Other`] (a type no generator knows).
    pub fn type_class(&self, t: &SqlType) -> TypeClass {
        if let Some(c) = t.builtin_class() {
            return c;
        }
        if let Ok(q) = QualifiedName::try_from(t.name.clone()) {
            if self.enum_type(&q).is_some() {
                return TypeClass::Enum;
            }
            if self.composite_type(&q).is_some() {
                return TypeClass::Composite;
            }
        }
        match self.dialect {
            Some(Dialect::Postgres | Dialect::MySql) => TypeClass::Other,
            Some(Dialect::Sqlite) => super::types::sqlite_class(&t.name),
            None => t.class(),
        }
    }
}

impl Table {
    /// The keys every row must hold distinct: the primary key (when there is one) and
    /// each UNIQUE constraint or index that is not partial.
    pub fn unique_keys(&self) -> impl Iterator<Item = &[String]> {
        std::iter::once(self.primary_key.as_slice())
            .filter(|k| !k.is_empty())
            .chain(
                self.unique
                    .iter()
                    .filter(|u| u.predicate.is_none())
                    .map(|u| u.columns.as_slice()),
            )
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The position of the column called `name` (exactly, else ignoring case).
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

    /// The column called `name`, for changing it.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }
}

impl Check {
    /// Parses the expression back into the SQL parser's syntax tree.
    pub fn parse(&self, dialect: Dialect) -> Result<sqlparser::ast::Expr, String> {
        let d = dialect.parser_dialect();
        sqlparser::parser::Parser::new(&*d)
            .try_with_sql(&self.expr)
            .and_then(|mut p| p.parse_expr())
            .map_err(|e| e.to_string())
    }
}

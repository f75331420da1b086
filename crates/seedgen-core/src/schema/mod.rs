//! Schema readers and the typed model they produce.
//!
//! [`SchemaReader`] takes any number of inputs in order (SQL scripts, folders of
//! migrations, seedgen JSON) and applies each to one [`Schema`]; [`Schema::from_sql`],
//! [`Schema::from_path`] and [`Schema::from_json`] are the one-input shortcuts.

mod create;
mod dialect;
mod graph;
mod json;
pub mod migrations;
mod model;
mod split;
mod sql;
mod types;
mod validate;

use std::path::Path;

pub use crate::location::Location;
pub use create::{create_statements, CreateStatement};
pub use dialect::{Dialect, DialectChoice};
pub use graph::{DanglingReference, LoadOrder};
pub use migrations::{MigrationFolder, MigrationLayout};
pub use model::{
    Check, Column, CompositeType, Domain, EnumType, Exclusion, ForeignKey, Identity, Partition,
    Partitioning, QualifiedName, Reference, ReferentialAction, Schema, SeedRows, SeedValue,
    Skipped, Table, TableLookup, Trigger, TriggerTiming, UniqueKey, Write, WriteKind,
};
pub use types::{SqlType, TypeClass};

use crate::error::{Error, Result};

/// Reads schema inputs, in order, into one [`Schema`].
///
/// SQL is applied statement by statement (so later files alter earlier tables); JSON
/// either describes tables on its own or overlays the tables read before it.
#[derive(Debug)]
pub struct SchemaReader {
    dialect: Option<Dialect>,
    schema: Schema,
    views: Vec<QualifiedName>,
    settings: crate::settings::Settings,
    migrations: Option<MigrationLayout>,
    routines: Vec<sql::Routine>,
    origins: Vec<sql::OriginName>,
    folders: Vec<MigrationFolder>,
    scripts: Vec<Script>,
    choice: Option<(String, DialectChoice)>,
}

/// One SQL input as it was applied: its name (a file, or a live database's URL) and
/// text, in the order the inputs were applied (a folder's files in its framework's
/// order). `--create` runs these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// The file, or what the text came from.
    pub name: String,
    /// The SQL text.
    pub text: String,
    /// The dialect it was read in.
    pub dialect: Dialect,
}

impl Default for SchemaReader {
    fn default() -> Self {
        Self::new()
    }
}

impl SchemaReader {
    /// A reader that detects each SQL input's dialect.
    pub fn new() -> Self {
        SchemaReader {
            dialect: None,
            schema: Schema::new(None),
            views: Vec::new(),
            settings: crate::settings::Settings::default(),
            migrations: None,
            routines: Vec::new(),
            origins: Vec::new(),
            folders: Vec::new(),
            scripts: Vec::new(),
            choice: None,
        }
    }

    /// How the schema's dialect was detected (the input it was detected from, and why),
    /// when it was not given.
    pub fn dialect_choice(&self) -> Option<&(String, DialectChoice)> {
        self.choice.as_ref()
    }

    /// The dialect for an input: the one asked for, the schema's so far, or detected
    /// from the text and the path (remembered, with why).
    fn dialect_for(&mut self, text: &str, name: &str) -> Dialect {
        if let Some(d) = self.dialect.or(self.schema.dialect) {
            self.schema.dialect.get_or_insert(d);
            return d;
        }
        let c = Dialect::detect_in(text, Some(Path::new(name)));
        let d = c.dialect;
        self.choice = Some((name.to_string(), c));
        self.schema.dialect = Some(d);
        d
    }

    /// Reads folders as this migration layout instead of detecting it.
    pub fn migrations(mut self, layout: Option<MigrationLayout>) -> Self {
        self.migrations = layout;
        self
    }

    /// The folders read so far, each with its layout and files in the order applied.
    pub fn folders(&self) -> &[MigrationFolder] {
        &self.folders
    }

    /// The SQL inputs applied so far, in order (what `--create` runs).
    pub fn scripts(&self) -> &[Script] {
        &self.scripts
    }

    /// Reads SQL as `dialect` instead of detecting it.
    pub fn dialect(mut self, dialect: Option<Dialect>) -> Self {
        self.dialect = dialect;
        self
    }

    /// Applies SQL text; `file` names it in messages.
    pub fn add_sql(&mut self, sql: &str, file: &str) -> Result<&mut Self> {
        let dialect = self.dialect_for(sql, file);
        sql::apply_sql(
            &mut self.schema,
            &mut self.views,
            &mut self.routines,
            &mut self.origins,
            sql,
            file,
            dialect,
        )?;
        self.record(sql, file, dialect);
        Ok(self)
    }

    fn record(&mut self, sql: &str, file: &str, dialect: Dialect) {
        self.scripts.push(Script {
            name: file.to_string(),
            text: sql.to_string(),
            dialect,
        });
    }

    /// Applies SQL text in `dialect`, whatever the reader's dialect; `file` names it in
    /// messages. (A live database's DDL is in the database's dialect.)
    pub fn add_sql_in(&mut self, sql: &str, file: &str, dialect: Dialect) -> Result<&mut Self> {
        self.schema.dialect.get_or_insert(dialect);
        sql::apply_sql(
            &mut self.schema,
            &mut self.views,
            &mut self.routines,
            &mut self.origins,
            sql,
            file,
            dialect,
        )?;
        self.record(sql, file, dialect);
        Ok(self)
    }

    /// Applies a seedgen JSON document; `file` names it in messages.
    pub fn add_json(&mut self, json: &str, file: &str) -> Result<&mut Self> {
        let (doc, settings) = json::parse(json, file)?;
        json::overlay(&mut self.schema, doc);
        if let Some(s) = settings {
            self.settings.merge(s);
        }
        Ok(self)
    }

    /// The generation settings read so far from the `"generate"` sections of JSON inputs
    /// (later documents win field by field).
    pub fn settings(&self) -> &crate::settings::Settings {
        &self.settings
    }

    /// Applies a file (`.json` as JSON, anything else as SQL) or a folder of migrations
    /// (its files in the order its framework applies them; see [`migrations`]).
    pub fn add_path(&mut self, path: impl AsRef<Path>) -> Result<&mut Self> {
        let path = path.as_ref();
        if path.is_dir() {
            let folder = migrations::read_folder(path, self.migrations)?;
            if self.dialect.or(self.schema.dialect).is_none() {
                // The folder's dialect from all of its files and its path.
                let mut all = String::new();
                for f in &folder.applied {
                    all.push_str(&std::fs::read_to_string(f).unwrap_or_default());
                    all.push('\n');
                }
                self.dialect_for(&all, &path.display().to_string());
            }
            for f in &folder.applied {
                self.add_file(f)?;
            }
            self.folders.push(folder);
            return Ok(self);
        }
        self.add_file(path)
    }

    fn add_file(&mut self, path: &Path) -> Result<&mut Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| {
            let (line, column) = line_col(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
            Error::Schema {
                at: Some(Location::new(name.as_str().into(), line, column)),
                message:
                    "the file is not UTF-8 text; convert it (for example with iconv) and try again"
                        .into(),
            }
        })?;
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            self.add_json(&text, &name)
        } else {
            self.add_sql(&text, &name)
        }
    }

    /// Checks references and returns the schema.
    pub fn finish(self) -> Result<Schema> {
        let mut schema = self.schema;
        validate::resolve_and_check(&mut schema)?;
        Ok(schema)
    }
}

fn line_col(valid: &[u8]) -> (u64, u64) {
    let text = String::from_utf8_lossy(valid);
    let line = text.matches('\n').count() as u64 + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, column)
}

impl Schema {
    /// Reads SQL DDL text (dialect detected when `None`).
    ///
    /// ```
    /// use seedgen_core::schema::Schema;
    /// let s = Schema::from_sql("CREATE TABLE t (id int PRIMARY KEY, name varchar(20) NOT NULL);", None)?;
    /// assert_eq!(s.tables[0].primary_key, ["id"]);
    /// assert_eq!(s.tables[0].columns[1].data_type.to_string(), "varchar(20)");
    /// # Ok::<(), seedgen_core::Error>(())
    /// ```
    pub fn from_sql(sql: &str, dialect: Option<Dialect>) -> Result<Schema> {
        let mut r = SchemaReader::new().dialect(dialect);
        r.add_sql(sql, "<input>")?;
        r.finish()
    }

    /// Reads a file or a folder of migrations.
    pub fn from_path(path: impl AsRef<Path>, dialect: Option<Dialect>) -> Result<Schema> {
        let mut r = SchemaReader::new().dialect(dialect);
        r.add_path(path)?;
        r.finish()
    }

    /// Reads a seedgen JSON document.
    pub fn from_json(json: &str) -> Result<Schema> {
        let mut r = SchemaReader::new();
        r.add_json(json, "<input>")?;
        r.finish()
    }

    /// The schema as seedgen JSON (pretty-printed).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the model always serializes")
    }

    /// The JSON Schema of seedgen's JSON format.
    pub fn json_schema() -> String {
        json::json_schema()
    }
}

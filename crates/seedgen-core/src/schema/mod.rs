//! Schema readers and the typed model they produce.
//!
//! [`SchemaReader`] takes any number of inputs in order (SQL scripts, folders of
//! migrations, seedgen JSON) and applies each to one [`Schema`]; [`Schema::from_sql`],
//! [`Schema::from_path`] and [`Schema::from_json`] are the one-input shortcuts.

mod dialect;
mod graph;
mod json;
mod location;
mod model;
mod split;
mod sql;
mod types;
mod validate;

use std::path::{Path, PathBuf};

pub use dialect::Dialect;
pub use graph::{DanglingReference, LoadOrder};
pub use location::Location;
pub use model::{
    Check, Column, Domain, EnumType, ForeignKey, Identity, Partition, Partitioning, QualifiedName,
    Reference, ReferentialAction, Schema, Skipped, Table, UniqueKey,
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
    settings: crate::plan::Settings,
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
            settings: crate::plan::Settings::default(),
        }
    }

    /// Reads SQL as `dialect` instead of detecting it.
    pub fn dialect(mut self, dialect: Option<Dialect>) -> Self {
        self.dialect = dialect;
        self
    }

    /// Applies SQL text; `file` names it in messages.
    pub fn add_sql(&mut self, sql: &str, file: &str) -> Result<&mut Self> {
        let dialect = self
            .dialect
            .or(self.schema.dialect)
            .unwrap_or_else(|| Dialect::detect(sql));
        self.schema.dialect.get_or_insert(dialect);
        sql::apply_sql(&mut self.schema, &mut self.views, sql, file, dialect)?;
        Ok(self)
    }

    /// Applies SQL text in `dialect`, whatever the reader's dialect; `file` names it in
    /// messages. (A live database's DDL is in the database's dialect.)
    pub fn add_sql_in(&mut self, sql: &str, file: &str, dialect: Dialect) -> Result<&mut Self> {
        self.schema.dialect.get_or_insert(dialect);
        sql::apply_sql(&mut self.schema, &mut self.views, sql, file, dialect)?;
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
    pub fn settings(&self) -> &crate::plan::Settings {
        &self.settings
    }

    /// Applies a file (`.json` as JSON, anything else as SQL) or a folder of migrations
    /// (its `.sql` and `.json` files in file-name order).
    pub fn add_path(&mut self, path: impl AsRef<Path>) -> Result<&mut Self> {
        let path = path.as_ref();
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|e| {
                            e.eq_ignore_ascii_case("sql") || e.eq_ignore_ascii_case("json")
                        })
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Error::schema(
                    None,
                    format!("{}: the folder holds no .sql or .json file", path.display()),
                ));
            }
            for f in files {
                self.add_file(&f)?;
            }
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

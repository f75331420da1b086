//! Reading the SCHEMA inputs: files, folders of migrations, JSON and live databases.

use std::path::PathBuf;

use seedgen_core::schema::{Dialect, MigrationFolder, MigrationLayout, Schema, SchemaReader};
use seedgen_core::Settings;

use crate::failure::{classify, usage, Failure};

/// The schema and settings read from the inputs, and the DDL of live databases among
/// them (for `--create`).
pub(crate) struct Source {
    pub schema: Schema,
    pub settings: Settings,
    /// The SQL inputs as applied (files, folders' files in order, live databases' DDL):
    /// what `--create` runs.
    pub scripts: Vec<seedgen_core::schema::Script>,
    /// The folders of migrations read, with their layouts and files in order.
    pub folders: Vec<MigrationFolder>,
    /// How the dialect was detected, when it was not given.
    pub dialect_choice: Option<(String, seedgen_core::schema::DialectChoice)>,
}

pub(crate) fn is_url(s: &str) -> bool {
    seedgen_core::live::url_dialect(s).is_some()
}

/// The SCHEMA inputs as given on the command line.
pub(crate) struct Inputs<'a> {
    /// Files, folders and URLs, in order.
    pub schema: &'a [PathBuf],
    /// `--dialect`.
    pub dialect: Option<Dialect>,
    /// `--migrations`.
    pub migrations: Option<MigrationLayout>,
}

/// Reads the inputs, then the database at `url` when given.
pub(crate) fn read_input(input: &Inputs<'_>, url: Option<&str>) -> Result<Source, Failure> {
    if input.schema.is_empty() && url.is_none() {
        return Err(usage(anyhow::anyhow!(
            "give the schema: SQL files, folders of migrations, seedgen JSON, or a database URL (--url)"
        )));
    }
    let mut reader = SchemaReader::new()
        .dialect(input.dialect)
        .migrations(input.migrations);
    let read_live = |reader: &mut SchemaReader, url: &str| -> Result<(), Failure> {
        let mut db = seedgen_core::live::Database::connect(url).map_err(classify)?;
        seedgen_core::live::add_database(reader, &mut db).map_err(classify)?;
        Ok(())
    };
    for p in input.schema {
        let text = p.to_string_lossy();
        if is_url(&text) {
            read_live(&mut reader, &text)?;
        } else {
            reader.add_path(p).map_err(classify)?;
        }
    }
    if let Some(u) = url {
        read_live(&mut reader, u)?;
    }
    let settings = reader.settings().clone();
    let folders = reader.folders().to_vec();
    let scripts = reader.scripts().to_vec();
    let dialect_choice = reader.dialect_choice().cloned();
    let schema = reader.finish().map_err(classify)?;
    Ok(Source {
        schema,
        settings,
        scripts,
        folders,
        dialect_choice,
    })
}

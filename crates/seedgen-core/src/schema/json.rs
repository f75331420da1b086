//! seedgen's JSON format: the model itself, readable alone or over a DDL schema.

use super::model::Schema;
use crate::error::{Error, Result};
use crate::settings::Settings;

/// Reads a seedgen JSON document: the model, and the `"generate"` settings section
/// when present.
pub(super) fn parse(json: &str, file: &str) -> Result<(Schema, Option<Settings>)> {
    let mut value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| json_error(e, file))?;
    let generate = value.as_object_mut().and_then(|o| o.remove("generate"));
    // `seedgen plan --json` adds what the plan decided; it is output, not input.
    let had_plan = value
        .as_object_mut()
        .and_then(|o| o.remove("plan"))
        .is_some();
    let settings = match generate {
        None => None,
        Some(g) => Some(Settings::from_value(g, "generate").map_err(|e| match e {
            Error::Settings { path, message } => Error::Settings {
                path: format!("{file}: {path}"),
                message,
            },
            other => other,
        })?),
    };
    let schema = if settings.is_none() && !had_plan {
        // Parse the text itself, so errors keep their line and column.
        serde_json::from_str(json).map_err(|e| json_error(e, file))?
    } else {
        serde_json::from_value(value).map_err(|e| Error::Json {
            file: file.to_string(),
            line: 1,
            column: 1,
            message: e.to_string(),
        })?
    };
    Ok((schema, settings))
}

fn json_error(e: serde_json::Error, file: &str) -> Error {
    Error::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or("")
            .to_string(),
    }
}

/// Lays `doc` over `schema`: a table of the same name gets the document's columns
/// (replacing same-named ones, adding others) and keys; other tables are added.
pub(super) fn overlay(schema: &mut Schema, doc: Schema) {
    if schema.dialect.is_none() {
        schema.dialect = doc.dialect;
    }
    for t in doc.tables {
        let Some(i) = schema.tables.iter().position(|x| x.name.matches(&t.name)) else {
            schema.tables.push(t);
            continue;
        };
        let base = &mut schema.tables[i];
        for c in t.columns {
            match base.columns.iter_mut().find(|x| x.name == c.name) {
                Some(x) => *x = c,
                None => base.columns.push(c),
            }
        }
        if !t.primary_key.is_empty() {
            base.primary_key = t.primary_key;
            base.primary_key_name = t.primary_key_name;
        }
        extend_unique(&mut base.unique, t.unique);
        extend_unique(&mut base.foreign_keys, t.foreign_keys);
        extend_unique(&mut base.checks, t.checks);
        if t.partitioning.is_some() {
            base.partitioning = t.partitioning;
        }
        if t.comment.is_some() {
            base.comment = t.comment;
        }
    }
    for e in doc.enums {
        schema.enums.retain(|x| x.name != e.name);
        schema.enums.push(e);
    }
    for d in doc.domains {
        schema.domains.retain(|x| x.name != d.name);
        schema.domains.push(d);
    }
    for t in doc.triggers {
        schema
            .triggers
            .retain(|x| !(x.name == t.name && x.table == t.table));
        schema.triggers.push(t);
    }
    for c in doc.composites {
        schema.composites.retain(|x| x.name != c.name);
        schema.composites.push(c);
    }
    schema.skipped.extend(doc.skipped);
}

fn extend_unique<T: PartialEq>(into: &mut Vec<T>, from: Vec<T>) {
    for x in from {
        if !into.contains(&x) {
            into.push(x);
        }
    }
}

/// The JSON Schema of a seedgen document: the model, plus the optional `"generate"`
/// settings section.
pub(super) fn json_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Schema)).expect("serializes");
    let mut settings = Settings::json_schema();
    let defs = settings
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .unwrap_or_default();
    if let Some(o) = settings.as_object_mut() {
        o.remove("$schema");
    }
    if let Some(root) = schema.as_object_mut() {
        if let Some(props) = root.get_mut("properties").and_then(|p| p.as_object_mut()) {
            props.insert("generate".into(), settings);
        }
        if let (Some(all), Some(extra)) = (
            root.get_mut("$defs").and_then(|d| d.as_object_mut()),
            defs.as_object(),
        ) {
            for (k, v) in extra {
                all.insert(k.clone(), v.clone());
            }
        }
    }
    serde_json::to_string_pretty(&schema).expect("JSON Schema serializes") + "\n"
}

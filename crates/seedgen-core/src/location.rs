//! Source positions: `file:line:column`, 1-based, columns counted in characters.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Where an element of the schema was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(into = "String", try_from = "String")]
#[schemars(with = "String")]
pub struct Location {
    /// The file (or `<input>` for text given directly).
    pub file: Arc<str>,
    /// Line, from 1.
    pub line: u64,
    /// Column, from 1, in characters.
    pub column: u64,
}

impl Location {
    /// A location in `file`.
    pub fn new(file: Arc<str>, line: u64, column: u64) -> Self {
        Location { file, line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl From<Location> for String {
    fn from(l: Location) -> String {
        l.to_string()
    }
}

impl TryFrom<String> for Location {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let mut it = s.rsplitn(3, ':');
        let col = it.next().and_then(|c| c.parse().ok());
        let line = it.next().and_then(|l| l.parse().ok());
        match (it.next(), line, col) {
            (Some(file), Some(line), Some(column)) => Ok(Location {
                file: file.into(),
                line,
                column,
            }),
            _ => Err(format!("expected FILE:LINE:COLUMN, found `{s}`")),
        }
    }
}

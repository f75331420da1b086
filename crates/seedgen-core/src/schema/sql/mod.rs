//! SQL DDL → [`Schema`]: statements are split, classified, parsed with `sqlparser` in
//! the native dialect and applied to the model in file order.

mod alter;
mod convert;
mod recover;

use std::sync::Arc;

use sqlparser::ast::{
    CommentObject, ObjectName, ObjectNamePart, ObjectType, Statement, UserDefinedTypeRepresentation,
};
use sqlparser::parser::Parser;

use super::location::Location;
use super::model::{EnumType, QualifiedName, Schema, Skipped};
use super::split::{self, Piece, PieceKind};
use super::Dialect;
use crate::error::{Error, Result};

/// Applies the SQL script `src` (from `file`) to `schema`.
pub(crate) fn apply_sql(
    schema: &mut Schema,
    views: &mut Vec<QualifiedName>,
    src: &str,
    file: &str,
    dialect: Dialect,
) -> Result<()> {
    let mut reader = Reader {
        schema,
        views,
        dialect,
        file: Arc::from(file),
        default_schema: None,
        type_aliases: Vec::new(),
    };
    for piece in split::split(src, dialect) {
        reader.piece(&piece)?;
    }
    Ok(())
}

/// State while applying one file.
pub(super) struct Reader<'s> {
    pub(super) schema: &'s mut Schema,
    /// Views and materialized views seen so far: indexes on them are not table keys.
    pub(super) views: &'s mut Vec<QualifiedName>,
    pub(super) dialect: Dialect,
    pub(super) file: Arc<str>,
    /// Schema for unqualified names inside `CREATE SCHEMA s CREATE TABLE …`.
    pub(super) default_schema: Option<String>,
    /// Type names joined by recovery (`BLOB_SUB_TYPE_TEXT`) → the words as written.
    pub(super) type_aliases: Vec<(String, String)>,
}

impl Reader<'_> {
    fn piece(&mut self, piece: &Piece) -> Result<()> {
        let at = Some(self.at(piece, 1, 1));
        match piece.kind {
            PieceKind::Client => {
                let word = piece.text.split_whitespace().next().unwrap_or("");
                self.skip(format!("client command `{word}`"), at);
                return Ok(());
            }
            PieceKind::CopyData => {
                self.skip("COPY data rows".to_string(), at);
                return Ok(());
            }
            PieceKind::Sql => {}
        }
        let head = head_words(&piece.text, 6);
        let h: Vec<&str> = head.iter().map(String::as_str).collect();
        match kind_of(&h) {
            Kind::Shaping => self.shaping(piece),
            Kind::Skip(what) => {
                if h.first() == Some(&"CREATE") && h.contains(&"VIEW") {
                    self.note_view(piece);
                }
                self.skip(what, at);
                Ok(())
            }
        }
    }

    /// A statement that may shape the data: parse it (recovering where the parser is
    /// stricter than the database) and apply it.
    fn shaping(&mut self, piece: &Piece) -> Result<()> {
        let head = head_words(&piece.text, 4).join(" ");
        if head.starts_with("CREATE SCHEMA") {
            if let Some(elements) = recover::schema_elements(piece) {
                let saved = self.default_schema.take();
                self.default_schema = Some(elements.0);
                for element in &elements.1 {
                    self.piece(element)?;
                }
                self.default_schema = saved;
                return Ok(());
            }
            self.skip("CREATE SCHEMA".into(), Some(self.at(piece, 1, 1)));
            return Ok(());
        }
        if head.starts_with("ALTER SEQUENCE") {
            return self.alter_sequence(piece);
        }
        let stmt = match self.parse(&piece.text) {
            Ok(s) => s,
            Err(first) => match recover::rewrite(self, piece, &first) {
                recover::Outcome::Text(text) => self.parse(&text).map_err(|_| {
                    // The original message points at what the user wrote.
                    self.syntax_error(piece, &first)
                })?,
                recover::Outcome::Skip(what) => {
                    self.skip(what, Some(self.at(piece, 1, 1)));
                    return Ok(());
                }
                recover::Outcome::Fail => return Err(self.syntax_error(piece, &first)),
            },
        };
        self.statement(stmt, piece)
    }

    fn parse(&self, text: &str) -> std::result::Result<Statement, String> {
        let d = self.dialect.parser_dialect();
        let mut statements = Parser::new(&*d)
            .try_with_sql(text)
            .and_then(|mut p| p.parse_statements())
            .map_err(|e| e.to_string())?;
        match statements.len() {
            1 => Ok(statements.remove(0)),
            n => Err(format!("expected one statement, found {n}")),
        }
    }

    fn statement(&mut self, stmt: Statement, piece: &Piece) -> Result<()> {
        match stmt {
            Statement::CreateTable(ct) => self.create_table(ct, piece),
            Statement::AlterTable(at) => self.alter_table(at, piece),
            Statement::CreateIndex(ci) => self.create_index(ci, piece),
            Statement::CreateDomain(cd) => self.create_domain(cd, piece),
            Statement::CreateType {
                name,
                representation,
            } => {
                if let Some(UserDefinedTypeRepresentation::Enum { labels }) = representation {
                    let name = self.qualified(&name);
                    let at = Some(self.at(piece, 1, 1));
                    self.schema.enums.retain(|e| e.name != name);
                    self.schema.enums.push(EnumType {
                        name,
                        labels: labels.into_iter().map(|l| l.value).collect(),
                        at,
                    });
                } else {
                    self.skip(
                        "CREATE TYPE (not an enum)".into(),
                        Some(self.at(piece, 1, 1)),
                    );
                }
                Ok(())
            }
            Statement::AlterType(at) => self.alter_type(at, piece),
            Statement::Drop {
                object_type,
                names,
                if_exists,
                ..
            } => self.drop(object_type, &names, if_exists, piece),
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => {
                self.comment(object_type, &object_name, comment);
                Ok(())
            }
            other => {
                let what = head_words(&other.to_string(), 3).join(" ");
                self.skip(what, Some(self.at(piece, 1, 1)));
                Ok(())
            }
        }
    }

    fn drop(
        &mut self,
        object_type: ObjectType,
        names: &[ObjectName],
        if_exists: bool,
        piece: &Piece,
    ) -> Result<()> {
        for n in names {
            let name = self.qualified(n);
            match object_type {
                ObjectType::Table => match self.schema.table_index(&name) {
                    Some(i) => {
                        self.schema.tables.remove(i);
                    }
                    None if if_exists => {}
                    None => {
                        return Err(Error::schema(
                            Some(&self.at(piece, 1, 1)),
                            format!(
                                "DROP TABLE {name}: no such table is defined before this statement"
                            ),
                        ))
                    }
                },
                ObjectType::Type => self.schema.enums.retain(|e| !e.name.matches(&name)),
                _ => {}
            }
        }
        if !matches!(object_type, ObjectType::Table | ObjectType::Type) {
            self.skip(format!("DROP {object_type}"), Some(self.at(piece, 1, 1)));
        }
        Ok(())
    }

    fn comment(
        &mut self,
        object_type: CommentObject,
        object_name: &ObjectName,
        text: Option<String>,
    ) {
        match object_type {
            CommentObject::Table => {
                let name = self.qualified(object_name);
                if let Some(i) = self.schema.table_index(&name) {
                    self.schema.tables[i].comment = text;
                }
            }
            CommentObject::Column => {
                let parts = self.parts(object_name);
                if let Some((column, table)) = parts.split_last() {
                    let table = qualified_from_parts(table);
                    if let Some(i) = self.schema.table_index(&table) {
                        if let Some(c) = self.schema.tables[i].column_mut(column) {
                            c.comment = text;
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn alter_sequence(&mut self, piece: &Piece) -> Result<()> {
        // `ALTER SEQUENCE s OWNED BY t.c`: the column takes its values from the sequence.
        let words = recover::idents_after(&piece.text, self.dialect, &["OWNED", "BY"]);
        if words.len() >= 2 {
            let (column, table) = words.split_last().expect("two parts");
            let table = qualified_from_parts(table);
            if let Some(i) = self.schema.table_index(&table) {
                if let Some(c) = self.schema.tables[i].column_mut(column) {
                    c.identity.get_or_insert(super::model::Identity::Serial);
                }
            }
            return Ok(());
        }
        self.skip("ALTER SEQUENCE".into(), Some(self.at(piece, 1, 1)));
        Ok(())
    }

    /// Remembers the name of a view being skipped.
    fn note_view(&mut self, piece: &Piece) {
        let names = recover::idents_after(&piece.text, self.dialect, &["VIEW"]);
        let name_end = names
            .iter()
            .position(|w| w.eq_ignore_ascii_case("AS"))
            .unwrap_or(names.len());
        let parts = &names[..name_end.min(2)];
        if !parts.is_empty() {
            self.views.push(qualified_from_parts(parts));
        }
    }

    pub(super) fn skip(&mut self, what: String, at: Option<Location>) {
        self.schema.skipped.push(Skipped { what, at });
    }

    /// An absolute location from a 1-based line and column inside `piece`.
    pub(super) fn at(&self, piece: &Piece, line: u64, column: u64) -> Location {
        let (line, column) = if line <= 1 {
            (piece.line, piece.column + column.max(1) - 1)
        } else {
            (piece.line + line - 1, column)
        };
        Location::new(self.file.clone(), line, column)
    }

    /// The location of a parser span (line 0 means "unknown": the statement start).
    pub(super) fn at_span(&self, piece: &Piece, span: sqlparser::tokenizer::Span) -> Location {
        if span.start.line == 0 {
            self.at(piece, 1, 1)
        } else {
            self.at(piece, span.start.line, span.start.column)
        }
    }

    pub(super) fn syntax_error(&self, piece: &Piece, message: &str) -> Error {
        let (line, column) = parser_error_position(message).unwrap_or((1, 1));
        let statement: String = piece.text.chars().take(200).collect();
        let message = message
            .trim_start_matches("sql parser error: ")
            .split(" at Line: ")
            .next()
            .unwrap_or(message)
            .to_string();
        Error::Syntax {
            at: self.at(piece, line, column),
            message: format!("cannot read this statement, which shapes the data: {message}"),
            statement: statement.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    /// An identifier as the database stores it: PostgreSQL folds unquoted names to lower
    /// case; MySQL and SQLite keep them as written.
    pub(super) fn ident(&self, id: &sqlparser::ast::Ident) -> String {
        if id.quote_style.is_none() && self.dialect == Dialect::Postgres {
            id.value.to_lowercase()
        } else {
            id.value.clone()
        }
    }

    pub(super) fn parts(&self, name: &ObjectName) -> Vec<String> {
        name.0
            .iter()
            .map(|p| match p {
                ObjectNamePart::Identifier(id) => self.ident(id),
                other => other.to_string(),
            })
            .collect()
    }

    pub(super) fn qualified(&self, name: &ObjectName) -> QualifiedName {
        let mut q = qualified_from_parts(&self.parts(name));
        if q.schema.is_none() {
            q.schema.clone_from(&self.default_schema);
        }
        q
    }
}

fn qualified_from_parts(parts: &[String]) -> QualifiedName {
    match parts {
        [] => QualifiedName::bare(""),
        [name] => QualifiedName::bare(name.clone()),
        [.., schema, name] => QualifiedName {
            schema: Some(schema.clone()),
            name: name.clone(),
        },
    }
}

/// `Line: 4, Column: 20` in a sqlparser message.
fn parser_error_position(message: &str) -> Option<(u64, u64)> {
    let rest = &message[message.rfind("Line: ")? + 6..];
    let (line, rest) = rest.split_once(", Column: ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// The first `n` words of a statement, upper-cased, ignoring comments and punctuation.
pub(super) fn head_words(text: &str, n: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = text;
    while words.len() < n {
        rest = rest.trim_start();
        if rest.starts_with("--") {
            rest = rest.split_once('\n').map_or("", |x| x.1);
            continue;
        }
        if rest.starts_with("/*") {
            rest = rest.split_once("*/").map_or("", |x| x.1);
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '(' || c == ';')
            .unwrap_or(rest.len());
        if end == 0 {
            if rest.is_empty() {
                break;
            }
            rest = &rest[rest.chars().next().map_or(1, char::len_utf8)..];
            continue;
        }
        words.push(rest[..end].to_ascii_uppercase());
        rest = &rest[end..];
    }
    words
}

enum Kind {
    Shaping,
    Skip(String),
}

/// Decides from the first words whether a statement can shape the data.
fn kind_of(h: &[&str]) -> Kind {
    let skip = |n: usize| Kind::Skip(h.iter().take(n).copied().collect::<Vec<_>>().join(" "));
    // Words after CREATE that do not change what the table is.
    let create_object = h
        .iter()
        .skip(1)
        .find(|w| {
            !matches!(
                **w,
                "OR" | "REPLACE"
                    | "TEMP"
                    | "TEMPORARY"
                    | "UNLOGGED"
                    | "GLOBAL"
                    | "LOCAL"
                    | "IF"
                    | "NOT"
                    | "EXISTS"
                    | "ALGORITHM=UNDEFINED"
                    | "SQL"
                    | "SECURITY"
                    | "DEFINER"
                    | "INVOKER"
                    | "DEFINITIVE"
            ) && !w.starts_with("DEFINER=")
                && !w.starts_with("ALGORITHM=")
        })
        .copied()
        .unwrap_or("");
    match h.first().copied().unwrap_or("") {
        "CREATE" => {
            if h.contains(&"TEMPORARY") || h.contains(&"TEMP") {
                return Kind::Skip("CREATE TEMPORARY TABLE".into());
            }
            match create_object {
                "TABLE" | "DOMAIN" | "TYPE" | "SCHEMA" => Kind::Shaping,
                "UNIQUE" => Kind::Shaping,
                "INDEX" => Kind::Skip("CREATE INDEX (not unique)".into()),
                obj => Kind::Skip(format!("CREATE {obj}").trim_end().to_string()),
            }
        }
        "ALTER" => match h.get(1).copied() {
            Some("TABLE") => {
                if h.contains(&"OWNER") {
                    skip(2).with_suffix(" … OWNER TO")
                } else {
                    Kind::Shaping
                }
            }
            Some("SEQUENCE") => Kind::Shaping,
            Some("TYPE") if h.get(3) == Some(&"ADD") || h.get(3) == Some(&"RENAME") => {
                Kind::Shaping
            }
            _ => skip(2),
        },
        "DROP" => match h.get(1).copied() {
            Some("TABLE") | Some("TYPE") | Some("DOMAIN") => Kind::Shaping,
            _ => skip(2),
        },
        "COMMENT" => Kind::Shaping,
        "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "REPLACE" => skip(1),
        "COPY" => Kind::Skip("COPY".into()),
        "" => Kind::Skip("empty statement".into()),
        _ => skip(1),
    }
}

impl Kind {
    fn with_suffix(self, suffix: &str) -> Kind {
        match self {
            Kind::Skip(s) => Kind::Skip(s + suffix),
            k => k,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_positions_are_read_from_messages() {
        assert_eq!(
            parser_error_position("sql parser error: Expected: X, found: Y at Line: 4, Column: 20"),
            Some((4, 20))
        );
    }

    #[test]
    fn head_words_skip_comments() {
        assert_eq!(
            head_words("-- hi\n/* x */ create   table(a int)", 3),
            vec!["CREATE", "TABLE", "A"]
        );
    }
}

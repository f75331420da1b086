//! SQL DDL → [`Schema`]: statements are split, classified, parsed with `sqlparser` in
//! the native dialect and applied to the model in file order.

mod alter;
mod convert;
pub(crate) mod recover;
mod routines;
mod seed;

pub(crate) use routines::Routine;

/// The name PostgreSQL gave an unnamed constraint when it was made (`packages_name_key`),
/// which a later `DROP CONSTRAINT` uses even after the table is renamed.
#[derive(Debug, Clone)]
pub(crate) struct OriginName {
    pub table: QualifiedName,
    pub name: String,
    /// `pkey`, `key`, `fkey` or `check`.
    pub label: &'static str,
    pub columns: Vec<String>,
}

use std::sync::Arc;

use sqlparser::ast::{
    CommentObject, ObjectName, ObjectNamePart, ObjectType, Statement, UserDefinedTypeRepresentation,
};
use sqlparser::parser::Parser;

use super::model::{CompositeType, EnumType, QualifiedName, Schema, Skipped};
use super::split::{self, Piece, PieceKind};
use super::types::SqlType;
use super::Dialect;
use crate::error::{Error, Result};
use crate::location::Location;

/// Applies the SQL script `src` (from `file`) to `schema`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn apply_sql(
    schema: &mut Schema,
    views: &mut Vec<QualifiedName>,
    routines: &mut Vec<Routine>,
    origins: &mut Vec<OriginName>,
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
        lookup: None,
        routines,
        origins,
        call_depth: 0,
        session: Default::default(),
        pending_copy: None,
    };
    for piece in split::split(src, dialect) {
        reader.piece(&piece)?;
    }
    Ok(())
}

/// The longest identifier PostgreSQL keeps, in bytes.
const POSTGRES_NAME_BYTES: usize = 63;

/// A name as PostgreSQL stores it: unquoted names folded to lower case, and cut to 63
/// bytes.
pub(super) fn postgres_name(written: &str, quoted: bool) -> String {
    let mut name = if quoted {
        written.to_string()
    } else {
        written.to_lowercase()
    };
    if name.len() > POSTGRES_NAME_BYTES {
        let mut cut = POSTGRES_NAME_BYTES;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    name
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
    /// Tables by name, built when first needed after the list of tables changed.
    lookup: Option<super::model::TableLookup>,
    /// Functions and procedures defined so far (by every input).
    pub(super) routines: &'s mut Vec<Routine>,
    /// PostgreSQL's names of unnamed constraints.
    pub(super) origins: &'s mut Vec<OriginName>,
    /// How deep CALLs are nested now.
    pub(super) call_depth: usize,
    /// MySQL session variables (`@name`) set by the file so far.
    pub(super) session: std::collections::HashMap<String, crate::expr::check::V>,
    /// The table and columns of the `COPY … FROM stdin` whose rows come next.
    pub(super) pending_copy: Option<(usize, Vec<String>, Location)>,
}

impl Reader<'_> {
    /// The position of the table called `name` (as [`Schema::table_index`]).
    pub(super) fn table_pos(&mut self, name: &QualifiedName) -> Option<usize> {
        if self.lookup.is_none() {
            self.lookup = Some(self.schema.table_lookup());
        }
        self.lookup.as_ref().and_then(|l| l.find(name))
    }

    /// Says that tables were removed or renamed.
    pub(super) fn tables_changed(&mut self) {
        self.lookup = None;
    }

    /// Adds a table at the end of the list.
    pub(super) fn push_table(&mut self, table: super::model::Table) {
        if let Some(l) = &mut self.lookup {
            l.add(self.schema.tables.len(), &table.name);
        }
        self.schema.tables.push(table);
    }

    /// Applies one more piece, as if it stood in the file (a CALL's statements).
    pub(super) fn piece_pub(&mut self, piece: &Piece) -> Result<()> {
        self.piece(piece)
    }

    fn piece(&mut self, piece: &Piece) -> Result<()> {
        let at = Some(self.at(piece, 1, 1));
        match piece.kind {
            PieceKind::Client => {
                let word = piece.text.split_whitespace().next().unwrap_or("");
                self.skip(format!("client command `{word}`"), at);
                return Ok(());
            }
            PieceKind::CopyData => {
                if !self.copy_data(piece) {
                    self.skip(
                        "COPY data rows (of a table not in the inputs)".to_string(),
                        at,
                    );
                }
                return Ok(());
            }
            PieceKind::Sql => {}
        }
        let head = head_words(&piece.text, 6);
        let h: Vec<&str> = head.iter().map(String::as_str).collect();
        if h.starts_with(&["CREATE", "VIRTUAL", "TABLE"]) {
            return self.virtual_table(piece);
        }
        if h.first() == Some(&"CREATE") {
            match create_object(&h) {
                "TRIGGER" => return self.trigger(piece),
                o @ ("FUNCTION" | "PROCEDURE") => {
                    self.routine(piece, o);
                    self.skip(format!("CREATE {o}"), at);
                    return Ok(());
                }
                _ => {}
            }
        }
        if h.first() == Some(&"CALL") {
            return self.call(piece);
        }
        if h.first() == Some(&"SELECT") && self.select_call(piece)? {
            return Ok(());
        }
        if h.starts_with(&["DROP", "TRIGGER"]) {
            self.drop_trigger(piece);
            return Ok(());
        }
        if self.dialect == Dialect::MySql && self.session_statement(piece)? {
            self.skip(
                format!("{} (run on the model)", h.first().unwrap_or(&"")),
                at,
            );
            return Ok(());
        }
        if self.dialect == Dialect::MySql && h.first() == Some(&"USE") {
            // Later unqualified names are in this database (see `validate`, which drops
            // the qualifier again when the schema uses one database only).
            if let Some(db) = recover::idents_after(&piece.text, self.dialect, &["USE"]).first() {
                self.default_schema = Some(db.clone());
            }
        }
        if matches!(h.first(), Some(&"INSERT" | &"REPLACE")) && self.insert(piece)? {
            return Ok(());
        }
        if h.first() == Some(&"COPY") && self.copy_header(piece) {
            return Ok(());
        }
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
                let name = self.qualified(&name);
                let at = Some(self.at(piece, 1, 1));
                match representation {
                    Some(UserDefinedTypeRepresentation::Enum { labels }) => {
                        self.schema.enums.retain(|e| e.name != name);
                        self.schema.enums.push(EnumType {
                            name,
                            labels: labels.into_iter().map(|l| l.value).collect(),
                            at,
                        });
                    }
                    Some(UserDefinedTypeRepresentation::Composite { attributes }) => {
                        let mut fields = Vec::with_capacity(attributes.len());
                        for a in &attributes {
                            let text = self.user_type_text(&a.data_type.to_string());
                            let t = SqlType::parse(&text).map_err(|e| {
                                Error::schema(at.as_ref(), format!("type {name}: {e}"))
                            })?;
                            fields.push((self.ident(&a.name), t));
                        }
                        self.schema.composites.retain(|c| c.name != name);
                        self.schema
                            .composites
                            .push(CompositeType { name, fields, at });
                    }
                    _ => self.skip("CREATE TYPE (not an enum or composite)".into(), at),
                }
                Ok(())
            }
            Statement::AlterType(at) => self.alter_type(at, piece),
            Statement::Drop {
                object_type: ObjectType::Index,
                names,
                table,
                ..
            } => {
                self.drop_index(&names, table.as_ref());
                Ok(())
            }
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
                ObjectType::Table => match self.table_pos(&name) {
                    Some(i) => {
                        self.schema.tables.remove(i);
                        self.tables_changed();
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

    /// `DROP INDEX [IF EXISTS] i` (PostgreSQL: an index name is unique in its schema)
    /// or `DROP INDEX i ON t` (MySQL): a unique index of that name goes.
    fn drop_index(&mut self, names: &[ObjectName], table: Option<&ObjectName>) {
        let table = table.map(|t| self.qualified(t));
        for n in names {
            let q = self.qualified(n);
            for t in &mut self.schema.tables {
                let here = match &table {
                    Some(tn) => t.name.matches(tn),
                    None => q.schema.is_none() || t.name.schema == q.schema,
                };
                if here {
                    t.unique
                        .retain(|u| u.name.as_deref() != Some(q.name.as_str()));
                }
            }
        }
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
                if let Some(i) = self.table_pos(&name) {
                    self.schema.tables[i].comment = text;
                }
            }
            CommentObject::Column => {
                let parts = self.parts(object_name);
                if let Some((column, table)) = parts.split_last() {
                    let table = qualified_from_parts(table);
                    if let Some(i) = self.table_pos(&table) {
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
            if let Some(i) = self.table_pos(&table) {
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
        let parts = recover::name_after(&piece.text, self.dialect, "VIEW");
        if !parts.is_empty() {
            let mut q = qualified_from_parts(&parts);
            if q.schema.is_none() {
                q.schema.clone_from(&self.default_schema);
            }
            self.views.push(q);
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
        // A statement that only another dialect reads: the file's dialect was misjudged.
        let other = [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite]
            .into_iter()
            .filter(|d| *d != self.dialect)
            .find(|d| {
                let pd = d.parser_dialect();
                Parser::new(&*pd)
                    .try_with_sql(&piece.text)
                    .and_then(|mut p| p.parse_statements())
                    .is_ok()
            });
        let hint = match other {
            Some(d) => format!(
                "; the file was read as {} SQL, and this statement reads as {d} SQL: if the file is {d}, name its dialect (`dialect` {d})",
                self.dialect
            ),
            None => String::new(),
        };
        Error::Syntax {
            at: self.at(piece, line, column),
            message: format!("cannot read this statement, which shapes the data: {message}{hint}"),
            statement: statement.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    /// An identifier as the database stores it: PostgreSQL folds unquoted names to lower
    /// case; MySQL and SQLite keep them as written.
    /// PostgreSQL also cuts names to 63 bytes (NAMEDATALEN − 1), never inside a
    /// character, and every later mention of the long name means the cut one.
    pub(super) fn ident(&self, id: &sqlparser::ast::Ident) -> String {
        if self.dialect != Dialect::Postgres {
            return id.value.clone();
        }
        postgres_name(&id.value, id.quote_style.is_some())
    }

    /// An expression as text that reads back to the same values: MySQL decodes
    /// backslash escapes in string literals, which the parser's printing does not write
    /// again, so they are written again here (`'a\\b'` stays `'a\\b'`, not `'a\b'`).
    pub(super) fn expr_text(&self, e: &sqlparser::ast::Expr) -> String {
        let s = e.to_string();
        if self.dialect == Dialect::MySql && s.contains('\\') {
            escape_backslashes_in_strings(&s)
        } else {
            s
        }
    }

    /// A type as written, with an unquoted PostgreSQL name folded to lower case as the
    /// server folds it (`FLUENCY` names the enum `fluency`).
    pub(super) fn user_type_text(&self, text: &str) -> String {
        if self.dialect == Dialect::Postgres && !text.contains('"') {
            text.to_lowercase()
        } else {
            text.to_string()
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

pub(super) fn qualified_from_parts(parts: &[String]) -> QualifiedName {
    match parts {
        [] => QualifiedName::bare(""),
        [name] => QualifiedName::bare(name.clone()),
        [.., schema, name] => QualifiedName {
            schema: Some(schema.clone()),
            name: name.clone(),
        },
    }
}

/// Doubles backslashes inside `'…'` and `"…"` literals of printed SQL.
fn escape_backslashes_in_strings(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            Some(_) if c == '\\' => out.push_str("\\\\"),
            Some(_) => out.push(c),
            None => {
                if c == '\'' || c == '"' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// `Line: 4, Column: 20` in a sqlparser message.
fn parser_error_position(message: &str) -> Option<(u64, u64)> {
    let rest = &message[message.rfind("Line: ")? + 6..];
    let (line, rest) = rest.split_once(", Column: ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// The first `n` words of a statement, upper-cased, ignoring comments and punctuation.
pub(crate) fn head_words(text: &str, n: usize) -> Vec<String> {
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

/// The kind of object a `CREATE …` makes (`TABLE`, `TRIGGER`, `FUNCTION`, …): the
/// first word after CREATE that is not a modifier.
fn create_object<'a>(h: &[&'a str]) -> &'a str {
    h.iter()
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
                    | "CONSTRAINT"
                    | "AGGREGATE"
            ) && !w.starts_with("DEFINER=")
                && !w.starts_with("ALGORITHM=")
        })
        .copied()
        .unwrap_or("")
}

/// Decides from the first words whether a statement can shape the data.
fn kind_of(h: &[&str]) -> Kind {
    let skip = |n: usize| Kind::Skip(h.iter().take(n).copied().collect::<Vec<_>>().join(" "));
    // Words after CREATE that do not change what the table is.
    let create_object = create_object(h);
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
            Some("TABLE") | Some("TYPE") | Some("DOMAIN") | Some("INDEX") => Kind::Shaping,
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

//! The statements `--create` runs: the schema's own SQL inputs, statement by statement,
//! without what belongs to the client or the server rather than to the database.
//!
//! A dump or a migration folder holds client commands (`\c`, `\restrict`, `DELIMITER`),
//! statements about the server (`CREATE DATABASE`, roles, grants, ownership) and
//! transaction control of its own. Loading into the database a user names, in one
//! transaction with the rows, takes the schema's objects and leaves those out:
//! - client commands (a `COPY … FROM stdin` keeps its data block: see
//!   [`CreateStatement::copy_data`]);
//! - `CREATE`/`DROP DATABASE`, and `USE`/`CREATE SCHEMA` in MySQL files that keep to one
//!   database (the tables go into the database of the URL; names qualified with that
//!   database, as in sakila's `FROM sakila.film`, lose the qualifier);
//! - `BEGIN`, `START TRANSACTION`, `COMMIT`, `ROLLBACK` (the load is one transaction);
//! - ownership and privileges: `ALTER … OWNER TO`, `GRANT`, `REVOKE`, `ALTER DEFAULT
//!   PRIVILEGES`, `CREATE ROLE`/`USER` (the roles may not exist where the data goes);
//! - `VACUUM`, and `CONCURRENTLY` in index statements (neither runs in a transaction;
//!   without it the index is the same).

use super::dialect::Dialect;
use super::split::{self, PieceKind};
use super::Script;
use crate::location::Location;

/// One statement to run, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateStatement {
    /// The SQL, as the database reads it.
    pub text: String,
    /// Where it starts.
    pub at: Location,
    /// For `COPY … FROM stdin`, the rows that follow it (text format, up to `\.`).
    pub copy_data: Option<String>,
}

/// The statements of `scripts` that `--create` runs, in order, and what was left out
/// (one line per kind, with the count).
pub fn create_statements(
    scripts: &[Script],
    one_database: bool,
) -> (Vec<CreateStatement>, Vec<String>) {
    let mut out = Vec::new();
    let mut left: std::collections::BTreeMap<String, usize> = Default::default();
    // MySQL databases the file creates or uses, now the URL's: their qualifiers go.
    let mut renamed: Vec<String> = Vec::new();
    for script in scripts {
        let file: std::sync::Arc<str> = script.name.as_str().into();
        for piece in split::split(&script.text, script.dialect) {
            if piece.kind == PieceKind::CopyData {
                if let Some(last) = out.last_mut().filter(|s: &&mut CreateStatement| {
                    s.copy_data.is_none() && s.text.to_ascii_uppercase().contains("FROM STDIN")
                }) {
                    last.copy_data = Some(piece.text.clone());
                    continue;
                }
            }
            if piece.kind != PieceKind::Sql {
                *left
                    .entry("client commands and data blocks".into())
                    .or_default() += 1;
                continue;
            }
            let words = super::sql::head_words(&piece.text, 4);
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            if let Some(why) = left_out(&w, &piece.text, script.dialect, one_database) {
                *left.entry(why.into()).or_default() += 1;
                if script.dialect == Dialect::MySql && one_database {
                    if let Some(db) = database_named(&w, &piece.text) {
                        if !renamed.contains(&db) {
                            renamed.push(db);
                        }
                    }
                }
                continue;
            }
            let mut text = piece.text.clone();
            for db in &renamed {
                text = unqualify(&text, db);
            }
            if script.dialect == Dialect::Postgres && w.contains(&"CONCURRENTLY") {
                text = remove_word(&text, "CONCURRENTLY");
            }
            out.push(CreateStatement {
                text,
                at: Location::new(file.clone(), piece.line, piece.column),
                copy_data: None,
            });
        }
    }
    let notes = left
        .into_iter()
        .map(|(what, n)| format!("{n} × {what}"))
        .collect();
    (out, notes)
}

/// Why a statement is left out, or `None` to run it.
fn left_out(w: &[&str], text: &str, dialect: Dialect, one_database: bool) -> Option<&'static str> {
    // MariaDB's dump starts with `/*M!999999\- enable the sandbox mode */`, a command
    // for its client.
    if text.trim_start().starts_with('\\') {
        return Some("client commands and data blocks");
    }
    let first = w.first().copied().unwrap_or("");
    let second = w.get(1).copied().unwrap_or("");
    match (first, second) {
        ("CREATE" | "DROP", "DATABASE") if dialect != Dialect::MySql || one_database => {
            Some("CREATE/DROP DATABASE (the URL names the database)")
        }
        ("CREATE" | "DROP", "SCHEMA") if dialect == Dialect::MySql && one_database => {
            Some("CREATE/DROP DATABASE (the URL names the database)")
        }
        ("USE", _) if one_database => Some("USE (the URL names the database)"),
        ("BEGIN" | "COMMIT" | "ROLLBACK" | "END", _) | ("START", "TRANSACTION") => {
            Some("transaction control (the load is one transaction)")
        }
        ("GRANT" | "REVOKE", _) | ("CREATE" | "DROP" | "ALTER", "ROLE" | "USER") => {
            Some("roles and privileges")
        }
        ("ALTER", "DEFAULT") => Some("roles and privileges"),
        ("ALTER", _) if owner_to(text) => Some("ownership (OWNER TO)"),
        ("VACUUM", _) => Some("VACUUM"),
        ("", _) => Some("empty statements"),
        _ => None,
    }
}

/// The database a left-out `USE db` or `CREATE DATABASE|SCHEMA [IF NOT EXISTS] db`
/// names, as written.
fn database_named(w: &[&str], text: &str) -> Option<String> {
    let after: &[&str] = match w {
        ["USE", ..] => &["USE"],
        ["CREATE", "DATABASE" | "SCHEMA", "IF", ..] => &["EXISTS"],
        ["CREATE", kind @ ("DATABASE" | "SCHEMA"), ..] => &["CREATE", kind],
        _ => return None,
    };
    super::sql::recover::idents_after(text, Dialect::MySql, after)
        .into_iter()
        .next()
}

/// `text` with the qualifier `db.` (or `` `db`. ``) taken off every name, outside
/// string literals and comments.
fn unqualify(text: &str, db: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let name: Vec<char> = db.chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' && q != '`' {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
            } else if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        let before_ok = i == 0 || !(ident(chars[i - 1]) || chars[i - 1] == '.');
        let ticked = c == '`';
        let start = i + usize::from(ticked);
        let end = start + name.len();
        let matches = before_ok
            && chars.get(start..end) == Some(&name[..])
            && (!ticked || chars.get(end) == Some(&'`'));
        let dot = end + usize::from(ticked);
        if matches
            && chars.get(dot) == Some(&'.')
            && (ticked || chars.get(end).is_some_and(|&n| !ident(n)))
        {
            i = dot + 1;
            continue;
        }
        if c == '\'' || c == '"' || c == '`' {
            quote = Some(c);
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `ALTER … OWNER TO role` (an ALTER whose only action is the owner).
fn owner_to(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    words.windows(2).any(|p| p == ["OWNER", "TO"]) && !upper.contains(',')
}

/// `text` without the word `word` (outside quotes), keeping the rest as written.
fn remove_word(text: &str, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut i = 0;
    let chars: Vec<char> = text.chars().collect();
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None => {
                let at_word = (i == 0 || !chars[i - 1].is_alphanumeric())
                    && chars.len() >= i + word.len()
                    && chars[i..i + word.len()]
                        .iter()
                        .collect::<String>()
                        .eq_ignore_ascii_case(word)
                    && chars
                        .get(i + word.len())
                        .is_none_or(|n| !n.is_alphanumeric() && *n != '_');
                if at_word {
                    i += word.len();
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(text: &str, dialect: Dialect) -> Script {
        Script {
            name: "s.sql".into(),
            text: text.into(),
            dialect,
        }
    }

    #[test]
    fn server_and_client_statements_are_left_out() {
        let s = script(
            "\\restrict abc\nCREATE DATABASE x;\n\\c x\nBEGIN;\nCREATE TABLE t (id int);\nALTER TABLE t OWNER TO app;\nGRANT SELECT ON t TO app;\nCREATE INDEX CONCURRENTLY i ON t (id);\nCOMMIT;\n",
            Dialect::Postgres,
        );
        let (run, notes) = create_statements(&[s], true);
        let texts: Vec<&str> = run.iter().map(|s| s.text.trim()).collect();
        assert_eq!(
            texts,
            ["CREATE TABLE t (id int)", "CREATE INDEX  i ON t (id)"]
        );
        assert_eq!(run[0].at.line, 5);
        assert!(notes.iter().any(|n| n.contains("OWNER TO")), "{notes:?}");
    }

    #[test]
    fn names_qualified_with_the_left_out_database_lose_the_qualifier() {
        let (st, _) = create_statements(
            &[script(
                "CREATE SCHEMA shop; USE shop;\nCREATE TABLE t (id int);\nCREATE VIEW v AS SELECT t.id, 'shop.x' AS s FROM shop.t JOIN `shop`.`t` u ON u.id = t.id JOIN shopping.t w ON 1;",
                Dialect::MySql,
            )],
            true,
        );
        assert_eq!(st.len(), 2);
        assert_eq!(
            st[1].text,
            "CREATE VIEW v AS SELECT t.id, 'shop.x' AS s FROM t JOIN `t` u ON u.id = t.id JOIN shopping.t w ON 1"
        );
    }

    #[test]
    fn mysql_databases_are_kept_when_the_file_uses_several() {
        let s = script(
            "CREATE DATABASE a; USE a; CREATE TABLE t (id int);",
            Dialect::MySql,
        );
        assert_eq!(create_statements(std::slice::from_ref(&s), true).0.len(), 1);
        assert_eq!(create_statements(&[s], false).0.len(), 3);
    }
}

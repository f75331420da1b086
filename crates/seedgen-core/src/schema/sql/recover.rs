//! Narrow recovery for statements that the databases accept and `sqlparser` rejects.
//!
//! Each rule rewrites the statement text into a form the parser reads with the same
//! meaning, keeping character positions where it can, so later errors still point into
//! the user's file. A statement that no rule fixes is an error, never dropped.

use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use super::Reader;
use crate::schema::split::{Piece, PieceKind};
use crate::schema::Dialect;

/// What recovery made of a statement.
pub(super) enum Outcome {
    /// Parse this text instead.
    Text(String),
    /// The statement does not shape the data after all (`ALTER TABLE t CLUSTER ON i`).
    Skip(String),
    /// No rule applies: report the parser's error.
    Fail,
}

fn tokens(text: &str, dialect: Dialect) -> Option<Vec<TokenWithSpan>> {
    let d = dialect.parser_dialect();
    Tokenizer::new(&*d, text).tokenize_with_location().ok()
}

fn is_word(t: &Token, w: &str) -> bool {
    matches!(t, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w))
}

fn significant(toks: &[TokenWithSpan]) -> Vec<&TokenWithSpan> {
    toks.iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .collect()
}

/// Byte offset of a 1-based (line, column-in-characters) position in `text`.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1) as usize)
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

pub(super) fn rewrite(reader: &mut Reader<'_>, piece: &Piece, first_error: &str) -> Outcome {
    let head = super::head_words(&piece.text, 3);
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    match head.as_slice() {
        ["ALTER", "TABLE", ..] => {
            if let Some(text) = blank_sequence_name(&piece.text, reader.dialect) {
                if reader.parse(&text).is_ok() {
                    return Outcome::Text(text);
                }
            }
            if let Some(text) = alias_column_types(reader, &piece.text) {
                if reader.parse(&text).is_ok() {
                    return Outcome::Text(text);
                }
            }
            alter_table_options(&piece.text, reader.dialect)
        }
        ["CREATE", "DOMAIN", ..] => create_domain(&piece.text, reader.dialect),
        // Comments on constraints, functions, …: text, not data.
        ["COMMENT", "ON", what] if !matches!(*what, "TABLE" | "COLUMN") => {
            Outcome::Skip(format!("COMMENT ON {what}"))
        }
        ["DROP", "INDEX", "CONCURRENTLY"] => Outcome::Text(blank_word(&piece.text, "CONCURRENTLY")),
        ["CREATE", "UNIQUE", ..] => match blank_on_only(&piece.text, reader.dialect) {
            Some(text) => Outcome::Text(text),
            None => Outcome::Fail,
        },
        ["CREATE", ..] if head.contains(&"TABLE") => create_table(reader, piece, first_error),
        _ => Outcome::Fail,
    }
}

/// `ALTER TABLE t CLUSTER ON i`, `ALTER TABLE t ENGINE=InnoDB`: only storage options.
fn alter_table_options(text: &str, dialect: Dialect) -> Outcome {
    let Some(toks) = tokens(text, dialect) else {
        return Outcome::Fail;
    };
    let sig = significant(&toks);
    const SHAPING: &[&str] = &[
        "ADD", "DROP", "ALTER", "MODIFY", "CHANGE", "RENAME", "ATTACH", "DETACH",
    ];
    if sig
        .iter()
        .skip(2)
        .any(|t| SHAPING.iter().any(|w| is_word(&t.token, w)))
    {
        return Outcome::Fail;
    }
    // The first word after the table name says what it was.
    let mut k = 2;
    while sig.get(k).is_some_and(|t| {
        ["ONLY", "IF", "EXISTS"]
            .iter()
            .any(|w| is_word(&t.token, w))
    }) {
        k += 1;
    }
    k += 1;
    while sig.get(k).is_some_and(|t| matches!(t.token, Token::Period)) {
        k += 2;
    }
    let what = sig
        .get(k)
        .map(|t| t.token.to_string().to_ascii_uppercase())
        .unwrap_or_default();
    Outcome::Skip(format!("ALTER TABLE … {what} (storage option)"))
}

/// `ALTER COLUMN c [SET DATA] TYPE text[] COLLATE "C" USING …`: the parser reads
/// neither array brackets nor a collation there. The type is replaced by a placeholder
/// word that [`Reader::set_type`](super::Reader) turns back into the type as written,
/// and the collation (which does not change the values) is blanked.
fn alias_column_types(reader: &mut Reader<'_>, text: &str) -> Option<String> {
    let toks = tokens(text, reader.dialect)?;
    let sig = significant(&toks);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut k = 0;
    while k < sig.len() {
        // `ALTER [COLUMN] c [SET DATA] TYPE …`: a word (the column or DATA) before TYPE.
        let is_type =
            is_word(&sig[k].token, "TYPE") && k >= 2 && matches!(sig[k - 1].token, Token::Word(_));
        if !is_type {
            k += 1;
            continue;
        }
        let start = k + 1;
        let mut end = start;
        let mut depth = 0i32;
        while end < sig.len() {
            let t = &sig[end].token;
            match t {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket => depth -= 1,
                _ => {}
            }
            if depth <= 0
                && (matches!(t, Token::Comma | Token::SemiColon)
                    || ["USING", "COLLATE"].iter().any(|w| is_word(t, w)))
            {
                break;
            }
            end += 1;
        }
        if end == start {
            return None;
        }
        let a = offset_of(
            text,
            sig[start].span.start.line,
            sig[start].span.start.column,
        );
        let b = offset_of(
            text,
            sig[end - 1].span.end.line,
            sig[end - 1].span.end.column,
        );
        let written = text[a..b].to_string();
        if written.contains('[') || written.contains('"') {
            let alias = format!("seedgen_type_{}", reader.type_aliases.len());
            reader.type_aliases.push((alias.clone(), written));
            edits.push((a, b, alias));
        }
        if sig.get(end).is_some_and(|t| is_word(&t.token, "COLLATE")) {
            let c0 = offset_of(text, sig[end].span.start.line, sig[end].span.start.column);
            let last = (end + 1).min(sig.len() - 1);
            let c1 = offset_of(text, sig[last].span.end.line, sig[last].span.end.column);
            edits.push((c0, c1, String::new()));
            end = last + 1;
        }
        k = end;
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    for (a, b, with) in edits.into_iter().rev() {
        let pad = (b - a).saturating_sub(with.len());
        out.replace_range(a..b, &format!("{with}{}", " ".repeat(pad)));
    }
    Some(out)
}

/// `text` with the first `word` (not in quotes) blanked.
fn blank_word(text: &str, word: &str) -> String {
    let upper = text.to_ascii_uppercase();
    match upper.find(&word.to_ascii_uppercase()) {
        Some(i) => {
            let mut out = text.to_string();
            out.replace_range(i..i + word.len(), &" ".repeat(word.len()));
            out
        }
        None => text.to_string(),
    }
}

/// pg_dump's `CREATE UNIQUE INDEX i ON ONLY parent …` for a partitioned table: the
/// index is the parent's (its partitions' indexes are attached to it); blank `ONLY`.
fn blank_on_only(text: &str, dialect: Dialect) -> Option<String> {
    let toks = tokens(text, dialect)?;
    let sig = significant(&toks);
    let k = sig
        .windows(2)
        .position(|w| is_word(&w[0].token, "ON") && is_word(&w[1].token, "ONLY"))?;
    let t = sig[k + 1];
    let a = offset_of(text, t.span.start.line, t.span.start.column);
    let mut out = text.to_string();
    out.replace_range(a..a + 4, "    ");
    Some(out)
}

/// pg_dump's `ADD GENERATED … AS IDENTITY (SEQUENCE NAME s START WITH 1 …)`: the
/// sequence's name does not matter to the data; blank it.
fn blank_sequence_name(text: &str, dialect: Dialect) -> Option<String> {
    let toks = tokens(text, dialect)?;
    let sig = significant(&toks);
    let at = sig
        .windows(2)
        .position(|w| is_word(&w[0].token, "SEQUENCE") && is_word(&w[1].token, "NAME"))?;
    let mut end = at + 2;
    while sig
        .get(end + 1)
        .is_some_and(|t| matches!(t.token, Token::Period))
    {
        end += 2;
    }
    let start = offset_of(text, sig[at].span.start.line, sig[at].span.start.column);
    let stop = offset_of(text, sig.get(end)?.span.end.line, sig[end].span.end.column);
    let mut out = text.to_string();
    let blank: String = text[start..stop]
        .chars()
        .map(|c| if c == '\n' { c } else { ' ' })
        .collect();
    out.replace_range(start..stop, &blank);
    Some(out)
}

/// `CREATE DOMAIN d varchar(25) NULL`, `CREATE DOMAIN d AS boolean NOT NULL`: PostgreSQL
/// accepts a missing AS and NULL/NOT NULL constraints that the parser does not.
fn create_domain(text: &str, dialect: Dialect) -> Outcome {
    let Some(toks) = tokens(text, dialect) else {
        return Outcome::Fail;
    };
    let mut out = String::new();
    let mut depth = 0;
    let mut i = 0;
    let sig_index: Vec<usize> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)))
        .map(|(i, _)| i)
        .collect();
    // Position (in `toks`) of the token after the domain name: the name may be qualified.
    let mut after_name = None;
    {
        let mut k = 2; // CREATE DOMAIN
        if sig_index.get(k).is_some() {
            k += 1;
            while sig_index
                .get(k)
                .is_some_and(|&j| matches!(toks[j].token, Token::Period))
            {
                k += 2;
            }
            after_name = sig_index.get(k).copied();
        }
    }
    while i < toks.len() {
        let t = &toks[i].token;
        match t {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ => {}
        }
        if Some(i) == after_name && !is_word(t, "AS") {
            out.push_str("AS ");
        }
        if depth == 0 && is_word(t, "NOT") {
            let next = sig_index.iter().find(|&&j| j > i).copied();
            if next.is_some_and(|j| is_word(&toks[j].token, "NULL")) {
                i = next.expect("checked") + 1;
                continue;
            }
        }
        if depth == 0 && is_word(t, "NULL") {
            let prev = sig_index.iter().rev().find(|&&j| j < i).copied();
            if !prev.is_some_and(|j| is_word(&toks[j].token, "DEFAULT")) {
                i += 1;
                continue;
            }
        }
        out.push_str(&t.to_string());
        i += 1;
    }
    Outcome::Text(out)
}

/// Whether a domain definition says NOT NULL outside its CHECK expressions.
pub(super) fn domain_not_null(text: &str, dialect: Dialect) -> bool {
    let Some(toks) = tokens(text, dialect) else {
        return false;
    };
    let sig = significant(&toks);
    let mut depth = 0;
    for (i, t) in sig.iter().enumerate() {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ => {}
        }
        if depth == 0
            && is_word(&t.token, "NOT")
            && sig.get(i + 1).is_some_and(|n| is_word(&n.token, "NULL"))
        {
            return true;
        }
    }
    false
}

/// CREATE TABLE fixes, repeated while each one moves the parser forward.
fn create_table(reader: &mut Reader<'_>, piece: &Piece, first_error: &str) -> Outcome {
    let mut text = piece.text.clone();
    let mut error = first_error.to_string();
    for _ in 0..64 {
        let fixed = match reader.dialect {
            Dialect::MySql => blank_binary_attribute(&text, reader.dialect),
            Dialect::Sqlite => join_type_words(reader, &text, &error),
            Dialect::Postgres => None,
        };
        let Some(next) = fixed else {
            return Outcome::Fail;
        };
        text = next;
        match reader.parse(&text) {
            Ok(_) => return Outcome::Text(text),
            Err(e) if e == error => return Outcome::Fail,
            Err(e) => error = e,
        }
    }
    Outcome::Fail
}

/// MySQL `VARCHAR(40) BINARY`: the BINARY attribute only picks a binary collation.
fn blank_binary_attribute(text: &str, dialect: Dialect) -> Option<String> {
    let toks = tokens(text, dialect)?;
    let sig = significant(&toks);
    let mut depth = 0;
    let mut words_in_column = 0;
    for (i, t) in sig.iter().enumerate() {
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            Token::Comma if depth == 1 => words_in_column = 0,
            Token::Word(_) if depth == 1 => {
                words_in_column += 1;
                let after_type =
                    i > 0 && matches!(sig[i - 1].token, Token::RParen) || words_in_column >= 3;
                let before_paren = sig
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.token, Token::LParen));
                if is_word(&t.token, "BINARY") && after_type && !before_paren {
                    let start = offset_of(text, t.span.start.line, t.span.start.column);
                    let mut out = text.to_string();
                    out.replace_range(start..start + 6, "      ");
                    return Some(out);
                }
            }
            _ => {}
        }
    }
    None
}

/// SQLite takes any run of words after a column's name as its type name (`BLOB
/// SUB_TYPE TEXT`, `UNSIGNED BIG INT`, `BIGINT AUTO_INCREMENT`): join each run of two or
/// more words with underscores, up to the first constraint keyword, and remember the
/// spelling for the column's type.
fn join_type_words(reader: &mut Reader<'_>, text: &str, _error: &str) -> Option<String> {
    const STOP: &[&str] = &[
        "CONSTRAINT",
        "PRIMARY",
        "NOT",
        "NULL",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "COLLATE",
        "REFERENCES",
        "GENERATED",
        "AS",
        "ON",
    ];
    const TABLE_CONSTRAINT: &[&str] = &["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];
    let toks = tokens(text, reader.dialect)?;
    let sig = significant(&toks);
    let open = sig.iter().position(|t| matches!(t.token, Token::LParen))?;
    let mut edits = Vec::new();
    let mut depth = 0;
    let mut k = open;
    while k < sig.len() {
        match sig[k].token {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ => {}
        }
        let starts_column = depth == 1 && matches!(sig[k].token, Token::LParen | Token::Comma);
        k += 1;
        if !starts_column {
            continue;
        }
        // The column's name, then the words of its type.
        let Some(name) = sig.get(k) else { break };
        if TABLE_CONSTRAINT.iter().any(|w| is_word(&name.token, w))
            || !matches!(name.token, Token::Word(_))
        {
            continue;
        }
        let first = k + 1;
        let mut end = first;
        while sig.get(end).is_some_and(|t| {
            matches!(&t.token, Token::Word(_)) && !STOP.iter().any(|w| is_word(&t.token, w))
        }) {
            end += 1;
        }
        if end - first >= 2 {
            let a = offset_of(
                text,
                sig[first].span.start.line,
                sig[first].span.start.column,
            );
            let b = offset_of(
                text,
                sig[end - 1].span.end.line,
                sig[end - 1].span.end.column,
            );
            let original = &text[a..b];
            let joined: String = original.split_whitespace().collect::<Vec<_>>().join("_");
            reader.type_aliases.push((
                joined.clone(),
                original.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
            edits.push((a, b, joined));
        }
        k = end;
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    for (a, b, with) in edits.into_iter().rev() {
        let pad = (b - a).saturating_sub(with.len());
        out.replace_range(a..b, &format!("{with}{}", " ".repeat(pad)));
    }
    Some(out)
}

/// `CREATE SCHEMA s CREATE TABLE … CREATE VIEW …`: the schema name and one piece per
/// element, each with its own position in the file.
pub(super) fn schema_elements(piece: &Piece) -> Option<(String, Vec<Piece>)> {
    let toks = tokens(&piece.text, Dialect::Postgres)?;
    let sig = significant(&toks);
    let mut depth = 0;
    let mut starts = Vec::new();
    for (i, t) in sig.iter().enumerate().skip(1) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ => {}
        }
        if depth == 0 && is_word(&t.token, "CREATE") {
            starts.push(i);
        }
    }
    if starts.is_empty() {
        return None;
    }
    let name = sig.iter().skip(2).find_map(|t| match &t.token {
        Token::Word(w)
            if !(w.quote_style.is_none()
                && ["IF", "NOT", "EXISTS", "AUTHORIZATION"]
                    .iter()
                    .any(|k| w.value.eq_ignore_ascii_case(k))) =>
        {
            Some(if w.quote_style.is_none() {
                w.value.to_lowercase()
            } else {
                w.value.clone()
            })
        }
        _ => None,
    })?;
    let offsets: Vec<usize> = starts
        .iter()
        .map(|&i| {
            offset_of(
                &piece.text,
                sig[i].span.start.line,
                sig[i].span.start.column,
            )
        })
        .chain(std::iter::once(piece.text.len()))
        .collect();
    let pieces = starts
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let loc = sig[i].span.start;
            let (line, column) = if loc.line <= 1 {
                (piece.line, piece.column + loc.column - 1)
            } else {
                (piece.line + loc.line - 1, loc.column)
            };
            Piece {
                text: piece.text[offsets[k]..offsets[k + 1]]
                    .trim_end()
                    .to_string(),
                line,
                column,
                kind: PieceKind::Sql,
            }
        })
        .collect();
    Some((name, pieces))
}

/// The (possibly qualified) name after `keyword` (`CREATE MATERIALIZED VIEW IF NOT
/// EXISTS s.v (a, b) AS …` → `[s, v]`), folded as the dialect folds names.
pub(super) fn name_after(text: &str, dialect: Dialect, keyword: &str) -> Vec<String> {
    let Some(toks) = tokens(text, dialect) else {
        return Vec::new();
    };
    let sig = significant(&toks);
    let Some(mut k) = sig.iter().position(|t| is_word(&t.token, keyword)) else {
        return Vec::new();
    };
    k += 1;
    while sig
        .get(k)
        .is_some_and(|t| ["IF", "NOT", "EXISTS"].iter().any(|w| is_word(&t.token, w)))
    {
        k += 1;
    }
    let mut parts = Vec::new();
    while let Some(Token::Word(w)) = sig.get(k).map(|t| &t.token) {
        parts.push(if dialect == Dialect::Postgres {
            super::postgres_name(&w.value, w.quote_style.is_some())
        } else {
            w.value.clone()
        });
        if !sig
            .get(k + 1)
            .is_some_and(|t| matches!(t.token, Token::Period))
        {
            break;
        }
        k += 2;
    }
    parts
}

/// The identifiers after the given keywords (`OWNED BY a.b.c` → `[a, b, c]`), folded
/// as the dialect folds them.
pub(crate) fn idents_after(text: &str, dialect: Dialect, keywords: &[&str]) -> Vec<String> {
    let Some(toks) = tokens(text, dialect) else {
        return Vec::new();
    };
    let sig = significant(&toks);
    let Some(pos) = sig
        .windows(keywords.len())
        .position(|w| w.iter().zip(keywords).all(|(t, k)| is_word(&t.token, k)))
    else {
        return Vec::new();
    };
    sig[pos + keywords.len()..]
        .iter()
        .filter_map(|t| match &t.token {
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("NONE") => {
                None
            }
            Token::Word(w) if dialect == Dialect::Postgres => {
                Some(super::postgres_name(&w.value, w.quote_style.is_some()))
            }
            Token::Word(w) => Some(w.value.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_without_as_and_with_null() {
        let Outcome::Text(t) =
            create_domain("CREATE DOMAIN \"Name\" varchar(50) NULL", Dialect::Postgres)
        else {
            panic!("no rewrite");
        };
        assert_eq!(t.trim(), "CREATE DOMAIN \"Name\" AS varchar(50)");
        assert!(domain_not_null(
            "CREATE DOMAIN public.\"Flag\" AS boolean NOT NULL",
            Dialect::Postgres
        ));
        assert!(!domain_not_null(
            "CREATE DOMAIN d AS int CHECK (VALUE IS NOT NULL)",
            Dialect::Postgres
        ));
    }

    #[test]
    fn binary_attribute_is_blanked_but_binary_type_kept() {
        let t = blank_binary_attribute(
            "CREATE TABLE s (a VARCHAR(40) BINARY NOT NULL, b BINARY(16))",
            Dialect::MySql,
        )
        .unwrap();
        assert_eq!(
            t,
            "CREATE TABLE s (a VARCHAR(40)        NOT NULL, b BINARY(16))"
        );
        assert!(blank_binary_attribute("CREATE TABLE s (b BINARY(16))", Dialect::MySql).is_none());
    }

    #[test]
    fn owned_by_parts() {
        assert_eq!(
            idents_after(
                "ALTER SEQUENCE s OWNED BY public.T.\"Id\"",
                Dialect::Postgres,
                &["OWNED", "BY"]
            ),
            vec!["public", "t", "Id"]
        );
    }
}

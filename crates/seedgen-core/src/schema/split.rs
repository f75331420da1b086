//! Splitting a SQL script into statements, before any parsing.
//!
//! Real dumps mix SQL with client commands and bodies that contain semicolons, so the
//! script is cut here, with rules that know quoting and the clients' conventions:
//! quotes (`'…'`, `"…"`, `` `…` ``, SQLite `[…]`), comments (`--`, `#` in MySQL, nested
//! `/* */` in PostgreSQL), PostgreSQL dollar quoting (`$$`, `$tag$`), MySQL `DELIMITER`
//! and versioned comments (`/*!40101 … */`, whose content is executed and so kept),
//! psql meta-commands (`\c`, `\restrict`, …), `COPY … FROM stdin` data blocks, and
//! `BEGIN … END` bodies of triggers and routines written without a `DELIMITER`.

use super::dialect::Dialect;

/// One piece of a script: a SQL statement or a client command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    /// The statement text; versioned-comment markers are blanked with spaces so that
    /// columns inside the text still match the file.
    pub text: String,
    /// 1-based line of the first character.
    pub line: u64,
    /// 1-based column (in characters) of the first character.
    pub column: u64,
    /// What kind of piece it is.
    pub kind: PieceKind,
}

/// The kind of a [`Piece`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// SQL for the server.
    Sql,
    /// A client command (`\c db`, `DELIMITER ;;`, `source file`): it never shapes tables.
    Client,
    /// A `COPY … FROM stdin` data block (rows, not structure).
    CopyData,
}

/// Splits `src` into pieces. Never fails: an unterminated quote or comment runs to the
/// end of the input and the parser then reports it with its position.
pub(crate) fn split(src: &str, dialect: Dialect) -> Vec<Piece> {
    Splitter::new(src, dialect).run()
}

struct Splitter<'a> {
    src: &'a str,
    bytes: &'a [u8],
    dialect: Dialect,
    pos: usize,
    /// Byte offsets of line starts.
    line_starts: Vec<usize>,
    delimiter: String,
    out: Vec<Piece>,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str, dialect: Dialect) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Splitter {
            src,
            bytes: src.as_bytes(),
            dialect,
            pos: 0,
            line_starts,
            delimiter: ";".to_string(),
            out: Vec::new(),
        }
    }

    fn line_col(&self, offset: usize) -> (u64, u64) {
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.src[start..offset].chars().count() + 1;
        (line as u64 + 1, column as u64)
    }

    fn run(mut self) -> Vec<Piece> {
        loop {
            self.skip_blank_and_comments();
            if self.pos >= self.bytes.len() {
                break;
            }
            if self.at_line_start_command() {
                continue;
            }
            self.statement();
        }
        self.out
    }

    /// Skips whitespace and plain comments between statements (not versioned comments).
    fn skip_blank_and_comments(&mut self) {
        while self.pos < self.bytes.len() {
            let rest = &self.bytes[self.pos..];
            if rest[0].is_ascii_whitespace() {
                self.pos += 1;
            } else if rest.starts_with(b"--") || (rest[0] == b'#' && self.dialect == Dialect::MySql)
            {
                self.pos = self.line_end(self.pos);
            } else if rest.starts_with(b"/*") && !self.is_versioned_comment(self.pos) {
                self.pos = self.comment_end(self.pos);
            } else {
                break;
            }
        }
    }

    /// Client commands that take a whole line: psql `\…`, MySQL `DELIMITER x`, `source f`.
    fn at_line_start_command(&mut self) -> bool {
        let start = self.pos;
        let end = self.line_end(start);
        let line = &self.src[start..end];
        let word = line.split_whitespace().next().unwrap_or("");
        // `/*M!999999\- enable the sandbox mode */`: a MariaDB client command kept in a
        // versioned comment, which the server refuses.
        if self.dialect == Dialect::MySql && line.starts_with("/*M!") {
            let digits = line[4..].bytes().take_while(u8::is_ascii_digit).count();
            if line[4 + digits..].starts_with('\\') {
                let close = line.find("*/").map_or(end, |i| start + i + 2);
                self.push(start, close, PieceKind::Client);
                self.pos = close;
                return true;
            }
        }
        let is_meta = line.starts_with('\\')
            || word.eq_ignore_ascii_case("delimiter")
            || (self.dialect == Dialect::MySql
                && (word.eq_ignore_ascii_case("source") || word == "\\."));
        if !is_meta {
            return false;
        }
        if word.eq_ignore_ascii_case("delimiter") {
            if let Some(d) = line.split_whitespace().nth(1) {
                self.delimiter = d.to_string();
            }
        }
        self.push(start, end, PieceKind::Client);
        self.pos = end;
        true
    }

    fn statement(&mut self) {
        let start = self.pos;
        let mut text = String::new();
        let mut chunk_start = start;
        // BEGIN … END nesting for trigger and routine bodies written without DELIMITER.
        let block_aware = self.delimiter == ";" && self.starts_routine(start);
        let mut depth: i32 = 0;
        let mut word_start: Option<usize> = None;
        let mut prev_word = String::new();
        while self.pos < self.bytes.len() {
            let c = self.bytes[self.pos];
            let is_word = c.is_ascii_alphanumeric() || c == b'_';
            if is_word {
                word_start.get_or_insert(self.pos);
                self.pos += 1;
                continue;
            }
            if let Some(ws) = word_start.take() {
                if block_aware {
                    let w = self.src[ws..self.pos].to_ascii_uppercase();
                    depth += block_delta(&prev_word, &w);
                    prev_word = w;
                }
            }
            if (self.delimiter != ";" || depth <= 0)
                && self.bytes[self.pos..].starts_with(self.delimiter.as_bytes())
            {
                text.push_str(&self.src[chunk_start..self.pos]);
                self.pos += self.delimiter.len();
                self.finish(start, text);
                return;
            }
            let rest = &self.bytes[self.pos..];
            match c {
                b'\'' => self.pos = self.quoted_end(self.pos, b'\''),
                b'"' => self.pos = self.quoted_end(self.pos, b'"'),
                b'`' if self.dialect == Dialect::MySql => {
                    self.pos = self.quoted_end(self.pos, b'`')
                }
                b'[' if self.dialect == Dialect::Sqlite => {
                    self.pos = self.src[self.pos..]
                        .find(']')
                        .map_or(self.bytes.len(), |i| self.pos + i + 1)
                }
                b'$' if self.dialect != Dialect::MySql => self.pos = self.dollar_end(self.pos),
                b'-' if rest.starts_with(b"--") => self.pos = self.line_end(self.pos),
                b'#' if self.dialect == Dialect::MySql => self.pos = self.line_end(self.pos),
                b'/' if rest.starts_with(b"/*") => {
                    if let Some(marker_len) = self.versioned_marker_len(self.pos) {
                        // Keep the content, blank the markers: `/*!40101 X */` → `         X   `.
                        let close = self.versioned_close(self.pos + marker_len);
                        text.push_str(&self.src[chunk_start..self.pos]);
                        text.push_str(&" ".repeat(marker_len));
                        let inner_start = self.pos + marker_len;
                        let closed = self.src[..close].ends_with("*/");
                        let inner_end = if closed { close - 2 } else { close }.max(inner_start);
                        text.push_str(&self.src[inner_start..inner_end]);
                        text.push_str(&" ".repeat(close - inner_end));
                        self.pos = close;
                        chunk_start = close;
                    } else if self.dialect == Dialect::MySql && rest.starts_with(b"/*!") {
                        // A versioned comment for another server: blank it whole, so
                        // the parser does not run it either.
                        let close = self.versioned_close(self.pos + 3);
                        text.push_str(&self.src[chunk_start..self.pos]);
                        text.extend(self.src[self.pos..close].chars().map(|c| {
                            if c == '\n' {
                                c
                            } else {
                                ' '
                            }
                        }));
                        self.pos = close;
                        chunk_start = close;
                    } else {
                        self.pos = self.comment_end(self.pos);
                    }
                }
                _ => self.pos += 1 + utf8_extra(c),
            }
        }
        text.push_str(&self.src[chunk_start..self.pos.min(self.bytes.len())]);
        self.finish(start, text);
    }

    fn finish(&mut self, start: usize, text: String) {
        let trimmed = text.trim_end();
        if trimmed.trim().is_empty() {
            return;
        }
        let (line, column) = self.line_col(start);
        let is_copy_stdin = {
            let upper = trimmed.to_ascii_uppercase();
            upper.starts_with("COPY ") && upper.contains("FROM STDIN")
        };
        self.out.push(Piece {
            text: trimmed.to_string(),
            line,
            column,
            kind: PieceKind::Sql,
        });
        if is_copy_stdin {
            self.copy_data();
        }
    }

    /// Consumes the rows of a `COPY … FROM stdin` block, up to and including `\.`.
    fn copy_data(&mut self) {
        let start = self.line_end(self.pos).min(self.bytes.len());
        let data_start = if start < self.bytes.len() {
            start + 1
        } else {
            start
        };
        let mut p = data_start;
        while p < self.bytes.len() {
            let end = self.line_end(p);
            if self.src[p..end].trim_end() == "\\." {
                self.push(data_start, end, PieceKind::CopyData);
                self.pos = end;
                return;
            }
            p = end + 1;
        }
        self.push(data_start, self.bytes.len(), PieceKind::CopyData);
        self.pos = self.bytes.len();
    }

    fn push(&mut self, start: usize, end: usize, kind: PieceKind) {
        let (line, column) = self.line_col(start);
        self.out.push(Piece {
            text: self.src[start..end].trim_end().to_string(),
            line,
            column,
            kind,
        });
    }

    fn starts_routine(&self, start: usize) -> bool {
        if self.dialect == Dialect::Postgres {
            return false;
        }
        let head: String = self.src[start..]
            .split(|c: char| c.is_whitespace() || c == '(')
            .filter(|w| !w.is_empty())
            .take(6)
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_uppercase();
        head.starts_with("CREATE")
            && ["TRIGGER", "FUNCTION", "PROCEDURE", "EVENT"]
                .iter()
                .any(|k| head.split(' ').any(|w| w == *k))
    }

    fn line_end(&self, from: usize) -> usize {
        self.src[from..]
            .find('\n')
            .map_or(self.bytes.len(), |i| from + i)
    }

    fn is_versioned_comment(&self, at: usize) -> bool {
        self.versioned_marker_len(at).is_some()
    }

    /// Length of a `/*!NNNNN` or `/*M!NNNNNN` marker at `at`, if the dialect is MySQL.
    fn versioned_marker_len(&self, at: usize) -> Option<usize> {
        if self.dialect != Dialect::MySql {
            return None;
        }
        let rest = &self.bytes[at..];
        let prefix = if rest.starts_with(b"/*!") {
            3
        } else if rest.starts_with(b"/*M!") {
            4
        } else {
            return None;
        };
        let digits = rest[prefix..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        // MariaDB, the engine seedgen targets for this dialect, ignores MySQL 5.7+
        // comments (versions 50700 to 99999): `/*!50705 location GEOMETRY,*/` adds no
        // column there. `/*M!…` comments are MariaDB's own and always run.
        let version: u64 = std::str::from_utf8(&rest[prefix..prefix + digits])
            .ok()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        if prefix == 3 && (50700..100000).contains(&version) {
            return None;
        }
        Some(prefix + digits)
    }

    /// Position just after the `*/` closing a versioned comment whose content starts at
    /// `from` (quotes inside are respected).
    fn versioned_close(&self, from: usize) -> usize {
        let mut p = from;
        while p < self.bytes.len() {
            match self.bytes[p] {
                b'\'' | b'"' | b'`' => p = self.quoted_end(p, self.bytes[p]),
                b'*' if self.bytes.get(p + 1) == Some(&b'/') => return p + 2,
                b => p += 1 + utf8_extra(b),
            }
        }
        self.bytes.len()
    }

    /// Position after a (possibly nested, in PostgreSQL) block comment starting at `at`.
    fn comment_end(&self, at: usize) -> usize {
        let nests = self.dialect == Dialect::Postgres;
        let mut depth = 0;
        let mut p = at;
        while p + 1 < self.bytes.len() {
            if self.bytes[p] == b'/' && self.bytes[p + 1] == b'*' && (nests || depth == 0) {
                depth += 1;
                p += 2;
            } else if self.bytes[p] == b'*' && self.bytes[p + 1] == b'/' {
                depth -= 1;
                p += 2;
                if depth == 0 {
                    return p;
                }
            } else {
                p += 1 + utf8_extra(self.bytes[p]);
            }
        }
        self.bytes.len()
    }

    /// Position after a quoted token starting at `at` with quote `q`. Doubled quotes
    /// escape; in MySQL a backslash escapes inside string literals.
    fn quoted_end(&self, at: usize, q: u8) -> usize {
        let backslash = self.dialect == Dialect::MySql && q != b'`';
        let mut p = at + 1;
        while p < self.bytes.len() {
            let b = self.bytes[p];
            if backslash && b == b'\\' {
                p += 1;
                if let Some(&next) = self.bytes.get(p) {
                    p += 1 + utf8_extra(next);
                }
            } else if b == q {
                if self.bytes.get(p + 1) == Some(&q) {
                    p += 2;
                } else {
                    return p + 1;
                }
            } else {
                p += 1 + utf8_extra(b);
            }
        }
        self.bytes.len()
    }

    /// Position after a dollar-quoted string starting at `at`, or `at + 1` when the `$`
    /// does not open one (a positional parameter such as `$1`).
    fn dollar_end(&self, at: usize) -> usize {
        let rest = &self.src[at + 1..];
        let tag_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let is_tag = rest.as_bytes().get(tag_len) == Some(&b'$')
            && !rest.as_bytes().first().is_some_and(u8::is_ascii_digit);
        if !is_tag {
            return at + 1;
        }
        let tag = &self.src[at..at + tag_len + 2];
        let body = at + tag.len();
        self.src[body..]
            .find(tag)
            .map_or(self.bytes.len(), |i| body + i + tag.len())
    }
}

/// Number of continuation bytes after a UTF-8 lead byte, so the splitter steps over
/// whole characters.
fn utf8_extra(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 3,
        0xE0..=0xEF => 2,
        0xC0..=0xDF => 1,
        _ => 0,
    }
}

/// Change of `BEGIN … END` depth for word `w` after `prev`.
fn block_delta(prev: &str, w: &str) -> i32 {
    match w {
        "BEGIN" | "CASE" if prev != "END" => 1,
        "END" => -1,
        // `END IF`, `END LOOP`, …: the END closed nothing that was counted.
        "IF" | "LOOP" | "WHILE" | "REPEAT" if prev == "END" => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str, d: Dialect) -> Vec<String> {
        split(src, d)
            .into_iter()
            .filter(|p| p.kind == PieceKind::Sql)
            .map(|p| p.text.trim().to_string())
            .collect()
    }

    #[test]
    fn dollar_quoted_function_is_one_statement() {
        let src = "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; SELECT 2; $body$ LANGUAGE sql;\nCREATE TABLE t (a int);";
        let t = texts(src, Dialect::Postgres);
        assert_eq!(t.len(), 2);
        assert!(t[1].starts_with("CREATE TABLE"));
    }

    #[test]
    fn mysql_delimiter_and_versioned_comments() {
        let src = "/*!40101 SET NAMES utf8 */;\nDELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END ;;\nDELIMITER ;\nCREATE TABLE t (a int /*!40101 , b int */);";
        let pieces = split(src, Dialect::MySql);
        let sql: Vec<_> = pieces.iter().filter(|p| p.kind == PieceKind::Sql).collect();
        assert_eq!(sql.len(), 3, "{pieces:#?}");
        assert!(sql[0].text.trim().starts_with("SET NAMES"));
        assert!(sql[1].text.contains("SET NEW.a = 1; END"));
        assert!(sql[2].text.contains(", b int"));
        let mysql57 = split("CREATE TABLE t (a int /*!50705 , b int*/);", Dialect::MySql);
        let blank = " ".repeat("/*!50705 , b int*/".len());
        assert_eq!(mysql57[0].text, format!("CREATE TABLE t (a int {blank})"));
        assert_eq!((sql[2].line, sql[2].column), (5, 1));
    }

    #[test]
    fn trigger_body_without_delimiter() {
        let src = "CREATE TRIGGER tr AFTER INSERT ON a BEGIN UPDATE b SET x = CASE WHEN 1 THEN 2 END; INSERT INTO c VALUES (1); END;\nCREATE TABLE z (a int);";
        let t = texts(src, Dialect::Sqlite);
        assert_eq!(t.len(), 2, "{t:#?}");
    }

    #[test]
    fn mysql_if_blocks_inside_body() {
        let src = "CREATE TRIGGER t BEFORE INSERT ON l FOR EACH ROW\nBEGIN\n IF NEW.a IS NULL THEN\n SET NEW.a = 1;\n END IF;\nEND;\nCREATE TABLE q (a int);";
        assert_eq!(texts(src, Dialect::MySql).len(), 2);
    }

    #[test]
    fn mariadb_sandbox_comment_is_a_client_command() {
        let src = "/*M!999999\\- enable the sandbox mode */\n-- dump\n/*!40101 SET @OLD=@@X */;\nCREATE TABLE t (a int);";
        let pieces = split(src, Dialect::MySql);
        assert_eq!(pieces[0].kind, PieceKind::Client);
        assert_eq!(pieces[1].text.trim(), "SET @OLD=@@X");
        assert_eq!(pieces.len(), 3);
    }

    #[test]
    fn psql_meta_commands_and_copy_blocks() {
        let src = "\\restrict abc\nCOPY t (a) FROM stdin;\n1\n2;3\n\\.\nCREATE TABLE t (a int);\n\\unrestrict abc\n";
        let pieces = split(src, Dialect::Postgres);
        let kinds: Vec<_> = pieces.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![
                PieceKind::Client,
                PieceKind::Sql,
                PieceKind::CopyData,
                PieceKind::Sql,
                PieceKind::Client
            ]
        );
        assert_eq!(pieces[3].line, 6);
    }

    #[test]
    fn quotes_hide_semicolons_and_positions_count_characters() {
        let src = "COMMENT ON TABLE t IS 'a; b';  CREATE TABLE \"é;\" (a int);";
        let pieces = split(src, Dialect::Postgres);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[1].column, 32);
    }
}

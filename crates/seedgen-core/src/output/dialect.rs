//! How each SQL dialect spells identifiers and literals. One trait, one small impl per
//! dialect; `for_dialect` picks it.

use std::fmt::Write;

use crate::schema::Dialect;

/// Quoting and literal rules of one SQL dialect.
pub trait SqlDialect: Send + Sync {
    /// The dialect.
    fn dialect(&self) -> Dialect;

    /// Writes an identifier, quoted.
    fn ident(&self, name: &str, out: &mut String) {
        out.push('"');
        for c in name.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    }

    /// Writes a string literal.
    fn string(&self, s: &str, out: &mut String) {
        out.push('\'');
        for c in s.chars() {
            if c == '\'' {
                out.push('\'');
            }
            if c != '\0' {
                out.push(c);
            }
        }
        out.push('\'');
    }

    /// Writes a boolean literal.
    fn boolean(&self, b: bool, out: &mut String) {
        out.push_str(if b { "TRUE" } else { "FALSE" });
    }

    /// Writes a byte-string literal.
    fn bytes(&self, b: &[u8], out: &mut String) {
        out.push_str("X'");
        for x in b {
            let _ = write!(out, "{x:02x}");
        }
        out.push('\'');
    }

    /// Writes a spatial value given as well-known text, for a column of `sql_type`.
    fn spatial(&self, wkt: &str, _sql_type: &str, out: &mut String) {
        out.push_str("ST_GeomFromText(");
        self.string(wkt, out);
        out.push(')');
    }

    /// Opens the transaction.
    fn begin(&self) -> &'static str {
        "BEGIN;"
    }

    /// Commits it.
    fn commit(&self) -> &'static str {
        "COMMIT;"
    }
}

/// PostgreSQL.
#[derive(Debug, Clone, Copy)]
pub struct Postgres;
/// MySQL and MariaDB.
#[derive(Debug, Clone, Copy)]
pub struct MySql;
/// SQLite.
#[derive(Debug, Clone, Copy)]
pub struct Sqlite;

impl SqlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn bytes(&self, b: &[u8], out: &mut String) {
        out.push_str("'\\x");
        for x in b {
            let _ = write!(out, "{x:02x}");
        }
        out.push_str("'::bytea");
    }

    fn spatial(&self, wkt: &str, sql_type: &str, out: &mut String) {
        let t = sql_type.to_ascii_lowercase();
        if t.starts_with("geometry") || t.starts_with("geography") {
            out.push_str("ST_GeomFromText(");
            self.string(wkt, out);
            out.push(')');
        } else {
            // Native geometric types take their own text form.
            self.string(wkt, out);
        }
    }
}

impl SqlDialect for MySql {
    fn dialect(&self) -> Dialect {
        Dialect::MySql
    }

    fn ident(&self, name: &str, out: &mut String) {
        out.push('`');
        for c in name.chars() {
            if c == '`' {
                out.push('`');
            }
            out.push(c);
        }
        out.push('`');
    }

    fn string(&self, s: &str, out: &mut String) {
        out.push('\'');
        for c in s.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' => out.push_str("\\\\"),
                '\0' => out.push_str("\\0"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\u{1a}' => out.push_str("\\Z"),
                c => out.push(c),
            }
        }
        out.push('\'');
    }

    fn boolean(&self, b: bool, out: &mut String) {
        out.push(if b { '1' } else { '0' });
    }

    fn begin(&self) -> &'static str {
        "START TRANSACTION;"
    }
}

impl SqlDialect for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn boolean(&self, b: bool, out: &mut String) {
        out.push(if b { '1' } else { '0' });
    }

    fn spatial(&self, wkt: &str, _sql_type: &str, out: &mut String) {
        self.string(wkt, out);
    }
}

/// The rules of `d`.
pub fn for_dialect(d: Dialect) -> &'static dyn SqlDialect {
    match d {
        Dialect::Postgres => &Postgres,
        Dialect::MySql => &MySql,
        Dialect::Sqlite => &Sqlite,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_escaped_per_dialect() {
        let mut s = String::new();
        MySql.string("it's a \\ path\n", &mut s);
        assert_eq!(s, "'it''s a \\\\ path\\n'");
        s.clear();
        Postgres.string("it's $$ \\", &mut s);
        assert_eq!(s, "'it''s $$ \\'");
        s.clear();
        MySql.ident("we`ird", &mut s);
        assert_eq!(s, "`we``ird`");
        s.clear();
        Postgres.ident("We\"ird", &mut s);
        assert_eq!(s, "\"We\"\"ird\"");
    }
}

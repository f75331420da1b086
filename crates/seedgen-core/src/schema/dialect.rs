//! SQL dialects of the inputs, and detection from the text.

use serde::{Deserialize, Serialize};

/// The SQL dialect a schema is written in (and that generated SQL is written for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Dialect {
    /// PostgreSQL (and `pg_dump` output).
    Postgres,
    /// MySQL and MariaDB (and `mysqldump`/`mariadb-dump` output).
    #[serde(alias = "mariadb")]
    MySql,
    /// SQLite.
    Sqlite,
}

impl Dialect {
    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::MySql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }

    /// Parses a dialect name (`postgres`, `postgresql`, `pg`, `mysql`, `mariadb`, `sqlite`).
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Some(Dialect::Postgres),
            "mysql" | "mariadb" => Some(Dialect::MySql),
            "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
            _ => None,
        }
    }

    /// Guesses the dialect of a script from marks that only one dialect uses. Ties and
    /// scripts without any mark read as PostgreSQL, the strictest of the three.
    pub fn detect(src: &str) -> Dialect {
        Self::detect_in(src, None).dialect
    }

    /// Guesses the dialect of a script, and says why (see [`DialectChoice`]):
    /// 1. a path that names one engine (`…/sqlite/schema.sql`, `tables_mysql.sql`,
    ///    `migration_postgres/`), as projects that ship one schema per engine do;
    /// 2. else MySQL when the text has a mark only MySQL reads (`ENGINE=`,
    ///    `AUTO_INCREMENT`, backticks, `/*!…*/`), whatever else it holds;
    /// 3. else the dialect with the most marks of its own, PostgreSQL on a tie.
    ///
    /// Marks inside comments do not count.
    pub fn detect_in(src: &str, path: Option<&std::path::Path>) -> DialectChoice {
        let marks = Marks::count(src);
        let (by_text, text_why) = marks.choose();
        let from_path = path.and_then(path_dialect);
        let (dialect, why) = match &from_path {
            Some((d, word)) => (*d, format!("the path names {word}")),
            None => (by_text, text_why.clone()),
        };
        let conflict = match &from_path {
            Some((d, _)) if *d != by_text && marks.any(by_text) => {
                Some(format!("the text looks like {by_text} ({text_why})"))
            }
            _ => marks.others(dialect),
        };
        DialectChoice {
            dialect,
            why,
            conflict,
        }
    }

    pub(crate) fn parser_dialect(self) -> Box<dyn sqlparser::dialect::Dialect> {
        match self {
            Dialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
            Dialect::MySql => Box::new(sqlparser::dialect::MySqlDialect {}),
            Dialect::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How an input's dialect was chosen: the dialect, why, and the evidence for another
/// one when there was some (shown by `seedgen plan`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialectChoice {
    /// The dialect chosen.
    pub dialect: Dialect,
    /// Why, in words (`ENGINE= ×3, backticks ×40`).
    pub why: String,
    /// Marks of another dialect, when the text held some.
    pub conflict: Option<String>,
}

/// The engine a path names in its file name or its three nearest folders, when it
/// names exactly one (words split at `/ _ - .`).
fn path_dialect(path: &std::path::Path) -> Option<(Dialect, String)> {
    let mut found: Option<(Dialect, String)> = None;
    for part in path.iter().rev().take(4) {
        let part = part.to_string_lossy().to_ascii_lowercase();
        for word in part.split(['_', '-', '.', ' ']) {
            let d = match word {
                "postgres" | "postgresql" | "pg" | "pgsql" => Dialect::Postgres,
                "mysql" | "mariadb" | "innodb" => Dialect::MySql,
                "sqlite" | "sqlite3" => Dialect::Sqlite,
                _ => continue,
            };
            match &found {
                Some((f, _)) if *f != d => return None,
                Some(_) => {}
                None => found = Some((d, format!("{d} (`{word}`)"))),
            }
        }
    }
    found
}

/// Marks of each dialect in a script, comments left out.
struct Marks {
    mysql_strong: Vec<(&'static str, usize)>,
    mysql: usize,
    postgres: usize,
    sqlite_strong: Vec<(&'static str, usize)>,
    sqlite: usize,
    postgres_seen: Vec<(&'static str, usize)>,
}

const MYSQL_ONLY: &[(&str, &str)] = &[
    ("ENGINE=", "ENGINE="),
    ("ENGINE =", "ENGINE="),
    ("AUTO_INCREMENT", "AUTO_INCREMENT"),
    ("`", "backticks"),
    ("/*!", "/*!…*/ comments"),
    ("DEFAULT CHARSET", "DEFAULT CHARSET"),
];
const MYSQL_OTHER: &[&str] = &[
    "UNSIGNED",
    "DELIMITER ",
    "TINYINT",
    "MEDIUMINT",
    "LONGTEXT",
    "MEDIUMTEXT",
    "CHARACTER SET",
];
const POSTGRES: &[(&str, &str)] = &[
    ("$$", "$$ bodies"),
    ("::", ":: casts"),
    ("CREATE TYPE", "CREATE TYPE"),
    ("CREATE DOMAIN", "CREATE DOMAIN"),
    ("OWNER TO", "OWNER TO"),
    ("SERIAL", "serial"),
    ("\\CONNECT", "\\connect"),
    ("\\C ", "\\c"),
    ("PG_CATALOG", "pg_catalog"),
    ("SEARCH_PATH", "search_path"),
    ("TIMESTAMPTZ", "timestamptz"),
    ("BYTEA", "bytea"),
    ("JSONB", "jsonb"),
    ("CREATE EXTENSION", "CREATE EXTENSION"),
    ("CHARACTER VARYING", "character varying"),
    ("WITH TIME ZONE", "with time zone"),
    ("NEXTVAL(", "nextval()"),
];
const SQLITE_ONLY: &[(&str, &str)] = &[
    ("AUTOINCREMENT", "AUTOINCREMENT"),
    ("PRAGMA ", "PRAGMA"),
    ("WITHOUT ROWID", "WITHOUT ROWID"),
    ("CREATE VIRTUAL TABLE", "CREATE VIRTUAL TABLE"),
    ("SQLITE_", "sqlite_ names"),
];
const SQLITE_OTHER: &[&str] = &["INTEGER PRIMARY KEY", "STRICT", "DATETIME"];

impl Marks {
    fn count(src: &str) -> Marks {
        let upper = strip_comments(src).to_ascii_uppercase();
        let n = |needle: &str| upper.matches(needle).take(20).count();
        let strong = |list: &[(&'static str, &'static str)]| {
            let mut out: Vec<(&'static str, usize)> = Vec::new();
            for (needle, label) in list {
                let c = n(needle);
                if c == 0 {
                    continue;
                }
                match out.iter_mut().find(|x| x.0 == *label) {
                    Some(x) => x.1 += c,
                    None => out.push((label, c)),
                }
            }
            out
        };
        let mysql_strong = strong(MYSQL_ONLY);
        let sqlite_strong = strong(SQLITE_ONLY);
        let postgres_seen = strong(POSTGRES);
        Marks {
            mysql: mysql_strong.iter().map(|x| x.1).sum::<usize>()
                + MYSQL_OTHER.iter().map(|m| n(m)).sum::<usize>(),
            postgres: postgres_seen.iter().map(|x| x.1).sum(),
            sqlite: sqlite_strong.iter().map(|x| x.1 * 3).sum::<usize>()
                + SQLITE_OTHER.iter().map(|m| n(m)).sum::<usize>()
                + n("[") / 2,
            mysql_strong,
            sqlite_strong,
            postgres_seen,
        }
    }

    fn any(&self, d: Dialect) -> bool {
        match d {
            Dialect::MySql => self.mysql > 0,
            Dialect::Postgres => self.postgres > 0,
            Dialect::Sqlite => self.sqlite > 0,
        }
    }

    fn list(l: &[(&str, usize)]) -> String {
        l.iter()
            .map(|(m, c)| format!("{m} ×{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn choose(&self) -> (Dialect, String) {
        if !self.mysql_strong.is_empty() && self.sqlite_strong.is_empty() {
            return (
                Dialect::MySql,
                format!("MySQL-only marks: {}", Self::list(&self.mysql_strong)),
            );
        }
        if self.sqlite > self.postgres && self.sqlite > self.mysql {
            let why = if self.sqlite_strong.is_empty() {
                "SQLite type names".to_string()
            } else {
                format!("SQLite-only marks: {}", Self::list(&self.sqlite_strong))
            };
            return (Dialect::Sqlite, why);
        }
        if self.mysql > self.postgres && self.mysql >= self.sqlite {
            return (Dialect::MySql, "MySQL type names".into());
        }
        if self.postgres > 0 {
            return (
                Dialect::Postgres,
                format!("PostgreSQL marks: {}", Self::list(&self.postgres_seen)),
            );
        }
        (
            Dialect::Postgres,
            "no dialect's own marks (PostgreSQL, the strictest, by default)".into(),
        )
    }

    /// Marks of dialects other than `d`, in words.
    fn others(&self, d: Dialect) -> Option<String> {
        let mut out = Vec::new();
        if d != Dialect::MySql && !self.mysql_strong.is_empty() {
            out.push(format!("MySQL marks ({})", Self::list(&self.mysql_strong)));
        }
        if d != Dialect::Sqlite && !self.sqlite_strong.is_empty() {
            out.push(format!(
                "SQLite marks ({})",
                Self::list(&self.sqlite_strong)
            ));
        }
        if d != Dialect::Postgres && self.postgres > 2 {
            out.push(format!(
                "PostgreSQL marks ({})",
                Self::list(&self.postgres_seen)
            ));
        }
        (!out.is_empty()).then(|| out.join("; "))
    }
}

/// The script without `--` and `#` line comments and `/* */` comments (MySQL's
/// versioned `/*!…*/` kept), quotes respected.
fn strip_comments(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let mut last = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            b'\'' | b'"' | b'`' => {
                quote = Some(c);
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                out.push_str(&src[last..i]);
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                last = i;
            }
            b'/' if b.get(i + 1) == Some(&b'*') && b.get(i + 2) != Some(&b'!') => {
                out.push_str(&src[last..i]);
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i = (i + 2).min(b.len());
                last = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&src[last.min(src.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn mysql_marks_win_over_sqlite_looking_text() {
        let sql = "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, d DATETIME,
                   c varchar(9) CHECK (c REGEXP '^[A-Z]+$'), e varchar(9) CHECK (e REGEXP '[a-z]'));";
        let c = Dialect::detect_in(sql, None);
        assert_eq!(c.dialect, Dialect::MySql, "{c:?}");
        assert!(c.why.contains("AUTO_INCREMENT"), "{c:?}");
    }

    #[test]
    fn a_path_that_names_an_engine_wins_and_the_conflict_is_said() {
        let sql = "CREATE TABLE t (id BIGINT AUTO_INCREMENT UNIQUE, x INT UNSIGNED);";
        let c = Dialect::detect_in(sql, Some(Path::new("schema/sqlite/v3/temporal/schema.sql")));
        assert_eq!(c.dialect, Dialect::Sqlite);
        assert!(
            c.conflict.as_deref().is_some_and(|x| x.contains("mysql")),
            "{c:?}"
        );
        let c = Dialect::detect_in(sql, Some(Path::new("db/tables_mysql_innodb.sql")));
        assert_eq!(c.dialect, Dialect::MySql);
        // Two engines named: the path says nothing.
        let c = Dialect::detect_in(
            "CREATE TABLE t (a serial);",
            Some(Path::new("mysql-to-postgres/x.sql")),
        );
        assert_eq!(c.dialect, Dialect::Postgres);
        assert!(c.why.contains("PostgreSQL marks"), "{c:?}");
    }

    #[test]
    fn marks_in_comments_do_not_count() {
        let sql =
            "-- `data` holds the `state`\nCREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT);";
        assert_eq!(Dialect::detect(sql), Dialect::Sqlite);
    }
}

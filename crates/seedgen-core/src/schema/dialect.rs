//! SQL dialects of the inputs, and detection from the text.

use serde::{Deserialize, Serialize};

/// The SQL dialect a schema is written in (and that generated SQL is written for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
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
        let upper = src.to_ascii_uppercase();
        let count = |needles: &[&str]| -> usize {
            needles
                .iter()
                .map(|n| upper.matches(n).count().min(20))
                .sum()
        };
        let mysql = count(&[
            "ENGINE=",
            "ENGINE =",
            "AUTO_INCREMENT",
            "/*!",
            "DEFAULT CHARSET",
            "UNSIGNED",
            "DELIMITER ",
            " KEY `",
            "`",
            "TINYINT",
            "MEDIUMINT",
            "LONGTEXT",
            "CHARACTER SET",
        ]);
        let postgres = count(&[
            "$$",
            "::",
            "CREATE TYPE",
            "CREATE DOMAIN",
            "OWNER TO",
            "SERIAL",
            "\\CONNECT",
            "\\C ",
            "PG_CATALOG",
            "SEARCH_PATH",
            "TIMESTAMPTZ",
            "BYTEA",
            "JSONB",
            "CREATE EXTENSION",
            "CHARACTER VARYING",
            "WITH TIME ZONE",
            "NEXTVAL(",
        ]);
        let sqlite = count(&[
            "AUTOINCREMENT",
            "PRAGMA ",
            "WITHOUT ROWID",
            "INTEGER PRIMARY KEY",
            "[",
            "STRICT",
            "DATETIME",
        ]) + upper.matches("SQLITE").count().min(20) * 3;
        let _ = &upper;
        if mysql > postgres && mysql >= sqlite {
            Dialect::MySql
        } else if sqlite > postgres && sqlite > mysql {
            Dialect::Sqlite
        } else {
            Dialect::Postgres
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

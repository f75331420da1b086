//! A connection to a live database by URL, with every result read as text: the catalog
//! and statistics queries are plain SQL, and their answers are parsed in one place.

use crate::error::{Error, Result};
use crate::schema::Dialect;

/// A connection to SQLite, PostgreSQL or MySQL/MariaDB, opened from a URL:
/// `sqlite://PATH`, `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`,
/// `mysql://USER[:PASSWORD]@HOST[:PORT]/DB` (`mariadb://` and `postgresql://` too).
pub struct Database {
    url: String,
    conn: Conn,
}

use crate::drivers::Connection as Conn;

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("url", &self.url)
            .field("dialect", &self.dialect())
            .finish()
    }
}

/// One result row: each cell as text, NULL as `None`.
pub(crate) type TextRow = Vec<Option<String>>;

/// The URL with its secrets replaced by `***` (see [`crate::drivers::redact`]).
pub fn redact(url: &str) -> String {
    crate::drivers::redact(url)
}

pub use crate::drivers::url_dialect;

impl Database {
    /// Connects to read; the error names the URL (without its password) and the cause.
    /// A SQLite file must exist and is opened read-only.
    pub fn connect(url: &str) -> Result<Database> {
        let conn = crate::drivers::connect(url, crate::drivers::Access::Read)?;
        Ok(Database {
            url: redact(url),
            conn,
        })
    }

    /// The URL, password hidden.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's dialect.
    pub fn dialect(&self) -> Dialect {
        match &self.conn {
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(_) => Dialect::Sqlite,
            #[cfg(feature = "postgres")]
            Conn::Postgres(_) => Dialect::Postgres,
            #[cfg(feature = "mysql")]
            Conn::MySql(_) => Dialect::MySql,
        }
    }

    fn error(&self, sql: &str, e: impl std::fmt::Display) -> Error {
        let short: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let short: String = short.chars().take(120).collect();
        Error::Database {
            url: self.url.clone(),
            message: format!("{e}\n  in: {short}"),
        }
    }

    /// Runs a query; every cell comes back as text.
    pub(crate) fn rows(&mut self, sql: &str) -> Result<Vec<TextRow>> {
        match &mut self.conn {
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(c) => {
                let run = || -> rusqlite::Result<Vec<TextRow>> {
                    let mut stmt = c.prepare(sql)?;
                    let n = stmt.column_count();
                    let mut out = Vec::new();
                    let mut rows = stmt.query([])?;
                    while let Some(r) = rows.next()? {
                        let mut row = Vec::with_capacity(n);
                        for i in 0..n {
                            use rusqlite::types::ValueRef;
                            row.push(match r.get_ref(i)? {
                                ValueRef::Null => None,
                                ValueRef::Integer(v) => Some(v.to_string()),
                                ValueRef::Real(v) => Some(v.to_string()),
                                ValueRef::Text(t) | ValueRef::Blob(t) => {
                                    Some(String::from_utf8_lossy(t).into_owned())
                                }
                            });
                        }
                        out.push(row);
                    }
                    Ok(out)
                };
                run().map_err(|e| self.error(sql, e))
            }
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => {
                let msgs = match c.simple_query(sql) {
                    Ok(m) => m,
                    Err(e) => return Err(self.error(sql, pg_error(&e))),
                };
                Ok(msgs
                    .into_iter()
                    .filter_map(|m| match m {
                        postgres::SimpleQueryMessage::Row(r) => {
                            Some((0..r.len()).map(|i| r.get(i).map(String::from)).collect())
                        }
                        _ => None,
                    })
                    .collect())
            }
            #[cfg(feature = "mysql")]
            Conn::MySql(c) => {
                use mysql::prelude::Queryable;
                let rows: Vec<mysql::Row> = match c.query(sql) {
                    Ok(r) => r,
                    Err(e) => return Err(self.error(sql, crate::drivers::mysql_message(&e))),
                };
                Ok(rows
                    .into_iter()
                    .map(|r| r.unwrap().into_iter().map(mysql_text).collect())
                    .collect())
            }
        }
    }

    /// Runs statements that return nothing.
    pub(crate) fn execute(&mut self, sql: &str) -> Result<()> {
        self.rows(sql).map(|_| ())
    }
}

#[cfg(feature = "mysql")]
fn mysql_text(v: mysql::Value) -> Option<String> {
    use mysql::Value as M;
    Some(match v {
        M::NULL => return None,
        M::Bytes(b) => String::from_utf8_lossy(&b).into_owned(),
        M::Int(i) => i.to_string(),
        M::UInt(u) => u.to_string(),
        M::Float(f) => f.to_string(),
        M::Double(f) => f.to_string(),
        M::Date(y, mo, d, h, mi, s, us) => {
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{us:06}")
        }
        M::Time(neg, d, h, mi, s, us) => format!(
            "{}{:02}:{mi:02}:{s:02}.{us:06}",
            if neg { "-" } else { "" },
            u32::from(h) + d * 24
        ),
    })
}

/// The server's message (with its detail and hint), or the driver's error with its
/// cause (`db error` alone says nothing).
#[cfg(feature = "postgres")]
fn pg_error(e: &postgres::Error) -> String {
    crate::drivers::postgres_message(e, None)
}

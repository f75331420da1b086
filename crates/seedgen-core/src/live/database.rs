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
        let r = match &mut self.conn {
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(c) => sqlite_rows(c, sql).map_err(|e| e.to_string()),
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => pg_rows(&mut **c, sql).map_err(|e| pg_error(&e)),
            #[cfg(feature = "mysql")]
            Conn::MySql(c) => {
                mysql_rows(&mut **c, sql).map_err(|e| crate::drivers::mysql_message(&e))
            }
        };
        r.map_err(|e| self.error(sql, e))
    }

    /// Runs statements that return nothing.
    pub(crate) fn execute(&mut self, sql: &str) -> Result<()> {
        self.rows(sql).map(|_| ())
    }
}

/// What the catalog and existing-rows readers query: a [`Database`] opened by URL, or
/// a connection (or transaction) the caller holds.
pub(crate) trait TextQueries {
    /// The database's dialect.
    fn dialect(&self) -> Dialect;
    /// Runs a query; every cell comes back as text.
    fn text_rows(&mut self, sql: &str) -> Result<Vec<TextRow>>;
}

impl TextQueries for Database {
    fn dialect(&self) -> Dialect {
        Database::dialect(self)
    }
    fn text_rows(&mut self, sql: &str) -> Result<Vec<TextRow>> {
        self.rows(sql)
    }
}

/// A caller's connection, borrowed for a few queries; errors name it as such.
pub(crate) struct Borrowed<C> {
    pub(crate) conn: C,
    pub(crate) dialect: Dialect,
}

fn borrowed_error(sql: &str, e: String) -> Error {
    let short: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    Error::Database {
        url: "the given connection".into(),
        message: format!("{e}\n  in: {}", short.chars().take(120).collect::<String>()),
    }
}

#[cfg(feature = "sqlite")]
impl TextQueries for Borrowed<&rusqlite::Connection> {
    fn dialect(&self) -> Dialect {
        self.dialect
    }
    fn text_rows(&mut self, sql: &str) -> Result<Vec<TextRow>> {
        sqlite_rows(self.conn, sql).map_err(|e| borrowed_error(sql, e.to_string()))
    }
}

#[cfg(feature = "postgres")]
impl<C: postgres::GenericClient> TextQueries for Borrowed<&mut C> {
    fn dialect(&self) -> Dialect {
        self.dialect
    }
    fn text_rows(&mut self, sql: &str) -> Result<Vec<TextRow>> {
        pg_rows(self.conn, sql).map_err(|e| borrowed_error(sql, pg_error(&e)))
    }
}

/// A MySQL session borrowed for a few queries.
#[cfg(feature = "mysql")]
pub(crate) struct BorrowedMySql<'a, C>(pub(crate) &'a mut C);

#[cfg(feature = "mysql")]
impl<C: mysql::prelude::Queryable> TextQueries for BorrowedMySql<'_, C> {
    fn dialect(&self) -> Dialect {
        Dialect::MySql
    }
    fn text_rows(&mut self, sql: &str) -> Result<Vec<TextRow>> {
        mysql_rows(self.0, sql).map_err(|e| borrowed_error(sql, crate::drivers::mysql_message(&e)))
    }
}

#[cfg(feature = "sqlite")]
fn sqlite_rows(c: &rusqlite::Connection, sql: &str) -> rusqlite::Result<Vec<TextRow>> {
    use rusqlite::types::ValueRef;
    let mut stmt = c.prepare(sql)?;
    let n = stmt.column_count();
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut row = Vec::with_capacity(n);
        for i in 0..n {
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
}

#[cfg(feature = "postgres")]
fn pg_rows(
    c: &mut impl postgres::GenericClient,
    sql: &str,
) -> std::result::Result<Vec<TextRow>, postgres::Error> {
    Ok(c.simple_query(sql)?
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
fn mysql_rows(
    c: &mut impl mysql::prelude::Queryable,
    sql: &str,
) -> std::result::Result<Vec<TextRow>, mysql::Error> {
    let rows: Vec<mysql::Row> = c.query(sql)?;
    Ok(rows
        .into_iter()
        .map(|r| r.unwrap().into_iter().map(mysql_text).collect())
        .collect())
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

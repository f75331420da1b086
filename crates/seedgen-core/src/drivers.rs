//! The databases' own words: error messages from the drivers without their Rust
//! wrapping, and URLs without their secrets; opening a connection from a URL.

use crate::error::{Error, Result};
use crate::schema::Dialect;

/// The driver crates the loaders take connections of, at the versions this build uses:
/// a test that opens its connection through these (`seedgen_core::drivers::rusqlite`)
/// cannot end up with a second, incompatible copy of the driver. The alternative is to
/// depend on the same major version (`rusqlite` 0.40, `postgres` 0.19, `mysql` 28).
#[cfg(feature = "sqlite")]
pub use rusqlite;

#[cfg(feature = "postgres")]
pub use postgres;

#[cfg(feature = "mysql")]
pub use mysql;

/// tokio-postgres, as the `tokio-postgres` loader takes its clients (0.7, the version
/// `postgres` 0.19 is built on).
#[cfg(feature = "tokio-postgres")]
pub use tokio_postgres;

/// sqlx, as the `sqlx-postgres` and `sqlx-mysql` loaders take its connections (0.9).
#[cfg(any(feature = "sqlx-postgres", feature = "sqlx-mysql"))]
pub use sqlx;

/// The dialect a URL's scheme names, if it is a database URL: `sqlite://PATH`,
/// `postgres://…` (`postgresql://`), `mysql://…` (`mariadb://`).
pub fn url_dialect(url: &str) -> Option<Dialect> {
    match url.split_once("://")?.0.to_ascii_lowercase().as_str() {
        "sqlite" => Some(Dialect::Sqlite),
        "postgres" | "postgresql" => Some(Dialect::Postgres),
        "mysql" | "mariadb" => Some(Dialect::MySql),
        _ => None,
    }
}

/// An open connection to one of the databases this build supports.
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
pub(crate) enum Connection {
    #[cfg(feature = "sqlite")]
    Sqlite(rusqlite::Connection),
    #[cfg(feature = "postgres")]
    Postgres(Box<postgres::Client>),
    #[cfg(feature = "mysql")]
    MySql(Box<mysql::Conn>),
}

/// Whether a connection only reads (a SQLite file must then exist) or also writes (a
/// SQLite file is created if missing).
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Read,
    Write,
}

/// Connects to `url`; the error names the URL (without its password) and the cause in
/// the database's words.
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
#[cfg_attr(not(feature = "sqlite"), allow(unused_variables))] // `access`: SQLite's alone
pub(crate) fn connect(url: &str, access: Access) -> Result<Connection> {
    let fail = |m: String| Error::Database {
        url: redact(url),
        message: scrub(&m, url),
    };
    match url_dialect(url) {
        #[cfg(feature = "sqlite")]
        Some(Dialect::Sqlite) => {
            let path = url.split_once("://").map_or("", |x| x.1);
            let flags = match access {
                Access::Read if !std::path::Path::new(path).exists() => {
                    return Err(fail("no such file".into()))
                }
                Access::Read => rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                Access::Write => rusqlite::OpenFlags::default(),
            };
            let conn = rusqlite::Connection::open_with_flags(path, flags)
                .map_err(|e| fail(e.to_string()))?;
            Ok(Connection::Sqlite(conn))
        }
        #[cfg(feature = "postgres")]
        Some(Dialect::Postgres) => {
            let client = postgres::Client::connect(url, postgres::NoTls)
                .map_err(|e| fail(postgres_message(&e, None)))?;
            Ok(Connection::Postgres(Box::new(client)))
        }
        #[cfg(feature = "mysql")]
        Some(Dialect::MySql) => {
            let url = url.replacen("mariadb://", "mysql://", 1);
            let opts = mysql::Opts::from_url(&url).map_err(|e| fail(e.to_string()))?;
            let conn = mysql::Conn::new(opts).map_err(|e| fail(mysql_message(&e)))?;
            Ok(Connection::MySql(Box::new(conn)))
        }
        #[allow(unreachable_patterns)]
        Some(d) => Err(fail(format!(
            "this build of seedgen has no {d} support (enable the crate feature)"
        ))),
        None => Err(fail(
            "not a database URL: use sqlite://PATH, postgres://… or mysql://…".into(),
        )),
    }
}

/// The URL with its secrets replaced by `***`: the password of `user:password@`, and
/// query parameters that hold one (`?password=…`, `sslpassword`, `pass`, `pwd`,
/// `passwd`, `secret`, `token`, `api_key`).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (main, query) = match rest.split_once('?') {
        Some((m, q)) => (m, Some(q)),
        None => (rest, None),
    };
    let main = match main.rsplit_once('@') {
        Some((auth, host)) => match auth.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => main.to_string(),
        },
        None => main.to_string(),
    };
    let mut out = format!("{scheme}://{main}");
    if let Some(q) = query {
        out.push('?');
        let params: Vec<String> = q
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if is_secret_key(k) => format!("{k}=***"),
                _ => p.to_string(),
            })
            .collect();
        out.push_str(&params.join("&"));
    }
    out
}

fn is_secret_key(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "password"
            | "sslpassword"
            | "pass"
            | "pwd"
            | "passwd"
            | "secret"
            | "token"
            | "api_key"
            | "apikey"
    )
}

/// The secrets of a URL (its password and secret query parameters, also URL-decoded),
/// to scrub from any message that might quote them.
pub fn secrets(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some((_, rest)) = url.split_once("://") else {
        return out;
    };
    let (main, query) = match rest.split_once('?') {
        Some((m, q)) => (m, Some(q)),
        None => (rest, None),
    };
    if let Some((auth, _)) = main.rsplit_once('@') {
        if let Some((_, pw)) = auth.split_once(':') {
            out.push(pw.to_string());
        }
    }
    for p in query.into_iter().flat_map(|q| q.split('&')) {
        if let Some((k, v)) = p.split_once('=') {
            if is_secret_key(k) {
                out.push(v.to_string());
            }
        }
    }
    let decoded: Vec<String> = out.iter().map(|s| percent_decode(s)).collect();
    out.extend(decoded);
    out.retain(|s| !s.is_empty());
    out.sort();
    out.dedup();
    out
}

/// `text` with every secret of `url` replaced by `***`.
pub fn scrub(text: &str, url: &str) -> String {
    let mut t = text.to_string();
    // Longest first, so a secret that contains another is replaced whole.
    let mut s = secrets(url);
    s.sort_by_key(|x| std::cmp::Reverse(x.len()));
    for secret in s {
        t = t.replace(&secret, "***");
    }
    t
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or(""), 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A MySQL/MariaDB error as the server words it (`ERROR 1062 (23000): Duplicate …`),
/// or the driver's own message.
#[cfg(feature = "mysql")]
pub fn mysql_message(e: &mysql::Error) -> String {
    match e {
        mysql::Error::MySqlError(m) => format!("ERROR {} ({}): {}", m.code, m.state, m.message),
        other => other.to_string(),
    }
}

/// The server's own words for a PostgreSQL error: its message, detail, hint and
/// context, and where in `statement` it points when it gives a position.
#[cfg(feature = "postgres")]
pub fn postgres_message(
    e: &postgres::Error,
    statement: Option<&crate::schema::CreateStatement>,
) -> String {
    let Some(db) = e.as_db_error() else {
        // Not from the server: the connection broke, or the driver refused.
        let mut m = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            m.push_str(": ");
            m.push_str(&s.to_string());
            src = s.source();
        }
        return m;
    };
    let mut m = format!("{}: {}", db.severity(), db.message());
    if let (Some(postgres::error::ErrorPosition::Original(pos)), Some(st)) =
        (db.position(), statement)
    {
        let before: String = st
            .text
            .chars()
            .take((*pos as usize).saturating_sub(1))
            .collect();
        let line = before.matches('\n').count() as u64;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
        let (l, c) = if line == 0 {
            (st.at.line, st.at.column + column - 1)
        } else {
            (st.at.line + line, column)
        };
        m = format!("{}:{l}:{c}: {m}", st.at.file);
    }
    if let Some(d) = db.detail() {
        m.push_str(&format!("\n  DETAIL: {d}"));
    }
    if let Some(h) = db.hint() {
        m.push_str(&format!("\n  HINT: {h}"));
    }
    if let Some(w) = db.where_() {
        m.push_str(&format!("\n  CONTEXT: {w}"));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_the_authority_and_the_query_are_hidden() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/x?sslmode=require&password=p%40ss"),
            "postgres://app:***@db:5432/x?sslmode=require&password=***"
        );
        assert_eq!(redact("sqlite://a.db"), "sqlite://a.db");
        let url = "mysql://u:a%2Fb@h/db?token=t0k";
        let m = scrub("failed for u:a/b and a%2Fb with t0k", url);
        assert_eq!(m, "failed for u:*** and *** with ***");
    }
}

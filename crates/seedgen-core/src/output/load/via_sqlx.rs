//! Loading through sqlx, the async driver most Rust services use (features
//! `sqlx-postgres`, `sqlx-mysql`): the data as the SQL script's statements, run on the
//! caller's connection in a transaction of its own, or in a savepoint when the
//! connection is inside the caller's transaction (sqlx's `begin` nests as savepoints).
//!
//! The statements are the SQL script's ([`super::statements`]).

use sqlx::{Connection, Executor};

use super::statements::Statement;
use super::Cause;
use crate::Result;

/// Runs `statements` on `conn` in a transaction (a savepoint inside the caller's), and
/// rolls back what ran when one fails.
pub(crate) async fn run<DB>(conn: &mut DB::Connection, statements: Vec<Statement>) -> Result<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| Cause::from(e).context("starting the load: ").error(None))?;
    for st in statements {
        let done = sqlx::raw_sql(sqlx::AssertSqlSafe(st.text))
            .execute(&mut *tx)
            .await;
        if let Err(e) = done {
            // Dropping the transaction rolls it back too, but only once the runtime gets
            // to it; the caller's next statement must see the savepoint undone.
            let _ = tx.rollback().await;
            return Err(Cause::from(e).error(st.rows));
        }
    }
    tx.commit()
        .await
        .map_err(|e| Cause::from(e).context("committing the load: ").error(None))
}

impl From<sqlx::Error> for Cause {
    fn from(e: sqlx::Error) -> Self {
        let (message, sqlstate) = match e.as_database_error() {
            Some(db) => (server_words(db), db.code().map(|c| c.into_owned())),
            None => (e.to_string(), None),
        };
        Cause {
            message,
            sqlstate,
            source: Some(Box::new(e)),
        }
    }
}

/// The server's message, with PostgreSQL's detail and hint as `postgres` gives them.
fn server_words(db: &dyn sqlx::error::DatabaseError) -> String {
    #[cfg(feature = "sqlx-postgres")]
    if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
        // `Error` as PostgreSQL spells it: `ERROR`.
        let severity = format!("{:?}", pg.severity()).to_uppercase();
        let mut m = format!("{severity}: {}", pg.message());
        if let Some(d) = pg.detail() {
            m.push_str(&format!("\n  DETAIL: {d}"));
        }
        if let Some(h) = pg.hint() {
            m.push_str(&format!("\n  HINT: {h}"));
        }
        return m;
    }
    db.message().to_string()
}

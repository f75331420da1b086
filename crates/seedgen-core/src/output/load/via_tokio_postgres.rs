//! Loading through tokio-postgres (feature `tokio-postgres`), the async PostgreSQL
//! driver under `postgres` and many services: the SQL script's statements
//! ([`super::statements`]) run with `batch_execute` in a transaction of the caller's
//! client, a savepoint when the caller passes its own `Transaction`.

use tokio_postgres::GenericClient;

use super::statements::Statement;
use super::Cause;
use crate::Result;

/// Runs `statements` through `client` in a transaction (a savepoint inside the
/// caller's), and rolls back what ran when one fails.
pub(crate) async fn run<C>(client: &mut C, statements: Vec<Statement>) -> Result<()>
where
    C: GenericClient + Send + Sync,
{
    let tx = client
        .transaction()
        .await
        .map_err(|e| Cause::from(e).context("starting the load: ").error(None))?;
    for st in statements {
        if let Err(e) = tx.batch_execute(&st.text).await {
            // Rolled back here rather than on drop, which only queues the ROLLBACK: the
            // caller's next statement must see the savepoint undone.
            let _ = tx.rollback().await;
            return Err(Cause::from(e).error(st.rows));
        }
    }
    tx.commit()
        .await
        .map_err(|e| Cause::from(e).context("committing the load: ").error(None))
}

//! Live databases as a source: their schema from the catalogs ([`read_schema`]) and their
//! size and shape as a [`Profile`](crate::profile::Profile) ([`take_profile`]). Behind
//! the `sqlite`, `postgres` and `mysql` features.

mod catalog;
mod database;
mod existing;
mod profile;

pub use catalog::{add_database, read_schema, schema_ddl, LiveSchema};
pub use database::{redact, url_dialect, Database};
#[cfg(feature = "mysql")]
pub use existing::existing_mysql;
#[cfg(feature = "postgres")]
pub use existing::existing_postgres;
#[cfg(feature = "sqlite")]
pub use existing::existing_sqlite;
pub use existing::read_existing;
pub use profile::{take_profile, ProfileOptions, FAN_OUT_ENTRIES, HISTOGRAM_BUCKETS, MAX_VALUES};

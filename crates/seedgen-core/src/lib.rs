//! # seedgen-core
//!
//! Turns a database schema into realistic, referentially consistent data, the same bytes
//! for the same seed. This crate is the library; the `seedgen` command line is a thin
//! layer over it.
//!
//! The main types:
//! - [`Schema`]: the typed model of a schema (tables, columns, keys, foreign keys,
//!   CHECKs, enums, domains, partitions), read from SQL DDL ([`Schema::from_sql`]), a
//!   file or a folder of migrations ([`Schema::from_path`]) or seedgen JSON
//!   ([`Schema::from_json`]).
//! - [`Seeder`]: what a test wants seeded (row counts, children per parent, overrides,
//!   column functions, pinned rows), checked into a [`Plan`].
//! - [`Dataset`]: every generated row in memory, typed ([`Row::get`]), with lookups,
//!   children, loading into SQLite, PostgreSQL or MySQL (features `sqlite`, `postgres`,
//!   `mysql`), SQL statements for other drivers and reset.
//! - [`Plan`], [`engine::Generation`] and [`output`]: streaming generation as Arrow
//!   `RecordBatch`es on several threads and the writers (CSV, SQL, COPY, Parquet, JSON
//!   Lines) for data too big to hold.
//! - [`Profile`]: a database's size and shape without its values (row counts, NULL
//!   shares, distinct counts, ranges, histograms, children per parent), turned into
//!   settings by [`Profile::settings`]; `live` (features `sqlite`, `postgres`, `mysql`)
//!   reads a live database's schema from its catalogs and takes its profile.
//! - [`Error`]: every failure, with the file, line and column or the `table.column` it
//!   concerns, and what to change.
//!
//! ```
//! use seedgen_core::{Schema, Seeder};
//!
//! let schema = Schema::from_sql(
//!     "CREATE TABLE users (id serial PRIMARY KEY, email varchar(255) UNIQUE NOT NULL,
//!                          role text NOT NULL DEFAULT 'member');
//!      CREATE TABLE orders (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users(id),
//!                           total numeric(10,2) NOT NULL CHECK (total > 0));",
//!     None,
//! )?;
//! let data = Seeder::new(&schema)
//!     .seed(1)
//!     .rows("users", 3)
//!     .per_parent("orders", "users", 2)
//!     .pin("users", 0, [("role", "admin")])
//!     .dataset()?;
//! let users = data.table("users")?;
//! assert_eq!(users.row(0).unwrap().get::<String>("role")?, "admin");
//! for user in users.rows() {
//!     for order in data.children("orders", &user)? {
//!         assert!(order.get::<f64>("total")? > 0.0);
//!     }
//! }
//! assert_eq!(data.table("orders")?.len(), 6);
//! # Ok::<(), seedgen_core::Error>(())
//! ```

#![deny(missing_docs)]

pub mod calendar;
mod cell;
mod dataset;
pub mod drivers;
pub mod engine;
mod error;
pub mod expr;
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
pub mod live;
mod locale;
mod location;
pub mod output;
pub mod plan;
pub mod profile;
mod prose;
mod random;
pub mod schema;
mod seeder;
mod settings;
mod spell;
mod typed;
mod value;

pub use dataset::{Dataset, Row, TableData};
pub use error::{BoxError, Error, Result};
pub use plan::{ColumnSettings, Count};
pub use plan::{Plan, Settings};
pub use profile::Profile;
pub use schema::{Dialect, Schema};
pub use seeder::{Override, Preset, RowValues, Seeder};
pub use value::{FromValue, Value};

/// The README's Rust examples, compiled and run as doctests, so that none of them can
/// drift from the API (`tests/readme.rs` of `examples/outside` runs the first as a test).
#[cfg(all(doctest, feature = "sqlite"))]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;

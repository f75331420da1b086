//! # seedgen-core
//!
//! Turns a database schema into realistic, referentially consistent data, the same bytes
//! for the same seed. This crate is the library; the `seedgen` command line is a thin
//! layer over it.
//!
//! The main types:
//! - [`schema::Schema`]: the typed model of a schema (tables, columns, keys, foreign keys,
//!   CHECKs, enums, domains, partitions), read from SQL DDL, a folder of migrations or
//!   seedgen JSON by [`schema::SchemaReader`].
//! - [`Error`]: every failure, with the file, line and column or the `table.column` it
//!   concerns.
//!
//! ```
//! use seedgen_core::schema::Schema;
//!
//! let schema = Schema::from_sql(
//!     "CREATE TABLE users (id serial PRIMARY KEY, email varchar(255) UNIQUE NOT NULL);
//!      CREATE TABLE orders (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users(id));",
//!     None,
//! )?;
//! let order = schema.load_order();
//! let names: Vec<_> = order.order.iter().map(|&i| schema.tables[i].name.to_string()).collect();
//! assert_eq!(names, ["users", "orders"]);
//! # Ok::<(), seedgen_core::Error>(())
//! ```

#![deny(missing_docs)]

mod dataset;
pub mod engine;
mod error;
pub mod output;
pub mod plan;
pub mod schema;
mod seeder;
mod value;

pub use dataset::{Dataset, Row, TableData};
pub use error::{Error, Result};
pub use plan::{ColumnSettings, Count};
pub use plan::{Plan, Settings};
pub use schema::{Dialect, Schema};
pub use seeder::{Override, RowValues, Seeder};
pub use value::{FromValue, Value};

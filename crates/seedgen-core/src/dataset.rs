//! [`Dataset`]: every generated row in memory, for tests that assert on what they seeded
//! and load it into their database.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::RecordBatch;

use crate::engine::Generation;
use crate::error::{Error, Result};
use crate::output::sql::each_statement;
use crate::schema::Dialect;
use crate::spell::TextColumn;
use crate::value::{from_array, normalize, FromValue, Value};
use crate::Plan;

/// All rows of a plan, one Arrow batch per table. Cloning is cheap (the plan and the
/// batches are shared).
#[derive(Debug, Clone)]
pub struct Dataset {
    plan: Arc<Plan>,
    batches: Arc<[RecordBatch]>,
    /// The tables' names as written (`app.users`), for `&str` accessors.
    names: Arc<[String]>,
}

fn data_error(target: String, message: String) -> Error {
    Error::Data { target, message }
}

impl Dataset {
    /// Generates every row of `plan` and checks that every primary key and UNIQUE
    /// constraint holds (a column function or a pin could break one; nothing else does).
    pub fn generate(plan: Plan) -> Result<Self> {
        let batches = (0..plan.tables().len())
            .map(|t| plan.batch(t, 0..plan.tables()[t].rows()))
            .collect::<Result<Vec<_>>>()?;
        let names = plan.tables().iter().map(|t| t.name().to_string()).collect();
        let d = Dataset {
            plan: Arc::new(plan),
            batches: batches.into(),
            names,
        };
        d.check_unique()?;
        Ok(d)
    }

    fn check_unique(&self) -> Result<()> {
        for (t, table) in self.plan.schema().tables.iter().enumerate() {
            let batch = &self.batches[t];
            for key in table.unique_keys() {
                let Some(cols) = key
                    .iter()
                    .map(|n| batch.schema().index_of(n).ok())
                    .collect::<Option<Vec<usize>>>()
                else {
                    continue;
                };
                let spell: Vec<TextColumn<'_>> = cols
                    .iter()
                    .map(|&c| TextColumn::new(batch.column(c)))
                    .collect();
                let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
                for r in 0..batch.num_rows() {
                    if cols.iter().any(|&c| batch.column(c).is_null(r)) {
                        continue;
                    }
                    let tuple: Vec<String> = spell
                        .iter()
                        .map(|s| {
                            let mut out = String::new();
                            s.write(r, &mut out);
                            out
                        })
                        .collect();
                    if let Some(first) = seen.insert(tuple.clone(), r) {
                        return Err(data_error(
                            format!("{}.{}", table.name, key.join(",")),
                            format!(
                                "rows {first} and {r} both hold ({}), and the key is unique; a column function or a pinned value repeats a value: make it distinct",
                                tuple.join(", ")
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The plan the data came from.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// One table, by name (`users` or `app.users`).
    pub fn table(&self, name: impl AsRef<str>) -> Result<TableData<'_>> {
        let name = name.as_ref();
        let t = self.plan.table_index(name).ok_or_else(|| {
            data_error(
                name.to_string(),
                format!("the schema has no table `{name}`"),
            )
        })?;
        Ok(TableData { data: self, t })
    }

    /// Every table, in load order.
    pub fn tables(&self) -> impl Iterator<Item = TableData<'_>> {
        self.plan
            .load_order()
            .iter()
            .map(move |&t| TableData { data: self, t })
    }

    /// The rows of `child` that reference `parent` through a foreign key of `child` to
    /// `parent`'s table ("the orders of user 3"). With several such foreign keys, the
    /// first declared is used; [`Dataset::children_via`] names one.
    pub fn children<'d>(
        &'d self,
        child: impl AsRef<str>,
        parent: &Row<'_>,
    ) -> Result<Vec<Row<'d>>> {
        self.children_via(child, &[], parent)
    }

    /// Like [`Dataset::children`], through the foreign key on `columns` of `child`.
    pub fn children_via<'d>(
        &'d self,
        child: impl AsRef<str>,
        columns: &[&str],
        parent: &Row<'_>,
    ) -> Result<Vec<Row<'d>>> {
        let c = self.table(child)?;
        let table = &self.plan.schema().tables[c.t];
        let parent_name = &self.plan.schema().tables[parent.table.t].name;
        let fk = table
            .foreign_keys
            .iter()
            .find(|fk| {
                &fk.references.table == parent_name
                    && (columns.is_empty()
                        || fk
                            .columns
                            .iter()
                            .map(String::as_str)
                            .eq(columns.iter().copied()))
            })
            .ok_or_else(|| {
                data_error(
                    table.name.to_string(),
                    format!(
                        "no foreign key of `{}` references `{parent_name}`",
                        table.name
                    ),
                )
            })?;
        let wanted: Vec<Value> = fk
            .references
            .columns
            .iter()
            .map(|n| parent.value(n))
            .collect::<Result<_>>()?;
        let mut out = Vec::new();
        for row in c.rows() {
            let values: Vec<Value> = fk
                .columns
                .iter()
                .map(|n| row.value(n))
                .collect::<Result<_>>()?;
            if values == wanted {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// The data as SQL statements for `dialect`, in load order inside one transaction
    /// (`BEGIN` … `COMMIT`), with cycles handled and sequences advanced: for any driver
    /// (sqlx, diesel, …) that executes statements one at a time.
    pub fn to_sql(&self, dialect: Dialect) -> Result<Vec<String>> {
        let mut out = Vec::new();
        each_statement(&self.generation()?, dialect, true, |stmt, _| {
            out.push(stmt.to_string());
            Ok(())
        })?;
        Ok(out)
    }

    /// Loads the data through any driver: `exec` runs each statement in order (the
    /// multi-row INSERTs, the UPDATEs that close cycles, the sequences), and no
    /// transaction is opened, so run it inside the caller's (diesel's
    /// `conn.transaction(|c| …)`, a savepoint inside a test transaction). An error from
    /// `exec` is an [`Error::Load`] naming the table and rows, the driver's error its
    /// `source()`.
    pub fn load_with<E>(
        &self,
        dialect: Dialect,
        mut exec: impl FnMut(&str) -> std::result::Result<(), E>,
    ) -> Result<()>
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        each_statement(&self.generation()?, dialect, false, |stmt, at| {
            exec(stmt).map_err(|e| {
                let (table, rows) = at.map_or((None, None), |(t, r)| (Some(t), Some(r)));
                Error::Load {
                    table,
                    rows,
                    message: e.to_string(),
                    sqlstate: None,
                    source: Some(Box::new(e)),
                }
            })
        })
    }

    /// Statements that empty the tables this data fills, for test isolation: one
    /// `TRUNCATE … RESTART IDENTITY` (PostgreSQL), or `DELETE`s in reverse load order with
    /// foreign keys deferred (SQLite, in a transaction) or unchecked (MySQL).
    pub fn reset_sql(&self, dialect: Dialect) -> Vec<String> {
        let d = crate::output::dialect::for_dialect(dialect);
        let names: Vec<String> = self
            .plan
            .load_order()
            .iter()
            .rev()
            .map(|&t| {
                let mut s = String::new();
                crate::output::sql::table_ident(d, self.plan.tables()[t].name(), &mut s);
                s
            })
            .collect();
        match dialect {
            Dialect::Postgres => vec![format!("TRUNCATE {} RESTART IDENTITY", names.join(", "))],
            Dialect::Sqlite => std::iter::once("BEGIN".to_string())
                .chain(std::iter::once(
                    "PRAGMA defer_foreign_keys = ON".to_string(),
                ))
                .chain(names.iter().map(|n| format!("DELETE FROM {n}")))
                .chain(std::iter::once("COMMIT".to_string()))
                .collect(),
            Dialect::MySql => std::iter::once("SET FOREIGN_KEY_CHECKS = 0".to_string())
                .chain(names.iter().map(|n| format!("DELETE FROM {n}")))
                .chain(std::iter::once("SET FOREIGN_KEY_CHECKS = 1".to_string()))
                .collect(),
        }
    }

    /// One thread: the data is small, and this is what loading and `to_sql` replay.
    /// The rows this dataset holds, for the writers and loaders: slices of them, not
    /// generated again.
    fn generation(&self) -> Result<Generation<'_>> {
        Ok(Generation::of_batches(
            &self.plan,
            &self.batches,
            crate::engine::DEFAULT_BATCH_SIZE,
        ))
    }

    /// Loads the data into any database [`Loader`](crate::output::load::Loader) takes: a
    /// connection, or a transaction the test opened (the load is then a savepoint of
    /// it, and rolling the test's transaction back removes the rows). Returns the rows
    /// per table.
    #[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
    pub fn load(
        &self,
        db: &mut dyn crate::output::load::Loader,
    ) -> Result<crate::output::load::LoadReport> {
        db.load(
            &self.generation()?,
            &crate::output::load::LoadOptions::default(),
            &mut |_| {},
        )
    }

    /// Loads the data into SQLite in one transaction, foreign keys enforced, or in a
    /// savepoint of the transaction already open (`&tx` of a `rusqlite::Transaction`
    /// works as well as `&conn`); returns the rows per table. Behind the `sqlite`
    /// feature.
    #[cfg(feature = "sqlite")]
    pub fn load_sqlite(
        &self,
        conn: &rusqlite::Connection,
    ) -> Result<crate::output::load::LoadReport> {
        crate::output::load::load_sqlite(&self.generation()?, conn, &mut |_| {})
    }

    /// Empties the tables this data fills (see [`Dataset::reset_sql`]).
    #[cfg(feature = "sqlite")]
    pub fn reset_sqlite(&self, conn: &rusqlite::Connection) -> Result<()> {
        let mut sql = self.reset_sql(Dialect::Sqlite);
        if !conn.is_autocommit() {
            // Inside the caller's transaction: no BEGIN/COMMIT of its own.
            sql.retain(|s| s != "BEGIN" && s != "COMMIT");
        }
        conn.execute_batch(&sql.join(";\n")).map_err(|e| {
            if conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            crate::output::load::refused("emptying the tables: ", e)
        })
    }

    /// Loads the data into PostgreSQL with COPY in one transaction (a savepoint of it,
    /// given a `postgres::Transaction`); returns the rows per table. Behind the
    /// `postgres` feature.
    #[cfg(feature = "postgres")]
    pub fn load_postgres(
        &self,
        client: &mut impl postgres::GenericClient,
    ) -> Result<crate::output::load::LoadReport> {
        crate::output::load::load_postgres(&self.generation()?, client, &mut |_| {})
    }

    /// Empties the tables this data fills (see [`Dataset::reset_sql`]).
    #[cfg(feature = "postgres")]
    pub fn reset_postgres(&self, client: &mut impl postgres::GenericClient) -> Result<()> {
        let sql = self.reset_sql(Dialect::Postgres).join(";\n");
        client
            .batch_execute(&sql)
            .map_err(|e| crate::output::load::refused("emptying the tables: ", e))
    }

    /// Loads the data into MySQL or MariaDB in one transaction (a savepoint of it, given
    /// a `mysql::Transaction`); returns the rows per table. Behind the `mysql` feature.
    #[cfg(feature = "mysql")]
    pub fn load_mysql(
        &self,
        conn: &mut impl crate::output::load::MySqlSession,
    ) -> Result<crate::output::load::LoadReport> {
        crate::output::load::load_mysql(&self.generation()?, conn, &mut |_| {})
    }

    /// Loads the data through an sqlx PostgreSQL connection, or the caller's transaction
    /// (`&mut *tx`: the load is a savepoint of it), as multi-row INSERTs; returns the
    /// rows per table. Behind the `sqlx-postgres` feature; the application's sqlx
    /// features choose the runtime.
    #[cfg(feature = "sqlx-postgres")]
    pub async fn load_sqlx_postgres(
        &self,
        conn: &mut sqlx::PgConnection,
    ) -> Result<crate::output::load::LoadReport> {
        use crate::output::load::{statements::statements, via_sqlx};
        let (statements, report) = statements(&self.generation()?, Dialect::Postgres)?;
        via_sqlx::run::<sqlx::Postgres>(conn, statements).await?;
        Ok(report)
    }

    /// Empties the tables this data fills (see [`Dataset::reset_sql`]), through sqlx.
    #[cfg(feature = "sqlx-postgres")]
    pub async fn reset_sqlx_postgres(&self, conn: &mut sqlx::PgConnection) -> Result<()> {
        let sql = self.reset_sql(Dialect::Postgres).join(";\n");
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(conn)
            .await
            .map(|_| ())
            .map_err(|e| crate::output::load::refused("emptying the tables: ", e))
    }

    /// Loads the data through a tokio-postgres `Client` in a transaction of its own, or
    /// the caller's `Transaction` (the load is a savepoint of it), as multi-row INSERTs;
    /// returns the rows per table. Behind the `tokio-postgres` feature.
    #[cfg(feature = "tokio-postgres")]
    pub async fn load_tokio_postgres(
        &self,
        client: &mut (impl tokio_postgres::GenericClient + Send + Sync),
    ) -> Result<crate::output::load::LoadReport> {
        use crate::output::load::{statements::statements, via_tokio_postgres};
        let (statements, report) = statements(&self.generation()?, Dialect::Postgres)?;
        via_tokio_postgres::run(client, statements).await?;
        Ok(report)
    }

    /// Empties the tables this data fills (see [`Dataset::reset_sql`]), through
    /// tokio-postgres.
    #[cfg(feature = "tokio-postgres")]
    pub async fn reset_tokio_postgres(
        &self,
        client: &(impl tokio_postgres::GenericClient + Sync),
    ) -> Result<()> {
        let sql = self.reset_sql(Dialect::Postgres).join(";\n");
        client
            .batch_execute(&sql)
            .await
            .map_err(|e| crate::output::load::refused("emptying the tables: ", e))
    }

    /// Loads the data through an sqlx MySQL connection, or the caller's transaction
    /// (`&mut *tx`: the load is a savepoint of it), as multi-row INSERTs; returns the
    /// rows per table. Behind the `sqlx-mysql` feature.
    #[cfg(feature = "sqlx-mysql")]
    pub async fn load_sqlx_mysql(
        &self,
        conn: &mut sqlx::MySqlConnection,
    ) -> Result<crate::output::load::LoadReport> {
        use crate::output::load::{statements::statements, via_sqlx};
        let (statements, report) = statements(&self.generation()?, Dialect::MySql)?;
        via_sqlx::run::<sqlx::MySql>(conn, statements).await?;
        Ok(report)
    }

    /// Empties the tables this data fills (see [`Dataset::reset_sql`]), through sqlx.
    #[cfg(feature = "sqlx-mysql")]
    pub async fn reset_sqlx_mysql(&self, conn: &mut sqlx::MySqlConnection) -> Result<()> {
        for stmt in self.reset_sql(Dialect::MySql) {
            sqlx::raw_sql(sqlx::AssertSqlSafe(stmt))
                .execute(&mut *conn)
                .await
                .map_err(|e| crate::output::load::refused("emptying the tables: ", e))?;
        }
        Ok(())
    }

    /// Empties the tables this data fills (see [`Dataset::reset_sql`]).
    #[cfg(feature = "mysql")]
    pub fn reset_mysql(&self, conn: &mut impl crate::output::load::MySqlSession) -> Result<()> {
        for stmt in self.reset_sql(Dialect::MySql) {
            conn.query_drop(&stmt)
                .map_err(|e| crate::output::load::refused("emptying the tables: ", e))?;
        }
        Ok(())
    }
}

/// One table of a [`Dataset`].
#[derive(Clone, Copy)]
pub struct TableData<'d> {
    data: &'d Dataset,
    t: usize,
}

impl std::fmt::Debug for TableData<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableData")
            .field("name", &self.name())
            .field("rows", &self.len())
            .finish()
    }
}

impl<'d> TableData<'d> {
    /// The table's name.
    pub fn name(&self) -> &'d str {
        &self.data.names[self.t]
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.batch().num_rows()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows as one Arrow batch (written columns only).
    pub fn batch(&self) -> &'d RecordBatch {
        &self.data.batches[self.t]
    }

    /// The written columns' names.
    pub fn columns(&self) -> Vec<&'d str> {
        self.batch()
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect()
    }

    /// Row `index`, if the table has it.
    pub fn row(&self, index: usize) -> Option<Row<'d>> {
        (index < self.len()).then_some(Row {
            table: *self,
            index,
        })
    }

    /// Every row, in order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'d>> {
        let table = *self;
        (0..self.len()).map(move |index| Row { table, index })
    }

    /// The first row whose `column` equals `value` (converted to the column's type, so
    /// `"12.50"` finds a decimal and `3` an integer key).
    pub fn find(
        &self,
        column: impl AsRef<str>,
        value: impl Into<Value>,
    ) -> Result<Option<Row<'d>>> {
        let column = column.as_ref();
        let c = self.column_index(column)?;
        let dt = self.batch().schema().field(c).data_type().clone();
        let want = normalize(&value.into(), &dt)
            .map_err(|m| data_error(self.target(column), format!("the value looked up {m}")))?;
        let a = self.batch().column(c);
        Ok((0..self.len())
            .find(|&r| from_array(a, r) == want)
            .and_then(|r| self.row(r)))
    }

    fn target(&self, column: &str) -> String {
        format!("{}.{column}", self.name())
    }

    fn column_index(&self, column: &str) -> Result<usize> {
        let schema = self.batch().schema();
        schema
            .index_of(column)
            .ok()
            .or_else(|| {
                schema
                    .fields()
                    .iter()
                    .position(|f| f.name().eq_ignore_ascii_case(column))
            })
            .ok_or_else(|| {
                data_error(
                    self.target(column),
                    format!(
                        "no such column; the table has {}",
                        self.columns().join(", ")
                    ),
                )
            })
    }
}

/// One row of a [`TableData`]. Its `Debug` shows the table, the index and every value.
#[derive(Clone, Copy)]
pub struct Row<'d> {
    table: TableData<'d>,
    index: usize,
}

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let batch = self.table.batch();
        let mut values = f.debug_map();
        for (c, field) in batch.schema_ref().fields().iter().enumerate() {
            values.entry(
                &field.name().as_str(),
                &from_array(batch.column(c), self.index),
            );
        }
        values.finish()?;
        write!(f, " (row {} of {})", self.index, self.table.name())
    }
}

impl<'d> Row<'d> {
    /// The row's index in its table.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The table the row is in.
    pub fn table(&self) -> TableData<'d> {
        self.table
    }

    /// The value of `column`.
    pub fn value(&self, column: impl AsRef<str>) -> Result<Value> {
        let c = self.table.column_index(column.as_ref())?;
        Ok(from_array(self.table.batch().column(c), self.index))
    }

    /// The value of `column` as `T` (`i64`, `String`, `f64`, `bool`, `Option<T>`, …).
    pub fn get<T: FromValue>(&self, column: impl AsRef<str>) -> Result<T> {
        let column = column.as_ref();
        T::from_value(self.value(column)?).map_err(|m| {
            data_error(
                self.table.target(column),
                format!("row {}: the value {m}", self.index),
            )
        })
    }
}

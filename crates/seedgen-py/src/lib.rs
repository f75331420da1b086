//! `seedgen._seedgen`, the native half of the Python package `seedgen`: a schema read
//! from SQL, files, migration folders or a live database; a plan made with the same
//! settings as the command line; and a table's rows, any range of them, as
//! `pyarrow.RecordBatch`es handed over through the Arrow C data interface (no copy
//! through Python objects). Every cell is a function of its row index, so a range is
//! computed alone: what the Spark data source (`seedgen.spark`) partitions on.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use arrow_pyarrow::ToPyArrow;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use seedgen_core::schema::{Dialect, MigrationLayout, SchemaReader};
use seedgen_core::{Plan, Profile, Schema, Settings};

/// A library error as `seedgen.SeedgenError`: the command line's message, and the
/// file, line and column it points at when it has a position.
fn raise(py: Python<'_>, e: seedgen_core::Error) -> PyErr {
    let at = e.position();
    let file = at.as_ref().map(|l| l.file.to_string());
    let (line, column) = (at.as_ref().map(|l| l.line), at.as_ref().map(|l| l.column));
    let made = py
        .import("seedgen._errors")
        .and_then(|m| m.getattr("SeedgenError"))
        .and_then(|class| class.call1((e.to_string(), file, line, column)));
    match made {
        Ok(err) => PyErr::from_value(err),
        Err(import_failed) => import_failed,
    }
}

fn dialect(name: Option<&str>) -> PyResult<Option<Dialect>> {
    name.map(|n| {
        Dialect::from_name(n).ok_or_else(|| {
            PyValueError::new_err(format!(
                "dialect: unknown dialect `{n}`: use postgres, mysql or sqlite"
            ))
        })
    })
    .transpose()
}

/// A database schema and the settings its JSON inputs carried (`"generate"`).
#[pyclass(frozen, name = "Schema", module = "seedgen")]
struct PySchema {
    schema: Schema,
    settings: Settings,
}

impl PySchema {
    fn read(
        py: Python<'_>,
        dialect_name: Option<&str>,
        migrations: Option<&str>,
        add: impl FnOnce(&mut SchemaReader) -> seedgen_core::Result<()> + Send,
    ) -> PyResult<PySchema> {
        let layout = migrations
            .map(|m| {
                MigrationLayout::from_name(m).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "migrations: unknown layout `{m}`: use diesel, prisma, flyway, golang-migrate, sqlx or plain"
                    ))
                })
            })
            .transpose()?;
        let reader = SchemaReader::new()
            .dialect(dialect(dialect_name)?)
            .migrations(layout);
        let read = py.detach(move || {
            let mut reader = reader;
            add(&mut reader)?;
            let settings = reader.settings().clone();
            Ok::<_, seedgen_core::Error>((reader.finish()?, settings))
        });
        let (schema, settings) = read.map_err(|e| raise(py, e))?;
        Ok(PySchema { schema, settings })
    }
}

#[pymethods]
impl PySchema {
    /// Reads SQL DDL given as text; `name` is the file name errors give.
    #[staticmethod]
    #[pyo3(signature = (text, dialect=None, name="<sql>"))]
    fn from_sql(py: Python<'_>, text: &str, dialect: Option<&str>, name: &str) -> PyResult<Self> {
        let (text, name) = (text.to_string(), name.to_string());
        Self::read(py, dialect, None, move |r| {
            r.add_sql(&text, &name).map(|_| ())
        })
    }

    /// Reads files and folders of migrations (one path or a list), as the command line
    /// reads its SCHEMA arguments: SQL, seedgen JSON (with `"generate"` settings), folders
    /// in their framework's order.
    #[staticmethod]
    #[pyo3(signature = (path, dialect=None, migrations=None))]
    fn from_path(
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        dialect: Option<&str>,
        migrations: Option<&str>,
    ) -> PyResult<Self> {
        let paths: Vec<PathBuf> = match path.extract::<PathBuf>() {
            Ok(one) => vec![one],
            Err(_) => path.extract()?,
        };
        Self::read(py, dialect, migrations, move |r| {
            paths.iter().try_for_each(|p| r.add_path(p).map(|_| ()))
        })
    }

    /// Reads the schema of a live database: `sqlite://PATH`, `postgres://…`,
    /// `mysql://…`.
    #[staticmethod]
    fn from_url(py: Python<'_>, url: &str) -> PyResult<Self> {
        let url = url.to_string();
        Self::read(py, None, None, move |r| {
            let mut db = seedgen_core::live::Database::connect(&url)?;
            seedgen_core::live::add_database(r, &mut db).map(|_| ())
        })
    }

    /// The tables' names, in the schema's order.
    #[getter]
    fn tables(&self) -> Vec<String> {
        self.schema
            .tables
            .iter()
            .map(|t| t.name.to_string())
            .collect()
    }

    /// The dialect the schema was read as (`postgres`, `mysql`, `sqlite`).
    #[getter]
    fn dialect(&self) -> Option<&'static str> {
        self.schema.dialect.map(Dialect::name)
    }

    /// Plans generation with the command line's settings: `rows` per table (default),
    /// `tables` a `{table: rows}` dict (`--rows TABLE=N`), `scale`, `profile` (a
    /// `seedgen profile` file), `settings` (a seedgen JSON file with a `"generate"`
    /// section, or that section as a dict), `seed`, `as_of`, `locale`, `strict`. The
    /// layering is the command line's: profile, then JSON, then the arguments.
    #[pyo3(signature = (*, seed=None, rows=None, tables=None, scale=None, profile=None,
                        settings=None, as_of=None, locale=None, strict=false))]
    #[allow(clippy::too_many_arguments)]
    fn plan(
        &self,
        py: Python<'_>,
        seed: Option<u64>,
        rows: Option<u64>,
        tables: Option<BTreeMap<String, u64>>,
        scale: Option<f64>,
        profile: Option<PathBuf>,
        settings: Option<&Bound<'_, PyAny>>,
        as_of: Option<String>,
        locale: Option<String>,
        strict: bool,
    ) -> PyResult<PyPlan> {
        let json = settings.map(|s| json_settings(py, s)).transpose()?;
        let layered = (|| {
            let mut from_json = self.settings.clone();
            if let Some(j) = json {
                from_json.merge(j);
            }
            let mut s = Settings::default();
            let by_profile = profile.is_some();
            if let Some(path) = &profile {
                let scale = scale.or(from_json.scale).unwrap_or(1.0);
                s = Profile::from_path(path)?.settings(&self.schema, scale)?.0;
            }
            s.merge(from_json);
            if by_profile {
                s.scale = None; // in the profile's counts already
            } else if scale.is_some() {
                s.scale = scale;
            }
            s.seed = seed.or(s.seed);
            s.rows = rows.or(s.rows);
            s.as_of = as_of.or(s.as_of.take());
            s.locale = locale.or(s.locale.take());
            if strict {
                s.strict = Some(true);
            }
            for (t, n) in tables.unwrap_or_default() {
                self.schema.set_table_rows(&mut s, &t, n)?;
            }
            Ok(s)
        })();
        let s = layered.map_err(|e| raise(py, e))?;
        let schema = self.schema.clone();
        let plan = py
            .detach(move || Plan::new(schema, &s))
            .map_err(|e| raise(py, e))?;
        Ok(PyPlan {
            plan: Arc::new(plan),
        })
    }

    fn __repr__(&self) -> String {
        format!("<seedgen.Schema: {} tables>", self.schema.tables.len())
    }
}

/// Settings given to `plan(settings=…)`: a path to a seedgen JSON file (its
/// `"generate"` section, positions in errors), or the section as a dict.
fn json_settings(py: Python<'_>, given: &Bound<'_, PyAny>) -> PyResult<Settings> {
    if let Ok(dict) = given.cast::<PyDict>() {
        let section = dict
            .get_item("generate")?
            .unwrap_or_else(|| dict.clone().into_any());
        // One key per line, so the line serde stops at names the setting.
        let indent = PyDict::new(py);
        indent.set_item("indent", 1)?;
        let text: String = py
            .import("json")?
            .getattr("dumps")?
            .call((section,), Some(&indent))?
            .extract()?;
        return serde_json::from_str::<Settings>(&text).map_err(|e| {
            let key = key_at(&text, e.line());
            let path = match key.is_empty() {
                true => "settings".to_string(),
                false => format!("settings.{key}"),
            };
            // serde's words, without the position in the text written here.
            let words = e.to_string();
            let message = words
                .split(" at line ")
                .next()
                .unwrap_or(&words)
                .to_string();
            raise(py, seedgen_core::Error::Settings { path, message })
        });
    }
    let path: PathBuf = given.extract()?;
    let mut reader = SchemaReader::new();
    reader.add_path(&path).map_err(|e| raise(py, e))?;
    Ok(reader.settings().clone())
}

/// The dotted path of the key on `line` (from 1) of JSON written one key per line with
/// an indent of one space per level: `tables.orders.rows`.
fn key_at(text: &str, line: usize) -> String {
    let mut path: Vec<&str> = Vec::new();
    for l in text.lines().take(line) {
        let depth = l.len() - l.trim_start().len();
        let Some(rest) = l.trim_start().strip_prefix('"') else {
            continue;
        };
        let Some((key, _)) = rest.split_once("\": ") else {
            continue;
        };
        path.truncate(depth.saturating_sub(1));
        path.push(key);
    }
    path.join(".")
}

/// A plan: every table's row count and columns, fixed; the rows computed on demand.
#[pyclass(frozen, name = "Plan", module = "seedgen")]
struct PyPlan {
    plan: Arc<Plan>,
}

impl PyPlan {
    fn index(&self, py: Python<'_>, table: &str) -> PyResult<usize> {
        self.plan.table_index(table).ok_or_else(|| {
            let close = self.plan.schema().similar_tables(table);
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", close.join(", "))
            };
            raise(
                py,
                seedgen_core::Error::Settings {
                    path: "table".into(),
                    message: format!("the plan has no table `{table}`{hint}"),
                },
            )
        })
    }
}

#[pymethods]
impl PyPlan {
    /// Every table's plan, in the schema's order.
    #[getter]
    fn tables(&self, py: Python<'_>) -> PyResult<Vec<PyTable>> {
        (0..self.plan.tables().len())
            .map(|i| PyTable::new(py, &self.plan, i))
            .collect()
    }

    /// One table's plan.
    fn table(&self, py: Python<'_>, name: &str) -> PyResult<PyTable> {
        PyTable::new(py, &self.plan, self.index(py, name)?)
    }

    /// The tables in an order that loads parents before children.
    #[getter]
    fn load_order(&self) -> Vec<String> {
        let tables = self.plan.tables();
        self.plan
            .load_order()
            .iter()
            .map(|&i| tables[i].name().to_string())
            .collect()
    }

    /// The seed every value derives from.
    #[getter]
    fn seed(&self) -> u64 {
        self.plan.seed()
    }

    /// What seedgen chose or capped for you, as `seedgen plan` says it.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.plan.warnings().to_vec()
    }

    /// The rows `start..stop` of `table` (all of them by default) as
    /// `pyarrow.RecordBatch`es of `batch_size` rows: the same values, for the same
    /// seed, as `seedgen generate` writes, whichever range and batch size.
    #[pyo3(signature = (table, start=0, stop=None, batch_size=8192))]
    fn batches(
        &self,
        py: Python<'_>,
        table: &str,
        start: u64,
        stop: Option<u64>,
        batch_size: u64,
    ) -> PyResult<PyBatches> {
        let t = self.index(py, table)?;
        let rows = self.plan.tables()[t].rows();
        let stop = stop.unwrap_or(rows);
        if start > stop || stop > rows {
            return Err(PyValueError::new_err(format!(
                "{table}: rows {start}..{stop} are not within the table's 0..{rows}"
            )));
        }
        if batch_size == 0 {
            return Err(PyValueError::new_err("batch_size: give 1 or more rows"));
        }
        Ok(PyBatches {
            plan: Arc::clone(&self.plan),
            table: t,
            next: start,
            stop,
            batch_size,
        })
    }

    /// The rows `start..stop` of `table` as one `pyarrow.Table`.
    #[pyo3(signature = (table, start=0, stop=None))]
    fn to_arrow<'py>(
        &self,
        py: Python<'py>,
        table: &str,
        start: u64,
        stop: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let schema = self.plan.tables()[self.index(py, table)?]
            .arrow_schema()
            .as_ref()
            .to_pyarrow(py)?;
        let batches = self
            .batches(py, table, start, stop, 65_536)?
            .into_pyobject(py)?;
        let list = py.import("builtins")?.call_method1("list", (batches,))?;
        py.import("pyarrow")?
            .getattr("Table")?
            .call_method1("from_batches", (list, schema))
    }

    /// The rows of `table` as a `pandas.DataFrame` (pyarrow's conversion).
    #[pyo3(signature = (table, start=0, stop=None))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        table: &str,
        start: u64,
        stop: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py, table, start, stop)?
            .call_method0("to_pandas")
    }

    /// The rows of `table` as a `polars.DataFrame` (`polars.from_arrow`).
    #[pyo3(signature = (table, start=0, stop=None))]
    fn to_polars<'py>(
        &self,
        py: Python<'py>,
        table: &str,
        start: u64,
        stop: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self.to_arrow(py, table, start, stop)?;
        py.import("polars")?.call_method1("from_arrow", (t,))
    }

    fn __repr__(&self) -> String {
        let rows: u64 = self.plan.tables().iter().map(|t| t.rows()).sum();
        format!(
            "<seedgen.Plan: {} tables, {rows} rows, seed {}>",
            self.plan.tables().len(),
            self.plan.seed()
        )
    }
}

/// One table of a plan: its name, row count, and columns as a `pyarrow.Schema`.
#[pyclass(frozen, name = "Table", module = "seedgen")]
struct PyTable {
    #[pyo3(get)]
    name: String,
    #[pyo3(get)]
    rows: u64,
    #[pyo3(get)]
    schema: Py<PyAny>,
    #[pyo3(get)]
    columns: Vec<String>,
}

impl PyTable {
    fn new(py: Python<'_>, plan: &Plan, i: usize) -> PyResult<PyTable> {
        let t = &plan.tables()[i];
        let arrow = t.arrow_schema();
        Ok(PyTable {
            name: t.name().to_string(),
            rows: t.rows(),
            columns: arrow.fields().iter().map(|f| f.name().clone()).collect(),
            schema: arrow.as_ref().to_pyarrow(py)?.unbind(),
        })
    }
}

#[pymethods]
impl PyTable {
    fn __repr__(&self) -> String {
        format!("<seedgen.Table {}: {} rows>", self.name, self.rows)
    }
}

/// An iterator over a table's rows as `pyarrow.RecordBatch`es; each batch is computed
/// when asked for, with the interpreter released.
#[pyclass(name = "Batches", module = "seedgen")]
struct PyBatches {
    plan: Arc<Plan>,
    table: usize,
    next: u64,
    stop: u64,
    batch_size: u64,
}

#[pymethods]
impl PyBatches {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if self.next >= self.stop {
            return Ok(None);
        }
        let rows = self.next..self.stop.min(self.next.saturating_add(self.batch_size));
        let (plan, t, end) = (Arc::clone(&self.plan), self.table, rows.end);
        let batch = py
            .detach(move || plan.batch(t, rows))
            .map_err(|e| raise(py, e))?;
        self.next = end;
        Ok(Some(batch.to_pyarrow(py)?))
    }
}

/// The module `seedgen._seedgen`; `seedgen/__init__.py` re-exports it.
#[pymodule]
fn _seedgen(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySchema>()?;
    m.add_class::<PyPlan>()?;
    m.add_class::<PyTable>()?;
    m.add_class::<PyBatches>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

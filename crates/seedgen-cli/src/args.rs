//! Command-line arguments, parsed with clap, and the exit codes.
//!
//! Exit codes: 0 success; 1 a runtime failure (I/O while writing, a row that fails a
//! CHECK); 2 bad usage, a schema that cannot be read or a plan that cannot be satisfied
//! (the message names the file, line and column, the `table.column` or the flag).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use seedgen_core::engine::{Generation, DEFAULT_BATCH_SIZE};
use seedgen_core::plan::existing::Existing;
use seedgen_core::schema::{Dialect, MigrationLayout, Schema};
use seedgen_core::{Plan, Profile, Settings};

use crate::failure::{classify, is_broken_pipe, usage, Failure};
use crate::human::{human_bytes, thousands};
use crate::source::{read_input, Inputs, Source};

/// seedgen: realistic, referentially consistent data from a database schema.
#[derive(Debug, Parser)]
#[command(name = "seedgen", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read the schema and print what seedgen understood and will generate: tables in
    /// load order with row counts, each column's generator and why, keys, references,
    /// cycles and the statements skipped.
    Plan {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        live: LiveInput,
        #[command(flatten)]
        gen: GenArgs,
        /// Print the model as seedgen JSON instead of the report.
        #[arg(long)]
        json: bool,
    },
    /// Generate data and write one file per table.
    Generate {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        live: LiveInput,
        #[command(flatten)]
        gen: GenArgs,
        /// The output folder, or `-` for standard output (sql, copy and jsonl).
        #[arg(long, value_name = "DIR|-")]
        out: PathBuf,
        /// The output format.
        #[arg(long, default_value = "csv", value_parser = format_values())]
        format: String,
        #[command(flatten)]
        output: OutputArgs,
        /// Replace existing files.
        #[arg(long)]
        force: bool,
        /// Worker threads (0: one per core). The output does not depend on it.
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Rows per batch. The output does not depend on it.
        #[arg(long, default_value_t = DEFAULT_BATCH_SIZE)]
        batch_size: usize,
        /// CSV: the text written for NULL (default: nothing, unquoted).
        #[arg(long, default_value = "")]
        null: String,
        /// Write only part K of N of every table's rows (K from 1 to N), as
        /// `TABLE/part-K-of-N.EXT` (csv, parquet, jsonl). The parts of shards 1..N, in
        /// order, are exactly the rows of one whole run: run them on N machines.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// Generate data and load it into a database in one transaction: SQLite (the default,
    /// `sqlite://seedgen.db`), PostgreSQL (COPY) or MySQL/MariaDB (LOAD DATA). Without a
    /// SCHEMA, the schema is read from that database itself.
    Load {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        gen: GenArgs,
        /// The database: `sqlite://PATH`, `postgres://USER[:PASSWORD]@HOST[:PORT]/DB` or
        /// `mysql://USER[:PASSWORD]@HOST[:PORT]/DB`.
        #[arg(long, default_value = "sqlite://seedgen.db")]
        url: String,
        /// Run the schema's SQL inputs (its CREATE statements, and the rows they insert)
        /// first, in the same database.
        /// In PostgreSQL the keys, unique constraints and indexes are built after the rows
        /// and the foreign keys added last, as pg_restore does; in SQLite the schema's
        /// CREATE INDEX statements run after the rows.
        #[arg(long)]
        create: bool,
        /// PostgreSQL, tables already there: drop their indexes, keys and foreign keys
        /// inside the load's transaction, load the rows, then create them again exactly
        /// as the catalog defined them (much faster for large loads; needs the tables'
        /// owner). Always done with --create.
        #[arg(long)]
        defer_indexes: bool,
        /// Tables that hold rows already keep them, and the new rows are added after them
        /// (the default): keys continue past theirs, foreign keys may pick old parents.
        #[arg(long, group = "existing_rows")]
        append: bool,
        /// Empty the schema's tables first, in the same transaction.
        #[arg(long, group = "existing_rows")]
        replace: bool,
        /// Refuse to load into tables that hold rows.
        #[arg(long, group = "existing_rows")]
        fail_if_not_empty: bool,
        /// Worker threads for generating (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// No progress bars or summary.
        #[arg(long)]
        quiet: bool,
    },
    /// Read a live database's statistics (never its rows) and write its profile: per
    /// table the row count, per column the share of NULLs, distinct count, average
    /// width, and for numbers and dates the range and a histogram; per foreign key the
    /// children per parent. `--profile` on plan, generate and load reproduces it.
    Profile {
        /// The database: `postgres://…`, `mysql://…` or `sqlite://PATH`.
        #[arg(long)]
        url: String,
        /// The profile file (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Also list the values of columns with at most 100 distinct ones. These are the
        /// database's own values: leave it off for data that may be personal.
        #[arg(long)]
        include_values: bool,
        /// Count rows and distinct values instead of taking the statistics' estimates
        /// (PostgreSQL samples 30,000 rows; a full scan of every table).
        #[arg(long)]
        exact_counts: bool,
        /// Collect statistics first: PostgreSQL ANALYZE; MariaDB ANALYZE TABLE …
        /// PERSISTENT FOR ALL (reads each table once).
        #[arg(long)]
        analyze: bool,
    },
    /// Print the JSON Schema of seedgen's JSON format (or, with `--profile`, of the
    /// profile format).
    JsonSchema {
        /// The profile format instead.
        #[arg(long)]
        profile: bool,
    },
}

/// `--format` takes the names of the output formats' registry.
fn format_values() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        seedgen_core::output::formats::FORMATS
            .iter()
            .map(|f| clap::builder::PossibleValue::new(f.name).help(f.about)),
    )
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Codec {
    Zstd,
    Snappy,
    None,
}

#[derive(Debug, Args)]
struct OutputArgs {
    /// SQL: the dialect to write (default: the schema's).
    #[arg(long, value_parser = parse_dialect)]
    sql_dialect: Option<Dialect>,
    /// SQL: rows per INSERT statement.
    #[arg(long, default_value_t = seedgen_core::output::sql::DEFAULT_INSERT_ROWS)]
    batch_rows: usize,
    /// SQL: write the schema's SQL inputs (its CREATE statements) first.
    #[arg(long)]
    create: bool,
    /// SQL: one file per table (`001-TABLE.sql`, …, `999-finish.sql`; file-name order is
    /// load order) instead of one script.
    #[arg(long)]
    split: bool,
    /// Parquet: compression.
    #[arg(long, value_enum, default_value_t = Codec::Zstd)]
    compression: Codec,
    /// Parquet: rows per row group.
    #[arg(long, default_value_t = 1 << 20)]
    row_group_size: usize,
}

#[derive(Debug, Args)]
struct Input {
    /// Schema inputs, applied in order: SQL files, folders of migrations, seedgen JSON
    /// (whose "generate" section holds settings), or a live database's URL
    /// (`postgres://…`, `mysql://…`, `sqlite://PATH`), read from its catalogs.
    #[arg(value_name = "SCHEMA")]
    schema: Vec<PathBuf>,
    /// SQL dialect of the inputs (detected from the text when not given).
    #[arg(long, value_parser = parse_dialect)]
    dialect: Option<Dialect>,
    /// How folders of migrations are laid out: diesel, prisma, flyway, golang-migrate,
    /// sqlx or plain (detected from the folder when not given).
    #[arg(long, value_name = "FORMAT", value_parser = parse_layout)]
    migrations: Option<MigrationLayout>,
}

impl Input {
    fn inputs(&self) -> Inputs<'_> {
        Inputs {
            schema: &self.schema,
            dialect: self.dialect,
            migrations: self.migrations,
        }
    }
}

#[derive(Debug, Args)]
struct LiveInput {
    /// A live database to read the schema from, after the SCHEMA inputs (as if its URL
    /// were one of them).
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

#[derive(Debug, Args)]
struct GenArgs {
    /// A profile (from `seedgen profile`, or written by hand): row counts, shares of
    /// NULLs, distinct counts, ranges, histograms and children per parent to
    /// reproduce; `--scale` scales it, `--rows` overrides a table.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Rows per table: `--rows 1000` for every table, `--rows users=50` for one
    /// (repeatable). Default 1000.
    #[arg(long, value_name = "N|TABLE=N", allow_hyphen_values = true)]
    rows: Vec<String>,
    /// Multiply every row count.
    #[arg(long)]
    scale: Option<f64>,
    /// The seed: same seed, same data.
    #[arg(long)]
    seed: Option<u64>,
    /// The data version to generate (default: the newest, 2). `--data-version 1`
    /// reproduces the first release's data byte for byte.
    #[arg(long = "data-version", value_name = "N")]
    data_version: Option<u32>,
    /// The time anchor for generated dates (default 2025-01-01T00:00:00Z).
    #[arg(long = "as-of", value_name = "TIMESTAMP")]
    as_of: Option<String>,
    /// Locale of names, addresses and phone numbers (en, fr_fr, de_de, …).
    #[arg(long)]
    locale: Option<String>,
    /// Refuse every choice seedgen would make on its own (row counts capped at what a
    /// table's keys allow, columns filled by a fallback), listing all of them.
    #[arg(long)]
    strict: bool,
    /// The schema's triggers: `on` (the default) leaves a table that a trigger fills to
    /// the trigger; `off` generates it too, and `load` switches the triggers off
    /// (PostgreSQL; refused where the database cannot).
    #[arg(long, value_enum, default_value_t = Switch::On)]
    triggers: Switch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Switch {
    On,
    Off,
}

fn parse_layout(s: &str) -> Result<MigrationLayout, String> {
    MigrationLayout::from_name(s).ok_or_else(|| {
        format!("unknown migrations layout `{s}`: use diesel, prisma, flyway, golang-migrate, sqlx or plain")
    })
}

fn parse_dialect(s: &str) -> Result<Dialect, String> {
    Dialect::from_name(s)
        .ok_or_else(|| format!("unknown dialect `{s}`: use postgres, mysql or sqlite"))
}

/// Parses the arguments, runs the command and maps errors to exit codes.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("error: {}", crate::failure::render(&e));
            ExitCode::from(2)
        }
        Err(Failure::Runtime(e)) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", crate::failure::render(&e));
            ExitCode::from(1)
        }
    }
}

fn execute(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Plan {
            input,
            live,
            gen,
            json,
        } => {
            let source = read_input(&input.inputs(), live.url.as_deref())?;
            let (settings, profile) = settings_with_flags(&source, &gen)?;
            let schema = &source.schema;
            let shown = profile.as_ref().map(|(p, scale)| (p, *scale));
            let planned = Plan::new(schema.clone(), &settings);
            if json {
                let text = crate::plan::render_json(&source, planned.as_ref().ok());
                write_stdout(&text)?;
                return planned.map(|_| ()).map_err(classify);
            }
            match planned {
                Ok(plan) => write_stdout(&crate::plan::render(&source, Some(&plan), shown)),
                Err(e) => {
                    write_stdout(&crate::plan::render(&source, None, shown))?;
                    Err(classify(e))
                }
            }
        }
        Command::Generate {
            input,
            live,
            gen,
            out,
            format,
            output,
            force,
            threads,
            batch_size,
            null,
            shard,
            quiet,
        } => {
            let shard = shard
                .map(|s| s.parse::<seedgen_core::engine::Shard>())
                .transpose()
                .map_err(classify)?;
            if batch_size == 0 {
                return Err(usage(anyhow::anyhow!("--batch-size: must be at least 1")));
            }
            if output.batch_rows == 0 || output.row_group_size == 0 {
                return Err(usage(anyhow::anyhow!(
                    "--batch-rows and --row-group-size must be at least 1"
                )));
            }
            let source = read_input(&input.inputs(), live.url.as_deref())?;
            refuse_empty(&source)?;
            let (settings, _) = settings_with_flags(&source, &gen)?;
            let plan = Plan::new(source.schema.clone(), &settings).map_err(classify)?;
            if !quiet {
                print_choices(&plan);
            }
            let threads = sane_threads(threads);
            let started = std::time::Instant::now();
            let generation = Generation::new(&plan, threads, batch_size).map_err(classify)?;
            let files = crate::generate::write(
                &generation,
                &source.scripts,
                &out,
                &format,
                &crate::generate::OutputSettings {
                    force,
                    null,
                    shard,
                    quiet,
                    ..output.into()
                },
            )?;
            if !quiet && !files.is_empty() && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                eprintln!("{}", summary(&plan, &files, &out, started.elapsed()));
            }
            Ok(())
        }
        Command::Load {
            input,
            gen,
            url,
            create,
            defer_indexes,
            append: _,
            replace,
            fail_if_not_empty,
            threads,
            quiet,
        } => {
            // Without a SCHEMA, the target database's own tables.
            let own = input.schema.is_empty().then_some(url.as_str());
            let source = read_input(&input.inputs(), own)?;
            if own.is_some() && create {
                return Err(usage(anyhow::anyhow!(
                    "--create: the schema is read from --url itself, where the tables already are; give the SCHEMA to create them from"
                )));
            }
            refuse_empty(&source)?;
            let threads = sane_threads(threads);
            let (settings, _) = settings_with_flags(&source, &gen)?;
            // With --create the tables are new: they hold what the inputs insert. Else
            // they hold what the database has.
            let existing = if create {
                Existing::from_seed(&source.schema)
            } else {
                let mut db = seedgen_core::live::Database::connect(&url).map_err(classify)?;
                let held =
                    seedgen_core::live::read_existing(&mut db, &source.schema).map_err(classify)?;
                if fail_if_not_empty && !held.is_empty() {
                    let tables: Vec<String> = held
                        .iter()
                        .map(|(t, e)| format!("{t} ({} rows)", e.rows))
                        .collect();
                    return Err(Failure::Runtime(anyhow::anyhow!(
                        "--fail-if-not-empty: tables of {} already hold rows: {}; load with --append (the default) to add to them, or --replace to empty them first",
                        seedgen_core::live::redact(&url),
                        tables.join(", ")
                    )));
                }
                if replace {
                    Existing::none()
                } else {
                    held
                }
            };
            let plan = Plan::with_existing(source.schema.clone(), &settings, &existing)
                .map_err(classify)?;
            if !quiet {
                print_choices(&plan);
            }
            let generation =
                Generation::new(&plan, threads, DEFAULT_BATCH_SIZE).map_err(classify)?;
            let opts = crate::load::Options {
                create,
                defer_indexes,
                quiet,
                triggers_off: settings.triggers == Some(false),
                replace: replace && !create,
            };
            crate::load::run(&generation, &source.scripts, &url, &opts)
        }
        Command::Profile {
            url,
            out,
            include_values,
            exact_counts,
            analyze,
        } => crate::profile::run(
            &url,
            out.as_deref(),
            seedgen_core::live::ProfileOptions {
                exact_counts,
                analyze,
                include_values,
            },
        ),
        Command::JsonSchema { profile: false } => write_stdout(&Schema::json_schema()),
        Command::JsonSchema { profile: true } => write_stdout(&Profile::json_schema()),
    }
}

/// An empty schema gives nothing to generate: an error, rather than an empty folder
/// that looks like a result.
fn refuse_empty(source: &Source) -> Result<(), Failure> {
    if !source.schema.tables.is_empty() {
        return Ok(());
    }
    let read = source.schema.skipped.len();
    Err(usage(anyhow::anyhow!(
        "the schema has no tables, so there is nothing to generate ({read} statements read, none creates a table); check the input is the schema's DDL"
    )))
}

/// `--threads` as given, capped at four per core (more only add waiting), with a
/// warning.
fn sane_threads(asked: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let most = 4 * cores;
    if asked > most {
        eprintln!("warning: --threads {asked} is more than this machine can use; using {most} (4 per core)");
        return most;
    }
    asked
}

/// `wrote 12 tables, 34,000 rows, 5.6 MB to out/ in 1.2 s`.
fn summary(
    plan: &Plan,
    files: &[PathBuf],
    out: &std::path::Path,
    took: std::time::Duration,
) -> String {
    let rows: u64 = plan.tables().iter().map(|t| t.rows()).sum();
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let secs = took.as_secs_f64();
    let took = if secs < 1.0 {
        format!("{:.0} ms", secs * 1000.0)
    } else {
        format!("{secs:.1} s")
    };
    format!(
        "wrote {} tables, {} rows, {} to {} in {took}",
        plan.tables().len(),
        thousands(rows),
        human_bytes(bytes),
        out.display(),
    )
}

/// One line per cap, fallback and warning, before generating or loading.
fn print_choices(plan: &Plan) {
    for f in plan.filled_by_triggers() {
        eprintln!("note: {f}");
    }
    for (t, rows, from) in plan.existing() {
        let n = if *rows == 1 {
            "1 row".to_string()
        } else {
            format!("{rows} rows")
        };
        eprintln!("note: {t} holds {n} already, {from}; new rows are added after them");
    }
    for c in plan.caps() {
        eprintln!("warning: {c}");
    }
    for f in plan.fallbacks() {
        eprintln!("note: {f}");
    }
    for w in plan.warnings() {
        eprintln!("warning: {w}");
    }
}

impl From<OutputArgs> for crate::generate::OutputSettings {
    fn from(o: OutputArgs) -> Self {
        crate::generate::OutputSettings {
            sql_dialect: o.sql_dialect,
            batch_rows: o.batch_rows,
            create: o.create,
            split: o.split,
            codec: match o.compression {
                Codec::Zstd => seedgen_core::output::parquet::Codec::Zstd,
                Codec::Snappy => seedgen_core::output::parquet::Codec::Snappy,
                Codec::None => seedgen_core::output::parquet::Codec::None,
            },
            row_group_rows: o.row_group_size,
            force: false,
            null: String::new(),
            shard: None,
            quiet: false,
        }
    }
}

/// The settings: a profile's (with `--profile`), then the JSON inputs', then the flags.
/// Returns the profile and its scale too, for the plan to show.
fn settings_with_flags(
    source: &Source,
    gen: &GenArgs,
) -> Result<(Settings, Option<(Profile, f64)>), Failure> {
    let schema = &source.schema;
    let mut settings = Settings::default();
    let mut profile = None;
    if let Some(path) = &gen.profile {
        let p = Profile::from_path(path).map_err(classify)?;
        let scale = gen.scale.or(source.settings.scale).unwrap_or(1.0);
        let (from_profile, notes) = p.settings(schema, scale).map_err(classify)?;
        for n in notes {
            eprintln!("note: {n}");
        }
        settings = from_profile;
        profile = Some((p, scale));
    }
    settings.merge(source.settings.clone());
    if profile.is_some() {
        // The scale went into the profile's counts.
        settings.scale = None;
    }
    let count = |s: &str| -> Result<u64, Failure> {
        s.trim().parse::<u64>().map_err(|_| {
            usage(anyhow::anyhow!(
                "--rows: `{s}` is not a row count (a whole number, 0 or more)"
            ))
        })
    };
    for r in &gen.rows {
        match r.split_once('=') {
            None => settings.rows = Some(count(r)?),
            Some((table, n)) => {
                // The flag wins over the JSON's and a profile's count, children per
                // parent too.
                schema
                    .set_table_rows(&mut settings, table, count(n)?)
                    .map_err(|e| match e {
                        seedgen_core::Error::Settings { message, .. } => {
                            usage(anyhow::anyhow!("--rows {r}: {message}"))
                        }
                        other => classify(other),
                    })?;
            }
        }
    }
    if let (Some(s), None) = (gen.scale, &profile) {
        settings.scale = Some(s);
    }
    if gen.data_version.is_some() {
        settings.data_version = gen.data_version;
    }
    if gen.seed.is_some() {
        settings.seed = gen.seed;
    }
    if gen.as_of.is_some() {
        settings.as_of = gen.as_of.clone();
    }
    if gen.locale.is_some() {
        settings.locale = gen.locale.clone();
    }
    if gen.strict {
        settings.strict = Some(true);
    }
    if gen.triggers == Switch::Off {
        settings.triggers = Some(false);
    }
    Ok((settings, profile))
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Runtime(anyhow::Error::new(e).context("writing to standard output")))
}

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
use seedgen_core::schema::{Dialect, Schema, SchemaReader};
use seedgen_core::{Plan, Settings};

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
        gen: GenArgs,
        /// The output folder, or `-` for standard output (sql, copy and jsonl).
        #[arg(long, value_name = "DIR|-")]
        out: PathBuf,
        /// The output format.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
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
    /// `sqlite://seedgen.db`), PostgreSQL (COPY) or MySQL/MariaDB.
    Load {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        gen: GenArgs,
        /// The database: `sqlite://PATH`, `postgres://USER[:PASSWORD]@HOST[:PORT]/DB` or
        /// `mysql://USER[:PASSWORD]@HOST[:PORT]/DB`.
        #[arg(long, default_value = "sqlite://seedgen.db")]
        url: String,
        /// Run the schema's SQL inputs (its CREATE statements) first, in the same database.
        #[arg(long)]
        create: bool,
        /// Worker threads for generating (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// No progress bars or summary.
        #[arg(long)]
        quiet: bool,
    },
    /// Print the JSON Schema of seedgen's JSON format.
    JsonSchema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One CSV file per table, with a header row.
    Csv,
    /// One SQL script of multi-row INSERTs in one transaction (`seedgen.sql`).
    Sql,
    /// One psql script of PostgreSQL COPY blocks (`seedgen.copy.sql`).
    Copy,
    /// One Parquet file per table.
    Parquet,
    /// One JSON Lines file per table.
    Jsonl,
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
    /// (whose "generate" section holds settings).
    #[arg(required = true, value_name = "SCHEMA")]
    schema: Vec<PathBuf>,
    /// SQL dialect of the inputs (detected from the text when not given).
    #[arg(long, value_parser = parse_dialect)]
    dialect: Option<Dialect>,
}

#[derive(Debug, Args)]
struct GenArgs {
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
    /// The time anchor for generated dates (default 2025-01-01T00:00:00Z).
    #[arg(long = "as-of", value_name = "TIMESTAMP")]
    as_of: Option<String>,
    /// Locale of names, addresses and phone numbers (en, fr_fr, de_de, …).
    #[arg(long)]
    locale: Option<String>,
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
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(e)) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// A failure and whose it is: the input's (exit 2) or the environment's (exit 1).
pub(crate) enum Failure {
    Usage(anyhow::Error),
    Runtime(anyhow::Error),
}

pub(crate) fn usage(e: impl Into<anyhow::Error>) -> Failure {
    Failure::Usage(e.into())
}

/// Library errors: bad input is the user's to fix (2), the rest is a runtime failure (1).
pub(crate) fn classify(e: seedgen_core::Error) -> Failure {
    use seedgen_core::Error as E;
    match e {
        E::Write { .. } | E::Generate { .. } | E::Load { .. } => Failure::Runtime(e.into()),
        other => Failure::Usage(other.into()),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn execute(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Plan { input, gen, json } => {
            let (schema, settings) = read_input(&input)?;
            if json {
                return write_stdout(&(schema.to_json() + "\n"));
            }
            let settings = settings_with_flags(settings, &gen, &schema)?;
            match Plan::new(schema.clone(), &settings) {
                Ok(plan) => write_stdout(&crate::plan::render(&schema, Some(&plan))),
                Err(e) => {
                    write_stdout(&crate::plan::render(&schema, None))?;
                    Err(classify(e))
                }
            }
        }
        Command::Generate {
            input,
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
            let (schema, settings) = read_input(&input)?;
            let settings = settings_with_flags(settings, &gen, &schema)?;
            let plan = Plan::new(schema, &settings).map_err(classify)?;
            for w in plan.warnings() {
                eprintln!("warning: {w}");
            }
            let generation = Generation::new(&plan, threads, batch_size).map_err(classify)?;
            crate::generate::write(
                &generation,
                &input.schema,
                &out,
                format_name(format),
                &crate::generate::OutputSettings {
                    force,
                    null,
                    shard,
                    quiet,
                    ..output.into()
                },
            )
        }
        Command::Load {
            input,
            gen,
            url,
            create,
            threads,
            quiet,
        } => {
            let (schema, settings) = read_input(&input)?;
            let settings = settings_with_flags(settings, &gen, &schema)?;
            let plan = Plan::new(schema, &settings).map_err(classify)?;
            if !quiet {
                for w in plan.warnings() {
                    eprintln!("warning: {w}");
                }
            }
            let generation =
                Generation::new(&plan, threads, DEFAULT_BATCH_SIZE).map_err(classify)?;
            crate::load::run(&generation, &input.schema, &url, create, quiet)
        }
        Command::JsonSchema => write_stdout(&Schema::json_schema()),
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Sql => "sql",
        Format::Copy => "copy",
        Format::Parquet => "parquet",
        Format::Jsonl => "jsonl",
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

fn read_input(input: &Input) -> Result<(Schema, Settings), Failure> {
    let mut reader = SchemaReader::new().dialect(input.dialect);
    for p in &input.schema {
        reader.add_path(p).map_err(classify)?;
    }
    let settings = reader.settings().clone();
    let schema = reader.finish().map_err(classify)?;
    Ok((schema, settings))
}

/// Lays the flags over the settings read from JSON inputs.
fn settings_with_flags(
    mut settings: Settings,
    gen: &GenArgs,
    schema: &Schema,
) -> Result<Settings, Failure> {
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
                let n = count(n)?;
                let Some(t) = schema.find_table(table) else {
                    return Err(usage(anyhow::anyhow!(
                        "--rows {r}: the schema has no table `{table}`"
                    )));
                };
                // Reuse the JSON's spelling of the table, so the flag overrides it.
                let key = settings
                    .tables
                    .keys()
                    .find(|k| schema.find_table(k).is_some_and(|x| x.name == t.name))
                    .cloned()
                    .unwrap_or_else(|| t.name.to_string());
                let entry = settings.tables.entry(key).or_default();
                entry.rows = Some(n);
            }
        }
    }
    if let Some(s) = gen.scale {
        settings.scale = Some(s);
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
    Ok(settings)
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Runtime(anyhow::Error::new(e).context("writing to standard output")))
}

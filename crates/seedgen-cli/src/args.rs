//! Command-line arguments, parsed with clap, and the exit codes.
//!
//! Exit codes: 0 success; 1 a runtime failure (I/O while writing); 2 bad usage or a
//! schema that cannot be read (the message names the file, line and column).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use seedgen_core::schema::{Dialect, Schema, SchemaReader};

/// seedgen: realistic, referentially consistent data from a database schema.
#[derive(Debug, Parser)]
#[command(name = "seedgen", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read the schema and print what seedgen understood: tables in load order, columns,
    /// keys, references, cycles and the statements skipped.
    Plan {
        /// Schema inputs, applied in order: SQL files, folders of migrations, seedgen JSON.
        #[arg(required = true, value_name = "SCHEMA")]
        schema: Vec<PathBuf>,
        /// SQL dialect of the inputs (detected from the text when not given).
        #[arg(long, value_parser = parse_dialect)]
        dialect: Option<Dialect>,
        /// Print the model as seedgen JSON instead of the report.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of seedgen's JSON format.
    JsonSchema,
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
enum Failure {
    Usage(anyhow::Error),
    Runtime(anyhow::Error),
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn execute(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Plan {
            schema,
            dialect,
            json,
        } => {
            let schema = read_schema(&schema, dialect)?;
            let text = if json {
                schema.to_json() + "\n"
            } else {
                crate::plan::render(&schema)
            };
            write_stdout(&text)
        }
        Command::JsonSchema => write_stdout(&Schema::json_schema()),
    }
}

fn read_schema(inputs: &[PathBuf], dialect: Option<Dialect>) -> Result<Schema, Failure> {
    let mut reader = SchemaReader::new().dialect(dialect);
    for p in inputs {
        reader
            .add_path(p)
            .map_err(|e| Failure::Usage(anyhow::Error::new(e)))?;
    }
    reader
        .finish()
        .map_err(|e| Failure::Usage(anyhow::Error::new(e)))
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Runtime(anyhow::Error::new(e).context("writing to standard output")))
}

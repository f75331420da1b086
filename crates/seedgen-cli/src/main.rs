//! The `seedgen` command line: a thin layer over `seedgen-core`.

mod args;
mod generate;
mod load;
mod plan;
mod profile;

use std::process::ExitCode;

fn main() -> ExitCode {
    args::run()
}

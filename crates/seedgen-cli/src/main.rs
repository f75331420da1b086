//! The `seedgen` command line: a thin layer over `seedgen-core`.

mod args;
mod failure;
mod generate;
mod human;
mod load;
mod plan;
mod profile;
mod source;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Ctrl-C or SIGTERM while files are written: remove the unfinished ones, then exit
    // as the shell expects of an interrupted command (a load's transaction is rolled
    // back by the server when the connection closes).
    let _ = ctrlc::set_handler(|| {
        let n = seedgen_core::output::remove_unfinished_files();
        if n > 0 {
            eprintln!("\ninterrupted: removed {n} unfinished files");
        }
        std::process::exit(130);
    });
    args::run()
}

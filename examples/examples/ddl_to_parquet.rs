//! DDL → Parquet: one file per table, foreign keys intact, read back with the `parquet`
//! crate.
//!
//! ```sh
//! cargo run -p seedgen-examples --example ddl_to_parquet -- schemas/shop.sql out/
//! ```

use std::fs::File;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use seedgen_core::engine::Generation;
use seedgen_core::output::parquet::{ParquetOptions, ParquetWriter};
use seedgen_core::output::{write_table_files, FileOptions, OutputDir};
use seedgen_core::{Schema, Seeder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (ddl, out) = match &args[..] {
        [ddl, out] => (ddl.as_str(), out.as_str()),
        _ => return Err("usage: ddl_to_parquet SCHEMA.sql OUT_DIR".into()),
    };
    let schema = Schema::from_path(ddl, None)?;
    let plan = Seeder::new(&schema).seed(7).default_rows(5_000).plan()?;
    let generation = Generation::new(&plan, 0, 8192)?;
    let opts = ParquetOptions::default();
    let files = write_table_files(
        &generation,
        OutputDir::new(out, true)?,
        "parquet",
        FileOptions::default(),
        &mut |t, file, path, arrow| {
            let opts = opts.for_table(&plan, t);
            Ok(Box::new(ParquetWriter::new(file, path, arrow, &opts)?))
        },
    )?;
    for path in files {
        let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path)?)?;
        let rows = reader.metadata().file_metadata().num_rows();
        println!("{}: {rows} rows", path.display());
        assert!(rows > 0, "{} is empty", path.display());
    }
    Ok(())
}

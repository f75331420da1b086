//! Every output spells the same values: a sink never decides one. Parquet and Arrow IPC
//! are read back with the `parquet` and `arrow-ipc` readers and compared with the batches; JSON Lines and COPY text are
//! parsed back and compared with the CSV of the same seed; SQL scripts re-parse with
//! sqlparser in their dialect.

use std::path::Path;

use arrow_array::RecordBatch;
use seedgen_core::engine::Generation;
use seedgen_core::output::arrow::ArrowWriter;
use seedgen_core::output::copy::write_copy_script;
use seedgen_core::output::csv::{CsvOptions, CsvWriter};
use seedgen_core::output::jsonl::JsonlWriter;
use seedgen_core::output::parquet::{Codec, ParquetOptions, ParquetWriter};
use seedgen_core::output::sql::{write_sql_script, SqlOptions};
use seedgen_core::output::BatchWriter;
use seedgen_core::schema::{Dialect, Schema};
use seedgen_core::{Plan, Settings};

fn plan(file: &str, rows: u64) -> Plan {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas")
        .join(file);
    let settings = Settings {
        seed: Some(5),
        rows: Some(rows),
        ..Settings::default()
    };
    Plan::new(Schema::from_path(p, None).unwrap(), &settings).unwrap()
}

fn csv_cells(b: &RecordBatch) -> Vec<Vec<Option<String>>> {
    let mut w = CsvWriter::new(
        Vec::new(),
        "mem",
        CsvOptions {
            null: "\\N".into(),
            header: false,
            ..CsvOptions::default()
        },
    );
    w.write(b).unwrap();
    let text = w.into_inner();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_slice())
        .records()
        .map(|r| {
            r.unwrap()
                .iter()
                .map(|v| (v != "\\N").then(|| v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn parquet_reads_back_equal_to_the_batches() {
    for codec in [Codec::Zstd, Codec::Snappy] {
        let p = plan("shop.sql", 700);
        for t in 0..p.tables().len() {
            let tp = &p.tables()[t];
            let batch = p.batch(t, 0..tp.rows()).unwrap();
            let mut buf = Vec::new();
            // Half the tables with the plan's dictionary choices, half with dictionaries
            // everywhere: both read back the same.
            let base = ParquetOptions {
                codec,
                row_group_rows: 256,
                plain_columns: Vec::new(),
            };
            let opts = if t % 2 == 0 {
                base.for_table(&p, t)
            } else {
                base
            };
            let mut w = ParquetWriter::new(&mut buf, "mem", tp.arrow_schema(), &opts).unwrap();
            w.write(&batch).unwrap();
            w.finish().unwrap();
            drop(w);
            let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
                bytes::Bytes::from(buf),
            )
            .unwrap()
            .build()
            .unwrap();
            let back: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
            let rows: usize = back.iter().map(RecordBatch::num_rows).sum();
            assert_eq!(rows, batch.num_rows());
            let mut offset = 0;
            for b in back {
                for (k, col) in b.columns().iter().enumerate() {
                    let want = batch.column(k).slice(offset, b.num_rows());
                    assert_eq!(
                        col.to_data(),
                        want.to_data(),
                        "{}.{}",
                        tp.name(),
                        b.schema().field(k).name()
                    );
                }
                offset += b.num_rows();
            }
        }
    }
}

#[test]
fn arrow_ipc_reads_back_equal_to_the_batches() {
    let p = plan("saas.sql", 900);
    for t in 0..p.tables().len() {
        let tp = &p.tables()[t];
        let mut buf = Vec::new();
        let mut w = ArrowWriter::new(&mut buf, "mem", &tp.arrow_schema()).unwrap();
        // Several batches, as the CLI writes them.
        let parts = [0..300, 300..301, 301..tp.rows()];
        for r in parts.clone() {
            w.write(&p.batch(t, r).unwrap()).unwrap();
        }
        w.finish().unwrap();
        drop(w);
        let reader =
            arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(buf), None).unwrap();
        assert_eq!(reader.schema(), tp.arrow_schema(), "{}", tp.name());
        let back: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
        assert_eq!(back.len(), parts.len(), "{}", tp.name());
        for (b, r) in back.iter().zip(parts) {
            let want = p.batch(t, r).unwrap();
            assert_eq!(b, &want, "{}", tp.name());
        }
    }
}

#[test]
fn json_lines_hold_the_csv_values_with_json_types() {
    let p = plan("saas.sql", 300);
    for t in 0..p.tables().len() {
        let batch = p.batch(t, 0..p.tables()[t].rows()).unwrap();
        let mut w = JsonlWriter::new(Vec::new(), "mem");
        w.write(&batch).unwrap();
        let text = String::from_utf8(w.into_inner()).unwrap();
        let cells = csv_cells(&batch);
        for (line, row) in text.lines().zip(&cells) {
            let obj: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(line).unwrap();
            for (k, f) in batch.schema().fields().iter().enumerate() {
                let v = &obj[f.name()];
                match (&row[k], v) {
                    (None, serde_json::Value::Null) => {}
                    (Some(s), serde_json::Value::String(j)) => assert_eq!(s, j),
                    (Some(s), serde_json::Value::Number(n)) => {
                        assert_eq!(
                            s.parse::<f64>().unwrap(),
                            n.as_f64().unwrap(),
                            "{}",
                            f.name()
                        )
                    }
                    (Some(s), serde_json::Value::Bool(b)) => assert_eq!(s, &b.to_string()),
                    (a, b) => panic!("{}: csv {a:?} vs json {b}", f.name()),
                }
            }
        }
    }
}

#[test]
fn copy_text_round_trips_to_the_csv_values() {
    let p = plan("shop.sql", 400);
    let g = Generation::new(&p, 2, 128).unwrap();
    let mut out = Vec::new();
    write_copy_script(&g, &mut out, Path::new("mem")).unwrap();
    let text = String::from_utf8(out).unwrap();
    for &t in p.load_order() {
        let tp = &p.tables()[t];
        let quoted = tp
            .name()
            .to_string()
            .split('.')
            .map(|x| format!("\"{x}\""))
            .collect::<Vec<_>>()
            .join(".");
        let start = text.find(&format!("COPY {quoted} (")).unwrap();
        let body = &text[start..];
        let body = &body[body.find('\n').unwrap() + 1..];
        let body = &body[..body.find("\n\\.\n").unwrap()];
        let batch = p.batch(t, 0..tp.rows()).unwrap();
        let cells = csv_cells(&batch);
        for (line, row) in body.lines().zip(&cells) {
            let got: Vec<Option<String>> = line
                .split('\t')
                .map(|f| (f != "\\N").then(|| unescape(f)))
                .collect();
            assert_eq!(&got, row, "{}", tp.name());
        }
        assert_eq!(body.lines().count(), cells.len());
    }
}

fn unescape(f: &str) -> String {
    let mut out = String::new();
    let mut it = f.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn sql_scripts_re_parse_in_their_dialect() {
    for (file, dialect) in [
        ("shop.sql", Dialect::Postgres),
        ("saas.sql", Dialect::MySql),
        ("blog.sql", Dialect::Sqlite),
    ] {
        let p = plan(file, 120);
        let g = Generation::new(&p, 1, 50).unwrap();
        let mut out = Vec::new();
        let opts = SqlOptions {
            dialect,
            batch_rows: 40,
            create: None,
        };
        write_sql_script(&g, &mut out, Path::new("mem"), &opts).unwrap();
        let text = String::from_utf8(out).unwrap();
        let parsed: Box<dyn sqlparser::dialect::Dialect> = match dialect {
            Dialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
            Dialect::MySql => Box::new(sqlparser::dialect::MySqlDialect {}),
            Dialect::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
            other => panic!("no parser for {other}"),
        };
        let stmts = sqlparser::parser::Parser::parse_sql(parsed.as_ref(), &text)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let inserts = stmts
            .iter()
            .filter(|s| matches!(s, sqlparser::ast::Statement::Insert(_)))
            .count();
        assert!(inserts >= p.tables().len(), "{file}: {inserts} INSERTs");
    }
}

#[test]
fn size_estimates_are_close_to_what_is_written() {
    use seedgen_core::output::estimate::estimate;
    let p = plan("shop.sql", 20_000);
    let g = Generation::new(&p, 2, 4096).unwrap();
    for t in 0..p.tables().len() {
        let tp = &p.tables()[t];
        let est = estimate(&p, t).unwrap();
        let opts = CsvOptions {
            numeric_booleans: p.dialect() != Dialect::Postgres,
            ..CsvOptions::default()
        };
        let mut csv = CsvWriter::new(Vec::new(), "mem", opts);
        let mut jsonl = JsonlWriter::new(Vec::new(), "mem");
        g.for_each_batch(t, 0..tp.rows(), |b| {
            csv.write(&b)?;
            jsonl.write(&b)
        })
        .unwrap();
        let names: Vec<String> = tp
            .arrow_schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let csv = csv.into_inner();
        // An empty table writes no rows and, through this writer, no header either.
        let csv_len = if tp.rows() == 0 {
            names.iter().map(|n| n.len() + 1).sum::<usize>()
        } else {
            csv.len()
        } as f64;
        let jsonl_len = jsonl.into_inner().len() as f64;
        let near = |est: u64, actual: f64| (est as f64 - actual).abs() <= actual * 0.05 + 64.0;
        assert!(
            near(est.csv, csv_len),
            "{}: csv estimate {} for {csv_len} bytes",
            tp.name(),
            est.csv
        );
        assert!(
            near(est.jsonl, jsonl_len),
            "{}: jsonl estimate {} for {jsonl_len} bytes",
            tp.name(),
            est.jsonl
        );
        assert_eq!(est.exact, tp.rows() <= 2048);
    }
}

//! The command line as a user meets it: exit codes, messages, output.

use std::process::Command;

fn seedgen(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_seedgen"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run seedgen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn plan_prints_tables_in_load_order_cycles_and_skips() {
    let (code, out, err) = seedgen(&["plan", "schemas/shop.sql"]);
    assert_eq!(code, 0, "{err}");
    let pos = |s: &str| {
        out.find(s)
            .unwrap_or_else(|| panic!("`{s}` missing from:\n{out}"))
    };
    assert!(pos(". customers") < pos(". orders"));
    assert!(pos(". orders") < pos(". order_lines"));
    assert!(out.contains("(parent_id) -> categories(id)"));
    assert!(out.contains("order_status = pending | paid | shipped | delivered | cancelled"));
    assert!(out.contains("cycles:\n  none"));
}

#[test]
fn plan_json_has_the_documented_shape() {
    let (code, out, _) = seedgen(&["plan", "--json", "schemas/saas.sql"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let users = &v["tables"][1];
    assert_eq!(users["name"], "users");
    assert_eq!(users["columns"][0]["name"], "tenant_id");
    assert_eq!(users["columns"][0]["type"], "integer unsigned");
    assert_eq!(users["columns"][0]["nullable"], false);
    assert_eq!(users["primary_key"], serde_json::json!(["tenant_id", "id"]));
    assert_eq!(users["foreign_keys"][1]["references"]["table"], "users");
    assert_eq!(
        users["foreign_keys"][1]["columns"],
        serde_json::json!(["tenant_id", "manager_id"])
    );
    assert!(users["unique"].is_array() && users["checks"].is_array());
}

#[test]
fn schema_errors_exit_2_with_file_line_column() {
    let dir = std::env::temp_dir().join(format!("seedgen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.sql");
    std::fs::write(
        &bad,
        "CREATE TABLE a (id int);\nCREATE TABLE b (x int REFERENCES nowhere(id));\n",
    )
    .unwrap();
    let (code, _, err) = seedgen(&["plan", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.sql:2:"), "{err}");
    assert!(err.contains("nowhere"), "{err}");
    let (code, _, err) = seedgen(&["plan", dir.join("missing.sql").to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing.sql"), "{err}");
    let (code, _, err) = seedgen(&["plan", "--dialect", "oracle", "schemas/shop.sql"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown dialect `oracle`"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_seedgen"))
        .args([
            "plan",
            "../shared/schemas/real/pgdump/adventureworks.sql",
            "schemas/shop.sql",
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    // Exit 0 (broken pipe), or 2 when the corpus is not beside the repository.
    assert!(
        matches!(status.code(), Some(0) | Some(2)),
        "{status:?} {err}"
    );
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("seedgen-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn plan_shows_every_columns_generator_and_why() {
    let (code, out, err) = seedgen(&["plan", "--rows", "50", "schemas/shop.sql"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("customers  (50 rows)"), "{out}");
    assert!(
        out.contains("← email (unique)  (column name: name mentions email, UNIQUE"),
        "{out}"
    );
    assert!(out.contains("← reference to customers.id"), "{out}");
    // 50 rows are measured whole; the total sums the tables.
    assert!(out.contains("estimated size: csv "), "{out}");
    assert!(
        out.contains("estimated output size, all tables: csv "),
        "{out}"
    );
}

#[test]
fn generate_writes_one_csv_per_table_and_refuses_to_overwrite() {
    let dir = temp_dir("gen");
    let d = dir.to_str().unwrap();
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/saas.sql",
        "--rows",
        "40",
        "--rows",
        "tenants=7",
        "--out",
        d,
    ]);
    assert_eq!(code, 0, "{err}");
    let tenants = std::fs::read_to_string(dir.join("tenants.csv")).unwrap();
    assert_eq!(tenants.lines().count(), 8, "header and 7 rows");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        files.iter().all(|f| f.to_string_lossy().ends_with(".csv")),
        "{files:?}"
    );
    let (code, _, err) = seedgen(&["generate", "schemas/saas.sql", "--out", d]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--force"), "{err}");
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/saas.sql",
        "--rows",
        "5",
        "--force",
        "--out",
        d,
    ]);
    assert_eq!(code, 0, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_generate_input_exits_2_and_leaves_no_file() {
    let dir = temp_dir("bad");
    let d = dir.to_str().unwrap();
    for (args, needle) in [
        (vec!["--rows", "-5"], "--rows: `-5` is not a row count"),
        (vec!["--rows", "nosuch=3"], "no table `nosuch`"),
        (vec!["--scale=-1"], "scale"),
        (vec!["--as-of", "yesterday"], "as_of"),
        (vec!["--locale", "klingon"], "unknown locale"),
    ] {
        let mut all = vec!["generate", "schemas/shop.sql", "--out", d];
        all.extend(args);
        let (code, _, err) = seedgen(&all);
        assert_eq!(code, 2, "{all:?}: {err}");
        assert!(err.contains(needle), "{all:?}: {err}");
    }
    let overlay = dir.with_extension("json");
    std::fs::write(
        &overlay,
        r#"{"generate": {"tables": {"customers": {"columns": {"email": {"generator": "emale"}}}}}}"#,
    )
    .unwrap();
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/shop.sql",
        overlay.to_str().unwrap(),
        "--out",
        d,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("generate: tables.customers.columns.email")
            || err.contains("tables.customers.columns.email"),
        "{err}"
    );
    assert!(err.contains("unknown generator `emale`"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        left.iter()
            .all(|f| !f.to_string_lossy().contains("seedgen-tmp")),
        "{left:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&overlay);
}

#[test]
fn an_infeasible_plan_names_the_column_and_the_fix() {
    let dir = temp_dir("inf");
    let sql = dir.with_extension("sql");
    std::fs::write(&sql, "CREATE TABLE t (code char(1) PRIMARY KEY);").unwrap();
    // An explicit count for the table is refused, with the most that fits.
    let (code, _, err) = seedgen(&[
        "generate",
        sql.to_str().unwrap(),
        "--rows",
        "t=100",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("t.code") && err.contains("--rows t=34"),
        "{err}"
    );
    assert!(!dir.join("t.csv").exists());
    // A default count is capped, with a one-line warning, and --strict refuses that.
    let (code, _, err) = seedgen(&[
        "generate",
        sql.to_str().unwrap(),
        "--rows",
        "100",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: t: capped at 34 rows (default 100)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("t.csv"))
            .unwrap()
            .lines()
            .count(),
        35
    );
    let (code, out, _) = seedgen(&["plan", sql.to_str().unwrap(), "--rows", "100"]);
    assert_eq!(code, 0);
    assert!(out.contains("t  (34 rows, capped from 100: "), "{out}");
    let (code, _, err) = seedgen(&["plan", sql.to_str().unwrap(), "--rows", "100", "--strict"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("strict") && err.contains("t: capped at 34 rows"),
        "{err}"
    );
    let _ = std::fs::remove_file(&sql);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_format_writes_and_stdout_takes_the_streaming_ones() {
    let dir = temp_dir("formats");
    let d = dir.to_str().unwrap();
    for format in ["parquet", "jsonl", "sql", "copy"] {
        let (code, _, err) = seedgen(&[
            "generate",
            "schemas/blog.sql",
            "--rows",
            "20",
            "--format",
            format,
            "--out",
            d,
            "--force",
        ]);
        assert_eq!(code, 0, "{format}: {err}");
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for want in [
        "posts.parquet",
        "posts.jsonl",
        "seedgen.sql",
        "seedgen.copy.sql",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }
    let (code, out, err) = seedgen(&[
        "generate",
        "schemas/blog.sql",
        "--rows",
        "3",
        "--format",
        "jsonl",
        "--out",
        "-",
    ]);
    assert_eq!(code, 0, "{err}");
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert!(first["_table"].is_string(), "{first}");
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/blog.sql",
        "--format",
        "parquet",
        "--out",
        "-",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("give a folder"), "{err}");
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/blog.sql",
        "--format",
        "csv",
        "--create",
        "--out",
        d,
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, out, err) = seedgen(&[
        "generate",
        "schemas/shop.sql",
        "--rows",
        "5",
        "--format",
        "sql",
        "--create",
        "--out",
        "-",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("CREATE TABLE customers") && out.contains("setval("),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn split_sql_writes_one_file_per_table_in_load_order() {
    let dir = temp_dir("split");
    let d = dir.to_str().unwrap();
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/shop.sql",
        "--rows",
        "10",
        "--format",
        "sql",
        "--split",
        "--out",
        d,
    ]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names.first().map(String::as_str),
        Some("001-customers.sql"),
        "{names:?}"
    );
    assert_eq!(names.last().map(String::as_str), Some("999-finish.sql"));
    let finish = std::fs::read_to_string(dir.join("999-finish.sql")).unwrap();
    assert!(finish.contains("setval("), "{finish}");
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/shop.sql",
        "--format",
        "sql",
        "--split",
        "--out",
        "-",
    ]);
    assert_eq!(code, 2, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The files of a folder, by path relative to it, with their bytes.
fn files_under(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn shard_parts_concatenated_are_the_whole_run() {
    let dir = temp_dir("shards");
    let whole = dir.join("whole");
    let args = [
        "schemas/shop.sql",
        "--rows",
        "1000",
        "--seed",
        "9",
        "--quiet",
    ];
    let run = |out: &std::path::Path, format: &str, extra: &[&str]| {
        let mut a = vec![
            "generate",
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
        ];
        a.extend_from_slice(&args);
        a.extend_from_slice(extra);
        let (code, _, err) = seedgen(&a);
        assert_eq!(code, 0, "{err}");
    };
    for format in ["csv", "jsonl"] {
        let whole = whole.join(format);
        run(&whole, format, &[]);
        let whole_files = files_under(&whole);
        let mut parts: Vec<std::collections::BTreeMap<String, Vec<u8>>> = Vec::new();
        for k in 1..=3 {
            let out = dir.join(format!("{format}-{k}"));
            run(&out, format, &["--shard", &format!("{k}/3")]);
            parts.push(files_under(&out));
        }
        for (name, bytes) in &whole_files {
            let stem = name.rsplit_once('.').unwrap().0;
            let mut joined = Vec::new();
            for (k, part) in parts.iter().enumerate() {
                let part_name = format!("{stem}/part-{}-of-3.{format}", k + 1);
                let text = part
                    .get(&part_name)
                    .unwrap_or_else(|| panic!("{part_name} missing: {:?}", part.keys()));
                let mut text = &text[..];
                // Every CSV part has its own header; keep the first one only.
                if format == "csv" {
                    let header_end = text.iter().position(|&b| b == b'\n').unwrap() + 1;
                    assert_eq!(
                        &text[..header_end],
                        &bytes[..header_end],
                        "{part_name} header"
                    );
                    if k > 0 {
                        text = &text[header_end..];
                    }
                }
                joined.extend_from_slice(text);
            }
            assert_eq!(
                &joined, bytes,
                "{format} {name}: parts differ from the whole"
            );
        }
    }
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/shop.sql",
        "--out",
        dir.join("bad").to_str().unwrap(),
        "--shard",
        "4/3",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--shard") && err.contains("1 <= K <= N"),
        "{err}"
    );
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/shop.sql",
        "--out",
        "-",
        "--format",
        "sql",
        "--shard",
        "1/2",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--shard: only with"), "{err}");
}

#[test]
fn one_and_two_threads_write_the_same_bytes_in_every_file_format() {
    let dir = temp_dir("threads");
    for format in ["csv", "jsonl", "parquet", "sql", "copy"] {
        let mut seen = Vec::new();
        for threads in ["1", "2"] {
            let out = dir.join(format!("{format}-{threads}"));
            let (code, _, err) = seedgen(&[
                "generate",
                "schemas/saas.sql",
                "--rows",
                "3000",
                "--out",
                out.to_str().unwrap(),
                "--format",
                format,
                "--threads",
                threads,
                "--batch-size",
                "700",
                "--quiet",
                "--row-group-size",
                "1000",
            ]);
            assert_eq!(code, 0, "{err}");
            seen.push(files_under(&out));
        }
        assert!(!seen[0].is_empty());
        assert_eq!(seen[0], seen[1], "{format}: 1 and 2 threads differ");
    }
}

/// A profile written by hand for a database nobody can reach: the plan shows its figures,
/// and the data has its shape (exact NULL shares, distinct counts, histogram, children
/// per parent).
#[test]
fn a_hand_written_profile_shapes_the_data() {
    let dir = temp_dir("profile");
    std::fs::create_dir_all(&dir).unwrap();
    let profile = dir.join("profile.json");
    std::fs::write(
        &profile,
        r#"{
  "version": 1,
  "tables": {
    "customers": {
      "rows": 400,
      "columns": {
        "phone": { "null_fraction": 0.75 },
        "first_name": { "distinct": 12 },
        "birth_date": {
          "null_fraction": 0.2,
          "min": "1950-01-01", "max": "1999-12-31",
          "histogram": ["1950-01-01", "1990-01-01", "1995-01-01", "1999-12-31"]
        }
      }
    },
    "orders": {
      "rows": 999,
      "foreign_keys": [
        { "columns": ["customer_id"], "parent": "customers",
          "children_per_parent": [[0, 100], [1, 200], [10, 100]] }
      ]
    },
    "products": { "rows": 50, "columns": { "stock": { "distinct": 7, "min": 0, "max": 600 } } }
  }
}"#,
    )
    .unwrap();
    let p = profile.to_str().unwrap();
    let (code, out, err) = seedgen(&["plan", "schemas/shop.sql", "--profile", p]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("public.customers  (400 rows; profile 400 rows, counted)")
            || out.contains("customers  (400 rows; profile 400 rows, counted)"),
        "{out}"
    );
    assert!(
        out.contains("(1200 rows; profile 999 rows, counted)"),
        "{out}"
    );
    let csv_dir = dir.join("out");
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/shop.sql",
        "--profile",
        p,
        "--out",
        csv_dir.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    let read = |t: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(csv_dir.join(format!("{t}.csv")))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let customers = read("customers");
    assert_eq!(customers.len(), 400);
    let empty = |col: usize| customers.iter().filter(|r| r[col].is_empty()).count();
    // A share alone is drawn row by row; with a distinct count or a histogram (as in
    // every profile taken from a database) it is exact.
    assert!((285..=315).contains(&empty(4)), "phone about 75% NULL");
    assert_eq!(
        empty(5),
        80,
        "birth_date is NULL in exactly 20% of the rows"
    );
    let names: std::collections::BTreeSet<&str> = customers.iter().map(|r| &r[1]).collect();
    assert_eq!(names.len(), 12);
    let early = customers
        .iter()
        .filter(|r| !r[5].is_empty() && &r[5] < "1990-01-01")
        .count();
    assert!((90..=125).contains(&early), "a third below 1990: {early}");
    let mut per_customer = std::collections::BTreeMap::new();
    for r in read("orders") {
        *per_customer.entry(r[1].to_string()).or_insert(0u32) += 1;
    }
    let tens = per_customer.values().filter(|n| **n == 10).count();
    let ones = per_customer.values().filter(|n| **n == 1).count();
    assert_eq!((per_customer.len(), tens, ones), (300, 100, 200));
    let stock: std::collections::BTreeSet<String> =
        read("products").iter().map(|r| r[5].to_string()).collect();
    assert_eq!(stock.len(), 7, "{stock:?}");

    std::fs::write(&profile, r#"{"version": 2, "tables": {}}"#).unwrap();
    let (code, _, err) = seedgen(&["plan", "schemas/shop.sql", "--profile", p]);
    assert_eq!(code, 2);
    assert!(
        err.contains("profile.json") && err.contains("version 2"),
        "{err}"
    );
    std::fs::write(
        &profile,
        "{\"version\": 1,\n \"tables\": {\"orders\": {\"rowz\": 1}}}",
    )
    .unwrap();
    let (code, _, err) = seedgen(&["plan", "schemas/shop.sql", "--profile", p]);
    assert_eq!(code, 2);
    assert!(
        err.contains("profile.json:2:") && err.contains("rowz"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_database_url_that_cannot_be_read_is_a_clear_error() {
    let (code, _, err) = seedgen(&["plan", "--url", "sqlite:///no/such/file.db"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("sqlite:///no/such/file.db") && err.contains("no such file"),
        "{err}"
    );
    let (code, _, err) = seedgen(&["plan"]);
    assert_eq!(code, 2);
    assert!(err.contains("--url"), "{err}");
    let (code, _, err) = seedgen(&["profile", "--url", "oracle://x/y"]);
    assert_eq!(code, 1);
    assert!(err.contains("not a database URL"), "{err}");
}

#[test]
fn tables_whose_names_meet_as_file_names_get_distinct_files() {
    let dir = temp_dir("names");
    let sql = dir.with_extension("sql");
    std::fs::write(
        &sql,
        "CREATE TABLE \"a/b\" (id int PRIMARY KEY); CREATE TABLE a_b (id int PRIMARY KEY);
         CREATE TABLE \"Users\" (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY);
         CREATE TABLE \"..\" (id int PRIMARY KEY);",
    )
    .unwrap();
    let (code, _, err) = seedgen(&[
        "generate",
        sql.to_str().unwrap(),
        "--rows",
        "3",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "%2E..csv",
            "Users.csv",
            "a%2Fb.csv",
            "a_b.csv",
            "users~2.csv"
        ],
        "a name is never a path, and names a case-insensitive file system confuses differ"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&sql);
}

#[test]
fn an_empty_schema_is_an_error_not_an_empty_folder() {
    let dir = temp_dir("empty");
    let sql = dir.with_extension("sql");
    std::fs::write(
        &sql,
        "SET client_encoding = 'UTF8';\nCREATE VIEW v AS SELECT 1;\n",
    )
    .unwrap();
    let (code, _, err) = seedgen(&[
        "generate",
        sql.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no tables"), "{err}");
    assert!(!dir.exists(), "no folder that looks like a result");
    let _ = std::fs::remove_file(&sql);
}

#[test]
fn absurd_thread_counts_are_capped_with_a_warning() {
    let dir = temp_dir("threads");
    let (code, _, err) = seedgen(&[
        "generate",
        "schemas/shop.sql",
        "--rows",
        "20",
        "--threads",
        "100000",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("--threads 100000") && err.contains("4 per core"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_on_a_terminal_ends_with_a_summary_line() {
    // `script` gives the command a terminal, as a user has.
    if Command::new("script").arg("--version").output().is_err() {
        panic!("the test needs util-linux `script` for a terminal");
    }
    let dir = temp_dir("summary");
    let cmd = format!(
        "{} generate schemas/shop.sql --rows 100 --out {}",
        env!("CARGO_BIN_EXE_seedgen"),
        dir.display()
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("wrote 6 tables, 699 rows, ")
            && text.contains(&format!("to {}", dir.display())),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn plan_names_a_folders_layout_and_lists_its_files_in_the_order_applied() {
    let dir = temp_dir("flyway");
    std::fs::create_dir_all(&dir).unwrap();
    for (f, sql) in [
        ("V1__init.sql", "CREATE TABLE t (id int PRIMARY KEY);"),
        ("V2__more.sql", "ALTER TABLE t ADD COLUMN a int;"),
        ("V10__late.sql", "ALTER TABLE t ADD COLUMN b int;"),
        ("README.md", "notes"),
    ] {
        std::fs::write(dir.join(f), sql).unwrap();
    }
    let (code, out, err) = seedgen(&["plan", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("read as flyway (detected), 3 files applied in this order"),
        "{out}"
    );
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} missing:\n{out}"));
    assert!(pos("1. V1__init.sql") < pos("2. V2__more.sql"));
    assert!(pos("2. V2__more.sql") < pos("3. V10__late.sql"));
    assert!(out.contains("README.md (not a .sql file)"), "{out}");
    // The layout named outright wins: as a plain folder, file-name order puts V10
    // before V1, and its ALTER meets no table.
    let (code, _, err) = seedgen(&["plan", dir.to_str().unwrap(), "--migrations", "plain"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("V10__late.sql:1:") && err.contains("no such table"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every ```console block of the README is a session: `$ cat FILE` followed by the
/// file's lines writes that file, `$ seedgen ARGS…` runs seedgen there (stdout and
/// stderr together), `$ head …` and `$ python3 scripts/…` run those, and what follows
/// each command must be exactly what it printed. A path of the repository
/// (`schemas/shop.sql`) is read from the repository.
#[test]
fn readme_console_samples_are_what_the_commands_print() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(l) = lines.next() {
        if l.trim_end() == "```console" {
            blocks.push(
                lines
                    .by_ref()
                    .take_while(|l| l.trim_end() != "```")
                    .collect::<Vec<_>>(),
            );
        }
    }
    assert!(blocks.len() >= 2, "the README's console samples are gone");
    let mut commands = 0;
    for (b, block) in blocks.iter().enumerate() {
        let dir = std::env::temp_dir().join(format!("seedgen-readme-{}-{b}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Each command with the lines printed after it.
        let mut steps: Vec<(&str, Vec<&str>)> = Vec::new();
        for l in block {
            match l.strip_prefix("$ ") {
                Some(cmd) => steps.push((cmd, Vec::new())),
                None => steps
                    .last_mut()
                    .unwrap_or_else(|| panic!("README console block {b} starts without a command"))
                    .1
                    .push(l),
            }
        }
        for (cmd, expected) in steps {
            let words: Vec<&str> = cmd.split_whitespace().collect();
            match words.as_slice() {
                ["cat", file] => {
                    std::fs::write(dir.join(file), expected.join("\n") + "\n").unwrap();
                }
                [program @ ("seedgen" | "head" | "python3"), args @ ..] => {
                    commands += 1;
                    let args: Vec<String> = args
                        .iter()
                        .map(|a| {
                            let in_repo = std::path::Path::new(root).join(a);
                            if !dir.join(a).exists() && a.contains('/') && in_repo.exists() {
                                in_repo.display().to_string()
                            } else {
                                a.to_string()
                            }
                        })
                        .collect();
                    let exe = match *program {
                        "seedgen" => env!("CARGO_BIN_EXE_seedgen"),
                        other => other,
                    };
                    let out = Command::new(exe)
                        .args(&args)
                        .current_dir(&dir)
                        .output()
                        .expect("run the README's command");
                    let printed = format!(
                        "{}{}",
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    );
                    assert_eq!(
                        printed.trim_end(),
                        expected.join("\n").trim_end(),
                        "README: `{cmd}` prints something else"
                    );
                }
                _ => panic!("README console block {b}: cannot run `{cmd}` (only `cat FILE`, `seedgen …`, `head …` and `python3 …`)"),
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(commands >= 5, "only {commands} README commands checked");
}

/// `--data-version 1` generates the first release's values; the default is the newest;
/// a version this release does not generate is refused naming the flag.
#[test]
fn data_version_1_stays_available_and_the_default_is_the_newest() {
    let sql = |extra: &[&str]| {
        let mut args = vec![
            "generate",
            "schemas/shop.sql",
            "--rows",
            "300",
            "--format",
            "sql",
            "--out",
            "-",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = seedgen(&args);
        assert_eq!(code, 0, "{err}");
        out
    };
    let v1 = sql(&["--data-version", "1"]);
    let v2 = sql(&["--data-version", "2"]);
    assert!(
        v1.starts_with("-- seedgen: seed 0, data version 1\n"),
        "{}",
        &v1[..60]
    );
    assert!(
        v2.starts_with("-- seedgen: seed 0, data version 2\n"),
        "{}",
        &v2[..60]
    );
    assert_ne!(v1[40..], v2[40..], "version 2 changes values");
    assert_eq!(sql(&[]), v2, "the default is the newest");
    assert_eq!(
        sql(&["--data-version", "1"]),
        v1,
        "version 1 is reproducible"
    );
    let (code, _, err) = seedgen(&["plan", "schemas/shop.sql", "--data-version", "3"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "--data-version: data version 3 is not one this release generates; give 1 to 2"
        ),
        "{err}"
    );
}

#[test]
fn defer_indexes_is_refused_outside_postgresql_before_anything_is_written() {
    let db = std::env::temp_dir().join(format!("seedgen-defer-{}.db", std::process::id()));
    let url = format!("sqlite://{}", db.display());
    let (code, _, err) = seedgen(&[
        "load",
        "schemas/blog.sql",
        "--create",
        "--defer-indexes",
        "--rows",
        "5",
        "--url",
        &url,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--defer-indexes is for PostgreSQL"), "{err}");
    assert!(!db.exists(), "a refused load created {}", db.display());
}

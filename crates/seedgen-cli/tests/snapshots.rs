//! Snapshots of what users read: `seedgen plan` for the example schemas and the main
//! error messages, so a change to either shows in review as a diff of
//! `tests/snapshots/*.snap` (update them with `INSTA_UPDATE=always cargo nextest run
//! -p seedgen-cli --test snapshots`, then read the diff).
//!
//! Output size estimates sample rows within a time budget, so their figures depend on
//! the machine: those lines are left out of the snapshots (the plan tests check them).

use std::path::Path;
use std::process::Command;

fn seedgen(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seedgen"));
    cmd.args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .env("NO_COLOR", "1");
    let out = if let Some(text) = stdin {
        use std::io::Write;
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run seedgen");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    } else {
        cmd.output().expect("run seedgen")
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn without_estimates(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("estimated size") && !l.contains("estimated output size"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn plan_of_the_example_schemas() {
    for schema in ["shop", "saas", "blog"] {
        let path = format!("schemas/{schema}.sql");
        let (code, out, err) = seedgen(&["plan", &path, "--rows", "500", "--seed", "7"], None);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("plan_{schema}"), without_estimates(&out));
    }
}

/// A schema written to a temporary file, for the error cases.
fn schema_file(name: &str, sql: &str) -> String {
    let dir = std::env::temp_dir().join(format!("seedgen-snap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, sql).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn the_main_error_messages() {
    let tiny = schema_file(
        "tiny.sql",
        "CREATE TABLE widgets (id tinyint unsigned PRIMARY KEY, name varchar(20) NOT NULL) ENGINE=InnoDB;\n",
    );
    let broken = schema_file(
        "broken.sql",
        "CREATE TABLE ok (id int PRIMARY KEY);\nCREATE TABLE bad (id int PRIMARY KEY,, name text);\n",
    );
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("syntax", vec!["plan", &broken]),
        (
            "explicit_rows_cannot_hold",
            vec!["plan", &tiny, "--rows", "widgets=300"],
        ),
        ("strict_lists_the_caps", vec!["plan", &tiny, "--strict"]),
        (
            "unknown_table_in_rows",
            vec!["plan", &tiny, "--rows", "kind=3"],
        ),
        (
            "unknown_format",
            vec!["generate", &tiny, "--format", "xml", "--out", "-"],
        ),
        ("missing_file", vec!["plan", "no/such/schema.sql"]),
        (
            "shard_with_sql",
            vec![
                "generate", &tiny, "--format", "sql", "--shard", "1/2", "--out", "x",
            ],
        ),
    ];
    let dir = Path::new(&tiny)
        .parent()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    for (name, args) in cases {
        let (code, _, err) = seedgen(&args, None);
        let err = err.replace(&dir, "<tmp>");
        insta::assert_snapshot!(format!("error_{name}"), format!("exit {code}\n{err}"));
    }
}

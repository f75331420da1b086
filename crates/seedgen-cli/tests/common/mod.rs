//! What the corpus tests share: the repository's small corpus (`schemas/corpus`) and
//! the real-schema corpus beside the repository (`../shared/schemas/real`), and one
//! visible list of known failures per test.
//!
//! The real-schema corpus is not part of the repository. When it is missing, a test
//! checks the in-repository entries, says so and passes on a developer's machine, but
//! fails on CI (`CI` set), where it is expected.
//! Every entry of `manifest.json` is run; an entry that fails must be listed in the
//! test's known failures with the reason, and a listed entry that passes fails the test
//! until it is taken off the list.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The corpus: the repository's own small one (`schemas/corpus`, entries named
/// `in-repo/…`) and the real-schema corpus beside the repository
/// (`../shared/schemas/real`), with their manifests.
pub struct Corpus {
    /// `manifest.json` of both: entry → the catalog's counts and `engine`.
    pub manifest: BTreeMap<String, Value>,
    /// Whether the shared corpus is there.
    pub shared: bool,
}

/// The prefix of the in-repository entries.
pub const IN_REPO: &str = "in-repo/";

fn in_repo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/corpus")
}

fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/real")
}

fn read_manifest(dir: &Path) -> Option<BTreeMap<String, Value>> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
    Some(serde_json::from_str(&text).expect("manifest.json is JSON"))
}

impl Corpus {
    /// Both corpora. Without the shared one, the in-repository entries alone, with a
    /// note; on CI (`CI` set) a missing shared corpus fails the test.
    pub fn open(test: &str) -> Corpus {
        let mut manifest: BTreeMap<String, Value> = read_manifest(&in_repo_dir())
            .expect("schemas/corpus/manifest.json")
            .into_iter()
            .map(|(k, v)| (format!("{IN_REPO}{k}"), v))
            .collect();
        let shared = Corpus::shared_manifest(test);
        let found = shared.is_some();
        manifest.extend(shared.unwrap_or_default());
        Corpus {
            manifest,
            shared: found,
        }
    }

    /// The shared corpus alone, for tests of one of its entries; `None` (with a note)
    /// when it is missing outside CI.
    pub fn shared(test: &str) -> Option<Corpus> {
        let manifest = Corpus::shared_manifest(test)?;
        Some(Corpus {
            manifest,
            shared: true,
        })
    }

    fn shared_manifest(test: &str) -> Option<BTreeMap<String, Value>> {
        let dir = shared_dir();
        let manifest = read_manifest(&dir);
        if manifest.is_none() {
            let on_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
            assert!(
                !on_ci,
                "{test}: the corpus {} is missing, and CI expects it beside the repository",
                dir.display()
            );
            eprintln!(
                "NOTE {test}: the corpus {} is not beside the repository; only schemas/corpus is checked (CI fails here)",
                dir.display()
            );
        }
        manifest
    }

    /// Entries (files and migration folders) whose engine is `engine` (`postgresql`,
    /// `mariadb`, `sqlite`), or all of them for `None`.
    pub fn entries(&self, engine: Option<&str>) -> Vec<String> {
        self.manifest
            .iter()
            .filter(|(_, v)| engine.is_none_or(|e| v["engine"] == e))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The number of entries of the shared corpus.
    pub fn shared_entries(&self) -> usize {
        self.manifest
            .keys()
            .filter(|k| !k.starts_with(IN_REPO))
            .count()
    }

    /// The path of an entry.
    pub fn path(&self, entry: &str) -> PathBuf {
        match entry.strip_prefix(IN_REPO) {
            Some(rest) => in_repo_dir().join(rest),
            None => shared_dir().join(entry),
        }
    }
}

/// Runs `seedgen` in the repository's root.
pub fn seedgen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_seedgen"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run seedgen")
}

/// One entry's outcome: notes to print (caps, fallbacks) or the failure.
pub type Outcome = Result<String, String>;

/// Prints a table of the outcomes and asserts them against `known` (entry, reason):
/// every failure must be known, and every known failure must still fail.
pub fn report(test: &str, outcomes: &[(String, Outcome)], known: &[(&str, &str)]) {
    eprintln!("\n{test}: {} entries", outcomes.len());
    if !known.is_empty() {
        eprintln!("known failures ({}):", known.len());
        for (e, why) in known {
            eprintln!("  {e}: {why}");
        }
    }
    let mut problems = Vec::new();
    for (entry, outcome) in outcomes {
        let listed = known.iter().find(|(e, _)| e == entry);
        match (outcome, listed) {
            (Ok(notes), None) => eprintln!("  ok    {entry:<48} {notes}"),
            (Ok(_), Some(_)) => {
                eprintln!("  PASS  {entry:<48} (listed as a known failure)");
                problems.push(format!(
                    "{entry} passes but is listed as a known failure: take it off the list"
                ));
            }
            (Err(e), Some((_, why))) => eprintln!("  known {entry:<48} {why}: {}", first_line(e)),
            (Err(e), None) => {
                eprintln!("  FAIL  {entry:<48} {}", first_line(e));
                problems.push(format!("{entry}: {e}"));
            }
        }
    }
    for (e, _) in known {
        if !outcomes.iter().any(|(x, _)| x == e) {
            problems.push(format!(
                "{e} is listed as a known failure but is not in the corpus"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{test}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    line.chars().take(200).collect()
}

/// `seedgen plan --json ENTRY ARGS…`, parsed.
pub fn plan_json(entry: &Path, args: &[&str]) -> Result<Value, String> {
    let mut cmd = vec!["plan", "--json", entry.to_str().unwrap()];
    cmd.extend(args);
    let out = seedgen(&cmd);
    if !out.status.success() {
        return Err(format!(
            "seedgen plan --json failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
}

/// Caps and fallbacks of a plan, as a short note.
pub fn choices(plan: &Value) -> String {
    let caps: Vec<String> = plan["plan"]["caps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("{}≤{}", c["table"].as_str().unwrap_or(""), c["rows"]))
        .collect();
    let fallbacks: Vec<String> = plan["plan"]["fallbacks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            format!(
                "{} ({})",
                f["target"].as_str().unwrap_or(""),
                f["kind"].as_str().unwrap_or("")
            )
        })
        .collect();
    let mut out = Vec::new();
    if !caps.is_empty() {
        out.push(format!("capped: {}", caps.join(", ")));
    }
    if !fallbacks.is_empty() {
        out.push(format!("fallbacks: {}", fallbacks.join(", ")));
    }
    out.join("; ")
}

/// The files a migration folder applies, in seedgen's order, or the file itself.
pub fn applied_files(entry: &Path, plan: &Value) -> Vec<PathBuf> {
    if !entry.is_dir() {
        return vec![entry.to_path_buf()];
    }
    plan["plan"]["migrations"][0]["applied"]
        .as_array()
        .expect("a folder's plan lists its migrations")
        .iter()
        .map(|p| PathBuf::from(p.as_str().unwrap()))
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(p)
            }
        })
        .collect()
}

/// Tables and the rows they hold after the inputs' DDL and the generated rows, in load
/// order: the planned rows plus the rows the inputs' own INSERT and COPY statements put
/// there (`plan.existing`); tables that triggers fill are left out (their rows are the
/// triggers').
pub fn planned_rows(plan: &Value) -> Vec<(String, u64)> {
    let seeded = |name: &str| -> u64 {
        plan["plan"]["existing"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["table"].as_str() == Some(name))
            .filter_map(|e| e["rows"].as_u64())
            .sum()
    };
    let filled: Vec<&str> = plan["plan"]["filled_by_triggers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["table"].as_str())
        .collect();
    plan["plan"]["load_order"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| !filled.contains(&t["name"].as_str().unwrap_or("")))
        .map(|t| {
            let name = t["name"].as_str().unwrap();
            (name.to_string(), t["rows"].as_u64().unwrap() + seeded(name))
        })
        .collect()
}

// Databases: URLs from the environment, and their own clients.

/// Runs a client with `input` on stdin; returns (success, stdout, stderr).
pub fn client(mut cmd: Command, input: &[u8]) -> (bool, String, String) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub struct Url {
    pub user: String,
    pub password: Option<String>,
    pub host: String,
    pub port: String,
    pub db: String,
}

pub fn parse_url(url: &str) -> Url {
    let rest = url.split_once("://").map_or(url, |x| x.1);
    let (auth, hostpart) = rest.rsplit_once('@').unwrap_or(("", rest));
    let (user, password) = match auth.split_once(':') {
        Some((u, p)) => (u.to_string(), Some(p.to_string())),
        None => (auth.to_string(), None),
    };
    let (hostport, db) = hostpart.split_once('/').unwrap_or((hostpart, ""));
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, ""));
    Url {
        user,
        password,
        host: host.to_string(),
        port: port.to_string(),
        db: db.split('?').next().unwrap_or("").to_string(),
    }
}

pub fn url_for(scheme: &str, default_port: &str, u: &Url, db: &str) -> String {
    format!(
        "{scheme}://{}{}@{}:{}/{db}",
        u.user,
        u.password
            .as_ref()
            .map(|p| format!(":{p}"))
            .unwrap_or_default(),
        u.host,
        if u.port.is_empty() {
            default_port
        } else {
            &u.port
        }
    )
}

pub fn pg_url(u: &Url, db: &str) -> String {
    url_for("postgres", "5432", u, db)
}

pub fn my_url(u: &Url, db: &str) -> String {
    url_for("mysql", "3306", u, db)
}

pub fn psql(u: &Url, db: &str) -> Command {
    let mut c = Command::new("psql");
    c.arg(pg_url(u, db)).args(["-X", "-q", "-t", "-A"]);
    c
}

pub fn mariadb(u: &Url, db: &str) -> Command {
    let mut c = Command::new("mariadb");
    c.args(["-h", &u.host, "-u", &u.user, "-N", "-B"]);
    if !u.port.is_empty() {
        c.args(["-P", &u.port]);
    }
    if let Some(p) = &u.password {
        c.arg(format!("-p{p}"));
    }
    if !db.is_empty() {
        c.arg(db);
    }
    c
}

/// A database URL from the environment: unset fails on CI and is a note elsewhere.
pub fn url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            let on_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
            assert!(
                !on_ci,
                "{var} is not set; CI runs these tests against a real server"
            );
            eprintln!("NOTE: {var} is not set: this database's tests did not run");
            None
        }
    }
}

/// A fresh, empty PostgreSQL database.
pub fn fresh_pg(u: &Url, db: &str) -> Result<(), String> {
    let admin = |sql: &str| client(psql(u, &u.db), sql.as_bytes());
    admin(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE);"));
    let (ok, _, err) = admin(&format!("CREATE DATABASE \"{db}\";"));
    if ok {
        Ok(())
    } else {
        Err(format!("cannot create database {db}: {err}"))
    }
}

/// A fresh, empty MariaDB database.
pub fn fresh_my(u: &Url, db: &str) -> Result<(), String> {
    let (ok, _, err) = client(
        mariadb(u, ""),
        format!("DROP DATABASE IF EXISTS `{db}`; CREATE DATABASE `{db}`;").as_bytes(),
    );
    if ok {
        Ok(())
    } else {
        Err(format!("cannot create database {db}: {err}"))
    }
}

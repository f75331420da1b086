//! Folders of migrations: which framework laid the folder out, and the order in which
//! that framework applies its files.
//!
//! The layouts are data ([`LAYOUTS`]): each says how to recognise one of its migrations
//! and how to order them. A folder is read as the layout that recognises most of its
//! entries (or as the one the user names); entries that are not migrations of that
//! layout (down migrations, READMEs, lock files) are listed as ignored, never applied.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A framework's layout of a migrations folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MigrationLayout {
    /// diesel: `YYYY-MM-DD-HHMMSS_name/up.sql` (and `down.sql`), ordered by the name up
    /// to the first `_` with `-` removed, compared as text.
    Diesel,
    /// Prisma Migrate: `<timestamp>_<name>/migration.sql`, in folder-name order.
    Prisma,
    /// Flyway: `V<version>__<description>.sql` by version compared part by part as
    /// numbers (`V1_1` and `V1.1` alike), then `R__<description>.sql` repeatables by
    /// description; `U…` undo files are never applied.
    Flyway,
    /// golang-migrate: `<version>_<name>.up.sql` (and `.down.sql`) by numeric version.
    GolangMigrate,
    /// sqlx: `<version>_<name>.sql`, or `.up.sql`/`.down.sql` pairs, by numeric version.
    Sqlx,
    /// A plain folder: its `.sql` and `.json` files in file-name order.
    Plain,
}

/// Every layout, in the order ties are broken.
pub const LAYOUTS: &[MigrationLayout] = &[
    MigrationLayout::Diesel,
    MigrationLayout::Prisma,
    MigrationLayout::Flyway,
    MigrationLayout::GolangMigrate,
    MigrationLayout::Sqlx,
    MigrationLayout::Plain,
];

impl MigrationLayout {
    /// The name used by `--migrations` and shown by `seedgen plan`.
    pub fn name(self) -> &'static str {
        match self {
            MigrationLayout::Diesel => "diesel",
            MigrationLayout::Prisma => "prisma",
            MigrationLayout::Flyway => "flyway",
            MigrationLayout::GolangMigrate => "golang-migrate",
            MigrationLayout::Sqlx => "sqlx",
            MigrationLayout::Plain => "plain",
        }
    }

    /// Parses a layout name (`diesel`, `prisma`, `flyway`, `golang-migrate`, `sqlx`,
    /// `plain`).
    pub fn from_name(name: &str) -> Option<MigrationLayout> {
        let n = name.to_ascii_lowercase().replace('_', "-");
        LAYOUTS
            .iter()
            .copied()
            .find(|l| l.name() == n || (n == "migrate" && *l == MigrationLayout::GolangMigrate))
    }

    /// What this layout makes of one entry of the folder.
    fn classify(self, entry: &Entry) -> Role {
        let name = entry.name.as_str();
        match self {
            MigrationLayout::Diesel => {
                if !entry.dir {
                    return Role::Ignored("not a diesel migration folder");
                }
                let version = name.split('_').next().unwrap_or("");
                if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '-') {
                    return Role::Ignored("not a diesel migration folder");
                }
                if !entry.has("up.sql") {
                    return Role::Ignored("a folder without up.sql");
                }
                Role::Apply(Key::Text(version.replace('-', "")), "up.sql")
            }
            MigrationLayout::Prisma => {
                if entry.dir && entry.has("migration.sql") {
                    Role::Apply(Key::Text(name.to_string()), "migration.sql")
                } else {
                    Role::Ignored("not a Prisma migration folder")
                }
            }
            MigrationLayout::Flyway => flyway(entry),
            MigrationLayout::GolangMigrate | MigrationLayout::Sqlx => {
                if entry.dir || !ends_with_ci(name, ".sql") {
                    return Role::Ignored("not a .sql file");
                }
                let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
                if digits.is_empty() || !name[digits.len()..].starts_with('_') {
                    return Role::Ignored("no <version>_ prefix");
                }
                let lower = name.to_ascii_lowercase();
                if lower.ends_with(".down.sql") {
                    return Role::Ignored("a down migration");
                }
                let up = lower.ends_with(".up.sql");
                if self == MigrationLayout::GolangMigrate && !up {
                    return Role::Ignored("not an .up.sql file");
                }
                Role::Apply(Key::Number(digits), "")
            }
            MigrationLayout::Plain => {
                if !entry.dir && (ends_with_ci(name, ".sql") || ends_with_ci(name, ".json")) {
                    Role::Apply(Key::Text(name.to_string()), "")
                } else {
                    Role::Ignored("not a .sql or .json file")
                }
            }
        }
    }
}

impl std::fmt::Display for MigrationLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A folder of migrations as its framework reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MigrationFolder {
    /// The folder.
    pub path: PathBuf,
    /// The layout it was read as.
    pub layout: MigrationLayout,
    /// Whether the layout was detected (rather than named by the user).
    pub detected: bool,
    /// The files applied, in the order applied.
    pub applied: Vec<PathBuf>,
    /// Entries not applied, with the reason (down migrations, READMEs, lock files).
    pub ignored: Vec<(PathBuf, String)>,
}

/// One entry of the folder.
struct Entry {
    name: String,
    dir: bool,
    /// For a folder: the names of the files inside it.
    children: Vec<String>,
}

impl Entry {
    fn has(&self, file: &str) -> bool {
        self.children.iter().any(|c| c.eq_ignore_ascii_case(file))
    }
}

/// How an entry sorts among the applied ones.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    /// Compared as text.
    Text(String),
    /// A run of digits compared as a number (of any length).
    Number(String),
    /// Flyway: versioned files by their version's numeric parts, then repeatables.
    Flyway(Vec<String>, bool),
}

enum Role {
    /// Applied, ordered by the key; the second part names the file inside a folder entry.
    Apply(Key, &'static str),
    Ignored(&'static str),
}

fn ends_with_ci(name: &str, suffix: &str) -> bool {
    name.len() >= suffix.len()
        && name.as_bytes()[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

fn flyway(entry: &Entry) -> Role {
    let name = entry.name.as_str();
    if entry.dir || !ends_with_ci(name, ".sql") {
        return Role::Ignored("not a .sql file");
    }
    let Some((prefix, _desc)) = name[..name.len() - 4].split_once("__") else {
        return Role::Ignored("no V<version>__ or R__ prefix");
    };
    match prefix.chars().next() {
        Some('R' | 'r') if prefix.len() == 1 => Role::Apply(Key::Flyway(Vec::new(), true), ""),
        Some('V' | 'v') => {
            let parts: Vec<String> = prefix[1..]
                .split(['.', '_'])
                .map(|p| p.trim_start_matches('0').to_string())
                .collect();
            if parts.is_empty()
                || prefix.len() < 2
                || !prefix[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
            {
                return Role::Ignored("no V<version>__ or R__ prefix");
            }
            Role::Apply(Key::Flyway(parts, false), "")
        }
        Some('U' | 'u') => Role::Ignored("a Flyway undo migration"),
        _ => Role::Ignored("no V<version>__ or R__ prefix"),
    }
}

/// Compares digit strings as numbers of any length.
fn cmp_numbers(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn cmp_keys(a: &Key, b: &Key) -> Ordering {
    match (a, b) {
        (Key::Number(x), Key::Number(y)) => cmp_numbers(x, y),
        (Key::Flyway(_, false), Key::Flyway(_, true)) => Ordering::Less,
        (Key::Flyway(_, true), Key::Flyway(_, false)) => Ordering::Greater,
        (Key::Flyway(x, _), Key::Flyway(y, _)) => {
            for (p, q) in x.iter().zip(y) {
                let o = cmp_numbers(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Key::Text(x), Key::Text(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

fn entries(path: &Path) -> Result<Vec<Entry>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    for e in std::fs::read_dir(path).map_err(io)? {
        let e = e.map_err(io)?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let p = e.path();
        let dir = p.is_dir();
        let children = if dir {
            std::fs::read_dir(&p)
                .map_err(|source| Error::Io {
                    path: p.clone(),
                    source,
                })?
                .filter_map(|c| c.ok())
                .filter(|c| c.path().is_file())
                .map(|c| c.file_name().to_string_lossy().into_owned())
                .collect()
        } else {
            Vec::new()
        };
        out.push(Entry {
            name,
            dir,
            children,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Reads a folder as `layout`, or as the layout that recognises most of its entries.
pub fn read_folder(path: &Path, layout: Option<MigrationLayout>) -> Result<MigrationFolder> {
    let entries = entries(path)?;
    let detected = layout.is_none();
    let layout = layout.unwrap_or_else(|| detect(&entries));
    let mut applied: Vec<(Key, String, PathBuf)> = Vec::new();
    let mut ignored = Vec::new();
    for e in &entries {
        let full = path.join(&e.name);
        match layout.classify(e) {
            Role::Apply(key, inner) => {
                let file = if inner.is_empty() {
                    full
                } else {
                    let child = e
                        .children
                        .iter()
                        .find(|c| c.eq_ignore_ascii_case(inner))
                        .map_or(inner, String::as_str);
                    for other in e.children.iter().filter(|c| !c.eq_ignore_ascii_case(inner)) {
                        ignored.push((full.join(other), not_applied(other).to_string()));
                    }
                    full.join(child)
                };
                applied.push((key, e.name.clone(), file));
            }
            Role::Ignored(why) => ignored.push((full, why.to_string())),
        }
    }
    // A Flyway repeatable sorts by its description, the whole name here.
    applied.sort_by(|a, b| cmp_keys(&a.0, &b.0).then_with(|| a.1.cmp(&b.1)));
    if applied.is_empty() {
        return Err(Error::schema(
            None,
            format!(
                "{}: the folder holds no migration that seedgen can apply (read as {layout}; {} entries ignored); give the SQL files, or name the layout (`migrations`)",
                path.display(),
                ignored.len()
            ),
        ));
    }
    Ok(MigrationFolder {
        path: path.to_path_buf(),
        layout,
        detected,
        applied: applied.into_iter().map(|a| a.2).collect(),
        ignored,
    })
}

fn not_applied(file: &str) -> &'static str {
    if file.to_ascii_lowercase().starts_with("down") {
        "a down migration"
    } else {
        "not the migration file of its folder"
    }
}

/// The layout that applies the most entries; ties go to the earlier in [`LAYOUTS`].
/// A plain folder needs no framework, so it wins only when no framework matches.
fn detect(entries: &[Entry]) -> MigrationLayout {
    let count = |l: MigrationLayout| {
        entries
            .iter()
            .filter(|e| matches!(l.classify(e), Role::Apply(..)))
            .count()
    };
    let mut best = (MigrationLayout::Plain, 0);
    for &l in LAYOUTS.iter().filter(|l| **l != MigrationLayout::Plain) {
        let n = count(l);
        // golang-migrate and sqlx read `.up.sql` pairs alike: a folder with any plain
        // `<version>_x.sql` is sqlx's (it counts more of them).
        if n > best.1 {
            best = (l, n);
        }
    }
    if best.1 == 0 {
        return MigrationLayout::Plain;
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[&str]) -> tempdir::TempDir {
        let dir = tempdir::TempDir::new();
        for f in files {
            let p = dir.0.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "CREATE TABLE t (id int);").unwrap();
        }
        dir
    }

    /// A throwaway folder (std only).
    mod tempdir {
        pub struct TempDir(pub std::path::PathBuf);
        impl TempDir {
            pub fn new() -> Self {
                use std::sync::atomic::{AtomicU32, Ordering};
                static N: AtomicU32 = AtomicU32::new(0);
                let p = std::env::temp_dir().join(format!(
                    "seedgen-migrations-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::Relaxed)
                ));
                let _ = std::fs::remove_dir_all(&p);
                std::fs::create_dir_all(&p).unwrap();
                TempDir(p)
            }
        }
        impl Drop for TempDir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn names(f: &MigrationFolder) -> Vec<String> {
        f.applied
            .iter()
            .map(|p| {
                p.strip_prefix(&f.path)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn flyway_versions_compare_as_numbers_part_by_part() {
        let d = folder(&[
            "V10__ten.sql",
            "V9__nine.sql",
            "V13.1__dot.sql",
            "V13__thirteen.sql",
            "V1_1__underscore.sql",
            "V2__two.sql",
            "R__views.sql",
            "U2__undo.sql",
            "README.md",
        ]);
        let f = read_folder(&d.0, None).unwrap();
        assert_eq!(f.layout, MigrationLayout::Flyway);
        assert_eq!(
            names(&f),
            [
                "V1_1__underscore.sql",
                "V2__two.sql",
                "V9__nine.sql",
                "V10__ten.sql",
                "V13__thirteen.sql",
                "V13.1__dot.sql",
                "R__views.sql"
            ]
        );
        assert_eq!(f.ignored.len(), 2);
    }

    #[test]
    fn diesel_folders_apply_up_sql_by_version_without_dashes() {
        let d = folder(&[
            "2019-09-12-100000_create/up.sql",
            "2019-09-12-100000_create/down.sql",
            "20140924113530_dumped/up.sql",
            "00000000000000_diesel_initial_setup/up.sql",
            "2026-07-30-140000-0000_late/up.sql",
            "2026-07-30-140000-0000_late/metadata.toml",
            "README.md",
            "data.sql",
        ]);
        let f = read_folder(&d.0, None).unwrap();
        assert_eq!(f.layout, MigrationLayout::Diesel);
        assert_eq!(
            names(&f),
            [
                "00000000000000_diesel_initial_setup/up.sql",
                "20140924113530_dumped/up.sql",
                "2019-09-12-100000_create/up.sql",
                "2026-07-30-140000-0000_late/up.sql"
            ]
        );
        assert!(f.ignored.iter().any(|(p, _)| p.ends_with("data.sql")));
        assert!(f
            .ignored
            .iter()
            .any(|(p, why)| p.ends_with("down.sql") && why.contains("down")));
    }

    #[test]
    fn golang_migrate_and_sqlx_order_versions_as_numbers() {
        let d = folder(&[
            "10_ten.up.sql",
            "10_ten.down.sql",
            "9_nine.up.sql",
            "20241211111554_init.up.sql",
        ]);
        let f = read_folder(&d.0, None).unwrap();
        assert_eq!(f.layout, MigrationLayout::GolangMigrate);
        assert_eq!(
            names(&f),
            [
                "9_nine.up.sql",
                "10_ten.up.sql",
                "20241211111554_init.up.sql"
            ]
        );
        let d = folder(&["2_b.sql", "10_c.sql", "1_a.sql"]);
        let f = read_folder(&d.0, None).unwrap();
        assert_eq!(f.layout, MigrationLayout::Sqlx);
        assert_eq!(names(&f), ["1_a.sql", "2_b.sql", "10_c.sql"]);
    }

    #[test]
    fn prisma_folders_apply_migration_sql_in_name_order() {
        let d = folder(&[
            "02_more/migration.sql",
            "01_init/migration.sql",
            "migration_lock.toml",
        ]);
        let f = read_folder(&d.0, None).unwrap();
        assert_eq!(f.layout, MigrationLayout::Prisma);
        assert_eq!(
            names(&f),
            ["01_init/migration.sql", "02_more/migration.sql"]
        );
    }

    #[test]
    fn a_named_layout_wins_and_plain_folders_sort_by_name() {
        let d = folder(&["b.sql", "a.sql", "notes.txt"]);
        let f = read_folder(&d.0, None).unwrap();
        assert_eq!(f.layout, MigrationLayout::Plain);
        assert_eq!(names(&f), ["a.sql", "b.sql"]);
        let d = folder(&["1_a.up.sql", "1_a.down.sql"]);
        let f = read_folder(&d.0, Some(MigrationLayout::Plain)).unwrap();
        assert!(!f.detected);
        assert_eq!(f.applied.len(), 2);
        assert!(read_folder(&d.0, Some(MigrationLayout::Prisma)).is_err());
    }
}

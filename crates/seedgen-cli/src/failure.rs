//! The two kinds of failure and their exit codes: the input's (2: bad usage, a schema
//! that cannot be read, a plan that cannot be satisfied) and the environment's (1: I/O,
//! a database that refuses, a row that fails a CHECK).

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
        E::Write { .. }
        | E::Exists { .. }
        | E::Generate { .. }
        | E::Load { .. }
        | E::Database { .. } => Failure::Runtime(e.into()),
        other => Failure::Usage(other.into()),
    }
}

pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The library names options as settings (`force`, `strict`, the path `shard`); the
/// command line says them as its flags. Each pair: the library's words, the flag's.
const FLAG_WORDS: &[(&str, &str)] = &[
    ("`force`", "--force"),
    ("`strict`", "--strict"),
    ("`scale`", "--scale"),
    ("`triggers` off", "--triggers off"),
    ("`dialect` ", "--dialect "),
    ("`migrations`", "--migrations"),
    ("`analyze`", "--analyze"),
    ("`exact_counts`", "--exact-counts"),
];

/// Settings whose path, in an error, is a flag of the command line.
const FLAG_PATHS: &[&str] = &["shard", "threads", "split", "scale", "data_version"];

/// An error as the command line says it: the cause chain joined with `: `, the
/// library's setting names as flags, and a count the user asked for with the flag that
/// would fit.
pub(crate) fn render(e: &anyhow::Error) -> String {
    use seedgen_core::Error as E;
    let text = match e.downcast_ref::<E>() {
        Some(E::TooManyRows {
            table,
            target,
            why,
            asked,
            max_rows,
            fix,
        }) => format!(
            "{target}: {why}, so at most {max_rows} rows fit but {asked} are asked; generate at most {max_rows} rows (--rows {table}={max_rows}) or {fix}"
        ),
        Some(E::Settings { path, message }) if FLAG_PATHS.contains(&path.as_str()) => {
            format!("--{}: {message}", path.replace('_', "-"))
        }
        Some(E::Exists { path }) => {
            format!("{}: the file exists; pass --force to replace it", path.display())
        }
        _ => chain(e),
    };
    FLAG_WORDS
        .iter()
        .fold(text, |t, (words, flag)| t.replace(words, flag))
}

/// The cause chain joined with `: `, ending at a load error: its message already
/// holds the database's own words, which its `source()` would repeat in the driver's.
fn chain(e: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in e.chain() {
        parts.push(cause.to_string());
        if let Some(seedgen_core::Error::Load { .. }) = cause.downcast_ref() {
            break;
        }
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_settings_are_said_as_flags() {
        let e = anyhow::Error::new(seedgen_core::Error::TooManyRows {
            table: "kinds".into(),
            target: "kinds.id".into(),
            why: "type tinyint unsigned stops at 255".into(),
            asked: 300,
            max_rows: 255,
            fix: "widen the column".into(),
        });
        assert!(render(&e).contains("(--rows kinds=255)"), "{}", render(&e));
        let e = anyhow::Error::new(seedgen_core::Error::Settings {
            path: "shard".into(),
            message: "give K/N".into(),
        });
        assert_eq!(render(&e), "--shard: give K/N");
        let e = anyhow::anyhow!("give each an explicit setting, or drop `strict`");
        assert_eq!(
            render(&e),
            "give each an explicit setting, or drop --strict"
        );
    }
}

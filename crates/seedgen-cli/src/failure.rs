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
        E::Write { .. } | E::Generate { .. } | E::Load { .. } | E::Database { .. } => {
            Failure::Runtime(e.into())
        }
        other => Failure::Usage(other.into()),
    }
}

pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

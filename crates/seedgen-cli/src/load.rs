//! `seedgen load`: generate and load in one step, with a progress bar per table on a
//! terminal. Passwords in URLs never appear in output or errors.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use seedgen_core::engine::Generation;
use seedgen_core::output::load::{self, LoadEvent, LoadReport, Phase};

use crate::failure::{classify, usage, Failure};

/// The URL with its secrets replaced by `***`.
pub fn redact(url: &str) -> String {
    seedgen_core::drivers::redact(url)
}

/// A failure to reach the database at `url`, in the driver's words without secrets
/// (driver messages can quote the connection string).
/// Progress bars, one per table, then a spinner per later phase (indexes, foreign
/// keys, commit), shown only on a terminal and without `--quiet`.
struct Bars {
    quiet: bool,
    current: Option<(usize, ProgressBar)>,
}

impl Bars {
    fn event(&mut self, generation: &Generation<'_>, event: LoadEvent) {
        if self.quiet {
            return;
        }
        match event {
            LoadEvent::Rows { table, done } => self.update(generation, table, done),
            LoadEvent::Phase { phase, items } => self.phase(phase, items),
        }
    }

    /// A spinner for a phase after the rows, so a long index build is not a silent wait.
    fn phase(&mut self, phase: Phase, items: usize) {
        self.finish();
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>24} {spinner} {msg}  {elapsed}")
                .expect("template is valid"),
        );
        bar.set_prefix("after the rows");
        let what = phase.describe();
        bar.set_message(match items {
            0 => what.to_string(),
            n => format!("{what} ({n})"),
        });
        bar.enable_steady_tick(Duration::from_millis(200));
        self.current = Some((usize::MAX, bar));
    }

    fn update(&mut self, generation: &Generation<'_>, t: usize, done: u64) {
        if self.current.as_ref().map(|c| c.0) != Some(t) {
            if let Some((_, b)) = self.current.take() {
                b.finish();
            }
            let tp = &generation.plan().tables()[t];
            let bar = ProgressBar::with_draw_target(Some(tp.rows()), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix:>24} [{bar:30}] {human_pos}/{human_len} rows  {rate}  ETA {eta}",
                )
                .expect("template is valid")
                .with_key("rate", crate::human::rate_key)
                .progress_chars("=> "),
            );
            bar.set_prefix(tp.name().to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            self.current = Some((t, bar));
        }
        if let Some((_, b)) = &self.current {
            b.set_position(done);
        }
    }

    fn finish(&mut self) {
        if let Some((_, b)) = self.current.take() {
            b.finish();
        }
    }
}

/// What `seedgen load` does besides generating.
pub struct Options {
    /// Run the schema's statements first (`--create`).
    pub create: bool,
    /// Build the existing tables' indexes and keys after the rows (`--defer-indexes`).
    pub defer_indexes: bool,
    /// No progress bars or summary.
    pub quiet: bool,
    /// `--triggers off`.
    pub triggers_off: bool,
    /// Empty the tables first (`--replace`).
    pub replace: bool,
}

/// Loads the generation into `url` (default `sqlite://seedgen.db`).
pub fn run(
    generation: &Generation<'_>,
    scripts: &[seedgen_core::schema::Script],
    url: &str,
    options: &Options,
) -> Result<(), Failure> {
    let Options {
        create,
        defer_indexes,
        quiet,
        triggers_off,
        replace,
    } = *options;
    let plan = generation.plan();
    let Some(target) = seedgen_core::live::url_dialect(url) else {
        return Err(usage(anyhow::anyhow!(
            "--url {}: use sqlite://PATH, postgres://… or mysql://…",
            redact(url)
        )));
    };
    if create && target != plan.dialect() {
        return Err(usage(anyhow::anyhow!(
            "--create runs the schema's {} DDL, which a {target} database cannot read",
            plan.dialect()
        )));
    }
    let mut bars = Bars {
        quiet: quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()),
        current: None,
    };
    if defer_indexes && target != seedgen_core::schema::Dialect::Postgres {
        return Err(usage(anyhow::anyhow!(
            "--defer-indexes is for PostgreSQL; a {target} load maintains its indexes as it goes (with --create, SQLite builds them after the rows)"
        )));
    }
    let mut progress = |e: LoadEvent| bars.event(generation, e);
    let mut opts = load::LoadOptions {
        triggers_off,
        replace,
        defer_indexes,
        ..load::LoadOptions::default()
    };
    if create {
        let one_database = plan.schema().tables.iter().all(|t| t.name.schema.is_none());
        let (statements, left_out) = seedgen_core::schema::create_statements(scripts, one_database);
        if !quiet && !left_out.is_empty() {
            eprintln!("--create leaves out {}", left_out.join(", "));
        }
        opts.create = statements;
    }
    let mut loader = load::connect(url).map_err(classify)?;
    let report: LoadReport = loader
        .load(generation, &opts, &mut progress)
        .map_err(classify)?;
    bars.finish();
    if !quiet {
        let total: u64 = report.tables.iter().map(|t| t.1).sum();
        eprintln!(
            "loaded {total} rows into {} tables of {}",
            report.tables.len(),
            redact(url)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/x?password=again"),
            "postgres://app:***@db:5432/x?password=***"
        );
        assert_eq!(redact("sqlite://a.db"), "sqlite://a.db");
    }
}

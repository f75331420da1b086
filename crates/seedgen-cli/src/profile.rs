//! `seedgen profile`: a live database's size and shape, written as a profile file.

use std::io::Write;
use std::path::Path;

use seedgen_core::live::{read_schema, take_profile, Database, ProfileOptions};

use crate::failure::{classify, Failure};

/// Profiles the database at `url` into `out` (standard output when `None`).
pub fn run(url: &str, out: Option<&Path>, opts: ProfileOptions) -> Result<(), Failure> {
    let mut db = Database::connect(url).map_err(classify)?;
    let live = read_schema(&mut db).map_err(classify)?;
    let profile = take_profile(&mut db, &live.schema, opts).map_err(classify)?;
    let text = profile.to_json() + "\n";
    let Some(path) = out else {
        let mut o = std::io::stdout().lock();
        return o
            .write_all(text.as_bytes())
            .and_then(|()| o.flush())
            .map_err(|e| {
                Failure::Runtime(anyhow::Error::new(e).context("writing to standard output"))
            });
    };
    // Written beside the target and renamed into place: never a half-written profile.
    let tmp = path.with_extension("json.partial");
    let runtime = |e: std::io::Error| {
        Failure::Runtime(anyhow::Error::new(e).context(format!("writing {}", path.display())))
    };
    std::fs::write(&tmp, text).map_err(runtime)?;
    std::fs::rename(&tmp, path).map_err(runtime)?;
    eprintln!(
        "profiled {} tables of {} into {}",
        profile.tables.len(),
        db.url(),
        path.display()
    );
    Ok(())
}

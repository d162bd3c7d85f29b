//! `dossier init`: a small, complete example dossier that builds with no errors and
//! no warnings, so every part of the annotation format is shown once.

use crate::load::walk;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The example dossier `init` writes: the files under `example/` in this repository,
/// compiled in. The shipped tests build it, so it always builds cleanly.
pub(crate) static EXAMPLE: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/example");

/// Files of the example kept as they are (and skipped) when the folder already has
/// one, rather than refused: a project may have its own.
pub(crate) const KEEP_EXISTING: &[&str] = &[".gitignore", ".github/workflows/pages.yml"];

/// Every file of the example, with its path relative to the dossier, in a fixed order.
pub(crate) fn example_files() -> Vec<(&'static Path, &'static [u8])> {
    fn walk(
        dir: &'static include_dir::Dir<'static>,
        out: &mut Vec<(&'static Path, &'static [u8])>,
    ) {
        for f in dir.files() {
            out.push((f.path(), f.contents()));
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&EXAMPLE, &mut out);
    out.sort_by_key(|(p, _)| *p);
    out
}

/// The entries whose presence means "a dossier is already here".
pub(crate) const DOSSIER_MARKERS: &[&str] = &["dossier.toml", walk::SEEDS, walk::ANNOTATIONS];

/// True if something (a file, a folder, even a dangling symlink) is at `path`.
pub(crate) fn occupied(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Creates `path` (and its parent folders) with `bytes`; fails if it exists.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Scaffolds a new dossier in `dir` (created if missing); returns the files created.
///
/// Refuses, changing nothing, when `dir` already holds `dossier.toml`, `seeds/` or
/// `annotations/`. An existing `.gitignore` or `.github/workflows/pages.yml` is kept
/// as it is and left out of the returned list. The example dossier builds at once
/// with no errors and no warnings.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    for marker in DOSSIER_MARKERS {
        let p = dir.join(marker);
        if occupied(&p) {
            return Err(Diagnostic::error(
                &p,
                format!(
                    "{} already holds a dossier: `{marker}` exists",
                    dir.display()
                ),
            )
            .with_help(
                "nothing was changed; run `dossier init NEW_DIR` to create a new dossier \
                 elsewhere, or `dossier add FILE` to add an article to this one",
            ));
        }
    }
    fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(dir, format!("cannot create the folder: {e}"))
            .with_help("check the path and its permissions")
    })?;
    let mut created = Vec::new();
    for (rel, content) in example_files() {
        let path = dir.join(rel);
        let keep = KEEP_EXISTING.iter().any(|k| Path::new(k) == rel);
        if keep && occupied(&path) {
            continue;
        }
        write_new(&path, content).map_err(|e| {
            Diagnostic::error(&path, format!("cannot create file: {e}")).with_help(format!(
                "check the folder's permissions; the {} file(s) created before this one were left in place",
                created.len()
            ))
        })?;
        created.push(path);
    }
    Ok(created)
}

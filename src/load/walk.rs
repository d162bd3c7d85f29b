//! The dossier's input folders, named once ([`INPUT_FOLDERS`]), and the one directory
//! walker over them: files below a folder, sorted, following symlinks, with hidden
//! files and folders (names starting with `.`: editor backups, `.git`) left out at
//! any depth. A symlink loop or an unreadable folder is reported, not skipped in
//! silence.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// The folder of the raw articles.
pub const SEEDS: &str = "seeds";
/// The folder of the annotations.
pub const ANNOTATIONS: &str = "annotations";
/// The folder of the theme's templates and static files.
pub const TEMPLATES: &str = "templates";
/// Every folder a build reads (besides `dossier.toml`).
pub const INPUT_FOLDERS: [&str; 3] = [SEEDS, ANNOTATIONS, TEMPLATES];

/// Everything below `dir` the build sees, sorted by name, following symlinks, hidden
/// names left out; the entries `walkdir` yields (with its errors).
pub fn entries(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
}

use crate::diagnostic::{display_path, Diagnostic};

/// True for a name the walker leaves out.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Regular files below `dir` (with extension `ext` when given), sorted by path.
/// Problems go to `problems`, with paths shown relative to `root`.
pub fn files(
    dir: &Path,
    ext: Option<&str>,
    root: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in entries(dir) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if ext.is_none_or(|x| e.path().extension().is_some_and(|y| y == x)) {
                    out.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => problems.push(walk_problem(&err, root)),
        }
    }
    out.sort();
    out
}

fn walk_problem(err: &walkdir::Error, root: &Path) -> Diagnostic {
    let path = err
        .path()
        .map(|p| display_path(root, p))
        .unwrap_or_default();
    match err.loop_ancestor() {
        Some(ancestor) => Diagnostic::warning(
            &path,
            format!(
                "symlink loop: {} leads back to {}; skipped",
                path.display(),
                display_path(root, ancestor).display()
            ),
        )
        .with_help("remove the link or point it elsewhere"),
        None => Diagnostic::error(&path, format!("cannot read {}: {err}", path.display()))
            .with_help("check that the folder exists and that you may read it"),
    }
}

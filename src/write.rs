//! Stage 5, **write**: puts the rendered files on disk, atomically.
//!
//! The whole site is written into a fresh sibling folder first; only when every
//! file is written is the old output swapped out and removed. A failed build
//! therefore never leaves a half-written `site/`. The output folder carries a
//! `.dossier` marker: a folder without it that is not empty is never replaced,
//! so pointing `--output` at the user's own files cannot delete them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;

/// Name of the marker file that identifies a folder written by dossier.
pub const MARKER: &str = ".dossier";

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder holds files dossier did not write.
    #[error("refusing to replace {0}: it is not empty and was not written by dossier (no {MARKER} file)")]
    NotOurs(PathBuf),
    /// A file-system error.
    #[error("cannot write {path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// What.
        source: io::Error,
    },
    /// An output path that would escape the output folder.
    #[error("refusing to write outside the output folder: {0}")]
    BadPath(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn is_ours_or_empty(dir: &Path) -> Result<bool, WriteError> {
    if !dir.exists() {
        return Ok(true);
    }
    if dir.join(MARKER).is_file() {
        return Ok(true);
    }
    let mut entries = fs::read_dir(dir).map_err(io_err(dir))?;
    Ok(entries.next().is_none())
}

fn safe_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// The output folder may not hold or sit inside what the user wrote: replacing it
/// would delete their files. Refuses the dossier folder itself, any folder above it,
/// and anything inside `seeds/`, `annotations/` or `templates/`.
pub fn refuse_output_inside_inputs(
    root: &Path,
    output: &Path,
) -> Option<crate::diagnostic::Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let why = if root.starts_with(&out) {
        Some("it holds the dossier itself".to_string())
    } else {
        ["seeds", "annotations", "templates"]
            .into_iter()
            .find(|d| out.starts_with(root.join(d)))
            .map(|d| format!("it is inside {d}/, which the build reads"))
    }?;
    Some(
        crate::diagnostic::Diagnostic::error(
            output,
            format!("cannot write the site to {}: {why}", output.display()),
        )
        .with_help(
            "choose an output folder outside seeds/, annotations/ and templates/, such as the default site/",
        ),
    )
}

/// `p` made absolute, with symlinks resolved as far as it exists and `.`/`..` applied.
fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    out
}

/// Deletes a folder tree: its files in parallel, then its folders.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    files.par_iter().try_for_each(fs::remove_file)?;
    fs::remove_dir_all(dir)
}

/// Writes `files` to `out`, replacing its previous contents atomically.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    if !is_ours_or_empty(out)? {
        return Err(WriteError::NotOurs(out.to_path_buf()));
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    let result = (|| {
        fs::create_dir_all(&staging).map_err(io_err(&staging))?;
        // Each folder is created once, not once per file (10,000 articles share one);
        // then the files are written in parallel.
        let mut made: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for f in files {
            if !safe_relative(&f.path) {
                return Err(WriteError::BadPath(f.path.clone()));
            }
            if let Some((folder, _)) = f.path.rsplit_once('/') {
                if made.insert(folder) {
                    let dir = staging.join(folder);
                    fs::create_dir_all(&dir).map_err(io_err(&dir))?;
                }
            }
        }
        files.par_iter().try_for_each(|f| {
            let path = staging.join(&f.path);
            fs::write(&path, f.bytes.as_slice()).map_err(io_err(&path))
        })?;
        let marker = staging.join(MARKER);
        fs::write(
            &marker,
            "This folder is written by `dossier build`; it is replaced on every build.\n",
        )
        .map_err(io_err(&marker))?;
        // Swap: old → trash, staging → out, then delete the trash.
        let trash = parent.join(format!(".{name}.old-{}", std::process::id()));
        if out.exists() {
            fs::rename(out, &trash).map_err(io_err(out))?;
        }
        if let Err(e) = fs::rename(&staging, out) {
            // Put the old site back.
            if trash.exists() {
                let _ = fs::rename(&trash, out);
            }
            return Err(io_err(out)(e));
        }
        if trash.exists() {
            remove_tree(&trash).map_err(io_err(&trash))?;
        }
        Ok(())
    })();
    if result.is_err() && staging.exists() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str, s: &str) -> OutputFile {
        OutputFile {
            path: p.into(),
            bytes: std::sync::Arc::new(s.as_bytes().to_vec()),
        }
    }

    #[test]
    fn replaces_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("a.html", "1"), file("x/b.html", "2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("x/b.html")).unwrap(), "2");
        write_site(&out, &[file("c.html", "3")]).unwrap();
        assert!(!out.join("a.html").exists());
        assert!(out.join("c.html").exists());
        assert!(out.join(MARKER).exists());
        // No staging folders left behind.
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn never_replaces_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mine");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.txt"), "precious").unwrap();
        let err = write_site(&out, &[file("a.html", "1")]).unwrap_err();
        assert!(matches!(err, WriteError::NotOurs(_)));
        assert_eq!(
            fs::read_to_string(out.join("notes.txt")).unwrap(),
            "precious"
        );
    }

    #[test]
    fn rejects_escaping_paths() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        assert!(write_site(&out, &[file("../evil", "x")]).is_err());
        assert!(!dir.path().join("evil").exists());
        assert!(!out.exists());
    }
}

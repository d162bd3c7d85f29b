//! The output folder on disk: a staging folder beside it, the marker that says
//! dossier wrote it, writing files into it, and swapping it in (or updating the
//! existing folder in place, touching only the files whose bytes changed).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::{io_err, lock, remove_tree, Manifest, WriteError, Written, MARKER};
use crate::render::OutputFile;

/// `.NAME.KIND-PID` beside `out`, creating the parent folder.
pub(super) fn staging_folder(out: &Path, kind: &str) -> Result<PathBuf, WriteError> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    Ok(parent.join(format!(".{name}.{kind}-{}", std::process::id())))
}

/// Creates the folder `path` goes into, unless this writer made it already (10,000
/// articles share one).
pub(super) fn make_folder(
    dir: &Path,
    path: &str,
    made: &Mutex<HashSet<String>>,
) -> Result<(), WriteError> {
    let Some((folder, _)) = path.rsplit_once('/') else {
        return Ok(());
    };
    if lock(made).contains(folder) {
        return Ok(());
    }
    let full = dir.join(folder);
    fs::create_dir_all(&full).map_err(io_err(&full))?;
    lock(made).insert(folder.to_string());
    Ok(())
}

/// Writes `files` into `dir`, in parallel.
pub(super) fn write_files(dir: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let made = Mutex::default();
    files.par_iter().try_for_each(|f| {
        make_folder(dir, &f.path, &made)?;
        let path = dir.join(&f.path);
        fs::write(&path, f.bytes.as_slice()).map_err(io_err(&path))
    })
}

/// Writes the marker through a temporary file, so it is whole or absent.
pub(super) fn write_marker(dir: &Path, text: &str) -> Result<(), WriteError> {
    let tmp = dir.join(format!("{MARKER}.tmp"));
    fs::write(&tmp, text).map_err(io_err(&tmp))?;
    let marker = dir.join(MARKER);
    fs::rename(&tmp, &marker).map_err(io_err(&marker))
}

/// Writes the `changed` files, deletes the files of the previous build that are no
/// longer made, then records the new manifest.
pub(super) fn update_in_place(
    out: &Path,
    changed: &[OutputFile],
    streamed: &[(String, PathBuf)],
    old: &Manifest,
    new: &Manifest,
) -> Result<Written, WriteError> {
    let total = new.files.len();
    let gone: Vec<&String> = old
        .files
        .keys()
        .filter(|p| !new.files.contains_key(*p))
        .collect();
    let written = changed.len() + streamed.len();
    if written == 0 && gone.is_empty() && old.inputs == new.inputs {
        return Ok(Written {
            unchanged: total,
            ..Written::default()
        });
    }
    // An update cut short must not leave a manifest that vouches for files it did
    // not write: until the end, the marker lists nothing (the next build then
    // replaces the folder whole).
    write_marker(
        out,
        "This folder is written by `dossier build`; an update is under way.\n",
    )?;
    write_files(out, changed)?;
    for (path, waiting) in streamed {
        let to = out.join(path);
        if let Some(folder) = to.parent() {
            fs::create_dir_all(folder).map_err(io_err(folder))?;
        }
        fs::rename(waiting, &to).map_err(io_err(&to))?;
    }
    gone.par_iter().try_for_each(|p| {
        let path = out.join(p);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_err(&path)(e)),
            _ => Ok(()),
        }
    })?;
    remove_empty_folders(out, &gone);
    write_marker(out, &new.render())?;
    Ok(Written {
        written,
        unchanged: total - written,
        removed: gone.len(),
    })
}

/// Removes the folders that deleting `gone` left empty, deepest first.
pub(super) fn remove_empty_folders(out: &Path, gone: &[&String]) {
    let mut folders: Vec<&str> = gone
        .iter()
        .flat_map(|p| {
            let mut up = Vec::new();
            let mut rest = p.as_str();
            while let Some((folder, _)) = rest.rsplit_once('/') {
                up.push(folder);
                rest = folder;
            }
            up
        })
        .collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
    folders.dedup();
    for f in folders {
        // Fails, as it should, on a folder that still holds files.
        let _ = fs::remove_dir(out.join(f));
    }
}

/// Records the manifest in the complete `staging` folder and swaps it in for `out`.
pub(super) fn swap_in(out: &Path, staging: &Path, new: &Manifest) -> Result<Written, WriteError> {
    write_marker(staging, &new.render())?;
    // Swap: old → trash, staging → out, then delete the trash.
    let trash = staging_folder(out, "old")?;
    if out.exists() {
        fs::rename(out, &trash).map_err(io_err(out))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        // Put the old site back.
        if trash.exists() {
            let _ = fs::rename(&trash, out);
        }
        return Err(io_err(out)(e));
    }
    if trash.exists() {
        remove_tree(&trash).map_err(io_err(&trash))?;
    }
    Ok(Written {
        written: new.files.len(),
        ..Written::default()
    })
}

//! Stage 5, **write**: puts the rendered files on disk, each as soon as it is made
//! ([`SiteWriter`]), so that `build` never holds the whole site in memory.
//!
//! The output folder carries a `.dossier` marker: a folder without it that is not
//! empty is never replaced, so pointing `--output` at the user's own files cannot
//! delete them. The marker is also the folder's [`Manifest`]: when the previous build
//! left one, only files whose bytes changed are written and files no longer made are
//! deleted, once every file is made. Otherwise the site is written into a fresh
//! sibling folder, swapped in when complete. A build that fails, however late,
//! never touches `site/`.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::render::OutputFile;

mod folders;
mod manifest;

use folders::{make_folder, staging_folder, swap_in, update_in_place};
pub use manifest::{Entry, Manifest};

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
        crate::load::walk::INPUT_FOLDERS
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

/// What writing did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Files written.
    pub written: usize,
    /// Files left as they were (same bytes).
    pub unchanged: usize,
    /// Files of the previous build deleted.
    pub removed: usize,
}

/// Writes `files` to `out`: only what changed when `out` holds a manifest of the
/// previous build, else the whole folder at once. `inputs` is recorded for the next
/// build to tell whether anything changed. (`build` streams through [`SiteWriter`].)
pub fn write_site(
    out: &Path,
    files: &[OutputFile],
    inputs: Option<u128>,
) -> Result<Written, WriteError> {
    let writer = SiteWriter::begin(out, Manifest::read(out))?;
    files.par_iter().try_for_each(|f| writer.put(f))?;
    writer.finish(inputs)
}

/// A site being written, file by file as the files are made (from several threads).
///
/// Into a folder without a manifest, each file goes at once into a fresh sibling
/// folder, swapped in by [`SiteWriter::finish`]; dropped unfinished (a later error),
/// the sibling is deleted and the output is untouched. Into a folder with a
/// manifest, a file whose bytes are those of the previous build is only recorded,
/// and a changed one is held until `finish`, which writes it in place: nothing in
/// the output changes before every file is made.
pub struct SiteWriter {
    out: PathBuf,
    mode: Mode,
    /// Each file put, with its manifest entry.
    entries: Mutex<HashMap<String, Entry>>,
    /// How many streamed files have waited beside the output (their names).
    parts: std::sync::atomic::AtomicUsize,
    finished: bool,
}

enum Mode {
    /// A fresh folder beside `out`, with the folders made in it so far.
    Fresh {
        staging: PathBuf,
        folders: Mutex<HashSet<String>>,
    },
    /// Updating `out` in place: the previous manifest, and the changed files; those
    /// that were streamed wait in a file beside `out` (site path, where it waits).
    InPlace {
        old: Manifest,
        changed: Mutex<Vec<OutputFile>>,
        streamed: Mutex<Vec<(String, PathBuf)>>,
    },
}

/// Passes bytes on to a file, hashing them for the manifest as they go.
struct Hashing<W: io::Write> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<W: io::Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Hashing {
            inner,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            len: 0,
        }
    }

    /// The entry of what was written, once it is all on its way to the file.
    fn finish(mut self) -> io::Result<Entry> {
        self.inner.flush()?;
        Ok(Entry {
            len: self.len,
            hash: self.hasher.digest128(),
        })
    }
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes what `fill` makes into a new file at `path`; its manifest entry.
fn write_streamed(path: &Path, fill: crate::render::Fill) -> Result<Entry, WriteError> {
    let file = fs::File::create(path).map_err(io_err(path))?;
    let mut w = Hashing::new(io::BufWriter::with_capacity(1 << 16, file));
    fill(&mut w).map_err(io_err(path))?;
    w.finish().map_err(io_err(path))
}

impl SiteWriter {
    /// Starts writing the site into `out`, whose manifest (if any) is `previous`.
    /// Refuses a folder dossier did not write.
    pub fn begin(out: &Path, previous: Option<Manifest>) -> Result<SiteWriter, WriteError> {
        if !is_ours_or_empty(out)? {
            return Err(WriteError::NotOurs(out.to_path_buf()));
        }
        let mode = match previous {
            Some(old) => Mode::InPlace {
                old,
                changed: Mutex::default(),
                streamed: Mutex::default(),
            },
            None => {
                let staging = staging_folder(out, "tmp")?;
                if staging.exists() {
                    fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
                }
                fs::create_dir_all(&staging).map_err(io_err(&staging))?;
                Mode::Fresh {
                    staging,
                    folders: Mutex::default(),
                }
            }
        };
        Ok(SiteWriter {
            out: out.to_path_buf(),
            mode,
            entries: Mutex::default(),
            parts: Default::default(),
            finished: false,
        })
    }

    /// Takes one file of the site: writes it (fresh folder), or records it and, when
    /// its bytes changed, holds it for [`SiteWriter::finish`].
    pub fn put(&self, f: &OutputFile) -> Result<(), WriteError> {
        if !safe_relative(&f.path) {
            return Err(WriteError::BadPath(f.path.clone()));
        }
        let entry = Entry::of(&f.bytes);
        match &self.mode {
            Mode::Fresh { staging, folders } => {
                make_folder(staging, &f.path, folders)?;
                let path = staging.join(&f.path);
                fs::write(&path, f.bytes.as_slice()).map_err(io_err(&path))?;
            }
            Mode::InPlace { old, changed, .. } => {
                let same = old.files.get(&f.path) == Some(&entry)
                    && fs::metadata(self.out.join(&f.path)).is_ok_and(|m| m.len() == entry.len);
                if !same {
                    lock(changed).push(f.clone());
                }
            }
        }
        lock(&self.entries).insert(f.path.clone(), entry);
        Ok(())
    }

    /// Takes one file of the site that `fill` writes, without holding it: written into
    /// the fresh folder, or beside the output until [`SiteWriter::finish`] moves it in
    /// (when its bytes changed).
    pub fn put_stream(&self, path: &str, fill: crate::render::Fill) -> Result<(), WriteError> {
        if !safe_relative(path) {
            return Err(WriteError::BadPath(path.to_string()));
        }
        let entry = match &self.mode {
            Mode::Fresh { staging, folders } => {
                make_folder(staging, path, folders)?;
                write_streamed(&staging.join(path), fill)?
            }
            Mode::InPlace { old, streamed, .. } => {
                let n = self
                    .parts
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let waiting = staging_folder(&self.out, &format!("part{n}"))?;
                let entry = write_streamed(&waiting, fill)?;
                let same = old.files.get(path) == Some(&entry)
                    && fs::metadata(self.out.join(path)).is_ok_and(|m| m.len() == entry.len);
                if same {
                    let _ = fs::remove_file(&waiting);
                } else {
                    lock(streamed).push((path.to_string(), waiting));
                }
                entry
            }
        };
        lock(&self.entries).insert(path.to_string(), entry);
        Ok(())
    }

    /// Completes the site: swaps the fresh folder in, or writes the changed files in
    /// place and deletes the files no longer made; then records the manifest with
    /// `inputs`.
    pub fn finish(mut self, inputs: Option<u128>) -> Result<Written, WriteError> {
        self.finished = true;
        let files = std::mem::take(&mut *lock(&self.entries));
        let new = Manifest { inputs, files };
        match &self.mode {
            Mode::Fresh { staging, .. } => {
                let result = swap_in(&self.out, staging, &new);
                if result.is_err() && staging.exists() {
                    let _ = fs::remove_dir_all(staging);
                }
                result
            }
            Mode::InPlace {
                old,
                changed,
                streamed,
            } => {
                let changed = std::mem::take(&mut *lock(changed));
                let streamed = std::mem::take(&mut *lock(streamed));
                update_in_place(&self.out, &changed, &streamed, old, &new)
            }
        }
    }
}

impl Drop for SiteWriter {
    /// An unfinished fresh folder is deleted: the output stays as it was.
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        match &self.mode {
            Mode::Fresh { staging, .. } if staging.exists() => {
                let _ = remove_tree(staging);
            }
            Mode::InPlace { streamed, .. } => {
                for (_, waiting) in lock(streamed).iter() {
                    let _ = fs::remove_file(waiting);
                }
            }
            _ => {}
        }
    }
}

/// The lock's data, even if a thread panicked while holding it (the data are plain
/// lists, whole after every push).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
        write_site(&out, &[file("a.html", "1"), file("x/b.html", "2")], None).unwrap();
        assert_eq!(fs::read_to_string(out.join("x/b.html")).unwrap(), "2");
        write_site(&out, &[file("c.html", "3")], None).unwrap();
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
        let err = write_site(&out, &[file("a.html", "1")], None).unwrap_err();
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
        assert!(write_site(&out, &[file("../evil", "x")], None).is_err());
        assert!(!dir.path().join("evil").exists());
        assert!(!out.exists());
    }

    /// Writes `files` and the streamed `data/x.json` holding `json`.
    fn write_with_stream(out: &Path, files: &[OutputFile], json: &str) -> Written {
        let writer = SiteWriter::begin(out, Manifest::read(out)).unwrap();
        for f in files {
            writer.put(f).unwrap();
        }
        let mut fill = |w: &mut dyn io::Write| w.write_all(json.as_bytes());
        writer.put_stream("data/x.json", &mut fill).unwrap();
        writer.finish(Some(1)).unwrap()
    }

    /// Names beside `out` (staging folders, files waiting to be moved in).
    fn beside(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(out.parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn streamed_files_are_written_fresh_and_in_place_like_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let pages = [file("a.html", "1")];
        let w = write_with_stream(&out, &pages, "[1]");
        assert_eq!(w.written, 2);
        assert_eq!(fs::read_to_string(out.join("data/x.json")).unwrap(), "[1]");
        let manifest = Manifest::read(&out).unwrap();
        assert_eq!(manifest.files["data/x.json"], Entry::of(b"[1]"));
        // Unchanged: recorded, not rewritten, nothing left waiting.
        let w = write_with_stream(&out, &pages, "[1]");
        assert_eq!((w.written, w.unchanged), (0, 2));
        assert!(beside(&out).is_empty(), "{:?}", beside(&out));
        // Changed: moved in at the end.
        let w = write_with_stream(&out, &pages, "[1, 2]");
        assert_eq!((w.written, w.unchanged), (1, 1));
        assert_eq!(
            fs::read_to_string(out.join("data/x.json")).unwrap(),
            "[1, 2]"
        );
        assert!(beside(&out).is_empty(), "{:?}", beside(&out));
        // A build that fails after streaming leaves the output and nothing beside it.
        let writer = SiteWriter::begin(&out, Manifest::read(&out)).unwrap();
        let mut fill = |w: &mut dyn io::Write| w.write_all(b"[3]");
        writer.put_stream("data/x.json", &mut fill).unwrap();
        drop(writer);
        assert_eq!(
            fs::read_to_string(out.join("data/x.json")).unwrap(),
            "[1, 2]"
        );
        assert!(beside(&out).is_empty(), "{:?}", beside(&out));
    }

    #[test]
    fn rewrites_only_changed_files_and_deletes_gone_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let first = [
            file("same.html", "1"),
            file("edit.html", "2"),
            file("old/x.html", "3"),
        ];
        assert_eq!(write_site(&out, &first, Some(1)).unwrap().written, 3);
        let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let same = fs::File::options()
            .write(true)
            .open(out.join("same.html"))
            .unwrap();
        same.set_modified(past).unwrap();
        let second = [
            file("same.html", "1"),
            file("edit.html", "22"),
            file("new/y.html", "4"),
        ];
        let w = write_site(&out, &second, Some(2)).unwrap();
        assert_eq!((w.written, w.unchanged, w.removed), (2, 1, 1));
        let mtime = |p: &str| fs::metadata(out.join(p)).unwrap().modified().unwrap();
        assert_eq!(
            mtime("same.html"),
            past,
            "an unchanged file is not rewritten"
        );
        assert_eq!(fs::read_to_string(out.join("edit.html")).unwrap(), "22");
        assert!(!out.join("old").exists(), "the emptied folder is removed");
        assert_eq!(Manifest::read(&out).unwrap().inputs, Some(2));
        // A file deleted by hand is written again.
        fs::remove_file(out.join("same.html")).unwrap();
        let w = write_site(&out, &second, Some(2)).unwrap();
        assert_eq!((w.written, w.unchanged), (1, 2));
        assert!(out.join("same.html").exists());
    }

    #[test]
    fn an_interrupted_update_is_followed_by_a_whole_replacement() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("a.html", "1")], Some(1)).unwrap();
        // What an update leaves until it completes: a marker without a file list.
        let text = fs::read_to_string(out.join(MARKER)).unwrap();
        fs::write(out.join(MARKER), text.replace("end\n", "")).unwrap();
        fs::write(out.join("a.html"), "half").unwrap();
        let w = write_site(&out, &[file("a.html", "1")], Some(1)).unwrap();
        assert_eq!(w.written, 1);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "1");
    }
}

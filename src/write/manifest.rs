//! The `.dossier` marker of an output folder, which is also its manifest: the
//! fingerprint of the inputs of the build that wrote it, and each file it wrote with
//! the size and hash of its bytes. The next build rewrites only the files whose bytes
//! changed, deletes the ones it no longer makes, and does nothing at all when no
//! input changed.
//!
//! The hashes are xxHash3-128 (stable across runs and platforms, unlike the in-process
//! cache keys). A manifest written by another version of dossier, or one left without
//! its file list by an interrupted update, is not trusted: the folder is then
//! replaced whole.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use rayon::prelude::*;

/// First line of every marker: what the folder is.
const HEADER: &str = "This folder is written by `dossier build`; it is replaced on every build.";

/// One file a build wrote: its size and the hash of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Length in bytes.
    pub len: u64,
    /// xxHash3-128 of the bytes.
    pub hash: u128,
}

impl Entry {
    /// The entry of `bytes`.
    pub fn of(bytes: &[u8]) -> Entry {
        Entry {
            len: bytes.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// What the previous build left in an output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Fingerprint of the inputs (see [`crate::load::inputs_fingerprint`]); `None` when
    /// the build had diagnostics, which a build that skips its work could not repeat.
    pub inputs: Option<u128>,
    /// Each file written, by path relative to the folder.
    pub files: HashMap<String, Entry>,
}

impl Manifest {
    /// The manifest in folder `out`, if one written by this version of dossier is there
    /// and complete.
    pub fn read(out: &Path) -> Option<Manifest> {
        let text = fs::read_to_string(out.join(super::MARKER)).ok()?;
        Manifest::parse(&text)
    }

    fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        (lines.next()? == HEADER).then_some(())?;
        (lines.next()? == version_line()).then_some(())?;
        let inputs = match lines.next()?.strip_prefix("inputs ")? {
            "-" => None,
            hex => Some(u128::from_str_radix(hex, 16).ok()?),
        };
        let mut files = HashMap::new();
        let mut complete = false;
        for line in lines {
            if line == "end" {
                complete = true;
                break;
            }
            let mut parts = line.splitn(3, ' ');
            let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            files.insert(parts.next()?.to_string(), Entry { len, hash });
        }
        complete.then_some(Manifest { inputs, files })
    }

    /// The marker's text.
    pub fn render(&self) -> String {
        let mut s = format!("{HEADER}\n{}\n", version_line());
        match self.inputs {
            Some(i) => writeln!(s, "inputs {i:032x}"),
            None => writeln!(s, "inputs -"),
        }
        .ok();
        let mut paths: Vec<&String> = self.files.keys().collect();
        paths.sort();
        for p in paths {
            let e = self.files[p];
            writeln!(s, "{:032x} {} {p}", e.hash, e.len).ok();
        }
        s.push_str("end\n");
        s
    }

    /// Whether every file listed is still in `out` with its size (nobody deleted or
    /// truncated one by hand).
    pub fn files_present(&self, out: &Path) -> bool {
        self.files
            .par_iter()
            .all(|(p, e)| fs::metadata(out.join(p)).is_ok_and(|m| m.is_file() && m.len() == e.len))
    }
}

/// The second line: the version of dossier that wrote the manifest.
fn version_line() -> String {
    format!("dossier {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_incomplete_or_foreign_text() {
        let mut m = Manifest {
            inputs: Some(0xfeed),
            files: HashMap::new(),
        };
        m.files.insert("a b/c.html".into(), Entry::of(b"hello"));
        m.files.insert("x.txt".into(), Entry::of(b""));
        let text = m.render();
        assert_eq!(Manifest::parse(&text), Some(m.clone()));
        // Cut short (an interrupted update): not trusted.
        let cut = text.trim_end_matches("end\n");
        assert_eq!(Manifest::parse(cut), None);
        // Another version, or the plain marker of older builds: not trusted.
        assert_eq!(
            Manifest::parse(&text.replace("dossier ", "dossier 0.0.0-")),
            None
        );
        assert_eq!(Manifest::parse(&format!("{HEADER}\n")), None);
        let none = Manifest { inputs: None, ..m };
        assert_eq!(Manifest::parse(&none.render()), Some(none));
    }

    #[test]
    fn entries_differ_when_bytes_do() {
        assert_ne!(Entry::of(b"a"), Entry::of(b"b"));
        assert_eq!(Entry::of(b"abc"), Entry::of(b"abc"));
    }
}

//! Reading seeds: raw articles scraped from the open web, so any byte may be in them.
//!
//! A seed's bytes are kept as they are (published verbatim). Its text is decoded as
//! UTF-8, or with the `encoding` its article declares (encoding_rs); a seed that is
//! neither is one error, which says where the first bad byte is and what to do.
//! Control characters (NUL and the like, which no page may contain) are left out of
//! the text with a warning. Files above [`MAX_SEED_BYTES`] are refused unread.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics};

use super::{normalise, ArticleAnnotation, Seed, SeedProblem};

/// Site path of a seed's verbatim copy: its name with `.txt` appended unless it already
/// ends so. Whatever a scraped file was called (`x.html`, `x.svg`), its bytes are only
/// ever published as plain text, never as a live page or image.
pub fn seed_raw_path(name: &str) -> String {
    if name.ends_with(".txt") {
        format!("seeds/{name}")
    } else {
        format!("seeds/{name}.txt")
    }
}

/// Site path of the one page that shows any seed's text with numbered lines (it
/// reads the seed's plain-text copy named in its query: see `render::paths::seed_view_href`).
pub const SEED_VIEW_PATH: &str = "seeds/index.html";

/// Largest seed `add` accepts, in bytes (50 MB). A scraped article is a few kilobytes
/// of text; anything near this size is the wrong file.
/// The largest seed (and annotation) read: 50 MB. A news article is a few dozen KB.
pub const MAX_SEED_BYTES: u64 = 50_000_000;

/// Why a file could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: a folder (`true`), or a device, FIFO or socket (`false`).
    NotAFile(bool),
    /// Over the limit: its size (at least limit + 1 when it grew while being read).
    TooLarge(u64),
    /// The file system said no.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(true) => f.write_str("it is a folder, not a file"),
            ReadError::NotAFile(false) => {
                f.write_str("it is not a regular file (a device, FIFO or socket)")
            }
            ReadError::TooLarge(n) => write!(
                f,
                "it is too large ({n} bytes; the limit is {} MB)",
                MAX_SEED_BYTES / 1_000_000
            ),
            ReadError::Io(e) => e.fmt(f),
        }
    }
}

/// Reads a regular file of at most [`MAX_SEED_BYTES`]. The kind and size are checked on the
/// metadata before the file is opened (opening a FIFO would block, reading a device
/// would never end), and again on the open file, which is read through a reader that
/// stops after `limit + 1` bytes in case the file grows meanwhile.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    let limit = MAX_SEED_BYTES;
    let check = |meta: fs::Metadata| {
        if !meta.is_file() {
            Err(ReadError::NotAFile(meta.is_dir()))
        } else if meta.len() > limit {
            Err(ReadError::TooLarge(meta.len()))
        } else {
            Ok(meta.len())
        }
    };
    check(fs::metadata(path).map_err(ReadError::Io)?)?;
    let file = fs::File::open(path).map_err(ReadError::Io)?;
    let len = check(file.metadata().map_err(ReadError::Io)?)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Control characters removed from a text: how many, and the (line, column) of the first.
pub type Removed = (usize, (usize, usize));

/// Removes the control characters a page cannot hold (all of C0 but tab and newline,
/// and DEL). Returns the text and what was removed, if anything.
pub fn strip_controls(text: String) -> (String, Option<Removed>) {
    let bad = |c: char| (c < ' ' && c != '\t' && c != '\n') || c == '\u{7f}';
    let Some(first) = text.find(bad) else {
        return (text, None);
    };
    let line = text[..first].matches('\n').count() + 1;
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..first].chars().count() + 1;
    let count = text.chars().filter(|&c| bad(c)).count();
    let kept: String = text.chars().filter(|&c| !bad(c)).collect();
    (kept, Some((count, (line, col))))
}

/// A seed read from disk: UTF-8 text, or the problem that keeps its text away. A
/// seed that cannot be read is kept, empty, so that its article is not also told the
/// seed is missing.
pub fn read_seed(display: PathBuf, path: &Path, name: &str, diags: &mut Diagnostics) -> Seed {
    let (raw, unreadable) = match read_bounded(path) {
        Ok(b) => (b, false),
        Err(why) => {
            let why = format!("cannot read the file: {why}");
            diags.push(Diagnostic::error(&display, why).with_help(
                "seeds/ holds the raw articles as text files; move anything else out of it",
            ));
            (Vec::new(), true)
        }
    };
    let (text, problem) = match std::str::from_utf8(&raw) {
        _ if unreadable => (String::new(), Some(SeedProblem::Unreadable)),
        Ok(s) => (normalise(s), None),
        Err(e) => (String::new(), Some(SeedProblem::NotUtf8(e.valid_up_to()))),
    };
    let text = match problem {
        None => take_controls(text, &display, diags),
        Some(_) => text,
    };
    Seed::new(
        name.to_string(),
        text,
        Arc::new(raw),
        super::next_version(),
        problem,
    )
}

fn take_controls(text: String, display: &Path, diags: &mut Diagnostics) -> String {
    let (text, removed) = strip_controls(text);
    if let Some((n, (line, col))) = removed {
        diags.push(
            Diagnostic::warning(
                display,
                format!(
                    "the seed contains {} (NUL or similar); {} left out of the article text",
                    crate::diagnostic::counted(n, "control character"),
                    if n == 1 { "it is" } else { "they are" }
                ),
            )
            .at_line_col(&text, line, col)
            .with_help(
                "nothing to do if the scrape left them; the published seed keeps every byte",
            ),
        );
    }
    text
}

/// Decodes the seeds whose articles declare an `encoding`, and reports every seed
/// that is still not UTF-8 (once, at the seed).
pub fn decode_declared(
    seeds: &mut std::collections::BTreeMap<String, Arc<Seed>>,
    articles: &[Arc<ArticleAnnotation>],
    diags: &mut Diagnostics,
) {
    for a in articles {
        let (Some(enc), Some(seed)) = (&a.encoding, seeds.get_mut(&a.seed.value)) else {
            continue;
        };
        if seed.problem == Some(SeedProblem::Unreadable) {
            continue;
        }
        let Some(encoding) = encoding_rs::Encoding::for_label(enc.value.trim().as_bytes()) else {
            continue; // reported at the field
        };
        let display = PathBuf::from(crate::load::walk::SEEDS).join(&seed.name);
        let (decoded, _, _) = encoding.decode(&seed.raw);
        let text = take_controls(normalise(&decoded), &display, diags);
        // The same inputs give the same version, so caches stay valid across rebuilds.
        let version = crate::hash::of(&(seed.version, a.version));
        *seed = Arc::new(Seed::new(
            seed.name.clone(),
            text,
            seed.raw.clone(),
            version,
            None,
        ));
    }
    for seed in seeds.values() {
        if let Some(SeedProblem::NotUtf8(at)) = seed.problem {
            let article = articles.iter().find(|a| a.seed.value == seed.name);
            let help = match article {
                Some(a) => format!(
                    "convert it to UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`), or declare its encoding \
                     in {}: encoding = \"windows-1252\"",
                    a.source.path.display()
                ),
                None => "convert it to UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`), or declare its \
                         encoding in its annotation: encoding = \"windows-1252\""
                    .to_string(),
            };
            diags.push(
                Diagnostic::error(
                    PathBuf::from(crate::load::walk::SEEDS).join(&seed.name),
                    format!("the seed is not UTF-8 text (invalid byte at offset {at})"),
                )
                .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_counted_and_located() {
        let (t, r) = strip_controls("ab\ncd\0e\u{1}\tf\u{7f}".to_string());
        assert_eq!(t, "ab\ncde\tf");
        assert_eq!(r, Some((3, (2, 3))));
        assert_eq!(strip_controls("fine\ttext\n".into()).1, None);
    }

    #[test]
    fn a_seed_is_held_once_unless_its_text_differs_from_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let read = |bytes: &[u8]| {
            let p = dir.path().join("s.txt");
            std::fs::write(&p, bytes).unwrap();
            read_seed(p.clone(), &p, "s.txt", &mut Diagnostics::new())
        };
        let plain = read(b"one\ntwo\n");
        assert!(plain.own_text.is_none());
        assert_eq!(plain.text(), "one\ntwo\n");
        let crlf = read(b"\xef\xbb\xbfone\r\ntwo\r\n");
        assert_eq!(crlf.own_text.as_deref(), Some("one\ntwo\n"));
        assert_eq!(crlf.text(), "one\ntwo\n");
        let latin1 = read(b"caf\xe9\n");
        assert_eq!(latin1.text(), "");
        assert!(latin1.problem.is_some());
    }
}

//! Reading a file as text: bounded, UTF-8, normalised (BOM dropped, CRLF → LF),
//! and the version numbers that tell later stages a file was read again.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::*;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// Normalises text read from disk: drops a UTF-8 BOM, turns CRLF (and lone CR) into LF.
pub fn normalise(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_string()
    }
}

/// Reads a file once: its normalised text and its bytes as on disk.
pub(crate) fn read_file(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<(SourceFile, Vec<u8>)> {
    let display = crate::diagnostic::display_path(root, path);
    let bytes = match seed::read_bounded(path) {
        Ok(b) => b,
        Err(why) => {
            diags.push(Diagnostic::error(
                display,
                format!("cannot read the file: {why}"),
            ));
            return None;
        }
    };
    match std::str::from_utf8(&bytes) {
        Ok(s) => {
            let text = normalise(s);
            Some((
                SourceFile {
                    path: display,
                    text,
                },
                bytes,
            ))
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    display,
                    format!(
                        "file is not valid UTF-8 (invalid byte at offset {})",
                        e.valid_up_to()
                    ),
                )
                .with_help("re-save the file as UTF-8"),
            );
            None
        }
    }
}

pub(crate) fn read_text(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Arc<SourceFile>> {
    read_file(root, path, diags).map(|(src, _)| Arc::new(src))
}

/// A new, never reused version number: every parsed file gets one, so later stages
/// can tell "same input as last time" by comparing numbers.
pub fn next_version() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

//! Output that must not change by accident: the SHA-256 of every file built from the
//! fixtures, the shipped dossier and a generated corpus, as insta snapshots. A change
//! to what pages show updates them on purpose (`cargo insta review`, or run the tests
//! with `INSTA_UPDATE=always`); a refactoring must leave them byte for byte as they are.

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::common::*;

#[path = "../../benches/corpus.rs"]
pub(crate) mod corpus;

/// "sha256  path" for every file of a built site, sorted by path. The marker is left
/// out: it records the build's inputs (the executable's time among them), not output.
fn listing(site: &Path) -> String {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != dossier::write::MARKER)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let hash = Sha256::digest(std::fs::read(e.path()).unwrap());
            let hex = hash.iter().fold(String::new(), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            });
            (rel, hex)
        })
        .collect();
    files.sort();
    files.iter().map(|(p, h)| format!("{h}  {p}\n")).collect()
}

#[test]
fn fixture_outputs_are_unchanged() {
    for name in ["basic", "unicode"] {
        let (_t, site) = build(&fixture(name));
        insta::assert_snapshot!(format!("fixture-{name}"), listing(&site));
    }
}

#[test]
fn shipped_dossier_output_is_unchanged() {
    let (_t, site) = build(&repo());
    insta::assert_snapshot!("shipped", listing(&site));
}

#[test]
fn corpus_output_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), 150, 30);
    let (_t, site) = build(dir.path());
    insta::assert_snapshot!("corpus-150", listing(&site));
}

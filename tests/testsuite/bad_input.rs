//! Bad input never panics: every annotation file of a fixture is cut short at many
//! points and has stray bytes spliced in; each variant must come back as
//! diagnostics (or a build), never as a panic. Deterministic, bounded.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::common::*;

/// Every byte offset worth trying for a file of `len` bytes (all of them for small files).
fn cut_points(len: usize) -> Vec<usize> {
    let step = (len / 60).max(1);
    (0..=len).step_by(step).collect()
}

const SPLICES: &[&str] = &[
    "+++",
    "\n+++\n",
    "[[",
    "]]",
    "[[cut]]\n",
    "\"",
    "'''",
    "=",
    "\n> ",
    "## Notes\n",
    "\u{feff}",
    "\r\n",
    "é",
    "[[nowhere|",
    "date = \"2016-02-30\"\n",
    "~",
    "lines = [\"\"]\n",
    "\0",
];

fn build_once(root: &Path) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut d = dossier::diagnostic::Diagnostics::new();
        let files = dossier::render_site(root, &Default::default(), &mut d);
        // Every diagnostic renders, and an error never comes with a site.
        for x in d.items() {
            let _ = x.render();
        }
        assert!(!(d.has_errors() && files.is_some()));
    }))
    .map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

#[test]
fn truncated_and_spliced_annotations_never_panic() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    let files: Vec<String> = walkdir::WalkDir::new(root.join("annotations"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(files.len() >= 8);
    let mut tried = 0;
    for rel in &files {
        let path = root.join(rel);
        let original = std::fs::read(&path).unwrap();
        for (i, at) in cut_points(original.len()).into_iter().enumerate() {
            let mut variants = vec![original[..at].to_vec()];
            let splice = SPLICES[i % SPLICES.len()].as_bytes();
            let mut spliced = original[..at].to_vec();
            spliced.extend_from_slice(splice);
            spliced.extend_from_slice(&original[at..]);
            variants.push(spliced);
            for v in variants {
                std::fs::write(&path, &v).unwrap();
                if let Err(msg) = build_once(root) {
                    panic!(
                        "panic on {rel} with {:?}: {msg}",
                        String::from_utf8_lossy(&v)
                    );
                }
                tried += 1;
            }
        }
        std::fs::write(&path, &original).unwrap();
    }
    assert!(tried > 500, "{tried}");
}

#[test]
fn odd_files_are_diagnosed() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    // Not UTF-8, empty, front matter only, a seed that is binary.
    std::fs::write(
        root.join("annotations/articles/latin1.md"),
        b"+++\ntitle = \"caf\xe9\"\n+++\n",
    )
    .unwrap();
    std::fs::write(root.join("annotations/glossary/empty.md"), b"").unwrap();
    std::fs::write(root.join("annotations/glossary/bare.md"), b"+++\n+++\n").unwrap();
    std::fs::write(root.join("seeds/binary.bin"), [0u8, 159, 146, 150, 255]).unwrap();
    std::fs::write(root.join("annotations/index.md"), b"+++\ntitle = 1\n+++\n").unwrap();
    let mut d = dossier::diagnostic::Diagnostics::new();
    assert!(dossier::render_site(root, &Default::default(), &mut d).is_none());
    let all = d.render(false);
    for want in [
        "annotations/articles/latin1.md",
        "not valid UTF-8",
        "annotations/glossary/empty.md",
        "missing front matter",
        "annotations/glossary/bare.md",
        "missing field",
        "seeds/binary.bin",
        "annotations/index.md",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
}

/// Inputs fuzzing found whose diagnostics once could not be rendered (a quoted line
/// of form feeds, vertical tabs or NEL characters): each is diagnosed, never a panic.
#[test]
fn fuzz_findings_are_diagnosed() {
    let found = fixture("regressions");
    for (file, into) in [
        (
            "boilerplate-vertical-tabs.toml",
            "annotations/boilerplate.toml",
        ),
        ("article-leading-nel.md", "annotations/articles/alpha.md"),
        ("seed-form-feeds.txt", "seeds/alpha.txt"),
    ] {
        let dir = copy_dossier(&fixture("basic"));
        std::fs::copy(found.join(file), dir.path().join(into)).unwrap();
        let result = build_once(dir.path());
        assert!(result.is_ok(), "{file}: {result:?}");
    }
}

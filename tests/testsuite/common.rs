//! Helpers shared by the integration tests: build a dossier into a temp dir, read
//! and parse its pages, and resolve internal links.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

/// The repository root (the shipped dossier).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture dossier under tests/fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Builds `root` into a fresh temp dir; panics with the rendered diagnostics on failure.
pub fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    build_with(root, None)
}

/// Builds with a base URL override.
pub fn build_with(root: &Path, base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let mut diags = dossier::diagnostic::Diagnostics::new();
    let opts = dossier::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        base_url: base_url.map(str::to_string),
    };
    let summary = dossier::build(&opts, &mut diags);
    assert!(
        summary.is_some(),
        "build of {} failed:\n{}",
        root.display(),
        diags.render(false)
    );
    (dir, out)
}

/// Parses a built page.
pub fn page(site: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

/// A CSS selector (panics on a typo in the test).
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Text content of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// The text of each element matching `selector` as it reads in the flow of the
/// article: without the asides the text carries (term previews, notes and their
/// toggles, correction reasons).
pub fn reading_texts(doc: &Html, selector: &str) -> Vec<String> {
    const ASIDES: [&str; 4] = ["term-tip", "sidenote", "note-ref", "note-toggle"];
    doc.select(&sel(selector))
        .map(|e| {
            e.descendants()
                .filter_map(|n| n.value().as_text().map(|t| (n, t)))
                .filter(|(n, _)| {
                    !n.ancestors()
                        .filter_map(scraper::ElementRef::wrap)
                        .any(|a| a.value().classes().any(|c| ASIDES.contains(&c)))
                })
                .map(|(_, t)| t.to_string())
                .collect::<String>()
        })
        .collect()
}

/// Every HTML file of the site, relative paths with `/`.
pub fn html_files(site: &Path) -> Vec<String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Decodes %XX escapes of an href path (a malformed one is left as written).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Internal references (href/src) of a page: (attribute value, resolved path relative to the site).
/// External (scheme://, mailto:) and pure fragment links are skipped.
pub fn internal_refs(site: &Path, rel: &str) -> Vec<(String, String)> {
    let doc = page(site, rel);
    let mut out = Vec::new();
    for (selector, attr) in [("[href]", "href"), ("[src]", "src")] {
        for e in doc.select(&sel(selector)) {
            let v = e.value().attr(attr).unwrap_or_default().to_string();
            if v.contains("://") || v.starts_with("mailto:") || v.starts_with('#') || v.is_empty() {
                continue;
            }
            let path = v.split(['#', '?']).next().unwrap_or_default();
            let base = Path::new(rel).parent().unwrap_or(Path::new(""));
            let mut parts: Vec<String> = base
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            for seg in percent_decode(path).split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        assert!(
                            parts.pop().is_some(),
                            "{rel}: link {v} escapes the site root"
                        );
                    }
                    s => parts.push(s.to_string()),
                }
            }
            out.push((v, parts.join("/")));
        }
    }
    out
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Copies a dossier (dossier.toml, seeds/, annotations/, templates/) into a fresh temp dir.
pub fn copy_dossier(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in ["dossier.toml", "seeds", "annotations", "templates"] {
        let src = from.join(entry);
        if src.is_file() {
            std::fs::copy(&src, dir.path().join(entry)).unwrap();
        } else if src.is_dir() {
            copy_tree(&src, &dir.path().join(entry));
        }
    }
    dir
}

/// Decodes `%XX` escapes; `None` when a `%` is not followed by two hex digits (a
/// malformed URL, as a strict server would refuse it).
pub fn decode_path(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let malformed = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    (!malformed).then(|| percent_encoding::percent_decode(b).collect())
}

/// `bytes` gunzipped (the data export is `dossier.json.gz`).
pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

/// The built site's data export, gunzipped and parsed.
pub fn data_export(site: &Path) -> serde_json::Value {
    let gz = std::fs::read(site.join("dossier.json.gz")).expect("dossier.json.gz");
    serde_json::from_slice(&gunzip(&gz)).expect("dossier.json.gz holds JSON")
}

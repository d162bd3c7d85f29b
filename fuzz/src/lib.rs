//! What the fuzz targets share: a scratch copy of a fixture dossier (on tmpfs when
//! there is one) whose files a target overwrites run after run, a whole-pipeline
//! build, and the checks every build must pass.

use std::fs;
use std::path::{Path, PathBuf};

use dossier::diagnostic::Diagnostics;
use dossier::render::{OutputFile, RenderOptions};
use scraper::Html;

/// A fixture dossier under tests/fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// A copy of a fixture dossier, made once per process. Targets overwrite a file,
/// build, and put the fixture's own text back.
pub struct Scratch {
    root: PathBuf,
    fixture: PathBuf,
}

impl Scratch {
    /// Copies fixture `name` into a fresh folder `dossier-fuzz-<tag>-<pid>` under
    /// /dev/shm (or the temp dir). Folders left by earlier runs that are gone are removed.
    pub fn new(name: &str, tag: &str) -> Scratch {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let prefix = format!("dossier-fuzz-{tag}-");
        if let Ok(entries) = fs::read_dir(&base) {
            for e in entries.flatten() {
                let file_name = e.file_name().to_string_lossy().into_owned();
                let Some(pid) = file_name.strip_prefix(&prefix) else {
                    continue;
                };
                if !Path::new("/proc").join(pid).exists() {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let root = base.join(format!("{prefix}{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let fixture = fixture(name);
        copy_tree(&fixture, &root);
        Scratch { root, fixture }
    }

    /// The dossier folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The fixture's own bytes of `rel` (empty when it has none).
    pub fn original(&self, rel: &str) -> Vec<u8> {
        fs::read(self.fixture.join(rel)).unwrap_or_default()
    }

    /// Writes `bytes` to `rel`, making folders as needed.
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.root.join(rel);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).expect("scratch folder");
        }
        fs::write(&p, bytes).expect("scratch file");
    }

    /// Puts the fixture's version of `rel` back (or removes a file it does not have).
    pub fn restore(&self, rel: &str) {
        let from = self.fixture.join(rel);
        if from.is_file() {
            fs::copy(&from, self.root.join(rel)).expect("restore");
        } else {
            let _ = fs::remove_file(self.root.join(rel));
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("scratch folder");
    for e in fs::read_dir(from).expect("fixture folder").flatten() {
        let dest = to.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            fs::copy(e.path(), &dest).expect("fixture file");
        }
    }
}

/// Runs the whole pipeline in memory on `root` and checks what every build must
/// hold: each diagnostic renders, an error never comes with a site, and no site is
/// withheld without an error. With `DOSSIER_FUZZ_DEBUG` set, says how it went.
pub fn build(root: &Path) -> (Option<Vec<OutputFile>>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let files = dossier::render_site(root, &RenderOptions::default(), &mut diags);
    if std::env::var_os("DOSSIER_FUZZ_DEBUG").is_some() {
        let n = files.as_ref().map_or(0, Vec::len);
        eprintln!("build: {n} files, {} errors", diags.error_count());
    }
    check_diagnostics(&diags);
    if diags.has_errors() {
        assert!(
            files.is_none(),
            "a site came with errors:\n{}",
            diags.render(false)
        );
    } else {
        assert!(
            files.is_some(),
            "no site and no error:\n{}",
            diags.render(false)
        );
    }
    (files, diags)
}

/// Every diagnostic renders, with and without colour, and names its file. With
/// `DOSSIER_FUZZ_DEBUG` set, each is printed first (to see which one fails).
pub fn check_diagnostics(diags: &Diagnostics) {
    let debug = std::env::var_os("DOSSIER_FUZZ_DEBUG").is_some();
    for d in diags.items() {
        if debug {
            eprintln!("{d:?}");
        }
        let plain = d.render();
        assert!(!plain.is_empty(), "empty rendering of {d:?}");
        let _ = d.render_color(true);
        let _ = d.location();
    }
    let _ = diags.render(false);
    let _ = diags.summary();
}

#[path = "../../tests/testsuite/scripts.rs"]
mod scripts;
pub use scripts::scripts_in;

/// Parses every HTML file of a site and panics on anything that could run script.
pub fn check_site(files: &[OutputFile]) {
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let text = std::str::from_utf8(&f.bytes).expect("pages are UTF-8");
        let doc = Html::parse_document(text);
        let found = scripts_in(&doc);
        assert!(found.is_empty(), "{}: {}", f.path, found.join("; "));
    }
}

/// Parses an HTML fragment and panics on anything that could run script.
pub fn check_fragment(html: &str) {
    let doc = Html::parse_fragment(html);
    let found = scripts_in(&doc);
    assert!(found.is_empty(), "{}\nin: {html}", found.join("; "));
}

/// A TOML basic string holding `s`.
pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

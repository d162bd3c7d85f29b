//! The fingerprint of everything a build reads: each file under `dossier.toml`,
//! `seeds/`, `annotations/` and `templates/` (hidden ones left out, as the walker
//! leaves them out) by path, size and modification time, plus the `dossier`
//! executable itself and the options that change the output. Two builds with the
//! same fingerprint make the same site, so `build` can skip its work when the
//! output folder's manifest records this fingerprint.

use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

use xxhash_rust::xxh3::Xxh3;

use super::walk::{entries, INPUT_FOLDERS};

/// The fingerprint of the inputs of a build of `root` with `options` (anything else
/// that changes the output, such as a `--base-url`); `None` when a file or folder
/// cannot be read, so the build is never skipped on a partial view.
pub fn inputs_fingerprint(root: &Path, options: &str) -> Option<u128> {
    let mut h = Xxh3::new();
    h.update(options.as_bytes());
    h.update(&[0]);
    let exe = std::env::current_exe().ok()?;
    stamp(&mut h, &exe, &fs::metadata(&exe).ok()?);
    let config = root.join("dossier.toml");
    if let Ok(m) = fs::metadata(&config) {
        stamp(&mut h, Path::new("dossier.toml"), &m);
    }
    for dir in INPUT_FOLDERS {
        for entry in entries(&root.join(dir)) {
            let e = match entry {
                Ok(e) => e,
                // A missing folder is part of the state; anything else is not readable.
                Err(err)
                    if err.depth() == 0
                        && err
                            .io_error()
                            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) =>
                {
                    continue
                }
                Err(_) => return None,
            };
            // Folders change their times when hidden files come and go: files only.
            if e.file_type().is_dir() {
                continue;
            }
            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
            stamp(&mut h, rel, &e.metadata().ok()?);
        }
    }
    Some(h.digest128())
}

/// Feeds a path, its kind, size and modification time to the hasher.
fn stamp(h: &mut Xxh3, path: &Path, m: &fs::Metadata) {
    h.update(path.as_os_str().as_encoded_bytes());
    h.update(&[0]);
    h.update(&m.len().to_le_bytes());
    let t = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    h.update(&t.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_with_any_input_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("seeds")).unwrap();
        fs::create_dir_all(root.join("annotations/articles")).unwrap();
        fs::write(root.join("seeds/a.txt"), "text").unwrap();
        let fp = |o: &str| inputs_fingerprint(root, o).unwrap();
        let first = fp("");
        assert_eq!(fp(""), first);
        assert_ne!(fp("--base-url x"), first);
        // Output and other folders are not inputs.
        fs::create_dir_all(root.join("site")).unwrap();
        fs::write(root.join("site/x.html"), "out").unwrap();
        fs::write(root.join("README.md"), "readme").unwrap();
        assert_eq!(fp(""), first);
        // Hidden files are left out, as the build leaves them out.
        fs::write(root.join("seeds/.a.txt.swp"), "x").unwrap();
        assert_eq!(fp(""), first);
        // A new file, a new folder's file, an edit of the same size, a config.
        fs::write(root.join("annotations/articles/a.md"), "x").unwrap();
        let second = fp("");
        assert_ne!(second, first);
        let t = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(root.join("seeds/a.txt"))
            .unwrap()
            .set_modified(t)
            .unwrap();
        assert_ne!(fp(""), second);
        let third = fp("");
        fs::write(root.join("dossier.toml"), "title = \"x\"").unwrap();
        assert_ne!(fp(""), third);
    }
}

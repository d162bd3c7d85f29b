//! Names of files inside the dossier: a seed's or template's name (its path below
//! its folder, `/`-separated, with extension) and an annotation's slug (the same
//! without the extension); which slugs are usable. The one place these are made.

use std::path::Path;

/// Name of a file below `dir`: relative, `/`-separated, with its extension.
pub fn rel_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Slug of an annotation file below `dir`: its relative path without extension,
/// `/`-separated (`people/jilani` for `glossary/people/jilani.md`).
pub fn slug_for(dir: &Path, path: &Path) -> String {
    rel_name(dir, &path.with_extension(""))
}

/// A usable slug: letters, digits, `-`, `_` and `.` in `/`-separated parts, none empty
/// or hidden.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        })
}

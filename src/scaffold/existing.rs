//! What `add` needs to know of the dossier it adds to: the existing article
//! annotations (slug, seed, cuts), the glossary slugs, a free slug.

use std::collections::BTreeSet;
use std::fs::{self};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::*;
use crate::load::{normalise, split_front_matter, Located};

/// An existing article annotation, as far as `add` needs to know it.
pub(crate) struct ExistingArticle {
    pub(crate) slug: String,
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    /// The `seed` value with its byte span in `text`.
    pub(crate) seed: Option<Located<String>>,
    /// Its `[[cut]]` tables (none when they do not parse).
    pub(crate) cuts: Vec<GlobalCut>,
}

#[derive(Deserialize)]
pub(crate) struct SeedOnly {
    pub(crate) seed: Option<Spanned<String>>,
}

#[derive(Deserialize)]
pub(crate) struct CutsOnly {
    #[serde(default)]
    pub(crate) cut: Vec<GlobalCut>,
}

/// The regular files below `dir` as the loader lists them (load::walk: hidden files
/// and folders skipped at any depth), so that `add` never sees a file that `check`
/// and `build` ignore (an editor's backup or lock file).
pub(crate) fn visible_files(dir: &Path) -> impl Iterator<Item = PathBuf> {
    let mut ignored = Vec::new();
    let files = if dir.is_dir() {
        crate::load::walk::files(dir, None, dir, &mut ignored)
    } else {
        Vec::new()
    };
    files.into_iter()
}

/// Every visible `.md` file below `dir`, with its slug and (when its front matter
/// parses) seed. Unreadable files are kept without a seed: `dossier check` reports them.
pub(crate) fn scan_articles(dir: &Path) -> Vec<ExistingArticle> {
    visible_files(dir)
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|path| {
            let slug = crate::load::slug_for(dir, &path);
            let text = fs::read_to_string(&path)
                .map(|t| normalise(&t))
                .unwrap_or_default();
            let fm = split_front_matter(&text).ok();
            let seed = fm.and_then(|(fm, off, _, _)| {
                let s = toml::from_str::<SeedOnly>(fm).ok()?.seed?;
                let span = s.span();
                Some(Located {
                    value: s.into_inner(),
                    span: span.start + off..span.end + off,
                })
            });
            let cuts = fm
                .and_then(|(fm, ..)| toml::from_str::<CutsOnly>(fm).ok())
                .map(|c| c.cut)
                .unwrap_or_default();
            ExistingArticle {
                slug,
                path,
                text,
                seed,
                cuts,
            }
        })
        .collect()
}

/// Slugs (lowercased) of top-level glossary files: an article slug equal to one of them
/// would shadow the term's `[[slug]]` links, which `check` warns about.
pub(crate) fn glossary_slugs(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let p = e.path();
                    let is_md = p.extension().is_some_and(|x| x == "md")
                        && !crate::load::walk::is_hidden(&e.file_name());
                    let stem = p.file_stem()?.to_string_lossy().to_lowercase();
                    is_md.then_some(stem)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `base`, or `base-2`, `base-3`… : the first not in `taken` (compared lowercased, so
/// that case-insensitive file systems cannot collide either).
pub(crate) fn unique_slug(base: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&base.to_lowercase()) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken.contains(&s.to_lowercase()))
        .unwrap_or_else(|| base.to_string())
}

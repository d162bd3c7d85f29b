//! The data export (`dossier.json.gz`) kept in parts between rebuilds, when the site is kept in memory
//! (`serve`): each article's part of the export is serialised once and kept with what
//! it read, like a page, and so is the rest of the export; a rebuild serialises again
//! only the parts whose reads changed. `serve` joins them when the file is asked for.
//! (A `build` streams the export instead: it is made once.)

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde_json::value::RawValue;

use super::tracked::Tracked;
use super::views::data;
use super::RenderCache;
use crate::site::{Fingerprints, Site};

/// One article's part of the export, with what it read.
type Fragment = Tracked<Arc<RawValue>>;

/// The parts kept from the last rebuild, by article slug.
pub(super) type Fragments = HashMap<String, Fragment>;

/// Everything of the export but its articles (before them, after them), with what
/// it read.
pub(super) type Rest = Tracked<(Arc<str>, Arc<str>)>;

/// The data export in parts, for `serve` to join only when it is asked for (joining
/// 117 MB at every edit of a 10,000-article dossier was most of its reload time).
#[derive(Debug, Clone)]
pub struct DataParts {
    /// Everything before the first article, and after the last.
    head: Arc<str>,
    tail: Arc<str>,
    articles: Vec<Arc<RawValue>>,
}

impl DataParts {
    /// The whole file, gzip-compressed as `build` writes it: the parts go into the
    /// compressor one after another, never joined uncompressed.
    pub fn to_gzip(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = super::gzip::gzip_to(&mut out, |w| self.write_json(w));
        out
    }

    /// The whole file, uncompressed, to `w`.
    fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(self.head.as_bytes())?;
        for (i, a) in self.articles.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(a.get().as_bytes())?;
        }
        w.write_all(self.tail.as_bytes())
    }
}

/// The data export of `site` in parts, serialising again only the parts whose reads
/// changed since those in `cache`; with whether any was.
pub(super) fn data_parts(
    site: &Site,
    fps: &Fingerprints,
    global: u64,
    cache: &mut RenderCache,
) -> (DataParts, bool) {
    let old = std::mem::take(&mut cache.fragments);
    let parts: Vec<(String, Fragment, bool)> = site
        .article_ids()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&id| {
            let slug = site.article(id).ann.slug.clone();
            match old.get(&slug).filter(|f| f.is_current(global, fps)) {
                Some(f) => (slug, f.clone(), false),
                None => {
                    let made =
                        Tracked::make(site, global, fps, |ctx| data::article_json(ctx, id).into());
                    (slug, made, true)
                }
            }
        })
        .collect();
    let mut fresh = parts.iter().any(|p| p.2);
    let articles = parts.iter().map(|p| p.1.value.clone()).collect();
    cache.fragments = parts.into_iter().map(|(s, f, _)| (s, f)).collect();
    let rest = match cache.data_rest.take().filter(|r| r.is_current(global, fps)) {
        Some(r) => r,
        None => {
            fresh = true;
            rest(site, global, fps)
        }
    };
    let (head, tail) = rest.value.clone();
    cache.data_rest = Some(rest);
    (
        DataParts {
            head,
            tail,
            articles,
        },
        fresh,
    )
}

/// The export without its articles, split where they go.
fn rest(site: &Site, global: u64, fps: &Fingerprints) -> Rest {
    Tracked::make(site, global, fps, |ctx| {
        let empty: Vec<&RawValue> = Vec::new();
        let whole = serde_json::to_string(&data::export_with(ctx, empty)).unwrap_or_default();
        // Keys are the only place an unescaped `"articles":[]` can stand.
        let at = whole
            .find("\"articles\":[]")
            .map_or(whole.len(), |i| i + "\"articles\":[".len());
        let (head, tail) = whole.split_at(at);
        (head.into(), tail.into())
    })
}

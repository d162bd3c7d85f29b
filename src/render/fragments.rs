//! `dossier.json` kept in parts between rebuilds (`serve`): each article's part of the
//! export is serialised once and kept with what it read, like a page; a rebuild
//! serialises again only the articles whose reads changed, and joins the parts. (A
//! `build` streams the export instead: it is made once.)

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde_json::value::RawValue;

use super::views::data;
use super::{page_key, RenderCache, Rendered};
use crate::site::{Dep, Fingerprints, PageCtx, Site};

/// One article's part of the export, with what it read.
#[derive(Clone)]
pub(super) struct Fragment {
    reads: Arc<[Dep]>,
    key: u64,
    json: Arc<RawValue>,
}

/// The parts kept from the last rebuild, by article slug.
pub(super) type Fragments = HashMap<String, Fragment>;

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
    /// The whole file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let len = self.head.len()
            + self.tail.len()
            + self
                .articles
                .iter()
                .map(|a| a.get().len() + 1)
                .sum::<usize>();
        let mut out = Vec::with_capacity(len);
        out.extend_from_slice(self.head.as_bytes());
        for (i, a) in self.articles.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(a.get().as_bytes());
        }
        out.extend_from_slice(self.tail.as_bytes());
        out
    }
}

/// The data export of `site` in parts, serialising again only the articles whose
/// reads changed since the parts in `cache`.
pub(super) fn data_parts(
    site: &Site,
    fps: &Fingerprints,
    global: u64,
    cache: &mut RenderCache,
) -> DataParts {
    let parts = refresh(site, fps, global, cache);
    let articles = parts.iter().map(|p| p.1.json.clone()).collect();
    cache.fragments = parts.into_iter().map(|(s, f, _)| (s, f)).collect();
    // The rest (terms, cross-references, events): kept while its reads are unchanged.
    let kept = cache
        .data_rest
        .take()
        .filter(|r| r.key == page_key(global, fps, &r.reads));
    let rest = kept.unwrap_or_else(|| {
        let ctx = PageCtx::new(site);
        let empty: Vec<&RawValue> = Vec::new();
        let whole = serde_json::to_string(&data::export_with(&ctx, empty)).unwrap_or_default();
        // Keys are the only place an unescaped `"articles":[]` can stand.
        let at = whole
            .find("\"articles\":[]")
            .map_or(whole.len(), |i| i + "\"articles\":[".len());
        let (head, tail) = whole.split_at(at);
        let reads: Arc<[Dep]> = ctx.into_reads().into();
        Rest {
            key: page_key(global, fps, &reads),
            reads,
            head: head.into(),
            tail: tail.into(),
        }
    });
    let parts = DataParts {
        head: rest.head.clone(),
        tail: rest.tail.clone(),
        articles,
    };
    cache.data_rest = Some(rest);
    parts
}

/// Everything of the export but its articles, with what it read.
pub(super) struct Rest {
    reads: Arc<[Dep]>,
    key: u64,
    head: Arc<str>,
    tail: Arc<str>,
}

/// Every article's part: kept when its reads did not change, else serialised again;
/// with whether it was.
fn refresh(
    site: &Site,
    fps: &Fingerprints,
    global: u64,
    cache: &mut RenderCache,
) -> Vec<(String, Fragment, bool)> {
    let old = std::mem::take(&mut cache.fragments);
    site.article_ids()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&id| {
            let slug = site.article(id).ann.slug.clone();
            if let Some(f) = old.get(&slug) {
                if f.key == page_key(global, fps, &f.reads) {
                    return (slug, f.clone(), false);
                }
            }
            let ctx = PageCtx::new(site);
            let json: Arc<RawValue> = data::article_json(&ctx, id).into();
            let reads: Arc<[Dep]> = ctx.into_reads().into();
            let key = page_key(global, fps, &reads);
            (slug, Fragment { reads, key, json }, true)
        })
        .collect()
}

/// The data export as one file, from the parts in `cache` where their reads did not
/// change; with whether anything was serialised again.
pub(super) fn data_page(
    site: &Site,
    fps: &Fingerprints,
    global: u64,
    path: &str,
    cache: &mut RenderCache,
) -> (Rendered, bool) {
    let parts = refresh(site, fps, global, cache);
    let fresh = parts.iter().any(|p| p.2);
    // The rest of the export (terms, cross-references, events) and the order of the
    // parts: reused whole when nothing changed.
    let part_keys = crate::hash::of(&parts.iter().map(|p| p.1.key).collect::<Vec<_>>());
    let previous = cache.pages.get(path).filter(|c| {
        !fresh && c.key == crate::hash::of(&(page_key(global, fps, &c.reads), part_keys))
    });
    let page = match previous {
        Some(c) => Rendered {
            reads: c.reads.clone(),
            key: c.key,
            bytes: c.bytes.clone(),
        },
        None => {
            let ctx = PageCtx::new(site);
            let list: Vec<&RawValue> = parts.iter().map(|p| &*p.1.json).collect();
            let text = serde_json::to_string(&data::export_with(&ctx, list)).unwrap_or_default();
            let reads: Arc<[Dep]> = ctx.into_reads().into();
            let key = crate::hash::of(&(page_key(global, fps, &reads), part_keys));
            Rendered {
                reads,
                key,
                bytes: Arc::new(text.into_bytes()),
            }
        }
    };
    let changed = previous.is_none();
    cache.fragments = parts.into_iter().map(|(s, f, _)| (s, f)).collect();
    (page, changed)
}

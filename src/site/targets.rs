//! Link targets: what `[[target]]`, `see_also` and `part_of` may name. Article and
//! glossary slugs (identifiers), term names and aliases (any case, either
//! apostrophe), and the slugs and names of annotations that could not be read (links
//! to them are not reported again).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::PageRef;

/// Maps link targets to pages.
#[derive(Debug, Default, Clone)]
pub struct Targets {
    slugs: HashMap<String, PageRef>,
    names: HashMap<String, PageRef>,
    /// Term names and aliases as written, for suggestions.
    spellings: Vec<String>,
    /// Slugs and folded names of annotation files that could not be parsed.
    unreadable: HashSet<String>,
}

/// A name as links compare it: trimmed, lowercase, one apostrophe.
pub fn fold(s: &str) -> String {
    s.trim().replace('’', "'").to_lowercase()
}

impl Targets {
    /// Resolves a `[[target]]`: exact article or term slug, then a term name or alias (any case).
    pub fn resolve(&self, target: &str) -> Option<PageRef> {
        self.resolve_how(target).map(|(p, _)| p)
    }

    /// Like [`Targets::resolve`], also telling whether the target was a slug (an
    /// identifier: links show the page's title) rather than a name or alias (prose:
    /// links show what was typed).
    pub fn resolve_how(&self, target: &str) -> Option<(PageRef, bool)> {
        let t = target.trim();
        match self.slugs.get(t) {
            Some(&p) => Some((p, true)),
            None => self.names.get(&fold(t)).map(|&p| (p, false)),
        }
    }

    /// The page a slug names, if any.
    pub fn slug(&self, slug: &str) -> Option<PageRef> {
        self.slugs.get(slug).copied()
    }

    /// True for the slug or a name of an annotation that failed to parse (its error is
    /// already reported).
    pub fn is_unreadable(&self, target: &str) -> bool {
        self.unreadable.contains(target.trim()) || self.unreadable.contains(&fold(target))
    }

    /// Every slug, term name and alias, for suggestions.
    pub fn candidates(&self) -> impl Iterator<Item = &str> {
        self.slugs.keys().chain(&self.spellings).map(String::as_str)
    }

    /// Adds a slug; returns false (adding nothing) when it is taken.
    pub fn add_slug(&mut self, slug: &str, page: PageRef) -> bool {
        if self.slugs.contains_key(slug) {
            return false;
        }
        self.slugs.insert(slug.to_string(), page);
        true
    }

    /// Adds a term name or alias; the first term to claim a name keeps it.
    pub fn add_name(&mut self, name: &str, page: PageRef) {
        self.names.entry(fold(name)).or_insert(page);
        self.spellings.push(name.to_string());
    }

    /// Marks a slug or name as belonging to an annotation that could not be read.
    pub fn add_unreadable(&mut self, slug_or_name: &str) {
        if !slug_or_name.is_empty() {
            self.unreadable.insert(slug_or_name.to_string());
        }
    }

    /// A fingerprint of how every target resolves (for caches).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::Hash;
        crate::hash::with(|h| {
            let slugs = self
                .slugs
                .iter()
                .map(|(k, p)| (k, matches!(p, PageRef::Term(_))));
            crate::hash::of_set(slugs).hash(h);
            crate::hash::of_set(self.names.keys()).hash(h);
            crate::hash::of_set(self.unreadable.iter()).hash(h);
        })
    }
}

//! Cleaned articles kept between rebuilds, keyed by the versions of their inputs,
//! with the use each made of the global rules.

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use super::*;
use crate::diagnostic::Diagnostic;

/// Inputs a cleaned article depends on: the versions of its annotation, its seed and
/// the global rules, and the paragraph mode.
pub type CleanKey = (u64, u64, u64, Paragraphs);

/// A cached clean: its key, the article, its diagnostics, its use of global rules.
type Entry = (CleanKey, Arc<CleanArticle>, Vec<Diagnostic>, RuleUse);

/// Cleaned articles by slug, reused while their inputs keep their versions.
#[derive(Debug, Default)]
pub struct CleanCache {
    pub(crate) entries: HashMap<String, Entry>,
    /// How many articles the last run cleaned (the rest came from the cache).
    pub cleaned_last: usize,
    /// The global rules of the last run, to clean one article again on its own.
    boilerplate: Option<Arc<Boilerplate>>,
}

/// Counts how often each global rule item matched, across all articles.
/// Key: byte span start of the rule item in `boilerplate.toml`.
pub type RuleUse = HashMap<usize, usize>;

impl CleanCache {
    /// The cleaned text of each article, from the cache when its annotation, seed,
    /// global rules and paragraph mode are unchanged (diagnostics and rule use
    /// replayed), else cleaned, in parallel. Results in the order of `items`.
    pub(crate) fn clean_all(
        &mut self,
        loaded: &Loaded,
        items: &[(&ArticleAnnotation, &Seed)],
        rule_use: &mut RuleUse,
        diags: &mut Diagnostics,
    ) -> Vec<Arc<CleanArticle>> {
        let bp_version = loaded.boilerplate.as_ref().map_or(0, |b| b.version);
        let mode = loaded.config.paragraphs;
        let key = |a: &ArticleAnnotation, seed: &Seed| (a.version, seed.version, bp_version, mode);
        let fresh: Vec<Option<Entry>> = items
            .par_iter()
            .map(|&(a, seed)| {
                let hit = self
                    .entries
                    .get(&a.slug)
                    .is_some_and(|e| e.0 == key(a, seed));
                (!hit).then(|| {
                    let mut local = Diagnostics::new();
                    let mut uses = RuleUse::default();
                    let bp = loaded.boilerplate.as_deref();
                    let article = Arc::new(clean_article(a, seed, bp, mode, &mut uses, &mut local));
                    (key(a, seed), article, local.items().to_vec(), uses)
                })
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (&(a, _), f) in items.iter().zip(fresh) {
            if let Some(entry) = f {
                self.cleaned_last += 1;
                self.entries.insert(a.slug.clone(), entry);
            }
            if let Some((_, article, ds, uses)) = self.entries.get(&a.slug) {
                diags.extend(ds.iter().cloned());
                add_uses(rule_use, uses);
                out.push(article.clone());
            }
        }
        out
    }

    /// How many articles the cache holds.
    pub fn held(&self) -> usize {
        self.entries.len()
    }

    /// Forgets articles that are gone (each live article has exactly one entry).
    pub(crate) fn forget_gone(&mut self, loaded: &Loaded, live_count: usize) {
        if self.entries.len() > live_count {
            let live: HashSet<&str> = loaded.articles.iter().map(|a| a.slug.as_str()).collect();
            self.entries.retain(|slug, _| live.contains(slug.as_str()));
        }
    }
}

fn add_uses(total: &mut RuleUse, uses: &RuleUse) {
    for (k, n) in uses {
        *total.entry(*k).or_default() += n;
    }
}

impl CleanCache {
    /// Remembers the global rules of this run.
    pub(crate) fn set_boilerplate(&mut self, bp: Option<Arc<Boilerplate>>) {
        self.boilerplate = bp;
    }

    /// Cleans one article again outside a full run, with the last run's global rules.
    /// `None` on any diagnostic, or when its use of the global rules changed (other
    /// articles' warnings depend on it). Cached as a full run would cache it.
    pub fn reclean(
        &mut self,
        a: &ArticleAnnotation,
        seed: &Seed,
        mode: Paragraphs,
    ) -> Option<Arc<CleanArticle>> {
        let mut d = Diagnostics::new();
        let mut uses = RuleUse::default();
        let bp = self.boilerplate.clone();
        let article = Arc::new(clean_article(
            a,
            seed,
            bp.as_deref(),
            mode,
            &mut uses,
            &mut d,
        ));
        let before = self.entries.get(&a.slug).map(|e| &e.3);
        if !d.is_empty() || before != Some(&uses) {
            return None;
        }
        let key = (a.version, seed.version, bp.map_or(0, |b| b.version), mode);
        self.entries
            .insert(a.slug.clone(), (key, article.clone(), Vec::new(), uses));
        Some(article)
    }
}

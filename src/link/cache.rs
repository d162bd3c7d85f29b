//! Link results kept between rebuilds: the glossary matcher (rebuilt when any term's
//! spellings change), and each article's marks, keyed by its cleaned text, its
//! annotation, the matcher and the targets.

use std::hash::Hash;
use std::sync::Arc;

use rayon::prelude::*;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{citations, targets::check_md, targets::located_md, Matcher};
use crate::clean::CleanArticle;
use crate::config::LinkMode;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{ArticleAnnotation, Loaded, Markdown, TermAnnotation};
use crate::site::{ArticleMarks, PageRef, Targets};

/// Inputs of an article's marks: clean and annotation versions, matcher and target fingerprints.
type MarkKey = (u64, u64, u64, u64);

/// A cached linking of one article: its key, its marks, its diagnostics.
type Entry = (MarkKey, Arc<ArticleMarks>, Vec<Diagnostic>);

/// Link results reused across rebuilds while their inputs are unchanged.
#[derive(Debug, Default)]
pub struct LinkCache {
    matcher: Option<(u64, Arc<Matcher>, Vec<Diagnostic>)>,
    /// The fingerprint of the link targets of the last run.
    targets_fp: u64,
    articles: HashMap<String, Entry>,
    /// How many articles the last run linked (the rest came from the cache).
    pub marked_last: usize,
}

impl LinkCache {
    /// The glossary matcher of the last run and its fingerprint, when it had no diagnostics.
    pub fn matcher(&self) -> Option<(u64, Arc<Matcher>)> {
        match &self.matcher {
            Some((fp, m, ds)) if ds.is_empty() => Some((*fp, m.clone())),
            _ => None,
        }
    }

    /// The matcher for `loaded`'s glossary, rebuilt only when a spelling, a case rule
    /// or the link mode changed; its diagnostics are replayed.
    pub(crate) fn matcher_for(
        &mut self,
        loaded: &Loaded,
        diags: &mut Diagnostics,
    ) -> (u64, Arc<Matcher>) {
        let fp = crate::hash::with(|h| {
            matches!(loaded.config.link_mode, LinkMode::Every).hash(h);
            for t in &loaded.terms {
                (&t.slug, &t.term.value, t.case).hash(h);
                for a in &t.aliases {
                    a.value.hash(h);
                }
            }
        });
        if let Some((old, m, ds)) = &self.matcher {
            if *old == fp {
                diags.extend(ds.iter().cloned());
                return (fp, m.clone());
            }
        }
        let mut local = Diagnostics::new();
        let m = Arc::new(Matcher::new(loaded, &mut local));
        diags.extend(local.items().iter().cloned());
        self.matcher = Some((fp, m.clone(), local.items().to_vec()));
        (fp, m)
    }

    /// Records the targets of this run; marks made against other targets are stale.
    pub(crate) fn set_targets(&mut self, targets: &Targets) {
        self.targets_fp = targets.fingerprint();
    }

    /// The marks of each article, from the cache when nothing they depend on changed,
    /// else computed, in parallel. Results and diagnostics in the order of `items`.
    pub(crate) fn marks_all(
        &mut self,
        items: &[(&ArticleAnnotation, &CleanArticle)],
        (matcher_fp, matcher): (u64, &Matcher),
        targets: &Targets,
        mode: LinkMode,
        diags: &mut Diagnostics,
    ) -> Vec<Arc<ArticleMarks>> {
        let targets_fp = self.targets_fp;
        let key = |a: &ArticleAnnotation, c: &CleanArticle| {
            (c.version, a.version, matcher_fp, targets_fp)
        };
        let fresh: Vec<Option<Entry>> = items
            .par_iter()
            .map(|&(a, c)| {
                let hit = self.articles.get(&a.slug).is_some_and(|e| e.0 == key(a, c));
                (!hit).then(|| {
                    let mut local = Diagnostics::new();
                    let marks = compute_marks(a, c, matcher, targets, mode, &mut local);
                    (key(a, c), Arc::new(marks), local.items().to_vec())
                })
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (&(a, _), f) in items.iter().zip(fresh) {
            if let Some(entry) = f {
                self.marked_last += 1;
                self.articles.insert(a.slug.clone(), entry);
            }
            if let Some((_, marks, ds)) = self.articles.get(&a.slug) {
                diags.extend(ds.iter().cloned());
                out.push(marks.clone());
            }
        }
        out
    }

    /// How many articles the cache holds.
    pub fn held(&self) -> usize {
        self.articles.len()
    }

    /// Forgets articles that are gone (each live article has exactly one entry).
    pub(crate) fn forget_gone(&mut self, loaded: &Loaded, live_count: usize) {
        if self.articles.len() > live_count {
            let live: HashSet<&str> = loaded.articles.iter().map(|a| a.slug.as_str()).collect();
            self.articles.retain(|slug, _| live.contains(slug.as_str()));
        }
    }

    /// The `[[links]]` of a glossary definition, checked against `targets`; `None`
    /// on any diagnostic.
    pub fn definition_links(term: &TermAnnotation, targets: &Targets) -> Option<Vec<PageRef>> {
        let mut d = Diagnostics::new();
        let links = check_md(&term.definition, &term.source, targets, &mut d);
        let definition = std::slice::from_ref(&term.definition);
        citations::check(definition, &term.source, &term.sources, &mut d);
        d.is_empty()
            .then(|| links.into_iter().map(|(_, p)| p).collect())
    }

    /// Links one article outside a full run: marks its text and checks its `[[links]]`
    /// against the last run's tables. `None` on any diagnostic. The result is cached
    /// as a full run would have cached it.
    pub fn relink_article(
        &mut self,
        ann: &ArticleAnnotation,
        clean: &CleanArticle,
        targets: &Targets,
        mode: LinkMode,
    ) -> Option<Arc<ArticleMarks>> {
        let (matcher_fp, matcher) = self.matcher()?;
        let mut d = Diagnostics::new();
        let marks = Arc::new(compute_marks(ann, clean, &matcher, targets, mode, &mut d));
        if !d.is_empty() {
            return None;
        }
        let key = (clean.version, ann.version, matcher_fp, self.targets_fp);
        self.articles
            .insert(ann.slug.clone(), (key, marks.clone(), Vec::new()));
        Some(marks)
    }
}

/// Links one article: marks its text and checks its `[[links]]` and citations.
fn compute_marks(
    ann: &ArticleAnnotation,
    clean: &CleanArticle,
    matcher: &Matcher,
    targets: &Targets,
    mode: LinkMode,
    diags: &mut Diagnostics,
) -> ArticleMarks {
    let (paragraphs, notes, mentions) = super::mark_article(ann, clean, matcher, mode, diags);
    let wiki_targets = article_wiki_targets(ann, targets, diags);
    ArticleMarks {
        version: crate::load::next_version(),
        mention_index: ArticleMarks::index_mentions(&paragraphs),
        paragraphs,
        notes,
        mentions,
        wiki_targets,
    }
}

/// Checks the `[[…]]` links and citations of an article's commentary, notes and
/// events; returns the targets that resolved.
fn article_wiki_targets(
    ann: &ArticleAnnotation,
    targets: &Targets,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut mds = vec![ann.commentary.clone()];
    mds.extend(ann.notes.iter().map(|n| Markdown {
        text: n.body.value.clone(),
        offset: n.body.span.start,
    }));
    mds.extend(ann.events.iter().map(|e| located_md(&e.text, &ann.source)));
    citations::check(&mds, &ann.source, &ann.sources, diags);
    mds.iter()
        .flat_map(|md| check_md(md, &ann.source, targets, diags))
        .map(|(target, _)| target)
        .collect()
}

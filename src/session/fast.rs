//! The fast path of `serve`: when the watcher reports one article annotation, one
//! seed or one glossary entry, and the last build was clean, that one file is parsed,
//! cleaned and linked again and patched into the last site; the render stage then
//! re-renders the pages whose reads changed (every page's reads are recorded, so no
//! list of affected pages is kept here).
//!
//! What the patch cannot express falls back to the full cached rebuild: a change to
//! what orders or relates articles (seed, title, date, `see_also`, `[[links]]`), to a
//! term's names, kind or relations, to the use of global rules, a term left
//! unmentioned, or any diagnostic.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::{Rebuild, Session, Stats};
use crate::diagnostic::Diagnostics;
use crate::link::{derive, LinkCache};
use crate::load::{ArticleAnnotation, Reloaded, Seed, TermAnnotation};
use crate::render::render_cached;
use crate::site::{ArticleId, Site, TermId};

impl Session {
    /// Patches the last build for an edit of `path`, or `None` (nothing changed) when
    /// the edit needs the full rebuild.
    pub(super) fn fast_path(&mut self, path: &Path, started: Instant) -> Option<Rebuild> {
        let reloaded = self.load.reload(&self.root, path)?;
        let (site, _) = self.last.as_ref()?;
        match reloaded {
            Reloaded::Term(t) => {
                let id = site.term_ids().find(|&i| site.term(i).ann.slug == t.slug)?;
                self.fast_term(id, t, started)
            }
            Reloaded::Article(a) => {
                let id = site.article_by_slug(&a.slug)?;
                let seed = site.article(id).seed.clone();
                self.fast_article(id, a, seed, started)
            }
            Reloaded::Seed(s) => {
                let owners: Vec<ArticleId> = site
                    .article_ids()
                    .filter(|&i| site.article(i).seed.name == s.name)
                    .collect();
                let [id] = owners[..] else {
                    return None;
                };
                let ann = site.article(id).ann.clone();
                self.fast_article(id, ann, s, started)
            }
        }
    }

    fn fast_article(
        &mut self,
        id: ArticleId,
        new: Arc<ArticleAnnotation>,
        seed: Arc<Seed>,
        started: Instant,
    ) -> Option<Rebuild> {
        let (site, _) = self.last.as_ref()?;
        let old = site.article(id);
        if !same_place(&new, &old.ann) {
            return None;
        }
        let mode = site.config.paragraphs;
        let clean = self.clean.reclean(&new, &seed, mode)?;
        let link_mode = site.config.link_mode;
        let marks = self
            .link
            .relink_article(&new, &clean, &site.targets, link_mode)?;
        if marks.wiki_targets != old.marks.wiki_targets {
            return None;
        }
        // From here on the last build is patched; a failure must discard it.
        let (mut site, _) = self.last.take()?;
        let before = derive::Before::of(&site, id, &marks.paragraphs);
        let a = &mut site.articles[id.index()];
        (a.ann, a.seed, a.clean, a.marks) = (new, seed, clean, marks);
        derive::after_article(&mut site, id, &before)?;
        self.finish(site, started, 3)
    }

    /// A glossary entry whose names, kind, case rule, relations and `[[links]]` are
    /// unchanged: only what its own page and its previews show.
    fn fast_term(
        &mut self,
        id: TermId,
        new: Arc<TermAnnotation>,
        started: Instant,
    ) -> Option<Rebuild> {
        let (site, _) = self.last.as_ref()?;
        let old = &site.term(id).ann;
        let names = |t: &TermAnnotation| -> Vec<String> {
            std::iter::once(&t.term)
                .chain(&t.aliases)
                .map(|l| l.value.clone())
                .collect()
        };
        let relations = |t: &TermAnnotation| -> Vec<String> {
            t.see_also
                .iter()
                .chain(&t.part_of)
                .map(|l| l.value.clone())
                .collect()
        };
        let same = names(&new) == names(old)
            && new.kind == old.kind
            && new.case == old.case
            && relations(&new) == relations(old);
        let links = LinkCache::definition_links(&new, &site.targets)?;
        if !same || links != site.term(id).links_to {
            return None;
        }
        let (mut site, _) = self.last.take()?;
        site.terms[id.index()].ann = new;
        derive::after_term(&mut site, id);
        self.finish(site, started, 1)
    }

    /// Renders the patched site (only pages whose reads changed) and keeps it as the
    /// last build; `None` on any diagnostic.
    fn finish(&mut self, site: Site, started: Instant, redone: usize) -> Option<Rebuild> {
        let mut diags = Diagnostics::new();
        let mut files = render_cached(&site, &self.opts, &mut self.render, None, &mut diags)?;
        let search_pending = self.search(&site, &mut files, &mut diags);
        if !diags.is_empty() {
            return None;
        }
        let texts = self.texts_of(&site);
        let stats = Stats {
            parsed: 1,
            cleaned: usize::from(redone > 1),
            marked: usize::from(redone > 1),
            rendered: self.render.rendered_last,
            files: files.len(),
            elapsed: started.elapsed(),
            stages: Default::default(),
            fast: true,
            held: [self.clean.held(), self.link.held()],
        };
        let base_url = Some(site.config.base_url.clone());
        self.last = Some((site, files.clone()));
        Some(Rebuild {
            data: self.render.data_parts(),
            files: Some(files),
            diags,
            stats,
            search_pending,
            texts,
            base_url,
        })
    }
}

/// What places an article among the others and relates it to them is unchanged: its
/// seed, title and date (the published order), whether it has a date (a warning) and
/// its `see_also` (backlinks and mutuality warnings elsewhere).
fn same_place(new: &ArticleAnnotation, old: &ArticleAnnotation) -> bool {
    new.seed.value == old.seed.value
        && new.title == old.title
        && new.date == old.date
        && new.date_written == old.date_written
        && new
            .see_also
            .iter()
            .map(|s| &s.value)
            .eq(old.see_also.iter().map(|s| &s.value))
}

//! A build that remembers: the caches of every stage, kept between rebuilds.
//!
//! `serve` holds one [`Session`]; each rebuild runs the whole pipeline, but every
//! stage reuses what did not change: `load` re-parses only files whose length or
//! modification time changed, `clean` re-cleans only articles whose annotation, seed
//! or global rules changed, `link` re-marks only articles whose text changed (all of
//! them when the glossary's spellings change, since any text may mention a new
//! alias), and `render` re-renders only pages whose dependency key changed (all of
//! them when a template changes, without re-parsing anything). `build` uses a fresh
//! session, so a cached and a fresh build share one code path.
//!
//! On top of that, a *fast path*: when the watcher reports a single article annotation
//! or seed, the last build was clean, and the edit changes nothing that other pages
//! show, the session patches its last build (that article re-cleaned, re-linked and
//! re-rendered, term mention lists adjusted) instead of passing over every article.
//! Any doubt (a diagnostic, a changed title, links, events or rule use) falls back to
//! the full cached rebuild.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::clean::{clean_article, clean_cached, CleanCache, CleanEntry, RuleUse};
use crate::diagnostic::Diagnostics;
use crate::link::{link_cached, LinkCache, Linked};
use crate::load::{load_cached, LoadCache, Reloaded};
use crate::render::{render_cached, render_pages, Job, OutputFile, RenderCache, RenderOptions};

/// What one rebuild did, stage by stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files parsed (the others came from the cache).
    pub parsed: usize,
    /// Articles cleaned.
    pub cleaned: usize,
    /// Articles linked (term matching, note anchoring).
    pub marked: usize,
    /// Pages rendered.
    pub rendered: usize,
    /// Files in the site.
    pub files: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time per stage: load, clean, link, render.
    pub stages: [Duration; 4],
    /// The edit took the fast path: one article's text changed, nothing it shows
    /// elsewhere did, so only that article was redone and only the pages showing it.
    pub fast: bool,
}

/// The result of a rebuild: the site when there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Rebuild {
    /// The site's files, `None` when any error was found.
    pub files: Option<Vec<OutputFile>>,
    /// Every problem found.
    pub diags: Diagnostics,
    /// What was redone.
    pub stats: Stats,
}

/// A dossier with the caches of its last build.
#[derive(Debug)]
pub struct Session {
    root: PathBuf,
    opts: RenderOptions,
    load: LoadCache,
    clean: CleanCache,
    link: LinkCache,
    render: RenderCache,
    /// The last build, kept when it had no diagnostic at all (the fast path patches it).
    last: Option<(Linked, Vec<OutputFile>)>,
    /// Paths the watcher reported since the last rebuild.
    pending: Option<Vec<PathBuf>>,
}

impl Session {
    /// A session with empty caches.
    pub fn new(root: &Path, opts: RenderOptions) -> Session {
        Session {
            root: root.to_path_buf(),
            opts,
            load: LoadCache::default(),
            clean: CleanCache::default(),
            link: LinkCache::default(),
            render: RenderCache::default(),
            last: None,
            pending: None,
        }
    }

    /// The dossier folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Forces files to be re-read on the next rebuild, whatever their stamps say
    /// (the watcher reports them; a save within the same clock tick keeps the stamp).
    pub fn invalidate<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        for p in paths {
            self.load.invalidate(p);
        }
    }

    /// Like [`Session::invalidate`], and promises that nothing else changed, so the next
    /// rebuild skips walking the folders (it still walks if a path is new or gone).
    pub fn changed_only<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        let paths = paths.into_iter().map(Path::to_path_buf);
        self.pending.get_or_insert_with(Vec::new).extend(paths);
    }

    /// Runs the pipeline, reusing everything that did not change.
    pub fn rebuild(&mut self) -> Rebuild {
        self.rebuild_with(&|_| {})
    }

    /// Like [`Session::rebuild`], calling `progress` with the name of each stage as it starts.
    pub fn rebuild_with(&mut self, progress: &dyn Fn(&str)) -> Rebuild {
        let started = Instant::now();
        if let Some(mut paths) = self.pending.take() {
            // One save is often several events for the same file.
            paths.sort();
            paths.dedup();
            if let [one] = paths.as_slice() {
                if let Some(r) = self.fast_path(one, started) {
                    return r;
                }
            }
            self.invalidate(paths.iter().map(PathBuf::as_path));
            self.load.expect_changes_only_in(paths);
        }
        let last = self.last.take();
        drop(last);
        let mut diags = Diagnostics::new();
        let mut stats = Stats::default();
        let files = (|| {
            let mut t = Instant::now();
            let mut lap = |i: usize| {
                stats.stages[i] = t.elapsed();
                t = Instant::now();
            };
            progress("loading");
            let loaded = load_cached(&self.root, &mut self.load, &mut diags)?;
            lap(0);
            progress("cleaning");
            let cleaned = clean_cached(loaded, &mut self.clean, &mut diags);
            lap(1);
            progress("linking");
            let linked = link_cached(cleaned, &mut self.link, &mut diags);
            lap(2);
            if diags.has_errors() {
                return None;
            }
            progress("rendering");
            let files = render_cached(&linked, &self.opts, &mut self.render, &mut diags);
            lap(3);
            if diags.is_empty() {
                if let Some(f) = &files {
                    self.last = Some((linked, f.clone()));
                }
            }
            files
        })();
        stats.parsed = self.load.parsed_last;
        stats.cleaned = self.clean.cleaned_last;
        stats.marked = self.link.marked_last;
        stats.rendered = self.render.rendered_last;
        stats.files = files.as_ref().map_or(0, Vec::len);
        stats.elapsed = started.elapsed();
        Rebuild {
            files,
            diags,
            stats,
        }
    }
}

impl Session {
    /// One article annotation or seed changed and the last build was clean: redo that
    /// article alone and re-render the pages that show what changed, patching the last
    /// build. Returns `None` (and changes nothing visible) whenever the edit reaches
    /// further: a changed title, date, publication, summary, `see_also`, events or
    /// `[[links]]` (other pages show those), a changed use of global rules, a term left
    /// unmentioned, or any diagnostic. The full rebuild then runs.
    fn fast_path(&mut self, path: &Path, started: Instant) -> Option<Rebuild> {
        let (linked, _) = self.last.as_ref()?;
        let loaded = linked.loaded();
        let (idx, new, seed) = match self.load.reload(&self.root, path)? {
            Reloaded::Term(t) => return self.fast_term(t, started),
            Reloaded::Article(a) => {
                let idx = loaded.articles.iter().position(|x| x.slug == a.slug)?;
                let seed = loaded.seeds.get(&a.seed.value)?.clone();
                (idx, a, seed)
            }
            Reloaded::Seed(s) => {
                let mut owners = loaded
                    .articles
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.seed.value == s.name);
                let (i, a) = owners.next()?;
                if owners.next().is_some() {
                    return None;
                }
                (i, a.clone(), s)
            }
        };
        let old = &loaded.articles[idx];
        let same_header = new.seed.value == old.seed.value
            && new.title == old.title
            && new.date == old.date
            && new.publication == old.publication
            && new.summary == old.summary
            && new
                .see_also
                .iter()
                .map(|s| &s.value)
                .eq(old.see_also.iter().map(|s| &s.value))
            && new.events.len() == old.events.len()
            && new
                .events
                .iter()
                .zip(&old.events)
                .all(|(a, b)| a.date == b.date && a.text.value == b.text.value);
        if !same_header {
            return None;
        }
        let ci = linked
            .cleaned
            .articles
            .iter()
            .position(|c| c.index == idx)?;
        let pos = linked.articles.iter().position(|a| a.ann == idx)?;

        // Clean it again; it must use the global rules as before.
        let mut d = Diagnostics::new();
        let mut uses = RuleUse::default();
        let bp = loaded.boilerplate.as_deref();
        let mode = loaded.config.paragraphs;
        let clean = Arc::new(clean_article(&new, &seed, bp, mode, &mut uses, &mut d));
        if !d.is_empty() || self.clean.uses(&new.slug) != Some(&uses) {
            return None;
        }

        // From here on the last build is patched; a failure must discard it.
        let (mut linked, mut files) = self.last.take()?;
        let old_ann = linked.loaded().articles[idx].clone();
        let loaded = &mut linked.cleaned.loaded;
        loaded.articles[idx] = new.clone();
        loaded.seeds.insert(seed.name.clone(), seed.clone());
        linked.cleaned.articles[ci].article = clean.clone();
        let entry = CleanEntry {
            index: idx,
            article: clean.clone(),
        };
        let marks = self
            .link
            .relink_article(&entry, linked.loaded(), &linked.targets)?;
        if marks.wiki_targets != linked.articles[pos].marks.wiki_targets {
            return None;
        }
        let bp_version = linked
            .loaded()
            .boilerplate
            .as_ref()
            .map_or(0, |b| b.version);
        self.clean.store(
            &new.slug,
            (new.version, seed.version, bp_version, mode),
            clean,
            uses,
        );

        // Term mentions: patch the per-term lists for the counts that changed.
        let old_mentions = std::mem::replace(&mut linked.articles[pos].marks, marks.clone())
            .mentions
            .clone();
        let changed: BTreeSet<usize> = old_mentions
            .iter()
            .chain(&marks.mentions)
            .map(|(&t, _)| t)
            .filter(|t| old_mentions.get(t) != marks.mentions.get(t))
            .collect();
        for &t in &changed {
            let list = &mut linked.terms[t].mentioned_in;
            list.retain(|&(a, _)| a != pos);
            if let Some(&n) = marks.mentions.get(&t) {
                let at = list.partition_point(|&(a, _)| a < pos);
                list.insert(at, (pos, n));
            }
            if list.is_empty() && linked.terms[t].backlinks.is_empty() {
                return None; // "mentioned nowhere" now: the full rebuild reports it.
            }
        }
        let mut jobs = vec![Job::Article(pos), Job::Seed(pos)];
        // The index shows the summary, which defaults to the commentary's first paragraph.
        if crate::render::summary_of(&new) != crate::render::summary_of(&old_ann) {
            jobs.push(Job::Index);
        }
        if !changed.is_empty() {
            jobs.push(Job::Glossary);
            jobs.extend(changed.iter().map(|&t| Job::Term(t)));
        }
        let mut diags = Diagnostics::new();
        let rendered = render_pages(&linked, &self.opts, &mut self.render, &mut diags, &jobs)?;
        if !diags.is_empty() {
            return None;
        }
        let mut replaced = 0;
        for f in files.iter_mut() {
            if let Some(r) = rendered.iter().find(|r| r.path == f.path) {
                *f = r.clone();
                replaced += 1;
            } else if f.path == crate::load::seed::seed_raw_path(&seed.name) {
                f.bytes = seed.raw.clone();
            }
        }
        if replaced != rendered.len() {
            return None;
        }
        let stats = Stats {
            parsed: 1,
            cleaned: 1,
            marked: 1,
            rendered: self.render.rendered_last,
            files: files.len(),
            elapsed: started.elapsed(),
            stages: Default::default(),
            fast: true,
        };
        self.last = Some((linked, files.clone()));
        Some(Rebuild {
            files: Some(files),
            diags,
            stats,
        })
    }

    /// A glossary entry whose definition (or weak aliases) alone changed: only its own
    /// page shows those. Its names, kind and relations must be unchanged (they are
    /// matched in articles and shown on other pages), and so must its `[[links]]`.
    fn fast_term(
        &mut self,
        new: Arc<crate::load::TermAnnotation>,
        started: Instant,
    ) -> Option<Rebuild> {
        let (linked, _) = self.last.as_ref()?;
        let loaded = linked.loaded();
        let ti = loaded.terms.iter().position(|t| t.slug == new.slug)?;
        let old = &loaded.terms[ti];
        let names = |t: &crate::load::TermAnnotation| -> Vec<String> {
            std::iter::once(&t.term)
                .chain(&t.aliases)
                .map(|l| l.value.clone())
                .collect()
        };
        let relations = |t: &crate::load::TermAnnotation| -> Vec<String> {
            t.see_also
                .iter()
                .chain(&t.part_of)
                .map(|l| l.value.clone())
                .collect()
        };
        if names(&new) != names(old)
            || new.kind != old.kind
            || new.case != old.case
            || relations(&new) != relations(old)
        {
            return None;
        }
        let links = LinkCache::definition_links(&new, &linked.targets)?;
        if links != linked.terms[ti].links_to {
            return None;
        }
        let (mut linked, mut files) = self.last.take()?;
        linked.cleaned.loaded.terms[ti] = new;
        let mut diags = Diagnostics::new();
        let rendered = render_pages(
            &linked,
            &self.opts,
            &mut self.render,
            &mut diags,
            &[Job::Term(ti)],
        )?;
        if !diags.is_empty() {
            return None;
        }
        let page = rendered.into_iter().next()?;
        let slot = files.iter_mut().find(|f| f.path == page.path)?;
        *slot = page;
        let stats = Stats {
            parsed: 1,
            rendered: 1,
            files: files.len(),
            elapsed: started.elapsed(),
            fast: true,
            ..Stats::default()
        };
        self.last = Some((linked, files.clone()));
        Some(Rebuild {
            files: Some(files),
            diags,
            stats,
        })
    }
}

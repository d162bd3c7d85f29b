//! A build that remembers: the caches of every stage, kept between rebuilds.
//!
//! `serve` holds one [`Session`]; each rebuild runs the whole pipeline, but every
//! stage reuses what did not change: `load` re-parses only files whose length or
//! modification time changed, `clean` re-cleans only articles whose annotation, seed
//! or global rules changed, `link` re-marks only articles whose text changed (all of
//! them when the glossary's spellings change, since any text may mention a new
//! alias), and `render` re-renders only pages whose reads changed (all of them when a
//! template changes, without re-parsing anything). `build` uses a fresh session, so a
//! cached and a fresh build share one code path.
//!
//! On top of that, a *fast path* (see `fast`): one edited article or glossary entry is
//! patched into the last site instead of passing over every article.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::clean::{clean_cached, CleanCache};
use crate::diagnostic::Diagnostics;
use crate::link::{link_cached, LinkCache};
use crate::load::{load_cached, LoadCache};
use crate::render::{render_cached, OutputFile, RenderCache, RenderOptions, Sink};
use crate::site::Site;

mod fast;
mod tee;

use tee::Tee;

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
    pub stages: [Duration; 5],
    /// The edit took the fast path: one article's text changed, nothing it shows
    /// elsewhere did, so only that article was redone and only the pages showing it.
    pub fast: bool,
    /// Articles whose cleaning and whose linking the caches hold after the rebuild
    /// (deleted articles are forgotten, so a long `serve` does not grow).
    pub held: [usize; 2],
}

/// What the stages made.
struct Made {
    files: Vec<OutputFile>,
    texts: Option<std::sync::Arc<crate::scaffold::snippet::Texts>>,
    search_pending: Option<String>,
    base_url: String,
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
    /// `dossier.json` in parts, when the options keep it out of `files`
    /// ([`RenderOptions::data_in_parts`]).
    pub data: Option<std::sync::Arc<crate::render::DataParts>>,
    /// The language of the search index still to build, when the session leaves it
    /// to the caller ([`Session::defer_search`]) and the site has search.
    pub search_pending: Option<String>,
    /// The articles' text as built, for annotation snippets, when the session keeps
    /// it ([`Session::keep_texts`]) and the build linked.
    pub texts: Option<std::sync::Arc<crate::scaffold::snippet::Texts>>,
    /// `base_url` as dossier.toml sets it, when the build got as far as rendering.
    pub base_url: Option<String>,
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
    last: Option<(Site, Vec<OutputFile>)>,
    /// Paths the watcher reported since the last rebuild.
    pending: Option<Vec<PathBuf>>,
    /// Leave the search index to the caller (`serve` builds it in the background).
    defer_search: bool,
    keep_texts: bool,
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
            defer_search: false,
            keep_texts: false,
        }
    }

    /// The dossier folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Leaves the search index out of every rebuild's files and says in
    /// [`Rebuild::search_pending`] that it is to be built: `serve` builds it in the
    /// background, so that an edit reloads without waiting for it.
    pub fn defer_search(&mut self) {
        self.defer_search = true;
    }

    /// Every rebuild that links also returns the articles' text as built
    /// ([`Rebuild::texts`]), for `serve`'s annotation snippets.
    pub fn keep_texts(&mut self) {
        self.keep_texts = true;
    }

    /// The texts of `site`, when kept.
    fn texts_of(&self, site: &Site) -> Option<std::sync::Arc<crate::scaffold::snippet::Texts>> {
        self.keep_texts
            .then(|| std::sync::Arc::new(crate::scaffold::snippet::Texts::of(site, &self.root)))
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
        self.run(None, progress)
    }

    /// Like [`Session::rebuild_with`], passing each file to `sink` as soon as it is
    /// made instead of returning them (`build` writes them at once): the rebuild's
    /// `files` is then an empty list on success, and the session keeps no page.
    pub fn rebuild_into(&mut self, sink: &dyn Sink, progress: &dyn Fn(&str)) -> Rebuild {
        self.run(Some(sink), progress)
    }

    fn run(&mut self, sink: Option<&dyn Sink>, progress: &dyn Fn(&str)) -> Rebuild {
        let started = Instant::now();
        if let Some(r) = self.take_pending(sink, started) {
            return r;
        }
        let last = self.last.take();
        drop(last);
        let mut diags = Diagnostics::new();
        let mut stats = Stats::default();
        let made = self.stages(sink, progress, &mut diags, &mut stats);
        let (files, texts, search_pending, base_url) = match made {
            Some(m) => (Some(m.files), m.texts, m.search_pending, Some(m.base_url)),
            None => (None, None, None, None),
        };
        stats.parsed = self.load.parsed_last;
        stats.cleaned = self.clean.cleaned_last;
        stats.marked = self.link.marked_last;
        stats.rendered = self.render.rendered_last;
        stats.held = [self.clean.held(), self.link.held()];
        if files.is_none() {
            stats.files = 0;
        }
        stats.elapsed = started.elapsed();
        Rebuild {
            data: files.as_ref().and(self.render.data_parts()),
            texts: files.as_ref().and(texts),
            files,
            diags,
            stats,
            search_pending,
            base_url,
        }
    }

    /// Takes the files changed since the last build: one file is tried on the fast
    /// path (its rebuild, when it applies); otherwise their caches are invalidated.
    fn take_pending(&mut self, sink: Option<&dyn Sink>, started: Instant) -> Option<Rebuild> {
        let mut paths = self.pending.take()?;
        // One save is often several events for the same file.
        paths.sort();
        paths.dedup();
        if let ([one], None) = (paths.as_slice(), sink) {
            if let Some(r) = self.fast_path(one, started) {
                return Some(r);
            }
        }
        self.invalidate(paths.iter().map(PathBuf::as_path));
        self.load.expect_changes_only_in(paths);
        None
    }

    /// Runs every stage, timing each; `None` when one failed.
    fn stages(
        &mut self,
        sink: Option<&dyn Sink>,
        progress: &dyn Fn(&str),
        diags: &mut Diagnostics,
        stats: &mut Stats,
    ) -> Option<Made> {
        let mut t = Instant::now();
        let mut lap = |stats: &mut Stats, i: usize| {
            stats.stages[i] = t.elapsed();
            t = Instant::now();
        };
        progress("loading");
        let loaded = load_cached(&self.root, &mut self.load, diags)?;
        lap(stats, 0);
        progress("cleaning");
        let cleaned = clean_cached(loaded, &mut self.clean, diags);
        lap(stats, 1);
        progress("linking");
        let site = link_cached(cleaned, &mut self.link, diags);
        lap(stats, 2);
        if diags.has_errors() {
            return None;
        }
        let texts = self.texts_of(&site);
        progress("rendering");
        let tee = sink.map(|to| Tee::new(to, site.config.search && !self.defer_search));
        let tee_sink = tee.as_ref().map(|t| t as &dyn Sink);
        let files = render_cached(&site, &self.opts, &mut self.render, tee_sink, diags);
        lap(stats, 3);
        progress("indexing for search");
        let mut files = files?;
        let search_pending = self.index(&site, &mut files, tee.as_ref(), diags, stats);
        lap(stats, 4);
        let base_url = site.config.base_url.clone();
        if sink.is_none() && diags.is_empty() {
            self.last = Some((site, files.clone()));
        }
        Some(Made {
            files,
            texts,
            search_pending,
            base_url,
        })
    }

    /// Adds the search index to the files, or to what went through `tee`.
    fn index(
        &self,
        site: &Site,
        files: &mut Vec<OutputFile>,
        tee: Option<&Tee>,
        diags: &mut Diagnostics,
        stats: &mut Stats,
    ) -> Option<String> {
        match tee {
            Some(tee) => {
                let mut pages = tee.indexed();
                let kept = pages.len();
                let pending = self.search(site, &mut pages, diags);
                tee.put_all(pages.drain(kept..), diags);
                stats.files = tee.count();
                files.clear();
                pending
            }
            None => {
                let pending = self.search(site, files, diags);
                stats.files = files.len();
                pending
            }
        }
    }

    /// The search stage, when the dossier has search: adds the index of `files` to
    /// them, or, when the caller builds it ([`Session::defer_search`]), returns the
    /// language to build it in.
    fn search(
        &self,
        site: &Site,
        files: &mut Vec<OutputFile>,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let c = &site.config;
        if !c.search {
            return None;
        }
        if self.defer_search {
            return Some(c.language.clone());
        }
        let index = crate::search::index(files, &c.language, diags);
        files.extend(index);
        None
    }
}

//! Stage 4, **render**: turns the site model into output files, handed one by one
//! to a [`Sink`] as they are made (`build` writes them at once) or returned together
//! (`serve` keeps them in memory).
//!
//! Each page gets a small serialisable view built through a [`PageCtx`], which
//! records what the page reads of the site; the page is rendered by Tera, pages in
//! parallel with rayon. Site-wide values (title, language, counts) live once in Tera's
//! global context. Article text is escaped here, in Rust, because seeds are untrusted;
//! marks (notes, fixes, term links) become HTML around escaped text. Every internal
//! link is relative to the page, so the site works under any sub-path and from
//! `file://`; only `404.html`, which GitHub serves at any depth, uses the base path.
//!
//! A rendered page is kept with what it read and the fingerprints of those reads
//! ([`Fingerprints`]); the next build reuses it when none changed. There is no list
//! of which page depends on what: each page's reads are its dependencies.
//!
//! The default theme (templates/ and templates/static/) is compiled into the binary;
//! a dossier's own `templates/` overrides it file by file.

use std::collections::BTreeMap;
use std::hash::Hash;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use tera::Tera;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::{Fingerprints, PageCtx, Site};
use tracked::Tracked;

mod discovery;
mod fragments;
mod gzip;
pub mod pager;
mod pages;
mod paragraph;
pub mod paths;
mod templates;
mod tracked;
mod views;

pub use fragments::DataParts;
pub use pages::{all_pages, Page, Scope};
pub use paths::{
    article_path, encode_path, escape, link_path, root_of, seed_raw_path, seed_view_href,
    term_path, DATA_EXPORT_PATH, SEED_VIEW_PATH,
};
pub use templates::{default_templates, DEFAULT_STATIC};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// Contents (shared with the render cache).
    pub bytes: Arc<Vec<u8>>,
}

/// Options that change URLs, not content.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Overrides `base_url` of dossier.toml.
    pub base_url: Option<String>,
    /// Leave `dossier.json` out of the files and keep it in parts instead
    /// ([`RenderCache::data_parts`]), for `serve` to join when it is asked for.
    pub data_in_parts: bool,
}

/// A rendered page with what it read.
type Rendered = Tracked<Arc<Vec<u8>>>;

/// Rendered pages kept across rebuilds; a page whose reads did not change is not
/// rendered again.
#[derive(Default)]
pub struct RenderCache {
    tera: Option<(u64, Arc<Tera>)>,
    pages: HashMap<String, Rendered>,
    /// The data export's parts, when it is kept in memory.
    fragments: fragments::Fragments,
    /// The data export of the last run, in parts ([`RenderOptions::data_in_parts`]).
    data_parts: Option<Arc<DataParts>>,
    /// The export's part besides its articles, kept with its reads.
    data_rest: Option<fragments::Rest>,
    /// How many pages the last run rendered (the rest came from the cache).
    pub rendered_last: usize,
}

impl RenderCache {
    /// The data export of the last run, in parts, when the options asked for that.
    pub fn data_parts(&self) -> Option<Arc<DataParts>> {
        self.data_parts.clone()
    }
}

impl std::fmt::Debug for RenderCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderCache")
            .field("pages", &self.pages.len())
            .field("rendered_last", &self.rendered_last)
            .finish()
    }
}

/// Where each file goes as soon as it is made, instead of into the list
/// [`render_cached`] returns: `build` writes it at once and keeps nothing, so the
/// site is never held whole in memory. Called from several threads.
pub trait Sink: Sync {
    /// Takes one file of the site; an error is why it could not.
    fn put(&self, file: OutputFile) -> std::io::Result<()>;

    /// Takes one file of the site that `fill` writes, for a file too large to hold
    /// (the data export). By default it is gathered, then [put](Sink::put).
    fn put_stream(&self, path: &str, fill: Fill) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.put(OutputFile {
            path: path.to_string(),
            bytes: Arc::new(bytes),
        })
    }
}

/// What writes a streamed file's bytes.
pub type Fill<'f> = &'f mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>;

/// A rendered page, kept for the cache, or passed on to a [`Sink`].
enum Made {
    Kept(String, Rendered),
    Passed,
}

/// Renders every page and static file, reusing every page in `cache` whose reads did
/// not change (an empty cache renders everything). Returns the files, or, with a
/// `sink`, passes each one to it as it is made and returns an empty list (the cache
/// then keeps no page).
pub fn render_cached(
    site: &Site,
    opts: &RenderOptions,
    cache: &mut RenderCache,
    sink: Option<&dyn Sink>,
    diags: &mut Diagnostics,
) -> Option<Vec<OutputFile>> {
    cache.rendered_last = 0;
    let mut config = site.config.clone();
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let (global_fp, tera) = theme(site, &config, cache, diags)?;
    let base_url = config.base_url_slash();
    let base_path = config.base_path();
    let shared = pages::Shared {
        base_url: &base_url,
        base_path: &base_path,
        description: &config.description,
        title: &config.title,
    };
    let fps = Fingerprints::new(site);
    let scope = Scope {
        feed: is_absolute(&base_url),
    };
    let mut pages = all_pages(site, scope);
    let data = data_export(
        site,
        &mut pages,
        sink.is_none(),
        opts,
        &fps,
        global_fp,
        cache,
    );
    let run = Run {
        site,
        tera: &tera,
        fps: &fps,
        global_fp,
        shared: &shared,
        sink,
        cached: &cache.pages,
    };
    let results: Vec<_> = pages.par_iter().map(|&p| run.page(p)).collect();
    let mut files = collect(results, cache, diags)?;
    files.extend(data);
    let mut others = other_files(site, &config);
    others.extend(discovery::files(site, &pages, &base_url));
    match sink {
        Some(sink) => {
            for f in others {
                let path = f.path.clone();
                sink.put(f)
                    .map_err(|why| diags.push(Diagnostic::error(&path, why.to_string())))
                    .ok()?;
            }
        }
        None => files.extend(others),
    }
    Some(files)
}

/// In memory (`serve`, or a build without a sink), the data export is joined from
/// parts kept between rebuilds: takes its page out of `pages` and makes it so.
fn data_export(
    site: &Site,
    pages: &mut Vec<Page>,
    in_memory: bool,
    opts: &RenderOptions,
    fps: &Fingerprints,
    global_fp: u64,
    cache: &mut RenderCache,
) -> Option<OutputFile> {
    cache.data_parts = None;
    let at = pages.iter().position(Page::is::<pages::Data>)?;
    if !in_memory {
        return None;
    }
    let path = pages.remove(at).path(site);
    let (parts, fresh) = fragments::data_parts(site, fps, global_fp, cache);
    cache.rendered_last += usize::from(fresh);
    let parts = Arc::new(parts);
    cache.data_parts = Some(parts.clone());
    // Joined into the files, unless the caller joins it when asked (`serve`).
    (!opts.data_in_parts).then(|| OutputFile {
        path,
        bytes: Arc::new(parts.to_gzip()),
    })
}

/// What rendering one page needs.
struct Run<'r> {
    site: &'r Site,
    tera: &'r Tera,
    fps: &'r Fingerprints<'r>,
    global_fp: u64,
    shared: &'r pages::Shared<'r>,
    sink: Option<&'r dyn Sink>,
    cached: &'r HashMap<String, Rendered>,
}

impl Run<'_> {
    /// Streams, reuses or renders page `p`; with whether it was made afresh.
    fn page(&self, p: Page) -> Result<(Made, bool), Vec<Diagnostic>> {
        let site = self.site;
        let path = p.path(site);
        if let Some(sink) = self.sink.filter(|_| p.streams()) {
            let ctx = PageCtx::new(site);
            return sink
                .put_stream(&path, &mut |w| p.stream(&ctx, self.shared, w))
                .map(|()| (Made::Passed, true))
                .map_err(|why| vec![Diagnostic::error(&path, why.to_string())]);
        }
        let current = |c: &&Rendered| c.is_current(self.global_fp, self.fps);
        if let Some(c) = self.cached.get(&path).filter(current) {
            return pass(self.sink, path, c.clone()).map(|m| (m, false));
        }
        let page = Tracked::try_make(site, self.global_fp, self.fps, |ctx| {
            let made = match p.make(ctx, &pages::At::new(&path, self.shared)) {
                pages::Body::Data(bytes) => bytes,
                pages::Body::Template(template, context) => self
                    .tera
                    .render(template, &context)
                    .map_err(|e| self.template_error(&e, &path))?
                    .into_bytes(),
            };
            Ok::<_, Vec<Diagnostic>>(Arc::new(made))
        })?;
        pass(self.sink, path, page).map(|m| (m, true))
    }

    /// What is wrong with a template that failed to render `path`.
    fn template_error(&self, e: &tera::Error, path: &str) -> Vec<Diagnostic> {
        let sources = templates::template_sources(&self.site.templates, &mut Diagnostics::new());
        templates::template_diagnostics(e, &sources)
            .into_iter()
            .map(|d| d.with_help(path.to_string()))
            .collect()
    }
}

/// Whether `base_url` is absolute (`http://` or `https://`): feeds and sitemaps need
/// absolute URLs.
pub fn is_absolute(base_url: &str) -> bool {
    let b = base_url.trim().to_ascii_lowercase();
    b.starts_with("https://") || b.starts_with("http://")
}

/// Hands a page to `sink`, or keeps it.
fn pass(sink: Option<&dyn Sink>, path: String, page: Rendered) -> Result<Made, Vec<Diagnostic>> {
    let Some(sink) = sink else {
        return Ok(Made::Kept(path, page));
    };
    let file = OutputFile {
        path: path.clone(),
        bytes: page.value,
    };
    sink.put(file)
        .map(|()| Made::Passed)
        .map_err(|why| vec![Diagnostic::error(&path, why.to_string())])
}

/// The compiled theme, from the cache while the templates, settings and counts are
/// unchanged; with the fingerprint of those.
fn theme(
    site: &Site,
    config: &crate::config::Config,
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
) -> Option<(u64, Arc<Tera>)> {
    let sources = templates::template_sources(&site.templates, diags);
    let counts = (site.articles.len(), site.terms.len(), site.timeline.len());
    // Everything every page depends on: templates, settings, the counts in the footer.
    let global_fp = crate::hash::with(|h| {
        sources.hash(h);
        serde_json::to_string(config).unwrap_or_default().hash(h);
        counts.hash(h);
    });
    if let Some((fp, t)) = &cache.tera {
        if *fp == global_fp {
            return Some((global_fp, t.clone()));
        }
    }
    let mut tera = templates::compile_templates(&sources, diags)?;
    let g = tera.global_context();
    g.insert("site", config);
    g.insert("base_path", &config.base_path());
    g.insert("article_count", &counts.0);
    g.insert("term_count", &counts.1);
    g.insert("event_count", &counts.2);
    // The feed exists only where URLs can be absolute.
    g.insert("feed", &is_absolute(&config.base_url));
    g.insert("print_edition", &(counts.0 <= views::print::PRINT_MAX));
    g.insert("site_title_css", &views::print::css_string(&config.title));
    let tera = Arc::new(tera);
    cache.tera = Some((global_fp, tera.clone()));
    Some((global_fp, tera))
}

/// Stores fresh pages in the cache, forgets pages that are gone, and reports each
/// template mistake once (one mistake fails every page using it).
fn collect(
    results: Vec<Result<(Made, bool), Vec<Diagnostic>>>,
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
) -> Option<Vec<OutputFile>> {
    let mut files = Vec::with_capacity(results.len() + 8);
    let mut failures: BTreeMap<String, (Diagnostic, usize)> = BTreeMap::new();
    let mut live: HashMap<String, Rendered> = HashMap::default();
    for r in results {
        match r {
            Ok((made, fresh)) => {
                cache.rendered_last += usize::from(fresh);
                if let Made::Kept(path, rendered) = made {
                    files.push(OutputFile {
                        path: path.clone(),
                        bytes: rendered.value.clone(),
                    });
                    live.insert(path, rendered);
                }
            }
            Err(ds) => {
                for d in ds {
                    let key = format!("{}:{:?}:{}", d.file.display(), d.position, d.message);
                    failures.entry(key).or_insert((d, 0)).1 += 1;
                }
            }
        }
    }
    cache.pages = live;
    for (_, (d, n)) in failures {
        let first = d.help.clone().unwrap_or_default();
        let help = format!(
            "it fails {} (first: {first}); the variables each template gets are in docs/templates.md",
            crate::diagnostic::counted(n, "page")
        );
        diags.push(d.with_help(help));
    }
    (!diags.has_errors()).then_some(files)
}

/// The files besides pages: static files (defaults, then the dossier's overrides and
/// additions from templates/static/), the published seeds as plain text, the GitHub
/// Pages markers.
fn other_files(site: &Site, config: &crate::config::Config) -> Vec<OutputFile> {
    let mut statics: BTreeMap<String, Arc<Vec<u8>>> = DEFAULT_STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), Arc::new(b.to_vec())))
        .collect();
    for (name, bytes) in &site.templates {
        if name.starts_with("static/") {
            statics.insert(name.clone(), bytes.clone());
        }
    }
    let mut files: Vec<OutputFile> = statics
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect();
    for a in &site.articles {
        files.push(OutputFile {
            path: seed_raw_path(&a.seed.name),
            bytes: a.seed.raw.clone(),
        });
    }
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Arc::new(Vec::new()),
    });
    if let Some(c) = config
        .cname
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        files.push(OutputFile {
            path: "CNAME".into(),
            bytes: Arc::new(format!("{c}\n").into_bytes()),
        });
    }
    files
}

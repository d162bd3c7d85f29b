//! `dossier`: a static site generator for an annotated dossier.
//!
//! A dossier is a folder of raw source articles (`seeds/`, kept verbatim) and
//! hand-written annotations (`annotations/`). The engine is a one-way pipeline,
//! one module per stage:
//!
//! ```text
//! load ──► clean ──► link ──► render ──► write
//! ```
//!
//! Each stage takes the previous stage's value and returns its own; problems are
//! collected as [`diagnostic::Diagnostic`]s, never panics. [`check`] runs
//! everything but the write; [`build`] runs everything.

#![deny(missing_docs)]

pub mod claims;
pub mod clean;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod hash;
pub mod link;
pub mod load;
pub mod markdown;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod sources;
pub mod url;
pub mod write;

use std::path::{Path, PathBuf};

use diagnostic::{Diagnostic, Diagnostics};

/// Runs load → clean → link, then, when that found no error, renders every page in
/// memory so that template mistakes are reported too. Writes nothing. Returns the
/// linked dossier when it could be read at all.
pub fn check(root: &Path, diags: &mut Diagnostics) -> Option<site::Site> {
    let loaded = load::load(root, diags)?;
    let cleaned = clean::clean(loaded, diags);
    let linked = link::link(cleaned, diags);
    if !diags.has_errors() {
        let mut cache = render::RenderCache::default();
        render::render_cached(
            &linked,
            &render::RenderOptions::default(),
            &mut cache,
            Some(&Discard),
            diags,
        );
    }
    Some(linked)
}

/// A sink that drops every file (`check` renders only to find template mistakes).
struct Discard;

impl render::Sink for Discard {
    fn put(&self, _: render::OutputFile) -> std::io::Result<()> {
        Ok(())
    }

    /// The data exports are not made at all: nothing in them can fail.
    fn put_stream(&self, _: &str, _: render::Fill) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs the whole pipeline into memory (no disk writes): what `build` writes and `serve` serves.
pub fn render_site(
    root: &Path,
    opts: &render::RenderOptions,
    diags: &mut Diagnostics,
) -> Option<Vec<render::OutputFile>> {
    render_site_with(root, opts, diags, &|_| {}).0
}

fn render_site_with(
    root: &Path,
    opts: &render::RenderOptions,
    diags: &mut Diagnostics,
    progress: &dyn Fn(&str),
) -> (Option<Vec<render::OutputFile>>, session::Stats) {
    let result = session::Session::new(root, opts.clone()).rebuild_with(progress);
    diags.extend(result.diags.items().iter().cloned());
    (result.files, result.stats)
}

/// Options of `dossier build`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The dossier folder.
    pub root: PathBuf,
    /// Output folder (default `<root>/site`).
    pub output: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
}

/// What a successful build wrote.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Output folder.
    pub output: PathBuf,
    /// Number of files written.
    pub files: usize,
    /// Article pages.
    pub articles: usize,
    /// Glossary term pages.
    pub terms: usize,
    /// What each stage did and how long it took.
    pub stats: session::Stats,
    /// How long writing the files took.
    pub write: std::time::Duration,
    /// What writing did: files written, left as they were, deleted.
    pub written: write::Written,
    /// Nothing was done: no input changed since the build that wrote the output.
    pub up_to_date: bool,
}

/// Pages among `paths` below `prefix` (not their index pages).
fn count_pages<'a>(paths: impl Iterator<Item = &'a str>, prefix: &str) -> usize {
    paths.filter(|p| is_page_in(p, prefix)).count()
}

/// Whether `path` is a page below `prefix`, not an index page or a further page of one.
fn is_page_in(path: &str, prefix: &str) -> bool {
    path.starts_with(prefix)
        && path.ends_with(".html")
        && !path.ends_with("/index.html")
        && !path.contains(".page-")
}

/// The summary of a build that has nothing to do: `output` holds a manifest recording
/// these `inputs`, from a build without diagnostics, and every file it lists.
fn up_to_date(
    output: &Path,
    inputs: Option<u128>,
    previous: Option<&write::Manifest>,
) -> Option<BuildSummary> {
    let m = previous?;
    (inputs.is_some() && m.inputs == inputs && m.files_present(output)).then_some(())?;
    let paths = || m.files.keys().map(String::as_str);
    Some(BuildSummary {
        output: output.to_path_buf(),
        files: m.files.len() + 1,
        articles: count_pages(paths(), "articles/"),
        terms: count_pages(paths(), "glossary/"),
        stats: session::Stats::default(),
        write: std::time::Duration::ZERO,
        written: write::Written {
            unchanged: m.files.len(),
            ..write::Written::default()
        },
        up_to_date: true,
    })
}

/// Builds the site. On any error nothing is written and the previous output stays.
pub fn build(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<BuildSummary> {
    build_with(opts, diags, &|_| {})
}

/// Why a build with `opts` into `output` must not start: a bad `--base-url`, or an
/// output folder among the inputs.
fn refuse(opts: &BuildOptions, output: &Path) -> Option<Diagnostic> {
    if let Some(Err(why)) = opts.base_url.as_deref().map(config::check_base_url) {
        let d = Diagnostic::error("--base-url", format!("--base-url {why}"));
        return Some(d.with_help(config::BASE_URL_HELP));
    }
    write::refuse_output_inside_inputs(&opts.root, output)
}

/// Like [`build`], reporting each step's name to `progress` as it starts.
pub fn build_with(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    progress: &dyn Fn(&str),
) -> Option<BuildSummary> {
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("site"));
    if let Some(d) = refuse(opts, &output) {
        diags.push(d);
        return None;
    }
    // Fingerprinted before anything is read: an edit made during the build changes it.
    let inputs = load::inputs_fingerprint(&opts.root, opts.base_url.as_deref().unwrap_or(""));
    // Read once: it decides whether there is work, then what needs rewriting.
    let previous = write::Manifest::read(&output);
    if let Some(s) = up_to_date(&output, inputs, previous.as_ref()) {
        return Some(s);
    }
    let ropts = render::RenderOptions {
        base_url: opts.base_url.clone(),
        data_in_parts: false,
    };
    let mut session = session::Session::new(&opts.root, ropts);
    let writer = match write::SiteWriter::begin(&output, previous) {
        Ok(w) => w,
        Err(e) => {
            diags.push(write_error(&output, &e));
            // Every other problem is still worth reporting.
            let r = session.rebuild_into(&Discard, progress);
            diags.extend(r.diags.items().iter().cloned());
            return None;
        }
    };
    let sink = WriteSink::new(&writer);
    let result = session.rebuild_into(&sink, progress);
    // The caches of a one-off build are not needed again: they are freed on another
    // thread, while the site is completed (the process may exit first).
    std::thread::spawn(move || drop(session));
    diags.extend(result.diags.items().iter().cloned());
    if let Some(e) = sink.failed() {
        diags.push(write_error(&output, &e));
        return None;
    }
    result.files?;
    progress("writing");
    let started = std::time::Instant::now();
    // A build with diagnostics is never skipped: the next one must report them again.
    let inputs = inputs.filter(|_| diags.is_empty());
    // Said once, by the build that leaves them out (an up-to-date build says nothing),
    // and only to a build given an address to be published at: a local build needs
    // no feed.
    if !sink.wrote_feed() && for_publishing(opts, result.base_url.as_deref()) {
        diags.push(no_feed_warning());
    }
    let [articles, terms] = sink.pages();
    match writer.finish(inputs) {
        Ok(written) => Some(BuildSummary {
            output,
            files: result.stats.files + 1,
            articles,
            terms,
            stats: result.stats,
            write: started.elapsed(),
            written,
            up_to_date: false,
        }),
        Err(e) => {
            diags.push(write_error(&output, &e));
            None
        }
    }
}

/// Whether the build is given a base URL (`--base-url`, else `configured`, the
/// `base_url` of dossier.toml): one for a published site, where feeds and sitemaps are
/// expected.
fn for_publishing(opts: &BuildOptions, configured: Option<&str>) -> bool {
    let base = opts.base_url.as_deref().or(configured);
    base.is_some_and(|b| !b.trim().is_empty())
}

/// The warning that the feed and sitemap are left out: the render stage makes them
/// only when the base URL (`--base-url`, else `base_url` of dossier.toml) is absolute.
fn no_feed_warning() -> Diagnostic {
    Diagnostic::warning(
        "dossier.toml",
        "`base_url` is not an absolute URL: atom.xml, sitemap.xml and robots.txt are not written",
    )
    .with_help(
        "feeds and sitemaps need absolute addresses: set `base_url = \"https://user.github.io/repo/\"` \
         in dossier.toml, or pass --base-url (the Pages workflow does)",
    )
}

/// The diagnostic of a failure to write the site into `output`.
fn write_error(output: &Path, e: &write::WriteError) -> Diagnostic {
    Diagnostic::error(output, e.to_string())
        .with_help("choose another --output folder, or empty this one")
}

/// The sink of `build`: writes each file as it is made, counts the article and term
/// pages, and stops writing at the first failure (a full disk fails every file:
/// one diagnostic is enough).
struct WriteSink<'a> {
    writer: &'a write::SiteWriter,
    failed: std::sync::Mutex<Option<write::WriteError>>,
    pages: [std::sync::atomic::AtomicUsize; 2],
    /// `atom.xml` was among the files.
    feed: std::sync::atomic::AtomicBool,
}

impl<'a> WriteSink<'a> {
    fn new(writer: &'a write::SiteWriter) -> WriteSink<'a> {
        WriteSink {
            writer,
            failed: std::sync::Mutex::new(None),
            pages: Default::default(),
            feed: Default::default(),
        }
    }

    /// The first failure, if any.
    fn failed(&self) -> Option<write::WriteError> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    /// Whether the feed was among the files (it is made only with an absolute base URL).
    fn wrote_feed(&self) -> bool {
        self.feed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Article pages and glossary term pages written.
    fn pages(&self) -> [usize; 2] {
        self.pages
            .each_ref()
            .map(|n| n.load(std::sync::atomic::Ordering::Relaxed))
    }
}

impl render::Sink for WriteSink<'_> {
    fn put(&self, file: render::OutputFile) -> std::io::Result<()> {
        let failed = || self.failed.lock().unwrap_or_else(|e| e.into_inner());
        if failed().is_some() {
            return Ok(());
        }
        for (n, prefix) in self.pages.iter().zip(["articles/", "glossary/"]) {
            if is_page_in(&file.path, prefix) {
                n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        if file.path == "atom.xml" {
            self.feed.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if let Err(e) = self.writer.put(&file) {
            failed().get_or_insert(e);
        }
        Ok(())
    }

    fn put_stream(&self, path: &str, fill: render::Fill) -> std::io::Result<()> {
        let failed = || self.failed.lock().unwrap_or_else(|e| e.into_inner());
        if failed().is_some() {
            return Ok(());
        }
        if let Err(e) = self.writer.put_stream(path, fill) {
            failed().get_or_insert(e);
        }
        Ok(())
    }
}

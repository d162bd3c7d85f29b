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
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
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
            diags,
        );
    }
    Some(linked)
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
    paths
        .filter(|p| {
            p.starts_with(prefix)
                && p.ends_with(".html")
                && !p.ends_with("/index.html")
                && !p.contains(".page-")
        })
        .count()
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
    if let Some(b) = &opts.base_url {
        if let Err(why) = config::check_base_url(b) {
            diags.push(
                Diagnostic::error("--base-url", format!("--base-url {why}"))
                    .with_help(config::BASE_URL_HELP),
            );
            return None;
        }
    }
    if let Some(d) = write::refuse_output_inside_inputs(&opts.root, &output) {
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
    };
    let (files, stats) = render_site_with(&opts.root, &ropts, diags, progress);
    let files = files?;
    let paths = || files.iter().map(|f| f.path.as_str());
    let summary = BuildSummary {
        output: output.clone(),
        files: files.len() + 1,
        articles: count_pages(paths(), "articles/"),
        terms: count_pages(paths(), "glossary/"),
        stats,
        write: std::time::Duration::ZERO,
        written: write::Written::default(),
        up_to_date: false,
    };
    progress("writing");
    let started = std::time::Instant::now();
    // A build with diagnostics is never skipped: the next one must report them again.
    let inputs = inputs.filter(|_| diags.is_empty());
    match write::write_site_over(&output, &files, inputs, previous) {
        Ok(written) => Some(BuildSummary {
            write: started.elapsed(),
            written,
            ..summary
        }),
        Err(e) => {
            diags.push(
                Diagnostic::error(&output, e.to_string())
                    .with_help("choose another --output folder, or empty this one"),
            );
            None
        }
    }
}

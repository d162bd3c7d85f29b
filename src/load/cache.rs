//! The load cache: every file's parse kept with its stamp (length, modification
//! time) and reused while the file is unchanged; the listing of the dossier's files;
//! re-reading one file on its own for `serve`'s fast path.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::*;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// A file's identity on disk, to tell whether it changed since it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

pub(crate) fn stamp(path: &Path) -> Option<Stamp> {
    let m = fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

/// A cached parse and its diagnostics, or (to parse again) the file's current stamp.
type Lookup = Result<(Parsed, Vec<Diagnostic>), Option<Stamp>>;

/// One file's parse result, as cached.
#[derive(Debug, Clone)]
pub(crate) enum Parsed {
    Config(Option<Config>),
    Seed(Option<Arc<Seed>>),
    Article(Result<Arc<ArticleAnnotation>, Unreadable>),
    Term(Result<Arc<TermAnnotation>, Unreadable>),
    Index(Option<Arc<IndexPage>>),
    Boilerplate(Option<Arc<Boilerplate>>),
    Template(Option<Arc<Vec<u8>>>),
}

/// Parse results of every file, keyed by path and reused while the file is unchanged
/// on disk (same length and modification time). `serve` keeps one across rebuilds so an
/// edit re-parses one file, not the dossier; `build` starts from an empty one.
#[derive(Debug, Default)]
pub struct LoadCache {
    entries: HashMap<PathBuf, (Stamp, Parsed, Vec<Diagnostic>)>,
    /// The files found by the last walk of the dossier.
    listing: Option<Listing>,
    /// Set by [`LoadCache::expect_changes_only_in`]: the only paths that may have changed.
    only: Option<HashSet<PathBuf>>,
    /// True while a load trusts `only` (no walk, no stat of other files).
    trusting: bool,
    /// How many files the last load parsed (the rest came from the cache).
    pub parsed_last: usize,
}

/// Every input file of a dossier, as found by one walk.
#[derive(Debug, Clone, Default)]
pub(crate) struct Listing {
    seeds_dir: bool,
    seeds: Vec<(PathBuf, String)>,
    articles: Vec<(PathBuf, String)>,
    glossary: Vec<(PathBuf, String)>,
    templates: Vec<(PathBuf, String)>,
    all: HashSet<PathBuf>,
    /// Symlink loops and unreadable folders met on the way.
    problems: Vec<Diagnostic>,
}

impl Listing {
    fn walk(root: &Path) -> Listing {
        // Files below `dir`, each with its key (a seed's or template's file name, a slug).
        fn keyed(
            dir: &Path,
            files: Vec<PathBuf>,
            key: fn(&Path, &Path) -> String,
        ) -> Vec<(PathBuf, String)> {
            files
                .into_iter()
                .map(|p| {
                    let k = key(dir, &p);
                    (p, k)
                })
                .collect()
        }
        let mut l = Listing::default();
        let mut found = |dir: &Path, ext: Option<&str>, key: fn(&Path, &Path) -> String| {
            if dir.is_dir() {
                keyed(dir, walk::files(dir, ext, root, &mut l.problems), key)
            } else {
                Vec::new()
            }
        };
        let seeds_dir = root.join(walk::SEEDS);
        let ann = root.join(walk::ANNOTATIONS);
        let seeds = found(&seeds_dir, None, rel_name);
        let articles = found(&ann.join("articles"), Some("md"), slug_for);
        let glossary = found(&ann.join("glossary"), Some("md"), slug_for);
        let templates = found(&root.join(walk::TEMPLATES), None, rel_name);
        l.seeds_dir = seeds_dir.is_dir();
        (l.seeds, l.articles, l.glossary, l.templates) = (seeds, articles, glossary, templates);
        for single in [
            "dossier.toml",
            "annotations/index.md",
            "annotations/boilerplate.toml",
        ] {
            let p = root.join(single);
            if p.is_file() {
                l.all.insert(p);
            }
        }
        for (p, _) in l
            .seeds
            .iter()
            .chain(&l.articles)
            .chain(&l.glossary)
            .chain(&l.templates)
        {
            l.all.insert(p.clone());
        }
        l
    }
}

impl LoadCache {
    /// Forgets a file, so the next load parses it whatever its stamp says.
    pub fn invalidate(&mut self, path: &Path) {
        self.entries.remove(path);
    }

    /// Promises that since the last load only `paths` changed (the file watcher knows).
    /// The next load then neither walks the folders nor checks other files' stamps,
    /// unless a path is new or gone, in which case it walks as usual.
    pub fn expect_changes_only_in(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.only = Some(paths.into_iter().collect());
    }

    /// Returns the cached result for `path` or parses it, replaying its diagnostics.
    fn get(
        &mut self,
        path: &Path,
        seen: &mut HashSet<PathBuf>,
        diags: &mut Diagnostics,
        parse: impl FnOnce(&mut Diagnostics) -> Parsed,
    ) -> Parsed {
        let (parsed, ds) = match self.lookup(path, seen) {
            Ok(hit) => hit,
            Err(st) => self.parse_and_store(path, st, parse),
        };
        diags.extend(ds);
        parsed
    }

    /// Like [`LoadCache::get`] for many files of one kind: the ones not in the cache
    /// are parsed in parallel; results and diagnostics come in the order of `files`.
    fn get_many(
        &mut self,
        files: &[(PathBuf, String)],
        seen: &mut HashSet<PathBuf>,
        diags: &mut Diagnostics,
        parse: impl Fn(&Path, &str, &mut Diagnostics) -> Parsed + Sync,
    ) -> Vec<Parsed> {
        let looked: Vec<Lookup> = files.iter().map(|(p, _)| self.lookup(p, seen)).collect();
        let fresh: Vec<Option<(Parsed, Vec<Diagnostic>)>> = files
            .par_iter()
            .zip(&looked)
            .map(|((path, key), l)| {
                l.is_err().then(|| {
                    let mut d = Diagnostics::new();
                    let parsed = parse(path, key, &mut d);
                    (parsed, d.items().to_vec())
                })
            })
            .collect();
        let mut out = Vec::with_capacity(files.len());
        for (((path, _), l), f) in files.iter().zip(looked).zip(fresh) {
            let (parsed, ds) = match (l, f) {
                (Ok(hit), _) => hit,
                (Err(st), Some((parsed, ds))) => self.store(path, st, parsed, ds),
                (Err(_), None) => continue,
            };
            diags.extend(ds);
            out.push(parsed);
        }
        out
    }

    /// The cached parse of `path` and its diagnostics, when the file is unchanged;
    /// else its current stamp.
    fn lookup(&self, path: &Path, seen: &mut HashSet<PathBuf>) -> Lookup {
        if self.trusting && !self.only.as_ref().is_some_and(|o| o.contains(path)) {
            if let Some((_, parsed, ds)) = self.entries.get(path) {
                return Ok((parsed.clone(), ds.clone()));
            }
        }
        if !self.trusting {
            seen.insert(path.to_path_buf());
        }
        let st = stamp(path);
        match (st, self.entries.get(path)) {
            (Some(st), Some((old, parsed, ds))) if *old == st => Ok((parsed.clone(), ds.clone())),
            _ => Err(st),
        }
    }

    fn parse_and_store(
        &mut self,
        path: &Path,
        st: Option<Stamp>,
        parse: impl FnOnce(&mut Diagnostics) -> Parsed,
    ) -> (Parsed, Vec<Diagnostic>) {
        let mut local = Diagnostics::new();
        let parsed = parse(&mut local);
        self.store(path, st, parsed, local.items().to_vec())
    }

    /// Keeps a fresh parse (when the file has a stamp) and counts it.
    fn store(
        &mut self,
        path: &Path,
        st: Option<Stamp>,
        parsed: Parsed,
        ds: Vec<Diagnostic>,
    ) -> (Parsed, Vec<Diagnostic>) {
        self.parsed_last += 1;
        if let Some(st) = st {
            self.entries
                .insert(path.to_path_buf(), (st, parsed.clone(), ds.clone()));
        }
        (parsed, ds)
    }
}

pub(crate) fn parse_seed_file(root: &Path, path: &Path, name: &str, d: &mut Diagnostics) -> Parsed {
    let display = crate::diagnostic::display_path(root, path);
    Parsed::Seed(Some(Arc::new(seed::read_seed(display, path, name, d))))
}

/// Reads and parses an article or glossary file; `Err` when it could not be parsed
/// (links to it are then not reported again; an unusable name has an empty slug).
pub(crate) fn parse_annotation_file<T>(
    root: &Path,
    path: &Path,
    slug: &str,
    d: &mut Diagnostics,
    usable: bool,
    naming: (&str, &str),
    parse: fn(String, Arc<SourceFile>, &mut Diagnostics) -> Option<T>,
) -> Result<Arc<T>, Unreadable> {
    let is_term = naming.0 == "glossary";
    let mut unreadable = Unreadable {
        slug: slug.to_string(),
        is_term,
        names: Vec::new(),
        file: crate::diagnostic::display_path(root, path),
    };
    let Some(src) = read_text(root, path, d) else {
        return Err(unreadable);
    };
    if !usable {
        let (what, help) = naming;
        d.push(
            Diagnostic::error(&src.path, format!("`{slug}` is not a usable {what} slug"))
                .with_help(help),
        );
        unreadable.slug.clear();
        return Err(unreadable);
    }
    match parse(slug.to_string(), src.clone(), d) {
        Some(v) => Ok(Arc::new(v)),
        None => {
            if is_term {
                unreadable.names = salvage_names(&src.text);
                // `islamic-state` is most likely "Islamic State".
                let last = slug.rsplit('/').next().unwrap_or(slug);
                unreadable.names.push(last.replace(['-', '_'], " "));
            }
            Err(unreadable)
        }
    }
}

pub(crate) fn parse_article_file(
    root: &Path,
    path: &Path,
    slug: &str,
    d: &mut Diagnostics,
) -> Parsed {
    let usable = valid_slug(slug) && !slug.contains('/');
    let naming = (
        "article",
        "name article files with letters, digits, `-` and `_`, directly in annotations/articles/",
    );
    Parsed::Article(parse_annotation_file(
        root,
        path,
        slug,
        d,
        usable,
        naming,
        parse_article,
    ))
}

pub(crate) fn parse_term_file(root: &Path, path: &Path, slug: &str, d: &mut Diagnostics) -> Parsed {
    let usable = valid_slug(slug) && slug != "index";
    let naming = (
        "glossary",
        "name glossary files with letters, digits, `-` and `_` (not `index`)",
    );
    Parsed::Term(parse_annotation_file(
        root, path, slug, d, usable, naming, parse_term,
    ))
}

/// A file re-read on its own by [`LoadCache::reload`].
#[derive(Debug, Clone)]
pub enum Reloaded {
    /// An article annotation, with its slug.
    Article(Arc<ArticleAnnotation>),
    /// A seed, with its name.
    Seed(Arc<Seed>),
    /// A glossary entry.
    Term(Arc<TermAnnotation>),
}

impl LoadCache {
    /// Re-reads one known article annotation or seed (listed by the last load) on its
    /// own, for the fast path of an edit. `None` when the file is not one of those,
    /// or when reading it produced any diagnostic: the caller then does a full load.
    pub fn reload(&mut self, root: &Path, path: &Path) -> Option<Reloaded> {
        let listing = self.listing.as_ref()?;
        let mut d = Diagnostics::new();
        let parsed = if let Some((_, slug)) = listing.articles.iter().find(|(p, _)| p == path) {
            parse_article_file(root, path, slug, &mut d)
        } else if let Some((_, name)) = listing.seeds.iter().find(|(p, _)| p == path) {
            parse_seed_file(root, path, name, &mut d)
        } else if let Some((_, slug)) = listing.glossary.iter().find(|(p, _)| p == path) {
            parse_term_file(root, path, slug, &mut d)
        } else {
            return None;
        };
        if !d.is_empty() {
            return None;
        }
        let out = match &parsed {
            Parsed::Article(Ok(a)) => Reloaded::Article(a.clone()),
            Parsed::Seed(Some(s)) => Reloaded::Seed(s.clone()),
            Parsed::Term(Ok(t)) => Reloaded::Term(t.clone()),
            _ => return None,
        };
        let st = stamp(path)?;
        self.entries
            .insert(path.to_path_buf(), (st, parsed, Vec::new()));
        Some(out)
    }
}

/// Reads and parses one of the single files (index.md, boilerplate.toml).
pub(crate) fn parse_optional<T>(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
    parse: fn(Arc<SourceFile>, &mut Diagnostics) -> Option<T>,
) -> Option<Arc<T>> {
    read_text(root, path, diags)
        .and_then(|s| parse(s, diags))
        .map(Arc::new)
}

/// Like [`load`](super::load), reusing the parse of every file that did not change
/// since `cache` saw it.
pub fn load_cached(root: &Path, cache: &mut LoadCache, diags: &mut Diagnostics) -> Option<Loaded> {
    cache.parsed_last = 0;
    let listing = cache.listing_for(root);
    let mut run = Run {
        root,
        cache,
        seen: HashSet::default(),
        diags,
    };
    let config = run.config(&listing);
    let mut seeds = run.seeds(&listing);
    run.check_folders(&listing);
    let mut unreadable = Vec::new();
    let articles = run.annotations(&listing.articles, parse_article_file, &mut unreadable);
    seed::decode_declared(&mut seeds, &articles, run.diags);
    let terms = run.annotations(&listing.glossary, parse_term_file, &mut unreadable);
    let ann = root.join(crate::load::walk::ANNOTATIONS);
    let index = run.single(&listing, &ann.join("index.md"), |r, p, d| {
        Parsed::Index(parse_optional(r, p, d, parse_index))
    });
    let boilerplate = run.single(&listing, &ann.join("boilerplate.toml"), |r, p, d| {
        Parsed::Boilerplate(parse_optional(r, p, d, parse_boilerplate))
    });
    let templates = run.templates(&listing);
    let Run { cache, seen, .. } = run;
    cache.finish(listing, &seen);
    Some(Loaded {
        root: root.to_path_buf(),
        config: config?,
        seeds,
        articles,
        terms,
        boilerplate: boilerplate.and_then(|p| match p {
            Parsed::Boilerplate(b) => b,
            _ => None,
        }),
        index: index.and_then(|p| match p {
            Parsed::Index(i) => i,
            _ => None,
        }),
        templates,
        unreadable,
    })
}

impl LoadCache {
    /// The files of the dossier: the last walk when the watcher vouches for what
    /// changed and nothing was created or deleted, else a new walk.
    fn listing_for(&mut self, root: &Path) -> Listing {
        let only = self.only.take();
        let listing = match (&only, self.listing.take()) {
            (Some(only), Some(l)) if only.iter().all(|p| l.all.contains(p) && p.is_file()) => {
                self.trusting = true;
                l
            }
            _ => {
                self.trusting = false;
                Listing::walk(root)
            }
        };
        self.only = only;
        listing
    }

    /// Forgets files that are gone (only known after a walk) and keeps the listing.
    fn finish(&mut self, listing: Listing, seen: &HashSet<PathBuf>) {
        if !self.trusting {
            self.entries.retain(|p, _| seen.contains(p));
        }
        self.trusting = false;
        self.only = None;
        self.listing = Some(listing);
    }
}

/// One load: the cache, the files seen, the diagnostics.
struct Run<'a> {
    root: &'a Path,
    cache: &'a mut LoadCache,
    seen: HashSet<PathBuf>,
    diags: &'a mut Diagnostics,
}

impl Run<'_> {
    fn get(&mut self, path: &Path, parse: impl FnOnce(&mut Diagnostics) -> Parsed) -> Parsed {
        self.cache.get(path, &mut self.seen, self.diags, parse)
    }

    fn config(&mut self, listing: &Listing) -> Option<Config> {
        let (root, path) = (self.root, self.root.join("dossier.toml"));
        if !listing.all.contains(&path) {
            return load_config(root, self.diags);
        }
        match self.get(&path, |d| Parsed::Config(load_config(root, d))) {
            Parsed::Config(c) => c,
            _ => None,
        }
    }

    /// Every regular, non-hidden file below seeds/.
    fn seeds(&mut self, listing: &Listing) -> BTreeMap<String, Arc<Seed>> {
        let mut seeds = BTreeMap::new();
        if !listing.seeds_dir && listing.articles.is_empty() {
            self.diags.push(
                Diagnostic::warning(walk::SEEDS, "no seeds/ folder: the dossier has no articles")
                    .with_help("put raw article files in seeds/"),
            );
        }
        let root = self.root;
        let parsed =
            self.cache
                .get_many(&listing.seeds, &mut self.seen, self.diags, |p, name, d| {
                    parse_seed_file(root, p, name, d)
                });
        for p in parsed {
            if let Parsed::Seed(Some(seed)) = p {
                seeds.insert(seed.name.clone(), seed);
            }
        }
        seeds
    }

    fn check_folders(&mut self, listing: &Listing) {
        if !self.root.join(crate::load::walk::ANNOTATIONS).is_dir() {
            let msg = format!("no annotations/ folder in {}", self.root.display());
            self.diags.push(Diagnostic::error(walk::ANNOTATIONS, msg).with_help(
                "a dossier keeps its annotations in annotations/ (articles/, glossary/, index.md); `dossier init` creates one",
            ));
        }
        self.diags.extend(listing.problems.iter().cloned());
    }

    /// The article or glossary files in `files`, parsed (or from the cache).
    fn annotations<T: AnnotationKind>(
        &mut self,
        files: &[(PathBuf, String)],
        parse: fn(&Path, &Path, &str, &mut Diagnostics) -> Parsed,
        unreadable: &mut Vec<Unreadable>,
    ) -> Vec<Arc<T>> {
        let root = self.root;
        let parsed = self
            .cache
            .get_many(files, &mut self.seen, self.diags, |p, slug, d| {
                parse(root, p, slug, d)
            });
        let mut out = Vec::new();
        for p in parsed {
            match T::from(p) {
                Some(Ok(a)) => out.push(a),
                Some(Err(u)) => unreadable.push(u),
                None => {}
            }
        }
        out
    }

    /// One of the single files (index.md, boilerplate.toml), when it exists.
    fn single(
        &mut self,
        listing: &Listing,
        path: &Path,
        parse: fn(&Path, &Path, &mut Diagnostics) -> Parsed,
    ) -> Option<Parsed> {
        let root = self.root;
        listing
            .all
            .contains(path)
            .then(|| self.get(path, |d| parse(root, path, d)))
    }

    /// Template overrides.
    fn templates(&mut self, listing: &Listing) -> BTreeMap<String, Arc<Vec<u8>>> {
        let root = self.root;
        let mut templates = BTreeMap::new();
        for (path, name) in &listing.templates {
            let parsed = self.get(path, |d| match fs::read(path) {
                Ok(bytes) => Parsed::Template(Some(Arc::new(bytes))),
                Err(err) => {
                    d.push(Diagnostic::error(
                        crate::diagnostic::display_path(root, path),
                        format!("cannot read template: {err}"),
                    ));
                    Parsed::Template(None)
                }
            });
            if let Parsed::Template(Some(bytes)) = parsed {
                templates.insert(name.clone(), bytes);
            }
        }
        templates
    }
}

/// Articles and glossary entries, as the cache holds their parses.
trait AnnotationKind: Sized {
    fn from(p: Parsed) -> Option<Result<Arc<Self>, Unreadable>>;
}

impl AnnotationKind for ArticleAnnotation {
    fn from(p: Parsed) -> Option<Result<Arc<Self>, Unreadable>> {
        match p {
            Parsed::Article(r) => Some(r),
            _ => None,
        }
    }
}

impl AnnotationKind for TermAnnotation {
    fn from(p: Parsed) -> Option<Result<Arc<Self>, Unreadable>> {
        match p {
            Parsed::Term(r) => Some(r),
            _ => None,
        }
    }
}

//! `dossier init` and `dossier add`: creating a dossier and adding an article to it.
//!
//! Neither ever overwrites or deletes a file: every file is created with
//! `create_new`, and every check that can refuse runs before the first write.
//!
//! - [`init`] writes a small, complete example dossier (two articles, one glossary
//!   term, global boilerplate rules, a GitHub Pages workflow) that builds with no
//!   errors and no warnings, so every part of the annotation format is shown once.
//! - [`add`] copies a raw article into `seeds/` byte for byte and writes an
//!   annotation stub for it: a title and a date guessed from the text, commented-out
//!   hints for the other fields, and `[[cut]]` tables *proposed* for lines that look
//!   like scrape junk. The stub passes `dossier check` as written; the proposals are
//!   meant to be confirmed or deleted by the editor.
//!
//! Junk is found the way an editor finds it ([`propose`]): lines that recur across the
//! dossier's other seeds, lines already confirmed as boilerplate (in `boilerplate.toml`
//! or another annotation's cuts), furniture recognised by its shape (menus, widgets,
//! teasers, bylines, date stamps, notices), and what does not read as prose above the
//! headline and below the article. A line that reads as prose is not proposed unless it
//! was confirmed.
//!
//! The text heuristics of `add` ([`propose`], [`Known`], [`find_dates`], [`slugify`],
//! [`line_key`], the junk lists) are public so that they can be tested and reused.

// `init` and `add` return one `Diagnostic` by value (the signatures the CLI uses); it
// is created at most once per command, so its size does not matter.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use walkdir::WalkDir;

use crate::diagnostic::{display_path, Diagnostic};
use crate::load::{normalise, split_front_matter, Located};

// ---------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------

/// The example dossier `init` writes: the files under `example/` in this repository,
/// compiled in. The shipped tests build it, so it always builds cleanly.
static EXAMPLE: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/example");

/// Files of the example kept as they are (and skipped) when the folder already has
/// one, rather than refused: a project may have its own.
const KEEP_EXISTING: &[&str] = &[".gitignore", ".github/workflows/pages.yml"];

/// Every file of the example, with its path relative to the dossier, in a fixed order.
fn example_files() -> Vec<(&'static Path, &'static [u8])> {
    fn walk(
        dir: &'static include_dir::Dir<'static>,
        out: &mut Vec<(&'static Path, &'static [u8])>,
    ) {
        for f in dir.files() {
            out.push((f.path(), f.contents()));
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&EXAMPLE, &mut out);
    out.sort_by_key(|(p, _)| *p);
    out
}

/// The entries whose presence means "a dossier is already here".
const DOSSIER_MARKERS: &[&str] = &["dossier.toml", "seeds", "annotations"];

/// True if something (a file, a folder, even a dangling symlink) is at `path`.
fn occupied(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Creates `path` (and its parent folders) with `bytes`; fails if it exists.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Scaffolds a new dossier in `dir` (created if missing); returns the files created.
///
/// Refuses, changing nothing, when `dir` already holds `dossier.toml`, `seeds/` or
/// `annotations/`. An existing `.gitignore` or `.github/workflows/pages.yml` is kept
/// as it is and left out of the returned list. The example dossier builds at once
/// with no errors and no warnings.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    for marker in DOSSIER_MARKERS {
        let p = dir.join(marker);
        if occupied(&p) {
            return Err(Diagnostic::error(
                &p,
                format!(
                    "{} already holds a dossier: `{marker}` exists",
                    dir.display()
                ),
            )
            .with_help(
                "nothing was changed; run `dossier init NEW_DIR` to create a new dossier \
                 elsewhere, or `dossier add FILE` to add an article to this one",
            ));
        }
    }
    fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(dir, format!("cannot create the folder: {e}"))
            .with_help("check the path and its permissions")
    })?;
    let mut created = Vec::new();
    for (rel, content) in example_files() {
        let path = dir.join(rel);
        let keep = KEEP_EXISTING.iter().any(|k| Path::new(k) == rel);
        if keep && occupied(&path) {
            continue;
        }
        write_new(&path, content).map_err(|e| {
            Diagnostic::error(&path, format!("cannot create file: {e}")).with_help(format!(
                "check the folder's permissions; the {} file(s) created before this one were left in place",
                created.len()
            ))
        })?;
        created.push(path);
    }
    Ok(created)
}

// ---------------------------------------------------------------------------------
// add
// ---------------------------------------------------------------------------------

/// What `add` wrote.
#[derive(Debug, Clone)]
pub struct Added {
    /// The copied seed, inside seeds/.
    pub seed: PathBuf,
    /// The annotation stub.
    pub annotation: PathBuf,
    /// False when the identical file was already in seeds/ (nothing was copied).
    pub seed_copied: bool,
    /// The new article's slug (the stub's file name without `.md`).
    pub slug: String,
    /// The guessed title.
    pub title: String,
    /// The guessed date, if one was found.
    pub date: Option<NaiveDate>,
    /// How many `[[cut]]` tables the stub proposes.
    pub proposed_cuts: usize,
}

/// The reason written into every proposed cut.
pub const PROPOSED_REASON: &str = "proposed by dossier add: confirm or delete";

/// Whole lines that are page furniture of news sites (compared trimmed, ignoring case
/// and the difference between `'` and `’`).
pub const JUNK_LINES: &[&str] = &[
    "close",
    "Share This:",
    "Share this article",
    "Share",
    "Tweet",
    "Print",
    "Email",
    "Advertisement",
    "Skip to content",
    "Post a Comment",
    "Leave a Reply",
    "Previous Post Next Post",
    "Previous Post",
    "Next Post",
    "Related Posts",
    "Read more",
    "Welcome! Login in to your account",
    "Remember me",
    "Remember meLost your password?",
    "Lost your password?",
    "Lost Password",
    "Don't have account. Register",
    "Register",
];

/// Blocks of page furniture: from a line through another (compared like [`JUNK_LINES`]).
pub const JUNK_BLOCKS: &[(&str, &str)] = &[("Welcome! Login in to your account", "Lost Password")];

/// Longest slug `add` derives from a title (before a `-2` suffix).
pub const MAX_SLUG: usize = 60;

/// Copies `seed_file` into `root`/seeds/ and writes an annotation stub for it in
/// `root`/annotations/articles/`<slug>`.md.
///
/// Every check runs before anything is written: `root` must hold `dossier.toml`; the
/// seed must be a regular file (not a folder, device or FIFO) of at most
/// [`MAX_SEED_BYTES`] holding UTF-8 text; a *different* file of the same name in seeds/ is
/// refused (the identical file is fine and is not copied again); a seed that already
/// has an annotation is refused, so an annotation is never overwritten.
///
/// The stub's guesses (see [`propose`], with what the dossier knows: its other seeds,
/// `boilerplate.toml` and the cuts of the existing annotations): the title is the first
/// headline-like line; the date is the first date at or after that headline; proposed
/// cuts cover page furniture, the headline itself and date lines.
pub fn add(root: &Path, seed_file: &Path) -> Result<Added, Diagnostic> {
    let shown = |p: &Path| display_path(root, p);
    let config = root.join("dossier.toml");
    if !config.is_file() {
        return Err(Diagnostic::error(
            shown(&config),
            format!("no dossier.toml in {}", root.display()),
        )
        .with_help(
            "run `dossier init` to create a dossier first, or pass `--root DIR` to add to an existing one",
        ));
    }

    let bytes = read_seed(seed_file)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Diagnostic::error(
            seed_file,
            format!(
                "the seed file is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
        .with_help("re-save the file as UTF-8 text")
    })?;
    let name = seed_name(seed_file)?;

    let seed_dest = root.join("seeds").join(&name);
    let seed_copied = needs_copy(root, &seed_dest, &name, &bytes)?;
    let articles_dir = root.join("annotations").join("articles");
    let existing = scan_articles(&articles_dir);
    refuse_annotated(root, &existing, &name)?;

    let known = known_of_dossier(root, &existing, &seed_dest);
    let mut stub = propose(&normalise(text), &known);

    let slug = name_stub(root, &existing, &name, &mut stub);
    let annotation = articles_dir.join(format!("{slug}.md"));
    if occupied(&annotation) {
        // Only possible for a file the scan could not read (e.g. a folder named `x.md`).
        return Err(
            Diagnostic::error(shown(&annotation), "the annotation file already exists")
                .with_help("`dossier add` never overwrites an annotation: rename or remove it"),
        );
    }
    let content = stub.render(&name);

    if seed_copied {
        write_new(&seed_dest, &bytes).map_err(|e| {
            Diagnostic::error(shown(&seed_dest), format!("cannot copy the seed: {e}"))
                .with_help("check the permissions of seeds/")
        })?;
    }
    write_new(&annotation, content.as_bytes()).map_err(|e| {
        Diagnostic::error(
            shown(&annotation),
            format!("cannot write the annotation: {e}"),
        )
        .with_help(format!(
            "check the permissions of annotations/articles/; the seed {} in seeds/",
            if seed_copied {
                "was copied and is"
            } else {
                "is"
            }
        ))
    })?;
    Ok(Added {
        seed: seed_dest,
        annotation,
        seed_copied,
        slug,
        title: stub.title,
        date: stub.date.map(|d| d.date),
        proposed_cuts: stub.cuts.len(),
    })
}

/// Largest seed `add` accepts, in bytes (50 MB). A scraped article is a few kilobytes
/// of text; anything near this size is the wrong file.
pub const MAX_SEED_BYTES: u64 = 50_000_000;

/// Why a file could not be read whole.
#[derive(Debug)]
enum ReadError {
    /// Not a regular file: a folder (`true`), or a device, FIFO or socket (`false`).
    NotAFile(bool),
    /// Over the limit: its size (at least limit + 1 when it grew while being read).
    TooLarge(u64),
    /// The file system said no.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(true) => f.write_str("it is a folder, not a file"),
            ReadError::NotAFile(false) => {
                f.write_str("it is not a regular file (a device, FIFO or socket)")
            }
            ReadError::TooLarge(n) => write!(
                f,
                "it is too large ({n} bytes; the limit is {} MB)",
                MAX_SEED_BYTES / 1_000_000
            ),
            ReadError::Io(e) => e.fmt(f),
        }
    }
}

/// Reads a regular file of at most `limit` bytes. The kind and size are checked on the
/// metadata before the file is opened (opening a FIFO would block, reading a device
/// would never end), and again on the open file, which is read through a reader that
/// stops after `limit + 1` bytes in case the file grows meanwhile.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let check = |meta: fs::Metadata| {
        if !meta.is_file() {
            Err(ReadError::NotAFile(meta.is_dir()))
        } else if meta.len() > limit {
            Err(ReadError::TooLarge(meta.len()))
        } else {
            Ok(meta.len())
        }
    };
    check(fs::metadata(path).map_err(ReadError::Io)?)?;
    let file = fs::File::open(path).map_err(ReadError::Io)?;
    let len = check(file.metadata().map_err(ReadError::Io)?)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes of the seed file `add` was given, or a diagnostic saying what is wrong
/// with it and what to do.
fn read_seed(seed_file: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_bounded(seed_file, MAX_SEED_BYTES).map_err(|e| {
        let help = match e {
            ReadError::NotAFile(true) => {
                "give the path of one raw article saved as a text file; run `dossier add` \
                 once for each file of a folder"
            }
            ReadError::NotAFile(false) => {
                "save the article as a text file first, then give the path of that file"
            }
            ReadError::TooLarge(_) => {
                "a scraped article is a few kilobytes of text: check that this is the right \
                 file, or save only the article's text"
            }
            ReadError::Io(_) => "give the path of a raw article saved as a text file",
        };
        Diagnostic::error(seed_file, format!("cannot read the seed file: {e}")).with_help(help)
    })
}

/// The new article's slug, from its title (or the seed's file name), not taken by an
/// article or a top-level glossary term. A stub without a title gets the file name.
fn name_stub(root: &Path, existing: &[ExistingArticle], name: &str, stub: &mut Stub) -> String {
    let mut taken: BTreeSet<String> = existing.iter().map(|a| a.slug.to_lowercase()).collect();
    taken.extend(glossary_slugs(&root.join("annotations").join("glossary")));
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stub.title.is_empty() {
        // Nothing but junk and dates: the file name is a better start than nothing.
        stub.title = if stem.trim().is_empty() {
            "Untitled".to_string()
        } else {
            stem.trim().to_string()
        };
        stub.title_line = None;
    }
    let base = [slugify(&stub.title, MAX_SLUG), slugify(&stem, MAX_SLUG)]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "article".to_string());
    unique_slug(&base, &taken)
}

/// Whether the seed must be copied to `seed_dest`: false when the identical file is
/// already there; refuses a different file of the same name.
fn needs_copy(root: &Path, seed_dest: &Path, name: &str, bytes: &[u8]) -> Result<bool, Diagnostic> {
    let shown = display_path(root, seed_dest);
    match read_bounded(seed_dest, MAX_SEED_BYTES) {
        Ok(existing) if existing == bytes => Ok(false),
        Ok(_) | Err(ReadError::TooLarge(_)) => Err(Diagnostic::error(
            shown,
            format!("a different file named `{name}` is already in seeds/"),
        )
        .with_help(
            "seeds are never overwritten: rename the new file, or remove the old seed \
             (and its annotation) yourself if the new one replaces it",
        )),
        Err(ReadError::Io(e)) if e.kind() == ErrorKind::NotFound => Ok(true),
        Err(e) => Err(
            Diagnostic::error(shown, format!("cannot read the existing seed: {e}"))
                .with_help("seeds/ must hold only regular text files: move this entry away"),
        ),
    }
}

/// Refuses a seed that an existing annotation already names.
fn refuse_annotated(
    root: &Path,
    existing: &[ExistingArticle],
    name: &str,
) -> Result<(), Diagnostic> {
    let Some(a) = existing
        .iter()
        .find(|a| a.seed.as_ref().is_some_and(|s| s.value == name))
    else {
        return Ok(());
    };
    let shown = display_path(root, &a.path);
    let mut d = Diagnostic::error(&shown, format!("seed `{name}` already has an annotation"))
        .with_help(format!(
            "edit {}; `dossier add` never overwrites an annotation",
            shown.display()
        ));
    if let Some(s) = &a.seed {
        d = d.at(&a.text, s.span.clone());
    }
    Err(d)
}

/// The seed's file name, as annotations will name it; refuses names the loader skips.
fn seed_name(seed_file: &Path) -> Result<String, Diagnostic> {
    let name = seed_file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| {
            Diagnostic::error(seed_file, "the seed file has no usable UTF-8 file name")
                .with_help("rename the file with a plain name such as `article-2016.txt`")
        })?;
    if name.starts_with('.') || name.ends_with('.') {
        return Err(Diagnostic::error(
            seed_file,
            format!(
                "`{name}` cannot be a seed name: hidden files and names ending in `.` are skipped"
            ),
        )
        .with_help("rename the file with a plain name such as `article-2016.txt`"));
    }
    Ok(name.to_string())
}

/// An existing article annotation, as far as `add` needs to know it.
struct ExistingArticle {
    slug: String,
    path: PathBuf,
    text: String,
    /// The `seed` value with its byte span in `text`.
    seed: Option<Located<String>>,
    /// Its `[[cut]]` tables (none when they do not parse).
    cuts: Vec<GlobalCut>,
}

#[derive(Deserialize)]
struct SeedOnly {
    seed: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct CutsOnly {
    #[serde(default)]
    cut: Vec<GlobalCut>,
}

/// True for a hidden file or folder name (`.alpha.md.swp`, `.#alpha.md`, `.trash`).
fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// The regular files below `dir`, sorted, skipping hidden files and folders at any depth
/// below it: the loader's rule for seeds/ and annotations/, so that `add` never sees a
/// file that `check` and `build` ignore (an editor's backup or lock file).
fn visible_files(dir: &Path) -> impl Iterator<Item = PathBuf> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
}

/// Every visible `.md` file below `dir`, with its slug and (when its front matter
/// parses) seed. Unreadable files are kept without a seed: `dossier check` reports them.
fn scan_articles(dir: &Path) -> Vec<ExistingArticle> {
    visible_files(dir)
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|path| {
            let slug = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(&path)
                .map(|t| normalise(&t))
                .unwrap_or_default();
            let fm = split_front_matter(&text).ok();
            let seed = fm.and_then(|(fm, off, _, _)| {
                let s = toml::from_str::<SeedOnly>(fm).ok()?.seed?;
                let span = s.span();
                Some(Located {
                    value: s.into_inner(),
                    span: span.start + off..span.end + off,
                })
            });
            let cuts = fm
                .and_then(|(fm, ..)| toml::from_str::<CutsOnly>(fm).ok())
                .map(|c| c.cut)
                .unwrap_or_default();
            ExistingArticle {
                slug,
                path,
                text,
                seed,
                cuts,
            }
        })
        .collect()
}

/// Slugs (lowercased) of top-level glossary files: an article slug equal to one of them
/// would shadow the term's `[[slug]]` links, which `check` warns about.
fn glossary_slugs(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let p = e.path();
                    let is_md = p.extension().is_some_and(|x| x == "md") && !hidden(&e.file_name());
                    let stem = p.file_stem()?.to_string_lossy().to_lowercase();
                    is_md.then_some(stem)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `base`, or `base-2`, `base-3`… : the first not in `taken` (compared lowercased, so
/// that case-insensitive file systems cannot collide either).
fn unique_slug(base: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&base.to_lowercase()) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken.contains(&s.to_lowercase()))
        .unwrap_or_else(|| base.to_string())
}

// ---------------------------------------------------------------------------------
// Global cuts, simulated
// ---------------------------------------------------------------------------------

/// A rule of `boilerplate.toml`, read leniently (`check` reports its mistakes).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GlobalCut {
    /// Whole lines.
    #[serde(default)]
    pub lines: Vec<String>,
    /// First line of a block.
    pub from: Option<String>,
    /// Last line of a block.
    pub to: Option<String>,
    /// An exact span inside lines.
    pub text: Option<String>,
    /// The editor's reason.
    pub reason: Option<String>,
}

#[derive(Deserialize, Default)]
struct BoilerplateFile {
    #[serde(default)]
    cut: Vec<GlobalCut>,
}

/// The global cut rules of a dossier; none when the file is missing or does not parse.
fn read_boilerplate(path: &Path) -> Vec<GlobalCut> {
    fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<BoilerplateFile>(&normalise(&t)).ok())
        .map(|b| b.cut)
        .unwrap_or_default()
}

/// A seed line while the stub is being worked out.
#[derive(Debug, Clone)]
struct Line {
    /// Text after global `text` cuts.
    text: String,
    /// Removed by a global rule, or covered by a proposed cut.
    gone: bool,
}

/// Applies the global rules the way the clean stage does, so that proposals only
/// concern lines still there (an article cut matching nothing is an error).
fn apply_global(lines: &mut [Line], cuts: &[GlobalCut]) {
    for cut in cuts {
        if let Some(from) = &cut.from {
            let from = from.trim();
            let mut i = 0;
            while i < lines.len() {
                if lines[i].gone || lines[i].text.trim() != from {
                    i += 1;
                    continue;
                }
                let end = match &cut.to {
                    None => Some(lines.len() - 1),
                    Some(to) => (i..lines.len())
                        .find(|&j| !lines[j].gone && lines[j].text.trim() == to.trim()),
                };
                match end {
                    Some(end) => {
                        lines[i..=end].iter_mut().for_each(|l| l.gone = true);
                        i = end + 1;
                    }
                    None => i += 1,
                }
            }
        } else if let Some(text) = cut.text.as_deref().filter(|t| !t.is_empty()) {
            for l in lines.iter_mut().filter(|l| !l.gone) {
                if l.text.contains(text) {
                    l.text = l.text.replace(text, "");
                    if l.text.trim().is_empty() {
                        l.gone = true;
                    }
                }
            }
        } else {
            for item in &cut.lines {
                let want = item.trim();
                for l in lines.iter_mut().filter(|l| !l.gone) {
                    if l.text.trim() == want {
                        l.gone = true;
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// What the dossier already knows about page furniture
// ---------------------------------------------------------------------------------

/// What the rest of the dossier tells about page furniture, for [`propose`]: the rules of
/// `boilerplate.toml`, the lines editors cut in existing annotations, and the lines of
/// the other seeds (a line that recurs across seeds is furniture of the site they come
/// from: the more seeds, the surer).
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The rules of `boilerplate.toml`: applied first, as the clean stage does.
    pub global: Vec<GlobalCut>,
    /// Keys ([`line_key`]) of `lines` items an editor confirmed, here or in boilerplate.
    confirmed_lines: HashSet<String>,
    /// Keys of confirmed blocks (`from`, `to`).
    confirmed_blocks: Vec<(String, String)>,
    /// For each line key: in how many other seeds it occurs.
    seen_in: HashMap<String, usize>,
}

/// Lines longer than this are not counted across seeds (they are article text).
const MAX_RECURRING_CHARS: usize = 300;

impl Known {
    /// The context of a new seed: the global rules, cuts confirmed in the existing
    /// article annotations (a cut still giving [`PROPOSED_REASON`] as its reason was
    /// never confirmed, and is ignored), and the texts of the other seeds.
    pub fn new<S: AsRef<str>>(
        global: Vec<GlobalCut>,
        confirmed: &[GlobalCut],
        other_seeds: impl IntoIterator<Item = S>,
    ) -> Known {
        let mut known = Known {
            global,
            ..Known::default()
        };
        let cuts: Vec<GlobalCut> = known.global.iter().chain(confirmed).cloned().collect();
        for cut in cuts
            .iter()
            .filter(|c| c.reason.as_deref() != Some(PROPOSED_REASON))
        {
            let keys = cut
                .lines
                .iter()
                .map(|l| line_key(l))
                .filter(|k| !k.is_empty());
            known.confirmed_lines.extend(keys);
            if let (Some(from), Some(to)) = (&cut.from, &cut.to) {
                known.confirmed_blocks.push((line_key(from), line_key(to)));
            }
        }
        for seed in other_seeds {
            let keys: HashSet<String> = seed
                .as_ref()
                .lines()
                .filter(|l| l.len() <= MAX_RECURRING_CHARS)
                .map(line_key)
                .filter(|k| !k.is_empty())
                .collect();
            for k in keys {
                *known.seen_in.entry(k).or_default() += 1;
            }
        }
        known
    }

    /// In how many other seeds the line of this key occurs.
    fn seen_in(&self, key: &str) -> usize {
        self.seen_in.get(key).copied().unwrap_or(0)
    }
}

/// The context of a new seed in the dossier at `root` (see [`Known`]): seeds/ is read
/// one seed at a time, skipping hidden files, the seed itself (`seed_dest`), and files
/// that are not regular, too large or not UTF-8.
fn known_of_dossier(root: &Path, existing: &[ExistingArticle], seed_dest: &Path) -> Known {
    let global = read_boilerplate(&root.join("annotations").join("boilerplate.toml"));
    let confirmed: Vec<GlobalCut> = existing.iter().flat_map(|a| a.cuts.clone()).collect();
    let others = visible_files(&root.join("seeds"))
        .filter(|p| p != seed_dest)
        .filter_map(|p| read_bounded(&p, MAX_SEED_BYTES).ok())
        .filter_map(|b| String::from_utf8(b).ok())
        .map(|t| normalise(&t));
    Known::new(global, &confirmed, others)
}

/// Comparison key of a line: trimmed, lowercase, every run of white space (the
/// non-breaking space too) as one space, one kind of apostrophe.
pub fn line_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', '‘'], "'")
        .to_lowercase()
}

// ---------------------------------------------------------------------------------
// Page furniture by its shape
// ---------------------------------------------------------------------------------

/// A kind of page furniture, recognised by the shape of a line ([`kind_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Menus, breadcrumbs, search, login and account widgets, footer link lists.
    Nav,
    /// Share, comment and follow widgets ("Share on Facebook", "0 Comments").
    Share,
    /// Teasers and ads ("Also read: …", "Advertisement", "list 1 of 3").
    Teaser,
    /// A heading over a list of teasers ("Related", "Read more", "list of 3 items").
    TeaserHeading,
    /// Bylines and credits ("By …", "Staff Reporter", "Source: …", "Reporting by …").
    Byline,
    /// Date stamps ("Published …", "Updated …", "3 hours ago", "4 min read").
    Stamp,
    /// Photo captions and credits ("Image source, …", "REUTERS/…").
    Caption,
    /// Copyright lines, cookie notices and newsletter pitches: furniture even when they
    /// read as sentences.
    Notice,
    /// No letter at all ("|", "0", "•").
    Symbols,
}

/// Words that menus and widgets are made of: a short line of nothing else is furniture.
#[rustfmt::skip]
const NAV_WORDS: &[&str] = &[
    "about", "accept", "access", "accessibility", "account", "ad", "ads", "advertise",
    "advertisement", "app", "apps", "archive", "back", "cancel", "careers", "click",
    "close", "contact", "content", "cookie", "cookies", "download", "e", "epaper",
    "faq", "feed", "get", "go", "help", "here", "hide", "home", "in", "latest", "leave",
    "links", "live", "load", "log", "login", "logout", "main", "menu", "more", "most",
    "my", "navigation", "news", "newsletter", "newsletters", "next", "open", "out",
    "paper", "pdf", "policy", "popular", "post", "posts", "preferences", "prev",
    "previous", "privacy", "profile", "read", "recommended", "register", "reject",
    "related", "rss", "search", "see", "service", "settings", "show", "sign", "sitemap",
    "skip", "sponsored", "stories", "story", "submit", "subscribe", "subscription",
    "tap", "terms", "conditions", "top", "topics", "trending", "up", "use", "video",
    "videos", "view", "watch",
];

/// What share, comment and follow widgets count ("0 Comments", "312 Followers").
#[rustfmt::skip]
const COUNTED: &[&str] = &[
    "comments", "comment", "shares", "views", "responses", "replies", "likes",
    "followers", "following", "claps",
];

/// Words of share, comment and follow widgets.
#[rustfmt::skip]
const SHARE_WORDS: &[&str] = &[
    "bookmark", "comment", "comments", "copy", "email", "facebook", "follow",
    "instagram", "like", "likes", "link", "linkedin", "listen", "mail", "pinterest",
    "print", "reddit", "reply", "replies", "save", "saved", "share", "shares",
    "telegram", "threads", "tiktok", "tweet", "twitter", "whatsapp", "x", "youtube",
];

/// Small words that may stand between the words of a widget line.
#[rustfmt::skip]
const CONNECTORS: &[&str] = &[
    "a", "all", "an", "and", "for", "of", "on", "our", "the", "this", "to", "us",
    "with", "your", "article",
];

/// Words of a menu line that head a list of teasers.
#[rustfmt::skip]
const TEASER_HEADING_WORDS: &[&str] = &[
    "related", "read", "more", "recommended", "latest", "popular", "trending",
    "stories",
];

/// Beginnings of teaser, ad and "continue" lines (whole words).
#[rustfmt::skip]
const TEASER_PHRASES: &[&str] = &[
    "also read", "read also", "read more", "see also", "you may also like",
    "you might also like", "you may like", "don't miss", "must read",
    "continue reading", "story continues", "advertisement", "sponsored content",
    "scroll to continue", "click here", "tap here", "more from", "more on this",
];

/// Labels that make a teaser when followed by a colon ("Read: …", "Watch: …").
#[rustfmt::skip]
const TEASER_LABELS: &[&str] = &[
    "read", "watch", "listen", "related", "recommended", "breaking", "more", "see",
    "also", "trending", "latest", "video",
];

/// Beginnings of login, account and subscription widgets (whole words).
#[rustfmt::skip]
const ACCOUNT_PHRASES: &[&str] = &[
    "sign in", "sign up", "sign out", "log in", "log into", "login", "log out",
    "logout", "register now", "create an account", "create account", "password",
    "username", "subscribe", "welcome back", "forgot your",
];

/// Beginnings of share and follow widgets (whole words).
#[rustfmt::skip]
const SOCIAL_PHRASES: &[&str] = &[
    "follow us", "share on", "share via", "share this", "join us on", "join our",
    "like us on", "find us on",
];

/// Beginnings of credit lines (whole words).
#[rustfmt::skip]
const CREDIT_PHRASES: &[&str] = &[
    "written by", "reporting by", "additional reporting", "editing by", "edited by",
    "compiled by", "with input from", "courtesy",
];

/// Phrases of login and account widgets (whole words, anywhere in a short line).
#[rustfmt::skip]
const ACCOUNT_WORDS: &[&str] = &[
    "your account", "your password", "your username", "your email", "log into",
    "forgot your", "have an account", "lost your password",
];

/// Last words of a desk byline ("Staff Reporter", "Monitoring Desk", "Our Correspondent").
#[rustfmt::skip]
const DESK_WORDS: &[&str] = &[
    "desk", "reporter", "reporters", "correspondent", "correspondents", "staff",
    "bureau", "editorial", "agencies", "writer", "newsroom",
];

/// News agencies named alone on a line, as a credit.
#[rustfmt::skip]
const AGENCIES: &[&str] = &[
    "reuters", "afp", "ap", "app", "associated press", "agence france-presse",
    "agencies", "news agencies", "pti", "ani", "xinhua", "anadolu", "dpa", "efe",
    "bloomberg",
];

/// Words that may stand beside a date or time in a date stamp.
#[rustfmt::skip]
const STAMP_WORDS: &[&str] = &[
    "published", "updated", "posted", "modified", "last", "first", "on", "at", "am",
    "pm", "gmt", "utc", "pkt", "ist", "est", "edt", "cst", "cdt", "pst", "pdt", "bst",
    "cet", "cest", "hours", "hour", "hrs", "hr", "minutes", "minute", "mins", "min",
    "days", "day", "ago", "read", "by",
];

/// Words that may stand between the names of a byline ("By Sara Malik and Tom Hale").
#[rustfmt::skip]
const NAME_CONNECTORS: &[&str] = &[
    "and", "in", "of", "the", "for", "with", "from", "de", "van", "von", "al", "bin",
    "el",
];

/// `s` lowercased, each run of characters other than letters, digits and apostrophes
/// as one space, with a space at each end: `" share on facebook "`. Whole-word phrases
/// are then found with `contains(" phrase ")`.
fn plain(s: &str) -> String {
    let mut out = String::from(" ");
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = if matches!(c, '’' | '‘') { '\'' } else { c };
        if c.is_alphanumeric() || c == '\'' {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Whether `plain` (see [`plain`]) begins with / contains one of the whole-word phrases.
fn starts_with_any(plain: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| plain.starts_with(&format!(" {p} ")))
}

fn contains_any(plain: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| plain.contains(&format!(" {p} ")))
}

/// The words of a line: white-space separated pieces holding a letter or a digit.
fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A line that reads as prose: at least three words ending like a sentence (`.`, `!`
/// or `?`, not `...`, before any closing quotes or brackets), or at least 25 words.
/// Such a line is never proposed for its position alone.
fn reads_as_prose(s: &str) -> bool {
    let end = s.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)]»".contains(c));
    let n = word_count(s);
    n >= 25 || (n >= 3 && end.ends_with(['.', '!', '?']) && !end.ends_with(".."))
}

/// The furniture kind of a trimmed line, if its shape shows one.
fn kind_of(t: &str) -> Option<Kind> {
    if !t.chars().any(char::is_alphabetic) {
        return Some(Kind::Symbols);
    }
    let key = line_key(t);
    let p = plain(t);
    let n = word_count(t);
    if JUNK_LINES.iter().any(|j| line_key(j) == key) {
        return Some(Kind::Nav);
    }
    notice(&key, &p, n)
        .or_else(|| stamp(t, &p, n))
        .or_else(|| byline(t, &key, &p, n))
        .or_else(|| caption(&key, &p))
        .or_else(|| teaser(&key, &p, n))
        .or_else(|| widget(&key, &p, n))
}

/// Copyright lines, cookie notices and newsletter pitches.
fn notice(key: &str, p: &str, n: usize) -> Option<Kind> {
    // "© 2024 …", "Copyright © 2024 …", "Copyright 2024 …", "… All rights reserved."
    let copyright = key.starts_with('©')
        || key.starts_with("(c) ")
        || key.strip_prefix("copyright").is_some_and(|rest| {
            rest.trim_start()
                .starts_with(|c: char| c == '©' || c == '(' || c.is_ascii_digit())
        })
        || p.contains(" all rights reserved ");
    let cookie = contains_any(p, &["cookie", "cookies"])
        && contains_any(
            p,
            &[
                "we use",
                "uses",
                "use of",
                "accept",
                "consent",
                "by continuing",
                "privacy",
                "preferences",
                "settings",
            ],
        );
    let newsletter =
        n <= 25 && contains_any(p, &["newsletter", "newsletters", "mailing list", "inbox"]);
    (copyright || cookie || newsletter).then_some(Kind::Notice)
}

/// Date stamps: "Published …"/"Updated …" with a date or time, a date with a time,
/// "3 hours ago", "4 min read".
fn stamp(t: &str, p: &str, n: usize) -> Option<Kind> {
    let time = t.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    let dates = find_dates(t);
    let dated = time || !dates.is_empty() || p.contains(" ago ");
    let prefixed = starts_with_any(
        p,
        &[
            "published",
            "updated",
            "posted",
            "modified",
            "last updated",
            "first published",
        ],
    );
    let relative = (n <= 5 && p.ends_with(" ago "))
        || (p.starts_with(" this article is more than ") && p.ends_with(" old "));
    let reading = n <= 6
        && (contains_any(p, &["min read", "mins read", "minute read", "minutes read"])
            || p.starts_with(" reading time "));
    // A date or time with nothing but stamp words around it.
    let mut rest = t.to_string();
    for d in dates.iter().rev() {
        rest.replace_range(d.span.clone(), " ");
    }
    let only_stamp_words = runs(&rest).all(|r| {
        r.bytes().all(|b| b.is_ascii_digit()) || STAMP_WORDS.contains(&r.to_lowercase().as_str())
    });
    let bare = (time || !dates.is_empty()) && n <= 12 && only_stamp_words;
    // "Islamabad, 14 March 2024": a place and the date.
    let dateline = !dates.is_empty()
        && n <= 7
        && rest.contains(',')
        && names(rest.split([',', ' ']).filter(|w| !w.is_empty()));
    ((prefixed && dated && n <= 14) || relative || reading || bare || dateline)
        .then_some(Kind::Stamp)
}

/// Runs of ASCII letters and runs of ASCII digits ("GMT+5Updated" → GMT, 5, Updated);
/// any other character separates them.
fn runs(s: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
        let class = c.is_ascii_alphanumeric().then(|| c.is_ascii_digit());
        match (start, class) {
            (Some((_, d)), Some(nd)) if d == nd => {}
            (Some((b, _)), _) => {
                out.push(&s[b..i]);
                start = class.map(|d| (i, d));
            }
            (None, Some(d)) => start = Some((i, d)),
            (None, None) => {}
        }
    }
    out.into_iter()
}

/// Bylines and credits.
fn byline(t: &str, key: &str, p: &str, n: usize) -> Option<Kind> {
    let by = n <= 10 && p.starts_with(" by ") && names(t.split_whitespace().skip(1));
    let labelled = ["author:", "authors:", "source:", "sources:", "by:"]
        .iter()
        .any(|l| key.starts_with(l));
    let credit = n <= 16 && starts_with_any(p, CREDIT_PHRASES);
    let last = p.split_whitespace().last().unwrap_or("");
    let desk = (n <= 4 && DESK_WORDS.contains(&last) && names(t.split_whitespace()))
        || key == "staff report";
    let agency = AGENCIES.contains(&key.trim_end_matches('.'));
    (by || labelled || credit || desk || agency).then_some(Kind::Byline)
}

/// Whether the words are names: each capitalised, or a connector ("and", "of", "al"),
/// and at least one capitalised.
fn names<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let words: Vec<&str> = words
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let capital = |w: &&str| w.starts_with(char::is_uppercase);
    words.iter().any(capital)
        && words
            .iter()
            .all(|w| capital(w) || NAME_CONNECTORS.contains(&w.to_lowercase().as_str()))
}

/// Photo captions and credits.
fn caption(key: &str, p: &str) -> Option<Kind> {
    let phrases = contains_any(
        p,
        &[
            "image source",
            "image caption",
            "photo credit",
            "file photo",
            "getty images",
            "ap photo",
        ],
    );
    let marks = ["photo:", "picture:", "image:", "reuters/", "afp/", "/file"]
        .iter()
        .any(|m| key.contains(m));
    // "Item 1 of 2 …" and "[1/2]…": slide counters of a photo gallery.
    let counter = key.starts_with('[') && key[1..].starts_with(|c: char| c.is_ascii_digit())
        || p.starts_with(" item ") && p.split_whitespace().nth(2) == Some("of");
    (phrases || marks || counter).then_some(Kind::Caption)
}

/// Teasers, ads and list widgets.
fn teaser(key: &str, p: &str, n: usize) -> Option<Kind> {
    let words: Vec<&str> = p.split_whitespace().collect();
    let number = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    };
    // Al Jazeera-style "list of 3 items", "list 1 of 3" (each heads the teaser under
    // it), "end of list".
    if words.first() == Some(&"list") && n <= 4 && (number(1) || number(2)) {
        return Some(Kind::TeaserHeading);
    }
    if key == "end of list" {
        return Some(Kind::Teaser);
    }
    let labelled = TEASER_LABELS.iter().any(|l| {
        key.strip_prefix(l)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    (n <= 20 && (labelled || starts_with_any(p, TEASER_PHRASES))).then_some(Kind::Teaser)
}

/// Menus, breadcrumbs, account, share and follow widgets, counters.
fn widget(key: &str, p: &str, n: usize) -> Option<Kind> {
    let words: Vec<&str> = p.split_whitespace().collect();
    let in_list =
        |w: &&str| NAV_WORDS.contains(w) || SHARE_WORDS.contains(w) || CONNECTORS.contains(w);
    if n <= 6 && words.iter().all(in_list) && words.iter().any(|w| !CONNECTORS.contains(w)) {
        let share = words
            .iter()
            .all(|w| SHARE_WORDS.contains(w) || CONNECTORS.contains(w));
        let heading = words.iter().any(|w| TEASER_HEADING_WORDS.contains(w));
        return Some(match (share, heading) {
            (true, _) => Kind::Share,
            (false, true) => Kind::TeaserHeading,
            (false, false) => Kind::Nav,
        });
    }
    let counter = n <= 4
        && words.iter().any(|w| w.bytes().all(|b| b.is_ascii_digit()))
        && words.iter().any(|w| COUNTED.contains(w));
    let thoughts =
        words.len() > 2 && words[0].bytes().all(|b| b.is_ascii_digit()) && words[1] == "thoughts";
    let follow = n <= 6
        && (starts_with_any(p, SOCIAL_PHRASES)
            || (p.starts_with(" follow ") && key.ends_with(':')));
    if counter || thoughts || follow {
        return Some(Kind::Share);
    }
    let account = n <= 8 && (starts_with_any(p, ACCOUNT_PHRASES) || contains_any(p, ACCOUNT_WORDS));
    (account || breadcrumb(key)).then_some(Kind::Nav)
}

/// "Home » Pakistan » Politics", "News|Floods", "World / Asia": short pieces joined by
/// a separator.
fn breadcrumb(key: &str) -> bool {
    let parts: Vec<&str> = key
        .split(['|', '»', '›', '>'])
        .flat_map(|s| s.split(" / "))
        .map(str::trim)
        .collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|s| !s.is_empty() && word_count(s) <= 3 && !reads_as_prose(s))
}

// ---------------------------------------------------------------------------------
// The stub
// ---------------------------------------------------------------------------------

/// Why a cut is proposed (the comment above it in the stub).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutWhy {
    /// Lines an editor already cut as boilerplate: in another article's annotation, or
    /// in `boilerplate.toml` (spelled differently, so that the global rule misses them).
    Confirmed,
    /// Page furniture by its shape: menus, account, share and comment widgets, teasers,
    /// ads, cookie and copyright notices ([`JUNK_LINES`] among them).
    Junk,
    /// A known block of page furniture ([`JUNK_BLOCKS`] or a confirmed block).
    JunkBlock,
    /// A byline, credit, photo caption or date stamp.
    Byline,
    /// Lines also found in this many of the dossier's other seeds: furniture of the site.
    Recurring(usize),
    /// Lines above the headline that do not read as prose: the page header.
    AboveHeadline,
    /// Lines below the article's last paragraph that do not read as prose: the footer.
    BelowArticle,
    /// The headline, which the page shows as its title.
    Headline,
    /// A line holding only a date that is not the article's date.
    StrayDate,
    /// A line holding only the article's date, which the page shows as metadata.
    DateLine,
}

impl CutWhy {
    fn comment(self) -> String {
        match self {
            CutWhy::Confirmed => {
                "cut as boilerplate in another annotation or in boilerplate.toml".into()
            }
            CutWhy::Junk => "page furniture by its shape (menu, widget, teaser or notice)".into(),
            CutWhy::JunkBlock => "a known block of page furniture".into(),
            CutWhy::Byline => {
                "byline, credit, caption or date stamp (byline and date belong in the fields above)"
                    .into()
            }
            CutWhy::Recurring(n) => format!(
                "also in {n} other seed{} of this dossier: furniture of the site",
                if n == 1 { "" } else { "s" }
            ),
            CutWhy::AboveHeadline => {
                "above the headline: the page header (menus, logos, widgets)".into()
            }
            CutWhy::BelowArticle => {
                "below the article's last paragraph: the page footer (teasers, credits, forms)"
                    .into()
            }
            CutWhy::Headline => "the headline (the page shows it as the title)".into(),
            CutWhy::StrayDate => {
                "a date line that is not the article's date (often the day the page was scraped)"
                    .into()
            }
            CutWhy::DateLine => "the article's date line (the page shows `date`)".into(),
        }
    }

    /// Where a group of lines comes in the stub: surest first, the headline last;
    /// recurring lines by how many seeds they are found in, most first.
    fn rank(self) -> (u8, std::cmp::Reverse<usize>) {
        let r = match self {
            CutWhy::Confirmed => 0,
            CutWhy::Junk | CutWhy::JunkBlock => 1,
            CutWhy::Byline => 2,
            CutWhy::Recurring(_) => 3,
            CutWhy::AboveHeadline => 4,
            CutWhy::BelowArticle => 5,
            CutWhy::StrayDate => 6,
            CutWhy::DateLine => 7,
            CutWhy::Headline => 8,
        };
        let n = if let CutWhy::Recurring(n) = self {
            n
        } else {
            0
        };
        (r, std::cmp::Reverse(n))
    }
}

/// A proposed `[[cut]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposedCut {
    /// `lines = [...]`.
    Lines {
        /// The trimmed lines.
        lines: Vec<String>,
        /// 1-based seed line numbers they occur at.
        at: Vec<usize>,
        /// Why.
        why: CutWhy,
    },
    /// `from = ...`, `to = ...`.
    Block {
        /// First line (trimmed).
        from: String,
        /// Last line (trimmed).
        to: String,
        /// 1-based seed lines of the block.
        at: Range<usize>,
    },
}

/// A date found in the seed, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubDate {
    /// The date.
    pub date: NaiveDate,
    /// 1-based seed line.
    pub line: usize,
    /// Whether it was found at or after the headline (else: the only dates are above it).
    pub after_headline: bool,
}

/// What `add` proposes for a seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    /// Guessed title.
    pub title: String,
    /// 1-based seed line of the title, if it came from a line.
    pub title_line: Option<usize>,
    /// Guessed date.
    pub date: Option<StubDate>,
    /// Proposed cuts, in the order they must be applied (blocks first).
    pub cuts: Vec<ProposedCut>,
}

/// Guesses the title and date of a seed's (normalised) text and proposes cuts, the way
/// an editor reads a scraped page.
///
/// - Lines removed by the dossier's global rules (`known.global`) are ignored entirely
///   (an article cut for them would match nothing, which `check` reports as an error).
/// - **Blocks** first: [`JUNK_BLOCKS`] and blocks an editor confirmed, when both ends
///   are present in order (and the block holds no more than two sentences).
/// - **Title**: the first headline-like line (several words, mostly letters, starting
///   with a capital, not ending in `.`) above the article's first sentence that is not
///   known furniture, not a date, byline or menu item, and not followed by a menu (a
///   site's name or tagline is). Failing that, a shorter line, then the first line that
///   is neither furniture nor a date: for a page without a headline, its lead paragraph,
///   shortened and not cut. A headline is proposed as a cut, every copy of it.
/// - **Body**: the largest cluster of sentences after the headline that are not known
///   furniture; a run of four other lines (teasers, a comment form) ends a cluster.
/// - **Date**: the first date at or after the headline on a line that is not furniture
///   (bylines and date stamps are fine), preferring lines that do not begin with
///   "Updated"; only when there is none, the first date above it. Scraped pages often
///   begin with the day the page was saved ("Friday April 26, 2024" above "March 10,
///   2016" in `000_8ff94108a896390f.txt`).
/// - **Junk**, line by line: lines confirmed as boilerplate (`known`), date lines, and
///   furniture by its shape (menus, widgets, teasers, notices, bylines, stamps,
///   captions: see [`CutWhy`]); lines found in two or more other seeds; then by
///   position: lines found in one other seed outside the body, and every line that does
///   not read as prose above the headline and below the body; under a teaser heading
///   in the body, the teasers.
/// - **Never** proposed: a line that reads as prose (several words ending like a
///   sentence), unless it is confirmed boilerplate, or a copyright, cookie, newsletter
///   or "Published …" notice outside the body; and any text that is also a line kept
///   in the body (a lines cut removes every copy).
pub fn propose(text: &str, known: &Known) -> Stub {
    let mut lines: Vec<Line> = text
        .lines()
        .map(|t| Line {
            text: t.to_string(),
            gone: false,
        })
        .collect();
    apply_global(&mut lines, &known.global);
    let mut cuts = propose_blocks(&mut lines, known);
    let facts: Vec<Option<Facts>> = lines.iter().map(|l| facts_of(l, known)).collect();

    let title_idx = choose_title(&lines, &facts);
    let title_text = title_idx.map(|i| lines[i].text.trim().to_string());
    let is_headline = title_text.as_deref().is_some_and(looks_like_headline);
    let body_from = title_idx.map_or(0, |i| i + usize::from(is_headline));
    let page = Page {
        title: title_idx,
        headline: title_text.clone().filter(|_| is_headline),
        body: body_span(&facts, body_from),
    };
    let chosen = choose_date(&lines, &facts, title_idx);
    let why = classify(&lines, &facts, &page, chosen.map(|c| c.1));
    cuts.extend(line_cuts(&lines, &why));

    let title = match (&title_text, is_headline) {
        (Some(t), true) => t.clone(),
        (Some(t), false) => shorten(t, 100),
        (None, _) => String::new(),
    };
    Stub {
        title,
        title_line: title_idx.map(|i| i + 1),
        date: chosen.map(|(i, date, after_headline)| StubDate {
            date,
            line: i + 1,
            after_headline,
        }),
        cuts,
    }
}

/// What the shape of a remaining, non-empty line and the dossier tell about it.
#[derive(Debug, Clone)]
struct Facts {
    key: String,
    words: usize,
    prose: bool,
    kind: Option<Kind>,
    confirmed: bool,
    seen_in: usize,
    /// The date of a line holding nothing but a date.
    date: Option<NaiveDate>,
}

impl Facts {
    /// Known furniture, wherever it stands.
    fn furniture(&self) -> bool {
        self.kind.is_some() || self.confirmed || self.seen_in >= 2 || self.date.is_some()
    }

    /// A sentence of the article: prose that is not known furniture.
    fn article(&self) -> bool {
        self.prose && !self.furniture()
    }

    /// One to three words that are not a sentence, a date, a byline, a stamp, a caption
    /// or a share button: what menus are made of.
    fn menu_item(&self) -> bool {
        (1..=3).contains(&self.words)
            && !self.prose
            && self.date.is_none()
            && !matches!(
                self.kind,
                Some(Kind::Byline | Kind::Stamp | Kind::Caption | Kind::Share)
            )
    }
}

fn facts_of(l: &Line, known: &Known) -> Option<Facts> {
    let t = l.text.trim();
    if l.gone || t.is_empty() {
        return None;
    }
    let key = line_key(t);
    Some(Facts {
        words: word_count(t),
        prose: reads_as_prose(t),
        kind: kind_of(t),
        confirmed: known.confirmed_lines.contains(&key),
        seen_in: known.seen_in(&key),
        date: date_line(t),
        key,
    })
}

/// Proposes the known blocks ([`JUNK_BLOCKS`], then blocks an editor confirmed) whose
/// two ends are present in order, and marks their lines gone. A block of more than 40
/// lines or holding more than two unconfirmed sentences is left alone: it would take
/// article text with it. Ends are compared by [`line_key`]; once a block is proposed,
/// further copies must match its ends exactly, as the clean stage will.
fn propose_blocks(lines: &mut [Line], known: &Known) -> Vec<ProposedCut> {
    let builtin = JUNK_BLOCKS.iter().map(|(f, t)| (line_key(f), line_key(t)));
    let blocks: Vec<(String, String)> = builtin.chain(known.confirmed_blocks.clone()).collect();
    let mut cuts = Vec::new();
    for (from_key, to_key) in &blocks {
        let mut exact: Option<(String, String)> = None;
        let is = |l: &Line, key: &str, exact: Option<&str>| {
            !l.gone && exact.map_or(line_key(&l.text) == key, |e| l.text.trim() == e)
        };
        let mut i = 0;
        while i < lines.len() {
            let e = exact.as_ref().map(|e| (e.0.as_str(), e.1.as_str()));
            if !is(&lines[i], from_key, e.map(|e| e.0)) {
                i += 1;
                continue;
            }
            let Some(end) = (i + 1..lines.len()).find(|&j| is(&lines[j], to_key, e.map(|e| e.1)))
            else {
                break;
            };
            let sentences = lines[i..=end]
                .iter()
                .filter(|l| !l.gone && reads_as_prose(&l.text))
                .filter(|l| !known.confirmed_lines.contains(&line_key(&l.text)))
                .count();
            if end - i >= 40 || sentences > 2 {
                i += 1;
                continue;
            }
            let (first, last) = (lines[i].text.trim(), lines[end].text.trim());
            if exact.is_none() {
                cuts.push(ProposedCut::Block {
                    from: first.to_string(),
                    to: last.to_string(),
                    at: i + 1..end + 2,
                });
                exact = Some((first.to_string(), last.to_string()));
            }
            lines[i..=end].iter_mut().for_each(|l| l.gone = true);
            i = end + 1;
        }
    }
    cuts
}

/// A line that can be a headline: 3 to 30 words, mostly letters, beginning with a
/// capital or a digit, at most 150 characters, not ending in `.` or `:`.
fn headline_like(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let visible = t.chars().filter(|c| !c.is_whitespace()).count();
    let capital = t
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    (3..=30).contains(&word_count(t))
        && letters * 10 >= visible * 6
        && capital
        && looks_like_headline(t)
        && !t.ends_with(':')
}

/// The line of the title (see [`propose`]).
fn choose_title(lines: &[Line], facts: &[Option<Facts>]) -> Option<usize> {
    let end = facts
        .iter()
        .position(|f| f.as_ref().is_some_and(Facts::article))
        .map_or(facts.len(), |i| i + 1);
    let text = |i: usize| lines[i].text.trim();
    let fact = |i: usize| facts[i].as_ref();
    let candidates: Vec<usize> = (0..end)
        .filter(|&i| fact(i).is_some_and(|f| !f.furniture()))
        .collect();
    let first = |ok: &dyn Fn(usize) -> bool| candidates.iter().copied().find(|&i| ok(i));
    first(&|i| headline_like(text(i)) && !menu_follows(facts, i) && !titled_copy(lines, i))
        .or_else(|| {
            first(&|i| fact(i).is_some_and(|f| f.words >= 2 && !f.prose) && !menu_follows(facts, i))
        })
        .or_else(|| first(&|i| headline_like(text(i))))
        .or_else(|| {
            (0..facts.len()).find(|&i| {
                fact(i).is_some_and(|f| f.kind.is_none() && !f.confirmed && f.date.is_none())
            })
        })
}

/// Whether the lines after `i` begin, possibly after one longer line (a tagline), with
/// three menu items: then line `i` is a site's name or tagline, not a headline.
fn menu_follows(facts: &[Option<Facts>], i: usize) -> bool {
    let next: Vec<&Facts> = facts[i + 1..].iter().flatten().take(4).collect();
    let run = |s: &[&Facts]| s.len() >= 3 && s[..3].iter().all(|f| f.menu_item());
    run(&next) || (next.first().is_some_and(|f| f.words > 3 && !f.prose) && run(&next[1..]))
}

/// Whether line `i` is a page's `<title>` ("Headline | Site", "Headline - Site") whose
/// headline is printed again on one of the next lines.
fn titled_copy(lines: &[Line], i: usize) -> bool {
    let t = lines[i].text.trim();
    [" | ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| t.rfind(sep).map(|at| t[..at].trim()))
        .any(|head| {
            !head.is_empty()
                && lines[i + 1..]
                    .iter()
                    .take(20)
                    .any(|l| !l.gone && l.text.trim() == head)
        })
}

/// The article's body: from the first through the last line of the clusters of
/// article sentences at or after line `from` that hold at least a third as many
/// characters as the largest one. A run of four or more other non-empty lines (a list
/// of teasers, a comment form, a footer) ends a cluster; a widget inside the article
/// then stays inside the body, while a stray sentence below the footer stays out.
fn body_span(facts: &[Option<Facts>], from: usize) -> Option<(usize, usize)> {
    // (first line, last line, characters)
    let mut clusters: Vec<(usize, usize, usize)> = Vec::new();
    let mut gap = 0;
    for (i, f) in facts.iter().enumerate().skip(from) {
        let Some(f) = f else { continue };
        if !f.article() {
            gap += 1;
            continue;
        }
        match clusters.last_mut() {
            Some(c) if gap < 4 => {
                c.1 = i;
                c.2 += f.key.len();
            }
            _ => clusters.push((i, i, f.key.len())),
        }
        gap = 0;
    }
    let largest = clusters.iter().map(|c| c.2).max()?;
    let mut big = clusters.iter().filter(|c| c.2 * 3 >= largest);
    let first = big.next()?;
    Some((first.0, big.next_back().unwrap_or(first).1))
}

/// The article's date (see [`propose`]): its line, the date, and whether it was found
/// at or after the headline.
fn choose_date(
    lines: &[Line],
    facts: &[Option<Facts>],
    title: Option<usize>,
) -> Option<(usize, NaiveDate, bool)> {
    let found: Vec<(usize, NaiveDate, bool)> = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.as_ref()
                .is_some_and(|f| matches!(f.kind, None | Some(Kind::Byline | Kind::Stamp)))
        })
        .flat_map(|(i, _)| {
            let t = &lines[i].text;
            let updated = starts_with_any(&plain(t), &["updated", "last updated", "modified"]);
            find_dates(t).into_iter().map(move |d| (i, d.date, updated))
        })
        .collect();
    let start = title.unwrap_or(0);
    found
        .iter()
        .find(|(i, _, updated)| *i >= start && !updated)
        .or_else(|| found.iter().find(|(i, ..)| *i >= start))
        .map(|&(i, d, _)| (i, d, true))
        .or_else(|| found.first().map(|&(i, d, _)| (i, d, false)))
}

/// Where a line stands on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// Above the title line.
    Above,
    /// Between the title and the body (or after the title, when there is no body).
    Header,
    /// From the body's first sentence through its last.
    Body,
    /// Below the body's last sentence.
    Footer,
}

/// The parts of the page [`propose`] found.
struct Page {
    title: Option<usize>,
    /// The title's text when it is a headline (cut, every copy).
    headline: Option<String>,
    /// First and last line of the body.
    body: Option<(usize, usize)>,
}

impl Page {
    fn zone(&self, i: usize) -> Zone {
        match self.body {
            _ if self.title.is_some_and(|t| i < t) => Zone::Above,
            Some((_, last)) if i > last => Zone::Footer,
            Some((first, _)) if i >= first => Zone::Body,
            _ => Zone::Header,
        }
    }
}

/// Why each line is proposed as a cut, if it is (see [`propose`]).
fn classify(
    lines: &[Line],
    facts: &[Option<Facts>],
    page: &Page,
    date: Option<NaiveDate>,
) -> Vec<Option<CutWhy>> {
    let mut why: Vec<Option<CutWhy>> = (0..facts.len())
        .map(|i| {
            let f = facts[i].as_ref()?;
            if page.headline.as_deref() == Some(lines[i].text.trim()) {
                return Some(CutWhy::Headline);
            }
            evidence(f, page.zone(i), date)
        })
        .collect();
    teaser_lists(facts, page, &mut why);
    header_bylines(lines, facts, page, &mut why);
    // By position: what is not prose around the article.
    for (i, f) in facts.iter().enumerate() {
        let Some(f) = f.as_ref().filter(|f| !f.prose) else {
            continue;
        };
        if why[i].is_some() {
            continue;
        }
        why[i] = match page.zone(i) {
            Zone::Body => None,
            _ if f.seen_in >= 1 => Some(CutWhy::Recurring(f.seen_in)),
            Zone::Above => Some(CutWhy::AboveHeadline),
            Zone::Footer => Some(CutWhy::BelowArticle),
            Zone::Header => None,
        };
    }
    // A lines cut removes every copy of its text: keep what the body keeps.
    let kept: HashSet<&str> = (0..facts.len())
        .filter(|&i| facts[i].is_some() && why[i].is_none() && page.zone(i) == Zone::Body)
        .map(|i| lines[i].text.trim())
        .collect();
    for (w, l) in why.iter_mut().zip(lines) {
        if kept.contains(l.text.trim()) {
            *w = None;
        }
    }
    why
}

/// What a line's own text and the dossier say about it, wherever it stands.
fn evidence(f: &Facts, zone: Zone, date: Option<NaiveDate>) -> Option<CutWhy> {
    if let Some(d) = f.date {
        return Some(if Some(d) == date {
            CutWhy::DateLine
        } else {
            CutWhy::StrayDate
        });
    }
    if f.confirmed {
        return Some(CutWhy::Confirmed);
    }
    if let Some(kind) = f.kind {
        // A sentence is furniture by its shape only as a notice outside the body.
        let notice = zone != Zone::Body && matches!(kind, Kind::Notice | Kind::Stamp);
        if !f.prose || notice {
            return Some(match kind {
                Kind::Byline | Kind::Stamp | Kind::Caption => CutWhy::Byline,
                _ => CutWhy::Junk,
            });
        }
    }
    (!f.prose && f.seen_in >= 2).then_some(CutWhy::Recurring(f.seen_in))
}

/// In the body, the lines under a teaser heading ("Related", "Read more", "list of 3
/// items") are teasers, up to the next sentence (at most 12 lines).
fn teaser_lists(facts: &[Option<Facts>], page: &Page, why: &mut [Option<CutWhy>]) {
    let mut left = 0;
    for (i, f) in facts.iter().enumerate() {
        let Some(f) = f else { continue };
        if f.prose || page.zone(i) != Zone::Body {
            left = 0;
        } else if f.kind == Some(Kind::TeaserHeading) {
            left = 12;
        } else if left > 0 {
            left -= 1;
            why[i] = why[i].or(Some(CutWhy::Junk));
        }
    }
}

/// Between the headline and the body, a name next to a byline, a date or a share
/// button is a byline ("Nadia Qureshi" above "Published …"), and so is a short
/// "Outlet, Place" line under one ("BBC News, Lahore"). In the body (which begins at a
/// standfirst written as a sentence), only a name next to a byline or a date is.
fn header_bylines(
    lines: &[Line],
    facts: &[Option<Facts>],
    page: &Page,
    why: &mut [Option<CutWhy>],
) {
    let present: Vec<usize> = (0..facts.len()).filter(|&i| facts[i].is_some()).collect();
    for (n, &i) in present.iter().enumerate() {
        let t = lines[i].text.trim();
        let header = match page.zone(i) {
            Zone::Header => true,
            Zone::Body => false,
            _ => continue,
        };
        if why[i].is_some() || t.chars().any(|c| c.is_numeric()) {
            continue;
        }
        let marker = |j: usize, why: &[Option<CutWhy>]| {
            matches!(
                why[j],
                Some(CutWhy::Byline | CutWhy::DateLine | CutWhy::StrayDate)
            ) || header
                && (why[j] == Some(CutWhy::Headline)
                    || facts[j]
                        .as_ref()
                        .is_some_and(|f| f.kind == Some(Kind::Share)))
        };
        let words = word_count(t);
        let prev = n.checked_sub(1).map(|m| present[m]);
        let next = present.get(n + 1).copied();
        let name = (2..=4).contains(&words) && !t.contains(',') && names(t.split_whitespace());
        let beside = prev.is_some_and(|j| marker(j, why)) || next.is_some_and(|j| marker(j, why));
        let place = header
            && words <= 5
            && t.contains(',')
            && names(t.split_whitespace())
            && prev.is_some_and(|j| why[j] == Some(CutWhy::Byline));
        if (name && beside) || place {
            why[i] = Some(CutWhy::Byline);
        }
    }
}

/// The lines cuts: one per reason, each text once (a lines cut removes every copy), in
/// the order of [`CutWhy::rank`].
fn line_cuts(lines: &[Line], why: &[Option<CutWhy>]) -> Vec<ProposedCut> {
    let mut groups: Vec<(CutWhy, Vec<String>)> = Vec::new();
    let mut taken: HashSet<&str> = HashSet::new();
    for (w, l) in why.iter().zip(lines) {
        let t = l.text.trim();
        let Some(w) = *w else { continue };
        if !taken.insert(t) {
            continue;
        }
        match groups.iter_mut().find(|g| g.0 == w) {
            Some(g) => g.1.push(t.to_string()),
            None => groups.push((w, vec![t.to_string()])),
        }
    }
    groups.sort_by_key(|g| g.0.rank());
    groups
        .into_iter()
        .map(|(why, items)| {
            let at = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.gone && items.iter().any(|x| x == l.text.trim()))
                .map(|(i, _)| i + 1)
                .collect();
            ProposedCut::Lines {
                lines: items,
                at,
                why,
            }
        })
        .collect()
}

/// A short line that does not end like a sentence.
fn looks_like_headline(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', ' ']);
    s.chars().count() <= 150 && !t.ends_with('.')
}

/// `s` cut at a word boundary to at most `max` characters, with `…` when shortened.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c))
    )
}

/// A TOML value as it is written after `key = ` (quoted and escaped by the toml crate).
fn toml_value(v: impl Into<toml::Value>) -> String {
    v.into().to_string()
}

fn toml_strings(items: &[String]) -> String {
    toml_value(toml::Value::Array(
        items.iter().cloned().map(toml::Value::String).collect(),
    ))
}

fn line_list(at: &[usize]) -> String {
    let shown: Vec<String> = at.iter().take(8).map(|n| n.to_string()).collect();
    let more = if at.len() > 8 { ", …" } else { "" };
    format!(
        "seed line{} {}{more}",
        if at.len() == 1 { "" } else { "s" },
        shown.join(", ")
    )
}

const BODY_TEMPLATE: &str = "<!--
Commentary (Markdown): what this article adds, how it was dated, how it relates to
the other articles. [[article-slug]] links an article, [[a term or alias]] a glossary
entry, [[target|with this text]] sets the link text.

Notes anchored to quotes come last, under a heading line that reads \"## Notes\":
each note is a \"> exact quote from the article\" line followed by the note itself.
This whole comment is not shown on the page: replace it.
-->
";

impl Stub {
    /// The annotation file: TOML front matter between `+++` lines, then a commented
    /// body template. Every value is serialised by the toml crate.
    pub fn render(&self, seed_name: &str) -> String {
        let mut fm = String::new();
        fm.push_str(&format!("seed = {}\n", toml_value(seed_name)));
        let title_note = match (self.title_line, self.title.is_empty()) {
            (_, true) => "  # no title found: write one",
            (Some(_), false) => "  # guessed from the first headline-like line: check it",
            (None, false) => "  # no headline found: write the real title",
        };
        fm.push_str(&format!(
            "title = {}{title_note}\n",
            toml_value(self.title.as_str())
        ));
        match &self.date {
            Some(d) => {
                let whence = if d.after_headline {
                    "the first date after the headline"
                } else {
                    "the only dates are above the headline"
                };
                fm.push_str(&format!(
                    "date = {}  # seed line {}, {whence}: check it\n",
                    toml_value(d.date.format("%Y-%m-%d").to_string()),
                    d.line
                ));
            }
            None => fm.push_str(
                "# date = \"YYYY-MM-DD\"  # no date found: YYYY-MM-DD, YYYY-MM or YYYY, with ~ if approximate\n",
            ),
        }
        fm.push_str(
            "# publication = \"\"\n\
             # byline = \"\"\n\
             # url = \"\"\n\
             # summary = \"\"  # one or two plain sentences for the home page\n\
             # tags = []\n\
             # see_also = []  # slugs of related articles\n",
        );
        if !self.cuts.is_empty() {
            fm.push_str(
                "\n# Cuts proposed by `dossier add` for lines that look like scrape junk.\n\
                 # Compare each with the seed, then keep it (and write a better reason) or delete it.\n",
            );
        }
        for cut in &self.cuts {
            fm.push('\n');
            match cut {
                ProposedCut::Lines { lines, at, why } => {
                    fm.push_str(&format!("# {}: {}\n", why.comment(), line_list(at)));
                    fm.push_str(&format!("[[cut]]\nlines = {}\n", toml_strings(lines)));
                }
                ProposedCut::Block { from, to, at } => {
                    fm.push_str(&format!(
                        "# {}: seed lines {}–{}\n",
                        CutWhy::JunkBlock.comment(),
                        at.start,
                        at.end - 1
                    ));
                    fm.push_str(&format!(
                        "[[cut]]\nfrom = {}\nto = {}\n",
                        toml_value(from.as_str()),
                        toml_value(to.as_str())
                    ));
                }
            }
            fm.push_str(&format!("reason = {}\n", toml_value(PROPOSED_REASON)));
        }
        format!("+++\n{fm}+++\n{BODY_TEMPLATE}")
    }
}

// ---------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------

/// A full calendar date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// The date (validated by chrono: no 30 February).
    pub date: NaiveDate,
    /// Byte range of the date in the text, a leading weekday included.
    pub span: Range<usize>,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
];

/// Runs of ASCII letters and digits, with their byte ranges.
fn tokens(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out
}

fn month(tok: &str) -> Option<u32> {
    let t = tok.to_ascii_lowercase();
    MONTHS.iter().find(|(m, _)| *m == t).map(|&(_, n)| n)
}

fn weekday(tok: &str) -> bool {
    WEEKDAYS.contains(&tok.to_ascii_lowercase().as_str())
}

/// A day of the month: 1–2 digits, optionally with an ordinal suffix (`10th`).
fn day(tok: &str) -> Option<u32> {
    let digits = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = tok[digits.len()..].to_ascii_lowercase();
    if digits.is_empty()
        || digits.len() > 2
        || !["", "st", "nd", "rd", "th"].contains(&suffix.as_str())
    {
        return None;
    }
    digits.parse().ok()
}

fn year(tok: &str) -> Option<i32> {
    (tok.len() == 4 && tok.bytes().all(|b| b.is_ascii_digit()))
        .then(|| tok.parse().ok())
        .flatten()
}

/// What may stand between the words of a date: spaces, one comma or one period.
fn separator(between: &str) -> bool {
    let t = between.trim();
    !between.is_empty() && between.len() <= 4 && (t.is_empty() || t == "," || t == ".")
}

/// Every full date in `text`, in order: "March 10, 2016", "Mar. 10 2016", "10 March
/// 2016", "10th March, 2016", "2016-03-10", each optionally preceded by a weekday
/// ("Sunday, 17 December 2017", "Friday April 26, 2024"). Month and weekday names are
/// English, in any case; impossible dates are skipped. Partial dates ("March 2016")
/// are not reported: a stub never invents a day.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let toks = tokens(text);
    let between = |a: usize, b: usize| &text[toks[a].0.end..toks[b].0.start];
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        // (first token, last token, date)
        let mut hit: Option<(usize, usize, Option<NaiveDate>)> = None;
        if let (Some(y), true) = (year(toks[k].1), k + 2 < toks.len()) {
            // ISO: 2016-03-10.
            let (m, d) = (toks[k + 1].1, toks[k + 2].1);
            if between(k, k + 1) == "-"
                && between(k + 1, k + 2) == "-"
                && m.len() == 2
                && d.len() == 2
                && m.bytes().chain(d.bytes()).all(|b| b.is_ascii_digit())
                && !text[toks[k + 2].0.end..]
                    .starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                && !text[..toks[k].0.start].ends_with('-')
            {
                let (m, d) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
                hit = Some((k, k + 2, NaiveDate::from_ymd_opt(y, m, d)));
            }
        } else if let Some(m) = month(toks[k].1) {
            // Month day, year.
            if k + 2 < toks.len()
                && separator(between(k, k + 1))
                && separator(between(k + 1, k + 2))
            {
                if let (Some(d), Some(y)) = (day(toks[k + 1].1), year(toks[k + 2].1)) {
                    hit = Some((k, k + 2, NaiveDate::from_ymd_opt(y, m, d)));
                }
            }
            // Day month year.
            if hit.is_none()
                && k >= 1
                && k + 1 < toks.len()
                && separator(between(k - 1, k))
                && separator(between(k, k + 1))
            {
                if let (Some(d), Some(y)) = (day(toks[k - 1].1), year(toks[k + 1].1)) {
                    hit = Some((k - 1, k + 1, NaiveDate::from_ymd_opt(y, m, d)));
                }
            }
        }
        match hit {
            Some((first, last, Some(date))) => {
                let first = if first >= 1
                    && weekday(toks[first - 1].1)
                    && separator(between(first - 1, first))
                {
                    first - 1
                } else {
                    first
                };
                out.push(FoundDate {
                    date,
                    span: toks[first].0.start..toks[last].0.end,
                });
                k = last + 1;
            }
            _ => k += 1,
        }
    }
    out
}

/// The date of a line that holds nothing but one date (and punctuation around it).
pub fn date_line(line: &str) -> Option<NaiveDate> {
    let found = find_dates(line);
    let [only] = found.as_slice() else {
        return None;
    };
    let rest = format!("{}{}", &line[..only.span.start], &line[only.span.end..]);
    rest.chars()
        .all(|c| c.is_whitespace() || ",.;:|-–—()[]".contains(c))
        .then_some(only.date)
}

// ---------------------------------------------------------------------------------
// Slugs
// ---------------------------------------------------------------------------------

/// An ASCII spelling of a common accented Latin letter (lowercase input).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// A file-name slug for `text`: lowercase ASCII letters and digits separated by single
/// `-`; common accented letters lose their accents, apostrophes vanish ("Pakistan’s" →
/// `pakistans`), anything else separates words. At most `max` characters, cut at a
/// `-` when one is near the end. Empty when `text` has no usable character.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    // Characters in the current word, to keep initialisms whole ("U.S." → `us`).
    let mut word_len = 0;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mut ascii = [0u8; 1];
        let piece = if c.is_ascii_alphanumeric() {
            Some(&*c.encode_utf8(&mut ascii))
        } else {
            fold(c)
        };
        match piece {
            Some(p) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                    word_len = 0;
                }
                pending_dash = false;
                out.push_str(p);
                word_len += 1;
            }
            None if matches!(c, '\'' | '’' | '‘' | 'ʼ') => {}
            // A period after a one-letter word: an initialism goes on ("U.S.").
            None if c == '.'
                && word_len == 1
                && !pending_dash
                && out.ends_with(|l: char| l.is_ascii_alphabetic()) =>
            {
                word_len = 0
            }
            None => pending_dash = true,
        }
    }
    if out.len() > max {
        out.truncate(max); // ASCII only: any index is a char boundary
        if let Some(i) = out.rfind('-').filter(|&i| i > max / 2) {
            out.truncate(i);
        }
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates(text: &str) -> Vec<NaiveDate> {
        find_dates(text).into_iter().map(|f| f.date).collect()
    }

    #[test]
    fn finds_dates_in_the_usual_formats() {
        assert_eq!(dates("March 10, 2016"), vec![d(2016, 3, 10)]);
        assert_eq!(dates("10 March 2016"), vec![d(2016, 3, 10)]);
        assert_eq!(dates("Sunday, 17 December 2017"), vec![d(2017, 12, 17)]);
        assert_eq!(dates("Friday April 26, 2024"), vec![d(2024, 4, 26)]);
        assert_eq!(dates("2016-03-10"), vec![d(2016, 3, 10)]);
        assert_eq!(
            dates("Mar. 10 2016 and 3rd sept, 2015"),
            vec![d(2016, 3, 10), d(2015, 9, 3)]
        );
        assert_eq!(
            dates("ISLAMABAD, 10 MARCH 2016: talks held on 2016-03-09."),
            vec![d(2016, 3, 10), d(2016, 3, 9)]
        );
    }

    #[test]
    fn date_spans_include_the_weekday() {
        let t = "Updated Friday April 26, 2024 at noon";
        let f = &find_dates(t)[0];
        assert_eq!(&t[f.span.clone()], "Friday April 26, 2024");
    }

    #[test]
    fn rejects_impossible_and_partial_dates() {
        assert!(dates("February 30, 2016").is_empty());
        assert!(dates("2016-13-01").is_empty());
        assert!(dates("In August 2017, China").is_empty());
        assert!(dates("March 2016").is_empty());
        assert!(dates("resolution 2178 of 2014").is_empty());
        assert!(dates("you may 10 times 2016 people").is_empty());
        assert!(dates("serial 12016-03-10").is_empty());
    }

    #[test]
    fn date_lines_hold_only_a_date() {
        assert_eq!(date_line("  Friday April 26, 2024 "), Some(d(2024, 4, 26)));
        assert_eq!(date_line("March 10, 2016."), Some(d(2016, 3, 10)));
        assert_eq!(date_line("Riverton, 12 April 2023"), None);
        assert_eq!(date_line("Published March 10, 2016"), None);
        assert_eq!(date_line("March 10, 2016 – March 11, 2016"), None);
    }

    #[test]
    fn slugs_are_lowercase_ascii_with_dashes() {
        assert_eq!(
            slugify("Pakistan, US to share information on Daesh", 60),
            "pakistan-us-to-share-information-on-daesh"
        );
        assert_eq!(slugify("Pakistan’s envoy: “No”", 60), "pakistans-envoy-no");
        assert_eq!(slugify("Café Zürich – Œuvre", 60), "cafe-zurich-oeuvre");
        assert_eq!(slugify("  --Hello__World--  ", 60), "hello-world");
        assert_eq!(
            slugify("U.S. and Pakistan, e.g. J. Smith's 2.4 m.", 60),
            "us-and-pakistan-eg-j-smiths-2-4-m"
        );
        assert_eq!(slugify("日本語", 60), "");
        assert_eq!(slugify("", 60), "");
        let long = slugify(
            "Pakistan and the United States discuss jointly countering Daesh and the Pakistani Taliban",
            60,
        );
        assert!(long.len() <= 60, "{long}");
        assert_eq!(
            long,
            "pakistan-and-the-united-states-discuss-jointly-countering"
        );
        assert_eq!(slugify(&"x".repeat(80), 60).len(), 60);
    }

    #[test]
    fn unique_slugs_get_a_number() {
        let taken: BTreeSet<String> = ["a".to_string(), "a-2".to_string()].into();
        assert_eq!(unique_slug("a", &taken), "a-3");
        assert_eq!(unique_slug("b", &taken), "b");
        assert_eq!(unique_slug("A", &taken), "A-3");
    }

    #[test]
    fn prefers_the_date_after_the_headline() {
        let text = "close\nFriday April 26, 2024\n\nHeadline here\n\nBy Someone\nMarch 10, 2016\n\nBody on 2016-03-01.\n";
        let s = propose(text, &Known::default());
        assert_eq!(s.title, "Headline here");
        assert_eq!(s.title_line, Some(4));
        let date = s.date.clone().unwrap();
        assert_eq!(
            (date.date, date.line, date.after_headline),
            (d(2016, 3, 10), 7, true)
        );
        let lines: Vec<(CutWhy, Vec<String>)> = s
            .cuts
            .iter()
            .filter_map(|c| match c {
                ProposedCut::Lines { lines, why, .. } => Some((*why, lines.clone())),
                _ => None,
            })
            .collect();
        // The byline and the chosen date's own line are cut too: the stub shows them as
        // metadata.
        assert_eq!(
            lines,
            vec![
                (CutWhy::Junk, vec!["close".to_string()]),
                (CutWhy::Byline, vec!["By Someone".to_string()]),
                (CutWhy::StrayDate, vec!["Friday April 26, 2024".to_string()]),
                (CutWhy::DateLine, vec!["March 10, 2016".to_string()]),
                (CutWhy::Headline, vec!["Headline here".to_string()]),
            ]
        );
    }

    #[test]
    fn falls_back_to_a_date_above_the_headline() {
        let s = propose(
            "12 May 2020\nHeadline\nBody without a date.\n",
            &Known::default(),
        );
        let date = s.date.unwrap();
        assert_eq!((date.date, date.after_headline), (d(2020, 5, 12), false));
        assert!(s.cuts.iter().all(|c| !matches!(
            c,
            ProposedCut::Lines {
                why: CutWhy::StrayDate,
                ..
            }
        )));
        assert!(propose("Headline\nNo date.\n", &Known::default())
            .date
            .is_none());
    }

    #[test]
    fn global_cuts_are_not_proposed_again() {
        let global = vec![
            GlobalCut {
                lines: vec!["Share This:".into()],
                ..Default::default()
            },
            GlobalCut {
                from: Some("Welcome! Login in to your account".into()),
                to: Some("Lost Password".into()),
                ..Default::default()
            },
        ];
        let text = "Title\nBody.\nShare This:\nWelcome! Login in to your account\nRegister\nLost Password\nPost a Comment\n";
        let s = propose(text, &Known::new(global, &[], Vec::<String>::new()));
        assert_eq!(
            s.cuts,
            vec![
                ProposedCut::Lines {
                    lines: vec!["Post a Comment".into()],
                    at: vec![7],
                    why: CutWhy::Junk
                },
                ProposedCut::Lines {
                    lines: vec!["Title".into()],
                    at: vec![1],
                    why: CutWhy::Headline
                },
            ]
        );
        // Without the global rules, the login form is one proposed block.
        let s = propose(text, &Known::default());
        assert_eq!(
            s.cuts[0],
            ProposedCut::Block {
                from: "Welcome! Login in to your account".into(),
                to: "Lost Password".into(),
                at: 4..7
            }
        );
    }

    #[test]
    fn a_lead_paragraph_is_shortened_not_cut() {
        let para = "ISLAMABAD: Pakistan and the United States have discussed jointly countering several militant groups, the foreign ministry said on Monday, in a statement.";
        let s = propose(para, &Known::default());
        assert!(
            s.title.ends_with('…') && s.title.chars().count() <= 101,
            "{}",
            s.title
        );
        assert!(s.cuts.is_empty());
    }

    #[test]
    fn the_stub_is_valid_toml_with_escaped_strings() {
        let text = "He said \"no\" \\ and 'yes' \u{7}\nMarch 10, 2016\nShare\n";
        let s = propose(text, &Known::default());
        let out = s.render("we\"ird.txt");
        let (fm, _, body, _) = split_front_matter(&out).unwrap();
        let v: toml::Table = toml::from_str(fm).unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(v["seed"].as_str(), Some("we\"ird.txt"));
        assert_eq!(
            v["title"].as_str(),
            Some("He said \"no\" \\ and 'yes' \u{7}")
        );
        assert_eq!(v["date"].as_str(), Some("2016-03-10"));
        let cuts = v["cut"].as_array().unwrap();
        assert_eq!(cuts.len(), 3); // "Share", the date line, the headline
        assert!(cuts
            .iter()
            .all(|c| c["reason"].as_str() == Some(PROPOSED_REASON)));
        assert!(body.contains("## Notes"));
        assert!(!body
            .lines()
            .any(|l| l.trim().eq_ignore_ascii_case("## notes")));
    }

    #[test]
    fn a_stub_without_date_keeps_the_hint() {
        let out = propose("Headline\nBody.\n", &Known::default()).render("a.txt");
        assert!(out.contains("\n# date = \"YYYY-MM-DD\""), "{out}");
        let (fm, ..) = split_front_matter(&out).unwrap();
        let v: toml::Table = toml::from_str(fm).unwrap();
        assert!(!v.contains_key("date"));
        assert!(
            out.contains("# summary = \"\"")
                && out.contains("# tags = []")
                && out.contains("# see_also = []")
        );
    }

    /// Every `lines` item the stub proposes, with its reason.
    fn proposed(s: &Stub) -> Vec<(CutWhy, String)> {
        s.cuts
            .iter()
            .flat_map(|c| match c {
                ProposedCut::Lines { lines, why, .. } => {
                    lines.iter().map(|l| (*why, l.clone())).collect()
                }
                ProposedCut::Block { .. } => Vec::new(),
            })
            .collect()
    }

    fn texts(s: &Stub) -> Vec<String> {
        proposed(s).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn kinds_of_furniture_by_shape() {
        use Kind::*;
        for (line, want) in [
            ("Share on Facebook", Some(Share)),
            ("Facebook Twitter WhatsApp Email", Some(Share)),
            ("12 Comments", Some(Share)),
            ("Follow Al Jazeera English:", Some(Share)),
            ("Skip to main content", Some(Nav)),
            ("Forgot your password? Get help", Some(Nav)),
            ("Home » Pakistan » Politics", Some(Nav)),
            (
                "Also read: Sindh seeks funds for barrage repairs",
                Some(Teaser),
            ),
            ("Advertisement · Scroll to continue", Some(Teaser)),
            ("Related Stories", Some(TeaserHeading)),
            ("By Sara Malik and Tom Hale", Some(Byline)),
            ("By\u{a0}Wajid Ali Syed", Some(Byline)),
            ("Monitoring Desk", Some(Byline)),
            ("Source: Al Jazeera and news agencies", Some(Byline)),
            ("Updated 05 Mar, 2024 09:12am", Some(Stamp)),
            (
                "March 20, 2024 10:41 AM GMT+5Updated 2 hours ago",
                Some(Stamp),
            ),
            ("Published in Dawn, March 5th, 2024", Some(Stamp)),
            ("Islamabad, 14 March 2024", Some(Stamp)),
            ("5 min read", Some(Stamp)),
            ("3 hours ago", Some(Stamp)),
            ("Image caption, Pupils leave a school early", Some(Caption)),
            ("© 2024 Reuters. All rights reserved", Some(Notice)),
            (
                "We use cookies to improve your experience. Accept?",
                Some(Notice),
            ),
            ("Subscribe to our newsletter", Some(Notice)),
            ("|", Some(Symbols)),
            // Headlines and article lines that only look a little like furniture.
            ("Government portal login crashes on first day", None),
            ("Millions subscribe to new pension plan", None),
            ("UN Climate Report", None),
            ("Breaking the deadlock: talks resume in Doha", None),
            ("Follow-up talks set for May", None),
            ("By Tuesday the river had risen two metres.", None),
            ("Copyright disputes", None),
            ("Key findings", None),
            ("Pakistan, US to share information on Daesh", None),
        ] {
            assert_eq!(kind_of(line), want, "{line:?}");
        }
    }

    #[test]
    fn prose_is_never_proposed_for_its_position() {
        // A short last paragraph, a subheading, a list item and a question stay; the
        // footer lines that do not read as prose go.
        let text = "Menu\nSearch\nLogin\nFloods cut the only road to the valley\nBy Ali Khan\n\
                    The road was cut by landslides on Monday, officials said.\nBackground\n\
                    • Rescue teams reached the first villages on Tuesday.\n\
                    Why did the slopes give way?\nThey will rebuild.\n\
                    Tags\nPakistan\nLandslides\nMost Read\nPolice search for driver\n";
        let s = propose(text, &Known::default());
        assert_eq!(s.title, "Floods cut the only road to the valley");
        let cut = texts(&s);
        for kept in [
            "The road was cut by landslides on Monday, officials said.",
            "Background",
            "• Rescue teams reached the first villages on Tuesday.",
            "Why did the slopes give way?",
            "They will rebuild.",
        ] {
            assert!(
                !cut.contains(&kept.to_string()),
                "{kept:?} proposed: {cut:?}"
            );
        }
        for junk in [
            "Menu",
            "Login",
            "By Ali Khan",
            "Tags",
            "Landslides",
            "Police search for driver",
        ] {
            assert!(
                cut.contains(&junk.to_string()),
                "{junk:?} not proposed: {cut:?}"
            );
        }
    }

    #[test]
    fn lines_recurring_in_other_seeds_are_furniture() {
        let page = |title: &str, body: &str| {
            format!("Daily Canal Times\nThe Capital's Own Paper\n{title}\n{body}\nTip line\nOur Pledge to Readers\n")
        };
        let others = [
            page(
                "Canal water supply suspended",
                "The supply will stop for a day while crews clean the canal, the authority said.",
            ),
            page(
                "Metro fares unchanged",
                "Fares on the metro bus will stay the same this year, the authority said.",
            ),
        ];
        let text = page(
            "Court orders survey of canal bank",
            "The court ordered a survey of all buildings on the canal bank.\nOur Pledge to Readers\nThe authority said the survey had begun in two sections.",
        );
        let s = propose(&text, &Known::new(Vec::new(), &[], &others));
        assert_eq!(s.title, "Court orders survey of canal bank");
        let cut = proposed(&s);
        // Found in both other seeds: proposed everywhere, inside the body too.
        assert!(
            cut.contains(&(CutWhy::Recurring(2), "Our Pledge to Readers".into())),
            "{cut:?}"
        );
        assert!(
            cut.contains(&(CutWhy::Recurring(2), "Daily Canal Times".into())),
            "{cut:?}"
        );
        // A sentence found elsewhere is still not proposed; with one other seed, a line
        // inside the body is not either.
        let one = propose(&text, &Known::new(Vec::new(), &[], &others[..1]));
        assert!(
            proposed(&one)
                .iter()
                .all(|(_, t)| t != "Our Pledge to Readers"),
            "{:?}",
            proposed(&one)
        );
        assert!(texts(&one).contains(&"Tip line".to_string()));
    }

    #[test]
    fn confirmed_cuts_are_proposed_again() {
        let confirmed = [
            GlobalCut {
                lines: vec!["Like Business on Facebook, follow @TribuneBiz on Twitter.".into()],
                ..Default::default()
            },
            GlobalCut {
                lines: vec!["Editor's pick".into()],
                reason: Some(PROPOSED_REASON.into()),
                ..Default::default()
            },
            GlobalCut {
                from: Some("Sign up for our briefing".into()),
                to: Some("protected by reCAPTCHA".into()),
                ..Default::default()
            },
        ];
        let text = "Textile exports rise as orders return\n\
                    KARACHI: Exports rose nine per cent in February, the bureau said on Monday.\n\
                    Editor's pick\n\
                    Mills are still running at two-thirds of capacity, exporters said.\n\
                    like business on facebook,  follow @TribuneBiz on Twitter.\n\
                    Sign up for our briefing\nThe news you need, every morning.\nprotected by reCAPTCHA\n";
        let s = propose(
            text,
            &Known::new(Vec::new(), &confirmed, Vec::<String>::new()),
        );
        let cut = proposed(&s);
        // Confirmed once, even as a sentence, and spelled a little differently.
        assert!(cut.contains(&(
            CutWhy::Confirmed,
            "like business on facebook,  follow @TribuneBiz on Twitter.".into()
        )));
        // A proposal nobody confirmed is no evidence.
        assert!(cut.iter().all(|(_, t)| t != "Editor's pick"), "{cut:?}");
        assert!(s.cuts.contains(&ProposedCut::Block {
            from: "Sign up for our briefing".into(),
            to: "protected by reCAPTCHA".into(),
            at: 6..9
        }));
    }

    #[test]
    fn a_page_title_line_is_not_the_headline() {
        let text = "Wheat farmers protest over halted purchases | Daily Canal Times\nHome\n\
                    Wheat farmers protest over halted purchases\nBy Amir Latif\n\
                    Farmers staged protests in several cities on Tuesday, police said.\n";
        let s = propose(text, &Known::default());
        assert_eq!(s.title, "Wheat farmers protest over halted purchases");
        assert!(texts(&s).contains(
            &"Wheat farmers protest over halted purchases | Daily Canal Times".to_string()
        ));
    }

    #[test]
    fn teasers_under_a_heading_inside_the_body_are_proposed() {
        let text = "Sri Lanka sets date for presidential vote\n\
                    Sri Lanka will hold a presidential election in September, the commission said.\n\
                    list of 2 items\nlist 1 of 2\nCentral bank cuts rates as inflation eases\n\
                    list 2 of 2\nTea exporters count the cost\nend of list\n\
                    Nominations will be accepted until the middle of August, it said.\n\
                    Background\nThe last national vote was held in 2020, before the crisis.\n";
        let s = propose(text, &Known::default());
        let cut = texts(&s);
        for teaser in [
            "Central bank cuts rates as inflation eases",
            "Tea exporters count the cost",
            "list 1 of 2",
        ] {
            assert!(cut.contains(&teaser.to_string()), "{teaser:?}: {cut:?}");
        }
        assert!(!cut.contains(&"Background".to_string()), "{cut:?}");
    }
}

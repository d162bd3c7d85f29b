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
//! The text heuristics of `add` ([`find_dates`], [`slugify`], the junk lists) are
//! public so that they can be tested and reused.

// `init` and `add` return one `Diagnostic` by value (the signatures the CLI uses); it
// is created at most once per command, so its size does not matter.
#![allow(clippy::result_large_err)]

use std::collections::BTreeSet;
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

/// `dossier.toml` of the example dossier.
const DOSSIER_TOML: &str = r##"# Settings of this dossier (every field is described in the dossier tool's
# docs/annotations.md).
title = "Riverton Footbridge Dossier"
description = "An example dossier: two local news reports on a new footbridge, annotated."
# Where the site is published, e.g. "https://USER.github.io/REPO/". Optional: only
# canonical links and the 404 page need it, and the GitHub Pages workflow passes it
# with `dossier build --base-url`.
base_url = ""
language = "en"
# Who compiled the dossier.
author = ""
"##;

const SEED_FOOTBRIDGE: &str = r##"Council backs footbridge over the Mill River

Council backs footbridge over the Mill River
By Dana Whitfield
March 4, 2023

RIVERTON - The town council voted five to two on Tuesday to build a pedestrain bridge across the Mill River, ending a debate that began when the old ferry stopped running in 2019.

The bridge is expected to cost about 2.4 million dollars, most of it paid by a state grant for walking and cycling routes. Work could begin next spring.

Councillor Ana Ruiz, who first proposed the crossing, said it would "reconnect the east bank to the rest of town". The two members who voted against said road repairs should come first.

The Mill River Trust (MRT), a volunteer conservation group, asked the council to protect a heron colony near the old ferry landing while the bridge is built. The council agreed to hear the MRT again before work starts.

Share This:
"##;

const SEED_HERONS: &str = r##"Herons to be counted before bridge work starts

Riverton, 12 April 2023

Volunteers from the Mill River Trust will count the nesting herons on the east bank this month, before any work starts on the new footbridge.

"We are not against the bridge," said Sam Okafor, who chairs the Trust. "We want the builders to know where the nests are."

The count will be repeated every spring for three years, and the results will be published on the MRT's website.

Post a Comment
"##;

const INDEX_MD: &str = r##"This is the introduction of your new dossier, written in `annotations/index.md`. It is
shown on the home page, above the list of articles.

The two example articles, [[footbridge-vote]] and [[heron-colony-survey]], use every part
of the annotation format once: cuts of scrape junk, a visible correction, a timeline event,
a note anchored to a quote, and a glossary term, the [[Mill River Trust]], linked wherever
one of its names appears. Replace them with your own material:

1. `dossier add path/to/article.txt` copies a raw article into `seeds/` and writes an
   annotation stub in `annotations/articles/`, with a guessed title and date and proposed
   cuts to confirm or delete.
2. `dossier check` reports every problem, rustc-style.
3. `dossier build` writes the site into `site/`.
"##;

const BOILERPLATE_TOML: &str = r##"# Cut rules applied to every seed before its own cuts: the page furniture of the
# sites the articles were scraped from. A rule that matches no seed is a warning.

[[cut]]
lines = ["Share This:", "Post a Comment"]
reason = "sharing and comment widgets of the source site"

# A block of lines, from one line through another (omit `to`: to the end):
#
# [[cut]]
# from = "Welcome! Login in to your account"
# to = "Lost Password"
# reason = "login form of the source site"
"##;

const ARTICLE_FOOTBRIDGE: &str = r##"+++
seed = "footbridge-vote.txt"
title = "Council backs footbridge over the Mill River"
date = "2023-03-04"
publication = "Riverton Courier"
byline = "Dana Whitfield"
summary = "Riverton's council votes five to two for a pedestrian bridge across the Mill River, paid for mostly by a state grant."
tags = ["transport", "town council"]
see_also = ["heron-colony-survey"]

[[cut]]
lines = ["Council backs footbridge over the Mill River", "By Dana Whitfield", "March 4, 2023"]
reason = "headline (printed twice), byline and date line of the page header: shown as metadata"

[[fix]]
find = "pedestrain"
replace = "pedestrian"
note = "A typo in the original."

[[event]]
date = "2023-02-28"
text = "Riverton's town council votes five to two to build a footbridge over the Mill River"
+++
This is an example annotation: edit it, or delete it together with its seed. The
commentary says what the article adds and how it relates to the others. Here, the vote
is where the story starts: the [[Mill River Trust]] answers it by asking for the herons
to be protected, which [[heron-colony-survey]] follows up.

**How it was dated.** The date line under the byline reads March 4, 2023, a Saturday;
"on Tuesday" puts the vote itself on 28 February.

## Notes

> reconnect the east bank to the rest of town

A note anchored to an exact quote of the article: it is shown beside the quoted words.
"##;

const ARTICLE_HERONS: &str = r##"+++
seed = "heron-survey.txt"
title = "Herons to be counted before bridge work starts"
date = "2023-04-12"
publication = "Riverton Courier"
summary = "The Mill River Trust will count the herons nesting near the bridge site every spring for three years."
tags = ["wildlife", "transport"]
see_also = ["footbridge-vote"]

[[cut]]
lines = ["Herons to be counted before bridge work starts"]
reason = "headline at the top of the scraped page (shown as the title)"

[[event]]
date = "2023-04"
text = "First spring count of the heron colony by the [[Mill River Trust]]"
+++
A second example, so that the two articles can point at each other with `see_also`.
The [[Mill River Trust|Trust]] follows up on the request it made after the
[[footbridge-vote|council vote]].
"##;

const TERM_TRUST: &str = r##"+++
term = "Mill River Trust"
aliases = ["MRT", "the Trust"]
kind = "organization"
+++
A volunteer conservation group in Riverton (an example glossary entry). The term and each
of its aliases are linked wherever they appear in an article's text, and this page lists
every article that mentions them.
"##;

const GITIGNORE: &str = "/site\n";

const PAGES_YML: &str = r##"# Builds the dossier and publishes it on GitHub Pages at every push to main.
# Enable it once in the repository's Settings > Pages > Source: "GitHub Actions".
name: Publish the dossier

on:
  push:
    branches: [main]
  workflow_dispatch:

env:
  # SET THIS to the Git URL of the `dossier` tool's repository (the one that holds its
  # Cargo.toml), e.g. https://github.com/OWNER/dossier. This dossier holds only the
  # content; the tool is installed from there at each run.
  DOSSIER_REPO: https://github.com/OWNER/dossier

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - name: Check that DOSSIER_REPO is set
        run: |
          if [ "$DOSSIER_REPO" = "https://github.com/OWNER/dossier" ]; then
            echo "::error::set DOSSIER_REPO at the top of .github/workflows/pages.yml to the dossier tool's repository"
            exit 1
          fi
      - name: Install dossier
        run: cargo install --locked --git "$DOSSIER_REPO" dossier
      - name: Configure Pages
        id: pages
        uses: actions/configure-pages@v6
      - name: Build the site
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: dossier build --base-url "$BASE_URL"
      - uses: actions/upload-pages-artifact@v5
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v5
"##;

/// A file `init` writes: path relative to the dossier, content, and whether an
/// existing file of that name is kept (and skipped) rather than refused.
struct InitFile {
    path: &'static str,
    content: &'static str,
    keep_existing: bool,
}

const INIT_FILES: &[InitFile] = &[
    InitFile {
        path: "dossier.toml",
        content: DOSSIER_TOML,
        keep_existing: false,
    },
    InitFile {
        path: "seeds/footbridge-vote.txt",
        content: SEED_FOOTBRIDGE,
        keep_existing: false,
    },
    InitFile {
        path: "seeds/heron-survey.txt",
        content: SEED_HERONS,
        keep_existing: false,
    },
    InitFile {
        path: "annotations/index.md",
        content: INDEX_MD,
        keep_existing: false,
    },
    InitFile {
        path: "annotations/boilerplate.toml",
        content: BOILERPLATE_TOML,
        keep_existing: false,
    },
    InitFile {
        path: "annotations/articles/footbridge-vote.md",
        content: ARTICLE_FOOTBRIDGE,
        keep_existing: false,
    },
    InitFile {
        path: "annotations/articles/heron-colony-survey.md",
        content: ARTICLE_HERONS,
        keep_existing: false,
    },
    InitFile {
        path: "annotations/glossary/mill-river-trust.md",
        content: TERM_TRUST,
        keep_existing: false,
    },
    InitFile {
        path: ".gitignore",
        content: GITIGNORE,
        keep_existing: true,
    },
    InitFile {
        path: ".github/workflows/pages.yml",
        content: PAGES_YML,
        keep_existing: true,
    },
];

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
    for f in INIT_FILES {
        let path = dir.join(f.path);
        if f.keep_existing && occupied(&path) {
            continue;
        }
        write_new(&path, f.content.as_bytes()).map_err(|e| {
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
/// The stub's guesses (see [`propose`]): the title is the first line that is not junk
/// or a date; the date is the first date at or after that headline; proposed cuts
/// cover known junk, the headline itself and stray date lines.
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

    let global = read_boilerplate(&root.join("annotations").join("boilerplate.toml"));
    let mut stub = propose(&normalise(text), &global);

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
}

#[derive(Deserialize)]
struct SeedOnly {
    seed: Option<Spanned<String>>,
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
            let seed = split_front_matter(&text).ok().and_then(|(fm, off, _, _)| {
                let s = toml::from_str::<SeedOnly>(fm).ok()?.seed?;
                let span = s.span();
                Some(Located {
                    value: s.into_inner(),
                    span: span.start + off..span.end + off,
                })
            });
            ExistingArticle {
                slug,
                path,
                text,
                seed,
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
// The stub
// ---------------------------------------------------------------------------------

/// Why a cut is proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutWhy {
    /// Known page furniture ([`JUNK_LINES`]).
    Junk,
    /// A known block of page furniture ([`JUNK_BLOCKS`]).
    JunkBlock,
    /// The headline, which the page shows as its title.
    Headline,
    /// A line holding only a date that is not the article's date.
    StrayDate,
}

impl CutWhy {
    fn comment(self) -> &'static str {
        match self {
            CutWhy::Junk => "known page furniture of news sites",
            CutWhy::JunkBlock => "a known block of page furniture",
            CutWhy::Headline => "the headline (the page shows it as the title)",
            CutWhy::StrayDate => {
                "a date line that is not the article's date (often the day the page was scraped)"
            }
        }
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

/// Comparison key for junk lines: trimmed, lowercase, one kind of apostrophe.
fn junk_key(s: &str) -> String {
    s.trim().replace('’', "'").to_lowercase()
}

/// Guesses the title and date of a seed's (normalised) text and proposes cuts.
///
/// - Lines removed by the dossier's global `cuts` are ignored entirely (an article cut
///   for them would match nothing, which `check` reports as an error).
/// - Known junk is proposed first: blocks ([`JUNK_BLOCKS`], only when both ends are
///   present, in order), then single lines ([`JUNK_LINES`]).
/// - **Title**: the first remaining non-empty line that is not junk and not a date
///   line. A headline-like title (at most 150 characters, not ending in `.`) is
///   proposed as a cut, since the page shows it as the title: a lines cut removes every
///   copy, so a headline printed twice disappears. A longer first line (a lead
///   paragraph) is shortened at a word for the title and not cut.
/// - **Date**: the first date *at or after the headline*; only when there is none, the
///   first date above it. Scraped pages often begin with page chrome holding the day
///   the page was saved ("Friday April 26, 2024" above "March 10, 2016" in
///   `000_8ff94108a896390f.txt`), while the publication date follows the headline and
///   byline. Lines holding nothing but a date, other than the chosen date's line, are
///   proposed as stray-date cuts.
pub fn propose(text: &str, global: &[GlobalCut]) -> Stub {
    let mut lines: Vec<Line> = text
        .lines()
        .map(|t| Line {
            text: t.to_string(),
            gone: false,
        })
        .collect();
    apply_global(&mut lines, global);
    let mut cuts = Vec::new();
    // Every proposed lines-cut item, to never propose one twice.
    let mut proposed: BTreeSet<String> = BTreeSet::new();

    // Junk blocks.
    for (from, to) in JUNK_BLOCKS {
        let (from_key, to_key) = (junk_key(from), junk_key(to));
        let mut i = 0;
        while i < lines.len() {
            if lines[i].gone || junk_key(&lines[i].text) != from_key {
                i += 1;
                continue;
            }
            let Some(end) = (i + 1..lines.len())
                .find(|&j| !lines[j].gone && junk_key(&lines[j].text) == to_key)
            else {
                break;
            };
            let (first, last) = (lines[i].text.trim(), lines[end].text.trim());
            // One cut removes every occurrence of the same block.
            let known = cuts.iter().any(
                |c| matches!(c, ProposedCut::Block { from, to, .. } if from == first && to == last),
            );
            if !known {
                cuts.push(ProposedCut::Block {
                    from: first.to_string(),
                    to: last.to_string(),
                    at: i + 1..end + 2,
                });
            }
            lines[i..=end].iter_mut().for_each(|l| l.gone = true);
            i = end + 1;
        }
    }

    // Known junk lines.
    let junk: BTreeSet<String> = JUNK_LINES.iter().map(|j| junk_key(j)).collect();
    let mut junk_cut = (Vec::new(), Vec::new());
    for (i, l) in lines.iter_mut().enumerate() {
        if l.gone || !junk.contains(&junk_key(&l.text)) {
            continue;
        }
        let t = l.text.trim().to_string();
        if proposed.insert(t.clone()) {
            junk_cut.0.push(t);
        }
        junk_cut.1.push(i + 1);
        l.gone = true;
    }

    // Title: the first remaining line that is not a date line.
    let title_idx = lines
        .iter()
        .position(|l| !l.gone && !l.text.trim().is_empty() && date_line(&l.text).is_none());
    let title_text = title_idx.map(|i| lines[i].text.trim().to_string());
    let is_headline = title_text.as_deref().is_some_and(looks_like_headline);

    // Date: the first at or after the headline, else the first one above it.
    let found: Vec<(usize, NaiveDate)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.gone)
        .flat_map(|(i, l)| find_dates(&l.text).into_iter().map(move |d| (i, d.date)))
        .collect();
    let start = title_idx.unwrap_or(0);
    let chosen = found
        .iter()
        .find(|(i, _)| *i >= start)
        .map(|&(i, d)| (i, d, true))
        .or_else(|| found.first().map(|&(i, d)| (i, d, false)));
    let chosen_text = chosen.map(|(i, _, _)| lines[i].text.trim().to_string());

    // Stray date lines.
    let mut stray_cut = (Vec::new(), Vec::new());
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if l.gone || date_line(t).is_none() || Some(t) == chosen_text.as_deref() {
            continue;
        }
        if proposed.insert(t.to_string()) {
            stray_cut.0.push(t.to_string());
        }
        stray_cut.1.push(i + 1);
    }

    if !junk_cut.0.is_empty() {
        cuts.push(ProposedCut::Lines {
            lines: junk_cut.0,
            at: junk_cut.1,
            why: CutWhy::Junk,
        });
    }
    if !stray_cut.0.is_empty() {
        cuts.push(ProposedCut::Lines {
            lines: stray_cut.0,
            at: stray_cut.1,
            why: CutWhy::StrayDate,
        });
    }
    if let (true, Some(t)) = (is_headline, &title_text) {
        if proposed.insert(t.clone()) {
            let at = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.gone && l.text.trim() == t)
                .map(|(i, _)| i + 1)
                .collect();
            cuts.push(ProposedCut::Lines {
                lines: vec![t.clone()],
                at,
                why: CutWhy::Headline,
            });
        }
    }

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
            (Some(_), false) => "  # guessed from the first line that is not junk: check it",
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
        let s = propose(text, &[]);
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
        assert_eq!(
            lines,
            vec![
                (CutWhy::Junk, vec!["close".to_string()]),
                (CutWhy::StrayDate, vec!["Friday April 26, 2024".to_string()]),
                (CutWhy::Headline, vec!["Headline here".to_string()]),
            ]
        );
    }

    #[test]
    fn falls_back_to_a_date_above_the_headline() {
        let s = propose("12 May 2020\nHeadline\nBody without a date.\n", &[]);
        let date = s.date.unwrap();
        assert_eq!((date.date, date.after_headline), (d(2020, 5, 12), false));
        assert!(s.cuts.iter().all(|c| !matches!(
            c,
            ProposedCut::Lines {
                why: CutWhy::StrayDate,
                ..
            }
        )));
        assert!(propose("Headline\nNo date.\n", &[]).date.is_none());
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
        let s = propose(text, &global);
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
        let s = propose(text, &[]);
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
        let s = propose(para, &[]);
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
        let s = propose(text, &[]);
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
        assert_eq!(cuts.len(), 2);
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
        let out = propose("Headline\nBody.\n", &[]).render("a.txt");
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
}

//! `dossier add`: copying a raw article into `seeds/` byte for byte and writing an
//! annotation stub for it; every check that can refuse runs before the first write.

use std::collections::BTreeSet;

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::*;
use crate::diagnostic::{display_path, Diagnostic};
use crate::load::normalise;
use crate::load::seed::{read_bounded, ReadError};

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

/// Longest slug `add` derives from a title (before a `-2` suffix).
pub const MAX_SLUG: usize = 60;

/// Copies `seed_file` into `root`/seeds/ and writes an annotation stub for it in
/// `root`/annotations/articles/`<slug>`.md.
///
/// Every check runs before anything is written: `root` must hold `dossier.toml`; the
/// seed must be a regular file (not a folder, device or FIFO) of at most
/// [`MAX_SEED_BYTES`] holding UTF-8 text, not empty; a *different* file of the same name in seeds/ is
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
    if text.trim().is_empty() {
        let what = if bytes.is_empty() {
            "empty"
        } else {
            "only white space"
        };
        return Err(
            Diagnostic::error(seed_file, format!("the seed file is {what}: there is no article to add"))
                .with_help("save the article's text into the file (or pick the file that holds it), then add it again"),
        );
    }
    let name = seed_name(seed_file)?;

    let seed_dest = root.join(crate::load::walk::SEEDS).join(&name);
    let seed_copied = needs_copy(root, &seed_dest, &name, &bytes)?;
    let articles_dir = root.join(crate::load::walk::ANNOTATIONS).join("articles");
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

/// The bytes of the seed file `add` was given, or a diagnostic saying what is wrong
/// with it and what to do.
pub(crate) fn read_seed(seed_file: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_bounded(seed_file).map_err(|e| {
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
pub(crate) fn name_stub(
    root: &Path,
    existing: &[ExistingArticle],
    name: &str,
    stub: &mut Stub,
) -> String {
    let mut taken: BTreeSet<String> = existing.iter().map(|a| a.slug.to_lowercase()).collect();
    taken.extend(glossary_slugs(
        &root.join(crate::load::walk::ANNOTATIONS).join("glossary"),
    ));
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
pub(crate) fn needs_copy(
    root: &Path,
    seed_dest: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<bool, Diagnostic> {
    let shown = display_path(root, seed_dest);
    match read_bounded(seed_dest) {
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
pub(crate) fn refuse_annotated(
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
pub(crate) fn seed_name(seed_file: &Path) -> Result<String, Diagnostic> {
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

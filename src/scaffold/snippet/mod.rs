//! Annotation snippets for a selection in the preview (`serve` only): a note quoting
//! exactly the selected words (with the words around them as `prefix` and `suffix`,
//! and an `occurrence` when those do not tell repeats apart), a
//! `[[cut]]` of the lines the selection touches, a `[[fix]]` skeleton, or a glossary
//! entry for the selected name. The text is computed from the article as last built,
//! so a snippet anchors where the author selected; with `serve --write-annotations`
//! it can be added to the file, only by appending (or inserting a table before the
//! front matter's closing `+++`), and only when the file is still what was built.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::link::{anchor, distinguishing_prefixes, text_after, text_before, Anchor, Selector};
use crate::load::TermAnnotation;
use crate::site::{Passage, Site};

mod refusal;
pub use refusal::{Refusal, WriteRefusal};

/// What a snippet makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A note on the selected words.
    Note,
    /// A `[[cut]]` of the selected lines.
    Cut,
    /// A `[[fix]]` of the selected words.
    Fix,
    /// A glossary entry for the selected name.
    Term,
}

impl Kind {
    /// The kind named `s` (`note`, `cut`, `fix`, `term`).
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "note" => Kind::Note,
            "cut" => Kind::Cut,
            "fix" => Kind::Fix,
            "term" => Kind::Term,
            _ => return None,
        })
    }
}

/// One article as last built (handles shared with the build, not copies): its
/// annotation (the file and its text as built), cleaned and marked text, and seed.
pub type ArticleText = crate::site::Article;

/// Every article and glossary entry as last built, by slug.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    /// The dossier folder.
    pub root: PathBuf,
    /// Paragraphs are blank-line blocks (else one per line).
    pub blank_lines: bool,
    /// Articles, by slug.
    pub articles: HashMap<String, ArticleText>,
    /// Glossary entries, by slug.
    pub terms: HashMap<String, Arc<TermAnnotation>>,
}

impl Texts {
    /// The texts of `site`, whose dossier is at `root` (handles, not copies).
    pub fn of(site: &Site, root: &Path) -> Texts {
        let articles = site
            .articles
            .iter()
            .map(|a| (a.ann.slug.clone(), a.clone()))
            .collect();
        let terms = site
            .terms
            .iter()
            .map(|t| (t.ann.slug.clone(), t.ann.clone()))
            .collect();
        Texts {
            root: root.to_path_buf(),
            blank_lines: site.config.paragraphs == crate::config::Paragraphs::BlankLines,
            articles,
            terms,
        }
    }
}

/// A selection in an article page: from an offset in the paragraph that starts on
/// seed line `first` to an offset in the one on `last`. Offsets count UTF-16 code
/// units of the paragraph's text, as a browser's do.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The article.
    pub slug: String,
    /// Seed line of the first paragraph, and the offset in it.
    pub first: (usize, usize),
    /// Seed line of the last paragraph, and the offset in it.
    pub last: (usize, usize),
    /// The text the browser saw selected (to notice a page older than the build).
    pub text: String,
}

/// A snippet, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The file it goes into, relative to the dossier.
    pub path: PathBuf,
    /// What to paste.
    pub text: String,
    /// Where in the file.
    pub place: Place,
}

/// Where a snippet goes in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// At the end (a note, under `## Notes`).
    End,
    /// Into the front matter, before its closing `+++`.
    FrontMatter,
    /// A new file.
    NewFile,
}

/// The snippet of `kind` for `sel`, or why there is none.
pub fn snippet(texts: &Texts, sel: &Selection, kind: Kind) -> Result<Snippet, Refusal> {
    let a = texts
        .articles
        .get(&sel.slug)
        .ok_or_else(|| Refusal::NoArticle(sel.slug.clone()))?;
    let (p1, p2) = (para_at(a, sel.first.0)?, para_at(a, sel.last.0)?);
    if p2 < p1 {
        return Err(Refusal::Backwards);
    }
    let start = byte_offset(&a.marks.paragraphs[p1].text, sel.first.1)?;
    let end = byte_offset(&a.marks.paragraphs[p2].text, sel.last.1)?;
    match kind {
        Kind::Cut => Ok(cut(texts, a, p1..p2 + 1)),
        _ if p1 != p2 => Err(Refusal::TwoParagraphs),
        _ => {
            let text = &a.marks.paragraphs[p1].text;
            let range = trimmed(text, start..end);
            let words = &text[range.clone()];
            if words.is_empty() {
                return Err(Refusal::NoWords);
            }
            if !same_words(words, &sel.text) {
                return Err(Refusal::Stale);
            }
            let at = Passage {
                paragraph: p1,
                range,
            };
            Ok(match kind {
                Kind::Note => note(a, &at),
                Kind::Fix => fix(a, words),
                _ => term(words),
            })
        }
    }
}

/// The paragraph that starts on seed line `line`.
fn para_at(a: &ArticleText, line: usize) -> Result<usize, Refusal> {
    a.marks
        .paragraphs
        .iter()
        .position(|p| p.seed_line == line)
        .ok_or(Refusal::NoParagraph(line))
}

/// The byte offset of UTF-16 offset `units` in `text`.
fn byte_offset(text: &str, units: usize) -> Result<usize, Refusal> {
    let mut n = 0;
    for (i, c) in text.char_indices() {
        if n >= units {
            return Ok(i);
        }
        n += c.len_utf16();
    }
    if n >= units {
        Ok(text.len())
    } else {
        Err(Refusal::PastParagraph)
    }
}

/// `r` without white space at either end.
fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// Whether two texts have the same words (white space aside).
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// A TOML string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A note on the words at `at`: the quote, and what tells it apart when it occurs
/// more than once.
fn note(a: &ArticleText, at: &Passage) -> Snippet {
    let texts: Vec<&str> = a.marks.paragraphs.iter().map(|p| &*p.text).collect();
    let quote = &texts[at.paragraph][at.range.clone()];
    let context = note_context(&texts, at, quote);
    let heading = if has_notes(&a.ann.source.text) {
        ""
    } else {
        "\n## Notes\n"
    };
    Snippet {
        path: a.ann.source.path.clone(),
        text: format!("{heading}\n> {quote}\n{context}\nYour note.\n"),
        place: Place::End,
    }
}

/// Words of context written with every new note, as annotation tools store them at
/// creation: they pick the passage out when the quote repeats, and score the right
/// candidate when a re-scrape rewords it.
const CONTEXT_WORDS: usize = 4;

/// The `prefix` and `suffix` lines of a new note quoting `at` (and `occurrence`, when
/// the quote repeats and no context tells the places apart).
fn note_context(texts: &[&str], at: &Passage, quote: &str) -> String {
    let before = text_before(texts, at);
    let words: Vec<&str> = before.split_whitespace().collect();
    let mut prefix = words[words.len().saturating_sub(CONTEXT_WORDS)..].join(" ");
    let after = text_after(texts, at);
    let suffix: Vec<&str> = after.split_whitespace().take(CONTEXT_WORDS).collect();
    let suffix = suffix.join(" ");
    let plain = Selector {
        quote,
        ..Selector::default()
    };
    let mut occurrence = None;
    if let Anchor::Ambiguous { places, .. } = anchor(texts, &plain) {
        let i = places.iter().position(|p| p == at).unwrap_or(0);
        let telling = distinguishing_prefixes(texts, &places).swap_remove(i);
        if telling.len() > prefix.len() {
            prefix = telling;
        }
        occurrence = Some(i + 1);
    }
    let with = Selector {
        prefix: Some(&prefix).filter(|p| !p.is_empty()).map(String::as_str),
        suffix: Some(&suffix).filter(|s| !s.is_empty()).map(String::as_str),
        ..plain
    };
    let mut lines = String::new();
    if let Some(p) = with.prefix {
        lines.push_str(&format!("prefix = {}\n", toml_string(p)));
    }
    if let Some(s) = with.suffix {
        lines.push_str(&format!("suffix = {}\n", toml_string(s)));
    }
    match (anchor(texts, &with), occurrence) {
        (Anchor::Exact(p), _) if &p == at => {}
        (_, Some(n)) => lines.push_str(&format!("occurrence = {n}\n")),
        _ => {}
    }
    lines
}

/// Whether an annotation has its `## Notes` heading.
fn has_notes(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim().eq_ignore_ascii_case("## notes"))
}

/// A `[[cut]]` of the seed lines of paragraphs `paras`.
fn cut(texts: &Texts, a: &ArticleText, paras: Range<usize>) -> Snippet {
    let seed_lines: Vec<&str> = a.seed.text().lines().collect();
    let mut lines: Vec<&str> = Vec::new();
    for p in &a.marks.paragraphs[paras] {
        let mut n = p.seed_line;
        while let Some(l) = seed_lines.get(n - 1).map(|l| l.trim()) {
            if l.is_empty() {
                break;
            }
            lines.push(l);
            n += 1;
            if !texts.blank_lines {
                break;
            }
        }
    }
    let listed: Vec<String> = lines
        .iter()
        .map(|l| format!("  {},", toml_string(l)))
        .collect();
    Snippet {
        path: a.ann.source.path.clone(),
        text: format!(
            "\n[[cut]]\nlines = [\n{}\n]\nreason = \"why this is not part of the article\"\n",
            listed.join("\n")
        ),
        place: Place::FrontMatter,
    }
}

/// A `[[fix]]` skeleton for `words`.
fn fix(a: &ArticleText, words: &str) -> Snippet {
    Snippet {
        path: a.ann.source.path.clone(),
        text: format!(
            "\n[[fix]]\nfind = {}\nreplace = {}\nnote = \"why\"\n",
            toml_string(words),
            toml_string(words)
        ),
        place: Place::FrontMatter,
    }
}

/// A glossary entry for the name `words`.
fn term(words: &str) -> Snippet {
    let mut slug = super::slugify(words, 60);
    if slug.is_empty() {
        slug = "new-term".into();
    }
    Snippet {
        path: PathBuf::from("annotations/glossary").join(format!("{slug}.md")),
        text: format!(
            "+++\nterm = {}\naliases = []\nkind = \"concept\"\n+++\nWhat {} is, in a sentence.\n",
            toml_string(words),
            words.replace(['[', ']'], "")
        ),
        place: Place::NewFile,
    }
}

/// Adds `s` to its file under `root`: appended, inserted before the front matter's
/// closing `+++`, or written as a new file. Refuses when the file is not what was
/// built (`built`), or, for a new file, exists.
pub fn write(root: &Path, s: &Snippet, built: Option<&str>) -> Result<(), WriteRefusal> {
    let path = root.join(&s.path);
    if s.place == Place::NewFile {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let io = |what| {
            move |err| WriteRefusal::Io {
                what,
                path: s.path.clone(),
                err,
            }
        };
        let mut file = file.map_err(io("create"))?;
        return std::io::Write::write_all(&mut file, s.text.as_bytes()).map_err(io("write"));
    }
    let io = |what| {
        move |err| WriteRefusal::Io {
            what,
            path: s.path.clone(),
            err,
        }
    };
    let now = std::fs::read_to_string(&path).map_err(io("read"))?;
    if built != Some(now.as_str()) {
        return Err(WriteRefusal::Changed(s.path.clone()));
    }
    let new = match s.place {
        Place::FrontMatter => {
            let close = front_matter_end(&now)
                .ok_or_else(|| WriteRefusal::NoFrontMatter(s.path.clone()))?;
            format!(
                "{}{}{}",
                &now[..close],
                s.text.trim_start_matches('\n'),
                &now[close..]
            )
        }
        _ => {
            let sep = if now.ends_with('\n') { "" } else { "\n" };
            format!("{now}{sep}{}", s.text)
        }
    };
    std::fs::write(&path, new).map_err(io("write"))
}

/// The byte offset of the line that closes the front matter (`+++`).
fn front_matter_end(text: &str) -> Option<usize> {
    let body = text.trim_start_matches('\u{feff}');
    let skip = text.len() - body.len();
    let first = body.find('\n')? + 1;
    if body[..first].trim() != "+++" {
        return None;
    }
    let mut pos = first;
    for line in body[first..].split_inclusive('\n') {
        if line.trim() == "+++" {
            return Some(skip + pos);
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::CleanArticle;
    use crate::load::{ArticleAnnotation, Seed};
    use crate::site::{ArticleMarks, LinkedParagraph};

    fn texts(paras: &[&str], annotation: &str) -> Texts {
        let seed_text: String = paras.iter().map(|p| format!("{p}\n")).collect();
        let seed = Seed::new(
            "s.txt".into(),
            seed_text.clone(),
            Arc::new(seed_text.into_bytes()),
            1,
            None,
        );
        let paragraphs: Vec<LinkedParagraph> = paras
            .iter()
            .enumerate()
            .map(|(i, p)| LinkedParagraph {
                text: Arc::from(*p),
                marks: Vec::new(),
                seed_line: i + 1,
            })
            .collect();
        let source = crate::load::SourceFile {
            path: "annotations/articles/a.md".into(),
            text: annotation.into(),
        };
        let a = ArticleText {
            ann: Arc::new(ArticleAnnotation {
                source: Arc::new(source),
                ..Default::default()
            }),
            clean: Arc::new(CleanArticle {
                version: 1,
                paragraphs: Vec::new(),
                removed: Vec::new(),
            }),
            marks: Arc::new(ArticleMarks {
                version: 1,
                mention_index: Vec::new(),
                paragraphs,
                notes: Vec::new(),
                mentions: Default::default(),
                wiki_targets: Vec::new(),
            }),
            seed: Arc::new(seed),
            see_also: Vec::new(),
            links_to: Vec::new(),
            backlinks: Vec::new(),
        };
        Texts {
            root: PathBuf::new(),
            blank_lines: false,
            articles: [("a".to_string(), a)].into(),
            terms: Default::default(),
        }
    }

    fn sel(line: usize, text: &str, paras: &[&str]) -> Selection {
        let p = paras[line - 1];
        let start = p[..p.find(text).unwrap()].encode_utf16().count();
        let end = start + text.encode_utf16().count();
        Selection {
            slug: "a".into(),
            first: (line, start),
            last: (line, end),
            text: text.into(),
        }
    }

    const PARAS: [&str; 3] = [
        "The minister met the envoy in Islamabad.",
        "Later, the minister met the envoy again — in Washington.",
        "Nothing else.",
    ];

    #[test]
    fn a_note_quotes_the_selection_with_context_when_it_repeats() {
        let t = texts(&PARAS, "+++\n+++\nCommentary.\n");
        // Every new note carries the words around it (across a paragraph's edge).
        let s = snippet(&t, &sel(3, "Nothing else.", &PARAS), Kind::Note).unwrap();
        assert_eq!(
            s.text,
            "\n## Notes\n\n> Nothing else.\nprefix = \"again — in Washington.\"\n\nYour note.\n"
        );
        // Exact matching keeps case: "the minister" is only in the second paragraph.
        let s = snippet(
            &t,
            &sel(2, "the minister met the envoy", &PARAS),
            Kind::Note,
        )
        .unwrap();
        assert_eq!(
            s.text,
            "\n## Notes\n\n> the minister met the envoy\nprefix = \"envoy in Islamabad. Later,\"\nsuffix = \"again — in Washington.\"\n\nYour note.\n"
        );
        let s = snippet(&t, &sel(2, "minister met the envoy", &PARAS), Kind::Note).unwrap();
        assert_eq!(
            s.text,
            "\n## Notes\n\n> minister met the envoy\nprefix = \"in Islamabad. Later, the\"\nsuffix = \"again — in Washington.\"\n\nYour note.\n"
        );
        let t = texts(&PARAS, "+++\n+++\n## Notes\n");
        // Nothing before the first tells it apart ("The" ends the second's prefix
        // too, case aside): the words after it do.
        let s = snippet(&t, &sel(1, "minister met the envoy", &PARAS), Kind::Note).unwrap();
        assert_eq!(
            s.text,
            "\n> minister met the envoy\nprefix = \"The\"\nsuffix = \"in Islamabad. Later, the\"\n\nYour note.\n"
        );
        // With no context that tells two places apart, the number does.
        let same = ["go go go go go go go go go go go go"];
        let t = texts(&same, "+++\n+++\n## Notes\n");
        let sixth = Selection {
            first: (1, 15),
            last: (1, 17),
            ..sel(1, "go", &same)
        };
        let s = snippet(&t, &sixth, Kind::Note).unwrap();
        assert!(
            s.text.ends_with("\noccurrence = 6\n\nYour note.\n"),
            "{}",
            s.text
        );
    }

    #[test]
    fn cuts_fixes_and_terms() {
        let t = texts(&PARAS, "+++\n+++\n");
        let mut s = sel(2, "in Washington.", &PARAS);
        s.first = (1, 0);
        let c = snippet(&t, &s, Kind::Cut).unwrap();
        assert_eq!(c.place, Place::FrontMatter);
        assert!(c.text.contains("lines = [\n  \"The minister met the envoy in Islamabad.\",\n  \"Later, the minister met the envoy again — in Washington.\",\n]"), "{}", c.text);
        let f = snippet(&t, &sel(1, "Islamabad", &PARAS), Kind::Fix).unwrap();
        assert!(f
            .text
            .contains("find = \"Islamabad\"\nreplace = \"Islamabad\""));
        let g = snippet(&t, &sel(1, "Islamabad", &PARAS), Kind::Term).unwrap();
        assert_eq!(g.path, PathBuf::from("annotations/glossary/islamabad.md"));
        assert_eq!(
            snippet(&t, &s, Kind::Note).unwrap_err(),
            Refusal::TwoParagraphs,
            "a note within one paragraph"
        );
        let mut stale = sel(1, "Islamabad", &PARAS);
        stale.text = "Karachi".into();
        let refusal = snippet(&t, &stale, Kind::Note).unwrap_err();
        assert_eq!(refusal, Refusal::Stale);
        assert!(refusal.to_string().contains("reload"));
    }

    #[test]
    fn writing_appends_inserts_and_refuses_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let rel = PathBuf::from("a.md");
        let built = "+++\ntitle = \"A\"\n+++\nText.\n";
        std::fs::write(dir.path().join(&rel), built).unwrap();
        let cut = Snippet {
            path: rel.clone(),
            text: "\n[[cut]]\nlines = [\"x\"]\n".into(),
            place: Place::FrontMatter,
        };
        write(dir.path(), &cut, Some(built)).unwrap();
        let now = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        assert_eq!(
            now,
            "+++\ntitle = \"A\"\n[[cut]]\nlines = [\"x\"]\n+++\nText.\n"
        );
        // The file is no longer what was built.
        let refusal = write(dir.path(), &cut, Some(built)).unwrap_err();
        assert!(matches!(refusal, WriteRefusal::Changed(_)), "{refusal}");
        assert!(refusal.to_string().contains("changed since"));
        let note = Snippet {
            path: rel.clone(),
            text: "\n## Notes\n\n> Text.\n\nN.\n".into(),
            place: Place::End,
        };
        write(dir.path(), &note, Some(&now)).unwrap();
        let after = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        assert!(after.starts_with(&now) && after.ends_with("> Text.\n\nN.\n"));
        let new = Snippet {
            path: rel,
            text: "x".into(),
            place: Place::NewFile,
        };
        assert!(write(dir.path(), &new, None).is_err(), "never overwrites");
    }
}

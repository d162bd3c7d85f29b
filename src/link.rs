//! Stage 3, **link**: connects articles and terms.
//!
//! - Glossary matching: one Aho–Corasick automaton over every term name and alias
//!   finds mentions in the cleaned article text; of overlapping candidates the
//!   leftmost-longest one that sits on word boundaries wins (boundaries understand
//!   hyphens, both apostrophes and possessives: "Pakistan’s" mentions Pakistan,
//!   "ISLAMABAD" does not mention "IS"). ALL-CAPS aliases match case-exactly.
//! - Notes are anchored to their quotes (exact, then whitespace/quote-insensitive).
//! - `[[target]]` links in annotation Markdown, `see_also` and `part_of` are
//!   resolved and checked; backlinks and per-term mentions are computed once.
//! - The timeline is gathered from every article's events.
//!
//! The output marks each paragraph with properly nested spans (note ⊇ fix ⊇ term)
//! for the render stage.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use std::hash::Hash;

use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::clean::{CleanEntry, Cleaned};
use crate::config::LinkMode;
use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{ArticleAnnotation, CaseRule, Loaded, Located, Markdown, SourceFile};
use crate::markdown::wiki_links;

mod citations;

/// A page of the site that can link or be linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageRef {
    /// The index page (introduction).
    Index,
    /// An article, by position in [`Linked::articles`].
    Article(usize),
    /// A glossary term, by position in `loaded.terms`.
    Term(usize),
}

/// What a span of article text is marked as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKind {
    /// A note's anchor quote; the number is the note's 1-based number on the page.
    Note(usize),
    /// An editorial correction.
    Fix {
        /// What the source said.
        original: String,
        /// Why.
        note: Option<String>,
    },
    /// A mention of a glossary term; `linked` when it is rendered as a link.
    Term {
        /// Term index.
        term: usize,
        /// Rendered as a link (first mention of that spelling, or every mention).
        linked: bool,
    },
}

/// A marked span of a paragraph. Marks of one paragraph nest properly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// What it is.
    pub kind: MarkKind,
}

/// A paragraph ready to render.
#[derive(Debug, Clone)]
pub struct LinkedParagraph {
    /// Plain text.
    pub text: String,
    /// Marks sorted by start, outer before inner.
    pub marks: Vec<Mark>,
    /// Line in the seed.
    pub seed_line: usize,
}

/// A note anchored in the text.
#[derive(Debug, Clone)]
pub struct AnchoredNote {
    /// 1-based number on the page.
    pub number: usize,
    /// Index into the annotation's notes.
    pub note: usize,
    /// Paragraph that holds the quote, when found.
    pub paragraph: Option<usize>,
}

/// The per-article results of linking that are worth caching: the marked text,
/// anchored notes, term mentions and the `[[…]]` targets of its annotation.
#[derive(Debug, Clone)]
pub struct ArticleMarks {
    /// Changes whenever the article is linked again.
    pub version: u64,
    /// Paragraphs with marks.
    pub paragraphs: Vec<LinkedParagraph>,
    /// Notes, anchored or not.
    pub notes: Vec<AnchoredNote>,
    /// Terms mentioned in the text, with counts, by term index.
    pub mentions: BTreeMap<usize, usize>,
    /// Targets of the `[[…]]` links in commentary, notes and events that resolved.
    pub wiki_targets: Vec<String>,
}

/// An article after linking.
#[derive(Debug, Clone)]
pub struct LinkedArticle {
    /// Index into `loaded.articles`.
    pub ann: usize,
    /// Index into `cleaned.articles`.
    pub clean: usize,
    /// Marked text and mentions (shared with the cache).
    pub marks: Arc<ArticleMarks>,
    /// Resolved `see_also` (article positions).
    pub see_also: Vec<usize>,
    /// Pages this article's annotation links to with `[[…]]`.
    pub links_to: Vec<PageRef>,
    /// Pages that link here (see_also or `[[…]]`), excluding itself.
    pub backlinks: Vec<PageRef>,
}

/// Inputs of an article's marks: clean and annotation versions, matcher and target fingerprints.
type MarkKey = (u64, u64, u64, u64);

/// Link results reused across rebuilds while their inputs are unchanged.
#[derive(Debug, Default)]
pub struct LinkCache {
    matcher: Option<(u64, Arc<Matcher>, Vec<Diagnostic>)>,
    /// The fingerprint of the link targets of the last run.
    targets_fp: u64,
    articles: HashMap<String, (MarkKey, Arc<ArticleMarks>, Vec<Diagnostic>)>,
    /// How many articles the last run linked (the rest came from the cache).
    pub marked_last: usize,
}

impl LinkCache {
    /// The glossary matcher of the last run and its fingerprint, when it had no diagnostics.
    pub fn matcher(&self) -> Option<(u64, Arc<Matcher>)> {
        match &self.matcher {
            Some((fp, m, ds)) if ds.is_empty() => Some((*fp, m.clone())),
            _ => None,
        }
    }

    /// The `[[links]]` of a glossary definition, checked against `targets`; `None`
    /// on any diagnostic.
    pub fn definition_links(
        term: &crate::load::TermAnnotation,
        targets: &Targets,
    ) -> Option<Vec<PageRef>> {
        let mut d = Diagnostics::new();
        let links = check_md(&term.definition, &term.source, targets, &mut d);
        citations::check(
            std::slice::from_ref(&term.definition),
            &term.source,
            &term.sources,
            &mut d,
        );
        d.is_empty()
            .then(|| links.into_iter().map(|(_, p)| p).collect())
    }

    /// Links one article outside [`link_cached`]: marks its text and checks its
    /// `[[links]]` against the last run's tables. `None` on any diagnostic. The result
    /// is cached as `link_cached` would have cached it.
    pub fn relink_article(
        &mut self,
        clean: &CleanEntry,
        loaded: &Loaded,
        targets: &Targets,
    ) -> Option<Arc<ArticleMarks>> {
        let (matcher_fp, matcher) = self.matcher()?;
        let ann = &loaded.articles[clean.index];
        let mut d = Diagnostics::new();
        let marks = Arc::new(compute_marks(clean, loaded, &matcher, targets, &mut d));
        if !d.is_empty() {
            return None;
        }
        let key = (
            clean.article.version,
            ann.version,
            matcher_fp,
            self.targets_fp,
        );
        self.articles
            .insert(ann.slug.clone(), (key, marks.clone(), Vec::new()));
        Some(marks)
    }
}

/// Links one article: marks its text and checks its `[[links]]`.
fn compute_marks(
    clean: &CleanEntry,
    loaded: &Loaded,
    matcher: &Matcher,
    targets: &Targets,
    diags: &mut Diagnostics,
) -> ArticleMarks {
    let ann = &loaded.articles[clean.index];
    let (paragraphs, notes, mentions) =
        mark_article(clean, loaded, matcher, loaded.config.link_mode, diags);
    let wiki_targets = article_wiki_targets(ann, targets, diags);
    ArticleMarks {
        version: crate::load::next_version(),
        paragraphs,
        notes,
        mentions,
        wiki_targets,
    }
}

/// A glossary term after linking.
#[derive(Debug, Clone, Default)]
pub struct LinkedTerm {
    /// Articles mentioning the term in their text: (article position, count).
    pub mentioned_in: Vec<(usize, usize)>,
    /// Pages linking here with `[[…]]` or `see_also`.
    pub backlinks: Vec<PageRef>,
    /// Broader term.
    pub part_of: Option<usize>,
    /// Narrower terms.
    pub parts: Vec<usize>,
    /// Resolved `see_also`.
    pub see_also: Vec<PageRef>,
    /// Pages the definition links to with `[[…]]`.
    pub links_to: Vec<PageRef>,
}

/// A timeline entry.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    /// When.
    pub date: PartialDate,
    /// The reporting article (position).
    pub article: usize,
    /// Event index in the article annotation (`None` = the article's publication).
    pub event: Option<usize>,
}

/// Maps link targets (slugs, names, aliases) to pages.
#[derive(Debug, Default, Clone)]
pub struct Targets {
    slugs: HashMap<String, PageRef>,
    names: HashMap<String, PageRef>,
    /// Term names and aliases as written, for suggestions.
    spellings: Vec<String>,
    /// Slugs and folded names of annotation files that could not be parsed.
    unreadable: HashSet<String>,
}

impl Targets {
    /// Resolves a `[[target]]`: exact article or term slug, then a term name or alias (any case).
    pub fn resolve(&self, target: &str) -> Option<PageRef> {
        self.resolve_how(target).map(|(p, _)| p)
    }

    /// Like [`Targets::resolve`], also telling whether the target was a slug (an
    /// identifier: links show the page's title) rather than a name or alias (prose:
    /// links show what was typed).
    pub fn resolve_how(&self, target: &str) -> Option<(PageRef, bool)> {
        let t = target.trim();
        match self.slugs.get(t) {
            Some(&p) => Some((p, true)),
            None => self.names.get(&fold(t)).map(|&p| (p, false)),
        }
    }

    /// True for the slug or a name of an annotation that failed to parse (its error is
    /// already reported).
    pub fn is_unreadable(&self, target: &str) -> bool {
        self.unreadable.contains(target.trim()) || self.unreadable.contains(&fold(target))
    }

    /// Every slug, term name and alias, for suggestions.
    pub fn candidates(&self) -> impl Iterator<Item = &str> {
        self.slugs.keys().chain(&self.spellings).map(String::as_str)
    }
}

/// Output of the link stage.
#[derive(Debug)]
pub struct Linked {
    /// The cleaned dossier.
    pub cleaned: Cleaned,
    /// Articles, in published order (date, then title).
    pub articles: Vec<LinkedArticle>,
    /// Terms, parallel to `loaded.terms`.
    pub terms: Vec<LinkedTerm>,
    /// Link targets.
    pub targets: Targets,
    /// Timeline, sorted by date.
    pub timeline: Vec<TimelineEntry>,
    /// Pages linked from the introduction.
    pub index_links: Vec<PageRef>,
}

impl Linked {
    /// The loaded dossier.
    pub fn loaded(&self) -> &Loaded {
        &self.cleaned.loaded
    }
}

fn fold(s: &str) -> String {
    s.trim().replace('’', "'").to_lowercase()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// True when `text[start..end]` sits on word boundaries.
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    match before.next() {
        None => {}
        Some(c) if c.is_alphanumeric() || c == '_' => return false,
        // "O'Brien": an apostrophe between letters is part of the word.
        Some(c) if is_apostrophe(c) && before.next().is_some_and(|p| p.is_alphanumeric()) => {
            return false
        }
        Some(_) => {}
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some(c) if is_apostrophe(c) => match after.next() {
            None => true,
            Some(n) if !n.is_alphanumeric() => true,
            // Possessive ’s.
            Some('s') | Some('S') => !after.next().is_some_and(|n| n.is_alphanumeric()),
            Some(_) => false,
        },
        Some(_) => true,
    }
}

/// One searchable spelling of a term.
#[derive(Debug, Clone)]
struct Pattern {
    term: usize,
    text: String,
    exact_case: bool,
    /// Folded spelling, to count "first mention of a spelling".
    key: String,
}

/// The glossary matcher: every term name and alias in one automaton.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

/// A term mention found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte range.
    pub range: Range<usize>,
    /// Term index.
    pub term: usize,
    /// Folded spelling.
    pub key: String,
}

fn is_acronym(s: &str) -> bool {
    s.chars().any(|c| c.is_uppercase()) && !s.chars().any(|c| c.is_lowercase())
}

impl Matcher {
    /// Builds the matcher; reports aliases claimed by two terms (the first slug keeps it).
    pub fn new(loaded: &Loaded, diags: &mut Diagnostics) -> Matcher {
        let mut patterns = Vec::new();
        let mut owner: HashMap<String, usize> = HashMap::default();
        for (ti, t) in loaded.terms.iter().enumerate() {
            let names = std::iter::once(&t.term).chain(t.aliases.iter());
            let mut seen_here = HashSet::default();
            for name in names {
                let value = name.value.trim();
                if value.is_empty() {
                    diags.push(t.source.error(name.span.clone(), "empty alias"));
                    continue;
                }
                let exact_case = match t.case {
                    CaseRule::Exact => true,
                    CaseRule::Insensitive => false,
                    CaseRule::Auto => is_acronym(value),
                };
                // Exact-case and case-insensitive spellings are distinct claims.
                let claim = if exact_case {
                    value.replace('’', "'")
                } else {
                    fold(value)
                };
                if !seen_here.insert(claim.clone()) {
                    continue;
                }
                if let Some(&other) = owner.get(&claim) {
                    if other != ti {
                        diags.push(
                            t.source
                                .warning(
                                    name.span.clone(),
                                    format!(
                                        "`{value}` is also claimed by term `{}`; mentions link there",
                                        loaded.terms[other].slug
                                    ),
                                )
                                .with_help("an alias belongs to one term: remove it here or there"),
                        );
                        continue;
                    }
                }
                owner.insert(claim, ti);
                // Both apostrophe forms.
                let mut variants = vec![value.to_string()];
                if value.contains('’') {
                    variants.push(value.replace('’', "'"));
                }
                if value.contains('\'') {
                    variants.push(value.replace('\'', "’"));
                }
                for v in variants {
                    patterns.push(Pattern {
                        term: ti,
                        text: v,
                        exact_case,
                        key: fold(value),
                    });
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(patterns.iter().map(|p| p.text.as_str()))
                .ok()
        };
        Matcher { ac, patterns }
    }

    /// Mentions in `text`: leftmost-longest among the candidates that pass case and boundary rules.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut cands: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let p = &self.patterns[m.pattern().as_usize()];
                let (s, e) = (m.start(), m.end());
                if p.exact_case && &text[s..e] != p.text.as_str() {
                    return None;
                }
                on_word_boundaries(text, s, e).then_some((s, e, m.pattern().as_usize()))
            })
            .collect();
        // Leftmost first; at equal start the longest.
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut last_end = 0;
        for (s, e, pi) in cands {
            if s < last_end {
                continue;
            }
            let p = &self.patterns[pi];
            out.push(Mention {
                range: s..e,
                term: p.term,
                key: p.key.clone(),
            });
            last_end = e;
        }
        out
    }
}

/// Normalised form for loose quote matching, with a map back to byte offsets.
fn loose(s: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut map = Vec::new();
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        let c = match c {
            '’' | '‘' | '`' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if prev_space {
                continue;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
        for lc in c.to_lowercase() {
            let mut buf = [0u8; 4];
            for _ in 0..lc.encode_utf8(&mut buf).len() {
                map.push(i);
            }
            out.push(lc);
        }
    }
    map.push(s.len());
    (out, map)
}

/// Finds a note quote: exact first, then loosely. Returns (paragraph, range, occurrences).
fn find_quote(paras: &[LinkedParagraph], quote: &str) -> Option<(usize, Range<usize>, usize)> {
    let exact: Vec<(usize, usize)> = paras
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| p.text.match_indices(quote).map(move |(s, _)| (pi, s)))
        .collect();
    if let Some(&(pi, s)) = exact.first() {
        return Some((pi, s..s + quote.len(), exact.len()));
    }
    let (lq, _) = loose(quote.trim());
    if lq.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let (lt, map) = loose(&p.text);
        for (s, _) in lt.match_indices(&lq) {
            let start = map[s];
            let end_idx = s + lq.len();
            // End: byte just after the last matched char in the original.
            let last = map[end_idx - 1];
            let end = p.text[last..]
                .chars()
                .next()
                .map(|c| last + c.len_utf8())
                .unwrap_or(last);
            found.push((pi, start..end));
        }
    }
    let n = found.len();
    found.into_iter().next().map(|(pi, r)| (pi, r, n))
}

/// Keeps only marks that nest properly. Notes win over fixes and fixes over term
/// mentions; within a kind, the earlier (then the longer) mark wins. O(n log n): a
/// scraped article is often one line, so a paragraph may hold thousands of marks.
fn nest(mut marks: Vec<Mark>) -> Vec<Mark> {
    fn rank(k: &MarkKind) -> u8 {
        match k {
            MarkKind::Note(_) => 0,
            MarkKind::Fix { .. } => 1,
            MarkKind::Term { .. } => 2,
        }
    }
    marks.sort_by(|a, b| {
        rank(&a.kind)
            .cmp(&rank(&b.kind))
            .then(a.range.start.cmp(&b.range.start))
            .then(b.range.end.cmp(&a.range.end))
    });
    // The accepted marks by (start, end) and by (end, start).
    let mut by_start: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut by_end: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut kept: Vec<Mark> = Vec::with_capacity(marks.len());
    for m in marks {
        let (s, e) = (m.range.start, m.range.end);
        if s >= e {
            continue;
        }
        // A kept mark crosses m when it ends inside m having started before it, or
        // starts inside m and ends after it. Kept marks inside m are skipped over; in
        // practice few, since marks of earlier kinds are few and long ones rare.
        let ends_inside = by_end.range((s + 1, 0)..(e, 0)).any(|&(_, ks)| ks < s);
        let starts_inside = by_start.range((s + 1, 0)..(e, 0)).any(|&(_, ke)| ke > e);
        if ends_inside || starts_inside {
            continue;
        }
        by_start.insert((s, e));
        by_end.insert((e, s));
        kept.push(m);
    }
    kept.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
            .then(rank(&a.kind).cmp(&rank(&b.kind)))
    });
    kept
}

fn unknown_target(
    src: &SourceFile,
    span: Range<usize>,
    target: &str,
    targets: &Targets,
) -> crate::diagnostic::Diagnostic {
    let help = match crate::diagnostic::suggest(target, targets.candidates()) {
        Some(s) => format!("did you mean `{s}`? {TARGETS_ARE}"),
        None => TARGETS_ARE.to_string(),
    };
    src.error(span, format!("{UNKNOWN_TARGET} `{target}`"))
        .with_help(help)
}

const UNKNOWN_TARGET: &str = "unknown link target";
const TARGETS_ARE: &str = "targets are article slugs, glossary slugs, term names or aliases";

/// When a glossary file could not be read, links to names it may define cannot be
/// told from typos: report them as one error pointing at that file, not one per link.
fn collapse_unknown_targets(loaded: &Loaded, diags: &mut Diagnostics) {
    let Some(broken) = loaded.unreadable.iter().find(|u| u.is_term) else {
        return;
    };
    let unknown = diags.take_if(|d| d.message.starts_with(UNKNOWN_TARGET));
    let Some(first) = unknown.first() else {
        return;
    };
    let mut targets: Vec<&str> = unknown
        .iter()
        .filter_map(|d| d.message.split('`').nth(1))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let list = targets
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut d = first.clone();
    d.message = format!(
        "{} to unknown targets: {list}",
        crate::diagnostic::counted(unknown.len(), "link")
    );
    d.help = Some(format!(
        "{} could not be read (see its error) and may define them: fix it first, the links are checked again then",
        broken.file.display()
    ));
    diags.push(d);
}

/// Checks the wiki-links of a piece of Markdown: reports unknown targets and returns
/// the ones that resolved, as written and as pages.
fn check_md(
    md: &Markdown,
    src: &SourceFile,
    targets: &Targets,
    diags: &mut Diagnostics,
) -> Vec<(String, PageRef)> {
    for u in crate::markdown::urls(&md.text) {
        if !crate::url::is_allowed(&u.url) {
            diags.push(
                src.error(
                    u.span.start + md.offset..u.span.end + md.offset,
                    format!("link URL `{}` is not allowed", u.url.escape_debug()),
                )
                .with_help(crate::url::HELP),
            );
        }
    }
    let mut out = Vec::new();
    for l in wiki_links(&md.text) {
        match targets.resolve(&l.target) {
            Some(p) => out.push((l.target, p)),
            None if targets.is_unreadable(&l.target) => {}
            None => diags.push(unknown_target(
                src,
                l.span.start + md.offset..l.span.end + md.offset,
                &l.target,
                targets,
            )),
        }
    }
    out
}

fn located_md(l: &Located<String>, src: &SourceFile) -> Markdown {
    // TOML strings carry their quotes in the span: skip them so link positions are
    // exact for plain strings (escapes inside a string may shift a column, never the line).
    let raw = src.text.get(l.span.clone()).unwrap_or("");
    let skip = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3 + usize::from(raw[3..].starts_with('\n'))
    } else if raw.starts_with('"') || raw.starts_with('\'') {
        1
    } else {
        0
    };
    Markdown {
        text: l.value.clone(),
        offset: l.span.start + skip,
    }
}

/// Links one article's paragraphs: term mentions, fixes and note anchors as nested marks.
pub fn mark_article(
    clean: &CleanEntry,
    loaded: &Loaded,
    matcher: &Matcher,
    mode: LinkMode,
    diags: &mut Diagnostics,
) -> (
    Vec<LinkedParagraph>,
    Vec<AnchoredNote>,
    BTreeMap<usize, usize>,
) {
    let ann = &loaded.articles[clean.index];
    let mut paras: Vec<LinkedParagraph> = clean
        .article
        .paragraphs
        .iter()
        .map(|p| LinkedParagraph {
            text: p.text.clone(),
            marks: p
                .fixes
                .iter()
                .map(|f| Mark {
                    range: f.range.clone(),
                    kind: MarkKind::Fix {
                        original: f.original.clone(),
                        note: f.note.clone(),
                    },
                })
                .collect(),
            seed_line: p.seed_line,
        })
        .collect();
    let mut mentions: BTreeMap<usize, usize> = BTreeMap::new();
    let mut linked_keys: HashSet<(usize, String)> = HashSet::default();
    for p in paras.iter_mut() {
        for m in matcher.find(&p.text) {
            *mentions.entry(m.term).or_default() += 1;
            let linked = match mode {
                LinkMode::Every => true,
                LinkMode::First => linked_keys.insert((m.term, m.key)),
            };
            p.marks.push(Mark {
                range: m.range,
                kind: MarkKind::Term {
                    term: m.term,
                    linked,
                },
            });
        }
    }
    let mut notes = Vec::new();
    for (ni, n) in ann.notes.iter().enumerate() {
        let number = ni + 1;
        match find_quote(&paras, &n.quote.value) {
            Some((pi, range, count)) => {
                if count > 1 {
                    diags.push(
                        ann.source
                            .warning(
                                n.quote.span.clone(),
                                format!("note quote occurs {count} times in the article; anchored to the first"),
                            )
                            .with_help("quote a longer passage so that it is unique"),
                    );
                }
                paras[pi].marks.push(Mark {
                    range,
                    kind: MarkKind::Note(number),
                });
                notes.push(AnchoredNote {
                    number,
                    note: ni,
                    paragraph: Some(pi),
                });
            }
            None => {
                diags.push(
                    ann.source
                        .error(
                            n.quote.span.clone(),
                            "note quote not found in the article text",
                        )
                        .with_help(
                            "copy the quote exactly from the seed (after cuts and fixes); \
                             whitespace, case and curly quotes are forgiven",
                        ),
                );
                notes.push(AnchoredNote {
                    number,
                    note: ni,
                    paragraph: None,
                });
            }
        }
    }
    for p in paras.iter_mut() {
        let taken = std::mem::take(&mut p.marks);
        p.marks = nest(taken);
    }
    // A term link dropped by nesting must not leave its spelling unlinked elsewhere; fine to ignore.
    (paras, notes, mentions)
}

/// Reports each `part_of` cycle once, at its first member by slug, naming every
/// member. A term that merely leads into a cycle is not blamed.
fn report_part_of_cycles(loaded: &Loaded, term_links: &[LinkedTerm], diags: &mut Diagnostics) {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; term_links.len()];
    for start in 0..term_links.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            match state[c] {
                2 => break,
                1 => {
                    let at = path.iter().position(|&x| x == c).unwrap_or(0);
                    let mut cycle: Vec<usize> = path[at..].to_vec();
                    let first = (0..cycle.len())
                        .min_by_key(|&i| &loaded.terms[cycle[i]].slug)
                        .unwrap_or(0);
                    cycle.rotate_left(first);
                    let t = &loaded.terms[cycle[0]];
                    let mut names: Vec<String> = cycle
                        .iter()
                        .map(|&x| format!("`{}`", loaded.terms[x].slug))
                        .collect();
                    if let Some(p) = &t.part_of {
                        names.push(names[0].clone());
                        diags.push(
                            t.source
                                .error(p.span.clone(), format!("part_of forms a cycle: {}", names.join(" → ")))
                                .with_help("a term's broader terms must not lead back to it: remove one of these part_of"),
                        );
                    }
                    break;
                }
                _ => {
                    state[c] = 1;
                    path.push(c);
                    cur = term_links[c].part_of;
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
}

/// Runs the link stage.
pub fn link(cleaned: Cleaned, diags: &mut Diagnostics) -> Linked {
    link_cached(cleaned, &mut LinkCache::default(), diags)
}

/// Checks the `[[…]]` links of an article's commentary, notes and events; returns the
/// targets that resolved.
fn article_wiki_targets(
    ann: &ArticleAnnotation,
    targets: &Targets,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut mds = vec![ann.commentary.clone()];
    mds.extend(ann.notes.iter().map(|n| Markdown {
        text: n.body.value.clone(),
        offset: n.body.span.start,
    }));
    mds.extend(ann.events.iter().map(|e| located_md(&e.text, &ann.source)));
    citations::check(&mds, &ann.source, &ann.sources, diags);
    mds.iter()
        .flat_map(|md| check_md(md, &ann.source, targets, diags))
        .map(|(target, _)| target)
        .collect()
}

/// Like [`link`], reusing the marks of every article whose inputs did not change.
pub fn link_cached(cleaned: Cleaned, cache: &mut LinkCache, diags: &mut Diagnostics) -> Linked {
    cache.marked_last = 0;
    let loaded = &cleaned.loaded;
    // Published order: date (undated last), then title.
    let mut order: Vec<usize> = (0..cleaned.articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (
            &loaded.articles[cleaned.articles[a].index],
            &loaded.articles[cleaned.articles[b].index],
        );
        match (x.date, y.date) {
            (Some(d1), Some(d2)) => d1.cmp(&d2),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| x.title.cmp(&y.title))
    });

    // Articles the clean stage had to leave out (their seed could not be had; already
    // reported) are still link targets as far as errors go.
    let cleaned_slugs: HashSet<&str> = cleaned
        .articles
        .iter()
        .map(|c| loaded.articles[c.index].slug.as_str())
        .collect();
    let skipped: Vec<&str> = loaded
        .articles
        .iter()
        .map(|a| a.slug.as_str())
        .filter(|s| !cleaned_slugs.contains(s))
        .collect();
    let incomplete = !skipped.is_empty() || !loaded.unreadable.is_empty();

    // Targets.
    let mut targets = Targets {
        unreadable: loaded
            .unreadable
            .iter()
            .flat_map(|u| std::iter::once(u.slug.clone()).chain(u.names.iter().map(|n| fold(n))))
            .chain(skipped.iter().map(|s| s.to_string()))
            .filter(|s| !s.is_empty())
            .collect(),
        ..Targets::default()
    };
    for (pos, &ci) in order.iter().enumerate() {
        let a = &loaded.articles[cleaned.articles[ci].index];
        targets.slugs.insert(a.slug.clone(), PageRef::Article(pos));
    }
    for (ti, t) in loaded.terms.iter().enumerate() {
        if let Some(PageRef::Article(_)) = targets.slugs.get(&t.slug) {
            diags.push(
                t.source
                    .warning(t.term.span.clone(), format!("glossary slug `{}` is also an article slug; `[[{}]]` links the article", t.slug, t.slug))
                    .with_help("rename the glossary file"),
            );
        } else {
            targets.slugs.insert(t.slug.clone(), PageRef::Term(ti));
        }
        for name in std::iter::once(&t.term).chain(t.aliases.iter()) {
            targets
                .names
                .entry(fold(&name.value))
                .or_insert(PageRef::Term(ti));
            targets.spellings.push(name.value.clone());
        }
    }

    let mode = loaded.config.link_mode;
    // What every article's marks depend on besides its own text.
    let matcher_fp = crate::hash::with(|h| {
        matches!(mode, LinkMode::Every).hash(h);
        for t in &loaded.terms {
            (&t.slug, &t.term.value, t.case).hash(h);
            for a in &t.aliases {
                a.value.hash(h);
            }
        }
    });
    let targets_fp = crate::hash::with(|h| {
        crate::hash::of_set(
            targets
                .slugs
                .iter()
                .map(|(k, p)| (k, matches!(p, PageRef::Term(_)))),
        )
        .hash(h);
        crate::hash::of_set(targets.names.keys()).hash(h);
        crate::hash::of_set(targets.unreadable.iter()).hash(h);
    });
    cache.targets_fp = targets_fp;
    let matcher = match &cache.matcher {
        Some((fp, m, ds)) if *fp == matcher_fp => {
            diags.extend(ds.iter().cloned());
            m.clone()
        }
        _ => {
            let mut local = Diagnostics::new();
            let m = Arc::new(Matcher::new(loaded, &mut local));
            diags.extend(local.items().iter().cloned());
            cache.matcher = Some((matcher_fp, m.clone(), local.items().to_vec()));
            m
        }
    };

    let mut articles: Vec<LinkedArticle> = Vec::with_capacity(order.len());
    let mut term_links: Vec<LinkedTerm> = vec![LinkedTerm::default(); loaded.terms.len()];
    let mut backlinks: HashMap<PageRef, Vec<PageRef>> = HashMap::default();
    let mut add_backlink = |from: PageRef, to: PageRef| {
        if from != to {
            let v = backlinks.entry(to).or_default();
            if !v.contains(&from) {
                v.push(from);
            }
        }
    };

    for (pos, &ci) in order.iter().enumerate() {
        let clean = &cleaned.articles[ci];
        let ann = &loaded.articles[clean.index];
        let key = (clean.article.version, ann.version, matcher_fp, targets_fp);
        let marks = match cache.articles.get(&ann.slug).filter(|e| e.0 == key) {
            Some((_, marks, ds)) => {
                diags.extend(ds.iter().cloned());
                marks.clone()
            }
            None => {
                let mut local = Diagnostics::new();
                let marks = Arc::new(compute_marks(clean, loaded, &matcher, &targets, &mut local));
                cache.marked_last += 1;
                diags.extend(local.items().iter().cloned());
                cache.articles.insert(
                    ann.slug.clone(),
                    (key, marks.clone(), local.items().to_vec()),
                );
                marks
            }
        };
        for (&t, &n) in &marks.mentions {
            term_links[t].mentioned_in.push((pos, n));
        }
        let me = PageRef::Article(pos);
        let mut see_also = Vec::new();
        for s in &ann.see_also {
            match targets.slugs.get(s.value.as_str()) {
                Some(&PageRef::Article(p)) if p == pos => diags.push(
                    ann.source
                        .error(s.span.clone(), "an article cannot be its own see_also")
                        .with_help("remove this entry"),
                ),
                Some(&PageRef::Article(p)) => {
                    see_also.push(p);
                    add_backlink(me, PageRef::Article(p));
                }
                _ if targets.is_unreadable(&s.value) => {}
                Some(_) => diags.push(
                    ann.source
                        .error(s.span.clone(), format!("see_also `{}` is a glossary term, not an article", s.value))
                        .with_help(format!("see_also lists article slugs; link the term from the commentary with [[{}]]", s.value)),
                ),
                None => {
                    let known: Vec<&str> =
                        loaded.articles.iter().map(|a| a.slug.as_str()).collect();
                    let help = match crate::diagnostic::suggest(&s.value, known.iter().copied()) {
                        Some(x) => format!("did you mean `{x}`? see_also lists article slugs"),
                        None => {
                            "see_also lists article slugs (file names in annotations/articles/)"
                                .into()
                        }
                    };
                    diags.push(
                        ann.source
                            .error(
                                s.span.clone(),
                                format!("see_also target `{}` is not an article", s.value),
                            )
                            .with_help(help),
                    );
                }
            }
        }
        let links_to: Vec<PageRef> = marks
            .wiki_targets
            .iter()
            .filter_map(|t| targets.resolve(t))
            .collect();
        for &p in &links_to {
            add_backlink(me, p);
        }
        if !ann.date_written {
            diags.push(
                ann.source
                    .warning(
                        ann.seed.span.clone(),
                        format!("article `{}` has no date", ann.slug),
                    )
                    .with_help(
                        "add `date = \"YYYY-MM-DD\"` (or YYYY-MM, YYYY, with `~` if approximate)",
                    ),
            );
        }
        articles.push(LinkedArticle {
            ann: clean.index,
            clean: ci,
            marks,
            see_also,
            links_to,
            backlinks: Vec::new(),
        });
    }
    // Forget articles that are gone (each live article has exactly one entry).
    if cache.articles.len() > articles.len() {
        let live: HashSet<&str> = loaded.articles.iter().map(|a| a.slug.as_str()).collect();
        cache
            .articles
            .retain(|slug, _| live.contains(slug.as_str()));
    }

    // Terms: part_of, see_also, definition links.
    for (ti, t) in loaded.terms.iter().enumerate() {
        let me = PageRef::Term(ti);
        if let Some(p) = &t.part_of {
            match targets.resolve(&p.value) {
                Some(PageRef::Term(o)) if o == ti => diags.push(
                    t.source
                        .error(p.span.clone(), "a term cannot be part of itself")
                        .with_help("remove `part_of`, or name the broader term"),
                ),
                Some(PageRef::Term(o)) => {
                    term_links[ti].part_of = Some(o);
                    term_links[o].parts.push(ti);
                }
                Some(_) => diags.push(
                    t.source
                        .error(p.span.clone(), format!("part_of `{}` is an article, not a glossary term", p.value))
                        .with_help("part_of names the broader glossary term (slug, name or alias); link articles from the definition"),
                ),
                None if targets.is_unreadable(&p.value) => {}
                None => {
                    let d = unknown_target(&t.source, p.span.clone(), &p.value, &targets);
                    let help = d.help.clone().unwrap_or_default().replace(TARGETS_ARE, "part_of names another glossary term (slug, name or alias)");
                    diags.push(d.with_help(help));
                }
            }
        }
        for s in &t.see_also {
            match targets.resolve(&s.value) {
                Some(p) if p == me => diags.push(
                    t.source
                        .error(s.span.clone(), "a term cannot be its own see_also")
                        .with_help("remove this entry"),
                ),
                Some(p) => {
                    term_links[ti].see_also.push(p);
                    add_backlink(me, p);
                }
                None if targets.is_unreadable(&s.value) => {}
                None => diags.push(unknown_target(
                    &t.source,
                    s.span.clone(),
                    &s.value,
                    &targets,
                )),
            }
        }
        for (_, p) in check_md(&t.definition, &t.source, &targets, diags) {
            add_backlink(me, p);
            term_links[ti].links_to.push(p);
        }
        citations::check(
            std::slice::from_ref(&t.definition),
            &t.source,
            &t.sources,
            diags,
        );
    }
    report_part_of_cycles(loaded, &term_links, diags);

    let mut index_links = Vec::new();
    if let Some(ix) = &loaded.index {
        for (_, p) in check_md(&ix.body, &ix.source, &targets, diags) {
            add_backlink(PageRef::Index, p);
            index_links.push(p);
        }
        citations::check(
            std::slice::from_ref(&ix.body),
            &ix.source,
            &ix.sources,
            diags,
        );
    }

    for (to, mut from) in backlinks {
        from.sort();
        match to {
            PageRef::Article(p) => articles[p].backlinks = from,
            PageRef::Term(t) => term_links[t].backlinks = from,
            PageRef::Index => {}
        }
    }

    // see_also is a two-way relation: say when only one side states it.
    for (pos, a) in articles.iter().enumerate() {
        let ann = &loaded.articles[a.ann];
        for (s, &other) in ann
            .see_also
            .iter()
            .filter(|s| matches!(targets.slugs.get(s.value.as_str()), Some(&PageRef::Article(p)) if p != pos))
            .zip(&a.see_also)
        {
            if !articles[other].see_also.contains(&pos) {
                let other_slug = &loaded.articles[articles[other].ann].slug;
                diags.push(
                    ann.source
                        .warning(
                            s.span.clone(),
                            format!("see_also is not mutual: `{other_slug}` does not list `{}`", ann.slug),
                        )
                        .with_help(format!(
                            "add \"{}\" to the see_also of annotations/articles/{other_slug}.md, or remove this entry",
                            ann.slug
                        )),
                );
            }
        }
    }

    // Unmentioned terms, unless an article could not be read: it may mention them.
    for (ti, t) in loaded.terms.iter().enumerate().filter(|_| !incomplete) {
        let l = &term_links[ti];
        if l.mentioned_in.is_empty() && l.backlinks.is_empty() {
            diags.push(
                t.source
                    .warning(t.term.span.clone(), format!("term `{}` is mentioned nowhere", t.term.value))
                    .with_help("add the spelling used in the articles to `aliases`, link it with [[…]], or remove the entry"),
            );
        }
    }

    // Timeline.
    let mut timeline = Vec::new();
    for (pos, a) in articles.iter().enumerate() {
        let ann = &loaded.articles[a.ann];
        debug_assert_eq!(a.marks.notes.len(), ann.notes.len());
        for (ei, e) in ann.events.iter().enumerate() {
            timeline.push(TimelineEntry {
                date: e.date,
                article: pos,
                event: Some(ei),
            });
        }
    }
    timeline.sort_by(|a, b| a.date.cmp(&b.date).then(a.article.cmp(&b.article)));

    collapse_unknown_targets(loaded, diags);
    Linked {
        cleaned,
        articles,
        terms: term_links,
        targets,
        timeline,
        index_links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        let t = "Pakistan’s ISLAMABAD anti-IS O'Brien ISIS-K Taliban's";
        let at = |w: &str| t.find(w).unwrap();
        assert!(on_word_boundaries(t, 0, "Pakistan".len()));
        let i = at("ISLAMABAD");
        assert!(!on_word_boundaries(t, i, i + 2));
        let i = at("IS O");
        assert!(on_word_boundaries(t, i, i + 2));
        let i = at("Brien");
        assert!(!on_word_boundaries(t, i, i + 5));
        let i = at("O'Brien");
        assert!(!on_word_boundaries(t, i, i + 1));
        let i = at("Taliban's");
        assert!(on_word_boundaries(t, i, i + 7));
    }

    fn matcher(terms: &[(&str, &[&str])]) -> Matcher {
        use crate::load::{SourceFile, TermAnnotation};
        use std::sync::Arc;
        let src = Arc::new(SourceFile {
            path: "g.md".into(),
            text: String::new(),
        });
        let l = |s: &str| Located {
            value: s.to_string(),
            span: 0..0,
        };
        let loaded = Loaded {
            root: ".".into(),
            config: toml::from_str("title = \"t\"").unwrap(),
            seeds: Default::default(),
            articles: vec![],
            terms: terms
                .iter()
                .map(|(name, aliases)| {
                    Arc::new(TermAnnotation {
                        slug: name.to_lowercase(),
                        version: 1,
                        source: src.clone(),
                        term: l(name),
                        aliases: aliases.iter().map(|a| l(a)).collect(),
                        weak_aliases: vec![],
                        kind: "organization".into(),
                        part_of: None,
                        see_also: vec![],
                        case: CaseRule::Auto,
                        definition: Default::default(),
                        sources: vec![],
                    })
                })
                .collect(),
            boilerplate: None,
            index: None,
            templates: Default::default(),
            unreadable: vec![],
        };
        Matcher::new(&loaded, &mut Diagnostics::new())
    }

    fn found(m: &Matcher, text: &str) -> Vec<(String, usize)> {
        m.find(text)
            .into_iter()
            .map(|x| (text[x.range].to_string(), x.term))
            .collect()
    }

    #[test]
    fn leftmost_longest_with_boundaries_and_case() {
        let m = matcher(&[
            ("Islamic State", &["IS", "ISIS", "ISIL", "Daesh"]),
            ("ISIS-K", &["ISIS-Khorasan", "Daesh-Khorasan"]),
            ("Pakistan", &[]),
            ("al-Qa’ida", &[]),
        ]);
        assert_eq!(
            found(
                &m,
                "ISIS-Khorasan and ISIS in ISLAMABAD, Pakistan’s anti-IS push, al-Qa'ida, daesh"
            ),
            vec![
                ("ISIS-Khorasan".to_string(), 1),
                ("ISIS".to_string(), 0),
                ("Pakistan".to_string(), 2),
                ("IS".to_string(), 0),
                ("al-Qa'ida".to_string(), 3),
                ("daesh".to_string(), 0),
            ]
        );
        // "is" in lower case is an ordinary word, not the acronym.
        assert!(found(&m, "this is it").is_empty());
        // A longer candidate that fails the boundary test yields to a shorter one.
        assert_eq!(found(&m, "ISIS-Kx"), vec![("ISIS".to_string(), 0)]);
    }

    #[test]
    fn loose_quote_matching() {
        let paras = vec![LinkedParagraph {
            text: "He said “have the ability”  to recruit.".into(),
            marks: vec![],
            seed_line: 1,
        }];
        let (pi, r, n) = find_quote(&paras, "\"have the ability\" to").unwrap();
        assert_eq!((pi, n), (0, 1));
        assert_eq!(&paras[0].text[r], "“have the ability”  to");
    }

    #[test]
    fn nesting_drops_crossing_terms() {
        let marks = vec![
            Mark {
                range: 0..10,
                kind: MarkKind::Note(1),
            },
            Mark {
                range: 8..14,
                kind: MarkKind::Term {
                    term: 0,
                    linked: true,
                },
            },
            Mark {
                range: 2..5,
                kind: MarkKind::Term {
                    term: 1,
                    linked: true,
                },
            },
        ];
        let kept = nest(marks);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].range, 0..10);
        assert_eq!(kept[1].range, 2..5);
    }

    /// The obvious quadratic nesting, as the oracle for [`nest`].
    fn nest_naive(marks: Vec<Mark>) -> Vec<Mark> {
        fn rank(k: &MarkKind) -> u8 {
            match k {
                MarkKind::Note(_) => 0,
                MarkKind::Fix { .. } => 1,
                MarkKind::Term { .. } => 2,
            }
        }
        let mut by_rank = marks;
        by_rank.sort_by(|a, b| {
            (rank(&a.kind), a.range.start, std::cmp::Reverse(a.range.end)).cmp(&(
                rank(&b.kind),
                b.range.start,
                std::cmp::Reverse(b.range.end),
            ))
        });
        let mut kept: Vec<Mark> = Vec::new();
        for m in by_rank {
            let ok = kept.iter().all(|k| {
                let disjoint = m.range.end <= k.range.start || k.range.end <= m.range.start;
                let inside = k.range.start <= m.range.start && m.range.end <= k.range.end;
                let outside = m.range.start <= k.range.start && k.range.end <= m.range.end;
                disjoint || inside || outside
            });
            if ok && !m.range.is_empty() {
                kept.push(m);
            }
        }
        kept.sort_by(|a, b| {
            (a.range.start, std::cmp::Reverse(a.range.end), rank(&a.kind)).cmp(&(
                b.range.start,
                std::cmp::Reverse(b.range.end),
                rank(&b.kind),
            ))
        });
        kept
    }

    fn arb_mark() -> impl proptest::strategy::Strategy<Value = Mark> {
        use proptest::prelude::*;
        (0usize..40, 0usize..12, 0u8..3, 0usize..4).prop_map(|(start, len, kind, n)| Mark {
            range: start..start + len,
            kind: match kind {
                0 => MarkKind::Note(n),
                1 => MarkKind::Fix {
                    original: n.to_string(),
                    note: None,
                },
                _ => MarkKind::Term {
                    term: n,
                    linked: n % 2 == 0,
                },
            },
        })
    }

    proptest::proptest! {
        /// `nest` keeps exactly what the quadratic definition keeps, and what it keeps
        /// nests properly.
        #[test]
        fn nest_matches_the_quadratic_definition(marks in proptest::collection::vec(arb_mark(), 0..60)) {
            let fast = nest(marks.clone());
            proptest::prop_assert_eq!(&fast, &nest_naive(marks));
            for (i, a) in fast.iter().enumerate() {
                for b in &fast[i + 1..] {
                    let disjoint = a.range.end <= b.range.start || b.range.end <= a.range.start;
                    let nested = (a.range.start <= b.range.start && b.range.end <= a.range.end)
                        || (b.range.start <= a.range.start && a.range.end <= b.range.end);
                    proptest::prop_assert!(disjoint || nested);
                }
            }
        }
    }

    /// A one-line seed makes one paragraph with tens of thousands of marks.
    #[test]
    fn nesting_a_huge_paragraph() {
        let mut marks: Vec<Mark> = (0..50_000)
            .map(|i| Mark {
                range: i * 10..i * 10 + 6,
                kind: MarkKind::Term {
                    term: i % 7,
                    linked: false,
                },
            })
            .collect();
        marks.push(Mark {
            range: 3..250_000,
            kind: MarkKind::Note(1),
        });
        let kept = nest(marks);
        // The note crosses the first term (0..6), which is dropped; the rest nest inside it or follow.
        assert_eq!(kept.len(), 50_000);
        assert_eq!(kept[0].range, 3..250_000);
    }
}

//! An article's text as the link stage marks it: paragraphs with properly nested
//! spans (note ⊇ fix ⊇ term mention), the notes anchored in them, and the terms the
//! text mentions.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::TermId;

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
        /// The term.
        term: TermId,
        /// Rendered as a link (first mention of that spelling, or every mention).
        linked: bool,
    },
    /// Part of a passage other articles print too.
    Shared {
        /// The passage's 1-based number on the page.
        number: usize,
        /// The passage's last part (the one its reference follows).
        last: bool,
    },
}

impl MarkKind {
    /// Which kind wins where marks cross: notes, then fixes, term mentions, shared
    /// passages.
    pub fn rank(&self) -> u8 {
        match self {
            MarkKind::Note(_) => 0,
            MarkKind::Fix { .. } => 1,
            MarkKind::Term { .. } => 2,
            MarkKind::Shared { .. } => 3,
        }
    }
}

/// A marked span of a paragraph. Marks of one paragraph nest properly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// What it is.
    pub kind: MarkKind,
}

/// Keeps only marks that nest properly. Notes win over fixes, fixes over term
/// mentions and those over shared passages; within a kind, the earlier (then the longer) mark wins. O(n log n): a
/// scraped article is often one line, so a paragraph may hold thousands of marks.
pub fn nest(mut marks: Vec<Mark>) -> Vec<Mark> {
    let rank = MarkKind::rank;
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

/// `p`'s marks with the shared passages `pieces` (passage number, byte range,
/// whether it is the passage's last part) among them: each shrunk so that it crosses no mark, and left out where it would sit
/// inside a term mention (a link) or shrinks to nothing.
pub fn with_shared(p: &LinkedParagraph, pieces: &[(usize, Range<usize>, bool)]) -> Vec<Mark> {
    let mut marks = p.marks.clone();
    for (n, r, last) in pieces {
        let (mut s, mut e) = (r.start, r.end);
        for m in &p.marks {
            let (ms, me) = (m.range.start, m.range.end);
            if ms < s && s < me {
                s = me;
            }
            if ms < e && e < me {
                e = ms;
            }
        }
        let in_term = p.marks.iter().any(|m| {
            matches!(m.kind, MarkKind::Term { .. }) && m.range.start <= s && e <= m.range.end
        });
        if s < e && !in_term {
            marks.push(Mark {
                range: s..e,
                kind: MarkKind::Shared {
                    number: *n,
                    last: *last,
                },
            });
        }
    }
    nest(marks)
}

/// A paragraph ready to render.
#[derive(Debug, Clone)]
pub struct LinkedParagraph {
    /// Plain text (shared with the cleaned paragraph).
    pub text: std::sync::Arc<str>,
    /// Marks sorted by start, outer before inner.
    pub marks: Vec<Mark>,
    /// Line in the seed.
    pub seed_line: usize,
}

/// A passage of an article's text: a paragraph and a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Passage {
    /// The paragraph's index.
    pub paragraph: usize,
    /// The byte range in its text.
    pub range: Range<usize>,
}

/// A passage an article shares with others (wire copy, a statement quoted alike).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SharedPassage {
    /// Its parts, one per paragraph it covers, in reading order.
    pub pieces: Vec<Passage>,
    /// How many words it has.
    pub words: usize,
    /// The other articles that print it, by id.
    pub copies: Vec<SharedCopy>,
}

/// Where another article prints a shared passage.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SharedCopy {
    /// The article.
    pub article: super::ArticleId,
    /// The first paragraph's part of the passage there.
    pub passage: Passage,
}

/// A note anchored in the text.
#[derive(Debug, Clone)]
pub struct AnchoredNote {
    /// 1-based number on the page.
    pub number: usize,
    /// Index into the annotation's notes.
    pub note: usize,
    /// The passage it is anchored to, when found.
    pub passage: Option<Passage>,
    /// How many edits its quote needed to match (0: as written).
    pub edits: usize,
}

impl AnchoredNote {
    /// The paragraph that holds the quote, when found.
    pub fn paragraph(&self) -> Option<usize> {
        self.passage.as_ref().map(|p| p.paragraph)
    }

    /// The article text the note is anchored to (a close match may differ from the
    /// quote as written), when found.
    pub fn quoted<'a>(&self, paragraphs: &'a [LinkedParagraph]) -> Option<&'a str> {
        let at = self.passage.as_ref()?;
        paragraphs.get(at.paragraph)?.text.get(at.range.clone())
    }
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
    /// Terms mentioned in the text, with counts.
    pub mentions: BTreeMap<TermId, usize>,
    /// Every term mention as (term, paragraph, index of its mark), sorted: where a
    /// term's mentions are without reading every mark (a term page lists them).
    pub mention_index: Vec<(TermId, u32, u32)>,
    /// Targets of the `[[…]]` links in commentary, notes and events that resolved.
    pub wiki_targets: Vec<String>,
}

impl ArticleMarks {
    /// The index of the term mentions of `paragraphs` ([`ArticleMarks::mention_index`]).
    pub fn index_mentions(paragraphs: &[LinkedParagraph]) -> Vec<(TermId, u32, u32)> {
        let mut index: Vec<(TermId, u32, u32)> = paragraphs
            .iter()
            .enumerate()
            .flat_map(|(pi, p)| {
                p.marks
                    .iter()
                    .enumerate()
                    .filter_map(move |(mi, m)| match m.kind {
                        MarkKind::Term { term, .. } => Some((term, pi as u32, mi as u32)),
                        _ => None,
                    })
            })
            .collect();
        index.sort_unstable();
        index
    }

    /// The mentions of `term`: (paragraph, mark) in reading order.
    pub fn mentions_of(&self, term: TermId) -> impl Iterator<Item = (&LinkedParagraph, &Mark)> {
        let from = self.mention_index.partition_point(|x| x.0 < term);
        self.mention_index[from..]
            .iter()
            .take_while(move |x| x.0 == term)
            .filter_map(|&(_, p, m)| {
                let p = self.paragraphs.get(p as usize)?;
                Some((p, p.marks.get(m as usize)?))
            })
    }

    /// For each pair of terms (lower id first), in how many paragraphs of the
    /// article both are mentioned.
    pub fn term_pairs(&self) -> BTreeMap<(TermId, TermId), usize> {
        let mut pairs = BTreeMap::new();
        let mut named: Vec<TermId> = Vec::new();
        for p in &self.paragraphs {
            named.clear();
            named.extend(p.marks.iter().filter_map(|m| match m.kind {
                MarkKind::Term { term, .. } => Some(term),
                _ => None,
            }));
            named.sort_unstable();
            named.dedup();
            for (i, &a) in named.iter().enumerate() {
                for &b in &named[i + 1..] {
                    *pairs.entry((a, b)).or_insert(0) += 1;
                }
            }
        }
        pairs
    }
}

/// How a dossier's notes anchored: as written, by a close match, or not at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoteTally {
    /// Anchored to their quote as written.
    pub exact: usize,
    /// Anchored to a close match of their quote.
    pub close: usize,
    /// Not anchored (their quote was not found, or not told apart).
    pub orphans: usize,
}

impl NoteTally {
    /// Counts the notes of `articles`.
    pub fn of<'a>(articles: impl IntoIterator<Item = &'a ArticleMarks>) -> NoteTally {
        let mut t = NoteTally::default();
        for n in articles.into_iter().flat_map(|m| &m.notes) {
            match (&n.passage, n.edits) {
                (None, _) => t.orphans += 1,
                (Some(_), 0) => t.exact += 1,
                (Some(_), _) => t.close += 1,
            }
        }
        t
    }
}

impl std::fmt::Display for NoteTally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} anchored as written, {} by a close match, {} not anchored",
            crate::diagnostic::counted(self.exact, "note"),
            self.close,
            self.orphans
        )
    }
}

//! Marking one article's paragraphs: term mentions, fixes and note anchors as
//! properly nested spans.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;

use super::anchor::{anchor, Anchor, Selector};
use super::Matcher;
use crate::clean::CleanArticle;
use crate::config::LinkMode;
use crate::diagnostic::Diagnostics;
use crate::load::ArticleAnnotation;
use crate::site::{nest, AnchoredNote, LinkedParagraph, Mark, MarkKind, TermId};

/// An article's marked paragraphs, anchored notes and term mentions (with counts).
pub type Marked = (
    Vec<LinkedParagraph>,
    Vec<AnchoredNote>,
    BTreeMap<TermId, usize>,
);

/// Links one article's paragraphs: term mentions, fixes and note anchors as nested marks.
pub fn mark_article(
    ann: &ArticleAnnotation,
    clean: &CleanArticle,
    matcher: &Matcher,
    mode: LinkMode,
    diags: &mut Diagnostics,
) -> Marked {
    let mut paras: Vec<LinkedParagraph> = clean.paragraphs.iter().map(with_fixes).collect();
    let mentions = mark_terms(ann, &mut paras, matcher, mode, diags);
    let notes = anchor_notes(ann, &mut paras, diags);
    for p in paras.iter_mut() {
        let taken = std::mem::take(&mut p.marks);
        p.marks = nest(taken);
    }
    (paras, notes, mentions)
}

/// A cleaned paragraph with its fixes as marks.
fn with_fixes(p: &crate::clean::Paragraph) -> LinkedParagraph {
    let marks = p
        .fixes
        .iter()
        .map(|f| Mark {
            range: f.range.clone(),
            kind: MarkKind::Fix {
                original: f.original.clone(),
                note: f.note.clone(),
            },
        })
        .collect();
    LinkedParagraph {
        text: p.text.clone(),
        marks,
        seed_line: p.seed_line,
    }
}

/// Marks every term mention; the first of each spelling is a link (or every one, in
/// `every` mode). A mention inside a correction is never a link (the words are being
/// corrected), and a spelling the annotation lists in `no_link` is no mention at
/// all. Returns the mention counts.
fn mark_terms(
    ann: &ArticleAnnotation,
    paras: &mut [LinkedParagraph],
    matcher: &Matcher,
    mode: LinkMode,
    diags: &mut Diagnostics,
) -> BTreeMap<TermId, usize> {
    let mut mentions: BTreeMap<TermId, usize> = BTreeMap::new();
    let mut linked_keys: HashSet<(TermId, String)> = HashSet::default();
    let mut unlinked = vec![false; ann.no_link.len()];
    for p in paras.iter_mut() {
        let fixes: Vec<std::ops::Range<usize>> = p.marks.iter().map(|m| m.range.clone()).collect();
        for m in matcher.find(&p.text) {
            let spelling = &p.text[m.range.clone()];
            if let Some(i) = ann.no_link.iter().position(|s| s.value == spelling) {
                unlinked[i] = true;
                continue;
            }
            *mentions.entry(m.term).or_default() += 1;
            let corrected = fixes
                .iter()
                .any(|f| f.start < m.range.end && m.range.start < f.end);
            let linked = !corrected
                && match mode {
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
    for (s, _) in ann.no_link.iter().zip(unlinked).filter(|(_, used)| !used) {
        diags.push(
            ann.source
                .warning(
                    s.span.clone(),
                    format!(
                        "no_link `{}` matches no term mention in the article",
                        s.value
                    ),
                )
                .with_help(
                    "no_link lists spellings of glossary terms, exactly as the article \
                     writes them, that are not mentions here; delete this one",
                ),
        );
    }
    mentions
}

/// Anchors each note to its quote (marking it), reporting quotes matched only
/// closely, quotes that occur more than once with nothing to say which, and quotes
/// not found.
fn anchor_notes(
    ann: &ArticleAnnotation,
    paras: &mut [LinkedParagraph],
    diags: &mut Diagnostics,
) -> Vec<AnchoredNote> {
    let texts: Vec<std::sync::Arc<str>> = paras.iter().map(|p| p.text.clone()).collect();
    let anchors: Vec<Anchor> = ann
        .notes
        .iter()
        .map(|n| anchor(&texts, &selector(n)))
        .collect();
    let numbers = reading_order(&anchors);
    let mut notes = Vec::new();
    for (ni, (n, a)) in ann.notes.iter().zip(anchors).enumerate() {
        let number = numbers[ni];
        if let Some(d) = super::orphans::diagnose(ann, n, &a, &texts) {
            diags.push(d);
        }
        let edits = match &a {
            Anchor::Close { edits, .. } => *edits,
            _ => 0,
        };
        let passage = a.place().cloned();
        if let Some(p) = &passage {
            paras[p.paragraph].marks.push(Mark {
                range: p.range.clone(),
                kind: MarkKind::Note(number),
            });
        }
        notes.push(AnchoredNote {
            number,
            note: ni,
            passage,
            edits,
        });
    }
    notes.sort_by_key(|n| n.number);
    notes
}

/// Each note's 1-based number, in the order a reader meets the notes: by where
/// their passages start in the article, notes anchored nowhere last, each group in
/// the order the annotation file has them.
fn reading_order(anchors: &[Anchor]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by_key(|&i| {
        anchors[i]
            .place()
            .map_or((1, 0, 0), |p| (0, p.paragraph, p.range.start))
    });
    let mut numbers = vec![0; anchors.len()];
    for (rank, i) in order.into_iter().enumerate() {
        numbers[i] = rank + 1;
    }
    numbers
}

/// What a note says it quotes.
fn selector(n: &crate::load::Note) -> Selector<'_> {
    let c = &n.context;
    Selector {
        quote: &n.quote.value,
        prefix: c.prefix.as_ref().map(|p| p.value.as_str()),
        suffix: c.suffix.as_ref().map(|p| p.value.as_str()),
        occurrence: c.occurrence.as_ref().map(|p| p.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Passage;

    fn at(paragraph: usize, start: usize) -> Anchor {
        Anchor::Exact(Passage {
            paragraph,
            range: start..start + 3,
        })
    }

    #[test]
    fn notes_are_numbered_in_reading_order_orphans_last() {
        // In file order: a note late in paragraph 2, an orphan, one early in
        // paragraph 0, one later in paragraph 0, a second orphan.
        let anchors = [
            at(2, 0),
            Anchor::Orphan,
            at(0, 10),
            at(0, 40),
            Anchor::Orphan,
        ];
        assert_eq!(reading_order(&anchors), [3, 4, 1, 2, 5]);
    }
}

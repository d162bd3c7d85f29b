//! The close match of a note's quote, as annotation tools anchor a quote the text no
//! longer has as written (Hypothesis scores its candidates by the quote, the
//! context and the position). The whole article is searched at once, so a quote
//! whose paragraph was split, or that moved, is still found.
//!
//! Candidates are the passages within half the quote's length in edits (Sellers'
//! approximate search over the loose text: whitespace, case, curly quotes and
//! dashes forgiven). Each is scored by how close it is to the quote and, when the
//! note gives them, how well the text before and after it matches the note's
//! `prefix` and `suffix`. A candidate that spans a paragraph break anchors in the
//! paragraph holding most of it.

use std::ops::Range;

use super::anchor::{loose, Place, Selector};

/// Quotes shorter than this (in characters) are never matched closely: too many
/// short passages are a few edits away from anything.
pub const MIN_FUZZY: usize = 20;

/// How much each part of a candidate's score weighs (Hypothesis's proportions).
const QUOTE_WEIGHT: f64 = 50.0;
const CONTEXT_WEIGHT: f64 = 20.0;

/// How much better than the next the best candidate must score to be taken alone.
pub const CLEARLY_BETTER: f64 = 2.5;

/// A passage the quote closely matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Where it is.
    pub place: Place,
    /// Edits from the quote (loose characters inserted, deleted or changed).
    pub edits: usize,
    /// Its score: quote similarity, and the context's when the note gives one.
    pub score: f64,
}

/// The article's paragraphs as one loose text, with where each character is.
struct Flat<'p, S> {
    paras: &'p [S],
    /// Each paragraph's loose text and its map back to bytes.
    loose: Vec<(String, Vec<usize>)>,
    /// Every loose character: (paragraph, byte in its loose text, the character); a
    /// space between paragraphs belongs to none (`usize::MAX`).
    chars: Vec<(usize, usize, char)>,
}

impl<'p, S: AsRef<str>> Flat<'p, S> {
    fn new(paras: &'p [S]) -> Self {
        let loose: Vec<(String, Vec<usize>)> = paras.iter().map(|p| loose(p.as_ref())).collect();
        let mut chars = Vec::new();
        for (pi, (lt, _)) in loose.iter().enumerate() {
            if pi > 0 {
                chars.push((usize::MAX, 0, ' '));
            }
            chars.extend(lt.char_indices().map(|(b, c)| (pi, b, c)));
        }
        Flat {
            paras,
            loose,
            chars,
        }
    }

    /// The place behind characters `span` of the flat text: in the paragraph that
    /// holds most of them.
    fn place(&self, span: Range<usize>) -> Option<Place> {
        let inside = || {
            self.chars[span.clone()]
                .iter()
                .filter(|c| c.0 != usize::MAX)
        };
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for c in inside() {
            match counts.last_mut() {
                Some((p, n)) if *p == c.0 => *n += 1,
                _ => counts.push((c.0, 1)),
            }
        }
        let paragraph = counts.iter().max_by_key(|c| (c.1, usize::MAX - c.0))?.0;
        let mut mine = inside().filter(|c| c.0 == paragraph);
        let first = mine.next()?;
        let last = mine.next_back().unwrap_or(first);
        let (lt, map) = &self.loose[paragraph];
        let lend = last.1 + last.2.len_utf8();
        let text = self.paras[paragraph].as_ref();
        let range = super::anchor::original(text, map, first.1..lend.min(lt.len()));
        Some(Place { paragraph, range })
    }
}

/// The share of the quote's words a candidate must hold (in any order) to be one:
/// within the edit limit, a passage sharing few words is a chance likeness.
const WORDS_KEPT: f64 = 0.5;

/// The share of `quote`'s words (loose) that `passage` holds.
fn words_kept(quote: &str, passage: &str) -> f64 {
    let have: std::collections::HashSet<String> = words_of(&loose(passage).0)
        .into_iter()
        .map(|w| w.1)
        .collect();
    let words = words_of(quote);
    let kept = words.iter().filter(|w| have.contains(&w.1)).count();
    kept as f64 / words.len().max(1) as f64
}

/// The candidates for `sel`'s quote within `limit` edits holding at least `words` of
/// its words, best first.
fn candidates<S: AsRef<str>>(
    paras: &[S],
    sel: &Selector,
    limit: usize,
    words: f64,
) -> Vec<Candidate> {
    let (lq, _) = loose(sel.quote.trim());
    let pattern: Vec<char> = lq.chars().collect();
    let flat = Flat::new(paras);
    let text: Vec<char> = flat.chars.iter().map(|c| c.2).collect();
    let mut out: Vec<Candidate> = Vec::new();
    for (edits, span) in sellers(&pattern, &text, limit) {
        let Some(mut place) = flat.place(span) else {
            continue;
        };
        let text = paras[place.paragraph].as_ref();
        place.range = widen(text, place.range, &lq);
        let passage = &text[place.range.clone()];
        let edits = edits.min(levenshtein(
            &pattern,
            &loose(passage).0.chars().collect::<Vec<_>>(),
        ));
        if out.iter().any(|c| c.place == place) || words_kept(&lq, passage) < words {
            continue;
        }
        let score = score(paras, &place, sel, edits, pattern.len());
        out.push(Candidate {
            place,
            edits,
            score,
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// The close candidates of a quote long enough to be matched closely: within half
/// its length in edits, holding half its words.
pub fn close<S: AsRef<str>>(paras: &[S], sel: &Selector) -> Vec<Candidate> {
    let chars = loose(sel.quote.trim()).0.chars().count();
    if chars < MIN_FUZZY {
        return Vec::new();
    }
    candidates(paras, sel, chars / 2, WORDS_KEPT)
}

/// The passage most like the quote (for an orphan's diagnostic): within three
/// quarters of its length in edits, holding a quarter of its words.
pub fn nearest<S: AsRef<str>>(paras: &[S], quote: &str) -> Option<Candidate> {
    let chars = loose(quote.trim()).0.chars().count();
    let sel = Selector {
        quote,
        ..Selector::default()
    };
    let best = candidates(paras, &sel, chars * 3 / 4, WORDS_KEPT / 2.0)
        .into_iter()
        .next()?;
    (best.edits * 4 <= chars * 3).then_some(best)
}

/// The lowercase words of `s`, each with its byte range.
fn words_of(s: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push((b..i, s[b..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `r` grown to whole words, and to the quote's first and last words when they are
/// just outside it: the cheapest alignment can leave out a reworded edge ("tively
/// interdict" for "to more effectively interdict" when the quote says "to better
/// interdict").
fn widen(text: &str, r: Range<usize>, quote: &str) -> Range<usize> {
    let q = words_of(quote);
    let (Some(first), Some(last)) = (q.first(), q.last()) else {
        return r;
    };
    let words = words_of(text);
    let window = quote.len() / 2;
    let inside = |w: &&(Range<usize>, String)| w.0.end > r.start && w.0.start < r.end;
    let (Some(a), Some(b)) = (words.iter().find(inside), words.iter().rev().find(inside)) else {
        return r;
    };
    let start = match a.1 == first.1 {
        true => a.0.start,
        false => words
            .iter()
            .rev()
            .filter(|w| w.0.start < a.0.start && w.0.start + window >= a.0.start)
            .find(|w| w.1 == first.1)
            .map_or(a.0.start, |w| w.0.start),
    };
    let end = match b.1 == last.1 {
        true => b.0.end,
        false => words
            .iter()
            .filter(|w| w.0.end > b.0.end && w.0.end <= b.0.end + window)
            .find(|w| w.1 == last.1)
            .map_or(b.0.end, |w| w.0.end),
    };
    // Closing punctuation the quote ends with stays with it.
    let tail = quote
        .trim_end()
        .chars()
        .last()
        .filter(|c| !c.is_alphanumeric());
    let end = match tail {
        Some(c) if text[end..].starts_with(c) => end + c.len_utf8(),
        _ => end,
    };
    start..end.max(start)
}

/// How well the text around `p` matches the selector's `prefix` and `suffix` (loosely,
/// across a paragraph's edge too): 1 for each that it matches exactly, `None` for each
/// the selector does not give.
pub(super) fn context_fit<S: AsRef<str>>(
    paras: &[S],
    p: &Place,
    sel: &Selector,
) -> (Option<f64>, Option<f64>) {
    let fit = |want: &str, around: String, at_end: bool| {
        let around = if at_end {
            around.trim_end()
        } else {
            around.trim_start()
        };
        context_similarity(&loose(want.trim()).0, &loose(around).0, at_end)
    };
    (
        sel.prefix
            .map(|w| fit(w, super::anchor::text_before(paras, p), true)),
        sel.suffix
            .map(|w| fit(w, super::anchor::text_after(paras, p), false)),
    )
}

/// A candidate's score: its quote's similarity, and its context's when given.
fn score<S: AsRef<str>>(paras: &[S], p: &Place, sel: &Selector, edits: usize, len: usize) -> f64 {
    let (prefix, suffix) = context_fit(paras, p, sel);
    let context = prefix.unwrap_or(0.0) + suffix.unwrap_or(0.0);
    QUOTE_WEIGHT * similarity(edits, len) + CONTEXT_WEIGHT * context
}

/// 1 for no edits, 0 for as many edits as characters.
fn similarity(edits: usize, len: usize) -> f64 {
    1.0 - (edits as f64 / len.max(1) as f64).min(1.0)
}

/// How well `want` matches the end (`at_end`) or the start of `text`.
fn context_similarity(want: &str, text: &str, at_end: bool) -> f64 {
    let w: Vec<char> = want.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let n = w.len().min(t.len());
    let piece = if at_end { &t[t.len() - n..] } else { &t[..n] };
    similarity(levenshtein(&w, piece), w.len())
}

/// Edits between `a` and `b`.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Sellers' approximate search: the spans of `text` that `pattern` matches with at
/// most `limit` edits, each with its edit count; of a run of ends (the same
/// alignment grown by one), the cheapest.
pub fn sellers(pattern: &[char], text: &[char], limit: usize) -> Vec<(usize, Range<usize>)> {
    let m = pattern.len();
    // Column of (cost, start) over the pattern's prefixes, for the text so far.
    let mut col: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
    let mut hits: Vec<(usize, Range<usize>)> = Vec::new();
    for (j, &c) in text.iter().enumerate() {
        let mut diag = (0, j);
        col[0] = (0, j + 1);
        for i in 1..=m {
            let sub = (diag.0 + usize::from(pattern[i - 1] != c), diag.1);
            let del = (col[i].0 + 1, col[i].1);
            let ins = (col[i - 1].0 + 1, col[i - 1].1);
            diag = col[i];
            col[i] = [sub, del, ins]
                .into_iter()
                .min_by_key(|x| x.0)
                .unwrap_or(sub);
        }
        let (cost, start) = col[m];
        if cost > limit || start > j {
            continue;
        }
        let span = start..j + 1;
        match hits.last_mut() {
            Some((c, s)) if s.start == start || s.end == j => {
                if cost < *c {
                    *c = cost;
                    *s = span;
                }
            }
            _ => hits.push((cost, span)),
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::anchor::{anchor, Anchor};
    use super::*;

    fn sel(quote: &str) -> Selector<'_> {
        Selector {
            quote,
            ..Selector::default()
        }
    }

    fn landed<'p>(paras: &[&'p str], a: &Anchor) -> (usize, &'p str) {
        let p = a.place().unwrap_or_else(|| panic!("not anchored: {a:?}"));
        (p.paragraph, &paras[p.paragraph][p.range.clone()])
    }

    const INTRO: &str = "The two governments met in Islamabad on Tuesday.";

    #[test]
    fn a_word_replaced_by_two() {
        let paras = [
            INTRO,
            "They agreed to more effectively interdict the flow of illicit materials across the border.",
        ];
        let a = anchor(
            &paras,
            &sel("to better interdict the flow of illicit materials"),
        );
        assert!(
            matches!(a, Anchor::Close { edits, .. } if edits > 5),
            "{a:?}"
        );
        assert_eq!(
            landed(&paras, &a),
            (
                1,
                "to more effectively interdict the flow of illicit materials"
            )
        );
    }

    #[test]
    fn a_sentence_inserted_inside_the_quote() {
        let paras = [
            INTRO,
            "Both sides agreed to share information on Daesh. Officials met again in March. \
             They will review border cooperation every quarter.",
        ];
        let quote = "Both sides agreed to share information on Daesh. They will review border cooperation every quarter.";
        let a = anchor(&paras, &sel(quote));
        let (p, text) = landed(&paras, &a);
        assert_eq!(p, 1);
        assert!(text.starts_with("Both sides agreed") && text.ends_with("every quarter."));
    }

    #[test]
    fn smart_quotes_and_dashes_changed_are_exact() {
        let paras = [
            INTRO,
            "The minister said \"no\" - twice - to the proposal's terms.",
        ];
        let a = anchor(&paras, &sel("said “no” — twice — to the proposal’s terms"));
        assert!(matches!(a, Anchor::Exact(_)), "{a:?}");
    }

    #[test]
    fn a_paragraph_split_inside_the_quote() {
        let paras = [
            INTRO,
            "The statement condemned the attack in Peshawar",
            "and promised further cooperation on counter-terrorism financing.",
        ];
        let quote = "The statement condemned the attack in Peshawar and promised further cooperation on counter-terrorism financing.";
        let a = anchor(&paras, &sel(quote));
        assert!(matches!(a, Anchor::Close { .. }), "{a:?}");
        // Anchored where most of it now is.
        assert_eq!(
            landed(&paras, &a),
            (
                2,
                "and promised further cooperation on counter-terrorism financing."
            )
        );
    }

    #[test]
    fn text_moved_to_another_paragraph() {
        let paras = [
            "Officials said the talks would resume next month in Washington.",
            INTRO,
        ];
        let a = anchor(&paras, &sel("the talks would resume next month"));
        assert_eq!(landed(&paras, &a).0, 0);
        assert!(matches!(a, Anchor::Exact(_)));
    }

    #[test]
    fn context_picks_between_equally_close_places() {
        let paras = [
            "In 2015 the ministers agreed to expand cooperation on border security.",
            "In 2016 the ministers agreed to expand cooperation on border security.",
        ];
        let quote = "the ministers agreed to widen cooperation on border security";
        let a = anchor(&paras, &sel(quote));
        assert!(
            matches!(a, Anchor::Ambiguous { ref places, .. } if places.len() == 2),
            "{a:?}"
        );
        let s = Selector {
            prefix: Some("In 2016"),
            ..sel(quote)
        };
        assert_eq!(landed(&paras, &anchor(&paras, &s)).0, 1);
        let s = Selector {
            occurrence: Some(1),
            ..sel(quote)
        };
        assert_eq!(landed(&paras, &anchor(&paras, &s)).0, 0);
    }

    #[test]
    fn chance_likeness_is_not_a_match_and_the_nearest_is_offered() {
        let paras = [INTRO, "The army said “no” on Monday."];
        assert_eq!(
            anchor(&paras, &sel("the navy sailed away on a long voyage")),
            Anchor::Orphan
        );
        // Too far for a match, near enough to be shown to the author.
        let quote = "the governments convened in Islamabad last week to discuss trade and energy";
        assert_eq!(anchor(&paras, &sel(quote)), Anchor::Orphan);
        let n = nearest(&paras, quote).expect("a nearest passage");
        assert_eq!(n.place.paragraph, 0);
        assert!(INTRO[n.place.range.clone()].contains("Islamabad on Tuesday"));
        assert!(nearest(&paras, "entirely unrelated words about fishing boats").is_none());
    }

    #[test]
    fn levenshtein_counts_edits() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(levenshtein(&c("kitten"), &c("sitting")), 3);
        assert_eq!(levenshtein(&c(""), &c("abc")), 3);
        assert!((context_similarity("in 2016", "x y in 2016", true) - 1.0).abs() < 1e-9);
    }
}

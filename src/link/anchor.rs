//! Anchoring a note to the passage it quotes, as the W3C Web Annotation
//! `TextQuoteSelector` does: the quote, and optionally the words just before it
//! (`prefix`), just after it (`suffix`) or which occurrence is meant.
//!
//! The quote is looked for as written (forgiving whitespace, case, curly quotes and
//! dashes); failing that, as a close match scored by the quote and its context
//! ([`fuzzy`](super::fuzzy)), as annotation tools do. So a note survives a re-scrape
//! that rewords, splits or moves what it quotes, or a fix that edits its words. A
//! quote found more than once needs its context; a quote found nowhere is an orphan.

use std::ops::Range;

/// What a note says it quotes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selector<'a> {
    /// The quoted words.
    pub quote: &'a str,
    /// The words just before them.
    pub prefix: Option<&'a str>,
    /// The words just after them.
    pub suffix: Option<&'a str>,
    /// Which occurrence (1-based), when the quote is found more than once.
    pub occurrence: Option<usize>,
}

pub use crate::site::Passage as Place;

/// Where a note lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// Found as written (up to whitespace, case, quotes and dashes).
    Exact(Place),
    /// Not found as written, but with this many edits.
    Close {
        /// The passage.
        place: Place,
        /// Characters inserted, deleted or changed.
        edits: usize,
    },
    /// Found at every one of these places, and nothing says which is meant.
    Ambiguous {
        /// Every place, in reading order.
        places: Vec<Place>,
        /// Whether a `prefix` or `suffix` was given (and matched none or several).
        context_given: bool,
    },
    /// `occurrence` asks for more occurrences than there are.
    NoSuchOccurrence {
        /// The occurrence asked for.
        wanted: usize,
        /// How many there are.
        found: usize,
    },
    /// Not found, not even closely.
    Orphan,
}

impl Anchor {
    /// The passage, when the note has one.
    pub fn place(&self) -> Option<&Place> {
        match self {
            Anchor::Exact(p) | Anchor::Close { place: p, .. } => Some(p),
            _ => None,
        }
    }
}

/// Anchors `sel` in `paras` (each paragraph's text).
pub fn anchor<S: AsRef<str>>(paras: &[S], sel: &Selector) -> Anchor {
    let quote = sel.quote.trim();
    if quote.is_empty() {
        return Anchor::Orphan;
    }
    let mut places = exact(paras, quote);
    if places.is_empty() {
        places = loosely(paras, quote);
    }
    if !places.is_empty() {
        return choose(paras, sel, places);
    }
    choose_close(sel, super::fuzzy::close(paras, sel))
}

/// Picks the close match the selector means among `candidates` (best first): the
/// occurrence asked for, else the best when it is clearly better than the next.
fn choose_close(sel: &Selector, candidates: Vec<super::fuzzy::Candidate>) -> Anchor {
    let close = |c: super::fuzzy::Candidate| Anchor::Close {
        place: c.place,
        edits: c.edits,
    };
    let mut in_order = candidates.clone();
    in_order.sort_by_key(|c| (c.place.paragraph, c.place.range.start));
    if let Some(n) = sel.occurrence {
        let count = in_order.len();
        return match in_order.into_iter().nth(n.wrapping_sub(1)) {
            Some(c) => close(c),
            None if count == 0 => Anchor::Orphan,
            None => Anchor::NoSuchOccurrence {
                wanted: n,
                found: count,
            },
        };
    }
    let Some(best) = candidates.first() else {
        return Anchor::Orphan;
    };
    let near = |c: &&super::fuzzy::Candidate| best.score - c.score < super::fuzzy::CLEARLY_BETTER;
    match candidates.iter().filter(near).count() {
        1 => close(best.clone()),
        _ => Anchor::Ambiguous {
            places: in_order
                .iter()
                .filter(near)
                .map(|c| c.place.clone())
                .collect(),
            context_given: sel.prefix.is_some() || sel.suffix.is_some(),
        },
    }
}

/// Picks the place the selector means among `places` (found as written).
fn choose<S: AsRef<str>>(paras: &[S], sel: &Selector, places: Vec<Place>) -> Anchor {
    let found = Anchor::Exact;
    if let Some(n) = sel.occurrence {
        let count = places.len();
        return match places.into_iter().nth(n.wrapping_sub(1)) {
            Some(p) => found(p),
            None => Anchor::NoSuchOccurrence {
                wanted: n,
                found: count,
            },
        };
    }
    let context_given = sel.prefix.is_some() || sel.suffix.is_some();
    if places.len() == 1 {
        return places.into_iter().next().map_or(Anchor::Orphan, found);
    }
    let fitting: Vec<&Place> = places
        .iter()
        .filter(|p| context_given && fits(paras, p, sel))
        .collect();
    match fitting.as_slice() {
        [one] => found((*one).clone()),
        _ => Anchor::Ambiguous {
            places,
            context_given,
        },
    }
}

/// Whether the text around `p` has the selector's prefix before it and suffix after
/// it (loosely; across a paragraph's edge too).
fn fits<S: AsRef<str>>(paras: &[S], p: &Place, sel: &Selector) -> bool {
    let (prefix, suffix) = super::fuzzy::context_fit(paras, p, sel);
    prefix.is_none_or(|f| f == 1.0) && suffix.is_none_or(|f| f == 1.0)
}

/// The text before `p`: its paragraph's, after the previous paragraph's.
pub fn text_before<S: AsRef<str>>(paras: &[S], p: &Place) -> String {
    let text = paras[p.paragraph].as_ref();
    let previous = p.paragraph.checked_sub(1).map_or("", |i| paras[i].as_ref());
    format!("{previous} {}", &text[..p.range.start])
}

/// The text after `p`: its paragraph's, then the next paragraph's.
pub fn text_after<S: AsRef<str>>(paras: &[S], p: &Place) -> String {
    let text = paras[p.paragraph].as_ref();
    let next = paras.get(p.paragraph + 1).map_or("", |t| t.as_ref());
    format!("{} {next}", &text[p.range.end..])
}

/// Every place `quote` occurs as written.
fn exact<S: AsRef<str>>(paras: &[S], quote: &str) -> Vec<Place> {
    let mut out = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        for (s, m) in p.as_ref().match_indices(quote) {
            out.push(Place {
                paragraph: pi,
                range: s..s + m.len(),
            });
        }
    }
    out
}

/// Every place `quote` occurs up to whitespace, case, quotes and dashes.
fn loosely<S: AsRef<str>>(paras: &[S], quote: &str) -> Vec<Place> {
    let (lq, _) = loose(quote);
    let mut out = Vec::new();
    if lq.trim().is_empty() {
        return out;
    }
    for (pi, p) in paras.iter().enumerate() {
        let text = p.as_ref();
        let (lt, map) = loose(text);
        for (s, _) in lt.match_indices(&lq) {
            out.push(Place {
                paragraph: pi,
                range: original(text, &map, s..s + lq.len()),
            });
        }
    }
    out
}

/// The byte range of `text` behind `r` in its loose form (`map` from [`loose`]).
pub(super) fn original(text: &str, map: &[usize], r: Range<usize>) -> Range<usize> {
    let start = map[r.start];
    let last = map[r.end - 1];
    let end = text[last..]
        .chars()
        .next()
        .map_or(last, |c| last + c.len_utf8());
    start..end
}

/// Normalised form for loose quote matching, with a map back to byte offsets.
pub(crate) fn loose(s: &str) -> (String, Vec<usize>) {
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
            for _ in 0..lc.len_utf8() {
                map.push(i);
            }
            out.push(lc);
        }
    }
    map.push(s.len());
    (out, map)
}

/// For each of `places`, the shortest run of words before it (up to eight) that
/// tells it from the others: what a `prefix` could say.
pub fn distinguishing_prefixes<S: AsRef<str>>(paras: &[S], places: &[Place]) -> Vec<String> {
    let words: Vec<Vec<String>> = places
        .iter()
        .map(|p| {
            let before = text_before(paras, p);
            let mut w: Vec<String> = before.split_whitespace().map(str::to_string).collect();
            w.reverse();
            w
        })
        .collect();
    let key = |w: &[String]| loose(&w.join(" ")).0;
    (0..places.len())
        .map(|i| {
            let mine = &words[i];
            let n = (1..=mine.len().min(8))
                .find(|&n| {
                    let k = key(&mine[..n]);
                    (0..places.len())
                        .filter(|&j| j != i)
                        .all(|j| key(&words[j][..n.min(words[j].len())]) != k)
                })
                .unwrap_or(mine.len().min(8));
            let mut chosen: Vec<&str> = mine[..n].iter().map(String::as_str).collect();
            chosen.reverse();
            chosen.join(" ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sel(quote: &str) -> Selector<'_> {
        Selector {
            quote,
            ..Selector::default()
        }
    }

    fn at(paras: &[&str], a: &Anchor) -> String {
        let p = a.place().expect("anchored");
        paras[p.paragraph][p.range.clone()].to_string()
    }

    #[test]
    fn exact_loose_and_orphan() {
        let paras = ["The army said “no” on Monday.", "Nothing else."];
        let a = anchor(&paras, &sel("said \"no\""));
        assert!(matches!(a, Anchor::Exact(_)), "{a:?}");
        assert_eq!(at(&paras, &a), "said “no”");
        assert_eq!(anchor(&paras, &sel("the navy sailed away")), Anchor::Orphan);
    }

    #[test]
    fn one_word_changed_is_close() {
        let paras = [
            "Intro.",
            "Officials said the talks in Islamabad were constructive and frank, and would go on.",
        ];
        let a = anchor(
            &paras,
            &sel("the talks in Islamabad were productive and frank, and would go on"),
        );
        match &a {
            Anchor::Close { edits, place } => assert_eq!((*edits, place.paragraph), (6, 1)),
            _ => panic!("{a:?}"),
        }
        assert_eq!(
            at(&paras, &a),
            "the talks in Islamabad were constructive and frank, and would go on"
        );
    }

    #[test]
    fn ambiguity_context_and_occurrence() {
        let paras = ["He met the minister. Later", "she met the minister again."];
        let a = anchor(&paras, &sel("met the minister"));
        assert!(
            matches!(a, Anchor::Ambiguous { ref places, context_given: false } if places.len() == 2)
        );
        let s = Selector {
            prefix: Some("she"),
            ..sel("met the minister")
        };
        assert_eq!(anchor(&paras, &s).place().map(|p| p.paragraph), Some(1));
        let s = Selector {
            suffix: Some(". Later"),
            ..sel("met the minister")
        };
        assert_eq!(anchor(&paras, &s).place().map(|p| p.paragraph), Some(0));
        let s = Selector {
            occurrence: Some(2),
            ..sel("met the minister")
        };
        assert_eq!(anchor(&paras, &s).place().map(|p| p.paragraph), Some(1));
        let s = Selector {
            occurrence: Some(3),
            ..sel("met the minister")
        };
        assert_eq!(
            anchor(&paras, &s),
            Anchor::NoSuchOccurrence {
                wanted: 3,
                found: 2
            }
        );
        let s = Selector {
            prefix: Some("nobody"),
            ..sel("met the minister")
        };
        assert!(matches!(
            anchor(&paras, &s),
            Anchor::Ambiguous {
                context_given: true,
                ..
            }
        ));
    }

    #[test]
    fn prefixes_that_tell_places_apart() {
        let paras = ["He met the minister.", "Then she met the minister."];
        let Anchor::Ambiguous { places, .. } = anchor(&paras, &sel("met the minister")) else {
            panic!()
        };
        assert_eq!(distinguishing_prefixes(&paras, &places), ["He", "she"]);
    }

    #[test]
    fn short_quotes_are_never_fuzzy() {
        assert_eq!(anchor(&["The talks"], &sel("Tha tulks")), Anchor::Orphan);
    }

    proptest! {
        /// A quote cut from the text itself is always found exactly where it was
        /// cut, when the occurrence is given.
        #[test]
        fn unchanged_text_anchors_exactly(
            paras in proptest::collection::vec("[a-zA-Z ’“”.,—-]{0,60}", 1..5),
            pick in any::<prop::sample::Index>(),
            a in any::<prop::sample::Index>(),
            b in any::<prop::sample::Index>(),
        ) {
            let pi = pick.index(paras.len());
            let text = &paras[pi];
            let chars: Vec<usize> = text.char_indices().map(|c| c.0).chain([text.len()]).collect();
            let (x, y) = (a.index(chars.len()), b.index(chars.len()));
            let (s, e) = (chars[x.min(y)], chars[x.max(y)]);
            let quote = &text[s..e];
            prop_assume!(!quote.trim().is_empty() && quote.trim() == quote);
            let before = exact(&paras, quote);
            let n = before.iter().position(|p| p.paragraph == pi && p.range.start == s);
            prop_assume!(n.is_some());
            let s2 = Selector { quote, occurrence: n.map(|n| n + 1), ..Selector::default() };
            let got = anchor(&paras, &s2);
            prop_assert_eq!(got, Anchor::Exact(Place { paragraph: pi, range: s..e }));
        }
    }
}

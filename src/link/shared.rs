//! Shared passages: runs of words that two or more articles print alike (wire copy,
//! the same statement quoted), found by winnowing (Schleimer, Wilkerson and Aiken,
//! 2003) over the cleaned text, in time linear in the corpus.
//!
//! Each article's words (letters and digits, compared without case) are hashed in
//! overlapping runs of [`SHINGLE`] words; of every [`WINDOW`] consecutive run hashes
//! the smallest is kept as a fingerprint, so any run of `SHINGLE + WINDOW - 1` words
//! two articles share leaves at least one fingerprint in both. Fingerprints found in
//! two articles seed a match, grown word by word in both directions; matches of at
//! least [`MIN_WORDS`] words are kept. A fingerprint found in more than
//! [`MAX_ARTICLES`] articles is a formula, not a passage (and would make the pairs
//! quadratic): it seeds nothing.

use std::ops::Range;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::site::{ArticleId, LinkedParagraph, Passage, SharedCopy, SharedPassage};

/// Words per hashed run.
pub const SHINGLE: usize = 6;
/// Run hashes per winnowing window.
pub const WINDOW: usize = 5;
/// The fewest words a shared passage has (every run this long is found).
pub const MIN_WORDS: usize = SHINGLE + WINDOW - 1;
/// A fingerprint in more articles than this seeds no match.
pub const MAX_ARTICLES: usize = 16;

/// A fingerprint where it was found: (hash, article, index of the run's first word).
type Post = (u64, u32, u32);

/// One word of an article: where it is, and its hash (case folded).
#[derive(Debug, Clone, Copy)]
struct Word {
    paragraph: u32,
    start: u32,
    end: u32,
    hash: u64,
}

/// A seed of a match: (article, other article, word in one, word in the other),
/// lower id first.
type Seed = (u32, u32, u32, u32);

/// A run of equal words: (article, other article, words in one, words in the other).
type Found = (usize, usize, Range<usize>, Range<usize>);

/// The shared passages of every article (by [`ArticleId`]), each with the other
/// articles that print it.
pub fn shared_passages(texts: &[&[LinkedParagraph]]) -> Vec<Vec<SharedPassage>> {
    let (candidates, involved) = candidates(texts);
    let (hashes, posts) = posts(texts, &involved, &candidates);
    let found = grow_all(&seeds(posts), &hashes);
    drop(hashes);
    place(texts, found)
}

/// Pass 1, over the corpus: the fingerprints (their top half) found in two to
/// [`MAX_ARTICLES`] articles, and those articles, in order.
fn candidates(texts: &[&[LinkedParagraph]]) -> (HashSet<u32>, Vec<usize>) {
    use rayon::prelude::*;
    // Every fingerprint's top half and its article, sorted, once per article (8
    // bytes each: the corpus's fingerprints are many).
    let mut all: Vec<(u32, u32)> = texts
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, t)| {
            fingerprints(&words(t))
                .into_iter()
                .map(move |(h, _)| ((h >> 32) as u32, a as u32))
        })
        .collect();
    all.par_sort_unstable();
    all.dedup();
    let mut candidates: HashSet<u32> = HashSet::default();
    let mut involved: Vec<usize> = Vec::new();
    for group in all.chunk_by(|x, y| x.0 == y.0) {
        if (2..=MAX_ARTICLES).contains(&group.len()) {
            candidates.insert(group[0].0);
            involved.extend(group.iter().map(|g| g.1 as usize));
        }
    }
    involved.sort_unstable();
    involved.dedup();
    (candidates, involved)
}

/// Pass 2, over the `involved` articles only: their word hashes, and where each
/// candidate is, sorted. (A small vocabulary makes many articles meet by chance:
/// only the hashes are kept, and where the words are is found again for the articles
/// that share.)
fn posts(
    texts: &[&[LinkedParagraph]],
    involved: &[usize],
    candidates: &HashSet<u32>,
) -> (HashMap<usize, Vec<u64>>, Vec<Post>) {
    use rayon::prelude::*;
    let (hashes, posts): (HashMap<usize, Vec<u64>>, Vec<Vec<Post>>) = involved
        .par_iter()
        .map(|&a| {
            let w = words(texts[a]);
            let posts = fingerprints(&w)
                .into_iter()
                .filter(|(h, _)| candidates.contains(&((h >> 32) as u32)))
                .map(|(h, at)| (h, a as u32, at))
                .collect();
            ((a, w.iter().map(|x| x.hash).collect()), posts)
        })
        .unzip();
    let mut posts: Vec<Post> = posts.into_iter().flatten().collect();
    posts.par_sort_unstable();
    (hashes, posts)
}

/// The seeds of the fingerprints two articles share (in at most [`MAX_ARTICLES`]),
/// sorted by article pair.
fn seeds(posts: Vec<Post>) -> Vec<Seed> {
    use rayon::prelude::*;
    let mut seeds: Vec<Seed> = Vec::new();
    for group in posts.chunk_by(|x, y| x.0 == y.0) {
        if group.len() < 2
            || group[0].1 == group[group.len() - 1].1
            || distinct(group) > MAX_ARTICLES
        {
            continue;
        }
        for (i, &(_, a, pa)) in group.iter().enumerate() {
            for &(_, b, pb) in &group[i + 1..] {
                if a != b {
                    seeds.push((a, b, pa, pb));
                }
            }
        }
    }
    seeds.par_sort_unstable();
    seeds
}

/// The runs of equal words the seeds grow into, by article pair.
fn grow_all(seeds: &[Seed], hashes: &HashMap<usize, Vec<u64>>) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for pair in seeds.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        let (a, b) = (pair[0].0 as usize, pair[0].1 as usize);
        for (ra, rb) in grow(&hashes[&a], &hashes[&b], pair) {
            found.push((a, b, ra, rb));
        }
    }
    found
}

/// Where the runs are in the text of the articles that share them: each article's
/// shared passages, merged.
fn place(texts: &[&[LinkedParagraph]], found: Vec<Found>) -> Vec<Vec<SharedPassage>> {
    use rayon::prelude::*;
    let mut sharing: Vec<usize> = found.iter().flat_map(|f| [f.0, f.1]).collect();
    sharing.sort_unstable();
    sharing.dedup();
    let words: HashMap<usize, Vec<Word>> = sharing
        .into_par_iter()
        .map(|a| (a, words(texts[a])))
        .collect();
    let mut runs: Vec<Vec<(Range<usize>, SharedCopy)>> = vec![Vec::new(); texts.len()];
    for (a, b, ra, rb) in found {
        let copy = |id: usize, r: &Range<usize>| SharedCopy {
            article: ArticleId::at(id),
            passage: first_piece(&words[&id], r),
        };
        runs[a].push((ra.clone(), copy(b, &rb)));
        runs[b].push((rb, copy(a, &ra)));
    }
    runs.into_iter()
        .enumerate()
        .map(|(a, r)| match words.get(&a) {
            Some(w) if !r.is_empty() => merge(r, w),
            _ => Vec::new(),
        })
        .collect()
}

/// One line per shared passage and pair of articles that print it (each pair once):
/// where it is in both, how many words, and how it starts. For `check --verbose`.
pub fn describe(site: &crate::site::Site) -> Vec<String> {
    let mut out = Vec::new();
    for (i, passages) in site.shared.iter().enumerate() {
        let a = site.article(ArticleId::at(i));
        for p in passages {
            let Some(first) = p.pieces.first() else {
                continue;
            };
            let text = &a.marks.paragraphs[first.paragraph];
            let words: Vec<&str> = text.text[first.range.clone()]
                .split_whitespace()
                .take(12)
                .collect();
            for c in p.copies.iter().filter(|c| c.article.index() > i) {
                let b = site.article(c.article);
                let line_b = b.marks.paragraphs[c.passage.paragraph].seed_line;
                out.push(format!(
                    "{} ¶{} = {} ¶{}: {} words: “{}…”",
                    a.ann.slug,
                    text.seed_line,
                    b.ann.slug,
                    line_b,
                    p.words,
                    words.join(" ")
                ));
            }
        }
    }
    out
}

/// How many articles a group of fingerprints (sorted by article) names.
fn distinct(posts: &[(u64, u32, u32)]) -> usize {
    let mut ids: Vec<u32> = posts.iter().map(|p| p.1).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// The words of an article's paragraphs, in reading order.
fn words(paras: &[LinkedParagraph]) -> Vec<Word> {
    let mut out = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let text = p.text.as_bytes();
        let mut i = 0;
        let mut start = None;
        let mut hash = FNV_OFFSET;
        while i <= text.len() {
            // ASCII bytes one at a time; any other character decoded whole.
            let (c, len) = match text.get(i) {
                None => (' ', 1),
                Some(&b) if b < 0x80 => (char::from(b), 1),
                Some(_) => {
                    let c = p.text[i..].chars().next().unwrap_or(' ');
                    (c, c.len_utf8())
                }
            };
            if c.is_alphanumeric() {
                start.get_or_insert(i);
                if c.is_ascii() {
                    hash = fnv(hash, u32::from(c.to_ascii_lowercase()));
                } else {
                    for l in c.to_lowercase() {
                        hash = fnv(hash, u32::from(l));
                    }
                }
            } else if let Some(s) = start.take() {
                out.push(Word {
                    paragraph: pi as u32,
                    start: s as u32,
                    end: i as u32,
                    hash: mix(hash),
                });
                hash = FNV_OFFSET;
            }
            i += len;
        }
    }
    out
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One step of FNV-1a over a character.
fn fnv(h: u64, c: u32) -> u64 {
    (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// SplitMix64's finaliser: spreads a hash's bits (winnowing takes minima, so the
/// hashes must be uniform).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The winnowed fingerprints of `words`: (hash, index of the run's first word).
fn fingerprints(words: &[Word]) -> Vec<(u64, u32)> {
    if words.len() < SHINGLE {
        return Vec::new();
    }
    // A polynomial rolling hash of each run of SHINGLE word hashes, then mixed.
    const BASE: u64 = 0x100_0000_01b3;
    let top = (1..SHINGLE).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut rolling = 0u64;
    let mut runs: Vec<u64> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if i >= SHINGLE {
            rolling = rolling.wrapping_sub(words[i - SHINGLE].hash.wrapping_mul(top));
        }
        rolling = rolling.wrapping_mul(BASE).wrapping_add(w.hash);
        if i + 1 >= SHINGLE {
            runs.push(mix(rolling));
        }
    }
    let mut out: Vec<(u64, u32)> = Vec::new();
    let window = WINDOW.min(runs.len());
    for start in 0..=runs.len() - window {
        // The smallest hash of the window, the rightmost of equals.
        let (i, &h) = runs[start..start + window]
            .iter()
            .enumerate()
            .rev()
            .min_by_key(|(_, h)| **h)
            .map(|(i, h)| (start + i, h))
            .unwrap_or((start, &runs[start]));
        if out.last().is_none_or(|l| l.1 as usize != i) {
            out.push((h, i as u32));
        }
    }
    out
}

/// The maximal runs of equal words around each seed, at least [`MIN_WORDS`] long,
/// once each (seeds inside a run already grown are skipped).
fn grow(a: &[u64], b: &[u64], seeds: &[Seed]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for &(_, _, pa, pb) in seeds {
        let (pa, pb) = (pa as usize, pb as usize);
        let covered = out
            .iter()
            .any(|(ra, rb)| ra.contains(&pa) && rb.contains(&pb) && pa - ra.start == pb - rb.start);
        if covered || a[pa] != b[pb] {
            continue;
        }
        let mut back = 0;
        while back < pa && back < pb && a[pa - back - 1] == b[pb - back - 1] {
            back += 1;
        }
        let mut len = 0;
        while pa + len < a.len() && pb + len < b.len() && a[pa + len] == b[pb + len] {
            len += 1;
        }
        if back + len >= MIN_WORDS {
            out.push((pa - back..pa + len, pb - back..pb + len));
        }
    }
    out
}

/// The first paragraph's part of the words `r`.
fn first_piece(w: &[Word], r: &Range<usize>) -> Passage {
    pieces(w, r.clone()).into_iter().next().unwrap_or(Passage {
        paragraph: 0,
        range: 0..0,
    })
}

/// The words `r` as one byte range per paragraph they cover.
fn pieces(w: &[Word], r: Range<usize>) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    for x in &w[r] {
        let (p, s, e) = (x.paragraph as usize, x.start as usize, x.end as usize);
        match out.last_mut() {
            Some(last) if last.paragraph == p => last.range.end = e,
            _ => out.push(Passage {
                paragraph: p,
                range: s..e,
            }),
        }
    }
    out
}

/// An article's runs merged where they overlap, each passage with every copy.
fn merge(mut runs: Vec<(Range<usize>, SharedCopy)>, w: &[Word]) -> Vec<SharedPassage> {
    runs.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<(Range<usize>, Vec<SharedCopy>)> = Vec::new();
    for (r, copy) in runs {
        match merged.last_mut() {
            Some((m, copies)) if r.start < m.end => {
                m.end = m.end.max(r.end);
                if !copies.contains(&copy) {
                    copies.push(copy);
                }
            }
            _ => merged.push((r, vec![copy])),
        }
    }
    merged
        .into_iter()
        .map(|(r, mut copies)| {
            copies.sort_by_key(|c| c.article);
            copies.dedup_by_key(|c| c.article);
            SharedPassage {
                words: r.len(),
                pieces: pieces(w, r),
                copies,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(paras: &[&str]) -> Vec<LinkedParagraph> {
        paras
            .iter()
            .enumerate()
            .map(|(i, t)| LinkedParagraph {
                text: (*t).into(),
                marks: vec![],
                seed_line: i + 1,
            })
            .collect()
    }

    const WIRE: &str = "The two sides agreed to enhance intelligence sharing and \
                        to work together against the threat posed by Daesh in the region.";

    #[test]
    fn wire_copy_is_found_in_both_and_nothing_else() {
        let a = article(&["ISLAMABAD: Officials met on Monday.", WIRE]);
        let b = article(&[
            &format!("WASHINGTON — In a statement, {}", WIRE.to_uppercase()),
            "More.",
        ]);
        let c = article(&[
            "An unrelated report about the weather in the mountains this week, and nothing more.",
        ]);
        let found = shared_passages(&[&a, &b, &c]);
        assert_eq!(found[0].len(), 1);
        let p = &found[0][0];
        assert_eq!(p.words, 21);
        assert_eq!(
            &a[1].text[p.pieces[0].range.clone()],
            WIRE.trim_end_matches('.')
        );
        assert_eq!(p.copies.len(), 1);
        assert_eq!(p.copies[0].article, ArticleId::at(1));
        let q = &found[1][0];
        assert_eq!(q.copies[0].article, ArticleId::at(0));
        assert!(b[0].text[q.pieces[0].range.clone()].starts_with("THE TWO SIDES"));
        assert!(found[2].is_empty());
    }

    #[test]
    fn short_common_phrases_are_not_passages() {
        let a = article(&["He said the United States and Pakistan will meet again soon enough."]);
        let b = article(&["Officials said the United States and Pakistan will discuss trade."]);
        assert!(shared_passages(&[&a, &b]).iter().all(Vec::is_empty));
    }

    #[test]
    fn a_passage_across_paragraphs_is_one_passage_in_pieces() {
        let a = article(&[
            "one two three four five six",
            "seven eight nine ten eleven twelve",
        ]);
        let b = article(&["zero one two three four five six seven eight nine ten eleven twelve"]);
        let found = shared_passages(&[&a, &b]);
        assert_eq!(found[0].len(), 1);
        assert_eq!(found[0][0].pieces.len(), 2);
        assert_eq!(found[0][0].words, 12);
        assert_eq!(found[1][0].pieces.len(), 1);
    }
}

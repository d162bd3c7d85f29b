//! Finding a note's quote in the article text: exactly, then forgiving whitespace,
//! case, curly quotes and dashes.

use std::ops::Range;

use crate::site::LinkedParagraph;

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
pub(crate) fn find_quote(
    paras: &[LinkedParagraph],
    quote: &str,
) -> Option<(usize, Range<usize>, usize)> {
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

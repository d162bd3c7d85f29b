//! The glossary matcher: every term name and alias in one Aho–Corasick automaton;
//! of overlapping candidates the leftmost-longest one on word boundaries wins.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::Diagnostics;
use crate::load::{CaseRule, Loaded};
use crate::site::{fold, TermId};

pub(crate) fn is_apostrophe(c: char) -> bool {
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
pub(crate) struct Pattern {
    term: TermId,
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
    pub term: TermId,
    /// Folded spelling.
    pub key: String,
}

pub(crate) fn is_acronym(s: &str) -> bool {
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
                        term: TermId::at(ti),
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

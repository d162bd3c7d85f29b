//! "Did you mean …?": the closest known name to a mistyped one.

/// The closest candidate to `word` by edit distance, when it is close enough to
/// suggest. Never `word` itself: a suggestion that repeats what was typed is noise.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.trim().to_lowercase();
    let candidates: Vec<&'a str> = candidates
        .into_iter()
        .filter(|c| c.trim() != word.trim())
        .collect();
    // A nested slug named by its last segment (`jilani` for `people/jilani`).
    if let Some(c) = candidates.iter().find(|c| {
        c.rsplit('/')
            .next()
            .is_some_and(|last| last.to_lowercase() == w)
    }) {
        return Some(c);
    }
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&w, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(w.chars().count()) / 3).max(2))
        .min_by_key(|(d, c)| (*d, c.len(), *c))
        .map(|(_, c)| c)
}

//! Co-occurrence: for each term, the other terms mentioned in the same paragraphs,
//! with in how many. Each article contributes its own pairs
//! ([`ArticleMarks::term_pairs`](super::ArticleMarks::term_pairs)), so an edit of one
//! article takes its old pairs out and puts its new ones in.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::{Site, TermId};

/// Pair counts of one article (lower id first).
pub type Pairs = BTreeMap<(TermId, TermId), usize>;

impl Site {
    /// Counts every article's pairs into the terms' `cooccurs`.
    pub fn fill_cooccurs(&mut self) {
        use rayon::prelude::*;
        let per: Vec<Pairs> = self
            .articles
            .par_iter()
            .map(|a| a.marks.term_pairs())
            .collect();
        let mut all: HashMap<(TermId, TermId), usize> = HashMap::default();
        for (pair, n) in per.into_iter().flatten() {
            *all.entry(pair).or_insert(0) += n;
        }
        for t in &mut self.terms {
            t.cooccurs.clear();
        }
        for ((a, b), n) in all {
            self.terms[a.index()].cooccurs.push((b, n));
            self.terms[b.index()].cooccurs.push((a, n));
        }
        for t in &mut self.terms {
            t.cooccurs.sort_unstable();
        }
    }

    /// Replaces one article's pairs, `old`, by `new`, in the terms' `cooccurs`.
    pub fn repoint_cooccurs(&mut self, old: &Pairs, new: &Pairs) {
        let keys: std::collections::BTreeSet<&(TermId, TermId)> =
            old.keys().chain(new.keys()).collect();
        for &(a, b) in keys.into_iter().filter(|k| old.get(k) != new.get(k)) {
            let delta = new.get(&(a, b)).copied().unwrap_or(0) as isize
                - old.get(&(a, b)).copied().unwrap_or(0) as isize;
            self.add_pair(a, b, delta);
            self.add_pair(b, a, delta);
        }
    }

    /// Adds `delta` to how often `a` is named with `b`, dropping a count that reaches 0.
    fn add_pair(&mut self, a: TermId, b: TermId, delta: isize) {
        let list = &mut self.terms[a.index()].cooccurs;
        match list.binary_search_by_key(&b, |x| x.0) {
            Ok(i) => {
                let n = list[i].1 as isize + delta;
                if n <= 0 {
                    list.remove(i);
                } else {
                    list[i].1 = n as usize;
                }
            }
            Err(i) if delta > 0 => list.insert(i, (b, delta as usize)),
            Err(_) => {}
        }
    }
}

//! What the dossier already knows about page furniture: lines that recur across its
//! other seeds, and lines an editor already cut (in `boilerplate.toml` or another
//! annotation's cuts).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::*;
use crate::load::normalise;
use crate::load::seed::read_bounded;

/// What the rest of the dossier tells about page furniture, for [`propose`]: the rules of
/// `boilerplate.toml`, the lines editors cut in existing annotations, and the lines of
/// the other seeds (a line that recurs across seeds is furniture of the site they come
/// from: the more seeds, the surer).
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The rules of `boilerplate.toml`: applied first, as the clean stage does.
    pub global: Vec<GlobalCut>,
    /// Keys ([`line_key`]) of `lines` items an editor confirmed, here or in boilerplate.
    pub(crate) confirmed_lines: HashSet<String>,
    /// Keys of confirmed blocks (`from`, `to`).
    pub(crate) confirmed_blocks: Vec<(String, String)>,
    /// For each line key: in how many other seeds it occurs.
    pub(crate) seen_in: HashMap<String, usize>,
}

/// Lines longer than this are not counted across seeds (they are article text).
pub(crate) const MAX_RECURRING_CHARS: usize = 300;

impl Known {
    /// The context of a new seed: the global rules, cuts confirmed in the existing
    /// article annotations (a cut still giving [`PROPOSED_REASON`] as its reason was
    /// never confirmed, and is ignored), and the texts of the other seeds.
    pub fn new<S: AsRef<str>>(
        global: Vec<GlobalCut>,
        confirmed: &[GlobalCut],
        other_seeds: impl IntoIterator<Item = S>,
    ) -> Known {
        let mut known = Known {
            global,
            ..Known::default()
        };
        let cuts: Vec<GlobalCut> = known.global.iter().chain(confirmed).cloned().collect();
        for cut in cuts
            .iter()
            .filter(|c| c.reason.as_deref() != Some(PROPOSED_REASON))
        {
            let keys = cut
                .lines
                .iter()
                .map(|l| line_key(l))
                .filter(|k| !k.is_empty());
            known.confirmed_lines.extend(keys);
            if let (Some(from), Some(to)) = (&cut.from, &cut.to) {
                known.confirmed_blocks.push((line_key(from), line_key(to)));
            }
        }
        for seed in other_seeds {
            let keys: HashSet<String> = seed
                .as_ref()
                .lines()
                .filter(|l| l.len() <= MAX_RECURRING_CHARS)
                .map(line_key)
                .filter(|k| !k.is_empty())
                .collect();
            for k in keys {
                *known.seen_in.entry(k).or_default() += 1;
            }
        }
        known
    }

    /// In how many other seeds the line of this key occurs.
    pub(crate) fn seen_in(&self, key: &str) -> usize {
        self.seen_in.get(key).copied().unwrap_or(0)
    }
}

/// The context of a new seed in the dossier at `root` (see [`Known`]): seeds/ is read
/// one seed at a time, skipping hidden files, the seed itself (`seed_dest`), and files
/// that are not regular, too large or not UTF-8.
pub(crate) fn known_of_dossier(
    root: &Path,
    existing: &[ExistingArticle],
    seed_dest: &Path,
) -> Known {
    let global = read_boilerplate(
        &root
            .join(crate::load::walk::ANNOTATIONS)
            .join("boilerplate.toml"),
    );
    let confirmed: Vec<GlobalCut> = existing.iter().flat_map(|a| a.cuts.clone()).collect();
    let others = visible_files(&root.join(crate::load::walk::SEEDS))
        .filter(|p| p != seed_dest)
        .filter_map(|p| read_bounded(&p).ok())
        .filter_map(|b| String::from_utf8(b).ok())
        .map(|t| normalise(&t));
    Known::new(global, &confirmed, others)
}

/// Comparison key of a line: trimmed, lowercase, every run of white space (the
/// non-breaking space too) as one space, one kind of apostrophe.
pub fn line_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', '‘'], "'")
        .to_lowercase()
}

//! The cut engine: one implementation of what a `[[cut]]` removes, used by the clean
//! stage (with provenance) and by `dossier add` (to know what the global rules leave
//! before it proposes anything).
//!
//! - `Lines`: every line whose trimmed text equals one of the items;
//! - `Range`: from a line equal to `from` through the next line equal to `to` (or to
//!   the end when there is no `to`); a `from` without its `to` removes nothing;
//! - `Text`: every occurrence of an exact span; a line left blank goes too.
//!
//! Lines already removed are never matched again.

/// A seed line while cuts are applied.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the seed.
    pub no: usize,
    /// The text (shortened by `Text` cuts).
    pub text: String,
    /// Removed by a cut.
    pub removed: bool,
}

impl Line {
    /// The lines of `text`, numbered from 1, none removed.
    pub fn all(text: &str) -> Vec<Line> {
        text.split('\n')
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
                removed: false,
            })
            .collect()
    }
}

/// What one cut removes, as plain text.
#[derive(Debug, Clone)]
pub enum CutSpec<'a> {
    /// Whole lines equal (trimmed) to any of these.
    Lines(Vec<&'a str>),
    /// A block of lines.
    Range {
        /// Its first line.
        from: &'a str,
        /// Its last line; `None`: to the end.
        to: Option<&'a str>,
    },
    /// An exact span inside lines.
    Text(&'a str),
}

/// Applies one cut to `lines`. `removed(item, line_no, text)` is told of each removal:
/// the item of a `Lines` cut (0 for the others), the line, the text removed (blank
/// lines inside a block are removed silently). Returns a count per item: for `Lines`,
/// the lines each item removed; for `Range`, `[from, to]` where `from` is 1 when its
/// line exists and `to` is the number of blocks removed (1 when `from` is missing, so
/// that a missing `from` is the one mistake reported); for `Text`, the occurrences.
pub fn apply(
    spec: &CutSpec,
    lines: &mut [Line],
    mut removed: impl FnMut(usize, usize, &str),
) -> Vec<usize> {
    match spec {
        CutSpec::Lines(items) => items
            .iter()
            .enumerate()
            .map(|(k, item)| {
                let want = item.trim();
                let mut n = 0;
                for l in lines
                    .iter_mut()
                    .filter(|l| !l.removed && l.text.trim() == want)
                {
                    l.removed = true;
                    removed(k, l.no, &l.text);
                    n += 1;
                }
                n
            })
            .collect(),
        CutSpec::Range { from, to } => range(lines, from.trim(), to.map(str::trim), &mut removed),
        CutSpec::Text("") => vec![0],
        CutSpec::Text(item) => {
            let mut n = 0;
            for l in lines
                .iter_mut()
                .filter(|l| !l.removed && l.text.contains(item))
            {
                let count = l.text.matches(item).count();
                for _ in 0..count {
                    removed(0, l.no, item);
                }
                n += count;
                l.text = l.text.replace(item, "");
                l.removed = l.text.trim().is_empty();
            }
            vec![n]
        }
    }
}

fn range(
    lines: &mut [Line],
    from: &str,
    to: Option<&str>,
    removed: &mut impl FnMut(usize, usize, &str),
) -> Vec<usize> {
    let mut n = 0;
    let mut to_found = to.is_none();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].removed || lines[i].text.trim() != from {
            i += 1;
            continue;
        }
        let end = match to {
            None => lines.len() - 1,
            Some(t) => {
                match (i..lines.len()).find(|&j| !lines[j].removed && lines[j].text.trim() == t) {
                    Some(j) => {
                        to_found = true;
                        j
                    }
                    None => {
                        i += 1;
                        continue;
                    }
                }
            }
        };
        for l in lines[i..=end].iter_mut().filter(|l| !l.removed) {
            l.removed = true;
            if !l.text.trim().is_empty() {
                removed(0, l.no, &l.text);
            }
        }
        n += 1;
        i = end + 1;
    }
    let from_seen = to_found || lines.iter().any(|l| l.text.trim() == from);
    let mut out = vec![usize::from(from_seen)];
    if to.is_some() {
        out.push(if from_seen { n } else { 1 });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts, kept lines, and each removal as (item, line, text).
    type Outcome = (Vec<usize>, Vec<String>, Vec<(usize, usize, String)>);

    fn run(spec: CutSpec, text: &str) -> Outcome {
        let mut lines = Line::all(text);
        let mut log = Vec::new();
        let counts = apply(&spec, &mut lines, |k, no, t| {
            log.push((k, no, t.to_string()))
        });
        let kept = lines
            .into_iter()
            .filter(|l| !l.removed)
            .map(|l| l.text)
            .collect();
        (counts, kept, log)
    }

    #[test]
    fn blocks_from_one_line_to_another() {
        let text = "a\nStart\nx\n\ny\nEnd\nb\nStart\nz\nEnd\nc\nStart\nw";
        let (counts, kept, log) = run(
            CutSpec::Range {
                from: "Start",
                to: Some("End"),
            },
            text,
        );
        assert_eq!(counts, [1, 2], "from found, two blocks");
        assert_eq!(
            kept,
            ["a", "b", "c", "Start", "w"],
            "a `from` without its `to` stays"
        );
        let removed: Vec<usize> = log.iter().map(|x| x.1).collect();
        assert_eq!(removed, [2, 3, 5, 6, 8, 9, 10], "blank lines go silently");
        let (counts, kept, _) = run(
            CutSpec::Range {
                from: "Start",
                to: None,
            },
            "a\nStart\nb",
        );
        assert_eq!((counts, kept), (vec![1], vec!["a".to_string()]));
        let (counts, _, _) = run(
            CutSpec::Range {
                from: "Nope",
                to: Some("End"),
            },
            "a\nEnd",
        );
        assert_eq!(counts, [0, 1], "a missing `from` is the one mistake");
        let (counts, _, _) = run(
            CutSpec::Range {
                from: "a",
                to: Some("Nope"),
            },
            "a\nb",
        );
        assert_eq!(counts, [1, 0], "a missing `to` is the one mistake");
    }

    #[test]
    fn lines_and_text() {
        let (counts, kept, log) = run(CutSpec::Lines(vec!["x", " y "]), "x\n y\nx\nz");
        assert_eq!((counts, kept), (vec![2, 1], vec!["z".to_string()]));
        assert_eq!(log[0], (0, 1, "x".to_string()));
        assert_eq!(log[2], (1, 2, " y".to_string()));
        let (counts, kept, log) = run(CutSpec::Text("ab"), "xabyab\nab\nq");
        assert_eq!(
            (counts, kept),
            (vec![3], vec!["xy".to_string(), "q".to_string()])
        );
        assert_eq!(log.len(), 3);
        let (counts, _, _) = run(CutSpec::Text(""), "x");
        assert_eq!(counts, [0]);
    }
}

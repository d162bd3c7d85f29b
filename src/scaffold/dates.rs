//! Dates in scraped text ("March 10, 2016", "10 Mar 2016", "Friday April 26, 2024",
//! "2016-03-10"), and lines that hold nothing but a date.

use std::ops::Range;

use chrono::NaiveDate;

/// A full calendar date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// The date (validated by chrono: no 30 February).
    pub date: NaiveDate,
    /// Byte range of the date in the text, a leading weekday included.
    pub span: Range<usize>,
}

pub(crate) const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
];

/// Runs of ASCII letters and digits, with their byte ranges.
pub(crate) fn tokens(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out
}

pub(crate) fn month(tok: &str) -> Option<u32> {
    let t = tok.to_ascii_lowercase();
    MONTHS.iter().find(|(m, _)| *m == t).map(|&(_, n)| n)
}

pub(crate) fn weekday(tok: &str) -> bool {
    WEEKDAYS.contains(&tok.to_ascii_lowercase().as_str())
}

/// A day of the month: 1–2 digits, optionally with an ordinal suffix (`10th`).
pub(crate) fn day(tok: &str) -> Option<u32> {
    let digits = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = tok[digits.len()..].to_ascii_lowercase();
    if digits.is_empty()
        || digits.len() > 2
        || !["", "st", "nd", "rd", "th"].contains(&suffix.as_str())
    {
        return None;
    }
    digits.parse().ok()
}

pub(crate) fn year(tok: &str) -> Option<i32> {
    (tok.len() == 4 && tok.bytes().all(|b| b.is_ascii_digit()))
        .then(|| tok.parse().ok())
        .flatten()
}

/// What may stand between the words of a date: spaces, one comma or one period.
pub(crate) fn separator(between: &str) -> bool {
    let t = between.trim();
    !between.is_empty() && between.len() <= 4 && (t.is_empty() || t == "," || t == ".")
}

/// Every full date in `text`, in order: "March 10, 2016", "Mar. 10 2016", "10 March
/// 2016", "10th March, 2016", "2016-03-10", each optionally preceded by a weekday
/// ("Sunday, 17 December 2017", "Friday April 26, 2024"). Month and weekday names are
/// English, in any case; impossible dates are skipped. Partial dates ("March 2016")
/// are not reported: a stub never invents a day.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let toks = tokens(text);
    let between = |a: usize, b: usize| &text[toks[a].0.end..toks[b].0.start];
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        // (first token, last token, date)
        let mut hit: Option<(usize, usize, Option<NaiveDate>)> = None;
        if let (Some(y), true) = (year(toks[k].1), k + 2 < toks.len()) {
            // ISO: 2016-03-10.
            let (m, d) = (toks[k + 1].1, toks[k + 2].1);
            if between(k, k + 1) == "-"
                && between(k + 1, k + 2) == "-"
                && m.len() == 2
                && d.len() == 2
                && m.bytes().chain(d.bytes()).all(|b| b.is_ascii_digit())
                && !text[toks[k + 2].0.end..]
                    .starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                && !text[..toks[k].0.start].ends_with('-')
            {
                let (m, d) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
                hit = Some((k, k + 2, NaiveDate::from_ymd_opt(y, m, d)));
            }
        } else if let Some(m) = month(toks[k].1) {
            // Month day, year.
            if k + 2 < toks.len()
                && separator(between(k, k + 1))
                && separator(between(k + 1, k + 2))
            {
                if let (Some(d), Some(y)) = (day(toks[k + 1].1), year(toks[k + 2].1)) {
                    hit = Some((k, k + 2, NaiveDate::from_ymd_opt(y, m, d)));
                }
            }
            // Day month year.
            if hit.is_none()
                && k >= 1
                && k + 1 < toks.len()
                && separator(between(k - 1, k))
                && separator(between(k, k + 1))
            {
                if let (Some(d), Some(y)) = (day(toks[k - 1].1), year(toks[k + 1].1)) {
                    hit = Some((k - 1, k + 1, NaiveDate::from_ymd_opt(y, m, d)));
                }
            }
        }
        match hit {
            Some((first, last, Some(date))) => {
                let first = if first >= 1
                    && weekday(toks[first - 1].1)
                    && separator(between(first - 1, first))
                {
                    first - 1
                } else {
                    first
                };
                out.push(FoundDate {
                    date,
                    span: toks[first].0.start..toks[last].0.end,
                });
                k = last + 1;
            }
            _ => k += 1,
        }
    }
    out
}

/// The date of a line that holds nothing but one date (and punctuation around it).
pub fn date_line(line: &str) -> Option<NaiveDate> {
    let found = find_dates(line);
    let [only] = found.as_slice() else {
        return None;
    };
    let rest = format!("{}{}", &line[..only.span.start], &line[only.span.end..]);
    rest.chars()
        .all(|c| c.is_whitespace() || ",.;:|-–—()[]".contains(c))
        .then_some(only.date)
}

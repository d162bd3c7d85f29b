//! Reading a new seed the way an editor does: its title (the first headline-like
//! line), its date, its body, and the junk around it, proposed as cuts.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::*;
use crate::clean::engine::Line;

/// Guesses the title and date of a seed's (normalised) text and proposes cuts, the way
/// an editor reads a scraped page.
///
/// - Lines removed by the dossier's global rules (`known.global`) are ignored entirely
///   (an article cut for them would match nothing, which `check` reports as an error).
/// - **Blocks** first: [`JUNK_BLOCKS`] and blocks an editor confirmed, when both ends
///   are present in order (and the block holds no more than two sentences).
/// - **Title**: the first headline-like line (several words, mostly letters, starting
///   with a capital, not ending in `.`) above the article's first sentence that is not
///   known furniture, not a date, byline or menu item, and not followed by a menu (a
///   site's name or tagline is). Failing that, a shorter line, then the first line that
///   is neither furniture nor a date: for a page without a headline, its lead paragraph,
///   shortened and not cut. A headline is proposed as a cut, every copy of it.
/// - **Body**: the largest cluster of sentences after the headline that are not known
///   furniture; a run of four other lines (teasers, a comment form) ends a cluster.
/// - **Date**: the first date at or after the headline on a line that is not furniture
///   (bylines and date stamps are fine), preferring lines that do not begin with
///   "Updated"; only when there is none, the first date above it. Scraped pages often
///   begin with the day the page was saved ("Friday April 26, 2024" above "March 10,
///   2016" in `000_8ff94108a896390f.txt`).
/// - **Junk**, line by line: lines confirmed as boilerplate (`known`), date lines, and
///   furniture by its shape (menus, widgets, teasers, notices, bylines, stamps,
///   captions: see [`CutWhy`]); lines found in two or more other seeds; then by
///   position: lines found in one other seed outside the body, and every line that does
///   not read as prose above the headline and below the body; under a teaser heading
///   in the body, the teasers.
/// - **Never** proposed: a line that reads as prose (several words ending like a
///   sentence), unless it is confirmed boilerplate, or a copyright, cookie, newsletter
///   or "Published …" notice outside the body; and any text that is also a line kept
///   in the body (a lines cut removes every copy).
pub fn propose(text: &str, known: &Known) -> Stub {
    let mut lines = Line::all(text.strip_suffix('\n').unwrap_or(text));
    apply_global(&mut lines, &known.global);
    let mut cuts = propose_blocks(&mut lines, known);
    let facts: Vec<Option<Facts>> = lines.iter().map(|l| facts_of(l, known)).collect();

    let title_idx = choose_title(&lines, &facts);
    let title_text = title_idx.map(|i| lines[i].text.trim().to_string());
    let is_headline = title_text.as_deref().is_some_and(looks_like_headline);
    let body_from = title_idx.map_or(0, |i| i + usize::from(is_headline));
    let page = Page {
        title: title_idx,
        headline: title_text.clone().filter(|_| is_headline),
        body: body_span(&facts, body_from),
    };
    let chosen = choose_date(&lines, &facts, title_idx);
    let why = classify(&lines, &facts, &page, chosen.map(|c| c.1));
    cuts.extend(line_cuts(&lines, &why));

    let title = match (&title_text, is_headline) {
        (Some(t), true) => t.clone(),
        (Some(t), false) => shorten(t, 100),
        (None, _) => String::new(),
    };
    Stub {
        title,
        title_line: title_idx.map(|i| i + 1),
        date: chosen.map(|(i, date, after_headline)| StubDate {
            date,
            line: i + 1,
            after_headline,
        }),
        cuts,
    }
}

/// What the shape of a remaining, non-empty line and the dossier tell about it.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub(crate) key: String,
    pub(crate) words: usize,
    pub(crate) prose: bool,
    pub(crate) kind: Option<Kind>,
    pub(crate) confirmed: bool,
    pub(crate) seen_in: usize,
    /// The date of a line holding nothing but a date.
    pub(crate) date: Option<NaiveDate>,
}

impl Facts {
    /// Known furniture, wherever it stands.
    pub(crate) fn furniture(&self) -> bool {
        self.kind.is_some() || self.confirmed || self.seen_in >= 2 || self.date.is_some()
    }

    /// A sentence of the article: prose that is not known furniture.
    pub(crate) fn article(&self) -> bool {
        self.prose && !self.furniture()
    }

    /// One to three words that are not a sentence, a date, a byline, a stamp, a caption
    /// or a share button: what menus are made of.
    pub(crate) fn menu_item(&self) -> bool {
        (1..=3).contains(&self.words)
            && !self.prose
            && self.date.is_none()
            && !matches!(
                self.kind,
                Some(Kind::Byline | Kind::Stamp | Kind::Caption | Kind::Share)
            )
    }
}

pub(crate) fn facts_of(l: &Line, known: &Known) -> Option<Facts> {
    let t = l.text.trim();
    if l.removed || t.is_empty() {
        return None;
    }
    let key = line_key(t);
    Some(Facts {
        words: word_count(t),
        prose: reads_as_prose(t),
        kind: kind_of(t),
        confirmed: known.confirmed_lines.contains(&key),
        seen_in: known.seen_in(&key),
        date: date_line(t),
        key,
    })
}

/// Proposes the known blocks ([`JUNK_BLOCKS`], then blocks an editor confirmed) whose
/// two ends are present in order, and marks their lines gone. A block of more than 40
/// lines or holding more than two unconfirmed sentences is left alone: it would take
/// article text with it. Ends are compared by [`line_key`]; once a block is proposed,
/// further copies must match its ends exactly, as the clean stage will.
pub(crate) fn propose_blocks(lines: &mut [Line], known: &Known) -> Vec<ProposedCut> {
    let builtin = JUNK_BLOCKS.iter().map(|(f, t)| (line_key(f), line_key(t)));
    let blocks: Vec<(String, String)> = builtin.chain(known.confirmed_blocks.clone()).collect();
    let mut cuts = Vec::new();
    for (from_key, to_key) in &blocks {
        let mut exact: Option<(String, String)> = None;
        let is = |l: &Line, key: &str, exact: Option<&str>| {
            !l.removed && exact.map_or(line_key(&l.text) == key, |e| l.text.trim() == e)
        };
        let mut i = 0;
        while i < lines.len() {
            let e = exact.as_ref().map(|e| (e.0.as_str(), e.1.as_str()));
            if !is(&lines[i], from_key, e.map(|e| e.0)) {
                i += 1;
                continue;
            }
            let Some(end) = (i + 1..lines.len()).find(|&j| is(&lines[j], to_key, e.map(|e| e.1)))
            else {
                break;
            };
            let sentences = lines[i..=end]
                .iter()
                .filter(|l| !l.removed && reads_as_prose(&l.text))
                .filter(|l| !known.confirmed_lines.contains(&line_key(&l.text)))
                .count();
            if end - i >= 40 || sentences > 2 {
                i += 1;
                continue;
            }
            let (first, last) = (lines[i].text.trim(), lines[end].text.trim());
            if exact.is_none() {
                cuts.push(ProposedCut::Block {
                    from: first.to_string(),
                    to: last.to_string(),
                    at: i + 1..end + 2,
                });
                exact = Some((first.to_string(), last.to_string()));
            }
            lines[i..=end].iter_mut().for_each(|l| l.removed = true);
            i = end + 1;
        }
    }
    cuts
}

/// A line that can be a headline: 3 to 30 words, mostly letters, beginning with a
/// capital or a digit, at most 150 characters, not ending in `.` or `:`.
pub(crate) fn headline_like(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let visible = t.chars().filter(|c| !c.is_whitespace()).count();
    let capital = t
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    (3..=30).contains(&word_count(t))
        && letters * 10 >= visible * 6
        && capital
        && looks_like_headline(t)
        && !t.ends_with(':')
}

/// The line of the title (see [`propose`]).
pub(crate) fn choose_title(lines: &[Line], facts: &[Option<Facts>]) -> Option<usize> {
    let end = facts
        .iter()
        .position(|f| f.as_ref().is_some_and(Facts::article))
        .map_or(facts.len(), |i| i + 1);
    let text = |i: usize| lines[i].text.trim();
    let fact = |i: usize| facts[i].as_ref();
    let candidates: Vec<usize> = (0..end)
        .filter(|&i| fact(i).is_some_and(|f| !f.furniture()))
        .collect();
    let first = |ok: &dyn Fn(usize) -> bool| candidates.iter().copied().find(|&i| ok(i));
    first(&|i| headline_like(text(i)) && !menu_follows(facts, i) && !titled_copy(lines, i))
        .or_else(|| {
            first(&|i| fact(i).is_some_and(|f| f.words >= 2 && !f.prose) && !menu_follows(facts, i))
        })
        .or_else(|| first(&|i| headline_like(text(i))))
        .or_else(|| {
            (0..facts.len()).find(|&i| {
                fact(i).is_some_and(|f| f.kind.is_none() && !f.confirmed && f.date.is_none())
            })
        })
}

/// Whether the lines after `i` begin, possibly after one longer line (a tagline), with
/// three menu items: then line `i` is a site's name or tagline, not a headline.
pub(crate) fn menu_follows(facts: &[Option<Facts>], i: usize) -> bool {
    let next: Vec<&Facts> = facts[i + 1..].iter().flatten().take(4).collect();
    let run = |s: &[&Facts]| s.len() >= 3 && s[..3].iter().all(|f| f.menu_item());
    run(&next) || (next.first().is_some_and(|f| f.words > 3 && !f.prose) && run(&next[1..]))
}

/// Whether line `i` is a page's `<title>` ("Headline | Site", "Headline - Site") whose
/// headline is printed again on one of the next lines.
pub(crate) fn titled_copy(lines: &[Line], i: usize) -> bool {
    let t = lines[i].text.trim();
    [" | ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| t.rfind(sep).map(|at| t[..at].trim()))
        .any(|head| {
            !head.is_empty()
                && lines[i + 1..]
                    .iter()
                    .take(20)
                    .any(|l| !l.removed && l.text.trim() == head)
        })
}

/// The article's body: from the first through the last line of the clusters of
/// article sentences at or after line `from` that hold at least a third as many
/// characters as the largest one. A run of four or more other non-empty lines (a list
/// of teasers, a comment form, a footer) ends a cluster; a widget inside the article
/// then stays inside the body, while a stray sentence below the footer stays out.
pub(crate) fn body_span(facts: &[Option<Facts>], from: usize) -> Option<(usize, usize)> {
    // (first line, last line, characters)
    let mut clusters: Vec<(usize, usize, usize)> = Vec::new();
    let mut gap = 0;
    for (i, f) in facts.iter().enumerate().skip(from) {
        let Some(f) = f else { continue };
        if !f.article() {
            gap += 1;
            continue;
        }
        match clusters.last_mut() {
            Some(c) if gap < 4 => {
                c.1 = i;
                c.2 += f.key.len();
            }
            _ => clusters.push((i, i, f.key.len())),
        }
        gap = 0;
    }
    let largest = clusters.iter().map(|c| c.2).max()?;
    let mut big = clusters.iter().filter(|c| c.2 * 3 >= largest);
    let first = big.next()?;
    Some((first.0, big.next_back().unwrap_or(first).1))
}

/// The article's date (see [`propose`]): its line, the date, and whether it was found
/// at or after the headline.
pub(crate) fn choose_date(
    lines: &[Line],
    facts: &[Option<Facts>],
    title: Option<usize>,
) -> Option<(usize, NaiveDate, bool)> {
    let found: Vec<(usize, NaiveDate, bool)> = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.as_ref()
                .is_some_and(|f| matches!(f.kind, None | Some(Kind::Byline | Kind::Stamp)))
        })
        .flat_map(|(i, _)| {
            let t = &lines[i].text;
            let updated = starts_with_any(&plain(t), &["updated", "last updated", "modified"]);
            find_dates(t).into_iter().map(move |d| (i, d.date, updated))
        })
        .collect();
    let start = title.unwrap_or(0);
    found
        .iter()
        .find(|(i, _, updated)| *i >= start && !updated)
        .or_else(|| found.iter().find(|(i, ..)| *i >= start))
        .map(|&(i, d, _)| (i, d, true))
        .or_else(|| found.first().map(|&(i, d, _)| (i, d, false)))
}

/// Where a line stands on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Above the title line.
    Above,
    /// Between the title and the body (or after the title, when there is no body).
    Header,
    /// From the body's first sentence through its last.
    Body,
    /// Below the body's last sentence.
    Footer,
}

/// The parts of the page [`propose`] found.
pub(crate) struct Page {
    pub(crate) title: Option<usize>,
    /// The title's text when it is a headline (cut, every copy).
    pub(crate) headline: Option<String>,
    /// First and last line of the body.
    pub(crate) body: Option<(usize, usize)>,
}

impl Page {
    pub(crate) fn zone(&self, i: usize) -> Zone {
        match self.body {
            _ if self.title.is_some_and(|t| i < t) => Zone::Above,
            Some((_, last)) if i > last => Zone::Footer,
            Some((first, _)) if i >= first => Zone::Body,
            _ => Zone::Header,
        }
    }
}

/// Why each line is proposed as a cut, if it is (see [`propose`]).
pub(crate) fn classify(
    lines: &[Line],
    facts: &[Option<Facts>],
    page: &Page,
    date: Option<NaiveDate>,
) -> Vec<Option<CutWhy>> {
    let mut why: Vec<Option<CutWhy>> = (0..facts.len())
        .map(|i| {
            let f = facts[i].as_ref()?;
            if page.headline.as_deref() == Some(lines[i].text.trim()) {
                return Some(CutWhy::Headline);
            }
            evidence(f, page.zone(i), date)
        })
        .collect();
    teaser_lists(facts, page, &mut why);
    header_bylines(lines, facts, page, &mut why);
    // By position: what is not prose around the article.
    for (i, f) in facts.iter().enumerate() {
        let Some(f) = f.as_ref().filter(|f| !f.prose) else {
            continue;
        };
        if why[i].is_some() {
            continue;
        }
        why[i] = match page.zone(i) {
            Zone::Body => None,
            _ if f.seen_in >= 1 => Some(CutWhy::Recurring(f.seen_in)),
            Zone::Above => Some(CutWhy::AboveHeadline),
            Zone::Footer => Some(CutWhy::BelowArticle),
            Zone::Header => None,
        };
    }
    // A lines cut removes every copy of its text: keep what the body keeps.
    let kept: HashSet<&str> = (0..facts.len())
        .filter(|&i| facts[i].is_some() && why[i].is_none() && page.zone(i) == Zone::Body)
        .map(|i| lines[i].text.trim())
        .collect();
    for (w, l) in why.iter_mut().zip(lines) {
        if kept.contains(l.text.trim()) {
            *w = None;
        }
    }
    why
}

/// What a line's own text and the dossier say about it, wherever it stands.
pub(crate) fn evidence(f: &Facts, zone: Zone, date: Option<NaiveDate>) -> Option<CutWhy> {
    if let Some(d) = f.date {
        return Some(if Some(d) == date {
            CutWhy::DateLine
        } else {
            CutWhy::StrayDate
        });
    }
    if f.confirmed {
        return Some(CutWhy::Confirmed);
    }
    if let Some(kind) = f.kind {
        // A sentence is furniture by its shape only as a notice outside the body.
        let notice = zone != Zone::Body && matches!(kind, Kind::Notice | Kind::Stamp);
        if !f.prose || notice {
            return Some(match kind {
                Kind::Byline | Kind::Stamp | Kind::Caption => CutWhy::Byline,
                _ => CutWhy::Junk,
            });
        }
    }
    (!f.prose && f.seen_in >= 2).then_some(CutWhy::Recurring(f.seen_in))
}

/// In the body, the lines under a teaser heading ("Related", "Read more", "list of 3
/// items") are teasers, up to the next sentence (at most 12 lines).
pub(crate) fn teaser_lists(facts: &[Option<Facts>], page: &Page, why: &mut [Option<CutWhy>]) {
    let mut left = 0;
    for (i, f) in facts.iter().enumerate() {
        let Some(f) = f else { continue };
        if f.prose || page.zone(i) != Zone::Body {
            left = 0;
        } else if f.kind == Some(Kind::TeaserHeading) {
            left = 12;
        } else if left > 0 {
            left -= 1;
            why[i] = why[i].or(Some(CutWhy::Junk));
        }
    }
}

/// Between the headline and the body, a name next to a byline, a date or a share
/// button is a byline ("Nadia Qureshi" above "Published …"), and so is a short
/// "Outlet, Place" line under one ("BBC News, Lahore"). In the body (which begins at a
/// standfirst written as a sentence), only a name next to a byline or a date is.
pub(crate) fn header_bylines(
    lines: &[Line],
    facts: &[Option<Facts>],
    page: &Page,
    why: &mut [Option<CutWhy>],
) {
    let present: Vec<usize> = (0..facts.len()).filter(|&i| facts[i].is_some()).collect();
    for (n, &i) in present.iter().enumerate() {
        let t = lines[i].text.trim();
        let header = match page.zone(i) {
            Zone::Header => true,
            Zone::Body => false,
            _ => continue,
        };
        if why[i].is_some() || t.chars().any(|c| c.is_numeric()) {
            continue;
        }
        let marker = |j: usize, why: &[Option<CutWhy>]| {
            matches!(
                why[j],
                Some(CutWhy::Byline | CutWhy::DateLine | CutWhy::StrayDate)
            ) || header
                && (why[j] == Some(CutWhy::Headline)
                    || facts[j]
                        .as_ref()
                        .is_some_and(|f| f.kind == Some(Kind::Share)))
        };
        let words = word_count(t);
        let prev = n.checked_sub(1).map(|m| present[m]);
        let next = present.get(n + 1).copied();
        let name = (2..=4).contains(&words) && !t.contains(',') && names(t.split_whitespace());
        let beside = prev.is_some_and(|j| marker(j, why)) || next.is_some_and(|j| marker(j, why));
        let place = header
            && words <= 5
            && t.contains(',')
            && names(t.split_whitespace())
            && prev.is_some_and(|j| why[j] == Some(CutWhy::Byline));
        if (name && beside) || place {
            why[i] = Some(CutWhy::Byline);
        }
    }
}

/// The lines cuts: one per reason, each text once (a lines cut removes every copy), in
/// the order of [`CutWhy::rank`].
pub(crate) fn line_cuts(lines: &[Line], why: &[Option<CutWhy>]) -> Vec<ProposedCut> {
    let mut groups: Vec<(CutWhy, Vec<String>)> = Vec::new();
    let mut taken: HashSet<&str> = HashSet::new();
    for (w, l) in why.iter().zip(lines) {
        let t = l.text.trim();
        let Some(w) = *w else { continue };
        if !taken.insert(t) {
            continue;
        }
        match groups.iter_mut().find(|g| g.0 == w) {
            Some(g) => g.1.push(t.to_string()),
            None => groups.push((w, vec![t.to_string()])),
        }
    }
    groups.sort_by_key(|g| g.0.rank());
    groups
        .into_iter()
        .map(|(why, items)| {
            let at = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.removed && items.iter().any(|x| x == l.text.trim()))
                .map(|(i, _)| i + 1)
                .collect();
            ProposedCut::Lines {
                lines: items,
                at,
                why,
            }
        })
        .collect()
}

/// A short line that does not end like a sentence.
pub(crate) fn looks_like_headline(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', ' ']);
    s.chars().count() <= 150 && !t.ends_with('.')
}

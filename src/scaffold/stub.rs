//! The annotation stub `add` writes: the guesses (title, date), the proposed cuts
//! with their reasons, and the commented hints for the other fields.

use std::ops::Range;

use chrono::NaiveDate;

use super::*;

/// Why a cut is proposed (the comment above it in the stub).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutWhy {
    /// Lines an editor already cut as boilerplate: in another article's annotation, or
    /// in `boilerplate.toml` (spelled differently, so that the global rule misses them).
    Confirmed,
    /// Page furniture by its shape: menus, account, share and comment widgets, teasers,
    /// ads, cookie and copyright notices ([`JUNK_LINES`] among them).
    Junk,
    /// A known block of page furniture ([`JUNK_BLOCKS`] or a confirmed block).
    JunkBlock,
    /// A byline, credit, photo caption or date stamp.
    Byline,
    /// Lines also found in this many of the dossier's other seeds: furniture of the site.
    Recurring(usize),
    /// Lines above the headline that do not read as prose: the page header.
    AboveHeadline,
    /// Lines below the article's last paragraph that do not read as prose: the footer.
    BelowArticle,
    /// The headline, which the page shows as its title.
    Headline,
    /// A line holding only a date that is not the article's date.
    StrayDate,
    /// A line holding only the article's date, which the page shows as metadata.
    DateLine,
}

impl CutWhy {
    pub(crate) fn comment(self) -> String {
        match self {
            CutWhy::Confirmed => {
                "cut as boilerplate in another annotation or in boilerplate.toml".into()
            }
            CutWhy::Junk => "page furniture by its shape (menu, widget, teaser or notice)".into(),
            CutWhy::JunkBlock => "a known block of page furniture".into(),
            CutWhy::Byline => {
                "byline, credit, caption or date stamp (byline and date belong in the fields above)"
                    .into()
            }
            CutWhy::Recurring(n) => format!(
                "also in {n} other seed{} of this dossier: furniture of the site",
                if n == 1 { "" } else { "s" }
            ),
            CutWhy::AboveHeadline => {
                "above the headline: the page header (menus, logos, widgets)".into()
            }
            CutWhy::BelowArticle => {
                "below the article's last paragraph: the page footer (teasers, credits, forms)"
                    .into()
            }
            CutWhy::Headline => "the headline (the page shows it as the title)".into(),
            CutWhy::StrayDate => {
                "a date line that is not the article's date (often the day the page was scraped)"
                    .into()
            }
            CutWhy::DateLine => "the article's date line (the page shows `date`)".into(),
        }
    }

    /// Where a group of lines comes in the stub: surest first, the headline last;
    /// recurring lines by how many seeds they are found in, most first.
    pub(crate) fn rank(self) -> (u8, std::cmp::Reverse<usize>) {
        let r = match self {
            CutWhy::Confirmed => 0,
            CutWhy::Junk | CutWhy::JunkBlock => 1,
            CutWhy::Byline => 2,
            CutWhy::Recurring(_) => 3,
            CutWhy::AboveHeadline => 4,
            CutWhy::BelowArticle => 5,
            CutWhy::StrayDate => 6,
            CutWhy::DateLine => 7,
            CutWhy::Headline => 8,
        };
        let n = if let CutWhy::Recurring(n) = self {
            n
        } else {
            0
        };
        (r, std::cmp::Reverse(n))
    }
}

/// A proposed `[[cut]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposedCut {
    /// `lines = [...]`.
    Lines {
        /// The trimmed lines.
        lines: Vec<String>,
        /// 1-based seed line numbers they occur at.
        at: Vec<usize>,
        /// Why.
        why: CutWhy,
    },
    /// `from = ...`, `to = ...`.
    Block {
        /// First line (trimmed).
        from: String,
        /// Last line (trimmed).
        to: String,
        /// 1-based seed lines of the block.
        at: Range<usize>,
    },
}

/// A date found in the seed, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubDate {
    /// The date.
    pub date: NaiveDate,
    /// 1-based seed line.
    pub line: usize,
    /// Whether it was found at or after the headline (else: the only dates are above it).
    pub after_headline: bool,
}

/// What `add` proposes for a seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    /// Guessed title.
    pub title: String,
    /// 1-based seed line of the title, if it came from a line.
    pub title_line: Option<usize>,
    /// Guessed date.
    pub date: Option<StubDate>,
    /// Proposed cuts, in the order they must be applied (blocks first).
    pub cuts: Vec<ProposedCut>,
}

/// `s` cut at a word boundary to at most `max` characters, with `…` when shortened.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c))
    )
}

/// A TOML value as it is written after `key = ` (quoted and escaped by the toml crate).
pub(crate) fn toml_value(v: impl Into<toml::Value>) -> String {
    v.into().to_string()
}

pub(crate) fn toml_strings(items: &[String]) -> String {
    toml_value(toml::Value::Array(
        items.iter().cloned().map(toml::Value::String).collect(),
    ))
}

pub(crate) fn line_list(at: &[usize]) -> String {
    let shown: Vec<String> = at.iter().take(8).map(|n| n.to_string()).collect();
    let more = if at.len() > 8 { ", …" } else { "" };
    format!(
        "seed line{} {}{more}",
        if at.len() == 1 { "" } else { "s" },
        shown.join(", ")
    )
}

pub(crate) const BODY_TEMPLATE: &str = "<!--
Commentary (Markdown): what this article adds, how it was dated, how it relates to
the other articles. [[article-slug]] links an article, [[a term or alias]] a glossary
entry, [[target|with this text]] sets the link text.

Notes anchored to quotes come last, under a heading line that reads \"## Notes\":
each note is a \"> exact quote from the article\" line followed by the note itself.
This whole comment is not shown on the page: replace it.
-->
";

impl Stub {
    /// The annotation file: TOML front matter between `+++` lines, then a commented
    /// body template. Every value is serialised by the toml crate.
    pub fn render(&self, seed_name: &str) -> String {
        let mut fm = String::new();
        fm.push_str(&format!("seed = {}\n", toml_value(seed_name)));
        let title_note = match (self.title_line, self.title.is_empty()) {
            (_, true) => "  # no title found: write one",
            (Some(_), false) => "  # guessed from the first headline-like line: check it",
            (None, false) => "  # no headline found: write the real title",
        };
        fm.push_str(&format!(
            "title = {}{title_note}\n",
            toml_value(self.title.as_str())
        ));
        match &self.date {
            Some(d) => {
                let whence = if d.after_headline {
                    "the first date after the headline"
                } else {
                    "the only dates are above the headline"
                };
                fm.push_str(&format!(
                    "date = {}  # seed line {}, {whence}: check it\n",
                    toml_value(d.date.format("%Y-%m-%d").to_string()),
                    d.line
                ));
            }
            None => fm.push_str(
                "# date = \"YYYY-MM-DD\"  # no date found: YYYY-MM-DD, YYYY-MM or YYYY, with ~ if approximate\n",
            ),
        }
        fm.push_str(
            "# publication = \"\"\n\
             # byline = \"\"\n\
             # url = \"\"\n\
             # summary = \"\"  # one or two plain sentences for the home page\n\
             # tags = []\n\
             # see_also = []  # slugs of related articles\n",
        );
        if !self.cuts.is_empty() {
            fm.push_str(
                "\n# Cuts proposed by `dossier add` for lines that look like scrape junk.\n\
                 # Compare each with the seed, then keep it (and write a better reason) or delete it.\n",
            );
        }
        for cut in &self.cuts {
            fm.push('\n');
            match cut {
                ProposedCut::Lines { lines, at, why } => {
                    fm.push_str(&format!("# {}: {}\n", why.comment(), line_list(at)));
                    fm.push_str(&format!("[[cut]]\nlines = {}\n", toml_strings(lines)));
                }
                ProposedCut::Block { from, to, at } => {
                    fm.push_str(&format!(
                        "# {}: seed lines {}–{}\n",
                        CutWhy::JunkBlock.comment(),
                        at.start,
                        at.end - 1
                    ));
                    fm.push_str(&format!(
                        "[[cut]]\nfrom = {}\nto = {}\n",
                        toml_value(from.as_str()),
                        toml_value(to.as_str())
                    ));
                }
            }
            fm.push_str(&format!("reason = {}\n", toml_value(PROPOSED_REASON)));
        }
        format!("+++\n{fm}+++\n{BODY_TEMPLATE}")
    }
}

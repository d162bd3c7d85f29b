//! Page furniture recognised by its shape: menus, share and comment widgets,
//! teasers, bylines, date stamps, notices, captions, breadcrumbs.

use super::*;

/// A kind of page furniture, recognised by the shape of a line ([`kind_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Menus, breadcrumbs, search, login and account widgets, footer link lists.
    Nav,
    /// Share, comment and follow widgets ("Share on Facebook", "0 Comments").
    Share,
    /// Teasers and ads ("Also read: …", "Advertisement", "list 1 of 3").
    Teaser,
    /// A heading over a list of teasers ("Related", "Read more", "list of 3 items").
    TeaserHeading,
    /// Bylines and credits ("By …", "Staff Reporter", "Source: …", "Reporting by …").
    Byline,
    /// Date stamps ("Published …", "Updated …", "3 hours ago", "4 min read").
    Stamp,
    /// Photo captions and credits ("Image source, …", "REUTERS/…").
    Caption,
    /// Copyright lines, cookie notices and newsletter pitches: furniture even when they
    /// read as sentences.
    Notice,
    /// No letter at all ("|", "0", "•").
    Symbols,
}

/// Words that menus and widgets are made of: a short line of nothing else is furniture.
#[rustfmt::skip]
pub(crate) const NAV_WORDS: &[&str] = &[
    "about", "accept", "access", "accessibility", "account", "ad", "ads", "advertise",
    "advertisement", "app", "apps", "archive", "back", "cancel", "careers", "click",
    "close", "contact", "content", "cookie", "cookies", "download", "e", "epaper",
    "faq", "feed", "get", "go", "help", "here", "hide", "home", "in", "latest", "leave",
    "links", "live", "load", "log", "login", "logout", "main", "menu", "more", "most",
    "my", "navigation", "news", "newsletter", "newsletters", "next", "open", "out",
    "paper", "pdf", "policy", "popular", "post", "posts", "preferences", "prev",
    "previous", "privacy", "profile", "read", "recommended", "register", "reject",
    "related", "rss", "search", "see", "service", "settings", "show", "sign", "sitemap",
    "skip", "sponsored", "stories", "story", "submit", "subscribe", "subscription",
    "tap", "terms", "conditions", "top", "topics", "trending", "up", "use", "video",
    "videos", "view", "watch",
];

/// What share, comment and follow widgets count ("0 Comments", "312 Followers").
#[rustfmt::skip]
pub(crate) const COUNTED: &[&str] = &[
    "comments", "comment", "shares", "views", "responses", "replies", "likes",
    "followers", "following", "claps",
];

/// Words of share, comment and follow widgets.
#[rustfmt::skip]
pub(crate) const SHARE_WORDS: &[&str] = &[
    "bookmark", "comment", "comments", "copy", "email", "facebook", "follow",
    "instagram", "like", "likes", "link", "linkedin", "listen", "mail", "pinterest",
    "print", "reddit", "reply", "replies", "save", "saved", "share", "shares",
    "telegram", "threads", "tiktok", "tweet", "twitter", "whatsapp", "x", "youtube",
];

/// Small words that may stand between the words of a widget line.
#[rustfmt::skip]
pub(crate) const CONNECTORS: &[&str] = &[
    "a", "all", "an", "and", "for", "of", "on", "our", "the", "this", "to", "us",
    "with", "your", "article",
];

/// Words of a menu line that head a list of teasers.
#[rustfmt::skip]
pub(crate) const TEASER_HEADING_WORDS: &[&str] = &[
    "related", "read", "more", "recommended", "latest", "popular", "trending",
    "stories",
];

/// Beginnings of teaser, ad and "continue" lines (whole words).
#[rustfmt::skip]
pub(crate) const TEASER_PHRASES: &[&str] = &[
    "also read", "read also", "read more", "see also", "you may also like",
    "you might also like", "you may like", "don't miss", "must read",
    "continue reading", "story continues", "advertisement", "sponsored content",
    "scroll to continue", "click here", "tap here", "more from", "more on this",
];

/// Labels that make a teaser when followed by a colon ("Read: …", "Watch: …").
#[rustfmt::skip]
pub(crate) const TEASER_LABELS: &[&str] = &[
    "read", "watch", "listen", "related", "recommended", "breaking", "more", "see",
    "also", "trending", "latest", "video",
];

/// Beginnings of login, account and subscription widgets (whole words).
#[rustfmt::skip]
pub(crate) const ACCOUNT_PHRASES: &[&str] = &[
    "sign in", "sign up", "sign out", "log in", "log into", "login", "log out",
    "logout", "register now", "create an account", "create account", "password",
    "username", "subscribe", "welcome back", "forgot your",
];

/// Beginnings of share and follow widgets (whole words).
#[rustfmt::skip]
pub(crate) const SOCIAL_PHRASES: &[&str] = &[
    "follow us", "share on", "share via", "share this", "join us on", "join our",
    "like us on", "find us on",
];

/// Beginnings of credit lines (whole words).
#[rustfmt::skip]
pub(crate) const CREDIT_PHRASES: &[&str] = &[
    "written by", "reporting by", "additional reporting", "editing by", "edited by",
    "compiled by", "with input from", "courtesy",
];

/// Phrases of login and account widgets (whole words, anywhere in a short line).
#[rustfmt::skip]
pub(crate) const ACCOUNT_WORDS: &[&str] = &[
    "your account", "your password", "your username", "your email", "log into",
    "forgot your", "have an account", "lost your password",
];

/// Last words of a desk byline ("Staff Reporter", "Monitoring Desk", "Our Correspondent").
#[rustfmt::skip]
pub(crate) const DESK_WORDS: &[&str] = &[
    "desk", "reporter", "reporters", "correspondent", "correspondents", "staff",
    "bureau", "editorial", "agencies", "writer", "newsroom",
];

/// News agencies named alone on a line, as a credit.
#[rustfmt::skip]
pub(crate) const AGENCIES: &[&str] = &[
    "reuters", "afp", "ap", "app", "associated press", "agence france-presse",
    "agencies", "news agencies", "pti", "ani", "xinhua", "anadolu", "dpa", "efe",
    "bloomberg",
];

/// Words that may stand beside a date or time in a date stamp.
#[rustfmt::skip]
pub(crate) const STAMP_WORDS: &[&str] = &[
    "published", "updated", "posted", "modified", "last", "first", "on", "at", "am",
    "pm", "gmt", "utc", "pkt", "ist", "est", "edt", "cst", "cdt", "pst", "pdt", "bst",
    "cet", "cest", "hours", "hour", "hrs", "hr", "minutes", "minute", "mins", "min",
    "days", "day", "ago", "read", "by",
];

/// Words that may stand between the names of a byline ("By Sara Malik and Tom Hale").
#[rustfmt::skip]
pub(crate) const NAME_CONNECTORS: &[&str] = &[
    "and", "in", "of", "the", "for", "with", "from", "de", "van", "von", "al", "bin",
    "el",
];

/// `s` lowercased, each run of characters other than letters, digits and apostrophes
/// as one space, with a space at each end: `" share on facebook "`. Whole-word phrases
/// are then found with `contains(" phrase ")`.
pub(crate) fn plain(s: &str) -> String {
    let mut out = String::from(" ");
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = if matches!(c, '’' | '‘') { '\'' } else { c };
        if c.is_alphanumeric() || c == '\'' {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Whether `plain` (see [`plain`]) begins with / contains one of the whole-word phrases.
pub(crate) fn starts_with_any(plain: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| plain.starts_with(&format!(" {p} ")))
}

pub(crate) fn contains_any(plain: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| plain.contains(&format!(" {p} ")))
}

/// The words of a line: white-space separated pieces holding a letter or a digit.
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A line that reads as prose: at least three words ending like a sentence (`.`, `!`
/// or `?`, not `...`, before any closing quotes or brackets), or at least 25 words.
/// Such a line is never proposed for its position alone.
pub(crate) fn reads_as_prose(s: &str) -> bool {
    let end = s.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)]»".contains(c));
    let n = word_count(s);
    n >= 25 || (n >= 3 && end.ends_with(['.', '!', '?']) && !end.ends_with(".."))
}

/// The furniture kind of a trimmed line, if its shape shows one.
pub(crate) fn kind_of(t: &str) -> Option<Kind> {
    if !t.chars().any(char::is_alphabetic) {
        return Some(Kind::Symbols);
    }
    let key = line_key(t);
    let p = plain(t);
    let n = word_count(t);
    if JUNK_LINES.iter().any(|j| line_key(j) == key) {
        return Some(Kind::Nav);
    }
    notice(&key, &p, n)
        .or_else(|| stamp(t, &p, n))
        .or_else(|| byline(t, &key, &p, n))
        .or_else(|| caption(&key, &p))
        .or_else(|| teaser(&key, &p, n))
        .or_else(|| widget(&key, &p, n))
}

/// Copyright lines, cookie notices and newsletter pitches.
pub(crate) fn notice(key: &str, p: &str, n: usize) -> Option<Kind> {
    // "© 2024 …", "Copyright © 2024 …", "Copyright 2024 …", "… All rights reserved."
    let copyright = key.starts_with('©')
        || key.starts_with("(c) ")
        || key.strip_prefix("copyright").is_some_and(|rest| {
            rest.trim_start()
                .starts_with(|c: char| c == '©' || c == '(' || c.is_ascii_digit())
        })
        || p.contains(" all rights reserved ");
    let cookie = contains_any(p, &["cookie", "cookies"])
        && contains_any(
            p,
            &[
                "we use",
                "uses",
                "use of",
                "accept",
                "consent",
                "by continuing",
                "privacy",
                "preferences",
                "settings",
            ],
        );
    let newsletter =
        n <= 25 && contains_any(p, &["newsletter", "newsletters", "mailing list", "inbox"]);
    (copyright || cookie || newsletter).then_some(Kind::Notice)
}

/// Date stamps: "Published …"/"Updated …" with a date or time, a date with a time,
/// "3 hours ago", "4 min read".
pub(crate) fn stamp(t: &str, p: &str, n: usize) -> Option<Kind> {
    let time = t.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    let dates = find_dates(t);
    let dated = time || !dates.is_empty() || p.contains(" ago ");
    let prefixed = starts_with_any(
        p,
        &[
            "published",
            "updated",
            "posted",
            "modified",
            "last updated",
            "first published",
        ],
    );
    let relative = (n <= 5 && p.ends_with(" ago "))
        || (p.starts_with(" this article is more than ") && p.ends_with(" old "));
    let reading = n <= 6
        && (contains_any(p, &["min read", "mins read", "minute read", "minutes read"])
            || p.starts_with(" reading time "));
    // A date or time with nothing but stamp words around it.
    let mut rest = t.to_string();
    for d in dates.iter().rev() {
        rest.replace_range(d.span.clone(), " ");
    }
    let only_stamp_words = runs(&rest).all(|r| {
        r.bytes().all(|b| b.is_ascii_digit()) || STAMP_WORDS.contains(&r.to_lowercase().as_str())
    });
    let bare = (time || !dates.is_empty()) && n <= 12 && only_stamp_words;
    // "Islamabad, 14 March 2024": a place and the date.
    let dateline = !dates.is_empty()
        && n <= 7
        && rest.contains(',')
        && names(rest.split([',', ' ']).filter(|w| !w.is_empty()));
    ((prefixed && dated && n <= 14) || relative || reading || bare || dateline)
        .then_some(Kind::Stamp)
}

/// Runs of ASCII letters and runs of ASCII digits ("GMT+5Updated" → GMT, 5, Updated);
/// any other character separates them.
pub(crate) fn runs(s: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
        let class = c.is_ascii_alphanumeric().then(|| c.is_ascii_digit());
        match (start, class) {
            (Some((_, d)), Some(nd)) if d == nd => {}
            (Some((b, _)), _) => {
                out.push(&s[b..i]);
                start = class.map(|d| (i, d));
            }
            (None, Some(d)) => start = Some((i, d)),
            (None, None) => {}
        }
    }
    out.into_iter()
}

/// Bylines and credits.
pub(crate) fn byline(t: &str, key: &str, p: &str, n: usize) -> Option<Kind> {
    let by = n <= 10 && p.starts_with(" by ") && names(t.split_whitespace().skip(1));
    let labelled = ["author:", "authors:", "source:", "sources:", "by:"]
        .iter()
        .any(|l| key.starts_with(l));
    let credit = n <= 16 && starts_with_any(p, CREDIT_PHRASES);
    let last = p.split_whitespace().last().unwrap_or("");
    let desk = (n <= 4 && DESK_WORDS.contains(&last) && names(t.split_whitespace()))
        || key == "staff report";
    let agency = AGENCIES.contains(&key.trim_end_matches('.'));
    (by || labelled || credit || desk || agency).then_some(Kind::Byline)
}

/// Whether the words are names: each capitalised, or a connector ("and", "of", "al"),
/// and at least one capitalised.
pub(crate) fn names<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let words: Vec<&str> = words
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let capital = |w: &&str| w.starts_with(char::is_uppercase);
    words.iter().any(capital)
        && words
            .iter()
            .all(|w| capital(w) || NAME_CONNECTORS.contains(&w.to_lowercase().as_str()))
}

/// Photo captions and credits.
pub(crate) fn caption(key: &str, p: &str) -> Option<Kind> {
    let phrases = contains_any(
        p,
        &[
            "image source",
            "image caption",
            "photo credit",
            "file photo",
            "getty images",
            "ap photo",
        ],
    );
    let marks = ["photo:", "picture:", "image:", "reuters/", "afp/", "/file"]
        .iter()
        .any(|m| key.contains(m));
    // "Item 1 of 2 …" and "[1/2]…": slide counters of a photo gallery.
    let counter = key.starts_with('[') && key[1..].starts_with(|c: char| c.is_ascii_digit())
        || p.starts_with(" item ") && p.split_whitespace().nth(2) == Some("of");
    (phrases || marks || counter).then_some(Kind::Caption)
}

/// Teasers, ads and list widgets.
pub(crate) fn teaser(key: &str, p: &str, n: usize) -> Option<Kind> {
    let words: Vec<&str> = p.split_whitespace().collect();
    let number = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    };
    // Al Jazeera-style "list of 3 items", "list 1 of 3" (each heads the teaser under
    // it), "end of list".
    if words.first() == Some(&"list") && n <= 4 && (number(1) || number(2)) {
        return Some(Kind::TeaserHeading);
    }
    if key == "end of list" {
        return Some(Kind::Teaser);
    }
    let labelled = TEASER_LABELS.iter().any(|l| {
        key.strip_prefix(l)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    (n <= 20 && (labelled || starts_with_any(p, TEASER_PHRASES))).then_some(Kind::Teaser)
}

/// Menus, breadcrumbs, account, share and follow widgets, counters.
pub(crate) fn widget(key: &str, p: &str, n: usize) -> Option<Kind> {
    let words: Vec<&str> = p.split_whitespace().collect();
    let in_list =
        |w: &&str| NAV_WORDS.contains(w) || SHARE_WORDS.contains(w) || CONNECTORS.contains(w);
    if n <= 6 && words.iter().all(in_list) && words.iter().any(|w| !CONNECTORS.contains(w)) {
        let share = words
            .iter()
            .all(|w| SHARE_WORDS.contains(w) || CONNECTORS.contains(w));
        let heading = words.iter().any(|w| TEASER_HEADING_WORDS.contains(w));
        return Some(match (share, heading) {
            (true, _) => Kind::Share,
            (false, true) => Kind::TeaserHeading,
            (false, false) => Kind::Nav,
        });
    }
    let counter = n <= 4
        && words.iter().any(|w| w.bytes().all(|b| b.is_ascii_digit()))
        && words.iter().any(|w| COUNTED.contains(w));
    let thoughts =
        words.len() > 2 && words[0].bytes().all(|b| b.is_ascii_digit()) && words[1] == "thoughts";
    let follow = n <= 6
        && (starts_with_any(p, SOCIAL_PHRASES)
            || (p.starts_with(" follow ") && key.ends_with(':')));
    if counter || thoughts || follow {
        return Some(Kind::Share);
    }
    let account = n <= 8 && (starts_with_any(p, ACCOUNT_PHRASES) || contains_any(p, ACCOUNT_WORDS));
    (account || breadcrumb(key)).then_some(Kind::Nav)
}

/// "Home » Pakistan » Politics", "News|Floods", "World / Asia": short pieces joined by
/// a separator.
pub(crate) fn breadcrumb(key: &str) -> bool {
    let parts: Vec<&str> = key
        .split(['|', '»', '›', '>'])
        .flat_map(|s| s.split(" / "))
        .map(str::trim)
        .collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|s| !s.is_empty() && word_count(s) <= 3 && !reads_as_prose(s))
}

//! `dossier init` and `dossier add`: creating a dossier and adding an article to it.
//!
//! Neither ever overwrites or deletes a file: every file is created with
//! `create_new`, and every check that can refuse runs before the first write.
//!
//! - [`init`] writes a small, complete example dossier (two articles, one glossary
//!   term, global boilerplate rules, a GitHub Pages workflow) that builds with no
//!   errors and no warnings, so every part of the annotation format is shown once.
//! - [`add`] copies a raw article into `seeds/` byte for byte and writes an
//!   annotation stub for it: a title and a date guessed from the text, commented-out
//!   hints for the other fields, and `[[cut]]` tables *proposed* for lines that look
//!   like scrape junk. The stub passes `dossier check` as written; the proposals are
//!   meant to be confirmed or deleted by the editor.
//!
//! Junk is found the way an editor finds it ([`propose`]): lines that recur across the
//! dossier's other seeds, lines already confirmed as boilerplate (in `boilerplate.toml`
//! or another annotation's cuts), furniture recognised by its shape (menus, widgets,
//! teasers, bylines, date stamps, notices), and what does not read as prose above the
//! headline and below the article. A line that reads as prose is not proposed unless it
//! was confirmed.
//!
//! The text heuristics of `add` ([`propose`], [`Known`], [`find_dates`], [`slugify`],
//! [`line_key`], the junk lists) are public so that they can be tested and reused.

// `init` and `add` return one `Diagnostic` by value (the signatures the CLI uses); it
// is created at most once per command, so its size does not matter.
#![allow(clippy::result_large_err)]

mod init;
pub use init::init;
pub(crate) use init::{occupied, write_new};
mod add;
pub use add::{add, Added, MAX_SLUG};
mod existing;
use existing::*;
mod global;
pub use global::GlobalCut;
pub(crate) use global::{apply_global, read_boilerplate};
mod known;
pub(crate) use known::known_of_dossier;
pub use known::{line_key, Known};
mod shape;
use shape::*;
mod stub;
pub(crate) use stub::shorten;
pub use stub::{CutWhy, ProposedCut, Stub, StubDate};
mod propose;
pub use propose::propose;
mod dates;
pub use crate::load::slugify;
pub use dates::{date_line, find_dates, FoundDate};
pub mod snippet;
pub mod sources;

/// The reason written into every proposed cut.
pub const PROPOSED_REASON: &str = "proposed by dossier add: confirm or delete";

/// Whole lines that are page furniture of news sites (compared trimmed, ignoring case
/// and the difference between `'` and `’`).
pub const JUNK_LINES: &[&str] = &[
    "close",
    "Share This:",
    "Share this article",
    "Share",
    "Tweet",
    "Print",
    "Email",
    "Advertisement",
    "Skip to content",
    "Post a Comment",
    "Leave a Reply",
    "Previous Post Next Post",
    "Previous Post",
    "Next Post",
    "Related Posts",
    "Read more",
    "Welcome! Login in to your account",
    "Remember me",
    "Remember meLost your password?",
    "Lost your password?",
    "Lost Password",
    "Don't have account. Register",
    "Register",
];

/// Blocks of page furniture: from a line through another (compared like [`JUNK_LINES`]).
pub const JUNK_BLOCKS: &[(&str, &str)] = &[("Welcome! Login in to your account", "Lost Password")];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::split_front_matter;
    use chrono::NaiveDate;
    use std::collections::BTreeSet;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates(text: &str) -> Vec<NaiveDate> {
        find_dates(text).into_iter().map(|f| f.date).collect()
    }

    #[test]
    fn finds_dates_in_the_usual_formats() {
        assert_eq!(dates("March 10, 2016"), vec![d(2016, 3, 10)]);
        assert_eq!(dates("10 March 2016"), vec![d(2016, 3, 10)]);
        assert_eq!(dates("Sunday, 17 December 2017"), vec![d(2017, 12, 17)]);
        assert_eq!(dates("Friday April 26, 2024"), vec![d(2024, 4, 26)]);
        assert_eq!(dates("2016-03-10"), vec![d(2016, 3, 10)]);
        assert_eq!(
            dates("Mar. 10 2016 and 3rd sept, 2015"),
            vec![d(2016, 3, 10), d(2015, 9, 3)]
        );
        assert_eq!(
            dates("ISLAMABAD, 10 MARCH 2016: talks held on 2016-03-09."),
            vec![d(2016, 3, 10), d(2016, 3, 9)]
        );
    }

    #[test]
    fn date_spans_include_the_weekday() {
        let t = "Updated Friday April 26, 2024 at noon";
        let f = &find_dates(t)[0];
        assert_eq!(&t[f.span.clone()], "Friday April 26, 2024");
    }

    #[test]
    fn rejects_impossible_and_partial_dates() {
        assert!(dates("February 30, 2016").is_empty());
        assert!(dates("2016-13-01").is_empty());
        assert!(dates("In August 2017, China").is_empty());
        assert!(dates("March 2016").is_empty());
        assert!(dates("resolution 2178 of 2014").is_empty());
        assert!(dates("you may 10 times 2016 people").is_empty());
        assert!(dates("serial 12016-03-10").is_empty());
    }

    #[test]
    fn date_lines_hold_only_a_date() {
        assert_eq!(date_line("  Friday April 26, 2024 "), Some(d(2024, 4, 26)));
        assert_eq!(date_line("March 10, 2016."), Some(d(2016, 3, 10)));
        assert_eq!(date_line("Riverton, 12 April 2023"), None);
        assert_eq!(date_line("Published March 10, 2016"), None);
        assert_eq!(date_line("March 10, 2016 – March 11, 2016"), None);
    }

    #[test]
    fn unique_slugs_get_a_number() {
        let taken: BTreeSet<String> = ["a".to_string(), "a-2".to_string()].into();
        assert_eq!(unique_slug("a", &taken), "a-3");
        assert_eq!(unique_slug("b", &taken), "b");
        assert_eq!(unique_slug("A", &taken), "A-3");
    }

    #[test]
    fn prefers_the_date_after_the_headline() {
        let text = "close\nFriday April 26, 2024\n\nHeadline here\n\nBy Someone\nMarch 10, 2016\n\nBody on 2016-03-01.\n";
        let s = propose(text, &Known::default());
        assert_eq!(s.title, "Headline here");
        assert_eq!(s.title_line, Some(4));
        let date = s.date.clone().unwrap();
        assert_eq!(
            (date.date, date.line, date.after_headline),
            (d(2016, 3, 10), 7, true)
        );
        let lines: Vec<(CutWhy, Vec<String>)> = s
            .cuts
            .iter()
            .filter_map(|c| match c {
                ProposedCut::Lines { lines, why, .. } => Some((*why, lines.clone())),
                _ => None,
            })
            .collect();
        // The byline and the chosen date's own line are cut too: the stub shows them as
        // metadata.
        assert_eq!(
            lines,
            vec![
                (CutWhy::Junk, vec!["close".to_string()]),
                (CutWhy::Byline, vec!["By Someone".to_string()]),
                (CutWhy::StrayDate, vec!["Friday April 26, 2024".to_string()]),
                (CutWhy::DateLine, vec!["March 10, 2016".to_string()]),
                (CutWhy::Headline, vec!["Headline here".to_string()]),
            ]
        );
    }

    #[test]
    fn falls_back_to_a_date_above_the_headline() {
        let s = propose(
            "12 May 2020\nHeadline\nBody without a date.\n",
            &Known::default(),
        );
        let date = s.date.unwrap();
        assert_eq!((date.date, date.after_headline), (d(2020, 5, 12), false));
        assert!(s.cuts.iter().all(|c| !matches!(
            c,
            ProposedCut::Lines {
                why: CutWhy::StrayDate,
                ..
            }
        )));
        assert!(propose("Headline\nNo date.\n", &Known::default())
            .date
            .is_none());
    }

    #[test]
    fn global_cuts_are_not_proposed_again() {
        let global = vec![
            GlobalCut {
                lines: vec!["Share This:".into()],
                ..Default::default()
            },
            GlobalCut {
                from: Some("Welcome! Login in to your account".into()),
                to: Some("Lost Password".into()),
                ..Default::default()
            },
        ];
        let text = "Title\nBody.\nShare This:\nWelcome! Login in to your account\nRegister\nLost Password\nPost a Comment\n";
        let s = propose(text, &Known::new(global, &[], Vec::<String>::new()));
        assert_eq!(
            s.cuts,
            vec![
                ProposedCut::Lines {
                    lines: vec!["Post a Comment".into()],
                    at: vec![7],
                    why: CutWhy::Junk
                },
                ProposedCut::Lines {
                    lines: vec!["Title".into()],
                    at: vec![1],
                    why: CutWhy::Headline
                },
            ]
        );
        // Without the global rules, the login form is one proposed block.
        let s = propose(text, &Known::default());
        assert_eq!(
            s.cuts[0],
            ProposedCut::Block {
                from: "Welcome! Login in to your account".into(),
                to: "Lost Password".into(),
                at: 4..7
            }
        );
    }

    #[test]
    fn a_lead_paragraph_is_shortened_not_cut() {
        let para = "ISLAMABAD: Pakistan and the United States have discussed jointly countering several militant groups, the foreign ministry said on Monday, in a statement.";
        let s = propose(para, &Known::default());
        assert!(
            s.title.ends_with('…') && s.title.chars().count() <= 101,
            "{}",
            s.title
        );
        assert!(s.cuts.is_empty());
    }

    #[test]
    fn the_stub_is_valid_toml_with_escaped_strings() {
        let text = "He said \"no\" \\ and 'yes' \u{7}\nMarch 10, 2016\nShare\n";
        let s = propose(text, &Known::default());
        let out = s.render("we\"ird.txt");
        let (fm, _, body, _) = split_front_matter(&out).unwrap();
        let v: toml::Table = toml::from_str(fm).unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(v["seed"].as_str(), Some("we\"ird.txt"));
        assert_eq!(
            v["title"].as_str(),
            Some("He said \"no\" \\ and 'yes' \u{7}")
        );
        assert_eq!(v["date"].as_str(), Some("2016-03-10"));
        let cuts = v["cut"].as_array().unwrap();
        assert_eq!(cuts.len(), 3); // "Share", the date line, the headline
        assert!(cuts
            .iter()
            .all(|c| c["reason"].as_str() == Some(PROPOSED_REASON)));
        assert!(body.contains("## Notes"));
        assert!(!body
            .lines()
            .any(|l| l.trim().eq_ignore_ascii_case("## notes")));
    }

    #[test]
    fn a_stub_without_date_keeps_the_hint() {
        let out = propose("Headline\nBody.\n", &Known::default()).render("a.txt");
        assert!(out.contains("\n# date = \"YYYY-MM-DD\""), "{out}");
        let (fm, ..) = split_front_matter(&out).unwrap();
        let v: toml::Table = toml::from_str(fm).unwrap();
        assert!(!v.contains_key("date"));
        assert!(
            out.contains("# summary = \"\"")
                && out.contains("# tags = []")
                && out.contains("# see_also = []")
        );
    }

    /// Every `lines` item the stub proposes, with its reason.
    fn proposed(s: &Stub) -> Vec<(CutWhy, String)> {
        s.cuts
            .iter()
            .flat_map(|c| match c {
                ProposedCut::Lines { lines, why, .. } => {
                    lines.iter().map(|l| (*why, l.clone())).collect()
                }
                ProposedCut::Block { .. } => Vec::new(),
            })
            .collect()
    }

    fn texts(s: &Stub) -> Vec<String> {
        proposed(s).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn kinds_of_furniture_by_shape() {
        use Kind::*;
        for (line, want) in [
            ("Share on Facebook", Some(Share)),
            ("Facebook Twitter WhatsApp Email", Some(Share)),
            ("12 Comments", Some(Share)),
            ("Follow Al Jazeera English:", Some(Share)),
            ("Skip to main content", Some(Nav)),
            ("Forgot your password? Get help", Some(Nav)),
            ("Home » Pakistan » Politics", Some(Nav)),
            (
                "Also read: Sindh seeks funds for barrage repairs",
                Some(Teaser),
            ),
            ("Advertisement · Scroll to continue", Some(Teaser)),
            ("Related Stories", Some(TeaserHeading)),
            ("By Sara Malik and Tom Hale", Some(Byline)),
            ("By\u{a0}Wajid Ali Syed", Some(Byline)),
            ("Monitoring Desk", Some(Byline)),
            ("Source: Al Jazeera and news agencies", Some(Byline)),
            ("Updated 05 Mar, 2024 09:12am", Some(Stamp)),
            (
                "March 20, 2024 10:41 AM GMT+5Updated 2 hours ago",
                Some(Stamp),
            ),
            ("Published in Dawn, March 5th, 2024", Some(Stamp)),
            ("Islamabad, 14 March 2024", Some(Stamp)),
            ("5 min read", Some(Stamp)),
            ("3 hours ago", Some(Stamp)),
            ("Image caption, Pupils leave a school early", Some(Caption)),
            ("© 2024 Reuters. All rights reserved", Some(Notice)),
            (
                "We use cookies to improve your experience. Accept?",
                Some(Notice),
            ),
            ("Subscribe to our newsletter", Some(Notice)),
            ("|", Some(Symbols)),
            // Headlines and article lines that only look a little like furniture.
            ("Government portal login crashes on first day", None),
            ("Millions subscribe to new pension plan", None),
            ("UN Climate Report", None),
            ("Breaking the deadlock: talks resume in Doha", None),
            ("Follow-up talks set for May", None),
            ("By Tuesday the river had risen two metres.", None),
            ("Copyright disputes", None),
            ("Key findings", None),
            ("Pakistan, US to share information on Daesh", None),
        ] {
            assert_eq!(kind_of(line), want, "{line:?}");
        }
    }

    #[test]
    fn prose_is_never_proposed_for_its_position() {
        // A short last paragraph, a subheading, a list item and a question stay; the
        // footer lines that do not read as prose go.
        let text = "Menu\nSearch\nLogin\nFloods cut the only road to the valley\nBy Ali Khan\n\
                    The road was cut by landslides on Monday, officials said.\nBackground\n\
                    • Rescue teams reached the first villages on Tuesday.\n\
                    Why did the slopes give way?\nThey will rebuild.\n\
                    Tags\nPakistan\nLandslides\nMost Read\nPolice search for driver\n";
        let s = propose(text, &Known::default());
        assert_eq!(s.title, "Floods cut the only road to the valley");
        let cut = texts(&s);
        for kept in [
            "The road was cut by landslides on Monday, officials said.",
            "Background",
            "• Rescue teams reached the first villages on Tuesday.",
            "Why did the slopes give way?",
            "They will rebuild.",
        ] {
            assert!(
                !cut.contains(&kept.to_string()),
                "{kept:?} proposed: {cut:?}"
            );
        }
        for junk in [
            "Menu",
            "Login",
            "By Ali Khan",
            "Tags",
            "Landslides",
            "Police search for driver",
        ] {
            assert!(
                cut.contains(&junk.to_string()),
                "{junk:?} not proposed: {cut:?}"
            );
        }
    }

    #[test]
    fn lines_recurring_in_other_seeds_are_furniture() {
        let page = |title: &str, body: &str| {
            format!("Daily Canal Times\nThe Capital's Own Paper\n{title}\n{body}\nTip line\nOur Pledge to Readers\n")
        };
        let others = [
            page(
                "Canal water supply suspended",
                "The supply will stop for a day while crews clean the canal, the authority said.",
            ),
            page(
                "Metro fares unchanged",
                "Fares on the metro bus will stay the same this year, the authority said.",
            ),
        ];
        let text = page(
            "Court orders survey of canal bank",
            "The court ordered a survey of all buildings on the canal bank.\nOur Pledge to Readers\nThe authority said the survey had begun in two sections.",
        );
        let s = propose(&text, &Known::new(Vec::new(), &[], &others));
        assert_eq!(s.title, "Court orders survey of canal bank");
        let cut = proposed(&s);
        // Found in both other seeds: proposed everywhere, inside the body too.
        assert!(
            cut.contains(&(CutWhy::Recurring(2), "Our Pledge to Readers".into())),
            "{cut:?}"
        );
        assert!(
            cut.contains(&(CutWhy::Recurring(2), "Daily Canal Times".into())),
            "{cut:?}"
        );
        // A sentence found elsewhere is still not proposed; with one other seed, a line
        // inside the body is not either.
        let one = propose(&text, &Known::new(Vec::new(), &[], &others[..1]));
        assert!(
            proposed(&one)
                .iter()
                .all(|(_, t)| t != "Our Pledge to Readers"),
            "{:?}",
            proposed(&one)
        );
        assert!(texts(&one).contains(&"Tip line".to_string()));
    }

    #[test]
    fn confirmed_cuts_are_proposed_again() {
        let confirmed = [
            GlobalCut {
                lines: vec!["Like Business on Facebook, follow @TribuneBiz on Twitter.".into()],
                ..Default::default()
            },
            GlobalCut {
                lines: vec!["Editor's pick".into()],
                reason: Some(PROPOSED_REASON.into()),
                ..Default::default()
            },
            GlobalCut {
                from: Some("Sign up for our briefing".into()),
                to: Some("protected by reCAPTCHA".into()),
                ..Default::default()
            },
        ];
        let text = "Textile exports rise as orders return\n\
                    KARACHI: Exports rose nine per cent in February, the bureau said on Monday.\n\
                    Editor's pick\n\
                    Mills are still running at two-thirds of capacity, exporters said.\n\
                    like business on facebook,  follow @TribuneBiz on Twitter.\n\
                    Sign up for our briefing\nThe news you need, every morning.\nprotected by reCAPTCHA\n";
        let s = propose(
            text,
            &Known::new(Vec::new(), &confirmed, Vec::<String>::new()),
        );
        let cut = proposed(&s);
        // Confirmed once, even as a sentence, and spelled a little differently.
        assert!(cut.contains(&(
            CutWhy::Confirmed,
            "like business on facebook,  follow @TribuneBiz on Twitter.".into()
        )));
        // A proposal nobody confirmed is no evidence.
        assert!(cut.iter().all(|(_, t)| t != "Editor's pick"), "{cut:?}");
        assert!(s.cuts.contains(&ProposedCut::Block {
            from: "Sign up for our briefing".into(),
            to: "protected by reCAPTCHA".into(),
            at: 6..9
        }));
    }

    #[test]
    fn a_page_title_line_is_not_the_headline() {
        let text = "Wheat farmers protest over halted purchases | Daily Canal Times\nHome\n\
                    Wheat farmers protest over halted purchases\nBy Amir Latif\n\
                    Farmers staged protests in several cities on Tuesday, police said.\n";
        let s = propose(text, &Known::default());
        assert_eq!(s.title, "Wheat farmers protest over halted purchases");
        assert!(texts(&s).contains(
            &"Wheat farmers protest over halted purchases | Daily Canal Times".to_string()
        ));
    }

    #[test]
    fn teasers_under_a_heading_inside_the_body_are_proposed() {
        let text = "Sri Lanka sets date for presidential vote\n\
                    Sri Lanka will hold a presidential election in September, the commission said.\n\
                    list of 2 items\nlist 1 of 2\nCentral bank cuts rates as inflation eases\n\
                    list 2 of 2\nTea exporters count the cost\nend of list\n\
                    Nominations will be accepted until the middle of August, it said.\n\
                    Background\nThe last national vote was held in 2020, before the crisis.\n";
        let s = propose(text, &Known::default());
        let cut = texts(&s);
        for teaser in [
            "Central bank cuts rates as inflation eases",
            "Tea exporters count the cost",
            "list 1 of 2",
        ] {
            assert!(cut.contains(&teaser.to_string()), "{teaser:?}: {cut:?}");
        }
        assert!(!cut.contains(&"Background".to_string()), "{cut:?}");
    }
}

//! `dossier check`: every warning kind, exit codes, `--deny-warnings`.

use std::process::Command;

use crate::common::*;

fn check(root: &std::path::Path, extra: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn edit(root: &std::path::Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
}

#[test]
fn clean_dossier_checks_with_exit_0() {
    // The fixture, the example `init` writes, and the shipped dossier.
    for root in [fixture("basic"), repo().join("example"), repo()] {
        let (code, err) = check(&root, &["--deny-warnings"]);
        assert_eq!(code, 0, "{}: {err}", root.display());
        assert!(err.contains("no problems found"), "{err}");
    }
}

#[test]
fn every_warning_kind_is_reported_and_deny_warnings_fails() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    // see_also not mutual.
    edit(
        root,
        "annotations/articles/beta.md",
        "see_also = [\"alpha\"]",
        "see_also = []",
    );
    // Article without a date.
    edit(
        root,
        "annotations/articles/beta.md",
        "date = \"~2015-09\"\n",
        "",
    );
    // Alias claimed by two terms.
    edit(
        root,
        "annotations/glossary/pakistan.md",
        "kind = \"place\"",
        "aliases = [\"ISIL\"]\nkind = \"place\"",
    );
    // A term mentioned nowhere.
    std::fs::write(
        root.join("annotations/glossary/nowhere.md"),
        "+++\nterm = \"Nowhere Brigade\"\nkind = \"group\"\n+++\nUnmentioned.\n",
    )
    .unwrap();
    // A global rule that matches no seed.
    edit(
        root,
        "annotations/boilerplate.toml",
        "lines = [\"Post a Comment\"",
        "lines = [\"Never in any seed\", \"Post a Comment\"",
    );

    let (code, err) = check(root, &[]);
    assert_eq!(code, 0, "warnings alone do not fail: {err}");
    for (message, location) in [
        (
            "see_also is not mutual: `beta` does not list `alpha`",
            "annotations/articles/alpha.md:9:13",
        ),
        (
            "article `beta` has no date",
            "annotations/articles/beta.md:2:8",
        ),
        (
            "`ISIL` is also claimed by term `islamic-state`",
            "annotations/glossary/pakistan.md:3:12",
        ),
        (
            "term `Nowhere Brigade` is mentioned nowhere",
            "annotations/glossary/nowhere.md:2:8",
        ),
        (
            "boilerplate rule matches no seed: \"Never in any seed\"",
            "annotations/boilerplate.toml:6:10",
        ),
    ] {
        assert!(err.contains(message), "missing {message:?} in\n{err}");
        assert!(
            err.lines().any(|l| l.trim() == format!("--> {location}")),
            "missing {location} in\n{err}"
        );
    }
    assert!(err.contains("0 errors, 5 warnings"), "{err}");
    let (code, _) = check(root, &["--deny-warnings"]);
    assert_eq!(code, 1);
    // Nothing was written by check.
    assert!(!root.join("site").exists());
}

#[test]
fn errors_exit_1_and_bad_arguments_exit_2() {
    let (code, err) = check(&fixture("broken"), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("3 errors"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("chek")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Template overrides are compiled and rendered by `check`: a mistake is one error at
/// its template line, however many pages use the template.
#[test]
fn check_reports_template_mistakes_once_at_their_line() {
    let cases = [
        (
            "<h1>{{ term.term | shout }}</h1>",
            "Unknown filter `shout`",
            20,
        ),
        ("<h1>{{ term.term </h1>", "expected }}", 18),
        (
            "<h1>{{ term.nope.deeper }}</h1>",
            "Field `nope` is not defined",
            13,
        ),
    ];
    for (line, message, col) in cases {
        let dir = copy_dossier(&fixture("basic"));
        let root = dir.path();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(
            root.join("templates/term.html"),
            format!("{{% extends \"base.html\" %}}\n{{% block content %}}\n{line}\n{{% endblock content %}}\n"),
        )
        .unwrap();
        let (code, err) = check(root, &[]);
        assert_eq!(code, 1, "{err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "one error:\n{err}"
        );
        assert!(err.contains(message), "{message}:\n{err}");
        assert!(
            err.contains(&format!("--> templates/term.html:3:{col}")),
            "{err}"
        );
        assert!(err.contains("1 error, 0 warnings"), "{err}");
    }
}

/// `check --claims` lists the sentences that cite no source, with file and line.
#[test]
fn claims_report_lists_uncited_sentences() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    edit(
        root,
        "annotations/glossary/pakistan.md",
        "+++\nThe country.",
        "[[source]]\nid = \"cia\"\ntitle = \"Factbook\"\n+++\nThe country in South Asia [@cia]. Its capital is Islamabad.",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(["check", "--claims"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("annotations/glossary/pakistan.md:8: Its capital is Islamabad."),
        "{stdout}"
    );
    assert!(!stdout.contains("The country in South Asia"), "{stdout}");
    assert!(
        stdout.contains("annotations/articles/alpha.md:24: Commentary links"),
        "{stdout}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    assert!(last.ends_with("sentences cite no source"), "{last}");
}

/// `check --sources`: one diagnostic per problem source, each at its key, with the
/// exit code of its errors; without the flag only the never-cited warning is left.
#[test]
fn sources_check_reports_each_problem_at_its_key() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    std::fs::write(
        root.join("annotations/glossary/pakistan.md"),
        SOURCES_FIXTURE,
    )
    .unwrap();
    let config = std::fs::read_to_string(root.join("dossier.toml")).unwrap();
    std::fs::write(
        root.join("dossier.toml"),
        format!("{config}\n[sources]\navoid = [\"wikipedia.org\", \"wikimili.com\"]\n"),
    )
    .unwrap();
    let (code, err) = check(root, &["--sources"]);
    assert_eq!(code, 1, "errors fail: {err}");
    let f = "annotations/glossary/pakistan.md";
    let expected = [
        ("warning", "source `undated` has no date", 13, 6),
        ("error", "source `untitled` has no title", 20, 9),
        (
            "warning",
            "source url `https://www.dawn.com:443/news/3` names the default port `:443`",
            29,
            7,
        ),
        ("error", "source url `https:///news/4` has no host", 36, 7),
        (
            "warning",
            "source `again` has the same address as source `good` (annotations/glossary/pakistan.md:10)",
            43,
            7,
        ),
        (
            "warning",
            "source `wiki` is on `en.wikipedia.org`, a host dossier.toml avoids",
            50,
            7,
        ),
        ("warning", "source `uncited` is never cited", 62, 6),
    ];
    for (severity, message, line, column) in expected {
        let at = err
            .lines()
            .position(|l| l == format!("{severity}: {message}"))
            .unwrap_or_else(|| panic!("missing {severity}: {message} in\n{err}"));
        let location = err.lines().nth(at + 1).unwrap_or_default().trim();
        assert_eq!(location, format!("--> {f}:{line}:{column}"), "{message}");
    }
    assert!(err.contains("2 errors, 5 warnings"), "{err}");
    // The noted Wikipedia source and its archived copy pass.
    assert!(!err.contains("wiki-noted"), "{err}");

    // Without the flag, only what every check reports.
    let (code, err) = check(root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 1 warning"), "{err}");

    // Fixed, the warnings alone pass, and fail with --deny-warnings.
    let text = SOURCES_FIXTURE
        .replace("title = \"\"", "title = \"Titled\"")
        .replace("https:///news/4", "https://www.dawn.com/news/4");
    std::fs::write(root.join(f), text).unwrap();
    let (code, err) = check(root, &["--sources"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 5 warnings"), "{err}");
    let (code, _) = check(root, &["--sources", "--deny-warnings"]);
    assert_eq!(code, 1);
}

/// A `[sources] avoid` entry that is not a host name is an error at the entry; an
/// unknown key of `[sources]` is named as in that table.
#[test]
fn an_avoid_entry_must_be_a_host_name() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("dossier.toml")).unwrap();
    std::fs::write(
        root.join("dossier.toml"),
        format!("{config}[sources]\navoid = [\"wikipedia.org\", \"https://wikimili.com/\"]\navod = []\n"),
    )
    .unwrap();
    let (code, err) = check(root, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: `sources.avoid` entry `https://wikimili.com/` is not a host name"),
        "{err}"
    );
    assert!(err.contains("--> dossier.toml:5:27"), "{err}");
    assert!(
        err.contains("error: unknown field `avod` in the `[sources]` table"),
        "{err}"
    );
}

/// Every kind of problem `check --sources` finds, one source each (and two that pass).
const SOURCES_FIXTURE: &str = r#"+++
term = "Pakistan"
kind = "place"

[[source]]
id = "good"
title = "A complete source"
publisher = "Dawn"
date = "2016-03-10"
url = "https://www.dawn.com/news/1"

[[source]]
id = "undated"
title = "Undated"
publisher = "Dawn"
url = "https://www.dawn.com/news/2"

[[source]]
id = "untitled"
title = ""
publisher = "Dawn"
date = "2016"

[[source]]
id = "port"
title = "Default port"
publisher = "Dawn"
date = "2016"
url = "https://www.dawn.com:443/news/3"

[[source]]
id = "no-host"
title = "No host"
publisher = "Dawn"
date = "2016"
url = "https:///news/4"

[[source]]
id = "again"
title = "The first page again"
publisher = "Dawn"
date = "2016-03-10"
url = "HTTPS://WWW.DAWN.COM/news/1/"

[[source]]
id = "wiki"
title = "Pakistan"
publisher = "Wikipedia"
date = "2024"
url = "https://en.wikipedia.org/wiki/Pakistan"

[[source]]
id = "wiki-noted"
title = "Pakistan, an older revision"
publisher = "Wikipedia"
date = "2023"
url = "https://en.wikipedia.org/wiki/Pakistan?oldid=1"
archived = "https://web.archive.org/web/2023/https://en.wikipedia.org/wiki/Pakistan"
note = "Wikipedia; used only for the census date, for which no official record was found."

[[source]]
id = "uncited"
title = "Never cited"
publisher = "Dawn"
date = "2016"
url = "https://www.dawn.com/news/5"
+++
The country [@good; @undated; @untitled; @port; @no-host; @again; @wiki; @wiki-noted].
"#;

//! The bad-input matrix: one mistake per case, applied to a copy of the `basic`
//! fixture, and the exact diagnostics `dossier` must answer with (severity, file,
//! line, message) and its exit code. One root cause, one diagnostic: a case lists
//! everything the run may print. docs/reliability.md lists the same cases.

use std::path::Path;
use std::process::Command;

use crate::common::*;

/// One change to the fixture.
enum Op {
    /// Replace the first occurrence of a string in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Write a file (creating folders).
    Write(&'static str, &'static str),
    /// Write raw bytes.
    Bytes(&'static str, &'static [u8]),
    /// Make a file of this many bytes (sparse).
    Sized(&'static str, u64),
    /// Remove a file or folder.
    Remove(&'static str),
    /// A symlink at the first path pointing to the second.
    Link(&'static str, &'static str),
}

struct Case {
    name: &'static str,
    ops: &'static [Op],
    /// Arguments after `dossier --root <copy>` (default: `check`).
    args: &'static [&'static str],
    exit: i32,
    /// (severity, "file", "file:line" or "file:line:col", message fragment).
    expect: &'static [(&'static str, &'static str, &'static str)],
}

use Op::*;

const E: &str = "error";
const W: &str = "warning";

const CASES: &[Case] = &[
    Case { name: "unclosed string in front matter", ops: &[Replace("annotations/articles/alpha.md", "title = \"Alpha headline\"", "title = \"Alpha headline")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:3", "invalid article front matter")] },
    Case { name: "wrong type", ops: &[Replace("annotations/articles/alpha.md", "title = \"Alpha headline\"", "title = 1")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:3", "invalid type")] },
    Case { name: "every unknown key of a table", ops: &[Replace("annotations/articles/alpha.md", "publication =", "publicaton ="), Replace("annotations/articles/alpha.md", "byline =", "bylin =")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:5", "unknown field `publicaton`"), (E, "annotations/articles/alpha.md:6", "unknown field `bylin`")] },
    Case { name: "typo of a required key is one error", ops: &[Replace("annotations/articles/alpha.md", "title =", "titel =")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:3", "unknown field `titel`")] },
    Case { name: "unknown key in a [[cut]]", ops: &[Replace("annotations/articles/alpha.md", "reason = \"site chrome\"", "reasn = \"site chrome\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:13", "unknown field `reasn` in a `[[cut]]` table")] },
    Case { name: "empty annotation file", ops: &[Write("annotations/articles/beta.md", "")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:1", "missing front matter")] },
    Case { name: "front matter never closed", ops: &[Replace("annotations/articles/beta.md", "+++\nDated", "Dated")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:1", "missing front matter")] },
    Case { name: "impossible date, and no 'no date' warning", ops: &[Replace("annotations/articles/alpha.md", "2016-03-10", "2016-02-30")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:4", "invalid date `2016-02-30`")] },
    Case { name: "date in prose", ops: &[Replace("annotations/articles/alpha.md", "2016-03-10", "10 March 2016")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:4", "invalid date")] },
    Case { name: "no date is a warning", ops: &[Replace("annotations/articles/beta.md", "date = \"~2015-09\"\n", "")], args: &[], exit: 0,
        expect: &[(W, "annotations/articles/beta.md:2", "has no date")] },
    Case { name: "event with a bad date", ops: &[Replace("annotations/articles/alpha.md", "2014-09-24", "2014-13-24")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:21", "invalid date `2014-13-24`")] },
    Case { name: "seed not found, with the close name", ops: &[Replace("annotations/articles/alpha.md", "\"alpha.txt\"", "\"alpha.tx\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:2", "seed `alpha.tx` not found in seeds/")] },
    Case { name: "seed path with ..", ops: &[Replace("annotations/articles/alpha.md", "\"alpha.txt\"", "\"../dossier.toml\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:2", "is not a file name inside seeds/")] },
    Case { name: "absolute seed path", ops: &[Replace("annotations/articles/alpha.md", "\"alpha.txt\"", "\"/etc/passwd\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:2", "is not a file name inside seeds/")] },
    Case { name: "one seed annotated twice", ops: &[Replace("annotations/articles/beta.md", "\"beta.txt\"", "\"alpha.txt\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:2", "already annotated by `alpha`")] },
    Case { name: "seed not UTF-8 is one error at the seed", ops: &[Bytes("seeds/beta.txt", b"Beta headline\n\ncaf\xe9 Daesh-Khorasan\nPost a Comment\nPrevious Post Next Post\n")], args: &[], exit: 1,
        expect: &[(E, "seeds/beta.txt", "not UTF-8 text (invalid byte at offset 18)")] },
    Case { name: "declared encoding decodes the seed", ops: &[Bytes("seeds/beta.txt", b"Beta headline\n\ncaf\xe9 Daesh-Khorasan\nPost a Comment\nPrevious Post Next Post\n"), Replace("annotations/articles/beta.md", "date =", "encoding = \"windows-1252\"\ndate =")], args: &[], exit: 0,
        expect: &[] },
    Case { name: "unknown encoding", ops: &[Replace("annotations/articles/beta.md", "date =", "encoding = \"klingon\"\ndate =")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:4", "unknown encoding `klingon`")] },
    Case { name: "NUL bytes in a seed", ops: &[Bytes("seeds/beta.txt", b"Beta headline\n\nDaesh-Khorasan\0 was named again, and ISIL too.\nPost a Comment\nPrevious Post Next Post\n")], args: &[], exit: 0,
        expect: &[(W, "seeds/beta.txt:3:15", "1 control character")] },
    Case { name: "empty seed", ops: &[Write("seeds/empty.txt", ""), Write("annotations/articles/empty.md", "+++\nseed = \"empty.txt\"\ntitle = \"Empty\"\ndate = \"2020\"\n+++\n")], args: &[], exit: 0,
        expect: &[(W, "annotations/articles/empty.md:2", "no text is left")] },
    Case { name: "seed that is only junk", ops: &[Write("seeds/beta.txt", "Beta headline\nPost a Comment\nPrevious Post Next Post\n")], args: &[], exit: 0,
        expect: &[(W, "annotations/articles/beta.md:2", "no text is left")] },
    Case { name: "huge seed is refused unread", ops: &[Sized("seeds/beta.txt", 51 * 1024 * 1024)], args: &[], exit: 1,
        expect: &[(E, "seeds/beta.txt", "it is too large (53477376 bytes; the limit is 50 MB)")] },
    Case { name: "symlink loop in seeds/", ops: &[Link("seeds/loop", ".")], args: &[], exit: 0,
        expect: &[(W, "seeds/loop", "symlink loop")] },
    Case { name: "hidden editor files are ignored", ops: &[Write("annotations/articles/.alpha.md.swp", "\u{1}garbage"), Write("annotations/glossary/.#x.md", "+++")], args: &[], exit: 0,
        expect: &[] },
    Case { name: "unusable article file name", ops: &[Write("annotations/articles/bad name.md", "+++\nseed = \"x\"\ntitle = \"x\"\n+++\n")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/bad name.md", "not a usable article slug")] },
    Case { name: "glossary entry named index", ops: &[Write("annotations/glossary/index.md", "+++\nterm = \"Index\"\nkind = \"concept\"\n+++\n")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/index.md", "not a usable glossary slug")] },
    Case { name: "broken glossary entry: links to it by slug and name stay quiet", ops: &[Replace("annotations/glossary/islamic-state.md", "kind = \"group\"", "kind = group")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/islamic-state.md:4", "invalid glossary front matter")] },
    Case { name: "broken term line: its name is still known from the file name", ops: &[Replace("annotations/glossary/islamic-state.md", "term = \"Islamic State\"", "term = \"Islamic State")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/islamic-state.md:2", "invalid glossary front matter")] },
    Case { name: "unknown kind, with the close one", ops: &[Replace("annotations/glossary/pakistan.md", "kind = \"place\"", "kind = \"plase\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:3", "unknown kind `plase`")] },
    Case { name: "unknown case rule", ops: &[Replace("annotations/glossary/pakistan.md", "kind = \"place\"", "kind = \"place\"\ncase = \"upper\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:4", "unknown case rule `upper`")] },
    Case { name: "alias claimed by two terms", ops: &[Replace("annotations/glossary/pakistan.md", "kind = \"place\"", "aliases = [\"ISIL\"]\nkind = \"place\"")], args: &[], exit: 0,
        expect: &[(W, "annotations/glossary/pakistan.md:3", "`ISIL` is also claimed by term `islamic-state`")] },
    Case { name: "empty alias", ops: &[Replace("annotations/glossary/pakistan.md", "kind = \"place\"", "aliases = [\"\"]\nkind = \"place\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:3", "empty alias")] },
    Case { name: "part_of cycle, once", ops: &[Replace("annotations/glossary/islamic-state.md", "kind = \"group\"", "kind = \"group\"\npart_of = \"islamic-state-khorasan\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/islamic-state.md:5", "part_of forms a cycle: `islamic-state` → `islamic-state-khorasan` → `islamic-state`")] },
    Case { name: "a term leading into a cycle is not blamed", ops: &[Replace("annotations/glossary/islamic-state.md", "kind = \"group\"", "kind = \"group\"\npart_of = \"islamic-state-khorasan\""), Replace("annotations/glossary/pakistan.md", "kind = \"place\"", "kind = \"place\"\npart_of = \"islamic-state\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/islamic-state.md:5", "part_of forms a cycle")] },
    Case { name: "part_of itself", ops: &[Replace("annotations/glossary/pakistan.md", "kind = \"place\"", "kind = \"place\"\npart_of = \"Pakistan\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:4", "cannot be part of itself")] },
    Case { name: "part_of an article", ops: &[Replace("annotations/glossary/pakistan.md", "kind = \"place\"", "kind = \"place\"\npart_of = \"alpha\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:4", "part_of `alpha` is an article")] },
    Case { name: "part_of unknown, with the close slug", ops: &[Replace("annotations/glossary/islamic-state-khorasan.md", "\"islamic-state\"", "\"islamic-stat\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/islamic-state-khorasan.md:5", "unknown link target `islamic-stat`")] },
    Case { name: "unknown link target, with the close alias", ops: &[Replace("annotations/index.md", "[[ISIS-K]]", "[[ISIS-KK]]")], args: &[], exit: 1,
        expect: &[(E, "annotations/index.md:4:43", "unknown link target `ISIS-KK`")] },
    Case { name: "see_also names a term", ops: &[Replace("annotations/articles/beta.md", "see_also = [\"alpha\"]", "see_also = [\"alpha\", \"pakistan\"]")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:5", "see_also `pakistan` is a glossary term")] },
    Case { name: "see_also itself", ops: &[Replace("annotations/articles/beta.md", "see_also = [\"alpha\"]", "see_also = [\"alpha\", \"beta\"]")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:5", "cannot be its own see_also")] },
    Case { name: "see_also not mutual", ops: &[Replace("annotations/articles/beta.md", "see_also = [\"alpha\"]", "see_also = []")], args: &[], exit: 0,
        expect: &[(W, "annotations/articles/alpha.md:9", "see_also is not mutual")] },
    Case { name: "cut matching nothing", ops: &[Replace("annotations/articles/beta.md", "lines = [\"Beta headline\"]", "lines = [\"Gamma headline\"]")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:8", "cut matches nothing in seed `beta.txt`: \"Gamma headline\"")] },
    Case { name: "range cut without its end", ops: &[Replace("annotations/articles/beta.md", "lines = [\"Beta headline\"]", "lines = [\"Beta headline\"]\n[[cut]]\nfrom = \"Daesh-Khorasan was named again, and ISIL too.\"\nto = \"The end\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:11", "the `to` line \"The end\" does not follow the `from` line")] },
    Case { name: "a cut of text already cut", ops: &[Replace("annotations/articles/beta.md", "lines = [\"Beta headline\"]", "lines = [\"Beta headline\", \"Post a Comment\"]")], args: &[], exit: 0,
        expect: &[(W, "annotations/articles/beta.md:8", "cut matches only text already cut (seed line 5, by annotations/boilerplate.toml:6)")] },
    Case { name: "overlapping fixes", ops: &[Replace("annotations/articles/alpha.md", "[[event]]", "[[fix]]\nfind = \"Security Coalition adopted\"\nreplace = \"Security Council adopted\"\n\n[[event]]")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:21", "fix overlaps an earlier fix")] },
    Case { name: "empty cut line", ops: &[Replace("annotations/articles/beta.md", "lines = [\"Beta headline\"]", "lines = [\"Beta headline\", \" \"]")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:8", "a cut line is empty")] },
    Case { name: "a cut with two kinds", ops: &[Replace("annotations/articles/beta.md", "lines = [\"Beta headline\"]", "lines = [\"Beta headline\"]\ntext = \"x\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:7", "needs exactly one of")] },
    Case { name: "to without from", ops: &[Replace("annotations/articles/beta.md", "lines = [\"Beta headline\"]", "to = \"Beta headline\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md:7", "needs exactly one of")] },
    Case { name: "note quote not found", ops: &[Replace("annotations/articles/alpha.md", "> Pakistan’s envoy Jalil Abbas Jilani", "> Nobody said this")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:28", "note quote not found")] },
    Case { name: "a note quote found twice", ops: &[Replace("annotations/articles/alpha.md", "> Pakistan’s envoy Jalil Abbas Jilani", "> The")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:28", "note quote occurs 2 times in the article")] },
    Case { name: "a note quote found twice, told apart by its suffix", ops: &[Replace("annotations/articles/alpha.md", "> Pakistan’s envoy Jalil Abbas Jilani", "> The\nsuffix = \"United Nations\"")], args: &[], exit: 0,
        expect: &[] },
    Case { name: "a note quote found twice, told apart by its occurrence", ops: &[Replace("annotations/articles/alpha.md", "> Pakistan’s envoy Jalil Abbas Jilani", "> The\noccurrence = 2")], args: &[], exit: 0,
        expect: &[] },
    Case { name: "an occurrence past the last", ops: &[Replace("annotations/articles/alpha.md", "> Pakistan’s envoy Jalil Abbas Jilani", "> The\noccurrence = 3")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:29", "`occurrence = 3`, but the quote occurs 2 times")] },
    Case { name: "a context that fits neither occurrence", ops: &[Replace("annotations/articles/alpha.md", "> Pakistan’s envoy Jalil Abbas Jilani", "> The\nprefix = \"nobody\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:28", "the note quote occurs 2 times, and its prefix/suffix does not pick out one")] },
    Case { name: "a misspelt context key", ops: &[Replace("annotations/articles/alpha.md", "> Pakistan’s envoy Jalil Abbas Jilani", "> Pakistan’s envoy Jalil Abbas Jilani\nprefx = \"The\"")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:29", "unknown key `prefx` under a note quote")] },
    Case { name: "a note quote with a changed letter anchors closely", ops: &[Replace("annotations/articles/alpha.md", "> Pakistan’s envoy Jalil Abbas Jilani", "> Pakistan’s envoy Jalil Abbas Jilany")], args: &[], exit: 0,
        expect: &[(W, "annotations/articles/alpha.md:28", "note quote not found as written; anchored to a close match (1 edit)")] },
    Case { name: "a citation in a file that declares no source", ops: &[Replace("annotations/glossary/pakistan.md", "The country.", "The country [@cia].")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:5:14", "unknown source `cia`")] },
    Case { name: "text before the first note quote", ops: &[Replace("annotations/articles/alpha.md", "## Notes\n", "## Notes\nStray words.\n")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:27", "text in `## Notes` before the first quote")] },
    Case { name: "a second Notes heading", ops: &[Replace("annotations/articles/alpha.md", "A note about the envoy.", "A note about the envoy.\n\n## Notes\n")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:32", "a second `## Notes` heading")] },
    Case { name: "javascript: URL in front matter", ops: &[Replace("annotations/articles/alpha.md", "tags =", "url = \"javascript:alert(1)\"\ntags =")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:8", "`url` `javascript:alert(1)` is not allowed")] },
    Case { name: "javascript: link in Markdown", ops: &[Replace("annotations/index.md", "This fixture", "[Click](javascript:alert(1)) This fixture")], args: &[], exit: 1,
        expect: &[(E, "annotations/index.md:4:1", "link URL `javascript:alert(1)` is not allowed")] },
    Case { name: "dossier.toml unknown key, one error", ops: &[Replace("dossier.toml", "title =", "titel =")], args: &[], exit: 1,
        expect: &[(E, "dossier.toml:1", "unknown field `titel` in dossier.toml")] },
    Case { name: "dossier.toml syntax error", ops: &[Replace("dossier.toml", "language = \"en\"", "language = en")], args: &[], exit: 1,
        expect: &[(E, "dossier.toml:3", "invalid dossier.toml")] },
    Case { name: "base_url not a URL", ops: &[Replace("dossier.toml", "language", "base_url = \"user.github.io/repo\"\nlanguage")], args: &[], exit: 1,
        expect: &[(E, "dossier.toml:3", "`base_url` `user.github.io/repo` is not an http(s) URL")] },
    Case { name: "edit_url without {path}", ops: &[Replace("dossier.toml", "language", "edit_url = \"https://github.com/o/r/edit/main/\"\nlanguage")], args: &[], exit: 1,
        expect: &[(E, "dossier.toml:3", "`edit_url` `https://github.com/o/r/edit/main/` has no `{path}`")] },
    Case { name: "cname with a scheme", ops: &[Replace("dossier.toml", "language", "cname = \"https://dossier.example.org\"\nlanguage")], args: &[], exit: 1,
        expect: &[(E, "dossier.toml:3", "is not a domain name")] },
    Case { name: "no dossier.toml", ops: &[Remove("dossier.toml")], args: &[], exit: 1,
        expect: &[(E, "dossier.toml", "no dossier.toml")] },
    Case { name: "no annotations/", ops: &[Remove("annotations")], args: &[], exit: 1,
        expect: &[(E, "annotations", "no annotations/ folder")] },
    Case { name: "no seeds/", ops: &[Remove("seeds")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/alpha.md:2", "seeds/ holds no seed, but 2 article annotations name one")] },
    Case { name: "two seeds published under one name", ops: &[Write("seeds/a.html", "x"), Write("seeds/a.html.txt", "y"), Write("annotations/articles/a1.md", "+++\nseed = \"a.html\"\ntitle = \"A1\"\ndate = \"2020\"\n+++\n"), Write("annotations/articles/a2.md", "+++\nseed = \"a.html.txt\"\ntitle = \"A2\"\ndate = \"2020\"\n+++\n")], args: &[], exit: 1,
        expect: &[(E, "seeds/a.html.txt", "would both be published as `seeds/a.html.txt`")] },
    Case { name: "glossary slug equal to an article slug", ops: &[Write("annotations/glossary/alpha.md", "+++\nterm = \"Alphabet\"\nkind = \"concept\"\n+++\n")], args: &[], exit: 0,
        expect: &[(W, "annotations/glossary/alpha.md:2", "is also an article slug"), (W, "annotations/glossary/alpha.md:2", "is mentioned nowhere")] },
    Case { name: "annotation not UTF-8", ops: &[Bytes("annotations/articles/beta.md", b"+++\nseed = \"beta.txt\"\ntitle = \"caf\xe9\"\n+++\n")], args: &[], exit: 1,
        expect: &[(E, "annotations/articles/beta.md", "not valid UTF-8")] },
    Case { name: "BOM and CRLF are fine", ops: &[Write("annotations/glossary/pakistan.md", "\u{feff}+++\r\nterm = \"Pakistan\"\r\nkind = \"place\"\r\n+++\r\nThe country.\r\n")], args: &[], exit: 0,
        expect: &[] },
    Case { name: "template syntax error, once", ops: &[Write("templates/term.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ term.term \n{% endblock content %}\n")], args: &[], exit: 1,
        expect: &[(E, "templates/term.html:4", "template error")] },
    Case { name: "template unknown variable, once for all pages", ops: &[Write("templates/term.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ term.nope }}\n{% endblock content %}\n")], args: &[], exit: 1,
        expect: &[(E, "templates/term.html:3:9", "Field `nope` is not defined")] },
    Case { name: "citation of an undeclared source, with the close id", ops: &[Replace("annotations/glossary/pakistan.md", "+++\nThe country.", "[[source]]\nid = \"cia-2024\"\ntitle = \"Factbook\"\n+++\nThe country [@cia-2042].")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:8:14", "unknown source `cia-2042`")] },
    Case { name: "source declared, never cited", ops: &[Replace("annotations/glossary/pakistan.md", "+++\nThe country.", "[[source]]\nid = \"cia\"\ntitle = \"Factbook\"\n+++\nThe country.")], args: &[], exit: 0,
        expect: &[(W, "annotations/glossary/pakistan.md:5", "source `cia` is never cited")] },
    Case { name: "source url not http(s)", ops: &[Replace("annotations/glossary/pakistan.md", "+++\nThe country.", "[[source]]\nid = \"cia\"\ntitle = \"Factbook\"\nurl = \"javascript:alert(1)\"\n+++\nThe country [@cia].")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:7", "source url `javascript:alert(1)` is not an http(s) address")] },
    Case { name: "source id declared twice", ops: &[Replace("annotations/glossary/pakistan.md", "+++\nThe country.", "[[source]]\nid = \"cia\"\ntitle = \"A\"\n[[source]]\nid = \"cia\"\ntitle = \"B\"\n+++\nThe country [@cia].")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:8", "source id `cia` is declared twice")] },
    Case { name: "source without a title", ops: &[Replace("annotations/glossary/pakistan.md", "+++\nThe country.", "[[source]]\nid = \"cia\"\n+++\nThe country [@cia].")], args: &[], exit: 1,
        expect: &[(E, "annotations/glossary/pakistan.md:4", "missing field `title`")] },
    Case { name: "a seed nobody annotates, in a dossier without a glossary", ops: &[Write("seeds/extra.txt", "Some text.\n"), Remove("annotations/glossary"), Replace("annotations/index.md", " and the term [[ISIS-K]]", ""), Replace("annotations/articles/alpha.md", " and [[people/jilani]]", ""), Replace("annotations/articles/alpha.md", "[[un-security-council|Security Council]]", "Security Council")], args: &[], exit: 0,
        expect: &[(W, "seeds/extra.txt", "seed has no annotation and is not published")] },
    Case { name: "output inside seeds/", ops: &[], args: &["build", "--output", "seeds/out"], exit: 1,
        expect: &[(E, "seeds/out", "it is inside seeds/")] },
    Case { name: "output is the dossier folder", ops: &[], args: &["build", "--output", "."], exit: 1,
        expect: &[(E, ".", "it holds the dossier itself")] },
    Case { name: "bad --base-url", ops: &[], args: &["build", "--base-url", "ftp://x.org/"], exit: 1,
        expect: &[(E, "--base-url", "is not an http(s) URL")] },
];

fn apply(root: &Path, op: &Op) {
    match op {
        Replace(file, from, to) => {
            let p = root.join(file);
            let t = std::fs::read_to_string(&p).unwrap();
            assert!(t.contains(from), "{file} lacks {from:?}");
            std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
        }
        Write(file, text) => {
            let p = root.join(file);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Bytes(file, bytes) => std::fs::write(root.join(file), bytes).unwrap(),
        Sized(file, len) => std::fs::File::create(root.join(file))
            .and_then(|f| f.set_len(*len))
            .unwrap(),
        Remove(path) => {
            let p = root.join(path);
            if p.is_dir() {
                std::fs::remove_dir_all(p).unwrap();
            } else {
                std::fs::remove_file(p).unwrap();
            }
        }
        Link(at, target) => std::os::unix::fs::symlink(target, root.join(at)).unwrap(),
    }
}

/// (severity, location, message) of every diagnostic in a run's output.
fn parse(stderr: &str) -> Vec<(String, String, String)> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let sev = if l.starts_with("error: ") {
            "error"
        } else if l.starts_with("warning: ") {
            "warning"
        } else {
            continue;
        };
        let message = l.split_once(": ").map(|x| x.1).unwrap_or("").to_string();
        let loc = lines[i + 1..]
            .iter()
            .take(3)
            .find_map(|l| l.trim().strip_prefix("--> "))
            .unwrap_or("")
            .to_string();
        out.push((sev.to_string(), loc, message));
    }
    out
}

/// `want` ("f", "f:l" or "f:l:c") matches `got` ("f" or "f:l:c").
fn loc_matches(want: &str, got: &str) -> bool {
    let w: Vec<&str> = want.rsplitn(3, ':').collect();
    let g: Vec<&str> = got.rsplitn(3, ':').collect();
    let numeric = |s: &&&str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let w_nums = w.iter().take_while(numeric).count();
    let g_nums = g.iter().take_while(numeric).count();
    match (w_nums, g_nums) {
        (0, 0) => want == got,
        (1, 2) => w[1] == g[2] && w[0] == g[1],
        (2, 2) => want == got,
        _ => false,
    }
}

#[test]
fn every_bad_input_gets_its_one_diagnostic() {
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
    let mut failures = Vec::new();
    for case in CASES {
        let dir = copy_dossier(&fixture("basic"));
        let root = dir.path();
        for op in case.ops {
            apply(root, op);
        }
        let args: &[&str] = if case.args.is_empty() {
            &["check"]
        } else {
            case.args
        };
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--root")
            .arg(root)
            .args(args)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let got = parse(&stderr);
        let code = out.status.code().unwrap_or(-1);
        let mut ok = code == case.exit && got.len() == case.expect.len();
        for (sev, loc, msg) in case.expect {
            let found = got
                .iter()
                .any(|(s, l, m)| s == sev && loc_matches(loc, l) && m.contains(msg));
            ok &= found;
        }
        if !ok {
            failures.push(format!(
                "--- {}: exit {code} (want {}), got:\n{}\nwant:\n{}\n{stderr}",
                case.name,
                case.exit,
                got.iter()
                    .map(|(s, l, m)| format!("  {s} {l} {m}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                case.expect
                    .iter()
                    .map(|(s, l, m)| format!("  {s} {l} {m}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// The "did you mean" of each kind of near miss names the close spelling.
#[test]
fn suggestions_name_the_close_spelling() {
    let cases: &[(&[Op], &str)] = &[
        (
            &[Replace("annotations/index.md", "[[ISIS-K]]", "[[ISIS-KK]]")],
            "did you mean `ISIS-K`?",
        ),
        (
            &[Replace("annotations/index.md", "[[alpha]]", "[[alpah]]")],
            "did you mean `alpha`?",
        ),
        (
            &[Replace(
                "annotations/articles/alpha.md",
                "\"alpha.txt\"",
                "\"alpha.tx\"",
            )],
            "did you mean `alpha.txt`?",
        ),
        (
            &[Replace(
                "annotations/glossary/pakistan.md",
                "\"place\"",
                "\"plase\"",
            )],
            "did you mean `place`?",
        ),
        (
            &[Replace(
                "annotations/articles/alpha.md",
                "title =",
                "titel =",
            )],
            "did you mean `title`?",
        ),
        (
            &[Replace(
                "annotations/glossary/islamic-state-khorasan.md",
                "\"islamic-state\"",
                "\"islamic-stat\"",
            )],
            "did you mean `islamic-state`?",
        ),
        (
            &[Replace(
                "annotations/articles/beta.md",
                "see_also = [\"alpha\"]",
                "see_also = [\"alpah\"]",
            )],
            "did you mean `alpha`?",
        ),
        (
            &[Replace(
                "annotations/glossary/pakistan.md",
                "The country.",
                "The country [@cia].",
            )],
            "declare it in this file's front matter",
        ),
        (
            &[Replace(
                "annotations/glossary/pakistan.md",
                "+++\nThe country.",
                "[[source]]\nid = \"factbook-2024\"\ntitle = \"Factbook\"\n+++\nThe country [@factbook-2024; @zzz].",
            )],
            "this file declares: `factbook-2024`",
        ),
    ];
    for (ops, help) in cases {
        let dir = copy_dossier(&fixture("basic"));
        for op in *ops {
            apply(dir.path(), op);
        }
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--root")
            .arg(dir.path())
            .arg("check")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(help), "want {help:?} in\n{stderr}");
    }
}

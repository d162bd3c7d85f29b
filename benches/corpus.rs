//! A synthetic dossier for benchmarks: N articles with seeds full of glossary
//! mentions and scrape junk, cuts, a fix, notes anchored to quotes, see_also links,
//! events, and a glossary of terms with aliases. Deterministic (fixed seed).
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "officials",
    "said",
    "the",
    "talks",
    "in",
    "border",
    "region",
    "security",
    "forces",
    "agreed",
    "to",
    "expand",
    "cooperation",
    "against",
    "militant",
    "groups",
    "and",
    "share",
    "information",
    "on",
    "threats",
    "while",
    "critics",
    "warned",
    "that",
    "the",
    "plan",
    "lacked",
    "detail",
    "about",
    "funding",
    "training",
    "and",
    "oversight",
    "of",
    "operations",
    "near",
    "the",
    "frontier",
];

/// Writes a dossier of `articles` articles and `terms` glossary terms into `root`.
pub fn generate(root: &Path, articles: usize, terms: usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    fs::create_dir_all(root.join("seeds")).unwrap();
    fs::create_dir_all(root.join("annotations/articles")).unwrap();
    fs::create_dir_all(root.join("annotations/glossary")).unwrap();
    fs::write(
        root.join("dossier.toml"),
        "title = \"Synthetic dossier\"\ndescription = \"Generated for benchmarks.\"\n",
    )
    .unwrap();
    fs::write(
        root.join("annotations/index.md"),
        "+++\ntitle = \"Synthetic dossier\"\n+++\nStart with [[article-0]] and [[term-0]].\n",
    )
    .unwrap();
    fs::write(
        root.join("annotations/boilerplate.toml"),
        "[[cut]]\nlines = [\"Share This:\", \"Post a Comment\"]\n\n[[cut]]\nfrom = \"Welcome! Login in to your account\"\nto = \"Lost Password\"\n",
    )
    .unwrap();
    // Glossary: every term has a name and two aliases (one an acronym).
    let names: Vec<(String, String, String)> = (0..terms)
        .map(|i| {
            (
                format!("Organisation {i}"),
                format!("ORG{i}"),
                format!("Org-{i} Group"),
            )
        })
        .collect();
    for (i, (name, acro, alias)) in names.iter().enumerate() {
        let part_of = if i > 0 && i % 10 == 0 {
            format!("part_of = \"term-{}\"\n", i - 1)
        } else {
            String::new()
        };
        fs::write(
            root.join(format!("annotations/glossary/term-{i}.md")),
            format!(
                "+++\nterm = \"{name}\"\naliases = [\"{acro}\", \"{alias}\"]\nkind = \"organization\"\n{part_of}+++\n{name} is a body in this synthetic dossier, related to [[term-{}]].\n",
                (i + 1) % terms
            ),
        )
        .unwrap();
    }
    let mut last_wire = String::new();
    for a in 0..articles {
        let mut seed = String::new();
        writeln!(
            seed,
            "close\nMonday January 1, 2024\n\nHeadline number {a}\n"
        )
        .unwrap();
        let mut quote = String::new();
        // About 650 words and 35 glossary mentions an article, as a news report has.
        // One article in twenty also prints the paragraph of wire copy the one before
        // it printed (shared passages to find).
        let mut wire = String::new();
        for p in 0..8 {
            let mut para = String::new();
            for w in 0..80 {
                if w % 18 == 5 {
                    let (n, acro, alias) = &names[rng.below(terms)];
                    para.push_str([n, acro, alias][rng.below(3)]);
                } else {
                    para.push_str(WORDS[rng.below(WORDS.len())]);
                }
                para.push(' ');
            }
            if p == 2 {
                quote = para
                    .split_whitespace()
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            if p == 3 {
                para.push_str("the Security Coalition met. ");
            }
            if p == 5 {
                wire = para.clone();
            }
            writeln!(seed, "{}", para.trim_end()).unwrap();
        }
        if a % 20 == 1 {
            writeln!(seed, "{}", last_wire.trim_end()).unwrap();
        }
        last_wire = wire;
        seed.push_str(
            "\nShare This:\nPost a Comment\n\nWelcome! Login in to your account\nRemember me\nLost Password\n",
        );
        fs::write(root.join(format!("seeds/{a:05}.txt")), seed).unwrap();
        let year = 2000 + a % 25;
        let month = 1 + a % 12;
        // Pairs (0,1), (2,3), … list each other, so see_also is mutual (a clean dossier:
        // the benchmark measures work, not the printing of warnings).
        let see = if a ^ 1 < articles {
            a ^ 1
        } else {
            (a + 1) % articles
        };
        fs::write(
            root.join(format!("annotations/articles/article-{a}.md")),
            format!(
                "+++\nseed = \"{a:05}.txt\"\ntitle = \"Headline number {a}\"\ndate = \"{year}-{month:02}\"\npublication = \"The Synthetic Times\"\nsummary = \"Summary of article {a}.\"\ntags = [\"synthetic\"]\nsee_also = [\"article-{see}\"]\n\n[[cut]]\nlines = [\"close\", \"Monday January 1, 2024\", \"Headline number {a}\"]\n\n[[fix]]\nfind = \"Security Coalition\"\nreplace = \"Security Council\"\n\n[[event]]\ndate = \"{year}-{month:02}-15\"\ntext = \"Something happened, reported by [[article-{a}]]\"\n+++\nCommentary on article {a}, see [[article-{see}]] and [[term-{}]].\n\n## Notes\n\n> {quote}\n\nA note on that quote.\n",
                a % terms
            ),
        )
        .unwrap();
    }
}

/// Writes the same articles and glossary definitions as a Zola site into `out`, read
/// back from the dossier at `dossier` (for side-by-side timings): one Markdown page per
/// article with its seed's text, one per term with its definition, minimal templates.
pub fn zola_site(dossier: &Path, out: &Path) {
    for dir in ["content/articles", "content/glossary", "templates"] {
        fs::create_dir_all(out.join(dir)).unwrap();
    }
    fs::write(
        out.join("config.toml"),
        "base_url = \"https://example.org/\"\ntitle = \"Synthetic dossier\"\ncompile_sass = false\nbuild_search_index = false\n",
    )
    .unwrap();
    // A whole document (`<html>`, `<body>`) as a theme would write it: Pagefind, run
    // over Zola's output, indexes only what is inside an explicit <body>.
    let doc = |title: &str, body: &str| {
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>"
        )
    };
    for (name, body) in [
        ("index.html", doc("{{ config.title }}", "<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>")),
        ("section.html", doc("{{ section.title }}", "<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}</ul>")),
        ("page.html", doc("{{ page.title }}", "<h1>{{ page.title }}</h1>{{ page.content | safe }}")),
    ] {
        fs::write(out.join("templates").join(name), body).unwrap();
    }
    fs::write(
        out.join("content/_index.md"),
        "+++\ntitle = \"Synthetic dossier\"\n+++\n",
    )
    .unwrap();
    for dir in ["articles", "glossary"] {
        let text = format!("+++\ntitle = \"{dir}\"\nsort_by = \"none\"\n+++\n");
        fs::write(out.join("content").join(dir).join("_index.md"), text).unwrap();
    }
    for e in fs::read_dir(dossier.join("annotations/articles")).unwrap() {
        let path = e.unwrap().path();
        let ann = fs::read_to_string(&path).unwrap();
        let field = |k: &str| {
            ann.lines()
                .find_map(|l| l.strip_prefix(&format!("{k} = \"")))
                .map(|v| v.trim_end_matches('"').to_string())
                .unwrap_or_default()
        };
        let seed = fs::read_to_string(dossier.join("seeds").join(field("seed"))).unwrap();
        let body: String = seed.lines().map(|l| format!("{l}\n\n")).collect();
        let page = format!(
            "+++\ntitle = \"{}\"\ndate = {}-15\n+++\n{body}",
            field("title"),
            field("date")
        );
        fs::write(
            out.join("content/articles").join(path.file_name().unwrap()),
            page,
        )
        .unwrap();
    }
    for e in fs::read_dir(dossier.join("annotations/glossary")).unwrap() {
        let path = e.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let (fm, body) = text
            .trim_start_matches("+++\n")
            .split_once("+++\n")
            .unwrap();
        let title = fm
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("term = ");
        let page = format!("+++\ntitle = {title}\n+++\n{body}");
        fs::write(
            out.join("content/glossary").join(path.file_name().unwrap()),
            page,
        )
        .unwrap();
    }
}

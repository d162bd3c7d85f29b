//! Term linking and rendering of scraped text: the input is split at NUL bytes into
//! the text of seed `alpha.txt`, the aliases of the `Pakistan` glossary entry (one a
//! line) and a note quote (when missing or empty, the seed's longest line), written
//! into a copy of the basic fixture whose `alpha` article has no cuts or fixes.
//!
//! Asserts: no panic, every diagnostic renders, an error never comes with a site; a
//! site that builds holds no script element, no event handler and no href/src with a
//! refused scheme in any page.

#![no_main]

use std::sync::OnceLock;

use dossier_fuzz::{build, check_site, toml_string, Scratch};
use libfuzzer_sys::fuzz_target;

static SCRATCH: OnceLock<Scratch> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let s = SCRATCH.get_or_init(|| Scratch::new("basic", "link"));
    let mut parts = data.splitn(3, |&b| b == 0);
    let seed = parts.next().unwrap_or_default();
    let aliases = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let quote = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let quote = if quote.trim().is_empty() {
        String::from_utf8_lossy(seed)
            .lines()
            .max_by_key(|l| l.len())
            .unwrap_or_default()
            .to_string()
    } else {
        quote
    };
    let aliases: Vec<String> = aliases.lines().map(toml_string).collect();

    s.write("seeds/alpha.txt", seed);
    s.write(
        "annotations/glossary/pakistan.md",
        format!(
            "+++\nterm = \"Pakistan\"\naliases = [{}]\nkind = \"place\"\n+++\nThe country.\n",
            aliases.join(", ")
        )
        .as_bytes(),
    );
    s.write(
        "annotations/articles/alpha.md",
        format!(
            "+++\nseed = \"alpha.txt\"\ntitle = \"Alpha headline\"\ndate = \"2016-03-10\"\n\
             see_also = [\"beta\"]\n+++\nCommentary links [[beta|the beta article]] and \
             [[people/jilani]].\n\n## Notes\n\n> {quote}\n\nA note about it.\n"
        )
        .as_bytes(),
    );
    let (files, _) = build(s.root());
    if let Some(files) = files {
        check_site(&files);
    }
});

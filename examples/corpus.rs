//! A generated dossier for benchmarks, anyone can run:
//!
//! ```text
//! cargo run --release --example corpus -- N TERMS DIR [ZOLA_DIR]
//! ```
//!
//! writes N articles (about 650 words and 35 glossary mentions each, scrape junk to
//! cut, a fix, a note, see_also, an event) and TERMS glossary terms into DIR,
//! deterministically; with ZOLA_DIR, also the same text as a Zola site, for
//! side-by-side timings (see `benches/compare.sh`).

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(terms), Some(dir)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2).map(PathBuf::from),
    ) else {
        eprintln!("usage: cargo run --release --example corpus -- N TERMS DIR [ZOLA_DIR]");
        return ExitCode::from(2);
    };
    if dir.exists() {
        eprintln!("{} exists: choose a new folder", dir.display());
        return ExitCode::from(2);
    }
    corpus::generate(&dir, n, terms.max(1));
    if let Some(zola) = args.get(3).map(PathBuf::from) {
        corpus::zola_site(&dir, &zola);
    }
    ExitCode::SUCCESS
}

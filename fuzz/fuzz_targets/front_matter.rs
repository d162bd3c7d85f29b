//! Arbitrary bytes as an article annotation, then as a glossary entry, then as
//! boilerplate.toml, each in turn in a copy of the basic fixture, through the whole
//! pipeline: no panic, every diagnostic renders, an error never comes with a site,
//! and a site that builds holds no live script.

#![no_main]

use std::sync::OnceLock;

use dossier_fuzz::{build, check_site, Scratch};
use libfuzzer_sys::fuzz_target;

/// The files the input stands in for, one build each.
const SLOTS: &[&str] = &[
    "annotations/articles/alpha.md",
    "annotations/glossary/people/jilani.md",
    "annotations/boilerplate.toml",
];

static SCRATCH: OnceLock<Scratch> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let s = SCRATCH.get_or_init(|| Scratch::new("basic", "front_matter"));
    for rel in SLOTS {
        s.write(rel, data);
        let (files, _) = build(s.root());
        s.restore(rel);
        if let Some(files) = files {
            check_site(&files);
        }
    }
});

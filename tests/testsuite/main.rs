//! The integration tests, as one binary (one link step, as mdBook does): each module
//! builds the shipped dossier or a fixture dossier into a temp dir, runs the CLI or the
//! server, and asserts on the parsed output.

mod common;

mod analyst;
mod authoring;
mod bad_input;
mod bad_input_matrix;
mod build;
mod check;
mod crawl;
mod dossier;
mod exports;
mod golden;
mod incremental;
mod properties;
mod scaffold;
mod scripts;
mod serve;
mod xss;

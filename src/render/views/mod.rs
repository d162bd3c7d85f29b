//! The views of each kind of page: small serialisable values built from what the page
//! reads of the site (through a `PageCtx`), handed to its template.

pub mod article;
pub mod cite;
pub mod common;
pub mod data;
pub mod feed;
pub mod graph;
pub mod kwic;
pub mod lists;
mod offsets;
pub mod print;
pub mod schema_org;
pub mod shared;
pub mod term;
pub mod timeline_js;

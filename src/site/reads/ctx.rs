//! The one door from a page's view to the site: [`PageCtx::reading`] hands out the
//! site only together with the [`Dep`] it records, so no accessor can read a part
//! of the site without naming the part, and every part has a fingerprint (the
//! [`parts`](super::parts) table defines both at once).

use std::cell::RefCell;

use super::Dep;
use crate::site::Site;

/// The site as one page reads it.
pub struct PageCtx<'a> {
    site: &'a Site,
    reads: RefCell<Vec<Dep>>,
}

impl<'a> PageCtx<'a> {
    /// Starts reading `site` for one page.
    pub fn new(site: &'a Site) -> PageCtx<'a> {
        PageCtx {
            site,
            reads: RefCell::new(Vec::new()),
        }
    }

    /// The site, for reading the part `dep`, which is recorded.
    pub(super) fn reading(&self, dep: Dep) -> &'a Site {
        self.reads.borrow_mut().push(dep);
        self.site
    }

    /// Everything read, once each, in order.
    pub fn into_reads(self) -> Vec<Dep> {
        let mut v = self.reads.into_inner();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The settings. Not a part: every page depends on them through the site-wide
    /// fingerprint.
    pub fn config(&self) -> &'a crate::config::Config {
        &self.site.config
    }

    /// How many articles, terms and events there are (shown in every page's footer;
    /// in the site-wide fingerprint too).
    pub fn counts(&self) -> (usize, usize, usize) {
        let s = self.site;
        (s.articles.len(), s.terms.len(), s.timeline.len())
    }
}

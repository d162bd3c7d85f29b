//! Partial dates with their precision kept: a year, a month or a day, optionally
//! approximate (`~2015-09`). Annotations of undated articles must be honest about
//! what is known, so "September 2015, approximately" is a first-class value.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// A full calendar date.
    Day,
}

/// A date known to year, month or day precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The first day of the period (1 January for a year, the 1st for a month).
    pub start: NaiveDate,
    /// What is actually known.
    pub precision: Precision,
    /// Written with a leading `~`: the value is an estimate.
    pub approximate: bool,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally prefixed by `~`.
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        let (approximate, s) = match s.strip_prefix('~') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, s),
        };
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, what: &str, len: usize| -> Result<u32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("`{p}` is not a {len}-digit {what}"));
            }
            p.parse::<u32>().map_err(|e| e.to_string())
        };
        let (y, m, d, precision) = match parts.as_slice() {
            [y] => (num(y, "year", 4)?, 1, 1, Precision::Year),
            [y, m] => (num(y, "year", 4)?, num(m, "month", 2)?, 1, Precision::Month),
            [y, m, d] => (
                num(y, "year", 4)?,
                num(m, "month", 2)?,
                num(d, "day", 2)?,
                Precision::Day,
            ),
            _ => return Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into()),
        };
        let start = NaiveDate::from_ymd_opt(y as i32, m, d)
            .ok_or_else(|| format!("{s} is not a calendar date"))?;
        Ok(PartialDate {
            start,
            precision,
            approximate,
        })
    }

    /// Machine form, as written: `~2015-09`.
    pub fn iso(&self) -> String {
        let body = match self.precision {
            Precision::Year => format!("{:04}", self.start.year()),
            Precision::Month => format!("{:04}-{:02}", self.start.year(), self.start.month()),
            Precision::Day => self.start.format("%Y-%m-%d").to_string(),
        };
        if self.approximate {
            format!("~{body}")
        } else {
            body
        }
    }

    /// Value for `<time datetime>`: the known part only, no `~`.
    pub fn datetime_attr(&self) -> String {
        self.iso().trim_start_matches('~').to_string()
    }

    /// Human form: `10 March 2016`, `March 2016`, `c. September 2015`.
    pub fn human(&self) -> String {
        let body = match self.precision {
            Precision::Year => self.start.format("%Y").to_string(),
            Precision::Month => self.start.format("%B %Y").to_string(),
            Precision::Day => {
                format!("{} {}", self.start.day(), self.start.format("%B %Y"))
            }
        };
        if self.approximate {
            format!("c. {body}")
        } else {
            body
        }
    }

    /// The year, for grouping.
    pub fn year(&self) -> i32 {
        self.start.year()
    }
}

impl Ord for PartialDate {
    /// Chronological; a less precise date sorts before more precise ones in the same period.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.start, self.precision, self.approximate).cmp(&(
            other.start,
            other.precision,
            other.approximate,
        ))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_display() {
        let d = PartialDate::parse("~2015-09").unwrap();
        assert_eq!(d.year(), 2015);
        assert_eq!(PartialDate::parse("1999").unwrap().year(), 1999);
        assert_eq!(d.to_string(), d.human());
        assert!(!d.to_string().is_empty());
    }

    #[test]
    fn parses_all_precisions() {
        let d = PartialDate::parse("2016-03-10").unwrap();
        assert_eq!(d.precision, Precision::Day);
        assert_eq!(d.human(), "10 March 2016");
        let m = PartialDate::parse("~2015-09").unwrap();
        assert!(m.approximate);
        assert_eq!(m.human(), "c. September 2015");
        assert_eq!(m.iso(), "~2015-09");
        assert_eq!(m.datetime_attr(), "2015-09");
        assert_eq!(PartialDate::parse("2017").unwrap().human(), "2017");
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "2016-02-30",
            "16-03",
            "2016/03/10",
            "March 2016",
            "",
            "2016-3",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_chronologically() {
        let mut v: Vec<PartialDate> = ["2017-12-17", "~2015-09", "2016", "2016-03-10"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        v.sort();
        let iso: Vec<String> = v.iter().map(|d| d.iso()).collect();
        assert_eq!(iso, ["~2015-09", "2016", "2016-03-10", "2017-12-17"]);
    }
}

//! `timeline.json`: the dated events in the format of TimelineJS (Knight Lab), so the
//! timeline can be shown by its viewer or read by other tools. TimelineJS inserts
//! `headline` and `text` as HTML: both are the escaped, sanitised HTML the timeline
//! page itself shows, with links absolute when the base URL is.

use chrono::Datelike;
use serde::Serialize;

use super::article::event_view;
use crate::date::Precision;
use crate::render::paths::escape;
use crate::site::PageCtx;

#[derive(Serialize)]
pub struct TimelineJs {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<StartDate>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

#[derive(Serialize)]
struct StartDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    display_date: String,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// The timeline for TimelineJS; `root` prefixes links (the base URL, or empty).
pub fn timeline_js(ctx: &PageCtx, root: &str) -> TimelineJs {
    let config = ctx.config();
    let events = ctx
        .timeline()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let view = event_view(ctx, root, e.article, e.event, true);
            let d = e.date;
            let (headline, link) = match &view.article {
                Some(a) => (
                    escape(&a.title),
                    format!(
                        "<p><a href=\"{}\">{}</a></p>",
                        escape(&a.href),
                        escape(&a.title)
                    ),
                ),
                None => (String::new(), String::new()),
            };
            Slide {
                start_date: Some(StartDate {
                    year: d.year(),
                    month: (d.precision >= Precision::Month).then(|| d.start.month()),
                    day: (d.precision == Precision::Day).then(|| d.start.day()),
                    display_date: view.date.clone(),
                }),
                text: Text {
                    headline,
                    text: format!("<p>{}</p>{link}", view.html),
                },
                group: Some(d.year().to_string()),
                unique_id: Some(format!("event-{}", i + 1)),
            }
        })
        .collect();
    TimelineJs {
        title: Slide {
            start_date: None,
            text: Text {
                headline: escape(&config.title),
                text: escape(&config.description),
            },
            group: None,
            unique_id: None,
        },
        events,
    }
}

//! Renderers: pure functions from query results to text, written to one writer.

pub mod explain;
pub mod json;
pub mod marks;
pub mod plain;
pub mod scan;
pub mod table;

use std::io::{self, Write};

use crate::catalog::{Catalog, Hit, Vendor};
use crate::cli::Format;
use crate::term::Term;

pub use marks::Marks;

/// `n` with the word for one or for many: `1 entry`, `2 entries`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes entries in the chosen format.
pub fn entries(
    out: &mut impl Write,
    catalog: &Catalog,
    hits: &[Hit<'_>],
    format: Format,
    term: &Term,
) -> io::Result<()> {
    match format {
        Format::Plain => hits
            .iter()
            .try_for_each(|h| plain::entry(out, h, term.color)),
        Format::Table => {
            if hits.is_empty() {
                return Ok(());
            }
            writeln!(out, "{}", table::entries(hits, term))
        }
        Format::Json | Format::Jsonl => {
            let items: Vec<json::EntryJson> = hits
                .iter()
                .map(|h| json::EntryJson::new(catalog, h))
                .collect();
            json::list(out, &items, json::Layout::of(format))
        }
    }
}

/// Writes the vendor list in the chosen format.
pub fn vendors(
    out: &mut impl Write,
    vendors: &[Vendor],
    format: Format,
    term: &Term,
) -> io::Result<()> {
    match format {
        Format::Plain => vendors.iter().try_for_each(|v| plain::vendor(out, v)),
        Format::Table => writeln!(out, "{}", table::vendors(vendors, term)),
        Format::Json | Format::Jsonl => json::vendors(out, vendors, json::Layout::of(format)),
    }
}

/// Search results in the chosen format: entries, with the query's words marked (`marks`).
pub fn search_results(
    out: &mut impl Write,
    catalog: &Catalog,
    hits: &[Hit<'_>],
    format: Format,
    term: &Term,
    marks: Option<&Marks>,
) -> io::Result<()> {
    let Some(marks) = marks else {
        return entries(out, catalog, hits, format, term);
    };
    match format {
        Format::Plain => hits
            .iter()
            .try_for_each(|h| plain::entry_marked(out, h, term.color, Some(marks))),
        Format::Table if !hits.is_empty() => {
            writeln!(out, "{}", table::entries_marked(hits, term, Some(marks)))
        }
        _ => entries(out, catalog, hits, format, term),
    }
}

/// Text styles, empty when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    pub heading: anstyle::Style,
    pub code: anstyle::Style,
    pub dim: anstyle::Style,
}

impl Styles {
    pub fn new(color: bool) -> Self {
        use anstyle::{AnsiColor, Style};
        if !color {
            return Styles {
                heading: Style::new(),
                code: Style::new(),
                dim: Style::new(),
            };
        }
        Styles {
            heading: Style::new().bold(),
            code: Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
            dim: Style::new().dimmed(),
        }
    }

    /// `text` in `style`, with no escape codes at all when the style is empty.
    pub fn paint(style: anstyle::Style, text: &str) -> String {
        if style == anstyle::Style::new() {
            text.to_string()
        } else {
            format!("{style}{text}{style:#}")
        }
    }
}

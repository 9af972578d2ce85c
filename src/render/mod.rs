//! Renderers: pure functions from query results to text, written to one writer.

pub mod explain;
pub mod json;
pub mod plain;
pub mod scan;
pub mod table;

use std::io::{self, Write};

use crate::catalog::{Catalog, Hit, Vendor};
use crate::cli::Format;
use crate::term::Term;

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

/// The words of a search to mark in its results, as `rg` marks its matches: every occurrence,
/// ASCII case ignored, carried on to the end of its word (a stem marks the whole word). No
/// marks at all without colour.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    terms: Vec<String>,
    style: anstyle::Style,
}

impl Marks {
    /// `terms` in lower case; `None` when colour is off.
    pub fn new(terms: Vec<String>, color: bool) -> Option<Self> {
        use anstyle::{AnsiColor, Style};
        (color && !terms.is_empty()).then(|| Marks {
            terms,
            style: Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        })
    }

    /// `text` with its matches in the marking style.
    pub fn apply<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let lower = text.to_ascii_lowercase();
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for term in &self.terms {
            for start in memchr::memmem::find_iter(lower.as_bytes(), term.as_bytes()) {
                let mut end = start + term.len();
                end += text[end..]
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(text.len() - end);
                ranges.push((start, end));
            }
        }
        if ranges.is_empty() {
            return text.into();
        }
        ranges.sort_unstable();
        let mut out = String::with_capacity(text.len() + 16 * ranges.len());
        let (mut at, style) = (0, self.style);
        let mut i = 0;
        while i < ranges.len() {
            let (start, mut end) = ranges[i];
            while i + 1 < ranges.len() && ranges[i + 1].0 <= end {
                i += 1;
                end = end.max(ranges[i].1);
            }
            if start >= at {
                out.push_str(&text[at..start]);
                out.push_str(&format!("{style}{}{style:#}", &text[start..end]));
                at = end;
            }
            i += 1;
        }
        out.push_str(&text[at..]);
        out.into()
    }

    /// A rendered table (`table::entries`: rows framed by `│`, columns parted by `┆`) with the
    /// matches marked in its last column, the titles and messages, below the header row;
    /// borders and the other columns stay as they are.
    pub fn apply_to_table(&self, table: &str) -> String {
        let mut out = String::with_capacity(table.len() + 256);
        let mut header_seen = false;
        for line in table.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            let cells = body.starts_with('│').then(|| {
                let end = body.rfind('│')?;
                let start = body[..end].rfind('┆')?;
                Some((start + '┆'.len_utf8(), end))
            });
            match cells.flatten() {
                Some((start, end)) if header_seen => {
                    out.push_str(&body[..start]);
                    out.push_str(&self.apply(&body[start..end]));
                    out.push_str(&line[end..]);
                }
                Some(_) => {
                    header_seen = true;
                    out.push_str(line);
                }
                None => out.push_str(line),
            }
        }
        out
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

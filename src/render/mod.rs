//! Renderers: from query results to text, written to one writer; they read the catalog for
//! what an entry links to (the standard beneath it, related entries, team notes), and write
//! nothing else.

pub mod explain;
pub mod json;
pub mod marks;
pub mod plain;
pub mod scan;
pub mod sources;
pub mod table;

use std::io::{self, Write};

use crate::catalog::{Catalog, Hit, Vendor};
use crate::output::Format;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::schema::{EntryDef, TableDef, VendorDef, VendorMeta};

    const BAD: &str = "x\u{202E}y\x1b[2J\u{7}";

    /// A catalog with what the schema refuses in every name, id and code (made without the
    /// schema, as a bug in it would let through): the renderers escape it all the same.
    fn hostile() -> Catalog {
        let entry = |code: &str| EntryDef {
            table: BAD.into(),
            code: code.into(),
            key: code.to_ascii_lowercase(),
            title: Some(BAD.into()),
            message: BAD.into(),
            ..Default::default()
        };
        let def = VendorDef {
            id: format!("evil{BAD}"),
            meta: Some(VendorMeta {
                name: BAD.into(),
                product: BAD.into(),
                source_title: BAD.into(),
                date: BAD.into(),
                ..Default::default()
            }),
            tables: vec![TableDef {
                id: BAD.into(),
                name: BAD.into(),
                field: BAD.into(),
                ..Default::default()
            }],
            entries: vec![entry(&format!("1{BAD}")), entry(&format!("2{BAD}"))],
            ..Default::default()
        };
        Catalog::builtin().with_file(def, "evil.toml")
    }

    fn assert_escaped(what: &str, text: &str) {
        let raw = |c: char| {
            (c.is_control() && !matches!(c, '\n' | '\t'))
                || crate::catalog::schema::is_bidi_control(c)
        };
        assert!(!text.chars().any(raw), "{what}: {text:?}");
        // Shown as an escape (JSON's own in JSON), not dropped.
        assert!(
            text.contains("\\u{202e}") || text.contains("\\u202e"),
            "{what}: {text:?}"
        );
    }

    #[test]
    fn every_renderer_escapes_catalog_text() {
        let catalog = hostile();
        let vendor = catalog.vendors().last().unwrap();
        let hits: Vec<Hit<'_>> = (vendor.entries.iter())
            .map(|entry| Hit { vendor, entry })
            .collect();
        for width in [200, 20] {
            let term = Term::fixed(width, false);
            for format in [Format::Table, Format::Plain, Format::Json] {
                let mut out = Vec::new();
                entries(&mut out, &catalog, &hits, format, &term).unwrap();
                assert_escaped("entries", &String::from_utf8_lossy(&out));
            }
            let mut out = Vec::new();
            vendors(&mut out, catalog.vendors(), Format::Table, &term).unwrap();
            assert_escaped("vendors", &String::from_utf8_lossy(&out));
            let mut out = Vec::new();
            explain::entry(&mut out, &catalog, &hits[0], &term, &[]).unwrap();
            assert_escaped("explain", &String::from_utf8_lossy(&out));
        }
        let seen = crate::logscan::Seen {
            file: BAD.into(),
            line: 1,
            time: None,
        };
        let groups: Vec<crate::logscan::Group<'_>> = (hits.iter())
            .map(|&hit| crate::logscan::Group {
                hit,
                count: 1,
                undecided: 0,
                first: seen.clone(),
                last: seen.clone(),
                example: None,
            })
            .collect();
        for format in [Format::Table, Format::Plain] {
            let mut out = Vec::new();
            scan::groups(&mut out, &groups, format, &Term::fixed(200, false)).unwrap();
            assert_escaped("scan", &String::from_utf8_lossy(&out));
        }
        let finding = crate::detect::Finding {
            hit: hits[0],
            found_at: crate::detect::Location::Member(BAD.into()),
            line: 1,
            evidence: vec![BAD.into()],
            rank: 1,
            candidates: 1,
            decided: true,
            shared: false,
            also: Vec::new(),
            first: false,
        };
        let each = crate::logscan::LineFinding {
            finding: &(&finding).into(),
            seen: &seen,
        };
        let mut out = Vec::new();
        scan::finding(&mut out, &each, false).unwrap();
        plain::finding(&mut out, &finding).unwrap();
        explain::findings(
            &mut out,
            &catalog,
            &[finding.clone(), finding],
            &Term::fixed(80, false),
        )
        .unwrap();
        assert_escaped("findings", &String::from_utf8_lossy(&out));
        for c in crate::complete::code_candidates(vendor, "") {
            let shown = format!(
                "{} {}",
                c.get_value().to_string_lossy(),
                c.get_help().map(ToString::to_string).unwrap_or_default()
            );
            assert_escaped("completion", &shown);
        }
    }
}

//! `autherr catalog sources`: the documents each catalog is written from, and their
//! licenses as the catalog states them (`license` in `[vendor]`).

use std::io::{self, Write};

use serde::Serialize;

use crate::catalog::{Source, Vendor};
use crate::cli::Format;

/// What is said of a catalog whose file states no license for its documents.
pub const UNSTATED: &str = "not stated in the catalog";

#[derive(Serialize)]
struct Document<'a> {
    title: &'a str,
    url: Option<&'a str>,
    date: &'a str,
}

#[derive(Serialize)]
struct CatalogSources<'a> {
    vendor: &'a str,
    name: &'a str,
    license: Option<&'a str>,
    /// The main document first, then the further ones.
    documents: Vec<Document<'a>>,
}

fn documents(v: &Vendor) -> Vec<Document<'_>> {
    std::iter::once(v.main_document())
        .chain(v.sources.iter())
        .map(|s: Source| Document {
            title: s.title,
            url: s.url,
            date: s.date,
        })
        .collect()
}

/// Writes each vendor's documents and their licenses: in JSON every document; in the table
/// layout the main document, how many more there are, and the licenses, wrapped to `width`;
/// plain, one line a field.
pub fn write(
    out: &mut impl Write,
    vendors: &[Vendor],
    format: Format,
    width: usize,
) -> io::Result<()> {
    let list: Vec<CatalogSources<'_>> = vendors
        .iter()
        .map(|v| CatalogSources {
            vendor: v.id,
            name: v.name,
            license: v.license,
            documents: documents(v),
        })
        .collect();
    // Plain output is for pipes: no wrapping.
    let width = if format == Format::Plain {
        usize::MAX / 2
    } else {
        width
    };
    match format {
        Format::Json => super::json::write(out, &list),
        Format::Jsonl => list.iter().try_for_each(|c| super::json::line(out, c)),
        Format::Table | Format::Plain => {
            const REST: &str = "            ";
            for (i, c) in list.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{} ({})", c.name, c.vendor)?;
                let main = &c.documents[0];
                let title = format!("{} ({})", main.title, main.date);
                super::explain::wrap(out, &title, width, "  Document  ", REST)?;
                if let Some(url) = main.url {
                    // Addresses are never broken.
                    writeln!(out, "{REST}{url}")?;
                }
                if c.documents.len() > 1 {
                    let more = c.documents.len() - 1;
                    let more = super::count(more, "further document", "further documents");
                    writeln!(out, "{REST}and {more}")?;
                }
                let license = c.license.unwrap_or(UNSTATED);
                super::explain::wrap(out, license, width, "  Licenses  ", REST)?;
            }
            Ok(())
        }
    }
}

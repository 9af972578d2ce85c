//! `autherr search`: ranked, typo-tolerant search, a vendor or table named in the query a filter.

use std::io::{BufRead, Write};

use anyhow::{Result, bail};

use super::{check_table, resolve_vendor};
use crate::catalog::{Catalog, Hit, Vendor};
use crate::cli::{Format, SearchArgs};
use crate::sanitize::{self, echo};
use crate::{Outcome, render, search};

pub(crate) fn run(
    cx: super::Context<'_, impl Write, impl Write, impl BufRead>,
    args: &SearchArgs,
) -> Result<Outcome> {
    let super::Context {
        catalog,
        format,
        term,
        out,
        err,
        ..
    } = cx;
    let query = Query::read(catalog, args)?;
    let (vendor, table) = (query.vendor, query.table.as_deref());
    if term.is_tty && format == Format::Table && (vendor.is_some() || table.is_some()) {
        let within: Vec<&str> = vendor.map(|v| v.id).into_iter().chain(table).collect();
        writeln!(out, "in {}:", sanitize::escape(&within.join(" ")))?;
    }
    let options = search::SearchOptions {
        vendor,
        table,
        limit: args.limit as usize,
    };
    // A catalog's name inside a sentence ("... not found in Kerberos database") filters only
    // when it does not make the answer worse; otherwise it is one more word of the query.
    let (matcher, results) =
        search::search_named(catalog, &query.text, &query.words, query.named, options);
    let marks = render::Marks::new(matcher.marks(), term.color);
    let hits: Vec<Hit<'_>> = results.iter().map(|s| s.hit).collect();
    // Found only by a likeness of spelling: shown apart, as weak matches, and no answer alone.
    let strong = results.iter().take_while(|s| !s.weak).count();
    let answered = results.iter().any(|s| !s.weak);
    if hits.is_empty() {
        writeln!(err, "autherr: no match for '{}'", echo(&query.text))?;
    } else if !answered {
        writeln!(
            err,
            "autherr: no entry matches these words; weak matches (spelling likeness only) follow"
        )?;
    }
    if format.is_json() {
        render::json::search_results(out, catalog, &results, render::json::Layout::of(format))?;
    } else if format == Format::Table && strong < hits.len() {
        render::search_results(out, catalog, &hits[..strong], format, term, marks.as_ref())?;
        writeln!(out, "weak matches:")?;
        render::search_results(out, catalog, &hits[strong..], format, term, marks.as_ref())?;
    } else {
        render::search_results(out, catalog, &hits, format, term, marks.as_ref())?;
    }
    // With JSON, each result's `match` says the same, and the output stays one document.
    if args.explain_score && !format.is_json() && !results.is_empty() {
        write_scores(out, &results)?;
    }
    Ok(Outcome::from_found(answered))
}

/// A search query as given: the vendor and table it names (or the options do), and the
/// words left to match.
struct Query<'c, 'a> {
    vendor: Option<&'c Vendor>,
    table: Option<String>,
    /// The words to match, joined.
    text: String,
    words: Vec<&'a str>,
    /// The query words that named the catalog or the table, if any did (not `--vendor` or
    /// `--table`), and where.
    named: search::Named<'a>,
}

impl<'c, 'a> Query<'c, 'a> {
    fn read(catalog: &'c Catalog, args: &'a SearchArgs) -> Result<Self> {
        let mut vendor = args
            .vendor
            .as_deref()
            .map(|v| resolve_vendor(catalog, v))
            .transpose()?;
        let mut table = args.table.as_deref().map(str::to_ascii_lowercase);
        // A catalog named in the query (`idaas user disabled`, `azure device not compliant`)
        // is a filter, not a word to match; so is a table id with an underscore (`hid_failure`).
        let mut words: Vec<&str> = Vec::new();
        let mut named = search::Named::default();
        for word in args.query.iter().flat_map(|q| q.split_whitespace()) {
            if vendor.is_none() {
                if let Some(v) = catalog.vendor(word) {
                    vendor = Some(v);
                    named.vendor = Some((words.len(), word));
                    continue;
                }
            }
            if table.is_none()
                && word.contains('_')
                && catalog
                    .vendors()
                    .iter()
                    .filter(|v| vendor.is_none_or(|x| x.id == v.id))
                    .any(|v| v.table(&word.to_ascii_lowercase()).is_some())
            {
                table = Some(word.to_ascii_lowercase());
                named.table = Some((words.len(), word));
                continue;
            }
            words.push(word);
        }
        if let Some(t) = &table {
            check_table(catalog, vendor, t)?;
        }
        let rest = words.join(" ");
        // Only a catalog's name: every entry of it is a match of nothing; search the name itself.
        let text = if rest.trim().is_empty() {
            args.query.join(" ")
        } else {
            rest
        };
        if text.trim().is_empty() {
            bail!(
                "the search query is empty: give words to search for, e.g. `autherr search 'session timed out'`"
            );
        }
        Ok(Query {
            vendor,
            table,
            text,
            words,
            named,
        })
    }
}

/// `--explain-score`: after the results, on stdout (asked for, and read with them), why each
/// one ranks where it does.
fn write_scores(out: &mut impl Write, results: &[search::Scored<'_>]) -> Result<()> {
    writeln!(out, "\nWhy this order (best first):")?;
    for (i, s) in results.iter().enumerate() {
        let fields = if s.fields.is_empty() {
            String::new()
        } else {
            format!("; in {}", s.fields.join(", "))
        };
        let (v, e) = (s.hit.vendor, s.hit.entry);
        let why = format!("{}{fields}", s.tier.describe());
        writeln!(
            out,
            "  {}. {} {} {}: {}",
            i + 1,
            sanitize::escape(v.id),
            sanitize::escape(e.table),
            sanitize::escape(e.code),
            sanitize::escape(&why),
        )?;
    }
    Ok(())
}

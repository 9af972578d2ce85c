//! The long form of an entry, for reading: every field in its own section, wrapped to the width.

use std::io::{self, Write};

use crate::catalog::{Catalog, DefinedAt, EntryView, Hit, Source};
use crate::detect::{Finding, Location};
use crate::render::Styles;
use crate::sanitize::escape_multiline;
use crate::term::Term;

const INDENT: &str = "  ";

pub(crate) fn wrap(
    out: &mut impl Write,
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
) -> io::Result<()> {
    let text = escape_multiline(text);
    // Identifiers and URLs are copied from here: never split them at hyphens or mid-word.
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    for (i, paragraph) in text.split('\n').enumerate() {
        let options = if i == 0 {
            options.clone()
        } else {
            options.clone().initial_indent(rest)
        };
        for line in textwrap::wrap(paragraph, options) {
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    Ok(())
}

fn section(out: &mut impl Write, styles: &Styles, title: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", Styles::paint(styles.heading, title))
}

/// Where a variant or note's wording comes from, in words.
fn source_label(hit: &Hit<'_>, id: Option<&str>) -> String {
    let doc = hit.vendor.document(id);
    format!("{} ({})", doc.title, doc.date)
}

/// A document: its title and date, then its address on a line of its own, whole, so that a
/// terminal can open it, or a plain word that it has none.
fn document(
    out: &mut impl Write,
    doc: &Source,
    width: usize,
    lead: &str,
    indent: &str,
    links: bool,
) -> io::Result<()> {
    wrap(
        out,
        &format!("{lead}{} ({})", doc.title, doc.date),
        width,
        indent,
        indent,
    )?;
    match doc.url {
        // On a terminal the address is a link (OSC 8, as `ls --hyperlink` and `gh` write them);
        // the text is the address itself, so it copies the same either way.
        Some(url) if links => {
            let url = escape_multiline(url);
            writeln!(out, "{indent}\x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\")
        }
        Some(url) => writeln!(out, "{indent}{}", escape_multiline(url)),
        None => writeln!(out, "{indent}(no address is known for this document)"),
    }
}

/// A list of other entries, one a line: vendor, table, code, then the title and message.
fn entry_list(out: &mut impl Write, hits: &[Hit<'_>], width: usize) -> io::Result<()> {
    for r in hits {
        let text = r.entry.title.map_or_else(
            || r.entry.message.to_string(),
            |t| format!("{t}: {}", r.entry.message),
        );
        let head = format!("{} {} {}", r.vendor.id, r.entry.table, r.entry.code);
        wrap(out, &format!("{head} — {text}"), width, "  - ", "    ")?;
    }
    Ok(())
}

/// Writes one entry in full. `extra` lines (e.g. where a pasted error was found) come first.
pub fn entry(
    out: &mut impl Write,
    catalog: &Catalog,
    hit: &Hit<'_>,
    term: &Term,
    extra: &[(String, String)],
) -> io::Result<()> {
    let view = catalog.view(hit);
    let page = Page {
        styles: Styles::new(term.color),
        // Prose reads best at no more than 100 columns, however wide the terminal.
        width: term.width.min(100),
        links: term.links,
    };
    headline(out, hit, &page)?;
    // What an engineer on call came for comes first: why, and what to do, each with the
    // document that says so.
    why_and_what(out, hit, &page)?;
    writeln!(out)?;
    facts(out, hit, &page, extra)?;
    if let Some(d) = hit.entry.description {
        section(out, &page.styles, "Description")?;
        wrap(out, d, page.width, INDENT, INDENT)?;
    }
    team_notes(out, &view, &page)?;
    wordings(out, hit, &page)?;
    notes(out, hit, &page)?;
    if let Some(example) = hit.entry.example {
        section(out, &page.styles, "Example")?;
        for line in escape_multiline(example).lines() {
            writeln!(out, "{INDENT}{line}")?;
        }
    }
    neighbours(out, &view, &page)?;
    sources(out, hit, &page)
}

/// How the long form is laid out: its styles, its width, whether addresses are links.
struct Page {
    styles: Styles,
    width: usize,
    links: bool,
}

/// Vendor, table and code (the page says which of a code's tables it is), then who defines it.
fn headline(out: &mut impl Write, hit: &Hit<'_>, page: &Page) -> io::Result<()> {
    let (v, e) = (hit.vendor, hit.entry);
    let headline = match e.title {
        Some(t) => format!("{} {} {} · {}", v.id, e.table, e.code, t),
        None => format!("{} {} {}", v.id, e.table, e.code),
    };
    writeln!(
        out,
        "{}",
        Styles::paint(page.styles.code, &escape_multiline(&headline))
    )?;
    // The product names the vendor already, more often than not: say it once.
    let who = if v.product.contains(v.name) {
        v.product.to_string()
    } else {
        format!("{} — {}", v.name, v.product)
    };
    wrap(out, &who, page.width, "", "")
}

/// Success, why it happens and what to do, each with the document that says so.
fn why_and_what(out: &mut impl Write, hit: &Hit<'_>, page: &Page) -> io::Result<()> {
    let (e, width, styles) = (hit.entry, page.width, &page.styles);
    if e.success {
        section(out, styles, "Success")?;
        wrap(
            out,
            &format!(
                "{} defines this code as success: it is not an error.",
                source_label(hit, e.source)
            ),
            width,
            INDENT,
            INDENT,
        )?;
    }
    if !e.causes.is_empty() {
        section(out, styles, "Why it happens")?;
        for (i, cause) in e.causes.iter().enumerate() {
            let n = format!("{INDENT}{}. ", i + 1);
            wrap(out, cause, width, &n, &" ".repeat(n.len()))?;
        }
        let from = format!("(from {})", source_label(hit, e.causes_source.or(e.source)));
        wrap(out, &from, width, INDENT, INDENT)?;
    }
    if let Some(s) = e.solution {
        section(out, styles, "What to do")?;
        wrap(out, s, width, INDENT, INDENT)?;
        let from = format!(
            "(from {})",
            source_label(hit, e.solution_source.or(e.source))
        );
        wrap(out, &from, width, INDENT, INDENT)?;
    }
    Ok(())
}

/// The entry's facts, a label and a value a row; `extra` rows first.
fn facts(
    out: &mut impl Write,
    hit: &Hit<'_>,
    page: &Page,
    extra: &[(String, String)],
) -> io::Result<()> {
    let (e, table) = (hit.entry, hit.table());
    let mut facts: Vec<(&str, String)> =
        extra.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    facts.push(("Table", format!("{} ({})", table.name, table.id)));
    facts.push(("Field", table.field.to_string()));
    facts.push(("Code", e.code.to_string()));
    if let Some(t) = e.title {
        facts.push(("Title", t.to_string()));
    }
    facts.push(("Message", e.message.to_string()));
    if let Some(g) = e.group {
        facts.push(("Group", g.to_string()));
    }
    if let Some(a) = e.applies_to {
        facts.push(("Applies to", a.to_string()));
    }
    // Rows a document does not speak to are left out: unknown is not "no".
    if let Some(s) = e.http_status {
        facts.push(("HTTP status", s.to_string()));
    }
    if let Some(d) = e.deprecated {
        facts.push(("Deprecated", if d { "yes" } else { "no" }.to_string()));
    }
    if e.origin != crate::catalog::Origin::Builtin {
        facts.push((
            "Origin",
            format!("{} ({})", e.origin.label(), e.origin.path().unwrap_or("")),
        ));
    }
    let label_width = facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
    let pad = " ".repeat(INDENT.len() + label_width);
    for (label, value) in &facts {
        let first = format!(
            "{INDENT}{}{}",
            Styles::paint(page.styles.dim, label),
            " ".repeat(label_width - label.len())
        );
        // The label's escape codes take no columns: wrap as if they were not there.
        let visible = format!("{INDENT}{label}{}", " ".repeat(label_width - label.len()));
        let mut buf = Vec::new();
        wrap(&mut buf, value, page.width, &visible, &pad)?;
        let text = String::from_utf8_lossy(&buf).replacen(&visible, &first, 1);
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// The team's own words, apart from the vendor's, with the file they come from.
fn team_notes(out: &mut impl Write, view: &EntryView<'_>, page: &Page) -> io::Result<()> {
    let width = page.width;
    for a in &view.team {
        section(
            out,
            &page.styles,
            &format!("Your team's notes (from {})", escape_multiline(a.from)),
        )?;
        if let Some(s) = a.solution {
            wrap(out, &format!("Solution: {s}"), width, INDENT, INDENT)?;
        }
        if let Some(o) = a.owner {
            wrap(out, &format!("Owner: {o}"), width, INDENT, INDENT)?;
        }
        if let Some(r) = a.runbook {
            writeln!(out, "{INDENT}Runbook:")?;
            let runbook = Source {
                id: "",
                title: "",
                url: Some(r),
                date: "",
            };
            let mut buf = Vec::new();
            document(&mut buf, &runbook, width, "", INDENT, page.links)?;
            // Only the address line: the runbook has no title or date.
            let text = String::from_utf8_lossy(&buf);
            out.write_all(
                text.lines()
                    .skip(1)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .as_bytes(),
            )?;
            writeln!(out)?;
        }
        for n in a.notes {
            wrap(out, n, width, "  - ", "    ")?;
        }
    }
    Ok(())
}

/// Other wordings of the entry: variants with their documents, and aliases.
fn wordings(out: &mut impl Write, hit: &Hit<'_>, page: &Page) -> io::Result<()> {
    let e = hit.entry;
    if e.variants.is_empty() && e.aliases.is_empty() {
        return Ok(());
    }
    section(out, &page.styles, "Also worded as")?;
    for var in e.variants {
        let words: Vec<String> = var
            .title
            .iter()
            .chain(var.message.iter())
            .map(|w| format!("\"{w}\""))
            .collect();
        wrap(
            out,
            &format!(
                "{} (in {})",
                words.join(" / "),
                source_label(hit, var.source)
            ),
            page.width,
            "  - ",
            "    ",
        )?;
    }
    for alias in e.aliases {
        wrap(
            out,
            &format!("\"{alias}\" (a corrected or older wording; it finds this entry too)"),
            page.width,
            "  - ",
            "    ",
        )?;
    }
    Ok(())
}

/// The entry's notes, each with its document (our own reading names none).
fn notes(out: &mut impl Write, hit: &Hit<'_>, page: &Page) -> io::Result<()> {
    if hit.entry.notes.is_empty() {
        return Ok(());
    }
    section(out, &page.styles, "Notes")?;
    for note in hit.entry.notes {
        // Our own reading says so in its text, and no document is named for it.
        let text = if note.is_ours() {
            note.text.to_string()
        } else {
            format!("{} (from {})", note.text, source_label(hit, note.source))
        };
        wrap(out, &text, page.width, "  - ", "    ")?;
    }
    Ok(())
}

/// The standard beneath, the entries a document relates, and those that only share the code.
fn neighbours(out: &mut impl Write, view: &EntryView<'_>, page: &Page) -> io::Result<()> {
    let (width, styles) = (page.width, &page.styles);
    if !view.beneath.is_empty() || view.defined_at.is_some() {
        section(out, styles, "Standard beneath")?;
        for b in &view.beneath {
            let doc = b.vendor.document_of(&b.entry);
            let text = b.entry.title.map_or_else(
                || b.entry.message.to_string(),
                |t| format!("{t}: {}", b.entry.message),
            );
            wrap(
                out,
                &format!(
                    "{} {} {} — {text} ({})",
                    b.vendor.id, b.entry.table, b.entry.code, doc.title
                ),
                width,
                "  - ",
                "    ",
            )?;
        }
        if let Some(d) = &view.defined_at {
            defined_at(out, d, width)?;
        }
    }
    if !view.related.is_empty() {
        section(out, styles, "Related (as the document states)")?;
        entry_list(out, &view.related, width)?;
    }
    if !view.same_code.is_empty() {
        section(out, styles, "Same code elsewhere")?;
        wrap(
            out,
            "Entries that only share this code; no document relates them, and the meaning may differ.",
            width,
            INDENT,
            INDENT,
        )?;
        entry_list(out, &view.same_code, width)?;
    }
    Ok(())
}

/// One line for a value the standard defines at several endpoints, where the entry's
/// documents name none: each endpoint (table) with the document defining the value there.
fn defined_at(out: &mut impl Write, d: &DefinedAt<'_>, width: usize) -> io::Result<()> {
    let places: Vec<String> = d
        .by_document()
        .iter()
        .map(|(tables, doc)| format!("{} ({})", tables.join(", "), doc.title))
        .collect();
    wrap(
        out,
        &format!(
            "{} {} — defined by {} at: {}. Which of these endpoints sends it, this entry's \
             documents do not say; autherr explain {} {} --table TABLE shows each.",
            d.vendor(),
            d.code(),
            d.vendor_name(),
            places.join("; "),
            d.vendor(),
            d.code(),
        ),
        width,
        "  - ",
        "    ",
    )
}

/// The entry's document, then each further one it or its table's field draws on, once.
fn sources(out: &mut impl Write, hit: &Hit<'_>, page: &Page) -> io::Result<()> {
    let (v, e) = (hit.vendor, hit.entry);
    section(out, &page.styles, "Source")?;
    let main = v.document_of(&e);
    document(out, &main, page.width, "", INDENT, page.links)?;
    let mut further: Vec<&str> = e.sources.iter().collect();
    further.extend(hit.table().source);
    further.retain(|id| Some(*id) != e.source);
    further.sort_unstable();
    further.dedup();
    for s in further.iter().filter_map(|id| v.source(id)) {
        document(out, &s, page.width, "also: ", INDENT, page.links)?;
    }
    Ok(())
}

/// Writes the findings of `explain -` in full: where each was found, why, and its rank when
/// the input did not decide it; then the entry.
pub fn findings(
    out: &mut impl Write,
    catalog: &Catalog,
    findings: &[Finding<'_>],
    term: &Term,
) -> io::Result<()> {
    // Several findings: a short ranked list first, then a page each.
    if findings.len() > 1 {
        writeln!(
            out,
            "{} in the input:",
            crate::render::count(findings.len(), "finding", "findings")
        )?;
        for (i, f) in findings.iter().enumerate() {
            let e = f.hit.entry;
            let what = if f.decided {
                String::new()
            } else {
                format!(" (candidate {} of {})", f.rank, f.candidates)
            };
            let head = format!(
                "{}. {} {} {}{what} — {}",
                i + 1,
                f.hit.vendor.id,
                e.table,
                e.code,
                e.title.unwrap_or(e.message)
            );
            wrap(out, &head, term.width.min(100), "  ", "     ")?;
        }
        writeln!(out, "\n{}\n", "─".repeat(term.width.min(80)))?;
    }
    let items = findings.iter().map(|f| {
        let found = match &f.found_at {
            Location::Member(path) => format!("{path} (line {})", f.line),
            text => text.to_string(),
        };
        let mut extra = Vec::new();
        if !f.decided {
            let why = if f.candidates == 1 {
                "not decided"
            } else {
                "the input does not decide"
            };
            extra.push((
                "Candidate".to_string(),
                format!("{} of {} ({why})", f.rank, f.candidates),
            ));
        }
        extra.push(("Found at".to_string(), found));
        extra.push(("Evidence".to_string(), f.evidence.join("; ")));
        if !f.also.is_empty() {
            let who: Vec<String> = f
                .also
                .iter()
                .map(|h| format!("{} {} {}", h.vendor.id, h.entry.table, h.entry.code))
                .collect();
            extra.push((
                "Also in".to_string(),
                format!("{} (the input decides none of them)", who.join(", ")),
            ));
        }
        (f.hit, extra)
    });
    entries(out, catalog, items, term)
}

/// Writes several entries in full, a rule between them; each with its own leading lines.
pub fn entries<'a>(
    out: &mut impl Write,
    catalog: &Catalog,
    items: impl IntoIterator<Item = (Hit<'a>, Vec<(String, String)>)>,
    term: &Term,
) -> io::Result<()> {
    for (i, (hit, extra)) in items.into_iter().enumerate() {
        if i > 0 {
            writeln!(out, "\n{}\n", "─".repeat(term.width.min(80)))?;
        }
        entry(out, catalog, &hit, term, &extra)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(vendor: &str, code: &str, width: usize) -> String {
        let c = Catalog::builtin();
        let hit = c.lookup(c.vendor(vendor), code)[0];
        let mut out = Vec::new();
        entry(&mut out, &c, &hit, &Term::fixed(width, false), &[]).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn causes_and_solution_are_separate_sections() {
        let text = render("openharmony", "12500002", 80);
        assert!(text.contains(
            "\nWhy it happens\n  1. An error occurs when the NAPI layer parses parameters.\n"
        ));
        assert!(text.contains("\nWhat to do\n  Call the API again later or restart the device.\n"));
        assert!(text.contains("Common Error Code of the Identity Authentication System"));
        // Every line fits, but for URLs, which are never broken.
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= 80 || l.trim_start().starts_with("https://")),
            "{text}"
        );
    }

    #[test]
    fn long_form_snapshot() {
        insta::assert_snapshot!(render("hid", "1902", 80));
    }
}

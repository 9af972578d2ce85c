//! Tables for people: aligned columns that fit the terminal width and wrap long text.

use comfy_table::{Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, presets};

use crate::catalog::{Hit, Vendor};
use crate::sanitize::escape_multiline;
use crate::term::Term;

fn new_table(term: &Term, header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(term.width.min(u16::MAX as usize) as u16);
    if term.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(
        header
            .iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    table
}

/// The narrowest text column a table may leave; below it the entries are stacked instead.
const MIN_TEXT_COLUMN: usize = 24;

/// The mark of an entry that says why it happens or what to do, and the line that says so.
const ADVICE_MARK: &str = "*";
const ADVICE_LEGEND: &str = "* says why it happens or what to do: autherr explain VENDOR CODE";

/// Vendor | Table | Code | Title and message; stacked `field: value` records when the terminal
/// is too narrow for that with whole codes (a code is copied from here: it never breaks).
/// Entries of one vendor (`list VENDOR`) leave the vendor column out.
pub fn entries(hits: &[Hit<'_>], term: &Term) -> String {
    entries_marked(hits, term, None)
}

/// `entries`, with a search's matches marked in the titles and messages.
pub fn entries_marked(
    hits: &[Hit<'_>],
    term: &Term,
    marks: Option<&crate::render::Marks>,
) -> String {
    // One layout for one vendor, however many entries: its name above the table.
    let one_vendor = !hits.is_empty() && hits.iter().all(|h| h.vendor.id == hits[0].vendor.id);
    let widest = |f: fn(&Hit<'_>) -> &'static str| {
        hits.iter().map(|h| f(h).chars().count()).max().unwrap_or(0)
    };
    let vendor_width = if one_vendor {
        0
    } else {
        widest(|h| h.vendor.id).max(6) + 3
    };
    // A narrow column marks the entries that say why and what to do, with a legend below;
    // it narrows the text column rather than stacking a table that fits without it.
    let advice = hits.iter().any(|h| h.entry.has_advice());
    let fixed = vendor_width + widest(|h| h.entry.table).max(5) + widest(|h| h.entry.code).max(4);
    // 10: the borders and padding of three columns.
    if fixed + 10 + MIN_TEXT_COLUMN > term.width {
        return stacked(hits, term, marks);
    }
    let mut header = Vec::with_capacity(5);
    if !one_vendor {
        header.push("Vendor");
    }
    header.extend(["Table", "Code"]);
    if advice {
        header.push("");
    }
    header.push("Title / Message");
    // The text column's width: what the others and the borders (one more than the columns,
    // and a space each side of a cell) leave. A symbol longer than that breaks after `_`,
    // `-` or `.`, never inside a word.
    let others = if one_vendor {
        0
    } else {
        widest(|h| h.vendor.id).max(6)
    } + widest(|h| h.entry.table).max(5)
        + widest(|h| h.entry.code).max(4)
        + if advice { ADVICE_MARK.len() } else { 0 };
    let text_width = term
        .width
        .saturating_sub(others + header.len() + 1 + 2 * header.len());
    let mut table = new_table(term, &header);
    for i in 0..header.len() - 1 {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    for hit in hits {
        let e = hit.entry;
        let fit = |s: &str| break_symbols(&escape_multiline(s), text_width);
        let text = match e.title {
            Some(title) => format!("{}\n{}", fit(title), fit(e.message)),
            None => fit(e.message),
        };
        let mut code = Cell::new(escape_multiline(e.code));
        if term.color {
            code = code.fg(Color::Cyan).add_attribute(Attribute::Bold);
        }
        let mut marks = String::new();
        if e.deprecated == Some(true) {
            marks.push_str("\n(deprecated)");
        }
        if e.origin != crate::catalog::Origin::Builtin {
            marks.push_str(&format!("\n({})", e.origin.label()));
        }
        let mut row = Vec::with_capacity(4);
        if !one_vendor {
            row.push(Cell::new(escape_multiline(hit.vendor.id)));
        }
        row.push(Cell::new(escape_multiline(e.table)));
        row.push(code);
        if advice {
            row.push(Cell::new(if e.has_advice() { ADVICE_MARK } else { "" }));
        }
        row.push(Cell::new(format!("{text}{marks}")));
        table.add_row(row);
    }
    let mut table = match marks {
        Some(marks) => marks.apply_to_table(&table.to_string()),
        None => table.to_string(),
    };
    if advice {
        table.push('\n');
        table.push_str(&textwrap::fill(ADVICE_LEGEND, term.width));
    }
    if one_vendor {
        // The vendor once, above the table, instead of in every row.
        return format!("{}\n{table}", escape_multiline(hits[0].vendor.name));
    }
    table
}

/// `text` with each word longer than `width` broken into lines after its `_`, `-` or `.`
/// (`REASON_THRESHOLD_STEP-UP_` / `REACHED`), so that a table never cuts a symbol in the
/// middle of a word; a word without such a place is left whole.
pub fn break_symbols(text: &str, width: usize) -> String {
    if width == 0 || text.split_whitespace().all(|w| w.chars().count() <= width) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (j, word) in line.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            if word.chars().count() <= width {
                out.push_str(word);
                continue;
            }
            // Greedy: the longest piece that ends after a break character and fits.
            let mut rest = word;
            while rest.chars().count() > width {
                let cut = rest
                    .char_indices()
                    .take(width)
                    .filter(|(_, c)| matches!(c, '_' | '-' | '.'))
                    .map(|(at, c)| at + c.len_utf8())
                    .last();
                match cut {
                    Some(at) if at < rest.len() => {
                        out.push_str(&rest[..at]);
                        out.push('\n');
                        rest = &rest[at..];
                    }
                    _ => break,
                }
            }
            out.push_str(rest);
        }
    }
    out
}

/// One record per entry, a `field: value` line each, wrapped to the width (as `gh` does on a
/// narrow terminal): ids and codes whole on their own lines.
fn stacked(hits: &[Hit<'_>], term: &Term, marks: Option<&crate::render::Marks>) -> String {
    let mark = |text: String| match marks {
        Some(marks) => marks.apply(&text).into_owned(),
        None => text,
    };
    let styles = crate::render::Styles::new(term.color);
    let mut out = String::new();
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let e = hit.entry;
        let mut rows = vec![
            ("vendor", escape_multiline(hit.vendor.id).into_owned()),
            ("table", escape_multiline(e.table).into_owned()),
            (
                "code",
                crate::render::Styles::paint(styles.code, &escape_multiline(e.code)),
            ),
        ];
        if let Some(t) = e.title {
            rows.push(("title", mark(escape_multiline(t).into_owned())));
        }
        rows.push(("message", mark(escape_multiline(e.message).into_owned())));
        if e.deprecated == Some(true) {
            rows.push(("deprecated", "yes".to_string()));
        }
        if e.origin != crate::catalog::Origin::Builtin {
            rows.push(("origin", e.origin.label().to_string()));
        }
        if e.has_advice() {
            rows.push((
                "advice",
                "yes (autherr explain shows why and what to do)".to_string(),
            ));
        }
        for (label, value) in rows {
            let options = textwrap::Options::new(term.width)
                .initial_indent("")
                .subsequent_indent("  ")
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .break_words(false);
            for line in textwrap::wrap(&format!("{label}: {value}"), options) {
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Vendor (id, then its aliases) | Name | Tables (entries) | Document date.
pub fn vendors(vendors: &[Vendor], term: &Term) -> String {
    let mut table = new_table(term, &["Vendor", "Name", "Tables (entries)", "Document"]);
    // Ids and table names must not break mid-word; the prose columns wrap instead.
    for i in [0, 2] {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    for v in vendors {
        let tables: Vec<String> = v
            .tables
            .iter()
            .map(|t| format!("{} ({})", t.id, v.count_in(t.id)))
            .collect();
        let names: Vec<&str> = std::iter::once(v.id).chain(v.aliases.iter()).collect();
        table.add_row(vec![
            Cell::new(escape_multiline(&names.join("\n"))),
            Cell::new(escape_multiline(v.name)),
            Cell::new(escape_multiline(&tables.join("\n"))),
            Cell::new(escape_multiline(v.date)),
        ]);
    }
    table.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn entries_table_fits_and_wraps() {
        let c = Catalog::builtin();
        let hits = c.lookup(c.vendor("hid"), "400");
        let text = entries(&hits, &Term::fixed(60, false));
        assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
        assert!(!text.contains('\x1b'));
        // Entries of one vendor name it once, above the table.
        assert!(text.starts_with("HID Authentication Service\n┌"), "{text}");
        // A narrow column marks the entries that say why and what to do; a legend says so.
        assert!(
            text.contains("│ Table     ┆ Code ┆   ┆ Title / Message"),
            "{text}"
        );
        assert!(
            text.contains("│ http      ┆ 400  ┆ * ┆ BAD REQUEST"),
            "{text}"
        );
        assert!(
            text.contains("│ hid_error ┆ 400  ┆   ┆ A technical"),
            "{text}"
        );
        assert!(
            text.contains("┘\n* says why it happens or what to do:"),
            "{text}"
        );
        let both = entries(&c.lookup(None, "1000"), &Term::fixed(60, false));
        assert!(both.contains("│ Vendor  ┆ Table     ┆ Code ┆"), "{both}");
        assert!(both.lines().all(|l| l.chars().count() <= 60), "{both}");
    }

    #[test]
    fn no_mark_column_nor_legend_without_advice_and_a_stacked_record_says_it() {
        let c = Catalog::builtin();
        let plain = c.lookup(c.vendor("hid"), "1902");
        assert!(plain.iter().all(|h| !h.entry.has_advice()));
        let text = entries(&plain, &Term::fixed(80, false));
        assert!(
            text.contains("│ Table     ┆ Code ┆ Title / Message"),
            "{text}"
        );
        assert!(!text.contains(ADVICE_LEGEND), "{text}");
        let advised = c.lookup(c.vendor("hid"), "400");
        let narrow = entries(&advised, &Term::fixed(30, false));
        assert!(narrow.contains("\nadvice: yes"), "{narrow}");
    }

    #[test]
    fn codes_never_break_and_narrow_terminals_get_stacked_records() {
        let c = Catalog::builtin();
        let long = c.lookup(c.vendor("idaas"), "Params.Illegal.User.Password.Same.Old");
        let wide = entries(&long, &Term::fixed(100, false));
        assert!(
            wide.contains("Params.Illegal.User.Password.Same.Old"),
            "{wide}"
        );
        let narrow = entries(&long, &Term::fixed(60, false));
        assert!(!narrow.contains('│'), "{narrow}");
        assert!(
            narrow
                .lines()
                .any(|l| l == "code: Params.Illegal.User.Password.Same.Old"),
            "{narrow}"
        );
        let hid = c.lookup(c.vendor("hid"), "51");
        for width in [20, 40] {
            let text = entries(&hid, &Term::fixed(width, false));
            assert!(
                text.lines().any(|l| l
                    .trim_start()
                    .starts_with("REASON_THRESHOLD_STEP-UP_REACHED")
                    || l.ends_with(": REASON_THRESHOLD_STEP-UP_REACHED")),
                "{text}"
            );
            assert!(text.contains("code: 51\n"), "{text}");
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let c = Catalog::builtin();
        let hits = c.lookup(c.vendor("hid"), "1902");
        assert!(entries(&hits, &Term::fixed(80, true)).contains('\x1b'));
        assert!(!entries(&hits, &Term::fixed(80, false)).contains('\x1b'));
    }

    #[test]
    fn symbols_break_after_underscores_hyphens_and_dots() {
        assert_eq!(
            super::break_symbols("REASON_THRESHOLD_STEP-UP_REACHED", 26),
            "REASON_THRESHOLD_STEP-UP_\nREACHED"
        );
        assert_eq!(
            super::break_symbols("short words stay", 10),
            "short words stay"
        );
        assert_eq!(
            super::break_symbols("Unbreakablelongword", 5),
            "Unbreakablelongword"
        );
    }
}

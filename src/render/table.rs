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

/// Vendor | Table | Code | Title and message.
pub fn entries(hits: &[Hit<'_>], term: &Term) -> String {
    let mut table = new_table(term, &["Vendor", "Table", "Code", "Title / Message"]);
    // Vendor and table ids never wrap; a code wraps only when keeping it whole would leave
    // the text column under 30 columns (long IDaaS keys in a narrow terminal).
    let widest = |f: fn(&Hit<'_>) -> &'static str| {
        hits.iter().map(|h| f(h).chars().count()).max().unwrap_or(0)
    };
    let fixed = widest(|h| h.vendor.id).max(6)
        + widest(|h| h.entry.table).max(5)
        + widest(|h| h.entry.code).max(4);
    let keep_codes_whole = fixed + 13 + 30 <= term.width;
    for i in 0..3 {
        if let Some(column) = table.column_mut(i) {
            if i < 2 || keep_codes_whole {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
    }
    for hit in hits {
        let e = hit.entry;
        let text = match e.title {
            Some(title) => format!(
                "{}\n{}",
                escape_multiline(title),
                escape_multiline(e.message)
            ),
            None => escape_multiline(e.message).into_owned(),
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
        table.add_row(vec![
            Cell::new(escape_multiline(hit.vendor.id)),
            Cell::new(escape_multiline(e.table)),
            code,
            Cell::new(format!("{text}{marks}")),
        ]);
    }
    table.to_string()
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
        let names: Vec<&str> = std::iter::once(v.id)
            .chain(v.aliases.iter().copied())
            .collect();
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
        insta::assert_snapshot!(text, @r"
        ┌────────┬───────────┬──────┬──────────────────────────────┐
        │ Vendor ┆ Table     ┆ Code ┆ Title / Message              │
        ╞════════╪═══════════╪══════╪══════════════════════════════╡
        │ hid    ┆ http      ┆ 400  ┆ BAD REQUEST                  │
        │        ┆           ┆      ┆ Request cannot be parsed, is │
        │        ┆           ┆      ┆ syntactically incorrect, or  │
        │        ┆           ┆      ┆ violates schema              │
        ├╌╌╌╌╌╌╌╌┼╌╌╌╌╌╌╌╌╌╌╌┼╌╌╌╌╌╌┼╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌┤
        │ hid    ┆ hid_error ┆ 400  ┆ A technical error has while  │
        │        ┆           ┆      ┆ getting the CheckBefore      │
        │        ┆           ┆      ┆ Attributes for RADIUS        │
        └────────┴───────────┴──────┴──────────────────────────────┘
        ");
    }

    #[test]
    fn colour_only_when_asked() {
        let c = Catalog::builtin();
        let hits = c.lookup(c.vendor("hid"), "1902");
        assert!(entries(&hits, &Term::fixed(80, true)).contains('\x1b'));
        assert!(!entries(&hits, &Term::fixed(80, false)).contains('\x1b'));
    }
}

//! Plain output: one tab-separated line per record, for grep, cut and awk.
//!
//! Entries: `vendor<TAB>table<TAB>code<TAB>title<TAB>message` (title empty when the vendor
//! gives none), and a sixth field `user` or `override` for entries from user catalogs: the
//! fields stay where scripts cut them (whether an entry says why it happens and what to do is
//! the table's mark and JSON's `advice`).
//! Vendors: `id<TAB>name<TAB>aliases<TAB>tables<TAB>date`. Tabs and newlines inside a field
//! become spaces; control characters are escaped.

use std::io::{self, Write};

use crate::catalog::{Hit, Origin, Vendor};
use crate::sanitize::field;

/// One finding of `explain -` a line: the entry's five fields, then where it was found and
/// `decided` or `candidate N/M`.
pub fn finding(out: &mut impl Write, f: &crate::detect::Finding<'_>) -> io::Result<()> {
    let mut line = Vec::new();
    entry_fields(&mut line, &f.hit, false, None)?;
    let line = String::from_utf8_lossy(&line);
    let line = line.trim_end_matches('\n');
    let status = if f.decided {
        "decided".to_string()
    } else {
        format!("candidate {}/{}", f.rank, f.candidates)
    };
    writeln!(out, "{line}\t{}\t{status}", field(&f.found_at.to_string()))
}

/// One entry's line; with `color`, the code is highlighted (the tabs stay as they are).
pub fn entry(out: &mut impl Write, hit: &Hit<'_>, color: bool) -> io::Result<()> {
    entry_marked(out, hit, color, None)
}

/// One entry's line, with a search's matches marked in its title and message.
pub fn entry_marked(
    out: &mut impl Write,
    hit: &Hit<'_>,
    color: bool,
    marks: Option<&crate::render::Marks>,
) -> io::Result<()> {
    entry_fields(out, hit, color, marks)?;
    out.write_all(b"\n")
}

/// An entry's fields, without the line's end (a finding of `explain -` adds where it was
/// found).
fn entry_fields(
    out: &mut impl Write,
    hit: &Hit<'_>,
    color: bool,
    marks: Option<&crate::render::Marks>,
) -> io::Result<()> {
    let e = hit.entry;
    let code = crate::render::Styles::new(color).code;
    // Written piece by piece: this is the hot loop of `lookup VENDOR -` batches.
    let fields = [
        hit.vendor.id,
        e.table,
        e.code,
        e.title.unwrap_or(""),
        e.message,
    ];
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b"\t")?;
        }
        if i == 2 && color {
            write!(out, "{code}{}{code:#}", field(f))?;
        } else if let (Some(marks), 3..) = (marks, i) {
            out.write_all(marks.apply(&field(f)).as_bytes())?;
        } else {
            out.write_all(field(f).as_bytes())?;
        }
    }
    // Entries from user catalogs carry a sixth field: `user` or `override`.
    if e.origin != Origin::Builtin {
        out.write_all(b"\t")?;
        out.write_all(e.origin.label().as_bytes())?;
    }
    Ok(())
}

pub fn vendor(out: &mut impl Write, v: &Vendor) -> io::Result<()> {
    let tables: Vec<String> = v
        .tables
        .iter()
        .map(|t| format!("{}:{}", t.id, v.count_in(t.id)))
        .collect();
    writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}",
        field(v.id),
        field(v.name),
        field(&v.aliases.iter().collect::<Vec<_>>().join(",")),
        field(&tables.join(",")),
        field(v.date)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn entry_line_has_five_fields() {
        let c = Catalog::builtin();
        let hits = c.lookup(c.vendor("hid"), "1036");
        let mut out = Vec::new();
        entry(&mut out, &hits[0], false).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(
            line.matches('\n').count(),
            1,
            "multi-line message flattened"
        );
        let fields: Vec<&str> = line.trim_end().split('\t').collect();
        assert_eq!(fields[..4], ["hid", "hid_error", "1036", ""]);
        assert!(fields[4].starts_with("Error while reading the import device file due to a wrong parameter: • The file is wrong"));
    }

    #[test]
    fn vendor_line() {
        let c = Catalog::builtin();
        let mut out = Vec::new();
        vendor(&mut out, c.vendor("hid").unwrap()).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap(), @"hid	HID Authentication Service	hid-global	http:6,hid_error:304,hid_failure:54,response:2	undated page, retrieved by 2026-11");
    }
}

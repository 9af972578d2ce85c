//! JSON output: a stable, documented shape (see the README), always an array, ending in a newline.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::catalog::{Catalog, DefinedAt, EntryView, Hit, List, Source, Vendor};
use crate::detect::Finding;

#[derive(Debug, Serialize)]
pub struct RelatedJson {
    pub vendor: &'static str,
    pub table: &'static str,
    pub code: &'static str,
}

#[derive(Debug, Serialize)]
pub struct NoteJson {
    pub text: &'static str,
    /// The document the note comes from; null for our own reading (`ours`).
    pub source: Option<SourceJson>,
    /// The note is our own reading of the documents, not a document's statement.
    pub ours: bool,
}

#[derive(Debug, Serialize)]
pub struct VariantJson {
    pub title: Option<&'static str>,
    pub message: Option<&'static str>,
    /// The document that words it so.
    pub source: SourceJson,
}

/// A team's note on an entry, from a user catalog.
#[derive(Debug, Serialize)]
pub struct TeamJson {
    pub solution: Option<&'static str>,
    pub runbook: Option<&'static str>,
    pub owner: Option<&'static str>,
    pub notes: &'static [&'static str],
    /// `file:line` of the user catalog.
    pub from: &'static str,
}

/// A document: `url` is null when no address is known for it.
#[derive(Debug, Serialize)]
pub struct SourceJson {
    pub title: &'static str,
    pub url: Option<&'static str>,
    pub date: &'static str,
}

impl From<Source> for SourceJson {
    fn from(s: Source) -> Self {
        SourceJson {
            title: s.title,
            url: s.url,
            date: s.date,
        }
    }
}

fn links(hits: &[Hit<'_>]) -> Vec<RelatedJson> {
    hits.iter()
        .map(|r| RelatedJson {
            vendor: r.vendor.id,
            table: r.entry.table,
            code: r.entry.code,
        })
        .collect()
}

/// A standard's value defined at several endpoints, where the entry's documents name none.
#[derive(Debug, Serialize)]
pub struct DefinedAtJson {
    pub vendor: &'static str,
    pub code: &'static str,
    /// Each table (endpoint) holding the value, with the document that defines it there.
    pub at: Vec<PlaceJson>,
}

/// One table of a standard and the document defining a value there.
#[derive(Debug, Serialize)]
pub struct PlaceJson {
    pub table: &'static str,
    pub source: SourceJson,
}

impl From<&DefinedAt<'_>> for DefinedAtJson {
    fn from(d: &DefinedAt<'_>) -> Self {
        DefinedAtJson {
            vendor: d.vendor(),
            code: d.code(),
            at: d
                .hits
                .iter()
                .map(|h| PlaceJson {
                    table: h.entry.table,
                    source: h.vendor.document_of(&h.entry).into(),
                })
                .collect(),
        }
    }
}

/// One entry, as `lookup`, `search`, `list VENDOR` and `explain` print it.
#[derive(Debug, Serialize)]
pub struct EntryJson {
    pub vendor: &'static str,
    pub vendor_name: &'static str,
    pub table: &'static str,
    pub table_name: &'static str,
    pub field: &'static str,
    pub code: &'static str,
    pub title: Option<&'static str>,
    pub message: &'static str,
    pub description: Option<&'static str>,
    pub causes: List<&'static str>,
    /// The document the causes come from (null when there are none).
    pub causes_source: Option<SourceJson>,
    pub solution: Option<&'static str>,
    /// The document the solution comes from (null when there is none).
    pub solution_source: Option<SourceJson>,
    /// A document says why it happens or what to do: causes or a solution (the mark of
    /// `lookup`'s table).
    pub advice: bool,
    /// A document defines this code as success (LDAP 0, SAML Success): not an error.
    pub success: bool,
    pub http_status: Option<u16>,
    /// null when no document says.
    pub deprecated: Option<bool>,
    pub aliases: List<&'static str>,
    pub group: Option<&'static str>,
    pub applies_to: Option<&'static str>,
    pub variants: Vec<VariantJson>,
    pub notes: Vec<NoteJson>,
    pub example: Option<&'static str>,
    /// The standards' entries beneath: the HTTP status it names, the OAuth value it is.
    pub standard: Vec<RelatedJson>,
    /// The standard's value, where the entry's documents name no endpoint and the standard
    /// defines it at several: every table holding it, none chosen (null otherwise).
    pub standard_defined_at: Option<DefinedAtJson>,
    /// What the user's catalogs add: a team's solution, runbook, owner, notes.
    pub team: Vec<TeamJson>,
    /// Relations a document states.
    pub related: Vec<RelatedJson>,
    /// Computed: other entries that only share the code.
    pub same_code: Vec<RelatedJson>,
    /// The document the code and message come from.
    pub source: SourceJson,
    /// Further documents the entry draws on.
    pub sources: Vec<SourceJson>,
    pub origin: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_file: Option<&'static str>,
}

impl EntryJson {
    pub fn new(catalog: &Catalog, hit: &Hit<'_>) -> Self {
        Self::from_view(&catalog.view(hit))
    }

    /// The object of an entry's view: every key formats what the view holds.
    pub fn from_view(view: &EntryView<'_>) -> Self {
        let hit = &view.hit;
        let (v, e) = (hit.vendor, hit.entry);
        let table = hit.table();
        EntryJson {
            vendor: v.id,
            vendor_name: v.name,
            table: e.table,
            table_name: table.name,
            field: table.field,
            code: e.code,
            title: e.title,
            message: e.message,
            description: e.description,
            causes: e.causes,
            causes_source: (!e.causes.is_empty())
                .then(|| v.document(e.causes_source.or(e.source)).into()),
            solution: e.solution,
            solution_source: e
                .solution
                .map(|_| v.document(e.solution_source.or(e.source)).into()),
            advice: e.has_advice(),
            success: e.success,
            http_status: e.http_status,
            deprecated: e.deprecated,
            aliases: e.aliases,
            group: e.group,
            applies_to: e.applies_to,
            variants: e
                .variants
                .iter()
                .map(|x| VariantJson {
                    title: x.title,
                    message: x.message,
                    source: v.document(x.source).into(),
                })
                .collect(),
            notes: e
                .notes
                .iter()
                .map(|n| NoteJson {
                    text: n.text,
                    source: (!n.is_ours()).then(|| v.document(n.source).into()),
                    ours: n.is_ours(),
                })
                .collect(),
            example: e.example,
            standard: links(&view.beneath),
            standard_defined_at: view.defined_at.as_ref().map(DefinedAtJson::from),
            team: view
                .team
                .iter()
                .map(|a| TeamJson {
                    solution: a.solution,
                    runbook: a.runbook,
                    owner: a.owner,
                    notes: a.notes,
                    from: a.from,
                })
                .collect(),
            related: links(&view.related),
            same_code: links(&view.same_code),
            source: v.document_of(&e).into(),
            sources: e
                .sources
                .iter()
                .chain(table.source)
                .filter(|id| Some(*id) != e.source)
                .filter_map(|id| v.source(id))
                .map(SourceJson::from)
                .collect(),
            origin: e.origin.label(),
            origin_file: e.origin.path(),
        }
    }
}

/// A finding of `explain -`: the entry, where it was found and why.
#[derive(Debug, Serialize)]
struct FindingJson {
    #[serde(flatten)]
    entry: EntryJson,
    found_at: String,
    line: usize,
    evidence: Vec<String>,
    rank: usize,
    candidates: usize,
    decided: bool,
    /// Vendors that define the same value too, when nothing in the input names one.
    also_defined_by: Vec<RelatedJson>,
}

pub fn findings(
    out: &mut impl Write,
    catalog: &Catalog,
    findings: &[Finding<'_>],
    layout: Layout,
) -> io::Result<()> {
    let items: Vec<FindingJson> = findings
        .iter()
        .map(|f| FindingJson {
            entry: EntryJson::new(catalog, &f.hit),
            found_at: f.found_at.to_string(),
            line: f.line,
            evidence: f.evidence.clone(),
            rank: f.rank,
            candidates: f.candidates,
            decided: f.decided,
            also_defined_by: links(&f.also),
        })
        .collect();
    list(out, &items, layout)
}

/// How a search result matched the query.
#[derive(Debug, Serialize)]
struct MatchJson {
    rank: usize,
    how: &'static str,
    fields: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
struct SearchHitJson {
    #[serde(flatten)]
    entry: EntryJson,
    #[serde(rename = "match")]
    matched: MatchJson,
}

/// Search results: each entry with how it matched.
pub fn search_results(
    out: &mut impl Write,
    catalog: &Catalog,
    results: &[crate::search::Scored<'_>],
    layout: Layout,
) -> io::Result<()> {
    let items: Vec<SearchHitJson> = results
        .iter()
        .enumerate()
        .map(|(i, s)| SearchHitJson {
            entry: EntryJson::new(catalog, &s.hit),
            matched: MatchJson {
                rank: i + 1,
                how: s.tier.describe(),
                fields: s.fields.clone(),
            },
        })
        .collect();
    list(out, &items, layout)
}

#[derive(Debug, Serialize)]
struct TableJson {
    id: &'static str,
    name: &'static str,
    field: &'static str,
    entries: usize,
}

/// One vendor, as `list` without a vendor prints it.
#[derive(Debug, Serialize)]
struct VendorJson {
    id: &'static str,
    name: &'static str,
    product: &'static str,
    aliases: List<&'static str>,
    tables: Vec<TableJson>,
    entries: usize,
    source: SourceJson,
    origin: &'static str,
}

/// A JSON array written an item at a time, byte for byte as [`write`] writes the whole array;
/// or, in the `Lines` layout, JSON Lines as [`list`] writes them.
#[derive(Default)]
pub struct ArrayWriter {
    items: usize,
    layout: Layout,
}

impl ArrayWriter {
    pub fn new(layout: Layout) -> Self {
        ArrayWriter { items: 0, layout }
    }

    /// `value` as an item: pretty JSON one level in, without a final newline; in the `Lines`
    /// layout a compact line.
    pub fn render(&self, value: &impl Serialize) -> io::Result<Vec<u8>> {
        if self.layout == Layout::Lines {
            let mut buf = Vec::new();
            line(&mut buf, value)?;
            return Ok(buf);
        }
        let mut buf = Vec::new();
        write(&mut buf, value)?;
        let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let mut item = Vec::with_capacity(text.len() + text.len() / 16);
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                item.push(b'\n');
            }
            item.extend_from_slice(b"  ");
            item.extend_from_slice(line);
        }
        Ok(item)
    }

    /// Writes an item made by [`ArrayWriter::render`].
    pub fn item(&mut self, out: &mut (impl Write + ?Sized), item: &[u8]) -> io::Result<()> {
        if self.layout == Layout::Array {
            out.write_all(if self.items == 0 { b"[\n" } else { b",\n" })?;
        }
        self.items += 1;
        out.write_all(item)
    }

    /// Closes the array (`[]` when it holds nothing); JSON Lines need no closing.
    pub fn finish(self, out: &mut (impl Write + ?Sized)) -> io::Result<()> {
        match self.layout {
            Layout::Lines => Ok(()),
            Layout::Array => out.write_all(if self.items == 0 { b"[]\n" } else { b"\n]\n" }),
        }
    }
}

/// How a list of objects is written: one JSON array, or JSON Lines (one compact object a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Array,
    Lines,
}

impl Layout {
    pub fn of(format: crate::output::Format) -> Self {
        if format == crate::output::Format::Jsonl {
            Layout::Lines
        } else {
            Layout::Array
        }
    }
}

/// Writes `items` in `layout`: a pretty array ending with a newline, or a line each.
pub fn list<T: Serialize>(
    out: &mut (impl Write + ?Sized),
    items: &[T],
    layout: Layout,
) -> io::Result<()> {
    match layout {
        Layout::Array => write(out, &items),
        Layout::Lines => items.iter().try_for_each(|item| line(out, item)),
    }
}

/// Writes `value` as pretty JSON with a final newline, escaping characters that could
/// reorder or disturb a terminal.
pub fn write(out: &mut (impl Write + ?Sized), value: &impl Serialize) -> io::Result<()> {
    let mut ser =
        serde_json::Serializer::with_formatter(&mut *out, SafeFormatter(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Writes `value` as one line of compact JSON (JSON Lines), escaped as [`write`] escapes.
pub fn line(out: &mut (impl Write + ?Sized), value: &impl Serialize) -> io::Result<()> {
    let mut ser =
        serde_json::Serializer::with_formatter(&mut *out, SafeFormatter(CompactFormatter));
    value.serialize(&mut ser).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

pub fn vendors(out: &mut impl Write, vendors: &[Vendor], layout: Layout) -> io::Result<()> {
    let list: Vec<VendorJson> = vendors
        .iter()
        .map(|v| VendorJson {
            id: v.id,
            name: v.name,
            product: v.product,
            aliases: v.aliases,
            tables: v
                .tables
                .iter()
                .map(|t| TableJson {
                    id: t.id,
                    name: t.name,
                    field: t.field,
                    entries: v.count_in(t.id),
                })
                .collect(),
            entries: v.entries.len(),
            source: v.main_document().into(),
            origin: v.origin.label(),
        })
        .collect();
    self::list(out, &list, layout)
}

/// serde_json leaves bidirectional controls (U+202E...) raw in strings; this escapes them.
struct SafeFormatter<F>(F);

impl<F: Formatter> Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::sanitize::is_unsafe(c, false) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_and_controls_are_escaped() {
        let mut out = Vec::new();
        write(&mut out, &["a\u{202E}b\x1b"]).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("a\\u202eb\\u001b"), "{s}");
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back, ["a\u{202E}b\x1b"]);
    }

    #[test]
    fn entry_shape() {
        // The whole object, as scripts receive it (the key list is the README's contract).
        let c = Catalog::builtin();
        let hit = c.lookup(c.vendor("hid"), "1902")[0];
        let mut out = Vec::new();
        write(&mut out, &EntryJson::new(&c, &hit)).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}

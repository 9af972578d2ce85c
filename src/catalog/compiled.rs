//! The built-in catalogs as `build.rs` compiled them: one text and records of plain integers.
//!
//! A record holds no pointers, only spans of the text or of the other tables, so the loader
//! has nothing to relocate and nothing is written at start-up: a `&'static str` per field
//! would be one pointer per text, tens of thousands for the catalogs, that a
//! position-independent executable patches, page by page, on every run. Entries are made from their records when they are read, which costs a
//! few slice operations; `lookup` and `search` read only the fields they need until they have
//! a hit (see `List<Entry>::key` and `probe`).

use super::list::{Compiled, List};
use super::model::{
    Blob, Entry, Note, Origin, Probe, Source, Table, Variant, Vendor, Wire, WireConcerns,
    WireMessage, WirePlace, WireRule, WireSignal, WireToken,
};

/// `len` items from `start` of one compiled table: bytes of `TEXT`, or items of `STRS`,
/// `NOTES` or `VARIANTS`. An optional text that is absent has `start == u32::MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span(pub u32, pub u32);

impl Span {
    pub const NONE: Span = Span(u32::MAX, 0);

    fn range(self) -> std::ops::Range<usize> {
        let start = self.0 as usize;
        start..start + self.1 as usize
    }
}

#[derive(Debug)]
pub struct NoteRecord {
    pub source: Span,
    pub text: Span,
}

#[derive(Debug)]
pub struct VariantRecord {
    pub source: Span,
    pub title: Span,
    pub message: Span,
}

/// One entry; text fields are spans of `TEXT`, lists are spans of `STRS`, `NOTES`, `VARIANTS`.
#[derive(Debug)]
pub struct EntryRecord {
    pub table: Span,
    pub code: Span,
    pub key: Span,
    pub title: Span,
    pub message: Span,
    pub description: Span,
    pub causes: Span,
    pub causes_source: Span,
    pub solution: Span,
    pub solution_source: Span,
    pub success: bool,
    /// 0 when the entry has none.
    pub http_status: u16,
    pub deprecated: Option<bool>,
    pub aliases: Span,
    pub related: Span,
    pub source: Span,
    pub sources: Span,
    pub group: Span,
    pub applies_to: Span,
    pub standard: Span,
    pub example: Span,
    pub notes: Span,
    pub variants: Span,
    pub search: Span,
    pub names_len: u32,
    pub letters: u32,
}

/// A vendor: its texts, then spans of `STRS` (aliases), `SOURCES`, `TABLES`, `ENTRIES`,
/// `INDEX`, `SEARCH`, `SEARCH_ENDS` and its wire declarations' `RULES`, `SIGNALS`, `CONCERNS`
/// and `TOKENS`. `build.rs` writes the texts a vendor is made of at start-up at the head of
/// `TEXT`: slicing a `str` reads the bytes at both ends.
#[derive(Debug)]
pub struct VendorRecord {
    pub id: Span,
    pub name: Span,
    pub product: Span,
    pub standard: bool,
    pub aliases: Span,
    pub source_url: Span,
    pub source_title: Span,
    pub license: Span,
    pub date: Span,
    pub sources: Span,
    pub tables: Span,
    pub entries: Span,
    pub index: Span,
    /// Its entries' search texts in `SEARCH`; where each ends there, in `SEARCH_ENDS`.
    pub search: Span,
    pub search_ends: Span,
    pub rules: Span,
    pub signals: Span,
    pub concerns: Span,
    pub tokens: Span,
    pub messages: Span,
}

/// `[[wire.rules]]`: exactly one of `path` and `pattern` is present; `radix` 0 when absent.
#[derive(Debug)]
pub struct RuleRecord {
    pub table: Span,
    pub path: Span,
    pub pattern: Span,
    pub code: Span,
    pub value: Span,
    pub with_key: Span,
    pub with_value: Span,
    pub with_text: Span,
    pub prefer_text: Span,
    pub decides: bool,
    pub radix: u32,
    /// 0: none.
    pub base: i64,
    /// 0: none.
    pub hex_digits: u32,
    pub prefix: Span,
    pub absorbs: Span,
    pub first: bool,
    pub says: Span,
}

#[derive(Debug)]
pub struct SignalRecord {
    pub key: Span,
    pub value: Span,
    pub value_in_table: Span,
    pub text: Span,
    pub code: Span,
    pub table: Span,
    pub names_vendor: bool,
    pub weight: u8,
    pub says: Span,
}

/// `[[wire.messages]]`.
#[derive(Debug)]
pub struct MessageRecord {
    pub key: Span,
    pub says: Span,
}

/// `[[wire.concerns]]`; `codes` a span of `STRS`.
#[derive(Debug)]
pub struct ConcernsRecord {
    pub table: Span,
    pub codes: Span,
    pub says: Span,
}

/// `[[wire.tokens]]`; `codes` a span of `STRS`.
#[derive(Debug)]
pub struct TokenRecord {
    pub problem: Span,
    pub table: Span,
    pub codes: Span,
    pub says: Span,
}

#[derive(Debug)]
pub struct SourceRecord {
    pub id: Span,
    pub title: Span,
    pub url: Span,
    pub date: Span,
}

#[derive(Debug)]
pub struct TableRecord {
    pub id: Span,
    pub name: Span,
    pub field: Span,
    pub source: Span,
    pub standard: Span,
    pub standard_by_code: bool,
    pub holds_http_status: bool,
    pub hex: bool,
    pub logged_in_hex: bool,
    pub code_prefix: Span,
    pub label: Span,
    pub lookup_url: Span,
    pub entries: u32,
}

/// A built-in text pattern (a span of `TEXT`) and its literals (`schema::literals`), as spans
/// of `LITERALS`: those for a log's line and those for a paste; `Span::NONE` for none.
#[derive(Debug)]
pub struct LiteralsRecord {
    pub source: Span,
    pub line: Span,
    pub paste: Span,
}

mod data {
    use super::{
        ConcernsRecord, EntryRecord, LiteralsRecord, MessageRecord, NoteRecord, RuleRecord,
        SignalRecord, SourceRecord, Span, TableRecord, TokenRecord, VariantRecord, VendorRecord,
    };
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

/// The built-in vendors, standards first, each made from its record (a few slice operations).
pub fn builtin() -> impl ExactSizeIterator<Item = Vendor> {
    data::BUILTIN.iter().map(|r| Vendor {
        id: text(r.id),
        name: text(r.name),
        product: text(r.product),
        standard: r.standard,
        aliases: strs(r.aliases),
        source_url: opt_text(r.source_url),
        source_title: text(r.source_title),
        license: opt_text(r.license),
        date: text(r.date),
        sources: List::Compiled(&data::SOURCES[r.sources.range()]),
        tables: List::Compiled(&data::TABLES[r.tables.range()]),
        entries: List::Compiled(&data::ENTRIES[r.entries.range()]),
        index: &data::INDEX[r.index.range()],
        blob: Some(Blob {
            // Bytes: slicing a `str` would read both ends, on pages nothing else needs yet.
            text: &data::SEARCH.as_bytes()[r.search.range()],
            ends: &data::SEARCH_ENDS[r.search_ends.range()],
        }),
        wire: Wire {
            rules: List::Compiled(&data::RULES[r.rules.range()]),
            signals: List::Compiled(&data::SIGNALS[r.signals.range()]),
            concerns: List::Compiled(&data::CONCERNS[r.concerns.range()]),
            tokens: List::Compiled(&data::TOKENS[r.tokens.range()]),
            messages: List::Compiled(&data::MESSAGES[r.messages.range()]),
        },
        annotations: &[],
        origin: Origin::Builtin,
    })
}

fn text(span: Span) -> &'static str {
    &data::TEXT[span.range()]
}

/// The groups of equivalent words of `catalog/search/synonyms.toml`: a group a line, its words
/// lower-cased and parted by `|`.
pub fn synonyms() -> &'static str {
    data::SYNONYMS
}

/// The literals `build.rs` found for a built-in text pattern, for a paste (`multi_line`) or a
/// log's line: `None` when `source` is no built-in pattern, `Some(None)` when the pattern has
/// no literals to look for (see `schema::literals::literals_of`).
#[allow(clippy::option_option)]
pub fn pattern_literals(source: &str, multi_line: bool) -> Option<Option<Vec<&'static [u8]>>> {
    let found = data::PATTERN_LITERALS
        .binary_search_by(|r| text(r.source).cmp(source))
        .ok()?;
    let record = &data::PATTERN_LITERALS[found];
    let span = if multi_line {
        record.paste
    } else {
        record.line
    };
    if span == Span::NONE {
        return Some(None);
    }
    let literals = data::LITERALS[span.range()]
        .iter()
        .map(|l| &data::LITERAL_BYTES[l.range()]);
    Some(Some(literals.collect()))
}

/// An entry's search text, in `SEARCH`.
fn search_text(span: Span) -> &'static str {
    &data::SEARCH[span.range()]
}

fn opt_text(span: Span) -> Option<&'static str> {
    (span != Span::NONE).then(|| text(span))
}

fn strs(span: Span) -> List<&'static str> {
    List::Compiled(&data::STRS[span.range()])
}

impl Compiled for &'static str {
    type Raw = Span;
    fn from_raw(raw: &Span) -> Self {
        text(*raw)
    }
}

impl Compiled for Source {
    type Raw = SourceRecord;
    fn from_raw(raw: &SourceRecord) -> Self {
        Source {
            id: text(raw.id),
            title: text(raw.title),
            url: opt_text(raw.url),
            date: text(raw.date),
        }
    }
}

impl Compiled for Table {
    type Raw = TableRecord;
    fn from_raw(raw: &TableRecord) -> Self {
        Table {
            id: text(raw.id),
            name: text(raw.name),
            field: text(raw.field),
            source: opt_text(raw.source),
            standard: opt_text(raw.standard),
            standard_by_code: raw.standard_by_code,
            holds_http_status: raw.holds_http_status,
            hex: raw.hex,
            logged_in_hex: raw.logged_in_hex,
            code_prefix: opt_text(raw.code_prefix),
            label: opt_text(raw.label),
            lookup_url: opt_text(raw.lookup_url),
            entries: raw.entries,
        }
    }
}

impl Compiled for Note {
    type Raw = NoteRecord;
    fn from_raw(raw: &NoteRecord) -> Self {
        Note {
            source: opt_text(raw.source),
            text: text(raw.text),
        }
    }
}

impl Compiled for Variant {
    type Raw = VariantRecord;
    fn from_raw(raw: &VariantRecord) -> Self {
        Variant {
            source: opt_text(raw.source),
            title: opt_text(raw.title),
            message: opt_text(raw.message),
        }
    }
}

impl Compiled for WireRule {
    type Raw = RuleRecord;
    fn from_raw(r: &RuleRecord) -> Self {
        WireRule {
            table: text(r.table),
            place: match opt_text(r.pattern) {
                Some(pattern) => WirePlace::Pattern(pattern),
                None => WirePlace::Path(text(r.path)),
            },
            code: opt_text(r.code),
            value: opt_text(r.value),
            with_key: opt_text(r.with_key),
            with_value: opt_text(r.with_value),
            with_text: opt_text(r.with_text),
            prefer_text: opt_text(r.prefer_text),
            decides: r.decides,
            radix: (r.radix != 0).then_some(r.radix),
            base: (r.base != 0).then_some(r.base),
            hex_digits: (r.hex_digits != 0).then_some(r.hex_digits),
            prefix: opt_text(r.prefix),
            absorbs: opt_text(r.absorbs),
            first: r.first,
            says: text(r.says),
        }
    }
}

impl Compiled for WireSignal {
    type Raw = SignalRecord;
    fn from_raw(r: &SignalRecord) -> Self {
        WireSignal {
            key: opt_text(r.key),
            value: opt_text(r.value),
            value_in_table: opt_text(r.value_in_table),
            text: opt_text(r.text),
            code: opt_text(r.code),
            table: opt_text(r.table),
            names_vendor: r.names_vendor,
            weight: r.weight,
            says: text(r.says),
        }
    }
}

impl Compiled for WireMessage {
    type Raw = MessageRecord;
    fn from_raw(r: &MessageRecord) -> Self {
        WireMessage {
            key: text(r.key),
            says: text(r.says),
        }
    }
}

impl Compiled for WireConcerns {
    type Raw = ConcernsRecord;
    fn from_raw(r: &ConcernsRecord) -> Self {
        WireConcerns {
            table: text(r.table),
            codes: strs(r.codes),
            says: text(r.says),
        }
    }
}

impl Compiled for WireToken {
    type Raw = TokenRecord;
    fn from_raw(r: &TokenRecord) -> Self {
        WireToken {
            problem: text(r.problem),
            table: text(r.table),
            codes: strs(r.codes),
            says: text(r.says),
        }
    }
}

impl Compiled for Entry {
    type Raw = EntryRecord;
    fn from_raw(r: &EntryRecord) -> Self {
        Entry {
            table: text(r.table),
            code: text(r.code),
            key: text(r.key),
            title: opt_text(r.title),
            message: text(r.message),
            description: opt_text(r.description),
            causes: strs(r.causes),
            causes_source: opt_text(r.causes_source),
            solution: opt_text(r.solution),
            solution_source: opt_text(r.solution_source),
            success: r.success,
            http_status: (r.http_status != 0).then_some(r.http_status),
            deprecated: r.deprecated,
            aliases: strs(r.aliases),
            related: strs(r.related),
            source: opt_text(r.source),
            sources: strs(r.sources),
            group: opt_text(r.group),
            applies_to: opt_text(r.applies_to),
            standard: opt_text(r.standard),
            example: opt_text(r.example),
            notes: List::Compiled(&data::NOTES[r.notes.range()]),
            variants: List::Compiled(&data::VARIANTS[r.variants.range()]),
            search: search_text(r.search),
            names_len: r.names_len,
            letters: r.letters,
            origin: Origin::Builtin,
        }
    }
}

impl EntryRecord {
    pub(super) fn key(&self) -> &'static str {
        text(self.key)
    }

    pub(super) fn table(&self) -> &'static str {
        text(self.table)
    }

    pub(super) fn title(&self) -> Option<&'static str> {
        opt_text(self.title)
    }

    pub(super) fn message(&self) -> &'static str {
        text(self.message)
    }

    pub(super) fn probe(&self) -> Probe {
        Probe::new(
            self.key(),
            search_text(self.search),
            self.names_len,
            self.letters,
        )
    }

    pub(super) fn variants(&self) -> List<Variant> {
        List::Compiled(&data::VARIANTS[self.variants.range()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span the build wrote lands on the text it means (a bad span would panic here).
    #[test]
    fn every_record_reads_back() {
        for v in builtin() {
            let List::Compiled(raw) = v.entries else {
                panic!("built-in entries are compiled records");
            };
            for (i, r) in raw.iter().enumerate() {
                let e = Entry::from_raw(r);
                assert_eq!(v.entries.key(i), e.key);
                assert_eq!(v.entries.table(i), e.table);
                assert_eq!(v.entries.title(i), e.title);
                assert_eq!(v.entries.message(i), e.message);
                assert_eq!(super::super::normalize_code(e.code), e.key);
                assert!(v.table(e.table).is_some(), "{}: table {}", v.id, e.table);
                assert_eq!(e.search, e.search.to_lowercase());
                assert_eq!(super::super::schema::letter_mask(e.search), e.letters);
                // The search text splits into the name fields and the longer texts.
                let p = v.entries.probe(i);
                assert!(p.names.starts_with(&e.code.to_lowercase()));
                // (without the web addresses a message may carry: they are not searched)
                let message = super::super::schema::without_addresses(e.message).to_lowercase();
                assert!(p.names.contains(&message), "{}", e.code);
                let first_text = e.description.or(e.causes.first()).or(e.solution);
                match first_text.or(e.notes.first().map(|n| n.text)) {
                    Some(t) => {
                        let t = super::super::schema::without_addresses(t).to_lowercase();
                        assert!(p.text.starts_with(&t), "{}", e.code)
                    }
                    None => assert_eq!((p.text, p.names), ("", e.search)),
                }
                // Lists land on whole texts of the right kind, as the validator left them.
                assert!(
                    e.causes
                        .iter()
                        .chain(e.aliases)
                        .all(|t| !t.trim().is_empty())
                );
                assert!(e.notes.iter().all(|n| !n.text.trim().is_empty()));
                assert!(
                    e.variants
                        .iter()
                        .all(|x| x.title.is_some() || x.message.is_some())
                );
                let sources = e
                    .sources
                    .iter()
                    .chain(e.source)
                    .chain(e.notes.iter().filter_map(|n| n.source));
                for id in sources.chain(e.variants.iter().filter_map(|x| x.source)) {
                    assert!(v.source(id).is_some(), "{} {}: source {id}", v.id, e.code);
                }
                for r in e.related {
                    let (table, code) =
                        super::super::schema::table_code(r).expect("related is table:code");
                    assert!(
                        v.lookup(&super::super::normalize_code(code))
                            .any(|x| x.table == table),
                        "{} {}: related {r}",
                        v.id,
                        e.code
                    );
                }
            }
        }
    }

    /// The literals compiled in are those the analysis gives now, for every built-in pattern.
    #[test]
    fn compiled_literals_are_the_analysis_of_each_pattern() {
        let mut patterns = 0;
        for record in &data::PATTERN_LITERALS {
            let source = text(record.source);
            for multi_line in [false, true] {
                let compiled = pattern_literals(source, multi_line)
                    .expect("a built-in pattern")
                    .map(|l| l.into_iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
                let now = super::super::schema::literals::literals_of(source, multi_line);
                assert_eq!(compiled, now, "{source}");
            }
            patterns += 1;
        }
        assert!(patterns > 0);
        assert_eq!(pattern_literals("no (built-in) pattern", true), None);
    }

    #[test]
    fn absent_texts_are_none_and_present_ones_are_some() {
        let hid = builtin().find(|v| v.id == "hid").unwrap();
        let e = hid.lookup("1902").next().unwrap();
        assert_eq!(e.message, "The session has timed out");
        assert_eq!((e.title, e.description, e.http_status), (None, None, None));
        assert!(e.causes.is_empty() && e.notes.is_empty());
        let with_status = builtin()
            .flat_map(|v| v.entries.iter())
            .filter(|e| e.http_status.is_some())
            .count();
        assert!(with_status > 0, "some entries carry an HTTP status");
    }
}

//! Compiles `catalog/*.toml` into static data, so that nothing is parsed at run time: one text
//! (`catalog.txt`) and tables of integer records that point into it by span (`catalog.rs`),
//! read by `src/catalog/compiled.rs`.
//!
//! A catalog that does not parse or validate fails the build with the file, the entry and the
//! reason (see `src/catalog/schema.rs`, which run time shares for user catalogs).

#[allow(dead_code)]
#[path = "src/catalog/schema.rs"]
mod schema;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// The compiled tables of `src/catalog/compiled.rs`: one text and lists of spans into it,
/// each text and each list stored once however many entries share it.
#[derive(Default)]
struct Tables {
    text: String,
    texts: HashMap<String, (u32, u32)>,
    strs: Vec<(u32, u32)>,
    str_lists: HashMap<Vec<(u32, u32)>, (u32, u32)>,
    notes: Vec<String>,
    variants: Vec<String>,
    /// The wire declarations' records (`RULES`, `SIGNALS`, `CONCERNS`, `TOKENS`, `MESSAGES`).
    rules: Vec<String>,
    signals: Vec<String>,
    concerns: Vec<String>,
    tokens: Vec<String>,
    messages: Vec<String>,
    /// Every entry's search text in entry order, each ended by a NUL (`SEARCH`).
    search: String,
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or_else(|_| fail("built-in catalogs exceed 4 GiB"))
}

impl Tables {
    fn text(&mut self, s: &str) -> (u32, u32) {
        if let Some(&span) = self.texts.get(s) {
            return span;
        }
        let span = (n32(self.text.len()), n32(s.len()));
        self.text.push_str(s);
        self.texts.insert(s.to_string(), span);
        span
    }

    /// Appends an entry's search text to `SEARCH`: its `Span` there, as Rust source.
    fn search_span(&mut self, s: &str) -> String {
        let start = n32(self.search.len());
        self.search.push_str(s);
        self.search.push('\0');
        format!("Span({start}, {})", n32(s.len()))
    }

    /// `Span(start, len)` of a text, as Rust source.
    fn span(&mut self, s: &str) -> String {
        let (start, len) = self.text(s);
        format!("Span({start}, {len})")
    }

    fn opt(&mut self, s: &Option<String>) -> String {
        match s {
            Some(s) => self.span(s),
            None => "Span::NONE".to_string(),
        }
    }

    fn strs(&mut self, list: &[String]) -> String {
        let spans: Vec<(u32, u32)> = list.iter().map(|s| self.text(s)).collect();
        let (start, len) = match self.str_lists.get(&spans) {
            Some(&run) => run,
            None => {
                let run = (n32(self.strs.len()), n32(spans.len()));
                self.strs.extend(&spans);
                self.str_lists.insert(spans, run);
                run
            }
        };
        format!("Span({start}, {len})")
    }

    fn notes(&mut self, notes: &[schema::RawNote]) -> String {
        let records: Vec<String> = notes
            .iter()
            .map(|n| {
                format!(
                    "NoteRecord {{ source: {}, text: {} }}",
                    self.opt(&n.source),
                    self.span(&n.text)
                )
            })
            .collect();
        append_run(&mut self.notes, records)
    }

    fn variants(&mut self, variants: &[schema::RawVariant]) -> String {
        let records: Vec<String> = variants
            .iter()
            .map(|v| {
                format!(
                    "VariantRecord {{ source: {}, title: {}, message: {} }}",
                    self.opt(&v.source),
                    self.opt(&v.title),
                    self.opt(&v.message)
                )
            })
            .collect();
        append_run(&mut self.variants, records)
    }

    /// A vendor's `[wire]` as records: its `VendorRecord` fields `rules`, `signals`,
    /// `concerns` and `tokens`, as Rust source.
    fn wire(&mut self, w: &schema::RawWire) -> String {
        let rules = (w.rules.iter())
            .map(|r| {
                format!(
                    "RuleRecord {{ table: {}, path: {}, pattern: {}, code: {}, value: {}, with_key: {}, with_value: {}, with_text: {}, prefer_text: {}, decides: {}, radix: {}, base: {}, hex_digits: {}, prefix: {}, absorbs: {}, first: {}, says: {} }}",
                    self.span(&r.table),
                    self.opt(&r.path),
                    self.opt(&r.pattern),
                    self.opt(&r.code),
                    self.opt(&r.value),
                    self.opt(&r.with_key),
                    self.opt(&r.with_value),
                    self.opt(&r.with_text),
                    self.opt(&r.prefer_text),
                    r.decides,
                    r.radix.unwrap_or(0),
                    r.base.unwrap_or(0),
                    r.hex_digits.unwrap_or(0),
                    self.opt(&r.prefix),
                    self.opt(&r.absorbs),
                    r.first,
                    self.span(&r.says)
                )
            })
            .collect();
        let signals = (w.signals.iter())
            .map(|x| {
                format!(
                    "SignalRecord {{ key: {}, value: {}, value_in_table: {}, text: {}, code: {}, table: {}, names_vendor: {}, weight: {}, says: {} }}",
                    self.opt(&x.key),
                    self.opt(&x.value),
                    self.opt(&x.value_in_table),
                    self.opt(&x.text),
                    self.opt(&x.code),
                    self.opt(&x.table),
                    x.names_vendor,
                    x.weight,
                    self.span(&x.says)
                )
            })
            .collect();
        let concerns = (w.concerns.iter())
            .map(|c| {
                format!(
                    "ConcernsRecord {{ table: {}, codes: {}, says: {} }}",
                    self.span(&c.table),
                    self.strs(&c.codes),
                    self.span(&c.says)
                )
            })
            .collect();
        let tokens = (w.tokens.iter())
            .map(|t| {
                format!(
                    "TokenRecord {{ problem: {}, table: {}, codes: {}, says: {} }}",
                    self.span(&t.problem),
                    self.span(&t.table),
                    self.strs(&t.codes),
                    self.span(&t.says)
                )
            })
            .collect();
        let messages = (w.messages.iter())
            .map(|m| {
                format!(
                    "MessageRecord {{ key: {}, says: {} }}",
                    self.span(&m.key),
                    self.span(&m.says)
                )
            })
            .collect();
        format!(
            "rules: {}, signals: {}, concerns: {}, tokens: {}, messages: {}",
            append_run(&mut self.rules, rules),
            append_run(&mut self.signals, signals),
            append_run(&mut self.concerns, concerns),
            append_run(&mut self.tokens, tokens),
            append_run(&mut self.messages, messages)
        )
    }

    fn entry(&mut self, e: &schema::EntryDef) -> String {
        let (search, names_len) = schema::search_text(e);
        format!(
            "EntryRecord {{ table: {}, code: {}, key: {}, title: {}, message: {}, description: {}, causes: {}, causes_source: {}, solution: {}, solution_source: {}, success: {}, http_status: {}, deprecated: {:?}, aliases: {}, related: {}, source: {}, sources: {}, group: {}, applies_to: {}, standard: {}, example: {}, notes: {}, variants: {}, search: {}, names_len: {}, letters: {} }}",
            self.span(&e.table),
            self.span(&e.code),
            self.span(&e.key),
            self.opt(&e.title),
            self.span(&e.message),
            self.opt(&e.description),
            self.strs(&e.causes),
            self.opt(&e.causes_source),
            self.opt(&e.solution),
            self.opt(&e.solution_source),
            e.success,
            e.http_status.unwrap_or(0),
            e.deprecated,
            self.strs(&e.aliases),
            self.strs(&e.related),
            self.opt(&e.source),
            self.strs(&e.sources),
            self.opt(&e.group),
            self.opt(&e.applies_to),
            self.opt(&e.standard),
            self.opt(&e.example),
            self.notes(&e.notes),
            self.variants(&e.variants),
            self.search_span(&search),
            n32(names_len),
            schema::letter_mask(&search)
        )
    }
}

/// Appends `records` to a record table; their `Span(start, len)` there, as Rust source.
fn append_run(table: &mut Vec<String>, records: Vec<String>) -> String {
    let (start, len) = (table.len(), records.len());
    table.extend(records);
    format!("Span({start}, {len})")
}

fn main() {
    println!("cargo::rerun-if-changed=catalog");
    println!("cargo::rerun-if-changed=src/catalog/schema.rs");
    println!("cargo::rerun-if-changed=src/catalog/schema/wire.rs");
    println!("cargo::rerun-if-changed=src/catalog/schema/literals.rs");
    let mut vendors = read_catalogs();
    // Standards first (a code at every catalog lists them first), then vendors, each by id.
    vendors.sort_by_key(|v| (!v.meta.as_ref().is_some_and(|m| m.standard), v.id.clone()));
    check_links(&vendors);

    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut tables = Tables::default();
    let mut out = String::from("// @generated by build.rs from catalog/*.toml\n\n");
    // Vendors, their sources and tables are records too: a `&str` in a static is a pointer
    // the loader patches at every start.
    text_read_at_start_up(&vendors, &mut tables);
    let mut records = Records::default();
    for v in &vendors {
        records.vendor(v, &mut tables);
    }
    write_statics(&mut out, &records, &tables);
    let _ = writeln!(out, "pub const SYNONYMS: &str = {:?};", synonyms());
    let literals = pattern_literals(&vendors, &mut tables);
    out.push_str(&literals.rust);
    let dir = Path::new(&out_dir);
    std::fs::write(dir.join("literals.bin"), &literals.bytes).expect("OUT_DIR is writable");
    std::fs::write(dir.join("catalog.txt"), &tables.text).expect("OUT_DIR is writable");
    std::fs::write(dir.join("search.txt"), &tables.search).expect("OUT_DIR is writable");
    std::fs::write(dir.join("catalog.rs"), out).expect("OUT_DIR is writable");
}

/// Every `catalog/*.toml`, parsed and validated; each built-in table carries its `count`, and
/// no vendor id or alias is used twice.
fn read_catalogs() -> Vec<schema::VendorDef> {
    let dir = Path::new("catalog");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("catalog/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();

    let mut vendors = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{name}: {e}")));
        match schema::parse_catalog(&name, &text, None) {
            Ok(v) => vendors.push(v),
            Err(e) => fail(&e.to_string()),
        }
    }
    let mut ids = std::collections::BTreeSet::new();
    for v in &vendors {
        let meta = v
            .meta
            .as_ref()
            .expect("built-in catalogs carry vendor metadata");
        // The count of each table's document lives beside its data: a built-in table without
        // one could lose or gain entries unnoticed.
        if let Some(t) = v.tables.iter().find(|t| t.count.is_none()) {
            fail(&format!(
                "catalog/{}.toml: table {:?} lacks `count` (how many codes its document lists)",
                v.id, t.id
            ));
        }
        for id in std::iter::once(&v.id).chain(&meta.aliases) {
            if !ids.insert(id.clone()) {
                fail(&format!(
                    "catalog/{}.toml: vendor id or alias {id:?} is used twice",
                    v.id
                ));
            }
        }
    }
    vendors
}

/// What every start-up reads of a vendor is written first, on a few pages of the text:
/// making a `&str` reads the bytes at both ends of its span.
fn text_read_at_start_up(vendors: &[schema::VendorDef], tables: &mut Tables) {
    for v in vendors {
        let meta = v.meta.as_ref().expect("checked above");
        for s in [
            &v.id,
            &meta.name,
            &meta.product,
            &meta.source_title,
            &meta.date,
        ] {
            tables.text(s);
        }
        for s in meta.aliases.iter().chain(&meta.source_url) {
            tables.text(s);
        }
        // And what `list` shows and a lookup's table lookups compare.
        for t in &v.tables {
            for s in [&t.id, &t.name, &t.field] {
                tables.text(s);
            }
            for s in [
                &t.source,
                &t.standard,
                &t.code_prefix,
                &t.label,
                &t.lookup_url,
            ]
            .into_iter()
            .flatten()
            {
                tables.text(s);
            }
        }
    }
}

/// The record tables of vendors and what they hold, as Rust source, one item each.
#[derive(Default)]
struct Records {
    vendors: Vec<String>,
    entries: Vec<String>,
    index: Vec<String>,
    sources: Vec<String>,
    tables: Vec<String>,
    search_ends: Vec<String>,
}

impl Records {
    /// Appends a vendor's records: its entries, lookup index, search ends, sources, tables
    /// and wire declarations, then the vendor's own record.
    fn vendor(&mut self, v: &schema::VendorDef, text: &mut Tables) {
        let meta = v.meta.as_ref().expect("checked above");
        // The lookup index: entry numbers ordered by key, then catalog order.
        let mut order: Vec<u32> = (0..n32(v.entries.len())).collect();
        order.sort_by(|&a, &b| {
            v.entries[a as usize]
                .key
                .cmp(&v.entries[b as usize].key)
                .then(a.cmp(&b))
        });
        // The vendor's search texts, one after another, and where each ends (relative).
        let search_start = text.search.len();
        let mut ends = Vec::new();
        let mut records = Vec::new();
        for e in &v.entries {
            records.push(text.entry(e));
            ends.push((text.search.len() - 1 - search_start).to_string());
        }
        let search_span = format!(
            "Span({search_start}, {})",
            n32(text.search.len() - search_start)
        );
        let entry_span = append_run(&mut self.entries, records);
        let ends_span = append_run(&mut self.search_ends, ends);
        let index_span = append_run(&mut self.index, order.iter().map(u32::to_string).collect());
        let source_records = v
            .sources
            .iter()
            .map(|s| {
                format!(
                    "SourceRecord {{ id: {}, title: {}, url: {}, date: {} }}",
                    text.span(&s.id),
                    text.span(&s.title),
                    text.opt(&s.url),
                    text.span(&s.date)
                )
            })
            .collect();
        let source_span = append_run(&mut self.sources, source_records);
        let table_records = v
        .tables
        .iter()
        .map(|t| {
            format!(
                "TableRecord {{ id: {}, name: {}, field: {}, source: {}, standard: {}, standard_by_code: {}, holds_http_status: {}, hex: {}, logged_in_hex: {}, code_prefix: {}, label: {}, lookup_url: {}, entries: {} }}",
                text.span(&t.id),
                text.span(&t.name),
                text.span(&t.field),
                text.opt(&t.source),
                text.opt(&t.standard),
                t.standard_by_code,
                t.holds.is_some(),
                t.hex,
                t.logged_in_hex,
                text.opt(&t.code_prefix),
                text.opt(&t.label),
                text.opt(&t.lookup_url),
                v.entries.iter().filter(|e| e.table == t.id).count()
            )
        })
        .collect();
        let table_span = append_run(&mut self.tables, table_records);
        let wire = text.wire(&v.wire);
        self.vendors.push(format!(
        "VendorRecord {{ id: {}, name: {}, product: {}, standard: {}, aliases: {}, source_url: {}, source_title: {}, date: {}, license: {}, sources: {source_span}, tables: {table_span}, entries: {entry_span}, index: {index_span}, search: {search_span}, search_ends: {ends_span}, {wire} }}",
        text.span(&v.id),
        text.span(&meta.name),
        text.span(&meta.product),
        meta.standard,
        text.strs(&meta.aliases),
        text.opt(&meta.source_url),
        text.span(&meta.source_title),
        text.span(&meta.date),
        text.opt(&meta.license),
    ));
    }
}

/// Writes the record tables and the shared ones (`STRS`, `NOTES`, ...) as statics.
fn write_statics(out: &mut String, records: &Records, tables: &Tables) {
    for (name, kind, records) in [
        ("BUILTIN", "VendorRecord", &records.vendors),
        ("ENTRIES", "EntryRecord", &records.entries),
        ("INDEX", "u32", &records.index),
        ("SOURCES", "SourceRecord", &records.sources),
        ("TABLES", "TableRecord", &records.tables),
        ("SEARCH_ENDS", "u32", &records.search_ends),
    ] {
        let _ = writeln!(
            out,
            "pub static {name}: [{kind}; {}] = [\n{}];",
            records.len(),
            records
                .iter()
                .map(|r| format!("    {r},\n"))
                .collect::<String>()
        );
    }
    let spans: Vec<String> = tables
        .strs
        .iter()
        .map(|(start, len)| format!("Span({start}, {len})"))
        .collect();
    let _ = writeln!(
        out,
        "pub static STRS: [Span; {}] = [{}];",
        spans.len(),
        spans.join(", ")
    );
    for (name, kind, records) in [
        ("NOTES", "NoteRecord", &tables.notes),
        ("VARIANTS", "VariantRecord", &tables.variants),
        ("RULES", "RuleRecord", &tables.rules),
        ("SIGNALS", "SignalRecord", &tables.signals),
        ("CONCERNS", "ConcernsRecord", &tables.concerns),
        ("TOKENS", "TokenRecord", &tables.tokens),
        ("MESSAGES", "MessageRecord", &tables.messages),
    ] {
        let _ = writeln!(
            out,
            "pub static {name}: [{kind}; {}] = [{}];",
            records.len(),
            records.join(", ")
        );
    }
    out.push_str(
        "pub const TEXT: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/catalog.txt\"));\n",
    );
    out.push_str(
        "pub const SEARCH: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/search.txt\"));\n",
    );
}

/// The literals of every built-in text pattern (`schema::literals`), so that no run parses a
/// pattern for them: the bytes (`literals.bin`) and, as Rust source, `LITERALS` (spans of the
/// bytes) and `PATTERN_LITERALS` (by pattern, ordered by its text: where its literals for a
/// log's line and for a paste are in `LITERALS`, `Span::NONE` when it has none).
struct Literals {
    bytes: Vec<u8>,
    rust: String,
}

fn pattern_literals(vendors: &[schema::VendorDef], tables: &mut Tables) -> Literals {
    let mut sources: Vec<&str> = (vendors.iter())
        .flat_map(|v| v.wire.rules.iter().filter_map(|r| r.pattern.as_deref()))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let mut bytes: Vec<u8> = Vec::new();
    let mut spans: Vec<String> = Vec::new();
    let mut lists: HashMap<Vec<Vec<u8>>, String> = HashMap::new();
    let mut list = |found: Option<Vec<Vec<u8>>>| -> String {
        let Some(found) = found else {
            return "Span::NONE".to_string();
        };
        lists
            .entry(found.clone())
            .or_insert_with(|| {
                append_run(
                    &mut spans,
                    (found.iter())
                        .map(|l| {
                            let span = format!("Span({}, {})", n32(bytes.len()), n32(l.len()));
                            bytes.extend_from_slice(l);
                            span
                        })
                        .collect(),
                )
            })
            .clone()
    };
    let records: Vec<String> = (sources.iter())
        .map(|s| {
            let line = list(schema::literals::literals_of(s, false));
            let paste = list(schema::literals::literals_of(s, true));
            format!(
                "LiteralsRecord {{ source: {}, line: {line}, paste: {paste} }}",
                tables.span(s)
            )
        })
        .collect();
    let mut rust = String::new();
    for (name, kind, records) in [
        ("LITERALS", "Span", &spans),
        ("PATTERN_LITERALS", "LiteralsRecord", &records),
    ] {
        let _ = writeln!(
            rust,
            "pub static {name}: [{kind}; {}] = [{}];",
            records.len(),
            records.join(", ")
        );
    }
    rust.push_str(
        "pub static LITERAL_BYTES: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/literals.bin\"));\n",
    );
    Literals { bytes, rust }
}

/// `catalog/search/synonyms.toml` as search reads it: a group a line, its words lower-cased and
/// parted by `|`, so that no search parses TOML.
fn synonyms() -> String {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        groups: Vec<Group>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Group {
        words: Vec<String>,
    }
    let name = "catalog/search/synonyms.toml";
    let text = std::fs::read_to_string(name).unwrap_or_else(|e| fail(&format!("{name}: {e}")));
    let file: File = toml::from_str(&text).unwrap_or_else(|e| fail(&format!("{name}: {e}")));
    let mut lines = Vec::new();
    for group in file.groups {
        let words: Vec<String> = group
            .words
            .iter()
            .map(|w| w.trim().to_lowercase())
            .collect();
        if words.len() < 2
            || words
                .iter()
                .any(|w| w.is_empty() || w.contains(['|', '\n']))
        {
            fail(&format!(
                "{name}: a group needs two words or more, none empty or holding `|`: {:?}",
                group.words
            ));
        }
        lines.push(words.join("|"));
    }
    lines.join("\n")
}

/// Every link a catalog makes to a standard resolves: each `http_status` to an entry of a
/// table that holds HTTP statuses, each `standard` table to a standard catalog.
fn check_links(vendors: &[schema::VendorDef]) {
    let status_tables: Vec<(&schema::VendorDef, &str)> = vendors
        .iter()
        .flat_map(|v| {
            v.tables
                .iter()
                .filter(|t| t.holds.as_deref() == Some("http_status"))
                .map(move |t| (v, t.id.as_str()))
        })
        .collect();
    for v in vendors {
        let declared = v.tables.iter().map(|t| (&t.id, &t.standard));
        let per_entry = v.entries.iter().map(|e| (&e.table, &e.standard));
        for (table, standard) in declared.chain(per_entry) {
            if let Some(std) = standard {
                let (std_id, std_tables) = schema::standard_ref(std);
                let ok = vendors.iter().any(|s| {
                    s.id == std_id
                        && s.meta.as_ref().is_some_and(|m| m.standard)
                        && std_tables
                            .iter()
                            .all(|st| s.tables.iter().any(|x| x.id == *st))
                });
                if !ok {
                    fail(&format!(
                        "catalog/{}.toml: table {:?} (or an entry of it) builds on {std:?}, which is no standard catalog (or not its tables)",
                        v.id, table
                    ));
                }
            }
        }
        if status_tables.is_empty() {
            continue;
        }
        for e in &v.entries {
            if let Some(status) = e.http_status {
                let code = status.to_string();
                let found = status_tables.iter().any(|(s, table)| {
                    s.entries
                        .iter()
                        .any(|x| x.table == *table && x.code == code)
                });
                if !found {
                    fail(&format!(
                        "catalog/{}.toml:{}: entry {}/{}: http_status {status} is no HTTP status in any catalog",
                        v.id, e.line, e.table, e.code
                    ));
                }
            }
        }
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("error: invalid built-in catalog: {msg}");
    std::process::exit(1);
}

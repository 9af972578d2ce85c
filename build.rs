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

    fn notes(&mut self, notes: &[(Option<String>, String)]) -> String {
        let records: Vec<String> = notes
            .iter()
            .map(|(source, text)| {
                format!(
                    "RawNote {{ source: {}, text: {} }}",
                    self.opt(source),
                    self.span(text)
                )
            })
            .collect();
        append_run(&mut self.notes, records)
    }

    fn variants(
        &mut self,
        variants: &[(Option<String>, Option<String>, Option<String>)],
    ) -> String {
        let records: Vec<String> = variants
            .iter()
            .map(|(source, title, message)| {
                format!(
                    "RawVariant {{ source: {}, title: {}, message: {} }}",
                    self.opt(source),
                    self.opt(title),
                    self.opt(message)
                )
            })
            .collect();
        append_run(&mut self.variants, records)
    }

    fn entry(&mut self, e: &schema::EntryDef) -> String {
        let (search, names_len) = schema::search_text(e);
        format!(
            "RawEntry {{ table: {}, code: {}, key: {}, title: {}, message: {}, description: {}, causes: {}, causes_source: {}, solution: {}, solution_source: {}, success: {}, http_status: {}, deprecated: {:?}, aliases: {}, related: {}, source: {}, sources: {}, group: {}, applies_to: {}, example: {}, notes: {}, variants: {}, search: {}, names_len: {}, letters: {} }}",
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

    // Standards first (a code at every catalog lists them first), then vendors, each by id.
    vendors.sort_by_key(|v| (!v.meta.as_ref().is_some_and(|m| m.standard), v.id.clone()));
    check_links(&vendors);

    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut tables = Tables::default();
    let mut out = String::from("// @generated by build.rs from catalog/*.toml\n\n");
    // Vendors, their sources and tables are records too: a `&str` in a static is a pointer
    // the loader patches at every start.
    // What every start-up reads of a vendor is written first, on a few pages of the text:
    // making a `&str` reads the bytes at both ends of its span.
    for v in &vendors {
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
    let mut vendor_list = Vec::new();
    let (mut entries, mut index, mut sources, mut table_list) = (vec![], vec![], vec![], vec![]);
    let mut search_ends = Vec::new();
    for v in &vendors {
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
        let search_start = tables.search.len();
        let mut ends = Vec::new();
        let mut records = Vec::new();
        for e in &v.entries {
            records.push(tables.entry(e));
            ends.push((tables.search.len() - 1 - search_start).to_string());
        }
        let search_span = format!(
            "Span({search_start}, {})",
            n32(tables.search.len() - search_start)
        );
        let entry_span = append_run(&mut entries, records);
        let ends_span = append_run(&mut search_ends, ends);
        let index_span = append_run(&mut index, order.iter().map(u32::to_string).collect());
        let source_records = v
            .sources
            .iter()
            .map(|s| {
                format!(
                    "RawSource {{ id: {}, title: {}, url: {}, date: {} }}",
                    tables.span(&s.id),
                    tables.span(&s.title),
                    tables.opt(&s.url),
                    tables.span(&s.date)
                )
            })
            .collect();
        let source_span = append_run(&mut sources, source_records);
        let table_records = v
            .tables
            .iter()
            .map(|t| {
                format!(
                    "RawTable {{ id: {}, name: {}, field: {}, source: {}, standard: {}, standard_by_code: {}, holds_http_status: {}, hex: {}, code_prefix: {}, label: {}, lookup_url: {}, entries: {} }}",
                    tables.span(&t.id),
                    tables.span(&t.name),
                    tables.span(&t.field),
                    tables.opt(&t.source),
                    tables.opt(&t.standard),
                    t.standard_by_code,
                    t.holds.is_some(),
                    t.hex,
                    tables.opt(&t.code_prefix),
                    tables.opt(&t.label),
                    tables.opt(&t.lookup_url),
                    v.entries.iter().filter(|e| e.table == t.id).count()
                )
            })
            .collect();
        let table_span = append_run(&mut table_list, table_records);
        // The wire declarations, validated above, stay text until `explain -` compiles them.
        let wire = toml::to_string(&v.wire).unwrap_or_else(|e| fail(&format!("{}: {e}", v.id)));
        vendor_list.push(format!(
            "RawVendor {{ id: {}, name: {}, product: {}, standard: {}, aliases: {}, source_url: {}, source_title: {}, date: {}, sources: {source_span}, tables: {table_span}, entries: {entry_span}, index: {index_span}, search: {search_span}, search_ends: {ends_span}, wire: {} }}",
            tables.span(&v.id),
            tables.span(&meta.name),
            tables.span(&meta.product),
            meta.standard,
            tables.strs(&meta.aliases),
            tables.opt(&meta.source_url),
            tables.span(&meta.source_title),
            tables.span(&meta.date),
            tables.strs(&[wire]),
        ));
    }
    for (name, kind, records) in [
        ("BUILTIN", "RawVendor", &vendor_list),
        ("ENTRIES", "RawEntry", &entries),
        ("INDEX", "u32", &index),
        ("SOURCES", "RawSource", &sources),
        ("TABLES", "RawTable", &table_list),
        ("SEARCH_ENDS", "u32", &search_ends),
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
        ("NOTES", "RawNote", &tables.notes),
        ("VARIANTS", "RawVariant", &tables.variants),
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
    let _ = writeln!(out, "pub const SYNONYMS: &str = {:?};", synonyms());
    let dir = Path::new(&out_dir);
    std::fs::write(dir.join("catalog.txt"), &tables.text).expect("OUT_DIR is writable");
    std::fs::write(dir.join("search.txt"), &tables.search).expect("OUT_DIR is writable");
    std::fs::write(dir.join("catalog.rs"), out).expect("OUT_DIR is writable");
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
        for t in &v.tables {
            if let Some(std) = &t.standard {
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
                        "catalog/{}.toml: table {:?} builds on {std:?}, which is no standard catalog (or not its tables)",
                        v.id, t.id
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

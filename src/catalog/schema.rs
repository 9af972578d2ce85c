//! The catalog file format: raw TOML types and their validation, shared by `build.rs` and run time.
//!
//! This file is compiled twice: into the library, and into the build script through
//! `#[path]`, so that built-in and user catalogs obey one definition. It may use only `std`,
//! `serde`, `toml`, `regex` and `regex-syntax`.

#[path = "schema/literals.rs"]
pub mod literals;
#[path = "schema/wire.rs"]
pub mod wire;

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::Deserialize;

pub use wire::{RawExample, RawWire};

/// A catalog file as written: one vendor, its tables and its entries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalog {
    pub vendor: RawVendor,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub tables: Vec<RawTable>,
    #[serde(default)]
    pub entries: Vec<toml::Spanned<RawEntry>>,
    /// How the vendor's errors look on the wire (see `wire.rs`).
    #[serde(default)]
    pub wire: RawWire,
    #[serde(default)]
    pub examples: Vec<RawExample>,
    /// A team's own notes on entries: solution, runbook, owner (user catalogs).
    #[serde(default)]
    pub annotations: Vec<toml::Spanned<RawAnnotation>>,
}

/// `[[annotations]]`: what a team adds to an entry, shown apart from the vendor's text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnnotation {
    /// The table; without it, the code in every table of the vendor.
    pub table: Option<String>,
    pub code: String,
    pub solution: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// The team's runbook page.
    pub runbook: Option<String>,
    /// Who owns it, or whom to escalate to.
    pub owner: Option<String>,
}

/// A validated annotation, with the line it stands on.
#[derive(Debug, Clone, Default)]
pub struct AnnotationDef {
    pub table: Option<String>,
    pub key: String,
    pub solution: Option<String>,
    pub notes: Vec<String>,
    pub runbook: Option<String>,
    pub owner: Option<String>,
    pub line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVendor {
    pub id: String,
    pub name: Option<String>,
    pub product: Option<String>,
    /// `standard` for a standard (OAuth, HTTP, LDAP ...) that vendors build on.
    pub kind: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub source_url: Option<String>,
    /// Says that the main document has no known address (instead of `source_url`).
    #[serde(default)]
    pub source_no_url: bool,
    pub source_title: Option<String>,
    pub date: Option<String>,
    /// The licenses of the catalog's documents, as their repositories or pages state them.
    pub license: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    /// Says that the document has no known address (instead of `url`).
    #[serde(default)]
    pub no_url: bool,
    pub date: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub id: String,
    pub name: String,
    pub field: String,
    /// The source id of a further document that `field` draws on.
    pub source: Option<String>,
    /// The standard whose codes this table's codes are (a vendor's OAuth `error` values are
    /// the OAuth registry's): a standard catalog's id, or `catalog:table[,table...]` for the
    /// endpoint the table is for (`oauth:token`); `explain` shows that entry beneath.
    pub standard: Option<String>,
    /// How an entry names its standard value: `"code"` (the entry's code) or `"group"` (its
    /// `group`, Okta's internal codes grouped by the value they are sent as). Default: the
    /// group where an entry has one, else the code.
    pub standard_by: Option<String>,
    /// `http_status`: this table's codes are HTTP statuses, which entries' `http_status` name.
    pub holds: Option<String>,
    /// 16: the table writes its codes in hexadecimal without `0x` (`52e`), so a pasted
    /// `0x52e` finds them.
    pub radix: Option<u32>,
    /// `true`: the codes are catalogued in decimal and logs also write them in hexadecimal
    /// with `0x` (Windows events write Kerberos error 24 as `0x18`), so `0x18` finds 24.
    #[serde(default)]
    pub logged_in_hex: bool,
    /// A prefix its codes carry that logs also leave out (`AADSTS`: `AADSTS50126`, `50126`).
    pub code_prefix: Option<String>,
    /// The word that logs put before its codes (`data`: Active Directory's `data 52e`).
    pub label: Option<String>,
    /// Where the vendor looks up any of this table's codes, with `{code}` for the code
    /// (`https://login.microsoftonline.com/error?code={code}`): named when a code is missing,
    /// as the catalog cannot hold codes published after it.
    pub lookup_url: Option<String>,
    /// How many codes the table's document lists: the file must hold exactly that many
    /// entries of the table (the count lives beside the data it pins).
    pub count: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub table: String,
    pub code: String,
    pub title: Option<String>,
    pub message: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub causes: Vec<String>,
    /// The source id of the document the causes come from (default: the entry's `source`,
    /// else the vendor's main document).
    pub causes_source: Option<String>,
    pub solution: Option<String>,
    /// The source id of the document the solution comes from (default as `causes_source`).
    pub solution_source: Option<String>,
    /// `true` where a document defines the code as success (LDAP 0, SAML `Success`): found
    /// by `lookup`, named as a success by `explain -`, never counted by `scan`.
    #[serde(default)]
    pub success: bool,
    pub http_status: Option<i64>,
    /// Absent when the document says nothing of it: unknown is not "no".
    pub deprecated: Option<bool>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    /// The source id of the document the entry's code and message come from, when that is
    /// not the vendor's main document.
    pub source: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub group: Option<String>,
    pub applies_to: Option<String>,
    /// The standard's tables this entry's code belongs to, where the entry's own document
    /// names its endpoint and the table's `standard` does not (a table that mixes endpoints).
    pub standard: Option<String>,
    pub example: Option<String>,
    #[serde(default)]
    pub notes: Vec<RawNote>,
    #[serde(default)]
    pub variants: Vec<RawVariant>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    pub source: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    pub source: Option<String>,
    pub title: Option<String>,
    pub message: Option<String>,
}

/// A validated vendor catalog with owned strings.
#[derive(Debug, Clone, Default)]
pub struct VendorDef {
    pub id: String,
    /// `None` for a file that only adds to a built-in vendor (its `[vendor]` has just `id`).
    pub meta: Option<VendorMeta>,
    pub sources: Vec<SourceDef>,
    pub tables: Vec<TableDef>,
    pub entries: Vec<EntryDef>,
    pub wire: RawWire,
    pub examples: Vec<RawExample>,
    pub annotations: Vec<AnnotationDef>,
}

#[derive(Debug, Clone, Default)]
pub struct VendorMeta {
    pub name: String,
    pub product: String,
    /// Is this catalog a standard that vendors build on?
    pub standard: bool,
    pub aliases: Vec<String>,
    /// `None` when the document has no known address.
    pub source_url: Option<String>,
    pub source_title: String,
    pub date: String,
    /// The licenses of the catalog's documents, as their repositories or pages state them.
    pub license: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceDef {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub date: String,
}

#[derive(Debug, Clone, Default)]
pub struct TableDef {
    pub id: String,
    pub name: String,
    pub field: String,
    pub source: Option<String>,
    pub standard: Option<String>,
    /// Entries name their standard value by their code, never by their group.
    pub standard_by_code: bool,
    pub holds: Option<String>,
    pub hex: bool,
    pub logged_in_hex: bool,
    pub code_prefix: Option<String>,
    pub label: Option<String>,
    pub lookup_url: Option<String>,
    /// How many codes its document lists (checked against the file's entries).
    pub count: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct EntryDef {
    pub table: String,
    pub code: String,
    pub key: String,
    pub title: Option<String>,
    pub message: String,
    pub description: Option<String>,
    pub causes: Vec<String>,
    pub causes_source: Option<String>,
    pub solution: Option<String>,
    pub solution_source: Option<String>,
    pub success: bool,
    pub http_status: Option<u16>,
    pub deprecated: Option<bool>,
    pub aliases: Vec<String>,
    pub related: Vec<String>,
    pub source: Option<String>,
    pub sources: Vec<String>,
    pub group: Option<String>,
    pub applies_to: Option<String>,
    /// `catalog:table[,table...]`: the standard beneath this entry, instead of its table's.
    pub standard: Option<String>,
    pub example: Option<String>,
    pub notes: Vec<RawNote>,
    pub variants: Vec<RawVariant>,
    /// 1-based line of the entry in its file, for error messages.
    pub line: usize,
}

/// Why a catalog file was rejected: the file, where in it, and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub entry: Option<String>,
    pub reason: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(entry) = &self.entry {
            write!(f, ": entry {entry}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for CatalogError {}

/// What a catalog that adds to an existing vendor may refer to.
#[derive(Debug, Default)]
pub struct BaseVendor<'a> {
    pub tables: Vec<&'a str>,
    pub sources: Vec<&'a str>,
}

/// Normalizes a code as a user copies it from a log: surrounding whitespace and quotes are
/// dropped and ASCII letters lower-cased, so `"Invalid_Grant"` finds `invalid_grant`.
/// Borrows when the code is already normal (`1902`, `-100`): batch lookups allocate nothing.
pub fn normalize_code(raw: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = raw
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '\'' | '`') || c.is_whitespace());
    if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(trimmed.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(trimmed)
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The 1-based lines of byte offsets in a text, each counted on from the offset asked for
/// before: the entries (or annotations) of a file come in file order, and counting each
/// one's line from the start of the file made loading 20,000 of them take 8 s.
struct LineCounter<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        let between = &self.text.as_bytes()[self.offset..offset];
        self.line += between.iter().filter(|&&b| b == b'\n').count();
        self.offset = offset;
        self.line
    }
}

/// Parses and validates one catalog file. `base` is the vendor it adds to, if any.
pub fn parse_catalog(
    file: &str,
    text: &str,
    base: Option<&BaseVendor<'_>>,
) -> Result<VendorDef, CatalogError> {
    let raw: RawCatalog = toml::from_str(text).map_err(|e| {
        let (line, column) = match e.span() {
            Some(span) => {
                let (l, c) = line_col(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        CatalogError {
            file: file.to_string(),
            line,
            column,
            entry: None,
            reason: e.message().trim().to_string(),
        }
    })?;
    validate(file, text, raw, base)
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Is `url` an address a browser may be handed: `http://` or `https://` with a host, and no
/// white space or control characters? Anything else (`file:`, `javascript:`, a word that
/// starts with `-` and reads as an option) is refused by the schema and never opened.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Characters that change how the text around them is displayed (bidirectional controls):
/// `sanitize` escapes them on output, and a catalog may not hold them in what it names.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Does a name, id, code or title hold a control or bidirectional character? Such text
/// could reorder or hide what a terminal shows, in every place a name is printed.
fn unsafe_name(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || is_bidi_control(c))
}

/// `unsafe_name` for a message or note, whose lines are kept.
fn unsafe_text(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n') || is_bidi_control(c))
}

/// Why `unsafe_name` and `unsafe_text` refuse a text.
const UNSAFE: &str =
    "holds control or bidirectional characters (they can reorder or hide what a terminal shows)";

fn validate(
    file: &str,
    text: &str,
    raw: RawCatalog,
    base: Option<&BaseVendor<'_>>,
) -> Result<VendorDef, CatalogError> {
    let err = |line: Option<usize>, entry: Option<String>, reason: String| {
        error(file, line, entry, reason)
    };
    let (id, meta) = validate_vendor(file, raw.vendor, base)?;
    let (sources, source_ids) = validate_sources(file, raw.sources, base)?;
    let (tables, table_ids, counts) = validate_tables(file, raw.tables, base, &source_ids)?;
    let (entries, seen) = validate_entries(file, text, raw.entries, &table_ids, &source_ids)?;
    check_counts_and_links(file, text, &entries, &counts, &seen, &raw.wire, base)?;
    let annotations = validate_annotations(file, text, raw.annotations, &table_ids)?;
    if entries.is_empty()
        && raw.wire.rules.is_empty()
        && raw.wire.signals.is_empty()
        && raw.wire.concerns.is_empty()
        && raw.wire.tokens.is_empty()
        && annotations.is_empty()
    {
        return Err(err(None, None, "the catalog has no entries".to_string()));
    }
    wire::validate(&raw.wire, &raw.examples, &|t: &str| table_ids.contains(t)).map_err(
        |reason| {
            // Name the line of the rule, signal or example the reason counts.
            let line = wire_line(text, &reason);
            err(line, None, reason)
        },
    )?;
    Ok(VendorDef {
        id,
        meta,
        sources,
        tables,
        entries,
        wire: raw.wire,
        examples: raw.examples,
        annotations,
    })
}

/// A reason to reject `file`, at a line and entry when known.
fn error(file: &str, line: Option<usize>, entry: Option<String>, reason: String) -> CatalogError {
    CatalogError {
        file: file.to_string(),
        line,
        column: None,
        entry,
        reason,
    }
}

/// `[vendor]`: its id, and its metadata (none for a file that only adds to a vendor).
fn validate_vendor(
    file: &str,
    v: RawVendor,
    base: Option<&BaseVendor<'_>>,
) -> Result<(String, Option<VendorMeta>), CatalogError> {
    let err = |line: Option<usize>, entry: Option<String>, reason: String| {
        error(file, line, entry, reason)
    };
    if !is_id(&v.id) {
        return Err(err(
            None,
            None,
            format!(
                "vendor id {:?} must be 1-64 lower-case letters, digits, '-' or '_'",
                v.id
            ),
        ));
    }
    let has_meta = v.name.is_some()
        || v.product.is_some()
        || v.kind.is_some()
        || v.source_url.is_some()
        || v.source_no_url
        || v.source_title.is_some()
        || v.date.is_some()
        || v.license.is_some()
        || !v.aliases.is_empty();
    let meta = if base.is_some() && !has_meta {
        None
    } else {
        let need = |field: &str, value: Option<String>| -> Result<String, CatalogError> {
            match value {
                Some(s) if s.trim().is_empty() => {
                    Err(err(None, None, format!("vendor {field} is empty")))
                }
                Some(s) if unsafe_name(&s) => {
                    Err(err(None, None, format!("vendor {field} {UNSAFE}")))
                }
                Some(s) => Ok(s),
                None => Err(err(None, None, format!("vendor lacks `{field}`"))),
            }
        };
        let name = need("name", v.name)?;
        let source_url = match (v.source_url, v.source_no_url) {
            (Some(url), false) if !is_web_address(&url) => {
                return Err(err(
                    None,
                    None,
                    format!("vendor source_url {url:?} is not an http or https address"),
                ));
            }
            (Some(url), false) => Some(need("source_url", Some(url))?),
            (None, true) => None,
            (Some(_), true) => {
                return Err(err(
                    None,
                    None,
                    "vendor has both `source_url` and `source_no_url`".to_string(),
                ));
            }
            (None, false) => {
                return Err(err(
                    None,
                    None,
                    "vendor lacks `source_url` (or `source_no_url = true` when the document has no known address)"
                        .to_string(),
                ));
            }
        };
        let date = need("date", v.date)?;
        for (field, value) in [
            ("product", &v.product),
            ("source_title", &v.source_title),
            ("license", &v.license),
        ] {
            if value.as_deref().is_some_and(unsafe_name) {
                return Err(err(None, None, format!("vendor {field} {UNSAFE}")));
            }
        }
        for t in [&date].into_iter().chain(&v.source_title) {
            if let Some(why) = research_wording(t) {
                return Err(err(None, None, format!("vendor: {why}")));
            }
        }
        let standard =
            vendor_kind(v.kind.as_deref(), &v.aliases).map_err(|reason| err(None, None, reason))?;
        Some(VendorMeta {
            standard,
            product: v.product.unwrap_or_else(|| name.clone()),
            source_title: v.source_title.unwrap_or_else(|| name.clone()),
            name,
            aliases: v.aliases,
            source_url,
            date,
            license: v.license,
        })
    };

    Ok((v.id, meta))
}

/// `[vendor]`'s `kind` (is it a standard?) and its aliases, or why they are refused.
fn vendor_kind(kind: Option<&str>, aliases: &[String]) -> Result<bool, String> {
    for alias in aliases {
        if !is_id(alias) {
            return Err(format!("vendor alias {alias:?} is not a valid id"));
        }
    }
    let standard = match kind {
        None | Some("vendor") => false,
        Some("standard") => true,
        Some(other) => {
            return Err(format!(
                "vendor kind {other:?} is not \"vendor\" or \"standard\""
            ));
        }
    };
    Ok(standard)
}

/// `[[sources]]`, and every source id an entry may name (the base vendor's too).
fn validate_sources(
    file: &str,
    raw: Vec<RawSource>,
    base: Option<&BaseVendor<'_>>,
) -> Result<(Vec<SourceDef>, BTreeSet<String>), CatalogError> {
    let err = |line: Option<usize>, entry: Option<String>, reason: String| {
        error(file, line, entry, reason)
    };
    let mut source_ids: BTreeSet<String> = base.map_or_else(BTreeSet::new, |b| {
        b.sources.iter().map(|s| s.to_string()).collect()
    });
    // A file may restate the tables and sources of the vendor it extends (a copy of a
    // built-in catalog); only repeats within the file are errors.
    let mut declared_sources = BTreeSet::new();
    let mut sources = Vec::new();
    for s in raw {
        if !is_id(&s.id) || !declared_sources.insert(s.id.clone()) {
            return Err(err(
                None,
                None,
                format!("source id {:?} is invalid or repeated", s.id),
            ));
        }
        if s.title.trim().is_empty() || s.date.trim().is_empty() {
            return Err(err(
                None,
                None,
                format!("source {:?} lacks a title or date", s.id),
            ));
        }
        if unsafe_name(&s.title) || unsafe_name(&s.date) {
            return Err(err(
                None,
                None,
                format!("source {:?}: its title or date {UNSAFE}", s.id),
            ));
        }
        if s.url.is_some() == s.no_url {
            return Err(err(
                None,
                None,
                format!(
                    "source {:?} needs either `url` or `no_url = true` (no known address)",
                    s.id
                ),
            ));
        }
        if let Some(url) = s.url.as_ref().filter(|u| !is_web_address(u)) {
            return Err(err(
                None,
                None,
                format!(
                    "source {:?}: url {url:?} is not an http or https address",
                    s.id
                ),
            ));
        }
        for t in [&s.title, &s.date] {
            if let Some(why) = research_wording(t) {
                return Err(err(None, None, format!("source {:?}: {why}", s.id)));
            }
        }
        source_ids.insert(s.id.clone());
        sources.push(SourceDef {
            id: s.id,
            title: s.title,
            url: s.url,
            date: s.date,
        });
    }
    Ok((sources, source_ids))
}

/// `[[tables]]`: the tables, every table id an entry may name (the base vendor's too), and
/// each table's `count`.
#[allow(clippy::type_complexity)]
fn validate_tables(
    file: &str,
    raw: Vec<RawTable>,
    base: Option<&BaseVendor<'_>>,
    source_ids: &BTreeSet<String>,
) -> Result<(Vec<TableDef>, BTreeSet<String>, Vec<(String, usize)>), CatalogError> {
    let err = |line: Option<usize>, entry: Option<String>, reason: String| {
        error(file, line, entry, reason)
    };
    let mut table_ids: BTreeSet<String> = base.map_or_else(BTreeSet::new, |b| {
        b.tables.iter().map(|s| s.to_string()).collect()
    });
    let mut declared_tables = BTreeSet::new();
    let mut tables = Vec::new();
    let mut counts = Vec::new();
    for t in raw {
        if !is_id(&t.id) || !declared_tables.insert(t.id.clone()) {
            return Err(err(
                None,
                None,
                format!("table id {:?} is invalid or repeated", t.id),
            ));
        }
        check_table(&t, source_ids).map_err(|reason| err(None, None, reason))?;
        table_ids.insert(t.id.clone());
        counts.extend(t.count.map(|n| (t.id.clone(), n)));
        tables.push(TableDef {
            id: t.id,
            name: t.name,
            field: t.field,
            source: t.source,
            standard: t.standard,
            standard_by_code: t.standard_by.as_deref() == Some("code"),
            holds: t.holds,
            hex: t.radix == Some(16),
            logged_in_hex: t.logged_in_hex,
            code_prefix: t.code_prefix,
            label: t.label,
            lookup_url: t.lookup_url,
            count: t.count,
        });
    }
    if table_ids.is_empty() {
        return Err(err(None, None, "the catalog declares no table".to_string()));
    }
    Ok((tables, table_ids, counts))
}

/// One table's fields, apart from its id: the reason it is refused.
fn check_table(t: &RawTable, source_ids: &BTreeSet<String>) -> Result<(), String> {
    if t.name.trim().is_empty() || t.field.trim().is_empty() {
        return Err(format!("table {:?} lacks a name or field", t.id));
    }
    if unsafe_name(&t.name) || unsafe_name(&t.field) {
        return Err(format!("table {:?}: its name or field {UNSAFE}", t.id));
    }
    if !matches!(t.radix, None | Some(10) | Some(16)) {
        return Err(format!("table {:?}: radix must be 10 or 16", t.id));
    }
    if let Some(reason) = label_problem(t) {
        return Err(reason);
    }
    if t.logged_in_hex && t.radix == Some(16) {
        return Err(format!(
            "table {:?}: logged_in_hex is for codes catalogued in decimal, not radix 16",
            t.id
        ));
    }
    if t.holds.as_deref().is_some_and(|h| h != "http_status") {
        return Err(format!("table {:?}: holds must be \"http_status\"", t.id));
    }
    if let Some(s) = t.source.as_ref().filter(|s| !source_ids.contains(*s)) {
        return Err(format!("table {:?} names unknown source {s:?}", t.id));
    }
    if let Some(u) = &t.lookup_url {
        if !u.starts_with("https://") || !u.contains("{code}") || u.contains(char::is_whitespace) {
            return Err(format!(
                "table {:?}: lookup_url must be an https address with {{code}} in it",
                t.id
            ));
        }
    }
    if let Some(std) = &t.standard {
        let (catalog, tables) = standard_ref(std);
        if !is_id(catalog) || tables.iter().any(|t| !is_id(t)) {
            return Err(format!(
                "table {:?}: standard {std:?} is not `catalog` or `catalog:table[,table...]`",
                t.id
            ));
        }
    }
    if t.standard_by
        .as_deref()
        .is_some_and(|b| b != "code" && b != "group")
        || (t.standard_by.is_some() && t.standard.is_none())
    {
        return Err(format!(
            "table {:?}: standard_by must be \"code\" or \"group\", beside a `standard`",
            t.id
        ));
    }
    Ok(())
}

/// Every text of an entry a user reads is plain text: the reason it is not, if it is not.
fn check_plain_texts(e: &RawEntry, message: &String) -> Result<(), String> {
    let texts = e
        .title
        .iter()
        .chain(std::iter::once(message))
        .chain(&e.description)
        .chain(&e.causes)
        .chain(&e.solution)
        .chain(e.notes.iter().map(|n| &n.text))
        .chain(
            e.variants
                .iter()
                .flat_map(|v| v.title.iter().chain(&v.message)),
        );
    for t in texts {
        if let Some(why) = not_plain_text(t) {
            return Err(why);
        }
    }
    Ok(())
}

/// `[[entries]]`, and where each (table, key) is (its line).
#[allow(clippy::type_complexity)]
fn validate_entries(
    file: &str,
    text: &str,
    raw: Vec<toml::Spanned<RawEntry>>,
    table_ids: &BTreeSet<String>,
    source_ids: &BTreeSet<String>,
) -> Result<(Vec<EntryDef>, HashMap<(String, String), usize>), CatalogError> {
    let err = |line: Option<usize>, entry: Option<String>, reason: String| {
        error(file, line, entry, reason)
    };
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut entry_lines = LineCounter::new(text);
    let mut entries = Vec::with_capacity(raw.len());
    for spanned in raw {
        let line = entry_lines.line_of(spanned.span().start);
        let e = spanned.into_inner();
        let name = format!("{}/{}", e.table, e.code);
        let fail = |reason: String| err(Some(line), Some(name.clone()), reason);
        if !table_ids.contains(&e.table) {
            return Err(fail(format!("refers to unknown table {:?}", e.table)));
        }
        let key = normalize_code(&e.code).into_owned();
        if key.is_empty() || key.len() > 200 || key != e.code.to_ascii_lowercase() {
            return Err(fail(
                "code must be non-empty, at most 200 bytes, without surrounding spaces or quotes"
                    .to_string(),
            ));
        }
        if unsafe_name(&e.code) {
            return Err(fail(format!("code {UNSAFE}")));
        }
        if e.title.as_deref().is_some_and(unsafe_name) {
            return Err(fail(format!("title {UNSAFE}")));
        }
        if let Some(first) = seen.insert((e.table.clone(), key.clone()), line) {
            return Err(fail(format!(
                "duplicate code in table {:?} (first at line {first})",
                e.table
            )));
        }
        let message = match &e.message {
            Some(m) if unsafe_text(m) => return Err(fail(format!("message {UNSAFE}"))),
            Some(m) if !m.trim().is_empty() => m.clone(),
            _ => return Err(fail(
                "lacks a message (a new entry needs one; to add a solution, notes, a runbook or an owner to a built-in entry, write [[annotations]] with its table and code instead of [[entries]])"
                    .to_string(),
            )),
        };
        let http_status = match e.http_status {
            None => None,
            Some(s) if (100..=599).contains(&s) => Some(s as u16),
            Some(s) => return Err(fail(format!("http_status {s} is not 100-599"))),
        };
        check_references(&e, table_ids, source_ids).map_err(fail)?;
        check_plain_texts(&e, &message).map_err(fail)?;
        entries.push(EntryDef {
            table: e.table,
            code: e.code,
            key,
            title: e.title,
            message,
            description: e.description,
            causes: e.causes,
            causes_source: e.causes_source,
            solution: e.solution,
            solution_source: e.solution_source,
            success: e.success,
            http_status,
            deprecated: e.deprecated,
            aliases: e.aliases,
            related: e.related,
            source: e.source,
            sources: e.sources,
            group: e.group,
            applies_to: e.applies_to,
            standard: e.standard,
            example: e.example,
            notes: e.notes,
            variants: e.variants,
            line,
        });
    }
    Ok((entries, seen))
}

/// What an entry names: its sources (of causes, solution, notes, variants), its related
/// entries' tables; and its notes' and variants' own rules. The reason it is refused.
fn check_references(
    e: &RawEntry,
    table_ids: &BTreeSet<String>,
    source_ids: &BTreeSet<String>,
) -> Result<(), String> {
    // The caller adds the entry and its line to the reason.
    let fail = |reason: String| reason;
    let check_source = |s: &Option<String>| match s {
        Some(id) if !source_ids.contains(id) => Err(fail(format!("names unknown source {id:?}"))),
        _ => Ok(()),
    };
    check_source(&e.source)?;
    check_source(&e.causes_source)?;
    check_source(&e.solution_source)?;
    if e.causes.is_empty() && e.causes_source.is_some() {
        return Err(fail("has `causes_source` but no causes".to_string()));
    }
    if e.solution.is_none() && e.solution_source.is_some() {
        return Err(fail("has `solution_source` but no solution".to_string()));
    }
    for s in &e.sources {
        check_source(&Some(s.clone()))?;
    }
    for n in &e.notes {
        check_source(&n.source)?;
        if n.source.is_some() && n.text.starts_with(OUR_NOTE) {
            return Err(fail(format!(
                "a note that begins {OUR_NOTE:?} is ours: it names no `source`"
            )));
        }
    }
    for v in &e.variants {
        check_source(&v.source)?;
        if v.title.is_none() && v.message.is_none() {
            return Err(fail("a variant needs a title or a message".to_string()));
        }
        if v.title.as_deref().is_some_and(unsafe_name)
            || v.message.as_deref().is_some_and(unsafe_text)
        {
            return Err(fail(format!("a variant's title or message {UNSAFE}")));
        }
    }
    if let Some(std) = &e.standard {
        let (catalog, tables) = standard_ref(std);
        if !is_id(catalog) || tables.is_empty() || tables.iter().any(|t| !is_id(t)) {
            return Err(fail(format!(
                "standard {std:?} is not `catalog:table[,table...]` (the endpoint its document names)"
            )));
        }
    }
    for r in &e.related {
        match table_code(r) {
            Some((t, c)) if table_ids.contains(t) && !c.is_empty() => {}
            _ => {
                return Err(fail(format!(
                    "related {r:?} is not `table:code` with a known table"
                )));
            }
        }
    }
    Ok(())
}

/// What only the whole file can tell: each table holds its `count` of entries; related
/// codes and rules' codes name entries of the vendor (when nothing is inherited).
fn check_counts_and_links(
    file: &str,
    text: &str,
    entries: &[EntryDef],
    counts: &[(String, usize)],
    seen: &HashMap<(String, String), usize>,
    wire: &RawWire,
    base: Option<&BaseVendor<'_>>,
) -> Result<(), CatalogError> {
    let err = |line: Option<usize>, entry: Option<String>, reason: String| {
        error(file, line, entry, reason)
    };
    for (id, count) in counts {
        let held = entries.iter().filter(|e| &e.table == id).count();
        if held != *count {
            return Err(err(
                None,
                None,
                format!("table {id:?} holds {held} entries where its `count` says {count}"),
            ));
        }
    }
    // Related codes must exist within the vendor (only checkable when nothing is inherited).
    if base.is_none() {
        for e in entries {
            for r in &e.related {
                let (t, c) = table_code(r).unwrap_or_default();
                let k = normalize_code(c).into_owned();
                if !seen.contains_key(&(t.to_string(), k)) {
                    return Err(err(
                        Some(e.line),
                        Some(format!("{}/{}", e.table, e.code)),
                        format!("related {r:?} names no entry of this vendor"),
                    ));
                }
            }
        }
    }
    // A rule that names its code must name an entry (only checkable when nothing is inherited).
    if base.is_none() {
        for (i, r) in wire.rules.iter().enumerate() {
            let Some(code) = &r.code else { continue };
            let k = normalize_code(code).into_owned();
            if !seen.contains_key(&(r.table.clone(), k)) {
                let reason = format!(
                    "wire rule {} (table {:?}): code {code:?} names no entry of the table",
                    i + 1,
                    r.table
                );
                return Err(err(wire_line(text, &reason), None, reason));
            }
        }
    }
    Ok(())
}

/// `[[annotations]]`: a team's notes on entries.
fn validate_annotations(
    file: &str,
    text: &str,
    raw: Vec<toml::Spanned<RawAnnotation>>,
    table_ids: &BTreeSet<String>,
) -> Result<Vec<AnnotationDef>, CatalogError> {
    let err = |line: Option<usize>, entry: Option<String>, reason: String| {
        error(file, line, entry, reason)
    };
    let mut annotations = Vec::new();
    let mut annotation_lines = LineCounter::new(text);
    for spanned in raw {
        let line = annotation_lines.line_of(spanned.span().start);
        let a = spanned.into_inner();
        let fail = |reason: &str| {
            err(
                Some(line),
                None,
                format!("annotation {:?} {reason}", a.code),
            )
        };
        if a.code.trim().is_empty() {
            return Err(fail("lacks a code"));
        }
        if a.table.as_ref().is_some_and(|t| !table_ids.contains(t)) {
            return Err(fail("names a table this vendor does not have"));
        }
        let texts = a
            .solution
            .iter()
            .chain(&a.notes)
            .chain(&a.runbook)
            .chain(&a.owner);
        if texts.clone().count() == 0 {
            return Err(fail(
                "adds nothing: give a solution, notes, a runbook or an owner",
            ));
        }
        if texts.clone().any(|t| t.trim().is_empty()) {
            return Err(fail("has an empty text"));
        }
        if texts.clone().any(|t| unsafe_text(t)) {
            return Err(fail(UNSAFE));
        }
        annotations.push(AnnotationDef {
            key: normalize_code(&a.code).into_owned(),
            table: a.table,
            solution: a.solution,
            notes: a.notes,
            runbook: a.runbook,
            owner: a.owner,
            line,
        });
    }
    Ok(annotations)
}

/// A table's `standard`: the standard catalog's id and the tables of it the table is for
/// (none: every table of the standard).
pub fn standard_ref(standard: &str) -> (&str, Vec<&str>) {
    match standard.split_once(':') {
        Some((catalog, tables)) => (catalog, tables.split(',').map(str::trim).collect()),
        None => (standard, Vec::new()),
    }
}

/// How a note that is our own reading, not a document's statement, begins; it names no
/// `source` (autherr shows it as ours, not as the main document's).
pub const OUR_NOTE: &str = "Our note: ";

/// Words of our research that must never reach a user: notes on how a copy was read, and
/// a source file's analysis written where a vendor's text belongs.
const RESEARCH_WORDING: [&str; 10] = [
    "given from memory",
    "reliability: ",
    "copy crawled",
    "excerpt cut here",
    "excerpt ends",
    "not in the upstream copy read",
    "client code: ",
    "how: derived",
    "server_error_map ->",
    "server_error_map →",
];

/// Markdown and HTML that entry text must not hold: emphasis, tags, and links (a relative
/// one leads nowhere outside its site; write the link text, and a full address if needed).
const MARKUP: [&str; 9] = [
    "**", "<br", "<ul", "</ul", "<li", "</li", "<p>", "</p>", "](~/",
];

/// Why a table's `label` is refused, if it is: it must be one word of ASCII letters
/// (`data`), a word a log writes before a code.
fn label_problem(t: &RawTable) -> Option<String> {
    t.label
        .as_deref()
        .filter(|l| l.is_empty() || !l.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(|_| format!("table {:?}: label must be one word of letters (data)", t.id))
}

/// Why a catalog text (a document's title or date) holds our research wording, if it does.
pub fn research_wording(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    RESEARCH_WORDING
        .iter()
        .find(|p| lower.contains(*p))
        .map(|p| format!("holds research wording {p:?}, which must not reach a user"))
}

/// Why a text looks cut short by our reading, if it does: it ends on an ellipsis, or it
/// strings a page's section headings together ("Summary: ... Common causes: ... How to
/// handle: ...") where a vendor's message belongs. Causes and solution are fields of their own.
fn cut_short(text: &str) -> Option<String> {
    if text.trim_end().ends_with('…') {
        return Some("ends on an ellipsis: write the document's whole sentence, or less".into());
    }
    let lower = text.to_lowercase();
    (lower.contains("common causes: ") && lower.contains("how to handle: ")).then(|| {
        "strings a page's sections together: the message is the vendor's text, causes and \
         solution are fields of their own"
            .into()
    })
}

/// Why an entry's text is not plain text a user may read, if it is not: research wording,
/// markdown emphasis, HTML tags or markdown links.
pub fn not_plain_text(text: &str) -> Option<String> {
    if let Some(why) = research_wording(text).or_else(|| cut_short(text)) {
        return Some(why);
    }
    if let Some(m) = MARKUP.iter().find(|m| text.contains(*m)) {
        return Some(format!(
            "holds markdown or HTML {m:?}: entry text is plain text (keep a link's text, give a full address if needed)"
        ));
    }
    // `[text](target)`: a target without spaces right after `](`.
    text.match_indices("](").find_map(|(at, _)| {
        let rest = &text[at + 2..];
        let end = rest.find(')')?;
        let target = &rest[..end];
        (!target.is_empty() && !target.contains(char::is_whitespace)).then(|| {
            format!(
                "holds a markdown link \"]({target})\": entry text is plain text (keep the link's text)"
            )
        })
    })
}

/// The line of the n-th `[[wire.rules]]`, `[[wire.signals]]` or `[[examples]]` header that a
/// validation reason names ("wire rule 3: ..."), when the file writes them as headers.
fn wire_line(text: &str, reason: &str) -> Option<usize> {
    let (header, rest) = [
        ("[[wire.rules]]", "wire rule "),
        ("[[wire.signals]]", "wire signal "),
        ("[[examples]]", "example "),
    ]
    .into_iter()
    .find_map(|(h, prefix)| reason.strip_prefix(prefix).map(|r| (h, r)))?;
    let n: usize = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(n.checked_sub(1)?)
        .map(|(i, _)| i + 1)
}

/// Which of the letters a-z occur in `text` (bit 0 = `a`), for search to rule out entries
/// without reading them.
pub fn letter_mask(text: &str) -> u32 {
    text.bytes()
        .filter(u8::is_ascii_alphabetic)
        .fold(0, |mask, b| mask | 1 << (b.to_ascii_lowercase() - b'a'))
}

/// A symbolic code as the words it is made of (`UserNotFoundException` -> `user not found
/// exception`, `auth/user-not-found` -> `auth user not found`), so that a symptom typed in
/// words meets it; `None` when the code is one word already.
pub fn spell_out(code: &str) -> Option<String> {
    let mut out = String::with_capacity(code.len() + 8);
    let mut prev: Option<char> = None;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '_' | '-' | '/' | '.' | ':' | ' ') {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            prev = None;
            continue;
        }
        let next_lower = chars.peek().is_some_and(|n| n.is_lowercase());
        let boundary = match prev {
            // fooBar, HTTPError (the last capital of a run starts a word), not A1 or 1A.
            Some(p) if c.is_uppercase() => p.is_lowercase() || (p.is_uppercase() && next_lower),
            _ => false,
        };
        if boundary && !out.ends_with(' ') {
            out.push(' ');
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
        prev = Some(c);
    }
    let trimmed = out.trim();
    if trimmed.len() != out.len() {
        out = trimmed.to_string();
    }
    (out.contains(' ')).then_some(out)
}

/// An entry's `related` value, `table:code`, as its table and code; `None` without a `:`.
pub fn table_code(related: &str) -> Option<(&str, &str)> {
    related.split_once(':')
}

/// The lower-cased text that search scans, one field a line, name fields (code, title,
/// message, aliases, variants) first; and the byte length of those name fields.
pub fn search_text(e: &EntryDef) -> (String, usize) {
    let spelled = spell_out(&e.code);
    let mut parts: Vec<&str> = vec![&e.code];
    parts.extend(spelled.as_deref());
    parts.extend(e.title.as_deref());
    parts.push(&e.message);
    parts.extend(e.aliases.iter().map(String::as_str));
    for v in &e.variants {
        parts.extend(v.title.as_deref());
        parts.extend(v.message.as_deref());
    }
    let mut search = without_addresses(&parts.join("\n")).to_lowercase();
    let names_len = search.len();
    let mut texts: Vec<&str> = Vec::new();
    texts.extend(e.description.as_deref());
    texts.extend(e.causes.iter().map(String::as_str));
    texts.extend(e.solution.as_deref());
    texts.extend(e.notes.iter().map(|n| n.text.as_str()));
    if !texts.is_empty() {
        search.push('\n');
        search.push_str(&without_addresses(&texts.join("\n")).to_lowercase());
    }
    (search, names_len)
}

/// `text` without its web addresses (and the parentheses around one): an address a message
/// carries after a link's text (`Open a support ticket (https://learn.microsoft.com/...)`) is
/// where to read more, not words a user searches for; its path would only dilute the match.
pub fn without_addresses(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("://") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || c == ')')
            .map_or(rest.len(), |n| at + n);
        let (mut before, mut after) = (&rest[..at], &rest[end..]);
        // ` (address)` goes whole.
        if let (Some(b), Some(a)) = (before.strip_suffix(" ("), after.strip_prefix(')')) {
            (before, after) = (b, a);
        }
        out.push_str(before);
        rest = after;
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{not_plain_text, parse_catalog, spell_out};

    #[test]
    fn addresses_are_not_searched() {
        assert_eq!(
            super::without_addresses(
                "Open a support ticket (https://learn.microsoft.com/entra/x#y) to resolve it: https://aka.ms/z"
            ),
            "Open a support ticket to resolve it: "
        );
        assert_eq!(super::without_addresses("no address"), "no address");
    }

    #[test]
    fn research_wording_and_markup_never_reach_a_user() {
        for text in [
            "RFC 3229, section 10.4.1 given from memory and unverified",
            "registry last updated 2026-03-25 (copy crawled 2026-04-23)",
            "See Initialize the SDK for documentation on how to au… (excerpt cut here)",
            "could put your account at risk. (…excerpt ends)",
            "In the copies of: the mposolda fork. Not in the upstream copy read.",
            "Client code: auth/captcha-check-failed. How: derived.",
            "Client code: auth/internal-error. How: SERVER_ERROR_MAP → INTERNAL_ERROR.",
            "when the user selects **Hide my email** upon signing up.",
            "reasons: <br><ul><li>IdsLocked</li></ul>",
            "safe list: <br />http://",
            "[Open a support ticket](~/fundamentals/how-to-get-support.md)",
            "error [AADSTS50003](/troubleshoot/azure/active-directory/error-code-aadsts50003)",
            "see [Attack Protection](https://auth0.com/docs/secure/attack-protection).",
            "Reliability: a third party's copy of Google's guide, the lowest confidence.",
            "The other wording: reliability: a user's report quoting Google's page.",
            "A common reason for this error is that you are reusing an existing access …",
            "Summary: Token revoked. Common causes: a test project. How to handle: publish it.",
        ] {
            assert!(not_plain_text(text).is_some(), "{text}");
        }
        for text in [
            "Open a support ticket to resolve this issue.",
            "reasons:\n- IdsLocked\n- a blocked IP address",
            "the header `Restrict-Access-To-Tenant` (see RFC 6749 [Section 5.2])",
            "2 * 3 = 6, a <value> and ** alone",
        ] {
            let plain = !text.contains("**");
            assert_eq!(not_plain_text(text).is_none(), plain, "{text}");
        }
        // Built-in and user catalogs alike: the schema rejects the entry, naming it.
        let file = |message: &str, date: &str| {
            format!(
                "[vendor]\nid = \"x\"\nname = \"X\"\nsource_url = \"https://x.example\"\ndate = \"{date}\"\n\
                 [[tables]]\nid = \"t\"\nname = \"T\"\nfield = \"code\"\n\
                 [[entries]]\ntable = \"t\"\ncode = \"E1\"\nmessage = \"{message}\"\n"
            )
        };
        assert!(parse_catalog("x.toml", &file("Plain words.", "2026"), None).is_ok());
        let e =
            parse_catalog("x.toml", &file("See [the page](/docs/x).", "2026"), None).unwrap_err();
        assert_eq!(e.entry.as_deref(), Some("t/E1"));
        assert!(e.reason.contains("markdown"), "{}", e.reason);
        let e = parse_catalog(
            "x.toml",
            &file("Plain.", "2026 (copy crawled 2026-04-23)"),
            None,
        )
        .unwrap_err();
        assert!(e.reason.contains("research wording"), "{}", e.reason);
    }

    #[test]
    fn codes_are_spelled_out_as_words() {
        for (code, words) in [
            ("UserNotFoundException", Some("user not found exception")),
            ("auth/user-not-found", Some("auth user not found")),
            (
                "Operation.Failure.User.Disabled",
                Some("operation failure user disabled"),
            ),
            ("redirect_uri_mismatch", Some("redirect uri mismatch")),
            ("HTTPError", Some("http error")),
            ("AADSTS50057", None),
            ("invalidTotpMessage", Some("invalid totp message")),
            (
                "KDC_ERR_C_PRINCIPAL_UNKNOWN",
                Some("kdc err c principal unknown"),
            ),
        ] {
            assert_eq!(spell_out(code).as_deref(), words, "{code}");
        }
    }
}

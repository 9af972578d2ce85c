//! User catalogs: `*.toml` files in `$AUTHERR_CATALOG_DIR` or the XDG config dir, merged over
//! the built-in vendors. Parsed at run time and leaked into the static model.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Catalog;
use super::list::{Compiled, List};
use super::model::{
    Annotation, Entry, Note, Origin, Source, Table, Variant, Vendor, Wire, WireConcerns,
    WireMessage, WirePlace, WireRule, WireSignal, WireToken,
};
use super::schema::{self, BaseVendor, CatalogError, EntryDef, VendorDef};

/// Larger files are refused rather than read: a catalog is text written by people.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Where user catalogs are looked for, and why there.
pub fn catalog_dir() -> Option<(PathBuf, &'static str)> {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = env("AUTHERR_CATALOG_DIR") {
        return Some((PathBuf::from(dir), "$AUTHERR_CATALOG_DIR"));
    }
    if let Some(config) = env("XDG_CONFIG_HOME") {
        return Some((
            PathBuf::from(config).join("autherr/catalog"),
            "$XDG_CONFIG_HOME/autherr/catalog",
        ));
    }
    env("HOME").map(|home| {
        (
            PathBuf::from(home).join(".config/autherr/catalog"),
            "~/.config/autherr/catalog",
        )
    })
}

/// One user catalog file that was loaded.
#[derive(Debug, Clone)]
pub struct UserFile {
    pub path: String,
    pub vendor: &'static str,
    pub entries: usize,
    pub overrides: usize,
    /// Team notes the file adds to entries.
    pub annotations: usize,
    pub new_vendor: bool,
}

/// What `Catalog::load` looked at.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub dir: Option<(PathBuf, &'static str)>,
    pub exists: bool,
    pub files: Vec<UserFile>,
    /// Files left out whole because they are invalid: the rest still answer.
    pub skipped: Vec<CatalogError>,
    /// What two files both define: an entry (the later file, by name, wins) or a vendor's
    /// name and address (the first declaration stays).
    pub conflicts: Vec<Conflict>,
}

/// One thing defined twice: an entry by two user files, or a vendor by two files (a user
/// file and the built-in catalog, or two user files) that declare it differently.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// What: `entry acme gateway/GW-401`, `vendor acme (name, source_url)`.
    pub entry: String,
    /// `file:line` (or file) of the first definition, then of the second.
    pub first: String,
    pub again: String,
    /// Is the first definition the one used (a vendor's declaration), or the second (an
    /// entry)?
    pub first_used: bool,
}

impl Conflict {
    /// Where the definition that is used stands.
    pub fn used(&self) -> &str {
        if self.first_used {
            &self.first
        } else {
            &self.again
        }
    }
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.entry.starts_with("vendor ") {
            "declared"
        } else {
            "defined"
        };
        let which = if self.first_used { "first" } else { "second" };
        write!(
            f,
            "{} is {verb} in {} and again in {}; the {which} is used",
            self.entry, self.first, self.again
        )
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn leak_opt(s: Option<String>) -> Option<&'static str> {
    s.map(leak)
}

fn leak_strs(v: Vec<String>) -> &'static [&'static str] {
    leak_all(v.into_iter().map(leak))
}

fn leak_all<T>(items: impl Iterator<Item = T>) -> &'static [T] {
    Box::leak(items.collect::<Vec<_>>().into_boxed_slice())
}

fn leak_list<T: Compiled>(items: impl Iterator<Item = T>) -> List<T> {
    List::Loaded(leak_all(items))
}

/// A file's `[wire]` as the model holds it.
fn leak_wire(w: schema::RawWire) -> Wire {
    Wire {
        rules: leak_list(w.rules.into_iter().filter_map(leak_rule)),
        signals: leak_list(w.signals.into_iter().map(|s| WireSignal {
            key: leak_opt(s.key),
            value: leak_opt(s.value),
            value_in_table: leak_opt(s.value_in_table),
            text: leak_opt(s.text),
            code: leak_opt(s.code),
            table: leak_opt(s.table),
            names_vendor: s.names_vendor,
            weight: s.weight,
            says: leak(s.says),
        })),
        concerns: leak_list(w.concerns.into_iter().map(|c| WireConcerns {
            table: leak(c.table),
            codes: List::Loaded(leak_strs(c.codes)),
            says: leak(c.says),
        })),
        tokens: leak_list(w.tokens.into_iter().map(|t| WireToken {
            problem: leak(t.problem),
            table: leak(t.table),
            codes: List::Loaded(leak_strs(t.codes)),
            says: leak(t.says),
        })),
        messages: leak_list(w.messages.into_iter().map(|m| WireMessage {
            key: leak(m.key),
            says: leak(m.says),
        })),
    }
}

/// A rule as the model holds it; `None` for one with neither path nor pattern (validation
/// refuses it).
fn leak_rule(r: schema::wire::RawRule) -> Option<WireRule> {
    let place = match (r.path, r.pattern) {
        (Some(path), _) => WirePlace::Path(leak(path)),
        (None, Some(pattern)) => WirePlace::Pattern(leak(pattern)),
        (None, None) => return None,
    };
    Some(WireRule {
        table: leak(r.table),
        place,
        code: leak_opt(r.code),
        value: leak_opt(r.value),
        with_key: leak_opt(r.with_key),
        with_value: leak_opt(r.with_value),
        with_text: leak_opt(r.with_text),
        prefer_text: leak_opt(r.prefer_text),
        decides: r.decides,
        radix: r.radix,
        base: r.base,
        hex_digits: r.hex_digits,
        prefix: leak_opt(r.prefix),
        absorbs: leak_opt(r.absorbs),
        first: r.first,
        says: leak(r.says),
    })
}

/// `first` then `then`, one list.
fn chain<T: Compiled>(first: List<T>, then: List<T>) -> List<T> {
    leak_list(first.iter().chain(then.iter()))
}

fn leak_entry(e: EntryDef, origin: Origin) -> Entry {
    let (search, names_len) = schema::search_text(&e);
    let search = leak(search);
    let letters = schema::letter_mask(search);
    // A catalog file is at most 16 MiB (MAX_FILE_BYTES), so the length fits.
    let names_len = u32::try_from(names_len).unwrap_or(u32::MAX);
    Entry {
        table: leak(e.table),
        code: leak(e.code),
        key: leak(e.key),
        title: leak_opt(e.title),
        message: leak(e.message),
        description: leak_opt(e.description),
        causes: leak_list(e.causes.into_iter().map(leak)),
        causes_source: leak_opt(e.causes_source),
        solution: leak_opt(e.solution),
        solution_source: leak_opt(e.solution_source),
        success: e.success,
        http_status: e.http_status,
        deprecated: e.deprecated,
        aliases: leak_list(e.aliases.into_iter().map(leak)),
        related: leak_list(e.related.into_iter().map(leak)),
        source: leak_opt(e.source),
        sources: leak_list(e.sources.into_iter().map(leak)),
        group: leak_opt(e.group),
        applies_to: leak_opt(e.applies_to),
        standard: leak_opt(e.standard),
        example: leak_opt(e.example),
        notes: leak_list(e.notes.into_iter().map(|n| Note {
            source: leak_opt(n.source),
            text: leak(n.text),
        })),
        variants: leak_list(e.variants.into_iter().map(|v| Variant {
            source: leak_opt(v.source),
            title: leak_opt(v.title),
            message: leak_opt(v.message),
        })),
        search,
        names_len,
        letters,
        origin,
    }
}

fn build_index(entries: &[Entry]) -> &'static [u32] {
    let mut index: Vec<u32> = (0..entries.len() as u32).collect();
    index.sort_by(|&a, &b| {
        entries[a as usize]
            .key
            .cmp(entries[b as usize].key)
            .then(a.cmp(&b))
    });
    Box::leak(index.into_boxed_slice())
}

/// `existing` plus the definitions whose ids it lacks (a file may restate what it extends).
fn extend_new<T: Compiled, D>(
    existing: List<T>,
    defs: Vec<D>,
    id: fn(&T) -> &str,
    def_id: fn(&D) -> &String,
    convert: fn(D) -> T,
) -> List<T> {
    let new: Vec<D> = defs
        .into_iter()
        .filter(|d| !existing.iter().any(|x| id(&x) == def_id(d)))
        .collect();
    if new.is_empty() {
        return existing;
    }
    let mut all: Vec<T> = existing.iter().collect();
    all.extend(new.into_iter().map(convert));
    List::Loaded(Box::leak(all.into_boxed_slice()))
}

/// Reads one catalog file, refusing what is too large or not UTF-8.
pub fn read_catalog_file(path: &Path) -> Result<String, CatalogError> {
    let name = path.display().to_string();
    let fail = |reason: String| CatalogError {
        file: name.clone(),
        line: None,
        column: None,
        entry: None,
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!("larger than {} MiB", MAX_FILE_BYTES >> 20)));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    String::from_utf8(bytes)
        .map_err(|e| fail(format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to())))
}

/// Validates one file against the vendors in `catalog`, without merging it.
pub fn check_file(catalog: &Catalog, path: &Path) -> Result<VendorDef, CatalogError> {
    let text = read_catalog_file(path)?;
    check_text(catalog, &path.display().to_string(), &text)
}

/// Validates the text of one catalog file named `name` against the vendors in `catalog`, as
/// `catalog check` and the load do, without merging it.
pub fn check_text(catalog: &Catalog, name: &str, text: &str) -> Result<VendorDef, CatalogError> {
    let def = parse_against(catalog, name, text)?;
    catalog.check_names(&def, name).map(|()| def)
}

impl Catalog {
    /// This catalog with one more file's vendor merged in, as a user catalog would be.
    pub fn with_file(&self, def: VendorDef, path: &str) -> Catalog {
        let mut catalog = self.clone();
        catalog.merge(def, leak(path.to_string()));
        catalog
    }
}

fn parse_against(catalog: &Catalog, name: &str, text: &str) -> Result<VendorDef, CatalogError> {
    // Peek at the vendor id to find the vendor this file may extend.
    let id = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("vendor")?.get("id")?.as_str().map(str::to_string));
    let base = id
        .and_then(|id| catalog.vendors.iter().find(|v| v.id == id))
        .map(|v| BaseVendor {
            tables: v.tables.iter().map(|t| t.id).collect(),
            sources: v.sources.iter().map(|s| s.id).collect(),
        });
    schema::parse_catalog(name, text, base.as_ref())
}

/// `def`, unless its text patterns do not fit one set beside `earlier`, the patterns of the
/// user files loaded before it (each file was checked to fit on its own): then the file is
/// left out whole and named, and the files before it keep their rules.
fn fits_beside(earlier: &[String], def: VendorDef, file: &str) -> Result<VendorDef, CatalogError> {
    let own = def.wire.rules.iter().filter_map(|r| r.pattern.as_deref());
    if earlier.is_empty() || own.clone().next().is_none() {
        return Ok(def);
    }
    let all: Vec<&str> = earlier.iter().map(String::as_str).chain(own).collect();
    match schema::wire::pattern_set(&all) {
        Err(regex::Error::CompiledTooBig(_)) => Err(CatalogError {
            file: file.to_string(),
            line: None,
            column: None,
            entry: None,
            reason: format!(
                "its wire patterns do not fit the regex size limit ({} MiB compiled) beside those of the user catalogs before it",
                schema::wire::PATTERN_SET_LIMIT >> 20
            ),
        }),
        _ => Ok(def),
    }
}

impl Catalog {
    /// The built-in vendors merged with every valid `*.toml` in the user catalog directory.
    /// An invalid file is left out whole, never half-loaded, and named in the report: a
    /// teammate's typo in a shared catalog must not take the other answers away.
    pub fn load(dir: Option<(PathBuf, &'static str)>) -> (Catalog, LoadReport) {
        let mut catalog = Catalog::builtin();
        let mut report = LoadReport {
            dir,
            ..LoadReport::default()
        };
        let Some((path, _)) = &report.dir else {
            return (catalog, report);
        };
        let Ok(read) = std::fs::read_dir(path) else {
            return (catalog, report);
        };
        report.exists = true;
        let mut files: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        files.sort();
        // Where each user-defined entry was defined: (vendor, table, key) -> file:line.
        let mut defined: HashMap<(String, String, String), String> = HashMap::new();
        // The text patterns of the files loaded so far: detection matches them as one set.
        let mut patterns: Vec<String> = Vec::new();
        for file in files {
            let name = file.display().to_string();
            let def = read_catalog_file(&file)
                .and_then(|text| parse_against(&catalog, &name, &text))
                .and_then(|def| catalog.check_names(&def, &name).map(|()| def))
                .and_then(|def| fits_beside(&patterns, def, &name));
            let def = match def {
                Ok(def) => def,
                Err(e) => {
                    report.skipped.push(e);
                    continue;
                }
            };
            for e in &def.entries {
                let at = format!("{name}:{}", e.line);
                let key = (def.id.clone(), e.table.clone(), e.key.clone());
                if let Some(first) = defined.insert(key, at.clone()) {
                    report.conflicts.push(Conflict {
                        entry: format!("entry {} {}/{}", def.id, e.table, e.code),
                        first,
                        again: at,
                        first_used: false,
                    });
                }
            }
            report.conflicts.extend(catalog.declared_again(&def, &name));
            patterns.extend(def.wire.rules.iter().filter_map(|r| r.pattern.clone()));
            report.files.push(catalog.merge(def, leak(name)));
        }
        (catalog, report)
    }

    /// A file that declares a vendor already declared (by the built-in catalog or a user file
    /// before it) differently: its name, address and the rest are not used, and a conflict
    /// says so. The same declaration again (a team's codes in several files) is none.
    fn declared_again(&self, def: &VendorDef, file: &str) -> Option<Conflict> {
        let meta = def.meta.as_ref()?;
        let v = self.vendors.iter().find(|v| v.id == def.id)?;
        let aliases: Vec<&str> = v.aliases.iter().collect();
        let differ: Vec<&str> = [
            ("name", meta.name == v.name),
            ("product", meta.product == v.product),
            ("kind", meta.standard == v.standard),
            ("aliases", meta.aliases == aliases),
            ("source_url", meta.source_url.as_deref() == v.source_url),
            ("source_title", meta.source_title == v.source_title),
            ("date", meta.date == v.date),
        ]
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(field, _)| field)
        .collect();
        if differ.is_empty() {
            return None;
        }
        Some(Conflict {
            entry: format!("vendor {} ({})", def.id, differ.join(", ")),
            first: match v.origin {
                Origin::User(path) | Origin::Override(path) => path.to_string(),
                Origin::Builtin => "the built-in catalog".to_string(),
            },
            again: file.to_string(),
            first_used: true,
        })
    }

    /// A new vendor's id and aliases must not select a vendor that already exists, nor be a
    /// code.
    fn check_names(&self, def: &VendorDef, file: &str) -> Result<(), CatalogError> {
        if self.vendors.iter().any(|v| v.id == def.id) {
            return Ok(());
        }
        let aliases = def
            .meta
            .as_ref()
            .map(|m| m.aliases.as_slice())
            .unwrap_or_default();
        let fail = |reason: String| CatalogError {
            file: file.to_string(),
            line: None,
            column: None,
            entry: None,
            reason,
        };
        for name in std::iter::once(&def.id).chain(aliases) {
            if let Some(v) = self.vendor(name) {
                return Err(fail(format!(
                    "vendor id or alias {name:?} already names vendor {:?}",
                    v.id
                )));
            }
            // A first word that names a vendor is taken for one: a code of the same name, the
            // file's own or any catalog's, could no longer be looked up (`autherr 1902`).
            let own = def
                .entries
                .iter()
                .find(|e| e.key == name.to_ascii_lowercase());
            let hit = self.lookup(None, name).into_iter().next();
            let code = match (own, hit) {
                (Some(e), _) => Some(format!("{} {} {}", def.id, e.table, e.code)),
                (None, Some(h)) => Some(format!(
                    "{} {} {}",
                    h.vendor.id, h.entry.table, h.entry.code
                )),
                (None, None) => None,
            };
            if let Some(code) = code {
                return Err(fail(format!(
                    "vendor id or alias {name:?} is a code ({code}): a vendor of that name would hide it; choose another"
                )));
            }
        }
        Ok(())
    }

    fn merge(&mut self, def: VendorDef, path: &'static str) -> UserFile {
        // The name index describes the vendors before this file.
        self.names = std::sync::OnceLock::new();
        let count = def.entries.len();
        let annotation_count = def.annotations.len();
        let position = self.vendors.iter().position(|v| v.id == def.id);
        let mut vendor = match position {
            Some(i) => self.vendors[i],
            None => new_vendor(&def, path),
        };
        add_annotations(&mut vendor, &def.annotations, path);
        // The file's wire declarations join the vendor's: its rules first, as more specific.
        // Concerns join as a built-in catalog's own do: every one naming a table applies, so
        // a file can narrow what a table reports, never widen it.
        let wire = &def.wire;
        if !(wire.rules.is_empty()
            && wire.signals.is_empty()
            && wire.concerns.is_empty()
            && wire.tokens.is_empty()
            && wire.messages.is_empty())
        {
            let own = leak_wire(def.wire);
            vendor.wire = Wire {
                rules: chain(own.rules, vendor.wire.rules),
                signals: chain(vendor.wire.signals, own.signals),
                concerns: chain(vendor.wire.concerns, own.concerns),
                tokens: chain(vendor.wire.tokens, own.tokens),
                messages: chain(vendor.wire.messages, own.messages),
            };
        }
        add_sources_and_tables(&mut vendor, def.sources, def.tables);
        let overrides = merge_entries(&mut vendor, def.entries, path);
        let file = UserFile {
            path: path.to_string(),
            vendor: vendor.id,
            entries: count,
            overrides,
            annotations: annotation_count,
            new_vendor: position.is_none(),
        };
        match position {
            Some(i) => self.vendors[i] = vendor,
            None => self.vendors.push(vendor),
        }
        file
    }
}

/// The vendor a user file declares that no catalog before it did, with nothing in it yet.
fn new_vendor(def: &VendorDef, path: &'static str) -> Vendor {
    // Validation guarantees a new vendor has metadata.
    let meta = def.meta.clone().unwrap_or_default();
    Vendor {
        id: leak(def.id.clone()),
        name: leak(meta.name),
        product: leak(meta.product),
        standard: meta.standard,
        aliases: List::Loaded(leak_strs(meta.aliases)),
        source_url: leak_opt(meta.source_url),
        source_title: leak(meta.source_title),
        license: leak_opt(meta.license),
        date: leak(meta.date),
        sources: List::default(),
        tables: List::default(),
        entries: List::default(),
        index: &[],
        blob: None,
        wire: Wire::default(),
        annotations: &[],
        origin: Origin::User(path),
    }
}

/// A file's team notes join the vendor's, each with the `file:line` it comes from.
fn add_annotations(vendor: &mut Vendor, annotations: &[schema::AnnotationDef], path: &str) {
    if annotations.is_empty() {
        return;
    }
    let mut all = vendor.annotations.to_vec();
    all.extend(annotations.iter().cloned().map(|a| Annotation {
        table: leak_opt(a.table),
        key: leak(a.key),
        solution: leak_opt(a.solution),
        notes: leak_strs(a.notes),
        runbook: leak_opt(a.runbook),
        owner: leak_opt(a.owner),
        from: leak(format!("{path}:{}", a.line)),
    }));
    vendor.annotations = leak_all(all.into_iter());
}

/// A file's sources and tables that the vendor lacks join it (one it has keeps its own).
fn add_sources_and_tables(
    vendor: &mut Vendor,
    sources: Vec<schema::SourceDef>,
    tables: Vec<schema::TableDef>,
) {
    vendor.sources = extend_new(
        vendor.sources,
        sources,
        |s| s.id,
        |s| &s.id,
        |s| Source {
            id: leak(s.id),
            title: leak(s.title),
            url: leak_opt(s.url),
            date: leak(s.date),
        },
    );
    vendor.tables = extend_new(
        vendor.tables,
        tables,
        |t| t.id,
        |t| &t.id,
        |t| Table {
            id: leak(t.id),
            name: leak(t.name),
            field: leak(t.field),
            source: leak_opt(t.source),
            holds_http_status: t.holds.is_some(),
            hex: t.hex,
            logged_in_hex: t.logged_in_hex,
            code_prefix: leak_opt(t.code_prefix),
            label: leak_opt(t.label),
            lookup_url: leak_opt(t.lookup_url),
            standard: leak_opt(t.standard),
            standard_by_code: t.standard_by_code,
            entries: 0,
        },
    );
}

/// A file's entries join the vendor's, replacing those of the same table and code; the
/// vendor's index, table counts and search are made again. How many built-in entries (or
/// overrides of them) the file replaced.
fn merge_entries(vendor: &mut Vendor, defs: Vec<EntryDef>, path: &'static str) -> usize {
    let mut entries: Vec<Entry> = vendor.entries.iter().collect();
    let mut positions: HashMap<(&str, &str), usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.table, e.key), i))
        .collect();
    let mut overrides = 0;
    for e in defs {
        match positions.get(&(e.table.as_str(), e.key.as_str())).copied() {
            Some(i) => {
                // Replacing another user file's entry is no override of a built-in.
                let origin = match entries[i].origin {
                    Origin::User(_) => Origin::User(path),
                    Origin::Builtin | Origin::Override(_) => {
                        overrides += 1;
                        Origin::Override(path)
                    }
                };
                entries[i] = leak_entry(e, origin);
            }
            None => {
                let entry = leak_entry(e, Origin::User(path));
                positions.insert((entry.table, entry.key), entries.len());
                entries.push(entry);
            }
        }
    }
    // Keep entries grouped by table in table order, as the built-in catalogs are.
    let order = |t: &str| {
        vendor
            .tables
            .iter()
            .position(|x| x.id == t)
            .unwrap_or(usize::MAX)
    };
    entries.sort_by_key(|e| order(e.table));
    vendor.index = build_index(&entries);
    let counted: Vec<Table> = (vendor.tables.iter())
        .map(|t| Table {
            entries: u32::try_from(entries.iter().filter(|e| e.table == t.id).count())
                .unwrap_or(u32::MAX),
            ..t
        })
        .collect();
    vendor.tables = List::Loaded(Box::leak(counted.into_boxed_slice()));
    vendor.entries = leak_list(entries.into_iter());
    vendor.blob = None;
    overrides
}

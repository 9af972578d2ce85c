//! The catalog: built-in vendors compiled in by `build.rs`, merged with the user's catalogs.

mod compiled;

pub use compiled::synonyms;
pub mod list;
pub mod model;
pub mod pasted;
pub mod schema;
pub mod user;
mod view;

use std::cmp::Reverse;

pub use list::{Compiled, List};
pub use model::{Annotation, Blob, Entry, Note, Origin, Probe, Source, Table, Variant, Vendor};
pub use schema::{CatalogError, normalize_code};
pub use user::{LoadReport, UserFile, catalog_dir};
pub use view::{DefinedAt, EntryView};

/// Literals every match of a text pattern holds (see `schema::literals`), for a paste
/// (`multi_line`) or a log's line: compiled in for the built-in patterns, so that no run
/// parses them, and worked out for a user's.
pub fn pattern_literals(source: &str, multi_line: bool) -> Option<Vec<Vec<u8>>> {
    match compiled::pattern_literals(source, multi_line) {
        Some(found) => found.map(|l| l.into_iter().map(<[u8]>::to_vec).collect()),
        None => schema::literals::literals_of(source, multi_line),
    }
}

/// Inputs longer than this (in bytes) get no nearest-code hint: a catalog's codes are at
/// most 200 bytes, so nothing is near them.
const MAX_NEAR_INPUT: usize = 256;

/// The vendors autherr knows, built-in and user-supplied.
#[derive(Debug, Clone)]
pub struct Catalog {
    vendors: Vec<Vendor>,
    /// Made on the first name lookup: log scanning asks for one per unknown token.
    names: std::sync::OnceLock<Names>,
}

/// What a token of log text could be looked up as, for a cheap answer to "no such code".
#[derive(Debug, Clone, Default)]
struct Names {
    /// Symbolic names (one-word titles), lower-cased, to (vendor, entry) numbers.
    titles: std::collections::HashMap<String, Vec<(u32, u32)>>,
    /// Every key, every key without its table's `code_prefix`, every symbolic name.
    known: std::collections::HashSet<String>,
    /// Each table's `label` (the word its codes follow in logs), with its vendor's number.
    labels: Vec<(&'static str, u32, &'static str)>,
}

/// One catalog entry with the vendor it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    pub vendor: &'a Vendor,
    pub entry: Entry,
}

impl Hit<'_> {
    pub fn table(&self) -> Table {
        // Validation guarantees every entry's table exists.
        self.vendor.table(self.entry.table).unwrap_or(Table {
            id: "",
            name: "",
            field: "",
            source: None,
            standard: None,
            standard_by_code: false,
            holds_http_status: false,
            hex: false,
            logged_in_hex: false,
            code_prefix: None,
            label: None,
            lookup_url: None,
            entries: 0,
        })
    }
}

impl Catalog {
    /// Only the vendors compiled into the binary; costs nothing at start-up.
    pub fn builtin() -> Self {
        Catalog {
            vendors: compiled::builtin().collect(),
            names: std::sync::OnceLock::new(),
        }
    }

    /// Drops the built-in search blobs, so that search rates every entry (for tests).
    #[cfg(test)]
    pub(crate) fn without_blobs(&mut self) {
        for v in &mut self.vendors {
            v.blob = None;
        }
    }

    pub fn vendors(&self) -> &[Vendor] {
        &self.vendors
    }

    /// The vendor whose id or alias is `name`, ignoring ASCII case.
    pub fn vendor(&self, name: &str) -> Option<&Vendor> {
        let name = name.trim();
        self.vendors.iter().find(|v| {
            v.id.eq_ignore_ascii_case(name)
                || v.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }

    /// The vendor id `name` was probably meant to be, if it is close to one (`hdi` -> `hid`).
    pub fn suggest_vendor(&self, name: &str) -> Option<&'static str> {
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || name.len() > 40 || self.vendor(&name).is_some() {
            return None;
        }
        // The start of a name (`face` for facephi) is as good a hint as a typo.
        if name.len() >= 3 {
            let prefix = self.vendors.iter().find(|v| {
                std::iter::once(v.id)
                    .chain(v.aliases.iter())
                    .any(|n| n.len() > name.len() && n.starts_with(&name))
            });
            if let Some(v) = prefix {
                return Some(v.id);
            }
        }
        self.vendors
            .iter()
            .flat_map(|v| {
                std::iter::once(v.id)
                    .chain(v.aliases.iter())
                    .map(move |n| (v.id, n))
            })
            .map(|(id, n)| (id, strsim::damerau_levenshtein(&name, n), n.len()))
            .filter(|&(_, d, len)| d > 0 && (d <= 1 || (d <= 2 && len >= 4)))
            .min_by_key(|&(_, d, _)| d)
            .map(|(id, _, _)| id)
    }

    fn among<'a>(&'a self, vendor: Option<&'a Vendor>) -> &'a [Vendor] {
        match vendor {
            Some(v) => std::slice::from_ref(v),
            None => &self.vendors[..],
        }
    }

    /// Every entry with this code, in one vendor or in all of them. The code is taken as typed
    /// first; when nothing has it, as pasted (`"1902",`, `code=1902`, `−100`: see `pasted`);
    /// then as a symbolic name (`NoLive`, `REASON_THRESHOLD_STEP-UP_REACHED`).
    pub fn lookup<'a>(&'a self, vendor: Option<&'a Vendor>, code: &str) -> Vec<Hit<'a>> {
        let key = normalize_code(code);
        let mut hits = self.lookup_key(vendor, &key);
        let cleaned = pasted::clean(code);
        if hits.is_empty() {
            if let Some(c) = &cleaned {
                hits = self.lookup_key(vendor, &normalize_code(c));
            }
        }
        if hits.is_empty() {
            hits = self.after_label(vendor, code);
        }
        // A hexadecimal code is also its digits, in tables that write hex without `0x`
        // (`52e`), and its decimal value, in tables whose codes logs write in hex (`0x18`:
        // Windows events write Kerberos 24 so); cheap, as only `0x` codes pay.
        let typed = cleaned.as_deref().map_or(&*key, |c| c);
        if let Some((digits, decimal)) = pasted::hex_forms(&normalize_code(typed)) {
            let in_hex_tables = self
                .lookup_key(vendor, &digits)
                .into_iter()
                .filter(|h| h.table().hex);
            let logged_in_hex = self
                .lookup_key(vendor, &decimal)
                .into_iter()
                .filter(|h| h.table().logged_in_hex);
            for h in in_hex_tables.chain(logged_in_hex) {
                if !hits.iter().any(|x| {
                    x.vendor.id == h.vendor.id
                        && x.entry.table == h.entry.table
                        && x.entry.key == h.entry.key
                }) {
                    hits.push(h);
                }
            }
        }
        if !hits.is_empty() {
            return hits;
        }
        // `50126` for `AADSTS50126`: tables whose codes carry a prefix logs leave out.
        let bare = normalize_code(typed);
        for v in self.among(vendor) {
            for t in v.tables {
                let Some(prefix) = t.code_prefix else {
                    continue;
                };
                let with = format!("{}{bare}", prefix.to_ascii_lowercase());
                hits.extend(
                    v.lookup(&with)
                        .filter(|e| e.table == t.id)
                        .map(|entry| Hit { vendor: v, entry }),
                );
            }
        }
        if !hits.is_empty() {
            return hits;
        }
        self.lookup_name(vendor, cleaned.as_deref().unwrap_or(code))
    }

    /// `data 52e`: a code after the word that a table declares its codes follow (its
    /// `label`), looked up in the tables that declare that word.
    fn after_label<'a>(&'a self, vendor: Option<&'a Vendor>, code: &str) -> Vec<Hit<'a>> {
        let Some((word, rest)) = code.trim().split_once(char::is_whitespace) else {
            return Vec::new();
        };
        let rest = pasted::strip_around(rest.trim());
        self.labelled_tables(word)
            .into_iter()
            .filter(|(v, _)| vendor.is_none_or(|x| x.id == v.id))
            .flat_map(|(v, table)| {
                v.lookup(&normalize_code(rest))
                    .filter(move |e| e.table == table)
                    .map(move |entry| Hit { vendor: v, entry })
            })
            .collect()
    }

    /// The tables whose `label` is `word` (ignoring ASCII case and a `:` or `=` after it).
    pub fn labelled_tables(&self, word: &str) -> Vec<(&Vendor, &'static str)> {
        let word = word.trim_end_matches([':', '=']);
        (self.names().labels.iter())
            .filter(|(label, _, _)| label.eq_ignore_ascii_case(word))
            .map(|&(_, v, table)| (&self.vendors[v as usize], table))
            .collect()
    }

    fn lookup_key<'a>(&'a self, vendor: Option<&'a Vendor>, key: &str) -> Vec<Hit<'a>> {
        let mut hits = Vec::new();
        for v in self.among(vendor) {
            hits.extend(v.lookup(key).map(|entry| Hit { vendor: v, entry }));
        }
        hits
    }

    /// Entries whose title is a symbolic name (one word, no spaces) equal to `name`, ignoring
    /// ASCII case. Read only when no code matched, so a hit costs nothing here.
    fn lookup_name<'a>(&'a self, vendor: Option<&'a Vendor>, name: &str) -> Vec<Hit<'a>> {
        let name = normalize_code(name);
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Vec::new();
        }
        let Some(found) = self.names().titles.get(&name.to_ascii_lowercase()) else {
            return Vec::new();
        };
        found
            .iter()
            .map(|&(vi, i)| (&self.vendors[vi as usize], i as usize))
            .filter(|(v, _)| vendor.is_none_or(|x| x.id == v.id))
            .map(|(v, i)| Hit {
                vendor: v,
                entry: v.entries.at(i),
            })
            .collect()
    }

    fn names(&self) -> &Names {
        self.names.get_or_init(|| {
            let mut names = Names::default();
            for (vi, v) in self.vendors.iter().enumerate() {
                for t in v.tables {
                    names.labels.extend(t.label.map(|l| (l, vi as u32, t.id)));
                }
                for i in 0..v.entries.len() {
                    let key = v.entries.key(i);
                    names.known.insert(key.to_string());
                    let table = v.table(v.entries.table(i));
                    if let Some(prefix) = table.and_then(|t| t.code_prefix) {
                        if let Some(bare) = key.get(prefix.len()..) {
                            if key[..prefix.len()].eq_ignore_ascii_case(prefix) {
                                names.known.insert(bare.to_string());
                            }
                        }
                    }
                    let variants = v.entries.variants(i);
                    let variants = variants.iter().filter_map(|x| x.title);
                    for t in v.entries.title(i).into_iter().chain(variants) {
                        if t.contains(char::is_whitespace) {
                            continue;
                        }
                        let lower = t.to_ascii_lowercase();
                        names.known.insert(lower.clone());
                        let list = names.titles.entry(lower).or_default();
                        if !list.contains(&(vi as u32, i as u32)) {
                            list.push((vi as u32, i as u32));
                        }
                    }
                }
            }
            names
        })
    }

    /// Every code and symbolic name, lower-cased, as [`Catalog::may_know`] knows them.
    pub fn known_names(&self) -> impl Iterator<Item = &str> {
        self.names().known.iter().map(String::as_str)
    }

    /// Could `code` be found by [`Catalog::lookup`]? `false` is certain; `true` may still
    /// find nothing. Cheap: one or two set lookups, for every token of a log line.
    pub fn may_know(&self, code: &str) -> bool {
        let known = &self.names().known;
        let key = normalize_code(code);
        if key.starts_with("0x") || known.contains(&*key) {
            return true;
        }
        pasted::clean(code).is_some_and(|c| {
            let c = normalize_code(&c);
            c.starts_with("0x") || known.contains(&*c)
        })
    }

    /// Is `code` a code (or symbolic name) of any vendor, as typed or as pasted?
    pub fn knows_code(&self, code: &str) -> bool {
        !self.lookup(None, code).is_empty()
    }

    /// The codes that `code` is likely a slip for, for a "not found" hint: a dropped minus
    /// sign, two neighbouring characters swapped, one digit off by one (`1907` for `1906`), or,
    /// for names without digits, a few edits or a cut-off end (`invalid_tokn`,
    /// `KDC_ERR_PREAUTH_FAIL`). A number that is merely close is no likely slip (`700024` is
    /// not `70002` nor `700020`).
    pub fn nearest<'a>(
        &'a self,
        vendor: Option<&'a Vendor>,
        code: &str,
        limit: usize,
    ) -> Vec<Hit<'a>> {
        // No code is longer than a catalog allows (200 bytes): a longer input is near none,
        // and its edit distance to every code would cost time in the square of its length.
        if code.len() > MAX_NEAR_INPUT {
            return Vec::new();
        }
        let cleaned = pasted::clean(code);
        let key = normalize_code(cleaned.as_deref().unwrap_or(code));
        let mut scored: Vec<(u64, Hit<'a>)> = Vec::new();
        for v in self.among(vendor) {
            for entry in v.entries {
                if let Some(d) = slip_distance(&key, entry.key) {
                    scored.push((d, Hit { vendor: v, entry }));
                }
            }
        }
        scored.sort_by_key(|(d, h)| (*d, h.entry.key.len(), h.vendor.id, h.entry.key));
        let mut out: Vec<Hit<'a>> = Vec::new();
        for (_, hit) in scored {
            if out.len() == limit {
                break;
            }
            if !out
                .iter()
                .any(|h| h.vendor.id == hit.vendor.id && h.entry.key == hit.entry.key)
            {
                out.push(hit);
            }
        }
        out
    }

    /// The entries a document relates to `hit` (its catalog's `related`).
    pub fn related<'a>(&'a self, hit: &Hit<'a>) -> Vec<Hit<'a>> {
        let mut out: Vec<Hit<'a>> = Vec::new();
        for r in hit.entry.related {
            let Some((table, code)) = schema::table_code(r) else {
                continue;
            };
            out.extend(
                self.lookup(Some(hit.vendor), code)
                    .into_iter()
                    .filter(|h| h.entry.table == table),
            );
        }
        out
    }

    /// What the user's catalogs add to `hit` (a team's solution, runbook, owner, notes).
    pub fn annotations<'a>(&'a self, hit: &Hit<'a>) -> Vec<&'a Annotation> {
        hit.vendor
            .annotations
            .iter()
            .filter(|a| a.key == hit.entry.key && a.table.is_none_or(|t| t == hit.entry.table))
            .collect()
    }

    /// The standards' entries beneath `hit`: the HTTP status it names, and, in a table built on
    /// a standard (its `standard` attribute), the standard's entries for the same code.
    pub fn beneath<'a>(&'a self, hit: &Hit<'a>) -> Vec<Hit<'a>> {
        let mut out: Vec<Hit<'a>> = Vec::new();
        if let Some(status) = hit.entry.http_status {
            let code = status.to_string();
            for v in self.vendors.iter().filter(|v| v.standard) {
                for t in v.tables.iter().filter(|t| t.holds_http_status) {
                    out.extend(
                        v.lookup(&code)
                            .filter(|e| e.table == t.id)
                            .map(|entry| Hit { vendor: v, entry }),
                    );
                }
            }
        }
        let table = hit.table();
        // An entry that names its endpoint (in a table that mixes endpoints) goes by it.
        let standard = hit
            .entry
            .standard
            .or(table.standard)
            .map(schema::standard_ref);
        if let Some((v, tables)) =
            standard.and_then(|(id, tables)| self.vendor(id).map(|v| (v, tables)))
        {
            // A table of internal codes grouped by the standard value they are sent as
            // (Okta's) links by its group; others by the code itself.
            let group = hit.entry.group.filter(|_| !table.standard_by_code);
            let value =
                group.map_or_else(|| std::borrow::Cow::Borrowed(hit.entry.key), normalize_code);
            // The endpoint the table is for, when it names one: never every table that
            // happens to hold the value.
            out.extend(
                v.lookup(&value)
                    .filter(|e| tables.is_empty() || tables.contains(&e.table))
                    .map(|entry| Hit { vendor: v, entry }),
            );
        }
        out.retain(|h| !(h.vendor.id == hit.vendor.id && h.entry.table == hit.entry.table));
        out
    }

    /// Other entries that merely share `hit`'s code: in the vendor's other tables, then at
    /// other vendors. Computed, not stated by any document: a shared number means nothing by
    /// itself, and renderers must say so. A number is shared only within one family (the
    /// same vendor, or a table and the standard it declares, or two tables of one
    /// standard): Kerberos 0x12 and LDAP 18 are a coincidence. A symbolic code
    /// (`invalid_grant`) is shared wherever it is.
    pub fn same_code<'a>(&'a self, hit: &Hit<'a>) -> Vec<Hit<'a>> {
        let numeric = |h: &Hit<'_>| {
            let key = h.entry.key.trim_start_matches('-');
            h.table().hex || key.starts_with("0x") || key.bytes().all(|b| b.is_ascii_digit())
        };
        let family = |h: &Hit<'_>| {
            let (a, b) = (hit.table().standard, h.table().standard);
            h.vendor.id == hit.vendor.id
                || a == Some(h.vendor.id)
                || b == Some(hit.vendor.id)
                || (a.is_some() && a == b)
        };
        let mut out: Vec<Hit<'a>> = self
            .lookup(None, hit.entry.code)
            .into_iter()
            .filter(|h| !(h.vendor.id == hit.vendor.id && h.entry.table == hit.entry.table))
            .filter(|h| !(numeric(hit) || numeric(h)) || family(h))
            .collect();
        out.sort_by_key(|h| Reverse(h.vendor.id == hit.vendor.id));
        out
    }
}

/// How likely a slip `typed` is for the code `key` (lower is likelier), or `None` when it
/// is unlikely: see `Catalog::nearest`.
fn slip_distance(typed: &str, key: &str) -> Option<u64> {
    if typed == key {
        return None;
    }
    let unsigned = |s: &str| s.strip_prefix('-').map(str::to_string);
    if unsigned(key).as_deref() == Some(typed) || unsigned(typed).as_deref() == Some(key) {
        return Some(0);
    }
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = key.chars().collect();
    let has_digit = |s: &[char]| s.iter().any(char::is_ascii_digit);
    if has_digit(&a) || has_digit(&b) {
        // Codes with digits: the same length, one position off by one or two swapped.
        if a.len() != b.len() {
            return None;
        }
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return match diff[..] {
            [i] => match (a[i].to_digit(16), b[i].to_digit(16)) {
                (Some(x), Some(y))
                    if x.abs_diff(y) == 1 && a[i].is_ascii_digit() == b[i].is_ascii_digit() =>
                {
                    Some(2)
                }
                _ => None,
            },
            [i, j] if j == i + 1 && a[i] == b[j] && a[j] == b[i] => Some(1),
            _ => None,
        };
    }
    // Names: a cut-off end, or few edits for their length.
    if a.len() >= 6 && b.len() > a.len() && key.starts_with(typed) {
        return Some((b.len() - a.len()) as u64);
    }
    let d = strsim::damerau_levenshtein(typed, key) as u64;
    let max_edits = (a.len() / 6).max(1) as u64;
    (d <= max_edits).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `0x...` is read as a decimal code only in tables that say logs write their codes in
    /// hex (`logged_in_hex`): `0x3e8` is no answer of every table that has a code 1000.
    #[test]
    fn a_hex_code_is_read_as_decimal_only_where_a_table_says_logs_write_it_so() {
        let c = Catalog::builtin();
        let mut declared = 0;
        for v in c.vendors() {
            for t in v.tables.iter() {
                for e in v.entries.iter().filter(|e| e.table == t.id) {
                    let Ok(n) = e.key.parse::<u64>() else {
                        continue;
                    };
                    let hex = format!("{n:#x}");
                    let found = c.lookup(None, &hex).into_iter().any(|h| {
                        h.vendor.id == v.id && h.entry.table == t.id && h.entry.key == e.key
                    });
                    // A table of hex digits (`52e`) is found by its own digits, not here.
                    if !t.hex && n.to_string() == e.key {
                        assert_eq!(
                            found, t.logged_in_hex,
                            "{} {} {}: {hex}",
                            v.id, t.id, e.code
                        );
                    }
                    declared += usize::from(t.logged_in_hex);
                }
            }
        }
        assert!(declared > 0, "some table declares logged_in_hex");
    }

    #[test]
    fn vendor_by_id_or_alias_ignores_case() {
        let c = Catalog::builtin();
        assert_eq!(c.vendor("HID").map(|v| v.id), Some("hid"));
        assert_eq!(c.vendor("aliyun").map(|v| v.id), Some("idaas"));
        assert_eq!(c.vendor("OHOS").map(|v| v.id), Some("openharmony"));
        assert!(c.vendor("nope").is_none());
    }

    #[test]
    fn misspelt_vendor_is_suggested() {
        let c = Catalog::builtin();
        assert_eq!(c.suggest_vendor("hdi"), Some("hid"));
        assert_eq!(c.suggest_vendor("autihng"), Some("authing"));
        assert_eq!(c.suggest_vendor("1902"), None);
        assert_eq!(c.suggest_vendor("hid"), None);
    }

    #[test]
    fn lookup_returns_every_table() {
        let c = Catalog::builtin();
        let hid = c.vendor("hid").unwrap();
        let tables: Vec<_> = c
            .lookup(Some(hid), "400")
            .iter()
            .map(|h| h.entry.table)
            .collect();
        assert_eq!(tables, ["http", "hid_error"]);
        let zero: Vec<_> = c
            .lookup(Some(hid), " \"0\" ")
            .iter()
            .map(|h| h.entry.table)
            .collect();
        assert_eq!(zero, ["hid_error", "hid_failure"]);
    }

    #[test]
    fn lookup_of_symbolic_codes_ignores_case() {
        let c = Catalog::builtin();
        let hits = c.lookup(None, "OPERATION.FAILURE.USER.LOCKED");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].entry.code, "Operation.Failure.User.Locked");
    }

    #[test]
    fn index_is_sorted_and_complete() {
        for v in Catalog::builtin().vendors() {
            assert_eq!(v.index.len(), v.entries.len());
            assert!(
                v.index
                    .windows(2)
                    .all(|w| v.entries.key(w[0] as usize) <= v.entries.key(w[1] as usize))
            );
        }
    }

    #[test]
    fn nearest_numeric_codes() {
        let c = Catalog::builtin();
        let hid = c.vendor("hid").unwrap();
        let near: Vec<_> = c
            .nearest(Some(hid), "1907", 3)
            .iter()
            .map(|h| h.entry.code)
            .collect();
        assert_eq!(near, ["1906"]);
    }

    #[test]
    fn same_code_is_apart_from_stated_relations() {
        let c = Catalog::builtin();
        let hid = c.vendor("hid").unwrap();
        let hit = c.lookup(Some(hid), "1000")[0];
        let same: Vec<_> = c
            .same_code(&hit)
            .iter()
            .map(|h| (h.vendor.id, h.entry.table))
            .collect();
        assert!(
            !same.iter().any(|(v, _)| *v != "hid"),
            "a number is shared within one family only: {same:?}"
        );
        let oauth = c.vendor("oauth").unwrap();
        let grant = c.lookup(Some(oauth), "invalid_grant")[0];
        assert!(c.same_code(&grant).iter().any(|h| h.vendor.id != "oauth"));
        assert!(c.related(&hit).is_empty(), "no document relates HID 1000");
        let facephi = c.vendor("facephi").unwrap();
        let spoof = c.lookup(Some(facephi), "1")[1];
        assert_eq!(spoof.entry.title, Some("Spoof"));
        let stated: Vec<_> = c.related(&spoof).iter().map(|h| h.entry.code).collect();
        assert_eq!(stated, ["17"]);
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    fn any_entry() -> impl Strategy<Value = (usize, usize)> {
        let c = Catalog::builtin();
        let sizes: Vec<usize> = c.vendors().iter().map(|v| v.entries.len()).collect();
        (0..sizes.len()).prop_flat_map(move |v| (Just(v), 0..sizes[v]))
    }

    proptest! {
        #[test]
        fn normalization_is_idempotent(s in "\\PC{0,40}") {
            let once = normalize_code(&s);
            prop_assert_eq!(normalize_code(&once), once.clone());
        }

        /// Every code is found however it was copied: padded, quoted, in any case.
        #[test]
        fn every_code_is_found_as_copied((v, i) in any_entry(), pad in "[ \t]{0,3}", quote in prop_oneof![Just(""), Just("\""), Just("'"), Just("`")], upper in any::<bool>()) {
            let c = Catalog::builtin();
            let vendor = &c.vendors()[v];
            let e = vendor.entries.at(i);
            let code = if upper { e.code.to_ascii_uppercase() } else { e.code.to_ascii_lowercase() };
            let typed = format!("{pad}{quote}{code}{quote}{pad}");
            let hits = c.lookup(Some(vendor), &typed);
            let is_e = |h: &Hit<'_>| (h.vendor.id, h.entry.table, h.entry.code) == (vendor.id, e.table, e.code);
            prop_assert!(hits.iter().any(is_e), "{typed:?}");
            prop_assert!(c.lookup(None, &typed).iter().any(is_e));
        }

        /// `may_know` never says no to what `lookup` finds: codes as copied, their bare
        /// forms without a prefix, symbolic names, and anything else.
        #[test]
        fn may_know_never_hides_a_code((v, i) in any_entry(), s in "\\PC{0,20}", bare in any::<bool>()) {
            let c = Catalog::builtin();
            let e = c.vendors()[v].entries.at(i);
            let prefix = c.vendors()[v].table(e.table).and_then(|t| t.code_prefix).unwrap_or("");
            let code = if bare { e.code.get(prefix.len()..).unwrap_or(e.code) } else { e.code };
            for typed in [code, e.title.unwrap_or(code), &format!("code={code}"), &s] {
                if !c.lookup(None, typed).is_empty() {
                    prop_assert!(c.may_know(typed), "{typed:?}");
                }
            }
        }

        /// Lookups never panic and only return entries whose code matches, as typed or as
        /// pasted (cleaned, or a hexadecimal code's digits or value), or whose name does.
        #[test]
        fn lookup_returns_only_matching_codes(s in "\\PC{0,20}") {
            let c = Catalog::builtin();
            let cleaned = pasted::clean(&s);
            let mut forms = vec![normalize_code(&s).into_owned()];
            forms.extend(cleaned.iter().map(|x| normalize_code(x).into_owned()));
            for f in forms.clone() {
                if let Some((digits, decimal)) = pasted::hex_forms(&f) {
                    forms.push(digits);
                    forms.push(decimal);
                }
            }
            let name = normalize_code(cleaned.as_deref().unwrap_or(&s)).into_owned();
            for h in c.lookup(None, &s) {
                let named = |t: &str| t.eq_ignore_ascii_case(&name);
                let by_name = h.entry.title.is_some_and(named)
                    || h.entry.variants.iter().any(|v| v.title.is_some_and(named));
                prop_assert!(forms.iter().any(|f| f == h.entry.key) || by_name, "{s:?} found {}", h.entry.key);
            }
            let _ = c.nearest(None, &s, 5);
            let _ = c.suggest_vendor(&s);
        }
    }
}

//! The catalog as the program uses it: `'static`, `Copy`, and the same for built-in and user data.
//!
//! Built-in entries are compiled by `build.rs` into records of plain integers over one text
//! (see `compiled.rs`) and become `Entry` values only when read; user catalogs are parsed at run
//! time and leaked (they live as long as the process anyway). `List` hides which of the two a
//! list is, so every query and renderer serves both.

use super::list::List;

/// Where an entry or vendor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary from `catalog/`.
    Builtin,
    /// Added by the user catalog at this path.
    User(&'static str),
    /// A user catalog at this path replaces the built-in entry of the same table and code.
    Override(&'static str),
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Builtin => "builtin",
            Origin::User(_) => "user",
            Origin::Override(_) => "override",
        }
    }

    pub fn path(self) -> Option<&'static str> {
        match self {
            Origin::Builtin => None,
            Origin::User(p) | Origin::Override(p) => Some(p),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Vendor {
    pub id: &'static str,
    pub name: &'static str,
    pub product: &'static str,
    /// A standard (OAuth, HTTP ...) that vendors build on, rather than a vendor.
    pub standard: bool,
    pub aliases: List<&'static str>,
    /// `None` when the main document has no known address.
    pub source_url: Option<&'static str>,
    pub source_title: &'static str,
    pub date: &'static str,
    /// The licenses of the catalog's documents, as their repositories or pages state them.
    pub license: Option<&'static str>,
    pub sources: List<Source>,
    pub tables: List<Table>,
    /// In catalog order: by table, then as the vendor lists them.
    pub entries: List<Entry>,
    /// Indices into `entries`, ordered by `Entry::key` (then catalog order).
    pub index: &'static [u32],
    /// The built-in entries' search texts end to end; `None` once a user catalog changed the
    /// entries.
    pub blob: Option<Blob>,
    /// The vendor's wire declarations (`[wire]`): read only by `explain -`, `scan` and
    /// `inspect` (lists, so that start-up never touches them).
    pub wire: Wire,
    /// Notes that user catalogs add to entries (none are built in).
    pub annotations: &'static [Annotation],
    pub origin: Origin,
}

/// A vendor's wire declarations (`[wire]` in its catalog, see `schema::wire`): where its
/// codes appear, what makes it likely, which codes detection reports, which entries report a
/// problem in a token. `detect::rules` compiles them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wire {
    pub rules: List<WireRule>,
    pub signals: List<WireSignal>,
    pub concerns: List<WireConcerns>,
    pub tokens: List<WireToken>,
    pub messages: List<WireMessage>,
}

/// `[[wire.messages]]`: a member that carries an error's message text.
#[derive(Debug, Clone, Copy)]
pub struct WireMessage {
    pub key: &'static str,
    pub says: &'static str,
}

/// Where a rule looks for a table's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WirePlace {
    /// A member path in a JSON body (`hid_failure.reason`).
    Path(&'static str),
    /// A regular expression over text, with a capture `code` or the rule's own `code`.
    Pattern(&'static str),
}

/// `[[wire.rules]]`: where one table's codes appear (fields as `schema::wire::RawRule`).
#[derive(Debug, Clone, Copy)]
pub struct WireRule {
    pub table: &'static str,
    pub place: WirePlace,
    pub code: Option<&'static str>,
    pub value: Option<&'static str>,
    pub with_key: Option<&'static str>,
    pub with_value: Option<&'static str>,
    pub with_text: Option<&'static str>,
    pub prefer_text: Option<&'static str>,
    pub decides: bool,
    pub radix: Option<u32>,
    pub base: Option<i64>,
    /// With `base`: the shifted number is written `0x` and this many hex digits.
    pub hex_digits: Option<u32>,
    pub prefix: Option<&'static str>,
    pub absorbs: Option<&'static str>,
    pub first: bool,
    pub says: &'static str,
}

impl WireRule {
    /// The rule's text pattern, if it has one rather than a path.
    pub fn pattern(&self) -> Option<&'static str> {
        match self.place {
            WirePlace::Pattern(p) => Some(p),
            WirePlace::Path(_) => None,
        }
    }
}

/// `[[wire.signals]]`: evidence that makes the vendor more likely (as `schema::wire::RawSignal`).
#[derive(Debug, Clone, Copy)]
pub struct WireSignal {
    pub key: Option<&'static str>,
    pub value: Option<&'static str>,
    pub value_in_table: Option<&'static str>,
    pub text: Option<&'static str>,
    pub code: Option<&'static str>,
    /// Only for candidates of this table.
    pub table: Option<&'static str>,
    /// With `table`: also names the vendor, not only which of its tables.
    pub names_vendor: bool,
    pub weight: u8,
    pub says: &'static str,
}

/// `[[wire.concerns]]`: the only codes of a table that detection reports.
#[derive(Debug, Clone, Copy)]
pub struct WireConcerns {
    pub table: &'static str,
    pub codes: List<&'static str>,
    pub says: &'static str,
}

/// `[[wire.tokens]]`: the entries of a table that report a problem found in a token.
#[derive(Debug, Clone, Copy)]
pub struct WireToken {
    pub problem: &'static str,
    pub table: &'static str,
    pub codes: List<&'static str>,
    pub says: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub id: &'static str,
    pub title: &'static str,
    pub url: Option<&'static str>,
    pub date: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub id: &'static str,
    pub name: &'static str,
    /// Where the code appears in a response.
    pub field: &'static str,
    /// Id of the vendor's source that `field` draws on, besides the main document.
    pub source: Option<&'static str>,
    /// The standard whose codes this table's codes are: a standard catalog's id, or
    /// `catalog:table[,table...]` for the endpoint the table is for.
    pub standard: Option<&'static str>,
    /// Entries name their standard value by their code, never by their group.
    pub standard_by_code: bool,
    /// Does this table hold HTTP statuses (that entries' `http_status` name)?
    pub holds_http_status: bool,
    /// Are its codes hexadecimal digits without `0x` (`52e`)?
    pub hex: bool,
    /// Are its decimal codes also written in hexadecimal with `0x` (`0x18` for 24)?
    pub logged_in_hex: bool,
    /// A prefix its codes carry that logs also leave out (`AADSTS`).
    pub code_prefix: Option<&'static str>,
    /// The word logs put before its codes (`data`: Active Directory's `data 52e`).
    pub label: Option<&'static str>,
    /// The vendor's lookup address for any code of the table, `{code}` standing for the code.
    pub lookup_url: Option<&'static str>,
    /// How many of the vendor's entries are in it (counted when the entries are made).
    pub entries: u32,
}

/// A team's own note on an entry, from a user catalog: shown apart from the vendor's text.
#[derive(Debug, Clone, Copy)]
pub struct Annotation {
    pub table: Option<&'static str>,
    pub key: &'static str,
    pub solution: Option<&'static str>,
    pub notes: &'static [&'static str],
    pub runbook: Option<&'static str>,
    pub owner: Option<&'static str>,
    /// `file:line` it comes from.
    pub from: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Note {
    pub source: Option<&'static str>,
    pub text: &'static str,
}

impl Note {
    /// Is this note our own reading rather than a document's statement? Its text says so
    /// (`Our note: ...`), and it names no document as its source.
    pub fn is_ours(&self) -> bool {
        self.source.is_none() && self.text.starts_with(crate::catalog::schema::OUR_NOTE)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub source: Option<&'static str>,
    pub title: Option<&'static str>,
    pub message: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub table: &'static str,
    /// As the vendor writes it.
    pub code: &'static str,
    /// `code` normalized for matching (see `normalize_code`).
    pub key: &'static str,
    pub title: Option<&'static str>,
    pub message: &'static str,
    pub description: Option<&'static str>,
    pub causes: List<&'static str>,
    /// Id of the vendor's source the causes come from; `None`: the entry's own document.
    pub causes_source: Option<&'static str>,
    pub solution: Option<&'static str>,
    /// Id of the vendor's source the solution comes from; `None`: the entry's own document.
    pub solution_source: Option<&'static str>,
    /// A document defines this code as success: never counted as an error.
    pub success: bool,
    pub http_status: Option<u16>,
    /// `None` when no document says whether it is deprecated.
    pub deprecated: Option<bool>,
    pub aliases: List<&'static str>,
    /// `table:code` within the same vendor: relations a document states.
    pub related: List<&'static str>,
    /// Id of the vendor's source its code and message come from; `None`: the main document.
    pub source: Option<&'static str>,
    /// Ids of the vendor's further sources this entry draws on.
    pub sources: List<&'static str>,
    pub group: Option<&'static str>,
    pub applies_to: Option<&'static str>,
    /// `catalog:table[,table...]`: the standard beneath this entry, where its document names
    /// the endpoint (instead of its table's `standard`).
    pub standard: Option<&'static str>,
    pub example: Option<&'static str>,
    pub notes: List<Note>,
    pub variants: List<Variant>,
    /// Lower-cased text of the searchable fields, one a line, name fields first.
    pub search: &'static str,
    /// Byte length of the name fields at the start of `search`.
    pub names_len: u32,
    /// `letter_mask` of `search`.
    pub letters: u32,
    pub origin: Origin,
}

impl Vendor {
    pub fn table(&self, id: &str) -> Option<Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub fn source(&self, id: &str) -> Option<Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The vendor's main document, as a `Source` with an empty id.
    pub fn main_document(&self) -> Source {
        Source {
            id: "",
            title: self.source_title,
            url: self.source_url,
            date: self.date,
        }
    }

    /// The document an entry's code and message come from.
    pub fn document_of(&self, e: &Entry) -> Source {
        e.source
            .and_then(|id| self.source(id))
            .unwrap_or_else(|| self.main_document())
    }

    /// The document behind a source id of a note or variant; `None`: the main document.
    pub fn document(&self, id: Option<&str>) -> Source {
        id.and_then(|id| self.source(id))
            .unwrap_or_else(|| self.main_document())
    }

    /// Every entry whose normalized code is `key`, in catalog order (binary search on the index).
    pub fn lookup(&self, key: &str) -> impl Iterator<Item = Entry> + use<> {
        let entries = self.entries;
        (self.positions_of(key).iter()).map(move |&i| entries.at(i as usize))
    }

    /// The numbers of the entries whose normalized code is `key`.
    pub fn positions_of(&self, key: &str) -> &'static [u32] {
        let entries = self.entries;
        equal_range(self.index, key, |i| entries.key(i))
    }

    pub fn count_in(&self, table: &str) -> usize {
        self.table(table).map_or(0, |t| t.entries as usize)
    }
}

/// The run of `index` (entry numbers sorted by key) whose keys are `key`. Duplicate codes are
/// few, so the run's end is found by walking rather than by a second binary search.
fn equal_range<'i>(
    index: &'i [u32],
    key: &str,
    key_of: impl Fn(usize) -> &'static str,
) -> &'i [u32] {
    let start = index.partition_point(|&i| key_of(i as usize) < key);
    let len = index[start..]
        .iter()
        .take_while(|&&i| key_of(i as usize) == key)
        .count();
    &index[start..start + len]
}

/// Every entry's `search` text, one after another in entry order, each ended by a NUL: search
/// looks for a word once over all of them (one `memmem` pass), not once in each.
#[derive(Debug, Clone, Copy)]
pub struct Blob {
    pub text: &'static [u8],
    /// Where each entry's text ends in `text` (the offset of its NUL).
    pub ends: &'static [u32],
}

impl Blob {
    /// The text of entry `i`.
    pub fn entry_text(&self, i: usize) -> &'static [u8] {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p] as usize + 1);
        &self.text[start..self.ends[i] as usize]
    }

    /// The entry whose text holds byte `at` of `text`.
    pub fn entry_at(&self, at: usize) -> usize {
        self.ends.partition_point(|&end| (end as usize) < at)
    }
}

/// What search reads of an entry; cheap to get without making the whole `Entry`.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    pub key: &'static str,
    /// Lower-cased text of the searchable fields, one field a line: `names`, then `text`.
    pub search: &'static str,
    /// The name fields: code, title, message, aliases, variants.
    pub names: &'static str,
    /// The longer texts: description, causes, solution, notes (may be empty).
    pub text: &'static str,
    /// `letter_mask` of `search`.
    pub letters: u32,
}

impl Probe {
    pub fn new(key: &'static str, search: &'static str, names_len: u32, letters: u32) -> Probe {
        let (names, text) = search.split_at(search.len().min(names_len as usize));
        Probe {
            key,
            search,
            names,
            text: text.strip_prefix('\n').unwrap_or(text),
            letters,
        }
    }
}

/// Reading single fields of entries without making whole `Entry` values: the lookup index and
/// search touch only these.
impl List<Entry> {
    pub fn key(&self, i: usize) -> &'static str {
        match self {
            List::Compiled(raw) => raw[i].key(),
            List::Loaded(items) => items[i].key,
        }
    }

    pub fn table(&self, i: usize) -> &'static str {
        match self {
            List::Compiled(raw) => raw[i].table(),
            List::Loaded(items) => items[i].table,
        }
    }

    pub fn title(&self, i: usize) -> Option<&'static str> {
        match self {
            List::Compiled(raw) => raw[i].title(),
            List::Loaded(items) => items[i].title,
        }
    }

    pub fn message(&self, i: usize) -> &'static str {
        match self {
            List::Compiled(raw) => raw[i].message(),
            List::Loaded(items) => items[i].message,
        }
    }

    pub fn variants(&self, i: usize) -> List<Variant> {
        match self {
            List::Compiled(raw) => raw[i].variants(),
            List::Loaded(items) => items[i].variants,
        }
    }

    pub fn probe(&self, i: usize) -> Probe {
        match self {
            List::Compiled(raw) => raw[i].probe(),
            List::Loaded(items) => items[i].probe(),
        }
    }
}

impl Entry {
    pub fn probe(&self) -> Probe {
        Probe::new(self.key, self.search, self.names_len, self.letters)
    }

    /// A document says why it happens or what to do: the entry has causes or a solution.
    pub fn has_advice(&self) -> bool {
        !self.causes.is_empty() || self.solution.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_range_finds_every_duplicate_and_nothing_else() {
        const KEYS: [&str; 6] = ["400", "1000", "400", "0", "1000", "2"];
        // Entry numbers ordered by key, then by number, as the build and user catalogs sort them.
        let index = [3u32, 1, 4, 5, 0, 2];
        let key_of = |i: usize| KEYS[i];
        assert_eq!(equal_range(&index, "400", key_of), [0, 2]);
        assert_eq!(equal_range(&index, "1000", key_of), [1, 4]);
        assert_eq!(equal_range(&index, "0", key_of), [3]);
        assert_eq!(equal_range(&index, "2", key_of), [5]);
        assert!(equal_range(&index, "3", key_of).is_empty());
        assert!(equal_range(&index, "", key_of).is_empty());
        assert!(equal_range(&index, "9", key_of).is_empty());
        assert!(equal_range(&[], "400", key_of).is_empty());
    }
}

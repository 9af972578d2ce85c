//! Raw-error detection: find vendor, table and code in a pasted response body or log text.
//!
//! One engine for every vendor: what a vendor's errors look like is data, the `[wire]`
//! declarations of its catalog (see `catalog/README.md`). The scanner (`scan`) yields members
//! of objects and the text around them; the rules (`rules`) say which members and text
//! patterns carry which table's codes, and which signals make a vendor more likely.
//!
//! The decision policy, for each place a code was found:
//! 1. Candidates come from rules (a member path or text pattern of a table) and, for members
//!    named `code`, `errCode`, `errorCode` or `error_code` and for codes named in log text, from
//!    every catalog that has the value.
//! 2. The most specific match wins: a rule whose `prefer_text` is in the same line or object
//!    beats the table's plain rules; a deciding rule beats shared vocabulary (`decides =
//!    false`, such as OAuth's `error`) and codes found by name alone.
//! 3. The rest are ranked by the vendor signals present in the same object or line, and by a
//!    message beside the code that is the entry's own text. One candidate ahead decides; a
//!    tie is reported as ranked candidates with their evidence, never dropped.
//! 4. A lone candidate from shared vocabulary with no signal is not decided: other vendors
//!    use those values too.
//! 5. An object that a deciding rule gives to one vendor yields no shared-vocabulary
//!    candidates of other vendors.
//!
//! Nothing of the input is echoed beyond the code and where it was found.

pub mod base;
pub mod decode;
pub mod quoted;
pub mod rules;
pub mod scan;
pub mod sieve;
pub mod written;

use std::fmt;

use crate::catalog::{Catalog, Hit, normalize_code};
use crate::sanitize::echo;
use rules::{Locator, Rule, Rules, SignalKind, VendorRules};
use scan::{Pair, scan};

/// At most this many findings are reported.
pub const MAX_FINDINGS: usize = 200;

/// Members of one object looked at: the rest are skipped, as nesting deeper than the scanner
/// follows is. Real error bodies have a few dozen; each member looked at costs memory until
/// the object is decided (a 16 MiB object of codes took gigabytes).
pub const MAX_MEMBERS: usize = 20_000;

/// What a quote of four words or more of an entry's own text adds to its score.
const QUOTE_WEIGHT: i32 = 4;

/// Member names that carry a code at many vendors.
const CODE_KEYS: [&str; 4] = ["code", "errcode", "errorcode", "error_code"];

/// Where in the input a code was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A member of a JSON body: `hid_failure.reason`, `errors[0].message.code`.
    Member(String),
    /// Log text.
    Text { line: usize, column: usize },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Member(path) => f.write_str(path),
            Location::Text { line, column } => write!(f, "line {line}, column {column}"),
        }
    }
}

/// One identified (or candidate) entry in the input.
#[derive(Debug, Clone)]
pub struct Finding<'a> {
    pub hit: Hit<'a>,
    pub found_at: Location,
    /// 1-based line of the code.
    pub line: usize,
    /// Why this vendor and table: the signals, never the input's values.
    pub evidence: Vec<String>,
    /// 1 for a decided finding; the rank among candidates when the signals did not decide.
    pub rank: usize,
    pub candidates: usize,
    /// Did the input decide it? A lone candidate from shared vocabulary is not decided.
    pub decided: bool,
    /// Found through shared vocabulary (an OAuth `error`), not a vendor's own code.
    pub shared: bool,
    /// Other vendors that define the same value, when nothing in the input names one of
    /// them: said in one line under the standard's answer, not reported as findings.
    pub also: Vec<Hit<'a>>,
    /// Found by a rule that puts its findings first (a record's specific code).
    pub first: bool,
}

/// A possible reading of one code, before the decision.
#[derive(Debug, Clone)]
struct Candidate<'a> {
    hit: Hit<'a>,
    /// 3 a rule whose `prefer_text` is present; 2 a deciding rule; 1 shared vocabulary;
    /// 0 found by its value alone.
    specificity: u8,
    evidence: Vec<String>,
    score: i32,
    absorbs: Option<String>,
    /// The entry's own words stand beside the code (see `rank`).
    own_words: bool,
    /// A rule that puts its findings first found it.
    first: bool,
    /// Found by a value that alone says nothing of its vendor (a symbolic code written in
    /// another case than its catalog's: krb5kdc's `CLIENT_NOT_FOUND` is no Keycloak
    /// `client_not_found`): it needs a signal or the entry's own words, as a number does.
    bare: bool,
    /// The entry's own text of four words or more that the input quotes beside the code.
    quoted: Option<&'static str>,
    /// The part of `score` that names the entry but not its vendor over a standard: a message
    /// beside the code of three words or fewer (`Invalid authorization code`) is anyone's.
    weak: i32,
    /// The vendor's entry that the message beside the code is the text of, and that its
    /// catalog says is sent as this code (its `group`): the particular error behind it.
    sent_as: Option<Hit<'a>>,
}

impl<'a> Candidate<'a> {
    /// A candidate found at one place, before signals rank it.
    fn found(hit: Hit<'a>, specificity: u8, says: String) -> Self {
        Candidate {
            hit,
            specificity,
            evidence: vec![says],
            score: 0,
            absorbs: None,
            own_words: false,
            first: false,
            bare: false,
            quoted: None,
            weak: 0,
            sent_as: None,
        }
    }
}

/// The places of one line of log text where codes were found, as they are gathered.
struct Places<'a, 't> {
    columns: Columns<'t>,
    found_at: Vec<(usize, Candidate<'a>)>,
    /// How many places of each kind are looked at: no more findings than that are kept.
    wanted: usize,
}

/// What a rule or signal may look at around a code: the object's members (none in log text)
/// and the text of the lines that hold it.
struct Context<'p> {
    pairs: &'p [Pair],
    text: &'p str,
    /// Vendors that a deciding rule finds elsewhere in the same object: their shared
    /// vocabulary in it is theirs.
    owners: Vec<&'static str>,
    /// What the questions below found, each asked once per object.
    memo: Memo,
}

/// The answers about one object that every member's rules and signals ask for. Each reads
/// the whole object; asked again for each of its n members, they made detection take time
/// n² (16,000 members: 18 s). Asked once, and looked up after, detection is linear.
#[derive(Default)]
struct Memo {
    /// The first member with each key, by lower-cased key.
    members: std::cell::OnceCell<std::collections::HashMap<String, usize>>,
    /// Every key and member of a path, lower-cased.
    keys: std::cell::OnceCell<std::collections::HashSet<String>>,
    /// The first two members named `message`.
    messages: std::cell::OnceCell<Vec<usize>>,
    /// Whether the text contains each text asked for.
    texts: std::cell::RefCell<std::collections::HashMap<String, bool>>,
    /// The text in lower case, made when first asked for.
    lower: std::cell::OnceCell<String>,
    /// Whether the lower-case text holds each entry text asked for, as whole words.
    words: std::cell::RefCell<std::collections::HashMap<String, bool>>,
    /// The entries (by index) of a vendor's grouped tables whose text a message member holds,
    /// by vendor and the member's path (see `sent_as`).
    sent: std::cell::RefCell<std::collections::HashMap<(&'static str, String), Vec<usize>>>,
    /// The value each key signal found, by vendor and signal.
    signals: std::cell::RefCell<std::collections::HashMap<(&'static str, usize), Option<String>>>,
}

impl Context<'_> {
    fn new<'p>(pairs: &'p [Pair], text: &'p str) -> Context<'p> {
        Context {
            pairs,
            text,
            owners: Vec::new(),
            memo: Memo::default(),
        }
    }

    fn member(&self, key: &str) -> Option<&Pair> {
        let first = self.memo.members.get_or_init(|| {
            let mut first = std::collections::HashMap::new();
            for (i, p) in self.pairs.iter().enumerate() {
                first.entry(p.key.to_ascii_lowercase()).or_insert(i);
            }
            first
        });
        let i = *first.get(&key.to_ascii_lowercase())?;
        self.pairs.get(i)
    }

    fn has_key(&self, key: &str) -> bool {
        let keys = self.memo.keys.get_or_init(|| {
            let mut keys = std::collections::HashSet::new();
            for p in self.pairs {
                keys.insert(p.key.to_ascii_lowercase());
                keys.extend(p.path.split('.').map(str::to_ascii_lowercase));
            }
            keys
        });
        keys.contains(&key.to_ascii_lowercase())
    }

    /// Does the text around the code hold `needle` (lower case) as whole words? Asked once
    /// per entry text and object, however many members ask.
    fn holds_words(&self, needle: &str) -> bool {
        let lower = self.memo.lower.get_or_init(|| self.text.to_lowercase());
        // As in `contains`: only a long text is worth keeping the answers of.
        if lower.len() < SHORT_TEXT {
            return holds_words(lower, needle);
        }
        if let Some(&found) = self.memo.words.borrow().get(needle) {
            return found;
        }
        let found = holds_words(lower, needle);
        self.memo
            .words
            .borrow_mut()
            .insert(needle.to_string(), found);
        found
    }

    /// Does the text around the code contain `needle`?
    fn contains(&self, needle: &str) -> bool {
        // A line is read faster than an answer is kept: only long texts are worth it.
        if self.text.len() < SHORT_TEXT {
            return self.text.contains(needle);
        }
        if let Some(&found) = self.memo.texts.borrow().get(needle) {
            return found;
        }
        let found = self.text.contains(needle);
        self.memo
            .texts
            .borrow_mut()
            .insert(needle.to_string(), found);
        found
    }
}

/// The entry of `hit`'s vendor whose text `message` is and which its catalog says is sent as
/// `hit`'s code (Okta's `invalid_client_id`, "Invalid value for 'client_id' parameter.", in
/// the group `invalid_client`). The vendor's entries are read once per object and message.
fn sent_as<'a>(hit: Hit<'a>, message: &Pair, ctx: &Context<'_>) -> Option<Hit<'a>> {
    let entries = &hit.vendor.entries;
    let key = (hit.vendor.id, message.path.clone());
    let known = ctx.memo.sent.borrow().get(&key).cloned();
    let texts = known.unwrap_or_else(|| {
        // Only a table whose entries name by their group the standard value they are sent as.
        let grouped: Vec<&str> = (hit.vendor.tables.iter())
            .filter(|t| t.standard.is_some() && !t.standard_by_code)
            .map(|t| t.id)
            .collect();
        let found: Vec<usize> = (0..entries.len())
            .filter(|&i| grouped.contains(&entries.table(i)))
            .filter(|&i| {
                let e = entries.at(i);
                e.group.is_some()
                    && (same_text(e.message, &message.value)
                        || (e.variants.iter())
                            .any(|v| v.message.is_some_and(|m| same_text(m, &message.value))))
            })
            .collect();
        ctx.memo.sent.borrow_mut().insert(key, found.clone());
        found
    });
    let code = hit.entry.code;
    (texts.into_iter())
        .map(|i| entries.at(i))
        .find(|e| e.group.is_some_and(|g| g.eq_ignore_ascii_case(code)) && e.code != code)
        .map(|entry| Hit {
            vendor: hit.vendor,
            entry,
        })
}

/// Do ranked candidates decide their vendor? The first must be ahead of every other vendor's
/// (its own tables may tie with it: which of them is said apart), and a lone reading of
/// shared vocabulary needs a signal.
fn decided(ranked: &[Candidate<'_>]) -> bool {
    let Some(first) = ranked.first() else {
        return false;
    };
    // What names a vendor: its score less what only tells its tables apart.
    let named = |c: &Candidate<'_>| c.score - c.weak;
    let own = (ranked.iter())
        .filter(|c| c.hit.vendor.id == first.hit.vendor.id)
        .map(named)
        .max()
        .unwrap_or(0);
    let rival = (ranked.iter())
        .filter(|c| c.hit.vendor.id != first.hit.vendor.id)
        .map(named)
        .max();
    (first.specificity != 1 || own > 0) && rival.is_none_or(|r| own > r)
}

fn same_text(a: &str, b: &str) -> bool {
    a.trim()
        .trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim().trim_end_matches('.'))
}

/// Is this code a bare number (`49`, `-1`, `0x18`)?
fn is_number(code: &str) -> bool {
    let digits = code.strip_prefix('-').unwrap_or(code);
    let hex = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
        .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()));
    hex || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Is this word a symbolic code: a word with `_` or `.` and a letter (`invalid_grant`,
/// `bad.email`), not a number, or a name in camel case?
fn is_symbolic(word: &str) -> bool {
    !word.is_empty()
        && !word.contains(char::is_whitespace)
        && word.parse::<i64>().is_err()
        && ((word.contains('_') || word.contains('.'))
            && word.bytes().any(|b| b.is_ascii_alphabetic())
            || is_camel_case(word))
}

/// Is this word a name of three or more capitalised parts (`PasswordStrengthError`,
/// `NotAuthorizedException`): an error class's name? Two parts (`TypeError`, `GitHub`) are
/// any program's words.
fn is_pascal_compound(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase()) && is_humped_name(word.as_bytes())
}

/// Is this word a name in camel case (`invalidCredentials`, `invalidParameterMessage`): ASCII
/// letters and digits, a lower-case start, a capital after a lower-case letter?
fn is_camel_case(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase()) && is_humped_name(word.as_bytes())
}

/// Is this word (bytes) a name in camel case or an error class's name (`is_camel_case`,
/// `is_pascal_compound`): ASCII letters and digits with a capital after a lower-case letter,
/// once after a lower-case start, twice after a capital? The engine reads such a word as a
/// symbolic code though it has no `_` or `.`; the sieve asks it of a line's bytes.
fn is_humped_name(word: &[u8]) -> bool {
    let least = match word.first() {
        Some(b) if b.is_ascii_lowercase() => 1,
        Some(b) if b.is_ascii_uppercase() => 2,
        _ => return false,
    };
    (word.iter().all(u8::is_ascii_alphanumeric))
        && (word.windows(2))
            .filter(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
            .count()
            >= least
}

/// Does `text` start (after spaces) with the words of `title`, ignoring ASCII case, and end
/// them there (`401 Unauthorized`, not `401 Unauthorizedly`)?
fn starts_with_words(text: &str, title: &str) -> bool {
    let text = text.trim_start_matches([' ', '\t']);
    text.get(..title.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(title))
        && is_whole_words(text, 0, title.len())
}

/// Is `text[at..at + len]` whole words (no letter, digit or `_` joined on either side)?
fn is_whole_words(text: &str, at: usize, len: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !word(text[..at].chars().next_back()) && !word(text[at + len..].chars().next())
}

/// Does `haystack` (lower-case) hold `needle` (lower-case) as whole words?
fn holds_words(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    // A searcher costs more to make than a line costs to read by its first byte.
    if h.len() < SHORT_TEXT
        && let Some(&first) = n.first()
    {
        return memchr::memchr_iter(first, h)
            .any(|at| h[at..].starts_with(n) && is_whole_words(haystack, at, n.len()));
    }
    memchr::memmem::find_iter(h, n).any(|at| is_whole_words(haystack, at, n.len()))
}

/// Texts shorter than this (a log line, a body) are read again rather than their answers kept,
/// and searched without a searcher made for the needle.
const SHORT_TEXT: usize = 4096;

/// The words of a message template before its first value (`Invalid parameter: {0}` ->
/// `Invalid parameter:`), if it is one.
fn template_head(text: &str) -> Option<String> {
    let at = text.match_indices('{').map(|(i, _)| i).find(|&i| {
        let rest = &text[i + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with('}')
    })?;
    Some(text[..at].trim_end().to_string())
}

/// An entry's own texts that the input may quote: its message and its variants' messages,
/// and a title that is words (`Unauthorized`, `Server is unwilling to perform`), not a
/// symbol. Short texts say too little to count.
fn own_texts(entry: &crate::catalog::Entry) -> impl Iterator<Item = &'static str> {
    let title = entry
        .title
        .filter(|t| t.len() >= 6 && !t.contains('_') && t.bytes().any(|b| b.is_ascii_lowercase()));
    std::iter::once(entry.message)
        .chain(entry.variants.iter().filter_map(|v| v.message))
        .map(|t| t.trim().trim_end_matches('.'))
        .filter(|t| t.len() >= 12 && t.contains(' '))
        .chain(title)
}

/// The entries a rule's table has for `code`, as candidates the rule found.
fn rule_candidates<'a>(
    vendor: &'a crate::catalog::Vendor,
    rule: &Rule,
    code: &str,
    specificity: u8,
) -> impl Iterator<Item = Candidate<'a>> {
    let (says, absorbs, first) = (rule.says.clone(), rule.absorbs.clone(), rule.first);
    in_table(vendor, &rule.table, code)
        .into_iter()
        .map(move |hit| Candidate {
            absorbs: absorbs.clone(),
            first,
            ..Candidate::found(hit, specificity, says.clone())
        })
}

/// A value as the catalog writes the code: hexadecimal read as decimal where the rule says so.
fn as_code(value: &str, radix: u32) -> Option<String> {
    if radix == 10 {
        return Some(value.to_string());
    }
    let digits = value
        .trim()
        .trim_start_matches("0x")
        .trim_start_matches("0X");
    u64::from_str_radix(digits, radix)
        .ok()
        .map(|n| n.to_string())
}

/// Entries of the vendor's `table` with this code, or whose title is this value.
fn in_table<'a>(vendor: &'a crate::catalog::Vendor, table: &str, value: &str) -> Vec<Hit<'a>> {
    in_table_among(vendor, table, value, 0..vendor.entries.len())
}

/// `in_table`, where an entry found by its title or message (when the value is no code of
/// the table) is one of the entries numbered `among`: the others are not read at all.
fn in_table_among<'a>(
    vendor: &'a crate::catalog::Vendor,
    table: &str,
    value: &str,
    among: impl Iterator<Item = usize>,
) -> Vec<Hit<'a>> {
    let key = normalize_code(value);
    let entries = &vendor.entries;
    // Each entry is made from its record only once it is known to be one of the table's.
    let of_table = |key: &str| -> Vec<Hit<'a>> {
        (vendor.positions_of(key).iter())
            .map(|&i| i as usize)
            .filter(|&i| entries.table(i).eq_ignore_ascii_case(table))
            .map(|i| Hit {
                vendor,
                entry: entries.at(i),
            })
            .collect()
    };
    let mut hits = of_table(&key);
    if hits.is_empty() {
        // `50126` in a table whose codes are written `AADSTS50126`.
        if let Some(prefix) = vendor.table(table).and_then(|t| t.code_prefix) {
            hits = of_table(&normalize_code(&format!("{prefix}{value}")));
        }
    }
    if hits.is_empty() {
        // A name (`NoLive`, `KDC_ERR_PREAUTH_FAILED`) or a message (`Preauthentication
        // failed`, as kinit prints it) in place of the code.
        let named = |i: usize| {
            same_text(entries.message(i), value)
                || entries.title(i).is_some_and(|t| same_text(t, value))
                || entries.variants(i).iter().any(|v| {
                    v.title.is_some_and(|t| same_text(t, value))
                        || v.message.is_some_and(|m| same_text(m, value))
                })
        };
        // The table is read on its own first: most entries are another table's.
        hits = among
            .filter(|&i| entries.table(i) == table && named(i))
            .map(|i| Hit {
                vendor,
                entry: entries.at(i),
            })
            .collect();
    }
    hits
}

struct Detector<'a, 'r, 't> {
    catalog: &'a Catalog,
    rules: &'r Rules<'a>,
    text: &'t str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    findings: Vec<Finding<'a>>,
}

impl<'a, 't> Detector<'a, '_, 't> {
    /// The text of lines `first..=last` (1-based).
    fn lines(&self, first: usize, last: usize) -> &'t str {
        let start = self
            .line_starts
            .get(first.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let end = self
            .line_starts
            .get(last)
            .copied()
            .unwrap_or(self.text.len());
        &self.text[start.min(end)..end]
    }

    /// Does `rule`'s condition hold, and how specific is it then?
    fn rule_applies(&self, rule: &Rule, value: &str, ctx: &Context<'_>) -> Option<u8> {
        if rule
            .value
            .as_ref()
            .is_some_and(|re| !re.is_match(value.as_bytes()))
        {
            return None;
        }
        if let Some(key) = &rule.with_key {
            let member = ctx.member(key)?;
            if rule
                .with_value
                .as_ref()
                .is_some_and(|re| !re.is_match(member.value.as_bytes()))
            {
                return None;
            }
        }
        // A paste is one incident: its words count wherever they stand, as a text signal's do
        // (`startRegistration` on the line after the error it led to).
        // (A log's line is its own paste: it is not read twice.)
        let beyond = |t: &str| self.text.len() > ctx.text.len() && self.paste_contains(t);
        if (rule.with_text.as_ref()).is_some_and(|t| !ctx.contains(t) && !beyond(t)) {
            return None;
        }
        Some(if !rule.decides {
            1
        } else if rule.prefer_text.as_ref().is_some_and(|t| ctx.contains(t)) {
            3
        } else {
            2
        })
    }

    /// Candidates for a member of an object: from path rules, text patterns in its value,
    /// and, for a `code`-like member, every catalog that has the value.
    fn member_candidates(&self, pair: &Pair, ctx: &Context<'_>) -> Vec<Candidate<'a>> {
        let mut out = Vec::new();
        let members = rules::path_members(&pair.path);
        for vr in &self.rules.vendors {
            for rule in &vr.rules {
                let Locator::Path(path) = &rule.matcher else {
                    continue;
                };
                if !rules::path_matches(path, &members) {
                    continue;
                }
                let Some(specificity) = self.rule_applies(rule, &pair.value, ctx) else {
                    continue;
                };
                // A `value` expression with a `code` capture takes the code out of the
                // value (`TOO_MANY_ATTEMPTS_TRY_LATER : detail`).
                let value = rule
                    .value
                    .as_ref()
                    .and_then(|re| re.captures(pair.value.as_bytes()))
                    .and_then(|c| c.name("code"))
                    .map_or_else(
                        || pair.value.clone(),
                        |m| String::from_utf8_lossy(m.as_bytes()).into_owned(),
                    );
                let Some(code) = as_code(&value, rule.radix) else {
                    continue;
                };
                out.extend(rule_candidates(vr.vendor, rule, &code, specificity));
            }
        }
        for (vendor, rule, code) in self.pattern_codes(&pair.value) {
            if let Some(specificity) = self.rule_applies(rule, &code, ctx) {
                out.extend(rule_candidates(vendor.vendor, rule, &code, specificity));
            }
        }
        if CODE_KEYS.iter().any(|k| pair.key.eq_ignore_ascii_case(k)) {
            for hit in self.catalog.lookup(None, &pair.value) {
                let says = format!("the member `{}`", echo(&pair.key));
                out.push(Candidate::found(hit, 0, says));
            }
        } else if out.is_empty()
            && pair.key.to_ascii_lowercase().ends_with("error")
            && is_symbolic(&pair.value)
            && self.catalog.may_know(&normalize_code(&pair.value))
        {
            // A symbolic code as the whole value of a member that names an error (`error`,
            // `oauthError`) that no rule reads is read as it is in log text: by its value.
            for hit in self.catalog.lookup(None, &pair.value) {
                let says = format!("a symbolic code in the member `{}`", echo(&pair.key));
                let bare = hit.entry.code != pair.value
                    && hit.entry.code.eq_ignore_ascii_case(&pair.value);
                out.push(Candidate {
                    bare,
                    ..Candidate::found(hit, 0, says)
                });
            }
        }
        out
    }

    /// Codes that text-pattern rules capture in `text`: (vendor, rule, code).
    fn pattern_codes<'r>(&'r self, text: &str) -> Vec<(&'r VendorRules<'a>, &'r Rule, String)> {
        let mut out = Vec::new();
        for (v, rule) in self.rules.patterns_in(text) {
            let Some(re) = rule.pattern() else {
                continue;
            };
            for caps in re.captures_iter(text.as_bytes()) {
                let code = rule
                    .code_in(&caps)
                    .and_then(|(code, _)| as_code(&code, rule.radix));
                if let Some(code) = code {
                    out.push((&self.rules.vendors[v], rule, code));
                }
            }
        }
        out
    }

    /// The signals of `hit`'s vendor present in `ctx`: their weight and what they say.
    /// The second weight is the part that only tells the vendor's tables apart (a table's
    /// own signals): it names no vendor.
    fn signals(&self, hit: &Hit<'a>, ctx: &Context<'_>) -> (i32, i32, Vec<String>) {
        let Some(vr) = self
            .rules
            .vendors
            .iter()
            .find(|v| v.vendor.id == hit.vendor.id)
        else {
            return (0, 0, Vec::new());
        };
        let mut score = 0;
        let mut tables = 0;
        let mut says = Vec::new();
        for (i, s) in vr.signals.iter().enumerate() {
            if !s.applies_to(hit.entry.table) {
                continue;
            }
            let value = match &s.kind {
                SignalKind::Key {
                    key,
                    value,
                    in_table: table,
                } => {
                    if value.is_none() && table.is_none() {
                        ctx.has_key(key).then(String::new)
                    } else {
                        // Every member with the key may be read: once per object and vendor.
                        let memo = (hit.vendor.id, i);
                        let known = ctx.memo.signals.borrow().get(&memo).cloned();
                        known.unwrap_or_else(|| {
                            let found = ctx
                                .pairs
                                .iter()
                                .filter(|p| p.key.eq_ignore_ascii_case(key))
                                .find(|p| {
                                    value
                                        .as_ref()
                                        .is_none_or(|re| re.is_match(p.value.as_bytes()))
                                        && table.as_ref().is_none_or(|t| {
                                            !in_table(hit.vendor, t, &p.value).is_empty()
                                        })
                                })
                                .map(|p| p.value.clone());
                            ctx.memo.signals.borrow_mut().insert(memo, found.clone());
                            found
                        })
                    }
                }
                // The host or SDK of a stack trace may stand lines away from the code: a
                // paste is its context (a paste, not a log of megabytes: see `paste_contains`).
                SignalKind::Text(t) => {
                    (ctx.contains(t) || self.paste_contains(t)).then(String::new)
                }
                SignalKind::Code(re) => re.is_match(hit.entry.code.as_bytes()).then(String::new),
            };
            if let Some(value) = value {
                score += s.weight;
                if s.table.is_some() && !s.names_vendor {
                    tables += s.weight;
                }
                says.push(s.says.replace("{value}", &echo(&value)));
            }
        }
        (score, tables, says)
    }

    /// The words beside a candidate's code: the message member that is its entry's text, or
    /// the entry's own words in the text around it.
    fn words_beside(&self, c: &mut Candidate<'a>, message: Option<&Pair>, ctx: &Context<'_>) {
        let e = c.hit.entry;
        let beside = message.is_some_and(|m| {
            same_text(e.message, &m.value)
                || e.variants
                    .iter()
                    .any(|v| v.message.is_some_and(|x| same_text(x, &m.value)))
        });
        if beside {
            c.score += 8;
            if message.is_some_and(|m| m.value.split_whitespace().count() < 4) {
                c.weak += 8;
            }
            c.evidence
                .push("the message beside it is this entry's text".into());
            return;
        }
        c.sent_as = message.and_then(|m| sent_as(c.hit, m, ctx));
        if let Some(t) = own_texts(&e).find(|t| ctx.holds_words(&t.to_lowercase())) {
            // `ldap_bind: Invalid credentials (49)`, `403 Forbidden`: the entry's own
            // words beside the code. They make a number a finding; only a longer quote
            // (four words or more) names a vendor over a standard, since a short message
            // may be anyone's words.
            c.own_words = true;
            if t.split_whitespace().count() >= 4 {
                c.score += QUOTE_WEIGHT;
                c.quoted = Some(t);
            } else {
                // A short one tells this entry from others of the same value, no more.
                c.score += 1;
                c.weak += 1;
            }
            c.evidence
                .push("the entry's own words stand beside the code".into());
        }
    }

    /// Does a signal of `hit`'s vendor (not one that only tells its tables apart) stand in `ctx`?
    fn vendor_signalled(&self, hit: &Hit<'a>, ctx: &Context<'_>) -> bool {
        let (score, tables, _) = self.signals(hit, ctx);
        score - tables > 0
    }

    /// Evidence before a decision: a number found by its value alone (a `code` member, a code
    /// word in prose) names no vendor, so without a signal or the entry's own words it is no
    /// finding; a success code found that way is not even a candidate. And a table's
    /// `[[wire.concerns]]` keep out its codes that are no authentication error.
    fn reportable(&self, c: &Candidate<'a>) -> bool {
        let e = c.hit.entry;
        let by_value_alone = c.specificity == 0;
        // A number, or a name in camel case (an identifier of any program), found by its
        // value alone needs evidence of its vendor or the entry's own words beside it.
        let bare = c.bare || is_number(e.code) || is_camel_case(e.code);
        if by_value_alone && (e.success || (bare && c.score <= 0 && !c.own_words)) {
            return false;
        }
        self.rules
            .vendors
            .iter()
            .find(|v| v.vendor.id == c.hit.vendor.id)
            .is_none_or(|v| v.reports(e.table, e.key))
    }

    /// Ranks candidates for one place: one per entry at its most specific, the most specific
    /// kind kept, then by signals; and says whether the first is decided.
    fn rank(
        &self,
        candidates: Vec<Candidate<'a>>,
        at: &Location,
        ctx: &Context<'_>,
    ) -> (Vec<Candidate<'a>>, bool) {
        let mut unique: Vec<Candidate<'a>> = Vec::new();
        let mut sorted = candidates;
        sorted.sort_by_key(|c| std::cmp::Reverse(c.specificity));
        for c in sorted {
            let same = |u: &Candidate<'_>| {
                u.hit.vendor.id == c.hit.vendor.id
                    && u.hit.entry.table == c.hit.entry.table
                    && u.hit.entry.key == c.hit.entry.key
            };
            // The same entry found again: by a rule that puts it first, it goes first.
            match unique.iter_mut().find(|u| same(u)) {
                Some(u) => u.first |= c.first,
                None => unique.push(c),
            }
        }
        let Some(top) = unique.iter().map(|c| c.specificity).max() else {
            return (unique, false);
        };
        if top >= 2 {
            unique.retain(|c| c.specificity == top);
        }
        // The first member that carries a message and is not the code's own place: one of
        // the first two.
        let messages = ctx.memo.messages.get_or_init(|| {
            (ctx.pairs.iter().enumerate())
                .filter(|(_, m)| self.rules.message(&m.key).is_some())
                .map(|(i, _)| i)
                .take(2)
                .collect()
        });
        let message = (messages.iter())
            .map(|&i| &ctx.pairs[i])
            .find(|m| !matches!(at, Location::Member(p) if *p == m.path));
        for c in &mut unique {
            let (score, tables, says) = self.signals(&c.hit, ctx);
            c.score = score;
            c.weak = tables;
            c.evidence.extend(says);
            if c.specificity < 2 && ctx.owners.contains(&c.hit.vendor.id) {
                c.score += 5;
                c.evidence
                    .push("the same body carries a code only this vendor uses".into());
            }
            self.words_beside(c, message, ctx);
        }
        unique.retain(|c| self.reportable(c));
        // Stable: among equals, the order the rules and catalogs give.
        // A rule's `first` reading of a place (the second code of a chained message) before
        // the others there.
        unique.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.score),
                std::cmp::Reverse(c.specificity),
                !c.first,
            )
        });
        let decided = decided(&unique);
        if decided {
            // The vendor is decided; its tables that tie with the first stay, for
            // `findings_of` to name beneath it.
            let top = &unique[0];
            let (vendor, score, specificity, key) = (
                top.hit.vendor.id,
                top.score,
                top.specificity,
                top.hit.entry.key,
            );
            unique.retain(|c| {
                c.hit.vendor.id == vendor
                    && c.score == score
                    && c.specificity == specificity
                    && c.hit.entry.key == key
            });
        }
        (unique, decided)
    }

    /// Decides among the candidates for one place and returns its findings. A vendor that the
    /// input names (by a deciding rule or its signals) is the answer, with the standard shown
    /// beneath it by `explain`; otherwise a standard's entry is, and the vendors that document
    /// the same value follow it as candidates.
    fn resolve(
        &mut self,
        candidates: Vec<Candidate<'a>>,
        at: &Location,
        line: usize,
        ctx: &Context<'_>,
    ) -> Vec<Finding<'a>> {
        let (standards, vendors): (Vec<_>, Vec<_>) =
            candidates.into_iter().partition(|c| c.hit.vendor.standard);
        if standards.is_empty() || vendors.is_empty() {
            let all = if standards.is_empty() {
                vendors
            } else {
                standards
            };
            let (ranked, decided) = self.rank(all, at, ctx);
            return self.findings_of(ranked, decided, at, line, 0);
        }
        let standard_specificity = standards.iter().map(|c| c.specificity).max().unwrap_or(0);
        let (vendors, vendor_decided) = self.rank(vendors, at, ctx);
        // A vendor is the answer when the input names it: a deciding rule as specific as the
        // standard's, or its signals; not merely because its catalog has the value, nor by
        // words its entry shares with the standard's (RFC 6749's description, quoted).
        let named = vendors.first().is_some_and(|c| {
            let shared = c.quoted.is_some_and(|q| {
                (standards.iter())
                    .any(|s| own_texts(&s.hit.entry).any(|t| t.eq_ignore_ascii_case(q)))
            });
            let score = c.score - c.weak - if shared { QUOTE_WEIGHT } else { 0 };
            score > 0 || (c.specificity >= 2 && c.specificity >= standard_specificity)
        });
        if vendor_decided && named {
            return self.findings_of(vendors, true, at, line, 0);
        }
        let (standards, standard_decided) = self.rank(standards, at, ctx);
        // After a standard's answer come only the vendors that use its vocabulary (a rule
        // of theirs matched, or their table builds on that standard), not every catalog
        // where the same number happens to be.
        let std_ids: Vec<&str> = standards.iter().map(|c| c.hit.vendor.id).collect();
        let vendors: Vec<Candidate<'a>> = vendors
            .into_iter()
            .filter(|c| {
                c.specificity >= 1 || c.hit.table().standard.is_some_and(|s| std_ids.contains(&s))
            })
            .collect();
        // One shared value, one finding: the vendors that also define it are named in one
        // line beneath the standard's answer, not reported as findings of their own.
        let mut found = self.findings_of(standards, standard_decided, at, line, 0);
        if let Some(first) = found.first_mut() {
            first.also = vendors.into_iter().map(|c| c.hit).collect();
            first.evidence.extend(self.text_of_also(&first.also, ctx));
        }
        found
    }

    /// The message beside a standard's value is the text of another entry of a vendor that
    /// also defines the value (`invalid_grant` with Auth0's "Wrong email or password."): said
    /// as a hint, not a decision, since other servers may send the same words.
    fn text_of_also(&self, also: &[Hit<'a>], ctx: &Context<'_>) -> Option<String> {
        let messages: Vec<&Pair> = (ctx.pairs.iter())
            .filter(|p| p.value.split_whitespace().count() >= 3)
            .filter(|p| self.rules.message(&p.key).is_some())
            .collect();
        if messages.is_empty() {
            return None;
        }
        let mut vendors: Vec<&crate::catalog::Vendor> = also.iter().map(|h| h.vendor).collect();
        vendors.dedup_by_key(|v| v.id);
        vendors.into_iter().find_map(|vendor| {
            let entry = vendor
                .entries
                .iter()
                .find(|e| own_texts(e).any(|t| messages.iter().any(|m| same_text(t, &m.value))))?;
            Some(format!(
                "the message beside it is the text of {} {} {}: a hint of {}, not a decision",
                vendor.id, entry.table, entry.code, vendor.name
            ))
        })
    }

    /// Findings from ranked candidates; `more` candidates will follow them.
    fn findings_of(
        &self,
        ranked: Vec<Candidate<'a>>,
        decided: bool,
        at: &Location,
        line: usize,
        more: usize,
    ) -> Vec<Finding<'a>> {
        if ranked.is_empty() {
            return Vec::new();
        }
        let n = ranked.len();
        if decided && n == 1 {
            let mut c = ranked.into_iter().next().expect("not empty");
            if c.specificity == 0 && c.evidence.len() == 1 {
                c.evidence.push(format!(
                    "code {} is in one catalog only",
                    echo(c.hit.entry.code)
                ));
            }
            let sent = c.sent_as;
            let found = self.finding(c, at, line, 1, 1 + more, true);
            return self.sent_as_first(sent, found);
        }
        let first = ranked[0].hit;
        let one_vendor = ranked.iter().all(|c| c.hit.vendor.id == first.vendor.id);
        if one_vendor && n > 1 && (decided || ranked[0].specificity != 1) {
            // One catalog's tables tie (`invalid_request` at four OAuth endpoints): its first
            // table in the catalog's order is the answer, the others are named beneath it.
            let mut rest = ranked.into_iter();
            let mut c = rest.next().expect("not empty");
            c.evidence.push(format!(
                "the first of {n} tables of this catalog with the value; nothing in the input tells them apart"
            ));
            let sent = c.sent_as;
            let mut f = self.finding(c, at, line, 1, 1 + more, true);
            f.also = rest.map(|c| c.hit).collect();
            return self.sent_as_first(sent, f);
        }
        ranked
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                if n == 1 {
                    c.evidence.push(
                        "not decided: other vendors use these values too, and nothing in the input names the vendor"
                            .into(),
                    );
                } else if one_vendor {
                    c.evidence.push(format!(
                        "candidate {} of {n}: the signals do not tell these tables apart",
                        i + 1
                    ));
                } else {
                    c.evidence.insert(0, format!(
                        "ambiguous: code {} is in {n} catalogs and nothing in the input tells them apart; candidate {} of {n}",
                        echo(first.entry.code),
                        i + 1
                    ));
                }
                self.finding(c, at, line, i + 1, n + more, false)
            })
            .collect()
    }

    /// A decided finding, after the particular entry its message names (see `sent_as`).
    fn sent_as_first(&self, sent: Option<Hit<'a>>, found: Finding<'a>) -> Vec<Finding<'a>> {
        let Some(hit) = sent else {
            return vec![found];
        };
        let specific = Finding {
            hit,
            evidence: vec![format!(
                "the message beside {} is this entry's text, which this catalog says is sent as {}",
                echo(found.hit.entry.code),
                echo(found.hit.entry.code)
            )],
            first: true,
            also: Vec::new(),
            ..found.clone()
        };
        vec![specific, found]
    }

    fn finding(
        &self,
        c: Candidate<'a>,
        at: &Location,
        line: usize,
        rank: usize,
        candidates: usize,
        decided: bool,
    ) -> Finding<'a> {
        Finding {
            hit: c.hit,
            found_at: at.clone(),
            line,
            evidence: c.evidence,
            rank,
            candidates,
            decided,
            shared: c.specificity <= 1,
            also: Vec::new(),
            first: c.first,
        }
    }

    /// One top-level object: every member that carries a code.
    fn object(&mut self, pairs: &[Pair], first_line: usize) {
        let last_line = pairs.iter().map(|p| p.line).max().unwrap_or(first_line);
        let text = self.lines(first_line, last_line).to_string();
        let mut ctx = Context::new(pairs, &text);
        let all: Vec<Vec<Candidate<'a>>> = pairs
            .iter()
            .map(|pair| self.member_candidates(pair, &ctx))
            .collect();
        // A vendor whose deciding rule alone matches a member owns the object.
        for candidates in &all {
            let top: Vec<&Candidate<'a>> = candidates
                .iter()
                .filter(|c| c.specificity >= 2 && !c.hit.vendor.standard)
                .collect();
            if let Some(first) = top.first() {
                if top.iter().all(|c| c.hit.vendor.id == first.hit.vendor.id)
                    && !ctx.owners.contains(&first.hit.vendor.id)
                {
                    ctx.owners.push(first.hit.vendor.id);
                }
            }
        }
        // (pair index, findings, the specificity behind them, what they absorb)
        let mut per_pair: Vec<(usize, Vec<Finding<'a>>, u8, Option<String>)> = Vec::new();
        for (i, (pair, candidates)) in pairs.iter().zip(all).enumerate() {
            let specificity = candidates.iter().map(|c| c.specificity).max().unwrap_or(0);
            let absorbs = candidates.iter().find_map(|c| c.absorbs.clone());
            let at = Location::Member(pair.path.clone());
            let mut found = self.resolve(candidates, &at, pair.line, &ctx);
            if let Some(more) = self.member_as_text(pair, found.len()) {
                found = more;
            }
            if !found.is_empty() {
                per_pair.push((i, found, specificity, absorbs));
            }
        }
        // A deciding rule gives the object to its vendor: shared vocabulary of others and the
        // members its findings account for are not reported on their own.
        let owners: Vec<&str> = per_pair
            .iter()
            .filter(|(_, f, s, _)| *s >= 2 && f.iter().any(|f| f.decided))
            .map(|(_, f, _, _)| f[0].hit.vendor)
            .filter(|v| !v.standard)
            .map(|v| v.id)
            .collect();
        let absorbed: Vec<String> = per_pair
            .iter()
            .filter(|(_, f, _, _)| f.iter().any(|f| f.decided))
            .filter_map(|(_, _, _, a)| a.clone())
            .collect();
        // Each is asked of every member below: kept once each (a few vendors, a few keys the
        // rules name), not once per member that found it.
        let (mut owners, mut absorbed) = (owners, absorbed);
        owners.sort_unstable();
        owners.dedup();
        absorbed.sort_unstable();
        absorbed.dedup();
        let mut any = false;
        for (i, mut found, _, _) in per_pair {
            let is_absorbed = absorbed
                .iter()
                .any(|k| pairs[i].key.eq_ignore_ascii_case(k));
            if is_absorbed {
                continue;
            }
            // Candidates of vendors other than the object's own are shared vocabulary here.
            if !owners.is_empty() {
                found.retain(|f| {
                    f.decided || f.hit.vendor.standard || owners.contains(&f.hit.vendor.id)
                });
                let n = found.len();
                for f in &mut found {
                    f.candidates = n;
                }
            }
            if !found.is_empty() {
                any = true;
                self.findings.extend(found);
            }
        }
        if !any {
            self.catalogued_message(&ctx);
        }
    }

    /// A member whose value is a text of several lines (a Windows event's rendered message
    /// in a JSON log, with its `Status:` and `Sub Status:`): read as text, when that names
    /// more codes than `found`, the findings of the member read as one value.
    fn member_as_text(&self, pair: &Pair, found: usize) -> Option<Vec<Finding<'a>>> {
        const LONGEST: usize = 64 * 1024;
        if !pair.value.trim().contains('\n') || pair.value.len() > LONGEST {
            return None;
        }
        let read = detect_with(self.catalog, self.rules, &pair.value, false);
        (read.len() > found).then(|| {
            read.into_iter()
                .map(|f| Finding {
                    found_at: Location::Member(pair.path.clone()),
                    line: pair.line,
                    ..f
                })
                .collect()
        })
    }

    /// Nothing else in the object: a message (a member `[[wire.messages]]` declare) that is
    /// some entry's exact text (RFC 9457 bodies, messages a runtime prints).
    fn catalogued_message(&mut self, ctx: &Context<'_>) {
        let pairs: Vec<(&Pair, &str)> = (ctx.pairs.iter())
            .filter_map(|p| Some((p, self.rules.message(&p.key)?)))
            .collect();
        for (p, says) in pairs {
            let candidates: Vec<Candidate<'a>> = self
                .catalog
                .vendors()
                .iter()
                .flat_map(|v| v.entries.iter().map(move |entry| Hit { vendor: v, entry }))
                .filter(|h| {
                    same_text(h.entry.message, &p.value)
                        || h.entry
                            .variants
                            .iter()
                            .any(|v| v.message.is_some_and(|m| same_text(m, &p.value)))
                })
                // A message of three words or fewer (`Invalid request parameters`) is anyone's
                // words: it names an entry only beside a signal of its vendor.
                .filter(|h| {
                    p.value.split_whitespace().count() >= 4 || self.vendor_signalled(h, ctx)
                })
                .map(|hit| {
                    let evidence = vec![
                        format!("{} is the catalogued message of this entry", echo(&p.key)),
                        says.to_string(),
                    ];
                    Candidate {
                        evidence,
                        ..Candidate::found(hit, 2, String::new())
                    }
                })
                .collect();
            let found = self.resolve(candidates, &Location::Member(p.path.clone()), p.line, ctx);
            self.findings.extend(found);
        }
    }

    /// Log text outside any object: text patterns, codes after a code word, symbolic codes.
    fn log_text(&mut self, start: usize, end: usize) {
        let first_line = self.line_starts.partition_point(|&s| s <= start);
        let segment = &self.text[start..end];
        for (i, text_line) in segment.split_inclusive('\n').enumerate() {
            if self.findings.len() >= MAX_FINDINGS {
                return;
            }
            let line = first_line + i;
            // The whole line, for conditions: the segment may start mid-line.
            let whole = self.lines(line, line);
            let ctx = Context::new(&[], whole);
            // Each place in the line (by column) gathers the candidates found there: they are
            // put together by one sort at the end, not by a search of the places before each
            // (a line may hold thousands: that took the square of their number), and columns
            // are counted on from the last one, not from the start of the line.
            let mut places = Places {
                columns: Columns::new(text_line),
                found_at: Vec::new(),
                // Every place yields a finding, and only the first `wanted` findings are kept:
                // a rule's places, and the words', are looked at up to that many (each in
                // column order), so a line of a million codes needs no memory for the rest.
                wanted: MAX_FINDINGS - self.findings.len(),
            };
            self.rule_places(text_line, &ctx, &mut places);
            self.word_places(text_line, None, &mut places);
            self.urn_places(text_line, &mut places);
            self.decide_places(places.found_at, line, &ctx);
        }
    }

    /// The codes that the text patterns of the rules capture in a line.
    fn rule_places(&self, text_line: &str, ctx: &Context<'_>, places: &mut Places<'a, '_>) {
        for (v, rule) in self.rules.patterns_in(text_line) {
            let Some(re) = rule.pattern() else {
                continue;
            };
            let mut found = 0;
            for caps in re.captures_iter(text_line.as_bytes()) {
                if found == places.wanted {
                    break;
                }
                let Some((code, start)) = rule.code_in(&caps) else {
                    continue;
                };
                let Some(code) = as_code(&code, rule.radix) else {
                    continue;
                };
                let Some(specificity) = self.rule_applies(rule, &code, ctx) else {
                    continue;
                };
                let column = places.columns.at(start);
                let hits = in_table(self.rules.vendors[v].vendor, &rule.table, &code);
                found += usize::from(!hits.is_empty());
                for hit in hits {
                    let mut c = Candidate::found(hit, specificity, rule.says.clone());
                    c.first = rule.first;
                    places.found_at.push((column, c));
                }
            }
        }
    }

    /// The codes that words of a line name: a number after a code word (`error code 49`),
    /// in parentheses (`(49)`) or before its entry's title (`401 Unauthorized`), and
    /// symbolic names (`invalid_grant`, `invalidCredentials`).
    /// With `within`, only the words over one of those byte ranges of `text_line` (read as
    /// in a line of them all: the words before and after each are still looked at).
    fn word_places(
        &self,
        text_line: &str,
        within: Option<&[(usize, usize)]>,
        places: &mut Places<'a, '_>,
    ) {
        let mut words = token_positions(text_line).peekable();
        let mut found = 0;
        // The two words before this one, which the rules below look back at.
        let (mut before, mut last): (Option<&str>, Option<&str>) = (None, None);
        while let Some((pos, word)) = words.next() {
            let (two_back, one_back) = (before, last);
            (before, last) = (last, Some(word));
            if found == places.wanted {
                break;
            }
            let over = |&(s, e): &(usize, usize)| pos < e && s < pos + word.len();
            if within.is_some_and(|ranges| !ranges.iter().any(over)) {
                continue;
            }
            let value = word.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ')' | '('));
            // What `normalize_code` keeps, before it lower-cases (which these tests ignore):
            // most words of a log are ruled out here without an allocation.
            let trimmed = value
                .trim()
                .trim_matches(|c: char| matches!(c, '"' | '\'' | '`') || c.is_whitespace());
            if trimmed.is_empty() {
                continue;
            }
            // `_` or `.` in what lookup cleans the word to: `ok.”` and `f.!` are words of a
            // sentence, not the codes `OK` and `f`.
            let core = crate::catalog::pasted::strip_around(trimmed);
            // `HTTP Error 407:`: the number without the punctuation after it.
            let numeric = core.parse::<i64>().is_ok();
            if let Some(n) = written::glued_number(core).filter(|_| !numeric) {
                let at = pos + word.find(core).unwrap_or(0);
                found += self.glued_place(&text_line[at..], n, places.columns.at(at), places);
                continue;
            }
            let code_word = crate::catalog::pasted::is_code_word;
            let after_code_word = one_back.is_some_and(|w| {
                code_word(w)
                    || (matches!(w, "is" | "IS" | "Is" | "=" | ":")
                        && two_back.is_some_and(code_word))
            });
            // `PasswordStrengthError: Password is too weak`: an error's class name before its
            // message, as runtimes print an error, names the entry of that code (not those it
            // is the title of); in source (`raise ExpiredSignatureError(`) it is no error.
            let class_name = !numeric && word.ends_with(':') && is_pascal_compound(core);
            let symbolic = !numeric && is_symbolic(core) || class_name;
            // `Server not found in Kerberos database (7)`: a number in parentheses, which
            // counts only where the entry's own words stand beside it (see `reportable`).
            let parenthesized = numeric && word.starts_with('(') && word.ends_with(')');
            // `401 Unauthorized`, `(49: Invalid credentials`: a number with its entry's own
            // words after it (a reason phrase); only those entries are candidates.
            // `0x6 | Client not found in Kerberos database`: a value written in hex as its
            // table writes it, before its entry's own words, counts as such a number.
            let hex = written::is_hex_literal(core);
            let titled = (numeric || hex)
                && words
                    .peek()
                    .is_some_and(|w| w.1.starts_with(|c: char| c.is_ascii_uppercase()));
            // `data 52e`: after the word a table declares its codes follow (its `label`), a
            // code of that table only, which needs evidence of its vendor as a number does.
            let labelled: Vec<(&'a crate::catalog::Vendor, &str)> = match one_back {
                Some(w) => self.catalog.labelled_tables(w),
                None => Vec::new(),
            };
            let by_word = symbolic || numeric && (after_code_word || parenthesized) || titled;
            if !by_word && labelled.is_empty() {
                continue;
            }
            let key = normalize_code(core);
            // Most words of a log are no code at all: a set lookup says so cheaply.
            if !self.catalog.may_know(&key) {
                continue;
            }
            // The column of the code itself, not of the brackets or label around it: a
            // rule that captures the same code there makes the same place.
            let column = places.columns.at(pos + word.find(core).unwrap_or(0));
            let says = if numeric || hex {
                "a code named in log text"
            } else {
                "a symbolic code in log text"
            };
            let after = &text_line[pos + word.len()..];
            let mut hits = if by_word {
                self.catalog.lookup(None, &key)
            } else {
                (labelled.iter())
                    .flat_map(|&(v, table)| in_table(v, table, core))
                    .collect()
            };
            if class_name {
                hits.retain(|h| h.entry.code == core);
            }
            if by_word && (numeric || hex) && !(numeric && (after_code_word || parenthesized)) {
                let after = written::after_cell(after);
                hits.retain(|h| own_texts(&h.entry).any(|t| starts_with_words(after, t)));
            }
            found += usize::from(!hits.is_empty());
            for hit in hits {
                // `CLIENT_NOT_FOUND` for `client_not_found`: the same name in another case.
                let bare = !by_word
                    || !numeric
                        && hit.entry.code != core
                        && hit.entry.code.eq_ignore_ascii_case(core);
                let c = Candidate {
                    bare,
                    ..Candidate::found(hit, 0, says.to_string())
                };
                places.found_at.push((column, c));
            }
        }
    }

    /// A URN (`urn:oasis:names:tc:SAML:2.0:status:Responder`) is one code, though the words
    /// split at its colons.
    fn urn_places(&self, text_line: &str, places: &mut Places<'a, '_>) {
        for at in memchr::memmem::find_iter(text_line.as_bytes(), b"urn:") {
            let rest = &text_line[at..];
            let end = rest
                .find(|c: char| is_word_break(c) || c == ',')
                .unwrap_or(rest.len());
            let urn = crate::catalog::pasted::strip_around(&rest[..end]);
            let column = places.columns.at(at);
            for hit in self.catalog.lookup(None, urn) {
                let says = "a code written as a URN in the text".to_string();
                places
                    .found_at
                    .push((column, Candidate::found(hit, 0, says)));
            }
        }
    }

    /// Decides each place of a line, in column order.
    fn decide_places(
        &mut self,
        mut found_at: Vec<(usize, Candidate<'a>)>,
        line: usize,
        ctx: &Context<'_>,
    ) {
        // Stable: a place's candidates stay in the order they were found.
        found_at.sort_by_key(|(column, _)| *column);
        let mut places: Vec<(usize, Vec<Candidate<'a>>)> = Vec::new();
        for (column, c) in found_at {
            match places.last_mut() {
                Some((col, list)) if *col == column => list.push(c),
                _ => places.push((column, vec![c])),
            }
        }
        for (column, candidates) in places {
            let found = self.resolve(candidates, &Location::Text { line, column }, line, ctx);
            self.findings.extend(found);
        }
    }
}

impl<'a> Detector<'a, '_, '_> {
    /// Does the whole input hold `needle`? Only a paste's size is read so (a log of megabytes
    /// is lines, each its own context): a text signal beside the code is asked of the line.
    fn paste_contains(&self, needle: &str) -> bool {
        const PASTE: usize = 64 * 1024;
        self.text.len() <= PASTE && self.text.contains(needle)
    }

    /// Nothing named a code: an entry's own message quoted in the input names it
    /// (`User is not assigned to the client application.`, `Wrong email or password.`).
    /// The longest quotes first; a message of three words or fewer counts only beside a signal of its
    /// vendor, since such words are common.
    fn quoted_messages(&mut self) {
        let lower = self.text.to_lowercase();
        if lower.len() != self.text.len() {
            // Offsets would not map back: lower-casing changed the length.
            return;
        }
        // Every message once, in one pass over the text (an input may be megabytes).
        let mut needles: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<Hit<'a>>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        for vendor in self.catalog.vendors() {
            for entry in vendor.entries.iter() {
                let texts = std::iter::once(entry.message)
                    .chain(entry.variants.iter().filter_map(|v| v.message));
                for t in texts {
                    let t = t.trim().trim_end_matches('.').to_lowercase();
                    // A template (`Invalid parameter: {0}`) is quoted by its words before the
                    // first value filled in.
                    let t = template_head(&t).unwrap_or(t);
                    if t.len() < 12 || !t.contains(' ') {
                        continue;
                    }
                    let i = *index.entry(t.clone()).or_insert_with(|| {
                        needles.push(t);
                        owners.push(Vec::new());
                        needles.len() - 1
                    });
                    if !owners[i].iter().any(|h| {
                        std::ptr::eq(h.vendor, vendor)
                            && h.entry.key == entry.key
                            && h.entry.table == entry.table
                    }) {
                        owners[i].push(Hit { vendor, entry });
                    }
                }
            }
        }
        let Ok(automaton) = aho_corasick::AhoCorasick::new(&needles) else {
            return;
        };
        let mut quotes: Vec<(usize, usize, Hit<'a>)> = Vec::new();
        for m in automaton.find_overlapping_iter(lower.as_str()) {
            let (at, len) = (m.start(), m.len());
            if is_whole_words(&lower, at, len) {
                quotes.extend(owners[m.pattern().as_usize()].iter().map(|&h| (at, len, h)));
            }
        }
        // The longest quote at a place; shorter ones inside it are part of it.
        quotes.sort_by_key(|&(at, len, _)| (std::cmp::Reverse(len), at));
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut places: Vec<(usize, usize, Vec<Hit<'a>>)> = Vec::new();
        for (at, len, hit) in quotes {
            if let Some(p) = places.iter_mut().find(|p| (p.0, p.1) == (at, len)) {
                p.2.push(hit);
                continue;
            }
            if taken.iter().any(|&(a, l)| at < a + l && a < at + len) {
                continue;
            }
            taken.push((at, len));
            places.push((at, len, vec![hit]));
        }
        places.sort_by_key(|p| p.0);
        for (at, len, hits) in places {
            let line = self.line_starts.partition_point(|&s| s <= at);
            let whole = self.lines(line, line);
            let ctx = Context::new(&[], whole);
            let short = self.text[at..at + len].split_whitespace().count() < 4;
            let candidates: Vec<Candidate<'a>> = hits
                .into_iter()
                .filter(|h| !short || self.vendor_signalled(h, &ctx))
                .map(|h| continued(&lower[at..], len, h))
                .map(|hit| {
                    let says = "the input quotes this entry's message".to_string();
                    Candidate::found(hit, 0, says)
                })
                .collect();
            let column = self.text[self.line_starts[line - 1]..at].chars().count() + 1;
            let found = self.resolve(candidates, &Location::Text { line, column }, line, &ctx);
            self.findings.extend(found);
        }
    }
}

/// The entry a quote of `hit`'s message names, where that message is the start of longer
/// ones of the same vendor and code (Lock's `lock.fallback`: "We're sorry, something went
/// wrong" alone, and "... when attempting to log in."): the one whose rest the text goes on
/// with, most of its words in order (a quote retyped with a word left out), else `hit`.
/// `lower` is the text from the quote on, `len` the quote's length.
fn continued<'a>(lower: &str, len: usize, hit: Hit<'a>) -> Hit<'a> {
    let words = |s: &str| -> Vec<String> {
        (s.split_whitespace())
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let quote = &lower[..len];
    let mut best: Option<(usize, Hit<'a>)> = None;
    for entry in hit.vendor.entries.iter() {
        if entry.code != hit.entry.code || entry.table == hit.entry.table {
            continue;
        }
        let message = entry.message.trim().trim_end_matches('.').to_lowercase();
        let Some(rest) = message.strip_prefix(quote) else {
            continue;
        };
        let rest = words(rest);
        let after = lower.get(len..).unwrap_or("");
        let text: Vec<String> = words(after).into_iter().take(rest.len() + 2).collect();
        // The rest's words found in the text in order.
        let mut next = 0;
        let mut same = 0;
        for w in &rest {
            if let Some(i) = text[next..].iter().position(|t| t == w) {
                same += 1;
                next += i + 1;
            }
        }
        if 2 * same > rest.len() && best.as_ref().is_none_or(|(n, _)| same > *n) {
            best = Some((
                same,
                Hit {
                    vendor: hit.vendor,
                    entry,
                },
            ));
        }
    }
    best.map_or(hit, |(_, h)| h)
}

impl<'a> Detector<'a, '_, '_> {
    /// Nothing named a code: a printed error whose message begins with a code written as a
    /// sentence's words, as an SDK builds its error from a response's description
    /// (auth0-spa-js's `Error: Login required` for `login_required`). Such words are common:
    /// a vendor's entry counts only beside a signal of that vendor, a standard's only beside a
    /// signal of a vendor whose table builds on the standard's table that holds it.
    fn codes_as_words(&mut self) {
        const PASTE: usize = 64 * 1024;
        const HEAD: &str = "error: ";
        if self.text.len() > PASTE {
            return;
        }
        for line in 1..self.line_starts.len() + 1 {
            let whole = self.lines(line, line);
            let lower = whole.to_ascii_lowercase();
            for (at, _) in lower.match_indices(HEAD) {
                let words: Vec<&str> = whole[at + HEAD.len()..]
                    .split_whitespace()
                    .take(4)
                    .collect();
                // The longest code first: `Consent required` before a code of one word.
                let found = (2..=words.len()).rev().find_map(|n| {
                    let phrase = words[..n].join("_");
                    let phrase = phrase.trim_end_matches(['.', ',', ':', ';']);
                    let sentence = words[0].starts_with(|c: char| c.is_ascii_uppercase())
                        && words[1..n]
                            .iter()
                            .all(|w| !w.starts_with(|c: char| c.is_ascii_uppercase()));
                    let hits: Vec<Hit<'a>> = (self.catalog.lookup(None, phrase).into_iter())
                        .filter(|h| sentence && h.entry.code.eq_ignore_ascii_case(phrase))
                        .collect();
                    (!hits.is_empty()).then_some(hits)
                });
                let Some(hits) = found else { continue };
                let ctx = Context::new(&[], whole);
                let candidates: Vec<Candidate<'a>> = (hits.into_iter())
                    .filter(|h| self.named_beside(h, &ctx))
                    .map(|hit| {
                        let says = "an error's message that is this code written as words";
                        Candidate::found(hit, 0, says.to_string())
                    })
                    .collect();
                let column = whole[..at + HEAD.len()].chars().count() + 1;
                let found = self.resolve(candidates, &Location::Text { line, column }, line, &ctx);
                self.findings.extend(found);
            }
        }
    }

    /// Is `hit`'s vendor named in `ctx`, or, for a standard's entry, a vendor whose table
    /// builds on the standard's table holding it?
    fn named_beside(&self, hit: &Hit<'a>, ctx: &Context<'_>) -> bool {
        if !hit.vendor.standard {
            return self.vendor_signalled(hit, ctx);
        }
        self.catalog
            .vendors()
            .iter()
            .filter(|v| !v.standard)
            .any(|vendor| {
                vendor.tables.iter().any(|table| {
                    let builds_on = table.standard.is_some_and(|s| {
                        let (catalog, tables) = crate::catalog::schema::standard_ref(s);
                        catalog == hit.vendor.id
                            && (tables.is_empty() || tables.contains(&hit.entry.table))
                    });
                    builds_on
                        && (vendor.entries.iter())
                            .find(|e| e.table == table.id)
                            .is_some_and(|entry| self.vendor_signalled(&Hit { vendor, entry }, ctx))
                })
            })
    }
}

/// The 1-based column (in characters) of byte offsets in one line, counted on from the
/// offset asked for before: offsets asked for in order cost one pass over the line.
struct Columns<'t> {
    line: &'t str,
    offset: usize,
    column: usize,
}

impl<'t> Columns<'t> {
    fn new(line: &'t str) -> Self {
        Columns {
            line,
            offset: 0,
            column: 1,
        }
    }

    fn at(&mut self, offset: usize) -> usize {
        // Within the line and on a character boundary, as every match and word is.
        let offset = (0..=offset.min(self.line.len()))
            .rev()
            .find(|&o| self.line.is_char_boundary(o))
            .unwrap_or(0);
        if offset < self.offset {
            (self.offset, self.column) = (0, 1);
        }
        self.column += self.line[self.offset..offset].chars().count();
        self.offset = offset;
        self.column
    }
}

/// Does this character end a word of log text?
fn is_word_break(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '`' | '[' | ']' | '{' | '}' | '<' | '>' | '|'
        )
}

/// `is_word_break` for every ASCII byte, looked up rather than matched: log lines are read
/// a character at a time, and this is scan's innermost loop.
const ASCII_BREAKS: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(
            b as u8,
            b'\t'
                | b'\n'
                | 0x0b
                | 0x0c
                | b'\r'
                | b' '
                | b'"'
                | b'\''
                | b'`'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'<'
                | b'>'
                | b'|'
        );
        b += 1;
    }
    table
};

/// The words of a line with their byte offsets, split at white space, quotes and brackets,
/// and after `=` and `:`; found as they are read, so a line of a million words needs no list
/// of them.
fn token_positions(s: &str) -> TokenPositions<'_> {
    TokenPositions { s, i: 0 }
}

struct TokenPositions<'s> {
    s: &'s str,
    /// Where the next word may begin.
    i: usize,
}

impl<'s> Iterator for TokenPositions<'s> {
    type Item = (usize, &'s str);

    fn next(&mut self) -> Option<(usize, &'s str)> {
        let (s, bytes) = (self.s, self.s.as_bytes());
        let mut start = None;
        while self.i < bytes.len() {
            let i = self.i;
            let (c, width) = match bytes[i] {
                b if b < 0x80 => (char::from(b), 1),
                _ => {
                    let c = s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                    (c, c.len_utf8())
                }
            };
            let part = !if c.is_ascii() {
                ASCII_BREAKS[c as usize]
            } else {
                is_word_break(c)
            };
            self.i += width;
            match (part, start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => return Some((st, &s[st..i])),
                _ => {}
            }
            if c == '=' || c == ':' {
                // `code=12500009`, `code:5`: split after the sign as well.
                if let Some(st) = start {
                    return Some((st, &s[st..=i]));
                }
            }
        }
        start.map(|st| (st, &s[st..]))
    }
}

/// Finds every code the input names, in input order.
pub fn detect<'a>(catalog: &'a Catalog, text: &str) -> Vec<Finding<'a>> {
    Engine::new(catalog).detect(text)
}

/// `detect` for a paste: see `Engine::detect_paste`.
pub fn detect_paste<'a>(catalog: &'a Catalog, text: &str) -> Vec<Finding<'a>> {
    let text = decode::pasted(text);
    // Only the patterns that may match this paste are compiled: the rest cost start-up alone.
    let rules = Rules::compile_for(catalog, Some(&text));
    detect_with(catalog, &rules, &text, true)
}

/// The detection engine with every catalog's declarations compiled once, for many inputs
/// (each line of a log).
pub struct Engine<'a> {
    catalog: &'a Catalog,
    rules: Rules<'a>,
    /// Made for the first log scanned: `explain -` has no use for it.
    sieve: std::sync::OnceLock<sieve::Sieve>,
}

impl<'a> Engine<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        Engine {
            catalog,
            rules: Rules::compile(catalog),
            sieve: std::sync::OnceLock::new(),
        }
    }

    /// Makes now what detection would make on its first line (the text patterns' search),
    /// for a thread to do while another makes the sieve.
    pub fn prepare(&self) {
        self.rules.prepare();
    }

    /// The lines of `text` (each ended by a line break, the last one perhaps not) that may
    /// hold a finding, in order, with their index in `text` and without their line break:
    /// the others cannot (see `sieve`). The sieve is made on the first call.
    pub fn candidate_lines<'t>(&self, text: &'t [u8]) -> Vec<(usize, &'t [u8])> {
        self.sieve().lines(&self.rules, text)
    }

    /// What the sieve says of one line, without its line break (see `sieve::Sieve::line`).
    #[cfg(test)]
    pub fn sieve_line(&self, line: &[u8]) -> sieve::Verdict {
        self.sieve().line(line)
    }

    /// Does a pattern that `pending` names match `line`, the line it was said of?
    #[cfg(test)]
    pub fn pending_matches(&self, pending: &sieve::Pending, line: &[u8]) -> bool {
        self.sieve().matches(&self.rules, pending, line)
    }

    /// Can `line`, without its line break, hold a finding, as far as the sieve can tell?
    pub fn may_hold(&self, line: &[u8]) -> bool {
        self.sieve().keeps(&self.rules, line)
    }

    fn sieve(&self) -> &sieve::Sieve {
        (self.sieve).get_or_init(|| sieve::Sieve::new(self.catalog, &self.rules))
    }

    /// Does a text pattern read a code from `text` where one of `ranges` (byte ranges of it)
    /// lies: its `code` capture overlapping one, whether or not a table has that value? A
    /// line's shape masks such ranges only when their values cannot change what it holds,
    /// and a pattern may capture the digits a hex id starts with (`reason=3b2b3aa7-...`).
    /// In a text the engine decodes first (`%3a`, `&amp;`), the ranges are found again in
    /// order, each the same bytes (hex words, which decoding leaves as they are), after the
    /// one before; one not found is said to be read.
    pub fn captures_within(&self, text: &str, ranges: &[(usize, usize)]) -> bool {
        if ranges.is_empty() {
            return false;
        }
        let decoded = decode::decoded(text);
        let moved: Vec<(usize, usize)>;
        let (text, ranges) = match &decoded {
            std::borrow::Cow::Borrowed(_) => (text, ranges),
            std::borrow::Cow::Owned(d) => {
                let mut from = 0;
                let mut found = Vec::with_capacity(ranges.len());
                for &(s, e) in ranges {
                    let Some(at) =
                        memchr::memmem::find(&d.as_bytes()[from..], &text.as_bytes()[s..e])
                    else {
                        return true;
                    };
                    found.push((from + at, from + at + e - s));
                    from += at + e - s;
                }
                moved = found;
                (d.as_str(), &moved[..])
            }
        };
        self.captures_over(text, ranges)
    }

    /// `captures_within` for a text the engine reads as it is (decoding leaves it so).
    fn captures_over(&self, text: &str, ranges: &[(usize, usize)]) -> bool {
        let overlaps = |m: regex::bytes::Match<'_>| {
            (ranges.iter()).any(|&(s, e)| m.start() < e && s < m.end().max(m.start() + 1))
        };
        // A capture lies in its match: only a match over a range (or just before one, for
        // an empty capture at its end) is asked for its captures, which cost more to find.
        let near = |m: &regex::bytes::Match<'_>| {
            (ranges.iter()).any(|&(s, e)| m.start() < e && s <= m.end())
        };
        let bytes = text.as_bytes();
        self.rules.patterns_in(text).into_iter().any(|(_, rule)| {
            rule.pattern().is_some_and(|re| {
                (re.find_iter(bytes).filter(near)).any(|m| {
                    (re.captures_at(bytes, m.start()))
                        .and_then(|caps| caps.name("code"))
                        .is_some_and(overlaps)
                })
            })
        })
    }

    /// Might the engine read a code from where one of `ranges` (byte ranges of `text`, one
    /// line of log text) lies, whatever the table says of it: a text pattern's code capture
    /// over one (`captures_within`), or a word over one that the word rules (`401
    /// Unauthorized`, `error code 49`, `(49)`, `data 52e`) take for a code of some table?
    /// `true` where this cannot tell: a line with an object, a URN or an escape the engine
    /// decodes. A number some catalog knows is masked in a line's shape only where this says
    /// no (see `logscan::shapes`).
    pub fn reads_code_within(&self, text: &str, ranges: &[(usize, usize)]) -> bool {
        if ranges.is_empty() {
            return false;
        }
        let decoded = matches!(decode::decoded(text), std::borrow::Cow::Owned(_));
        if decoded || text.contains(['{', '\n']) || text.contains("urn:") {
            return true;
        }
        if self.captures_over(text, ranges) {
            return true;
        }
        let detector = Detector {
            catalog: self.catalog,
            rules: &self.rules,
            text,
            line_starts: vec![0],
            findings: Vec::new(),
        };
        let mut places = Places {
            columns: Columns::new(text),
            found_at: Vec::new(),
            wanted: 1,
        };
        detector.word_places(text, Some(ranges), &mut places);
        !places.found_at.is_empty()
    }

    /// Finds every code `text` names, in input order.
    pub fn detect(&self, text: &str) -> Vec<Finding<'a>> {
        detect_with(self.catalog, &self.rules, &decode::decoded(text), false)
    }

    /// `detect` for a paste (`explain -`): where no code is named, an entry's own message
    /// quoted in it names the error.
    pub fn detect_paste(&self, text: &str) -> Vec<Finding<'a>> {
        detect_with(self.catalog, &self.rules, &decode::pasted(text), true)
    }
}

fn detect_with<'a>(
    catalog: &'a Catalog,
    rules: &Rules<'a>,
    text: &str,
    quotes: bool,
) -> Vec<Finding<'a>> {
    let scanned = scan(text);
    let mut line_starts = vec![0];
    line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    let mut detector = Detector {
        catalog,
        rules,
        text,
        line_starts,
        findings: Vec::new(),
    };
    let mut i = 0;
    // Pairs arrive grouped by object, in order.
    while i < scanned.pairs.len() && detector.findings.len() < MAX_FINDINGS {
        let group = scanned.pairs[i].group;
        let start = i;
        while i < scanned.pairs.len() && scanned.pairs[i].group == group {
            i += 1;
        }
        let first_line = scanned
            .group_lines
            .get(group.wrapping_sub(1))
            .copied()
            .unwrap_or(scanned.pairs[start].line);
        detector.object(
            &scanned.pairs[start..i.min(start + MAX_MEMBERS)],
            first_line,
        );
    }
    for &(start, end) in &scanned.outside {
        if detector.findings.len() >= MAX_FINDINGS {
            break;
        }
        detector.log_text(start, end);
    }
    if quotes && detector.findings.is_empty() {
        detector.quoted_messages();
    } else if quotes {
        detector.quoted_beside();
    }
    if quotes && detector.findings.is_empty() {
        detector.codes_as_words();
    }
    let mut findings = detector.findings;
    findings.truncate(MAX_FINDINGS);
    // The answer first: a record's specific code (a rule's `first`); then a vendor's findings
    // before a standard's, codes before HTTP statuses, and a vendor's own codes before its own rendering of a standard's
    // vocabulary (Entra's OAuth value after its AADSTS code, wherever each stands); then in
    // input order.
    let own_codes: Vec<&str> = findings
        .iter()
        .filter(|f| f.hit.table().standard.is_none())
        .map(|f| f.hit.vendor.id)
        .collect();
    // An HTTP status says less than the codes the response carries (`HTTP 401` before its
    // body's `invalid_client`): it comes after them.
    let key = |f: &Finding<'_>| {
        let table = f.hit.table();
        let vocabulary = table.standard.is_some() && own_codes.contains(&f.hit.vendor.id);
        let status = table.holds_http_status;
        (!f.first, f.hit.vendor.standard, status, vocabulary, f.line)
    };
    // The candidates of one place (they follow its first) stay together, in their rank.
    let mut keys = Vec::with_capacity(findings.len());
    for (i, f) in findings.iter().enumerate() {
        let place = match (f.rank > 1, i.checked_sub(1)) {
            (true, Some(before)) => keys[before],
            _ => key(f),
        };
        keys.push(place);
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (keys[i], findings[i].rank));
    let mut slots: Vec<Option<Finding<'a>>> = findings.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// Runs a catalog's `[[examples]]` against `catalog`: for each example whose findings differ
/// from what it says, a line naming it, what it expects and what was found.
pub fn check_examples(
    catalog: &Catalog,
    examples: &[crate::catalog::schema::RawExample],
) -> Vec<String> {
    let mut failures = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        let found: Vec<String> = detect(catalog, &example.input)
            .iter()
            .map(|f| {
                let found = format!(
                    "{}{} {} {}",
                    if f.decided { "" } else { "?" },
                    f.hit.vendor.id,
                    f.hit.entry.table,
                    f.hit.entry.code
                );
                found.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .collect();
        let expected: Vec<String> = example
            .finds
            .iter()
            .map(|f| f.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if found != expected {
            failures.push(format!(
                "example {}: expected [{}], found [{}]",
                i + 1,
                expected.join(", "),
                found.join(", ")
            ));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String, String, String)> {
        let c = Catalog::builtin();
        detect(&c, text)
            .into_iter()
            .map(|f| {
                (
                    f.hit.vendor.id.to_string(),
                    f.hit.entry.table.to_string(),
                    f.hit.entry.code.to_string(),
                    f.found_at.to_string(),
                )
            })
            .collect()
    }

    fn t(v: &str, table: &str, code: &str, at: &str) -> (String, String, String, String) {
        (v.into(), table.into(), code.into(), at.into())
    }

    #[test]
    fn a_bare_number_needs_evidence_of_its_vendor() {
        // A number under a generic key names no vendor: at most an undecided candidate of a
        // vendor whose declared shape it fits (Authing's `code`), never a decided guess, and
        // nothing of a vendor that only has the number (HID's hid_error 1000).
        let c = Catalog::builtin();
        let f = detect(&c, r#"{"code":1000}"#);
        assert!(
            f.iter().all(|f| !f.decided && f.hit.vendor.id != "hid"),
            "{f:?}"
        );
        assert!(found(r#"{"success":true,"code":0}"#).is_empty());
        assert!(found("Process completed with exit code 1.").is_empty());
        // The entry's own message beside it is evidence.
        assert_eq!(
            found(r#"{"code":1000,"message":"The system is busy, please try again later"}"#),
            [t("authing", "code", "1000", "code")]
        );
    }

    #[test]
    fn log_line_with_code() {
        assert_eq!(
            found("E/UserAuth: Code is 12500009, message is Authentication is lockout."),
            [t("openharmony", "useriam", "12500009", "line 1, column 21")]
        );
    }

    #[test]
    fn a_template_is_quoted_by_its_words_before_the_first_value() {
        assert_eq!(
            template_head("invalid parameter: {0}").as_deref(),
            Some("invalid parameter:")
        );
        assert_eq!(
            template_head("user {0} has no {1}").as_deref(),
            Some("user")
        );
        assert_eq!(template_head("a {b} c"), None);
        assert_eq!(template_head("no value"), None);
    }

    #[test]
    fn symbolic_codes_are_words_with_a_joiner_or_camel_case() {
        for word in ["invalid_grant", "bad.email", "invalidCredentials"] {
            assert!(is_symbolic(word), "{word}");
        }
        for word in ["", "12.5", "42", "hello", "two words_x", "Hello"] {
            assert!(!is_symbolic(word), "{word}");
        }
        assert!(is_pascal_compound("PasswordStrengthError"));
        for word in [
            "TypeError",
            "GitHub",
            "HTTPError",
            "invalidCredentials",
            "A_B_C",
        ] {
            assert!(!is_pascal_compound(word), "{word}");
        }
        // Either, as the sieve asks it of bytes.
        for word in ["PasswordStrengthError", "invalidCredentials", "aB9"] {
            assert!(is_humped_name(word.as_bytes()), "{word}");
        }
        for word in ["TypeError", "invalid_grant", "hello", "9aB", "Hello", ""] {
            assert!(!is_humped_name(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn a_code_written_as_words_counts_beside_its_vendor() {
        let c = Catalog::builtin();
        let codes = |text: &str| -> Vec<String> {
            (detect_paste(&c, text).iter())
                .map(|f| {
                    format!(
                        "{} {} {}",
                        f.hit.vendor.id, f.hit.entry.table, f.hit.entry.code
                    )
                })
                .collect()
        };
        let spa = "Error: Login required auth0-spa-js.production.esm.js";
        assert_eq!(codes(spa)[0], "auth0 api_authorize login_required");
        // The standard's value, beside a vendor whose table builds on it.
        let trace = "Error: Consent required\n    at n.fromPayload (auth0-spa-js.production.esm.js:1:52288)";
        assert_eq!(codes(trace)[0], "oauth oidc consent_required");
        // Common words alone, or not a sentence's words, name nothing.
        assert!(codes("Error: Login required").is_empty());
        assert!(codes("Error: LOGIN REQUIRED auth0-spa-js").is_empty());
    }

    #[test]
    fn a_quote_retyped_names_the_message_it_goes_on_with() {
        let c = Catalog::builtin();
        let first = |text: &str| -> String {
            let f = &detect_paste(&c, text)[0];
            format!(
                "{} {} {}",
                f.hit.vendor.id, f.hit.entry.table, f.hit.entry.code
            )
        };
        // Lock's log-in fallback, capitalised and with "to" left out.
        let login = "Lock shows: \"WE'RE SORRY, SOMETHING WENT WRONG WHEN ATTEMPTING LOG IN\"";
        assert_eq!(first(login), "auth0 lock_login lock.fallback");
        // Nothing after the quote: the message quoted whole.
        let alone = "Lock shows: \"We're sorry, something went wrong\" in Auth0";
        assert_eq!(first(alone), "auth0 lock_passwordless lock.fallback");
    }

    #[test]
    fn another_entrys_text_beside_a_shared_value_is_a_hint() {
        let c = Catalog::builtin();
        let body = r#"{"error":"invalid_grant","error_description":"Wrong email or password."}"#;
        let got = detect_paste(&c, body);
        assert_eq!(got[0].hit.vendor.id, "oauth");
        assert!(
            got[0]
                .evidence
                .iter()
                .any(|e| e.contains("a hint of Auth0"))
        );
        let plain = detect_paste(&c, r#"{"error":"invalid_grant"}"#);
        assert!(!plain[0].evidence.iter().any(|e| e.contains("a hint of")));
    }

    #[test]
    fn a_member_of_several_lines_is_read_as_text() {
        let body = r#"{"eventID":"4625","message":"An account failed to log on.\r\n\tStatus:\t\t\t0xC000006D\r\n\tSub Status:\t\t0xC000006A\r\n"}"#;
        let got = found(body);
        let codes: Vec<&str> = got.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(codes, ["0xC000006A", "0XC000006D"]);
        assert!(got.iter().all(|f| f.1 == "event_4625" && f.3 == "message"));
    }

    #[test]
    fn an_error_class_name_is_a_code_where_a_runtime_prints_it() {
        let got = found("APIException: PasswordStrengthError: Password is too weak");
        assert_eq!(got[0].2, "PasswordStrengthError");
        // In source, it is no error; a title shared by several entries names none of them.
        assert!(found("raise ExpiredSignatureError(\"Signature has expired.\")").is_empty());
    }

    #[test]
    fn hex_codes_read_as_decimal() {
        assert_eq!(as_code("0x18", 16).as_deref(), Some("24"));
        assert_eq!(as_code("52e", 16).as_deref(), Some("1326"));
        assert_eq!(as_code("zz", 16), None);
        assert_eq!(as_code("52e", 10).as_deref(), Some("52e"));
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// The byte-table word split is the character-wise one: every character class, ASCII
        /// and not, white space of both kinds, and the signs that split after themselves.
        #[test]
        fn words_split_as_characters_do(text in "[a-z0-9 \t\r\n\"'`\\[\\]{}<>|=:.,_é\u{a0}\u{2003}\u{3000}€-]{0,60}") {
            let mut expected: Vec<(usize, &str)> = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (!is_word_break(c), start) {
                    (true, None) => start = Some(i),
                    (false, Some(st)) => {
                        expected.push((st, &text[st..i]));
                        start = None;
                    }
                    _ => {}
                }
                if let (true, Some(st)) = (c == '=' || c == ':', start) {
                    expected.push((st, &text[st..=i]));
                    start = None;
                }
            }
            if let Some(st) = start {
                expected.push((st, &text[st..]));
            }
            prop_assert_eq!(token_positions(&text).collect::<Vec<_>>(), expected);
            for b in 0u8..128 {
                prop_assert_eq!(ASCII_BREAKS[b as usize], is_word_break(char::from(b)));
            }
        }

        /// Any text at all: the scanner and the rules end, without panicking.
        #[test]
        fn detect_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), text in "\\PC{0,200}") {
            let c = Catalog::builtin();
            let _ = detect(&c, &String::from_utf8_lossy(&bytes));
            let _ = detect(&c, &text);
        }

        /// Text made of the scanner's own punctuation, quotes and codes, in any order.
        #[test]
        fn detect_survives_json_like_noise(parts in proptest::collection::vec(prop_oneof![
            Just("{"), Just("}"), Just("["), Just("]"), Just(":"), Just(","), Just("\""), Just("'"),
            Just("\\"), Just("code"), Just("12500009"), Just("hid_failure"), Just("reason"), Just("\u{2028}"),
            Just("é"), Just("\n"), Just("="), Just(" "), Just("message"), Just("-100"),
        ], 0..200)) {
            let text: String = parts.concat();
            let c = Catalog::builtin();
            for f in detect(&c, &text) {
                prop_assert!(!f.found_at.to_string().is_empty());
                prop_assert!(f.rank >= 1 && f.rank <= f.candidates.max(1));
            }
        }

        /// A code embedded in a `{"code": N, "message": M, "data": null}` body is found at `code`.
        #[test]
        fn authing_codes_are_found_in_any_body(i in 0usize..96, pad in "[a-z ]{0,20}") {
            let c = Catalog::builtin();
            let v = c.vendor("authing").unwrap();
            let e = v.entries.at(i);
            let body = format!("{pad} {{\"code\": {}, \"message\": {:?}, \"data\": null}} {pad}", e.code, e.message);
            let found = detect(&c, &body);
            prop_assert!(found.iter().any(|f| f.hit.vendor.id == "authing" && f.hit.entry.code == e.code && f.found_at == Location::Member("code".into())));
        }
    }
}

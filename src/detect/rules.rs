//! Every vendor's wire declarations (`[wire]` in its catalog), compiled for matching. Built
//! only when `explain -`, `scan` or `catalog check` runs: `lookup`, `search` and `list` never
//! read them.

use regex::bytes::{Regex, RegexSet};

use crate::catalog::model::{WirePlace, WireRule, WireSignal};
use crate::catalog::schema::wire::compile_regex;
use crate::catalog::{Catalog, List, Vendor, normalize_code};

/// One member of a path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A member name (lower-cased) and whether it is an array (`errors[]`).
    Name(String, bool),
    /// `*`: any one member.
    One,
    /// `**`: any members, or none.
    Any,
}

/// Where a rule finds codes: a member path, or a text pattern.
#[derive(Debug)]
pub enum Locator {
    Path(Vec<Seg>),
    Pattern(Pattern),
}

/// A text pattern. Its literals, or the set of the patterns without any, tell whether it may
/// match a line (see `PatternGroup`); only then is it compiled on its own, to find the code,
/// the first time: most never are for one input, and compiling them all is most of
/// `explain -`'s start-up.
#[derive(Debug)]
pub struct Pattern {
    source: String,
    compiled: std::sync::OnceLock<Option<Regex>>,
}

impl Rule {
    /// A text-pattern rule's expression, compiled on first use.
    pub fn pattern(&self) -> Option<&Regex> {
        match &self.matcher {
            Locator::Pattern(p) => p.regex(),
            Locator::Path(_) => None,
        }
    }
}

impl Pattern {
    /// The pattern as its catalog writes it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled expression; `None` if it does not compile (the catalog checks said it does).
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| compile_regex(&self.source).ok())
            .as_ref()
    }
}

/// Where one table's codes appear, compiled.
#[derive(Debug)]
pub struct Rule {
    pub table: String,
    pub matcher: Locator,
    /// The code every match of the pattern names, when the pattern captures none.
    pub code: Option<String>,
    pub value: Option<Regex>,
    pub with_key: Option<String>,
    pub with_value: Option<Regex>,
    pub with_text: Option<String>,
    pub prefer_text: Option<String>,
    pub decides: bool,
    pub radix: u32,
    /// Subtracted from a captured number (see `schema::wire::RawRule::base`).
    pub base: Option<i64>,
    /// Writes a shifted number in hex (see `schema::wire::RawRule::hex_digits`).
    pub hex_digits: Option<u32>,
    /// Put before a captured value (see `schema::wire::RawRule::prefix`).
    pub prefix: Option<String>,
    pub absorbs: Option<String>,
    /// Its findings come before the input's others (see `schema::wire::RawRule::first`).
    pub first: bool,
    pub says: String,
}

impl Rule {
    /// The code a match of this rule's pattern gives, and where it starts: the `code`
    /// capture, or the rule's own `code` at the start of the match.
    pub fn code_in(&self, caps: &regex::bytes::Captures<'_>) -> Option<(String, usize)> {
        match (caps.name("code"), &self.code) {
            (Some(m), _) => {
                let value = String::from_utf8_lossy(m.as_bytes());
                let code = match (self.base, &self.prefix) {
                    (Some(base), _) => super::base::shifted_as(&value, base, self.hex_digits)?,
                    (None, Some(prefix)) => format!("{prefix}{value}"),
                    (None, None) => value.into_owned(),
                };
                Some((code, m.start()))
            }
            (None, Some(code)) => Some((code.clone(), caps.get(0)?.start())),
            (None, None) => None,
        }
    }
}

#[derive(Debug)]
pub enum SignalKind {
    Key {
        key: String,
        value: Option<Regex>,
        in_table: Option<String>,
    },
    Text(String),
    Code(Regex),
}

#[derive(Debug)]
pub struct Signal {
    pub kind: SignalKind,
    /// Only for candidates of this table of the vendor.
    pub table: Option<String>,
    /// With `table`: also names the vendor, not only which of its tables.
    pub names_vendor: bool,
    pub weight: i32,
    /// The evidence; `{value}` stands for the member's value, escaped.
    pub says: String,
}

impl Signal {
    /// Does this signal count for a candidate of `table`?
    pub fn applies_to(&self, table: &str) -> bool {
        self.table
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case(table))
    }
}

/// One vendor's rules and signals.
#[derive(Debug)]
pub struct VendorRules<'a> {
    pub vendor: &'a Vendor,
    pub rules: Vec<Rule>,
    pub signals: Vec<Signal>,
    /// (table, the only codes of it that detection reports, normalized).
    pub concerns: Vec<(String, Vec<String>)>,
}

impl VendorRules<'_> {
    /// Does detection report this code of `table`? (`[[wire.concerns]]` may say no.)
    pub fn reports(&self, table: &str, key: &str) -> bool {
        self.concerns
            .iter()
            .filter(|(t, _)| t == table)
            .all(|(_, codes)| codes.iter().any(|c| c == key))
    }
}

/// All vendors' rules, with sets of their text patterns to test a line against at once.
#[derive(Debug)]
pub struct Rules<'a> {
    pub vendors: Vec<VendorRules<'a>>,
    /// The built-in catalogs' patterns in one group, the user catalogs' in another: a user
    /// file's patterns, however large, never take the built-in ones out of detection. Made
    /// from `group_numbers` when first asked for (see `prepare`).
    pattern_groups: std::sync::OnceLock<Vec<PatternGroup>>,
    /// The numbers (in `pattern_rules`) of each group's patterns.
    group_numbers: Vec<Vec<usize>>,
    /// For each pattern: (vendor index, rule index).
    pattern_rules: Vec<(usize, usize)>,
    /// The members that carry a message (`[[wire.messages]]` of every vendor): lower-cased
    /// key and what it is, the first declaration of each key.
    messages: Vec<(String, String)>,
}

/// Text patterns tested against a line at once. A pattern every match of which holds one of
/// a few literals (`Invalid user `, `aadsts`) is a candidate only where one of them is, found
/// by one search for all of them; the others make one set. (One set of them all was a lazy
/// DFA of every pattern's states together: building it was a quarter of a scan's work on a
/// log of every catalog's errors.) A candidate that does not match yields no capture.
#[derive(Debug)]
struct PatternGroup {
    /// The literals, ASCII case ignored, and for each the numbers (in `pattern_rules`) of the
    /// patterns that hold it.
    literals: Option<(aho_corasick::AhoCorasick, Vec<Vec<usize>>)>,
    /// The patterns without such literals, with their numbers.
    set: Option<(RegexSet, Vec<usize>)>,
    /// One more than the largest number of a pattern of the group.
    width: usize,
}

impl PatternGroup {
    fn new(sources: &[&str], numbers: &[usize]) -> Self {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let (mut rest, mut rest_numbers) = (Vec::new(), Vec::new());
        for (source, &number) in sources.iter().zip(numbers) {
            // With line breaks kept: a pattern also reads string values, and a line with its
            // line break.
            match crate::catalog::pattern_literals(source, true) {
                Some(found) if !found.is_empty() => {
                    for literal in found {
                        match literals.iter().position(|l| *l == literal) {
                            Some(i) => owners[i].push(number),
                            None => {
                                literals.push(literal);
                                owners.push(vec![number]);
                            }
                        }
                    }
                }
                _ => {
                    rest.push(*source);
                    rest_numbers.push(number);
                }
            }
        }
        let searcher = (!literals.is_empty())
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&literals)
                    .ok()
            })
            .flatten();
        let literals = match searcher {
            Some(searcher) => Some((searcher, owners)),
            None => {
                // Should the literals not make a searcher, their patterns join the set.
                for (source, &number) in sources.iter().zip(numbers) {
                    if !rest_numbers.contains(&number) {
                        rest.push(*source);
                        rest_numbers.push(number);
                    }
                }
                None
            }
        };
        PatternGroup {
            literals,
            set: (!rest.is_empty()).then(|| (pattern_set(&rest), rest_numbers)),
            width: numbers.iter().max().map_or(0, |n| n + 1),
        }
    }

    /// The numbers of the patterns that may match `text` (each once, in no order).
    fn candidates(&self, text: &[u8], found: &mut Vec<usize>) {
        if let Some((searcher, owners)) = &self.literals {
            // Each once: a long line may hold a literal thousands of times.
            let mut seen = vec![false; self.width];
            for m in searcher.find_overlapping_iter(text) {
                for &number in &owners[m.pattern().as_usize()] {
                    if !std::mem::replace(&mut seen[number], true) {
                        found.push(number);
                    }
                }
            }
        }
        // Most lines match none: finding that out stops at the first match, where listing
        // every pattern that matches cannot.
        if let Some((set, numbers)) = &self.set {
            if set.is_match(text) {
                found.extend(set.matches(text).iter().map(|i| numbers[i]));
            }
        }
    }
}

/// Parses a path pattern into members (validated by the schema already).
pub fn parse_path(path: &str) -> Vec<Seg> {
    path.split('.')
        .map(|seg| match seg {
            "*" => Seg::One,
            "**" => Seg::Any,
            _ => match seg.strip_suffix("[]") {
                Some(name) => Seg::Name(name.to_ascii_lowercase(), true),
                None => Seg::Name(seg.to_ascii_lowercase(), false),
            },
        })
        .collect()
}

/// The members of a scanned path: `errors[0].message.code` -> errors (array), message, code.
pub fn path_members(path: &str) -> Vec<(String, bool)> {
    path.split('.')
        .map(|seg| match seg.find('[') {
            Some(i) => (seg[..i].to_ascii_lowercase(), true),
            None => (seg.to_ascii_lowercase(), false),
        })
        .collect()
}

/// Does the pattern match the end of the path? (`hid_failure.reason` matches
/// `x.hid_failure.reason`; `**` and `*` as in globs.)
pub fn path_matches(pattern: &[Seg], path: &[(String, bool)]) -> bool {
    fn full(p: &[Seg], q: &[(String, bool)]) -> bool {
        match p.split_first() {
            None => q.is_empty(),
            Some((Seg::Any, rest)) => (0..=q.len()).any(|i| full(rest, &q[i..])),
            Some((Seg::One, rest)) => !q.is_empty() && full(rest, &q[1..]),
            Some((Seg::Name(n, arr), rest)) => {
                q.first().is_some_and(|(m, a)| m == n && a == arr) && full(rest, &q[1..])
            }
        }
    }
    (0..=path.len()).any(|i| full(pattern, &path[i..]))
}

fn regex(re: Option<&str>) -> Option<Regex> {
    re.and_then(|r| compile_regex(r).ok())
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

fn compile_rule(r: WireRule) -> Rule {
    let matcher = match r.place {
        WirePlace::Path(p) => Locator::Path(parse_path(p)),
        WirePlace::Pattern(p) => Locator::Pattern(Pattern {
            source: p.to_string(),
            compiled: std::sync::OnceLock::new(),
        }),
    };
    Rule {
        value: regex(r.value),
        with_value: regex(r.with_value),
        table: r.table.to_string(),
        matcher,
        code: owned(r.code),
        with_key: owned(r.with_key),
        with_text: owned(r.with_text),
        prefer_text: owned(r.prefer_text),
        decides: r.decides,
        radix: r.radix.unwrap_or(10),
        base: r.base,
        hex_digits: r.hex_digits,
        prefix: owned(r.prefix),
        absorbs: owned(r.absorbs),
        first: r.first,
        says: r.says.to_string(),
    }
}

fn compile_signal(s: WireSignal) -> Option<Signal> {
    let kind = match (s.key, s.text, s.code) {
        (Some(key), _, _) => SignalKind::Key {
            value: regex(s.value),
            in_table: owned(s.value_in_table),
            key: key.to_string(),
        },
        (None, Some(text), _) => SignalKind::Text(text.to_string()),
        (None, None, Some(code)) => SignalKind::Code(compile_regex(code).ok()?),
        _ => return None,
    };
    Some(Signal {
        kind,
        table: owned(s.table),
        names_vendor: s.names_vendor,
        weight: i32::from(s.weight),
        says: s.says.to_string(),
    })
}

impl<'a> Rules<'a> {
    /// Compiles the declarations of every vendor of `catalog`. They were validated when the
    /// catalog was built or loaded; anything that still does not compile is left out.
    pub fn compile(catalog: &'a Catalog) -> Self {
        Self::compile_for(catalog, None)
    }

    /// `compile`, for one paste: a text pattern none of whose literals (as the sieve reads
    /// them) the paste holds cannot match it, and stays out of the sets, whose making is most
    /// of `explain -`'s start-up. Its rule stays, numbered as in `compile`.
    pub fn compile_for(catalog: &'a Catalog, paste: Option<&str>) -> Self {
        let lower = paste.map(str::to_ascii_lowercase);
        let may_match =
            |source: &str| match (&lower, crate::catalog::pattern_literals(source, true)) {
                (Some(lower), Some(literals)) => literals
                    .iter()
                    .any(|l| memchr::memmem::find(lower.as_bytes(), l).is_some()),
                _ => true,
            };
        let mut vendors = Vec::new();
        let mut messages: Vec<(String, String)> = Vec::new();
        // The numbers of the built-in catalogs' patterns, then the users'.
        let mut groups: [Vec<usize>; 2] = Default::default();
        let mut pattern_rules = Vec::new();
        let builtin = Catalog::builtin();
        for vendor in catalog.vendors() {
            let wire = vendor.wire;
            let is_builtin = builtin_patterns(&builtin, vendor);
            let rules: Vec<Rule> = wire.rules.into_iter().map(compile_rule).collect();
            for (i, r) in rules.iter().enumerate() {
                if let Locator::Pattern(p) = &r.matcher {
                    if may_match(&p.source) {
                        groups[usize::from(!is_builtin(&p.source))].push(pattern_rules.len());
                    }
                    pattern_rules.push((vendors.len(), i));
                }
            }
            for m in wire.messages.iter() {
                let key = m.key.to_ascii_lowercase();
                if !messages.iter().any(|(k, _)| *k == key) {
                    messages.push((key, m.says.to_string()));
                }
            }
            let concerns = wire
                .concerns
                .into_iter()
                .map(|c| {
                    let codes = c.codes.iter().map(|k| normalize_code(k).into_owned());
                    (c.table.to_string(), codes.collect())
                })
                .collect();
            vendors.push(VendorRules {
                vendor,
                rules,
                concerns,
                signals: wire
                    .signals
                    .into_iter()
                    .filter_map(compile_signal)
                    .collect(),
            });
        }
        Rules {
            vendors,
            pattern_groups: std::sync::OnceLock::new(),
            group_numbers: groups.into_iter().filter(|g| !g.is_empty()).collect(),
            pattern_rules,
            messages,
        }
    }

    /// The groups of text patterns, made on the first call.
    fn pattern_groups(&self) -> &[PatternGroup] {
        self.pattern_groups.get_or_init(|| {
            (self.group_numbers.iter())
                .map(|numbers| {
                    let (sources, numbers): (Vec<&str>, Vec<usize>) = (numbers.iter())
                        .filter_map(|&i| Some((self.pattern(i)?.source(), i)))
                        .unzip();
                    PatternGroup::new(&sources, &numbers)
                })
                .collect()
        })
    }

    /// Makes what `patterns_in` searches with, unless it is made already: most of the rules'
    /// making, which a scan does on a thread of its own while another makes the sieve
    /// (`Rules::compile` leaves it for the first call).
    pub fn prepare(&self) {
        self.pattern_groups();
    }

    /// What a member with this key is, if it carries a message.
    pub fn message(&self, key: &str) -> Option<&str> {
        (self.messages.iter())
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, says)| says.as_str())
    }

    /// How many text patterns the set holds.
    pub fn pattern_count(&self) -> usize {
        self.pattern_rules.len()
    }

    /// The rule of text pattern `i`, with its vendor's rules.
    pub fn pattern_rule(&self, i: usize) -> Option<(&VendorRules<'a>, &Rule)> {
        let &(v, r) = self.pattern_rules.get(i)?;
        let vendor = &self.vendors[v];
        Some((vendor, &vendor.rules[r]))
    }

    /// Text pattern `i` of the set.
    pub fn pattern(&self, i: usize) -> Option<&Pattern> {
        let &(v, r) = self.pattern_rules.get(i)?;
        match &self.vendors[v].rules[r].matcher {
            Locator::Pattern(p) => Some(p),
            Locator::Path(_) => None,
        }
    }

    /// The text-pattern rules that match somewhere in `text`: (vendor index, rule).
    /// A pattern is listed when it may match (see `PatternGroup`): one that does not has
    /// no captures there.
    pub fn patterns_in<'r>(&'r self, text: &str) -> Vec<(usize, &'r Rule)> {
        let mut found: Vec<usize> = Vec::new();
        for group in self.pattern_groups() {
            group.candidates(text.as_bytes(), &mut found);
        }
        // In catalog order, as one set gave them.
        found.sort_unstable();
        found
            .into_iter()
            .map(|i| {
                let (v, r) = self.pattern_rules[i];
                (v, &self.vendors[v].rules[r])
            })
            .collect()
    }
}

/// Which of `vendor`'s text patterns its built-in catalog declares: every one when no user
/// file added to its declarations (its rules are still the compiled records), none for a
/// vendor that only user files make.
fn builtin_patterns(builtin: &Catalog, vendor: &Vendor) -> impl Fn(&str) -> bool + use<> {
    let own: Option<std::collections::HashSet<&'static str>> =
        match (builtin.vendor(vendor.id), vendor.wire.rules) {
            (Some(_), List::Compiled(_)) => None,
            (Some(b), List::Loaded(_)) => {
                Some(b.wire.rules.iter().filter_map(|r| r.pattern()).collect())
            }
            (None, _) => Some(Default::default()),
        };
    move |source| own.as_ref().is_none_or(|own| own.contains(source))
}

/// One set of every text pattern, its indices those of `sources`. The catalogs' checks
/// compiled each pattern; should one fail all the same, it matches nothing and the others
/// still make the set.
fn pattern_set(sources: &[&str]) -> RegexSet {
    let set = |sources: &[&str]| crate::catalog::schema::wire::pattern_set(sources);
    set(sources).unwrap_or_else(|_| {
        let fine: Vec<&str> = (sources.iter())
            .map(|&s| match compile_regex(s) {
                Ok(_) => s,
                Err(_) => "[^\\s\\S]",
            })
            .collect();
        set(&fine).unwrap_or_else(|_| RegexSet::empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_that_does_not_compile_leaves_the_others_in_the_set() {
        let sources = ["(unclosed", r"reason=(?P<code>\d+)"];
        let set = pattern_set(&sources);
        assert_eq!(set.len(), 2);
        let hits: Vec<usize> = set.matches(b"hid_failure reason=45").into_iter().collect();
        assert_eq!(hits, [1]);
        assert!(!set.matches(b"(unclosed").matched(0));
    }

    /// The built-in catalogs' patterns fit one set: none is left out of detection.
    #[test]
    fn the_built_in_patterns_make_one_whole_set() {
        let catalog = Catalog::builtin();
        let rules = Rules::compile(&catalog);
        assert_eq!(rules.pattern_groups().len(), 1);
        let group = &rules.pattern_groups()[0];
        let mut numbers: Vec<usize> = (group.literals.iter())
            .flat_map(|(_, owners)| owners.iter().flatten().copied())
            .chain(group.set.iter().flat_map(|(_, n)| n.iter().copied()))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers, (0..rules.pattern_count()).collect::<Vec<_>>());
        // Most are found by their literals: the set holds the few without.
        let in_set = group.set.as_ref().map_or(0, |(set, _)| set.len());
        assert!(in_set * 4 < rules.pattern_count(), "{in_set} in the set");
        assert!(!rules.patterns_in("sign-in failed: AADSTS50126").is_empty());
    }

    /// Every pattern that matches a text is among `patterns_in`'s, on every catalog's example
    /// inputs (whole, line by line, upper- and lower-cased) and on their words shuffled.
    #[test]
    fn no_pattern_that_matches_is_left_out() {
        let catalog = Catalog::builtin();
        let rules = Rules::compile(&catalog);
        let mut texts: Vec<String> = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog");
        for file in std::fs::read_dir(dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let doc: toml::Table =
                toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let examples = doc.get("examples").and_then(|e| e.as_array());
            for e in examples.into_iter().flatten() {
                let Some(input) = e.get("input").and_then(|i| i.as_str()) else {
                    continue;
                };
                let input = input.to_string();
                texts.extend(input.lines().map(str::to_string));
                texts.push(input.to_uppercase());
                texts.push(input.to_lowercase());
                let mut words: Vec<&str> = input.split(' ').collect();
                words.reverse();
                texts.push(words.join(" "));
                texts.push(input);
            }
        }
        assert!(texts.len() > 500, "{} texts", texts.len());
        let (mut matched, mut listed) = (0, 0);
        for text in &texts {
            let found: Vec<*const Rule> = (rules.patterns_in(text).into_iter())
                .map(|(_, r)| r as *const Rule)
                .collect();
            listed += found.len();
            for v in &rules.vendors {
                for r in &v.rules {
                    if r.pattern().is_some_and(|re| re.is_match(text.as_bytes())) {
                        matched += 1;
                        assert!(found.contains(&(r as *const Rule)), "{text:?}");
                    }
                }
            }
        }
        assert!(matched > 300 && listed >= matched, "{matched} {listed}");
    }

    fn m(pattern: &str, path: &str) -> bool {
        path_matches(&parse_path(pattern), &path_members(path))
    }

    #[test]
    fn paths_match_at_the_end_with_globs() {
        assert!(m("hid_failure.reason", "hid_failure.reason"));
        assert!(m("hid_failure.reason", "body.hid_failure.reason"));
        assert!(m("errors[].message.code", "errors[0].message.code"));
        assert!(!m("errors[].message.code", "errors.message.code"));
        assert!(!m("hid_error", "hid_error[0]"));
        assert!(m("code", "x.y.code"));
        assert!(m("error.*", "error.code"));
        assert!(m("a.**.code", "a.b.c.code"));
        assert!(m("a.**.code", "a.code"));
        assert!(!m("reason", "hid_failure.reason.x"));
        assert!(m("HID_Failure.Reason", "hid_failure.reason"));
    }
}

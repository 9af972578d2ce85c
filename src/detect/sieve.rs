//! Which lines of a log can hold a finding at all, answered for a whole batch of lines at once.
//!
//! Most lines of a log name no code. On one line the engine finds a code only through
//! - an object: the line holds a `{`;
//! - a number after a code word (`error code 49`): the line holds a code word, a word of its
//!   own (`whole_word`);
//! - a number in parentheses (`Invalid credentials (49)`): the line holds `(` and a digit
//!   or a minus;
//! - a number or hex value before its entry's own words (`401 Unauthorized`, `49Invalid
//!   credentials`): the line holds the start of the words of an entry whose code has a
//!   digit, from a capital, with a word with a digit right before them (`after_number`);
//! - a symbolic word (one with `_` or `.` and a letter once cleaned) that
//!   `Catalog::may_know` knows: the line holds `0x`, or, ignoring ASCII case, a code or name
//!   of some catalog with a letter and `_` or `.` in it, so it holds the name's start through
//!   its first `_` or `.` (cleaning an ASCII word only trims it: see `pasted::clean`);
//! - a name of ASCII letters and digits in camel case (`invalidCredentials`), or an error
//!   class's name (`NotAuthorizedException:`), that `Catalog::may_know` knows: the line holds
//!   the name's first bytes, where a word starts that is such a name (`known_name_at`);
//! - what cleaning changes rather than trims: a typographic minus, read as `-`, is a literal
//!   of its own, and a line that is not UTF-8 (the engine reads such bytes as U+FFFD) is
//!   looked at whatever it holds;
//! - a text pattern of some catalog: the line holds one of the literals that every match of
//!   the pattern starts (or ends) with, as the regular expression's own analysis gives them,
//!   and then the set of every pattern says one matches.
//!
//! So a multi-literal search (Aho-Corasick, ASCII case ignored) over the batch marks the lines
//! worth the engine's time and leaves out none that hold a finding: a property test holds the
//! sieve to the engine. Should a pattern have no such literals, every line is looked at.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::rules::Rules;
use crate::catalog::Catalog;
use crate::catalog::pasted::{CODE_WORDS, MINUS_SIGNS};

mod concerned;
mod together;

use crate::catalog::schema::literals::{MOST_LITERALS, SHORTEST_USEFUL};

/// How many bytes of an entry's own words are looked for (see `Sieve::new`).
const OWN_WORDS_LOOKED_FOR: usize = 5;

/// How much of a name after its first `_` or `.` is looked for.
const AFTER_SEPARATOR: usize = 4;

/// How many bytes of a name of letters and digits are looked for (see `Sieve::new`).
const NAME_LOOKED_FOR: usize = 6;

pub struct Sieve {
    /// `None`: every line may hold a finding.
    finder: Option<Finder>,
}

/// What a literal tells of the line that holds it: the engine looks at the line if the
/// literal is a word, or if one of its checks holds where it was found, or if one of the
/// patterns of its group matches the line.
#[derive(Clone, Copy, Default)]
struct Literal {
    word: bool,
    checks: Checks,
    /// An index into `Finder::groups`.
    group: Option<usize>,
}

/// What is checked where a literal was found.
#[derive(Clone, Copy, Default)]
struct Checks {
    /// The literal starts an entry's own words: does a word with a digit stand right before
    /// it (`after_number`)?
    after_number: bool,
    /// The literal starts names of letters and digits (these of `Finder::names`): does a word
    /// start there that the engine reads as one of them (`Finder::known_name_at`)?
    names: Option<(u32, u32)>,
    /// The literal is a code word: is it a word of its own there (`whole_word`)?
    whole_word: bool,
}

/// What the sieve says of one line.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The line holds no finding.
    Out,
    /// The engine looks at the line.
    Kept,
    /// The line holds a literal of a text pattern, no more: it holds a finding only if one of
    /// those patterns matches it (`Sieve::matches`).
    Pending(Pending),
}

/// The groups of patterns whose literals a line holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Pending(Vec<usize>);

struct Finder {
    /// Every literal, looked for by an automaton quick to build (a scan of a few lines).
    search: AhoCorasick,
    /// The same, as a DFA: it reads a log about three times as fast, but building it costs
    /// more than a small file's whole scan, and it takes 6 MB. It pays where the sieve reads
    /// whole lines: every line but one kept at a word (a code word, `{`...: `Told::Kept`),
    /// where the search moves on to the next line. It is built once a scan has read
    /// `DFA_AFTER` bytes, unless most of them were in lines kept at a word (a log where
    /// nearly every line holds an error object or an `error` word). A line counts for at most
    /// `COUNTED` bytes: a few lines of a megabyte that no literal keeps (a dump on one line)
    /// do not make such a log a quiet one, where the DFA's megabytes would come on top of
    /// what its detections take.
    dfa: OnceLock<AhoCorasick>,
    /// Bytes looked through so far, and those of them in lines kept at a word (each line's
    /// up to `COUNTED`).
    seen: AtomicUsize,
    at_word: AtomicUsize,
    /// The literals of `search`, to build `dfa` from.
    words: Vec<Vec<u8>>,
    /// What each literal of `search` tells.
    literals: Vec<Literal>,
    /// The names of ASCII letters and digits, lower-cased and in order, whose starts are
    /// literals (`Checks::names`).
    names: Vec<Box<[u8]>>,
    /// The patterns `Literal::group` names: their index in the rules' set, one for each
    /// different pattern (catalogs share some), and the pattern as the sieve tries it when it
    /// differs (`concerned`: only the codes detection reports).
    patterns: Vec<(usize, Option<regex::bytes::Regex>)>,
    /// The patterns each literal stands for (indices into `patterns`), tried together.
    groups: Vec<together::Group>,
}

/// `(0` to `(9`: where a number in parentheses starts.
const PARENTHESIZED: [[u8; 2]; 10] = {
    let mut all = [[b'(', b'0']; 10];
    let mut d = 0;
    while d < 10 {
        all[d][1] = b'0' + d as u8;
        d += 1;
    }
    all
};

impl Sieve {
    pub fn new(catalog: &Catalog, rules: &Rules<'_>) -> Self {
        let mut words: Vec<&[u8]> = vec![b"{", b"0x", b"(-"];
        words.extend((b'0'..=b'9').map(|d| &PARENTHESIZED[usize::from(d - b'0')][..]));
        // Codes and names a symbolic word can be looked up as: they hold `_` or `.`. A line
        // that holds one holds its start, up to a few characters after its first `_` or `.`:
        // far fewer literals to look for (`access_toke` for all of `access_token_*`), and a
        // search that is built in a fraction of the time.
        words.extend(
            catalog
                .known_names()
                .filter(|k| k.bytes().any(|b| b.is_ascii_alphabetic()))
                .filter_map(|k| {
                    let end = k.find(['_', '.'])? + 1 + AFTER_SEPARATOR;
                    Some(&k.as_bytes()[..end.min(k.len())])
                }),
        );
        let mut literals: std::collections::BTreeMap<Vec<u8>, Owners> = Default::default();
        for w in words {
            literals
                .entry(w.to_ascii_lowercase())
                .or_default()
                .literal
                .word = true;
        }
        // A code word counts only as a word of its own (`error code 49`, `errCode=5`), as the
        // engine reads one: not inside another (`decodeHeader`, `partialResults`).
        for w in CODE_WORDS {
            literals
                .entry(w.as_bytes().to_vec())
                .or_default()
                .literal
                .checks
                .whole_word = true;
        }
        // A number or hex value before its entry's own words (`401 Unauthorized`, `49Invalid
        // credentials`, `0x6 | Client not found`): the line holds those words (`own_texts`, of
        // an entry whose code has a digit), of which the first bytes are looked for.
        for t in own_words(catalog) {
            let end = (OWN_WORDS_LOOKED_FOR..=t.len())
                .find(|&e| t.is_char_boundary(e))
                .unwrap_or(t.len());
            let start = t[..end].to_ascii_lowercase().into_bytes();
            literals
                .entry(start)
                .or_default()
                .literal
                .checks
                .after_number = true;
        }
        // A name in camel case or an error class's name: the line holds the name's first
        // bytes, few literals for many names (`invali` for all of `invalid*`), each checked
        // against the names it starts.
        let mut names: Vec<Box<[u8]>> = (catalog.known_names())
            .filter(|k| may_be_humped(k.as_bytes()))
            .map(|k| k.to_ascii_lowercase().into_bytes().into())
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in &names {
            let start = &name[..name.len().min(NAME_LOOKED_FOR)];
            let from = names.partition_point(|n| n[..] < *start);
            let to = from + names[from..].partition_point(|n| n.starts_with(start));
            let range = (from as u32, to as u32);
            literals
                .entry(start.to_vec())
                .or_default()
                .literal
                .checks
                .names = Some(range);
        }
        for minus in MINUS_SIGNS {
            literals
                .entry(minus.to_string().into_bytes())
                .or_default()
                .literal
                .word = true;
        }
        let mut patterns: Vec<(&str, usize)> = (0..rules.pattern_count())
            .filter_map(|i| Some((rules.pattern(i)?.source(), i)))
            .collect();
        patterns.sort_unstable();
        let rules_of = |source: &str| -> Vec<_> {
            (patterns.iter())
                .filter(|(s, _)| *s == source)
                .filter_map(|&(_, i)| rules.pattern_rule(i))
                .collect()
        };
        let narrowed: Vec<_> = (patterns.iter())
            .map(|&(source, _)| concerned::narrowed(source, &rules_of(source)))
            .collect();
        let mut narrowed = narrowed.into_iter();
        let mut patterns: Vec<(&str, usize, Option<regex::bytes::Regex>)> = (patterns.iter())
            .map(|&(source, i)| (source, i, narrowed.next().flatten()))
            .collect();
        patterns.dedup_by_key(|(source, _, _)| *source);
        for (i, (source, _, narrowed)) in patterns.iter().enumerate() {
            let found = match narrowed {
                Some(r) => concerned::literals(r).or_else(|| pattern_literals(r.as_str())),
                None => pattern_literals(source),
            };
            let Some(found) = found else {
                return Sieve { finder: None };
            };
            for literal in found {
                literals.entry(literal).or_default().patterns.push(i);
            }
        }
        // A line holds no line break.
        literals.retain(|l, _| !l.contains(&b'\n'));
        let (words, owners): (Vec<Vec<u8>>, Vec<Owners>) = literals.into_iter().unzip();
        let (tells, groups) = grouped(owners);
        let finder = automaton(&words, AhoCorasickKind::ContiguousNFA).map(|search| Finder {
            search,
            dfa: OnceLock::new(),
            seen: AtomicUsize::new(0),
            at_word: AtomicUsize::new(0),
            words,
            literals: tells,
            names,
            patterns: (patterns.into_iter())
                .map(|(_, i, narrowed)| (i, narrowed))
                .collect(),
            groups,
        });
        Sieve { finder }
    }

    /// What the sieve says of `line`, a line without its line break, as `lines` would: a
    /// line that is `Verdict::Pending` is one of those `lines` gives when `matches` says so.
    pub fn line(&self, line: &[u8]) -> Verdict {
        let Some(f) = &self.finder else {
            return Verdict::Kept;
        };
        let mut groups = Vec::new();
        for m in f
            .automaton(counted(line.len() + 1))
            .find_overlapping_iter(line)
        {
            match f.told(m.pattern().as_usize(), line, m.start()) {
                Told::Kept => return f.at_word(line.len()),
                Told::Group(g) if !groups.contains(&g) => groups.push(g),
                Told::Group(_) | Told::Nothing => {}
            }
        }
        if std::str::from_utf8(line).is_err() {
            Verdict::Kept
        } else if groups.is_empty() {
            Verdict::Out
        } else {
            Verdict::Pending(Pending(groups))
        }
    }

    /// Does one of the patterns `pending` names match `line`, the line it was said of?
    /// `rules` are those the sieve was made from.
    pub fn matches(&self, rules: &Rules<'_>, pending: &Pending, line: &[u8]) -> bool {
        (self.finder.as_ref()).is_none_or(|f| f.matches(rules, &pending.0, line))
    }

    /// Does `line` (without its line break) hold a finding, as far as the sieve can tell?
    pub fn keeps(&self, rules: &Rules<'_>, line: &[u8]) -> bool {
        self.keeps_as_it_is(rules, line) || self.keeps_decoded(rules, line)
    }

    /// `keeps`, of `line` as it is.
    fn keeps_as_it_is(&self, rules: &Rules<'_>, line: &[u8]) -> bool {
        match self.line(line) {
            Verdict::Out => false,
            Verdict::Kept => true,
            Verdict::Pending(p) => self.matches(rules, &p, line),
        }
    }

    /// Does `line` hold a finding once decoded as the engine reads a log's line (percent-encoded
    /// words of a URL, HTML entities: `decode::decoded`), where that changes it?
    fn keeps_decoded(&self, rules: &Rules<'_>, line: &[u8]) -> bool {
        memchr::memchr2(b'%', b'&', line).is_some()
            && std::str::from_utf8(line).is_ok_and(|text| match super::decode::decoded(text) {
                std::borrow::Cow::Owned(decoded) => self.keeps_as_it_is(rules, decoded.as_bytes()),
                std::borrow::Cow::Borrowed(_) => false,
            })
    }

    /// The lines of `text` (each ended by a line break, the last one perhaps not) that may
    /// hold a finding, in order: each line's index in `text` and its bytes, without the line
    /// break. `rules` are those the sieve was made from.
    pub fn lines<'t>(&self, rules: &Rules<'_>, text: &'t [u8]) -> Vec<(usize, &'t [u8])> {
        let Some(f) = &self.finder else {
            return (every_line(text).enumerate())
                .map(|(i, (_, line))| (i, line))
                .collect();
        };
        let search = f.automaton(counted_lines(text));
        // Bytes of the lines kept at a word (each's up to `COUNTED`).
        let mut at_word = 0;
        // Where each line that may hold a finding starts.
        let mut starts = Vec::new();
        // The line of the literals found last, and the patterns they belong to.
        let mut line: Option<(usize, usize)> = None;
        let mut owners: Vec<usize> = Vec::new();
        let mut at = 0;
        'search: while at < text.len() {
            // Every literal, in the order they end: a line's before the next line's.
            let input = aho_corasick::Input::new(text).span(at..text.len());
            for m in search.find_overlapping_iter(input) {
                let (start, end) = match line {
                    Some((s, e)) if m.start() < e => (s, e),
                    _ => {
                        f.keep_if_matched(rules, line, &owners, text, &mut starts);
                        owners.clear();
                        let around = line_around(text, m.start());
                        line = Some(around);
                        around
                    }
                };
                match f.told(m.pattern().as_usize(), &text[start..end], m.start() - start) {
                    Told::Group(g) => {
                        // Each group once, however often its literals recur in the line.
                        if !owners.contains(&g) {
                            owners.push(g);
                        }
                    }
                    Told::Nothing => {}
                    Told::Kept => {
                        // The engine will look at this line: on to the next.
                        starts.push(start);
                        at_word += counted(end + 1 - start);
                        line = None;
                        at = end + 1;
                        continue 'search;
                    }
                }
            }
            break;
        }
        f.keep_if_matched(rules, line, &owners, text, &mut starts);
        // A line the engine decodes (`%3A`, `&quot;`) is looked at if what it decodes to holds
        // a finding.
        let kept = starts.len();
        let mut from = 0;
        while let Some(at) = (text.get(from..)).and_then(|rest| memchr::memchr2(b'%', b'&', rest)) {
            let (start, end) = line_around(text, from + at);
            from = end + 1;
            if starts[..kept].binary_search(&start).is_err()
                && self.keeps_decoded(rules, &text[start..end])
            {
                starts.push(start);
            }
        }
        // A line that is not UTF-8 is looked at whatever it holds.
        let not_utf8 = std::str::from_utf8(text).is_err();
        if not_utf8 {
            starts.extend(
                every_line(text)
                    .filter(|(_, line)| std::str::from_utf8(line).is_err())
                    .map(|(start, _)| start),
            );
        }
        if not_utf8 || starts.len() > kept {
            starts.sort_unstable();
            starts.dedup();
        }
        // Numbered by the line breaks before them.
        let mut index = 0;
        let mut counted = 0;
        f.at_word.fetch_add(at_word, Ordering::Relaxed);
        (starts.into_iter())
            .map(|start| {
                index += memchr::memchr_iter(b'\n', &text[counted..start]).count();
                counted = start;
                let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
                (index, &text[start..end])
            })
            .collect()
    }
}

/// What a literal stands for while the sieve is made: `Literal`, with its patterns by their
/// index rather than as a group.
#[derive(Default)]
struct Owners {
    literal: Literal,
    patterns: Vec<usize>,
}

/// What each literal tells, its patterns made into groups (one for each set of patterns
/// some literal stands for), and the groups.
fn grouped(owners: Vec<Owners>) -> (Vec<Literal>, Vec<together::Group>) {
    let mut index: std::collections::HashMap<Vec<usize>, usize> = Default::default();
    let mut groups = Vec::new();
    let tells = (owners.into_iter())
        .map(|o| Literal {
            // A word keeps its line whatever else the literal stands for.
            group: (!o.literal.word && !o.patterns.is_empty()).then(|| {
                *index.entry(o.patterns).or_insert_with_key(|m| {
                    groups.push(together::Group::new(m.clone()));
                    groups.len() - 1
                })
            }),
            ..o.literal
        })
        .collect();
    (tells, groups)
}

/// Bytes a scan reads before the sieve looks for its literals with a DFA.
const DFA_AFTER: usize = 4 << 20;

/// The most bytes one line counts for, when the sieve weighs what it read (see `Finder`).
const COUNTED: usize = 4096;

/// `len` bytes of one line, as the sieve counts them.
fn counted(len: usize) -> usize {
    len.min(COUNTED)
}

/// The bytes of `text`'s lines, as the sieve counts them.
fn counted_lines(text: &[u8]) -> usize {
    if text.len() <= COUNTED {
        return text.len();
    }
    let mut start = 0;
    let mut total = 0;
    for end in memchr::memchr_iter(b'\n', text) {
        total += counted(end + 1 - start);
        start = end + 1;
    }
    total + counted(text.len() - start)
}

/// An automaton of this kind for `words`, ASCII case ignored.
fn automaton(words: &[Vec<u8>], kind: AhoCorasickKind) -> Option<AhoCorasick> {
    (AhoCorasick::builder())
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(words)
        .ok()
}

/// What one literal found in a line tells of it.
enum Told {
    /// The engine looks at the line.
    Kept,
    /// The line holds a finding if a pattern of this group matches it.
    Group(usize),
    Nothing,
}

impl Finder {
    /// What literal `literal`, found at `at` in `line`, tells of the line.
    fn told(&self, literal: usize, line: &[u8], at: usize) -> Told {
        let Literal {
            word,
            checks,
            group,
        } = self.literals[literal];
        let checked = || {
            checks.whole_word && whole_word(line, at, self.words[literal].len())
                || checks.after_number && after_number(line, at)
                || (checks.names).is_some_and(|names| self.known_name_at(names, line, at))
        };
        match group {
            _ if word || checked() => Told::Kept,
            Some(g) => Told::Group(g),
            None => Told::Nothing,
        }
    }

    /// Does a word start at `at` in `line` that the engine may read as one of the names
    /// `from..to` of `names`: ASCII letters and digits, in camel case (`invalidCredentials`)
    /// or an error class's name (`NotAuthorizedException`), one of those names ignoring case?
    /// The engine reads such a name only as the whole of a word once cleaned
    /// (`pasted::strip_around`), which trims no ASCII letter, digit or `_`: that word is a
    /// word of its own (`whole_word`), starts at `at` and is this one.
    fn known_name_at(&self, (from, to): (u32, u32), line: &[u8], at: usize) -> bool {
        let len = (line[at..].iter())
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(line.len() - at);
        let word = &line[at..at + len];
        whole_word(line, at, len)
            && super::is_humped_name(word)
            && (self.names[from as usize..to as usize].iter()).any(|n| n.eq_ignore_ascii_case(word))
    }

    /// `Verdict::Kept`, for a line of `len` bytes kept at a word.
    fn at_word(&self, len: usize) -> Verdict {
        self.at_word.fetch_add(counted(len + 1), Ordering::Relaxed);
        Verdict::Kept
    }

    /// The automaton to look through `len` more bytes with (`counted`).
    fn automaton(&self, len: usize) -> &AhoCorasick {
        let seen = self.seen.fetch_add(len, Ordering::Relaxed) + len;
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        if seen < DFA_AFTER || self.at_word.load(Ordering::Relaxed) > seen / 2 {
            return &self.search;
        }
        self.dfa.get_or_init(|| {
            automaton(&self.words, AhoCorasickKind::DFA).unwrap_or_else(|| self.search.clone())
        })
    }

    /// Keeps the start of `line` (start and end in `text`), if any, when a pattern of one of
    /// `owners` (indices into `groups`) matches it.
    fn keep_if_matched(
        &self,
        rules: &Rules<'_>,
        line: Option<(usize, usize)>,
        owners: &[usize],
        text: &[u8],
        starts: &mut Vec<usize>,
    ) {
        let Some((start, end)) = line else { return };
        if self.matches(rules, owners, &text[start..end]) {
            starts.push(start);
        }
    }

    /// Does a pattern of one of `groups` match `line`?
    fn matches(&self, rules: &Rules<'_>, groups: &[usize], line: &[u8]) -> bool {
        let source = |p: usize| {
            let (i, narrowed) = &self.patterns[p];
            (narrowed.as_ref().map(regex::bytes::Regex::as_str))
                .or_else(|| rules.pattern(*i).map(|p| p.source()))
        };
        let pattern = |p: usize| {
            let (i, narrowed) = &self.patterns[p];
            (narrowed.as_ref()).or_else(|| rules.pattern(*i).and_then(|p| p.regex()))
        };
        (groups.iter()).any(|&g| self.groups[g].matches(line, source, pattern))
    }
}

/// The own words (`own_texts`) of the entries whose code has a digit: the words the engine
/// reads a number or hex value before (`401 Unauthorized`).
fn own_words(catalog: &Catalog) -> Vec<&'static str> {
    (catalog.vendors().iter())
        .flat_map(|v| v.entries.iter())
        .filter(|e| e.code.bytes().any(|b| b.is_ascii_digit()))
        .flat_map(|e| super::own_texts(&e).collect::<Vec<_>>())
        .collect()
}

/// Is `line[at..at + len]` a word of its own: no ASCII letter, digit or `_` joined to it on
/// either side? The engine reads a code word only as a whole word, split from the rest of
/// the line at white space, quotes, brackets, `|`, and after `=` and `:`; a letter or digit
/// joined to it makes another word.
fn whole_word(line: &[u8], at: usize, len: usize) -> bool {
    let joined = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    !(at.checked_sub(1).and_then(|i| line.get(i))).is_some_and(joined)
        && !line.get(at + len).is_some_and(joined)
}

/// Could `name` (lower-cased) be written in camel case: is it ASCII letters and digits, with
/// two letters side by side, where a capital can follow a lower-case letter?
fn may_be_humped(name: &[u8]) -> bool {
    name.iter().all(u8::is_ascii_alphanumeric)
        && (name.windows(2)).any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_alphabetic())
}

/// Do words that start with a capital at `at` in `line` stand right after a word with a digit,
/// with only spaces, tabs and one `|` between (`401 Unauthorized`, `0x6 | Client not found`,
/// `49Invalid credentials`, not `401 unauthorized`)? The engine reads a number or hex value
/// before its entry's own words only so; a word is read here up to the space before it, which
/// holds the engine's word.
fn after_number(line: &[u8], at: usize) -> bool {
    if !line[at].is_ascii_uppercase() {
        return false;
    }
    let blanks = |mut end: usize| {
        while end > 0 && matches!(line[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        end
    };
    let mut end = blanks(at);
    if end > 0 && line[end - 1] == b'|' {
        end = blanks(end - 1);
    }
    let start = (line[..end].iter())
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |i| i + 1);
    line[start..end].iter().any(u8::is_ascii_digit)
}

/// Where the line that holds byte `at` starts, and where it ends (its line break, or the end
/// of `text`).
fn line_around(text: &[u8], at: usize) -> (usize, usize) {
    let start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i);
    (start, end)
}

/// Every line of `text`: where it starts, and its bytes without the line break.
pub fn every_line(text: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i);
        let line = (at, &text[at..end]);
        at = end + 1;
        Some(line)
    })
}

/// Literals of which every match of `source` holds one, lower-cased; `None` when the
/// pattern has none (see `schema::literals`). A line holds no line break, so a literal with
/// one is left out.
fn pattern_literals(source: &str) -> Option<Vec<Vec<u8>>> {
    crate::catalog::pattern_literals(source, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{Engine, decode};
    use proptest::prelude::*;

    /// Text that reaches every way the engine finds a code: each catalog's pattern examples,
    /// code words, symbolic names of every catalog, punctuation that cleaning drops,
    /// typographic minus signs, objects, and ordinary log text.
    const PIECES: &[&str] = &[
        "AADSTS50126",
        "?error=access_denied",
        "#error=invalid_request&",
        "(auth/user-not-found)",
        "Error 400: redirect_uri_mismatch",
        "hid_failure reason=45",
        "HID_ERROR: 1902",
        "HTTP/1.1 401",
        "HTTP/1.1\" 200 526",
        "KDC_ERR_PREAUTH_FAILED",
        "KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN",
        "kinit: Clock skew too great while getting initial credentials",
        "Failure Code: 0x18",
        "result code:0x6",
        "type=LOGIN_ERROR, realmId=x, error=invalid_user_credentials",
        "LDAP: error code 49",
        "ldap_bind: Invalid credentials (49)",
        "data 52e",
        "WWW-Authenticate: Bearer error=\"invalid_token\"",
        "E0000004",
        "StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:AuthnFailed\"",
        "NotAuthorizedException",
        "{\"error\":\"invalid_grant\"}",
        "{code: 12500009}",
        "{\"detail\":\"Invalid credentials\"}",
        "code",
        "errCode=",
        "status:",
        "is",
        "=",
        ".!",
        "?",
        ":",
        ").",
        "\u{2212}100",
        "\u{FF0D}5",
        "\u{FE63}",
        "é",
        "\u{201D}",
        "\u{00BB}",
        "\u{2019}.",
        "10.1.2.2 - - [27/Nov/2026:03:12:02 +0000] \"GET /static/app.js HTTP/1.1\"",
        "Mozilla/5.0",
        "0x52e",
    ];

    /// The engine of the built-in catalogs (and so its sieve), made once for every case.
    fn engine() -> &'static Engine<'static> {
        static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        static ENGINE: std::sync::OnceLock<Engine<'static>> = std::sync::OnceLock::new();
        ENGINE.get_or_init(|| Engine::new(CATALOG.get_or_init(Catalog::builtin)))
    }

    /// Every code and name of the catalogs; those with `_` or `.` (symbolic words) apart.
    fn names() -> (Vec<String>, Vec<String>) {
        let mut names: Vec<String> = Catalog::builtin().known_names().map(String::from).collect();
        names.sort();
        let symbolic = (names.iter())
            .filter(|n| n.contains(['_', '.']))
            .cloned()
            .collect();
        (names, symbolic)
    }

    /// `super::own_words` of the built-in catalogs, each once.
    fn own_words() -> Vec<String> {
        let mut own: Vec<String> = (super::own_words(&Catalog::builtin()).into_iter())
            .map(String::from)
            .collect();
        own.sort();
        own.dedup();
        own
    }

    /// A number or hex value right before its entry's own words keeps its line, as the engine
    /// finds a code there; the words alone do not.
    #[test]
    fn a_number_before_its_entrys_words_keeps_the_line() {
        kept_where_found(
            &[
                "Dec  6 10:00:05 web HTTP 401 Unauthorized",
                "web app 401: Unauthorized",
                "x 49Invalid credentials",
                "KDC 0x6 | Client not found in Kerberos database",
            ],
            // The words alone, or in lower case (the engine reads them only from a capital).
            &[
                "web app: Unauthorized",
                "web app 401 unauthorized",
                "x 49invalid",
            ],
        );
    }

    /// A code word keeps its line where it is a word of its own, whatever splits it from the
    /// rest, as the engine reads a number after it; inside another word it does not.
    #[test]
    fn a_code_word_keeps_its_line_as_a_word_of_its_own() {
        kept_where_found(
            &[
                "LDAP: error code 49",
                "ldap errcode=49 bind",
                "ldap [code]49",
                "ldap \"code\": 49",
                "ldap result:49 bind",
                "ldap|code|49",
                "ldap <code>49</code>",
                "ldap 'reason' 49",
                "ldap ERR 49",
            ],
            &[
                "ldap decodeHeader 49",
                "ldap partialResults 49",
                "ldap codes 49",
                "ldap error_x 49",
            ],
        );
    }

    /// A name of letters and digits in camel case, or an error class's name before a colon,
    /// keeps its line, as the engine reads it; the same name in another case or inside a
    /// longer word does not.
    #[test]
    fn a_name_in_camel_case_keeps_the_line() {
        kept_where_found(
            &[
                "Dec  6 10:00:05 bind failed: invalidCredentials",
                "ldap: strongerAuthRequired.",
                "x (saslBindInProgress)",
            ],
            &[
                "bind failed: invalidcredentials",
                "bind failed: xinvalidCredentials",
                "bind failed: invalidCredentialsX",
            ],
        );
    }

    /// The engine finds a code in each line of `found`, which the sieve keeps, line by line
    /// and in a batch; none in each of `not`, which it does not keep.
    fn kept_where_found(found: &[&str], not: &[&str]) {
        let engine = engine();
        for line in found {
            assert!(!engine.detect(line).is_empty(), "{line}");
            assert_eq!(engine.sieve_line(line.as_bytes()), Verdict::Kept, "{line}");
            assert_eq!(engine.candidate_lines(line.as_bytes()).len(), 1, "{line}");
        }
        for line in not {
            assert!(engine.detect(line).is_empty(), "{line}");
            assert_ne!(engine.sieve_line(line.as_bytes()), Verdict::Kept, "{line}");
            assert!(engine.candidate_lines(line.as_bytes()).is_empty(), "{line}");
        }
    }

    /// What cleaning drops from the end of a word, typographic quotes included.
    const ENDS: &[&str] = &[
        ".!",
        "?.:",
        ".)?",
        ".\u{201D}",
        ".\u{00BB}",
        ".\u{2019}",
        ".",
    ];

    /// A piece of a line: one of `plain_piece`, or one written as the engine decodes it (its
    /// bytes other than letters and digits percent-encoded in a query string, or written as
    /// HTML entities).
    fn piece(names: (Vec<String>, Vec<String>)) -> impl Strategy<Value = String> {
        let plain = plain_piece(names).boxed();
        let percent = |p: String| format!("?q={}", encoded(&p, |b| format!("%{b:02X}")));
        let entities = |p: String| encoded(&p, |b| format!("&#{b};"));
        prop_oneof![
            6 => plain.clone(),
            1 => plain.clone().prop_map(percent),
            1 => plain.prop_map(entities),
        ]
    }

    /// `text` with each byte other than an ASCII letter or digit written by `escape`.
    fn encoded(text: &str, escape: impl Fn(u8) -> String) -> String {
        (text.bytes())
            .map(|b| match b.is_ascii_alphanumeric() {
                true => char::from(b).to_string(),
                false => escape(b),
            })
            .collect()
    }

    fn plain_piece((names, symbolic): (Vec<String>, Vec<String>)) -> impl Strategy<Value = String> {
        let short: Vec<String> = names.iter().filter(|n| n.len() <= 3).cloned().collect();
        let hyphenated: Vec<String> = (names.iter())
            .filter(|n| n.contains('-'))
            .cloned()
            .collect();
        let humped: Vec<String> = (names.iter())
            .filter(|n| may_be_humped(n.as_bytes()))
            .cloned()
            .collect();
        prop_oneof![
            prop::sample::select(PIECES).prop_map(String::from),
            prop::sample::select(names),
            prop::sample::select(symbolic),
            (prop::sample::select(short), prop::sample::select(ENDS))
                .prop_map(|(name, end)| format!("{name}{end}")),
            (
                prop::sample::select(hyphenated),
                prop::sample::select(&MINUS_SIGNS[..])
            )
                .prop_map(|(name, minus)| name.replace('-', &minus.to_string())),
            // A name of letters and digits, capitalised here and there: in camel case
            // (`invalidCredentials`), an error class's name (`NotAuthorizedException`), or
            // neither (`iNVALIDcredentials`, `Unauthorized`).
            (prop::sample::select(humped), any::<u64>()).prop_map(|(name, capitals)| {
                (name.chars().enumerate())
                    .map(|(i, c)| match capitals >> (i % 64) & 1 {
                        1 => c.to_ascii_uppercase(),
                        _ => c,
                    })
                    .collect()
            }),
            "[a-zA-Z0-9_.:=!?(),;/-]{1,8}".prop_map(String::from),
            "[0-9]{1,6}".prop_map(String::from),
            (
                "[0-9]{1,4}|0x[0-9a-f]{1,3}",
                prop::sample::select(&[" ", "", " | ", ": "][..]),
                prop::sample::select(own_words())
            )
                .prop_map(|(n, between, words)| format!("{n}{between}{words}")),
        ]
        .prop_flat_map(|p| (Just(p), 0..3))
        .prop_map(|(p, case)| match case {
            0 => p.to_ascii_uppercase(),
            1 => p.to_ascii_lowercase(),
            _ => p,
        })
    }

    fn separator() -> impl Strategy<Value = &'static str> {
        prop::sample::select(&[" ", "", " ", ": ", "=", "\"", ".", "(", ") ", ", "][..])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

        /// A line the sieve leaves out is one the engine finds nothing in.
        #[test]
        fn a_line_left_out_holds_no_finding(
            parts in prop::collection::vec((piece(names()), separator()), 1..6)
        ) {
            let engine = engine();
            let line: String = parts.iter().map(|(p, s)| format!("{p}{s}")).collect();
            let left_out = engine.candidate_lines(line.as_bytes()).is_empty();
            if left_out {
                prop_assert!(engine.detect(&line).is_empty(), "{line:?}: {:?}", engine.detect(&line));
            }
            // One line at a time, the sieve says the same; of a line as it is, where the engine
            // does not decode it.
            prop_assert_eq!(engine.may_hold(line.as_bytes()), !left_out, "{:?}", line);
            if matches!(decode::decoded(&line), std::borrow::Cow::Owned(_)) {
                return Ok(());
            }
            match engine.sieve_line(line.as_bytes()) {
                Verdict::Out => prop_assert!(left_out, "{:?}", line),
                Verdict::Kept => prop_assert!(!left_out, "{:?}", line),
                Verdict::Pending(p) => {
                    prop_assert_eq!(engine.pending_matches(&p, line.as_bytes()), !left_out);
                }
            }
        }
    }

    /// Symbolic codes behind punctuation and typographic quotes are found, and their lines
    /// kept; a word whose `.` is only the end of a sentence is no symbolic code.
    #[test]
    fn lines_whose_words_are_cleaned_into_a_code_are_kept() {
        let engine = engine();
        for line in [
            "\u{201C}invalid_grant.\u{201D}",
            "Operation.Failure.User.Locked.!",
            "KDC_ERR_PREAUTH_FAILED\u{2019}.",
        ] {
            assert!(!engine.detect(line).is_empty(), "{line}");
            assert_eq!(engine.candidate_lines(line.as_bytes()).len(), 1, "{line}");
        }
        for line in ["f.\u{201D}", "see \u{201C}s.\u{201D}", "it is ok.!", "OK.?"] {
            assert!(engine.detect(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn every_pattern_of_the_catalogs_has_literals_to_look_for() {
        let catalog = Catalog::builtin();
        let rules = Rules::compile(&catalog);
        for source in (0..rules.pattern_count()).filter_map(|i| Some(rules.pattern(i)?.source())) {
            let literals = pattern_literals(source).unwrap_or_default();
            assert!(
                literals.iter().all(|l| l.len() >= SHORTEST_USEFUL) && !literals.is_empty(),
                "{source}: {literals:?}"
            );
        }
        assert!(Sieve::new(&catalog, &rules).finder.is_some());
    }

    #[test]
    fn lines_are_given_with_their_index_and_without_the_line_break() {
        let engine = engine();
        let text = b"GET / HTTP/1.1\" 200\n{x}\nplain\nAADSTS50126 and invalid_grant\nHTTP/1.1 401 Unauthorized\nlast: data 52e";
        let lines: Vec<(usize, &str)> = (engine.candidate_lines(text).into_iter())
            .map(|(i, l)| (i, std::str::from_utf8(l).unwrap()))
            .collect();
        assert_eq!(
            lines,
            [
                (1, "{x}"),
                (3, "AADSTS50126 and invalid_grant"),
                (4, "HTTP/1.1 401 Unauthorized"),
                (5, "last: data 52e"),
            ]
        );
        // Text in any script is passed over like any other; bytes that are not UTF-8 are not.
        let text = "caf\u{e9} ferm\u{e9}\nplain\n".as_bytes();
        assert!(engine.candidate_lines(text).is_empty());
        let text = b"caf\xe9 ferm\xe9\nplain\n\xff";
        let lines: Vec<usize> = (engine.candidate_lines(text).into_iter())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(lines, [0, 2]);
        // With no literals to go by, every line.
        let every = Sieve { finder: None };
        let all: Vec<usize> = every
            .lines(&engine.rules, b"a\n\nb\n")
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(all, [0, 1, 2]);
    }

    /// The DFA a long scan switches to keeps the lines the first automaton keeps.
    #[test]
    fn the_dfa_keeps_what_the_first_automaton_keeps() {
        let engine = engine();
        let text: String = (PIECES.iter().enumerate())
            .map(|(i, p)| format!("at {i}: {p}.\nplain line {i}\n"))
            .collect();
        let first = Sieve::new(engine.catalog, &engine.rules);
        let long = Sieve::new(engine.catalog, &engine.rules);
        let finder = long.finder.as_ref().expect("literals");
        finder.seen.store(DFA_AFTER, Ordering::Relaxed);
        let kept = first.lines(&engine.rules, text.as_bytes());
        assert!(kept.len() > PIECES.len() / 2);
        assert_eq!(kept, long.lines(&engine.rules, text.as_bytes()));
        assert!(finder.dfa.get().is_some());
        assert!(first.finder.as_ref().is_some_and(|f| f.dfa.get().is_none()));
        // Where most bytes are in lines kept at a word, no DFA is built.
        let dense = Sieve::new(engine.catalog, &engine.rules);
        let finder = dense.finder.as_ref().expect("literals");
        (finder.seen).store(DFA_AFTER, Ordering::Relaxed);
        (finder.at_word).store(DFA_AFTER, Ordering::Relaxed);
        assert_eq!(kept, dense.lines(&engine.rules, text.as_bytes()));
        assert!(finder.dfa.get().is_none());
        // A line counts for `COUNTED` bytes at most: one of a megabyte that no literal keeps
        // weighs no more than an ordinary line or two.
        let long = format!("AADSTS50126\n{}\n", "x".repeat(1 << 20));
        assert_eq!(counted_lines(long.as_bytes()), 12 + COUNTED);
        assert_eq!(counted_lines(b"a\nbc"), 4);
        let dense = Sieve::new(engine.catalog, &engine.rules);
        let finder = dense.finder.as_ref().expect("literals");
        (finder.seen).store(DFA_AFTER, Ordering::Relaxed);
        (finder.at_word).store(DFA_AFTER / 2 + COUNTED, Ordering::Relaxed);
        dense.lines(&engine.rules, long.as_bytes());
        assert_eq!(kept, dense.lines(&engine.rules, text.as_bytes()));
        assert!(finder.dfa.get().is_none());
    }

    #[test]
    fn literals_of_patterns() {
        let l = |s: &str| {
            pattern_literals(s).map(|l| {
                l.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(l(r"\b(?P<code>E0000[0-9]{3})\b").unwrap(), ["e0000"]);
        assert_eq!(
            l(r"\b(?P<code>[A-Z][A-Za-z]+Exception)\b").unwrap(),
            ["exception"]
        );
        assert_eq!(l(r"(?i)\bhid_error\b").unwrap(), ["hid_erro"]);
        // Short literals are still exact: a line with a digit is tried with the pattern.
        assert_eq!(l(r"\b(?P<code>\d+)\b").unwrap().len(), 10);
        assert_eq!(l(r"\b(?P<code>[a-z]+)\b"), None);
        assert_eq!(l(r"[a-z]*\[(?P<code>GW-\d+)\][a-z]*"), None);
        assert_eq!(l(r"(unclosed"), None);
    }
}

//! Ranked, typo-tolerant search over every text of every entry. No I/O.
//!
//! Ranking, best first, in ordered rules as Meilisearch's: the code itself; a field that
//! equals the query; the query as a phrase in a code, title, message or alias; all its
//! meaningful words there; the phrase, then all words, in the longer texts (description,
//! causes, solution, notes); most of its words; a fuzzy (subsequence) match scored by
//! fuzzy-matcher; last, words within one or two typos. Among word matches, an entry whose
//! code, title or short message the query says (two in three of its words) weighs more. Words are the query's meaningful ones
//! (stop words dropped), each cut to its stem and widened with its equivalent words
//! (`catalog/search/synonyms.toml`), so `login blocked` meets "locked" and "sign-in". A cheap pass
//! over each entry's pre-lowered `search` text rejects most entries before any scoring.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::cmp::Reverse;

use memchr::memmem;

use crate::catalog::schema::letter_mask;
use crate::catalog::{Blob, Catalog, Entry, Hit, Probe, Vendor, normalize_code};

/// How an entry matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Code,
    Quoted,
    CodeInQuery,
    QuotedInName,
    Exact,
    PhraseInName,
    NameInQuery,
    NumberInQuery,
    WordsInName,
    PhraseInText,
    WordsInText,
    MostWords,
    CodePrefix,
    Fuzzy,
    FuzzyText,
    Typo,
}

impl Tier {
    /// Found only by a likeness of spelling (the query's letters in order), not by its words
    /// (each within a typo counts as a word) or its code: a weak match, and no answer alone.
    pub fn is_weak(self) -> bool {
        matches!(self, Tier::Fuzzy | Tier::FuzzyText)
    }

    /// How an entry of this tier matched, in a user's words.
    pub fn describe(self) -> &'static str {
        match self {
            Tier::Code => "the code itself",
            Tier::CodePrefix => "its code begins with the number asked for",
            Tier::Quoted => "a name field is words the query quotes",
            Tier::QuotedInName => "a name field holds words the query quotes",
            Tier::CodeInQuery => "its code or symbolic name, written inside the query",
            Tier::Exact => "a name field equals the query",
            Tier::PhraseInName => "the query as a phrase in a name field",
            Tier::NameInQuery => "a name field, whole, written inside the query",
            Tier::NumberInQuery => "its code, a number written inside the query",
            Tier::WordsInName => "every meaningful word in the name fields",
            Tier::PhraseInText => "the query as a phrase in the longer texts",
            Tier::WordsInText => "every meaningful word, some only in the longer texts",
            Tier::MostWords => "most of the meaningful words",
            Tier::Fuzzy => "the query's letters in order in a name field",
            Tier::FuzzyText => "the query's letters in order in the longer texts",
            Tier::Typo => "every word within one or two typos",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Scored<'a> {
    pub hit: Hit<'a>,
    pub tier: Tier,
    /// Higher is better within a tier.
    pub score: i64,
    /// Found only by a likeness of spelling (`Tier::is_weak`, and not every word within a
    /// typo of the entry's): shown as a weak match, no answer alone.
    pub weak: bool,
    /// The entry's fields that hold the query, a word of it or an equivalent word.
    pub fields: Vec<&'static str>,
}

/// What to search and how many results to keep.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions<'a> {
    pub vendor: Option<&'a Vendor>,
    pub table: Option<&'a str>,
    pub limit: usize,
}

/// One unit of word weight in a score; the rest of the score orders entries of equal weight.
const WEIGHT: i64 = 1 << 32;

/// Words that carry no meaning in a symptom ("user is disabled in the directory"), nor in the
/// title of an issue thread about one ("fix: handle expired code", "MFA login issue",
/// "clientSecret doesn't work": a word is split at its apostrophe, so `doesn` and `t`).
/// (One text, split when read: a list of `&str` would be pointers to patch at every start.)
const STOP_WORDS: &str = "\
    a an the is are was were be been being in on at of to for with by from my our your their \
    this that it its and or when while after before any anymore again i we you they has have \
    had get got getting error errors fails failed failing failure keeps still just so some \
    there here what why how does do did can cannot can't cant me us \
    fix fixed handle handling issue issues problem problems bug question help please working \
    trying using throws thrown returns returned returning possible exception \
    work works worked doesn don didn won isn aren wasn weren t s";

/// The groups of equivalent words, from `catalog/search/synonyms.toml` (queries only).
/// (Compiled by `build.rs`, which checks the file: no search parses TOML.)
fn synonym_groups() -> Vec<Vec<&'static str>> {
    crate::catalog::synonyms()
        .lines()
        .map(|group| group.split('|').collect())
        .collect()
}

/// The stem of an English word, for matching by substring: common suffixes cut while four
/// letters or more remain (`disabled` -> `disabl`, `throttling` -> `throttl`). A light cut
/// is enough here, since the stem is looked for inside the entries' words; a full Snowball
/// stemmer (rust-stemmers) would also bring its tables of pointers into every start-up.
fn stem(word: &str) -> &str {
    const SUFFIXES: [&str; 15] = [
        "ations", "ation", "ments", "ment", "ingly", "ings", "ing", "edly", "ies", "ied", "ed",
        "es", "ly", "s", "e",
    ];
    for suffix in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() >= 4 && stem.bytes().all(|b| b.is_ascii_alphabetic()) {
                return stem;
            }
        }
    }
    word
}

/// A typed word or phrase with its last word cut to its stem.
fn typed_stem(typed: &str) -> String {
    match typed.rsplit_once(' ') {
        Some((head, last)) => format!("{head} {}", stem(last)),
        None => stem(typed).to_string(),
    }
}

/// One meaningful word of the query, with its equivalents: it matches where any of them is.
struct Concept {
    /// The word (or phrase) as typed.
    literal: memmem::Finder<'static>,
    /// Its stem (a phrase's last word cut): other forms of the word typed (`refresh tokens`,
    /// "refresh token"; `authenticated`, "authentication") weigh as it does.
    typed_stem: memmem::Finder<'static>,
    /// Its stem and its equivalents' stems.
    finders: Vec<memmem::Finder<'static>>,
    /// The catalogs (ids) this word names (`okta`, `keycloak` read from `keylcoak`): every
    /// entry of theirs holds it, in a name field.
    names_vendor: Vec<&'static str>,
    /// How many words the user typed for it: a phrase (`clock skew`) counts as its words.
    words: usize,
}

impl Concept {
    fn new(typed: &str, alternatives: impl IntoIterator<Item = String>) -> Self {
        let mut alts: Vec<String> = alternatives
            .into_iter()
            .map(|a| stem(&a).to_string())
            .collect();
        alts.sort();
        alts.dedup();
        // One that holds another (`expiry`, `expir`) matches nowhere the other does not.
        let shorter = alts.clone();
        alts.retain(|a| !shorter.iter().any(|s| s != a && a.contains(s.as_str())));
        Concept {
            literal: memmem::Finder::new(typed.as_bytes()).into_owned(),
            typed_stem: memmem::Finder::new(typed_stem(typed).as_bytes()).into_owned(),
            finders: alts
                .iter()
                .map(|a| memmem::Finder::new(a.as_bytes()).into_owned())
                .collect(),
            names_vendor: Vec::new(),
            words: typed.split_whitespace().count().max(1),
        }
    }

    fn found(&self, hay: &[u8]) -> bool {
        self.finders.iter().any(|f| occurs(f, hay))
    }

    /// Found in the entry's text, or the name of its catalog (`vendor`).
    fn held(&self, hay: &[u8], vendor: &str) -> bool {
        self.names_vendor.contains(&vendor) || self.found(hay)
    }

    /// How well the entry holds this word: as typed (or another form of it) in its code (5),
    /// in another name field (4); as an equivalent in a name field or the code (3); as typed
    /// in the longer texts (2), as an equivalent there (1); or not (0).
    fn weight(&self, code: &[u8], names: &[u8], text: &[u8], vendor: &str) -> u8 {
        let weight = self.weight_in_text(code, names, text);
        if self.names_vendor.contains(&vendor) {
            weight.max(3)
        } else {
            weight
        }
    }

    fn weight_in_text(&self, code: &[u8], names: &[u8], text: &[u8]) -> u8 {
        if occurs(&self.typed_stem, code) {
            5
        } else if occurs(&self.typed_stem, names) {
            4
        } else if self.found(names) {
            3
        } else if occurs(&self.typed_stem, text) {
            2
        } else if self.found(text) {
            1
        } else {
            0
        }
    }
}

/// Does `f`'s word occur in `hay` as itself, not only as the end of its opposite: a word of
/// four letters or more right after "in", "un", "dis" or "non" that begin a word is another
/// word ("correct" in "incorrect", "valid" in "invalid", "active" in "inactive").
fn occurs(f: &memmem::Finder<'_>, hay: &[u8]) -> bool {
    // The first occurrence decides nearly always: one `find`, as before the rule.
    let Some(first) = f.find(hay) else {
        return false;
    };
    !negated(f, hay, first)
        || (f.find_iter(&hay[first + 1..])).any(|at| !negated(f, hay, first + 1 + at))
}

/// Is `f`'s word, found in `hay` at `at`, the end of its opposite (see `occurs`)?
fn negated(f: &memmem::Finder<'_>, hay: &[u8], at: usize) -> bool {
    let needle = f.needle();
    if needle.len() < 4 || !needle[0].is_ascii_alphabetic() {
        return false;
    }
    ["in", "un", "dis", "non"].iter().any(|p| {
        let p = p.as_bytes();
        at >= p.len()
            && &hay[at - p.len()..at] == p
            && (at == p.len() || !hay[at - p.len() - 1].is_ascii_alphanumeric())
    })
}

impl Matcher {
    /// What to mark in the results (lower case, longest first): each meaningful word as
    /// typed, its stem and its equivalents; the whole query when it has no such word.
    pub fn marks(&self) -> Vec<String> {
        let needles = (self.concepts.iter())
            .flat_map(|c| std::iter::once(&c.literal).chain(&c.finders))
            .map(|f| String::from_utf8_lossy(f.needle()).into_owned());
        let mut marks: Vec<String> = if self.concepts.is_empty() {
            vec![self.lowered.clone()]
        } else {
            needles.collect()
        };
        marks.retain(|m| !m.trim().is_empty());
        marks.sort_by_key(|m| std::cmp::Reverse(m.len()));
        marks.dedup();
        marks
    }

    /// The fields of `entry` where the query, its stemmed words or their equivalents occur.
    pub fn fields(&self, entry: &Entry) -> Vec<&'static str> {
        let mut fields: Vec<(&'static str, String)> = vec![("code", entry.code.to_lowercase())];
        let spelled = crate::catalog::schema::spell_out(entry.code);
        if let Some(words) = spelled {
            fields[0].1.push('\n');
            fields[0].1.push_str(&words);
        }
        fields.extend(entry.title.map(|t| ("title", t.to_lowercase())));
        fields.push(("message", entry.message.to_lowercase()));
        let aliases: Vec<&str> = entry.aliases.iter().collect();
        fields.push(("aliases", aliases.join("\n").to_lowercase()));
        let variants: Vec<&str> = entry
            .variants
            .iter()
            .flat_map(|v| v.title.into_iter().chain(v.message))
            .collect();
        fields.push(("variants", variants.join("\n").to_lowercase()));
        fields.extend(entry.description.map(|t| ("description", t.to_lowercase())));
        let causes: Vec<&str> = entry.causes.iter().collect();
        fields.push(("causes", causes.join("\n").to_lowercase()));
        fields.extend(entry.solution.map(|t| ("solution", t.to_lowercase())));
        let notes: Vec<&str> = entry.notes.iter().map(|n| n.text).collect();
        fields.push(("notes", notes.join("\n").to_lowercase()));
        fields
            .into_iter()
            .filter(|(_, text)| {
                let hay = text.as_bytes();
                !hay.is_empty()
                    && (self.phrase.find(hay).is_some()
                        || self.concepts.iter().any(|c| c.found(hay))
                        || (self.concepts.is_empty() && is_subsequence(&self.compact, hay)))
            })
            .map(|(name, _)| name)
            .collect()
    }
}

/// The query's meaningful words as concepts: phrases of the equivalence list first (`too
/// many requests`), then each word not a stop word, widened with its group.
fn concepts(lowered: &str) -> Vec<Concept> {
    let groups = synonym_groups();
    // Words apart from punctuation, so that a phrase is found beside a quote or a colon.
    let mut rest = format!(" {} ", words(lowered).collect::<Vec<_>>().join(" "));
    let mut out = Vec::new();
    for group in &groups {
        // (The phrase alone first: nearly every query holds none, and then no padded copy.)
        for phrase in group.iter().filter(|p| p.contains(' ')) {
            if !rest.contains(phrase) {
                continue;
            }
            let padded = format!(" {phrase} ");
            if rest.contains(&padded) {
                rest = rest.replace(&padded, " ");
                out.push(Concept::new(phrase, group.iter().map(|w| w.to_string())));
            }
        }
    }
    let stop = is_stop_word;
    // In a long sentence (five words or more), a word of one or two letters is inside too many
    // of the entries' words to tell anything (`id`, `ad`); in a short query it may (`rp id`).
    let long = words(&rest).filter(|w| !stop(w)).count() >= 5;
    for word in words(&rest) {
        if stop(word)
            || (long && word.chars().count() < 3)
            || out.iter().any(|c| c.literal.needle() == word.as_bytes())
        {
            continue;
        }
        out.push(concept_of(word, &groups));
    }
    // In a short query every meaningful word is needed anyway: a phrase (`timed out`) counts
    // as one, so an entry holding only it is no match of `session timed out`.
    if out.len() < 3 {
        out.iter_mut().for_each(|c| c.words = 1);
    }
    out
}

/// One word of the query as a concept: the word, widened with its group if it has one.
fn concept_of(word: &str, groups: &[Vec<&str>]) -> Concept {
    let stemmed = stem(word);
    // A word's stem begins it: only a word beginning with this stem may have it.
    let group = groups.iter().find(|g| {
        g.iter().any(|w| {
            *w == word || (w.starts_with(stemmed) && !w.contains(' ') && stem(w) == stemmed)
        })
    });
    match group {
        Some(g) => Concept::new(
            word,
            (g.iter().map(|w| w.to_string())).chain(std::iter::once(word.to_string())),
        ),
        None => Concept::new(word, [word.to_string()]),
    }
}

/// The searchable text of every entry of `catalog`: each vendor's blob, or its entries' texts
/// one by one when it has none (a user catalog).
fn catalog_texts(catalog: &Catalog) -> impl Iterator<Item = &'static [u8]> + '_ {
    catalog.vendors().iter().flat_map(|v| {
        let whole = v.blob.map(|b| b.text);
        let each = (whole.is_none())
            .then(|| (0..v.entries.len()).map(move |i| v.entries.probe(i).search.as_bytes()))
            .into_iter()
            .flatten();
        whole.into_iter().chain(each)
    })
}

fn words(lowered: &str) -> impl Iterator<Item = &str> {
    lowered
        .split(|c: char| !c.is_alphanumeric() && c != '_' && c != '-' && c != '.')
        .map(|w| w.trim_matches(['.', '-']))
        .filter(|w| !w.is_empty())
}

/// The length of the shortest part of `hay` that holds `needle` as a subsequence.
fn narrowest_window(needle: &[u8], hay: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut best: Option<usize> = None;
    'starts: for start in memchr::memchr_iter(first, hay) {
        let mut at = start + 1;
        for &b in rest {
            match memchr::memchr(b, &hay[at..]) {
                Some(i) => at += i + 1,
                // No later start can hold the rest either; the windows found so far stand.
                None => break 'starts,
            }
        }
        let span = at - start;
        if best.is_none_or(|b| span < b) {
            best = Some(span);
            if span == needle.len() {
                break;
            }
        }
    }
    best
}

/// Does a part of `hay` at most `bound` bytes long hold `needle` as a subsequence? Each start
/// is given up as soon as its window grows past `bound`.
fn within_window(needle: &[u8], hay: &[u8], bound: usize) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if needle.len() > bound {
        return false;
    }
    'starts: for start in memchr::memchr_iter(first, hay) {
        let end = hay.len().min(start + bound);
        let mut at = start + 1;
        for &b in rest {
            match memchr::memchr(b, &hay[at.min(end)..end]) {
                Some(i) => at += i + 1,
                None => continue 'starts,
            }
        }
        return true;
    }
    false
}

/// Is `needle` (without spaces) a subsequence of `hay`? Bytes, both already lower-cased.
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut rest = hay;
    for &b in needle {
        match memchr::memchr(b, rest) {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}

/// One scan over the candidates; each later pass runs only when the earlier ones leave room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Code, exact, phrase and word matches everywhere.
    Main,
    /// Fuzzy matches of the name lines: ranked below every word match, so needed only while
    /// the word matches do not fill the results.
    FuzzyName,
    /// Fuzzy matches of the longer texts (description, causes, solution, notes).
    FuzzyText,
    /// Words within one or two edits.
    Typos,
}

/// The shortest line of `text` that `pred` accepts, as a score (shorter is better).
fn shortest_line(text: &str, pred: impl Fn(&str) -> bool) -> Option<i64> {
    text.split('\n')
        .filter(|l| pred(l))
        .map(|l| -(l.len() as i64))
        .max()
}

/// The query lower-cased with each identifier written as its words (`signInWithEmail` ->
/// `sign in with email`, `CLIENT_NOT_FOUND` -> `client not found`, `Messages.INVALID_USER`
/// -> `messages invalid user`, `expired/invalid` -> `expired invalid`), so that its words meet
/// the entries' words and the equivalent phrases. An entry holding the identifier glued holds
/// each of its words too (words are looked for inside the entries' words).
fn split_identifiers(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    let mut out = String::with_capacity(query.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let letter_around =
            prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        if matches!(c, '_' | '/') || (c == '.' && letter_around) {
            out.push(' ');
            continue;
        }
        // `credentials80090308`: a lower-case word glued to a number of five digits or more
        // (`AADSTS50011`, `aes256` and `ldap3` stay whole).
        let digits_after = chars[i..].iter().take_while(|d| d.is_ascii_digit()).count();
        let letters_before = chars[..i]
            .iter()
            .rev()
            .take_while(|l| l.is_ascii_lowercase())
            .count();
        if digits_after >= 5 && letters_before >= 3 && prev.is_some_and(|p| p.is_ascii_lowercase())
        {
            let word_start = i - letters_before;
            if word_start == 0 || !chars[word_start - 1].is_alphanumeric() {
                out.push(' ');
            }
        }
        if c.is_uppercase() {
            // `signIn`: a lower before; `IDPolicy`, `OAuth2Token`: a capital or digit before, a
            // lower after (`B2C` and `AADSTS50011` stay whole).
            let after_lower = prev.is_some_and(char::is_lowercase);
            let word_start = prev.is_some_and(|p| p.is_uppercase() || p.is_ascii_digit())
                && next.is_some_and(char::is_lowercase);
            if after_lower || word_start {
                out.push(' ');
            }
        }
        out.extend(c.to_lowercase());
    }
    // A slug of three words or more (`api-key-not-valid.-please-pass-a-valid-api-key`) is its
    // words; `sign-in` and `pre-authentication` stay as typed, and so do ids with digits.
    let slug = |w: &str| {
        let parts: Vec<&str> = w
            .split('-')
            .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        parts.len() >= 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic))
    };
    if out.split_whitespace().any(slug) {
        let words: Vec<String> = (out.split_whitespace())
            .map(|w| {
                if slug(w) {
                    w.replace('-', " ")
                } else {
                    w.to_string()
                }
            })
            .collect();
        return words.join(" ");
    }
    out
}

/// `query` with each slash between two words written " or " (`Invalid Username/password`:
/// "Invalid Username or password"), as the slash is read; a slash beside a digit, a dot or
/// another slash (a path, an address, a date) stays.
fn slash_as_or(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    // A run of letters beside the slash, and what ends it: no digit, slash or dot.
    let word = |run: &mut dyn Iterator<Item = &char>| -> bool {
        let mut letters = 0;
        for c in run {
            if c.is_alphabetic() {
                letters += 1;
            } else {
                return letters > 0 && !(c.is_ascii_digit() || matches!(c, '/' | '.' | ':'));
            }
        }
        letters > 0
    };
    let mut out = String::with_capacity(query.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c == '/' && word(&mut chars[..i].iter().rev()) && word(&mut chars[i + 1..].iter()) {
            out.push_str(" or ");
        } else {
            out.push(c);
        }
    }
    out
}

/// The parts of `query` between quotes ("...", '...', `...`, “...”, ‘...’), of two words or
/// more, lower-cased and trimmed of space and an end dot; a quote with an ellipsis in it
/// (`"Application with identifier...was not found"`) is its pieces, each of two words or more. A quote counts only at a word's
/// edge, so the apostrophe of `doesn't` opens nothing.
fn quoted_phrases(query: &str) -> Vec<memmem::Finder<'static>> {
    let chars: Vec<(usize, char)> = query.char_indices().collect();
    let closing = |c: char| match c {
        '"' | '\'' | '`' => Some(c),
        '\u{201c}' => Some('\u{201d}'),
        '\u{2018}' => Some('\u{2019}'),
        _ => None,
    };
    let mut out: Vec<memmem::Finder<'static>> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let opens = i == 0 || !chars[i - 1].1.is_alphanumeric();
        let Some(close) = closing(c).filter(|_| opens) else {
            i += 1;
            continue;
        };
        let end = (i + 1..chars.len()).find(|&j| {
            chars[j].1 == close && chars.get(j + 1).is_none_or(|n| !n.1.is_alphanumeric())
        });
        let Some(end) = end else {
            i += 1;
            continue;
        };
        // An ellipsis leaves part of the message out: each piece is quoted words.
        let inner = query[at + c.len_utf8()..chars[end].0].to_lowercase();
        for piece in inner.split(['\u{2026}']).flat_map(|p| p.split("...")) {
            let piece = piece.trim().trim_end_matches('.').trim();
            if piece.split_whitespace().count() >= 2 && !piece.contains('\0') {
                out.push(memmem::Finder::new(piece.as_bytes()).into_owned());
            }
        }
        i = end + 1;
    }
    out
}

/// A name line as a whole and its first clause, each without its end punctuation: the words
/// before a parenthesis, a colon or the end of its first sentence ("Client authentication
/// failed (e.g., unknown client, ...)": "client authentication failed").
fn clauses(line: &str) -> impl Iterator<Item = &str> {
    let first = [" (", ": ", ". ", "; "]
        .iter()
        .filter_map(|sep| line.find(sep))
        .min()
        .map(|end| sentence(&line[..end]));
    std::iter::once(sentence(line)).chain(first)
}

/// A text without the punctuation and spaces that end a sentence.
fn sentence(text: &str) -> &str {
    text.trim_end_matches(['.', '!', '?', ' '])
}

/// `query` with each whole word `typo` (in any case; ASCII) written `fix`.
fn replace_words(query: &str, fixes: &[(String, String)]) -> String {
    let mut out = query.to_string();
    for (typo, fix) in fixes {
        let lower = out.to_ascii_lowercase();
        let edge = |at: Option<&u8>| at.is_none_or(|b| !b.is_ascii_alphanumeric());
        let starts: Vec<usize> = (lower.match_indices(typo.as_str()))
            .map(|(at, _)| at)
            .filter(|&at| {
                edge(at.checked_sub(1).and_then(|p| lower.as_bytes().get(p)))
                    && edge(lower.as_bytes().get(at + typo.len()))
            })
            .collect();
        for at in starts.into_iter().rev() {
            out.replace_range(at..at + typo.len(), fix);
        }
    }
    out
}

/// A number written inside a longer query (`7000215 Not Documented`) is also the digits of a
/// code that is letters then those digits (`AADSTS7000215`).
fn code_ends_with_number(key: &str, number: &str) -> bool {
    key.strip_suffix(number)
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// A precompiled query.
pub struct Matcher {
    /// The query as given, trimmed.
    query: String,
    lowered: String,
    phrase: memmem::Finder<'static>,
    key: String,
    /// Query words of four or more letters, the edits each may differ by, their letters.
    typo_words: Vec<(String, usize, [u8; 27], u32)>,
    /// Letters of the whole query.
    letters: u32,
    compact: Vec<u8>,
    skim: SkimMatcherV2,
    /// The meaningful words, stemmed and widened with their equivalents.
    concepts: Vec<Concept>,
    /// The query is a number (`4625`, `0xC000006D`, `-100`): it matches codes by equality or
    /// prefix, never by letters in order or within a typo.
    number: bool,
    /// Tokens of a longer query that look like a code or a symbolic name (`AADSTS50079`,
    /// `auth/invalid-api-key`, `KDC_ERR_ETYPE_NOSUPP`, `52e`), normalized as codes are.
    tokens: Vec<Token>,
    /// The words of the query, identifiers written as their words, lower-cased.
    split_words: Vec<String>,
    /// The parts of the query written between quotes, of two words or more (`... throws
    /// "Invalid signature"`): a message copied from somewhere, lower-cased, end dot trimmed.
    quoted: Vec<memmem::Finder<'static>>,
}

/// A token of the query written like a code: it matches an entry whose code is the token, or
/// (for a symbolic name) one of whose name lines is exactly the token.
struct Token {
    key: String,
    /// Also compared with whole name lines (a symbolic name such as a title or an alias).
    name_like: bool,
    /// Digits only, four or more: also the digits of a code of letters then digits.
    number: bool,
    finder: memmem::Finder<'static>,
}

/// Is the query one number: decimal, negative or hexadecimal (`4625`, `-100`, `0xc000006d`)?
fn is_number(lowered: &str) -> bool {
    let digits = lowered.strip_prefix('-').unwrap_or(lowered);
    let (digits, hex) = match digits.strip_prefix("0x") {
        Some(rest) => (rest, true),
        None => (digits, false),
    };
    !digits.is_empty()
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || (hex && b.is_ascii_hexdigit()))
}

/// The tokens of `query` written like codes, when the query holds more than one word (a query
/// that is one code is the `Code` tier's). A token is cut at brackets, quotes, commas and the
/// like, and trimmed of the punctuation that ends a sentence; it counts when it holds a digit
/// and is not a plain number of under three digits (`line 72`), or is one identifier of eight
/// characters or more with `_`, `/` or an inner capital (`NotAuthorizedException`).
fn code_tokens(query: &str) -> Vec<Token> {
    let cut = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | ')' | '[' | ']' | '{' | '}' | '"' | '\'' | '`' | ',' | ';' | '<' | '>' | '='
            )
    };
    let pieces: Vec<&str> = query.split(cut).filter(|p| !p.is_empty()).collect();
    if pieces.len() < 2 {
        return Vec::new();
    }
    let mut out: Vec<Token> = Vec::new();
    for piece in pieces {
        let piece = piece.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?' | '-' | '/'));
        // `errCode:49`, `invalid_resource;AADSTS500011`: the parts too.
        let parts = std::iter::once(piece).chain(piece.split(':').filter(|p| *p != piece));
        for part in parts {
            let has_digit = part.bytes().any(|b| b.is_ascii_digit());
            let all_digits = part.bytes().all(|b| b.is_ascii_digit());
            let inner_capital = part.chars().skip(1).any(|c| c.is_ascii_uppercase())
                && part.chars().any(|c| c.is_ascii_lowercase());
            let identifier = part.len() >= 8
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'/' | b'-' | b'.'))
                && (part.contains(['_', '/']) || inner_capital);
            let code_like = has_digit && !(all_digits && part.len() < 3) && part.len() >= 2;
            if !(code_like || identifier) {
                continue;
            }
            let key = normalize_code(part).into_owned();
            if key.is_empty() || key.contains('\0') || out.iter().any(|t| t.key == key) {
                continue;
            }
            out.push(Token {
                finder: memmem::Finder::new(key.as_bytes()).into_owned(),
                name_like: identifier,
                number: all_digits && key.len() >= 4,
                key,
            });
        }
    }
    out
}

impl Matcher {
    pub fn new(query: &str) -> Self {
        let lowered = query.trim().to_lowercase();
        let words: Vec<String> = words(&lowered).map(str::to_string).collect();
        let typo_words = words
            .iter()
            .filter(|w| w.len() >= 4)
            .map(|w| {
                (
                    w.clone(),
                    if w.len() >= 7 { 2 } else { 1 },
                    letter_histogram(w.as_bytes()),
                    letter_mask(w),
                )
            })
            .collect();
        let compact = lowered
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        let split = split_identifiers(query.trim());
        let split_words = (split.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        // `Username/password` is "username or password": so read for the phrases and quotes.
        let either = slash_as_or(query.trim());
        let concepts = concepts(&split_identifiers(&either));
        let quoted = quoted_phrases(&either);
        let tokens = code_tokens(query.trim());
        let number = is_number(&lowered);
        Matcher {
            query: query.trim().to_string(),
            // The end of a sentence is not part of the phrase (`Client authentication failed.`
            // is in "Client authentication failed (e.g., unknown client ...)").
            phrase: memmem::Finder::new(
                Some(sentence(&lowered))
                    .filter(|s| !s.is_empty())
                    .unwrap_or(&lowered)
                    .as_bytes(),
            )
            .into_owned(),
            letters: letter_mask(&lowered),
            key: normalize_code(query).into_owned(),
            lowered,
            typo_words,

            compact,
            skim: SkimMatcherV2::default().ignore_case(),
            concepts,
            number,
            tokens,
            quoted,
            split_words,
        }
    }

    /// The query with each word of five letters or more that no entry holds (nor its stem nor
    /// an equivalent) read as the catalogs' word one edit away (`keylcoak`, `tenat`,
    /// `authentification`): the most frequent such word, or as typed when there is none. The
    /// catalogs are read for their words only when a word is unknown.
    pub fn corrected(mut self, catalog: &Catalog) -> Self {
        let named = |c: &Concept| -> Vec<&'static str> {
            let word = String::from_utf8_lossy(c.literal.needle()).into_owned();
            catalog.vendor(&word).map(|v| v.id).into_iter().collect()
        };
        // A catalog's name is no typo.
        let names: Vec<bool> = self.concepts.iter().map(|c| !named(c).is_empty()).collect();
        let fixes = self.corrections(catalog, &names);
        if !fixes.is_empty() {
            // The whole query again, so that its phrase and exact matches see the words too.
            self = Matcher::new(&replace_words(&self.query, &fixes));
        }
        // A word that names a catalog (after correction) is a word of each of its entries.
        for i in 0..self.concepts.len() {
            self.concepts[i].names_vendor = named(&self.concepts[i]);
        }
        self
    }

    /// The unknown words of the query (not `names`) and the catalogs' words to read instead.
    /// None unless every unknown word of four letters or more has one: a query still holding
    /// an unknown word (`sesion tmed out`: `tmed`) is left to the typo pass, which allows an
    /// edit or two in every word.
    fn corrections(&self, catalog: &Catalog, names: &[bool]) -> Vec<(String, String)> {
        let unknown: Vec<usize> = (self.concepts.iter().enumerate())
            .filter(|(_, c)| {
                let w = c.literal.needle();
                w.len() >= 4 && w.iter().all(u8::is_ascii_lowercase)
            })
            .filter(|&(i, c)| !names[i] && !catalog_texts(catalog).any(|t| c.found(t)))
            .map(|(i, _)| i)
            .collect();
        // A short unknown word leaves the query as it is: known before any text is read.
        if (unknown.iter()).any(|&i| self.concepts[i].literal.needle().len() < 5) {
            return Vec::new();
        }
        let mut fixes = Vec::new();
        for i in unknown {
            let word = self.concepts[i].literal.needle();
            let mut counts: std::collections::HashMap<&[u8], usize> = Default::default();
            let near = NearWords::new(word);
            for text in catalog_texts(catalog) {
                near.count_in(text, &mut counts);
            }
            // The most frequent; among equals, the first in byte order, so a run is repeatable.
            let best = (counts.into_iter()).max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)));
            let Some((w, _)) = best else {
                return Vec::new();
            };
            let typo = String::from_utf8_lossy(word).into_owned();
            fixes.push((typo, String::from_utf8_lossy(w).into_owned()));
        }
        fixes
    }

    /// Rates one entry in one pass, or `None` when it does not match in that pass. Works
    /// on the entry's pre-lowered `search` lines, so it allocates nothing.
    pub fn rate(&self, e: &Probe, pass: Pass) -> Option<(Tier, i64)> {
        self.rate_in(e, pass, "", false)
    }

    /// `rate` for an entry of the catalog `vendor` (its id), which the query's words may name.
    pub fn rate_in(
        &self,
        e: &Probe,
        pass: Pass,
        vendor: &str,
        standard: bool,
    ) -> Option<(Tier, i64)> {
        if self.lowered.is_empty() {
            return None;
        }
        match pass {
            Pass::Main => self.rate_main(e, vendor, standard),
            // A number is a code or a code's beginning, not letters that happen to be in order.
            Pass::FuzzyName if self.number => (e.key.starts_with(self.key.as_str()))
                .then_some((Tier::CodePrefix, -(e.key.len() as i64))),
            _ if self.number => None,
            Pass::FuzzyName => self.rate_fuzzy_name(e),
            // A letter the entry lacks rules out a fuzzy match.
            Pass::FuzzyText if self.letters & !e.letters != 0 => None,
            Pass::FuzzyText => self.rate_fuzzy_text(e),
            Pass::Typos => self.rate_typos(e),
        }
    }

    fn rate_main(&self, e: &Probe, vendor: &str, standard: bool) -> Option<(Tier, i64)> {
        if e.key == self.key {
            return Some((Tier::Code, 0));
        }
        // A quoted message that is a name line comes before a code written in the query; one
        // inside a name line, after.
        let quoted = self.rate_quoted(e, vendor);
        if let Some(rated) = quoted.filter(|&(t, _)| t == Tier::Quoted) {
            return Some(rated);
        }
        let token = self.rate_token(e, vendor, standard);
        if let Some(rated) = token.filter(|&(t, _)| t == Tier::CodeInQuery).or(quoted) {
            return Some(rated);
        }
        let words = self.rate_words(e, vendor);
        match (token, words) {
            (Some(n), Some(w)) if n.0 < w.0 => Some(n),
            (n, None) => n,
            (_, w) => w,
        }
    }

    /// The phrase and word tiers of `rate_main`.
    fn rate_words(&self, e: &Probe, vendor: &str) -> Option<(Tier, i64)> {
        let blob = e.search.as_bytes();
        // Shorter matching lines first: a title that is the query beats a paragraph holding it.
        if occurs(&self.phrase, blob) {
            let lowered = std::str::from_utf8(self.phrase.needle()).unwrap_or_default();
            if let Some(s) = shortest_line(e.names, |l| sentence(l) == lowered) {
                return Some((Tier::Exact, s));
            }
            // Among names holding the phrase, the entry whose fields say it most often (its
            // message, causes and solution too: what the entry is about), then the shortest
            // line.
            let holds = |l: &str| occurs(&self.phrase, l.as_bytes());
            if let Some(s) = shortest_line(e.names, holds) {
                // (A phrase of two words or more: one word alone is ordered by its line.)
                let said = if lowered.contains(' ') {
                    (self.phrase.find_iter(blob))
                        .filter(|&at| !negated(&self.phrase, blob, at))
                        .count()
                } else {
                    0
                };
                return Some((Tier::PhraseInName, ((said as i64) << 24) + s));
            }
            return Some((
                Tier::PhraseInText,
                shortest_line(e.search, holds).unwrap_or(i64::MIN / 2),
            ));
        }
        // The meaningful words, stemmed and with their equivalents: all of them, then most.
        if !self.concepts.is_empty() {
            // Most entries hold too few of the words: one look over the whole text says so.
            let n = self.word_count();
            let allowed_missing = n - self.words_needed();
            let mut missing = 0;
            for c in &self.concepts {
                if !c.held(blob, vendor) {
                    missing += c.words;
                    if missing > allowed_missing {
                        return None;
                    }
                }
            }
            let (names, text) = (e.names.as_bytes(), e.text.as_bytes());
            let code = names.split(|&b| b == b'\n').next().unwrap_or_default();
            let weights: Vec<u8> = (self.concepts.iter())
                .map(|c| c.weight(code, names, text, vendor))
                .collect();
            let words_where = |min: u8| -> usize {
                (self.concepts.iter().zip(&weights))
                    .filter(|&(_, &w)| w >= min)
                    .map(|(c, _)| c.words)
                    .sum()
            };
            let (in_names, anywhere) = (words_where(3), words_where(1));
            // A message pasted with words around it ("Authentication failed: The code passed
            // is incorrect or expired."): the longest name line the query holds, whole.
            // Not when the query names another catalog ("FirebaseTooManyRequestsException" is
            // no Cognito TooManyRequestsException written whole).
            let other_catalog = (self.concepts.iter())
                .any(|c| !c.names_vendor.is_empty() && !c.names_vendor.contains(&vendor));
            if let Some(len) = self.name_in_query(e).filter(|_| !other_catalog) {
                let total: i64 = weights.iter().map(|&w| i64::from(w)).sum();
                let score = (len * 16 + total) * WEIGHT + tie_break(e);
                return Some((Tier::NameInQuery, score));
            }
            // Exactness: every word as typed in one name line ("The session has timed out").
            let exact = e.names.split('\n').skip(1).any(|line| {
                (self.concepts.iter()).all(|c| c.literal.find(line.as_bytes()).is_some())
            });
            // Words in the code, as typed and in the name fields weigh more; among equals, the
            // entry whose name fields are shortest (the most to the point) first.
            // An identifier the query writes (`signInWithEmailAndPassword`, `verify_exp`) that
            // the entry's longer texts hold whole weighs as a name does, and counts as all the
            // words in the longer texts (an entry whose name fields hold every word is named).
            let api = in_names < n && self.identifier_in_text(e);
            let total: i64 = weights.iter().map(|&w| i64::from(w)).sum::<i64>()
                + 2 * i64::from(exact)
                + 3 * i64::from(api);
            let score = total * WEIGHT + tie_break(e);
            if in_names == n {
                return Some((Tier::WordsInName, score));
            }
            if anywhere == n || api {
                return Some((Tier::WordsInText, score));
            }
            if n >= 2 && anywhere >= self.words_needed() {
                // Among entries of equal weight, the one that holds more of the words first:
                // "increase the request count" is the entry that holds increase, request and
                // count in its longer texts before one that holds only "provide" and
                // "count" in its name fields.
                let score = total * WEIGHT + tie_break_by_words(e, anywhere);
                return Some((Tier::MostWords, score));
            }
        }
        None
    }

    /// Does an identifier of the query (a `name_like` token: `signInWithEmailAndPassword`,
    /// `verify_exp`) stand whole, at word edges, in the longer texts of `e`?
    fn identifier_in_text(&self, e: &Probe) -> bool {
        let text = e.text.as_bytes();
        let edge = |b: Option<&u8>| b.is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        (self.tokens.iter().filter(|t| t.name_like)).any(|t| {
            t.finder
                .find_iter(text)
                .any(|at| edge(text.get(at.wrapping_sub(1))) && edge(text.get(at + t.key.len())))
        })
    }

    /// The length of the longest name line of `e` (not its code), or first clause of one, of
    /// three words or more that the query holds whole, at word edges, its end punctuation
    /// aside; or of a code or name that is one identifier the query writes as its words
    /// (`invalid_scope`: "Invalid Scope at Okta Login"; `invalidCredentials`: "Invalid
    /// credentials80090308").
    fn name_in_query(&self, e: &Probe) -> Option<i64> {
        let query = self.lowered.as_bytes();
        let edge = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
        // Lines longer than the query are passed over before any search (most of them).
        let written = (e.names.split('\n').skip(1))
            .flat_map(clauses)
            .filter(|line| line.len() <= query.len())
            .filter(|line| line.split_whitespace().count() >= 3)
            .filter(|line| {
                let line = line.as_bytes();
                memmem::find_iter(query, line).any(|at| {
                    edge(query.get(at.wrapping_sub(1))) && edge(query.get(at + line.len()))
                })
            });
        // Not a name that is one phrase of the thesaurus (`not_found`: "... not found in
        // tenant" is no report of a bare "not found").
        let glued = (e.names.split('\n')).filter(|line| {
            line.len() <= query.len()
                && !line.contains(' ')
                && self.writes_as_words(line)
                && !self.is_one_phrase(line)
        });
        written.chain(glued).map(|line| line.len() as i64).max()
    }

    /// Is `identifier`, as its words, one phrase the query's words were read as (a group of
    /// equivalent words such as "not found")? A phrase whatever it counts for: in a short
    /// query (`Auth not found`) a phrase counts as one word, and is still a phrase.
    fn is_one_phrase(&self, identifier: &str) -> bool {
        let words = split_identifiers(identifier);
        (self.concepts.iter())
            .any(|c| c.literal.needle().contains(&b' ') && c.literal.needle() == words.as_bytes())
    }

    /// Does the query write `identifier` (six letters or digits or more, its `_`, `-`, `.`
    /// aside) as two or more of its words in a row?
    fn writes_as_words(&self, identifier: &str) -> bool {
        let glued = || identifier.bytes().filter(u8::is_ascii_alphanumeric);
        let len = glued().count();
        if len < 6 {
            return false;
        }
        let words = &self.split_words;
        (0..words.len()).any(|start| {
            let mut rest = glued();
            let mut taken = 0;
            for (k, w) in words[start..].iter().enumerate() {
                if !w.bytes().all(|b| rest.next() == Some(b)) {
                    return false;
                }
                taken += w.len();
                if taken == len {
                    return k >= 1;
                }
            }
            false
        })
    }

    /// Words the query quotes, as a name line or its first clause (best) or inside one: a message copied from a log
    /// or a library names its entry better than any code-like token beside it.
    fn rate_quoted(&self, e: &Probe, vendor: &str) -> Option<(Tier, i64)> {
        let (mut total, mut whole) = (0i64, false);
        for q in &self.quoted {
            let needle = q.needle();
            let best = (e.names.split('\n').skip(1))
                .map(|line| {
                    // A clause that is the quote is in the line: most lines hold neither.
                    if q.find(line.as_bytes()).is_none() {
                        0
                    } else if clauses(line).any(|c| c.as_bytes() == needle) {
                        3
                    } else {
                        2
                    }
                })
                .max()
                .unwrap_or(0);
            whole |= best == 3;
            total += best;
        }
        if total == 0 {
            return None;
        }
        // Among entries that hold the same quotes, the one holding more of the other words.
        let tier = if whole {
            Tier::Quoted
        } else {
            Tier::QuotedInName
        };
        Some((
            tier,
            (total * 64 + self.words_weight(e, vendor)) * WEIGHT + tie_break(e),
        ))
    }

    /// The weight of the query's words in `e` (`Concept::weight`, summed).
    fn words_weight(&self, e: &Probe, vendor: &str) -> i64 {
        let (names, text) = (e.names.as_bytes(), e.text.as_bytes());
        let code = names.split(|&b| b == b'\n').next().unwrap_or_default();
        (self.concepts.iter())
            .map(|c| i64::from(c.weight(code, names, text, vendor)))
            .sum()
    }

    /// A code or symbolic name written inside the query: the entry's code (best), or a name
    /// line that is the whole token; among these, the entry that holds more of the query's
    /// other words first.
    fn rate_token(&self, e: &Probe, vendor: &str, standard: bool) -> Option<(Tier, i64)> {
        let matching =
            |t: &&Token| t.key == e.key || (t.number && code_ends_with_number(e.key, &t.key));
        let by_code = self.tokens.iter().any(|t| matching(&t));
        // A number alone (`500` in "failed with 500 status code") says less than a message
        // the query holds: its tier comes after those of phrases.
        let number_only = (self.tokens.iter().filter(matching))
            .all(|t| t.key.bytes().all(|b| b.is_ascii_digit()));
        let by_name = !by_code
            && self
                .tokens
                .iter()
                .any(|t| t.name_like && e.names.split('\n').skip(1).any(|l| l == t.key));
        if !(by_code || by_name) {
            return None;
        }
        let words = self.words_weight(e, vendor);
        // A code that a standard defines, written with no vendor's name: the standard's
        // definition first, as `explain` answers a raw error that names no vendor (other words
        // of the query do not make a vendor's copy of the code the better answer).
        let standard = standard && (self.concepts.iter()).all(|c| c.names_vendor.is_empty());
        let score = (words + if by_code { 100 } else { 0 } + if standard { 50 } else { 0 })
            * WEIGHT
            + tie_break(e);
        let tier = if by_code && number_only {
            Tier::NumberInQuery
        } else {
            Tier::CodeInQuery
        };
        Some((tier, score))
    }

    /// Does the query hold a code-like token with a letter (`login_required`, `AADSTS50011`),
    /// not only numbers (`400`)?
    fn has_symbolic_token(&self) -> bool {
        (self.tokens.iter()).any(|t| t.key.bytes().any(|b| b.is_ascii_alphabetic()))
    }

    /// The meaningful words typed, a phrase counting as its words.
    fn word_count(&self) -> usize {
        self.concepts.iter().map(|c| c.words).sum()
    }

    /// How many of the meaningful words an entry must hold to match by words at all.
    fn words_needed(&self) -> usize {
        let n = self.word_count();
        // A long sentence (a pasted title) holds many words the entry need not: a third do.
        match n {
            0 | 1 => n,
            2..=5 => n.div_ceil(2).max(2),
            _ => n.div_ceil(3).max(3),
        }
    }

    /// The entries of `v` that may match in the main pass (`None`: any may), found with one
    /// pass of each word over the vendor's `Blob` instead of one per entry: the code is the
    /// query, the query is in its text as a phrase, or enough of the meaningful words are.
    /// Every entry `rate_main` accepts is among them; it still rates each.
    fn main_candidates(&self, v: &Vendor) -> Option<Vec<u64>> {
        let blob = v.blob?;
        // A word naming this catalog is held by each of its entries: any may match.
        if self.concepts.iter().any(|c| c.names_vendor.contains(&v.id)) {
            return None;
        }
        let needles =
            std::iter::once(&self.phrase).chain(self.concepts.iter().flat_map(|c| &c.finders));
        if needles.clone().any(|f| f.needle().contains(&0)) {
            return None;
        }
        let mut candidates = Bits::new(v.entries.len());
        if self.lowered.is_empty() {
            return Some(candidates.0);
        }
        for q in &self.quoted {
            each_entry_holding(q, &blob, |i| candidates.set(i));
        }
        for &i in v.positions_of(&self.key) {
            candidates.set(i as usize);
        }
        for t in &self.tokens {
            for &i in v.positions_of(&t.key) {
                candidates.set(i as usize);
            }
            if t.number {
                (0..v.entries.len())
                    .filter(|&i| code_ends_with_number(v.entries.key(i), &t.key))
                    .for_each(|i| candidates.set(i));
            }
            if t.name_like {
                each_entry_holding(&t.finder, &blob, |i| candidates.set(i));
            }
        }
        // A text that holds the whole query holds each word's own stem: with words, their
        // pass finds every such entry.
        if self.concepts.is_empty() {
            each_entry_holding(&self.phrase, &blob, |i| candidates.set(i));
        } else {
            // An entry with `needed` of the n words holds one of any n - needed + 1 of them:
            // those (the fewest needles first) are looked for over the whole blob, the others
            // only in the entries that held one.
            let needed = self.words_needed();
            let mut order: Vec<&Concept> = self.concepts.iter().collect();
            order.sort_by_key(|c| c.finders.len());
            // Scanned: the first concepts, until those left hold fewer words than needed.
            let mut left: usize = order.iter().map(|c| c.words).sum();
            let mut split = 0;
            while split < order.len() && left >= needed {
                left -= order[split].words;
                split += 1;
            }
            let (scanned, checked) = order.split_at(split);
            let mut counts = vec![0usize; v.entries.len()];
            let mut any = Bits::new(v.entries.len());
            for c in scanned {
                let mut holds = Bits::new(v.entries.len());
                for f in &c.finders {
                    each_entry_holding(f, &blob, |i| holds.set(i));
                }
                for i in holds.ones() {
                    counts[i] += c.words;
                    any.set(i);
                }
            }
            for i in any.ones() {
                let text = blob.entry_text(i);
                let held: usize = (checked.iter().filter(|c| c.found(text)))
                    .map(|c| c.words)
                    .sum();
                if counts[i] + held >= needed {
                    candidates.set(i);
                }
            }
        }
        Some(candidates.0)
    }

    fn rate_fuzzy_name(&self, e: &Probe) -> Option<(Tier, i64)> {
        // A letter the entry lacks rules out a fuzzy match.
        if self.letters & !e.letters != 0 {
            return None;
        }
        // fuzzy-matcher's score over the name lines (short: code, title, message, aliases).
        // It matches the query's characters in order, spaces too: lines that lack them are
        // passed over without its scoring, and so are lines that hold them only spread over
        // more than three times the query's length (noise, as in the longer texts).
        e.names
            .split('\n')
            .filter(|l| is_subsequence(self.lowered.as_bytes(), l.as_bytes()))
            .filter(|l| within_window(&self.compact, l.as_bytes(), self.compact.len() * 3))
            .filter_map(|l| self.skim.fuzzy_match(l, &self.lowered))
            .max()
            .filter(|&s| s >= self.fuzzy_floor())
            .map(|s| (Tier::Fuzzy, s))
    }

    /// Fuzzy matches in the longer texts, scored by the narrowest window of a text line that
    /// holds the query's letters in order: linear, where a full fuzzy score of every
    /// paragraph would dominate the run time.
    fn rate_fuzzy_text(&self, e: &Probe) -> Option<(Tier, i64)> {
        if !is_subsequence(&self.compact, e.text.as_bytes()) {
            return None;
        }
        let span = e
            .text
            .split('\n')
            .filter_map(|l| narrowest_window(&self.compact, l.as_bytes()))
            .min()?;
        // Letters spread over more than three times the query's length are noise.
        (span <= self.compact.len() * 3).then_some((Tier::FuzzyText, -(span as i64)))
    }

    /// The least fuzzy score worth showing: most query characters must sit in runs.
    fn fuzzy_floor(&self) -> i64 {
        (self.compact.len() as i64) * 16
    }

    /// Every query word of four or more letters is within one edit (two for long words) of a
    /// word of the entry.
    fn rate_typos(&self, e: &Probe) -> Option<(Tier, i64)> {
        let mut total = 0i64;
        for (w, allowed, hist, letters) in &self.typo_words {
            // Each letter of the word that the entry lacks costs an edit each time it is there.
            if lacking_edits(hist, letters & !e.letters) > *allowed {
                return None;
            }
            let (lo, hi) = (w.len().saturating_sub(*allowed), w.len() + allowed);
            let best = byte_words(e.search.as_bytes())
                .filter(|x| (lo..=hi).contains(&x.len()))
                // The letter-count difference bounds the edit distance from below, cheaply.
                .filter(|x| histogram_distance(hist, &letter_histogram(x)) <= 2 * allowed)
                .map(|x| strsim::damerau_levenshtein(w, &String::from_utf8_lossy(x)))
                .min()?;
            if best > *allowed {
                return None;
            }
            total -= best as i64;
        }
        (!self.typo_words.is_empty()).then_some((Tier::Typo, total))
    }
}

/// A found entry: its tier, score, catalog, place in the catalog, and whether weak.
type Found<'a> = (Tier, i64, &'a Vendor, usize, bool);

/// The weight `Matcher::names_said` adds to a word match whose name the query says.
const SAID: i64 = 3;

impl Matcher {
    /// Among word matches, an entry whose name the query says (`names_said`) weighs more than
    /// one whose name says much besides: `Okta - cannot authenticated` is Okta's
    /// "Authentication exception" (E0000004) before `ciba_authorization_pending`; `Does not
    /// handle Conditional Access Policy correctly` is Entra's BlockedByConditionalAccess
    /// before DevicePolicyError. Rated only for the entries that could then reach the first
    /// `limit` (the first 500 more at most); `found` is sorted and stays so.
    fn favour_names_said(&self, found: &mut [Found<'_>], limit: usize) {
        let words = |t: Tier| matches!(t, Tier::WordsInName | Tier::WordsInText | Tier::MostWords);
        let Some(&(last, score, ..)) = found.get(limit.min(found.len()).wrapping_sub(1)) else {
            return;
        };
        let cut = score.div_euclid(WEIGHT) - SAID;
        let mut changed = false;
        // A bound for catalogs of many like entries (100,000 in the benchmark), where more
        // than this many may tie.
        for f in found.iter_mut().take(limit + 500) {
            if f.0 > last || (f.0 == last && f.1.div_euclid(WEIGHT) < cut) {
                break;
            }
            if words(f.0) {
                let said = self.names_said(&f.2.entries.at(f.3));
                f.1 += said * WEIGHT;
                changed |= said > 0;
            }
        }
        if changed {
            found.sort_by_key(|&(tier, score, vendor, _, _)| order(tier, score, vendor.standard));
        }
    }

    /// `SAID` when the query says the entry's code, title or short message (`says`); else 0.
    fn names_said(&self, e: &Entry) -> i64 {
        // A message of a few words is a name too ("The session has timed out").
        let short = Some(e.message).filter(|m| m.split_whitespace().nth(6).is_none());
        let mut names = std::iter::once(e.code).chain(e.title).chain(short);
        if names.any(|name| self.says(name)) {
            SAID
        } else {
            0
        }
    }

    /// Does the query say `name` (written as words): do two in three or more of its meaningful
    /// words hold a word of the query, its stem or an equivalent?
    fn says(&self, name: &str) -> bool {
        let spelled =
            crate::catalog::schema::spell_out(name).unwrap_or_else(|| name.to_lowercase());
        let hay = spelled.as_bytes();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for f in self.concepts.iter().flat_map(|c| &c.finders) {
            spans.extend(f.find_iter(hay).map(|at| (at, at + f.needle().len())));
        }
        if spans.is_empty() {
            return false;
        }
        let (mut total, mut said, mut at) = (0, 0, 0);
        for w in spelled.split(' ') {
            let end = at + w.len();
            if w.len() >= 2 && !is_stop_word(w) {
                total += 1;
                said += usize::from(spans.iter().any(|&(s, e)| s < end && e > at));
            }
            at = end + 1;
        }
        total > 0 && said * 3 >= total * 2
    }
}

/// Is `word` (lower case) one of `STOP_WORDS`?
fn is_stop_word(word: &str) -> bool {
    // The word whole, between spaces: one look over the list's text, nothing built.
    let list = STOP_WORDS.as_bytes();
    !word.is_empty()
        && memmem::find_iter(list, word.as_bytes()).any(|at| {
            let end = at + word.len();
            (at == 0 || list[at - 1] == b' ') && (end == list.len() || list[end] == b' ')
        })
}

/// The part of a word-tier score below one `WEIGHT`: among entries of equal weight, the one
/// whose name fields are shortest (the most to the point) first.
fn tie_break(e: &Probe) -> i64 {
    -(e.names.len() as i64).min(WEIGHT - 1)
}

/// `tie_break` for entries that hold only some of the query's words: those that hold more of
/// them (`held`) first, then the shortest name fields. (Within one `WEIGHT`: 8 bits of words
/// above 24 of length.)
fn tie_break_by_words(e: &Probe, held: usize) -> i64 {
    const LENGTH: i64 = 1 << 24;
    ((held.min(255) as i64) * LENGTH) - (e.names.len() as i64).min(LENGTH - 1)
}

/// A set of entry numbers.
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Self {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        ones(&self.0)
    }
}

/// The positions of the bits set in `bits`, in order: a word's lowest bit set at a time.
fn ones(bits: &[u64]) -> impl Iterator<Item = usize> + '_ {
    (bits.iter().enumerate()).flat_map(|(w, &word)| {
        std::iter::successors(Some(word).filter(|&b| b != 0), |&b| {
            Some(b & (b - 1)).filter(|&b| b != 0)
        })
        .map(move |b| w * 64 + b.trailing_zeros() as usize)
    })
}

fn has(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

/// Calls `found` with each entry of `blob` whose text holds the needle, once each.
fn each_entry_holding(finder: &memmem::Finder<'_>, blob: &Blob, mut found: impl FnMut(usize)) {
    let hay = blob.text;
    let mut at = 0;
    while let Some(offset) = finder.find(&hay[at.min(hay.len())..]) {
        let i = blob.entry_at(at + offset);
        found(i);
        // On to the next entry's text (a needle holds no NUL, so it never spans two).
        at = blob.ends.get(i).map_or(hay.len(), |&end| end as usize + 1);
    }
}

/// Words of lower-cased text, as bytes: runs of letters, digits, `_`, `-`, `.` and non-ASCII.
fn byte_words(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| !word_byte(b)).filter(|w| !w.is_empty())
}

/// Is `b` a byte of a word of `byte_words`?
fn word_byte(b: u8) -> bool {
    !b.is_ascii() || b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// Where `finder`'s needle occurs in `hay`, occurrences overlapping included (`aa` twice in
/// `aaa`).
fn overlapping<'a>(
    finder: &'a memmem::Finder<'_>,
    hay: &'a [u8],
) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + finder.find(hay.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

/// The words of lower-case ASCII letters one edit from a word (as `one_edit_apart` says),
/// found in a text without reading each of its words: the edit is at or after the word's
/// `head` (its first `(len - 1) / 2` letters), which the found word then starts with, or
/// before it, and the found word then ends with what follows the letter after the head (a
/// letter swapped with the next one leaves the rest after both alike). So only the places
/// where the text holds one or the other, at a word's start or end, are read.
struct NearWords<'w> {
    word: &'w [u8],
    histogram: [u8; 27],
    head: memmem::Finder<'w>,
    tail: memmem::Finder<'w>,
}

impl<'w> NearWords<'w> {
    /// For `word`, of three letters or more.
    fn new(word: &'w [u8]) -> Self {
        let h = (word.len() - 1) / 2;
        NearWords {
            word,
            histogram: letter_histogram(word),
            head: memmem::Finder::new(&word[..h]),
            tail: memmem::Finder::new(&word[h + 1..]),
        }
    }

    /// Counts in `counts` each word of `text` one edit from the word, each time it occurs.
    fn count_in<'t>(
        &self,
        text: &'t [u8],
        counts: &mut std::collections::HashMap<&'t [u8], usize>,
    ) {
        let start_of = |at: usize| {
            at - text[..at]
                .iter()
                .rev()
                .take_while(|&&b| word_byte(b))
                .count()
        };
        let end_of = |at: usize| at + text[at..].iter().take_while(|&&b| word_byte(b)).count();
        let mut starts: Vec<usize> = overlapping(&self.head, text)
            .filter(|&at| at == 0 || !word_byte(text[at - 1]))
            .collect();
        let tail = self.tail.needle().len();
        starts.extend(
            overlapping(&self.tail, text)
                .filter(|&at| text.get(at + tail).is_none_or(|&b| !word_byte(b)))
                .map(start_of),
        );
        starts.sort_unstable();
        starts.dedup();
        for s in starts {
            let w = &text[s..end_of(s)];
            if self.is_near(w) {
                *counts.entry(w).or_default() += 1;
            }
        }
    }

    /// Is `w`, a whole word, of lower-case ASCII letters and one edit from the word?
    fn is_near(&self, w: &[u8]) -> bool {
        w.len().abs_diff(self.word.len()) <= 1
            && w.iter().all(u8::is_ascii_lowercase)
            && histogram_distance(&self.histogram, &letter_histogram(w)) <= 2
            && one_edit_apart(self.word, w)
    }
}

/// The edits a word whose letters are counted in `histogram` needs, at least, to become a
/// word without the letters of `lacking` (a `letter_mask`): one for each time it holds one of
/// them, deleted or changed (a swap keeps the letters).
fn lacking_edits(histogram: &[u8; 27], mut lacking: u32) -> usize {
    let mut edits = 0;
    while lacking != 0 {
        edits += usize::from(histogram[lacking.trailing_zeros() as usize]);
        lacking &= lacking - 1;
    }
    edits
}

/// Are `a` and `b` one edit apart: a letter added, dropped, changed, or two side by side
/// swapped?
fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        std::cmp::Ordering::Less => a == &b[1..],
        std::cmp::Ordering::Greater => &a[1..] == b,
    }
}

fn letter_histogram(word: &[u8]) -> [u8; 27] {
    let mut h = [0u8; 27];
    for &b in word {
        let i = if b.is_ascii_lowercase() {
            usize::from(b - b'a')
        } else {
            26
        };
        h[i] = h[i].saturating_add(1);
    }
    h
}

fn histogram_distance(a: &[u8; 27], b: &[u8; 27]) -> usize {
    a.iter()
        .zip(b)
        .map(|(x, y)| usize::from(x.abs_diff(*y)))
        .sum()
}

/// The sort key of a result, best first: its tier; then, among word matches, the weight of
/// the words matched; among word and phrase matches, a standard before vendors' own entries;
/// and the rest of the score.
fn order(tier: Tier, score: i64, standard: bool) -> (Tier, Reverse<i64>, bool, Reverse<i64>) {
    let words = matches!(
        tier,
        Tier::Quoted
            | Tier::CodeInQuery
            | Tier::QuotedInName
            | Tier::NameInQuery
            | Tier::NumberInQuery
            | Tier::WordsInName
            | Tier::WordsInText
            | Tier::MostWords
    );
    let (weight, rest) = if words {
        (score.div_euclid(WEIGHT), score.rem_euclid(WEIGHT))
    } else {
        (0, score)
    };
    // Among equals, a standard's definition first, in the phrase tiers too: "Client
    // authentication failed" is OAuth's invalid_client before the vendors' copies of it.
    let phrase = matches!(tier, Tier::Exact | Tier::PhraseInName | Tier::PhraseInText);
    (
        tier,
        Reverse(weight),
        (words || phrase) && !standard,
        Reverse(rest),
    )
}

impl Scored<'_> {
    /// Where this result ranks: smaller is better (tier, then the weight of its words).
    pub fn rank(&self) -> impl Ord + use<> {
        order(self.tier, self.score, self.hit.vendor.standard)
    }
}

/// The best `limit` entries for `query`, best first.
pub fn search<'a>(
    catalog: &'a Catalog,
    query: &str,
    options: SearchOptions<'a>,
) -> Vec<Scored<'a>> {
    search_with(catalog, &Matcher::new(query).corrected(catalog), options)
}

/// The words of a query that named its filters (`autherr search kerberos ...`, a table id),
/// each with its place among the query's other words.
#[derive(Debug, Clone, Copy, Default)]
pub struct Named<'w> {
    /// The word that named the catalog `options.vendor`.
    pub vendor: Option<(usize, &'w str)>,
    /// The word that named the table `options.table`.
    pub table: Option<(usize, &'w str)>,
}

/// `search` of a query that named a catalog or a table (`named`; `words`, the query's other
/// words). The name filters only when the entries it keeps match the rest as well as all
/// entries match the whole query: by their code or by the query's words, not a likeness of
/// spelling, and in as good a tier ("... not found in Kerberos database", "Google sign-in:
/// `The popup has been closed ...`", "... failed with status code 401 when requesting
/// access_token"); otherwise it is one more word of the query. Gives the matcher used and its
/// results.
pub fn search_named<'a>(
    catalog: &'a Catalog,
    query: &str,
    words: &[&str],
    named: Named<'_>,
    options: SearchOptions<'a>,
) -> (Matcher, Vec<Scored<'a>>) {
    let matcher = Matcher::new(query).corrected(catalog);
    let results = search_with(catalog, &matcher, options);
    let mut filters: Vec<(usize, &str)> = named.vendor.into_iter().chain(named.table).collect();
    if filters.is_empty() || words.is_empty() {
        return (matcher, results);
    }
    let unmatched = !results.iter().any(|s| s.tier <= Tier::MostWords);
    let mut all = words.to_vec();
    filters.sort();
    for (i, (at, word)) in filters.into_iter().enumerate() {
        all.insert((at + i).min(all.len()), word);
    }
    let wide = Matcher::new(&all.join(" ")).corrected(catalog);
    let options = SearchOptions {
        vendor: options.vendor.filter(|_| named.vendor.is_none()),
        table: options.table.filter(|_| named.table.is_none()),
        ..options
    };
    let found = search_with(catalog, &wide, options);
    let better = match (found.first(), results.first()) {
        (Some(w), Some(f)) if unmatched => w.rank() < f.rank(),
        // Else only a stronger sign than a name: a quoted message that is an entry's name line,
        // or a symbolic code written in the query, which the named catalog or table lacks.
        // A filter whose entries hold only most of the words also yields to a whole name line
        // or phrase found elsewhere.
        (Some(w), Some(f)) => {
            w.tier < f.tier
                && (w.tier == Tier::Quoted
                    || (w.tier == Tier::CodeInQuery && wide.has_symbolic_token())
                    || (f.tier >= Tier::MostWords && w.tier <= Tier::NameInQuery))
        }
        (found, _) => found.is_some(),
    };
    if better {
        (wide, found)
    } else {
        (matcher, results)
    }
}

/// `search` with a query already made into a `Matcher`.
pub fn search_with<'a>(
    catalog: &'a Catalog,
    matcher: &Matcher,
    options: SearchOptions<'a>,
) -> Vec<Scored<'a>> {
    let vendors = match options.vendor {
        Some(v) => std::slice::from_ref(v),
        None => catalog.vendors(),
    };
    // Rated on their search fields alone (a `Probe`, made as each entry is visited); whole
    // entries are made only for the matches. Nothing is kept per entry but one bit, matched.
    let mut found: Vec<(Tier, i64, &'a Vendor, usize, bool)> = Vec::new();
    let total: usize = vendors.iter().map(|v| v.entries.len()).sum();
    let mut matched = Bits::new(total);
    // The slower passes run only for entries still unmatched, and only while results are short.
    for pass in [Pass::Main, Pass::FuzzyName, Pass::FuzzyText, Pass::Typos] {
        let count = found.len();
        if pass == Pass::FuzzyName {
            // Every fuzzy match ranks below the word matches: none would show past `limit`.
            if count >= options.limit {
                continue;
            }
        } else if pass != Pass::Main
            && (count >= options.limit.min(3) || (pass == Pass::Typos && count > 0))
        {
            // Fuzzy matches inside long paragraphs are weak: wanted only when little else matched.
            break;
        }
        let mut n = 0;
        for v in vendors {
            let candidates = (pass == Pass::Main)
                .then(|| matcher.main_candidates(v))
                .flatten();
            let mut visit = |i: usize| {
                let number = n + i;
                if has(&matched.0, number) || options.table.is_some_and(|t| t != v.entries.table(i))
                {
                    return;
                }
                let probe = v.entries.probe(i);
                if let Some((tier, score)) = matcher.rate_in(&probe, pass, v.id, v.standard) {
                    // Letters in order, but every word also within a typo of a word of the
                    // entry: a misspelling of its words, not a mere likeness of spelling.
                    let weak = tier.is_weak() && matcher.rate(&probe, Pass::Typos).is_none();
                    matched.set(number);
                    found.push((tier, score, v, i, weak));
                }
            };
            // Only the candidates are visited when there are some: most catalogs hold a few.
            match &candidates {
                Some(c) => ones(c).for_each(&mut visit),
                None => (0..v.entries.len()).for_each(&mut visit),
            }
            n += v.entries.len();
        }
    }
    // Among equally good word or phrase matches, a standard's definition comes before the
    // vendors' own entries (`slow_down`: the device-flow RFC first, then Okta's and Keycloak's
    // copies).
    // Stable: equal ranks keep catalog order (vendor, table, code as listed).
    found.sort_by_key(|&(tier, score, vendor, _, _)| order(tier, score, vendor.standard));
    matcher.favour_names_said(&mut found, options.limit);
    found.truncate(options.limit);
    found
        .into_iter()
        .map(|(tier, score, vendor, i, weak)| {
            let entry = vendor.entries.at(i);
            Scored {
                hit: Hit { vendor, entry },
                tier,
                score,
                weak,
                fields: matcher.fields(&entry),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Search over the vendors' blobs gives exactly what rating every entry gives: the same
    /// entries, tiers and scores, in the same order.
    #[test]
    fn the_blob_finds_what_rating_every_entry_finds() {
        let with_blobs = Catalog::builtin();
        let mut without = Catalog::builtin();
        without.without_blobs();
        let relevance = include_str!("../tests/data/search_relevance.txt");
        let queries = relevance
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains('|'))
            .map(|l| l.split('|').next().unwrap_or_default().trim())
            .chain([
                "1902",
                "AADSTS50126",
                "invalid_grant",
                "the",
                "can't",
                "sign in",
                "x",
                "52e",
                "-100",
                "Operation.Failure.User.Locked",
                "sesion tmed out",
                "zzqqxxv nothing",
                "token expired",
                "user is disabled in the directory",
            ]);
        let mut compared = 0;
        for query in queries {
            let run = |catalog: &Catalog| -> Vec<(String, String, String, Tier, i64)> {
                let options = SearchOptions {
                    vendor: None,
                    table: None,
                    limit: 40,
                };
                search(catalog, query, options)
                    .into_iter()
                    .map(|s| {
                        let e = s.hit.entry;
                        let v = s.hit.vendor.id.to_string();
                        (v, e.table.to_string(), e.code.to_string(), s.tier, s.score)
                    })
                    .collect()
            };
            assert_eq!(run(&with_blobs), run(&without), "{query}");
            compared += 1;
        }
        assert!(compared > 60, "{compared} queries compared");
    }

    fn top(query: &str, n: usize) -> Vec<(String, String, Tier)> {
        let catalog = Catalog::builtin();
        search(
            &catalog,
            query,
            SearchOptions {
                vendor: None,
                table: None,
                limit: n,
            },
        )
        .into_iter()
        .map(|s| {
            (
                s.hit.vendor.id.to_string(),
                s.hit.entry.code.to_string(),
                s.tier,
            )
        })
        .collect()
    }

    #[test]
    fn an_identifier_the_longer_texts_hold_whole_weighs_as_a_name() {
        // PyJWT's usage notes name `verify_exp` for the exp check that raises this error.
        let r = top("options verify_exp not working", 3);
        let found = r
            .iter()
            .find(|(v, c, _)| v == "jwt" && c == "ExpiredSignatureError");
        assert_eq!(found.map(|f| f.2), Some(Tier::WordsInText), "{r:?}");
        // A parameter many texts name lifts no entry above the one whose text holds the phrase.
        let r = top("Invalid parameter: redirect_uri", 3);
        assert!(
            r.iter()
                .any(|(v, c, _)| v == "keycloak" && c == "invalid_redirect_uri")
        );
    }

    #[test]
    fn among_equal_weights_the_entry_holding_more_words_comes_first() {
        // Provider entries hold "provide" (in "provider"), "count" (in "account") and "auth"
        // in their names; auth/too-many-requests holds "request" in its code, "increase" and
        // "count" in a note, "auth": the same weight, one word more.
        let r = top("provide a higher request count for firebase auth", 3);
        assert_eq!(
            r.first().map(|(v, c, t)| (v.as_str(), c.as_str(), *t)),
            Some(("firebase", "auth/too-many-requests", Tier::MostWords)),
            "{r:?}"
        );
    }

    #[test]
    fn a_code_that_is_one_phrase_is_no_name_written_in_a_sentence() {
        // `not_found` is the phrase "not found": the sentence names a principal and a tenant.
        let r = top("Principal not found in tenant error", 3);
        assert!(r.iter().all(|(_, c, _)| c != "not_found"), "{r:?}");
        assert!(
            r.iter()
                .any(|(v, c, _)| v == "entra" && c == "AADSTS500011"),
            "{r:?}"
        );
        // In a short query the phrase counts as one word, and is still a phrase.
        let r = top("Auth not found", 10);
        assert!(
            r.iter()
                .all(|(_, c, t)| c != "not_found" || *t != Tier::NameInQuery),
            "{r:?}"
        );
    }

    #[test]
    fn a_word_inside_its_opposite_is_not_found() {
        let f = |w: &str| memmem::Finder::new(w.as_bytes()).into_owned();
        assert!(!occurs(&f("valid"), b"the token is invalid."));
        assert!(!occurs(&f("correct"), b"incorrect"));
        assert!(occurs(&f("valid"), b"invalid or valid"));
        assert!(occurs(&f("active"), b"reactive"));
        assert!(occurs(&f("lid"), b"invalid"));
        let r = top("valid token", 3);
        assert!(r.iter().all(|(_, c, _)| !c.contains("invalid")), "{r:?}");
    }

    #[test]
    fn words_put_the_session_timeout_first() {
        let r = top("session timed out", 5);
        assert_eq!((r[0].0.as_str(), r[0].1.as_str()), ("hid", "1902"));
    }

    #[test]
    fn misspelt_query_still_finds_it_in_the_top_three() {
        let r = top("sesion tmed out", 3);
        assert!(r.iter().any(|(v, c, _)| v == "hid" && c == "1902"), "{r:?}");
    }

    #[test]
    fn exact_code_ranks_first() {
        let r = top("invalid_grant", 3);
        assert_eq!(r[0].1, "invalid_grant");
        assert_eq!(r[0].2, Tier::Code);
    }

    #[test]
    fn phrase_beats_fuzzy() {
        let r = top("user has been locked", 10);
        assert_eq!(r[0], ("authing".into(), "2005".into(), Tier::Exact));
        assert!(r.windows(2).all(|w| w[0].2 <= w[1].2));
    }

    #[test]
    fn typo_in_a_word_is_tolerated() {
        let r = top("pasword expird", 10);
        assert!(
            r.iter()
                .any(|(v, c, _)| v == "openharmony" && c == "12500013"),
            "{r:?}"
        );
    }

    #[test]
    fn filters_and_limit_apply() {
        let catalog = Catalog::builtin();
        let hid = catalog.vendor("hid").unwrap();
        let r = search(
            &catalog,
            "session",
            SearchOptions {
                vendor: Some(hid),
                table: Some("hid_error"),
                limit: 4,
            },
        );
        assert_eq!(r.len(), 4);
        assert!(
            r.iter()
                .all(|s| s.hit.vendor.id == "hid" && s.hit.entry.table == "hid_error")
        );
    }

    #[test]
    fn tokens_written_like_codes_are_picked_from_a_sentence() {
        let keys = |q: &str| -> Vec<String> { code_tokens(q).into_iter().map(|t| t.key).collect() };
        assert_eq!(
            keys("Message: AADSTS700016: Application with identifier was not found"),
            ["aadsts700016"]
        );
        assert_eq!(
            keys("Firebase: Error (auth/invalid-api-key)."),
            ["auth/invalid-api-key"]
        );
        assert_eq!(
            keys("LDAPError: Invalid Credentials (errCode:49)"),
            ["ldaperror", "errcode:49"]
        );
        // A short plain number (`line 72`) and a lone word are no codes; one code alone is the
        // `Code` tier's.
        assert!(keys("[firebase.js line 72] Uncaught Error").is_empty());
        assert!(keys("AADSTS50011").is_empty());
        assert_eq!(
            keys("Receiving NotAuthorizedException on Android"),
            ["notauthorizedexception"]
        );
    }

    #[test]
    fn identifiers_are_searched_as_their_words() {
        assert_eq!(
            split_identifiers("signInWithEmailAndPassword"),
            "sign in with email and password"
        );
        assert_eq!(split_identifiers("CLIENT_NOT_FOUND"), "client not found");
        assert_eq!(
            split_identifiers("Messages.INVALID_USER"),
            "messages invalid user"
        );
        assert_eq!(
            split_identifiers("InvalidNameIDPolicy"),
            "invalid name id policy"
        );
        // Codes and names with digits stay whole; a sentence's dot is no identifier's.
        assert_eq!(split_identifiers("B2C AADSTS50011"), "b2c aadsts50011");
        assert_eq!(
            split_identifiers("Invalid credentials80090308"),
            "invalid credentials 80090308"
        );
        assert_eq!(
            split_identifiers("aes256 ldap3 x12345"),
            "aes256 ldap3 x12345"
        );
        assert_eq!(split_identifiers("expired. Then"), "expired. then");
        // A slug is its words; a word with one or two hyphens, or with digits, stays.
        assert_eq!(
            split_identifiers("Error (auth/api-key-not-valid.-please-pass)."),
            "error (auth api key not valid. please pass)."
        );
        assert_eq!(
            split_identifiers("pre-authentication failed"),
            "pre-authentication failed"
        );
        assert_eq!(
            split_identifiers("id 'd1ddf0e4-d672-4dae-b554'"),
            "id 'd1ddf0e4-d672-4dae-b554'"
        );
    }

    #[test]
    fn a_name_the_query_says_weighs_more() {
        // BlockedByConditionalAccess: two of its three words are the query's.
        let r = top("Does not handle Conditional Access Policy correctly", 1);
        assert_eq!(r[0].1, "AADSTS53003", "{r:?}");
        // "Authentication exception": its one meaningful word is the query's.
        let r = top("Okta - cannot authenticated", 1);
        assert_eq!(r[0].1, "E0000004", "{r:?}");
    }

    #[test]
    fn a_slash_between_words_is_or() {
        assert_eq!(
            slash_as_or("'Invalid Username/password' error"),
            "'Invalid Username or password' error"
        );
        assert_eq!(slash_as_or("expired/invalid"), "expired or invalid");
        // Paths, addresses, codes with digits and dates stay.
        for kept in [
            "/oauth2/v2.0/token",
            "https://x/y",
            "a/b/c",
            "ldap3/x",
            "1/2",
        ] {
            assert_eq!(slash_as_or(kept), kept);
        }
        // A code's prefix is two words too: its words are searched the same either way.
        assert_eq!(slash_as_or("auth/user-not-found"), "auth or user-not-found");
        let r = top("customising 'Invalid Username/password' error message", 1);
        assert_eq!(r[0].2, Tier::Quoted, "{r:?}");
    }

    #[test]
    fn quoted_words_are_a_message() {
        let q = |s: &str| -> Vec<String> {
            quoted_phrases(s)
                .iter()
                .map(|f| String::from_utf8_lossy(f.needle()).into_owned())
                .collect()
        };
        assert_eq!(
            q("ErrExpiredToken string is 'Token is expired' in v4"),
            ["token is expired"]
        );
        assert_eq!(
            q("Sign then verify throws \"Invalid signature\""),
            ["invalid signature"]
        );
        assert_eq!(
            q("fails: `The popup has been closed.`"),
            ["the popup has been closed"]
        );
        // An ellipsis leaves words out: the pieces around it are quoted.
        assert_eq!(
            q("\"Application with identifier...was not found\" Error"),
            ["application with identifier", "was not found"]
        );
        assert_eq!(q("'Tenant \u{2026} not found.'"), ["not found"]);
        // An apostrophe opens nothing; one quoted word is no message.
        assert!(q("clientSecret doesn't work, it's 'x'").is_empty());
        let r = top("Handle JWT 'Invalid Signature' error", 3);
        assert_eq!(r[0].2, Tier::Quoted, "{r:?}");
    }

    #[test]
    fn one_edit_apart_is_one_edit() {
        assert!(one_edit_apart(b"tenat", b"tenant"));
        assert!(one_edit_apart(b"keylcoak", b"keycloak"));
        assert!(one_edit_apart(b"passwrd", b"password"));
        assert!(one_edit_apart(b"expird", b"expired"));
        assert!(one_edit_apart(b"sesion", b"session"));
        assert!(!one_edit_apart(b"token", b"token"));
        assert!(!one_edit_apart(b"authentification", b"authentication"));
        assert!(!one_edit_apart(b"abcd", b"badc"));
    }

    #[test]
    fn an_unknown_word_is_read_as_the_catalogs_word_one_edit_away() {
        let catalog = Catalog::builtin();
        let words = |q: &str| -> Vec<String> {
            let m = Matcher::new(q).corrected(&catalog);
            (m.concepts.iter())
                .map(|c| String::from_utf8_lossy(c.literal.needle()).into_owned())
                .collect()
        };
        assert_eq!(words("tenat not found"), ["not found", "tenant"]);
        // Known words, catalogs' names and short words stay as typed.
        assert_eq!(words("keycloak token"), ["keycloak", "token"]);
        assert_eq!(words("tken"), ["tken"]);
        // A word naming a catalog is a word of each of its entries.
        let r = top("keylcoak invalid username or password", 3);
        assert!(r.iter().all(|(v, _, _)| v == "keycloak"), "{r:?}");
    }

    #[test]
    fn a_number_in_a_sentence_is_also_the_digits_of_a_code() {
        let r = top("7000215 Not Documented", 3);
        assert_eq!(
            (r[0].0.as_str(), r[0].1.as_str()),
            ("entra", "AADSTS7000215")
        );
    }

    #[test]
    fn a_message_written_inside_a_sentence_finds_its_entry() {
        let r = top(
            "Authentication failed: The code passed is incorrect or expired.",
            3,
        );
        assert_eq!(
            r[0],
            (
                "github".into(),
                "bad_verification_code".into(),
                Tier::NameInQuery
            )
        );
        // The first clause of a name line counts too: OAuth's "Client authentication failed
        // (e.g., unknown client, ...)".
        let r = top(
            "Client Authentication Failed, but the credentials are stored",
            8,
        );
        assert!(
            r.iter()
                .any(|(v, c, t)| v == "oauth" && c == "invalid_client" && *t == Tier::NameInQuery),
            "{r:?}"
        );
    }

    #[test]
    fn a_phrase_counts_as_the_words_typed() {
        // "clock skew" is two of the four meaningful words, enough for Kerberos's skew error
        // (KRB_AP_ERR_SKEW: 37, which event 4768's table writes as 0x25).
        let r = top("Avoid returning System Error on clock skew", 3);
        assert!(
            r.iter()
                .any(|(v, c, _)| v == "kerberos" && (c == "37" || c == "0x25")),
            "{r:?}"
        );
        // A catalog named in the query: another's name written whole is no better answer.
        let r = top("FirebaseTooManyRequestsException", 3);
        assert_eq!(r[0].1, "auth/too-many-requests", "{r:?}");
    }

    #[test]
    fn a_shared_code_in_a_sentence_naming_no_vendor_is_the_standards_first() {
        // Vendors' copies of unauthorized_client whose longer texts hold "add" and "support"
        // do not come before the standard's definition...
        let r = top("please add unauthorized_client support to the server", 3);
        assert_eq!(r[0].0, "oauth", "{r:?}");
        // ...unless the query names a vendor.
        let r = top("keycloak unauthorized_client", 1);
        assert_eq!(r[0].0, "keycloak", "{r:?}");
    }

    #[test]
    fn a_number_in_a_sentence_comes_after_a_message_it_holds() {
        let r = top("client authentication failed with 500 status code", 5);
        assert_eq!(r[0].1, "invalid_client", "{r:?}");
        let http = (r.iter()).position(|(v, c, _)| v == "http" && c == "500");
        assert!(
            http.is_some_and(|i| i > 0 && r[i].2 == Tier::NumberInQuery),
            "{r:?}"
        );
    }

    #[test]
    fn a_number_matches_codes_by_equality_or_prefix_only() {
        assert!(top("4625", 10).iter().all(|(v, _, _)| v != "http"));
        let r = top("12500", 5);
        assert!(
            r.iter()
                .all(|(v, c, _)| v == "openharmony" && c.starts_with("12500")),
            "{r:?}"
        );
    }

    #[test]
    fn nonsense_finds_nothing() {
        assert!(top("qqqxxzzv", 10).is_empty());
        assert!(top("   ", 10).is_empty());
    }

    #[test]
    fn narrowest_window_finds_the_tightest_match() {
        assert_eq!(narrowest_window(b"abc", b"a..b..c abc"), Some(3));
        assert_eq!(narrowest_window(b"abc", b"a.b.c"), Some(5));
        assert_eq!(narrowest_window(b"abc", b"cba"), None);
    }

    #[test]
    fn subsequence() {
        assert!(is_subsequence(
            b"sesiontmedout",
            b"the session has timed out"
        ));
        assert!(!is_subsequence(b"zz", b"the session"));
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Any query: no panic, at most `limit` results, best tier first.
        #[test]
        fn search_is_bounded_and_ordered(query in "\\PC{0,30}", limit in 1usize..20) {
            let c = Catalog::builtin();
            let r = search(&c, &query, SearchOptions { vendor: None, table: None, limit });
            prop_assert!(r.len() <= limit);
            let key = |s: &Scored| order(s.tier, s.score, s.hit.vendor.standard);
            prop_assert!(r.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
        }

        /// The words one edit from a word, found by its head and tail, are those that reading
        /// every word finds, as often.
        #[test]
        fn near_words_are_every_word_one_edit_apart(
            word in "[a-e]{5,8}",
            pieces in proptest::collection::vec((0u8..6, 0usize..10, b'a'..=b'f', 0usize..8), 0..12),
        ) {
            // The word edited once (or not, or cut short), the pieces joined by a separator,
            // by a byte that joins words, or by nothing.
            const JOINS: [&[u8]; 8] = [b" ", b"\0", b"(", b".", b"_", b"A", "\u{e9}".as_bytes(), b""];
            let word = word.as_bytes();
            let mut text = Vec::new();
            for (kind, at, c, join) in pieces {
                let mut w = word.to_vec();
                let at = at % (w.len() + 1);
                match kind {
                    0 => {}
                    1 if at < w.len() => w[at] = c,
                    2 => w.insert(at, c),
                    3 if at < w.len() => _ = w.remove(at),
                    4 if at + 1 < w.len() => w.swap(at, at + 1),
                    _ => w.truncate(at),
                }
                text.extend_from_slice(&w);
                text.extend_from_slice(JOINS[join]);
            }
            let text = &text[..];
            let words = NearWords::new(word);
            let mut every: std::collections::HashMap<&[u8], usize> = Default::default();
            for w in byte_words(text).filter(|w| words.is_near(w)) {
                *every.entry(w).or_default() += 1;
            }
            let mut near = Default::default();
            words.count_in(text, &mut near);
            prop_assert_eq!(near, every);
        }

        /// The typo pass's bound: each letter of a word that another word lacks costs an edit
        /// each time the first holds it.
        #[test]
        fn lacking_letters_bound_the_edits(w in "[a-f]{1,9}", x in "[a-fA-F\\u{e9} ]{0,9}") {
            let lacking = letter_mask(&w) & !letter_mask(&x);
            let edits = lacking_edits(&letter_histogram(w.as_bytes()), lacking);
            prop_assert!(strsim::damerau_levenshtein(&w, &x) >= edits);
        }

        /// The bounded window test says what the narrowest window says.
        #[test]
        fn within_window_is_the_narrowest_window_bounded(
            needle in "[ab ]{0,4}", hay in "[abc ]{0,24}", bound in 0usize..12
        ) {
            let (n, h) = (needle.as_bytes(), hay.as_bytes());
            let narrowest = if n.is_empty() { Some(0) } else { narrowest_window(n, h) };
            prop_assert_eq!(within_window(n, h, bound), narrowest.is_some_and(|w| w <= bound));
        }

        /// A title or message searched as it is written finds its entry first or among equals.
        #[test]
        fn searching_a_message_finds_it(i in 0usize..366) {
            let c = Catalog::builtin();
            let hid = c.vendor("hid").unwrap();
            let e = hid.entries.at(i);
            let r = search(&c, e.message, SearchOptions { vendor: Some(hid), table: None, limit: 400 });
            let best = r[0].tier;
            prop_assert!(r.iter().take_while(|s| s.tier == best).any(|s| (s.hit.entry.table, s.hit.entry.code) == (e.table, e.code)) || e.message.contains('\n'));
        }
    }
}

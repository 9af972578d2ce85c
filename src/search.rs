//! Ranked, typo-tolerant search over every text of every entry. No I/O.
//!
//! Ranking, best first: the code itself; a field that equals the query; the query as a phrase
//! in a code, title, message or alias; all its words there; the phrase, then all words, in the
//! longer texts (description, causes, solution, notes); a fuzzy (subsequence) match scored by
//! fuzzy-matcher; last, words within one or two typos. A cheap pass over each entry's
//! pre-lowered `search` text rejects most entries before any scoring.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;

use crate::catalog::{Catalog, Entry, Hit, Vendor, normalize_code};

/// How an entry matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Code,
    Exact,
    PhraseInName,
    WordsInName,
    PhraseInText,
    WordsInText,
    Fuzzy,
    Typo,
}

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Tier::Code => "code",
            Tier::Exact => "exact",
            Tier::PhraseInName => "phrase",
            Tier::WordsInName => "words",
            Tier::PhraseInText => "phrase-in-text",
            Tier::WordsInText => "words-in-text",
            Tier::Fuzzy => "fuzzy",
            Tier::Typo => "typo",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Scored<'a> {
    pub hit: Hit<'a>,
    pub tier: Tier,
    /// Higher is better within a tier.
    pub score: i64,
}

/// What to search and how many results to keep.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions<'a> {
    pub vendor: Option<&'a Vendor>,
    pub table: Option<&'a str>,
    pub limit: usize,
}

fn name_fields(e: &Entry) -> impl Iterator<Item = &'static str> {
    std::iter::once(e.code)
        .chain(e.title)
        .chain(std::iter::once(e.message))
        .chain(e.aliases.iter().copied())
        .chain(
            e.variants
                .iter()
                .flat_map(|v| v.title.into_iter().chain(v.message)),
        )
}

fn text_fields(e: &Entry) -> impl Iterator<Item = &'static str> {
    e.description
        .into_iter()
        .chain(e.causes.iter().copied())
        .chain(e.solution)
        .chain(e.notes.iter().map(|n| n.text))
}

fn words(lowered: &str) -> Vec<&str> {
    lowered
        .split(|c: char| !c.is_alphanumeric() && c != '_' && c != '-' && c != '.')
        .filter(|w| !w.is_empty())
        .collect()
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

/// A precompiled query.
pub struct Matcher {
    lowered: String,
    key: String,
    words: Vec<String>,
    compact: Vec<u8>,
    skim: SkimMatcherV2,
}

impl Matcher {
    pub fn new(query: &str) -> Self {
        let lowered = query.trim().to_lowercase();
        let words = words(&lowered).into_iter().map(str::to_string).collect();
        let compact = lowered
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        Matcher {
            key: normalize_code(query),
            lowered,
            words,
            compact,
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Rates one entry, or `None` when it does not match at all.
    pub fn rate(&self, e: &Entry, allow_typos: bool) -> Option<(Tier, i64)> {
        if self.lowered.is_empty() {
            return None;
        }
        if e.key == self.key {
            return Some((Tier::Code, 0));
        }
        let blob = e.search.as_bytes();
        let q = self.lowered.as_bytes();
        let shortest = |fields: &mut dyn Iterator<Item = &'static str>,
                        pred: &dyn Fn(&str) -> bool| {
            fields
                .filter(|f| pred(&f.to_lowercase()))
                .map(|f| -(f.len() as i64))
                .max()
        };
        if memmem::find(blob, q).is_some() {
            let trimmed = self.lowered.trim_end_matches('.');
            if let Some(s) = shortest(&mut name_fields(e), &|f| f.trim_end_matches('.') == trimmed)
            {
                return Some((Tier::Exact, s));
            }
            if let Some(s) = shortest(&mut name_fields(e), &|f| f.contains(&self.lowered)) {
                return Some((Tier::PhraseInName, s));
            }
            let s = shortest(&mut text_fields(e), &|f| f.contains(&self.lowered))
                .unwrap_or(i64::MIN / 2);
            return Some((Tier::PhraseInText, s));
        }
        let all_words = !self.words.is_empty()
            && self
                .words
                .iter()
                .all(|w| memmem::find(blob, w.as_bytes()).is_some());
        if all_words {
            let names: String = name_fields(e).collect::<Vec<_>>().join("\n").to_lowercase();
            if self.words.iter().all(|w| names.contains(w.as_str())) {
                return Some((Tier::WordsInName, -(names.len() as i64)));
            }
            return Some((Tier::WordsInText, -(blob.len() as i64)));
        }
        if is_subsequence(&self.compact, blob) {
            // Name fields count double: a title that matches is worth more than a long cause.
            let best = name_fields(e)
                .filter_map(|f| self.skim.fuzzy_match(f, &self.lowered).map(|s| s * 2))
                .chain(text_fields(e).filter_map(|f| self.skim.fuzzy_match(f, &self.lowered)))
                .max();
            if let Some(score) = best.filter(|&s| s >= self.fuzzy_floor()) {
                return Some((Tier::Fuzzy, score));
            }
        }
        if allow_typos {
            self.rate_typos(e)
        } else {
            None
        }
    }

    /// The least fuzzy score worth showing: most query characters must sit in runs.
    fn fuzzy_floor(&self) -> i64 {
        (self.compact.len() as i64) * 12
    }

    /// Every query word of four or more letters is within one edit (two for long words) of a
    /// word of the entry.
    fn rate_typos(&self, e: &Entry) -> Option<(Tier, i64)> {
        let significant: Vec<&String> = self
            .words
            .iter()
            .filter(|w| w.chars().count() >= 4)
            .collect();
        if significant.is_empty() {
            return None;
        }
        let entry_words = words(e.search);
        let mut total = 0i64;
        for w in significant {
            let allowed = if w.chars().count() >= 7 { 2 } else { 1 };
            let best = entry_words
                .iter()
                .filter(|x| x.len().abs_diff(w.len()) <= allowed)
                .map(|x| strsim::damerau_levenshtein(w, x))
                .min()?;
            if best > allowed {
                return None;
            }
            total -= best as i64;
        }
        Some((Tier::Typo, total))
    }
}

/// The best `limit` entries for `query`, best first.
pub fn search<'a>(
    catalog: &'a Catalog,
    query: &str,
    options: SearchOptions<'a>,
) -> Vec<Scored<'a>> {
    let matcher = Matcher::new(query);
    let vendors = match options.vendor {
        Some(v) => std::slice::from_ref(v),
        None => catalog.vendors(),
    };
    let candidates = || {
        vendors.iter().flat_map(move |v| {
            v.entries
                .iter()
                .filter(move |e| options.table.is_none_or(|t| t == e.table))
                .map(move |entry| Hit { vendor: v, entry })
        })
    };
    let mut found: Vec<Scored<'a>> = candidates()
        .filter_map(|hit| {
            matcher
                .rate(hit.entry, false)
                .map(|(tier, score)| Scored { hit, tier, score })
        })
        .collect();
    // Typo matching is the slowest tier: only when the others leave room.
    if found.len() < options.limit {
        found.extend(
            candidates().filter_map(|hit| match matcher.rate(hit.entry, true) {
                Some((Tier::Typo, score)) => Some(Scored {
                    hit,
                    tier: Tier::Typo,
                    score,
                }),
                _ => None,
            }),
        );
    }
    // Stable: equal ranks keep catalog order (vendor, table, code as listed).
    found.sort_by_key(|s| (s.tier, std::cmp::Reverse(s.score)));
    found.truncate(options.limit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn nonsense_finds_nothing() {
        assert!(top("qqqxxzzv", 10).is_empty());
        assert!(top("   ", 10).is_empty());
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

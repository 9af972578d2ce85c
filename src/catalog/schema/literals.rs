//! The literals a text pattern's every match holds, from the regular expression's own
//! analysis: what the sieve and `explain -` look for before they run the pattern.
//!
//! `build.rs` computes them for the built-in patterns (see `compiled::pattern_literals`), so
//! that no run parses a built-in pattern for them; user patterns are analysed when read.
//! Like `schema.rs`, this may use only `std`, `serde`, `toml`, `regex` and `regex-syntax`.

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};

/// Literals shorter than this, from a pattern, are not worth a search: one of the pattern's
/// other readings (prefix or suffix) is taken if longer.
pub const SHORTEST_USEFUL: usize = 3;

/// A pattern with more literals than this is looked for by what they have in common, when
/// that is long enough (`E0000` for `E0000[0-9]{3}`).
pub const MOST_LITERALS: usize = 8;

/// Literals of which every match of `source` holds one, lower-cased (its possible starts,
/// or its possible ends when those are longer); `None` when the pattern has no such finite
/// set, or does not parse as the pattern set parses it. With `multi_line` false (a log's
/// line, which holds no line break) a literal with a line break is left out; with it true
/// (a paste of several lines) it is kept.
pub fn literals_of(source: &str, multi_line: bool) -> Option<Vec<Vec<u8>>> {
    let hir = parse(source)?;
    let usable = |seq: Seq, prefix: bool| -> Option<Vec<Vec<u8>>> {
        let mut literals: Vec<Vec<u8>> = (seq.literals()?.iter())
            .map(|l| l.as_bytes().to_ascii_lowercase())
            .filter(|l| multi_line || !l.contains(&b'\n'))
            .collect();
        literals.sort_unstable();
        literals.dedup();
        if literals.len() > MOST_LITERALS {
            let common = if prefix {
                common_prefix(&literals)
            } else {
                common_suffix(&literals)
            };
            if common.len() >= SHORTEST_USEFUL {
                literals = vec![common];
            }
        }
        let shortest = literals.iter().map(Vec::len).min()?;
        (shortest > 0).then_some(literals)
    };
    let prefixes = usable(
        Extractor::new().kind(ExtractKind::Prefix).extract(&hir),
        true,
    );
    let suffixes = usable(
        Extractor::new().kind(ExtractKind::Suffix).extract(&hir),
        false,
    );
    let shortest = |l: &Option<Vec<Vec<u8>>>| {
        l.as_ref()
            .and_then(|l| l.iter().map(Vec::len).min())
            .unwrap_or(0)
    };
    if shortest(&prefixes) >= SHORTEST_USEFUL || shortest(&prefixes) >= shortest(&suffixes) {
        prefixes.or(suffixes)
    } else {
        suffixes
    }
}

/// `source` parsed as the pattern set parses a text pattern (bytes, no Unicode classes);
/// `None` when it does not parse so.
pub fn parse(source: &str) -> Option<regex_syntax::hir::Hir> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(source)
        .ok()
}

/// What all of `literals` start with.
fn common_prefix(literals: &[Vec<u8>]) -> Vec<u8> {
    let first = &literals[0];
    let n = (literals.iter())
        .map(|l| first.iter().zip(l).take_while(|(a, b)| a == b).count())
        .min()
        .unwrap_or(0);
    first[..n].to_vec()
}

/// What all of `literals` end with.
fn common_suffix(literals: &[Vec<u8>]) -> Vec<u8> {
    let reversed: Vec<Vec<u8>> = (literals.iter())
        .map(|l| l.iter().rev().copied().collect())
        .collect();
    let mut common = common_prefix(&reversed);
    common.reverse();
    common
}

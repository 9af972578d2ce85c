//! A text pattern as the sieve tries it: only the codes detection reports.
//!
//! A table's `[[wire.concerns]]` keep most of its codes out of the findings (HTTP reports 401,
//! 403, 407 and 511, not 200): a pattern that captures any status (`HTTP/1.1" 200`, every line
//! of an access log) would send every line to the engine, which then finds nothing. When the
//! pattern's `code` group can capture only a few texts, each is given to the engine's own
//! lookup (`as_code`, `in_table`, `reports`), and the group keeps only those that name a code
//! detection reports: a line the narrowed pattern does not match holds no finding of it.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Hir, HirKind};

use crate::detect::rules::{Rule, VendorRules};

/// Texts of a `code` group looked at one by one, at most.
const MOST_TEXTS: usize = 2000;

/// `source` with its `code` group matching only what names a reported code of one of `rules`
/// (every rule whose pattern `source` is), compiled; `None` when nothing is to be gained or
/// the group's texts cannot be listed (the pattern is then tried as it is).
pub(super) fn narrowed(
    source: &str,
    rules: &[(&VendorRules<'_>, &Rule)],
) -> Option<regex::bytes::Regex> {
    if rules
        .iter()
        .any(|(v, r)| r.code.is_some() || !v.concerns.iter().any(|(t, _)| *t == r.table))
    {
        return None;
    }
    let hir = crate::catalog::schema::literals::parse(source)?;
    let group = find_code(&hir)?;
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_class(16)
        .limit_total(MOST_TEXTS);
    let seq = extractor.extract(group);
    if !seq.is_exact() {
        return None;
    }
    let texts = seq.literals()?;
    let kept: Vec<Hir> = texts
        .iter()
        .filter(|t| reported(t.as_bytes(), rules))
        .map(|t| Hir::literal(t.as_bytes()))
        .collect();
    if kept.len() == texts.len() {
        return None;
    }
    let narrowed = replace_code(&hir, &Hir::alternation(kept));
    crate::catalog::schema::wire::compile_regex(&narrowed.to_string()).ok()
}

/// Does the text `captured`, captured as the code by one of `rules`, name a code detection
/// reports?
fn reported(captured: &[u8], rules: &[(&VendorRules<'_>, &Rule)]) -> bool {
    let captured = String::from_utf8_lossy(captured);
    rules.iter().any(|(v, r)| {
        super::super::as_code(&captured, r.radix).is_some_and(|code| {
            // Only a reported entry matters, and they are few: the table's other entries are
            // not read for a title or message equal to the text.
            let concerned = (v.concerns.iter())
                .filter(|(t, _)| *t == r.table)
                .flat_map(|(_, codes)| codes)
                .flat_map(|c| v.vendor.positions_of(c).iter().map(|&i| i as usize));
            super::super::in_table_among(v.vendor, &r.table, &code, concerned)
                .iter()
                .any(|h| v.reports(h.entry.table, h.entry.key))
        })
    })
}

/// The expression of the group named `code`.
fn find_code(hir: &Hir) -> Option<&Hir> {
    match hir.kind() {
        HirKind::Capture(c) if c.name.as_deref() == Some("code") => Some(&c.sub),
        HirKind::Capture(c) => find_code(&c.sub),
        HirKind::Repetition(r) => find_code(&r.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().find_map(find_code),
        _ => None,
    }
}

/// `hir` with the expression of its `code` group replaced by `with`.
fn replace_code(hir: &Hir, with: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(if c.name.as_deref() == Some("code") {
                with.clone()
            } else {
                replace_code(&c.sub, with)
            }),
        }),
        HirKind::Repetition(r) => {
            let mut r = r.clone();
            r.sub = Box::new(replace_code(&r.sub, with));
            Hir::repetition(r)
        }
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|s| replace_code(s, with)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|s| replace_code(s, with)).collect())
        }
        _ => hir.clone(),
    }
}

/// The literals every match of a narrowed pattern ends with, when there are a few of them and
/// none is short: its codes, reported, are rarer in a log than what it starts with (every
/// line of an access log holds `HTTP/`, few a `" 401 `).
pub(super) fn literals(narrowed: &regex::bytes::Regex) -> Option<Vec<Vec<u8>>> {
    let hir = crate::catalog::schema::literals::parse(narrowed.as_str())?;
    let seq = Extractor::new().kind(ExtractKind::Suffix).extract(&hir);
    let mut literals: Vec<Vec<u8>> = (seq.literals()?.iter())
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    literals.sort_unstable();
    literals.dedup();
    let usable = !literals.is_empty()
        && literals.len() <= super::MOST_LITERALS
        && (literals.iter()).all(|l| l.len() >= super::SHORTEST_USEFUL && !l.contains(&b'\n'));
    usable.then_some(literals)
}

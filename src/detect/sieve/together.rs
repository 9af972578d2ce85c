//! The patterns that share a literal, tried as one regular expression.
//!
//! A literal often starts several patterns of a catalog (`pam_unix(` starts a dozen of PAM's
//! log lines): a line that holds it was tried with each in turn, each pass a search of the
//! line. Their alternation, without capture groups, matches a line exactly when one of them
//! does, in one pass.

use std::sync::OnceLock;

use regex::bytes::Regex;
use regex_syntax::hir::{Hir, HirKind};

/// Patterns (indices into the sieve's) that one literal or more stand for.
pub(super) struct Group {
    pub(super) members: Vec<usize>,
    /// The members as one expression, made the first time a line holds one of their
    /// literals; `None` when they are one pattern, or do not compile as one.
    together: OnceLock<Option<Regex>>,
}

impl Group {
    pub(super) fn new(members: Vec<usize>) -> Self {
        Group {
            members,
            together: OnceLock::new(),
        }
    }

    /// Does one of the members match `line`? `source` gives a member's expression, and
    /// `pattern` the same compiled (asked only when the members do not compile as one).
    pub(super) fn matches<'r>(
        &self,
        line: &[u8],
        source: impl Fn(usize) -> Option<&'r str>,
        pattern: impl Fn(usize) -> Option<&'r Regex>,
    ) -> bool {
        let together = self.together.get_or_init(|| {
            let sources: Option<Vec<&str>> = self.members.iter().map(|&m| source(m)).collect();
            (self.members.len() > 1)
                .then_some(())
                .and(sources)
                .and_then(|s| alternation(&s))
        });
        match together {
            Some(r) => r.is_match(line),
            None => (self.members.iter()).any(|&m| pattern(m).is_some_and(|r| r.is_match(line))),
        }
    }
}

/// `sources` as one expression that matches where one of them does.
fn alternation(sources: &[&str]) -> Option<Regex> {
    let parts: Option<Vec<Hir>> = (sources.iter())
        .map(|s| crate::catalog::schema::literals::parse(s).map(|h| without_captures(&h)))
        .collect();
    let one = Hir::alternation(parts?).to_string();
    crate::catalog::schema::wire::compile_regex(&one).ok()
}

/// `hir` with its capture groups made plain groups: the patterns' groups share names.
fn without_captures(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Capture(c) => without_captures(&c.sub),
        HirKind::Repetition(r) => {
            let mut r = r.clone();
            r.sub = Box::new(without_captures(&r.sub));
            Hir::repetition(r)
        }
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_captures).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(without_captures).collect()),
        _ => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_together_match_where_one_of_them_does() {
        let sources = [
            r"\bpam_unix\([^)\s]*\): check pass; user (?P<code>unknown)",
            r"(?i)\bpam_unix\([^)\s]*\): (?P<code>bad username) \[",
            r"\b(?P<code>E0000[0-9]{3})\b",
        ];
        let each: Vec<Regex> = (sources.iter())
            .map(|s| crate::catalog::schema::wire::compile_regex(s).unwrap())
            .collect();
        let source = |m: usize| sources.get(m).copied();
        let group = Group::new(vec![0, 1, 2]);
        for line in [
            "sshd[1]: pam_unix(sshd:auth): check pass; user unknown",
            "sshd[1]: PAM_UNIX(sshd:auth): BAD USERNAME [x]",
            "sshd[1]: pam_unix(sshd:auth): CHECK PASS; user unknown",
            "sshd[1]: pam_unix(sshd:session): session opened for user root",
            "okta E0000004",
            "okta E00000045",
            "caf\u{e9} E0000004",
        ] {
            let one = each.iter().any(|r| r.is_match(line.as_bytes()));
            assert_eq!(
                group.matches(line.as_bytes(), source, |m| each.get(m)),
                one,
                "{line}"
            );
        }
        assert!(group.together.get().is_some_and(Option::is_some));
        // One pattern is tried as it is.
        let single = Group::new(vec![2]);
        assert!(single.matches(b"E0000004", source, |m| each.get(m)));
        assert!(single.together.get().is_some_and(Option::is_none));
    }
}

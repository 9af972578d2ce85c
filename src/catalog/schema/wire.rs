//! Wire declarations: how a vendor's errors look in responses and logs, as catalog data.
//!
//! A catalog's `[wire]` says where each table's codes appear (`[[wire.rules]]`: a member path
//! in a JSON body, or a text pattern with a named capture `code`), which signals make the vendor
//! more likely (`[[wire.signals]]`), and carries `[[examples]]`: raw inputs and what they must
//! give. Validated here, for `build.rs` and user catalogs alike; `build.rs` writes them as
//! records and `detect/` compiles and runs them. Like `schema.rs`, this may use only `std`, `serde`, `toml` and `regex`.

use serde::{Deserialize, Serialize};

/// `[wire]`: rules and signals.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWire {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RawRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<RawSignal>,
    /// Tables of which detection reports only some codes (HTTP: the statuses that concern
    /// authentication); `lookup` still finds every code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<RawConcerns>,
    /// Which entries report a problem `autherr inspect` finds in a token.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<RawToken>,
    /// Members that carry an error's message text (not a code).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<RawMessage>,
}

/// `[[wire.messages]]`: a member whose value is an error's message text (`error_description`,
/// RFC 9457's `detail`), which may be some entry's own text. What every catalog declares
/// holds for every body: a key is no vendor's alone.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMessage {
    pub key: String,
    /// What the member is, as the documents say (the evidence shown).
    pub says: String,
}

/// The problems `autherr inspect` can find in a JWT or a SAML response.
pub const TOKEN_PROBLEMS: &[&str] = &[
    "expired",
    "not_yet_valid",
    "issued_in_future",
    "no_exp",
    "alg_none",
    "unsigned",
    "malformed",
    "saml_status",
];

/// `[[wire.tokens]]`: the entries of a table that report a problem found in a token (`codes`),
/// or, for `saml_status`, the table whose codes a SAML StatusCode's values are.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawToken {
    pub problem: String,
    pub table: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// Why these entries report the problem, as their documents say.
    pub says: String,
}

/// `[[wire.concerns]]`: detection reports only these codes of the table, wherever it finds
/// them; the table's other codes are no authentication error (a 503, a 302).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawConcerns {
    pub table: String,
    pub codes: Vec<String>,
    /// Why these codes and no others, as the documents say.
    pub says: String,
}

/// Where a table's codes appear. Exactly one of `path` and `pattern`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// The table whose codes these are.
    pub table: String,
    /// A member path in a JSON body, matched against the end of the member's path:
    /// `hid_failure.reason`, `errors[].message.code`, `*` one member, `**` any members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A regular expression over text (log lines and string values) with a named capture
    /// `code`: `AADSTS(?P<code>\d+)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Instead of the `code` capture: the code every match of `pattern` stands for (a
    /// message with values filled in at run time, `JWT expired at ...`, that names no code).
    /// With `pattern`, in place of its `code` capture: the code of the one entry every match
    /// names. For text whose whole shape is the entry, such as a log line whose format string
    /// is the code (`Invalid user %.100s from %.100s port %d`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A regular expression the code itself must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Only when the same object has a member with this key ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_key: Option<String>,
    /// ... whose value matches this regular expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_value: Option<String>,
    /// Only when the line (or the lines of the object) holding the code contains this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_text: Option<String>,
    /// When the line (or the lines of the object) contains this text, this rule is more
    /// specific than the table's others (an endpoint's own table of codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefer_text: Option<String>,
    /// Does a match name this vendor on its own? `false` for a vocabulary other vendors share
    /// (an OAuth `error`, a bare `code`): the vendor is then a candidate, decided only by its
    /// signals.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub decides: bool,
    /// 16: the code is written in hexadecimal and catalogued in decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radix: Option<u32>,
    /// With `pattern`: the number the vendor adds to the table's codes in what it prints (MIT
    /// krb5's com_err numbers are `ERROR_TABLE_BASE_krb5`, -1765328384, plus the protocol
    /// code); the code is the captured value minus it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<i64>,
    /// With `pattern`: text the table's codes or names carry that the captured value leaves
    /// out, put before it (python-ldap's `INVALID_CREDENTIALS` is OpenLDAP's
    /// `LDAP_INVALID_CREDENTIALS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// With `base`: the table writes its codes as `0x` and this many hexadecimal digits
    /// (NTSTATUS `0xC000006D`), and the shifted number is written so (a signed 32-bit
    /// NTSTATUS printed in decimal, -1073741715, is 0xC000006D: `base = -4294967296`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hex_digits: Option<u32>,
    /// A member of the same object this finding accounts for (not reported on its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absorbs: Option<String>,
    /// The specific code of a record that gives two (an event's sub status beside its
    /// status): its findings are reported before the input's others.
    #[serde(default, skip_serializing_if = "is_false")]
    pub first: bool,
    /// The evidence shown to the user when this rule matches.
    pub says: String,
}

/// Evidence that makes the vendor more likely, when its codes are candidates.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignal {
    /// A member with this key in the same object ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// ... whose value matches this regular expression ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// ... or is a code of this table of the vendor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_in_table: Option<String>,
    /// This text in the same line (or the lines of the object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The candidate code matches this regular expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Only for candidates of this table of the vendor: what tells one table from the
    /// vendor's others (a token endpoint's path for the token endpoint's errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// With `table`: the signal also names the vendor (a field only this vendor's table
    /// writes, as Windows event 4771's `Pre-Authentication Type`), not only which of its
    /// tables. Without it, a table's signal tells the vendor's tables apart and names no
    /// vendor (a token endpoint's path, which every provider has).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub names_vendor: bool,
    /// 1-9: how much more likely.
    pub weight: u8,
    pub says: String,
}

/// `[[examples]]`: a raw input and the findings it must give, in order, each
/// `"vendor table code"`; `"?vendor table code"` for a candidate that is not decided.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub input: String,
    pub finds: Vec<String>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Checks a path pattern: members of letters, digits, `_`, `-`, `$`, `@`, each with an
/// optional `[]`; or `*` or `**`.
fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("path is empty".into());
    }
    for seg in path.split('.') {
        let name = seg.strip_suffix("[]").unwrap_or(seg);
        let ok = seg == "*"
            || seg == "**"
            || (!name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'$' | b'@')));
        if !ok {
            return Err(format!(
                "path {path:?}: member {seg:?} is not a name, name[], * or **"
            ));
        }
    }
    Ok(())
}

/// Compiles a declaration's regular expression, over bytes. Matching is ASCII (`\\d`, `\\w`, `\\s` and
/// `(?i)` mean their ASCII forms): autherr carries no Unicode tables, which would cost every
/// start-up thousands of relocations; codes and the words around them are ASCII.
pub fn compile_regex(re: &str) -> Result<regex::bytes::Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(re)
        .unicode(false)
        .size_limit(1 << 20)
        // The lazy DFA's cache, per regex and per thread: the default 2 MiB made a summary's
        // second thread cost ~13 MiB on an error-dense log; a quarter MiB cost no time there.
        .dfa_size_limit(256 << 10)
        .build()
}

/// The compiled size a set of text patterns may take (the `regex` crate's default, named so
/// that validation and detection agree on it).
pub const PATTERN_SET_LIMIT: usize = 10 << 20;

/// The lazy DFA cache of a set of text patterns. Detection sets apart only the patterns with
/// no literals to look for (see `detect::rules`): none of the built-in ones, so only user
/// patterns. (A set of every built-in pattern needed about 3 MiB of states on a log of every
/// catalog's errors: at the `regex` crate's default of 2 MiB it was cleared and built again
/// and again.)
pub const PATTERN_SET_CACHE: usize = 4 << 20;

/// The text patterns of one group of catalogs as one set, matched against a line at once. A
/// set larger than `PATTERN_SET_LIMIT` does not compile: validation refuses a file whose
/// patterns do not fit, and detection keeps the built-in catalogs' set apart from the user
/// catalogs', so that a user file can never push the built-in patterns over the limit.
pub fn pattern_set<S: AsRef<str>>(sources: &[S]) -> Result<regex::bytes::RegexSet, regex::Error> {
    regex::bytes::RegexSetBuilder::new(sources)
        .unicode(false)
        .size_limit(PATTERN_SET_LIMIT)
        .dfa_size_limit(PATTERN_SET_CACHE)
        .build()
}

fn check_regex(what: &str, re: &str) -> Result<regex::bytes::Regex, String> {
    compile_regex(re).map_err(|e| {
        format!(
            "{what} {re:?} does not compile: {}",
            e.to_string().lines().last().unwrap_or("")
        )
    })
}

/// Validates the wire declarations of a catalog whose tables are `tables`. The error names
/// the rule, signal or example (1-based, in file order) and the reason.
pub fn validate(
    wire: &RawWire,
    examples: &[RawExample],
    tables: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    validate_tokens(&wire.tokens, tables)?;
    for (i, r) in wire.rules.iter().enumerate() {
        validate_rule(r, tables)
            .map_err(|reason| format!("wire rule {} (table {:?}): {reason}", i + 1, r.table))?;
    }
    validate_concerns(&wire.concerns, tables)?;
    for (i, m) in wire.messages.iter().enumerate() {
        if m.key.trim().is_empty() || m.says.trim().is_empty() {
            return Err(format!("wire message {}: needs `key` and `says`", i + 1));
        }
    }
    // Checked after the concerns, as the file has always been read.
    for (i, r) in wire.rules.iter().enumerate() {
        if !matches!(r.radix, None | Some(10) | Some(16)) {
            return Err(format!(
                "wire rule {} (table {:?}): radix must be 10 or 16",
                i + 1,
                r.table
            ));
        }
    }
    patterns_fit_one_set(&wire.rules)?;
    for (i, s) in wire.signals.iter().enumerate() {
        validate_signal(s, tables).map_err(|reason| format!("wire signal {}: {reason}", i + 1))?;
    }
    validate_examples(examples)
}

fn validate_tokens(tokens: &[RawToken], tables: &dyn Fn(&str) -> bool) -> Result<(), String> {
    for (i, t) in tokens.iter().enumerate() {
        let at = |reason: &str| format!("wire token {} (table {:?}): {reason}", i + 1, t.table);
        if !tables(&t.table) {
            return Err(at("names no table of this vendor"));
        }
        if !TOKEN_PROBLEMS.contains(&t.problem.as_str()) {
            return Err(at(&format!(
                "problem {:?} is none of {}",
                t.problem,
                TOKEN_PROBLEMS.join(", ")
            )));
        }
        if t.says.trim().is_empty() {
            return Err(at("lacks `says`, why these entries report the problem"));
        }
        if (t.problem == "saml_status") != t.codes.is_empty() {
            return Err(at(
                "`codes` names the entries (none for `saml_status`, whose codes are the status values)",
            ));
        }
    }
    Ok(())
}

/// One rule: its table, evidence, exactly one of path and pattern, its regular expressions.
fn validate_rule(r: &RawRule, tables: &dyn Fn(&str) -> bool) -> Result<(), String> {
    if !tables(&r.table) {
        return Err("names no table of this vendor".into());
    }
    if r.says.trim().is_empty() {
        return Err("lacks `says`, the evidence shown to the user".into());
    }
    match (&r.path, &r.pattern) {
        (Some(p), None) => check_path(p)?,
        (None, Some(p)) => check_pattern(p, r.code.is_some())?,
        _ => return Err("needs exactly one of `path` and `pattern`".into()),
    }
    if let Some(code) = &r.code {
        if r.path.is_some() {
            return Err("`code` is for a `pattern` without a `code` capture".into());
        }
        if code.trim().is_empty() || code.trim() != code {
            return Err("`code` is empty or padded".into());
        }
    }
    for (what, re) in [("value", &r.value), ("with_value", &r.with_value)] {
        if let Some(re) = re {
            check_regex(what, re)?;
        }
    }
    if r.with_value.is_some() && r.with_key.is_none() {
        return Err("`with_value` needs `with_key`".into());
    }
    check_base(r)?;
    check_hex_digits(r)
}

/// `hex_digits` writes a shifted number as its table does: it needs `base`, and a width a
/// 64-bit number can fill.
fn check_hex_digits(r: &RawRule) -> Result<(), String> {
    match r.hex_digits {
        Some(_) if r.base.is_none() => {
            Err("`hex_digits` writes a number `base` shifted: it needs `base`".into())
        }
        Some(d) if !(1..=16).contains(&d) => Err("`hex_digits` is from 1 to 16".into()),
        _ => Ok(()),
    }
}

/// `base` shifts a captured number and `prefix` completes a captured name: each needs a
/// `pattern` with a `code` capture; a base is no 0.
fn check_base(r: &RawRule) -> Result<(), String> {
    if r.prefix.is_some() && (r.pattern.is_none() || r.code.is_some() || r.base.is_some()) {
        return Err("`prefix` is for a `pattern` with a `code` capture, without `base`".into());
    }
    match r.base {
        Some(0) => Err("`base` 0 shifts nothing: leave it out".into()),
        Some(_) if r.pattern.is_none() || r.code.is_some() => {
            Err("`base` is for a `pattern` whose `code` capture is a number".into())
        }
        _ => Ok(()),
    }
}

/// A text pattern compiles and names its code: a capture `code`, or the rule's own `code`.
fn check_pattern(p: &str, has_code: bool) -> Result<(), String> {
    let re = check_regex("pattern", p)?;
    let captures = re.capture_names().any(|n| n == Some("code"));
    match (captures, has_code) {
        (false, false) => Err(format!(
            "pattern {p:?} has no named capture `code` (nor a `code` it stands for)"
        )),
        (true, true) => Err(format!(
            "pattern {p:?} has a capture `code` and names a `code` too: one or the other"
        )),
        _ => Ok(()),
    }
}

fn validate_concerns(
    concerns: &[RawConcerns],
    tables: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    for c in concerns {
        if !tables(&c.table) {
            return Err(format!(
                "wire concerns (table {:?}): names no table of this vendor",
                c.table
            ));
        }
        if c.codes.is_empty() || c.says.trim().is_empty() {
            return Err(format!(
                "wire concerns (table {:?}): needs `codes` and `says`",
                c.table
            ));
        }
    }
    Ok(())
}

/// Each pattern compiles; together they must fit one set too, or none of them would match.
fn patterns_fit_one_set(rules: &[RawRule]) -> Result<(), String> {
    let patterns: Vec<&str> = (rules.iter())
        .filter_map(|r| r.pattern.as_deref())
        .collect();
    if !patterns.is_empty()
        && matches!(pattern_set(&patterns), Err(regex::Error::CompiledTooBig(_)))
    {
        return Err(format!(
            "wire patterns: the {} text patterns together exceed the regex size limit ({} MiB compiled); large bounded repetitions such as {{10000}} cost most",
            patterns.len(),
            PATTERN_SET_LIMIT >> 20
        ));
    }
    Ok(())
}

fn validate_signal(s: &RawSignal, tables: &dyn Fn(&str) -> bool) -> Result<(), String> {
    if s.says.trim().is_empty() {
        return Err("lacks `says`".into());
    }
    if !(1..=9).contains(&s.weight) {
        return Err("weight must be 1 to 9".into());
    }
    let kinds = [s.key.is_some(), s.text.is_some(), s.code.is_some()];
    if kinds.iter().filter(|k| **k).count() != 1 {
        return Err("needs exactly one of `key`, `text` and `code`".into());
    }
    if (s.value.is_some() || s.value_in_table.is_some()) && s.key.is_none() {
        return Err("`value` and `value_in_table` need `key`".into());
    }
    for (what, re) in [("value", &s.value), ("code", &s.code)] {
        if let Some(re) = re {
            check_regex(what, re)?;
        }
    }
    if s.names_vendor && s.table.is_none() {
        return Err("names_vendor without a table".into());
    }
    for (what, table) in [("value_in_table", &s.value_in_table), ("table", &s.table)] {
        if let Some(t) = table {
            if !tables(t) {
                return Err(format!("{what} {t:?} names no table"));
            }
        }
    }
    Ok(())
}

fn validate_examples(examples: &[RawExample]) -> Result<(), String> {
    for (i, e) in examples.iter().enumerate() {
        let at = |reason: String| format!("example {}: {reason}", i + 1);
        if e.input.trim().is_empty() {
            return Err(at("input is empty".into()));
        }
        // The code is the rest after vendor and table: it may hold spaces (`jwt expired`).
        for f in &e.finds {
            if f.trim_start_matches('?').split_whitespace().count() < 3 {
                return Err(at(format!("finds {f:?} is not \"vendor table code\"")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        for ok in [
            "code",
            "hid_failure.reason",
            "errors[].message.code",
            "**.code",
            "*.x",
        ] {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a..b", "a b", "a[0]", "a.(b)"] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }
}

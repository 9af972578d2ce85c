//! Raw-error detection: find vendor, table and code in a pasted response body or log text.
//!
//! A lenient scanner (no recursion, bounded depth) reads JSON, JavaScript-style object
//! literals (bare keys, single quotes), JSON inside log lines, several bodies in a row and
//! unterminated bodies, and yields `path = value` pairs grouped by top-level object. Rules
//! per vendor turn those pairs into findings, using the shapes each vendor's errors take on
//! the wire. serde_json alone is not enough: it rejects object literals, truncated bodies
//! and surrounding log text, which is what people paste. Text outside any object is
//! scanned for `code is N`-style phrases and for symbolic codes.
//!
//! Nothing of the input is echoed beyond the code and where it was found.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::catalog::{Catalog, Hit, normalize_code};
use crate::cli::Format;
use crate::render;
use crate::sanitize::echo;
use crate::term::Term;

/// Deeper nesting is skipped, not followed: real error bodies are shallow.
const MAX_DEPTH: usize = 64;
/// Bodies inside string values are scanned, but not strings inside those.
const MAX_REPARSE: usize = 2;
/// At most this many findings are reported.
const MAX_FINDINGS: usize = 200;

/// One scalar member of an object (or element of an array) in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// `hid_failure.reason`, `errors[0].message.code`.
    pub path: String,
    /// The last key of the path.
    pub key: String,
    pub value: String,
    /// Which top-level object it belongs to.
    pub group: usize,
    /// 1-based line of the value.
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub pairs: Vec<Pair>,
    /// Byte ranges of text outside any object.
    pub outside: Vec<(usize, usize)>,
}

enum Frame {
    Object {
        path: String,
        key: Option<String>,
        expect_value: bool,
    },
    Array {
        path: String,
        index: usize,
    },
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Scans `text` for objects and their scalar members.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut groups = 0;
    scan_into(text, "", 0, 0, &mut out, Grouping::TopLevel(&mut groups));
    out
}

/// Which object the pairs of a scan belong to.
enum Grouping<'g> {
    /// Each top-level object is a group of its own; the counter numbers them.
    TopLevel(&'g mut usize),
    /// A body inside a string value belongs to the object holding that string.
    Within(usize),
}

fn scan_into(
    text: &str,
    prefix: &str,
    line_base: usize,
    reparse: usize,
    out: &mut Scan,
    mut grouping: Grouping<'_>,
) {
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    let mut overflow = 0usize;
    let mut i = 0;
    let mut line = line_base + 1;
    let mut outside_start = 0;
    let top = matches!(grouping, Grouping::TopLevel(_));
    let mut group = match &grouping {
        Grouping::TopLevel(n) => **n,
        Grouping::Within(g) => *g,
    };
    while i < bytes.len() {
        let b = bytes[i];
        if frames.is_empty() && overflow == 0 {
            if b == b'\n' {
                line += 1;
            }
            if b == b'{' {
                if top && outside_start < i {
                    out.outside.push((outside_start, i));
                }
                if let Grouping::TopLevel(n) = &mut grouping {
                    **n += 1;
                    group = **n;
                }
                frames.push(Frame::Object {
                    path: prefix.to_string(),
                    key: None,
                    expect_value: false,
                });
            }
            i += 1;
            continue;
        }
        match b {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'{' | b'[' => {
                if frames.len() >= MAX_DEPTH || overflow > 0 {
                    overflow += 1;
                } else {
                    let path = match frames.last_mut() {
                        Some(Frame::Object {
                            path,
                            key,
                            expect_value,
                        }) => {
                            let p = join(path, key.as_deref().unwrap_or("?"));
                            *expect_value = false;
                            p
                        }
                        Some(Frame::Array { path, index }) => format!("{path}[{index}]"),
                        None => prefix.to_string(),
                    };
                    frames.push(if b == b'{' {
                        Frame::Object {
                            path,
                            key: None,
                            expect_value: false,
                        }
                    } else {
                        Frame::Array { path, index: 0 }
                    });
                }
                i += 1;
            }
            b'}' | b']' => {
                if overflow > 0 {
                    overflow -= 1;
                } else {
                    frames.pop();
                }
                i += 1;
                if frames.is_empty() && overflow == 0 {
                    outside_start = i;
                }
            }
            b':' | b'=' => {
                if let Some(Frame::Object {
                    expect_value, key, ..
                }) = frames.last_mut()
                {
                    *expect_value = key.is_some();
                }
                i += 1;
            }
            b',' | b';' => {
                match frames.last_mut() {
                    Some(Frame::Object {
                        key, expect_value, ..
                    }) => {
                        *key = None;
                        *expect_value = false;
                    }
                    Some(Frame::Array { index, .. }) => *index += 1,
                    None => {}
                }
                i += 1;
            }
            _ => {
                let start_line = line;
                let (token, quoted, next) = read_token(text, i, &mut line);
                i = next.max(i + 1);
                if overflow > 0 {
                    continue;
                }
                let (path, key) = match frames.last_mut() {
                    Some(Frame::Object {
                        key,
                        expect_value,
                        path,
                    }) => {
                        if !*expect_value {
                            *key = Some(token);
                            continue;
                        }
                        *expect_value = false;
                        let k = key.clone().unwrap_or_default();
                        (join(path, &k), k)
                    }
                    Some(Frame::Array { path, index }) => {
                        let k = path.rsplit('.').next().unwrap_or("").to_string();
                        (format!("{path}[{index}]"), k)
                    }
                    None => continue,
                };
                let trimmed = token.trim_start();
                if quoted && reparse < MAX_REPARSE && trimmed.starts_with('{') {
                    scan_into(
                        &token,
                        &path,
                        start_line - 1,
                        reparse + 1,
                        out,
                        Grouping::Within(group),
                    );
                }
                out.pairs.push(Pair {
                    path,
                    key,
                    value: token,
                    group,
                    line: start_line,
                });
            }
        }
    }
    if top && frames.is_empty() && outside_start < bytes.len() {
        out.outside.push((outside_start, bytes.len()));
    }
}

/// Reads a quoted string or a bare word at `i`; returns it, whether it was quoted, and the
/// index after it.
fn read_token(text: &str, i: usize, line: &mut usize) -> (String, bool, usize) {
    let bytes = text.as_bytes();
    let quote = bytes[i];
    if quote == b'"' || quote == b'\'' {
        let mut value = String::new();
        let mut chars = text[i + 1..].char_indices();
        while let Some((j, c)) = chars.next() {
            match c {
                c if c as u32 == quote as u32 => return (value, true, i + 1 + j + 1),
                '\\' => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, 'u')) => {
                        let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                        value.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some((_, other)) => value.push(other),
                    None => break,
                },
                '\n' => {
                    *line += 1;
                    value.push(c);
                }
                c => value.push(c),
            }
        }
        return (value, true, bytes.len());
    }
    let end = text[i..]
        .find(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '{' | '}' | '[' | ']' | ':' | ',' | '"' | '\'' | ';' | '='
                )
        })
        .map_or(bytes.len(), |n| i + n);
    // A lone delimiter the caller does not handle (Unicode white space): step over the
    // whole character, never into it.
    let end = end.max(i + text[i..].chars().next().map_or(1, char::len_utf8));
    (text[i..end].to_string(), false, end)
}

/// One identified (or candidate) entry in the input.
#[derive(Debug, Clone)]
pub struct Finding<'a> {
    pub hit: Hit<'a>,
    /// JSON path of the value, or `line L, column C` in log text.
    pub found_at: String,
    pub line: usize,
    /// Why this vendor and table: the signals, never the input's values.
    pub evidence: Vec<String>,
    /// 1 for a decided finding; the rank among candidates when the signals did not decide.
    pub rank: usize,
    pub candidates: usize,
}

struct Group<'p> {
    pairs: Vec<&'p Pair>,
}

impl<'p> Group<'p> {
    fn has_key(&self, key: &str) -> bool {
        self.pairs.iter().any(|p| {
            p.key.eq_ignore_ascii_case(key)
                || p.path.split('.').any(|s| s.eq_ignore_ascii_case(key))
        })
    }
    fn value(&self, key: &str) -> Option<&'p Pair> {
        self.pairs
            .iter()
            .copied()
            .find(|p| p.key.eq_ignore_ascii_case(key))
    }
}

/// Does `s` look like an IDaaS request id, `<13-digit epoch ms>$<uuid>`?
fn is_idaas_request_id(s: &str) -> bool {
    let Some((ms, uuid)) = s.split_once('$') else {
        return false;
    };
    ms.len() == 13
        && ms.bytes().all(|b| b.is_ascii_digit())
        && uuid.len() == 36
        && uuid.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

fn same_text(a: &str, b: &str) -> bool {
    a.trim()
        .trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim().trim_end_matches('.'))
}

/// Entries of `vendor`'s `tables` with this code, or whose title is this value
/// (Facephi sends liveness names such as `NoLive` too).
fn in_tables<'a>(catalog: &'a Catalog, vendor: &str, tables: &[&str], value: &str) -> Vec<Hit<'a>> {
    let Some(v) = catalog.vendor(vendor) else {
        return Vec::new();
    };
    let mut hits: Vec<Hit<'a>> = catalog
        .lookup(Some(v), value)
        .into_iter()
        .filter(|h| tables.contains(&h.entry.table))
        .collect();
    if hits.is_empty() {
        hits = v
            .entries
            .iter()
            .filter(|e| tables.contains(&e.table) && e.title.is_some_and(|t| same_text(t, value)))
            .map(|entry| Hit { vendor: v, entry })
            .collect();
    }
    hits
}

struct Detector<'a, 'p> {
    catalog: &'a Catalog,
    text: &'p str,
    findings: Vec<Finding<'a>>,
    /// A byte offset of `text` and its 1-based line.
    cursor: (usize, usize),
}

impl<'a> Detector<'a, '_> {
    fn push(&mut self, hits: Vec<Hit<'a>>, pair: &Pair, evidence: Vec<String>) -> bool {
        let n = hits.len();
        for (i, hit) in hits.into_iter().enumerate() {
            let duplicate = self.findings.iter().any(|f| {
                f.found_at == pair.path
                    && f.line == pair.line
                    && f.hit.vendor.id == hit.vendor.id
                    && f.hit.entry.key == hit.entry.key
                    && f.hit.entry.table == hit.entry.table
            });
            if !duplicate {
                let mut evidence = evidence.clone();
                if n > 1 {
                    evidence.push(format!(
                        "candidate {} of {n}: the signals do not tell these tables apart",
                        i + 1
                    ));
                }
                self.findings.push(Finding {
                    hit,
                    found_at: pair.path.clone(),
                    line: pair.line,
                    evidence,
                    rank: i + 1,
                    candidates: n,
                });
            }
        }
        n > 0
    }

    fn group(&mut self, g: &Group<'_>) {
        let hid = g.has_key("hid_failure") || g.has_key("hid_error");
        let request_id = g
            .value("requestId")
            .is_some_and(|p| is_idaas_request_id(&p.value));
        let scim = g
            .pairs
            .iter()
            .any(|p| p.key == "schemas" && p.value.contains("urn:ietf:params:scim"));
        let mut used: Vec<&Pair> = Vec::new();

        for p in &g.pairs {
            let lower_path = p.path.to_ascii_lowercase();
            // HID: hid_failure.reason / hid_error(.reason) / SCIM errorCode.
            if lower_path.ends_with("hid_failure.reason") {
                let hits = in_tables(self.catalog, "hid", &["hid_failure"], &p.value);
                if self.push(
                    hits,
                    p,
                    vec!["a hid_failure object with a reason: HID's token-error shape".into()],
                ) {
                    used.push(p);
                }
            } else if lower_path.ends_with("hid_error.reason")
                || (p.key.eq_ignore_ascii_case("hid_error") && !p.path.contains('['))
            {
                let hits = in_tables(self.catalog, "hid", &["hid_error"], &p.value);
                if self.push(
                    hits,
                    p,
                    vec!["a hid_error reason code: HID's ErrorConstants numbering".into()],
                ) {
                    used.push(p);
                }
            } else if p.key == "errorCode" && scim {
                let hits = in_tables(self.catalog, "hid", &["hid_error"], &p.value);
                if self.push(hits, p, vec!["a SCIM error (schemas urn:ietf:params:scim...) whose errorCode uses HID's hid_error numbering".into()]) {
                    used.push(p);
                }
            }
            // Facephi: service* result fields.
            let facephi = match p.key.as_str() {
                "serviceResultCode" => {
                    let endpoint: &[&str] = if self.text.contains("authenticateUser") {
                        &["authenticate_user", "result"]
                    } else if self.text.contains("updateUserTemplate") {
                        &["update_user_template", "result"]
                    } else {
                        &["result", "authenticate_user", "update_user_template"]
                    };
                    Some((
                        endpoint,
                        "serviceResultCode: Facephi's service result field",
                    ))
                }
                "serviceLivenessResult" => Some((
                    &["liveness"][..],
                    "serviceLivenessResult: Facephi's liveness field",
                )),
                "serviceFacialAuthenticationResult" => Some((
                    &["facial_authentication"][..],
                    "serviceFacialAuthenticationResult: Facephi's face-match field",
                )),
                _ => None,
            };
            if let Some((tables, why)) = facephi {
                let mut hits = in_tables(self.catalog, "facephi", tables, &p.value);
                hits.sort_by_key(|h| tables.iter().position(|t| *t == h.entry.table));
                // One endpoint named in the input decides between the endpoint tables.
                if tables.len() == 2 && hits.len() > 1 {
                    hits.truncate(1);
                }
                let mut evidence = vec![why.to_string()];
                if g.has_key("serviceTransactionId") {
                    evidence.push("serviceTransactionId present".into());
                }
                if self.push(hits, p, evidence) {
                    used.push(p);
                }
            }
            // Authing: apiCode envelope and GraphQL errors[].message.code.
            if p.key == "apiCode" {
                let mut evidence = vec![
                    "apiCode: Authing's {uniqueId, statusCode, message, apiCode, data} envelope"
                        .to_string(),
                ];
                if g.has_key("uniqueId") {
                    evidence.push("uniqueId present".into());
                }
                if self.push(
                    in_tables(self.catalog, "authing", &["code"], &p.value),
                    p,
                    evidence,
                ) {
                    used.push(p);
                }
            }
            if p.key == "code" && p.path.starts_with("errors[") && p.path.contains(".message.") {
                let evidence =
                    vec!["errors[].message.code: Authing's GraphQL error shape".to_string()];
                if self.push(
                    in_tables(self.catalog, "authing", &["code"], &p.value),
                    p,
                    evidence,
                ) {
                    used.push(p);
                }
            }
            // Alibaba Cloud IDaaS: OAuth error and CIAM message key.
            if p.key == "error" && !hid {
                let mut evidence =
                    vec!["an OAuth error value (error) that IDaaS documents".to_string()];
                if request_id {
                    evidence.push("requestId has IDaaS's <epoch ms>$<uuid> form".into());
                }
                if g.has_key("error_uri") {
                    evidence.push("error_uri present".into());
                }
                if self.push(
                    in_tables(self.catalog, "idaas", &["oauth"], &p.value),
                    p,
                    evidence,
                ) {
                    used.push(p);
                }
            }
            if p.key == "message" && !p.value.contains(' ') && p.value.contains('.') {
                let mut evidence = vec!["message holds an IDaaS CIAM message key".to_string()];
                if let Some(code) = g
                    .value("code")
                    .filter(|c| !in_tables(self.catalog, "idaas", &["code"], &c.value).is_empty())
                {
                    evidence.push(format!(
                        "code beside it, {}, is an IDaaS CIAM error code",
                        echo(&code.value)
                    ));
                    used.push(code);
                }
                if request_id {
                    evidence.push("requestId has IDaaS's <epoch ms>$<uuid> form".into());
                }
                if self.push(
                    in_tables(self.catalog, "idaas", &["message"], &p.value),
                    p,
                    evidence,
                ) {
                    used.push(p);
                }
            }
        }

        // A bare `code` (Authing, OpenHarmony BusinessError, IDaaS category, ...): rank vendors.
        for p in &g.pairs {
            let is_code_key = matches!(
                p.key.as_str(),
                "code" | "errCode" | "errorCode" | "error_code"
            );
            if !is_code_key
                || used.iter().any(|u| std::ptr::eq(*u, *p))
                || self
                    .findings
                    .iter()
                    .any(|f| f.line == p.line && f.found_at == p.path)
            {
                continue;
            }
            let candidates = self.catalog.lookup(None, &p.value);
            if candidates.is_empty() {
                continue;
            }
            let sibling_message = g.pairs.iter().find(|m| {
                m.key == "message"
                    && m.path.rsplit_once('.').map(|x| x.0) == p.path.rsplit_once('.').map(|x| x.0)
            });
            let mut scored: Vec<(i32, Hit<'a>, Vec<String>)> = candidates
                .into_iter()
                .map(|h| {
                    let mut score = 0;
                    let mut why = Vec::new();
                    if let Some(m) = sibling_message {
                        let matches = same_text(h.entry.message, &m.value)
                            || h.entry
                                .variants
                                .iter()
                                .any(|v| v.message.is_some_and(|x| same_text(x, &m.value)));
                        if matches {
                            score += 8;
                            why.push("the message beside it is this entry's text".to_string());
                        }
                    }
                    match h.vendor.id {
                        "authing" => {
                            if g.has_key("data") {
                                score += 3;
                                why.push(
                                    "a {code, message, data} body: Authing's error shape".into(),
                                );
                            } else {
                                // No score: it only orders a tie, Authing's wire key being `code`.
                                why.push("Authing's errors carry code".into());
                            }
                        }
                        "openharmony" => {
                            if self.text.contains("BusinessError") {
                                score += 3;
                                why.push(
                                    "BusinessError named in the input: OpenHarmony's error type"
                                        .into(),
                                );
                            }
                            if p.value.len() >= 8 {
                                score += 2;
                                why.push("an 8-digit userIAM code".into());
                            }
                        }
                        "idaas" => {
                            if request_id {
                                score += 3;
                                why.push("requestId has IDaaS's <epoch ms>$<uuid> form".into());
                            }
                            if g.has_key("success") {
                                score += 2;
                                why.push(
                                    "a {success, code, message} body: IDaaS's CIAM shape".into(),
                                );
                            }
                        }
                        "hid" if hid => {
                            score += 3;
                            why.push("HID hid_* members present".into());
                        }
                        _ => {}
                    }
                    (score, h, why)
                })
                .collect();
            scored.sort_by_key(|(s, h, _)| (std::cmp::Reverse(*s), h.vendor.id != "authing"));
            let decided = scored.len() == 1 || scored[0].0 > scored[1].0;
            if decided {
                let (_, hit, mut why) = scored.swap_remove(0);
                if why.is_empty() {
                    why.push(format!(
                        "code {} is in one catalog only",
                        echo(hit.entry.code)
                    ));
                }
                why.insert(0, format!("the member `{}`", echo(&p.key)));
                self.push(vec![hit], p, why);
            } else {
                let n = scored.len();
                for (i, (_, hit, mut why)) in scored.into_iter().enumerate() {
                    why.insert(0, format!("ambiguous: code {} is in {n} catalogs and nothing in the input tells them apart; candidate {} of {n}", echo(hit.entry.code), i + 1));
                    self.findings.push(Finding {
                        hit,
                        found_at: p.path.clone(),
                        line: p.line,
                        evidence: why,
                        rank: i + 1,
                        candidates: n,
                    });
                }
            }
        }

        // Nothing yet: a message that is some entry's exact text (RFC 9457 bodies, runtime messages).
        if !self.findings.iter().any(|f| {
            g.pairs
                .iter()
                .any(|p| p.line == f.line && p.path == f.found_at)
        }) {
            for p in g
                .pairs
                .iter()
                .filter(|p| matches!(p.key.as_str(), "message" | "detail" | "error_description"))
            {
                let hits: Vec<Hit<'a>> = self
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
                    .collect();
                let mut evidence = vec![format!(
                    "{} is the catalogued message of this entry",
                    echo(&p.key)
                )];
                if g.has_key("status") && g.has_key("title") {
                    evidence
                        .push("an RFC 9457 problem-details body (status, title, detail)".into());
                }
                self.push(hits, p, evidence);
            }
        }
    }

    /// Log text: `code is N`, `error: N`, `errCode=N`, and symbolic codes anywhere.
    fn text(&mut self, start: usize, end: usize) {
        // Lines are counted from the previous segment on, never from the start again.
        let (from, line0) = self.cursor;
        let start_line = line0
            + self.text.as_bytes()[from..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        self.cursor = (start, start_line);
        let keyword = |w: &str| {
            let w = w.trim_end_matches([':', '=']).to_ascii_lowercase();
            matches!(
                w.as_str(),
                "code"
                    | "error"
                    | "err"
                    | "errcode"
                    | "errorcode"
                    | "error_code"
                    | "reason"
                    | "status"
                    | "hid_error"
                    | "hid_failure"
            )
        };
        for (i, text_line) in self.text[start..end].split_inclusive('\n').enumerate() {
            if self.findings.len() >= MAX_FINDINGS {
                return;
            }
            let line = start_line + i;
            let words: Vec<(usize, &str)> = token_positions(text_line);
            let business_error = text_line.contains("BusinessError");
            for (n, &(pos, word)) in words.iter().enumerate() {
                let key = normalize_code(
                    word.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ')' | '(')),
                );
                if key.is_empty() {
                    continue;
                }
                let numeric = key.parse::<i64>().is_ok();
                let after_keyword = n >= 1
                    && (keyword(words[n - 1].1)
                        || (n >= 2
                            && matches!(
                                words[n - 1].1.to_ascii_lowercase().as_str(),
                                "is" | "=" | ":"
                            )
                            && keyword(words[n - 2].1)));
                let symbolic = !numeric
                    && (key.contains('_') || key.contains('.'))
                    && key.bytes().any(|b| b.is_ascii_alphabetic());
                if !(symbolic || numeric && after_keyword) {
                    continue;
                }
                let hits = self.catalog.lookup(None, &key);
                if hits.is_empty() {
                    continue;
                }
                let column = text_line[..pos].chars().count() + 1;
                let pair = Pair {
                    path: format!("line {line}, column {column}"),
                    key: String::new(),
                    value: key.to_string(),
                    group: 0,
                    line,
                };
                let mut evidence = vec![if numeric {
                    "a code named in log text".to_string()
                } else {
                    "a symbolic code in log text".to_string()
                }];
                if business_error && hits.iter().any(|h| h.vendor.id == "openharmony") {
                    evidence
                        .push("BusinessError named in the line: OpenHarmony's error type".into());
                }
                let oh: Vec<Hit<'a>> = hits
                    .iter()
                    .copied()
                    .filter(|h| h.vendor.id == "openharmony")
                    .collect();
                let hits = if !oh.is_empty() && evidence.len() > 1 {
                    oh
                } else {
                    hits
                };
                if hits.len() > 1 {
                    evidence.push(format!(
                        "ambiguous: code {} is in {} catalogs",
                        echo(&key),
                        hits.len()
                    ));
                }
                self.push(hits, &pair, evidence);
            }
        }
    }
}

fn token_positions(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let part = !c.is_whitespace()
            && !matches!(
                c,
                '"' | '\'' | '`' | '[' | ']' | '{' | '}' | '<' | '>' | '|'
            );
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            _ => {}
        }
        if c == '=' || c == ':' {
            // `code=12500009`, `code:5`: split after the sign as well.
            if let Some(st) = start {
                out.push((st, &s[st..=i]));
                start = None;
            }
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// Finds every code the input names, in input order.
pub fn detect<'a>(catalog: &'a Catalog, text: &str) -> Vec<Finding<'a>> {
    let scanned = scan(text);
    let mut detector = Detector {
        catalog,
        text,
        findings: Vec::new(),
        cursor: (0, 1),
    };
    let mut i = 0;
    // Pairs arrive grouped by object, in order.
    while i < scanned.pairs.len() && detector.findings.len() < MAX_FINDINGS {
        let group = scanned.pairs[i].group;
        let start = i;
        while i < scanned.pairs.len() && scanned.pairs[i].group == group {
            i += 1;
        }
        detector.group(&Group {
            pairs: scanned.pairs[start..i].iter().collect(),
        });
    }
    for &(start, end) in &scanned.outside {
        if detector.findings.len() >= MAX_FINDINGS {
            break;
        }
        detector.text(start, end);
    }
    let mut findings = detector.findings;
    findings.sort_by_key(|f| (f.line, f.rank));
    findings
}

#[derive(Serialize)]
struct FindingJson {
    #[serde(flatten)]
    entry: render::json::EntryJson,
    found_at: String,
    line: usize,
    evidence: Vec<String>,
    rank: usize,
    candidates: usize,
}

/// `autherr explain -`: detect, then explain every finding.
pub fn explain_raw(
    catalog: &Catalog,
    bytes: &[u8],
    format: Format,
    term: &Term,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<crate::Outcome> {
    let text = String::from_utf8_lossy(bytes);
    let findings = detect(catalog, &text);
    if findings.is_empty() {
        writeln!(
            err,
            "autherr: no known error code found in the input ({})",
            render::count(bytes.len(), "byte", "bytes")
        )?;
        if format == Format::Json {
            render::json::write(out, &[(); 0])?;
        }
        return Ok(crate::Outcome::NotFound);
    }
    if findings.len() >= MAX_FINDINGS {
        writeln!(err, "autherr: showing the first {MAX_FINDINGS} findings")?;
    }
    if format == Format::Json {
        let items: Vec<FindingJson> = findings
            .iter()
            .map(|f| FindingJson {
                entry: render::json::EntryJson::new(catalog, &f.hit),
                found_at: f.found_at.clone(),
                line: f.line,
                evidence: f.evidence.clone(),
                rank: f.rank,
                candidates: f.candidates,
            })
            .collect();
        render::json::write(out, &items)?;
        return Ok(crate::Outcome::Found);
    }
    let items = findings.iter().map(|f| {
        let found = if f.found_at.starts_with("line ") {
            f.found_at.clone()
        } else {
            format!("{} (line {})", f.found_at, f.line)
        };
        let mut extra = vec![
            ("Found at".to_string(), found),
            ("Evidence".to_string(), f.evidence.join("; ")),
        ];
        if f.candidates > 1 {
            extra.insert(
                0,
                (
                    "Candidate".to_string(),
                    format!("{} of {}", f.rank, f.candidates),
                ),
            );
        }
        (f.hit, extra)
    });
    render::explain::entries(out, catalog, items, term)?;
    Ok(crate::Outcome::Found)
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
                    f.found_at,
                )
            })
            .collect()
    }

    fn t(v: &str, table: &str, code: &str, at: &str) -> (String, String, String, String) {
        (v.into(), table.into(), code.into(), at.into())
    }

    #[test]
    fn scanner_reads_object_literals_and_nesting() {
        let s = scan("log: {message: 'busy', code: 1000, data: null, x: {y: [1, {z: \"q\"}]}}");
        let paths: Vec<_> = s
            .pairs
            .iter()
            .map(|p| (p.path.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("message", "busy"),
                ("code", "1000"),
                ("data", "null"),
                ("x.y[0]", "1"),
                ("x.y[1].z", "q")
            ]
        );
        assert_eq!(s.outside, [(0, 5)]);
    }

    #[test]
    fn scanner_survives_deep_and_unterminated_input() {
        let deep = "{\"a\":".repeat(100_000) + "1";
        assert!(scan(&deep).pairs.is_empty());
        let s = scan("{\"code\": 12500009, \"message\": \"unterminated");
        assert_eq!(s.pairs[0].value, "12500009");
    }

    #[test]
    fn hid_failure_reason() {
        let body = r#"{"hid_failure":{"reason":51,"context":{"TM_ACTION_ID":"4481"},"authType":"AT_CUSTPW"},"error_description":"Invalid grant: Step-up authentication required","error":"invalid_grant"}"#;
        assert_eq!(
            found(body),
            [t("hid", "hid_failure", "51", "hid_failure.reason")]
        );
    }

    #[test]
    fn bare_code_is_ambiguous_and_ranked() {
        let f = found(r#"{"code":1000}"#);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "authing");
        assert_eq!(f[1], t("hid", "hid_error", "1000", "code"));
    }

    #[test]
    fn authing_body_decides() {
        assert_eq!(
            found("{ message: 'Incorrect password', code: 2006, data: null }"),
            [t("authing", "code", "2006", "code")]
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
    fn idaas_request_id() {
        assert!(is_idaas_request_id(
            "1658384361768$ca725dc4-182f-7562-17d2-53e6acf6a3ac"
        ));
        assert!(!is_idaas_request_id("1658384361768$nope"));
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

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
                prop_assert!(!f.found_at.is_empty());
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
            prop_assert!(found.iter().any(|f| f.hit.vendor.id == "authing" && f.hit.entry.code == e.code && f.found_at == "code"));
        }
    }
}

//! `autherr inspect` (and the tail of `explain -`): JWTs and SAML responses found in a paste,
//! decoded offline, judged against the clock, and their problems linked to the catalog
//! entries that report them (declared in the catalogs as `[[wire.tokens]]`).
//!
//! Nothing here verifies or prints a signature. Everything read from a token is untrusted:
//! sizes are capped (`decode::MAX_TOKEN`, `decode::MAX_XML`), JSON nesting is bounded by
//! serde_json's recursion limit, XML by `xml::MAX_DEPTH`, and no XML entity is expanded.

pub mod decode;
pub mod render;
pub mod xml;

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::catalog::{Catalog, Hit};

/// The clock skew stated beside every time judged (five minutes).
pub const SKEW: i64 = 300;

/// One problem found in a token, with the entries that report it.
#[derive(Debug)]
pub struct Problem<'a> {
    /// One of `schema::wire::TOKEN_PROBLEMS` (or `audience`, `conditions`, reported by no entry).
    pub kind: &'static str,
    pub says: String,
    pub entries: Vec<Hit<'a>>,
}

/// A time claim or attribute: its name, value and how it stands against the clock.
#[derive(Debug)]
pub struct Time {
    pub name: String,
    pub secs: i64,
    pub relative: String,
}

#[derive(Debug)]
pub struct Jwt<'a> {
    /// `jws`, `unsigned`, `jwe` or `malformed`.
    pub form: &'static str,
    pub header: Map<String, Value>,
    /// The registered claims present, in the order of `REGISTERED`.
    pub claims: Vec<(String, Value)>,
    pub other: Map<String, Value>,
    pub times: Vec<Time>,
    pub problems: Vec<Problem<'a>>,
}

#[derive(Debug, Default)]
pub struct Saml<'a> {
    /// How it was found: `xml`, `base64 (POST binding)`, `deflate+base64 (redirect binding)`.
    pub encoding: &'static str,
    pub root: String,
    /// (label, value) pairs in display order.
    pub fields: Vec<(String, String)>,
    pub status: Vec<Hit<'a>>,
    pub times: Vec<Time>,
    pub problems: Vec<Problem<'a>>,
}

#[derive(Debug)]
pub enum Token<'a> {
    Jwt(Box<Jwt<'a>>),
    Saml(Box<Saml<'a>>),
    /// Something that looked like a token but cannot be read: what and why.
    Refused {
        what: &'static str,
        why: String,
    },
}

pub const REGISTERED: &[&str] = &[
    "iss", "sub", "aud", "exp", "nbf", "iat", "azp", "scp", "scope", "roles", "tid", "jti",
];

static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"eyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){1,4}").expect("valid regex")
});
static B64: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/%]{60,}(?:=|%3[Dd])*").expect("valid regex"));
static XML_RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(?:[A-Za-z0-9_]+:)?(?:Response|LogoutResponse|ArtifactResponse)[ \t\r\n>]")
        .expect("valid regex")
});

/// What the catalogs declare: for each problem, the entries that report it.
pub struct Links<'a> {
    catalog: &'a Catalog,
    decls: Vec<(&'a crate::catalog::Vendor, crate::catalog::model::WireToken)>,
}

impl<'a> Links<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        let mut decls = Vec::new();
        for v in catalog.vendors() {
            decls.extend(v.wire.tokens.iter().map(|t| (v, t)));
        }
        Links { catalog, decls }
    }

    fn entries(&self, problem: &str) -> Vec<Hit<'a>> {
        let mut out: Vec<Hit<'a>> = Vec::new();
        for (v, t) in self.decls.iter().filter(|(_, t)| t.problem == problem) {
            for code in t.codes {
                for h in self.catalog.lookup(Some(v), code) {
                    let dup = out.iter().any(|o| {
                        o.vendor.id == h.vendor.id
                            && o.entry.table == h.entry.table
                            && o.entry.code == h.entry.code
                    });
                    if h.entry.table == t.table && !dup {
                        out.push(h);
                    }
                }
            }
        }
        out
    }

    fn status(&self, value: &str) -> Vec<Hit<'a>> {
        let mut out = Vec::new();
        for (v, t) in self
            .decls
            .iter()
            .filter(|(_, t)| t.problem == "saml_status")
        {
            out.extend(
                self.catalog
                    .lookup(Some(v), value)
                    .into_iter()
                    .filter(|h| h.entry.table == t.table),
            );
        }
        out
    }

    fn problem(&self, kind: &'static str, says: String) -> Problem<'a> {
        Problem {
            kind,
            says,
            entries: self.entries(kind),
        }
    }
}

/// Options of a look inside.
#[derive(Debug, Clone)]
pub struct Judge {
    pub now: i64,
    pub audience: Option<String>,
}

fn relative(secs: i64, now: i64, past: &str, future: &str) -> String {
    let d = secs - now;
    if d <= 0 {
        format!("{past} {} ago", decode::span(d))
    } else {
        format!("{future} in {}", decode::span(d))
    }
}

fn skew_note(d: i64) -> &'static str {
    if d.abs() <= SKEW {
        ", within the five-minute clock skew some validators allow"
    } else {
        ""
    }
}

/// Every token in `text`, in order of appearance (at most `max`).
pub fn find<'a>(links: &Links<'a>, text: &str, judge: &Judge, max: usize) -> Vec<Token<'a>> {
    let mut found: Vec<(usize, Token<'a>)> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for m in JWT.find_iter(text) {
        if found.len() >= max {
            break;
        }
        taken.push((m.start(), m.end()));
        let next = text[m.end()..].chars().next();
        let token = match next {
            Some(c) if !(c.is_whitespace() || "\"'`,;&)]}><\\".contains(c)) => Token::Refused {
                what: "JWT",
                why: format!(
                    "invalid base64: {:?} at byte {} of the token",
                    c.escape_default().to_string(),
                    m.len() + 1
                ),
            },
            _ => jwt(links, m.as_str(), judge),
        };
        found.push((m.start(), token));
    }
    if let Some(m) = XML_RESPONSE.find(text) {
        // The prolog belongs to the document: a DOCTYPE before the root is read (and refused).
        let before = &text[..m.start()];
        let start = ["<?xml", "<!DOCTYPE", "<!doctype"]
            .iter()
            .filter_map(|p| before.find(p))
            .min()
            .unwrap_or(m.start());
        found.push((start, saml_xml(links, &text[start..], "XML", judge)));
        taken.push((start, text.len()));
    }
    for m in B64.find_iter(text) {
        if found.len() >= max {
            break;
        }
        if taken.iter().any(|&(s, e)| m.start() < e && s < m.end()) {
            continue;
        }
        if let Some(t) = saml_base64(links, m.as_str(), judge) {
            found.push((m.start(), t));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, t)| t).collect()
}

fn json_part(part: &str, what: &str) -> Result<Map<String, Value>, String> {
    let bytes = decode::base64(part).map_err(|e| format!("the {what}: {e}"))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(format!("the {what} is JSON but no object")),
        Err(e) => Err(format!("the {what} is no JSON: {e}")),
    }
}

/// Decodes and judges one compact JWT.
pub fn jwt<'a>(links: &Links<'a>, token: &str, judge: &Judge) -> Token<'a> {
    if token.len() > decode::MAX_TOKEN {
        return Token::Refused {
            what: "JWT",
            why: format!(
                "a token of {} bytes is longer than the {} KiB autherr reads",
                token.len(),
                decode::MAX_TOKEN / 1024
            ),
        };
    }
    let parts: Vec<&str> = token.split('.').collect();
    if let Some(bad) = parts.iter().find_map(|p| decode::base64(p).err()) {
        return Token::Refused {
            what: "JWT",
            why: bad,
        };
    }
    let header = match json_part(parts[0], "header") {
        Ok(h) => h,
        Err(why) => return Token::Refused { what: "JWT", why },
    };
    let mut t = Jwt {
        form: "jws",
        header,
        claims: Vec::new(),
        other: Map::new(),
        times: Vec::new(),
        problems: Vec::new(),
    };
    if parts.len() == 5 {
        t.form = "jwe";
        return Token::Jwt(Box::new(t));
    }
    if parts.len() != 3 {
        t.form = "malformed";
        t.problems.push(links.problem(
            "malformed",
            format!(
                "{} parts separated by dots: a signed JWT has three (header.payload.signature)",
                parts.len()
            ),
        ));
        return Token::Jwt(Box::new(t));
    }
    let claims = match json_part(parts[1], "payload") {
        Ok(c) => c,
        Err(why) if why.contains("recursion limit") => {
            return Token::Refused {
                what: "JWT",
                why: format!("{why}: JSON nested deeper than 128 levels is refused"),
            };
        }
        Err(why) => {
            t.form = "malformed";
            t.problems.push(links.problem("malformed", why));
            return Token::Jwt(Box::new(t));
        }
    };
    signature_problems(links, &mut t, parts[2]);
    for (k, v) in claims {
        if REGISTERED.contains(&k.as_str()) {
            t.claims.push((k, v));
        } else {
            t.other.insert(k, v);
        }
    }
    t.claims
        .sort_by_key(|(k, _)| REGISTERED.iter().position(|r| r == k));
    let (times, mut problems) = jwt_times(links, &t.claims, judge.now);
    let time_of = |name: &str| t.claims.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    if time_of("exp").is_none() {
        problems.push(links.problem("no_exp", "no exp: the token never expires".into()));
    }
    if let Some(want) = &judge.audience {
        let auds: Vec<&str> = match time_of("aud") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !auds.contains(&want.as_str()) {
            problems.push(Problem {
                kind: "audience",
                says: format!("aud does not hold {want:?}"),
                entries: Vec::new(),
            });
        }
    }
    t.problems.extend(problems);
    t.times = times;
    Token::Jwt(Box::new(t))
}

/// What the header's alg and the signature part say of a JWT's signature: none, or malformed.
fn signature_problems<'a>(links: &Links<'a>, t: &mut Jwt<'a>, signature: &str) {
    let alg = t.header.get("alg").and_then(Value::as_str).unwrap_or("");
    if alg.eq_ignore_ascii_case("none") {
        t.form = "unsigned";
        t.problems.push(links.problem(
            "alg_none",
            "the header's alg is \"none\": the token carries no signature".into(),
        ));
    } else if signature.is_empty() {
        t.form = "unsigned";
        t.problems.push(links.problem(
            "unsigned",
            format!("the signature part is empty, though alg is {alg:?}"),
        ));
    } else if let Err(e) = decode::base64(signature) {
        t.form = "malformed";
        t.problems
            .push(links.problem("malformed", format!("the signature: {e}")));
    }
    if !t.header.contains_key("alg") {
        t.problems
            .push(links.problem("malformed", "the header has no alg".into()));
    }
}

/// A JWT's times (exp, nbf, iat) as of `now`, and what is wrong with them.
fn jwt_times<'a>(
    links: &Links<'a>,
    claims: &[(String, Value)],
    now: i64,
) -> (Vec<Time>, Vec<Problem<'a>>) {
    let mut problems = Vec::new();
    let mut times = Vec::new();
    for name in ["exp", "nbf", "iat"] {
        let Some(v) = claims.iter().find(|(k, _)| k == name).map(|(_, v)| v) else {
            continue;
        };
        let Some(secs) = v
            .as_f64()
            .filter(|f| f.is_finite() && f.abs() < decode::MAX_SECS as f64)
            .map(|f| f as i64)
        else {
            problems.push(links.problem(
                "malformed",
                format!("{name} is not a number of seconds: {v}"),
            ));
            continue;
        };
        let d = secs - now;
        let (kind, says) = match name {
            "exp" if d <= 0 => (
                "expired",
                format!("expired {} ago ({})", decode::span(d), decode::utc(secs)),
            ),
            "nbf" if d > 0 => (
                "not_yet_valid",
                format!(
                    "not valid before {} (in {})",
                    decode::utc(secs),
                    decode::span(d)
                ),
            ),
            "iat" if d > 0 => (
                "issued_in_future",
                format!(
                    "issued at {}, {} in the future",
                    decode::utc(secs),
                    decode::span(d)
                ),
            ),
            _ => ("", String::new()),
        };
        if !kind.is_empty() {
            problems.push(links.problem(kind, format!("{says}{}", skew_note(d))));
        }
        let rel = match name {
            "exp" => relative(secs, now, "expired", "expires"),
            "nbf" => relative(secs, now, "valid since", "valid"),
            _ => relative(secs, now, "issued", "issued"),
        };
        times.push(Time {
            name: name.to_string(),
            secs,
            relative: rel,
        });
    }
    (times, problems)
}

fn saml_base64<'a>(links: &Links<'a>, run: &str, judge: &Judge) -> Option<Token<'a>> {
    let text = decode::percent(run);
    let bytes = decode::base64(&text).ok()?;
    let looks_xml = |b: &[u8]| {
        let s = String::from_utf8_lossy(&b[..b.len().min(2048)]).into_owned();
        s.trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<')
            && XML_RESPONSE.is_match(&s)
    };
    if bytes.len() > decode::MAX_XML {
        return None;
    }
    if looks_xml(&bytes) {
        let doc = String::from_utf8_lossy(&bytes).into_owned();
        return Some(saml_xml(links, &doc, "POST binding: base64", judge));
    }
    match decode::inflate(&bytes) {
        Ok(xml) if looks_xml(&xml) => {
            let doc = String::from_utf8_lossy(&xml).into_owned();
            Some(saml_xml(
                links,
                &doc,
                "redirect binding: deflate and base64",
                judge,
            ))
        }
        Err(why) if why.contains("refused") => Some(Token::Refused {
            what: "SAML response (redirect binding)",
            why,
        }),
        _ => None,
    }
}

/// Reads and judges a SAML response given as XML text.
pub fn saml_xml<'a>(
    links: &Links<'a>,
    doc: &str,
    encoding: &'static str,
    judge: &Judge,
) -> Token<'a> {
    let what = "SAML response";
    if doc.len() > decode::MAX_XML {
        return Token::Refused {
            what,
            why: format!(
                "XML of {} bytes is more than the {} KiB autherr reads",
                doc.len(),
                decode::MAX_XML / 1024
            ),
        };
    }
    let root = match xml::parse(doc) {
        Ok(r) => r,
        Err(why) => return Token::Refused { what, why },
    };
    let now = judge.now;
    let mut s = Saml {
        encoding,
        root: root.name.clone(),
        ..Saml::default()
    };
    response_fields(&root, &mut s.fields);
    let status = root.child("Status");
    let top = status.and_then(|st| st.child("StatusCode"));
    let second = top.and_then(|t| t.child("StatusCode"));
    let mut problems = Vec::new();
    let mut times = Vec::new();
    for code in [top, second]
        .into_iter()
        .flatten()
        .filter_map(|c| c.attr("Value"))
    {
        s.status.extend(links.status(code.trim()));
    }
    if let Some(v) = top.and_then(|t| t.attr("Value")) {
        if !v.trim().ends_with(":status:Success") {
            let mut entries = links.status(v.trim());
            if let Some(v2) = second.and_then(|t| t.attr("Value")) {
                entries.extend(links.status(v2.trim()));
            }
            problems.push(Problem {
                kind: "saml_status",
                says: format!("the status is not Success: {}", v.trim()),
                entries,
            });
        }
    }
    if let Some(t) = root.attr("IssueInstant") {
        push_time(&mut times, "IssueInstant", t, now, "issued", "issued");
    }
    for _ in root.all("EncryptedAssertion") {
        s.fields.push((
            "EncryptedAssertion".into(),
            "present: encrypted, not decrypted (autherr holds no keys)".into(),
        ));
    }
    let mut seen_assertion = false;
    for a in root.all("Assertion") {
        seen_assertion = true;
        assertion(a, judge, &mut s.fields, &mut times, &mut problems);
    }
    if !seen_assertion && root.child("EncryptedAssertion").is_none() && root.name == "Response" {
        s.fields.push(("Assertion".into(), "none".into()));
    }
    s.times = times;
    s.problems = problems;
    Token::Saml(Box::new(s))
}

/// A SAML response's own fields: issuer, destination, status, whether it is signed.
fn response_fields(root: &xml::Element, fields: &mut Vec<(String, String)>) {
    let mut field = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            fields.push((k.to_string(), v.trim().to_string()));
        }
    };
    field("Issuer", root.child("Issuer").map(|e| e.text.as_str()));
    field("Destination", root.attr("Destination"));
    field("InResponseTo", root.attr("InResponseTo"));
    field(
        "IssueInstant",
        root.attr("IssueInstant")
            .filter(|t| decode::parse_time(t).is_none()),
    );
    let status = root.child("Status");
    let top = status.and_then(|st| st.child("StatusCode"));
    let second = top.and_then(|t| t.child("StatusCode"));
    field("StatusCode", top.and_then(|t| t.attr("Value")));
    field(
        "StatusCode (second level)",
        second.and_then(|t| t.attr("Value")),
    );
    field(
        "StatusMessage",
        status
            .and_then(|st| st.child("StatusMessage"))
            .map(|e| e.text.as_str()),
    );
    field(
        "Response signature",
        Some(if root.child("Signature").is_some() {
            "present (not verified)"
        } else {
            "none"
        }),
    );
}

/// `v` read as a time and kept with how far it is from `now`; None when it is no time.
fn push_time(
    times: &mut Vec<Time>,
    name: &str,
    v: &str,
    now: i64,
    past: &str,
    fut: &str,
) -> Option<i64> {
    let secs = decode::parse_time(v)?;
    times.push(Time {
        name: name.to_string(),
        secs,
        relative: relative(secs, now, past, fut),
    });
    Some(secs)
}

/// One assertion of a SAML response: its fields, its audience and its times, judged.
fn assertion<'a>(
    a: &xml::Element,
    judge: &Judge,
    fields: &mut Vec<(String, String)>,
    times: &mut Vec<Time>,
    problems: &mut Vec<Problem<'a>>,
) {
    let mut f = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            fields.push((format!("Assertion {k}"), v.trim().to_string()));
        }
    };
    f("Issuer", a.child("Issuer").map(|e| e.text.as_str()));
    f(
        "signature",
        Some(if a.child("Signature").is_some() {
            "present (not verified)"
        } else {
            "none"
        }),
    );
    let subject = a.child("Subject");
    f(
        "NameID",
        subject
            .and_then(|x| x.child("NameID"))
            .map(|e| e.text.as_str()),
    );
    let scd = subject
        .and_then(|x| x.child("SubjectConfirmation"))
        .and_then(|x| x.child("SubjectConfirmationData"));
    f(
        "SubjectConfirmationData Recipient",
        scd.and_then(|x| x.attr("Recipient")),
    );
    f(
        "SubjectConfirmationData InResponseTo",
        scd.and_then(|x| x.attr("InResponseTo")),
    );
    let cond = a.child("Conditions");
    let audiences: Vec<String> = cond
        .map(|c| {
            c.all("AudienceRestriction")
                .flat_map(|r| r.all("Audience"))
                .map(|e| e.text.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    if !audiences.is_empty() {
        f("Audience", Some(&audiences.join(", ")));
    }
    if let Some(want) = &judge.audience {
        if !audiences.iter().any(|a| a == want) {
            problems.push(Problem {
                kind: "audience",
                says: format!("the AudienceRestriction does not hold {want:?}"),
                entries: Vec::new(),
            });
        }
    }
    let checks = [
        (
            "Conditions NotBefore",
            cond.and_then(|c| c.attr("NotBefore")),
            false,
        ),
        (
            "Conditions NotOnOrAfter",
            cond.and_then(|c| c.attr("NotOnOrAfter")),
            true,
        ),
        (
            "SubjectConfirmationData NotOnOrAfter",
            scd.and_then(|x| x.attr("NotOnOrAfter")),
            true,
        ),
    ];
    for (name, v, is_end) in checks {
        let Some(v) = v else { continue };
        if let Some(p) = condition_time(name, v, is_end, judge.now, times) {
            problems.push(p);
        }
    }
}

/// A condition's time (a start, or an end when `is_end`) kept in `times`, and what is wrong
/// with it as of `now`: no time, passed, or not yet come.
fn condition_time<'a>(
    name: &str,
    v: &str,
    is_end: bool,
    now: i64,
    times: &mut Vec<Time>,
) -> Option<Problem<'a>> {
    let (past, fut) = if is_end {
        ("ended", "ends")
    } else {
        ("valid since", "valid")
    };
    let Some(secs) = push_time(times, name, v, now, past, fut) else {
        return Some(Problem {
            kind: "saml_malformed",
            says: format!("{name} is no time: {v:?}"),
            entries: Vec::new(),
        });
    };
    let d = secs - now;
    let (kind, says) = if is_end && d <= 0 {
        (
            "saml_expired",
            format!(
                "{name} {} passed {} ago",
                decode::utc(secs),
                decode::span(d)
            ),
        )
    } else if !is_end && d > 0 {
        (
            "saml_not_yet_valid",
            format!("{name} {} is {} away", decode::utc(secs), decode::span(d)),
        )
    } else {
        return None;
    };
    Some(Problem {
        kind,
        says: format!("{says}{}", skew_note(d)),
        entries: Vec::new(),
    })
}

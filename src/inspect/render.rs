//! Tokens as text (one screen each) and as JSON. Every value from a token is escaped.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Judge, Problem, SKEW, Time, Token, decode};
use crate::catalog::Hit;
use crate::sanitize::{cut, field};

const NOT_VERIFIED: &str =
    "The signature is neither shown nor verified: autherr holds no keys and uses no network.";

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn times(out: &mut impl Write, times: &[Time], w: usize) -> io::Result<()> {
    for t in times {
        writeln!(
            out,
            "  {:<w$} {} ({})",
            field(&t.name),
            decode::utc(t.secs),
            t.relative
        )?;
    }
    Ok(())
}

fn hit_line(h: &Hit<'_>) -> String {
    let msg = h.entry.title.map_or_else(
        || cut(h.entry.message, 70),
        |t| format!("{t}: {}", cut(h.entry.message, 60)),
    );
    format!("{} {}  {}", h.vendor.id, h.entry.code, msg)
}

fn problems(out: &mut impl Write, problems: &[Problem<'_>]) -> io::Result<()> {
    if problems.is_empty() {
        return writeln!(out, "  Problems: none found");
    }
    writeln!(out, "  Problems:")?;
    for p in problems {
        writeln!(out, "  ✗ {}", field(&p.says))?;
        for h in &p.entries {
            writeln!(out, "      reported as {}", field(&hit_line(h)))?;
        }
    }
    Ok(())
}

/// The tokens as text: a heading each, its fields, its times, its problems.
pub fn text(
    out: &mut impl Write,
    tokens: &[Token<'_>],
    judge: &Judge,
    show_other: bool,
) -> io::Result<()> {
    writeln!(
        out,
        "Judged at {} (a clock skew of {} min is stated where it matters)",
        decode::utc(judge.now),
        SKEW / 60
    )?;
    for t in tokens {
        writeln!(out)?;
        match t {
            Token::Refused { what, why } => {
                writeln!(out, "{what}: not read: {}", field(why))?;
            }
            Token::Jwt(j) => {
                let form = match j.form {
                    "jwe" => "JWE, encrypted: only its header can be read",
                    "unsigned" => "JWS without a signature",
                    "malformed" => "malformed",
                    _ => "JWS, signed",
                };
                writeln!(out, "JWT ({form})")?;
                let head: Vec<String> = ["alg", "kid", "typ", "enc", "cty"]
                    .iter()
                    .filter_map(|k| j.header.get(*k).map(|v| format!("{k} {}", value_text(v))))
                    .collect();
                writeln!(out, "  {:<14} {}", "header", field(&head.join(" · ")))?;
                for (k, v) in &j.claims {
                    if matches!(k.as_str(), "exp" | "nbf" | "iat") {
                        continue;
                    }
                    writeln!(
                        out,
                        "  {:<14} {}",
                        field(k),
                        field(&cut(&value_text(v), 200))
                    )?;
                }
                times(out, &j.times, 14)?;
                if !j.other.is_empty() {
                    if show_other {
                        for (k, v) in &j.other {
                            writeln!(
                                out,
                                "  {:<14} {}",
                                field(k),
                                field(&cut(&value_text(v), 200))
                            )?;
                        }
                    } else {
                        writeln!(
                            out,
                            "  ({} other claims: --claims shows them)",
                            j.other.len()
                        )?;
                    }
                }
                if j.form != "jwe" {
                    problems(out, &j.problems)?;
                }
                writeln!(out, "  {NOT_VERIFIED}")?;
            }
            Token::Saml(s) => {
                writeln!(out, "SAML {} ({})", field(&s.root), s.encoding)?;
                let w = s
                    .fields
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .chain(s.times.iter().map(|t| t.name.chars().count()))
                    .max()
                    .unwrap_or(14)
                    .min(24);
                for (k, v) in &s.fields {
                    writeln!(out, "  {:<w$} {}", field(k), field(&cut(v, 200)))?;
                }
                times(out, &s.times, w)?;
                if !s.problems.iter().any(|p| p.kind == "saml_status") {
                    for h in &s.status {
                        writeln!(out, "  {:<w$} {}", "status entry", field(&hit_line(h)))?;
                    }
                }
                problems(out, &s.problems)?;
                writeln!(out, "  {NOT_VERIFIED}")?;
            }
        }
    }
    Ok(())
}

fn hit_json(h: &Hit<'_>) -> Value {
    json!({"vendor": h.vendor.id, "table": h.entry.table, "code": h.entry.code, "message": h.entry.message})
}

fn problems_json(ps: &[Problem<'_>]) -> Value {
    ps.iter()
        .map(|p| json!({"problem": p.kind, "says": p.says, "entries": p.entries.iter().map(hit_json).collect::<Vec<_>>()}))
        .collect()
}

fn times_json(ts: &[Time]) -> Value {
    ts.iter()
        .map(|t| json!({"name": t.name, "unix": t.secs, "utc": decode::utc(t.secs), "relative": t.relative}))
        .collect()
}

/// One token as the JSON shows it: its `kind` is the name of its format, the variant's name
/// lower-cased (`jwt`, `saml`, or `refused` for input that is none), written by serde.
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Shown<'t> {
    Refused { what: &'t str, error: &'t str },
    Jwt(Value),
    Saml(Value),
}

/// The tokens as one JSON object (schema in README and `inspect --help`).
pub fn json(
    out: &mut impl Write,
    tokens: &[Token<'_>],
    judge: &Judge,
    show_other: bool,
) -> io::Result<()> {
    let list = tokens
        .iter()
        .map(|t| {
            let shown = match t {
                Token::Refused { what, why } => Shown::Refused { what, error: why },
                Token::Jwt(j) => Shown::Jwt(json!({
                    "form": j.form,
                    "header": j.header,
                    "claims": j.claims.iter().cloned().collect::<serde_json::Map<_, _>>(),
                    "other_claims": if show_other { Value::Object(j.other.clone()) } else { json!(j.other.keys().collect::<Vec<_>>()) },
                    "times": times_json(&j.times),
                    "problems": problems_json(&j.problems),
                    "signature": "not verified, not shown",
                })),
                Token::Saml(s) => Shown::Saml(json!({
                    "root": s.root,
                    "encoding": s.encoding,
                    "fields": s.fields.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
                    "status_entries": s.status.iter().map(hit_json).collect::<Vec<_>>(),
                    "times": times_json(&s.times),
                    "problems": problems_json(&s.problems),
                    "signature": "not verified, not shown",
                })),
            };
            serde_json::to_value(shown).map_err(io::Error::other)
        })
        .collect::<io::Result<Vec<Value>>>()?;
    let doc = json!({"at": decode::utc(judge.now), "at_unix": judge.now, "skew_seconds": SKEW, "tokens": list});
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

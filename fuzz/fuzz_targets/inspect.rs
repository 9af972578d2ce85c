//! Fuzzes the token decoders behind `autherr inspect` and the tail of `explain -`: JWTs, SAML
//! responses as XML, base64 (POST binding) and deflate+base64 (redirect binding), the XML
//! reader, base64, percent-decoding, inflating and the clock times. Any bytes: no panic, no
//! hang, and every token found renders as text and JSON.
//!
//! The input is read as lines: the first is the judging time as `--at` takes it, the second
//! the expected audience (`--audience`), the rest a paste. The paste is also given encoded
//! here, so that the decoders are reached past what random bytes rarely are: its lines as a
//! JWT's JSON header, payload and signature (base64url), the paste as SAML XML in base64 and
//! in deflate+base64. `cargo +nightly fuzz run inspect -- -max_len=8192`.
#![no_main]

use std::io::Write;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use autherr::catalog::Catalog;
use autherr::inspect::{self, Judge, Links, Token, decode, xml};

fn links() -> &'static Links<'static> {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    static LINKS: OnceLock<Links<'static>> = OnceLock::new();
    LINKS.get_or_init(|| Links::new(CATALOG.get_or_init(Catalog::builtin)))
}

/// Base64 in the standard alphabet (`url`: the URL-safe one, unpadded, as a JWT's parts).
fn base64(data: &[u8], url: bool) -> String {
    let alphabet: &[u8; 64] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(alphabet[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    if !url {
        while out.len() % 4 != 0 {
            out.push('=');
        }
    }
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Every token renders, as text and as JSON, without an error.
fn render(tokens: &[Token<'_>], judge: &Judge) {
    let mut out = Vec::new();
    for claims in [false, true] {
        inspect::render::text(&mut out, tokens, judge, claims).unwrap();
        inspect::render::json(&mut out, tokens, judge, claims).unwrap();
    }
}

fuzz_target!(|data: &[u8]| {
    let links = links();
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(3, '\n');
    let (at, audience) = (lines.next().unwrap_or(""), lines.next());
    let paste = lines.next().unwrap_or("");
    let judge = Judge {
        now: decode::parse_time(at).unwrap_or(1_765_000_000),
        audience: audience.filter(|a| !a.is_empty()).map(str::to_string),
    };

    // The paste as a user gives it, and the decoders on it alone.
    render(&inspect::find(links, &text, &judge, 20), &judge);
    let _ = decode::base64(paste);
    let _ = decode::percent(paste);
    let _ = decode::inflate(paste.as_bytes());
    let _ = xml::parse(paste);

    // Its lines as a JWT's parts.
    let mut parts = paste.splitn(3, '\n');
    let (header, payload) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let jwt = format!(
        "{}.{}.{}",
        base64(header.as_bytes(), true),
        base64(payload.as_bytes(), true),
        parts.next().unwrap_or("")
    );
    render(&[inspect::jwt(links, &jwt, &judge)], &judge);

    // As a SAML response: XML, in the POST binding and in the redirect binding.
    let post = base64(paste.as_bytes(), false);
    let redirect = base64(&deflate(paste.as_bytes()), false);
    render(&[inspect::saml_xml(links, paste, "xml", &judge)], &judge);
    for encoded in [post, redirect] {
        render(
            &inspect::find(links, &format!("SAMLResponse={encoded}"), &judge, 20),
            &judge,
        );
    }
});

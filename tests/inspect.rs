//! `autherr inspect` as a user runs it: tokens and SAML responses built here, judged at a
//! fixed moment (`--at`), and hostile inputs refused with exit 2 in bounded memory.

mod common;

use std::io::Write;

use common::{autherr, json};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const AT: &str = "2023-11-15T01:10:00Z";
/// `AT` in Unix seconds.
const NOW: i64 = 1_700_010_600;

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    b64_with(bytes, A, false)
}

fn b64std(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    b64_with(bytes, A, true)
}

fn b64_with(bytes: &[u8], a: &[u8], pad: bool) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(a[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        if pad {
            out.push_str(&"=".repeat(3 - chunk.len()));
        }
    }
    out
}

fn jwt(header: &str, payload: &str, sig: &str) -> String {
    format!(
        "{}.{}.{sig}",
        b64url(header.as_bytes()),
        b64url(payload.as_bytes())
    )
}

fn inspect(input: &str) -> assert_cmd::assert::Assert {
    autherr()
        .args(["inspect", "--at", AT])
        .write_stdin(input)
        .assert()
}

#[test]
fn an_expired_bearer_token_in_curl_output_names_its_entries() {
    let token = jwt(
        r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#,
        &format!(
            r#"{{"iss":"https://idp.example.com/","sub":"alice","aud":"api://x","exp":{},"iat":{},"email":"a@example.com"}}"#,
            NOW - 3 * 3600 - 12 * 60,
            NOW - 4 * 3600
        ),
        "c2lnbmF0dXJl",
    );
    let paste = format!(
        "> GET /me HTTP/1.1\n> Authorization: Bearer {token}\n< HTTP/1.1 401 Unauthorized\n"
    );
    inspect(&paste)
        .success()
        .stdout(contains("JWT (JWS, signed)"))
        .stdout(contains("alg RS256 · kid k1 · typ JWT"))
        .stdout(contains("expired 3 h 12 min ago"))
        .stdout(contains("reported as jwt IDX10223"))
        .stdout(contains("reported as jwt jwt expired"))
        .stdout(contains("reported as oauth invalid_token"))
        .stdout(contains("(1 other claims: --claims shows them)"))
        .stdout(contains("neither shown nor verified"))
        .stdout(contains("c2lnbmF0dXJl").not());
    autherr()
        .args(["inspect", "--at", AT, "--claims"])
        .write_stdin(paste.clone())
        .assert()
        .stdout(contains("a@example.com"));
    let v = json(
        autherr()
            .args(["inspect", "--at", AT, "--json"])
            .write_stdin(paste),
    );
    let t = &v["tokens"][0];
    assert_eq!(t["kind"], "jwt");
    assert_eq!(t["problems"][0]["problem"], "expired");
    assert!(
        t["problems"][0]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "IDX10223")
    );
    assert_eq!(v["skew_seconds"], 300);
}

#[test]
fn a_valid_token_has_no_problem() {
    let token = jwt(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"sub":"x","exp":{},"nbf":{}}}"#, NOW + 3600, NOW - 60),
        "c2ln",
    );
    inspect(&format!("id_token={token}&state=1"))
        .success()
        .stdout(contains("expires in 1 h 0 min"))
        .stdout(contains("Problems: none found"));
}

/// A token saved by PowerShell (`>` writes UTF-16 with a byte-order mark), or piped in
/// gzipped, is read as `explain -` and `scan` read it (another compressor's stream is an
/// error: tests/reliability.rs).
#[test]
fn a_token_in_utf16_or_gzip_is_read() {
    let token = jwt(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"sub":"x","exp":{}}}"#, NOW + 3600),
        "c2ln",
    );
    let utf16: Vec<u8> = (std::iter::once(0xFEFF_u16).chain(token.encode_utf16()))
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(token.as_bytes()).unwrap();
    let dir = common::temp_dir("inspect-encodings");
    let saved = dir.path().join("token.txt");
    std::fs::write(&saved, &utf16).unwrap();
    let file = autherr()
        .args(["inspect", "--at", AT, "--input"])
        .arg(&saved)
        .assert();
    for read in [
        file,
        (autherr().args(["inspect", "--at", AT]))
            .write_stdin(gz.finish().unwrap())
            .assert(),
    ] {
        read.success()
            .stdout(contains("alg HS256"))
            .stdout(contains("expires in 1 h 0 min"));
    }
}

#[test]
fn future_nbf_and_iat_and_no_exp() {
    let token = jwt(
        r#"{"alg":"ES256"}"#,
        &format!(r#"{{"nbf":{},"iat":{}}}"#, NOW + 7200, NOW + 7200),
        "c2ln",
    );
    inspect(&token)
        .success()
        .stdout(contains(
            "not valid before 2023-11-15 03:10:00 UTC (in 2 h 0 min)",
        ))
        .stdout(contains("reported as jwt IDX10222"))
        .stdout(contains("2 h 0 min in the future"))
        .stdout(contains("reported as jwt ErrTokenUsedBeforeIssued"))
        .stdout(contains("no exp: the token never expires"))
        .stdout(contains("reported as jwt IDX10225"));
}

#[test]
fn alg_none_and_malformed() {
    inspect(&jwt(r#"{"alg":"none"}"#, r#"{"exp":4000000000}"#, ""))
        .success()
        .stdout(contains("JWS without a signature"))
        .stdout(contains(r#"the header's alg is "none""#))
        .stdout(contains("reported as jwt NoneSignatureTypeDisallowedError"));
    inspect(&format!(
        "{}.{}.c2ln",
        b64url(br#"{"alg":"HS256"}"#),
        b64url(b"not json")
    ))
    .success()
    .stdout(contains("JWT (malformed)"))
    .stdout(contains("the payload is no JSON"))
    .stdout(contains("reported as jwt jwt malformed"));
}

fn response(status: &str, assertion: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" IssueInstant="2023-11-15T01:00:00Z" Destination="https://sp.example.com/acs" InResponseTo="_req9"><saml:Issuer>https://idp.example.com</saml:Issuer><samlp:Status>{status}</samlp:Status>{assertion}</samlp:Response>"#
    )
}

const SUCCESS: &str = r#"<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>"#;

fn assertion(not_on_or_after: &str) -> String {
    format!(
        r#"<saml:Assertion ID="_a"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/><saml:Subject><saml:NameID>alice</saml:NameID><saml:SubjectConfirmation><saml:SubjectConfirmationData Recipient="https://sp.example.com/acs" NotOnOrAfter="{not_on_or_after}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2023-11-15T00:59:00Z" NotOnOrAfter="{not_on_or_after}"><saml:AudienceRestriction><saml:Audience>https://sp.example.com/metadata</saml:Audience></saml:AudienceRestriction></saml:Conditions></saml:Assertion>"#
    )
}

#[test]
fn saml_success_is_read_in_full() {
    inspect(&response(SUCCESS, &assertion("2023-11-15T01:30:00Z")))
        .success()
        .stdout(contains("SAML Response (XML)"))
        .stdout(contains("https://idp.example.com"))
        .stdout(contains("_req9"))
        .stdout(contains("saml urn:oasis:names:tc:SAML:2.0:status:Success"))
        .stdout(contains("Assertion signature"))
        .stdout(contains("present (not verified)"))
        .stdout(contains("https://sp.example.com/metadata"))
        .stdout(contains("ends in 20 min 0 s"))
        .stdout(contains("Problems: none found"));
}

/// Text after an `&` is read whatever its characters (found by the inspect fuzz target: a
/// character of several bytes a few bytes after it was a panic, exit 101).
#[test]
fn saml_text_with_any_characters_after_an_ampersand_is_read() {
    let status =
        format!("{SUCCESS}<samlp:StatusMessage>认证失败 & 访问被拒绝</samlp:StatusMessage>");
    inspect(&response(&status, &assertion("2023-11-15T01:30:00Z")))
        .success()
        .stdout(contains("SAML Response (XML)"));
}

#[test]
fn saml_responder_authn_failed_links_both_levels() {
    let status = r#"<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode><samlp:StatusMessage>Bad &lt;password&gt;&#x1b;[31m</samlp:StatusMessage>"#;
    inspect(&response(status, ""))
        .success()
        .stdout(contains("the status is not Success"))
        .stdout(contains(
            "reported as saml urn:oasis:names:tc:SAML:2.0:status:Responder",
        ))
        .stdout(contains(
            "reported as saml urn:oasis:names:tc:SAML:2.0:status:AuthnFailed",
        ))
        .stdout(contains("Bad <password>\\u{1b}[31m"))
        .stdout(contains("\u{1b}").not());
}

#[test]
fn saml_expired_conditions_and_wrong_audience() {
    autherr()
        .args([
            "inspect",
            "--at",
            AT,
            "--audience",
            "https://other.example.com",
        ])
        .write_stdin(response(SUCCESS, &assertion("2023-11-15T01:02:00Z")))
        .assert()
        .success()
        .stdout(contains(
            "Conditions NotOnOrAfter 2023-11-15 01:02:00 UTC passed 8 min 0 s ago",
        ))
        .stdout(contains("SubjectConfirmationData NotOnOrAfter"))
        .stdout(contains(
            r#"the AudienceRestriction does not hold "https://other.example.com""#,
        ));
}

#[test]
fn saml_post_and_redirect_bindings() {
    let xml = response(
        SUCCESS,
        "<saml:EncryptedAssertion><x/></saml:EncryptedAssertion>",
    );
    let form = format!(
        r#"<form method="post"><input type="hidden" name="SAMLResponse" value="{}"/></form>"#,
        b64std(xml.as_bytes())
    );
    inspect(&form)
        .success()
        .stdout(contains("SAML Response (POST binding: base64)"))
        .stdout(contains("EncryptedAssertion"))
        .stdout(contains("encrypted, not decrypted"));
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(xml.as_bytes()).unwrap();
    let deflated = b64std(&e.finish().unwrap())
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    inspect(&format!(
        "https://sp.example.com/acs?SAMLResponse={deflated}&RelayState=x"
    ))
    .success()
    .stdout(contains(
        "SAML Response (redirect binding: deflate and base64)",
    ));
}

#[test]
fn hostile_inputs_are_refused_with_exit_2() {
    // A deflate bomb: 64 MiB of spaces in a few KiB.
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(b"<samlp:Response ").unwrap();
    for _ in 0..64 {
        e.write_all(&[b' '; 1024 * 1024]).unwrap();
    }
    let bomb = b64std(&e.finish().unwrap());
    inspect(&format!("SAMLResponse={bomb}"))
        .code(2)
        .stderr(contains("refused (a deflate bomb?)"));
    // Entities are never expanded: a DOCTYPE is refused.
    inspect(r#"<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><samlp:Response x="1">&b;</samlp:Response>"#)
        .code(2)
        .stderr(contains("DOCTYPE"));
    // A megabyte token.
    inspect(&format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
        "A".repeat(1_200_000)
    ))
    .code(2)
    .stderr(contains("longer than the 256 KiB"));
    // Invalid base64 and deep JSON.
    inspect("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0$.c2ln")
        .code(2)
        .stderr(contains("invalid base64"));
    let deep = format!("{}1{}", r#"{"a":"#.repeat(200), "}".repeat(200));
    inspect(&jwt(r#"{"alg":"HS256"}"#, &deep, "c2ln"))
        .code(2)
        .stderr(contains("nested deeper"));
    // Deep XML.
    let xml = format!(
        "<samlp:Response>{}{}</samlp:Response>",
        "<a>".repeat(100),
        "</a>".repeat(100)
    );
    inspect(&xml).code(2).stderr(contains("nested deeper"));
}

#[test]
fn nothing_found_and_bad_time() {
    inspect("no token here")
        .code(1)
        .stderr(contains("no JWT or SAML response"));
    autherr()
        .args(["inspect", "--at", "yesterday"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(contains("not a time"));
    // A moment so far away that the distance to a token's times would overflow (seen while
    // reading the decoders for fuzz/fuzz_targets/inspect.rs: a debug build panicked, a release
    // build wrapped around).
    let old = jwt(r#"{"alg":"HS256"}"#, r#"{"exp":-999999999999}"#, "c2ln");
    autherr()
        .args(["inspect", "--at", "9223372036854775807"])
        .write_stdin(old)
        .assert()
        .code(2)
        .stderr(contains("not a time"));
}

#[test]
fn explain_shows_a_pasted_token_after_its_findings() {
    let token = jwt(r#"{"alg":"RS256"}"#, r#"{"exp":1000}"#, "c2ln");
    autherr()
        .args(["explain", "-"])
        .write_stdin(format!(
            "Authorization: Bearer {token}\nWWW-Authenticate: Bearer error=\"invalid_token\"\n"
        ))
        .assert()
        .success()
        .stdout(contains("oauth resource invalid_token"))
        .stdout(contains("JWT (JWS, signed)"))
        .stdout(contains("reported as jwt IDX10223"));
}

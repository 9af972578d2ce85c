//! `autherr explain -`: vendor, table, code and where, from pasted bodies and log text.

mod common;

use common::autherr;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

/// (vendor, table, code, found_at) of every finding, from `explain - --json`.
fn findings(input: &str) -> Vec<(String, String, String, String)> {
    let out = autherr()
        .args(["explain", "-", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (s("vendor"), s("table"), s("code"), s("found_at"))
        })
        .collect()
}

fn one(v: &str, t: &str, c: &str, at: &str) -> Vec<(String, String, String, String)> {
    vec![(v.into(), t.into(), c.into(), at.into())]
}

/// `autherr catalog check` of `text`, written to `name` in `dir`, ready to assert.
fn check_file(
    dir: &std::path::Path,
    name: &str,
    text: impl AsRef<[u8]>,
) -> assert_cmd::assert::Assert {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    autherr()
        .args(["catalog", "check", path.to_str().unwrap()])
        .assert()
}

#[test]
fn authing_code_message_data_bodies() {
    assert_eq!(
        findings(
            "{ message: 'The system is busy, please try again later', code: 1000, data: null }"
        ),
        one("authing", "code", "1000", "code")
    );
    assert_eq!(
        findings(r#"{"message":"Incorrect password","code":2006,"data":null}"#),
        one("authing", "code", "2006", "code")
    );
}

#[test]
fn authing_api_code_envelope_and_graphql() {
    assert_eq!(
        findings(
            r#"{"uniqueId":"5f1c","statusCode":400,"message":"Application does not exist","apiCode":"2011","data":null}"#
        ),
        one("authing", "code", "2011", "apiCode")
    );
    assert_eq!(
        findings(
            r#"{"errors":[{"message":{"code":2006,"message":"Incorrect password","data":null},"locations":[{"line":2,"column":3}]}],"data":null}"#
        ),
        one("authing", "code", "2006", "errors[0].message.code")
    );
}

#[test]
fn idaas_oauth_and_ciam_bodies() {
    let oauth = r#"{"error":"invalid_grant","error_description":"Invalid authorization code: 202207211236389yghDWdB","error_uri":"http://xxxxx/api/bff/v1.2/developer/ciam/oauth/token/provider","requestId":"1658384361768$ca725dc4-182f-7562-17d2-53e6acf6a3ac"}"#;
    assert_eq!(
        findings(oauth),
        one("idaas", "oauth", "invalid_grant", "error")
    );
    let ciam = r#"{"success":false,"code":"Operation.Failure","message":"Operation.Failure.Mini.Program.Silent.Login","requestId":"1656572265429$49b433a9-219a-910a-0323-2af4f1f1a9ce","data":null}"#;
    assert_eq!(
        findings(ciam),
        one(
            "idaas",
            "message",
            "Operation.Failure.Mini.Program.Silent.Login",
            "message"
        )
    );
    let category_only = r#"{"success":false,"code":"Params.Illegal","message":"something new","requestId":"1656572265429$49b433a9-219a-910a-0323-2af4f1f1a9ce"}"#;
    assert_eq!(
        findings(category_only),
        one("idaas", "code", "Params.Illegal", "code")
    );
}

#[test]
fn hid_failure_hid_error_and_scim() {
    let rms = r#"{"hid_failure":{"reason":51,"context":{"TM_AUTHENTICATION_TYPE_LIST":"AT_PASA","RMS_DETAILS":"eyJhbGciOiJub25lIn0.eyJzZXNzaW9uIjp7"},"authType":"AT_CUSTPW"},"error_description":"Invalid grant: Step-up authentication required","error":"invalid_grant"}"#;
    // The OAuth error beside HID's code is the standard's, after the vendor's finding; IDaaS,
    // which documents the same value, is no candidate in HID's body.
    let oauth = |code: &str| ("oauth".into(), "token".into(), code.into(), "error".into());
    let mut rms_expected = one("hid", "hid_failure", "51", "hid_failure.reason");
    rms_expected.push(oauth("invalid_grant"));
    assert_eq!(findings(rms), rms_expected);
    let mut expected = one("hid", "hid_error", "1902", "hid_error.reason");
    expected.push(oauth("invalid_request"));
    assert_eq!(
        findings(r#"{"error":"invalid_request","hid_error":{"reason":1902}}"#),
        expected
    );
    let scim = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"'roleId' specified does not exist.","status":"400","scimType":"invalidValue","errorCode":1292}"#;
    assert_eq!(findings(scim), one("hid", "hid_error", "1292", "errorCode"));
}

#[test]
fn facephi_result_fields_and_problem_details() {
    let f = findings(
        r#"{"serviceResultCode":-101,"serviceResultLog":"x","serviceTransactionId":"0f6c","serviceLivenessResult":17}"#,
    );
    assert_eq!(
        f,
        [
            (
                "facephi".into(),
                "authenticate_user".into(),
                "-101".into(),
                "serviceResultCode".into()
            ),
            (
                "facephi".into(),
                "liveness".into(),
                "17".into(),
                "serviceLivenessResult".into()
            )
        ]
    );
    assert_eq!(
        findings(
            r#"POST /updateUserTemplate {"serviceResultCode": -102, "serviceTransactionId": "x"}"#
        ),
        one(
            "facephi",
            "update_user_template",
            "-102",
            "serviceResultCode"
        )
    );
    assert_eq!(
        findings(
            r#"{"serviceFacialAuthenticationResult": 3, "serviceFacialSimilarityResult": 0.98}"#
        ),
        one(
            "facephi",
            "facial_authentication",
            "3",
            "serviceFacialAuthenticationResult"
        )
    );
    let problem = r#"{"status": 400, "title": "Bad Request", "detail": "Invalid request.", "type": "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/400", "errors": ["countryCode is required"]}"#;
    assert_eq!(
        findings(problem),
        one("facephi", "error_scenarios", "400", "detail")
    );
    assert_eq!(
        findings(r#"{"message": "Endpoint request timed out"}"#),
        one("facephi", "error_scenarios", "504", "message")
    );
}

#[test]
fn openharmony_business_error_and_log_lines() {
    assert_eq!(
        findings(
            r#"BusinessError: {"code":12500010,"message":"Authentication template has not been enrolled."}"#
        ),
        one("openharmony", "useriam", "12500010", "code")
    );
    assert_eq!(
        findings(
            "08-01 10:00:01.123 E C02f00/UserAuth: [auth] Code is 12500009, message is Authentication is lockout."
        ),
        one("openharmony", "useriam", "12500009", "line 1, column 54")
    );
}

#[test]
fn several_lines_each_with_its_own_error() {
    let log = "2024-01-01 ERROR token call failed {\"error\":\"invalid_scope\",\"requestId\":\"1658384361768$ca725dc4-182f-7562-17d2-53e6acf6a3ac\"}\n\
               2024-01-01 WARN login {code: 2006, message: \"Incorrect password\", data: null}\n\
               [hilog] errCode=12500013\n";
    let f = findings(log);
    let short: Vec<(&str, &str)> = f
        .iter()
        .map(|(v, _, c, _)| (v.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        short,
        [
            ("idaas", "invalid_scope"),
            ("authing", "2006"),
            ("openharmony", "12500013")
        ]
    );
    assert_eq!(f[2].3, "line 3, column 17");
}

#[test]
fn ambiguous_code_lists_every_candidate_ranked_with_reasons() {
    // USER_NOT_FOUND is Firebase's backend and Admin codes and Keycloak's event: nothing in
    // the input tells the vendors apart.
    let input = r#"{"code":"USER_NOT_FOUND"}"#;
    let out = autherr()
        .args(["explain", "-", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v.as_array().unwrap();
    assert_eq!(f.len(), 3);
    assert_eq!(
        (
            f[0]["vendor"].as_str(),
            f[0]["rank"].as_u64(),
            f[0]["candidates"].as_u64()
        ),
        (Some("firebase"), Some(1), Some(3))
    );
    assert_eq!(f[2]["vendor"].as_str(), Some("keycloak"));
    assert!(f.iter().all(|f| f["decided"] == false));
    assert!(
        f[0]["evidence"][0]
            .as_str()
            .unwrap()
            .starts_with("ambiguous:")
    );
    // The text form says so too.
    autherr()
        .args(["explain", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(contains(
            "  Candidate  1 of 3 (the input does not decide)\n",
        ));
}

#[test]
fn json_findings_are_entry_objects_with_found_at_and_evidence() {
    let out = autherr()
        .args(["explain", "-", "--json"])
        .write_stdin(r#"{"hid_failure":{"reason":2}}"#)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v[0];
    for key in
        common::ENTRY_KEYS
            .iter()
            .chain(&["found_at", "evidence", "line", "rank", "candidates"])
    {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert!(
        f["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_string)
    );
}

#[test]
fn pasted_secrets_are_not_echoed() {
    let body = r#"{"error":"invalid_grant","error_description":"Invalid authorization code: SECRETCODE123","access_token":"eyJSECRETTOKEN","email":"alice@example.com","requestId":"1700000000000$0badc0de-0000-4000-8000-00000000beef"}"#;
    for format in ["json", "plain", "table"] {
        let out = autherr()
            .args(["explain", "-", "--format", format])
            .write_stdin(body)
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for secret in [
            "SECRETCODE123",
            "eyJSECRETTOKEN",
            "alice@example.com",
            "0badc0de",
        ] {
            assert!(!all.contains(secret), "{format} echoed {secret}");
        }
    }
}

#[test]
fn nothing_identified_exits_1_and_unreadable_input_exits_2() {
    autherr()
        .args(["explain", "-"])
        .write_stdin("just some words, no codes")
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("no known error code"));
    // Words of an entry, but no code: the search results say what they are; still exit 1.
    autherr()
        .args(["explain", "-"])
        .write_stdin("Error: the account is locked because of too many failed sign-in attempts")
        .assert()
        .code(1)
        .stdout(
            contains("No code was detected. Entries that a search for the words of the input finds (search results, not a detected code):")
                .and(contains("AADSTS50053")),
        );
    autherr()
        .args(["explain", "-", "--json"])
        .write_stdin("")
        .assert()
        .code(1)
        .stdout("[]\n");
    autherr()
        .args(["explain", "--input", "/nonexistent/file.json"])
        .assert()
        .code(2)
        .stderr(contains(
            "autherr: error: cannot read /nonexistent/file.json",
        ));
}

#[test]
fn input_file_works_like_stdin() {
    let dir = common::temp_dir("input-file");
    let path = dir.path().join("body.json");
    std::fs::write(&path, r#"{"hid_failure":{"reason":45}}"#).unwrap();
    autherr()
        .args([
            "explain",
            "--input",
            path.to_str().unwrap(),
            "--format",
            "plain",
        ])
        .assert()
        .success()
        .stdout(contains("The user is disabled"));
}

#[test]
fn hostile_input_gets_a_clear_answer() {
    // Deeply nested, unterminated, invalid UTF-8, NUL bytes and 10 MB.
    let deep = "{\"a\":".repeat(200_000);
    autherr()
        .args(["explain", "-"])
        .write_stdin(deep)
        .assert()
        .code(1);
    // 10 MB of binary noise: an answer, not a crash (its brackets may swallow what follows).
    let noise: Vec<u8> = (0..10 * 1024 * 1024)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let code = autherr()
        .args(["explain", "-"])
        .write_stdin(noise)
        .output()
        .unwrap()
        .status
        .code();
    assert!(matches!(code, Some(0 | 1)), "{code:?}");
    // 10 MB of log text with invalid UTF-8 and NUL bytes, then the error.
    let mut log =
        b"2024-01-01 INFO request ok \xff\xfe\0 status=200 path=/v1/users\n".repeat(160_000);
    log.extend_from_slice(b"2024-01-01 ERROR {\"hid_failure\":{\"reason\":13}}\n");
    autherr()
        .args(["explain", "-", "--json"])
        .write_stdin(log)
        .assert()
        .success()
        .stdout(contains("\"code\": \"13\""));
    autherr()
        .args(["explain", "-"])
        .write_stdin("{\"code\": 12500009, \"message\": \"unterminated")
        .assert()
        .success()
        .stdout(contains("openharmony useriam 12500009"));
    autherr()
        .args(["explain", "-"])
        .write_stdin("[".repeat(1_000_000))
        .assert()
        .code(1);
}

#[test]
fn a_body_inside_a_string_stays_with_its_object() {
    // The GraphQL error carries its body as a JSON string; the next line is its own error.
    let log = "{\"errors\":[{\"message\":\"{\\\"code\\\":2006,\\\"message\\\":\\\"Incorrect password\\\",\\\"data\\\":null}\"}]}\n{\"hid_failure\":{\"reason\":45}}\n";
    let f = findings(log);
    let short: Vec<(&str, &str, &str)> = f
        .iter()
        .map(|(v, _, c, at)| (v.as_str(), c.as_str(), at.as_str()))
        .collect();
    assert_eq!(
        short,
        [
            ("authing", "2006", "errors[0].message.code"),
            ("hid", "45", "hid_failure.reason")
        ]
    );
}

#[test]
fn an_empty_key_is_a_member_not_quotes_doubled() {
    // `{"": ...}` is valid JSON; a body in a CSV field doubles its quotes (`{""error"":...}`).
    assert_eq!(
        findings(r#"{"": {"code": 12500009}}"#),
        one("openharmony", "useriam", "12500009", "\"\".code")
    );
    assert_eq!(
        findings(r#"2026-12-06,"{""code"":12500009}""#),
        one("openharmony", "useriam", "12500009", "code")
    );
}

#[test]
fn members_beside_a_string_body_count_as_signals() {
    // `data` beside the embedded {code} makes it Authing's {code, message, data} shape.
    let body = r#"{"data":null,"error":"{\"code\":1000}"}"#;
    assert_eq!(findings(body), one("authing", "code", "1000", "error.code"));
}

/// Every catalog's `[[examples]]` give what they say: one test for all vendors, so a new
/// catalog brings its own detection tests (`autherr catalog check` runs them).
#[test]
fn every_catalogs_examples_hold() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            text.contains("[[examples]]"),
            "{} has no examples of its wire format",
            f.display()
        );
    }
    autherr()
        .args(["catalog", "check"])
        .args(&files)
        .assert()
        .success();
}

/// The Acme vendor with its wire declarations and an example.
fn acme_wire() -> String {
    common::acme_vendor("fault.reason of the gateway's JSON body") + ACME_RULES
}

const ACME_RULES: &str = r#"
[[wire.rules]]
table = "gateway"
path = "fault.reason"
says = "fault.reason: the Acme gateway's error body"

[[wire.rules]]
table = "gateway"
pattern = 'acme-gw\[(?P<code>GW-\d+)\]'
says = "acme-gw[...] in the gateway's log"

[[examples]]
input = '{"fault": {"reason": "GW-401"}}'
finds = ["acme gateway GW-401"]
"#;

/// A vendor is one file: its wire declarations teach `explain -` its bodies and log lines,
/// and `catalog check` runs its examples (a wrong one fails with what it expected).
#[test]
fn a_new_vendor_brings_its_wire_format_in_one_file() {
    // The guard lives to the end of the test: the directory is removed only then.
    let guard = common::temp_dir("acme-wire");
    let dir = guard.path();
    std::fs::write(dir.join("acme.toml"), acme_wire()).unwrap();
    let out = common::autherr_with_catalogs(dir)
        .args(["explain", "-", "--json"])
        .write_stdin("2026-11-27 ERROR {\"fault\": {\"reason\": \"GW-401\"}}\nlater: acme-gw[GW-401] again\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v.as_array().unwrap();
    assert_eq!(f.len(), 2, "{v}");
    assert_eq!(
        (f[0]["vendor"].as_str(), f[0]["found_at"].as_str()),
        (Some("acme"), Some("fault.reason"))
    );
    assert_eq!(
        f[0]["evidence"][0],
        "fault.reason: the Acme gateway's error body"
    );
    assert_eq!(f[0]["decided"], true);
    assert_eq!(
        (f[1]["code"].as_str(), f[1]["found_at"].as_str()),
        (Some("GW-401"), Some("line 2, column 16"))
    );

    autherr()
        .args(["catalog", "check", dir.join("acme.toml").to_str().unwrap()])
        .assert()
        .success();
    let wrong = acme_wire().replace("finds = [\"acme gateway GW-401\"]", "finds = []");
    check_file(dir, "wrong.toml", wrong)
        .code(2)
        .stderr(contains(
            "example 1: expected [], found [acme gateway GW-401]",
        ));
    // A pattern that does not compile, or a rule for no table, names file, line and reason.
    let bad = acme_wire().replace("(?P<code>GW-\\d+)", "(?P<code>GW-\\d+");
    check_file(dir, "bad.toml", bad).code(2).stderr(
        contains("bad.toml:23: wire rule 2 (table \"gateway\"): pattern")
            .and(contains("does not compile")),
    );
    let no_table = acme_wire().replace("table = \"gateway\"\npath", "table = \"nope\"\npath");
    check_file(dir, "nt.toml", no_table)
        .code(2)
        .stderr(contains(
            "nt.toml:18: wire rule 1 (table \"nope\"): names no table of this vendor",
        ));
}

/// A message with values filled in at run time names no code: its pattern says which code
/// every match stands for (`code`), found where the match starts. A pattern gives its code
/// one way only: a `code` capture or a named `code`.
#[test]
fn a_pattern_may_name_the_code_its_message_stands_for() {
    // A directory of its own: tempfile_dir() names one after its own line, shared by callers.
    let tmp = common::temp_dir("test-pattern-names-its-code");
    let dir = tmp.path().join("acme-message");
    std::fs::create_dir_all(&dir).unwrap();
    let rules = r#"
[[wire.rules]]
table = "gateway"
pattern = 'token expired [0-9]+ s ago\. Clock skew: '
code = "GW-401"
says = "the gateway's expiry message"

[[examples]]
input = "WARN proxy: token expired 42 s ago. Clock skew: 0"
finds = ["acme gateway GW-401"]
"#;
    let file = dir.join("acme.toml");
    std::fs::write(&file, common::acme_vendor("the gateway's log") + rules).unwrap();
    autherr()
        .args(["catalog", "check", file.to_str().unwrap()])
        .assert()
        .success();
    let f = json_findings_with(&dir, "WARN proxy: token expired 42 s ago. Clock skew: 0\n");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0]["code"].as_str(), f[0]["found_at"].as_str()),
        (Some("GW-401"), Some("line 1, column 13"))
    );
    let both = rules.replace("'token expired", "'(?P<code>GW-[0-9]+) token expired");
    std::fs::write(&file, common::acme_vendor("the gateway's log") + &both).unwrap();
    autherr()
        .args(["catalog", "check", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("one or the other"));
    let neither = rules.replace("code = \"GW-401\"\n", "");
    std::fs::write(&file, common::acme_vendor("the gateway's log") + &neither).unwrap();
    autherr()
        .args(["catalog", "check", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("has no named capture `code`"));
}

fn json_findings_with(dir: &std::path::Path, input: &str) -> Vec<Value> {
    let out = common::autherr_with_catalogs(dir)
        .args(["explain", "-", "--json"])
        .write_stdin(input.to_string())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().cloned().unwrap_or_default()
}

/// Shared vocabulary names no vendor by itself: an OAuth `error` alone is the standard's
/// entry, naming the vendors that document the value too; an Entra body
/// gives Entra's code first, then Entra's own OAuth value, and never a decided IDaaS finding.
#[test]
fn an_oauth_error_alone_is_not_decided() {
    let neutral = json_findings(r#"{"error":"invalid_grant","error_description":"Bad request"}"#);
    // One shared value, one finding: the standard's entry, naming the vendors that define
    // the value too.
    assert_eq!(neutral.len(), 1);
    assert_eq!(
        (
            neutral[0]["vendor"].as_str(),
            neutral[0]["table"].as_str(),
            neutral[0]["decided"].as_bool()
        ),
        (Some("oauth"), Some("token"), Some(true))
    );
    let also: Vec<&str> = neutral[0]["also_defined_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["vendor"].as_str().unwrap())
        .collect();
    assert!(
        also.contains(&"entra") && also.contains(&"keycloak"),
        "{also:?}"
    );
    autherr()
        .args(["explain", "-"])
        .write_stdin(r#"{"error":"invalid_grant","error_description":"Bad request"}"#)
        .assert()
        .success()
        .stdout(
            contains("oauth token invalid_grant\n")
                .and(contains(
                    "  Also in      auth0 api_token invalid_grant, cognito token",
                ))
                .and(contains("none of them)")),
        );

    let entra = json_findings(
        r#"{"error":"invalid_grant","error_description":"AADSTS50126: Error validating credentials."}"#,
    );
    let short: Vec<(&str, &str, bool)> = entra
        .iter()
        .map(|f| {
            (
                f["vendor"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["decided"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        short,
        [
            ("entra", "AADSTS50126", true),
            ("entra", "invalid_grant", true)
        ]
    );
}

fn json_findings(input: &str) -> Vec<Value> {
    let out = autherr()
        .args(["explain", "-", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap().clone()
}

/// A log line whose format string is the entry: the rule's pattern matches the line and the
/// rule names the code (`code = "..."`), as no part of the line is the code itself.
#[test]
fn a_pattern_may_name_the_code_of_the_line_it_matches() {
    let guard = common::temp_dir("log-line-rule");
    let dir = guard.path();
    let catalog = common::acme_vendor("the gateway's log")
        + r#"
[[entries]]
table = "gateway"
code = "token for %s refused after %d tries"
message = "token for %s refused after %d tries"

[[wire.rules]]
table = "gateway"
pattern = 'acme-gw: token for \S+ refused after \d+ tries'
code = "token for %s refused after %d tries"
says = "the gateway's log line"

[[examples]]
input = "Nov 27 03:12:01 gw1 acme-gw: token for alice refused after 3 tries"
finds = ["acme gateway token for %s refused after %d tries"]
"#;
    check_file(dir, "acme.toml", &catalog).success();
    let out = common::autherr_with_catalogs(dir)
        .args(["explain", "-", "--json"])
        .write_stdin("x\nNov 27 acme-gw: token for bob refused after 5 tries\n")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["code"], "token for %s refused after %d tries", "{v}");
    assert_eq!(v[0]["found_at"], "line 2, column 8");

    // A rule names its code or captures it, not both, and the code it names is an entry.
    let both = catalog.replace(r"token for \S+ refused", r"token for (?P<code>\S+) refused");
    check_file(dir, "both.toml", both)
        .code(2)
        .stderr(contains("has a capture `code` and names a `code` too"));
    let none = catalog.replace(
        "code = \"token for %s refused after %d tries\"\nsays",
        "code = \"token refused\"\nsays",
    );
    check_file(dir, "none.toml", none).code(2).stderr(contains(
        "wire rule 1 (table \"gateway\"): code \"token refused\" names no entry of the table",
    ));
}

/// A record that gives a general code and a specific one (an event's status and sub
/// status): the rule of the specific one says `first`, and its finding leads, wherever it is.
#[test]
fn a_rule_may_put_its_findings_first() {
    let guard = common::temp_dir("first-rule");
    let dir = guard.path();
    let catalog = common::acme_vendor("the gateway's record")
        + r#"
[[entries]]
table = "gateway"
code = "GW-403"
message = "Access is refused."

[[wire.rules]]
table = "gateway"
pattern = '(?m)^\s*Status: (?P<code>GW-\d+)'
says = "the record's status"

[[wire.rules]]
table = "gateway"
pattern = 'Sub Status: (?P<code>GW-\d+)'
first = true
says = "the record's sub status: the specific reason"

[[examples]]
input = "Status: GW-403\nSub Status: GW-401\n"
finds = ["acme gateway GW-401", "acme gateway GW-403"]
"#;
    check_file(dir, "acme.toml", &catalog).success();
    // Without `first`, input order.
    let plain = catalog.replace("first = true\n", "").replace(
        "finds = [\"acme gateway GW-401\", \"acme gateway GW-403\"]",
        "finds = [\"acme gateway GW-403\", \"acme gateway GW-401\"]",
    );
    check_file(dir, "plain.toml", plain).success();
}

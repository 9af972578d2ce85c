//! `autherr scan` over generated logs whose errors we planted: counts, first and last lines.

mod common;

use std::io::Write;
use std::path::Path;

use common::{autherr, json, stdout};

fn dir(name: &str) -> tempfile::TempDir {
    common::temp_dir(&format!("scan-{name}"))
}

/// An ordinary access-log line, as most of a log is.
fn noise(i: usize) -> String {
    format!(
        "10.0.0.{} - - [27/Nov/2026:03:12:{:02} +0000] \"GET /static/app.{i}.js HTTP/1.1\" 200 5123",
        i % 250,
        i % 60
    )
}

/// Planted lines: (line numbers, line text) per code, in a log of `len` lines.
struct Planted {
    lines: Vec<String>,
}

impl Planted {
    /// The log as a file holds it: each line ended by a line break.
    fn text(&self) -> String {
        self.lines.join("\n") + "\n"
    }
}

fn plant(len: usize, plants: &[(&str, &[usize])]) -> Planted {
    let mut lines: Vec<String> = (1..=len).map(noise).collect();
    for (text, at) in plants {
        for &n in *at {
            lines[n - 1] = format!("2026-11-27T03:{:02}:00Z {text}", n % 60);
        }
    }
    Planted { lines }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

fn group<'v>(v: &'v serde_json::Value, vendor: &str, code: &str) -> &'v serde_json::Value {
    v.as_array()
        .unwrap()
        .iter()
        .find(|g| g["vendor"] == vendor && g["code"] == code)
        .unwrap_or_else(|| panic!("no group {vendor} {code} in {v:#}"))
}

#[test]
fn planted_errors_are_counted_exactly_across_plain_gz_crlf_and_binary_files() {
    let d = dir("planted");
    let hid = "WARN token refused: hid_failure reason=45";
    let cognito =
        r#"ERROR auth: {"__type":"UserNotFoundException","message":"User does not exist."}"#;
    let entra = "ERROR msal: MsalUiRequiredException: AADSTS50076: you must use multi-factor authentication";
    let firebase = "ERROR web: FirebaseError: Firebase: Error (auth/invalid-credential).";
    // The same number at two vendors, told apart by how each writes it.
    let hid_1902 = r#"ERROR {"error":"invalid_request","hid_error":{"reason":1902}}"#;

    let a = plant(
        400,
        &[
            (hid, &[3, 50, 399]),
            (cognito, &[10, 11]),
            (entra, &[100]),
            (hid_1902, &[7]),
        ],
    );
    write(&d.path().join("a.log"), a.text().as_bytes());

    // A gzip copy of another log, read as it is.
    let b = plant(300, &[(firebase, &[1, 299]), (hid, &[150])]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b.text().as_bytes()).unwrap();
    write(&d.path().join("b.log.gz"), &gz.finish().unwrap());

    // CRLF endings, and binary noise between lines.
    let c = plant(50, &[(entra, &[20]), (cognito, &[49])]);
    let mut bytes = Vec::new();
    for (i, line) in c.lines.iter().enumerate() {
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        if i == 30 {
            bytes.extend_from_slice(b"\x00\xff\xfe\x1b[31m\x07 binary \xc3\x28\r\n");
        }
    }
    write(&d.path().join("c.log"), &bytes);

    let v = json(
        autherr()
            .args(["scan", "--json"])
            .arg(d.path().join("a.log"))
            .arg(d.path().join("b.log.gz"))
            .arg(d.path().join("c.log")),
    );
    let a_name = d.path().join("a.log").display().to_string();
    let b_name = d.path().join("b.log.gz").display().to_string();
    let c_name = d.path().join("c.log").display().to_string();

    let g = group(&v, "hid", "45");
    assert_eq!(g["count"], 4);
    assert_eq!(
        (
            g["first"]["file"].as_str().unwrap(),
            g["first"]["line"].as_u64()
        ),
        (a_name.as_str(), Some(3))
    );
    assert_eq!(
        (
            g["last"]["file"].as_str().unwrap(),
            g["last"]["line"].as_u64()
        ),
        (b_name.as_str(), Some(150))
    );
    assert_eq!(g["first"]["time"], "2026-11-27T03:03:00Z");

    let g = group(&v, "cognito", "UserNotFoundException");
    assert_eq!(g["count"], 3);
    assert_eq!(g["first"]["line"], 10);
    // Line 49 of c.log: the binary noise is one line of its own after line 31.
    assert_eq!(
        (
            g["last"]["file"].as_str().unwrap(),
            g["last"]["line"].as_u64()
        ),
        (c_name.as_str(), Some(50))
    );

    let g = group(&v, "entra", "AADSTS50076");
    assert_eq!(g["count"], 2);
    assert_eq!(g["first"]["line"], 100);
    assert_eq!(g["last"]["line"], 20);

    let g = group(&v, "firebase", "auth/invalid-credential");
    assert_eq!(g["count"], 2);
    assert_eq!(
        (g["first"]["line"].as_u64(), g["last"]["line"].as_u64()),
        (Some(1), Some(299))
    );

    let g = group(&v, "hid", "1902");
    assert_eq!(g["count"], 1);
    assert!(g["example"].as_str().unwrap().contains("hid_error"));
    // The same line's OAuth `error` is a finding of its own.
    assert_eq!(group(&v, "oauth", "invalid_request")["count"], 1);

    // Most frequent first; nothing else was found in the noise.
    let counts: Vec<u64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let total: u64 = counts.iter().sum();
    assert_eq!(total, 4 + 3 + 2 + 2 + 1 + 1, "{v:#}");
    // Echoed input is escaped: no raw control character reaches the terminal.
    let plain = stdout(
        autherr()
            .args(["scan", "--format", "plain"])
            .arg(d.path().join("c.log")),
    );
    assert!(
        !plain.contains('\x1b') && !plain.contains('\r'),
        "{plain:?}"
    );
}

/// A summary is detected in threads, a batch of lines each; a log of many batches gives the
/// same counts, first and last lines as `--each`, which reads a line at a time.
#[test]
fn a_log_of_many_batches_is_counted_as_line_by_line() {
    let d = dir("batches");
    let hid = "WARN token refused: hid_failure reason=45";
    let entra = "ERROR msal: MsalUiRequiredException: AADSTS50076: you must use multi-factor authentication";
    let at_hid: Vec<usize> = (1..=60).map(|i| i * 997).collect();
    let at_entra = [1, 8192, 8193, 16384, 59_999, 60_000];
    let log = plant(60_000, &[(hid, &at_hid), (entra, &at_entra)]);
    write(&d.path().join("big.log"), log.text().as_bytes());

    let v = json(
        autherr()
            .args(["scan", "--json"])
            .arg(d.path().join("big.log")),
    );
    let g = group(&v, "hid", "45");
    assert_eq!(g["count"], 60);
    assert_eq!(
        (g["first"]["line"].as_u64(), g["last"]["line"].as_u64()),
        (Some(997), Some(59_820))
    );
    let g = group(&v, "entra", "AADSTS50076");
    assert_eq!(g["count"], 6);
    assert_eq!(
        (g["first"]["line"].as_u64(), g["last"]["line"].as_u64()),
        (Some(1), Some(60_000))
    );

    // Line by line (`--each`): the same findings, in the same order.
    let each = stdout(
        autherr()
            .args(["scan", "--each", "--format", "plain"])
            .arg(d.path().join("big.log")),
    );
    // Each line starts `file:line (time)`.
    let lines: Vec<u64> = each
        .lines()
        .map(|l| {
            let seen = l.split(" (").next().unwrap();
            seen.rsplit(':').next().unwrap().parse().unwrap()
        })
        .collect();
    let mut expected: Vec<u64> = at_hid.iter().chain(&at_entra).map(|&n| n as u64).collect();
    expected.sort_unstable();
    assert_eq!(lines, expected);
    // A file is looked at in batches by several threads, and a pipe line by line as it
    // arrives: the same findings, in the same order, said the same way.
    let piped = stdout(
        autherr()
            .args(["scan", "--each", "--format", "plain", "-"])
            .write_stdin(log.text()),
    );
    let name = d.path().join("big.log").display().to_string();
    assert_eq!(each.replace(&name, "(stdin)"), piped);
}

/// A number before its entry's own words (`HTTP 401 Unauthorized`, `49Invalid credentials`),
/// a name in camel case (`invalidCredentials`) and a code percent-encoded in a URL or written
/// with HTML entities are found in a long log as in a line alone: the first pass over a long
/// log's lines keeps them.
#[test]
fn words_read_as_codes_are_found_in_a_long_log() {
    let d = dir("titled");
    let http = "2026-11-27T03:12:02Z WARN upstream said HTTP 401 Unauthorized";
    let ldap = "2026-11-27T03:12:03Z ERROR bind: 49Invalid credentials";
    let camel = "2026-11-27T03:12:04Z WARN bind failed: invalidCredentials";
    let url = "GET /callback?state=x&msg=invalid%5Fgrant HTTP/1.1";
    let entities = "<p>&quot;invalid&#95;grant&quot;</p>";
    let log = plant(
        2_000,
        &[
            (http, &[5, 1_500]),
            (ldap, &[900]),
            (camel, &[300, 1_900]),
            (url, &[42]),
            (entities, &[1_200]),
        ],
    );
    write(&d.path().join("long.log"), log.text().as_bytes());
    let v = json(
        autherr()
            .args(["scan", "--json"])
            .arg(d.path().join("long.log")),
    );
    assert_eq!(group(&v, "http", "401")["count"], 2);
    assert_eq!(group(&v, "ldap", "49")["count"], 3);
    assert_eq!(group(&v, "oauth", "invalid_grant")["count"], 2);
    for line in [http, ldap, camel, url, entities] {
        let alone = json(autherr().args(["scan", "--json", "-"]).write_stdin(line));
        assert_eq!(alone.as_array().map(Vec::len), Some(1), "{line}");
    }
}

/// `--each` on a log still being written (`tail -F app.log | autherr scan --each`): each
/// finding is shown before autherr waits for the next line, not when the input ends.
#[test]
fn each_shows_a_finding_before_it_waits_for_more_input() {
    shown_before_more_input("-", |child| Box::new(child.stdin.take().unwrap()));
}

/// The same through a named pipe given as a file (`autherr scan --each <(tail -F app.log)`):
/// a file that may make it wait is answered line by line, not in batches.
#[cfg(unix)]
#[test]
fn each_answers_a_named_pipe_as_its_lines_arrive() {
    let d = dir("fifo");
    let fifo = d.path().join("live.log");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let path = fifo.to_str().unwrap().to_string();
    // Opening a pipe for writing waits for its reader: autherr, already started.
    shown_before_more_input(&path, |_| {
        Box::new(std::fs::OpenOptions::new().write(true).open(&fifo).unwrap())
    });
}

/// Runs `scan --each` on `input`, writes lines to what `writer` opens, and asserts that each
/// finding is shown while that input is still open.
fn shown_before_more_input(
    input: &str,
    writer: impl FnOnce(&mut std::process::Child) -> Box<dyn Write>,
) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("autherr"))
        .args(["scan", "--each", "--format", "plain", input])
        .env("AUTHERR_CATALOG_DIR", "/nonexistent/autherr-test-catalogs")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = writer(&mut child);
    let (tx, rx) = std::sync::mpsc::channel();
    let output = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(output).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    for (i, quiet) in [3, 0].into_iter().enumerate() {
        for _ in 0..quiet {
            writeln!(input, "nothing here").unwrap();
        }
        writeln!(input, "2026-11-27T01:00:0{i}Z hid_failure reason=45").unwrap();
        input.flush().unwrap();
        let line = rx.recv_timeout(std::time::Duration::from_secs(60));
        assert!(
            line.as_deref().is_ok_and(|l| l.contains("hid_failure")),
            "finding {i} not shown while the input is open: {line:?}"
        );
    }
    drop(input);
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}

#[test]
fn each_prints_one_line_per_finding_and_stdin_is_read() {
    let input = "2026-11-27T01:00:00Z hid_failure reason=45\nnothing here\nNov 27 01:00:02 host app: FirebaseError: Firebase: Error (auth/invalid-credential).\n";
    let out = stdout(
        autherr()
            .args(["scan", "--each", "--format", "plain"])
            .write_stdin(input),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("(stdin):1 (2026-11-27T01:00:00Z)\thid\thid_failure\t45\t"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("(stdin):3 (Nov 27 01:00:02)\tfirebase\t"),
        "{out}"
    );

    let out = stdout(
        autherr()
            .args(["scan", "--each", "--json", "-"])
            .write_stdin(input),
    );
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (
            first["vendor"].as_str(),
            first["code"].as_str(),
            first["line"].as_u64()
        ),
        (Some("hid"), Some("45"), Some(1))
    );
}

#[test]
fn names_and_times_from_the_input_are_escaped() {
    let d = dir("escape");
    let path = d.path().join("app\u{202E}gol.log");
    write(
        &path,
        b"10.0.0.1 - - [27/Nov/2026:08:01:02 +0000\x1b[31m] hid_failure reason=45\n",
    );
    for format in ["plain", "table"] {
        let out = stdout(autherr().args(["scan", "--format", format]).arg(&path));
        assert!(
            out.contains("\thid_failure\t45\t") || out.contains("hid hid_failure 45"),
            "{out}"
        );
        assert!(
            !out.contains('\u{202E}') && !out.contains('\x1b'),
            "{out:?}"
        );
    }
    let out = stdout(autherr().args(["scan", "--each", "--json"]).arg(&path));
    assert!(
        !out.contains('\u{202E}') && !out.contains('\x1b'),
        "{out:?}"
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["file"], path.display().to_string());
}

#[test]
fn top_vendor_no_examples_and_exit_codes() {
    let d = dir("options");
    let log = plant(
        20,
        &[
            ("hid_failure reason=45", &[1, 2, 3]),
            (
                "FirebaseError: Firebase: Error (auth/invalid-credential).",
                &[4],
            ),
        ],
    );
    let path = d.path().join("app.log");
    write(&path, log.lines.join("\n").as_bytes());

    let v = json(
        autherr()
            .args(["scan", "--json", "--top", "1", "--no-examples"])
            .arg(&path),
    );
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["code"], "45");
    assert!(v[0]["example"].is_null());

    let v = json(
        autherr()
            .args(["scan", "--json", "--vendor", "firebase"])
            .arg(&path),
    );
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["vendor"], "firebase");

    // Nothing found: exit 1, said on stderr.
    let quiet = d.path().join("quiet.log");
    write(&quiet, b"all good\n");
    autherr()
        .args(["scan"])
        .arg(&quiet)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no authentication error found in 1 line",
        ));

    // An unreadable file is named, the others are still scanned, exit 2 at the end.
    let out = autherr()
        .args(["scan", "--format", "plain"])
        .arg(d.path().join("missing.log"))
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\thid\thid_failure\t45\t"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.log"));
    // When no file could be read, that is the answer, not "nothing found in 0 lines"; with a
    // file read and nothing found in it, that is said too.
    for (files, said) in [
        (&["missing.log"][..], false),
        (&["missing.log", "quiet.log"], true),
    ] {
        let out = (autherr().arg("scan"))
            .args(files.iter().map(|f| d.path().join(f)))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{files:?}");
        assert!(stderr.contains("cannot read") && stderr.contains("missing.log"));
        assert_eq!(
            stderr.contains("no authentication error found"),
            said,
            "{stderr}"
        );
    }

    // An unknown vendor is a usage error.
    autherr()
        .args(["scan", "--vendor", "nosuch"])
        .arg(&path)
        .assert()
        .code(2);
}

/// A user catalog's text pattern is looked for like the built-in ones (the lines that cannot
/// hold one are passed over by what its literals say), and a pattern with no literal to go by
/// has every line looked at: either way each planted line is counted.
#[test]
fn a_user_catalogs_pattern_is_found_in_a_log_with_or_without_a_literal() {
    let vendor = |pattern: &str| {
        common::acme_vendor("the gateway's log")
            + &format!(
                r#"
[[wire.rules]]
table = "gateway"
pattern = '{pattern}'
says = "the gateway's log"
"#
            )
    };
    let at = [3, 8192, 8193, 19_999];
    let log = plant(20_000, &[("gateway refused: acme-gw[GW-401] token", &at)]);
    for pattern in [
        r"acme-gw\[(?P<code>GW-\d+)\]",
        r"[a-z]*\[(?P<code>GW-\d+)\][a-z]*",
    ] {
        let v = scan_with_acme(&vendor(pattern), &log);
        let g = group(&v, "acme", "GW-401");
        assert_eq!(
            (
                g["count"].as_u64(),
                g["first"]["line"].as_u64(),
                g["last"]["line"].as_u64()
            ),
            (Some(4), Some(3), Some(19_999)),
            "{pattern}"
        );
    }
}

/// Long lines make batches of fewer lines (a batch holds at most a few megabytes): they are
/// counted as any other, in input order.
#[test]
fn batches_of_long_lines_are_counted_in_order() {
    let d = dir("long-lines");
    let pad = "x".repeat(2_000);
    let mut lines: Vec<String> = (1..=3_000).map(|i| format!("{i} {pad}")).collect();
    let at = [1, 1_000, 1_048, 1_049, 2_097, 3_000];
    for &n in &at {
        lines[n - 1] = format!("{pad} token refused: hid_failure reason=45");
    }
    write(
        &d.path().join("long.log"),
        (lines.join("\n") + "\n").as_bytes(),
    );
    let v = json(
        autherr()
            .args(["scan", "--json"])
            .arg(d.path().join("long.log")),
    );
    let g = group(&v, "hid", "45");
    assert_eq!(g["count"], 6);
    assert_eq!(
        (g["first"]["line"].as_u64(), g["last"]["line"].as_u64()),
        (Some(1), Some(3_000))
    );
}

/// A code written with a typographic minus (`−`) is read with `-`, as lookup reads it: its
/// lines are looked at even though the code's own spelling is not in them.
#[test]
fn a_code_with_a_typographic_minus_is_counted() {
    let catalog = common::acme_vendor("the gateway's log")
        + "\n[[entries]]\ntable = \"gateway\"\ncode = \"GW_X-1\"\nmessage = \"The gateway is closed.\"\n";
    let at = [5, 9_000, 19_000];
    let log = plant(20_000, &[("gateway said gw_x\u{2212}1 today", &at)]);
    let v = scan_with_acme(&catalog, &log);
    let g = group(&v, "acme", "GW_X-1");
    assert_eq!(
        (
            g["count"].as_u64(),
            g["first"]["line"].as_u64(),
            g["last"]["line"].as_u64()
        ),
        (Some(3), Some(5), Some(19_000))
    );
}

/// A code a document defines as success (`success = true`) is no error: scan counts the
/// errors beside it and never the success, in the summary and with `--each`.
#[test]
fn a_success_code_is_never_counted() {
    let catalog = common::acme_vendor("the gateway's log")
        + r#"
[[entries]]
table = "gateway"
code = "GW-200"
message = "The request was let through."
success = true

[[wire.rules]]
table = "gateway"
pattern = 'acme-gw\[(?P<code>GW-\d+)\]'
says = "the gateway's log"
"#;
    let log = plant(
        2_000,
        &[
            ("gateway: acme-gw[GW-200] ok", &[2, 500, 1_999]),
            ("gateway refused: acme-gw[GW-401] token", &[7]),
        ],
    );
    let v = scan_with_acme(&catalog, &log);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v:#}");
    assert_eq!(group(&v, "acme", "GW-401")["count"], 1);

    let guard = dir("success-each");
    let d = guard.path();
    std::fs::create_dir_all(d.join("catalogs")).unwrap();
    write(&d.join("catalogs/acme.toml"), catalog.as_bytes());
    write(&d.join("app.log"), log.text().as_bytes());
    let each = stdout(
        common::autherr_with_catalogs(d.join("catalogs"))
            .args(["scan", "--each", "--format", "jsonl"])
            .arg(d.join("app.log")),
    );
    assert_eq!(each.lines().count(), 1, "{each}");
    assert!(each.contains("GW-401"), "{each}");
}

/// `scan --json --vendor acme` of `log`, with `catalog` as the user's Acme catalog.
fn scan_with_acme(catalog: &str, log: &Planted) -> serde_json::Value {
    let d = dir("acme");
    std::fs::create_dir_all(d.path().join("catalogs")).unwrap();
    write(&d.path().join("catalogs/acme.toml"), catalog.as_bytes());
    write(&d.path().join("app.log"), log.text().as_bytes());
    json(
        common::autherr_with_catalogs(d.path().join("catalogs"))
            .args(["scan", "--json", "--vendor", "acme"])
            .arg(d.path().join("app.log")),
    )
}

/// Example lines keep no secrets unless `--no-redact` (issue 32, point 2), in every format.
#[test]
fn example_lines_are_redacted_unless_asked() {
    let d = dir("redact");
    let path = d.path().join("app.log");
    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlLXNpZw";
    let line = format!(
        "2026-11-27T03:12:00Z WARN token request for jane.doe@example.com failed: client_secret=s3cr3tvalue assertion={jwt} Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA Cookie: SESSION=abc123 AADSTS50126: Error validating credentials due to invalid username or password."
    );
    write(&path, line.as_bytes());
    for format in ["plain", "json", "table"] {
        let out = stdout(autherr().args(["scan", "--format", format]).arg(&path));
        assert!(out.contains("AADSTS50126"), "{format}: {out}");
        for secret in ["jane.doe", "s3cr3tvalue", "eyJzdWIi", "2YotnFZF", "abc123"] {
            assert!(!out.contains(secret), "{format} shows {secret}: {out}");
        }
        assert!(out.contains("[redacted"), "{format}: {out}");
    }
    let out = stdout(
        autherr()
            .args(["scan", "--format", "plain", "--no-redact"])
            .arg(&path),
    );
    assert!(
        out.contains("s3cr3tvalue") && out.contains("jane.doe@example.com"),
        "{out}"
    );
}

/// JSON log lines have their time; a stack trace that repeats a code is one finding, at its
/// first line's time (issue 32, point 3).
#[test]
fn json_times_and_stack_traces_counted_once() {
    let d = dir("trace");
    let path = d.path().join("app.log");
    let log = [
        r#"{"level":"error","@timestamp":"2026-11-27T03:12:00Z","msg":"token request failed: AADSTS50126: Error validating credentials due to invalid username or password."}"#,
        "2026-11-27 03:13:00,001 ERROR login failed",
        "com.microsoft.aad.msal4j.MsalServiceException: AADSTS700016: Application not found",
        "\tat com.microsoft.aad.msal4j.TokenRequestExecutor.createAuthenticationResult(TokenRequestExecutor.java:120)",
        "Caused by: com.microsoft.aad.msal4j.MsalServiceException: AADSTS700016: Application not found",
        "\t... 12 more",
        "2026-11-27 03:14:00,001 ERROR com.microsoft.aad.msal4j.MsalServiceException: AADSTS700016: Application not found",
        "Caused by: com.microsoft.aad.msal4j.MsalServiceException: AADSTS700016: Application not found",
    ];
    write(&path, log.join("\n").as_bytes());
    let v = json(autherr().args(["scan", "--json"]).arg(&path));
    let group = |code: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|g| g["code"] == code)
            .unwrap_or_else(|| panic!("{code}: {v}"))
            .clone()
    };
    let g = group("AADSTS50126");
    assert_eq!(g["first"]["time"], "2026-11-27T03:12:00Z", "{g}");
    let g = group("AADSTS700016");
    assert_eq!(g["count"], 2, "two traces, each counted once: {g}");
    assert_eq!(g["first"]["line"], 3, "{g}");
    assert_eq!(g["last"]["line"], 7, "{g}");
    assert_eq!(g["last"]["time"], "2026-11-27 03:14:00,001", "{g}");
}

/// A Python traceback whose exception line names the code twice (in its text and in the
/// response it quotes) is one error: counted once, and `--each` prints it once.
#[test]
fn a_code_named_twice_in_one_line_is_counted_once() {
    let d = dir("twice");
    let path = d.path().join("worker.log");
    let log = [
        "Traceback (most recent call last):",
        "  File \"/app/main.py\", line 10, in refresh",
        "    creds.refresh(Request())",
        "google.auth.exceptions.RefreshError: ('invalid_grant: Token has been expired or revoked.', {'error': 'invalid_grant', 'error_description': 'Token has been expired or revoked.'})",
    ];
    write(&path, log.join("\n").as_bytes());
    let v = json(autherr().args(["scan", "--json"]).arg(&path));
    let groups = v.as_array().unwrap();
    assert_eq!(groups.len(), 1, "{v}");
    assert_eq!(groups[0]["code"], "invalid_grant", "{v}");
    assert_eq!(groups[0]["count"], 1, "{v}");
    let each = stdout(
        autherr()
            .args(["scan", "--each", "--format", "plain"])
            .arg(&path),
    );
    assert_eq!(each.lines().count(), 1, "{each}");
}

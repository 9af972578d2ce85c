//! The binary as a user runs it: every subcommand, exit code and output format.

mod common;

use common::{autherr, bash, json, stdout};
use predicates::prelude::*;
use predicates::str::contains;

#[test]
fn lookup_one_code_plain() {
    autherr()
        .args(["lookup", "hid", "1902"])
        .assert()
        .success()
        .stdout("hid\thid_error\t1902\t\tThe session has timed out\n")
        .stderr("");
}

#[test]
fn lookup_shows_every_table_of_the_vendor() {
    let out = stdout(autherr().args(["lookup", "hid", "400"]));
    let tables: Vec<&str> = out.lines().map(|l| l.split('\t').nth(1).unwrap()).collect();
    assert_eq!(tables, ["http", "hid_error"]);
    let zero = stdout(autherr().args(["lookup", "HID", "0"]));
    assert_eq!(zero.lines().count(), 2, "{zero}");
}

#[test]
fn lookup_without_vendor_searches_every_vendor() {
    let out = stdout(autherr().args(["lookup", "1000"]));
    let vendors: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(vendors, ["authing", "hid"]);
}

#[test]
fn negative_codes_are_plain_arguments() {
    let out = stdout(autherr().args(["lookup", "facephi", "-100"]));
    let tables: Vec<&str> = out.lines().map(|l| l.split('\t').nth(1).unwrap()).collect();
    assert_eq!(tables, ["authenticate_user", "update_user_template"]);
    autherr()
        .args(["explain", "facephi", "-103"])
        .assert()
        .success()
        .stdout(contains("User not found"));
}

#[test]
fn codes_are_matched_as_copied_from_a_log() {
    autherr()
        .args(["lookup", "idaas", "  \"INVALID_GRANT\" "])
        .assert()
        .success()
        .stdout(contains("\tinvalid_grant\t"));
    autherr()
        .args(["lookup", "aliyun", "operation.failure.user.locked"])
        .assert()
        .success()
        .stdout(contains(
            "Operation.Failure.User.Locked\t\tThe user is locked.",
        ));
}

#[test]
fn misspelt_vendor_is_a_usage_error() {
    autherr()
        .args(["lookup", "hdi", "1902"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            contains("autherr: error: unknown vendor 'hdi': did you mean 'hid'?")
                .and(contains("Vendors: "))
                .and(contains(", authing, "))
                .and(contains(", firebase, ")),
        );
    autherr()
        .args(["lookup", "autihng", "2006"])
        .assert()
        .code(2)
        .stderr(contains("did you mean 'authing'?"));
    autherr()
        .args(["list", "nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown vendor 'nope'"));
    autherr()
        .args(["explain", "hdi", "1902"])
        .assert()
        .code(2)
        .stderr(contains("did you mean 'hid'?"));
}

#[test]
fn unknown_code_exits_1_with_nearest_codes() {
    autherr()
        .args(["lookup", "hid", "1907"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("no code '1907' in hid").and(contains("nearest: 1906\n")));
    autherr()
        .args(["lookup", "hid", "1907", "--json"])
        .assert()
        .code(1)
        .stdout("[]\n");
    autherr()
        .args(["explain", "hid", "1907", "--json"])
        .assert()
        .code(1)
        .stdout("[]\n");
}

#[test]
fn several_codes_one_missing_prints_the_rest_and_exits_1() {
    autherr()
        .args(["lookup", "hid", "1902", "77777", "1903"])
        .assert()
        .code(1)
        .stdout(contains("\t1902\t").and(contains("\t1903\t")))
        .stderr(contains("no code '77777' in hid"));
}

#[test]
fn codes_from_stdin() {
    autherr()
        .args(["lookup", "hid", "-"])
        .write_stdin("1902\n\n  1903  \r\n")
        .assert()
        .success()
        .stdout("hid\thid_error\t1902\t\tThe session has timed out\nhid\thid_error\t1903\t\tThe session has expired\n");
}

#[test]
fn garbage_on_stdin_is_not_found_not_a_crash() {
    let garbage: Vec<u8> = (0u8..=255).cycle().take(100_000).collect();
    autherr()
        .args(["lookup", "hid", "-"])
        .write_stdin(garbage)
        .assert()
        .code(1)
        .stderr(contains("more codes not found"));
}

#[test]
fn json_shape_is_the_documented_contract() {
    let v = json(autherr().args(["lookup", "openharmony", "12500002", "--json"]));
    let e = &v.as_array().expect("an array")[0];
    for key in common::ENTRY_KEYS {
        assert!(e.get(key).is_some(), "missing {key}");
    }
    assert_eq!(e["code"], "12500002");
    assert_eq!(e["title"], "General Operation Error");
    assert_eq!(e["causes"].as_array().unwrap().len(), 5);
    assert!(e["http_status"].is_null());
    // No document says whether 12500002 is deprecated: unknown, not "no".
    assert!(e["deprecated"].is_null());
    assert_eq!(
        e["source"]["title"],
        "OpenHarmony documentation, User Authentication Error Codes (errorcode-useriam.md, API 9 era)"
    );
    assert!(
        e["source"]["url"].is_null(),
        "the API 9 era page has no known address"
    );
    assert!(e["variants"][0]["title"] == "Common Error Code of the Identity Authentication System");
    let http = json(autherr().args(["lookup", "hid", "404", "--format", "json"]));
    assert_eq!(http[0]["http_status"], 404);
    assert_eq!(http[0]["applies_to"], "GET, POST, PUT, DELETE");
}

#[test]
fn json_output_ends_with_a_newline_and_never_has_colour() {
    let out = stdout(autherr().args(["lookup", "hid", "1902", "--json", "--color", "always"]));
    assert!(out.ends_with("]\n"));
    assert!(!out.contains('\x1b'));
}

#[test]
fn list_vendors_as_json_objects() {
    let v = json(autherr().args(["list", "--json"]));
    let vendors = v.as_array().unwrap();
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog"))
        .unwrap()
        .filter(|f| {
            f.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    assert_eq!(vendors.len(), files);
    let hid = vendors.iter().find(|v| v["id"] == "hid").unwrap();
    assert_eq!(hid["aliases"], serde_json::json!(["hid-global"]));
    let counts: Vec<(String, u64)> = hid["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["entries"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("http".into(), 6),
            ("hid_error".into(), 304),
            ("hid_failure".into(), 54),
            ("response".into(), 2)
        ]
    );
    assert!(hid["source"]["date"].is_string() && hid["source"]["title"].is_string());
}

#[test]
fn list_one_vendor_and_one_table() {
    assert_eq!(
        stdout(autherr().args(["list", "hid", "--table", "hid_failure"]))
            .lines()
            .count(),
        54
    );
    assert_eq!(stdout(autherr().args(["list", "ohos"])).lines().count(), 25);
    autherr()
        .args(["list", "hid", "--table", "nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown table 'nope'").and(contains("hid_failure")));
}

#[test]
fn search_ranks_the_obvious_answer_first() {
    let out = stdout(autherr().args(["search", "session timed out"]));
    assert!(out.starts_with("hid\thid_error\t1902\t"), "{out}");
    let typo = stdout(autherr().args(["search", "sesion", "tmed", "out", "--limit", "3"]));
    assert!(
        typo.lines()
            .any(|l| l.starts_with("hid\thid_error\t1902\t")),
        "{typo}"
    );
    assert!(typo.lines().count() <= 3);
}

#[test]
fn search_filters_and_no_match() {
    let out = stdout(autherr().args([
        "search", "locked", "--vendor", "idaas", "--table", "message",
    ]));
    assert!(
        !out.is_empty() && out.lines().all(|l| l.starts_with("idaas\tmessage\t")),
        "{out}"
    );
    autherr()
        .args(["search", "zzqqxxv"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("no match for 'zzqqxxv'"));
    autherr()
        .args(["search", "x", "--vendor", "hdi"])
        .assert()
        .code(2)
        .stderr(contains("did you mean 'hid'?"));
}

#[test]
fn explain_has_every_section() {
    autherr()
        .args(["explain", "openharmony", "12500002"])
        .assert()
        .success()
        .stdout(
            contains(
                "\nWhy it happens\n  1. An error occurs when the NAPI layer parses parameters.",
            )
            .and(contains(
                "\nWhat to do\n  Call the API again later or restart the device.",
            ))
            .and(contains(
                "Common Error Code of the Identity Authentication System",
            ))
            .and(contains("\nSource\n")),
        );
    // The same code at another vendor is shown as only that, never as a relation; a
    // number at an unrelated vendor is not shown at all.
    let out = stdout(autherr().args(["explain", "hid", "1000"]));
    assert!(!out.contains("\nRelated"), "{out}");
    assert!(!out.contains("authing code 1000"), "{out}");
    let out = stdout(autherr().args(["explain", "auth0", "invalid_password"]));
    assert!(!out.contains("\nRelated"), "{out}");
    assert!(
        out.contains("\nSame code elsewhere\n")
            && out.contains("auth0 api_signup invalid_password")
    );
    let out = stdout(autherr().args(["explain", "hid", "400"]));
    assert!(
        out.contains("BAD REQUEST") && out.contains("A technical error has while getting"),
        "both tables shown"
    );
    assert!(out.lines().all(|l| l.chars().count() <= 80));
}

#[test]
fn both_wordings_find_a_retitled_entry() {
    for query in [
        "Authentication Service Is Busy",
        "Authentication Service Unavailable",
    ] {
        let out = stdout(autherr().args(["search", query, "--limit", "1"]));
        assert!(
            out.starts_with("openharmony\tuseriam\t12500007\t"),
            "{query}: {out}"
        );
    }
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let coloured = stdout(autherr().args([
        "lookup", "hid", "1902", "--format", "table", "--color", "always",
    ]));
    assert!(coloured.contains('\x1b'));
    let plain = stdout(autherr().args([
        "lookup", "hid", "1902", "--format", "table", "--color", "never",
    ]));
    assert!(!plain.contains('\x1b') && plain.contains('│'));
    // Not a terminal: auto means no colour, and the default format is plain.
    let auto = stdout(autherr().args(["lookup", "hid", "1902"]));
    assert!(!auto.contains('\x1b') && !auto.contains('│'));
    let no_color = stdout(
        autherr()
            .env("NO_COLOR", "1")
            .args(["explain", "hid", "1902"]),
    );
    assert!(!no_color.contains('\x1b'));
    let plain_coloured = stdout(autherr().args(["lookup", "hid", "1902", "--color", "always"]));
    assert!(plain_coloured.contains('\x1b') && plain_coloured.starts_with("hid\thid_error\t"));
    let explain = stdout(autherr().args(["explain", "hid", "1902", "--color", "always"]));
    assert!(explain.contains('\x1b'));
}

/// With colour, search marks the words that matched in titles and messages, as `rg` does:
/// the whole word a stem or an equivalent word found; never the other columns; never
/// without colour.
#[test]
fn search_marks_the_matched_words_with_colour() {
    const ON: &str = "\x1b[1m\x1b[31m";
    let marked = |word: &str| format!("{ON}{word}\x1b[0m");
    let search = |args: &[&str]| {
        stdout(
            autherr()
                .env("COLUMNS", "100")
                .arg("search")
                .args(args)
                .args(["--color", "always"]),
        )
    };
    let plain = search(&["login blocked", "-n", "3", "--format", "plain"]);
    let first: Vec<&str> = plain
        .lines()
        .next()
        .unwrap_or_default()
        .split('\t')
        .collect();
    assert_eq!(first[..2], ["firebase", "client"], "{plain}");
    assert!(first[4].contains(&marked("blocked")), "{plain:?}");
    assert!(first[4].contains(&marked("Login")), "{plain:?}");
    // `disabled` for `disable`: the stem marks the whole word.
    let stem = search(&["user disable", "-n", "1", "--format", "plain"]);
    // (Firebase's backend string `USER_DISABLED` is its own message: any case.)
    assert!(
        stem.to_lowercase().contains(&marked("disabled")),
        "{stem:?}"
    );
    // In a table, only the title and message column is marked: `lock_login` stays as it is.
    let table = search(&["login blocked", "-n", "3", "--format", "table"]);
    assert!(table.contains(&marked("blocked")), "{table:?}");
    assert!(table.contains(" lock_login "), "{table:?}");
    assert!(!table.contains(&marked("lock")), "{table:?}");
    let header = table.lines().nth(1).unwrap_or_default();
    assert!(!header.contains(ON), "{header:?}");
    for args in [
        &["--color", "never", "--format", "table"][..],
        &["--format", "plain"],
    ] {
        let off = stdout(autherr().args(["search", "login blocked"]).args(args));
        assert!(!off.contains('\x1b') && off.contains("blocked"), "{off:?}");
    }
}

/// `--format jsonl`: the objects of the JSON array, one compact object a line, for lookup,
/// a batch on stdin, search, list, `explain -` and scan alike.
#[test]
fn jsonl_is_the_json_array_one_object_a_line() {
    let commands: [(&[&str], Option<&str>); 6] = [
        (&["lookup", "hid", "1902", "1903"], None),
        (&["lookup", "hid", "-"], Some("1902 1903\n400\n")),
        (&["search", "session timed out", "-n", "3"], None),
        (&["list"], None),
        (&["explain", "-"], Some("{\"error\":\"invalid_grant\"}")),
        (&["scan", "examples/app.log", "--top", "3"], None),
    ];
    for (args, input) in commands {
        let run = |format: &str| {
            let mut cmd = autherr();
            cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(args)
                .args(["--format", format]);
            if let Some(text) = input {
                cmd.write_stdin(text);
            }
            stdout(&mut cmd)
        };
        let array: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
        let lines = run("jsonl");
        let objects: Vec<serde_json::Value> = lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{args:?}: {e}: {l}")))
            .collect();
        assert!(!objects.is_empty(), "{args:?}");
        assert_eq!(array.as_array().unwrap(), &objects, "{args:?}");
        assert!(lines.ends_with('\n') && !lines.contains("\n\n"), "{args:?}");
    }
}

#[test]
fn table_fits_the_width() {
    let out = stdout(
        autherr()
            .env("COLUMNS", "50")
            .args(["list", "hid", "--table", "http", "--format", "table"]),
    );
    assert!(out.lines().all(|l| l.chars().count() <= 50), "{out}");
}

#[test]
fn closed_pipe_is_success() {
    let script = r#""$0" list hid | head -1 >/dev/null; echo "${PIPESTATUS[0]}""#;
    let out = bash(script);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    // Megabytes of output into a reader that stops at once.
    let big = r#"yes 1902 | head -200000 | "$0" lookup hid - | head -1 >/dev/null; echo "${PIPESTATUS[2]}""#;
    let out = bash(big);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn echoed_input_is_escaped() {
    let out = autherr()
        .args(["lookup", "hid", "\x1b[31mred\u{202E}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !err.contains('\x1b') && !err.contains('\u{202E}'),
        "{err:?}"
    );
    assert!(err.contains("\\u{1b}[31mred\\u{202e}"));
    let out = autherr()
        .args(["lookup", "\x1b]0;pwned\x07", "1"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\x1b'));
}

#[test]
fn usage_errors_exit_2_and_help_documents_exit_codes() {
    autherr().assert().code(2);
    autherr().args(["lookup"]).assert().code(2);
    // A word close to a subcommand is a mistyped subcommand, not a lookup.
    autherr()
        .args(["serch", "locked"])
        .assert()
        .code(2)
        .stderr(contains("autherr: error: unrecognized subcommand 'serch'"));
    // Any other first word is a lookup, as `errno 2` is.
    autherr()
        .args(["frobnicate"])
        .assert()
        .code(1)
        .stderr(contains("no code 'frobnicate'"));
    autherr()
        .args(["lookup", "hid"])
        .assert()
        .code(2)
        .stderr(contains("no code given"));
    autherr()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Exit codes:").and(contains("1  not found")));
    autherr()
        .arg("--version")
        .assert()
        .success()
        .stdout(contains("autherr "));
}

/// Relations a document states and codes that merely coincide are kept apart (long form and
/// JSON); a deprecation no document states is not shown as "no".
#[test]
fn stated_relations_apart_from_coincidences() {
    let out = stdout(autherr().args(["explain", "authing", "2203"]));
    assert!(!out.contains("\nRelated"), "{out}");
    // A number shared with another family is a coincidence, not shown (issue 32, point 8).
    assert!(!out.contains("\nSame code elsewhere\n"), "{out}");
    assert!(
        !out.contains("Deprecated") && !out.contains("HTTP status"),
        "{out}"
    );
    let v = json(autherr().args(["lookup", "authing", "2203", "--json"]));
    assert_eq!(v[0]["related"], serde_json::json!([]));
    assert_eq!(v[0]["same_code"], serde_json::json!([]));
    let out = stdout(autherr().args(["explain", "keycloak", "invalid_grant"]));
    assert!(out.contains("\nSame code elsewhere\n") && out.contains("no document relates them"));
    assert!(out.contains("  - okta oauth2 invalid_grant"), "{out}");
    assert!(out.contains("  - oauth token invalid_grant"), "{out}");
    let out = stdout(autherr().args(["explain", "kerberos", "0x12"]));
    assert!(
        !out.contains("inappropriateMatching") && !out.contains("NoneBecauseEyesClosed"),
        "{out}"
    );
    assert!(out.contains("  - kerberos protocol 18"), "{out}");

    // Facephi liveness 1 (Spoof) names its replacement; the document says it is deprecated.
    let out = stdout(autherr().args(["explain", "facephi", "1"]));
    assert!(
        out.contains("\nRelated (as the document states)\n  - facephi liveness 17"),
        "{out}"
    );
    assert!(out.contains("Deprecated  yes"), "{out}");
    let v = json(autherr().args(["lookup", "facephi", "1", "--json"]));
    let spoof = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Spoof")
        .unwrap();
    assert_eq!(spoof["deprecated"], true);
    assert_eq!(spoof["related"][0]["code"], "17");
    let negative = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "NEGATIVE")
        .unwrap();
    assert!(negative["deprecated"].is_null());
    assert!(negative["related"].as_array().unwrap().is_empty());

    // IDaaS message keys are not linked to a category by their prefix.
    let out = stdout(autherr().args(["explain", "idaas", "Operation.Failure.User.Locked"]));
    assert!(!out.contains("\nRelated"), "{out}");
}

/// An entry names the document its text comes from, not the vendor's main page.
#[test]
fn entries_name_their_own_document() {
    let out = stdout(autherr().args(["explain", "openharmony", "12500008"]));
    let source = out.split("\nSource\n").nth(1).unwrap();
    assert!(source.contains("newest English page"), "{source}");
    assert!(!source.contains("API 9 era"), "{source}");
    let v = json(autherr().args(["lookup", "openharmony", "203", "--json"]));
    assert_eq!(
        v[0]["source"]["title"],
        "Universal Error Codes (errorcode-universal.md)"
    );
    let out = stdout(autherr().args(["explain", "openharmony", "12500001"]));
    assert!(
        out.contains("(no address is known for this document)"),
        "{out}"
    );
}

/// Words that mean something only to autherr's makers never reach a user: not in `list`, not
/// in any entry's JSON (which holds every field `explain` shows), not in `explain`.
#[test]
fn no_internal_words_in_what_users_see() {
    // ASCII matching, as the binary's regex (built without Unicode tables) does.
    let internal = regex::RegexBuilder::new(
        r"(?i)seed 0\d|seed (capture|document)|shared/|autherr's|sources-next",
    )
    .unicode(false)
    .build()
    .unwrap();
    let mut pages = vec![
        stdout(autherr().args(["list"])),
        stdout(autherr().args(["list", "--json"])),
        stdout(autherr().args(["--help"])),
    ];
    for v in ["hid", "authing", "idaas", "openharmony", "facephi"] {
        pages.push(stdout(autherr().args(["list", v, "--json"])));
        pages.push(stdout(autherr().args(["list", v])));
    }
    for (v, code) in [
        ("authing", "2034"),
        ("openharmony", "12500009"),
        ("hid", "51"),
        ("facephi", "0"),
    ] {
        pages.push(stdout(autherr().args(["explain", v, code])));
    }
    for page in &pages {
        assert!(!page.is_empty());
        if let Some(m) = internal.find(page) {
            let at = m.start();
            panic!(
                "internal words {:?} in: {}",
                m.as_str(),
                &page[at.saturating_sub(80)..(at + 80).min(page.len())]
            );
        }
    }
    // The word "seed" alone is HID's own ("seeded authentication") in its messages; anywhere
    // else it would be ours.
    let json_pages = &pages[1..];
    for page in json_pages.iter().filter(|p| p.starts_with('[')) {
        let v: serde_json::Value = serde_json::from_str(page).unwrap();
        for e in v.as_array().unwrap() {
            for key in ["description", "solution", "field", "table_name"] {
                let text = e[key].as_str().unwrap_or("");
                assert!(!text.to_lowercase().contains("seed"), "{key}: {text}");
            }
            assert!(!e.to_string().to_lowercase().contains("seed 0"));
        }
    }
}

/// A first word that is no vendor and no code, with codes after it, is an unknown vendor:
/// never another vendor's answer.
#[test]
fn unknown_vendor_is_never_read_as_a_code() {
    for (args, hint) in [
        (&["lookup", "pingone", "1902"][..], None),
        (&["lookup", "onelogin", "invalid_grant"][..], None),
        (
            &["lookup", "face", "0"][..],
            Some("did you mean 'facephi'?"),
        ),
        (&["lookup", "hdi", "1902"][..], Some("did you mean 'hid'?")),
    ] {
        let out = autherr().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: printed an answer");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("autherr: error: unknown vendor"), "{err}");
        if let Some(h) = hint {
            assert!(err.contains(h), "{err}");
        }
    }
    // A code that is a word still works without a vendor.
    autherr()
        .args(["lookup", "invalid_grant"])
        .assert()
        .success()
        .stdout(contains("idaas\toauth\tinvalid_grant"));
}

/// Symbolic names (titles that are one word) are lookup keys; the entry's code is shown.
#[test]
fn symbolic_names_are_found() {
    autherr()
        .args(["lookup", "NoLive"])
        .assert()
        .success()
        .stdout("facephi\tliveness\t17\tNoLive\tNo liveness detected.\n");
    autherr()
        .args(["lookup", "reason_threshold_step-up_reached"])
        .assert()
        .success()
        .stdout(contains(
            "hid\thid_failure\t51\tREASON_THRESHOLD_STEP-UP_REACHED",
        ));
    autherr()
        .args(["explain", "facephi", "NoLive"])
        .assert()
        .success()
        .stdout(contains("facephi liveness 17 · NoLive").and(contains("  Code     17\n")));
}

/// Codes as copied from logs, chat and tables.
#[test]
fn pasted_codes_are_found() {
    for pasted in [
        "1902,",
        "\"1902\",",
        "1902.",
        "[1902]",
        "(1902)",
        "code:1902",
        "code=1902",
        "hid_error=1902",
        "\u{201C}1902\u{201D}",
    ] {
        autherr()
            .args(["lookup", "hid", pasted])
            .assert()
            .success()
            .stdout("hid\thid_error\t1902\t\tThe session has timed out\n");
    }
    autherr()
        .args(["lookup", "hid", "-"])
        .write_stdin("1902 1903\n1904, 1905\n")
        .assert()
        .success()
        .stdout(
            contains("\t1902\t")
                .and(contains("\t1903\t"))
                .and(contains("\t1904\t"))
                .and(contains("\t1905\t")),
        );
    // A typographic minus, as pasted from a web page.
    autherr()
        .args(["lookup", "facephi", "\u{2212}100"])
        .assert()
        .success()
        .stdout(contains("facephi\tauthenticate_user\t-100\t"));
}

/// "Not found" hints are whole codes, few, nearest first; a dropped minus sign is nearest.
#[test]
fn nearest_codes_are_whole_and_few() {
    autherr()
        .args(["lookup", "facephi", "100"])
        .assert()
        .code(1)
        .stderr(contains("nearest: -100\n"));
    autherr()
        .args(["lookup", "idaas", "invalid_tokn"])
        .assert()
        .code(1)
        .stderr(contains("nearest: invalid_token\n"));
    let out = autherr().args(["lookup", "99999"]).output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("nearest"),
        "no code is near 99999"
    );
}

/// `explain - CODE` and `explain FILE` say what to do instead of "unknown vendor".
#[test]
fn explain_misuse_says_what_to_do() {
    autherr()
        .args(["explain", "-", "1902"])
        .assert()
        .code(2)
        .stderr(contains(
            "`-` reads a raw error from stdin and takes no code",
        ));
    let dir = common::temp_dir("explain-file");
    let file = dir.path().join("error.json");
    std::fs::write(&file, "{\"serviceResultCode\": -100}").unwrap();
    autherr()
        .current_dir(&dir)
        .args(["explain", "error.json"])
        .assert()
        .code(2)
        .stderr(
            contains("'error.json' is a file, not a vendor").and(contains("--input error.json")),
        );
}

/// Negative codes search as they look up; an empty query is a usage error.
#[test]
fn search_takes_negative_codes_and_refuses_an_empty_query() {
    autherr()
        .args(["search", "-100"])
        .assert()
        .success()
        .stdout(contains("facephi\tauthenticate_user\t-100\t"));
    autherr()
        .args(["search", ""])
        .assert()
        .code(2)
        .stderr(contains("autherr: error: the search query is empty"));
}

/// `--json` means something or is refused; every error carries the same prefix.
#[test]
fn json_where_it_means_something_refused_where_not() {
    for args in [
        &["man", "--json"][..],
        &["completions", "bash", "--json"],
        &["man", "--format", "plain"],
    ] {
        autherr()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(
                "autherr: error: --json and --format do not apply here",
            ));
    }
    let v = json(autherr().args(["catalog", "paths", "--json"]));
    assert_eq!(v["directory"], "/nonexistent/autherr-test-catalogs");
    assert_eq!(v["exists"], false);
    assert!(v["loaded"].as_array().unwrap().is_empty());
    let out = autherr()
        .args(["catalog", "check", "/nonexistent/x.toml", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["ok"], false);
    assert!(
        v[0]["error"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/x.toml")
    );
    // clap's own usage errors carry the prefix too.
    autherr()
        .args(["lookup", "--bogus"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "autherr: error: unexpected argument '--bogus'",
        ));
}

/// Table ids ignore case, as vendors do; `list --table T` alone lists T at every vendor.
#[test]
fn tables_ignore_case_and_list_across_vendors() {
    let upper = stdout(autherr().args(["list", "hid", "--table", "HID_ERROR"]));
    assert_eq!(upper.lines().count(), 304);
    let code = stdout(autherr().args(["list", "--table", "code"]));
    assert_eq!(
        code.lines()
            .filter(|l| l.starts_with("authing\tcode\t"))
            .count(),
        96
    );
    assert_eq!(
        code.lines()
            .filter(|l| l.starts_with("idaas\tcode\t"))
            .count(),
        10
    );
    autherr()
        .args(["list", "--table", "nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown table 'nope'"));
}

/// At any width a code is whole: a narrow terminal gets stacked records, not a squeezed table.
#[test]
fn narrow_terminals_keep_codes_whole() {
    for width in ["20", "40", "60", "80"] {
        let out = stdout(autherr().env("COLUMNS", width).args([
            "lookup",
            "idaas",
            "Params.Illegal.User.Password.Same.Old",
            "--format",
            "table",
        ]));
        assert!(
            out.contains("Params.Illegal.User.Password.Same.Old"),
            "{width}: {out}"
        );
        let out = stdout(
            autherr()
                .env("COLUMNS", width)
                .args(["lookup", "hid", "400", "--format", "table"]),
        );
        assert!(
            out.lines()
                .any(|l| l.contains(" 400 ") || l.ends_with(" 400") || l == "code: 400"),
            "{width}: {out}"
        );
    }
    let narrow = stdout(autherr().env("COLUMNS", "40").args([
        "lookup",
        "hid",
        "REASON_THRESHOLD_STEP-UP_REACHED",
        "--format",
        "table",
    ]));
    assert!(
        narrow.contains("REASON_THRESHOLD_STEP-UP_REACHED") && !narrow.contains('│'),
        "{narrow}"
    );
}

/// Counts read as English.
#[test]
fn one_is_singular() {
    autherr()
        .args(["explain", "-"])
        .write_stdin("x")
        .assert()
        .code(1)
        .stderr(contains("(1 byte)"));
}

/// Every code of every standard and identity provider is found by `lookup <id> <code> --json`
/// (in one batch each).
#[test]
fn every_standard_and_provider_code_is_found() {
    for (id, count) in [
        ("http", 64),
        ("oauth", 73),
        ("saml", 23),
        ("ldap", 85),
        ("kerberos", 142),
        ("entra", 353),
        ("okta", 738),
        ("auth0", 296),
        ("firebase", 348),
        ("cognito", 64),
        ("keycloak", 267),
        ("google", 20),
    ] {
        let listed = json(autherr().args(["list", id, "--json"]));
        let codes: Vec<String> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(codes.len(), count, "{id}");
        let out = autherr()
            .args(["lookup", id, "-", "--json"])
            .write_stdin(codes.join("\n"))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for code in &codes {
            assert!(
                found
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["code"] == code.as_str()),
                "{id} {code}"
            );
        }
    }
}

/// The lookups people paste, standards first when no catalog is named.
#[test]
fn standard_codes_as_people_paste_them() {
    let cases: [(&[&str], &str); 12] = [
        (
            &["lookup", "ldap", "49"],
            "ldap\tresult\t49\tinvalidCredentials\t",
        ),
        (
            &["lookup", "ldap", "52e"],
            "ldap\tad_data\t52e\tERROR_LOGON_FAILURE\t",
        ),
        (&["lookup", "ldap", "0x52e"], "ldap\tad_data\t52e\t"),
        (&["lookup", "ldap", "data", "52e"], "ldap\tad_data\t52e\t"),
        (
            &["lookup", "kerberos", "24"],
            "kerberos\tprotocol\t24\tKDC_ERR_PREAUTH_FAILED\t",
        ),
        (
            &["lookup", "kerberos", "0x18"],
            "kerberos\tprotocol\t24\tKDC_ERR_PREAUTH_FAILED\t",
        ),
        (
            &["lookup", "krb5", "kdc_err_preauth_failed"],
            "kerberos\tprotocol\t24\t",
        ),
        (
            &["lookup", "saml", "AuthnFailed"],
            "saml\tsecond\turn:oasis:names:tc:SAML:2.0:status:AuthnFailed\tAuthnFailed\t",
        ),
        (
            &[
                "lookup",
                "saml",
                "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed",
            ],
            "\tAuthnFailed\t",
        ),
        (
            &["lookup", "http", "401"],
            "http\tstatus\t401\tUnauthorized\t",
        ),
        (
            &["lookup", "oauth", "INVALID_GRANT"],
            "oauth\ttoken\tinvalid_grant\t",
        ),
        (
            &["lookup", "ad", "0x775"],
            "ldap\tad_data\t775\tERROR_ACCOUNT_LOCKED_OUT\t",
        ),
    ];
    for (args, line) in cases {
        let out = stdout(autherr().args(args));
        assert!(out.contains(line), "{args:?}: {out}");
    }
    // Without a catalog: every catalog that has the code, standards first.
    let out = stdout(autherr().args(["lookup", "invalid_grant"]));
    let first: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    // The standard's entries first, then every vendor that documents the value.
    assert_eq!(first[..2], ["oauth", "oauth"], "{out}");
    for vendor in [
        "auth0", "cognito", "entra", "google", "idaas", "keycloak", "okta",
    ] {
        assert!(first[2..].contains(&vendor), "{vendor}: {out}");
    }
    assert!(stdout(autherr().args(["lookup", "52e"])).starts_with("ldap\tad_data\t52e"));
    assert!(
        stdout(autherr().args(["lookup", "KDC_ERR_PREAUTH_FAILED"]))
            .starts_with("kerberos\tprotocol\t24")
    );
}

/// The layer beneath: a vendor entry shows the standard's entry for its HTTP status or OAuth
/// value, in the long form and in JSON.
#[test]
fn vendor_entries_show_the_standard_beneath() {
    let out = stdout(
        autherr()
            .args(["explain", "hid", "400", "--table", "http"])
            .env("COLUMNS", "100"),
    );
    assert!(
        out.contains(
            "\nStandard beneath\n  - http status 400 — Bad Request: The 400 (Bad Request)"
        ),
        "{out}"
    );
    // A value the standard defines at one endpoint only: that entry.
    let out = stdout(autherr().args(["explain", "idaas", "unsupported_grant_type"]));
    assert!(
        out.contains("\nStandard beneath\n  - oauth token unsupported_grant_type — "),
        "{out}"
    );
    let v = json(autherr().args(["lookup", "idaas", "unsupported_grant_type", "--json"]));
    assert_eq!(
        v[0]["standard"][0],
        serde_json::json!({"vendor": "oauth", "table": "token", "code": "unsupported_grant_type"})
    );
    assert!(v[0]["standard_defined_at"].is_null());
    // A vendor-only value has none.
    let v = json(autherr().args(["lookup", "idaas", "login_failed", "--json"]));
    assert_eq!(v[0]["standard"], serde_json::json!([]));
}

/// A table that names no endpoint (Okta's oauth2, Keycloak's and IDaaS's oauth), for a value
/// the standard defines at several: one line saying where the standard defines it, with its
/// documents, and no entry chosen among them; in the long form, JSON and `explain -` alike.
/// An entry or table that names its endpoint keeps its entry (issue #30).
#[test]
fn an_undeclared_endpoint_shows_where_the_standard_defines_the_value() {
    let out = stdout(
        autherr()
            .args(["explain", "okta", "access_denied", "--table", "oauth2"])
            .env("COLUMNS", "100"),
    );
    let beneath = out
        .split("\nStandard beneath\n")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .unwrap_or_else(|| panic!("{out}"));
    let flat = beneath.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("- http status 403 — Forbidden"), "{beneath}");
    assert!(
        flat.contains(
            "- oauth access_denied — defined by OAuth 2.0 / OpenID Connect at: authorization \
             (RFC 6749, The OAuth 2.0 Authorization Framework"
        ),
        "{beneath}"
    );
    assert!(flat.contains("; device (RFC 8628, "), "{beneath}");
    // The CIBA text's uncertainty stays visible.
    assert!(
        flat.contains("; ciba_token, ciba_push, ciba_auth (OpenID Connect Client-Initiated"),
        "{beneath}"
    );
    assert!(flat.contains("section numbers unverified"), "{beneath}");
    assert!(
        flat.contains("this entry's documents do not say"),
        "{beneath}"
    );
    // The command it names shows one of those endpoints' entries.
    assert!(
        flat.contains("autherr explain oauth access_denied --table TABLE shows each"),
        "{beneath}"
    );
    let device = stdout(autherr().args(["explain", "oauth", "access_denied", "--table", "device"]));
    assert!(
        device.starts_with("oauth device access_denied\n"),
        "{device}"
    );
    // No entry of the standard is listed as if it were the one beneath, nor as a shared code.
    assert!(!out.contains("oauth device access_denied"), "{out}");
    assert!(!out.contains("oauth ciba_auth access_denied"), "{out}");

    let v = json(autherr().args([
        "lookup",
        "okta",
        "access_denied",
        "--table",
        "oauth2",
        "--json",
    ]));
    let e = &v[0];
    assert_eq!(
        e["standard"],
        serde_json::json!([{"vendor": "http", "table": "status", "code": "403"}])
    );
    let at = &e["standard_defined_at"];
    assert_eq!(at["vendor"], "oauth");
    assert_eq!(at["code"], "access_denied");
    let tables: Vec<&str> = at["at"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["table"].as_str().unwrap())
        .collect();
    assert_eq!(
        tables,
        [
            "authorization",
            "device",
            "ciba_token",
            "ciba_push",
            "ciba_auth"
        ]
    );
    assert!(
        at["at"][1]["source"]["title"]
            .as_str()
            .unwrap()
            .starts_with("RFC 8628")
    );
    assert!(
        !e["same_code"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["vendor"] == "oauth")
    );

    // Keycloak's invalid_client ("Others" in its source, no document naming its endpoint):
    // the token endpoint and CIBA's backchannel authentication endpoint.
    let v = json(autherr().args([
        "lookup",
        "keycloak",
        "invalid_client",
        "--table",
        "oauth",
        "--json",
    ]));
    let tables: Vec<&str> = v[0]["standard_defined_at"]["at"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["table"].as_str().unwrap())
        .collect();
    assert_eq!(tables, ["token", "ciba_auth"]);

    // `explain -` on a paste shows the same.
    let paste = "keycloak {\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials\"}\n";
    let out = stdout(autherr().args(["explain", "-"]).write_stdin(paste));
    assert!(out.starts_with("keycloak oauth invalid_client"), "{out}");
    assert!(
        out.contains("\nStandard beneath\n  - oauth invalid_client — defined by OAuth 2.0"),
        "{out}"
    );
    let v = json(
        autherr()
            .args(["explain", "-", "--format", "json"])
            .write_stdin(paste),
    );
    assert_eq!(v[0]["standard_defined_at"]["code"], "invalid_client");

    // An entry whose document names its endpoint keeps its entry: Keycloak's invalid_grant,
    // whose causes are the code-to-token exchange's.
    let v = json(autherr().args([
        "lookup",
        "keycloak",
        "invalid_grant",
        "--table",
        "oauth",
        "--json",
    ]));
    assert_eq!(
        v[0]["standard"],
        serde_json::json!([{"vendor": "oauth", "table": "token", "code": "invalid_grant"}])
    );

    // A table that names its endpoint keeps its entry (Okta's oidc: authorization).
    let v = json(autherr().args([
        "lookup",
        "okta",
        "access_denied",
        "--table",
        "oidc",
        "--json",
    ]));
    assert_eq!(
        v[0]["standard"],
        serde_json::json!([{"vendor": "oauth", "table": "authorization", "code": "access_denied"}])
    );
    assert!(v[0]["standard_defined_at"].is_null());
}

/// Raw standard errors are named with evidence: an AD bind failure (both codes), a 4771
/// event, a SAML response (nested codes), an OAuth redirect.
#[test]
fn explain_names_standard_codes_in_raw_errors() {
    for (input, expected, evidence) in [
        (
            "[LDAP: error code 49 - 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563]",
            &[("ldap", "49"), ("ldap", "52e")][..],
            "AcceptSecurityContext",
        ),
        (
            "An account failed to log on. Event 4771 Kerberos pre-authentication failed. Failure Code: 0x18",
            &[("kerberos", "0x18")],
            "event 4771",
        ),
        (
            r#"<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/></samlp:StatusCode>"#,
            &[
                ("saml", "urn:oasis:names:tc:SAML:2.0:status:Requester"),
                ("saml", "urn:oasis:names:tc:SAML:2.0:status:RequestDenied"),
            ],
            "StatusCode",
        ),
        (
            "GET /callback#error=login_required&state=af0ifjsldkj HTTP/1.1",
            &[("oauth", "login_required")],
            "redirect",
        ),
    ] {
        let v = json(
            autherr()
                .args(["explain", "-", "--json"])
                .write_stdin(input),
        );
        let found: Vec<(&str, &str)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["vendor"].as_str().unwrap(), f["code"].as_str().unwrap()))
            .collect();
        for e in expected {
            assert!(found.contains(e), "{input}: {found:?}");
        }
        let text = v.to_string();
        assert!(text.contains(evidence), "{input}: {text}");
    }
}

/// `autherr 1902` and `autherr hid 1902` are lookups; piped codes need no `-`.
#[test]
fn bare_lookups_and_piped_input() {
    autherr()
        .arg("1902")
        .assert()
        .success()
        .stdout("hid\thid_error\t1902\t\tThe session has timed out\n");
    autherr()
        .args(["hid", "1902"])
        .assert()
        .success()
        .stdout("hid\thid_error\t1902\t\tThe session has timed out\n");
    autherr()
        .args(["--json", "AADSTS50076"])
        .assert()
        .success()
        .stdout(contains("\"code\": \"AADSTS50076\""));
    autherr()
        .args(["lookup", "hid"])
        .write_stdin("1902\n1903\n")
        .assert()
        .success()
        .stdout(contains("\t1902\t").and(contains("\t1903\t")));
    autherr()
        .arg("explain")
        .write_stdin(r#"{"hid_failure":{"reason":2}}"#)
        .assert()
        .success()
        .stdout(contains("hid hid_failure 2"));
    autherr()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("a first word that is no subcommand is a lookup"));
}

/// Long output goes through the pager when asked (and on a terminal); never in a pipe by
/// default.
#[test]
fn pager_when_asked_never_in_a_pipe() {
    let paged = autherr()
        .env("AUTHERR_PAGER", "sed s/^/paged:/")
        .args(["list", "hid", "--paging", "always"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&paged.stdout);
    assert!(
        text.lines().count() > 300 && text.lines().all(|l| l.starts_with("paged:")),
        "{}",
        &text[..200.min(text.len())]
    );
    let piped = stdout(
        autherr()
            .env("AUTHERR_PAGER", "sed s/^/paged:/")
            .args(["list", "hid"]),
    );
    assert!(!piped.contains("paged:"));
    // A pager that cannot start: the text is printed as it is.
    autherr()
        .env("AUTHERR_PAGER", "/nonexistent/pager")
        .args(["lookup", "hid", "1902", "--paging", "always"])
        .assert()
        .success()
        .stdout("hid\thid_error\t1902\t\tThe session has timed out\n");
}

/// `--web` prints the source's address and opens it with $BROWSER; help and version teach.
#[test]
fn web_help_and_version() {
    autherr()
        .env("BROWSER", "true")
        .args(["explain", "ldap", "52e", "--web"])
        .assert()
        .success()
        .stdout("https://learn.microsoft.com/windows/win32/debug/system-error-codes--1300-1699-\n");
    autherr()
        .env("BROWSER", "false")
        .args(["explain", "http", "401", "--web"])
        .assert()
        .success()
        .stdout("https://www.rfc-editor.org/rfc/rfc9110\n")
        .stderr(contains("no browser opened it"));
    let help = stdout(autherr().args(["explain", "--help"]));
    assert!(
        help.contains("Examples:\n  autherr explain entra 50076"),
        "{help}"
    );
    assert!(help.contains("Global options:"), "{help}");
    assert!(!help.to_lowercase().contains("readme"));
    let version = stdout(autherr().arg("--version"));
    assert!(version.starts_with("autherr "));
    assert!(
        version.contains("entra") && version.contains("ms.date 02/03/2025"),
        "{version}"
    );
    // Links only on a terminal: a pipe gets the bare address even with colour forced.
    let piped = stdout(autherr().args(["explain", "http", "401", "--color", "always"]));
    assert!(!piped.contains("\x1b]8;;"));
}

/// A lookup argument that is a sentence is read like a paste: the code inside it is found
/// (issue 32, point 1); where none is, the message says to use `explain -`.
#[test]
fn lookup_of_a_sentence_finds_the_code_in_it() {
    autherr()
        .args(["AADSTS50126: Error validating credentials due to invalid username or password."])
        .assert()
        .success()
        .stdout(contains("entra\taadsts\tAADSTS50126\t"));
    autherr()
        .args(["Error 400: redirect_uri_mismatch"])
        .assert()
        .success()
        .stdout(contains("google\toauth\tredirect_uri_mismatch\t"));
    autherr()
        .args([
            "lookup",
            "entra",
            "AADSTS50126: Error validating credentials",
        ])
        .assert()
        .success()
        .stdout(contains("\tAADSTS50126\t"));
    autherr()
        .args(["nothing in this sentence"])
        .assert()
        .code(1)
        .stderr(contains("autherr explain -"));
}

/// "Not found" names the vendors only for an unknown vendor, gives nearest codes only for a
/// likely slip, and for a missing Entra code Microsoft's own lookup address (issue 32, point 6).
#[test]
fn not_found_is_short_and_points_to_the_vendors_lookup() {
    let out = autherr()
        .args(["lookup", "entra", "700024"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(!err.contains("nearest"), "{err}");
    assert!(
        err.contains("https://login.microsoftonline.com/error?code=700024\n"),
        "{err}"
    );
    let out = autherr().args(["lookup", "AADSTS700024"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("AADSTS70002,") && !err.contains("700020"),
        "{err}"
    );
    assert!(err.contains("error?code=700024"), "{err}");
    let out = autherr().args(["lookup", "99999"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("hid, idaas"),
        "no vendor list for a known vendor: {err}"
    );
    autherr()
        .args(["lookup", "nope", "1"])
        .assert()
        .code(2)
        .stderr(contains("Vendors: "));
}

/// `aws` is not an alias of Cognito: autherr knows Cognito only (issue 32, point 7).
#[test]
fn aws_is_no_alias_of_cognito() {
    autherr()
        .args(["aws", "ExpiredToken"])
        .assert()
        .code(2)
        .stderr(contains("unknown vendor 'aws'").and(contains("did you mean 'cognito'?")));
}

/// `--web` prints the whole address, however long: it is copied over SSH (issue 32, point 5).
#[test]
fn web_prints_the_whole_address() {
    let out = stdout(autherr().env("BROWSER", "true").args([
        "explain",
        "keycloak",
        "user_not_found",
        "--web",
    ]));
    let url = out.trim();
    assert!(
        url.starts_with("https://github.com/keycloak/keycloak/blob/"),
        "{out}"
    );
    assert!(
        !url.contains("...") && !url.contains('\u{2026}') && url.len() > 84,
        "{out}"
    );
}

/// At 60 columns a symbol breaks only after `_`, `-` or `.`; one vendor's entries have one
/// layout, the vendor named above the table, however many there are (issue 32, point 10).
#[test]
fn narrow_tables_keep_symbols_and_one_layout() {
    let out = stdout(
        autherr()
            .env("COLUMNS", "60")
            .args(["lookup", "51", "--format", "table"]),
    );
    let cells: Vec<&str> = out
        .lines()
        .filter(|l| l.contains('┆'))
        .filter_map(|l| l.split('┆').next_back())
        .map(|c| c.trim_end_matches(['│', ' ']).trim())
        .collect();
    let at = cells
        .iter()
        .position(|c| c.starts_with("REASON_"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        cells[at].ends_with(['_', '-', '.']) || cells[at] == "REASON_THRESHOLD_STEP-UP_REACHED",
        "{out}"
    );
    for args in [["lookup", "hid", "51"], ["lookup", "hid", "400"]] {
        let out = stdout(
            autherr()
                .env("COLUMNS", "60")
                .args(args)
                .args(["--format", "table"]),
        );
        assert!(out.starts_with("HID Authentication Service\n"), "{out}");
        assert!(!out.contains("Vendor"), "{out}");
    }
}

/// A note of ours says so and names no document; a document's note names its own (issue #30).
#[test]
fn explain_shows_our_notes_as_ours() {
    let out = stdout(autherr().args(["explain", "kerberos", "0x42"]));
    let notes = out
        .split("\nNotes\n")
        .nth(1)
        .expect("notes")
        .split("\n\n")
        .next()
        .unwrap();
    assert!(
        notes.contains("Our note: compared with RFC 4120"),
        "{notes}"
    );
    assert!(!notes.contains("(from"), "{notes}");
    let v = json(autherr().args(["explain", "kerberos", "0x42", "--format", "json"]));
    let note = &v[0]["notes"][0];
    assert_eq!(note["ours"], true);
    assert!(note["source"].is_null());
    let v = json(autherr().args(["explain", "kerberos", "68", "--format", "json"]));
    let rfc6806 = v[0]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["text"].as_str().unwrap().contains("RFC 6806"))
        .expect("the RFC 6806 note");
    assert_eq!(rfc6806["ours"], false);
    assert!(
        rfc6806["source"]["title"]
            .as_str()
            .unwrap()
            .starts_with("RFC 6806")
    );
}

/// `lookup` marks the entries that say why it happens or what to do (issue 26): a column of
/// the table with its legend, `advice` in JSON (plain output keeps its fields). A
/// finding of `explain -` keeps its fields (where it was found follows the entry's).
#[test]
fn lookup_marks_the_entries_with_advice() {
    let table = stdout(
        autherr()
            .env("COLUMNS", "80")
            .args(["lookup", "hid", "400", "--format", "table"]),
    );
    assert!(
        table.contains("│ http      ┆ 400  ┆ * ┆ BAD REQUEST"),
        "{table}"
    );
    assert!(
        table.contains("\n* says why it happens or what to do: autherr explain"),
        "{table}"
    );
    let plain = stdout(autherr().args(["lookup", "hid", "400", "--format", "plain"]));
    let lines: Vec<&str> = plain.lines().collect();
    assert_eq!(lines.len(), 2, "{plain}");
    // Plain keeps its five fields, with or without advice: scripts cut them by position.
    assert!(lines[0].starts_with("hid\thttp\t400\t"), "{plain}");
    assert!(lines[1].starts_with("hid\thid_error\t400\t"), "{plain}");
    assert!(lines.iter().all(|l| l.split('\t').count() == 5), "{plain}");
    let v = json(autherr().args(["lookup", "hid", "400", "--format", "json"]));
    let advice: Vec<bool> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["advice"].as_bool().unwrap())
        .collect();
    assert_eq!(advice, [true, false]);
    let found = stdout(
        autherr()
            .args(["explain", "-", "--format", "plain"])
            .write_stdin(
                "AADSTS50126: Error validating credentials due to invalid username or password.",
            ),
    );
    assert!(found.starts_with("entra\taadsts\tAADSTS50126\t"), "{found}");
    assert!(!found.contains("\tadvice"), "{found}");
}

/// `autherr catalog sources` names each catalog's documents and their licenses (#32, 14).
#[test]
fn catalog_sources_names_the_documents_and_their_licenses() {
    let v = json(autherr().args(["catalog", "sources", "--json"]));
    let list = v.as_array().unwrap();
    let keycloak = list.iter().find(|c| c["vendor"] == "keycloak").unwrap();
    assert!(keycloak["license"].as_str().unwrap().contains("Apache-2.0"));
    assert!(keycloak["documents"].as_array().unwrap().len() > 1);
    autherr()
        .args(["catalog", "sources", "--format", "plain"])
        .assert()
        .success()
        .stdout(contains("Microsoft Entra ID (entra)"))
        .stdout(contains("  Licenses  Microsoft's documentation"));
}

//! User catalogs: adding a vendor, extending and overriding built-in ones, rejecting
//! malformed files whole, and treating their text as untrusted.

mod common;

use common::{autherr, autherr_with_catalogs, bash, json, stdout};
use predicates::prelude::*;
use predicates::str::contains;

/// A fresh directory holding `files` (name, content).
fn catalog_dir(test: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = common::temp_dir(&format!("user-{test}"));
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

const ACME: &str = r#"
[vendor]
id = "acme"
name = "Acme internal gateway"
aliases = ["gw"]
source_url = "https://wiki.acme.example/gateway/errors"
date = "2026-11-01"

[[tables]]
id = "gateway"
name = "Gateway errors"
field = "error.code of the gateway's JSON body"

[[entries]]
table = "gateway"
code = "GW-401"
title = "TOKEN_EXPIRED"
message = "The access token has expired."
causes = ["The client cached a token past its lifetime."]
solution = "Refresh the token and retry."
http_status = 401
"#;

const HID_OVERRIDE: &str = r#"
[vendor]
id = "hid"

[[entries]]
table = "hid_error"
code = "1902"
message = "The session has timed out"
solution = "Our SSO ends sessions after 15 minutes: sign in again."

[[entries]]
table = "hid_error"
code = "99999"
message = "Internal wrapper code"
"#;

#[test]
fn an_internal_vendor_is_added() {
    let dir = catalog_dir("add", &[("acme.toml", ACME)]);
    autherr_with_catalogs(&dir)
        .args(["lookup", "gw", "gw-401"])
        .assert()
        .success()
        .stdout("acme\tgateway\tGW-401\tTOKEN_EXPIRED\tThe access token has expired.\tuser\n");
    let v = json(autherr_with_catalogs(&dir).args(["lookup", "acme", "GW-401", "--json"]));
    assert_eq!(v[0]["origin"], "user");
    assert_eq!(v[0]["http_status"], 401);
    assert!(v[0]["origin_file"].as_str().unwrap().ends_with("acme.toml"));
    let vendors = json(autherr_with_catalogs(&dir).args(["list", "--json"]));
    assert!(
        vendors
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["id"] == "acme" && v["origin"] == "user")
    );
    // Each table's count is its entries, for a user's vendor and a built-in one alike.
    for (vendor, table) in [("acme", "gateway"), ("hid", "hid_error")] {
        let listed = stdout(autherr_with_catalogs(&dir).args(["list", vendor, "--table", table]));
        let v = vendors
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == vendor)
            .unwrap();
        let t = v["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == table)
            .unwrap();
        assert_eq!(t["entries"], listed.lines().count(), "{vendor} {table}");
    }
    autherr_with_catalogs(&dir)
        .args(["search", "token expired", "--vendor", "acme"])
        .assert()
        .success()
        .stdout(contains("GW-401"));
    autherr_with_catalogs(&dir)
        .args(["explain", "acme", "GW-401"])
        .assert()
        .success()
        .stdout(contains("Origin").and(contains("Refresh the token and retry.")));
}

#[test]
fn built_in_entries_are_overridden_and_say_so_in_every_format() {
    let dir = catalog_dir("override", &[("hid.toml", HID_OVERRIDE)]);
    let plain =
        stdout(autherr_with_catalogs(&dir).args(["lookup", "hid", "1902", "1903", "99999"]));
    assert_eq!(
        plain,
        "hid\thid_error\t1902\t\tThe session has timed out\toverride\nhid\thid_error\t1903\t\tThe session has expired\nhid\thid_error\t99999\t\tInternal wrapper code\tuser\n"
    );
    let v = json(autherr_with_catalogs(&dir).args(["lookup", "hid", "1902", "--json"]));
    assert_eq!(v[0]["origin"], "override");
    assert_eq!(
        v[0]["solution"],
        "Our SSO ends sessions after 15 minutes: sign in again."
    );
    autherr_with_catalogs(&dir)
        .args(["lookup", "hid", "1902", "--format", "table"])
        .assert()
        .success()
        .stdout(contains("(override)"));
    autherr_with_catalogs(&dir)
        .args(["explain", "hid", "1902"])
        .assert()
        .success()
        .stdout(contains("  Origin   override ("));
    // Nothing else of the vendor changed.
    assert_eq!(
        stdout(autherr_with_catalogs(&dir).args(["list", "hid", "--table", "hid_error"]))
            .lines()
            .count(),
        305
    );
}

#[test]
fn xdg_config_dir_is_the_fallback() {
    let dir = catalog_dir("xdg", &[]);
    let cat = dir.path().join("autherr/catalog");
    std::fs::create_dir_all(&cat).unwrap();
    std::fs::write(cat.join("acme.toml"), ACME).unwrap();
    autherr()
        .env_remove("AUTHERR_CATALOG_DIR")
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["lookup", "acme", "GW-401"])
        .assert()
        .success();
    autherr()
        .env_remove("AUTHERR_CATALOG_DIR")
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["catalog", "paths"])
        .assert()
        .success()
        .stdout(
            contains("($XDG_CONFIG_HOME/autherr/catalog)")
                .and(contains("adds vendor acme, 1 entry\n")),
        );
    let home = catalog_dir("home", &[]);
    autherr()
        .env_remove("AUTHERR_CATALOG_DIR")
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", home.path())
        .args(["catalog", "paths"])
        .assert()
        .success()
        .stdout(contains(".config/autherr/catalog").and(contains("does not exist")));
}

/// One bad file is left out whole, named with file, line and column on stderr; the built-in
/// catalogs and the other files still answer. `catalog check` and `catalog paths` fail on it.
#[test]
fn a_malformed_user_catalog_is_left_out_whole_and_the_rest_answers() {
    let bad = "[vendor]\nid = \"acme2\"\nname = \"A\"\nsource_url = \"u\"\ndate = \"d\"\n[[tables]]\nid = \"t\"\nname = \"T\"\nfield = \"f\"\n[[entries]]\ntable = \"t\"\ncode = \"A\"\nmessage = 5\n";
    let dir = catalog_dir("bad", &[("acme.toml", ACME), ("zz-bad.toml", bad)]);
    let warning = "zz-bad.toml:13:11: invalid type: integer `5`, expected a string";
    autherr_with_catalogs(&dir)
        .args(["lookup", "hid", "1902"])
        .assert()
        .success()
        .stdout("hid\thid_error\t1902\t\tThe session has timed out\n")
        .stderr(contains("autherr: warning: user catalog left out: ").and(contains(warning)));
    // The valid file beside it still answers; nothing of the bad one is half-loaded.
    autherr_with_catalogs(&dir)
        .args(["lookup", "acme", "GW-401"])
        .assert()
        .success();
    autherr_with_catalogs(&dir)
        .args(["lookup", "acme2", "A"])
        .assert()
        .code(2)
        .stderr(contains("unknown vendor 'acme2'"));
    autherr_with_catalogs(&dir)
        .args(["catalog", "paths"])
        .assert()
        .code(2)
        .stdout(contains("left out: ").and(contains(warning)));
    autherr()
        .args([
            "catalog",
            "check",
            dir.path().join("zz-bad.toml").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(contains(warning));
    // --no-user-catalogs reads none: no warning, and the user vendor is unknown.
    autherr_with_catalogs(&dir)
        .args(["lookup", "acme", "GW-401", "--no-user-catalogs"])
        .assert()
        .code(2)
        .stderr(contains("unknown vendor 'acme'").and(contains("warning").not()));

    for (name, text, reason) in [
        (
            "dup",
            format!(
                "{ACME}\n[[entries]]\ntable = \"gateway\"\ncode = \"gw-401\"\nmessage = \"again\"\n"
            ),
            "acme.toml:23: entry gateway/gw-401: duplicate code in table \"gateway\"",
        ),
        (
            "clash",
            ACME.replace("aliases = [\"gw\"]", "aliases = [\"aliyun\"]"),
            "\"aliyun\" already names vendor \"idaas\"",
        ),
    ] {
        let dir = catalog_dir(name, &[("acme.toml", &text)]);
        autherr_with_catalogs(&dir)
            .args(["list"])
            .assert()
            .success()
            .stdout(contains("hid\t"))
            .stderr(contains(reason));
    }
    let unknown_table =
        "[vendor]\nid = \"hid\"\n\n[[entries]]\ntable = \"nope\"\ncode = \"1\"\nmessage = \"m\"\n";
    let dir = catalog_dir("table", &[("hid.toml", unknown_table)]);
    autherr_with_catalogs(&dir)
        .args(["list"])
        .assert()
        .success()
        .stderr(contains(
            "hid.toml:4: entry nope/1: refers to unknown table \"nope\"",
        ));
}

/// Two user files that define one entry: a warning names both files and lines; the later
/// file is used, and an entry that replaces another user entry is no "override".
#[test]
fn two_user_files_defining_one_entry_are_named() {
    let second = "[vendor]\nid = \"acme\"\n\n[[entries]]\ntable = \"gateway\"\ncode = \"GW-401\"\nmessage = \"Second wording\"\n";
    let dir = catalog_dir("twice", &[("acme.toml", ACME), ("team.toml", second)]);
    let out = autherr_with_catalogs(&dir)
        .args(["lookup", "acme", "GW-401"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Second wording\tuser"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("entry acme gateway/GW-401 is defined in ")
            && stderr.contains("acme.toml:")
            && stderr.contains("team.toml:4; the second is used"),
        "{stderr}"
    );
}

#[test]
fn catalog_check_validates_files() {
    let dir = catalog_dir(
        "check",
        &[("acme.toml", ACME), ("broken.toml", "[vendor\n")],
    );
    autherr()
        .args([
            "catalog",
            "check",
            dir.path().join("acme.toml").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(contains("ok: ").and(contains("vendor acme, 1 entry\n")));
    autherr()
        .args([
            "catalog",
            "check",
            dir.path().join("broken.toml").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(contains("broken.toml:1:"));
    autherr()
        .args([
            "catalog",
            "check",
            dir.path().join("missing.toml").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(contains("missing.toml"));
    let hid = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog/hid.toml");
    autherr()
        .args(["catalog", "check", hid.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("vendor hid, 366 entries"));
}

#[test]
fn user_catalog_text_is_untrusted() {
    // The schema refuses these in names, codes and messages (tests/reliability.rs); longer
    // texts may hold them, and are escaped on the way out.
    let evil = ACME.replace(
        "The access token has expired.",
        "Expired.\"\ndescription = \"Gone\\u001b[2J\\u001b]0;owned\\u0007 \\u202etxt.exe",
    );
    let dir = catalog_dir("evil", &[("acme.toml", &evil)]);
    for args in [
        &["lookup", "acme", "GW-401"][..],
        &["lookup", "acme", "GW-401", "--format", "table"],
        &["explain", "acme", "GW-401"],
        &["lookup", "acme", "GW-401", "--json"],
        &["search", "expired", "--vendor", "acme"],
    ] {
        let out = autherr_with_catalogs(&dir).args(args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
            "{args:?}: {text:?}"
        );
        assert!(text.contains("Expired"), "{args:?}: {text:?}");
    }
}

#[test]
fn closed_stdout_or_stderr_is_not_an_error() {
    for (cmd, want) in [
        ("\"$0\" list hid >&-", "0"),
        ("\"$0\" lookup hid 1907 2>&-", "1"),
        ("\"$0\" search zzqqxxv 2>&-", "1"),
        ("\"$0\" explain - >&- 2>&- < /dev/null", "1"),
        ("\"$0\" lookup hdi 1 2>&-", "2"),
    ] {
        let out = bash(&format!("{cmd}; echo $?"));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), want, "{cmd}");
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{cmd}"
        );
    }
}

/// A team annotates built-in entries with its own solution, runbook, owner and notes; the
/// vendor's text stays untouched.
#[test]
fn a_team_runbook_annotates_built_in_entries() {
    let runbook = r##"
[vendor]
id = "entra"

[[annotations]]
code = "AADSTS50076"
solution = "Send the user to the MFA setup page, then retry."
runbook = "https://wiki.acme.example/runbooks/entra-mfa"
owner = "#identity-oncall"
"##;
    let dir = catalog_dir("runbook", &[("team.toml", runbook)]);
    let out = stdout(autherr_with_catalogs(&dir).args(["explain", "entra", "50076"]));
    assert!(out.contains("\nYour team's notes (from "), "{out}");
    assert!(
        out.contains("team.toml:5)\n  Solution: Send the user to the MFA setup page, then retry."),
        "{out}"
    );
    assert!(out.contains("  Owner: #identity-oncall\n  Runbook:\n  https://wiki.acme.example/runbooks/entra-mfa\n"), "{out}");
    assert!(
        out.contains("Due to a configuration change made by the admin"),
        "the vendor's text stays"
    );
    let v = json(autherr_with_catalogs(&dir).args(["lookup", "entra", "50076", "--json"]));
    assert_eq!(v[0]["team"][0]["owner"], "#identity-oncall");
    assert_eq!(v[0]["origin"], "builtin");
    // Without the code, or with nothing to add, the file is refused.
    let empty = "[vendor]\nid = \"entra\"\n\n[[annotations]]\ncode = \"AADSTS50076\"\n";
    let dir = catalog_dir("runbook-empty", &[("team.toml", empty)]);
    autherr()
        .args([
            "catalog",
            "check",
            dir.path().join("team.toml").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(contains(
            "team.toml:4: annotation \"AADSTS50076\" adds nothing",
        ));
}

/// An `[[entries]]` block that only adds a solution to a built-in code is told about
/// `[[annotations]]`; `catalog check` counts a file's annotations (issue 32, point 11).
#[test]
fn entries_without_message_point_to_annotations() {
    let solution_only = "[vendor]\nid = \"entra\"\n\n[[entries]]\ntable = \"aadsts\"\ncode = \"AADSTS50076\"\nsolution = \"Call the help desk.\"\n";
    let dir = catalog_dir("solution-only", &[("team.toml", solution_only)]);
    autherr_with_catalogs(dir.path())
        .args(["lookup", "entra", "50076"])
        .assert()
        .success()
        .stderr(contains("lacks a message").and(contains("[[annotations]]")));
    let runbook = "[vendor]\nid = \"entra\"\n\n[[annotations]]\ncode = \"AADSTS50076\"\nsolution = \"Call the help desk.\"\n\n[[annotations]]\ncode = \"AADSTS50126\"\nowner = \"#identity\"\n";
    let dir = catalog_dir("count-annotations", &[("team.toml", runbook)]);
    autherr()
        .args([
            "catalog",
            "check",
            dir.path().join("team.toml").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(contains("vendor entra, 0 entries, 2 annotations\n"));
}

/// A user catalog's `[[wire.concerns]]` work as a built-in catalog's: detection reports only
/// the codes they name (in `explain -`, `scan` and the file's own examples), `lookup` still
/// finds every code, and a file may narrow a built-in table the same way.
#[test]
fn a_user_catalogs_concerns_keep_other_codes_out_of_detection() {
    let acme = common::acme_vendor("the gateway's log")
        + r#"
[[entries]]
table = "gateway"
code = "GW-503"
message = "The upstream is unavailable."

[[wire.rules]]
table = "gateway"
pattern = 'acme-gw\[(?P<code>GW-\d+)\]'
says = "acme-gw[...] in the gateway's log"

[[wire.concerns]]
table = "gateway"
codes = ["GW-401"]
says = "only GW-401 concerns authentication"

[[examples]]
input = "acme-gw[GW-503] upstream down"
finds = []

[[examples]]
input = "acme-gw[GW-401] token refused"
finds = ["acme gateway GW-401"]
"#;
    let http_401_only = r#"
[vendor]
id = "http"

[[wire.concerns]]
table = "status"
codes = ["401"]
says = "our proxy answers 403 for reasons of its own"
"#;
    let dir = catalog_dir(
        "concerns",
        &[("acme.toml", &acme), ("http.toml", http_401_only)],
    );
    autherr_with_catalogs(&dir)
        .args(["catalog", "check"])
        .arg(dir.path().join("acme.toml"))
        .assert()
        .success();
    let explain = |paste: &str| {
        autherr_with_catalogs(&dir)
            .args(["explain", "-", "--format", "plain"])
            .write_stdin(paste)
            .output()
            .unwrap()
    };
    let found = explain("acme-gw[GW-401] token refused");
    assert!(String::from_utf8_lossy(&found.stdout).starts_with("acme\tgateway\tGW-401\t"));
    for paste in ["acme-gw[GW-503] upstream down", "HTTP/1.1 403 Forbidden"] {
        let out = explain(paste);
        assert_eq!(
            (out.status.code(), &out.stdout[..]),
            (Some(1), &b""[..]),
            "{paste}"
        );
    }
    autherr_with_catalogs(&dir)
        .args(["lookup", "acme", "GW-503"])
        .assert()
        .success();
    let log = "acme-gw[GW-503] upstream down\nacme-gw[GW-401] token refused\n\
               acme-gw[GW-503] upstream down\nHTTP/1.1 403 Forbidden\nHTTP/1.1 401 Unauthorized\n";
    let v = json(
        autherr_with_catalogs(&dir)
            .args(["scan", "--json", "-"])
            .write_stdin(log),
    );
    let codes: Vec<(&str, &str)> = (v.as_array().unwrap().iter())
        .map(|g| (g["vendor"].as_str().unwrap(), g["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [("acme", "GW-401"), ("http", "401")], "{v:#}");
}

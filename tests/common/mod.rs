//! One hermetic way to run the binary: no colour, terminal or catalog settings leak in.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// `autherr` with a clean environment: fixed width, no `NO_COLOR`, no user catalogs.
pub fn autherr() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("autherr"));
    cmd.env_remove("NO_COLOR")
        .env_remove("TERM")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COMPLETE")
        .env_remove("XDG_CONFIG_HOME")
        .env("AUTHERR_CATALOG_DIR", "/nonexistent/autherr-test-catalogs")
        .env("COLUMNS", "80");
    cmd
}

/// `autherr` reading user catalogs from `dir`.
pub fn autherr_with_catalogs(dir: impl AsRef<Path>) -> Command {
    let mut cmd = autherr();
    cmd.env("AUTHERR_CATALOG_DIR", dir.as_ref());
    cmd
}

pub fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().expect("runs").stdout).expect("UTF-8 output")
}

/// Parses stdout as JSON.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().expect("runs");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Runs a bash script with `$0` set to the autherr binary and no user catalogs.
pub fn bash(script: &str) -> std::process::Output {
    std::process::Command::new("bash")
        .args([
            "-c",
            script,
            assert_cmd::cargo::cargo_bin!("autherr").to_str().unwrap(),
        ])
        .env("AUTHERR_CATALOG_DIR", "/nonexistent")
        .output()
        .unwrap()
}

/// The keys every entry object has: the documented JSON contract (README).
pub const ENTRY_KEYS: [&str; 14] = [
    "vendor",
    "vendor_name",
    "table",
    "table_name",
    "code",
    "title",
    "message",
    "description",
    "causes",
    "solution",
    "http_status",
    "deprecated",
    "aliases",
    "source",
];

/// A directory of a test's own under the system's temporary directory: a unique name
/// (`autherr-NAME-` and random letters), so tests running at once never share one, removed
/// when it goes out of scope (a failing test's too).
pub fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("autherr-{name}-"))
        .tempdir()
        .expect("temp dir")
}

/// A user catalog of one vendor, Acme, with one table whose codes are in `field`, and one
/// entry, `GW-401`: wire rules are added after it.
pub fn acme_vendor(field: &str) -> String {
    format!(
        r#"
[vendor]
id = "acme"
name = "Acme internal gateway"
source_url = "https://wiki.acme.example/gateway/errors"
date = "2026-11-01"

[[tables]]
id = "gateway"
name = "Gateway errors"
field = "{field}"

[[entries]]
table = "gateway"
code = "GW-401"
message = "The access token has expired."
"#
    )
}

//! Hostile inputs (issue #25): user catalogs, pastes, stdin, logs, `.gz`, the environment and
//! the terminal. Each test holds one point of the issue; each failed on the binary before it.

mod common;

use common::{autherr, autherr_with_catalogs};
use predicates::prelude::*;
use predicates::str::contains;

/// A directory of user catalogs holding `files` (name, content).
fn catalogs(test: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = common::temp_dir(&format!("rel-{test}"));
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// `n` text-pattern rules for Acme's gateway table, each compiling on its own but large
/// (a bounded repetition of 10,000), numbered from `first`.
fn large_patterns(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| {
            format!(
                "\n[[wire.rules]]\ntable = \"gateway\"\npattern = 'zq{i}(?P<code>GW-\\d)[a-z]{{10000}}'\nsays = \"large\"\n"
            )
        })
        .collect()
}

/// #25.1: user rules too large for the regex size limit are left out, naming the file; the
/// built-in detection does not depend on them, and `catalog check` reports the limit.
#[test]
fn user_patterns_over_the_size_limit_leave_built_in_detection_alone() {
    let big = common::acme_vendor("f") + &large_patterns(0, 40);
    let dir = catalogs("size", &[("big.toml", &big)]);
    for args in [
        &["explain", "-", "--format", "plain"][..],
        &["scan", "--format", "plain"],
    ] {
        autherr_with_catalogs(&dir)
            .args(args)
            .write_stdin("sign-in failed: AADSTS50126\n")
            .assert()
            .success()
            .stdout(contains("entra"))
            .stderr(contains("big.toml").and(contains("regex size limit")));
    }
    autherr()
        .args(["catalog", "check"])
        .arg(dir.path().join("big.toml"))
        .assert()
        .code(2)
        .stderr(contains("big.toml").and(contains("regex size limit")));
    // Files that fit one by one but not together: the later one is left out, named, and
    // the earlier one's rules still find its codes.
    let a = common::acme_vendor("f")
        + &large_patterns(0, 12)
        + "\n[[wire.rules]]\ntable = \"gateway\"\npattern = 'acme-gw\\[(?P<code>GW-\\d+)\\]'\nsays = \"acme-gw\"\n";
    let b = common::acme_vendor("f").replace("id = \"acme\"", "id = \"beta\"")
        + &large_patterns(100, 12);
    let dir = catalogs("size-two", &[("a.toml", &a), ("b.toml", &b)]);
    for file in ["a.toml", "b.toml"] {
        autherr()
            .args(["catalog", "check"])
            .arg(dir.path().join(file))
            .assert()
            .success();
    }
    autherr_with_catalogs(&dir)
        .args(["explain", "-", "--format", "plain"])
        .write_stdin("AADSTS50126 then acme-gw[GW-401]\n")
        .assert()
        .success()
        .stdout(contains("entra").and(contains("acme\tgateway\tGW-401")))
        .stderr(contains("b.toml").and(contains("a.toml").not()));
}

//! Real pastes nobody on this project wrote: error texts from public issue threads, forum
//! answers and SDK documentation (`tests/data/wild/*.toml`, each case with the address it
//! comes from and the findings a right answer gives). They measure what users will see; the
//! cases are kept as found and never edited to suit the engine.
//!
//! A case is right when the first finding `explain -` reports is the expected entry (or, for
//! a text with no error, when nothing but success codes is reported). The test prints the
//! figure by catalog and by shape, and the cases that fail, and holds the figure at its floor
//! (`FLOOR`), which only goes up.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::autherr;
use serde::Deserialize;

/// The share of cases right at rank 1 below which the test fails: the figure reached so far.
const FLOOR: f64 = 0.97;

#[derive(Deserialize)]
struct File {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    url: String,
    shape: String,
    text: String,
    expect: Vec<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

struct Outcome {
    file: String,
    case: Case,
    got: Vec<String>,
    right: bool,
}

fn cases() -> Vec<(String, Case)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wild");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: File =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.extend(file.cases.into_iter().map(|c| (name.clone(), c)));
    }
    out
}

/// "vendor table code" of each finding, `?` before a candidate that is not decided; success
/// codes are left out (they are not errors).
fn findings(text: &str) -> Vec<String> {
    let out = autherr()
        .args(["explain", "-", "--format", "jsonl"])
        .write_stdin(text)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["success"] != true)
        .map(|v| {
            format!(
                "{}{} {} {}",
                if v["decided"] == true { "" } else { "?" },
                v["vendor"].as_str().unwrap(),
                v["table"].as_str().unwrap(),
                v["code"].as_str().unwrap()
            )
        })
        .collect()
}

fn is_right(expect: &[String], got: &[String]) -> bool {
    match (expect.first(), got.first()) {
        (None, _) => got.is_empty(),
        (Some(want), Some(first)) => first.trim_start_matches('?').eq_ignore_ascii_case(
            want.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str(),
        ),
        (Some(_), None) => false,
    }
}

fn catalog_of(case: &Case) -> String {
    case.expect
        .first()
        .and_then(|e| e.split_whitespace().next())
        .unwrap_or("(no error)")
        .to_string()
}

fn table(title: &str, rows: &BTreeMap<String, (usize, usize)>) -> String {
    let mut s = format!("{title}\n");
    for (k, (right, all)) in rows {
        s.push_str(&format!(
            "  {k:<16} {right:>4} / {all:<4} {:>5.1}%\n",
            100.0 * *right as f64 / *all as f64
        ));
    }
    s
}

#[test]
fn real_pastes_reach_the_right_entry() {
    let outcomes: Vec<Outcome> = cases()
        .into_iter()
        .map(|(file, case)| {
            let got = findings(&case.text);
            let right = is_right(&case.expect, &got);
            Outcome {
                file,
                case,
                got,
                right,
            }
        })
        .collect();
    assert!(!outcomes.is_empty(), "no cases in tests/data/wild");
    let mut by_catalog = BTreeMap::new();
    let mut by_shape = BTreeMap::new();
    for o in &outcomes {
        for (map, key) in [
            (&mut by_catalog, catalog_of(&o.case)),
            (&mut by_shape, o.case.shape.clone()),
        ] {
            let e: &mut (usize, usize) = map.entry(key).or_default();
            e.0 += usize::from(o.right);
            e.1 += 1;
        }
    }
    let right = outcomes.iter().filter(|o| o.right).count();
    let share = right as f64 / outcomes.len() as f64;
    let mut report = format!(
        "real pastes: {right} of {} right at rank 1 ({:.1}%)\n\n",
        outcomes.len(),
        100.0 * share
    );
    report.push_str(&table("by catalog (of the expected entry)", &by_catalog));
    report.push_str(&table("by shape", &by_shape));
    report.push_str("\nwrong:\n");
    for o in outcomes.iter().filter(|o| !o.right) {
        report.push_str(&format!(
            "- {} {}\n    expected [{}]\n    found    [{}]\n",
            o.file,
            o.case.url,
            o.case.expect.join(", "),
            o.got.join(", ")
        ));
    }
    eprintln!("{report}");
    assert!(
        share >= FLOOR,
        "{:.1}% right, below the floor of {:.1}%",
        100.0 * share,
        100.0 * FLOOR
    );
}

/// What `scan --json` counts in `log`: each group's count by "vendor table code".
fn scanned(log: &[u8]) -> BTreeMap<String, u64> {
    let out = autherr()
        .args(["scan", "--json", "-"])
        .write_stdin(log)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    let groups: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (groups.as_array().into_iter().flatten())
        .map(|g| {
            let key = format!("{} {} {}", g["vendor"], g["table"], g["code"]);
            (key, g["count"].as_u64().unwrap())
        })
        .collect()
}

/// The pastes in one long log are found as each alone: `scan` reads an input of at most 16 KB
/// with the engine line by line, and a longer one through its first pass over the lines and
/// the lines' shapes, which must lose none of these real lines.
#[test]
fn real_pastes_in_a_long_log_are_found_as_alone() {
    let mut alone: BTreeMap<String, u64> = BTreeMap::new();
    let mut log = Vec::new();
    for (_, case) in cases() {
        let mut text = case.text;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        for (key, count) in scanned(text.as_bytes()) {
            *alone.entry(key).or_default() += count;
        }
        log.extend_from_slice(text.as_bytes());
        log.extend_from_slice(b"Dec  6 10:00:00 host sshd[1]: Accepted publickey for alice\n");
    }
    assert!(log.len() > 16 << 10 && !alone.is_empty());
    assert_eq!(scanned(&log), alone);
}

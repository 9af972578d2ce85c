//! The README's examples are real: every `$ autherr ...` line in a `console` block is run and
//! its output compared with what the README shows.

mod common;

use std::process::Command;

#[test]
fn readme_examples_match_the_binary() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let bin_dir = assert_cmd::cargo::cargo_bin!("autherr")
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut checked = 0;
    let mut in_console = false;
    let mut examples: Vec<(String, Vec<String>)> = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            examples.push((cmd.to_string(), Vec::new()));
        } else if let Some((_, out)) = examples.last_mut() {
            out.push(line.to_string());
        }
    }
    for (cmd, expected) in examples {
        if cmd.contains("| jq") {
            continue; // needs jq; its JSON side is covered by tests/cli.rs
        }
        // Output shown as a table is what a terminal gets: ask for it explicitly.
        let cmd = if expected.iter().any(|l| l.contains('│')) {
            format!("{cmd} --format table")
        } else {
            cmd
        };
        let out = Command::new("bash")
            .args(["-c", &format!("{cmd} 2>&1")])
            .env("PATH", &path)
            .env("COLUMNS", "80")
            .env("AUTHERR_CATALOG_DIR", "/nonexistent")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let actual = String::from_utf8_lossy(&out.stdout);
        let actual: Vec<&str> = actual.lines().collect();
        assert_eq!(actual, expected, "README example `{cmd}` drifted");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} examples found");
}

/// The README's user catalog is real: it passes `catalog check` (its example included), and
/// `explain -` recognises the log line the README shows.
#[test]
fn readme_user_catalog_works() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<<'TOML'\n")
        .expect("the README writes a catalog")
        + "<<'TOML'\n".len();
    let end = start + readme[start..].find("\nTOML\n").unwrap();
    let dir = common::temp_dir("readme");
    let file = dir.path().join("acme.toml");
    std::fs::write(&file, &readme[start..end]).unwrap();
    common::autherr_with_catalogs(&dir)
        .args(["catalog", "check", file.to_str().unwrap()])
        .assert()
        .success();
    let line = "nginx: upstream acme-gw[GW-401] rejected the call";
    assert!(readme.contains(line));
    let out = common::autherr_with_catalogs(&dir)
        .args(["explain", "-", "--format", "plain"])
        .write_stdin(line)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let shown = "acme\tgateway\tGW-401\tTOKEN_EXPIRED\tThe access token has expired.\tuser\tline 1, column 25\tdecided";
    assert_eq!(text.trim_end(), shown);
    assert!(readme.contains(&format!("# {shown}")));
}

/// The README's team runbook files load, and `explain` shows their notes.
#[test]
fn readme_team_runbook_works() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let dir = common::temp_dir("readme-runbook");
    let mut files = 0;
    let mut rest = readme.as_str();
    while let Some(at) = rest.find("cat > ~/.config/autherr/catalog/team-") {
        let line_end = at + rest[at..].find('\n').unwrap();
        let name = rest[at..line_end]
            .split('/')
            .next_back()
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        let body_end = line_end + rest[line_end..].find("\nRUNBOOK\n").unwrap();
        std::fs::write(dir.path().join(name), &rest[line_end + 1..body_end]).unwrap();
        files += 1;
        rest = &rest[body_end..];
    }
    assert_eq!(files, 2, "the README's runbook files");
    let paths = common::stdout(common::autherr_with_catalogs(&dir).args(["catalog", "paths"]));
    assert!(
        paths.contains("extends vendor entra, 0 entries, 2 team notes"),
        "{paths}"
    );
    let out = common::stdout(common::autherr_with_catalogs(&dir).args(["explain", "ad", "0x775"]));
    assert!(
        out.contains("team-ad.toml:4)\n  Solution: Find the lockout source"),
        "{out}"
    );
    assert!(readme.contains("autherr explain ad 0x775"));
}

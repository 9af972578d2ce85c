//! Completions and man page: committed scripts match the generator, and real shells
//! (bash, zsh, fish) offer vendors, tables and codes on TAB.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::autherr;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "autherr.bash"),
    ("zsh", "_autherr"),
    ("fish", "autherr.fish"),
    ("powershell", "_autherr.ps1"),
    ("elvish", "autherr.elv"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_completions_match_the_generator() {
    for (shell, file) in SHELLS {
        let generated = autherr().args(["completions", shell]).output().unwrap();
        assert!(generated.status.success());
        let committed = std::fs::read(root().join("completions").join(file)).unwrap_or_default();
        assert!(
            generated.stdout == committed,
            "completions/{file} differs from `autherr completions {shell}`: run scripts/gen-completions"
        );
    }
}

#[test]
fn cli_definition_is_consistent() {
    autherr::cli::full_command().debug_assert();
}

/// The names `autherr 1902` must not mistake for codes are the subcommands clap defines.
#[test]
fn subcommand_names_are_the_cli_definition() {
    let mut defined: Vec<String> = autherr::cli::full_command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    defined.sort();
    let mut listed: Vec<&str> = autherr::cli::SUBCOMMANDS.split(' ').collect();
    listed.sort();
    assert_eq!(defined, listed);
}

/// A plain lookup, search or list skips clap's parse; what it makes is what clap makes of the same
/// words, and everything else is left to clap.
#[test]
fn a_plain_lookup_search_or_list_parses_as_clap_parses_it() {
    use clap::FromArgMatches;
    let clap_parse = |words: &[&str]| {
        let mut cmd = <autherr::cli::Cli as clap::CommandFactory>::command();
        let argv: Vec<std::ffi::OsString> = std::iter::once("autherr")
            .chain(words.iter().copied())
            .map(Into::into)
            .collect();
        let argv = autherr::cli::with_implied_lookup(&cmd, argv);
        let mut matches = cmd.try_get_matches_from_mut(argv).unwrap();
        autherr::cli::Cli::from_arg_matches_mut(&mut matches).unwrap()
    };
    let fast = |words: &[&str]| {
        let argv: Vec<std::ffi::OsString> = std::iter::once("autherr")
            .chain(words.iter().copied())
            .map(Into::into)
            .collect();
        autherr::cli::plain_command(&argv)
    };
    for words in [
        &["hid", "1902"][..],
        &["1902"],
        &["lookup", "hid", "1902"],
        &["lookup", "52e"],
        &["ldap", "data 52e", "AADSTS50126"],
        &["lookup", "help"],
        &["lookup", "lookup"],
        &["hid"],
        &["search", "session", "timed out"],
        &["search", "lookup"],
        &["list"],
        &["list", "hid"],
    ] {
        let fast = fast(words).unwrap_or_else(|| panic!("{words:?} is a plain command"));
        assert_eq!(
            format!("{fast:?}"),
            format!("{:?}", clap_parse(words)),
            "{words:?}"
        );
    }
    for words in [
        &[][..],
        &["lookup"],
        &["search"],
        &["list", "hid", "extra"],
        &["search", "x", "-n", "3"],
        &["search", "-100"],
        &["serch", "x"],
        &["help"],
        &["hid", "1902", "--json"],
        &["facephi", "-100"],
        &["lookup", "hid", "-"],
        &["hid", ""],
        &["--", "1902"],
    ] {
        assert!(fast(words).is_none(), "{words:?} is left to clap");
    }
}

#[test]
fn man_page_has_exit_status_examples_and_every_subcommand() {
    let out = autherr().arg("man").output().unwrap();
    assert!(out.status.success());
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(man.starts_with(".ie") || man.starts_with(".TH"), "roff");
    for needle in [
        ".SH EXIT STATUS",
        ".SH EXAMPLES",
        "autherr lookup hid 1902",
        "\\-\\-format",
        ".SS \"autherr lookup\"",
        ".SS \"autherr catalog check\"",
        "\\-\\-input <FILE>",
        "\\-\\-limit <LIMIT>",
        "\\-\\-table <TABLE>",
        "\\-\\-vendor <VENDOR>",
        "\\-\\-no\\-user\\-catalogs",
        ".SH JSON OUTPUT",
        "same_code",
        "standard_defined_at",
        ".SH CATALOG FILES",
        "not found",
    ] {
        assert!(man.contains(needle), "man page lacks {needle}");
    }
    // One page: it refers to no other page, shows no backticks and sends nobody to a README.
    assert!(!man.contains("(1)"), "refers to another page");
    assert!(
        !man.contains("autherr\\-lookup"),
        "refers to a page that does not exist"
    );
    assert!(!man.contains('`'), "backticks shown literally");
    assert!(!man.to_lowercase().contains("readme"));
}

/// The directory of the binary, to put first on PATH: the scripts call `autherr` by name.
fn bin_dir() -> PathBuf {
    assert_cmd::cargo::cargo_bin!("autherr")
        .parent()
        .unwrap()
        .to_path_buf()
}

fn path_env() -> String {
    format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Is `shell` installed? In CI it must be (`.ci/run` installs it); elsewhere a missing shell
/// skips that shell's check with a note.
fn have(shell: &str) -> bool {
    let ok = Command::new("sh")
        .args(["-c", &format!("command -v {shell}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{shell} is required in CI (.ci/run installs it)"
        );
        eprintln!("note: {shell} not installed; its completion check is skipped");
    }
    ok
}

/// Runs `shell` with the binary first on PATH; its output, cut into the blocks a script
/// separates with `---` lines, without blank lines.
fn run_blocks(shell: &str, args: &[&str]) -> Vec<Vec<String>> {
    let out = Command::new(shell)
        .args(args)
        .env("PATH", path_env())
        .env("AUTHERR_CATALOG_DIR", "/nonexistent")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split("---")
        .map(|b| {
            b.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn bash_tab_offers_codes_of_the_vendor() {
    if !have("bash") {
        return;
    }
    let script = format!(
        r#"source {}
complete_words() {{ COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${{#COMP_LINE}}; COMPREPLY=(); _clap_complete_autherr autherr "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"; printf '%s\n' "${{COMPREPLY[@]}}"; echo ---; }}
complete_words autherr lookup hid 190
complete_words autherr lookup hi
complete_words autherr search --table hid_f
complete_words autherr explain facephi -10
complete_words autherr explain ""
"#,
        root().join("completions/autherr.bash").display()
    );
    let blocks = run_blocks("bash", &["--norc", "-c", &script]);
    let text = format!("{blocks:?}");
    assert_eq!(
        blocks[0],
        ["1900", "1901", "1902", "1903", "1904", "1905", "1906"],
        "{text}"
    );
    assert_eq!(blocks[1], ["hid"], "{text}");
    assert_eq!(blocks[2], ["hid_failure"], "{text}");
    // Numeric order.
    assert_eq!(blocks[3], ["-103", "-102", "-101", "-100"], "{text}");
    // `explain -` reads a pasted error: offered first (issue 32, point 12).
    assert_eq!(blocks[4].first().map(String::as_str), Some("-"), "{text}");
}

#[test]
fn fish_tab_offers_codes_with_their_messages() {
    if !have("fish") {
        return;
    }
    let script = format!(
        "source {}; complete -C'autherr lookup hid 190'; echo ---; complete -C'autherr list id'; echo ---; complete -C'autherr explain openharmony 125000'",
        root().join("completions/autherr.fish").display()
    );
    let blocks = run_blocks("fish", &["--no-config", "-c", &script]);
    let text = format!("{blocks:?}");
    assert_eq!(blocks[0].len(), 7, "{text}");
    assert!(
        blocks[0]
            .iter()
            .any(|l| l == "1902\tThe session has timed out"),
        "{text}"
    );
    assert!(blocks[0].iter().all(|l| l.starts_with("190")), "{text}");
    assert_eq!(blocks[1], ["idaas\tAlibaba Cloud IDaaS"], "{text}");
    assert!(
        blocks[2]
            .iter()
            .any(|l| l == "12500009\tAuthentication Locked"),
        "{text}"
    );
}

/// Drives an interactive zsh in tmux: types a command line, presses TAB, reads the screen.
#[test]
fn zsh_tab_in_a_real_terminal_offers_codes_with_descriptions() {
    if !have("zsh") || !have("tmux") {
        return;
    }
    let session = format!("autherr-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", &session])
            .args(args)
            .output()
            .unwrap()
    };
    let home = std::env::temp_dir().join(&session);
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join(".zshrc"),
        format!(
            "PS1='$ '\nfpath=({} $fpath)\nautoload -Uz compinit && compinit -u -d {}/.zcompdump\nzstyle ':completion:*' list-rows-first true\n",
            root().join("completions").display(),
            home.display()
        ),
    )
    .unwrap();
    let start = tmux(&[
        "new-session",
        "-d",
        "-x",
        "200",
        "-y",
        "50",
        "-s",
        "t",
        "env",
        &format!("PATH={}", path_env()),
        &format!("ZDOTDIR={}", home.display()),
        "AUTHERR_CATALOG_DIR=/nonexistent",
        "zsh",
        "-i",
    ]);
    assert!(
        start.status.success(),
        "{}",
        String::from_utf8_lossy(&start.stderr)
    );
    let screen =
        || String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "t"]).stdout).to_string();
    let wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let s = screen();
            if s.contains(needle) || Instant::now() > deadline {
                return s;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for("$");
    tmux(&["send-keys", "-t", "t", "autherr lookup hid 190", "Tab"]);
    let s = wait_for("1906");
    // `explain`'s first word: zsh offers `-` (a pasted error on stdin) first (#32, 12).
    tmux(&["send-keys", "-t", "t", "C-c"]);
    tmux(&["send-keys", "-t", "t", "clear", "Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux(&["send-keys", "-t", "t", "autherr explain ", "Tab"]);
    let explain = wait_for("read a raw error");
    tmux(&["kill-server"]);
    let first = explain
        .lines()
        .find(|l| l.contains(" -- "))
        .unwrap_or_default()
        .to_string();
    assert!(
        first.starts_with("- ") && first.contains("read a raw error"),
        "zsh did not offer - first after explain:\n{explain}"
    );
    let _ = std::fs::remove_dir_all(&home);
    for code in ["1900", "1901", "1902", "1903", "1904", "1905", "1906"] {
        assert!(s.contains(code), "zsh did not offer {code}:\n{s}");
    }
    assert!(
        s.contains("The session has timed out"),
        "no descriptions:\n{s}"
    );
    assert!(
        !s.contains("1000") && !s.contains("2000"),
        "offered other codes:\n{s}"
    );
}

/// A code in several tables is described with every table's text; codes come in numeric
/// order; a table id several vendors use names each of them.
#[test]
fn fish_tab_names_every_table_of_a_shared_code() {
    if !have("fish") {
        return;
    }
    let script = format!(
        "source {}; complete -C'autherr explain facephi '; echo ---; complete -C'autherr list --table co'",
        root().join("completions/autherr.fish").display()
    );
    let blocks = run_blocks("fish", &["--no-config", "-c", &script]);
    let text = format!("{blocks:?}");
    let codes: Vec<&str> = blocks[0]
        .iter()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let numbers: Vec<i64> = codes.iter().filter_map(|c| c.parse().ok()).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_eq!(&codes[..5], ["-103", "-102", "-101", "-100", "0"], "{text}");
    let one = blocks[0].iter().find(|l| l.starts_with("1\t")).unwrap();
    assert!(
        one.contains("facial_authentication: NEGATIVE") && one.contains("liveness: Spoof"),
        "{one}"
    );
    assert_eq!(
        blocks[1],
        ["code\tauthing: Error codes; idaas: CIAM error codes (categories)"],
        "{text}"
    );
}

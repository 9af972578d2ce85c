//! Shell completion and the man page, both generated from the clap definition in `cli.rs`.
//!
//! Completion is dynamic (clap_complete's `CompleteEnv`): the script a shell sources calls
//! `autherr` back on every TAB, so vendors, tables and codes come from the same compiled-in
//! catalogs as lookups, and the committed scripts never list data that could drift.

use std::ffi::OsStr;
use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::catalog::{Catalog, Vendor};
use crate::cli::{Cli, Shell};

/// The environment variable that turns a run into a completion request.
pub const COMPLETE_VAR: &str = "COMPLETE";

fn catalog() -> Catalog {
    // User catalogs take part in completion too; a broken one falls back to the built-ins
    // rather than printing errors into the user's prompt.
    Catalog::load(crate::catalog::catalog_dir()).map_or_else(|_| Catalog::builtin(), |(c, _)| c)
}

/// The words of the command line being completed, after the program name.
fn words() -> Vec<String> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].iter().skip(1).cloned().collect(),
        None => Vec::new(),
    }
}

/// The positional words after `subcommand`, before the word being completed.
fn positionals_after(subcommand: &str) -> Vec<String> {
    let words = words();
    let Some(start) = words.iter().position(|w| w == subcommand) else {
        return Vec::new();
    };
    let before_current = &words[start + 1..words.len().saturating_sub(1)];
    let mut out = Vec::new();
    let mut skip_value = false;
    for w in before_current {
        if skip_value {
            skip_value = false;
            continue;
        }
        if matches!(
            w.as_str(),
            "--format"
                | "--color"
                | "--vendor"
                | "-v"
                | "--table"
                | "-t"
                | "--limit"
                | "-n"
                | "--input"
                | "-i"
        ) {
            skip_value = true;
        } else if !w.starts_with('-') || w.parse::<i64>().is_ok() {
            out.push(w.clone());
        }
    }
    out
}

fn vendor_candidates(catalog: &Catalog, current: &str) -> Vec<CompletionCandidate> {
    let current = current.to_ascii_lowercase();
    let mut out = Vec::new();
    for v in catalog.vendors() {
        if v.id.starts_with(&current) {
            out.push(CompletionCandidate::new(v.id).help(Some(v.name.into())));
        }
        for a in v.aliases {
            if !current.is_empty() && a.starts_with(&current) {
                out.push(
                    CompletionCandidate::new(*a)
                        .help(Some(format!("alias of {}", v.id).into()))
                        .hide(true),
                );
            }
        }
    }
    out
}

/// Codes of `vendor` that start with `current`, each described by its title or message.
pub fn code_candidates(vendor: &Vendor, current: &str) -> Vec<CompletionCandidate> {
    let key = crate::catalog::normalize_code(current);
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for e in vendor.entries {
        if !e.key.starts_with(&key) || seen.contains(&e.code) {
            continue;
        }
        seen.push(e.code);
        let text = e.title.unwrap_or(e.message);
        let first_line = text.lines().next().unwrap_or("");
        let help = crate::sanitize::escape(first_line).into_owned();
        out.push(CompletionCandidate::new(e.code).help(Some(help.into())));
    }
    out
}

fn lookup_values(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let catalog = catalog();
    let before = positionals_after("lookup");
    match before.first().and_then(|v| catalog.vendor(v)) {
        Some(v) => code_candidates(v, current),
        None if before.is_empty() => vendor_candidates(&catalog, current),
        None => Vec::new(),
    }
}

fn explain_code_values(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let catalog = catalog();
    let before = positionals_after("explain");
    match before.first().and_then(|v| catalog.vendor(v)) {
        Some(v) => code_candidates(v, current),
        None => Vec::new(),
    }
}

fn vendor_values(current: &OsStr) -> Vec<CompletionCandidate> {
    current
        .to_str()
        .map_or_else(Vec::new, |c| vendor_candidates(&catalog(), c))
}

fn table_values(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let catalog = catalog();
    let words = words();
    // `--vendor V` or `list V` narrows the tables to that vendor's.
    let named = words
        .windows(2)
        .find(|w| w[0] == "--vendor" || w[0] == "-v" || w[0] == "list")
        .and_then(|w| catalog.vendor(&w[1]).map(|v| v.id));
    let mut out: Vec<CompletionCandidate> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for v in catalog
        .vendors()
        .iter()
        .filter(|v| named.is_none_or(|id| id == v.id))
    {
        for t in v.tables {
            if t.id.starts_with(current) && !seen.contains(&t.id) {
                seen.push(t.id);
                out.push(
                    CompletionCandidate::new(t.id)
                        .help(Some(format!("{}: {}", v.id, t.name).into())),
                );
            }
        }
    }
    out
}

pub fn lookup_completer() -> ArgValueCompleter {
    ArgValueCompleter::new(lookup_values)
}

pub fn explain_code_completer() -> ArgValueCompleter {
    ArgValueCompleter::new(explain_code_values)
}

pub fn vendor_completer() -> ArgValueCompleter {
    ArgValueCompleter::new(vendor_values)
}

pub fn table_completer() -> ArgValueCompleter {
    ArgValueCompleter::new(table_values)
}

/// Writes the script that registers completion for `shell`; it calls `autherr` back per TAB.
pub fn write_script(shell: Shell, out: &mut impl Write) -> io::Result<()> {
    let name = "autherr";
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Powershell => &Powershell,
        Shell::Elvish => &Elvish,
    };
    completer.write_registration(COMPLETE_VAR, name, name, name, out)
}

/// Writes the roff man page, with the exit codes and examples of `--help`.
pub fn write_man(out: &mut impl Write) -> io::Result<()> {
    let cmd = Cli::command();
    clap_mangen::Man::new(cmd).render(out)
}

//! Shell completion and the man page, both generated from the clap definition in `cli.rs`.
//!
//! Completion is dynamic (clap_complete's `CompleteEnv`): the script a shell sources calls
//! `autherr` back on every TAB, so vendors, tables and codes come from the same compiled-in
//! catalogs as lookups, and the committed scripts never list data that could drift.

use std::ffi::OsStr;
use std::io::{self, Write};

use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::catalog::{Catalog, Vendor};
use crate::cli::Shell;

/// The environment variable that turns a run into a completion request.
pub const COMPLETE_VAR: &str = "COMPLETE";

fn catalog() -> Catalog {
    // User catalogs take part in completion too; a broken one falls back to the built-ins
    // rather than printing errors into the user's prompt.
    Catalog::load(crate::catalog::catalog_dir()).0
}

/// The words of the command line being completed, after the program name, up to the word
/// under the cursor (excluded). The shells pass them after `--`; bash and zsh also say which
/// word the cursor is in.
fn words_before_cursor() -> Vec<String> {
    let args: Vec<String> = std::env::args().collect();
    let Some(dash) = args.iter().position(|a| a == "--") else {
        return Vec::new();
    };
    let words = &args[dash + 1..];
    let current = std::env::var("_CLAP_COMPLETE_INDEX")
        .ok()
        .and_then(|i| i.parse::<usize>().ok())
        .unwrap_or(words.len().saturating_sub(1))
        .min(words.len());
    words[1.min(current)..current].to_vec()
}

/// The options of `subcommand` (and the global ones) that take a value, as typed: `--table`,
/// `-t`. Read from the clap definition, so a new option is never mistaken for a positional.
fn options_with_values(subcommand: &str) -> Vec<String> {
    use clap::CommandFactory;
    // Only this subcommand's options are made (its definition is deferred), not every one's.
    let root = crate::cli::Cli::command();
    let sub = root.find_subcommand(subcommand).cloned().map(|mut s| {
        s.build();
        s
    });
    root.get_arguments()
        .chain(sub.iter().flat_map(|s| s.get_arguments()))
        .filter(|a| !a.is_positional() && a.get_action().takes_values())
        .flat_map(|a| {
            a.get_long()
                .map(|l| format!("--{l}"))
                .into_iter()
                .chain(a.get_short().map(|s| format!("-{s}")))
        })
        .collect()
}

/// The positional words after `subcommand`, before the word being completed.
fn positionals_after(subcommand: &str) -> Vec<String> {
    let words = words_before_cursor();
    let Some(start) = words.iter().position(|w| w == subcommand) else {
        return Vec::new();
    };
    let with_values = options_with_values(subcommand);
    let mut out = Vec::new();
    let mut skip_value = false;
    for w in &words[start + 1..] {
        if skip_value {
            skip_value = false;
            continue;
        }
        if with_values.contains(w) {
            skip_value = true;
        } else if !w.starts_with('-') || w.parse::<i64>().is_ok() {
            out.push(w.clone());
        }
    }
    out
}

/// A catalog's text as the shell shows it (a candidate or its description), escaped: the
/// shell prints it straight to the terminal.
fn shown(text: &str) -> String {
    crate::sanitize::escape(text).into_owned()
}

fn vendor_candidates(catalog: &Catalog, current: &str) -> Vec<CompletionCandidate> {
    let current = current.to_ascii_lowercase();
    let mut out = Vec::new();
    for v in catalog.vendors() {
        if v.id.starts_with(&current) {
            out.push(CompletionCandidate::new(shown(v.id)).help(Some(shown(v.name).into())));
        }
        for a in v.aliases {
            if !current.is_empty() && a.starts_with(&current) {
                out.push(
                    CompletionCandidate::new(shown(a))
                        .help(Some(shown(&format!("alias of {}", v.id)).into()))
                        .hide(true),
                );
            }
        }
    }
    out
}

/// Codes of `vendor` that start with `current`, in numeric order (then the others by name),
/// each described by its title or message; a code in several tables names every table's.
pub fn code_candidates(vendor: &Vendor, current: &str) -> Vec<CompletionCandidate> {
    let key = crate::catalog::normalize_code(current);
    // (code, [(table, text)]) in first-seen order, merged by code.
    let mut codes: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for e in vendor.entries {
        if !e.key.starts_with(&*key) {
            continue;
        }
        let text = e.title.unwrap_or(e.message);
        let first_line = text.lines().next().unwrap_or("");
        match codes.iter_mut().find(|(c, _)| *c == e.code) {
            Some((_, texts)) => texts.push((e.table, first_line)),
            None => codes.push((e.code, vec![(e.table, first_line)])),
        }
    }
    codes.sort_by(|a, b| match (a.0.parse::<i64>(), b.0.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.0.cmp(b.0),
    });
    codes
        .into_iter()
        .map(|(code, texts)| {
            let help = if texts.len() == 1 {
                texts[0].1.to_string()
            } else {
                texts
                    .iter()
                    .map(|(table, text)| format!("{table}: {text}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            CompletionCandidate::new(shown(code)).help(Some(shown(&help).into()))
        })
        .collect()
}

fn lookup_values(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let catalog = catalog();
    let before = positionals_after("lookup");
    match before.first().and_then(|v| catalog.vendor(v)) {
        Some(v) => code_candidates(v, current),
        None if before.is_empty() => {
            // `lookup 19<TAB>`: vendors, then codes of every vendor.
            let mut out = vendor_candidates(&catalog, current);
            if !current.is_empty() {
                for v in catalog.vendors() {
                    out.extend(code_candidates(v, current).into_iter().map(|c| {
                        let help = c.get_help().map(|h| format!("{}: {h}", shown(v.id)));
                        c.help(help.map(Into::into))
                    }));
                }
            }
            out
        }
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

/// `explain`'s first word: a vendor, or `-` (a raw error on stdin), offered first.
fn explain_vendor_values(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut out = Vec::new();
    if current.is_empty() || current == "-" {
        out.push(CompletionCandidate::new("-").help(Some(
            "read a raw error (a response body, log lines) from stdin".into(),
        )));
    }
    out.extend(vendor_values(current));
    out
}

fn table_values(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let catalog = catalog();
    let words = words_before_cursor();
    // `--vendor V` or `list V` narrows the tables to that vendor's.
    let named = words
        .windows(2)
        .find(|w| w[0] == "--vendor" || w[0] == "-v" || w[0] == "list")
        .and_then(|w| catalog.vendor(&w[1]).map(|v| v.id));
    // A table id several vendors use (`code`, `oauth`) is offered once, naming each vendor's.
    let current = current.to_ascii_lowercase();
    let mut tables: Vec<(&str, Vec<String>)> = Vec::new();
    for v in catalog
        .vendors()
        .iter()
        .filter(|v| named.is_none_or(|id| id == v.id))
    {
        for t in v.tables.iter().filter(|t| t.id.starts_with(&current)) {
            let what = format!("{}: {}", v.id, t.name);
            match tables.iter_mut().find(|(id, _)| *id == t.id) {
                Some((_, names)) => names.push(what),
                None => tables.push((t.id, vec![what])),
            }
        }
    }
    tables
        .into_iter()
        .map(|(id, names)| {
            CompletionCandidate::new(shown(id)).help(Some(shown(&names.join("; ")).into()))
        })
        .collect()
}

/// The clap command with the completers that read the catalogs attached, built only to
/// answer a TAB. `cli.rs` stays a plain definition that knows nothing of completion.
pub fn command() -> clap::Command {
    let vendor = || ArgValueCompleter::new(vendor_values);
    let table = || ArgValueCompleter::new(table_values);
    crate::cli::full_command()
        .mut_subcommand("lookup", |s| {
            s.mut_arg("args", |a| a.add(ArgValueCompleter::new(lookup_values)))
                .mut_arg("table", |a| a.add(table()))
        })
        .mut_subcommand("search", |s| {
            s.mut_arg("vendor", |a| a.add(vendor()))
                .mut_arg("table", |a| a.add(table()))
        })
        .mut_subcommand("list", |s| {
            s.mut_arg("vendor", |a| a.add(vendor()))
                .mut_arg("table", |a| a.add(table()))
        })
        .mut_subcommand("explain", |s| {
            s.mut_arg("vendor", |a| {
                a.add(ArgValueCompleter::new(explain_vendor_values))
            })
            .mut_arg("codes", |a| {
                a.add(ArgValueCompleter::new(explain_code_values))
            })
            .mut_arg("table", |a| a.add(table()))
        })
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
    completer.write_registration(COMPLETE_VAR, name, name, name, out)?;
    if shell == Shell::Zsh {
        // Installed as `_autherr` in $fpath, zsh autoloads this file as the completion
        // function itself: complete on that first call too, not only register.
        out.write_all(b"if [ \"$funcstack[1]\" = \"_autherr\" ]; then\n    _clap_dynamic_completer_autherr \"$@\"\nfi\n")?;
    }
    Ok(())
}

/// Writes the roff man page: title, synopsis, description and global options as clap_mangen
/// derives them from `cli.rs`; then every subcommand with its own options on this one page (no
/// page refers to another that is not installed); then examples, JSON output, catalog files
/// and exit status.
pub fn write_man(out: &mut impl Write) -> io::Result<()> {
    let root = crate::cli::full_command();
    let man = clap_mangen::Man::new(root.clone());
    // clap_mangen writes `code` spans of the help text as they are: make them bold.
    let mut head = Vec::new();
    man.render_title(&mut head)?;
    man.render_name_section(&mut head)?;
    man.render_synopsis_section(&mut head)?;
    man.render_description_section(&mut head)?;
    man.render_options_section(&mut head)?;
    for line in String::from_utf8_lossy(&head).lines() {
        writeln!(out, "{}", bold_code_spans(line))?;
    }
    writeln!(out, ".SH COMMANDS")?;
    for sub in root.get_subcommands() {
        command_section(out, &format!("autherr {}", sub.get_name()), sub)?;
    }
    tagged_section(out, "EXAMPLES", crate::cli::EXAMPLES, true)?;
    tagged_section(out, "JSON OUTPUT", crate::cli::JSON_KEYS, true)?;
    tagged_section(out, "CATALOG FILES", crate::cli::CATALOG_FILES, true)?;
    tagged_section(out, "EXIT STATUS", crate::cli::EXIT_CODES, false)?;
    writeln!(
        out,
        ".SH FILES\n.TP\n$AUTHERR_CATALOG_DIR, $XDG_CONFIG_HOME/autherr/catalog/, ~/.config/autherr/catalog/\nUser catalogs (*.toml), in the format of CATALOG FILES above. \\fBautherr catalog paths\\fR shows which is used and what it holds."
    )?;
    man.render_version_section(out)
}

/// An argument a subcommand defines itself: not help or version, nor a global option (the
/// page lists those once, above).
fn own_argument(a: &clap::Arg) -> bool {
    !a.is_hide_set() && !a.is_global_set() && !matches!(a.get_id().as_str(), "help" | "version")
}

/// One subcommand: its usage, what it does, and each of its arguments and options; nested
/// subcommands (`catalog check`) follow as their own entries.
fn command_section(out: &mut impl Write, name: &str, cmd: &clap::Command) -> io::Result<()> {
    if cmd.get_name() == "help" {
        return Ok(());
    }
    let usage: Vec<String> = cmd
        .get_arguments()
        .filter(|a| own_argument(a))
        .map(|a| {
            if a.is_positional() {
                let value = a
                    .get_value_names()
                    .map_or_else(|| a.get_id().to_string(), |v| v.join(" "));
                let dots = if a.get_num_args().is_some_and(|n| n.max_values() > 1) {
                    "..."
                } else {
                    ""
                };
                if a.is_required_set() {
                    format!("<{value}>{dots}")
                } else {
                    format!("[{value}]{dots}")
                }
            } else {
                format!("[{}]", option_tag(a))
            }
        })
        .collect();
    let subs = if cmd.has_subcommands() {
        " <command>"
    } else {
        ""
    };
    writeln!(
        out,
        ".SS \"{}\"\n\\fB{}\\fR {}{subs}",
        roff_escape(name),
        roff_escape(name),
        roff_escape(&usage.join(" "))
    )?;
    if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
        writeln!(out, ".br\n{}", roff_escape(&about.to_string()))?;
    }
    for a in cmd.get_arguments().filter(|a| own_argument(a)) {
        let tag = if a.is_positional() {
            a.get_value_names()
                .map_or_else(|| a.get_id().to_string(), |v| v.join(" "))
        } else {
            option_tag(a)
        };
        let help = a
            .get_long_help()
            .or(a.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        let values = if values.is_empty() || !a.get_action().takes_values() {
            String::new()
        } else {
            format!(" [{}]", values.join(", "))
        };
        writeln!(
            out,
            ".TP\n\\fB{}\\fR\n{}{}",
            roff_escape(&tag),
            roff_escape(&help),
            roff_escape(&values)
        )?;
    }
    for sub in cmd.get_subcommands() {
        command_section(out, &format!("{name} {}", sub.get_name()), sub)?;
    }
    Ok(())
}

/// `-t, --table <TABLE>` for an option.
fn option_tag(a: &clap::Arg) -> String {
    let mut names: Vec<String> = Vec::new();
    names.extend(a.get_short().map(|s| format!("-{s}")));
    names.extend(a.get_long().map(|l| format!("--{l}")));
    let value = if a.get_action().takes_values() {
        let v = a
            .get_value_names()
            .map_or_else(|| a.get_id().to_string().to_uppercase(), |v| v.join(" "));
        format!(" <{v}>")
    } else {
        String::new()
    };
    format!("{}{value}", names.join(", "))
}

/// A man section of `.TP` items from `--help` text: after its heading line, each line is a
/// tag and its description, separated by two spaces.
fn tagged_section(
    out: &mut impl Write,
    title: &str,
    text: &str,
    bold_tags: bool,
) -> io::Result<()> {
    writeln!(out, ".SH {title}")?;
    for line in text.lines().skip(1) {
        let (tag, what) = line.trim().split_once("  ").unwrap_or((line.trim(), ""));
        let tag = roff_escape(tag);
        let tag = if bold_tags {
            format!("\\fB{tag}\\fR")
        } else {
            tag
        };
        writeln!(out, ".TP\n{tag}\n{}", roff_escape(what.trim()))?;
    }
    Ok(())
}

/// Escapes text for roff: backslashes, and leading dots or quotes that roff reads as
/// requests; `code` spans (as `--help` writes them) become bold.
fn roff_escape(s: &str) -> String {
    let s = bold_code_spans(&s.replace('\\', "\\e").replace('-', "\\-"));
    if s.starts_with(['.', '\'']) {
        format!("\\&{s}")
    } else {
        s
    }
}

/// Roff text with each `code` span (backticks) set in bold instead.
fn bold_code_spans(line: &str) -> String {
    if line.matches('`').count() < 2 {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "\\fB" } else { "\\fR" });
        }
        out.push_str(part);
    }
    if line.matches('`').count() % 2 == 1 {
        out.push_str("\\fR");
    }
    out
}

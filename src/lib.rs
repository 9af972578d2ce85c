//! autherr: explain authentication error codes offline. `run` is the whole program; `main`
//! only parses arguments and maps the outcome to an exit code.

pub mod catalog;
pub mod cli;
pub mod complete;
pub mod detect;
pub mod encoding;
pub mod inspect;
pub mod logscan;
pub mod pager;
pub mod progress;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod term;

use std::io::{self, BufRead, Read, Write};

use anyhow::{Context, Result, bail};

use crate::catalog::{Catalog, Hit, Vendor};
use crate::cli::{
    CatalogCommand, Cli, Command, ExplainArgs, Format, ListArgs, LookupArgs, SearchArgs,
};
use crate::sanitize::echo;
use crate::term::Term;

/// How a successful run ended; errors are exit code 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was found (exit 0).
    Found,
    /// Something asked for was not found, or nothing matched (exit 1).
    NotFound,
}

impl Outcome {
    /// The process exit code: 0 found, 1 not found.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Found => 0,
            Outcome::NotFound => 1,
        }
    }

    fn from_found(found: bool) -> Self {
        if found {
            Outcome::Found
        } else {
            Outcome::NotFound
        }
    }
}

/// `autherr --version`: the version, then each built-in catalog with its document's date.
pub fn version_text() -> String {
    let mut text = format!("autherr {}\n", env!("CARGO_PKG_VERSION"));
    for v in Catalog::builtin().vendors() {
        text.push_str(&format!("  {:<12} {}\n", echo(v.id), echo(v.date)));
    }
    text
}

/// Is a closed pipe anywhere in this error's chain? Then the reader went away: not an error.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    // EBADF (9): stdout was closed outright (`>&-`) rather than piped to a reader that left.
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|io| {
            io.kind() == io::ErrorKind::BrokenPipe || io.raw_os_error() == Some(9)
        })
    })
}

/// An error writing the output (a full disk), told apart from one reading an input: it ends
/// the run and is reported as what it is, never blamed on the file being read.
#[derive(Debug)]
pub struct WriteError(pub io::Error);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // What failed follows as the source (`{:#}` shows it).
        f.write_str("cannot write output")
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl WriteError {
    /// `e` marked as a write error (once), its kind kept: a closed pipe is still one.
    pub fn mark(e: io::Error) -> io::Error {
        if Self::is(&e) {
            return e;
        }
        io::Error::new(e.kind(), WriteError(e))
    }

    /// Was `e` marked as a write error?
    pub fn is(e: &io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<WriteError>())
    }
}

/// The output writer: its errors are write errors.
pub struct Output<W>(pub W);

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(WriteError::mark)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf).map_err(WriteError::mark)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(WriteError::mark)
    }
}

/// A writer for diagnostics that drops write errors: a closed stderr must not turn a
/// "not found" (exit 1) into an error (exit 2).
pub struct IgnoreErrors<W>(pub W);

impl<W: Write> Write for IgnoreErrors<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let _ = self.0.write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

/// Runs one command, writing results to `out` and diagnostics (not found, hints) to `err`.
pub fn run(
    cli: &Cli,
    term: &Term,
    out: &mut impl Write,
    err: &mut impl Write,
    stdin: &mut impl BufRead,
) -> Result<Outcome> {
    let format = cli.format(term.default_format());
    let user_dir = || (!cli.no_user_catalogs).then(catalog::catalog_dir).flatten();
    match &cli.command {
        Command::Completions { .. } | Command::Man
            if cli.output.json || cli.output.format.is_some() =>
        {
            bail!(
                "--json and --format do not apply here: this command prints a script or a man page"
            )
        }
        Command::Completions { shell } => {
            complete::write_script(*shell, out)?;
            Ok(Outcome::Found)
        }
        Command::Man => {
            complete::write_man(out)?;
            Ok(Outcome::Found)
        }
        Command::Catalog(cmd) => catalog_command(cmd, user_dir(), format, out),
        command => {
            let (catalog, report) = Catalog::load(user_dir());
            warn_about_user_catalogs(&report, err)?;
            match command {
                Command::Lookup(args) => lookup(&catalog, args, format, term, out, err, stdin),
                Command::Search(args) => search(&catalog, args, format, term, out, err),
                Command::List(args) => list(&catalog, args, format, term, out),
                Command::Scan(args) => scan(&catalog, args, format, term, out, err, stdin),
                Command::Inspect(args) => inspect_command(&catalog, args, format, out, err, stdin),
                Command::Explain(args) => {
                    // The reading command: the long form unless a format is asked for (plain
                    // gives `explain -` one line per finding).
                    let format = cli.format(Format::Table);
                    explain(&catalog, args, format, term, out, err, stdin)
                }
                _ => unreachable!("handled above"),
            }
        }
    }
}

/// Most input `inspect` reads (a paste holding a token).
const MAX_INSPECT_INPUT: u64 = 8 * 1024 * 1024;
/// Most tokens one paste is searched for.
const MAX_TOKENS: usize = 20;

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `autherr inspect`: the JWTs and SAML responses in the input, decoded and judged.
fn inspect_command(
    catalog: &Catalog,
    args: &cli::InspectArgs,
    format: Format,
    out: &mut impl Write,
    err: &mut impl Write,
    stdin: &mut impl BufRead,
) -> Result<Outcome> {
    use std::io::Read;
    let now = match &args.at {
        Some(at) => inspect::decode::parse_time(at).with_context(|| {
            format!(
                "--at {}: not a time (2026-12-06T07:45:00Z, 2026-12-06 07:45, or Unix seconds)",
                echo(at)
            )
        })?,
        None => now_secs(),
    };
    let mut bytes = Vec::new();
    match &args.input {
        Some(path) => std::fs::File::open(path)
            .and_then(|f| f.take(MAX_INSPECT_INPUT + 1).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", echo(&path.display().to_string())))?,
        None => stdin
            .take(MAX_INSPECT_INPUT + 1)
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?,
    };
    if bytes.len() as u64 > MAX_INSPECT_INPUT {
        bail!(
            "the input is larger than {} MiB: refused",
            MAX_INSPECT_INPUT / 1024 / 1024
        );
    }
    let text = String::from_utf8_lossy(&bytes);
    let judge = inspect::Judge {
        now,
        audience: args.audience.clone(),
    };
    let links = inspect::Links::new(catalog);
    let tokens = inspect::find(&links, &text, &judge, MAX_TOKENS);
    if tokens.is_empty() {
        writeln!(
            err,
            "autherr: no JWT or SAML response found in the input ({})",
            render::count(bytes.len(), "byte", "bytes")
        )?;
        return Ok(Outcome::NotFound);
    }
    if tokens
        .iter()
        .all(|t| matches!(t, inspect::Token::Refused { .. }))
    {
        let why: Vec<String> = tokens
            .iter()
            .filter_map(|t| match t {
                inspect::Token::Refused { what, why } => {
                    Some(format!("{what}: {}", sanitize::escape(why)))
                }
                _ => None,
            })
            .collect();
        bail!("{}", why.join("; "));
    }
    match format {
        Format::Json | Format::Jsonl => inspect::render::json(out, &tokens, &judge, args.claims)?,
        _ => inspect::render::text(out, &tokens, &judge, args.claims)?,
    }
    Ok(Outcome::Found)
}

/// `autherr scan`: the findings of every line of the inputs, grouped (or, with `--each`, as
/// they are found).
fn scan(
    catalog: &Catalog,
    args: &cli::ScanArgs,
    format: Format,
    term: &Term,
    out: &mut impl Write,
    err: &mut impl Write,
    stdin: &mut impl BufRead,
) -> Result<Outcome> {
    let vendor = args
        .vendor
        .as_deref()
        .map(|v| resolve_vendor(catalog, v))
        .transpose()?;
    let mut files: Vec<&std::path::Path> =
        args.files.iter().map(std::path::PathBuf::as_path).collect();
    if files.is_empty() {
        if term.stdin_tty {
            bail!(
                "give log files to scan, or pipe a log in: `autherr scan app.log`, `tail -F app.log | autherr scan --each`"
            );
        }
        files.push(std::path::Path::new("-"));
    }
    // A summary detects in a thread per core; `--each` answers each line as it arrives.
    let threads = if args.each {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    };
    let examples = match (args.no_examples, args.no_redact) {
        (true, _) => logscan::Examples::None,
        (false, true) => logscan::Examples::AsLogged,
        (false, false) => logscan::Examples::Redacted,
    };
    let mut state = logscan::Scan::new(catalog, vendor, examples, threads);
    let mut found = 0u64;
    let mut failed = Vec::new();
    let mut each = |f: logscan::LineFinding<'_, '_>| -> io::Result<()> {
        found += 1;
        if !args.each {
            return Ok(());
        }
        // Marked, so that a full disk is not taken for a file that cannot be read.
        render::scan::finding(out, &f, format.is_json())
            .and_then(|()| out.flush())
            .map_err(WriteError::mark)
    };
    // A progress line for large files, on a terminal's stderr only, and never with --each.
    let progress_wanted = !args.each && std::io::IsTerminal::is_terminal(&io::stderr());
    for path in files {
        let name = path.display().to_string();
        let result = if name == "-" {
            decoded("(stdin)", &mut *stdin, &mut *err)
                .and_then(|input| state.read("(stdin)", input, &mut each, &mut || Ok(())))
        } else {
            logscan::open(path).and_then(|opened| {
                let mut progress = (progress_wanted && opened.size >= progress::MIN_SIZE)
                    .then(|| progress::Progress::new(echo(&name), opened.size));
                let read = std::rc::Rc::clone(&opened.read);
                let input = decoded(&name, opened.reader, &mut *err)?;
                let mut tick = || match progress.as_mut() {
                    Some(p) => p.show(read.get(), &mut *err),
                    None => Ok(()),
                };
                let result = state.read(&name, input, &mut each, &mut tick);
                if let Some(p) = progress.as_mut() {
                    p.clear(&mut *err)?;
                }
                result
            })
        };
        match result {
            // Output that cannot be written ends the run: the next file would fail alike.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe || WriteError::is(&e) => {
                return Err(e.into());
            }
            Err(e) => {
                writeln!(err, "autherr: cannot read {}: {e}", echo(&name))?;
                failed.push(name);
            }
            Ok(()) => {}
        }
    }
    let (lines, bytes) = (state.lines, state.bytes);
    if !args.each {
        let mut groups = state.groups();
        if let Some(n) = args.top {
            groups.truncate(n);
        }
        render::scan::groups(out, &groups, format, term)?;
        if format == Format::Table && term.is_tty {
            writeln!(
                out,
                "{} in {} ({} bytes), {}",
                render::count(found as usize, "finding", "findings"),
                render::count(lines as usize, "line", "lines"),
                bytes,
                render::count(groups.len(), "code shown", "codes shown"),
            )?;
        }
    }
    if found == 0 {
        writeln!(
            err,
            "autherr: no authentication error found in {}",
            render::count(lines as usize, "line", "lines")
        )?;
    }
    if !failed.is_empty() {
        bail!(
            "could not read {}",
            failed
                .iter()
                .map(|f| echo(f))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(Outcome::from_found(found > 0))
}

/// `input` as UTF-8 text: its encoding is told by its first bytes (UTF-16 is decoded), and
/// named on `err` when autherr cannot read it.
fn decoded<'r>(
    name: &str,
    input: impl io::Read + 'r,
    err: &mut impl Write,
) -> io::Result<Box<dyn io::Read + 'r>> {
    let (reader, encoding) = encoding::reader(input)?;
    if let Some(note) = encoding.note() {
        writeln!(err, "autherr: {}: {note}", echo(name))?;
    }
    Ok(reader)
}

/// Says on stderr which user catalog files were left out and which entries two files define.
fn warn_about_user_catalogs(report: &catalog::LoadReport, err: &mut impl Write) -> io::Result<()> {
    for e in &report.skipped {
        writeln!(
            err,
            "autherr: warning: user catalog left out: {} (the other catalogs still answer; `autherr catalog check` shows the problem, `--no-user-catalogs` reads none)",
            sanitize::escape_multiline(&e.to_string())
        )?;
    }
    for c in &report.conflicts {
        writeln!(
            err,
            "autherr: warning: {}",
            sanitize::escape_multiline(&c.to_string())
        )?;
    }
    Ok(())
}

fn vendor_list(catalog: &Catalog) -> String {
    let ids: Vec<&str> = catalog.vendors().iter().map(|v| v.id).collect();
    echo_all(&ids)
}

/// Ids and names from catalogs, joined for a message, escaped (never cut: every one counts).
fn echo_all(names: &[&str]) -> String {
    sanitize::escape(&names.join(", ")).into_owned()
}

/// Is `word` a label pasted with the code after it (`data 52e`, `error code 49`): a word
/// that names codes, no code itself, and followed by another word?
fn is_word_before_a_code(
    catalog: &Catalog,
    vendor: Option<&Vendor>,
    word: &str,
    next: Option<&String>,
) -> bool {
    next.is_some_and(|n| n != "-")
        && catalog::pasted::is_code_word(word)
        && catalog.lookup(vendor, word).is_empty()
}

/// Is `first`, which names no vendor, still meant as one? When it is no code anywhere and
/// either codes follow it (`lookup okta 1902`) or it is close to a vendor's name
/// (`lookup hdi`): never answer with another vendor's entries then.
fn is_meant_as_vendor(catalog: &Catalog, first: &str, codes_follow: bool) -> bool {
    let looks_like_id = first.bytes().any(|b| b.is_ascii_alphabetic())
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    looks_like_id
        && !catalog.knows_code(first)
        && (codes_follow || catalog.suggest_vendor(first).is_some())
}

/// The vendor named `name`, or a usage error that suggests the closest one.
fn resolve_vendor<'a>(catalog: &'a Catalog, name: &str) -> Result<&'a Vendor> {
    catalog
        .vendor(name)
        .ok_or_else(|| unknown_vendor(catalog, name))
}

/// The usage error for a name that is no vendor: the closest vendor, and the list.
fn unknown_vendor(catalog: &Catalog, name: &str) -> anyhow::Error {
    let hint = match catalog.suggest_vendor(name) {
        Some(s) => format!(": did you mean '{s}'?"),
        None => ".".to_string(),
    };
    anyhow::anyhow!(
        "unknown vendor '{}'{hint} Vendors: {}",
        echo(name),
        vendor_list(catalog)
    )
}

fn check_table(catalog: &Catalog, vendor: Option<&Vendor>, table: &str) -> Result<()> {
    let vendors = vendor.map_or(catalog.vendors(), std::slice::from_ref);
    if vendors.iter().any(|v| v.table(table).is_some()) {
        return Ok(());
    }
    let mut ids: Vec<&str> = vendors
        .iter()
        .flat_map(|v| v.tables.iter().map(|t| t.id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    bail!(
        "unknown table '{}'. Tables: {}",
        echo(table),
        echo_all(&ids)
    )
}

/// Is a lookup argument a sentence (words and a code, pasted), not a code? Codes hold no space.
fn is_sentence(code: &str) -> bool {
    code.split_whitespace().nth(1).is_some()
}

/// The codes that `explain -` finds in a sentence given as a lookup argument, at `vendor` only
/// when one is named; each entry once.
fn sentence_hits<'a>(catalog: &'a Catalog, vendor: Option<&Vendor>, text: &str) -> Vec<Hit<'a>> {
    let mut hits: Vec<Hit<'a>> = Vec::new();
    for f in detect::detect_paste(catalog, text) {
        let h = f.hit;
        if vendor.is_some_and(|v| v.id != h.vendor.id)
            || hits.iter().any(|x| {
                x.vendor.id == h.vendor.id
                    && (x.entry.table, x.entry.code) == (h.entry.table, h.entry.code)
            })
        {
            continue;
        }
        hits.push(h);
    }
    hits
}

/// Says on stderr that `code` was not found, where it was looked for, and the nearest codes.
fn report_missing(
    err: &mut impl Write,
    catalog: &Catalog,
    vendor: Option<&Vendor>,
    code: &str,
) -> io::Result<()> {
    let searched = match vendor {
        Some(v) => format!(
            "in {} (tables {})",
            echo(v.id),
            echo_all(&v.tables.iter().map(|t| t.id).collect::<Vec<_>>())
        ),
        None => "at any vendor".to_string(),
    };
    // Whole codes, each escaped on its own: a hint cut mid-code misleads.
    let near: Vec<String> = catalog
        .nearest(vendor, code, 3)
        .iter()
        .map(|h| {
            let code = sanitize::escape(h.entry.code);
            if vendor.is_some() {
                code.into_owned()
            } else {
                format!("{} {code}", sanitize::escape(h.vendor.id))
            }
        })
        .collect();
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; nearest: {}", near.join(", "))
    };
    writeln!(err, "autherr: no code '{}' {searched}{hint}", echo(code))?;
    if is_sentence(code) {
        writeln!(
            err,
            "autherr: to find the code in a pasted error, give it to `autherr explain -` (paste, then Ctrl-D), or `autherr explain --input FILE`"
        )?;
    } else {
        // A code the vendor published after the catalog: the vendor's own lookup address, at
        // the vendor named, or at any vendor whose prefix the code carries (`AADSTS700024`).
        let cleaned = catalog::pasted::clean(code);
        let code = cleaned.as_deref().unwrap_or(code).trim();
        for v in vendor.map_or(catalog.vendors(), std::slice::from_ref) {
            for t in v.tables.iter() {
                let Some(url) = t.lookup_url else { continue };
                let unprefixed = t.code_prefix.and_then(|p| {
                    code.get(..p.len())
                        .filter(|head| head.eq_ignore_ascii_case(p))
                        .map(|_| &code[p.len()..])
                });
                let bare = match (unprefixed, vendor) {
                    (Some(bare), _) => bare,
                    (None, Some(_)) => code,
                    (None, None) => continue,
                };
                let safe = !bare.is_empty()
                    && bare
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if safe {
                    writeln!(
                        err,
                        "autherr: {} ({}) may be newer than the catalog: {}",
                        t.name,
                        v.name,
                        url.replace("{code}", bare)
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// The most `explain -` (or `--input`) reads: a pasted error is a few kilobytes, a log to
/// search through is `scan`'s, which reads any length a line at a time.
pub const MAX_EXPLAIN_INPUT: u64 = 16 << 20;

/// All of `input`, up to `MAX_EXPLAIN_INPUT`; past that an error, not gigabytes of memory
/// (`/dev/zero`).
fn read_raw_error(input: impl io::Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input
        .take(MAX_EXPLAIN_INPUT + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_EXPLAIN_INPUT {
        bail!(
            "{name} holds more than {} MiB, the most `explain` reads: give it the lines around the error, or `autherr scan` the log",
            MAX_EXPLAIN_INPUT >> 20
        );
    }
    Ok(bytes)
}

/// Rows of one `lookup` table: past them, a table is written and the next one begun.
const MAX_TABLE_ROWS: usize = 1000;

/// The longest code read from stdin: longer ones are cut here (and found by nothing, as no
/// catalog's code is longer than 200 bytes); the rest of such a word is skipped unread.
pub const MAX_PIPED_CODE: usize = 1024;

/// Calls `each` with every code piped in, as `pasted::tokens` splits them (on white space
/// and commas), holding one code at a time: a line of 512 MB is no more memory than a word.
fn read_codes(stdin: &mut impl BufRead, each: &mut impl FnMut(&str) -> Result<()>) -> Result<()> {
    // ASCII white space and commas end a word here; `tokens` splits it further at Unicode
    // white space. No byte of a longer UTF-8 character is ASCII, so this is the same split.
    let ends_word = |b: u8| b.is_ascii_whitespace() || b == b',' || b == 0x0b;
    let mut word: Vec<u8> = Vec::new();
    let mut flush = |word: &mut Vec<u8>| -> Result<()> {
        if !word.is_empty() {
            for token in catalog::pasted::tokens(&String::from_utf8_lossy(word)) {
                each(token)?;
            }
            word.clear();
        }
        Ok(())
    };
    loop {
        let buf = stdin.fill_buf().context("cannot read stdin")?;
        if buf.is_empty() {
            return flush(&mut word);
        }
        let read = buf.len();
        for &b in buf {
            if ends_word(b) {
                flush(&mut word)?;
            } else if word.len() < MAX_PIPED_CODE {
                word.push(b);
            }
        }
        stdin.consume(read);
    }
}

/// Most "not found" lines to print before summing up; each one costs a scan for the nearest codes.
const MAX_MISSING_REPORTS: usize = 20;

fn lookup(
    catalog: &Catalog,
    args: &LookupArgs,
    format: Format,
    term: &Term,
    out: &mut impl Write,
    err: &mut impl Write,
    stdin: &mut impl BufRead,
) -> Result<Outcome> {
    let piped = [String::from("-")];
    let (vendor, mut codes) = match args.args.first().map(String::as_str) {
        None => (None, &args.args[..]),
        Some(first) => match catalog.vendor(first) {
            Some(v) => (Some(v), &args.args[1..]),
            None if is_meant_as_vendor(catalog, first, args.args.len() > 1) => {
                return Err(unknown_vendor(catalog, first));
            }
            None => (None, &args.args[..]),
        },
    };
    if codes.is_empty() {
        // `cut -f3 codes | autherr lookup hid`: what is piped in are the codes.
        if term.stdin_tty {
            bail!(
                "no code given: try `autherr lookup {} CODE`, or pipe codes in",
                vendor.map_or("VENDOR", |v| v.id)
            );
        }
        codes = &piped;
    }
    let table = args.table.as_deref().map(str::to_ascii_lowercase);
    if let Some(t) = &table {
        check_table(catalog, vendor, t)?;
    }
    // Plain and JSON are written as each code is read, so a batch of millions of codes needs
    // no more memory than one; a table needs its rows first for its column widths (a
    // thousand at most: see MAX_TABLE_ROWS).
    let mut rows: Vec<Hit<'_>> = Vec::new();
    let mut json = render::json::ArrayWriter::new(render::json::Layout::of(format));
    // Batches repeat codes: what a code found is rendered once (plain lines or JSON items, an
    // entry each) and written again from here. A few thousand codes at most are kept.
    let mut rendered: std::collections::HashMap<String, Vec<Vec<u8>>> =
        std::collections::HashMap::new();
    let (mut given, mut missing) = (0usize, 0usize);
    let mut one = |code: &str| -> Result<()> {
        given += 1;
        if let Some(items) = rendered.get(code) {
            for item in items {
                match format {
                    Format::Plain => out.write_all(item)?,
                    _ => json.item(out, item)?,
                }
            }
            return Ok(());
        }
        let mut found = catalog.lookup(vendor, code);
        if found.is_empty() && is_sentence(code) {
            // `autherr 'AADSTS50126: Error validating credentials ...'`: a sentence is read as
            // a paste, and the codes in it are the answer.
            found = sentence_hits(catalog, vendor, code);
        }
        if let Some(t) = &table {
            found.retain(|h| h.entry.table == t);
        }
        if found.is_empty() {
            missing += 1;
            if missing <= MAX_MISSING_REPORTS {
                report_missing(err, catalog, vendor, code)?;
            }
        }
        if format == Format::Table {
            rows.extend(found);
            // Codes streamed in may never end (`yes 1902 | autherr lookup hid`): a table is
            // written for every so many rows, and memory stays that many rows.
            if rows.len() >= MAX_TABLE_ROWS {
                render::entries(out, catalog, &rows, format, term)?;
                rows.clear();
            }
            return Ok(());
        }
        let mut items = Vec::with_capacity(found.len());
        for h in &found {
            let item = if format == Format::Plain {
                let mut line = Vec::new();
                render::plain::entry(&mut line, h, term.color)?;
                out.write_all(&line)?;
                line
            } else {
                let item = json.render(&render::json::EntryJson::new(catalog, h))?;
                json.item(out, &item)?;
                item
            };
            items.push(item);
        }
        // Only found codes: a missing one is reported (and counted) each time.
        if !found.is_empty() {
            if rendered.len() >= 4096 {
                rendered.clear();
            }
            rendered.insert(code.to_string(), items);
        }
        Ok(())
    };
    // Stdin is read once, however often `-` is given, a code at a time; invalid UTF-8 cannot
    // match a code.
    let mut stdin_read = false;
    for (i, code) in codes.iter().enumerate() {
        if code == "-" {
            if std::mem::replace(&mut stdin_read, true) {
                continue;
            }
            read_codes(stdin, &mut one)?;
        } else if !is_word_before_a_code(catalog, vendor, code, codes.get(i + 1)) {
            one(code)?;
        }
    }
    if given == 0 {
        bail!("no code given: the input held no code; try `autherr lookup VENDOR CODE`");
    }
    if missing > MAX_MISSING_REPORTS {
        writeln!(
            err,
            "autherr: {} more codes not found",
            missing - MAX_MISSING_REPORTS
        )?;
    }
    match format {
        Format::Json | Format::Jsonl => json.finish(out)?,
        Format::Table => render::entries(out, catalog, &rows, format, term)?,
        Format::Plain => {}
    }
    Ok(Outcome::from_found(missing == 0))
}

fn search(
    catalog: &Catalog,
    args: &SearchArgs,
    format: Format,
    term: &Term,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let mut vendor = args
        .vendor
        .as_deref()
        .map(|v| resolve_vendor(catalog, v))
        .transpose()?;
    let mut table = args.table.as_deref().map(str::to_ascii_lowercase);
    // A catalog named in the query (`idaas user disabled`, `azure device not compliant`) is
    // a filter, not a word to match; so is a table id with an underscore (`hid_failure`).
    let mut words: Vec<&str> = Vec::new();
    // The query word that named the catalog, if one did (not `--vendor`).
    let mut vendor_word: Option<(usize, &str)> = None;
    for word in args.query.iter().flat_map(|q| q.split_whitespace()) {
        if vendor.is_none() {
            if let Some(v) = catalog.vendor(word) {
                vendor = Some(v);
                vendor_word = Some((words.len(), word));
                continue;
            }
        }
        if table.is_none()
            && word.contains('_')
            && catalog
                .vendors()
                .iter()
                .filter(|v| vendor.is_none_or(|x| x.id == v.id))
                .any(|v| v.table(&word.to_ascii_lowercase()).is_some())
        {
            table = Some(word.to_ascii_lowercase());
            continue;
        }
        words.push(word);
    }
    if let Some(t) = &table {
        check_table(catalog, vendor, t)?;
    }
    let named = words.join(" ");
    // Only a catalog's name: every entry of it is a match of nothing; search the name itself.
    let query = if named.trim().is_empty() {
        args.query.join(" ")
    } else {
        named
    };
    if query.trim().is_empty() {
        bail!(
            "the search query is empty: give words to search for, e.g. `autherr search 'session timed out'`"
        );
    }
    if term.is_tty && format == Format::Table && (vendor.is_some() || table.is_some()) {
        let within: Vec<&str> = vendor
            .map(|v| v.id)
            .into_iter()
            .chain(table.as_deref())
            .collect();
        writeln!(out, "in {}:", sanitize::escape(&within.join(" ")))?;
    }
    let options = search::SearchOptions {
        vendor,
        table: table.as_deref(),
        limit: args.limit as usize,
    };
    // A catalog's name inside a sentence filters only when it does not make the answer worse.
    let (matcher, results) = search::search_named(catalog, &query, &words, vendor_word, options);
    let marks = render::Marks::new(matcher.marks(), term.color);
    let hits: Vec<Hit<'_>> = results.iter().map(|s| s.hit).collect();
    // Found only by a likeness of spelling: shown apart, as weak matches, and no answer alone.
    let strong = results.iter().take_while(|s| !s.weak).count();
    let answered = results.iter().any(|s| !s.weak);
    if hits.is_empty() {
        writeln!(err, "autherr: no match for '{}'", echo(&query))?;
    } else if !answered {
        writeln!(
            err,
            "autherr: no entry matches these words; weak matches (spelling likeness only) follow"
        )?;
    }
    if format.is_json() {
        render::json::search_results(out, catalog, &results, render::json::Layout::of(format))?;
    } else if format == Format::Table && strong < hits.len() {
        render::search_results(out, catalog, &hits[..strong], format, term, marks.as_ref())?;
        writeln!(out, "weak matches:")?;
        render::search_results(out, catalog, &hits[strong..], format, term, marks.as_ref())?;
    } else {
        render::search_results(out, catalog, &hits, format, term, marks.as_ref())?;
    }
    // With JSON, each result's `match` says the same, and the output stays one document.
    if args.explain_score && !format.is_json() && !results.is_empty() {
        // After the results, on stdout: asked for, and read with them.
        writeln!(out, "\nWhy this order (best first):")?;
        for (i, s) in results.iter().enumerate() {
            let fields = if s.fields.is_empty() {
                String::new()
            } else {
                format!("; in {}", s.fields.join(", "))
            };
            let (v, e) = (s.hit.vendor, s.hit.entry);
            let why = format!("{}{fields}", s.tier.describe());
            writeln!(
                out,
                "  {}. {} {} {}: {}",
                i + 1,
                sanitize::escape(v.id),
                sanitize::escape(e.table),
                sanitize::escape(e.code),
                sanitize::escape(&why),
            )?;
        }
    }
    Ok(Outcome::from_found(answered))
}

fn list(
    catalog: &Catalog,
    args: &ListArgs,
    format: Format,
    term: &Term,
    out: &mut impl Write,
) -> Result<Outcome> {
    let table = args.table.as_deref().map(str::to_ascii_lowercase);
    let vendor = match (&args.vendor, &table) {
        (None, None) => {
            render::vendors(out, catalog.vendors(), format, term)?;
            return Ok(Outcome::Found);
        }
        (Some(name), _) => Some(resolve_vendor(catalog, name)?),
        (None, Some(_)) => None,
    };
    if let Some(t) = &table {
        check_table(catalog, vendor, t)?;
    }
    let vendors = vendor.map_or(catalog.vendors(), std::slice::from_ref);
    let hits: Vec<Hit<'_>> = vendors
        .iter()
        .flat_map(|vendor| {
            vendor
                .entries
                .iter()
                .filter(|e| table.as_deref().is_none_or(|t| t == e.table))
                .map(move |entry| Hit { vendor, entry })
        })
        .collect();
    render::entries(out, catalog, &hits, format, term)?;
    Ok(Outcome::Found)
}

fn explain(
    catalog: &Catalog,
    args: &ExplainArgs,
    format: Format,
    term: &Term,
    out: &mut impl Write,
    err: &mut impl Write,
    stdin: &mut impl BufRead,
) -> Result<Outcome> {
    if let Some(path) = &args.input {
        let name = echo(&path.display().to_string());
        let file = std::fs::File::open(path).with_context(|| format!("cannot read {name}"))?;
        let bytes = read_raw_error(file, &name)?;
        return explain_raw(catalog, &bytes, format, term, out, err);
    }
    // `echo '{...}' | autherr explain`: with nothing named, what is piped in is the error.
    let first = match args.vendor.as_deref() {
        Some(first) => first,
        None if !term.stdin_tty => "-",
        None => bail!("give VENDOR CODE, `-` (a raw error on stdin) or --input FILE"),
    };
    if first == "-" {
        if term.stdin_tty {
            let _ = writeln!(
                err,
                "autherr: paste the error (a response body or log lines), then press Ctrl-D"
            );
        }
        if let Some(code) = args.codes.first() {
            bail!(
                "`-` reads a raw error from stdin and takes no code (got '{}'): `autherr explain - < error.txt`, `autherr explain --input FILE`, or `autherr explain VENDOR CODE`",
                echo(code)
            );
        }
        let bytes = read_raw_error(stdin, "stdin")?;
        return explain_raw(catalog, &bytes, format, term, out, err);
    }
    if catalog.vendor(first).is_none()
        && !catalog.knows_code(first)
        && std::path::Path::new(first).is_file()
    {
        bail!(
            "'{}' is a file, not a vendor: to explain the error in it, use `autherr explain --input {}`",
            echo(first),
            echo(first)
        );
    }
    // `explain VENDOR CODE...`, or `explain CODE...` for codes at any vendor.
    let (vendor, codes): (Option<&Vendor>, Vec<&str>) = match catalog.vendor(first) {
        Some(v) if args.codes.is_empty() => {
            bail!("no code given: try `autherr explain {} CODE`", v.id)
        }
        Some(v) => (Some(v), args.codes.iter().map(String::as_str).collect()),
        None if catalog.knows_code(first) => (
            None,
            std::iter::once(first)
                .chain(args.codes.iter().map(String::as_str))
                .collect(),
        ),
        None => return Err(unknown_vendor(catalog, first)),
    };
    let table = args.table.as_deref().map(str::to_ascii_lowercase);
    if let Some(t) = &table {
        check_table(catalog, vendor, t)?;
    }
    let mut hits = Vec::new();
    let mut missing = false;
    for code in codes {
        let found: Vec<Hit<'_>> = catalog
            .lookup(vendor, code)
            .into_iter()
            .filter(|h| table.as_deref().is_none_or(|t| h.entry.table == t))
            .collect();
        if found.is_empty() {
            missing = true;
            report_missing(err, catalog, vendor, code)?;
        }
        hits.extend(found);
    }
    if args.web {
        return open_sources(&hits, out, err).map(|()| Outcome::from_found(!missing));
    }
    if format.is_json() {
        render::entries(out, catalog, &hits, format, term)?;
    } else {
        render::explain::entries(
            out,
            catalog,
            hits.into_iter().map(|h| (h, Vec::new())),
            term,
        )?;
    }
    Ok(Outcome::from_found(!missing))
}

/// `explain --web`: each entry's source document, its address printed and opened in a browser
/// (`$BROWSER`, else the system's opener); with no browser the address is all there is.
fn open_sources(hits: &[Hit<'_>], out: &mut impl Write, err: &mut impl Write) -> Result<()> {
    let mut seen: Vec<&str> = Vec::new();
    for h in hits {
        let doc = h.vendor.document_of(&h.entry);
        let Some(url) = doc.url else {
            writeln!(
                err,
                "autherr: no address is known for {} ({})",
                echo(doc.title),
                echo(doc.date)
            )?;
            continue;
        };
        if seen.contains(&url) {
            continue;
        }
        seen.push(url);
        // The whole address, never cut: it is copied from here (over SSH, say).
        writeln!(out, "{}", sanitize::escape(url))?;
        // The schema admits no other address; a browser is never handed one all the same.
        if !catalog::schema::is_web_address(url) {
            writeln!(
                err,
                "autherr: not opened: {} is not an http or https address",
                sanitize::escape(url)
            )?;
            continue;
        }
        let opener: Vec<String> = match std::env::var("BROWSER") {
            Ok(b) if !b.trim().is_empty() => b.split_whitespace().map(str::to_string).collect(),
            _ if cfg!(target_os = "macos") => vec!["open".into()],
            _ if cfg!(windows) => vec!["explorer".into()],
            _ => vec!["xdg-open".into()],
        };
        // `--` ends a browser's options: the address is never read as one. The system
        // openers take no options but their own, and xdg-open refuses `--` itself.
        let program = std::path::Path::new(&opener[0]).file_name();
        let system = program.and_then(|p| p.to_str()).is_some_and(|p| {
            matches!(
                p,
                "xdg-open" | "open" | "explorer" | "explorer.exe" | "wslview"
            )
        });
        let opened = std::process::Command::new(&opener[0])
            .args(&opener[1..])
            .args((!system).then_some("--"))
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !opened {
            writeln!(
                err,
                "autherr: no browser opened it (set $BROWSER); the address is above"
            )?;
        }
    }
    Ok(())
}

/// `autherr explain -`: detect, then explain every finding.
fn explain_raw(
    catalog: &Catalog,
    bytes: &[u8],
    format: Format,
    term: &Term,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let (text, encoding) = encoding::decode(bytes);
    if let Some(note) = encoding.note() {
        writeln!(err, "autherr: {note}")?;
    }
    let findings = detect::detect_paste(catalog, &text);
    let errors = findings.iter().filter(|f| !f.hit.entry.success).count();
    // Tokens in the paste are shown after the findings (text formats only: the JSON shape
    // of `explain -` stays an array of findings; `autherr inspect --json` has the tokens).
    let judge = inspect::Judge {
        now: now_secs(),
        audience: None,
    };
    let tokens = if matches!(format, Format::Table | Format::Plain) {
        inspect::find(&inspect::Links::new(catalog), &text, &judge, MAX_TOKENS)
    } else {
        Vec::new()
    };
    if findings.is_empty() && !tokens.is_empty() {
        inspect::render::text(out, &tokens, &judge, false)?;
        return Ok(Outcome::Found);
    }
    if findings.is_empty() {
        writeln!(
            err,
            "autherr: no known error code found in the input ({})",
            render::count(bytes.len(), "byte", "bytes")
        )?;
        if format == Format::Json {
            render::json::write(out, &[(); 0])?;
        }
        // (JSON Lines of nothing are no lines at all.)
        if format == Format::Table || format == Format::Plain {
            words_searched(catalog, &text, format, term, out)?;
        }
        return Ok(Outcome::NotFound);
    }
    if errors == 0 {
        // Success codes only: named as such (each entry says so), and no error found.
        writeln!(
            err,
            "autherr: no authentication error in the input: what it names is success"
        )?;
    }
    if findings.len() >= detect::MAX_FINDINGS {
        writeln!(
            err,
            "autherr: showing the first {} findings",
            detect::MAX_FINDINGS
        )?;
    }
    match format {
        Format::Json | Format::Jsonl => {
            render::json::findings(out, catalog, &findings, render::json::Layout::of(format))?
        }
        Format::Plain => findings
            .iter()
            .try_for_each(|f| render::plain::finding(out, f))?,
        Format::Table => render::explain::findings(out, catalog, &findings, term)?,
    }
    if !tokens.is_empty() {
        writeln!(out)?;
        inspect::render::text(out, &tokens, &judge, false)?;
    }
    Ok(Outcome::from_found(errors > 0))
}

/// No code in a paste: the entries that a search over its words finds best, under a heading
/// that says they are search results, not a detected code.
fn words_searched(
    catalog: &Catalog,
    text: &str,
    format: Format,
    term: &Term,
    out: &mut impl Write,
) -> Result<()> {
    let mut words: Vec<&str> = Vec::new();
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\'')) {
        let w = w.trim_matches('\'');
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 3 && letters == w.chars().count() && !words.contains(&w) {
            words.push(w);
        }
        if words.len() == 12 {
            break;
        }
    }
    if words.is_empty() {
        return Ok(());
    }
    let options = search::SearchOptions {
        vendor: None,
        table: None,
        limit: 3,
    };
    let results = search::search(catalog, &words.join(" "), options);
    // Only entries that hold the words as written, three of them at least: a likeness of
    // spelling, a stem or an equivalent word is no answer for a paste.
    let lower: Vec<String> = words
        .iter()
        .filter(|w| w.len() >= 4)
        .map(|w| w.to_lowercase())
        .collect();
    let hits: Vec<Hit<'_>> = results
        .iter()
        .filter(|s| s.tier <= search::Tier::WordsInText)
        .filter(|s| {
            let e = s.hit.entry;
            let text = format!("{} {} {}", e.code, e.title.unwrap_or(""), e.message).to_lowercase();
            let held = lower
                .iter()
                .filter(|w| {
                    text.split(|c: char| !c.is_alphanumeric())
                        .any(|t| t == w.as_str())
                })
                .count();
            held >= 3
        })
        .map(|s| s.hit)
        .collect();
    if hits.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "No code was detected. Entries that a search for the words of the input finds (search results, not a detected code):"
    )?;
    render::search_results(out, catalog, &hits, format, term, None)?;
    Ok(())
}

fn catalog_command(
    cmd: &CatalogCommand,
    dir: Option<(std::path::PathBuf, &'static str)>,
    format: Format,
    out: &mut impl Write,
) -> Result<Outcome> {
    match cmd {
        CatalogCommand::Check { files } => {
            let builtin = Catalog::builtin();
            // A file is valid when it parses and its examples give what they say.
            let results: Vec<_> = files
                .iter()
                .map(|file| {
                    let checked = catalog::user::check_file(&builtin, file).and_then(|def| {
                        let name = file.display().to_string();
                        let examples = def.examples.clone();
                        let merged = builtin.with_file(def.clone(), &name);
                        match detect::check_examples(&merged, &examples).first() {
                            None => Ok(def),
                            Some(failure) => Err(catalog::CatalogError {
                                file: name,
                                line: None,
                                column: None,
                                entry: None,
                                reason: failure.clone(),
                            }),
                        }
                    });
                    (file, checked)
                })
                .collect();
            let bad = results.iter().filter(|(_, r)| r.is_err()).count();
            if format.is_json() {
                let items: Vec<serde_json::Value> = results
                    .iter()
                    .map(|(file, r)| match r {
                        Ok(def) => serde_json::json!({
                            "file": file.display().to_string(),
                            "ok": true,
                            "vendor": def.id,
                            "entries": def.entries.len(),
                            "annotations": def.annotations.len(),
                        }),
                        Err(e) => serde_json::json!({
                            "file": file.display().to_string(),
                            "ok": false,
                            "error": e.to_string(),
                        }),
                    })
                    .collect();
                render::json::list(out, &items, render::json::Layout::of(format))?;
                return if bad == 0 {
                    Ok(Outcome::Found)
                } else {
                    Err(anyhow::anyhow!(
                        "{} invalid",
                        render::count(bad, "catalog is", "catalogs are")
                    ))
                };
            }
            let mut errors = Vec::new();
            for (file, r) in results {
                match r {
                    Ok(def) => writeln!(
                        out,
                        "ok: {}: vendor {}, {}{}",
                        echo(&file.display().to_string()),
                        echo(&def.id),
                        render::count(def.entries.len(), "entry", "entries"),
                        match def.annotations.len() {
                            0 => String::new(),
                            n => format!(", {}", render::count(n, "annotation", "annotations")),
                        }
                    )?,
                    Err(e) => errors.push(e.to_string()),
                }
            }
            match errors.len() {
                0 => Ok(Outcome::Found),
                // main escapes the whole message before printing it.
                1 => bail!("{}", errors[0]),
                n => bail!("{n} catalogs are invalid:\n  {}", errors.join("\n  ")),
            }
        }
        CatalogCommand::Paths => {
            let (_, report) = Catalog::load(dir);
            if format.is_json() {
                // One object, not a list: the same in both layouts but for its line breaks.
                match format {
                    Format::Jsonl => render::json::line(out, &paths_json(&report))?,
                    _ => render::json::write(out, &paths_json(&report))?,
                }
            } else {
                write_paths(out, &report)?;
            }
            if report.skipped.is_empty() {
                Ok(Outcome::Found)
            } else {
                bail!(
                    "{} left out: `autherr catalog check FILE` shows why",
                    render::count(report.skipped.len(), "user catalog is", "user catalogs are")
                )
            }
        }
    }
}

fn paths_json(report: &catalog::LoadReport) -> serde_json::Value {
    serde_json::json!({
        "directory": report.dir.as_ref().map(|(p, _)| p.display().to_string()),
        "chosen_by": report.dir.as_ref().map(|(_, why)| *why),
        "exists": report.exists,
        "loaded": report.files.iter().map(|f| serde_json::json!({
            "file": f.path,
            "vendor": f.vendor,
            "new_vendor": f.new_vendor,
            "entries": f.entries,
            "overrides": f.overrides,
            "annotations": f.annotations,
        })).collect::<Vec<_>>(),
        "skipped": report.skipped.iter().map(|e| serde_json::json!({
            "file": e.file,
            "line": e.line,
            "error": e.to_string(),
        })).collect::<Vec<_>>(),
        "conflicts": report.conflicts.iter().map(|c| serde_json::json!({
            "entry": c.entry,
            "first": c.first,
            "again": c.again,
            "used": c.used(),
        })).collect::<Vec<_>>(),
    })
}

fn write_paths(out: &mut impl Write, report: &catalog::LoadReport) -> io::Result<()> {
    match &report.dir {
        Some((path, why)) => writeln!(
            out,
            "directory: {} ({why})",
            echo(&path.display().to_string())
        )?,
        None => writeln!(
            out,
            "directory: none (--no-user-catalogs, or none of AUTHERR_CATALOG_DIR, XDG_CONFIG_HOME, HOME is set)"
        )?,
    }
    if report.dir.is_some() && !report.exists {
        writeln!(out, "status: does not exist; built-in catalogs only")?;
    } else if report.exists && report.files.is_empty() && report.skipped.is_empty() {
        writeln!(out, "status: no *.toml files; built-in catalogs only")?;
    }
    for f in &report.files {
        let what = if f.new_vendor {
            "adds vendor"
        } else {
            "extends vendor"
        };
        writeln!(
            out,
            "loaded: {}: {what} {}, {}{}{}",
            echo(&f.path),
            echo(f.vendor),
            render::count(f.entries, "entry", "entries"),
            match f.overrides {
                0 => String::new(),
                1 => " (1 replaces a built-in entry)".to_string(),
                n => format!(" ({n} replace built-in entries)"),
            },
            match f.annotations {
                0 => String::new(),
                n => format!(", {}", render::count(n, "team note", "team notes")),
            }
        )?;
    }
    for e in &report.skipped {
        writeln!(
            out,
            "left out: {}",
            sanitize::escape_multiline(&e.to_string())
        )?;
    }
    for c in &report.conflicts {
        writeln!(
            out,
            "conflict: {}",
            sanitize::escape_multiline(&c.to_string())
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_documented_values() {
        assert_eq!(Outcome::Found.code(), 0);
        assert_eq!(Outcome::NotFound.code(), 1);
        assert!(
            cli::EXIT_CODES.contains("0  found")
                && cli::EXIT_CODES.contains("1  not found")
                && cli::EXIT_CODES.contains("2  error")
        );
    }

    /// Piped codes are the words `pasted::tokens` finds line by line, read a word at a time;
    /// a word longer than any code is cut.
    #[test]
    fn piped_codes_are_split_as_lines_are() {
        let input = "1902, 1903\r\n\"52e\"\u{a0}0x18\t\u{2003}x\n\u{ff}1\x0b,,\nlast"
            .replace('\u{ff}', "\u{fffd}")
            .into_bytes();
        let mut codes: Vec<String> = Vec::new();
        let mut reader = io::BufReader::with_capacity(3, &input[..]);
        read_codes(&mut reader, &mut |c: &str| {
            codes.push(c.to_string());
            Ok(())
        })
        .unwrap();
        let by_line: Vec<String> = (String::from_utf8_lossy(&input).lines())
            .flat_map(|l| {
                catalog::pasted::tokens(l)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(codes, by_line);
        let mut long = Vec::new();
        let word = "7".repeat(MAX_PIPED_CODE * 3);
        read_codes(&mut format!("{word} 1902").as_bytes(), &mut |c: &str| {
            long.push(c.len());
            Ok(())
        })
        .unwrap();
        assert_eq!(long, [MAX_PIPED_CODE, 4]);
    }

    #[test]
    fn only_web_addresses_are_opened() {
        let web = catalog::schema::is_web_address;
        assert!(web("https://docs.hidglobal.com/x") && web("HTTP://example.com"));
        for bad in [
            "--gpu-launcher=touch /tmp/x",
            "file:///etc/shadow",
            "javascript:alert(1)",
            "https://",
            "https:///etc",
            "https://a b",
            "https://a\x1b[2J",
            "",
        ] {
            assert!(!web(bad), "{bad}");
        }
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let e = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&e));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}

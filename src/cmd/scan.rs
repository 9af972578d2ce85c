//! `autherr scan`: every authentication error in logs, counted (or, with `--each`, one line
//! per finding as it is found).

use std::io::{self, BufRead, Write};

use anyhow::{Result, bail};

use super::resolve_vendor;
use crate::cli::{self, Format};
use crate::sanitize::echo;
use crate::term::Term;
use crate::{Outcome, WriteError, logscan, progress, render};

/// `autherr scan`: the findings of every line of the inputs, grouped (or, with `--each`, as
/// they are found).
pub(crate) fn run(
    cx: super::Context<'_, impl Write, impl Write, impl BufRead>,
    args: &cli::ScanArgs,
) -> Result<Outcome> {
    let super::Context {
        catalog,
        format,
        term,
        out,
        err,
        stdin,
    } = cx;
    let vendor = args
        .vendor
        .as_deref()
        .map(|v| resolve_vendor(catalog, v))
        .transpose()?;
    let files = inputs(args, term)?;
    // A thread per core looks at lines, but where `--each` must answer each line as it
    // arrives (a pipe, a terminal: see `LogScan::read`).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let examples = match (args.no_examples, args.no_redact) {
        (true, _) => logscan::Examples::None,
        (false, true) => logscan::Examples::AsLogged,
        (false, false) => logscan::Examples::Redacted,
    };
    let mut state = logscan::LogScan::new(catalog, vendor, examples, threads);
    let mut found = 0u64;
    let mut failed = Vec::new();
    let mut out = std::cell::RefCell::new(out);
    let mut each = |f: logscan::LineFinding<'_, '_>| -> io::Result<()> {
        found += 1;
        if !args.each {
            return Ok(());
        }
        // Marked, so that a full disk is not taken for a file that cannot be read.
        render::scan::finding(&mut **out.borrow_mut(), &f, format.is_json())
            .map_err(WriteError::mark)
    };
    // `--each` shows what it found before the input may make it wait (`tail -F`), not after
    // every finding: a write for each cost more than finding it.
    let mut flush = || match args.each {
        true => out.borrow_mut().flush().map_err(WriteError::mark),
        false => Ok(()),
    };
    // A progress line for large files, on a terminal's stderr only, and never with --each.
    let progress_wanted = !args.each && std::io::IsTerminal::is_terminal(&io::stderr());
    for &path in &files {
        let name = path.display().to_string();
        let result = if name == "-" {
            super::decoded("(stdin)", &mut *stdin, &mut *err)
                .and_then(|input| state.read("(stdin)", input, args.each, &mut each, &mut flush))
        } else {
            read_file(
                &mut state,
                path,
                progress_wanted,
                args.each,
                &mut each,
                &mut flush,
                &mut *err,
            )
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
    let lines = state.lines;
    if !args.each {
        summary(state, found, args.top, format, term, out.get_mut())?;
    }
    // Where no input could be read, that is the answer: not "no error found in 0 lines".
    if found == 0 && failed.len() < files.len() {
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

/// The files named, or stdin (`-`) when none is and a log is piped in.
fn inputs<'a>(args: &'a cli::ScanArgs, term: &Term) -> Result<Vec<&'a std::path::Path>> {
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
    Ok(files)
}

/// Scans one file (a `.gz` decoded), with a progress line on stderr when it is large;
/// `flush` as `LogScan::read` calls its `tick`. With `each` (`--each`), a file that may make
/// the scan wait (a named pipe, a device) is answered line by line as it arrives.
fn read_file<'a>(
    state: &mut logscan::LogScan<'a>,
    path: &std::path::Path,
    progress_wanted: bool,
    each_wanted: bool,
    each: &mut dyn FnMut(logscan::LineFinding<'a, '_>) -> io::Result<()>,
    flush: &mut dyn FnMut() -> io::Result<()>,
    err: &mut impl Write,
) -> io::Result<()> {
    let name = path.display().to_string();
    let opened = logscan::open(path)?;
    let live = each_wanted && !opened.regular;
    let mut progress = (progress_wanted && opened.size >= progress::MIN_SIZE)
        .then(|| progress::Progress::new(echo(&name), opened.size));
    let read = std::rc::Rc::clone(&opened.read);
    let input = super::decoded(&echo(&name), opened.reader, &mut *err)?;
    let mut tick = || {
        flush()?;
        match progress.as_mut() {
            Some(p) => p.show(read.get(), &mut *err),
            None => Ok(()),
        }
    };
    let result = state.read(&name, input, live, each, &mut tick);
    if let Some(p) = progress.as_mut() {
        p.clear(&mut *err)?;
    }
    result
}

/// The findings grouped, most frequent first (the `top` ones), and on a terminal a line
/// that sums up.
fn summary(
    state: logscan::LogScan<'_>,
    found: u64,
    top: Option<usize>,
    format: Format,
    term: &Term,
    out: &mut impl Write,
) -> Result<()> {
    let (lines, bytes) = (state.lines, state.bytes);
    let mut groups = state.groups();
    if let Some(n) = top {
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
    Ok(())
}

//! autherr: explain authentication error codes offline. `run` is the whole program; `main`
//! only parses arguments and maps the outcome to an exit code.

pub mod catalog;
pub mod cli;
mod cmd;
pub mod complete;
pub mod detect;
pub mod encoding;
pub mod inspect;
pub mod logscan;
pub mod output;
pub mod pager;
pub mod progress;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod term;

use std::io::{self, BufRead, Write};

use anyhow::{Result, bail};

use crate::catalog::Catalog;
use crate::cli::{Cli, Command, Format};
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
        Command::Catalog(command) => {
            cmd::catalog::run(command, user_dir(), format, term.width, out)
        }
        command => {
            let (catalog, report) = Catalog::load(user_dir());
            cmd::warn_about_user_catalogs(&report, err)?;
            let format = match command {
                // The reading command: the long form unless a format is asked for (plain
                // gives `explain -` one line per finding).
                Command::Explain(_) => cli.format(Format::Table),
                _ => format,
            };
            let cx = cmd::Context {
                catalog: &catalog,
                format,
                term,
                out,
                err,
                stdin,
            };
            match command {
                Command::Lookup(args) => cmd::lookup::run(cx, args),
                Command::Search(args) => cmd::search::run(cx, args),
                Command::List(args) => cmd::list::run(cx, args),
                Command::Scan(args) => cmd::scan::run(cx, args),
                Command::Inspect(args) => cmd::inspect::run(cx, args),
                Command::Explain(args) => cmd::explain::run(cx, args),
                _ => unreachable!("handled above"),
            }
        }
    }
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

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let e = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&e));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}

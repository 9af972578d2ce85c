//! The `autherr` binary: parse arguments, run, map the outcome to an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use autherr::cli::Cli;
use autherr::complete;
use autherr::term::Term;

fn main() -> ExitCode {
    // Answers TAB completion requests (`COMPLETE=bash autherr ...`) and exits; otherwise a
    // no-op that builds nothing: the command with its completers is made only for a TAB.
    clap_complete::CompleteEnv::with_factory(complete::command).complete();
    let cli = match parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let term = Term::detect(cli.output.color);
    let mut err = autherr::IgnoreErrors(io::stderr().lock());
    let result = run(&cli, &term, &mut err);
    exit_code(result, &mut err)
}

/// The arguments parsed: at once when they are plain, else by the whole clap command.
fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    if let Some(cli) = autherr::cli::plain_command(&args) {
        return Ok(cli);
    }
    // The command is made once (its subcommands' arguments only for the one that runs).
    let mut cmd = Cli::command();
    let args = autherr::cli::with_implied_lookup(&cmd, args);
    cmd.try_get_matches_from_mut(args).and_then(|mut matches| {
        Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut cmd))
    })
}

/// What clap stopped at: help and version go to stdout; usage errors to stderr, with the
/// prefix every other error has. A closed pipe is no error.
fn clap_exit(e: &clap::Error) -> ExitCode {
    if e.kind() == clap::error::ErrorKind::DisplayVersion {
        // The version, and the date of each catalog's document.
        let mut stdout = io::stdout().lock();
        let written = write!(stdout, "{}", autherr::version_text());
        return exit_after(written.and_then(|()| stdout.flush()), ExitCode::SUCCESS);
    }
    if e.use_stderr() {
        // clap quotes the arguments it refuses: escaped, as every echoed text is.
        let message = e.render().to_string();
        let message = autherr::sanitize::escape_multiline(&message);
        let _ = write!(io::stderr().lock(), "autherr: {message}");
    } else {
        // Help, on stdout: a full disk is an error there too.
        let written = e.print().and_then(|()| io::stdout().flush());
        return exit_after(written, ExitCode::from(e.exit_code().clamp(0, 2) as u8));
    }
    ExitCode::from(e.exit_code().clamp(0, 2) as u8)
}

/// Runs the command into a pager or into buffered stdout.
fn run(cli: &Cli, term: &Term, err: &mut impl Write) -> anyhow::Result<autherr::Outcome> {
    if autherr::pager::wanted(cli.paging, term.is_tty) && cli.pages() {
        // Held while it fits the screen, then paged (the rest streams into the pager).
        let always = cli.paging == autherr::cli::Paging::Always;
        let mut paged = autherr::pager::Paged::new(term.height, term.width, always);
        let mut out = autherr::Output(&mut paged);
        let result = autherr::run(cli, term, &mut out, err, &mut io::stdin().lock());
        // The reader is done with the pager before an error is printed below it.
        let finished = paged.finish().map_err(autherr::WriteError::mark);
        result.and_then(|outcome| finished.map(|()| outcome).map_err(Into::into))
    } else {
        let stdout = io::stdout();
        let buffered = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
        let mut out = autherr::Output(buffered);
        autherr::run(cli, term, &mut out, err, &mut io::stdin().lock())
            .and_then(|outcome| out.flush().map(|()| outcome).map_err(Into::into))
    }
}

/// The exit code of a run: its outcome's, 0 for a closed pipe, 2 for an error (said once).
fn exit_code(result: anyhow::Result<autherr::Outcome>, err: &mut impl Write) -> ExitCode {
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(e) if autherr::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let message = autherr::sanitize::escape_multiline(&format!("{e:#}")).into_owned();
            let _ = writeln!(err, "autherr: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The exit code for help or the version, written with `written`: a closed pipe is no error,
/// any other write error is one (exit 2).
fn exit_after(written: io::Result<()>, code: ExitCode) -> ExitCode {
    match written {
        Ok(()) => code,
        Err(e) => {
            let e = anyhow::Error::new(autherr::WriteError(e));
            if autherr::is_broken_pipe(&e) {
                return code;
            }
            let _ = writeln!(io::stderr().lock(), "autherr: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

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

    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = match autherr::cli::plain_command(&args) {
        Some(cli) => Ok(cli),
        None => {
            // The command is made once (its subcommands' arguments only for the one that runs).
            let mut cmd = Cli::command();
            let args = autherr::cli::with_implied_lookup(&cmd, args);
            cmd.try_get_matches_from_mut(args).and_then(|mut matches| {
                Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut cmd))
            })
        }
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout; usage errors to stderr, with the prefix every
            // other error has. A closed pipe is no error.
            if e.kind() == clap::error::ErrorKind::DisplayVersion {
                // The version, and the date of each catalog's document.
                let _ = write!(io::stdout().lock(), "{}", autherr::version_text());
                return ExitCode::SUCCESS;
            }
            if e.use_stderr() {
                // clap quotes the arguments it refuses: escaped, as every echoed text is.
                let message = e.render().to_string();
                let message = autherr::sanitize::escape_multiline(&message);
                let _ = write!(io::stderr().lock(), "autherr: {message}");
            } else {
                let _ = e.print();
            }
            return ExitCode::from(e.exit_code().clamp(0, 2) as u8);
        }
    };
    let term = Term::detect(cli.output.color);
    let mut err = autherr::IgnoreErrors(io::stderr().lock());
    let result = if autherr::pager::wanted(cli.paging, term.is_tty) && cli.pages() {
        // Held while it fits the screen, then paged (the rest streams into the pager).
        let always = cli.paging == autherr::cli::Paging::Always;
        let mut paged = autherr::pager::Paged::new(term.height, term.width, always);
        let result = autherr::run(&cli, &term, &mut paged, &mut err, &mut io::stdin().lock());
        // The reader is done with the pager before an error is printed below it.
        let finished = paged.finish();
        result.and_then(|outcome| finished.map(|()| outcome).map_err(Into::into))
    } else {
        let stdout = io::stdout();
        let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
        autherr::run(&cli, &term, &mut out, &mut err, &mut io::stdin().lock())
            .and_then(|outcome| out.flush().map(|()| outcome).map_err(Into::into))
    };
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

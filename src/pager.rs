//! The pager: long output on a terminal goes through `$AUTHERR_PAGER`, `$PAGER` or `less -FRX`,
//! as `git`, `bat` and `gh` do. Output is held while it fits the terminal and paged only once
//! it is longer, so a pasted error is read before the pager takes the terminal; past a screen
//! the rest streams into the pager, and memory stays a screen's worth.

use std::io::{self, Write};
use std::process::{Command, Stdio};

use crate::output::Paging;

/// The pager command to run: `$AUTHERR_PAGER`, else `$PAGER`, else `less -FRX`; a plain `less`
/// gets `-FRX` (quit if one screen, keep colours, leave the text on screen). `None` when the
/// variable is set but empty, which turns paging off.
pub fn command() -> Option<Vec<String>> {
    let chosen = std::env::var("AUTHERR_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        .unwrap_or_else(|_| "less -FRX".to_string());
    let mut words: Vec<String> = chosen.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return None;
    }
    if words.len() == 1 && words[0] == "less" {
        words.push("-FRX".to_string());
    }
    Some(words)
}

/// Should output go through the pager? Never when stdout is not a terminal, unless asked.
pub fn wanted(paging: Paging, stdout_is_tty: bool) -> bool {
    match paging {
        Paging::Always => true,
        Paging::Never => false,
        Paging::Auto => stdout_is_tty,
    }
}

/// Output for a terminal that may need paging: held while it fits on the screen (`rows`
/// lines, and no more bytes than such a screen can show), so that a short answer is printed
/// as it is and a pasted error is read before a pager takes the terminal; once it is longer,
/// the pager is started with what was held and the rest streams into it as it is written
/// (as `less` would receive it from a pipe). Memory stays a screen's worth, however long the
/// output (`yes 1902 | autherr lookup hid`).
pub struct Paged {
    rows: usize,
    /// Bytes a screen can show (rows of `width` columns, 4 bytes a character at most).
    screen_bytes: usize,
    to: To,
}

enum To {
    /// Not yet a screen's worth: the text and its line count.
    Held(Vec<u8>, usize),
    /// The pager, reading through its stdin.
    Pager(std::process::Child, io::BufWriter<std::process::ChildStdin>),
    /// No pager (none set, or it could not start): stdout.
    Stdout(io::BufWriter<io::Stdout>),
}

impl Paged {
    /// With `always`, the pager is started at the first write, whatever the length.
    pub fn new(rows: usize, width: usize, always: bool) -> Self {
        Paged {
            rows: if always { 0 } else { rows },
            screen_bytes: if always { 0 } else { rows * width * 4 },
            to: To::Held(Vec::new(), 0),
        }
    }

    /// Ends the output: what is held goes to stdout; a running pager gets the end of its
    /// input and is waited for, so the reader reads before anything else is printed.
    pub fn finish(self) -> io::Result<()> {
        match self.to {
            To::Held(text, _) => {
                let mut out = io::stdout().lock();
                out.write_all(&text)?;
                out.flush()
            }
            To::Pager(mut child, stdin) => {
                // Flushed, then closed (dropped) before the wait: the pager reads to its end.
                let flushed = stdin.into_inner().map(drop);
                let flushed = flushed.map_err(io::IntoInnerError::into_error);
                let _ = child.wait();
                match flushed {
                    // The reader may quit early (q in less): that is no error.
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                    Err(e) => Err(e),
                    Ok(_) => Ok(()),
                }
            }
            To::Stdout(mut out) => out.flush(),
        }
    }

    /// The pager, started with `held`; stdout when there is none.
    fn start(held: &[u8]) -> io::Result<To> {
        let spawned = command().and_then(|words| {
            Command::new(&words[0])
                .args(&words[1..])
                .stdin(Stdio::piped())
                .spawn()
                .ok()
        });
        let mut to = match spawned {
            Some(mut child) => match child.stdin.take() {
                Some(stdin) => To::Pager(child, io::BufWriter::new(stdin)),
                None => {
                    let _ = child.wait();
                    To::Stdout(io::BufWriter::new(io::stdout()))
                }
            },
            None => To::Stdout(io::BufWriter::new(io::stdout())),
        };
        to.write_all(held)?;
        Ok(to)
    }
}

impl Write for To {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            To::Held(text, _) => {
                text.extend_from_slice(buf);
                Ok(buf.len())
            }
            To::Pager(_, stdin) => stdin.write(buf),
            To::Stdout(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            To::Held(..) => Ok(()),
            To::Pager(_, stdin) => stdin.flush(),
            To::Stdout(out) => out.flush(),
        }
    }
}

impl Write for Paged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let To::Held(text, lines) = &mut self.to {
            *lines += memchr::memchr_iter(b'\n', buf).count();
            text.extend_from_slice(buf);
            if *lines >= self.rows || text.len() > self.screen_bytes {
                let held = std::mem::take(text);
                self.to = Self::start(&held)?;
            }
            return Ok(buf.len());
        }
        self.to.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.to.flush()
    }
}

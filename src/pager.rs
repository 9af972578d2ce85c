//! The pager: long output on a terminal goes through `$AUTHERR_PAGER`, `$PAGER` or `less -FRX`,
//! as `git`, `bat` and `gh` do. Output is gathered first and paged only when it is longer than
//! the terminal, so a pasted error is read before the pager takes the terminal.

use std::io::{self, Write};
use std::process::{Command, Stdio};

use crate::cli::Paging;

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

/// Writes `text` to stdout, through the pager when it is longer than `rows` (or always, when
/// `always`). A pager that cannot start is skipped: the text is printed as it is.
pub fn show(text: &[u8], rows: usize, always: bool) -> io::Result<()> {
    let lines = text.iter().filter(|&&b| b == b'\n').count();
    if always || lines >= rows {
        if let Some(words) = command() {
            if let Ok(mut child) = Command::new(&words[0])
                .args(&words[1..])
                .stdin(Stdio::piped())
                .spawn()
            {
                if let Some(mut stdin) = child.stdin.take() {
                    // The reader may quit early (q in less): that is no error.
                    let written = stdin.write_all(text);
                    drop(stdin);
                    let _ = child.wait();
                    return match written {
                        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                        other => other,
                    };
                }
                let _ = child.wait();
            }
        }
    }
    let mut out = io::stdout().lock();
    out.write_all(text)?;
    out.flush()
}

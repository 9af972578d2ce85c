//! Terminal facts, decided once at start-up and passed down: colour, width, and the default format.

use std::io::IsTerminal;

use crate::output::{ColorChoice, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Is stdout a terminal?
    pub is_tty: bool,
    /// Is stdin a terminal? (Then there is nothing piped in to read.)
    pub stdin_tty: bool,
    pub color: bool,
    /// Are addresses written as links (OSC 8)? On a terminal with colour that is not dumb.
    pub links: bool,
    /// Columns to lay text out in.
    pub width: usize,
    /// Rows of the terminal: longer output is paged.
    pub height: usize,
}

impl Term {
    /// Reads the environment: `NO_COLOR`, `TERM`, `COLUMNS`, and whether stdout is a terminal.
    pub fn detect(choice: ColorChoice) -> Self {
        let is_tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        // A dumb terminal (`TERM=dumb`: an editor's shell, a serial console) shows escape
        // sequences as text: it gets none unless they are asked for.
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color && !dumb,
        };
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok());
        let size = is_tty.then(terminal_size::terminal_size).flatten();
        let width = columns
            .or(size.map(|(w, _)| w.0 as usize))
            .unwrap_or(80)
            .clamp(20, 1000);
        let height = std::env::var("LINES")
            .ok()
            .and_then(|l| l.trim().parse::<usize>().ok())
            .or(size.map(|(_, h)| h.0 as usize))
            .unwrap_or(24)
            .max(2);
        Term {
            is_tty,
            stdin_tty: std::io::stdin().is_terminal(),
            color,
            links: color && is_tty && !dumb,
            width,
            height,
        }
    }

    /// A fixed terminal for tests and renderers.
    pub fn fixed(width: usize, color: bool) -> Self {
        Term {
            is_tty: false,
            stdin_tty: false,
            color,
            links: false,
            width,
            height: 24,
        }
    }

    /// The format to use when the user chose none: a table on a terminal, plain lines otherwise.
    pub fn default_format(&self) -> Format {
        if self.is_tty {
            Format::Table
        } else {
            Format::Plain
        }
    }
}

//! Terminal facts, decided once at start-up and passed down: colour, width, and the default format.

use std::io::IsTerminal;

use crate::cli::{ColorChoice, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Is stdout a terminal?
    pub is_tty: bool,
    pub color: bool,
    /// Columns to lay text out in.
    pub width: usize,
}

impl Term {
    /// Reads the environment: `NO_COLOR`, `COLUMNS`, and whether stdout is a terminal.
    pub fn detect(choice: ColorChoice) -> Self {
        let is_tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color,
        };
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok());
        let width = columns
            .or_else(|| {
                is_tty
                    .then(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
                    .flatten()
            })
            .unwrap_or(80)
            .clamp(20, 1000);
        Term {
            is_tty,
            color,
            width,
        }
    }

    /// A fixed terminal for tests and renderers.
    pub fn fixed(width: usize, color: bool) -> Self {
        Term {
            is_tty: false,
            color,
            width,
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

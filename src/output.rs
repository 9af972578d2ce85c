//! What output is asked for (format, colour, paging): chosen by flags in `cli`, read by the
//! printers (`term`, `pager`, `render`), which so never see the flag parser.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned, wrapped table (explain: the long form)
    Table,
    /// One tab-separated line per entry: vendor, table, code, title, message (scan: count, undecided count, vendor, table, code, title or message, first, last, example)
    Plain,
    /// An array of entry objects (each key: `man autherr`, JSON OUTPUT)
    Json,
    /// JSON Lines: the same objects, one a line, written as each is made
    Jsonl,
}

impl Format {
    /// JSON of either layout.
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Paging {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

//! The command line, defined once with clap derive: the source of `--help`, the completions
//! and the man page.

use std::ops::Deref;
use std::path::PathBuf;

use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

pub use crate::output::{ColorChoice, Format, Paging};

pub const EXIT_CODES: &str = "\
Exit codes:
  0  found: every code was found, the search matched, the input was identified
  1  not found: a code is missing (the others are still printed), no match, nothing identified
  2  error: bad usage, unknown vendor, unreadable input, invalid catalog";

/// What `-h` shows: the shortest way in.
pub const SHORT_EXAMPLES: &str = "\
Examples (a first word that is no subcommand is a lookup):
  autherr 1902                  what a code means, at every catalog
  autherr hid 1902              at one vendor
  pbpaste | autherr explain     name catalog and code in a pasted error";

pub const EXAMPLES: &str = "\
Examples (a first word that is no subcommand is a lookup: autherr 1902, autherr hid 1902):
  autherr lookup hid 1902                 one code of one vendor
  autherr lookup 1000                     a code at every vendor
  autherr lookup facephi -100 -102        several codes, negative ones too
  autherr lookup ldap 'data 52e'          Active Directory's bind sub-code
  autherr lookup KDC_ERR_PREAUTH_FAILED   a name finds its code (Kerberos 24, event 0x18)
  autherr search 'session timed out'      ranked, typo-tolerant search
  autherr list idaas --table oauth        a vendor's table
  autherr explain openharmony 12500002    the long form
  pbpaste | autherr explain -             name vendor and code in a pasted error
  autherr lookup hid 1902 --json | jq -r '.[].message'   JSON for scripts";

/// The keys of a JSON entry object, for the man page (the README's table says the same).
pub const JSON_KEYS: &str = "\
JSON output (an array, ending with a newline; one object per entry):
  vendor, vendor_name  vendor id and display name
  table, table_name, field  table id and name; where the code appears in a response
  code  the code as the vendor writes it (\"1902\", \"-100\", \"invalid_grant\")
  title  the vendor's title or symbolic name, or null
  message  the vendor's text for the code
  description, solution  a longer explanation; what to do, as a document states it (or null)
  causes  why it happens, in order, as a document states it
  causes_source, solution_source  {title, url, date}: the document each comes from (or null)
  success  true where a document defines the code as success: not an error
  http_status  the HTTP status the vendor documents, or null
  deprecated  true when a document marks it deprecated; null when no document says
  aliases  other wordings that find it
  group, applies_to  the vendor's grouping; the HTTP methods a status applies to (or null)
  variants  [{title, message, source}]: the entry as worded in another document
  notes  [{text, source}]: facts from other documents
  example  a response body from the document, or null
  related  [{vendor, table, code}]: relations a document states
  standard  [{vendor, table, code}]: the standard's entries beneath (the HTTP status it names; the value, of the endpoint its table or document names)
  standard_defined_at  {vendor, code, at: [{table, source}]}: where the standard defines the value, when the entry's documents name no endpoint and it is defined at several (none chosen); null otherwise
  same_code  [{vendor, table, code}]: computed, entries that only share the code, less those in standard (a number only within one family: one vendor, or tables of one standard)
  source  {title, url, date}: the document the code and message come from (url null when unknown)
  sources  [{title, url, date}]: further documents the entry draws on
  origin, origin_file  builtin, user or override; the user catalog file
  --format jsonl  the same objects, one a line (JSON Lines), each written as it is made
  scan --json  an array of groups, most frequent first: vendor, table, code, title, message; count; undecided (how many of them another catalog reads the same); first, last {file, line, time (the time the line starts with, a JSON line's @timestamp, timestamp, time, ts or date, or for a stack trace's lines the time of its first line)}; example (the first line, escaped and cut, its secrets marked [redacted] unless --no-redact; null with --no-examples)
  scan --each --json  one finding a line as it is found: vendor, table, code, title, message; decided, candidates; file, line, time";

/// The user catalog format, in brief, for the man page.
pub const CATALOG_FILES: &str = "\
Catalog files (TOML, one vendor per file):
  [vendor]  id (lower-case), name, source_url (or source_no_url = true), source_title, date; a file that only adds to a built-in vendor gives just id
  [[sources]]  id, title, url (or no_url = true), date: further documents entries name
  [[tables]]  id, name, field (where the code appears in a response)
  [[entries]]  table, code and message (required); title, description, causes, solution, http_status, deprecated, aliases, related, source, sources, example, notes, variants
  check  `autherr catalog check FILE` validates a file and names file, line and entry of each problem";

#[derive(Debug, Parser)]
#[command(
    name = "autherr",
    version,
    about = "Explain authentication error codes offline: the standards (OAuth, HTTP, SAML, LDAP, Kerberos) and the vendors on them",
    long_about = "autherr tells you what an authentication error code means, why it happens and \
what to do about it: offline, instantly, in a terminal or a script. Catalogs are compiled in; \
your own catalogs can add to them (`autherr catalog paths` shows where).",
    after_help = format!("{SHORT_EXAMPLES}\n\n{EXIT_CODES}"),
    after_long_help = format!("{EXAMPLES}\n\n{EXIT_CODES}"),
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub output: OutputArgs,
    /// Use only the built-in catalogs: read no user catalog
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_user_catalogs: bool,
    /// When to page long output: auto means on a terminal ($AUTHERR_PAGER, $PAGER, or less -FRX)
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = Paging::Auto, value_name = "WHEN")]
    pub paging: Paging,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format [default: table on a terminal, plain otherwise]
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_enum,
        value_name = "FORMAT"
    )]
    pub format: Option<Format>,
    /// Same as --format json
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,
    /// When to use colour: auto means stdout is a terminal (not TERM=dumb) and NO_COLOR is unset or empty
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Look codes up: `lookup [VENDOR] CODE...`; without a vendor every vendor is searched
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  autherr lookup hid 1902               one code of one vendor\n  autherr lookup 52e                    a code at every catalog, standards first\n  autherr lookup hid 400 --table http   one of the code's tables\n  cut -f3 codes.tsv | autherr lookup hid    codes piped in, one finding a line"
    )]
    Lookup(Deferred<LookupArgs>),
    /// Ranked, typo-tolerant search over codes, titles, messages, causes and solutions
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  autherr search 'session timed out'\n  autherr search locked --vendor idaas --limit 3\n  autherr search -100"
    )]
    Search(Deferred<SearchArgs>),
    /// List the vendors, or one vendor's entries
    #[command(
        after_help = "Examples:\n  autherr list                      the catalogs, with their documents' dates\n  autherr list ldap --table ad_data   one table\n  autherr list --table oauth         that table at every catalog that has it"
    )]
    List(Deferred<ListArgs>),
    /// The long form of one entry, or name vendor and code in a pasted error (`explain -`)
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  autherr explain entra 50076           the long form\n  autherr explain hid 1902 1903         one page per code\n  autherr explain hid 400 --table http  one of the code's tables\n  autherr explain ldap 52e --web        open the source document\n  pbpaste | autherr explain             name catalog and code in a pasted error\n  autherr explain --input error.log"
    )]
    Explain(Deferred<ExplainArgs>),
    /// Every authentication error in logs, counted: most frequent first, with first and last
    /// occurrence
    #[command(
        after_help = "Examples:\n  autherr scan app.log                        the summary: count, code, first and last line\n  autherr scan app.log.1.gz app.log --top 5   several files in order, .gz read as it is\n  tail -F app.log | autherr scan --each       one line per finding as lines arrive\n  autherr scan app.log --json | jq '.[0]'     the groups as JSON"
    )]
    Scan(Deferred<ScanArgs>),
    /// Look inside a JWT or a SAML response, offline: claims, times, status, problems
    #[command(
        after_help = "Examples:\n  pbpaste | autherr inspect                   a JWT or SAML response anywhere in a paste\n  autherr inspect --input curl.txt --at 2026-12-06T08:00:00Z   judged at another time\n  autherr inspect --claims --json < token.txt  every claim, as JSON\n\nThe signature is never printed nor verified (no keys, no network). JSON: {at, at_unix, skew_seconds, tokens: [{kind: jwt|saml|refused, ...; problems: [{problem, says, entries: [{vendor, table, code, message}]}]}]}; README, \"Looking inside a token\"."
    )]
    Inspect(Deferred<InspectArgs>),
    /// Check user catalogs and show where autherr looks for them
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Print the completion script for a shell
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// An optional vendor id or alias, then one or more codes (as pasted: quotes, brackets, `code=` are dropped); `-`, or no code with something piped in, reads codes from stdin, split on spaces, commas and lines
    #[arg(value_name = "VENDOR|CODE")]
    pub args: Vec<String>,
    /// Only this table (a table id, e.g. http or hid_error; any case)
    #[arg(long, short, value_name = "TABLE")]
    pub table: Option<String>,
}

/// How many results search shows unless told.
pub const DEFAULT_LIMIT: u32 = 10;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to search for (joined with spaces)
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only this vendor
    #[arg(long, short)]
    pub vendor: Option<String>,
    /// Only this table (a table id, e.g. hid_error)
    #[arg(long, short)]
    pub table: Option<String>,
    /// At most this many results
    #[arg(long, short = 'n', default_value_t = DEFAULT_LIMIT, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,
    /// After the results, say why each ranks where it does: how it matched and in which fields (with --json: each result's `match`)
    #[arg(long)]
    pub explain_score: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Log files, read in order (gzip is decompressed: `.gz` files, and gzip piped in; xz, bzip2, zstd, lz4, lzip, compress and zip are named, not read); `-` or none with something piped in reads stdin
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Only the N most frequent codes
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Only this vendor's codes
    #[arg(long, short)]
    pub vendor: Option<String>,
    /// One line per finding as it is found, flushed at once (`tail -F` during an incident); no summary
    #[arg(long)]
    pub each: bool,
    /// Leave the example lines out
    #[arg(long)]
    pub no_examples: bool,
    /// Keep secrets in the example lines: JWTs, bearer tokens, password, secret and token
    /// values, cookies and e-mail addresses are otherwise shown as `[redacted]`
    #[arg(long)]
    pub no_redact: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// A vendor id or alias; without it, the vendors are listed
    pub vendor: Option<String>,
    /// Only this table (without a vendor: that table at every vendor that has it)
    #[arg(long, short)]
    pub table: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A vendor id or alias, or `-` to read a raw error (JSON body, log line) from stdin (nothing at all reads a piped stdin too)
    #[arg(value_name = "VENDOR|-")]
    pub vendor: Option<String>,
    /// The codes to explain (several are explained one after the other)
    #[arg(value_name = "CODE")]
    pub codes: Vec<String>,
    /// Only this table (a table id, e.g. http or hid_error; any case)
    #[arg(long, short, value_name = "TABLE")]
    pub table: Option<String>,
    /// Read a raw error from this file instead of stdin
    #[arg(long, short, value_name = "FILE", conflicts_with_all = ["vendor", "codes"])]
    pub input: Option<PathBuf>,
    /// Open the entry's source document in a browser ($BROWSER, else the system's opener); print its address
    #[arg(long, conflicts_with = "input")]
    pub web: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Read the token or paste from this file instead of stdin
    #[arg(long, short, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Judge the times at this moment instead of now (2026-12-06T07:45:00Z, or Unix seconds)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Show the claims beyond the registered ones
    #[arg(long)]
    pub claims: bool,
    /// The audience expected: say so when aud or the AudienceRestriction lacks it
    #[arg(long, value_name = "AUDIENCE")]
    pub audience: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Validate catalog files without installing them
    Check {
        /// Catalog files (TOML; the format: `man autherr`, CATALOG FILES)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Show where autherr looks for user catalogs and what it found
    Paths,
    /// Name the documents each catalog is written from, and their licenses
    Sources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

/// A subcommand's arguments, defined only when that subcommand is the one run (clap's
/// `Command::defer`): a lookup does not build the options of search, scan and the others,
/// which start-up would pay for on every run. `Deref`s to the arguments.
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T> Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }
    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }
    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args_for_update)
    }
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

/// The whole command line with every subcommand's arguments defined, for what reads them all:
/// completion, the man page, tests. Parsing needs only `Cli::command()`.
pub fn full_command() -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

/// The subcommands' names, as `autherr 1902` must not mistake them for codes (a test holds
/// this list equal to the clap definition).
pub const SUBCOMMANDS: &str =
    "lookup search list explain scan inspect catalog completions man help";

/// Is `word` a subcommand, or one mistyped (`serch`), which clap should answer?
fn names_subcommand(word: &str) -> bool {
    SUBCOMMANDS.split(' ').any(|name| {
        name == word || (name.len() >= 4 && strsim::damerau_levenshtein(name, word) <= 1)
    })
}

/// The `Cli` of the commonest command lines, a plain lookup, search or list: `autherr hid
/// 1902`, `autherr 1902`, `autherr lookup ldap 52e`, `autherr search session timed out`,
/// `autherr list hid`, words only, without any option. clap's parse gives the same `Cli` (a test holds the two equal);
/// skipping it keeps their start-up from growing with every option the other subcommands
/// gain. `None`: let clap parse.
pub fn plain_command(args: &[std::ffi::OsString]) -> Option<Cli> {
    let words: Vec<&str> = args
        .get(1..)?
        .iter()
        .map(|a| a.to_str().filter(|w| !w.is_empty() && !w.starts_with('-')))
        .collect::<Option<_>>()?;
    let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect();
    let command = match words.split_first()? {
        (&"lookup", rest) if !rest.is_empty() => Command::Lookup(Deferred(LookupArgs {
            args: owned(rest),
            table: None,
        })),
        (&"search", rest) if !rest.is_empty() => Command::Search(Deferred(SearchArgs {
            query: owned(rest),
            vendor: None,
            table: None,
            limit: DEFAULT_LIMIT,
            explain_score: false,
        })),
        (&"list", rest) if rest.len() <= 1 => Command::List(Deferred(ListArgs {
            vendor: rest.first().map(|v| v.to_string()),
            table: None,
        })),
        (first, _) if !names_subcommand(first) => Command::Lookup(Deferred(LookupArgs {
            args: owned(&words),
            table: None,
        })),
        _ => return None,
    };
    Some(Cli {
        output: OutputArgs {
            format: None,
            json: false,
            color: ColorChoice::Auto,
        },
        no_user_catalogs: false,
        paging: Paging::Auto,
        command,
    })
}

/// `autherr 1902`, `autherr hid 1902`, `autherr --json AADSTS50076`: when the first word that
/// is not an option is no subcommand, the command line is a lookup (as `errno 2` is).
/// `cmd` is `Cli::command()`, made once for this and the parse.
pub fn with_implied_lookup(
    cmd: &clap::Command,
    args: Vec<std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    let takes_value = |flag: &str| {
        cmd.get_arguments().any(|a| {
            a.get_action().takes_values()
                && (a.get_long().is_some_and(|l| flag == format!("--{l}"))
                    || a.get_short().is_some_and(|s| flag == format!("-{s}")))
        })
    };
    let mut i = 1;
    while i < args.len() {
        let word = args[i].to_string_lossy();
        if word == "--" {
            break;
        }
        let option = word.starts_with('-') && word.len() > 1 && word.parse::<i64>().is_err();
        if option {
            i += if !word.contains('=') && takes_value(&word) {
                2
            } else {
                1
            };
            continue;
        }
        // A subcommand, or one mistyped (`serch`): clap says what it is.
        if names_subcommand(&word) {
            break;
        }
        let mut args = args;
        args.insert(i, "lookup".into());
        return args;
    }
    args
}

impl Cli {
    /// Does this command print pages of reading (lookup, search, list, explain), which a pager
    /// may take? Scripts, man pages and catalog checks never page.
    pub fn pages(&self) -> bool {
        matches!(
            self.command,
            Command::Lookup(_) | Command::Search(_) | Command::List(_) | Command::Explain(_)
        ) && !self.format(Format::Table).is_json()
    }

    /// The format in force: `--json` wins, then `--format`, then the terminal default.
    pub fn format(&self, default: Format) -> Format {
        if self.output.json {
            Format::Json
        } else {
            self.output.format.unwrap_or(default)
        }
    }
}

//! `autherr scan`: every authentication error in logs, line by line, grouped and counted.
//!
//! Reads each input as it arrives, one line at a time (`.gz` files through a decoder), runs
//! the detection engine on each line that may hold a finding (`detect::sieve`), and
//! keeps one group per vendor, table and code: memory grows with the number of distinct
//! codes, not with the input.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;
use std::sync::{Arc, Mutex, mpsc};

use serde::Serialize;

use crate::catalog::{Catalog, Hit, Vendor};
use crate::detect::{Engine, sieve};
use crate::sanitize::{cut, escape};

mod shapes;
pub(crate) use shapes::Seeded;
use shapes::{Findings, Shapes};

/// A group's vendor, table and code.
type GroupKey = (&'static str, &'static str, &'static str);

/// The groups' index: vendor, table and code to their place among the groups; and the same
/// by where those strings are (address and length), which a finding is looked up by without
/// hashing their text. The catalogs' strings never change, so the same address and length
/// is the same text; the same text elsewhere is found by its text, and then by its place.
#[derive(Default)]
struct GroupIndex {
    by_text: HashMap<GroupKey, usize, Seeded>,
    by_place: HashMap<[usize; 6], usize, Seeded>,
}

impl GroupIndex {
    fn place(key: &GroupKey) -> [usize; 6] {
        let (v, t, c) = key;
        let at = |s: &str| s.as_ptr() as usize;
        [at(v), v.len(), at(t), t.len(), at(c), c.len()]
    }

    /// The place of the group of `key`, when there is one.
    fn get(&mut self, key: &GroupKey) -> Option<usize> {
        let place = Self::place(key);
        if let Some(&i) = self.by_place.get(&place) {
            return Some(i);
        }
        let i = *self.by_text.get(key)?;
        self.by_place.insert(place, i);
        Some(i)
    }

    fn insert(&mut self, key: GroupKey, i: usize) {
        self.by_place.insert(Self::place(&key), i);
        self.by_text.insert(key, i);
    }
}

/// Bytes the line shapes of a scan may hold, all threads together (see `shapes`).
const SHAPES_BYTES: usize = 4 << 20;

/// Bytes of one line that are read; the rest of a longer line is skipped.
const MAX_LINE: u64 = 1 << 20;

/// The largest input whose lines are each looked at by the engine, without the sieve and the
/// shapes (see `LogScan::read`): the engine takes less time over its lines than making the
/// sieve would, even were every line an error (the first 16 KB of an error-dense log: 30
/// against 42 ms, a line: 9 against 22 ms).
const SMALL_INPUT: usize = 16 * 1024;

/// Example lines are cut to this many characters.
const EXAMPLE_WIDTH: usize = 160;

/// Where a line was seen: `file:line`, and the line's own timestamp when it starts with one.
#[derive(Debug, Clone, Serialize)]
pub struct Seen {
    pub file: String,
    pub line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Both come from the user's input: shown escaped, as all echoed input is.
        write!(f, "{}:{}", escape(&self.file), self.line)?;
        if let Some(t) = &self.time {
            write!(f, " ({})", escape(t))?;
        }
        Ok(())
    }
}

impl Seen {
    /// Writes the place as it is displayed, without the formatting machinery: `--each`
    /// writes one for every finding.
    pub fn write_to(&self, out: &mut (impl io::Write + ?Sized)) -> io::Result<()> {
        out.write_all(escape(&self.file).as_bytes())?;
        let (mut digits, mut at, mut n) = ([0u8; 21], 21, self.line);
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        at -= 1;
        digits[at] = b':';
        out.write_all(&digits[at..])?;
        if let Some(t) = &self.time {
            out.write_all(b" (")?;
            out.write_all(escape(t).as_bytes())?;
            out.write_all(b")")?;
        }
        Ok(())
    }
}

/// One vendor, table and code, with how often and where it was seen.
pub struct Group<'a> {
    pub hit: Hit<'a>,
    pub count: u64,
    /// How many of them the input did not decide (another vendor's code reads the same).
    pub undecided: u64,
    pub first: Seen,
    pub last: Seen,
    pub example: Option<String>,
}

/// Which example line a group keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Examples {
    /// None (`--no-examples`).
    None,
    /// The line with its secrets marked `[redacted]` (the default).
    Redacted,
    /// The line as logged (`--no-redact`).
    AsLogged,
}

/// The entry (a line and its continuation lines) that last named codes: a stack trace's
/// head, whose time the trace's lines share and whose codes they repeat.
struct Head {
    file: String,
    /// The number of the entry's first line.
    start: u64,
    time: Option<String>,
    keys: Vec<(&'static str, &'static str, &'static str)>,
}

/// Is `line` a continuation of a multi-line entry (a stack trace's `\tat ...`, `Caused by:`,
/// an indented line), not a new one?
fn is_continuation(line: &[u8]) -> bool {
    line.starts_with(b" ")
        || line.starts_with(b"\t")
        || line.starts_with(b"Caused by:")
        || line.starts_with(b"Suppressed:")
        || line.starts_with(b"at ")
}

/// The entries of a batch's lines, read forward: which line began the entry (a line and its
/// continuation lines) each line belongs to.
struct Entries<'t> {
    text: &'t [u8],
    /// The number of the batch's first line.
    first: u64,
    /// The index of the next line to read, and where it starts.
    next: usize,
    at: usize,
    /// The number of the line that began the entry of the lines read, when `text` holds it.
    start: Option<u64>,
}

impl<'t> Entries<'t> {
    /// The entries of `text`, whose first line is line `first`; `before`: the line that began
    /// the entry of the line before it, when known.
    fn new(text: &'t [u8], first: u64, before: Option<u64>) -> Self {
        Entries {
            text,
            first,
            next: 0,
            at: 0,
            start: before,
        }
    }

    /// The number of the line that began the entry line `index` belongs to (itself, or the
    /// line above its continuation lines), when `text` holds it; asked of lines in order.
    fn start(&mut self, index: usize) -> Option<u64> {
        while self.next <= index {
            let rest = &self.text[self.at.min(self.text.len())..];
            if !is_continuation(rest) {
                self.start = Some(self.first + self.next as u64);
            }
            self.at += memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
            self.next += 1;
        }
        self.start
    }
}

/// The number of the line that began the entry the last line of `text` (whole lines, the
/// first numbered `first`) belongs to; `before` (that of the line before) when every line
/// of it is a continuation line.
fn last_entry(text: &[u8], first: u64, before: Option<u64>) -> Option<u64> {
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    let mut index = memchr::memchr_iter(b'\n', body).count() as u64;
    let mut end = body.len();
    loop {
        let start = memchr::memrchr(b'\n', &body[..end]).map_or(0, |i| i + 1);
        if !is_continuation(&body[start..end]) {
            return Some(first + index);
        }
        if start == 0 {
            return before;
        }
        (end, index) = (start - 1, index - 1);
    }
}

/// The groups so far.
struct Tally<'a> {
    head: Option<Head>,
    examples: Examples,
    groups: Vec<Group<'a>>,
    index: GroupIndex,
    /// The place of the line being counted, written over the last line's (its buffers kept:
    /// a line with a finding costs no allocation), and a buffer for its time when it has none.
    seen: Seen,
    spare: String,
}

/// A log being scanned: its lines so far, their findings grouped.
pub struct LogScan<'a> {
    catalog: &'a Catalog,
    engine: Engine<'a>,
    vendor: Option<&'a Vendor>,
    /// Threads that look at lines, when they need not be answered as they arrive (see `read`).
    threads: usize,
    tally: Tally<'a>,
    pub lines: u64,
    pub bytes: u64,
}

/// What one line yielded, for `--each`.
pub struct LineFinding<'a, 'f> {
    pub finding: &'f Code<'a>,
    pub seen: &'f Seen,
}

/// What a scan keeps of a finding: what its summary and `--each` show, nothing more.
#[derive(Debug, Clone, Copy)]
pub struct Code<'a> {
    pub hit: Hit<'a>,
    /// Did the input decide it (see `detect::Finding`)?
    pub decided: bool,
    pub candidates: usize,
}

impl PartialEq for Code<'_> {
    fn eq(&self, other: &Self) -> bool {
        let key = |c: &Self| (c.hit.vendor.id, c.hit.entry.table, c.hit.entry.code);
        key(self) == key(other)
            && (self.decided, self.candidates) == (other.decided, other.candidates)
    }
}

/// Lines given to a detecting thread at a time (about a megabyte of a typical log), or
/// fewer when they hold `batch_bytes` bytes (long lines, binary data): memory stays
/// bounded, by bytes and so by findings too, whatever the number of threads.
const BATCH_LINES: usize = 8192;

/// Bytes of the batches in flight at once, all threads together: each thread has one being
/// looked at and one waiting, and the reader fills one more (it waits when more are out).
const BATCHES_BYTES: usize = 1 << 20;

/// The most bytes of one batch with `threads` detecting threads.
fn batch_bytes(threads: usize) -> usize {
    (BATCHES_BYTES / (2 * threads + 2)).clamp(64 << 10, 1 << 20)
}

/// One line's findings: its number, the number of the line its entry starts at (when
/// known), where it is in its batch, what was found in it (`None`: not known yet, for the
/// detecting thread to detect).
type Found<'a> = (u64, Option<u64>, Range<usize>, Option<Findings<'a>>);

impl<'a> LogScan<'a> {
    /// `threads` above 1 looks at lines in that many threads, in batches (see
    /// `read_in_threads`), unless they must be answered as they arrive (see `read`).
    pub fn new(
        catalog: &'a Catalog,
        vendor: Option<&'a Vendor>,
        examples: Examples,
        threads: usize,
    ) -> Self {
        LogScan {
            catalog,
            engine: Engine::new(catalog),
            vendor,
            threads,
            tally: Tally {
                head: None,
                examples,
                groups: Vec::new(),
                index: GroupIndex::default(),
                seen: Seen {
                    file: String::new(),
                    line: 0,
                    time: None,
                },
                spare: String::new(),
            },
            lines: 0,
            bytes: 0,
        }
    }

    /// Reads `input` to its end, line by line; `each` is called for every finding, in input
    /// order (its error ends the scan: a closed pipe), `tick` every few thousand lines and
    /// before the input is read again, which may wait for more (what `each` was given can be
    /// shown then). With `live` (`--each` on a pipe or a terminal, which may make it wait:
    /// `tail -f`), each line is answered as it arrives, so lines are looked at here, one by
    /// one: a batch would hold them until it is full.
    ///
    /// An input of at most `SMALL_INPUT` bytes has each line looked at by the engine: the
    /// sieve and the shapes that spare a long log most of that cost would take longer to make
    /// than its lines take (they only ever leave out lines and detections whose findings are
    /// known, so what is found is the same).
    pub fn read(
        &mut self,
        name: &str,
        mut input: impl Read,
        live: bool,
        each: &mut dyn FnMut(LineFinding<'a, '_>) -> io::Result<()>,
        tick: &mut dyn FnMut() -> io::Result<()>,
    ) -> io::Result<()> {
        if live {
            return self.read_one_by_one(name, input, true, each, tick);
        }
        let mut head = Vec::new();
        let read = (&mut input)
            .take(SMALL_INPUT as u64 + 1)
            .read_to_end(&mut head);
        if let Err(error) = read {
            // An input that fails within its first bytes has the lines before the damage
            // counted, and the damage told, as a longer one has.
            let head = Replayed {
                read: &head,
                error: Some(error),
            };
            return self.read_one_by_one(name, head, false, each, tick);
        }
        if head.len() <= SMALL_INPUT {
            return self.read_one_by_one(name, &head[..], false, each, tick);
        }
        let input = (&head[..]).chain(input);
        match self.threads > 1 {
            true => self.read_in_threads(name, input, each, tick),
            false => self.read_one_by_one(name, input, true, each, tick),
        }
    }

    /// `read` in this thread; with `sifted`, by the sieve and the shapes, else each line by
    /// the engine.
    fn read_one_by_one(
        &mut self,
        name: &str,
        input: impl Read,
        sifted: bool,
        each: &mut dyn FnMut(LineFinding<'a, '_>) -> io::Result<()>,
        tick: &mut dyn FnMut() -> io::Result<()>,
    ) -> io::Result<()> {
        let (engine, vendor, tally) = (&self.engine, self.vendor, &mut self.tally);
        let mut shapes = sifted.then(|| Shapes::new(self.catalog, SHAPES_BYTES, None));
        let mut start = None;
        read_lines(
            input,
            &mut self.lines,
            &mut self.bytes,
            tick,
            &mut |number: u64, line: &[u8]| {
                if !is_continuation(line) {
                    start = Some(number);
                }
                let found = match shapes.as_mut() {
                    Some(_) if !engine.may_hold(line) => return Ok(()),
                    Some(shapes) => shapes.findings(engine, vendor, line),
                    None => Arc::from(line_findings(engine, vendor, &text(line))),
                };
                if found.is_empty() {
                    return Ok(());
                }
                let line = text(line);
                tally.record(name, number, start, &line, &found, each)
            },
        )
    }

    /// `read`, with the lines looked at in batches by `threads` threads while this one reads;
    /// the findings are counted here in input order, as `read` counts them. The looking
    /// threads give each line the findings of its shape when it is known (and detect the
    /// lines that have no shape, which no thread could learn); a batch with lines whose
    /// shapes are new, or not kept, goes on to one more thread, the only one that detects
    /// them. The engine's regexes keep a cache per thread (a rule's lazy DFA grows to a
    /// quarter MiB), so they exist once, and are made warm once; and this thread, which reads
    /// and counts every line, detects none. (A looking thread that detected too made an
    /// error-dense log a tenth quicker, but its caches took the log with lines over 1 MiB
    /// past 32 MiB.)
    fn read_in_threads(
        &mut self,
        name: &str,
        input: impl Read,
        each: &mut dyn FnMut(LineFinding<'a, '_>) -> io::Result<()>,
        tick: &mut dyn FnMut() -> io::Result<()>,
    ) -> io::Result<()> {
        let (engine, vendor, tally) = (&self.engine, self.vendor, &mut self.tally);
        let (lines, bytes) = (&mut self.lines, &mut self.bytes);
        let (threads, catalog) = (self.threads, self.catalog);
        let most_bytes = batch_bytes(threads);
        // Batches of lines out (a few in flight: memory stays bounded), findings back.
        let (jobs, job_queue) = mpsc::sync_channel::<Job>(threads);
        // The threads share the queue; should they all stop (a panic), the queue goes with
        // them and sending fails here instead of waiting for ever.
        let job_queue = Arc::new(Mutex::new(job_queue));
        // A batch's buffer comes back with its findings, to hold a later batch: buffers of
        // a megabyte or more, freed and made again in other threads, would make the
        // allocator hold ever more memory.
        let (results, finished) = mpsc::channel::<Looked<'a>>();
        // The shapes' memory: half for those every thread has seen, half shared by the
        // threads' own.
        let seen = Arc::new(Mutex::new(shapes::Table::new(SHAPES_BYTES / 2)));
        let own = SHAPES_BYTES / 2 / (threads + 1);
        let shapes = || Shapes::new(catalog, own, Some(Arc::clone(&seen)));
        std::thread::scope(|scope| {
            // The batches with lines to detect, on their way from the looking threads.
            let (undetected, to_detect) = mpsc::channel::<Looked<'a>>();
            let (detected, done) = (shapes(), results.clone());
            scope.spawn(move || detect(engine, vendor, detected, to_detect, &done));
            for _ in 0..threads {
                let (job_queue, results) = (Arc::clone(&job_queue), results.clone());
                let (shapes, undetected) = (shapes(), undetected.clone());
                scope
                    .spawn(move || look(engine, vendor, shapes, &job_queue, &results, &undetected));
            }
            drop((results, job_queue, undetected));
            // Room for a batch and its last line, made once: a buffer grown by doubling would
            // hold twice what it needs.
            let room = most_bytes + 64 * 1024;
            // Batches come back in any order; they are counted in the order they were read.
            let mut in_order = InOrder {
                room,
                ..InOrder::default()
            };
            let sent = Cell::new(0u64);
            // The buffers sent that grew for a line longer than a batch (see `InOrder::grown`).
            let grown = Cell::new(0u64);
            let stopped = || io::Error::other("a scanning thread stopped");
            // The entry (a line and its continuation lines) the last line sent belongs to: a
            // batch may start in a stack trace.
            let entry = Cell::new(None);
            let send = |first: u64, batch: Vec<u8>| {
                let before = entry.get();
                entry.set(last_entry(&batch, first, before));
                grown.set(grown.get() + u64::from(batch.capacity() > room));
                jobs.send((sent.get(), (first, before), batch))
                    .map_err(|_| stopped())?;
                sent.set(sent.get() + 1);
                Ok::<_, io::Error>(())
            };
            let mut batches = Batches {
                text: Vec::with_capacity(room),
                first: 1,
                lines: 0,
                most_bytes,
                full: |first: u64, batch: &mut Vec<u8>| {
                    let mut spare =
                        (in_order.spares.pop()).unwrap_or_else(|| Vec::with_capacity(room));
                    spare.clear();
                    send(first, std::mem::replace(batch, spare))?;
                    // The batches back are counted; while too many are out (a thread that
                    // is not given the processor holds the next one to count, the others
                    // go on), this one waits: more would each need a buffer of their own.
                    loop {
                        while let Ok((b, found, buffer)) = finished.try_recv() {
                            in_order.waiting.insert(b, (found, buffer));
                        }
                        in_order.count(tally, name, each)?;
                        // While two batches that grew for a long line are out, this one
                        // waits for one: each holds a buffer of its own, of a MiB and more.
                        let out = sent.get() - in_order.next;
                        let long = grown.get().saturating_sub(in_order.grown);
                        if out <= 2 * threads as u64 && (long <= 1 || out <= 1) {
                            return Ok(());
                        }
                        let (b, found, buffer) = finished.recv().map_err(|_| stopped())?;
                        in_order.waiting.insert(b, (found, buffer));
                    }
                },
            };
            let read = read_lines(input, lines, bytes, tick, &mut batches);
            // An input that fails part way (a `.gz` cut short) still has its lines before
            // the damage counted: the last batch is sent and every batch waited for, and the
            // error is returned after.
            if batches.lines > 0 {
                send(batches.first, std::mem::take(&mut batches.text))?;
            }
            drop(jobs);
            for (b, found, buffer) in finished {
                in_order.waiting.insert(b, (found, buffer));
                in_order.count(tally, name, each)?;
            }
            read
        })
    }

    /// The groups, most frequent first (first seen first among equals).
    pub fn groups(mut self) -> Vec<Group<'a>> {
        self.tally
            .groups
            .sort_by_key(|g| std::cmp::Reverse(g.count));
        self.tally.groups
    }
}

/// What a read gave before it failed, then its error: read again, it tells what that read
/// told.
struct Replayed<'b> {
    read: &'b [u8],
    error: Option<io::Error>,
}

impl Read for Replayed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read.is_empty()
            && let Some(error) = self.error.take()
        {
            return Err(error);
        }
        self.read.read(buf)
    }
}

/// A batch of lines: its number, the number of its first line and of the line that began
/// the entry of the line before (when known), its lines.
type Job = (u64, (u64, Option<u64>), Vec<u8>);

/// A batch looked at: its number, its lines' findings, its buffer.
type Looked<'a> = (u64, Vec<Found<'a>>, Vec<u8>);

/// A thread that looks at lines: takes batches from `jobs` until there are no more, and
/// sends each back with its lines' findings as far as their shapes are known; to
/// `undetected` when some are not known yet (the detecting thread sends it back then).
fn look<'a>(
    engine: &Engine<'a>,
    vendor: Option<&Vendor>,
    mut shapes: Shapes<'a>,
    jobs: &Mutex<mpsc::Receiver<Job>>,
    results: &mpsc::Sender<Looked<'a>>,
    undetected: &mpsc::Sender<Looked<'a>>,
) {
    // Did nearly every line of the last batch pass the sieve (see `batch_findings`)?
    let mut dense = false;
    while let Ok((batch, first, text)) =
        (jobs.lock().map_err(|_| ())).and_then(|q| q.recv().map_err(|_| ()))
    {
        let found = batch_findings(engine, vendor, (&mut shapes, &mut dense), &text, first);
        let to = match found.iter().any(|(_, _, _, f)| f.is_none()) {
            true => undetected,
            false => results,
        };
        if to.send((batch, found, text)).is_err() {
            return;
        }
    }
}

/// The thread that detects the lines the looking threads did not know (the only one that
/// runs the engine on lines with a shape): takes the batches from `undetected` until there
/// are no more, and sends each on with every line's findings.
fn detect<'a>(
    engine: &Engine<'a>,
    vendor: Option<&Vendor>,
    mut shapes: Shapes<'a>,
    undetected: mpsc::Receiver<Looked<'a>>,
    results: &mpsc::Sender<Looked<'a>>,
) {
    // While a looking thread makes the sieve for the first batch, and before any line
    // comes here.
    engine.prepare();
    shapes.prepare();
    for (batch, mut found, text) in undetected {
        for (_, _, at, f) in &mut found {
            if f.is_none() {
                *f = Some(shapes.findings(engine, vendor, &text[at.clone()]));
            }
        }
        if results.send((batch, found, text)).is_err() {
            return;
        }
    }
}

/// Batches looked at, waiting to be counted in the order they were read.
#[derive(Default)]
struct InOrder<'a> {
    /// By batch number: the batch's findings and its buffer.
    waiting: std::collections::BTreeMap<u64, (Vec<Found<'a>>, Vec<u8>)>,
    /// The number of the batch to count next.
    next: u64,
    /// Buffers of batches counted, to hold later ones, of at most `room` bytes.
    spares: Vec<Vec<u8>>,
    room: usize,
    /// The buffers counted that grew past `room`, for a line longer than a batch.
    grown: u64,
}

impl<'a> InOrder<'a> {
    /// Counts the batches waiting that come next, in order (every line's findings known:
    /// the detecting thread gave those of the lines the looking threads did not know).
    fn count(
        &mut self,
        tally: &mut Tally<'a>,
        name: &str,
        each: &mut dyn FnMut(LineFinding<'a, '_>) -> io::Result<()>,
    ) -> io::Result<()> {
        while let Some((found, text)) = self.waiting.remove(&self.next) {
            // Checked once as a whole (see `batch_findings`).
            let whole = std::str::from_utf8(&text).ok();
            for (number, start, at, f) in found {
                debug_assert!(f.is_some(), "line {number} counted before it was detected");
                let Some(f) = f.filter(|f| !f.is_empty()) else {
                    continue;
                };
                let line = match whole {
                    Some(whole) => Cow::Borrowed(&whole[at]),
                    None => self::text(&text[at]),
                };
                tally.record(name, number, start, &line, &f, each)?;
            }
            // A buffer that grew for a line longer than a batch is not kept.
            match text.capacity() <= self.room {
                true => self.spares.push(text),
                false => self.grown += 1,
            }
            self.next += 1;
        }
        Ok(())
    }
}

/// Of how many lines of a batch (`DENSE` of `DENSE_OF`) the sieve must pass for the next to
/// be looked at by shapes first (see `batch_findings`).
const DENSE: usize = 3;
const DENSE_OF: usize = 4;

/// The findings of the lines of one batch, `text`, whose first line is line `first` (and
/// the line before it in the entry begun by line `before`, when known), as far as their
/// shapes are known (the others' for the detecting thread): each with the number of the
/// line its entry starts at and its place in `text`.
///
/// `dense`: did nearly every line of the thread's last batch pass the sieve (an incident's
/// log, where every line is an error)? Then each line is asked for by its shape first, and
/// the sieve is asked only for a line whose shape is not known: a line of a known shape
/// holds what the shape's first line held, and a line the sieve passes over holds nothing,
/// so either way tells the same (and the sieve's search through every line would be spent
/// for nothing). It is set for the next batch.
fn batch_findings<'a>(
    engine: &Engine<'a>,
    vendor: Option<&Vendor>,
    (shapes, next_dense): (&mut Shapes<'a>, &mut bool),
    text: &[u8],
    (first, before): (u64, Option<u64>),
) -> Vec<Found<'a>> {
    let start = text.as_ptr() as usize;
    let mut entries = Entries::new(text, first, before);
    // A batch is nearly always UTF-8 as a whole: its lines are then text without checking
    // each again.
    let whole = std::str::from_utf8(text).ok();
    let dense = *next_dense;
    let lines = match dense {
        true => (sieve::every_line(text).enumerate())
            .map(|(i, (_, line))| (i, line))
            .collect(),
        false => engine.candidate_lines(text),
    };
    let (mut count, mut passed) = (lines.len(), 0);
    let found = (lines.into_iter())
        .filter_map(|(index, line)| {
            let number = first + index as u64;
            let at = line.as_ptr() as usize - start;
            let line_text = match whole {
                Some(whole) => shapes::short(&whole[at..at + line.len()]),
                None => shapes::shaped(line),
            };
            // In a dense batch, the sieve is asked only for a line whose shape does not tell
            // what it holds.
            let may_hold = || !dense || engine.may_hold(line);
            // A line with no shape is detected here, not left to the detecting thread: it
            // is detected whenever it comes, and such lines can be every line (a log in
            // Latin-1, binary data).
            let f = match line_text {
                Some(text) => match shapes.known_findings(text) {
                    None if !may_hold() => return None,
                    known => known,
                },
                None if !may_hold() => return None,
                None => Some(shapes.findings(engine, vendor, line)),
            };
            passed += 1;
            if f.as_ref().is_some_and(|f| f.is_empty()) {
                return None;
            }
            let entry = entries.start(index);
            Some((number, entry, at..at + line.len(), f))
        })
        .collect();
    if !dense {
        let last = usize::from(text.last().is_some_and(|&c| c != b'\n'));
        (count, passed) = (memchr::memchr_iter(b'\n', text).count() + last, count);
    }
    *next_dense = passed * DENSE_OF >= count * DENSE;
    found
}

/// A line's bytes as text, invalid UTF-8 replaced: `String::from_utf8_lossy`, with the
/// quicker check of valid UTF-8 first (nearly every log line is).
fn text(line: &[u8]) -> Cow<'_, str> {
    std::str::from_utf8(line).map_or_else(|_| String::from_utf8_lossy(line), Into::into)
}

/// What `read_lines` gives the lines it reads to.
trait Lines {
    /// Line `number`'s bytes, without its line break (nor a `\r` before it).
    fn line(&mut self, number: u64, line: &[u8]) -> io::Result<()>;

    /// Whole lines (shorter than `MAX_LINE`), each with its `\n`, the first of them numbered
    /// `first`: by default, each given to `line`.
    fn lines(&mut self, first: u64, text: &[u8]) -> io::Result<()> {
        each_line(first, text, |number, line| self.line(number, line))
    }
}

impl<F: FnMut(u64, &[u8]) -> io::Result<()>> Lines for F {
    fn line(&mut self, number: u64, line: &[u8]) -> io::Result<()> {
        self(number, line)
    }
}

/// Calls `line` with each line of `text` (whole lines), without its line break, numbered
/// from `first`.
fn each_line(
    first: u64,
    text: &[u8],
    mut line: impl FnMut(u64, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut at = 0;
    for (i, end) in memchr::memchr_iter(b'\n', text).enumerate() {
        let whole = &text[at..=end];
        line(first + i as u64, &whole[..content_end(whole)])?;
        at = end + 1;
    }
    Ok(())
}

/// Reads `input` to its end and gives `sink` each line's bytes, without its line break
/// (nor a `\r` before it), or runs of whole lines as they are in the read buffer; a line
/// longer than any log line (binary data, a dump) is read up to `MAX_LINE` and the rest
/// skipped, so memory stays bounded. Lines are numbered from 1; `tick` is called every few
/// thousand, and before `input` is read (when the next line is not all read yet: the input
/// may make us wait). Counts lines and bytes read.
fn read_lines(
    input: impl Read,
    lines: &mut u64,
    bytes: &mut u64,
    tick: &mut dyn FnMut() -> io::Result<()>,
    sink: &mut impl Lines,
) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    let mut buf = Vec::with_capacity(4096);
    let mut number = 0u64;
    let damaged = |number: u64| move |e: io::Error| Damaged::error(number, e);
    loop {
        // The whole lines in the buffer (far shorter than `MAX_LINE`) are given from there,
        // not copied first.
        if let Some(end) = memchr::memrchr(b'\n', reader.buffer()) {
            let text = &reader.buffer()[..=end];
            let count = memchr::memchr_iter(b'\n', text).count() as u64;
            for _ in number / 4096..(number + count) / 4096 {
                tick()?;
            }
            *lines += count;
            *bytes += text.len() as u64;
            sink.lines(number + 1, text)?;
            number += count;
            reader.consume(end + 1);
            continue;
        }
        tick()?;
        buf.clear();
        let n =
            ((&mut reader).take(MAX_LINE).read_until(b'\n', &mut buf)).map_err(damaged(number))?;
        if n == 0 {
            return Ok(());
        }
        let skipped = if buf.last() != Some(&b'\n') && n as u64 == MAX_LINE {
            reader.skip_until(b'\n').map_err(damaged(number))?
        } else {
            0
        };
        number += 1;
        if number % 4096 == 0 {
            tick()?;
        }
        *lines += 1;
        *bytes += (n + skipped) as u64;
        sink.line(number, &buf[..content_end(&buf)])?;
    }
}

/// Lines put in batches for the looking threads: each batch is given to `full` when it
/// holds `BATCH_LINES` lines or `most_bytes` bytes (then emptied), the last one left here.
struct Batches<F> {
    text: Vec<u8>,
    /// The number of the batch's first line, and how many it holds.
    first: u64,
    lines: usize,
    most_bytes: usize,
    full: F,
}

impl<F: FnMut(u64, &mut Vec<u8>) -> io::Result<()>> Batches<F> {
    /// Puts `count` whole lines of `text` (each with its `\n`, but the last one's when
    /// `newline` adds it), the first numbered `first`, in the batch; the batch is full at
    /// its last line.
    fn put(&mut self, first: u64, count: usize, text: &[u8], newline: bool) -> io::Result<()> {
        if self.lines == 0 {
            self.first = first;
        }
        // Room for the line break too before the text goes in: a line of a megabyte, then its
        // `\n`, would double the buffer to two.
        self.text.reserve(text.len() + usize::from(newline));
        self.text.extend_from_slice(text);
        if newline {
            self.text.push(b'\n');
        }
        self.lines += count;
        if self.lines == BATCH_LINES || self.text.len() >= self.most_bytes {
            (self.full)(self.first, &mut self.text)?;
            self.lines = 0;
        }
        Ok(())
    }
}

impl<F: FnMut(u64, &mut Vec<u8>) -> io::Result<()>> Lines for Batches<F> {
    fn line(&mut self, number: u64, line: &[u8]) -> io::Result<()> {
        self.put(number, 1, line, true)
    }

    /// The lines go in whole, as many at a time as fit in the batch (where it is full is
    /// where it would be line by line); lines with a `\r` line by line, which leaves it out.
    fn lines(&mut self, first: u64, mut text: &[u8]) -> io::Result<()> {
        if memchr::memchr(b'\r', text).is_some() {
            return each_line(first, text, |number, line| self.line(number, line));
        }
        let mut first = first;
        while !text.is_empty() {
            // The line that brings the batch to `most_bytes`, or else the last.
            let need = self.most_bytes.saturating_sub(self.text.len()).max(1);
            let mut end = (text.get(need - 1..).and_then(|t| memchr::memchr(b'\n', t)))
                .map_or(text.len(), |i| need + i);
            // Or the line that brings it to `BATCH_LINES`, when that comes first.
            let room = BATCH_LINES - self.lines;
            let mut count = memchr::memchr_iter(b'\n', &text[..end]).count();
            if count > room {
                let nth = memchr::memchr_iter(b'\n', text).nth(room - 1);
                (end, count) = (nth.map_or(end, |i| i + 1), room);
            }
            self.put(first, count, &text[..end], false)?;
            first += count as u64;
            text = &text[end..];
        }
        Ok(())
    }
}

/// Where a line read with its end ends without it: its trailing `\n` and `\r` left out.
fn content_end(line: &[u8]) -> usize {
    line.iter()
        .rposition(|&b| b != b'\n' && b != b'\r')
        .map_or(0, |i| i + 1)
}

/// An input that could not be read to its end (a `.gz` cut short or corrupt, a disk error):
/// the lines before `after_line` were read and counted.
#[derive(Debug)]
pub struct Damaged {
    /// The last whole line read (0: none).
    pub after_line: u64,
    pub source: io::Error,
}

impl Damaged {
    fn error(after_line: u64, source: io::Error) -> io::Error {
        io::Error::new(source.kind(), Damaged { after_line, source })
    }
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.after_line {
            0 => write!(f, "{} before its first line", self.source),
            n => write!(f, "{} after line {n}", self.source),
        }
    }
}

impl std::error::Error for Damaged {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// What a line holds: only the best reading of each place in it counts (the others are
/// candidates), of the one vendor asked for if any; a code a document defines as success
/// (`success` in its catalog) is no error and is never counted.
fn line_findings<'a>(engine: &Engine<'a>, vendor: Option<&Vendor>, line: &str) -> Vec<Code<'a>> {
    engine
        .detect(line)
        .into_iter()
        .filter(|f| f.rank == 1 && !f.hit.entry.success)
        .filter(|f| vendor.is_none_or(|v| v.id == f.hit.vendor.id))
        .map(|f| Code::from(&f))
        .collect()
}

impl<'a> From<&crate::detect::Finding<'a>> for Code<'a> {
    fn from(f: &crate::detect::Finding<'a>) -> Self {
        Code {
            hit: f.hit,
            decided: f.decided,
            candidates: f.candidates,
        }
    }
}

impl<'a> Tally<'a> {
    /// Counts the findings of line `number`, calling `each` with every one.
    fn record(
        &mut self,
        name: &str,
        number: u64,
        start: Option<u64>,
        line: &str,
        findings: &[Code<'a>],
        each: &mut dyn FnMut(LineFinding<'a, '_>) -> io::Result<()>,
    ) -> io::Result<()> {
        if findings.is_empty() {
            return Ok(());
        }
        let own_time = timestamp(line);
        // A line of a stack trace below its head: the head's time, and a code the head
        // named is not counted again (nor a code the line names twice).
        let continuation = own_time.is_none() && start.is_some_and(|s| s < number);
        let Tally {
            head,
            examples,
            groups,
            index,
            seen,
            spare,
        } = self;
        let trace = match &*head {
            Some(h) if continuation && h.file == name && start == Some(h.start) => Some(h),
            _ => None,
        };
        if seen.file != name {
            name.clone_into(&mut seen.file);
        }
        seen.line = number;
        let time = own_time.as_deref();
        set_time(
            &mut seen.time,
            spare,
            time.or_else(|| trace.and_then(|h| h.time.as_deref())),
        );
        let seen = &*seen;
        let key = |f: &Code<'a>| (f.hit.vendor.id, f.hit.entry.table, f.hit.entry.code);
        for (i, f) in findings.iter().enumerate() {
            // A code is counted once in a line, and not again below its trace's head.
            let k = key(f);
            if findings[..i].iter().any(|e| key(e) == k)
                || trace.is_some_and(|h| h.keys.contains(&k))
            {
                continue;
            }
            each(LineFinding { finding: f, seen })?;
            count(groups, index, *examples, f, seen, line);
        }
        // The entry this line belongs to: the trace's head, or this line.
        let (keys, in_trace) = (findings.iter().map(key), trace.is_some());
        match (head.as_mut(), in_trace) {
            (Some(h), true) => h.keys.extend(keys),
            (Some(h), false) => {
                if h.file != name {
                    h.file = name.to_string();
                }
                h.start = start.unwrap_or(number);
                h.time.clone_from(&seen.time);
                h.keys.clear();
                h.keys.extend(keys);
            }
            (None, _) => {
                *head = Some(Head {
                    file: name.to_string(),
                    start: start.unwrap_or(number),
                    time: seen.time.clone(),
                    keys: keys.collect(),
                });
            }
        }
        Ok(())
    }
}

/// Sets `time` to `t` in the buffer it has, or in `spare` (where it leaves its buffer when
/// `t` is none), rather than in a new one.
fn set_time(time: &mut Option<String>, spare: &mut String, t: Option<&str>) {
    match (time.as_mut(), t) {
        (Some(buffer), Some(t)) => t.clone_into(buffer),
        (None, Some(t)) => {
            let mut buffer = std::mem::take(spare);
            t.clone_into(&mut buffer);
            *time = Some(buffer);
        }
        (Some(_), None) => *spare = time.take().unwrap_or_default(),
        (None, None) => {}
    }
}

/// Counts finding `f` of `line`, seen at `seen`, in its group (a new one if need be).
fn count<'a>(
    groups: &mut Vec<Group<'a>>,
    index: &mut GroupIndex,
    examples: Examples,
    f: &Code<'a>,
    seen: &Seen,
    line: &str,
) {
    let key = (f.hit.vendor.id, f.hit.entry.table, f.hit.entry.code);
    let undecided = u64::from(!f.decided || f.candidates > 1);
    match index.get(&key) {
        Some(i) => {
            let g = &mut groups[i];
            g.count += 1;
            g.undecided += undecided;
            // Field by field: the buffers of the last are kept.
            g.last.file.clone_from(&seen.file);
            g.last.line = seen.line;
            g.last.time.clone_from(&seen.time);
        }
        None => {
            index.insert(key, groups.len());
            groups.push(Group {
                hit: f.hit,
                count: 1,
                undecided,
                first: seen.clone(),
                last: seen.clone(),
                example: match examples {
                    Examples::None => None,
                    Examples::Redacted => Some(example(&crate::sanitize::redact(line))),
                    Examples::AsLogged => Some(example(line)),
                },
            });
        }
    }
}

/// A line as shown: control characters escaped, cut to a sane width.
fn example(line: &str) -> String {
    cut(&escape(line.trim()), EXAMPLE_WIDTH)
}

/// A file opened for scanning: its reader, its size, and how many of its bytes were read so
/// far (of the file as stored: before a `.gz` is decoded).
pub struct Opened {
    pub reader: Box<dyn Read>,
    pub size: u64,
    /// Is it a regular file (read to its end without waiting, unlike a pipe or a device)?
    pub regular: bool,
    pub read: Rc<Cell<u64>>,
}

/// A reader that counts the bytes read through it.
struct Counting<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// Opens `path` for reading (as text, a gzip file is read decompressed, whatever its name:
/// see `encoding::reader`).
pub fn open(path: &Path) -> io::Result<Opened> {
    let file = File::open(path)?;
    let meta = file.metadata();
    let size = meta.as_ref().map_or(0, |m| m.len());
    let regular = meta.is_ok_and(|m| m.is_file());
    let read = Rc::new(Cell::new(0));
    let counted = Counting {
        inner: file,
        read: Rc::clone(&read),
    };
    Ok(Opened {
        reader: Box::new(counted),
        size,
        regular,
        read,
    })
}

/// The timestamp a log line starts with, as written: RFC 3339 / ISO 8601
/// (`2026-11-27T08:01:02.5Z`, `2026-11-27 08:01:02,123`), syslog (`Nov 27 08:01:02`), a
/// bracketed Apache/nginx time (`[27/Nov/2026:08:01:02 +0000]`, after the client address) or
/// Unix epoch seconds or milliseconds; in a JSON log line, the value of its `@timestamp`,
/// `timestamp`, `time`, `ts` or `date` member, when that is one of these. Borrowed from the
/// line but for a JSON member's value (a scan looks for it in every line with a finding).
pub fn timestamp(line: &str) -> Option<Cow<'_, str>> {
    // A line that starts with a letter or digit (most do) has nothing to trim.
    let first = line.as_bytes().first().copied().unwrap_or(b' ');
    if first == b'{' || (!first.is_ascii_alphanumeric() && line.trim_start().starts_with('{')) {
        return json_timestamp(line);
    }
    let s = &line[line.bytes().take_while(|&c| c == b'[' || c == b' ').count()..];
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    // ISO 8601: date, `T` or space, time, then fraction and zone.
    if digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T' | b' '))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
    {
        let end = b[16..]
            .iter()
            .position(|&c| {
                !(c.is_ascii_digit() || matches!(c, b':' | b'.' | b',' | b'Z' | b'+' | b'-'))
            })
            .map_or(b.len(), |p| p + 16);
        return Some(Cow::Borrowed(&s[..end]));
    }
    // Syslog: `Mmm dd hh:mm:ss` (a day below 10 is padded with a space).
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if b.len() >= 15
        && MONTHS.iter().any(|m| s.starts_with(m))
        && b[3] == b' '
        && b[6] == b' '
        && digits(7..9)
        && b[9] == b':'
        && digits(10..12)
        && b[12] == b':'
        && digits(13..15)
    {
        return Some(Cow::Borrowed(&s[..15]));
    }
    // Apache and nginx: `host - user [dd/Mon/yyyy:hh:mm:ss zone]` within the first fields.
    if let Some(open) = line.get(..line.len().min(120)).and_then(|h| h.find('[')) {
        let rest = &line[open + 1..];
        if let Some(close) = rest.find(']') {
            let t = &rest[..close];
            let tb = t.as_bytes();
            if tb.len() >= 20
                && tb[2] == b'/'
                && tb[6] == b'/'
                && tb[11] == b':'
                && MONTHS.iter().any(|m| t[3..].starts_with(m))
            {
                return Some(Cow::Borrowed(t));
            }
        }
    }
    // Epoch seconds (10 digits) or milliseconds (13), alone as the first field.
    let first = s.split([' ', '\t', ',']).next().unwrap_or_default();
    let whole = first.split('.').next().unwrap_or_default();
    if matches!(whole.len(), 10 | 13) && whole.bytes().all(|c| c.is_ascii_digit()) {
        return Some(Cow::Borrowed(first));
    }
    None
}

/// The time member of a JSON log line (an object), as written.
fn json_timestamp(line: &str) -> Option<Cow<'_, str>> {
    let serde_json::Value::Object(members) = serde_json::from_str(line.trim()).ok()? else {
        return None;
    };
    ["@timestamp", "timestamp", "time", "ts", "date"]
        .iter()
        .filter_map(|name| match members.get(*name)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .find(|t| !t.starts_with('{') && timestamp(t).is_some_and(|found| found == *t))
        .map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::{Examples, LogScan, timestamp};
    use crate::catalog::Catalog;

    /// The next number of a linear congruential sequence: the tests' logs are made from one.
    fn next(x: u64) -> u64 {
        x.wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407)
    }

    /// Threads give what one thread gives, line by line, on a log of many
    /// batches: errors repeated with their times and ids changed (shapes learned once), new
    /// shapes all along (detected by the detecting thread), and lines with no shape (not
    /// UTF-8, or longer than a shape's) that the looking threads detect.
    #[test]
    fn threads_count_as_one_thread_does() {
        let errors = [
            "WARN token refused: hid_failure reason=45",
            "ERROR msal: MsalUiRequiredException: AADSTS50076: multi-factor authentication",
            "error=invalid_grant error_description=\"Token is not active\"",
            "   at Microsoft.Identity.Client AADSTS70008: the code has expired",
            "ldap_bind: Invalid credentials (49) data 52e",
        ];
        let mut log = Vec::new();
        let mut x = 7u64;
        for i in 0..30_000u64 {
            x = next(x);
            let (n, e) = ((x >> 33) % 1000, errors[(x >> 20) as usize % errors.len()]);
            let latin1 = i % 7 == 2 && i % 5 == 0;
            let line = match i % 7 {
                0 => format!("2026-12-06T08:{:02}:{:02}Z req={n:x} {e}", n % 60, i % 60),
                1 => format!(
                    "2026-12-06 id {i} new shape {} {e}",
                    "w".repeat(i as usize % 50)
                ),
                _ if latin1 => format!("user cafe {e}"),
                3 if i % 11 == 0 => format!("{} {e}", "x ".repeat(2100 + n as usize)),
                _ => format!("GET /index.html 200 {n}"),
            };
            let start = log.len();
            log.extend_from_slice(line.as_bytes());
            if latin1 {
                // `caf\xE9`: Latin-1, not UTF-8, a line with no shape.
                log[start + 8] = 0xE9;
            }
            log.push(b'\n');
        }
        let one = groups(&log, 1);
        assert!(one.len() >= 4, "{one:#?}");
        assert_eq!(groups(&log, 2), one);
        assert_eq!(groups(&log, 3), one);
    }

    /// A log that turns from quiet to every line an error and back, more than once: the
    /// threads that look at its error-dense batches by shapes first (asking the sieve only
    /// for a line of a shape they do not know) count what one thread counts, line by line.
    #[test]
    fn an_error_dense_stretch_counts_as_one_thread_does() {
        let errors = [
            "WARN token refused: hid_failure reason=45",
            "ERROR msal: MsalUiRequiredException: AADSTS50076: multi-factor authentication",
            "ldap_bind: Invalid credentials (49) data 52e",
            "krb5kdc[{n}]: PREAUTH_FAILED: KDC_ERR_PREAUTH_FAILED for alice@EXAMPLE.COM",
            "request {n} failed: no error here",
        ];
        let mut log = Vec::new();
        let mut x = 11u64;
        for i in 0..40_000u64 {
            x = next(x);
            let n = (x >> 33) % 100_000;
            let e = errors[(x >> 20) as usize % errors.len()].replace("{n}", &n.to_string());
            // Stretches of 10,000 lines: every line an error (with a quiet one now and then,
            // a line of a new shape, a line that is not UTF-8), then quiet.
            let dense = (i / 10_000) % 2 == 0;
            let line = match (dense, i % 13) {
                (true, 0) => format!("GET /index.html 200 {n}"),
                (true, 1) => format!("2026-12-06 id {i} new {} {e}", "w".repeat(i as usize % 40)),
                (true, 2) => format!("user cafe {e}"),
                (true, _) => format!("2026-12-06T08:{:02}:{:02}Z req={n:x} {e}", n % 60, i % 60),
                (false, 0) => format!("2026-12-06T08:00:00Z {e}"),
                (false, _) => format!("GET /index.html 200 {n}"),
            };
            let start = log.len();
            log.extend_from_slice(line.as_bytes());
            if line.starts_with("user cafe") {
                // `caf\xE9`: Latin-1, not UTF-8, a line with no shape.
                log[start + 8] = 0xE9;
            }
            log.push(b'\n');
        }
        let one = groups(&log, 1);
        assert!(one.len() >= 5, "{one:#?}");
        assert_eq!(groups(&log, 2), one);
        assert_eq!(groups(&log, 3), one);
    }

    /// Threads give what one thread gives on a dictionary attack, where every line tries a
    /// new user name (every line of a new shape, most of a coarse shape met before, which the
    /// looking threads know by the shared table once the detecting thread has held it), with
    /// lines among them whose codes differ in one number only, and lines of a new coarse shape.
    #[test]
    fn an_attack_counts_as_one_thread_does() {
        let mut log = Vec::new();
        let mut x = 13u64;
        for i in 0..24_000u64 {
            x = next(x);
            let name: String = (0..4 + (x >> 40) % 6)
                .map(|k| char::from(b'a' + ((x >> (5 * k)) % 26) as u8))
                .collect();
            let (pid, port) = (1000 + i % 9000, 1024 + (x >> 24) % 64_000);
            let line = match i % 11 {
                0 => format!(
                    "ldap_bind: Invalid credentials (49) data 52{} for {name}",
                    i % 3
                ),
                1 => format!(
                    "sshd[{pid}]: error: maximum authentication attempts exceeded for {name}"
                ),
                2 if i % 7 == 0 => {
                    format!("sshd[{pid}]: {name} {} {name}", "x".repeat(i as usize % 30))
                }
                _ => format!(
                    "Dec  6 10:00:00 web-1 sshd[{pid}]: Invalid user {name} from 203.0.113.{} port {port}",
                    i % 250
                ),
            };
            log.extend_from_slice(line.as_bytes());
            log.push(b'\n');
        }
        let one = groups(&log, 1);
        assert!(one.len() >= 4, "{one:#?}");
        assert_eq!(groups(&log, 2), one);
        assert_eq!(groups(&log, 3), one);
    }

    /// Numbers some catalog knows, where the engine reads them as codes (`(401) Unauthorized`)
    /// and where it does not (`(403) Unauthorized`, a process id), among numbers no catalog
    /// knows in the same places: each code is counted as often as the engine finds it line by
    /// line, in one thread and in several.
    #[test]
    fn known_numbers_count_as_each_line_holds() {
        let catalog = Catalog::builtin();
        let engine = crate::detect::Engine::new(&catalog);
        let mut log = String::new();
        let mut x = 29u64;
        for i in 0..30_000u64 {
            x = next(x);
            let (n, pid, port) = (
                100 + x % 900,
                1000 + (x >> 20) % 9000,
                1024 + (x >> 40) % 9000,
            );
            let name: String = (0..5)
                .map(|k| char::from(b'a' + ((x >> (5 * k)) % 26) as u8))
                .collect();
            let line = match i % 3 {
                0 => format!("Dec  6 10:00:{:02} web app ({n}) Unauthorized", i % 60),
                1 => format!(
                    "Dec  6 10:00:00 web-1 sshd[{pid}]: Invalid user {name} from 203.0.113.7 port {port}"
                ),
                _ => format!("Dec  6 10:00:00 web app[{pid}]: error code {n} for {name}"),
            };
            log.push_str(&line);
            log.push('\n');
        }
        let mut expected = std::collections::BTreeMap::new();
        for line in log.lines() {
            for code in super::line_findings(&engine, None, line) {
                let key = (
                    code.hit.vendor.id,
                    code.hit.entry.table,
                    code.hit.entry.code,
                );
                *expected.entry(key).or_insert(0u64) += 1;
            }
        }
        assert!(expected.keys().any(|k| k.2 == "401"), "{expected:?}");
        for threads in [1, 2] {
            let mut scan = LogScan::new(&catalog, None, Examples::None, threads);
            let mut each = |_: super::LineFinding<'_, '_>| Ok(());
            scan.read("t.log", log.as_bytes(), false, &mut each, &mut || Ok(()))
                .unwrap();
            let counted: std::collections::BTreeMap<_, _> = (scan.groups().iter())
                .map(|g| {
                    (
                        (g.hit.vendor.id, g.hit.entry.table, g.hit.entry.code),
                        g.count,
                    )
                })
                .collect();
            assert_eq!(counted, expected, "{threads} threads");
        }
    }

    /// A stack trace cut by the end of a batch (8192 lines) is one entry in threads as in
    /// one: its code, repeated on the line of the trace that begins the next batch, is
    /// counted once.
    #[test]
    fn a_trace_across_batches_is_one_entry() {
        let mut log: Vec<u8> = (0..8191)
            .flat_map(|i| format!("ok {i}\n").into_bytes())
            .collect();
        log.extend_from_slice(b"ERROR AADSTS70008 x\n   at Foo AADSTS70008 y\nok\n");
        let one = groups(&log, 1);
        // One group, counted once; one finding given to `each`.
        assert!(one.len() == 2 && one[0].contains(" 1 0 "), "{one:#?}");
        assert_eq!(groups(&log, 2), one);
        assert_eq!(groups(&log, 3), one);
    }

    /// A looking thread knows a line whose shape's findings depend on a number its shape
    /// masks (a code the engine reads from a number no catalog names, as MIT krb5's
    /// -1765328378) by its finer shape, once the detecting thread has kept that: such lines,
    /// a few in every batch of some logs, need not wait for the detecting thread.
    #[test]
    fn a_looking_thread_knows_a_finer_shape() {
        use super::shapes::{Shapes, Table};
        use std::sync::{Arc, Mutex};
        let catalog = Catalog::builtin();
        let engine = crate::detect::Engine::new(&catalog);
        let table = Arc::new(Mutex::new(Table::new(1 << 20)));
        let mut detecting = Shapes::new(&catalog, 1 << 20, Some(Arc::clone(&table)));
        let mut looking = Shapes::new(&catalog, 1 << 20, Some(table));
        let line = |s: u32| {
            format!(
                "2026-12-06T08:00:{s:02}Z [ldap_child_get_tgt_sync] (0x0040): \
                 krb5_get_init_creds_keytab() failed: -1765328378 host@EXAMPLE.COM' not \
                 found in Kerberos database."
            )
        };
        for s in 0..4 {
            assert!(!(detecting.findings(&engine, None, line(s).as_bytes())).is_empty());
        }
        let known = looking
            .known_findings(&line(30))
            .expect("known by its finer shape");
        assert_eq!(
            known[..],
            detecting.findings(&engine, None, line(30).as_bytes())[..]
        );
    }

    /// A small input, each of whose lines the engine looks at, counts what the sieve and the
    /// shapes count: errors, lines of one shape, a stack trace, a line that is not UTF-8,
    /// quiet lines; and what a read error cuts short is counted up to the damage.
    #[test]
    fn a_small_input_counts_as_the_sieve_and_shapes_do() {
        let mut log = Vec::new();
        for i in 0..60u64 {
            let line = match i % 6 {
                0 => format!(
                    "2026-12-06T08:00:{:02}Z req={i:x} hid_failure reason=45",
                    i % 60
                ),
                1 => "ldap_bind: Invalid credentials (49) data 52e".to_string(),
                2 => format!("GET /index.html 200 {i}"),
                3 => "error=invalid_grant error_description=\"Token is not active\"".to_string(),
                4 => "   at Microsoft.Identity.Client AADSTS70008: the code has expired".into(),
                _ => "user cafe AADSTS50076".to_string(),
            };
            let start = log.len();
            log.extend_from_slice(line.as_bytes());
            if line.starts_with("user cafe") {
                log[start + 8] = 0xE9;
            }
            log.push(b'\n');
        }
        assert!(log.len() <= super::SMALL_INPUT);
        let small = groups_read(&log, 2, false);
        assert!(small.len() >= 5, "{small:#?}");
        assert_eq!(small, groups_read(&log, 2, true));

        /// Gives its bytes, then fails.
        struct Cut<'b>(&'b [u8]);
        impl std::io::Read for Cut<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.is_empty() {
                    true => Err(std::io::Error::other("cut short")),
                    false => std::io::Read::read(&mut self.0, buf),
                }
            }
        }
        let catalog = Catalog::builtin();
        let mut scan = LogScan::new(&catalog, None, Examples::Redacted, 2);
        let mut each = |_: super::LineFinding<'_, '_>| Ok(());
        let read = scan.read("t.log", Cut(&log), false, &mut each, &mut || Ok(()));
        let error = read.expect_err("cut short").to_string();
        assert!(error.contains("cut short after line 60"), "{error}");
        assert_eq!(scan.lines, 60);
        let counts = |g: &[super::Group<'_>]| g.iter().map(|g| g.count).sum::<u64>();
        let mut whole = LogScan::new(&catalog, None, Examples::Redacted, 2);
        whole
            .read("t.log", &log[..], false, &mut each, &mut || Ok(()))
            .unwrap();
        assert_eq!(counts(&scan.groups()), counts(&whole.groups()));
    }

    /// The groups a scan of `log` in `threads` threads gives, with their counts, first and
    /// last places and examples; after them, every finding `each` was given, in order, with
    /// its place (what `--each` shows).
    fn groups(log: &[u8], threads: usize) -> Vec<String> {
        groups_read(log, threads, false)
    }

    /// `groups`, read as `--each` reads a pipe when `live`: line by line, by the sieve and
    /// the shapes, whatever the input's size.
    fn groups_read(log: &[u8], threads: usize, live: bool) -> Vec<String> {
        let catalog = Catalog::builtin();
        let mut scan = LogScan::new(&catalog, None, Examples::Redacted, threads);
        let mut found = Vec::new();
        let mut each = |f: super::LineFinding<'_, '_>| {
            let key = (f.finding.hit.vendor.id, f.finding.hit.entry.code);
            found.push(format!("{key:?} {:?} {}", f.finding.decided, f.seen));
            Ok(())
        };
        let mut tick = || Ok(());
        scan.read("t.log", log, live, &mut each, &mut tick).unwrap();
        (scan.groups().iter())
            .map(|g| {
                let (f, l) = (&g.first, &g.last);
                let key = (g.hit.vendor.id, g.hit.entry.table, g.hit.entry.code);
                let places = (f.line, f.time.clone(), l.line, l.time.clone());
                format!(
                    "{key:?} {} {} {places:?} {:?}",
                    g.count, g.undecided, g.example
                )
            })
            .chain(found)
            .collect()
    }

    #[test]
    fn timestamps_at_the_start_of_a_line() {
        for (line, t) in [
            (
                "2026-11-27T08:01:02.5Z INFO x",
                Some("2026-11-27T08:01:02.5Z"),
            ),
            (
                "2026-11-27 08:01:02,123 WARN y",
                Some("2026-11-27 08:01:02,123"),
            ),
            (
                "[2026-11-27T08:01:02+01:00] z",
                Some("2026-11-27T08:01:02+01:00"),
            ),
            ("Nov 27 08:01:02 host sshd[1]: x", Some("Nov 27 08:01:02")),
            ("Nov  7 08:01:02 host sshd[1]: x", Some("Nov  7 08:01:02")),
            (
                "10.0.0.1 - - [27/Nov/2026:08:01:02 +0000] \"GET / HTTP/1.1\" 401",
                Some("27/Nov/2026:08:01:02 +0000"),
            ),
            ("1764230462 error=invalid_grant", Some("1764230462")),
            ("1764230462123 error=invalid_grant", Some("1764230462123")),
            ("error=invalid_grant at 2026-11-27", None),
            ("12345 things", None),
            (
                r#"{"level":"error","ts":1764230462.123,"msg":"AADSTS50126"}"#,
                Some("1764230462.123"),
            ),
            (
                r#"{"@timestamp":"2026-11-27T08:01:02.5Z","message":"invalid_grant"}"#,
                Some("2026-11-27T08:01:02.5Z"),
            ),
            (
                r#"{"time":"2026-11-27 08:01:02","error":"invalid_grant"}"#,
                Some("2026-11-27 08:01:02"),
            ),
            (r#"{"date":"yesterday","error":"invalid_grant"}"#, None),
            (
                "\u{3000} {\"ts\":1764230462,\"msg\":\"AADSTS50126\"}",
                Some("1764230462"),
            ),
            ("[ [2026-11-27 08:01:02] x", Some("2026-11-27 08:01:02")),
            ("\u{3000}2026-11-27 08:01:02 x", None),
        ] {
            assert_eq!(timestamp(line).as_deref(), t, "{line}");
        }
    }
}

//! The findings of a log line, detected once per line shape.
//!
//! Logs repeat themselves: an attack or a retrying client writes the same error again and
//! again, with only its timestamp, ids, addresses and ports changed. A line's shape is the
//! line with those parts masked, each by its length, separators and kind (a word of digits,
//! or one with a hex letter), so `2026-12-06T08:00:01Z` and `2026-12-06T09:13:57Z` read
//! alike and `port 1024` and `port 48849` do not. The engine looks at a shape once; the lines of that
//! shape get its findings.
//!
//! A part is masked only when no finding can come from its value:
//! - the timestamp a line starts with (`timestamp`), a dotted IPv4 address (with a port), a
//!   UUID, and any other word of digits, hex letters and `.`, `:`, `-` with a digit in it,
//!   whole (a word ends at any other character);
//! - never a word that some catalog may know (`Catalog::may_know`), as a whole or any part
//!   of it between separators (a timestamp, an address or a UUID only as a whole), nor one
//!   after `%`, `\`, `&` or `#` (an escape the engine decodes), nor a word of a line that is
//!   not UTF-8 or is longer than `LONGEST`;
//! - and a shape is kept for its lines only when the engine finds the same in a line of it,
//!   in that line with every masked digit and hex letter changed, and in that line with the
//!   digits and letters of its hex words swapped; otherwise each line of that shape is
//!   looked at, as without this cache. Those three detections are spent when a shape comes
//!   back (its first line is looked at alone): where lines seldom share a shape, as in an
//!   attack trying a new user name on every line, they would be spent for nothing.
//!
//! A line whose shape is new may still share its coarse shape with lines met before: the
//! shape with its free words masked too, runs of ASCII letters whose value no detection can
//! depend on (a user name an attack tries, `Invalid user emubcr from`; `free` says which and
//! why). Each letter is written by its case and by the kind the engine's expressions tell it
//! apart by, so a class and a length quantifier see a line of the coarse shape as any other.
//! A coarse shape is held as a shape is: the engine must find the same in a line of it, and
//! in that line with its masked digits and letters changed (each letter to another of its
//! kind, past `f`), when the coarse shape comes back a second time (an attack's coarse shape
//! that holds a number some catalog knows, its process id, may come back once and never
//! again); then its lines get its findings, and its first line's shape and family are kept
//! too. It is asked for only when a line's shape is
//! not known (a line whose shape is known costs nothing more), and only once the threads
//! together have met `WORDS_AFTER` new shapes, since making the vocabulary costs some
//! milliseconds. A coarse shape's family drops the lengths of its numbers only, never a
//! word's: a new coarse shape of a family known to hold the same findings as its first line
//! is taken as a new shape of a known family is.
//!
//! A line whose shape and coarse shape are both new may keep a number some catalog knows
//! (a process id, `sshd[2223]`, that is also some table's code): masked as any other number,
//! all of them or all but one, it may give a shape that is known, learnt from lines with
//! numbers no catalog knows there. The line gets that shape's findings when the engine could
//! read no code from where those numbers stand: no text pattern's code capture over them,
//! and no word rule (`401 Unauthorized`, `error code 49`, `(49)`, a table's label) taking
//! them for a code (`Engine::reads_code_within`, which says it could wherever it cannot
//! tell: a line with an object, a URN or an escape); otherwise it is detected.
//!
//! A property test holds the scan with shapes to the scan line by line on generated logs,
//! with words of every kind in the lines (the catalogs' words, random letters in every case
//! and length, hex letters), and a test with a user catalog whose expressions name a word
//! and tell some letters from others.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::mem::take;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::{Code, line_findings, text, timestamp};
use free::Vocabulary;

mod free;
use crate::catalog::{Catalog, Vendor};
use crate::detect::Engine;

/// Longer lines are looked at one by one (their shapes would cost more memory than they save).
const LONGEST: usize = 4096;

/// In a shape: what stands for a masked digit of a word of digits, for a digit or letter of
/// a word with a hex letter, and the byte written before any raw byte of the line up to
/// `ESCAPE`, so no line reads as a mask.
const DIGIT: u8 = 1;
const HEX: u8 = 2;
const ESCAPE: u8 = 3;

/// What a line holds: shared by every line of its shape (an entry is a few hundred bytes, and
/// a batch holds the findings of thousands of lines until they are counted).
pub(super) type Findings<'a> = Arc<[Code<'a>]>;

/// Shapes and their findings (`None`: the shape's findings depend on what its mask hides;
/// its lines are looked at one by one), up to a budget of bytes: when over it, they are
/// forgotten.
pub(super) struct Table<'a> {
    found: HashMap<Box<[u8]>, Option<Findings<'a>>, Seeded>,
    /// By family (a shape without the lengths of its masked parts: `family`), the findings
    /// of a shape of it that passed all three detections.
    families: HashMap<Box<[u8]>, Findings<'a>, Seeded>,
    /// Bytes the shapes hold, about.
    bytes: usize,
    budget: usize,
    /// What the threads that share this table make once.
    common: Arc<Common<'a>>,
}

/// What the threads that share a table make once, for the first of them that needs it.
#[derive(Default)]
struct Common<'a> {
    /// What detection reads of a line's letters (see `free`), and the new shapes the threads
    /// have met, which tell when to make it (see `WORDS_AFTER`).
    vocabulary: OnceLock<Vocabulary>,
    met: AtomicUsize,
    /// The names `maskable` asks about (see `Shapes::prepare`).
    names: OnceLock<Known<'a>>,
}

impl<'a> Table<'a> {
    pub(super) fn new(budget: usize) -> Self {
        Table {
            found: HashMap::default(),
            families: HashMap::default(),
            bytes: 0,
            budget,
            common: Arc::default(),
        }
    }

    /// Makes room for `size` more bytes: forgets every shape when they would be over budget.
    fn room(&mut self, shape: &[u8], found: Option<&Findings<'a>>) {
        let size = shape.len() + found.map_or(0, |f| f.len()) * size_of::<Code<'_>>() + 64;
        if self.bytes + size > self.budget {
            self.found.clear();
            self.found.shrink_to_fit();
            self.families.clear();
            self.families.shrink_to_fit();
            self.bytes = 0;
        }
        self.bytes += size;
    }

    fn insert(&mut self, shape: &[u8], found: Option<Findings<'a>>) {
        self.room(shape, found.as_ref());
        self.found.insert(shape.into(), found);
    }

    fn insert_family(&mut self, family: &[u8], found: Findings<'a>) {
        self.room(family, Some(&found));
        self.families.insert(family.into(), found);
    }
}

/// The shapes of a scan's threads together, for a thread to ask about a shape new to it
/// before it looks at it (a new shape costs the engine three detections).
pub(super) type Shared<'a> = Arc<Mutex<Table<'a>>>;

/// The shapes a thread has seen and their findings.
pub(super) struct Shapes<'a> {
    catalog: &'a Catalog,
    own: Table<'a>,
    shared: Option<Shared<'a>>,
    /// No findings, given to every line that has none.
    none: Findings<'a>,
    /// The masks and the shape of the line looked at, kept to hold the next line's.
    masks: Vec<(usize, usize)>,
    shape: Vec<u8>,
    /// Hashes of the new shapes met, and how often: a shape is held to its three detections
    /// when it comes back (a coarse shape, the second time it does), so a log where lines
    /// seldom share a shape (an attack with a new user name on every line) costs one
    /// detection a line, not three.
    once: HashMap<u64, u8, Seeded>,
    /// What the threads make once (the shared table's, when there is one).
    common: Arc<Common<'a>>,
    /// The masks and the coarse shape of the line looked at (see `coarse`).
    coarse: Vec<(usize, usize)>,
    key: Vec<u8>,
    /// The numbers some catalog knows of the line looked at, and its shape with them masked
    /// (see `loosened`).
    knowns: Vec<(usize, usize)>,
    loose: Vec<u8>,
}

/// How many new shapes the threads together meet before the vocabulary is made: its making
/// costs some ten milliseconds (about a thousand detections' worth), and most logs repeat a
/// few shapes, while an attack with a new user name on every line would cost a detection a
/// line until it is made.
const WORDS_AFTER: usize = 2048;

/// A line's masks and the shape they make.
type Masked<'m> = (&'m [(usize, usize)], &'m [u8]);

/// The most numbers some catalog knows in a line for which `Shapes::loosened` looks for
/// a shape that masks all of them but one (more would cost more lookups than they save).
const LOOSE_MOST: usize = 4;

/// The time a coarse shape is met when it is held to its three detections.
const COARSE_HELD_AT: u8 = 3;

/// The most hashes `Shapes::once` holds before it is emptied (8 bytes and a control byte each).
const ONCE: usize = 1 << 16;

impl<'a> Shapes<'a> {
    /// Shapes of up to `budget` bytes, and, with `shared`, those of the other threads.
    pub(super) fn new(catalog: &'a Catalog, budget: usize, shared: Option<Shared<'a>>) -> Self {
        let common = (shared.as_ref())
            .and_then(|s| Some(Arc::clone(&s.lock().ok()?.common)))
            .unwrap_or_default();
        Shapes {
            catalog,
            own: Table::new(budget),
            shared,
            none: Arc::from(Vec::new()),
            masks: Vec::new(),
            shape: Vec::new(),
            once: HashMap::default(),
            common,
            coarse: Vec::new(),
            key: Vec::new(),
            knowns: Vec::new(),
            loose: Vec::new(),
        }
    }

    /// Makes what masking asks about now, unless another thread sharing its table has (a
    /// few milliseconds, which a thread can spend while another makes the sieve).
    pub(super) fn prepare(&self) {
        self.names();
    }

    /// The names `maskable` asks about.
    fn names(&self) -> &Known<'a> {
        self.common.names.get_or_init(|| Known::new(self.catalog))
    }

    /// Is this the first time `shape` is met (as far as the last `ONCE` new shapes tell)?
    fn first_time(&mut self, shape: &[u8]) -> bool {
        self.times(shape) == 1
    }

    /// How many times `shape` has been met, this time too (as far as the last `ONCE` new
    /// shapes tell; up to 255).
    fn times(&mut self, shape: &[u8]) -> u8 {
        if self.once.len() >= ONCE {
            self.once.clear();
        }
        let times = self
            .once
            .entry(self.once.hasher().hash_one(shape))
            .or_default();
        *times = times.saturating_add(1);
        *times
    }

    /// What `line` holds, as `line_findings` says.
    pub(super) fn findings(
        &mut self,
        engine: &Engine<'a>,
        vendor: Option<&Vendor>,
        line: &[u8],
    ) -> Findings<'a> {
        let Some(text) = shaped(line) else {
            return self.share(line_findings(engine, vendor, &text(line)));
        };
        let (mut masks, mut shape) = (take(&mut self.masks), take(&mut self.shape));
        masks.clear();
        shape.clear();
        let stamp = mask(self.names(), text, &mut masks, &mut shape);
        let found = match self.known(&shape) {
            Some(Some(found)) => found,
            Some(None) => self.finer(engine, vendor, text, &masks, stamp),
            None => {
                let (mut all, mut key) = (take(&mut self.coarse), take(&mut self.key));
                let coarse = self.coarse(text, (&masks, &shape), &mut all, &mut key, true);
                let found = match coarse.then(|| self.known(&key)) {
                    Some(Some(Some(found))) => found,
                    known => {
                        let base = if coarse { &key[..] } else { &shape[..] };
                        match self.loosened(engine, text, &masks, base) {
                            Some(found) => found,
                            None => {
                                let coarse =
                                    matches!(known, Some(None)).then_some((&all[..], &key[..]));
                                self.new_shape(engine, vendor, text, (&masks, &shape), coarse)
                            }
                        }
                    }
                };
                (self.coarse, self.key) = (all, key);
                found
            }
        };
        (self.masks, self.shape) = (masks, shape);
        found
    }

    /// What `text` holds, of a new shape (or coarse shape: `base`) that keeps numbers some
    /// catalog knows (a process id, `sshd[2223]`): when the engine could read no code from
    /// where they stand (`Engine::reads_code_within`), the findings of `base` with them
    /// masked as any other number, when that shape is known and held; `None` otherwise. A
    /// line of that shape with another number there, one no catalog knows, was held to the
    /// same findings with its numbers changed.
    fn loosened(
        &mut self,
        engine: &Engine<'a>,
        text: &str,
        masks: &[(usize, usize)],
        base: &[u8],
    ) -> Option<Findings<'a>> {
        // A shape with escaped bytes is not its line byte for byte.
        if base.len() != text.len() {
            return None;
        }
        let (mut knowns, mut key) = (take(&mut self.knowns), take(&mut self.loose));
        knowns.clear();
        known_numbers(self.names(), text, masks, &mut knowns);
        // Every such number masked; then, of two to `LOOSE_MOST`, every one but one (a
        // number the same on every line, `web-1`, is kept in the shapes that are known).
        let k = knowns.len();
        let but_one = (2..=LOOSE_MOST).contains(&k).then_some(0..k);
        let mut found = None;
        for kept in (k > 0)
            .then_some(None)
            .into_iter()
            .chain(but_one.into_iter().flatten().map(Some))
        {
            key.clear();
            key.extend_from_slice(base);
            let masked = || {
                (knowns.iter().enumerate())
                    .filter(|&(i, _)| Some(i) != kept)
                    .map(|(_, r)| *r)
            };
            masked().for_each(|(s, e)| key[s..e].fill(DIGIT));
            if let Some(known) = self.known(&key).flatten() {
                let ranges: Vec<(usize, usize)> = masked().collect();
                found = (!engine.reads_code_within(text, &ranges)).then_some(known);
                break;
            }
        }
        (self.knowns, self.loose) = (knowns, key);
        found
    }

    /// What the first line of a new shape holds, `text` with its `masks` and `shape`, and
    /// `coarse` its coarse masks and shape when it has free words and that shape is new: a
    /// shape of a family whose findings are known, with the same findings, is taken as that
    /// family's other shapes were; another is held to the line with its masked parts changed
    /// (by its coarse shape first, which then holds for its shape too) when it comes back.
    fn new_shape(
        &mut self,
        engine: &Engine<'a>,
        vendor: Option<&Vendor>,
        text: &str,
        (masks, shape): Masked<'_>,
        coarse: Option<Masked<'_>>,
    ) -> Findings<'a> {
        let slow = |line: &str| line_findings(engine, vendor, line);
        let common = Arc::clone(&self.common);
        let letters = common.vocabulary.get();
        let held = |masks: &[(usize, usize)], found: &[Code<'a>]| {
            let (changed, swapped) = (
                changed(text, masks, false, letters),
                changed(text, masks, true, letters),
            );
            unread(engine, [text, &changed, &swapped], masks)
                && slow(&changed) == found
                && slow(&swapped) == found
        };
        let found = slow(text);
        let mut family = Vec::new();
        self::shape(text, masks, &mut family, true, None);
        let agrees =
            !masks.is_empty() && (self.family(&family)).is_some_and(|known| *known == found[..]);
        let family = (!masks.is_empty()).then_some(&family[..]);
        if let (false, Some((all, key))) = (agrees, coarse) {
            // Coarse shapes have families as shapes do, with each word's length kept.
            let mut words = Vec::new();
            self::shape(text, all, &mut words, true, letters);
            if (self.family(&words)).is_some_and(|known| *known == found[..]) {
                let found = self.share(found);
                self.learn(key, Some(Arc::clone(&found)), None);
                return found;
            }
            // Its lines are an attack's, of new shapes: a coarse shape that comes back once may
            // never come again, and its three detections would be spent for nothing.
            if self.times(key) < COARSE_HELD_AT {
                return self.share(found);
            }
            let kept = held(all, &found).then(|| self.share(found.clone()));
            self.learn(key, kept.clone(), Some(&words[..]));
            if let Some(found) = kept {
                // Its lines are some of the coarse shape's.
                self.learn(shape, Some(Arc::clone(&found)), family);
                return found;
            }
        }
        if !agrees && !masks.is_empty() && self.first_time(shape) {
            return self.share(found);
        }
        let verified = !agrees && (masks.is_empty() || held(masks, &found));
        let found = self.share(found);
        let kept = (agrees || verified).then(|| Arc::clone(&found));
        self.learn(shape, kept, family.filter(|_| verified));
        found
    }

    /// With its free words (see `free`): `text`'s masks, the free words' and `masks`, to `all`,
    /// and its coarse shape to `key`; `false` when it has none. `new`: the line's shape is new
    /// to a thread that detects; the vocabulary is made once they have met `WORDS_AFTER` of
    /// them, and other threads use it once it is made.
    fn coarse(
        &mut self,
        text: &str,
        (masks, shape): Masked<'_>,
        all: &mut Vec<(usize, usize)>,
        key: &mut Vec<u8>,
        new: bool,
    ) -> bool {
        let common = &self.common;
        let vocabulary = match common.vocabulary.get() {
            Some(vocabulary) => vocabulary,
            None if new && common.met.fetch_add(1, Ordering::Relaxed) + 1 >= WORDS_AFTER => {
                let catalog = self.catalog;
                common.vocabulary.get_or_init(|| Vocabulary::new(catalog))
            }
            None => return false,
        };
        if !vocabulary.free(text.as_bytes(), masks, all) {
            return false;
        }
        coarse_shape(vocabulary, text, shape, all, key);
        true
    }

    /// What a line of text (one that is `shaped`) holds when its shape is known, here or in
    /// another thread, to hold the same on every line of it; `None` when `findings` would
    /// have to detect (a new shape, one whose lines are looked at one by one). Detects
    /// nothing: a thread that asks only this keeps no caches of the engine's.
    pub(super) fn known_findings(&mut self, text: &str) -> Option<Findings<'a>> {
        let (mut masks, mut shape) = (take(&mut self.masks), take(&mut self.shape));
        masks.clear();
        shape.clear();
        let stamp = mask(self.names(), text, &mut masks, &mut shape);
        let mut found = self.known(&shape);
        // A shape whose findings depend on what its mask hides: by its finer shape, as
        // `finer` keeps it (else every line of it waits for the detecting thread).
        if matches!(found, Some(None)) {
            let (fine, key) = finer_shape(text, &masks, stamp);
            if fine.len() < masks.len() {
                found = Some(self.known(&key).flatten());
            }
        }
        // A new shape: by its coarse shape, once the detecting thread has made the vocabulary.
        if found.is_none() {
            let (mut all, mut key) = (take(&mut self.coarse), take(&mut self.key));
            if self.coarse(text, (&masks, &shape), &mut all, &mut key, false) {
                found = self.known(&key);
            }
            (self.coarse, self.key) = (all, key);
        }
        (self.masks, self.shape) = (masks, shape);
        found.flatten()
    }

    /// What `text` holds, of a shape whose findings depend on what its mask hides (a code the
    /// engine reads from a number it does not know, as MIT krb5's -1765328378): by a finer
    /// shape that masks only the timestamp, addresses and UUIDs, held to the three detections
    /// as any shape is; when it is not kept either, by the engine.
    fn finer(
        &mut self,
        engine: &Engine<'a>,
        vendor: Option<&Vendor>,
        text: &str,
        masks: &[(usize, usize)],
        stamp: Option<(usize, usize)>,
    ) -> Findings<'a> {
        let slow = |line: &str| line_findings(engine, vendor, line);
        let (fine, key) = finer_shape(text, masks, stamp);
        let found = match (fine.len() < masks.len()).then(|| self.known(&key)) {
            None | Some(Some(None)) => slow(text),
            Some(Some(Some(found))) => return found,
            Some(None) => {
                let found = slow(text);
                let (changed, swapped) = (
                    changed(text, &fine, false, None),
                    changed(text, &fine, true, None),
                );
                let keep = fine.is_empty()
                    || (unread(engine, [text, &changed, &swapped], &fine)
                        && slow(&changed) == found
                        && slow(&swapped) == found);
                let found = self.share(found);
                self.learn(&key, keep.then(|| Arc::clone(&found)), None);
                return found;
            }
        };
        self.share(found)
    }

    /// `found`, to be shared by the lines that hold it.
    fn share(&self, found: Vec<Code<'a>>) -> Findings<'a> {
        match found.is_empty() {
            true => Arc::clone(&self.none),
            false => Arc::from(found),
        }
    }

    /// Keeps what a new shape holds (`None`: look at each of its lines), in this thread and
    /// for the others; and when it passed all three detections, its family's findings.
    fn learn(&mut self, shape: &[u8], kept: Option<Findings<'a>>, family: Option<&[u8]>) {
        let remember = |table: &mut Table<'a>| {
            table.insert(shape, kept.clone());
            if let (Some(family), Some(found)) = (family, &kept) {
                table.insert_family(family, Arc::clone(found));
            }
        };
        if let Some(table) = &self.shared
            && let Ok(mut table) = table.lock()
        {
            remember(&mut table);
        }
        remember(&mut self.own);
    }

    /// The findings of `family`, as this thread or another knows them.
    fn family(&mut self, family: &[u8]) -> Option<Findings<'a>> {
        if let Some(found) = self.own.families.get(family) {
            return Some(Arc::clone(found));
        }
        let found = Arc::clone(self.shared.as_ref()?.lock().ok()?.families.get(family)?);
        self.own.insert_family(family, Arc::clone(&found));
        Some(found)
    }

    /// What this thread, or another, knows of `shape`.
    fn known(&mut self, shape: &[u8]) -> Option<Option<Findings<'a>>> {
        if let Some(found) = self.own.found.get(shape) {
            return Some(found.clone());
        }
        let found = self.shared.as_ref()?.lock().ok()?.found.get(shape)?.clone();
        self.own.insert(shape, found.clone());
        Some(found)
    }
}

/// The finer shape of `text` (see `Shapes::finer`): of its `masks`, those of its timestamp
/// (`stamp`), addresses and UUIDs only, and the key they make.
fn finer_shape(
    text: &str,
    masks: &[(usize, usize)],
    stamp: Option<(usize, usize)>,
) -> (Vec<(usize, usize)>, Vec<u8>) {
    let b = text.as_bytes();
    let fine: Vec<(usize, usize)> = (masks.iter().copied())
        .filter(|&(s, e)| stamp == Some((s, e)) || ipv4(&b[s..e]) || uuid(&b[s..e]))
        .collect();
    // Raw shapes are UTF-8 and masks, which never hold 0xFF: no finer one reads as one.
    let mut key = vec![0xFF];
    shape(text, &fine, &mut key, false, None);
    (fine, key)
}

/// Writes the coarse shape of `text` to `key`: `shape` with the letters of its free words
/// (the masks of `all` without a digit) written by their kinds, as `shape` writes it with
/// `all`; a shape with no escaped byte is as long as its line, each byte in its place.
fn coarse_shape(
    vocabulary: &Vocabulary,
    text: &str,
    shape: &[u8],
    all: &[(usize, usize)],
    key: &mut Vec<u8>,
) {
    key.clear();
    if shape.len() != text.len() {
        return self::shape(text, all, key, false, Some(vocabulary));
    }
    key.extend_from_slice(shape);
    let b = text.as_bytes();
    for &(s, e) in all {
        if !b[s..e].iter().any(u8::is_ascii_digit) {
            (s..e).for_each(|i| key[i] = vocabulary.letter_mask(b[i]));
        }
    }
}

/// `line` as text when it has a shape: UTF-8, and not longer than `LONGEST` (any other line
/// is looked at by the engine, however often it comes).
pub(super) fn shaped(line: &[u8]) -> Option<&str> {
    std::str::from_utf8(line).ok().and_then(short)
}

/// A line of text when it has a shape: not longer than `LONGEST`.
pub(super) fn short(line: &str) -> Option<&str> {
    (line.len() <= LONGEST).then_some(line)
}

/// The hash of the shapes' maps: a multiply-and-rotate over eight bytes at a time (a line's
/// shape is hashed once or twice per line, and SipHash cost a tenth of a scan), seeded anew
/// for each process from std's random keys, so that a log cannot be written to collide.
#[derive(Clone)]
pub(crate) struct Seeded(u64);

impl Default for Seeded {
    fn default() -> Self {
        use std::hash::BuildHasher;
        Seeded(std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64) | 1)
    }
}

impl std::hash::BuildHasher for Seeded {
    type Hasher = SeededHasher;
    fn build_hasher(&self) -> SeededHasher {
        SeededHasher(self.0)
    }
}

pub(crate) struct SeededHasher(u64);

impl SeededHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for SeededHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        // The last multiply leaves the low bits, which the table indexes by, poorly mixed.
        let h = self.0;
        h ^ (h >> 29) ^ (h >> 47)
    }
}

/// Masks `text` and writes its shape, in one walk over its words: the masked byte ranges,
/// in order, to `masks`, and the line as `shape` writes it with them to `out`; returns the
/// timestamp's range, when it is masked.
fn mask(
    known: &Known<'_>,
    text: &str,
    masks: &mut Vec<(usize, usize)>,
    out: &mut Vec<u8>,
) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let stamp = timestamp(text).and_then(|t| {
        let at = find_timestamp(text, &t)?;
        (!known.timestamp(&t)).then_some((at, at + t.len()))
    });
    let word = |i: usize| CLASS[usize::from(b[i])] & WORD != 0;
    let escaped = b.iter().fold(false, |low, &c| low | (c <= ESCAPE));
    // A line with no byte to escape is its shape byte for byte, but where it is masked: it
    // is copied whole, and its masks written over it.
    let base = out.len();
    if !escaped {
        out.extend_from_slice(b);
    }
    let (mut pending, mut copied, mut i) = (stamp, 0, 0);
    let mut put = |out: &mut Vec<u8>, s: usize, e: usize, kind: u8| {
        masks.push((s, e));
        match escaped {
            true => {
                raw(out, &b[copied..s], escaped);
                masked(out, &b[s..e], kind);
            }
            false => mask_in_place(&mut out[base + s..base + e], kind),
        }
        copied = e;
    };
    loop {
        // Only a word with a digit may be masked: the next digit, and the word it is in.
        let digit = next_digit(b, i);
        // The timestamp, once the words before it are read; those in it are not, nor the
        // rest of a word glued to its end.
        if let Some((at, to)) = pending
            && digit >= at
        {
            pending = None;
            put(out, at, to, mask_kind(&b[at..to]));
            i = to;
            if i > 0 && i < b.len() && word(i) && word(i - 1) {
                while i < b.len() && word(i) {
                    i += 1;
                }
            }
            continue;
        }
        if digit >= b.len() {
            break;
        }
        // Words end where `i` is: this one starts after it.
        let mut start = digit;
        while start > i && word(start - 1) {
            start -= 1;
        }
        let (mut all, mut any) = (HEXISH, 0);
        i = start;
        // Eight bytes at a time while all eight are a word's (a UUID, an address), then
        // byte by byte to its end.
        while let Some(chunk) = b.get(i..i + 8) {
            let class = chunk.iter().map(|&c| CLASS[usize::from(c)]);
            let (and, or) = class.fold((u8::MAX, 0), |(a, o), c| (a & c, o | c));
            if and & WORD == 0 {
                break;
            }
            all &= and;
            any |= or;
            i += 8;
        }
        while i < b.len() {
            let class = CLASS[usize::from(b[i])];
            if class & WORD == 0 {
                break;
            }
            all &= class;
            any |= class;
            i += 1;
        }
        // Only a word of hex digits and separators with a digit, not in the timestamp, may be
        // masked (as `maskable` says).
        if all == 0 || pending.is_some_and(|(at, _)| i > at) {
            continue;
        }
        let (mut s, mut e) = (start, i);
        while s < e && separator(b[s]) {
            s += 1;
        }
        while e > s && separator(b[e - 1]) {
            e -= 1;
        }
        let w = Word {
            s,
            e,
            digit: true,
            hexish: true,
        };
        if maskable(known, b, &w) {
            put(out, s, e, if any & LETTER != 0 { HEX } else { DIGIT });
        }
    }
    if escaped {
        raw(out, &b[copied..], escaped);
    }
    stamp
}

/// The numbers of `text` that `mask` keeps because some catalog knows them, to `out`: each
/// run of ASCII digits with no letter, digit or `_` beside it, outside `masks` (sorted), not
/// after an escape (`%`, `\`, `&`, `#`).
fn known_numbers(
    known: &Known<'_>,
    text: &str,
    masks: &[(usize, usize)],
    out: &mut Vec<(usize, usize)>,
) {
    let b = text.as_bytes();
    let glued = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let (mut i, mut m) = (0, 0);
    loop {
        let s = next_digit(b, i);
        if s >= b.len() {
            break;
        }
        let mut e = s;
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
        i = e;
        let before = s.checked_sub(1).map(|at| b[at]);
        if before.is_some_and(|c| glued(c) || matches!(c, b'%' | b'\\' | b'&' | b'#'))
            || b.get(e).is_some_and(|&c| glued(c))
        {
            continue;
        }
        while m < masks.len() && masks[m].1 <= s {
            m += 1;
        }
        if m < masks.len() && masks[m].0 < e {
            continue;
        }
        if known.word(&b[s..e]) {
            out.push((s, e));
        }
    }
}

/// Where the first ASCII digit of `b` at or after `i` is (`b.len()` when none), eight bytes
/// at a time: most bytes of a line are in no word with a digit.
fn next_digit(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(chunk) = b.get(i..i + 8) {
        // Digits XOR `0` are the bytes below 10, and only they; is any byte below 10?
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ (ONES * 0x30);
        if x.wrapping_sub(ONES * 10) & !x & (ONES * 0x80) != 0 {
            break;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Where `text` holds the timestamp `t` first: where it starts, after any `[` and spaces, as
/// most timestamps are found; otherwise by looking for it.
fn find_timestamp(text: &str, t: &str) -> Option<usize> {
    // A timestamp starts with neither `[` nor a space, so none can start before `lead`.
    let lead = text.len() - text.trim_start_matches(['[', ' ']).len();
    match text[lead..].starts_with(t) {
        true => Some(lead),
        false => text.find(t),
    }
}

/// Bytes of words (ASCII letters and digits, `_` and separators), hex digits and separators,
/// separators (`.`, `:`, `-`), letters, and letters and digits, by byte.
const WORD: u8 = 1;
const HEXISH: u8 = 2;
const SEPARATOR: u8 = 4;
const LETTER: u8 = 8;
const ALNUM: u8 = 16;
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let sep = matches!(b, b'.' | b':' | b'-');
        if b.is_ascii_alphanumeric() || b == b'_' || sep {
            class[c] |= WORD;
        }
        if b.is_ascii_hexdigit() || sep {
            class[c] |= HEXISH;
        }
        if sep {
            class[c] |= SEPARATOR;
        }
        if b.is_ascii_alphabetic() {
            class[c] |= LETTER;
        }
        if b.is_ascii_alphanumeric() {
            class[c] |= ALNUM;
        }
        c += 1;
    }
    class
};

fn separator(c: u8) -> bool {
    CLASS[usize::from(c)] & SEPARATOR != 0
}

/// A word of a line: the range to look at (without the separators it starts or ends with,
/// perhaps empty), and what its bytes are.
struct Word {
    s: usize,
    e: usize,
    /// Does it hold a digit?
    digit: bool,
    /// Is it only hex digits and separators?
    hexish: bool,
}

/// Is the word `w` of `b` one to mask?
fn maskable(known: &Known<'_>, b: &[u8], w: &Word) -> bool {
    let (s, e) = (w.s, w.e);
    // The separators trimmed are hex-ish and no digits: what the word's bytes are is what
    // the range's are.
    if s >= e || !w.digit || !w.hexish || (s > 0 && matches!(b[s - 1], b'%' | b'\\' | b'&' | b'#'))
    {
        return false;
    }
    let word = &b[s..e];
    if known.word(word) {
        return false;
    }
    uuid(word)
        || ipv4(word)
        || !(word.split(|&c| separator(c))).any(|p| !p.is_empty() && known.word(p))
}

/// `Catalog::may_know` for the words `maskable` asks about, without its general work (a
/// pasted token's cleaning, made anew for each): ASCII hex digits and separators, none of
/// them first or last. Such a word holds no `x`, no quote, bracket, space or `=`, and ends in
/// no `.` or `:`, so cleaning can only take what follows its first `:`, when a letter starts
/// it (`dead:beef` reads as `beef`); the names it can be are those of these characters,
/// few and short. A test holds this to `Catalog::may_know`.
struct Known<'a> {
    catalog: &'a Catalog,
    /// The names of the catalogs of only hex digits and separators, lower-cased, and the
    /// same `packed` by `HEX_WORD`.
    hex: std::collections::HashSet<Box<[u8]>, Seeded>,
    hex_packed: std::collections::HashSet<u128, Seeded>,
    /// By the `HEX_WORD` codes of a name's first and last bytes, the lengths of those names
    /// (bit `n`: length `n`; longer ones by bit 63): most words are no name by these alone.
    ends: Box<[[u64; 20]; 20]>,
    /// The length of the longest of them.
    longest: usize,
    /// Does any name hold a digit, `:` and a digit (a time of day)?
    clock: bool,
}

/// Does `b` hold a digit, `:` and a digit, as every time of day does?
fn clock(b: &[u8]) -> bool {
    b.windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
}

impl<'a> Known<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        let hex: std::collections::HashSet<Box<[u8]>, Seeded> = (catalog.known_names())
            .filter(|n| (n.bytes()).all(|c| c.is_ascii_hexdigit() || separator(c)))
            .map(|n| n.to_ascii_lowercase().into_bytes().into_boxed_slice())
            .collect();
        let longest = hex.iter().map(|n| n.len()).max().unwrap_or(0);
        let hex_packed = hex.iter().filter_map(|n| packed(n, &HEX_WORD)).collect();
        let mut ends = Box::new([[0u64; 20]; 20]);
        for n in hex.iter() {
            if let (Some(&f), Some(&l)) = (n.first(), n.last()) {
                let (f, l) = (HEX_WORD[usize::from(f)], HEX_WORD[usize::from(l)]);
                ends[usize::from(f)][usize::from(l)] |= 1 << n.len().min(63);
            }
        }
        let clock = catalog.known_names().any(|n| self::clock(n.as_bytes()));
        Known {
            catalog,
            hex,
            hex_packed,
            ends,
            longest,
            clock,
        }
    }

    /// `catalog.may_know(t)` for a timestamp `t` as `timestamp` gives it, without its
    /// general work (a dozen allocations and passes, for every line of a log) where no name
    /// can be it. Such a timestamp starts with a digit (or a month's name) and holds a time
    /// of day (but epoch seconds); what `may_know` looks up is the timestamp or the timestamp
    /// cleaned, and cleaning can only cut quotes, brackets and punctuation from its ends, and
    /// a label it does not start with: both hold the time of day, which no name holds, or
    /// start with `0x`, as none of these does. A test holds this to `Catalog::may_know`.
    fn timestamp(&self, t: &str) -> bool {
        let b = t.as_bytes();
        let plain = b.first().is_some_and(u8::is_ascii_alphanumeric)
            && !b.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(b"0x"));
        if plain && !self.clock && clock(b) {
            return false;
        }
        self.catalog.may_know(t)
    }

    /// `catalog.may_know(word)`, for a word of hex digits and separators that neither starts
    /// nor ends with a separator.
    fn word(&self, w: &[u8]) -> bool {
        let after_label = (w.first().is_some_and(u8::is_ascii_alphabetic))
            .then(|| memchr::memchr(b':', w).map(|at| &w[at + 1..]))
            .flatten();
        self.named(w) || after_label.is_some_and(|rest| self.named(rest))
    }

    /// Can `w` be one of `hex`, as far as its first and last bytes and its length tell?
    fn may_be(&self, w: &[u8]) -> bool {
        let (Some(&f), Some(&l)) = (w.first(), w.last()) else {
            return true;
        };
        let (f, l) = (HEX_WORD[usize::from(f)], HEX_WORD[usize::from(l)]);
        f == 0 || l == 0 || self.ends[usize::from(f)][usize::from(l)] & (1 << w.len().min(63)) != 0
    }

    /// Is `w`, lower-cased, one of `hex`?
    fn named(&self, w: &[u8]) -> bool {
        let mut lower = [0u8; 32];
        match lower.get_mut(..w.len()) {
            _ if w.len() > self.longest || !self.may_be(w) => false,
            _ if let Some(n) = packed(w, &HEX_WORD) => self.hex_packed.contains(&n),
            Some(l) => {
                l.copy_from_slice(w);
                l.make_ascii_lowercase();
                self.hex.contains(&*l)
            }
            None => self.hex.contains(&*w.to_ascii_lowercase()),
        }
    }
}

/// Hex digits and separators by `packed`, either case alike.
const HEX_WORD: [u8; 256] = {
    let mut code = [0u8; 256];
    let symbols = b"0123456789abcdef.:-";
    let mut i = 0;
    while i < symbols.len() {
        code[symbols[i] as usize] = i as u8 + 1;
        code[symbols[i].to_ascii_uppercase() as usize] = i as u8 + 1;
        i += 1;
    }
    code
};

/// A short word of few kinds of bytes as a number, to be looked up without a copy or a
/// comparison of bytes: each byte by its `code` (1 to 31) in five bits, for up to 25 bytes;
/// `None` for a longer word or one with a byte of code 0. Codes are never 0, so words of
/// different lengths are different numbers.
fn packed(w: &[u8], code: &[u8; 256]) -> Option<u128> {
    if w.len() > 25 {
        return None;
    }
    let mut n = 0u128;
    for &c in w {
        let k = code[usize::from(c)];
        if k == 0 {
            return None;
        }
        n = (n << 5) | u128::from(k);
    }
    Some(n)
}

/// `203.0.113.5`, `203.0.113.5:22`: read from its start, so a word that is none (every line
/// of a log may hold a UUID) is told at its first bytes.
fn ipv4(w: &[u8]) -> bool {
    let mut at = 0;
    for part in 0..4 {
        if part > 0 {
            if w.get(at) != Some(&b'.') {
                return false;
            }
            at += 1;
        }
        let digits = (w[at..].iter().take(3))
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return false;
        }
        at += digits;
    }
    match w.get(at) {
        None => true,
        Some(b':') => at + 1 < w.len() && w[at + 1..].iter().all(u8::is_ascii_digit),
        Some(_) => false,
    }
}

/// `f81d4fae-7dec-11d0-a765-00a0c91e6bf6`.
fn uuid(w: &[u8]) -> bool {
    let hex = |part: &[u8]| part.iter().all(u8::is_ascii_hexdigit);
    w.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| w[i] == b'-')
        && [&w[..8], &w[9..13], &w[14..18], &w[19..23], &w[24..]]
            .iter()
            .all(|part| hex(part))
}

/// Does the masked word `w` hold a hex letter? Then all its digits and letters are masked
/// alike (a UUID, a hex id); otherwise its digits are.
fn hex(w: &[u8]) -> bool {
    w.iter().any(u8::is_ascii_alphabetic)
}

/// Writes `text` with its masks to `out`: each masked digit, and each hex letter, by the
/// kind of its word; with `family`, each run of them by one (`203.0.113.5:22` and
/// `198.51.100.17:48849` are of one family, not of one shape).
fn shape(
    text: &str,
    masks: &[(usize, usize)],
    out: &mut Vec<u8>,
    family: bool,
    letters: Option<&Vocabulary>,
) {
    let b = text.as_bytes();
    let escaped = b.iter().any(|&c| c <= ESCAPE);
    let mut at = 0;
    for &(s, e) in masks {
        raw(out, &b[at..s], escaped);
        let kind = mask_kind(&b[s..e]);
        if let (Some(v), false) = (letters, b[s..e].iter().any(u8::is_ascii_digit)) {
            // A free word (see `free`).
            out.extend(b[s..e].iter().map(|&c| v.letter_mask(c)));
        } else if family {
            // Each run of masked characters by one.
            let runs = b[s..e].iter().enumerate();
            let first = runs.filter(|&(i, c)| {
                !c.is_ascii_alphanumeric() || i == 0 || !b[s + i - 1].is_ascii_alphanumeric()
            });
            let mask = |c: &u8| if c.is_ascii_alphanumeric() { kind } else { *c };
            out.extend(first.map(|(_, c)| mask(c)));
        } else {
            masked(out, &b[s..e], kind);
        }
        at = e;
    }
    raw(out, &b[at..], escaped);
}

/// What stands for the digits and letters of the masked word `w` (see `hex`).
fn mask_kind(w: &[u8]) -> u8 {
    if hex(w) { HEX } else { DIGIT }
}

/// Writes the masked word `w` to a shape: its digits and letters by `kind`.
fn masked(out: &mut Vec<u8>, w: &[u8], kind: u8) {
    let start = out.len();
    out.extend_from_slice(w);
    mask_in_place(&mut out[start..], kind);
}

/// A word's digits and letters changed to `kind` in place, by a test with no table and no
/// branch: a loop the compiler makes many bytes at a time.
fn mask_in_place(w: &mut [u8], kind: u8) {
    for c in w {
        let alnum = (c.wrapping_sub(b'0') < 10) | ((*c | 0x20).wrapping_sub(b'a') < 26);
        *c = if alnum { kind } else { *c };
    }
}

/// Writes a part of a line that is not masked to a shape; when the line holds a byte that
/// reads as a mask (`escaped`), each such byte after `ESCAPE`.
fn raw(out: &mut Vec<u8>, part: &[u8], escaped: bool) {
    if !escaped {
        return out.extend_from_slice(part);
    }
    for &c in part {
        if c <= ESCAPE {
            out.push(ESCAPE);
        }
        out.push(c);
    }
}

/// Does no text pattern read a code from a masked part (`masks`) of `lines`, a line and its
/// forms with those parts changed (see `Engine::captures_within`)? The three detections
/// alone would not tell: `reason=(\d+)` reads `3` from `3b2b3aa7-...`, and nothing from a
/// hex id that starts with a letter, whose changed forms may read a number no table has.
fn unread(engine: &Engine<'_>, lines: [&str; 3], masks: &[(usize, usize)]) -> bool {
    !lines.iter().any(|l| engine.captures_within(l, masks))
}

/// `text` with every masked digit and hex letter changed: `0` to `5`, `a` to `d`; or, with
/// `swap`, in a word with a hex letter, digits to letters and letters to digits.
fn changed(
    text: &str,
    masks: &[(usize, usize)],
    swap: bool,
    letters: Option<&Vocabulary>,
) -> String {
    let mut b = text.as_bytes().to_vec();
    for &(s, e) in masks {
        if let (Some(v), false) = (letters, b[s..e].iter().any(u8::is_ascii_digit)) {
            // A free word: each letter to another of its kind.
            let step = if swap { 3 } else { 1 };
            b[s..e]
                .iter_mut()
                .for_each(|c| *c = v.changed_letter(*c, step));
            continue;
        }
        let swap = swap && hex(&b[s..e]);
        for c in &mut b[s..e] {
            *c = match (*c, swap) {
                (b'0'..=b'9', false) => b'0' + (*c - b'0' + 5) % 10,
                (b'a'..=b'f', false) => b'a' + (*c - b'a' + 3) % 6,
                (b'A'..=b'F', false) => b'A' + (*c - b'A' + 3) % 6,
                (b'0'..=b'9', true) => b'a' + (*c - b'0') % 6,
                (b'a'..=b'f', true) => b'0' + (*c - b'a'),
                (b'A'..=b'F', true) => b'0' + (*c - b'A'),
                (c, _) => c,
            };
        }
    }
    String::from_utf8(b).expect("only ASCII digits and letters change")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn catalog() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(Catalog::builtin)
    }

    fn known() -> &'static Known<'static> {
        static KNOWN: OnceLock<Known<'static>> = OnceLock::new();
        KNOWN.get_or_init(|| Known::new(catalog()))
    }

    fn engine() -> &'static Engine<'static> {
        static ENGINE: OnceLock<Engine<'static>> = OnceLock::new();
        ENGINE.get_or_init(|| Engine::new(catalog()))
    }

    /// Error lines of several catalogs' shapes, some with a place (`{}`) for a value.
    const TEMPLATES: &[&str] = &[
        r#"ERROR auth-proxy: upstream said {"error":"invalid_grant","error_description":"AADSTS50126: Error validating credentials.","error_codes":[50126]}"#,
        "WARN  login: FirebaseError: Firebase: Error (auth/invalid-credential).",
        r#"ERROR signup: {"__type":"UserNotFoundException","message":"User does not exist."}"#,
        "WARN  token refused: hid_failure reason={}",
        "sshd[{}]: Failed password for invalid user admin from {} port {} ssh2",
        "sshd[{}]: error: maximum authentication attempts exceeded for root from {} port {} ssh2 [preauth]",
        "krb5kdc[{}]: PREAUTH_FAILED: KDC_ERR_PREAUTH_FAILED for alice@EXAMPLE.COM",
        "ldap_bind: Invalid credentials ({})",
        "LDAP: error code {} - 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data {}, v4563",
        r#"{"errorCode":"E0000004","errorSummary":"Authentication failed","errorId":"{}"}"#,
        r#"{"error":{"code":{},"message":"INVALID_LOGIN_CREDENTIALS"}}"#,
        "\"GET /api HTTP/1.1\" {} 17 \"-\" \"curl/8\"",
        "Error Code: {} Status: {}",
        "An account failed to log on. Event ID {} Status: {} Sub Status: {}",
        "okta-sdk: E0000047: API call exceeded rate limit (id {})",
        "https://app.example.com/cb?error=access_denied&state={}",
        "request {} failed with %{}",
        "jwt: token is expired by {}s at {}",
        "Unable to obtain access token: {} code={}",
        "sshd[{}]: Invalid user {} from {} port {}",
        "sshd[{}]: Failed password for invalid user {} from {} port {} ssh2",
        "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={} user={}",
        "type=LOGIN_ERROR, realmId={}, clientId={}, error={}",
        "login {} for {}: {} ({})",
    ];

    /// Words a log puts in its lines: catalogs' codes, names and words, words of expressions,
    /// hex letters, words of random letters in every case and length.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "root",
                "admin",
                "invalid",
                "user",
                "error",
                "expired",
                "denied",
                "Unauthorized",
                "Forbidden",
                "token",
                "invalid_grant",
                "failure",
                "status",
                "code",
                "data",
                "is",
                "urn",
                "null",
                "okta",
                "jwt",
                "ldap",
                "sshd",
                "Bearer",
                "Responder",
                "AuthnFailed",
                "reason",
                "Failed",
                "password",
                "invalid_user_credentials",
                "access_denied",
                "none",
                "E",
                "ERR",
                "Invalid",
                "from",
                "port",
                "failed",
                "abcdef",
                "Deadbeef",
                "KDC",
            ])
            .prop_map(str::to_string),
            "[a-z]{1,9}",
            "[A-Z][a-z]{2,8}",
            "[a-zA-Z]{1,12}",
            "[a-f]{2,8}",
            "[g-z]{4,9}",
        ]
    }

    /// Values that a log puts in its lines: codes among them, ids, addresses, times.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "0",
                "1",
                "7",
                "11",
                "24",
                "45",
                "49",
                "52",
                "400",
                "401",
                "403",
                "500",
                "50126",
                "50076",
                "4625",
                "4771",
                "0xC000006A",
                "C000006A",
                "c000006d",
                "-1073741715",
                "3221225578",
                "525",
                "52e",
                "775",
                "18",
                "24",
                "E0000004",
                "1000",
                "12500009",
                "2026-11-27",
                "08:01:02",
                "10.0.0.5",
            ])
            .prop_map(str::to_string),
            "[0-9]{1,7}",
            "[0-9a-f]{4,32}",
            "[0-9A-F]{8}",
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}(:[0-9]{1,5})?",
            "[0-9a-z._:-]{1,12}",
            word(),
            word(),
        ]
    }

    fn prefix() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "2026-1[12]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{3})?Z ",
            "(Nov|Dec) [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9] web-[0-9] ",
            "1[0-9]{9} ",
            "\\[[0-3][0-9]/Nov/2026:[0-2][0-9]:[0-5][0-9]:[0-5][0-9] \\+0000\\] ",
        ]
    }

    /// A line: a prefix, then a template with its places filled.
    fn line() -> impl Strategy<Value = String> {
        (
            prefix(),
            value(),
            0..TEMPLATES.len(),
            prop::collection::vec(value(), 3),
        )
            .prop_map(|(p, id, t, vals)| {
                let mut line = format!("{p}req={id} ");
                let mut parts = TEMPLATES[t].split("{}");
                line.push_str(parts.next().unwrap_or_default());
                for (part, v) in parts.zip(vals.iter().cycle()) {
                    line.push_str(v);
                    line.push_str(part);
                }
                line
            })
    }

    /// A text pattern that reads the digits a hex id starts with (`hid_failure reason=(\d+)`)
    /// makes the id's value matter: lines whose ids start with a letter hold nothing, and
    /// do not make the shape hold nothing for an id that starts with `3` (HID's code 3).
    #[test]
    fn a_pattern_reading_a_masked_id_keeps_its_lines_apart() {
        let engine = engine();
        let mut shapes = Shapes::new(catalog(), 1 << 20, None);
        let ids = [
            "fa2b3aa7-6b2f-190b-1014-40ae518510be",
            "cb2b3aa7-6b2f-190b-1014-40ae518510be",
            "ab2b3aa7-6b2f-190b-1014-40ae518510be",
            "fa2b3aa7-6b2f-190b-1014-40ae518510be",
            "3b2b3aa7-6b2f-190b-1014-40ae518510be",
        ];
        for id in ids {
            let line = format!("WARN token refused: hid_failure reason={id}");
            let slow = line_findings(engine, None, &line);
            assert_eq!(
                &*shapes.findings(engine, None, line.as_bytes()),
                &slow[..],
                "{line}"
            );
        }
        let last = format!("WARN token refused: hid_failure reason={}", ids[4]);
        assert!(!line_findings(engine, None, &last).is_empty());
    }

    /// A number some catalog knows (a process id) is masked as any other where the engine
    /// reads no code from it, and only there: `401: Unauthorized` names HTTP's 401, which
    /// the lines with other numbers there do not hold.
    #[test]
    fn a_known_number_is_masked_only_where_no_code_is_read() {
        let (engine, known) = (engine(), known());
        let mut shapes = Shapes::new(catalog(), 1 << 20, None);
        let line = |n: u32| format!("Dec  6 10:00:00 web app {n}: Unauthorized");
        let unknown = (100..1000u32).filter(|n| !known.word(n.to_string().as_bytes()));
        for n in unknown.take(4) {
            let line = line(n);
            let slow = line_findings(engine, None, &line);
            assert_eq!(&*shapes.findings(engine, None, line.as_bytes()), &slow[..]);
        }
        // Known, and not read here (its entry's words are not `Unauthorized`): the shape
        // learnt from the lines before gives its findings; no new shape is met.
        assert!(known.word(b"403") && known.word(b"401"));
        let learnt = (shapes.own.found.len(), shapes.once.len());
        let forbidden = line(403);
        let slow = line_findings(engine, None, &forbidden);
        assert_eq!(
            &*shapes.findings(engine, None, forbidden.as_bytes()),
            &slow[..]
        );
        let now = (shapes.own.found.len(), shapes.once.len());
        assert_eq!(now, learnt, "{forbidden}: a new shape");
        // Read here: detected.
        let unauthorized = line(401);
        let slow = line_findings(engine, None, &unauthorized);
        assert!(
            slow.iter().any(|c| c.hit.entry.code == "401"),
            "{unauthorized}"
        );
        assert_eq!(
            &*shapes.findings(engine, None, unauthorized.as_bytes()),
            &slow[..]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Lines of one log read through their shapes are read as the engine reads each line
        /// alone: the same findings, in the same order.
        #[test]
        fn shapes_find_what_each_line_holds(
            lines in prop::collection::vec(line(), 1..40),
            repeat in prop::collection::vec(0usize..40, 0..40),
        ) {
            let engine = engine();
            let mut shapes = Shapes::new(catalog(), 1 << 20, None);
            // Free words from the first line on.
            shapes.common.met.store(WORDS_AFTER, Ordering::Relaxed);
            let log: Vec<&String> = lines.iter().chain(repeat.iter().map(|&i| &lines[i % lines.len()])).collect();
            for line in log {
                let slow = line_findings(engine, None, line);
                prop_assert_eq!(&*shapes.findings(engine, None, line.as_bytes()), &slow[..], "{:?}", line);
            }
        }
    }

    /// Words of hex digits and separators: names of the catalogs of those characters, in
    /// either case and behind a label, and others.
    fn hex_word() -> impl Strategy<Value = String> {
        let names: Vec<String> = (known().hex.iter())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        prop_oneof![
            prop::sample::select(names.clone()),
            prop::sample::select(names.clone()).prop_map(|n| n.to_ascii_uppercase()),
            ("[a-fA-F][0-9a-f.-]{0,6}", prop::sample::select(names))
                .prop_map(|(label, n)| format!("{label}:{n}")),
            "[0-9a-fA-F]([0-9a-fA-F.:-]{0,40}[0-9a-fA-F])?",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// The words masking asks about are known as `Catalog::may_know` knows them.
        #[test]
        fn hex_words_are_known_as_the_catalog_knows_them(word in hex_word()) {
            prop_assert_eq!(known().word(word.as_bytes()), catalog().may_know(&word), "{}", word);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// The timestamps lines start with are known as `Catalog::may_know` knows them.
        #[test]
        fn timestamps_are_known_as_the_catalog_knows_them(
            line in prop_oneof![
                line(),
                "[\\[ ]{0,2}[0-9a-zA-Z\"'(]{0,3}/(Nov|Dec)/2026:[0-9x]{2}:[0-9:+ =.,]{0,12}[\\])., ]{0,2}.{0,8}",
                "[0-9]{10,13}(\\.[0-9:]{0,6})?[ ,:.]{0,2}x",
            ],
        ) {
            if let Some(t) = timestamp(&line) {
                prop_assert_eq!(known().timestamp(&t), catalog().may_know(&t), "{}", t);
            }
        }
    }

    fn masks_of(known: &Known<'_>, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        mask(known, text, &mut out, &mut Vec::new());
        out
    }

    fn shape_of(text: &str, masks: &[(usize, usize)]) -> Vec<u8> {
        let mut out = Vec::new();
        shape(text, masks, &mut out, false, None);
        out
    }

    /// The masks as first written, a word at a time: what `masks` is held to.
    fn masks_word_by_word(known: &Known<'_>, text: &str) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let word_byte = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-');
        let word_at = |i: usize| {
            if !word_byte(b[i]) || (i > 0 && word_byte(b[i - 1])) {
                return None;
            }
            let end = (i..b.len()).find(|&e| !word_byte(b[e])).unwrap_or(b.len());
            let (mut s, mut e) = (i, end);
            while s < e && separator(b[s]) {
                s += 1;
            }
            while e > s && separator(b[e - 1]) {
                e -= 1;
            }
            Some((s, e, end))
        };
        let maskable = |s: usize, e: usize| {
            let w = &b[s..e];
            let word = Word {
                s,
                e,
                digit: w.iter().any(u8::is_ascii_digit),
                hexish: w.iter().all(|&c| c.is_ascii_hexdigit() || separator(c)),
            };
            maskable(known, b, &word)
        };
        let (mut out, mut i) = (Vec::new(), 0);
        if let Some(t) = timestamp(text)
            && let Some(at) = text.find(&*t)
            && !known.catalog.may_know(&t)
        {
            out.push((at, at + t.len()));
            let mut j = 0;
            while j < at {
                match word_at(j) {
                    Some((s, e, end)) => {
                        if end <= at && maskable(s, e) {
                            out.push((s, e));
                        }
                        j = end;
                    }
                    None => j += 1,
                }
            }
            out.sort_unstable();
            i = at + t.len();
        }
        while i < b.len() {
            match word_at(i) {
                Some((s, e, end)) => {
                    if maskable(s, e) {
                        out.push((s, e));
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// Lines of every kind are masked as the word-by-word reading masks them, and their
        /// shape is the one `shape` writes with those masks.
        #[test]
        fn masks_are_those_of_the_word_by_word_reading(
            line in prop_oneof![
                line(),
                "[ \\[]{0,2}[0-9a-zA-Z%&#.:_ -]{0,30}".prop_map(String::from),
                "[\\x00-\\x04 \\[]{0,2}[0-9a-fA-Z\\x00-\\x04.:_ -]{0,30}".prop_map(String::from),
            ],
            glued in "[a-z0-9.:]{0,4}",
        ) {
            let known = known();
            for text in [line.clone(), format!("{glued}{line}"), line.replacen(' ', &glued, 1)] {
                let (mut masks, mut shape) = (Vec::new(), Vec::new());
                mask(known, &text, &mut masks, &mut shape);
                let by_word = masks_word_by_word(known, &text);
                prop_assert_eq!(&masks, &by_word, "{:?}", text);
                prop_assert_eq!(shape, shape_of(&text, &by_word), "{:?}", text);
            }
        }
    }

    proptest! {
        /// A UUID is told part by part as by looking at each place.
        #[test]
        fn uuids_are_told_part_by_part(w in prop_oneof![
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            "[0-9a-gA-G.:-]{8}-[0-9a-g:-]{4}-[0-9a-f-]{4}-[0-9a-f.-]{4}-[0-9a-fA-F.:-]{11,13}",
            "[0-9a-f-]{30,40}",
        ]) {
            let by_place = w.len() == 36
                && w.bytes().enumerate().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == b'-',
                    _ => c.is_ascii_hexdigit(),
                });
            prop_assert_eq!(uuid(w.as_bytes()), by_place, "{}", w);
        }
    }

    proptest! {
        /// An IPv4 address is told reading from its start as by its parts.
        #[test]
        fn addresses_are_told_from_their_start(w in prop_oneof![
            "[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{0,4}\\.[0-9]{1,4}(:[0-9]{0,6})?",
            "[0-9.:]{0,24}",
            "[0-9a-f.:-]{0,24}",
        ]) {
            let w = w.as_bytes();
            let (address, port) = match memchr::memchr(b':', w) {
                Some(at) => (&w[..at], &w[at + 1..]),
                None => (w, &b"0"[..]),
            };
            let parts: Vec<&[u8]> = address.split(|&c| c == b'.').collect();
            let by_parts = parts.len() == 4
                && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.iter().all(u8::is_ascii_digit))
                && !port.is_empty()
                && port.iter().all(u8::is_ascii_digit);
            prop_assert_eq!(ipv4(w), by_parts, "{:?}", String::from_utf8_lossy(w));
        }
    }

    proptest! {
        /// The next digit is found eight bytes at a time where a byte at a time finds it.
        #[test]
        fn the_next_digit_is_the_first_at_or_after(b in prop::collection::vec(any::<u8>(), 0..80), i in 0usize..90) {
            let one_by_one = (i..b.len()).find(|&j| b[j].is_ascii_digit()).unwrap_or(b.len().max(i));
            prop_assert_eq!(next_digit(&b, i).max(i), one_by_one);
        }
    }

    #[test]
    fn times_ids_addresses_and_unknown_numbers_are_masked_codes_are_not() {
        let c = known();
        let line = "2026-12-06T08:00:01.5Z req=58151147-39fe-7513-7d9a-88a630224ba2 client=198.51.100.7:48849 sshd[40012]: error code 49 AADSTS50126";
        let m = masks_of(c, line);
        let words: Vec<&str> = m.iter().map(|&(s, e)| &line[s..e]).collect();
        assert_eq!(
            words,
            [
                "2026-12-06T08:00:01.5Z",
                "58151147-39fe-7513-7d9a-88a630224ba2",
                "198.51.100.7:48849",
                "40012"
            ]
        );
        // Another time, id, address and process: the same shape; another code: another shape.
        let other = "2026-12-06T09:13:57.2Z req=1c2d3e4f-39fe-7513-7d9a-88a630224ba2 client=198.51.100.9:12345 sshd[51234]: error code 49 AADSTS50126";
        assert_eq!(shape_of(line, &m), shape_of(other, &masks_of(c, other)));
        let code = other.replace("code 49", "code 50");
        assert_ne!(shape_of(line, &m), shape_of(&code, &masks_of(c, &code)));
        // A raw byte that reads as a mask is escaped.
        assert_ne!(shape_of("a\u{1}b", &[]), shape_of("a1b", &[(1, 2)]));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        /// The coarse shape written over a line's shape is the one `shape` writes with all
        /// its masks.
        #[test]
        fn coarse_shapes_are_written_as_shape_writes_them(line in line(), raw in "[\\x00-\\x04]?") {
            static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
            let vocabulary = VOCABULARY.get_or_init(|| Vocabulary::new(catalog()));
            let text = format!("{raw}{line}");
            let (mut masks, mut fine, mut all, mut key) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            mask(known(), &text, &mut masks, &mut fine);
            if vocabulary.free(text.as_bytes(), &masks, &mut all) {
                coarse_shape(vocabulary, &text, &fine, &all, &mut key);
                let mut by_shape = Vec::new();
                shape(&text, &all, &mut by_shape, false, Some(vocabulary));
                prop_assert_eq!(key, by_shape, "{:?}", text);
            }
        }
    }

    /// A user catalog whose expression names a word (`root`), and one whose classes tell some
    /// letters from others: the lines of the word, and those its classes match, are read as
    /// each line alone is, among lines of other names.
    #[test]
    fn a_word_an_expression_names_is_no_free_word() {
        let dir = tempfile::tempdir().expect("a directory");
        let file = r#"[vendor]
id = "rootcorp"
name = "RootCorp"
source_url = "https://docs.example.com/errors"
source_title = "RootCorp errors"
date = "2026-12-01"

[[tables]]
id = "api"
count = 2
name = "RootCorp errors"
field = "a log line"

[[entries]]
table = "api"
code = "RC-1"
message = "Root tried to sign in."

[[entries]]
table = "api"
code = "RC-2"
message = "A short name tried to sign in."

[wire]
[[wire.rules]]
table = "api"
pattern = '\bInvalid user root from'
code = "RC-1"
decides = true
says = "test"

[[wire.rules]]
table = "api"
pattern = '\bInvalid user [q-t][n-p]{2}[s-u] from'
code = "RC-2"
decides = true
says = "test"
"#;
        std::fs::write(dir.path().join("rootcorp.toml"), file).expect("written");
        let (catalog, report) = Catalog::load(Some((dir.path().to_path_buf(), "test")));
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        let engine = Engine::new(&catalog);
        let mut shapes = Shapes::new(&catalog, 1 << 20, None);
        shapes.common.met.store(WORDS_AFTER, Ordering::Relaxed);
        let names = [
            "emubcr", "bqgbcz", "root", "wxyz", "soot", "qoou", "rook", "root", "Root", "wxyz",
            "soot",
        ];
        let mut found = 0;
        for (i, name) in names.iter().cycle().take(60).enumerate() {
            let line = format!(
                "Dec  6 10:00:{:02} web1 sshd[{}]: Invalid user {name} from 203.0.113.{} port {}",
                i % 60,
                1000 + i,
                i % 200,
                20000 + i
            );
            let slow = line_findings(&engine, None, &line);
            found += slow.len();
            assert_eq!(
                &*shapes.findings(&engine, None, line.as_bytes()),
                &slow[..],
                "{line}"
            );
        }
        assert!(found > 0);
    }
}

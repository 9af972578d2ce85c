//! Free words: runs of ASCII letters whose value no detection can depend on, masked in a
//! line's coarse shape (see `shapes`).
//!
//! The engine reads a line's letters in three ways only, and the vocabulary holds what each
//! reads:
//! - it compares a word, a token (a word with its joiners: `invalid_grant`, `user=x`), a
//!   captured value or a member's key or value with a catalog's text as a whole: codes and
//!   names, messages and titles, labels, code words, keys and paths (`words`: each maximal
//!   run of letters of each such text, lower-cased; a token equal to such a text holds the
//!   run it is made of, since a free word is a maximal run of the line);
//! - it looks for a text anywhere in a line: an expression's literal parts, a rule's
//!   `with_text` and `prefer_text`, a text signal. An occurrence of such a text overlaps a
//!   word of the line only where the word ends with the text's first run of letters (when a
//!   character that is no letter follows that run in the text), starts with its last, is one
//!   of its runs between such characters, or holds the whole text (a text of letters only):
//!   `pieces` finds these in the word, whatever the case;
//! - an expression's classes: the letters are parted into kinds, first by case and whether
//!   they are hex letters, then split by every class of every expression until each class
//!   holds all of a kind or none of it (`[^n:]` makes `n` a kind of its own). The coarse shape
//!   writes each letter of a free word by its kind (`block`), so a class sees a line of the
//!   shape as it sees any other; a letter of a kind past the bytes a shape can write is
//!   `told`, and a word holding it is not free.
//!
//! A word is free when it is none of these, is bounded by ASCII bytes that are neither letters,
//! digits nor `_` (no Unicode letter joins it to a longer word), follows no `%`, `\`, `&` or
//! `#` (an escape the engine decodes), and is not only hex letters (a `[0-9a-f]` class).

use std::collections::HashSet;

use regex_syntax::hir::{Class, Hir, HirKind, Look};

use super::{Seeded, packed};
use crate::catalog::Catalog;
use crate::catalog::model::WirePlace;

/// What detection compares a line's letters with (see the module's doc).
pub(super) struct Vocabulary {
    /// Whole words, each by its letters (`packed` by `LETTERS`, whatever their case), and
    /// those too long to be, lower-cased.
    words: HashSet<u128, Seeded>,
    long_words: HashSet<Box<[u8]>, Seeded>,
    /// The runs of letters of the texts looked for anywhere, found in a word in one pass.
    pieces: Pieces,
    /// For each piece, the texts it is a run of (in `texts`) and where in them.
    of: Vec<Places>,
    texts: Vec<Vec<u8>>,
    told: [bool; 128],
    /// The kind of each ASCII letter.
    block: [u8; 128],
    /// `changed_letter` for each ASCII byte and the steps below `STEPS`, made once.
    changes: [[u8; STEPS]; 128],
    /// While an expression is read: does the run of literals start after a digit?
    after_digit: bool,
}

/// Where a piece stands: in which text, at which byte; indexed by where it must then be in
/// a word of a line (anywhere, `STARTS`, `ENDS`, both), as what stands before and after it
/// in the text says. A run of letters of a text with anything before it (no letter: the run
/// is whole) starts a word of a line where the text occurs, and one with anything after it
/// ends the word.
type Places = [Vec<(usize, usize)>; 4];
const STARTS: usize = 1;
const ENDS: usize = 2;

/// Words the engine itself reads (`is` after a code word, a URN, JSON's literals).
const ENGINE_WORDS: &[&str] = &["is", "urn", "true", "false", "null"];

impl Vocabulary {
    pub(super) fn new(catalog: &Catalog) -> Self {
        let mut v = Vocabulary {
            words: HashSet::default(),
            long_words: HashSet::default(),
            pieces: Pieces::new(&[]),
            of: Vec::new(),
            texts: Vec::new(),
            told: [false; 128],
            block: [0; 128],
            changes: [[0; STEPS]; 128],
            after_digit: false,
        };
        for (i, kind) in KINDS.into_iter().enumerate() {
            kind.for_each(|c| v.block[usize::from(c)] = i as u8);
        }
        let mut anywhere: Vec<Vec<u8>> = Vec::new();
        let texts = (catalog.known_names())
            .chain(ENGINE_WORDS.iter().copied())
            .chain(crate::catalog::pasted::CODE_WORDS.iter().copied());
        texts.for_each(|t| v.add_words(t));
        for vendor in catalog.vendors() {
            for table in vendor.tables.iter() {
                (table.label.iter().chain(&table.code_prefix)).for_each(|t| v.add_words(t));
            }
            for e in vendor.entries.iter() {
                let variants = e
                    .variants
                    .iter()
                    .flat_map(|x| x.title.into_iter().chain(x.message));
                let texts = [e.code, e.message]
                    .into_iter()
                    .chain(e.title)
                    .chain(e.group);
                texts
                    .chain(e.aliases.iter())
                    .chain(variants)
                    .for_each(|t| v.add_words(t));
            }
            let wire = vendor.wire;
            for m in wire.messages.iter() {
                v.add_words(m.key);
            }
            for r in wire.rules.iter() {
                let words = [r.code, r.with_key, r.prefix, r.absorbs]
                    .into_iter()
                    .flatten();
                words.for_each(|t| v.add_words(t));
                match r.place {
                    WirePlace::Path(p) => v.add_words(p),
                    WirePlace::Pattern(p) => v.add_expression(p, &mut anywhere),
                }
                for re in [r.value, r.with_value].into_iter().flatten() {
                    v.add_expression(re, &mut anywhere);
                }
                anywhere.extend(
                    [r.with_text, r.prefer_text]
                        .into_iter()
                        .flatten()
                        .map(lower),
                );
            }
            for s in wire.signals.iter() {
                (s.key.iter().chain(&s.value_in_table)).for_each(|t| v.add_words(t));
                if let Some(re) = s.value {
                    v.add_expression(re, &mut anywhere);
                }
                anywhere.extend(s.text.map(lower));
            }
        }
        v.add_unprefixed(catalog);
        for c in 0..128u8 {
            v.told[usize::from(c)] |=
                c.is_ascii_alphabetic() && usize::from(v.block[usize::from(c)]) >= MASKS.len();
        }
        v.add_pieces(anywhere);
        for c in 0..128u8 {
            for step in 0..STEPS {
                v.changes[usize::from(c)][step] = v.change(c, step);
            }
        }
        v
    }

    /// The runs of letters of `anywhere` (see the module's doc), each with the texts it is of.
    fn add_pieces(&mut self, anywhere: Vec<Vec<u8>>) {
        let mut pieces: std::collections::HashMap<&[u8], Places> = std::collections::HashMap::new();
        for (t, text) in anywhere.iter().enumerate() {
            // Letters beside a digit or `_` (`c000`), or after an escape (`\\t`), are no free
            // word's of a line.
            let joined = |at: usize, len: usize| {
                let digit = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_digit() || *c == b'_');
                let before = at.checked_sub(1).and_then(|b| text.get(b));
                digit(before)
                    || before.is_some_and(|c| matches!(c, b'%' | b'\\' | b'&' | b'#'))
                    || digit(text.get(at + len))
            };
            for run in text.split(|c| !c.is_ascii_alphabetic()) {
                let at = run.as_ptr() as usize - text.as_ptr() as usize;
                if !run.is_empty() && !joined(at, run.len()) {
                    let bound = usize::from(at > 0) * STARTS
                        + usize::from(at + run.len() < text.len()) * ENDS;
                    pieces.entry(run).or_default()[bound].push((t, at));
                }
            }
        }
        let (pieces, of): (Vec<&[u8]>, Vec<Places>) = pieces.into_iter().unzip();
        self.of = of;
        self.pieces = Pieces::new(&pieces);
        self.texts = anywhere;
    }

    /// A code that a rule or a table writes after a prefix (`LDAP_`, `AADSTS`) is found by a
    /// value without it: the rest of each name after such a prefix, as a word too.
    fn add_unprefixed(&mut self, catalog: &Catalog) {
        let mut prefixes: Vec<String> = Vec::new();
        for vendor in catalog.vendors() {
            let tables = vendor.tables.iter().filter_map(|t| t.code_prefix);
            let rules = vendor.wire.rules.iter().filter_map(|r| r.prefix);
            prefixes.extend(tables.chain(rules).map(str::to_ascii_lowercase));
        }
        prefixes.sort_unstable();
        prefixes.dedup();
        let names: Vec<&str> = catalog.known_names().collect();
        for p in &prefixes {
            for name in &names {
                if let Some(rest) = name.strip_prefix(p.as_str()) {
                    self.add_words(rest);
                }
            }
        }
    }

    /// Each run of letters of `text`, lower-cased, as a word.
    fn add_words(&mut self, text: &str) {
        for run in text.as_bytes().split(|c| !c.is_ascii_alphabetic()) {
            match packed(run, &LETTERS) {
                Some(word) if !run.is_empty() => {
                    self.words.insert(word);
                }
                // No free word is longer than 32 letters.
                None if run.len() <= 32 => {
                    self.long_words.insert(run.to_ascii_lowercase().into());
                }
                _ => {}
            }
        }
    }

    /// The literal parts of the expression `source` (as `schema::wire::compile_regex` reads
    /// it) to look for anywhere, and the letters its narrow classes tell apart. One that does
    /// not parse tells every letter: no word is free beside it.
    fn add_expression(&mut self, source: &str, anywhere: &mut Vec<Vec<u8>>) {
        let parsed = (regex_syntax::ParserBuilder::new())
            .unicode(false)
            .utf8(false)
            .build()
            .parse(source);
        match parsed {
            Ok(hir) => {
                self.after_digit = false;
                let mut run = Vec::new();
                self.literals(&hir, &mut run, anywhere);
                anywhere.push(run);
            }
            Err(_) => self.told = [true; 128],
        }
    }

    /// Walks `hir`, adding to `run` what it matches as a literal, and to `out` each run that
    /// an item that is not a literal ends.
    fn literals(&mut self, hir: &Hir, run: &mut Vec<u8>, out: &mut Vec<Vec<u8>>) {
        let flush = |run: &mut Vec<u8>, out: &mut Vec<Vec<u8>>| out.push(std::mem::take(run));
        match hir.kind() {
            HirKind::Literal(l) => self.append(run, &l.0),
            HirKind::Class(c) => match one_letter(c) {
                Some(b) => self.append(run, &[b]),
                None => {
                    flush(run, out);
                    self.tell(c);
                }
            },
            // A word's bound (`\b`, `^`, `$`) beside a literal's letter: no letter, digit or
            // `_` on its other side (`EDGE`).
            HirKind::Look(look) if bound(*look) => {
                if run.last().is_some_and(|&c| word_byte(c)) {
                    run.push(EDGE);
                    flush(run, out);
                }
                if run.is_empty() {
                    run.push(EDGE);
                }
            }
            // Zero-width: the literals on either side are matched side by side.
            HirKind::Look(_) | HirKind::Empty => {}
            HirKind::Capture(c) => self.literals(&c.sub, run, out),
            HirKind::Concat(items) => {
                for (i, h) in items.iter().enumerate() {
                    // `failures?`, `(?:over|under)flowed`: literals only, beside a letter of
                    // the expression's; such a word of letters overlaps a word of the line
                    // only where the letter beside it does, and the literal it is of.
                    let before = run.last().is_some_and(u8::is_ascii_alphabetic);
                    let after = (items.get(i + 1).and_then(first_letter)).is_some();
                    // `E[0-9]{7}`, `\d+s left`: letters beside a digit are no word's of a line.
                    let literal = simple(h).is_some() && !choice(h);
                    if !literal && digit_at(h, false) {
                        let keep = run.iter().rposition(|c| !c.is_ascii_alphabetic());
                        run.truncate(keep.map_or(0, |k| k + 1));
                    }
                    match simple(h).filter(|_| choice(h) && (before || after)) {
                        Some(words) => {
                            flush(run, out);
                            let letters = |w: &Vec<u8>| w.iter().all(u8::is_ascii_alphabetic);
                            out.extend(words.into_iter().filter(|w| !letters(w)));
                        }
                        None => self.literals(h, run, out),
                    }
                    if !literal {
                        self.after_digit = digit_at(h, true);
                    }
                }
            }
            HirKind::Repetition(r) => {
                flush(run, out);
                self.after_digit = false;
                self.literals(&r.sub, run, out);
                flush(run, out);
            }
            HirKind::Alternation(items) => {
                for h in items {
                    flush(run, out);
                    self.after_digit = false;
                    self.literals(h, run, out);
                }
                flush(run, out);
            }
        }
    }

    /// Adds `bytes`, lower-cased, to `run`; the letters a run starts with after a digit are
    /// left out (no word of a line holds them).
    fn append(&mut self, run: &mut Vec<u8>, bytes: &[u8]) {
        // A bound before what is no word's byte says nothing.
        if run == &[EDGE] && bytes.first().is_some_and(|&c| !word_byte(c)) {
            run.clear();
        }
        for &c in bytes {
            if !(self.after_digit && run.is_empty() && c.is_ascii_alphabetic()) {
                run.push(c.to_ascii_lowercase());
            }
            self.after_digit &= run.is_empty();
        }
    }

    /// Splits each kind of letters that `class` holds some of, not all.
    fn tell(&mut self, class: &Class) {
        let holds = |c: u8| match class {
            Class::Bytes(b) => b
                .ranges()
                .iter()
                .any(|r| (r.start()..=r.end()).contains(&c)),
            Class::Unicode(u) => {
                (u.ranges().iter()).any(|r| (r.start()..=r.end()).contains(&char::from(c)))
            }
        };
        let letters = (b'A'..=b'Z').chain(b'a'..=b'z');
        let kinds = letters
            .clone()
            .map(|c| self.block[usize::from(c)])
            .max()
            .unwrap_or(0);
        let mut next = kinds + 1;
        for kind in 0..=kinds {
            let of = |c: &u8| self.block[usize::from(*c)] == kind;
            let held: Vec<u8> = letters.clone().filter(of).filter(|&c| holds(c)).collect();
            // A hex class (`[0-9a-f]`) is no split: a free word holds a letter past `f`.
            let hex = held.iter().all(u8::is_ascii_hexdigit)
                && (letters.clone().filter(|c| of(c) && c.is_ascii_hexdigit()))
                    .all(|c| held.contains(&c));
            if !hex && !held.is_empty() && held.len() < letters.clone().filter(of).count() {
                held.iter().for_each(|&c| self.block[usize::from(c)] = next);
                next = next.saturating_add(1);
            }
        }
    }

    /// The free words of `b` outside `masks` (sorted ranges), merged with them, in order, into
    /// `out`; `false` when there is none.
    pub(super) fn free(
        &self,
        b: &[u8],
        masks: &[(usize, usize)],
        out: &mut Vec<(usize, usize)>,
    ) -> bool {
        out.clear();
        let (mut i, mut m, mut any) = (0, 0, false);
        while i < b.len() {
            if !b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            while m < masks.len() && masks[m].1 <= s {
                out.push(masks[m]);
                m += 1;
            }
            let masked = m < masks.len() && masks[m].0 < i;
            if masked || !self.word(b, s, i) {
                continue;
            }
            out.push((s, i));
            any = true;
        }
        out.extend_from_slice(&masks[m..]);
        any
    }

    /// Is `b[s..e]`, a run of letters, free as far as its bounds and `words` and `told` say?
    fn word(&self, b: &[u8], s: usize, e: usize) -> bool {
        let bound = |c: u8| c.is_ascii() && !c.is_ascii_alphanumeric() && c != b'_';
        let escape = s > 0 && matches!(b[s - 1], b'%' | b'\\' | b'&' | b'#');
        let w = &b[s..e];
        if (s > 0 && !bound(b[s - 1])) || (e < b.len() && !bound(b[e])) || escape || w.len() > 32 {
            return false;
        }
        // One pass over its letters: are they all hex letters, is one told, and the word as
        // `packed` packs it (as far as 25 letters, all it packs).
        let (mut hex, mut told, mut word) = (true, false, 0u128);
        for &c in w {
            let code = LETTERS[usize::from(c)];
            hex &= code <= 6;
            told |= self.told[usize::from(c & 0x7F)];
            word = (word << 5) | u128::from(code);
        }
        if hex || told {
            return false;
        }
        let known = match w.len() <= 25 {
            true => self.words.contains(&word),
            false => self.long_words.contains(&*w.to_ascii_lowercase()),
        };
        !known && !self.holds_piece(b, s, w)
    }

    /// Does a text looked for anywhere occur in `b` over its word at `s`, `w` (letters)?
    /// Each run of its letters that `w` holds says where the text would be.
    fn holds_piece(&self, b: &[u8], s: usize, w: &[u8]) -> bool {
        let occurs = |start: usize, text: &[u8]| {
            text.iter().enumerate().all(|(k, &c)| {
                let at = (start + k).checked_sub(1);
                let byte = at.and_then(|at| b.get(at));
                match c {
                    EDGE => byte.is_none_or(|&c| !word_byte(c)),
                    _ => byte.is_some_and(|x| x.to_ascii_lowercase() == c),
                }
            })
        };
        self.pieces.any_in(w, |piece, from, ends| {
            let bound = usize::from(from == 0) * STARTS + usize::from(ends) * ENDS;
            let places = (self.of[piece].iter().enumerate())
                .filter(|&(need, _)| need & bound == need)
                .flat_map(|(_, places)| places);
            // Positions are counted from 1, so a text may start with `EDGE` at the line's start.
            places.into_iter().any(|&(t, at)| {
                (s + from + 1)
                    .checked_sub(at)
                    .is_some_and(|start| occurs(start, &self.texts[t]))
            })
        })
    }
}

/// Runs of lower-case letters, each found wherever it occurs in a word, overlapping others,
/// in one walk over the word's letters: an Aho-Corasick automaton with every transition made
/// (a word is a few letters, and a general search's setting up for each costs more than the
/// walk).
struct Pieces {
    /// The state after a letter: `next[state * 26 + letter]`; state 0 is the start.
    next: Vec<u32>,
    /// By state: the piece that ends there, if any (`NO_PIECE`), and its length.
    ends: Vec<(u32, u32)>,
    /// By state: the next state of its longest suffixes where a piece ends (`NO_PIECE`).
    suffix: Vec<u32>,
}

const NO_PIECE: u32 = u32::MAX;

impl Pieces {
    /// The automaton of `pieces`, runs of ASCII letters; piece `i` is `pieces[i]`.
    fn new(pieces: &[&[u8]]) -> Self {
        let mut p = Pieces {
            next: vec![0; 26],
            ends: vec![(NO_PIECE, 0)],
            suffix: vec![NO_PIECE],
        };
        // The trie: 0 stands for no child (the start is no state's child).
        for (i, piece) in pieces.iter().enumerate() {
            let mut state = 0;
            for &c in piece.iter() {
                let at = state * 26 + usize::from(c.to_ascii_lowercase() - b'a');
                if p.next[at] == 0 {
                    p.next[at] = p.ends.len() as u32;
                    p.next.extend([0; 26]);
                    p.ends.push((NO_PIECE, 0));
                    p.suffix.push(NO_PIECE);
                }
                state = p.next[at] as usize;
            }
            p.ends[state] = (i as u32, piece.len() as u32);
        }
        // Breadth first: each state's longest proper suffix that is a state (`fail`), then
        // its missing transitions are those of that suffix.
        let mut fail = vec![0u32; p.ends.len()];
        let mut queue = std::collections::VecDeque::new();
        for c in 0..26 {
            if p.next[c] != 0 {
                queue.push_back(p.next[c] as usize);
            }
        }
        while let Some(state) = queue.pop_front() {
            let f = fail[state] as usize;
            p.suffix[state] = match p.ends[f].0 {
                NO_PIECE => p.suffix[f],
                _ => f as u32,
            };
            for c in 0..26 {
                let child = p.next[state * 26 + c] as usize;
                let to = p.next[f * 26 + c];
                if child == 0 {
                    p.next[state * 26 + c] = to;
                } else {
                    fail[child] = to;
                    queue.push_back(child);
                }
            }
        }
        p
    }

    /// Does `found(piece, start, ends)` hold for a piece occurring in `w` (ASCII letters, in
    /// either case) at `start` (`ends`: where `w` ends)?
    fn any_in(&self, w: &[u8], mut found: impl FnMut(usize, usize, bool) -> bool) -> bool {
        let mut state = 0;
        for (i, &c) in w.iter().enumerate() {
            state = self.next[state * 26 + usize::from((c | 0x20) - b'a')] as usize;
            let mut at = match self.ends[state].0 {
                NO_PIECE => self.suffix[state],
                _ => state as u32,
            };
            while at != NO_PIECE {
                let (piece, len) = self.ends[at as usize];
                if found(piece as usize, i + 1 - len as usize, i + 1 == w.len()) {
                    return true;
                }
                at = self.suffix[at as usize];
            }
        }
        false
    }
}

/// Stands in a text looked for for a word's bound: no letter, digit or `_` (or the line's
/// start or end). No text of a catalog holds it.
const EDGE: u8 = 0;

/// Is `c` a byte of a word, as `\b` reads one?
fn word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Is `look` a bound that no word byte stands beside, on a side where one does?
fn bound(look: Look) -> bool {
    matches!(
        look,
        Look::Start
            | Look::End
            | Look::StartLF
            | Look::EndLF
            | Look::WordAscii
            | Look::WordUnicode
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartUnicode
            | Look::WordEndUnicode
    )
}

/// The steps `changed_letter` has made for it once (`changed` asks for 1 and 3).
const STEPS: usize = 4;

/// ASCII letters by `packed`, either case alike.
const LETTERS: [u8; 256] = {
    let mut code = [0u8; 256];
    let mut c = 0;
    while c < 26 {
        code[b'a' as usize + c] = c as u8 + 1;
        code[b'A' as usize + c] = c as u8 + 1;
        c += 1;
    }
    code
};

/// The kinds of letters a coarse shape tells apart.
const KINDS: [std::ops::RangeInclusive<u8>; 2] = [b'a'..=b'z', b'A'..=b'Z'];

/// The bytes that stand for the kinds of letters in a shape: bytes no UTF-8 text holds, but
/// 0xFF (see `Shapes::finer`).
const MASKS: [u8; 12] = [
    0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xC0, 0xC1,
];

impl Vocabulary {
    /// The byte that stands for the letter `c` of a free word in a shape: its kind.
    pub(super) fn letter_mask(&self, c: u8) -> u8 {
        MASKS[usize::from(self.block[usize::from(c & 0x7F)]).min(MASKS.len() - 1)]
    }

    /// The letter `c` of a free word changed to another of its kind, the `step`th after it in
    /// the alphabet (the same letter when it is alone of its kind).
    pub(super) fn changed_letter(&self, c: u8, step: usize) -> u8 {
        match (self.changes.get(usize::from(c))).and_then(|steps| steps.get(step)) {
            Some(&changed) => changed,
            None => self.change(c, step),
        }
    }

    /// `changed_letter`, worked out.
    fn change(&self, c: u8, step: usize) -> u8 {
        let kind = self.block[usize::from(c & 0x7F)];
        // Past `f`, so that a hex class does not start matching where it did not.
        let of: Vec<u8> = ((b'A'..=b'Z').chain(b'a'..=b'z'))
            .filter(|&l| self.block[usize::from(l)] == kind && (!l.is_ascii_hexdigit() || l == c))
            .collect();
        let at = of.iter().position(|&l| l == c).unwrap_or(0);
        of.get((at + step) % of.len().max(1)).copied().unwrap_or(c)
    }
}

/// The letter a class matches, lower-cased, when it matches one letter in one or both cases
/// and nothing else (`(?i)e` is `[Ee]`).
fn one_letter(class: &Class) -> Option<u8> {
    let bytes: Vec<u8> = match class {
        Class::Bytes(b) => (b.ranges().iter())
            .flat_map(|r| r.start()..=r.end())
            .take(3)
            .collect(),
        Class::Unicode(u) => (u.ranges().iter())
            .flat_map(|r| r.start()..=r.end())
            .take(3)
            .map(|c| u8::try_from(c).unwrap_or(0))
            .collect(),
    };
    let first = bytes.first()?.to_ascii_lowercase();
    (first.is_ascii_alphabetic()
        && bytes.len() <= 2
        && bytes.iter().all(|c| c.to_ascii_lowercase() == first))
    .then_some(first)
}

/// What `hir` matches when it is literals only (a literal, a choice of literals, a literal
/// repeated or left out), lower-cased.
fn simple(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(l) => Some(vec![l.0.to_ascii_lowercase()]),
        HirKind::Class(c) => one_letter(c).map(|b| vec![vec![b]]),
        HirKind::Capture(c) => simple(&c.sub),
        HirKind::Repetition(r) => simple(&r.sub),
        HirKind::Alternation(items) => {
            let each: Option<Vec<Vec<Vec<u8>>>> = items.iter().map(simple).collect();
            Some(each?.into_iter().flatten().collect())
        }
        HirKind::Concat(items) => {
            let mut words = vec![Vec::new()];
            for h in items {
                let [one] = &simple(h)?[..] else {
                    return None;
                };
                words[0].extend_from_slice(one);
            }
            Some(words)
        }
        HirKind::Look(_) | HirKind::Empty => None,
    }
}

/// Does every match of `hir` start (`last`: end) with a digit (or `_`)?
fn digit_at(hir: &Hir, last: bool) -> bool {
    let digit = |c: &u8| c.is_ascii_digit() || *c == b'_';
    let end = |bytes: &[u8]| if last { bytes.last() } else { bytes.first() }.is_some_and(digit);
    match hir.kind() {
        HirKind::Class(Class::Bytes(b)) => {
            (b.ranges().iter()).all(|r| (r.start()..=r.end()).all(|c| digit(&c)))
        }
        HirKind::Literal(l) => end(&l.0),
        HirKind::Repetition(r) => r.min > 0 && digit_at(&r.sub, last),
        HirKind::Capture(c) => digit_at(&c.sub, last),
        HirKind::Concat(items) => {
            (if last { items.last() } else { items.first() }).is_some_and(|h| digit_at(h, last))
        }
        _ => false,
    }
}

/// Is `hir` a choice or a repetition (perhaps captured): no literal of a run?
fn choice(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Repetition(_) | HirKind::Alternation(_) => true,
        HirKind::Capture(c) => choice(&c.sub),
        _ => false,
    }
}

/// The letter every match of `hir` starts with, when it starts with a literal letter.
fn first_letter(hir: &Hir) -> Option<u8> {
    let b = match hir.kind() {
        HirKind::Literal(l) => l.0.first().copied(),
        HirKind::Class(c) => one_letter(c),
        HirKind::Capture(c) => first_letter(&c.sub),
        HirKind::Concat(items) => first_letter(items.first()?),
        _ => None,
    }?;
    b.is_ascii_alphabetic().then_some(b)
}

/// `text`, lower-cased, as bytes.
fn lower(text: &str) -> Vec<u8> {
    text.as_bytes().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn vocabulary() -> &'static Vocabulary {
        static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        VOCABULARY.get_or_init(|| Vocabulary::new(CATALOG.get_or_init(Catalog::builtin)))
    }

    /// `holds_piece` as first written: every occurrence of every piece in the word, found
    /// by looking at each place of the word, and every place of that piece in the texts.
    fn holds_piece_place_by_place(v: &Vocabulary, b: &[u8], s: usize, w: &[u8]) -> bool {
        let w = w.to_ascii_lowercase();
        v.of.iter().any(|places| {
            let all: Vec<&(usize, usize)> = places.iter().flatten().collect();
            let Some(&&(t, at)) = all.first() else {
                return false;
            };
            let text = &v.texts[t];
            let len = (text[at..].iter())
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            let piece = &text[at..at + len];
            (0..w.len())
                .filter(|&k| w[k..].starts_with(piece))
                .any(|k| {
                    all.iter().any(|&&(t, at)| {
                        let Some(start) = (s + k + 1).checked_sub(at) else {
                            return false;
                        };
                        v.texts[t].iter().enumerate().all(|(j, &c)| {
                            let byte = (start + j).checked_sub(1).and_then(|at| b.get(at));
                            match c {
                                EDGE => byte.is_none_or(|&c| !word_byte(c)),
                                _ => byte.is_some_and(|x| x.to_ascii_lowercase() == c),
                            }
                        })
                    })
                })
        })
    }

    /// Parts of lines: the texts looked for anywhere (their bounds as spaces or not at all),
    /// in any case, glued to letters or to another, and letters and bytes around them.
    fn part() -> impl Strategy<Value = String> {
        let texts: Vec<String> = (vocabulary().texts.iter())
            .map(|t| String::from_utf8_lossy(t).replace('\0', " "))
            .collect();
        prop_oneof![
            prop::sample::select(texts.clone()),
            prop::sample::select(texts.clone()).prop_map(|t| t.to_ascii_uppercase()),
            (
                prop::sample::select(texts.clone()),
                "[a-zA-Z]{0,3}",
                "[a-zA-Z]{0,3}"
            )
                .prop_map(|(t, a, z)| format!("{a}{}{z}", t.trim())),
            // A piece inside a longer run of the automaton's (`username`).
            (
                prop::sample::select(texts.clone()),
                prop::sample::select(texts)
            )
                .prop_map(|(a, z)| format!("{}{}", a.trim(), z.trim())),
            "[a-zA-Z]{1,12}",
            "[ :=/._\"'-]{1,2}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// A word of a line holds a piece of a text that occurs over it as looking at each
        /// place of the word and each place of the piece in the texts tells.
        #[test]
        fn pieces_are_found_as_place_by_place(parts in prop::collection::vec(part(), 1..6)) {
            let v = vocabulary();
            let line = parts.concat();
            let b = line.as_bytes();
            let mut i = 0;
            while i < b.len() {
                let s = i;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if i > s && i - s <= 32 {
                    let w = &b[s..i];
                    let by_place = holds_piece_place_by_place(v, b, s, w);
                    prop_assert_eq!(v.holds_piece(b, s, w), by_place, "{:?} at {}", line, s);
                }
                i = i.max(s + 1);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// The automaton finds every occurrence of every piece in a word, in either case,
        /// where they overlap and where one ends another: as looking at each place does.
        #[test]
        fn the_automaton_finds_each_occurrence(
            pieces in prop::collection::hash_set("[a-c]{1,4}", 1..8),
            word in "[a-cA-C]{0,12}",
        ) {
            let pieces: Vec<&[u8]> = pieces.iter().map(|p| p.as_bytes()).collect();
            let automaton = Pieces::new(&pieces);
            let w = word.as_bytes();
            let mut found = Vec::new();
            let any = automaton.any_in(w, |p, from, ends| {
                found.push((p, from, ends));
                false
            });
            prop_assert!(!any);
            let lower = w.to_ascii_lowercase();
            let mut each = Vec::new();
            for end in 1..=w.len() {
                for (p, piece) in pieces.iter().enumerate() {
                    if lower[..end].ends_with(piece) {
                        each.push((p, end - piece.len(), end == w.len()));
                    }
                }
            }
            found.sort_unstable();
            each.sort_unstable();
            prop_assert_eq!(found, each, "{:?}", word);
        }
    }

    /// The vocabulary's words are found whatever their case, and other words are not.
    #[test]
    fn words_are_found_in_either_case() {
        let v = vocabulary();
        for (word, known) in [
            ("invalid", true),
            ("INVALID", true),
            ("Invalid", true),
            ("wfnabcve", false),
        ] {
            let found = packed(word.as_bytes(), &LETTERS).is_some_and(|n| v.words.contains(&n));
            assert_eq!(found, known, "{word}");
        }
    }
}

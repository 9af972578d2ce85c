//! A progress line on stderr while `scan` reads a large file on a terminal: how much of the
//! file is read, at what rate, and about how long is left. Redrawn at most ten times a second
//! and cleared at the end; never drawn on a pipe (the caller decides).

use std::io::{self, Write};
use std::time::{Duration, Instant};

/// Files smaller than this are read too fast for a progress line to help.
pub const MIN_SIZE: u64 = 32 << 20;

pub struct Progress {
    name: String,
    total: u64,
    start: Instant,
    next: Instant,
    drawn: bool,
}

impl Progress {
    /// For a file of `total` bytes, shown as `name` (already escaped). The first line is
    /// drawn after half a second, so that a quick read draws nothing.
    pub fn new(name: String, total: u64) -> Self {
        let start = Instant::now();
        Progress {
            name,
            total,
            start,
            next: start + Duration::from_millis(500),
            drawn: false,
        }
    }

    /// Redraws the line for `done` bytes read, if a tenth of a second has passed.
    pub fn show(&mut self, done: u64, err: &mut impl Write) -> io::Result<()> {
        let now = Instant::now();
        if now < self.next {
            return Ok(());
        }
        self.next = now + Duration::from_millis(100);
        let seconds = now.duration_since(self.start).as_secs_f64().max(0.001);
        let rate = done as f64 / seconds;
        let left = if rate > 0.0 {
            format!(
                ", about {} left",
                duration(self.total.saturating_sub(done) as f64 / rate)
            )
        } else {
            String::new()
        };
        write!(
            err,
            "\r\x1b[Kautherr: scanning {}: {} of {} ({}/s){left}",
            self.name,
            size(done as f64),
            size(self.total as f64),
            size(rate),
        )?;
        self.drawn = true;
        err.flush()
    }

    /// Clears the line, if one was drawn.
    pub fn clear(&mut self, err: &mut impl Write) -> io::Result<()> {
        if std::mem::take(&mut self.drawn) {
            write!(err, "\r\x1b[K")?;
            err.flush()?;
        }
        Ok(())
    }
}

/// `bytes` in MB or GB, one decimal.
fn size(bytes: f64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024.0 * MB {
        format!("{:.1} GB", bytes / (1024.0 * MB))
    } else {
        format!("{:.1} MB", bytes / MB)
    }
}

/// Seconds as `12 s` or `3 min 5 s`.
fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_how_much_how_fast_and_how_long() {
        let mut p = Progress::new("app.log".into(), 100 << 20);
        p.start -= Duration::from_secs(2);
        p.next = Instant::now();
        let mut err = Vec::new();
        p.show(50 << 20, &mut err).unwrap();
        let line = String::from_utf8(err).unwrap();
        assert_eq!(
            line,
            "\r\x1b[Kautherr: scanning app.log: 50.0 MB of 100.0 MB (25.0 MB/s), about 2 s left"
        );
        let mut err = Vec::new();
        p.show(60 << 20, &mut err).unwrap();
        assert!(err.is_empty(), "redrawn at most ten times a second");
        p.clear(&mut err).unwrap();
        assert_eq!(err, b"\r\x1b[K");
        assert_eq!(
            (size(3.5 * 1024.0 * 1048576.0), duration(185.0)),
            ("3.5 GB".to_string(), "3 min 5 s".to_string())
        );
    }
}

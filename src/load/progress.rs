//! Progress of the table being read: a spinner with the row count on a terminal, a plain
//! line every few seconds otherwise (a log), nothing when switched off (tests, the API).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// The progress display of one table.
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    last_plain: Instant,
}

impl Progress {
    /// Starts showing progress for `table` when `enabled`.
    pub(crate) fn new(enabled: bool, table: &str) -> Self {
        let terminal = enabled && std::io::stderr().is_terminal();
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {prefix:<14} {pos:>9} rows {per_sec:>12} {elapsed}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_prefix(table.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Self {
            bar,
            plain: enabled && !terminal,
            last_plain: Instant::now(),
        }
    }

    /// `rows` of `table` have been read.
    pub(crate) fn update(&mut self, table: &str, rows: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(rows);
        } else if self.plain && self.last_plain.elapsed() >= Duration::from_secs(5) {
            eprintln!("{table}: {rows} rows read");
            self.last_plain = Instant::now();
        }
    }

    /// The table is done: the spinner goes away (the summary table says the rest).
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

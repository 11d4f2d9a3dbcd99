//! The one random stream of a run. Every draw of the generator goes through [`Random`], and
//! the generator makes its draws in a fixed order, so that a (preset, seed) pair gives
//! byte-identical files. Draws are made over `u32` and `i64` ranges only: their results do
//! not depend on the platform's `usize`.

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The seeded ChaCha8 stream and the few kinds of draw the generator makes from it.
pub(super) struct Random {
    stream: ChaCha8Rng,
}

impl Random {
    /// The stream of `seed`.
    pub(super) fn seeded(seed: u64) -> Random {
        Random {
            stream: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A uniform index in `0..n`; `n` must be positive.
    pub(super) fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        self.stream.gen_range(0..n as u32) as usize
    }

    /// A uniform integer in `min..=max`. When the range holds a single value (or none),
    /// `min` is returned without a draw: presets with fixed counts depend on that.
    pub(super) fn range(&mut self, min: i64, max: i64) -> i64 {
        if max <= min {
            return min;
        }
        self.stream.gen_range(min..=max)
    }

    /// A count drawn from a preset's `(min, max)` pair, as [`Random::range`] does.
    pub(super) fn count(&mut self, (min, max): (i64, i64)) -> i64 {
        self.range(min, max)
    }

    /// True with probability `probability`.
    pub(super) fn chance(&mut self, probability: f64) -> bool {
        self.fraction() < probability
    }

    /// A uniform number in `[0, 1)`.
    pub(super) fn fraction(&mut self) -> f64 {
        self.stream.gen::<f64>()
    }

    /// One item of a non-empty slice, uniformly.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A uniform date in `from..=to` (`from` when `to` is earlier).
    pub(super) fn date_in(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + Duration::days(self.range(0, span))
    }
}

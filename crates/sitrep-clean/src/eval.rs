//! Scoring for the extraction benchmarks, shared by `sitrep-bench` and the
//! benchmark test so that both report the same numbers.
//!
//! Article bodies: the standard metric of the ScrapingHub article-extraction
//! benchmark. Tokens are `\w+` runs; each text becomes a multiset of 4-token
//! shingles; per page tp = shared shingles, fp = extra predicted, fn =
//! missing; precision and recall are the means over pages of tp/(tp+fp) and
//! tp/(tp+fn) (both 1.0 when fp = fn = 0); F1 is the harmonic mean of the two
//! means. Error bars come from a percentile bootstrap over pages.
//!
//! Publication dates: a correct date is a true positive, a wrong date a false
//! positive, no date a false negative; accuracy is correct / all pages.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("valid regex"));

/// Shingle precision and recall of one page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    pub precision: f64,
    pub recall: f64,
}

fn shingles(text: &str) -> HashMap<[&str; 4], usize> {
    let tokens: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    for w in tokens.windows(4) {
        *out.entry([w[0], w[1], w[2], w[3]]).or_insert(0) += 1;
    }
    out
}

/// Scores `predicted` against `truth` on 4-token shingles.
pub fn shingle_score(predicted: &str, truth: &str) -> PageScore {
    let (p, t) = (shingles(predicted), shingles(truth));
    let tp: usize = p
        .iter()
        .map(|(k, n)| (*n).min(*t.get(k).unwrap_or(&0)))
        .sum();
    let fp = p.values().sum::<usize>() - tp;
    let fn_ = t.values().sum::<usize>() - tp;
    if fp == 0 && fn_ == 0 {
        return PageScore {
            precision: 1.0,
            recall: 1.0,
        };
    }
    let ratio = |a: usize, b: usize| {
        if a + b == 0 {
            0.0
        } else {
            a as f64 / (a + b) as f64
        }
    };
    PageScore {
        precision: ratio(tp, fp),
        recall: ratio(tp, fn_),
    }
}

/// Precision, recall and F1 over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// A 95% interval `(low, high)` for each of the summary figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intervals {
    pub precision: (f64, f64),
    pub recall: (f64, f64),
    pub f1: (f64, f64),
}

/// Per-page scores of one extractor on a benchmark.
#[derive(Debug, Clone, Default)]
pub struct ArticleScores {
    pub pages: Vec<PageScore>,
}

impl ArticleScores {
    pub fn add(&mut self, score: PageScore) {
        self.pages.push(score);
    }

    pub fn summary(&self) -> Summary {
        summarize(self.pages.iter())
    }

    /// Percentile bootstrap: `rounds` resamples of the pages with
    /// replacement, from a fixed seed so that runs are reproducible.
    pub fn bootstrap(&self, rounds: usize, seed: u64) -> Intervals {
        let n = self.pages.len();
        let mut rng = SplitMix64(seed);
        let (mut ps, mut rs, mut fs) = (Vec::new(), Vec::new(), Vec::new());
        if n > 0 {
            for _ in 0..rounds {
                let s = summarize((0..n).map(|_| &self.pages[rng.below(n)]));
                ps.push(s.precision);
                rs.push(s.recall);
                fs.push(s.f1);
            }
        }
        Intervals {
            precision: percentile_interval(&mut ps),
            recall: percentile_interval(&mut rs),
            f1: percentile_interval(&mut fs),
        }
    }
}

fn summarize<'a>(pages: impl Iterator<Item = &'a PageScore>) -> Summary {
    let (mut p, mut r, mut n) = (0.0, 0.0, 0usize);
    for s in pages {
        p += s.precision;
        r += s.recall;
        n += 1;
    }
    if n == 0 {
        return Summary {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
        };
    }
    let (p, r) = (p / n as f64, r / n as f64);
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Summary {
        precision: p,
        recall: r,
        f1,
    }
}

fn percentile_interval(values: &mut [f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.025), at(0.975))
}

/// A small, well-known generator (Steele et al.'s SplitMix64): the bootstrap
/// needs reproducible uniform indices, not cryptographic quality.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Publication-date outcomes over a benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateTally {
    pub correct: usize,
    pub wrong: usize,
    pub missing: usize,
}

impl DateTally {
    pub fn add<T: PartialEq>(&mut self, found: Option<T>, truth: &T) {
        match found {
            Some(d) if d == *truth => self.correct += 1,
            Some(_) => self.wrong += 1,
            None => self.missing += 1,
        }
    }

    /// Like [`DateTally::add`], for a page whose gold date may be absent:
    /// finding none there is correct, finding one is wrong.
    pub fn add_page<T: PartialEq>(&mut self, found: Option<T>, truth: Option<T>) {
        match truth {
            Some(t) => self.add(found, &t),
            None if found.is_none() => self.correct += 1,
            None => self.wrong += 1,
        }
    }

    pub fn pages(&self) -> usize {
        self.correct + self.wrong + self.missing
    }

    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.correct + self.wrong)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.correct + self.missing)
    }

    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.pages())
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_scores() {
        let truth = "one two three four five six";
        assert_eq!(
            shingle_score(truth, truth),
            PageScore {
                precision: 1.0,
                recall: 1.0
            }
        );
        // Punctuation and spacing do not matter, words do.
        assert_eq!(
            shingle_score("one, two. three  four five six", truth).precision,
            1.0
        );
        let s = shingle_score("one two three four", truth);
        assert_eq!((s.precision, s.recall), (1.0, 1.0 / 3.0));
        let s = shingle_score("zero one two three four", truth);
        assert_eq!((s.precision, s.recall), (0.5, 1.0 / 3.0));
        // Nothing predicted for an empty truth is perfect; anything else is not.
        assert_eq!(shingle_score("", "").precision, 1.0);
        assert_eq!(shingle_score("", truth).recall, 0.0);
        // Multisets: a repeated shingle counts as often as it occurs.
        let s = shingle_score("a b c d a b c d", "a b c d");
        assert_eq!(s.recall, 1.0);
        assert!(s.precision < 1.0);
    }

    #[test]
    fn f1_is_of_the_means() {
        let mut scores = ArticleScores::default();
        scores.add(PageScore {
            precision: 1.0,
            recall: 0.5,
        });
        scores.add(PageScore {
            precision: 0.5,
            recall: 1.0,
        });
        let s = scores.summary();
        assert_eq!((s.precision, s.recall, s.f1), (0.75, 0.75, 0.75));
        let ci = scores.bootstrap(200, 7);
        assert!(ci.f1.0 <= 0.75 && 0.75 <= ci.f1.1, "{ci:?}");
        assert!(ci.precision.0 >= 0.5 && ci.precision.1 <= 1.0);
        // Same seed, same intervals.
        assert_eq!(ci, scores.bootstrap(200, 7));
    }

    #[test]
    fn date_tally() {
        let mut t = DateTally::default();
        t.add(Some(1), &1);
        t.add(Some(2), &1);
        t.add(None, &1);
        t.add(Some(3), &3);
        t.add_page(None::<i32>, None);
        t.add_page(Some(4), None);
        assert_eq!(
            t,
            DateTally {
                correct: 3,
                wrong: 2,
                missing: 1
            }
        );
        assert_eq!(t.accuracy(), 0.5);
        assert_eq!(t.precision(), 3.0 / 5.0);
        assert_eq!(t.recall(), 3.0 / 4.0);
    }
}

//! The progress bar of `ingest` and `demo`: only when a person watches.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use sitrep::ingest::Progress;

/// A bar driven by the library's [`Progress`] callback. Hidden when stderr
/// is not a terminal, so logs and pipes stay clean; failures are printed as
/// one `error:` line each, above the bar.
pub struct Bar {
    bar: ProgressBar,
}

/// One line at any width: a fixed bar, counts, rate and time left, then
/// the input's file name cut to what is left of the line.
const TEMPLATE: &str = "{bar:24} {pos}/{len} {per_sec:>9} ETA {eta:>3} {wide_msg}";

impl Bar {
    pub fn new() -> Bar {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(ProgressStyle::with_template(TEMPLATE).expect("progress template is valid"));
        Bar { bar }
    }

    /// Handles one progress report of an ingest.
    pub fn on(&self, progress: Progress<'_>) {
        match progress {
            // A single input needs no bar.
            Progress::Inputs(n) if n < 2 => self
                .bar
                .set_draw_target(indicatif::ProgressDrawTarget::hidden()),
            Progress::Inputs(n) => self.bar.set_length(n as u64),
            Progress::Reading(name) => {
                self.bar.inc(1);
                self.bar.set_message(short_name(name));
            }
            Progress::Stored { .. } => {}
            Progress::Failed(message) => self
                .bar
                .suspend(|| eprintln!("error: {}", crate::render::terminal_safe(message))),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The last component of a path: the bar has no room for directories.
fn short_name(name: &str) -> String {
    let file = Path::new(name)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_owned());
    crate::render::terminal_safe(&file).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_names_files_without_their_directories() {
        assert_eq!(
            short_name("/very/long/path/to/some/news/page.html.gz"),
            "page.html.gz"
        );
        assert_eq!(short_name("-"), "-");
        assert_eq!(short_name("crawl.warc.gz"), "crawl.warc.gz");
        assert_eq!(
            short_name("dir/bad\u{1b}[2Jname.txt"),
            "bad\\u{1b}[2Jname.txt"
        );
    }

    #[test]
    fn the_bar_fits_eighty_columns() {
        let screen = Narrow::default();
        let bar = ProgressBar::with_draw_target(
            Some(1000),
            indicatif::ProgressDrawTarget::term_like_with_hz(Box::new(screen.clone()), 200),
        );
        bar.set_style(ProgressStyle::with_template(TEMPLATE).unwrap());
        bar.set_message(short_name(&format!(
            "/data/{}/page-{}.html",
            "x".repeat(200),
            "y".repeat(120)
        )));
        bar.inc(10);
        bar.tick();
        let drawn = screen.0.lock().unwrap().clone();
        let lines: Vec<&String> = drawn.iter().filter(|l| l.contains("10/1000")).collect();
        assert!(!lines.is_empty(), "nothing drawn: {drawn:?}");
        for line in lines {
            assert!(
                line.chars().count() <= 80,
                "{} columns: {line}",
                line.chars().count()
            );
            assert!(line.contains("ETA"), "{line}");
        }
    }

    /// A terminal 80 columns wide that keeps what is drawn on it.
    #[derive(Debug, Default, Clone)]
    struct Narrow(std::sync::Arc<std::sync::Mutex<Vec<String>>>);
    impl indicatif::TermLike for Narrow {
        fn width(&self) -> u16 {
            80
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, line: &str) -> std::io::Result<()> {
            self.write_str(line)
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push(s.to_owned());
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }
}

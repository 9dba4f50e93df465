//! Paths, directories and stdin → bytes for [`crate::read_bytes`].

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sitrep_core::Document;
use walkdir::{DirEntry, WalkDir};

use crate::decode::{gunzip, read_bytes};
use crate::error::{IngestError, one_line};
use crate::feed::{feed_documents, looks_like_feed};
use crate::warc::WarcDocuments;
use crate::{Documents, IngestOptions, Input};

/// Extensions a directory walk picks up; anything else in a directory is
/// assumed not to be an article (images, PDFs, build files).
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "htm", "html", "xhtml", "md", "warc", "rss", "atom",
];

/// Names of the files a project or a download carries beside its content
/// (compared case-insensitively on the name before its first dot): a
/// directory walk never reads them as news.
const NOT_DOCUMENTS: &[&str] = &[
    "readme",
    "license",
    "licence",
    "copying",
    "notice",
    "changelog",
    "changes",
    "contributing",
    "authors",
    "contributors",
    "code_of_conduct",
    "security",
    "install",
    "todo",
    "makefile",
    "dockerfile",
];

/// What a directory walk found: the inputs to read, and how many files it
/// passed over as not documents (other extensions, README-style files).
#[derive(Debug, Default)]
pub struct Expansion {
    /// Files, stdin, and errors naming what could not be listed.
    pub inputs: Vec<Result<Input, IngestError>>,
    /// Files inside directories left out as not documents.
    pub skipped: usize,
}

/// See [`crate::expand_inputs`].
pub fn expand_inputs(paths: &[PathBuf]) -> Vec<Result<Input, IngestError>> {
    expand(paths).inputs
}

/// Like [`expand_inputs`], also counting the files a walk left out. A file
/// named on the command line is always read, whatever its name.
pub fn expand(paths: &[PathBuf]) -> Expansion {
    let mut out = Expansion::default();
    for path in paths {
        if path.as_os_str() == "-" {
            out.inputs.push(Ok(Input::Stdin));
            continue;
        }
        match fs::metadata(path) {
            Err(e) => out
                .inputs
                .push(Err(IngestError::io(&path.display().to_string(), e))),
            Ok(meta) if meta.is_dir() => walk(path, &mut out),
            Ok(_) => out.inputs.push(Ok(Input::Path(path.clone()))),
        }
    }
    out
}

fn walk(root: &Path, expansion: &mut Expansion) {
    let out = &mut expansion.inputs;
    let before = out.len();
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // The root itself may be hidden (`.`, `.cache/x`): the user named it.
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e));
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() && wanted(e.path()) => {
                out.push(Ok(Input::Path(e.into_path())));
            }
            Ok(e) if e.file_type().is_file() => expansion.skipped += 1,
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(root).display().to_string();
                let detail = e
                    .io_error()
                    .map_or_else(|| one_line(&e.to_string()), |io| one_line(&io.to_string()));
                out.push(Err(IngestError::Walk { path, detail }));
            }
        }
    }
    tracing::debug!(root = %root.display(), inputs = out.len() - before, "walked directory");
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry
        .file_name()
        .to_str()
        .is_some_and(|n| n.starts_with('.'))
}

/// A text-like extension, no extension, or `.gz` over either, and not a
/// README-style project file.
fn wanted(path: &Path) -> bool {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = stem.split('.').next().unwrap_or_default();
    if NOT_DOCUMENTS.contains(&stem) {
        return false;
    }
    let Some(ext) = path.extension() else {
        return true;
    };
    let ext = ext.to_string_lossy().to_ascii_lowercase();
    if ext == "gz" {
        // `notes.gz` is text; `photo.jpg.gz` is not.
        return path.file_stem().map(Path::new).is_none_or(wanted);
    }
    TEXT_EXTENSIONS.contains(&ext.as_str())
}

/// See [`crate::read_input`].
pub fn read_input(input: &Input, opts: &IngestOptions) -> Result<Document, IngestError> {
    match input {
        Input::Path(path) => read_path(path, opts),
        Input::Stdin => {
            let bytes = read_capped("<stdin>", io::stdin().lock(), opts.max_bytes, "input")?;
            read_bytes("-", &bytes, opts)
        }
    }
}

/// What kind of container an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Single,
    Warc,
    /// A feed by its extension (`.rss`, `.atom`).
    Feed,
    /// Maybe a feed (`.xml`, `.json`): sniffed.
    MaybeFeed,
}

fn container_of(path: &Path) -> Container {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".warc") {
        Container::Warc
    } else if name.ends_with(".rss") || name.ends_with(".atom") {
        Container::Feed
    } else if name.ends_with(".xml") || name.ends_with(".json") {
        Container::MaybeFeed
    } else {
        Container::Single
    }
}

/// See [`crate::documents`].
pub fn documents(input: &Input, opts: &IngestOptions) -> Documents {
    match input {
        Input::Path(path) if container_of(path) == Container::Warc => {
            let name = path.display().to_string();
            match File::open(path) {
                Ok(file) => {
                    let skipped = Arc::default();
                    let docs = WarcDocuments::new(name, file, opts, Arc::clone(&skipped));
                    Documents::new(docs, skipped)
                }
                Err(e) => Documents::one(Err(IngestError::io(&name, e))),
            }
        }
        Input::Stdin => {
            let bytes = match read_capped("<stdin>", io::stdin().lock(), opts.max_bytes, "input") {
                Ok(b) => b,
                Err(e) => return Documents::one(Err(e)),
            };
            if looks_like_feed(&bytes) {
                feed_documents("<stdin>", &bytes, opts)
            } else if is_warc(&bytes) {
                let skipped = Arc::default();
                let docs = WarcDocuments::new(
                    "<stdin>".into(),
                    io::Cursor::new(bytes),
                    opts,
                    Arc::clone(&skipped),
                );
                Documents::new(docs, skipped)
            } else {
                Documents::one(read_bytes("-", &bytes, opts))
            }
        }
        Input::Path(path) => match container_of(path) {
            Container::Feed | Container::MaybeFeed => {
                let name = path.display().to_string();
                let bytes = match read_file_bytes(path, opts).and_then(|b| {
                    if b.starts_with(&[0x1f, 0x8b]) {
                        gunzip(&name, &b, opts.max_bytes)
                    } else {
                        Ok(b)
                    }
                }) {
                    Ok(b) => b,
                    Err(e) => return Documents::one(Err(e)),
                };
                if container_of(path) == Container::Feed || looks_like_feed(&bytes) {
                    feed_documents(&name, &bytes, opts)
                } else {
                    Documents::one(read_bytes(&name, &bytes, opts))
                }
            }
            _ => Documents::one(read_input(input, opts)),
        },
    }
}

/// A WARC archive, plain or gzipped, by its first bytes.
fn is_warc(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut head = [0u8; 5];
        let mut gz = flate2::read::MultiGzDecoder::new(bytes);
        return gz.read_exact(&mut head).is_ok() && &head == b"WARC/";
    }
    bytes.starts_with(b"WARC/")
}

/// See [`crate::read_path`].
pub fn read_path(path: &Path, opts: &IngestOptions) -> Result<Document, IngestError> {
    let bytes = read_file_bytes(path, opts)?;
    read_bytes(&path.display().to_string(), &bytes, opts)
}

/// A file's bytes, within the size limit, refused before reading a byte
/// when the file says it is too large. Only regular files have a
/// meaningful size; FIFOs (`<(zcat …)`) report 0 and are capped while
/// reading.
fn read_file_bytes(path: &Path, opts: &IngestOptions) -> Result<Vec<u8>, IngestError> {
    let name = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| IngestError::io(&name, e))?;
    if meta.is_dir() {
        return Err(IngestError::IsDirectory { path: name });
    }
    if meta.is_file() && meta.len() > opts.max_bytes {
        return Err(IngestError::TooLarge {
            path: name,
            size: meta.len(),
            limit: opts.max_bytes,
        });
    }
    let file = File::open(path).map_err(|e| IngestError::io(&name, e))?;
    read_capped(&name, file, opts.max_bytes, "file")
}

/// Reads at most `limit + 1` bytes: a stream (or a file growing under us)
/// over the limit is refused without holding more than that in memory.
fn read_capped(
    name: &str,
    reader: impl Read,
    limit: u64,
    what: &'static str,
) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::io(name, e))?;
    if bytes.len() as u64 > limit {
        return Err(IngestError::LimitExceeded {
            path: name.to_owned(),
            what,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_walk_leaves_out_project_files_and_counts_them() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "README.md",
            "LICENSE",
            "CHANGELOG.md",
            "Licence.txt",
            "photo.jpg",
            "strike.txt",
            "raid.html",
        ] {
            std::fs::write(dir.path().join(name), "A drone struck a depot.").unwrap();
        }
        let found = expand(&[dir.path().to_path_buf()]);
        let names: Vec<String> = found
            .inputs
            .iter()
            .map(|i| i.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names[0].ends_with("raid.html") && names[1].ends_with("strike.txt"));
        assert_eq!(found.skipped, 5);
        // Named explicitly, a README is read like any file.
        let readme = dir.path().join("README.md");
        let named = expand(std::slice::from_ref(&readme));
        assert_eq!(named.inputs.len(), 1);
        assert_eq!(named.skipped, 0);
    }
    use super::*;
    use std::io::Write;

    fn opts() -> IngestOptions {
        IngestOptions::default()
    }

    fn write(dir: &Path, rel: &str, data: &[u8]) -> PathBuf {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, data).unwrap();
        path
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn err_of(path: &Path, o: &IngestOptions) -> String {
        read_path(path, o).unwrap_err().to_string()
    }

    #[test]
    fn expands_directories_sorted_and_filtered() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        for rel in [
            "b.txt",
            "a.html",
            "README",
            "sub/c.md",
            "sub/d.txt.gz",
            "sub/e.HTM",
            "x.pdf",
            "img.jpg.gz",
            ".hidden.txt",
            ".git/config.txt",
            "sub/.cache/f.txt",
        ] {
            write(d, rel, b"Some text.");
        }
        let got: Vec<PathBuf> = expand_inputs(&[d.to_path_buf()])
            .into_iter()
            .map(|r| match r.unwrap() {
                Input::Path(p) => p.strip_prefix(d).unwrap().to_path_buf(),
                Input::Stdin => panic!("no stdin here"),
            })
            .collect();
        // README (no extension) is a project file, not news: left out.
        let want: Vec<PathBuf> = ["a.html", "b.txt", "sub/c.md", "sub/d.txt.gz", "sub/e.HTM"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn expand_keeps_files_stdin_and_reports_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let file = write(tmp.path(), "odd.bin", b"x");
        let missing = tmp.path().join("missing.txt");
        let got = expand_inputs(&[file.clone(), PathBuf::from("-"), missing.clone()]);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap(), &Input::Path(file));
        assert_eq!(got[1].as_ref().unwrap(), &Input::Stdin);
        let e = got[2].as_ref().unwrap_err().to_string();
        assert_eq!(e, format!("{}: no such file", missing.display()));
    }

    #[test]
    fn hidden_root_is_still_walked() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join(".stash");
        write(&root, "a.txt", b"x");
        let got = expand_inputs(std::slice::from_ref(&root));
        assert_eq!(got.len(), 1);
        assert!(got[0].is_ok());
    }

    #[test]
    fn reads_files_and_gzip() {
        let tmp = tempfile::tempdir().unwrap();
        let p = write(
            tmp.path(),
            "a.txt",
            b"Title: Base attacked\n\nRockets fell near the base.",
        );
        let doc = read_path(&p, &opts()).unwrap();
        assert_eq!(doc.body, "Rockets fell near the base.");
        assert_eq!(doc.title.as_deref(), Some("Base attacked"));
        assert_eq!(doc.source, p.display().to_string());

        let g = write(tmp.path(), "page.html.gz", &gz(b"<p>A fragment.</p>"));
        let doc = read_input(&Input::Path(g), &opts()).unwrap();
        assert_eq!(doc.format, sitrep_core::SourceFormat::Html);
        assert_eq!(doc.body, "<p>A fragment.</p>");
    }

    #[test]
    fn bad_files_name_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let o = opts();
        let p = write(d, "empty.txt", b"");
        assert_eq!(err_of(&p, &o), format!("{}: empty file", p.display()));
        let p = write(d, "x.bin", b"\x7fELF\x02\x01\x01\x00\x00");
        assert_eq!(
            err_of(&p, &o),
            format!("{}: binary data (NUL bytes), not text", p.display())
        );
        let p = write(d, "bad.txt", b"ok \xc3\x28 broken");
        assert_eq!(
            err_of(&p, &o),
            format!("{}: invalid UTF-8 at byte 3", p.display())
        );
        let full = gz(&b"Some repeated words here. ".repeat(500));
        let p = write(d, "cut.txt.gz", &full[..full.len() - 20]);
        assert!(
            err_of(&p, &o).starts_with(&format!("{}: truncated or corrupt gzip: ", p.display())),
            "{}",
            err_of(&p, &o)
        );
        let p = d.join("missing.txt");
        assert_eq!(err_of(&p, &o), format!("{}: no such file", p.display()));
        assert_eq!(
            err_of(d, &o),
            format!("{}: is a directory, not a file", d.display())
        );
    }

    #[test]
    fn size_is_checked_before_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("huge.txt");
        // A sparse file: huge by metadata, cheap on disk, and never read.
        let f = File::create(&p).unwrap();
        f.set_len(100 << 20).unwrap();
        assert_eq!(
            err_of(&p, &opts()),
            format!(
                "{}: 104857600 bytes exceeds the 67108864-byte limit (--max-bytes)",
                p.display()
            )
        );
    }

    #[test]
    fn gzip_bomb_file_is_capped() {
        let tmp = tempfile::tempdir().unwrap();
        let p = write(tmp.path(), "bomb.txt.gz", &gz(&vec![b'z'; 4 << 20]));
        let o = IngestOptions {
            max_bytes: 1 << 20,
            ..opts()
        };
        assert_eq!(
            err_of(&p, &o),
            format!(
                "{}: decompressed data exceeds the 1048576-byte limit (--max-bytes)",
                p.display()
            )
        );
    }

    #[test]
    fn capped_stream_reader() {
        let e = read_capped("<stdin>", &b"0123456789ab"[..], 10, "input").unwrap_err();
        assert_eq!(
            e.to_string(),
            "<stdin>: input exceeds the 10-byte limit (--max-bytes)"
        );
        assert_eq!(
            read_capped("-", &b"0123456789"[..], 10, "input")
                .unwrap()
                .len(),
            10
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_is_an_io_error() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let p = write(tmp.path(), "locked.txt", b"secret");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
        // Root can read anything; only assert when the OS actually refuses.
        if File::open(&p).is_err() {
            let e = err_of(&p, &opts());
            assert!(
                e.starts_with(&format!("{}: cannot read: ", p.display())),
                "{e}"
            );
        }
    }
}

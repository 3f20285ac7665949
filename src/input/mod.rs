//! Finding and reading inputs: files, directories (walked as ripgrep walks
//! them), standard input; plain text, Markdown, HTML and JSON Lines.

pub mod html;
mod html_source;
pub mod jsonl;
pub mod markdown;

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252, X_USER_DEFINED};
use globset::GlobSet;

use crate::document::Document;
use crate::error::Error;

/// Articles larger than this are refused (a news article is a few KB; a file
/// this large is a dump, not an article). JSON Lines files have no total
/// limit, only this limit per line.
pub const MAX_ARTICLE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
    Jsonl,
}

impl InputFormat {
    /// The format a file name implies, if it is one calque reads.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => InputFormat::Text,
            "md" | "markdown" | "mdown" | "mkd" => InputFormat::Markdown,
            "html" | "htm" | "xhtml" => InputFormat::Html,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            _ => return None,
        })
    }
}

/// One input to read: a file or standard input, with its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    /// What standard input is called in reports (`--stdin-filename`);
    /// `-` when not given.
    pub stdin_name: Option<PathBuf>,
    pub format: InputFormat,
    /// The encoding named on the command line (`--encoding`), if any; see
    /// [`decode`]. JSON Lines is always UTF-8.
    pub encoding: Option<&'static Encoding>,
    /// Which of the run's checkers scores it: 0, the configuration as read,
    /// unless `[[override]]` sections of `calque.toml` match its path.
    pub checker: usize,
}

impl Input {
    /// How the input is named in reports and errors.
    pub fn origin(&self) -> String {
        match (&self.path, &self.stdin_name) {
            (Some(p), _) | (None, Some(p)) => p.display().to_string(),
            (None, None) => "-".to_string(),
        }
    }
}

/// How the inputs are read, from the command line.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--input-format`: every input in this format, whatever its extension.
    pub format: Option<InputFormat>,
    /// `--encoding` (see [`decode`]).
    pub encoding: Option<&'static Encoding>,
    /// `--stdin-filename`: what standard input is called in reports, and,
    /// by its extension, its format.
    pub stdin_name: Option<PathBuf>,
}

/// Expand command-line paths into inputs, in the order given (directories
/// sorted by path). Paths that cannot be used become errors in place, so the
/// rest are still checked. Walks skip the files that an `ignore` glob
/// matches, as found, relative to the directory walked, or relative to
/// `base`, the directory of the `calque.toml` the globs come from.
pub fn discover(
    paths: &[PathBuf],
    options: &ReadOptions,
    ignore: GlobSet,
    base: Option<&Path>,
) -> Vec<Result<Input, Error>> {
    let ignore = Ignore {
        globs: ignore,
        base: base.map(Path::to_path_buf),
    };
    let (forced, encoding) = (options.format, options.encoding);
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let named = options
                .stdin_name
                .as_deref()
                .and_then(InputFormat::from_path);
            out.push(Ok(Input {
                path: None,
                stdin_name: options.stdin_name.clone(),
                format: forced.or(named).unwrap_or(InputFormat::Text),
                encoding,
                checker: 0,
            }));
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.push(Err(Error::input(
                    path.display().to_string(),
                    io_message(&e),
                )));
                continue;
            }
        };
        if meta.is_dir() {
            let before = out.len();
            walk(path, options, &ignore, &mut out);
            if out.len() == before {
                out.push(Err(Error::input(
                    path.display().to_string(),
                    "no articles found (looked for .txt, .md, .html, .jsonl files)",
                )));
            }
        } else {
            // A file named explicitly is read even without a known extension.
            let format = forced
                .or_else(|| InputFormat::from_path(path))
                .unwrap_or(InputFormat::Text);
            out.push(Ok(Input {
                path: Some(path.clone()),
                stdin_name: None,
                format,
                encoding,
                checker: 0,
            }));
        }
    }
    out
}

/// calque.toml's `ignore` globs, and the directory they are relative to.
struct Ignore {
    globs: GlobSet,
    base: Option<PathBuf>,
}

impl Ignore {
    /// Whether a file found at `path` in a walk of `root` is skipped.
    fn skips(&self, path: &Path, root: &Path) -> bool {
        if self.globs.is_empty() {
            return false;
        }
        let in_walk = path.strip_prefix(root).unwrap_or(path);
        let in_base =
            (self.base.as_deref()).and_then(|base| crate::config::relative_to(path, base));
        self.globs.is_match(path)
            || self.globs.is_match(in_walk)
            || in_base.is_some_and(|p| self.globs.is_match(p))
    }
}

fn walk(root: &Path, options: &ReadOptions, ignore: &Ignore, out: &mut Vec<Result<Input, Error>>) {
    let walker = ignore::WalkBuilder::new(root)
        .sort_by_file_path(|a, b| a.cmp(b))
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = e.path();
                if ignore.skips(path, root) {
                    continue;
                }
                // In a directory only files of a known kind are articles.
                if let Some(format) = InputFormat::from_path(path) {
                    out.push(Ok(Input {
                        path: Some(path.to_owned()),
                        stdin_name: None,
                        format: options.format.unwrap_or(format),
                        encoding: options.encoding,
                        checker: 0,
                    }));
                }
            }
            Err(e) => out.push(Err(Error::input(root.display().to_string(), e.to_string()))),
        }
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Read a whole article file (or standard input) as text (see [`decode`]),
/// refusing empty, binary, oversized and undecodable input with a clear
/// message.
pub fn read_text(input: &Input) -> Result<String, Error> {
    let origin = input.origin();
    let mut bytes = Vec::new();
    let read = match &input.path {
        Some(p) => std::fs::File::open(p)
            .and_then(|f| f.take(MAX_ARTICLE_BYTES + 1).read_to_end(&mut bytes)),
        None => std::io::stdin()
            .lock()
            .take(MAX_ARTICLE_BYTES + 1)
            .read_to_end(&mut bytes),
    };
    read.map_err(|e| Error::input(&origin, io_message(&e)))?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(Error::input(
            origin,
            format!(
                "larger than {} MiB; not an article (split it, or use JSON Lines with one article per line)",
                MAX_ARTICLE_BYTES / (1024 * 1024)
            ),
        ));
    }
    decode(&origin, bytes, input.format, input.encoding)
}

/// How many bytes are looked at for NUL bytes, which mark a binary file.
const BINARY_SNIFF_BYTES: usize = 8192;
/// How much of an HTML page is searched for the encoding its `<meta>`
/// declares: the first 1,024 bytes, as the HTML Standard advises browsers.
const META_PRESCAN_BYTES: usize = 1024;

/// Check and decode the bytes of one article. The encoding is the one a
/// byte-order mark names (UTF-8 or UTF-16), which wins as it does in
/// browsers and ripgrep; else the one named with `--encoding` (`forced`);
/// else UTF-8, except that an HTML page that is not valid UTF-8 is read in
/// the encoding its `<meta>` declares. A page whose bytes are valid UTF-8 is
/// read as UTF-8 whatever it declares: legacy encodings are almost never
/// valid UTF-8 once they hold a letter outside ASCII, and a page re-saved as
/// UTF-8 often keeps its old declaration.
pub fn decode(
    origin: &str,
    bytes: Vec<u8>,
    format: InputFormat,
    forced: Option<&'static Encoding>,
) -> Result<String, Error> {
    if bytes.is_empty() {
        return Err(Error::input(origin, "empty file"));
    }
    let text = if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        decode_as(origin, encoding, bytes, bom, "its byte-order mark")?
    } else if let Some(encoding) = forced.filter(|&e| e != UTF_8) {
        decode_as(origin, encoding, bytes, 0, "--encoding")?
    } else {
        // Checked before decoding, so that a binary file is not called bad UTF-8.
        refuse_binary(origin, &bytes)?;
        match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                // A page that declares UTF-8 gets the plain UTF-8 error.
                let declared = (format == InputFormat::Html)
                    .then(|| declared_encoding(&bytes))
                    .flatten()
                    .filter(|&e| e != UTF_8);
                match declared {
                    Some(encoding) => decode_as(origin, encoding, bytes, 0, "its <meta>")?,
                    None => {
                        return Err(Error::input(
                            origin,
                            format!(
                                "not valid UTF-8 (first bad byte at offset {at}); name the file's \
                                 encoding with --encoding, e.g. --encoding windows-1252"
                            ),
                        ))
                    }
                }
            }
        }
    };
    if text.trim().is_empty() {
        return Err(Error::input(origin, "empty file (only white space)"));
    }
    Ok(text)
}

/// Decode `bytes` after their first `skip` (a byte-order mark) in
/// `encoding`, which `source` named; malformed bytes are an error rather
/// than replaced, so that no evidence is found in text calque made up.
fn decode_as(
    origin: &str,
    encoding: &'static Encoding,
    mut bytes: Vec<u8>,
    skip: usize,
    source: &str,
) -> Result<String, Error> {
    let text = if encoding == UTF_8 {
        // UTF-8 is the text itself: the mark is cut off in place.
        bytes.drain(..skip);
        String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to() + skip;
            Error::input(
                origin,
                format!(
                    "not valid UTF-8 (first bad byte at offset {at}), the encoding {source} names"
                ),
            )
        })?
    } else {
        encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[skip..])
            .map(std::borrow::Cow::into_owned)
            .ok_or_else(|| {
                Error::input(
                    origin,
                    format!("not valid {}, the encoding {source} names", encoding.name()),
                )
            })?
    };
    // UTF-16 text holds NUL bytes, so a binary file is told by the NUL
    // characters it decodes to.
    refuse_binary(origin, text.as_bytes())?;
    Ok(text)
}

/// Refuse a file whose first bytes hold a NUL byte (in UTF-8, the NUL
/// character), as a binary file.
fn refuse_binary(origin: &str, bytes: &[u8]) -> Result<(), Error> {
    match memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)]) {
        Some(_) => Err(Error::input(origin, "binary file (contains NUL bytes)")),
        None => Ok(()),
    }
}

/// The encoding an HTML page declares in its first bytes, with `<meta
/// charset="…">` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">`, by its WHATWG label. As the HTML Standard says, a page
/// whose `<meta>` can be read in ASCII is not UTF-16, so UTF-16 labels mean
/// UTF-8, and x-user-defined means windows-1252.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(META_PRESCAN_BYTES)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&head[from..], b"<meta") {
        let start = from + at + b"<meta".len();
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        from = end;
        let tag = &head[start..end];
        let Some(at) = memchr::memmem::find(tag, b"charset") else {
            continue;
        };
        let Some(value) = tag[at + b"charset".len()..]
            .trim_ascii_start()
            .strip_prefix(b"=")
        else {
            continue;
        };
        let value = value.trim_ascii_start();
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value)
            .trim_ascii_start();
        let len = value
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(b)))
            .unwrap_or(value.len());
        if let Some(encoding) = Encoding::for_label(&value[..len]) {
            return Some(match encoding.output_encoding() {
                e if e == X_USER_DEFINED => WINDOWS_1252,
                e => e,
            });
        }
    }
    None
}

/// Articles read from one input: one for a text file, one per line for JSON Lines.
pub type Articles = Box<dyn Iterator<Item = Result<Document, Error>> + Send>;

/// Open an input and yield its articles lazily.
pub fn articles(input: &Input) -> Articles {
    let origin = input.origin();
    if input.format == InputFormat::Jsonl {
        return match jsonl::open(input) {
            Ok(it) => Box::new(it),
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
    }
    let doc = read_text(input).and_then(|text| match input.format {
        InputFormat::Markdown => Ok(markdown::extract(&origin, text)),
        InputFormat::Html => html::extract(&origin, text),
        _ => Ok(Document::from_text(origin.clone(), text)),
    });
    Box::new(std::iter::once(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> Result<String, String> {
        decode("a", bytes.to_vec(), InputFormat::Text, None).map_err(|e| e.to_string())
    }

    fn html(bytes: &[u8]) -> Result<String, String> {
        decode("a", bytes.to_vec(), InputFormat::Html, None).map_err(|e| e.to_string())
    }

    fn forced(bytes: &[u8], label: &str) -> Result<String, String> {
        let encoding = Encoding::for_label(label.as_bytes());
        decode("a", bytes.to_vec(), InputFormat::Text, encoding).map_err(|e| e.to_string())
    }

    #[test]
    fn decode_rejects_bad_input() {
        assert!(text(b"").unwrap_err().contains("empty"));
        assert!(text(b" \n\t").unwrap_err().contains("only white space"));
        assert!(text(b"ab\0cd").unwrap_err().contains("binary"));
        let bad = text(&[b'a', 0xff, b'b']).unwrap_err();
        assert!(
            bad.contains("offset 1") && bad.contains("--encoding"),
            "{bad}"
        );
        assert_eq!(text("\u{feff}Hi".as_bytes()).unwrap(), "Hi");
        // Behind a UTF-8 byte-order mark, a binary file is still one.
        assert!(text(b"\xef\xbb\xbfab\0cd").unwrap_err().contains("binary"));
        // After a UTF-8 byte-order mark, offsets still count from the file's start.
        assert!(text(b"\xef\xbb\xbfab\xff")
            .unwrap_err()
            .contains("offset 5"));
    }

    #[test]
    fn a_byte_order_mark_names_the_encoding() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Café “quoted”".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Café “quoted”".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text(&le).unwrap(), "Café “quoted”");
        assert_eq!(text(&be).unwrap(), "Café “quoted”");
        // It wins over --encoding, as in browsers and ripgrep.
        assert_eq!(forced(&le, "windows-1252").unwrap(), "Café “quoted”");
        // A binary file is still one behind a UTF-16 byte-order mark.
        let binary: Vec<u8> = [0xff, 0xfe, b'a', 0, 0, 0, b'b', 0].to_vec();
        assert!(text(&binary).unwrap_err().contains("binary"));
        // An odd byte left over is malformed UTF-16.
        let odd = text(&[0xff, 0xfe, b'a', 0, b'b']).unwrap_err();
        assert!(
            odd.contains("not valid UTF-16LE, the encoding its byte-order mark names"),
            "{odd}"
        );
    }

    #[test]
    fn encoding_named_on_the_command_line() {
        assert_eq!(
            forced(b"caf\xe9 \x93x\x94", "windows-1252").unwrap(),
            "café “x”"
        );
        assert_eq!(forced(b"caf\xe9", "latin1").unwrap(), "café");
        // UTF-8 named explicitly is plain UTF-8.
        assert!(forced(b"caf\xe9", "utf-8")
            .unwrap_err()
            .contains("offset 3"));
        // Malformed bytes are refused, not replaced.
        let bad = forced(b"\x82\xa0\x82", "shift_jis").unwrap_err();
        assert!(
            bad.contains("not valid Shift_JIS, the encoding --encoding names"),
            "{bad}"
        );
    }

    #[test]
    fn html_that_is_not_utf8_is_read_as_its_meta_declares() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9</body></html>";
        assert!(html(page).unwrap().ends_with("caf\u{e9}</body></html>"));
        let http_equiv =
            b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'><p>na\xefve";
        assert!(html(http_equiv).unwrap().ends_with("na\u{ef}ve"));
        // The same bytes as plain text name no encoding.
        assert!(text(page).unwrap_err().contains("not valid UTF-8"));
        // A page that declares UTF-8 and is not gets the plain error, offset and all.
        let bad = html(b"<meta charset=utf-8><p>caf\xe9").unwrap_err();
        assert!(
            bad.contains("offset 26") && bad.contains("--encoding"),
            "{bad}"
        );
        // Valid UTF-8 is read as UTF-8, whatever the page declares.
        let resaved = "<meta charset=windows-1252><p>café".as_bytes();
        assert!(html(resaved).unwrap().ends_with("café"));
    }

    #[test]
    fn declared_encodings() {
        let declared = |s: &[u8]| declared_encoding(s).map(Encoding::name);
        assert_eq!(declared(b"<meta charset=koi8-r>"), Some("KOI8-R"));
        assert_eq!(
            declared(b"<meta name=x><meta charset = ' utf-8 '>"),
            Some("UTF-8")
        );
        // UTF-16 cannot be declared in ASCII; x-user-defined is read as windows-1252.
        assert_eq!(declared(b"<meta charset=utf-16le>"), Some("UTF-8"));
        assert_eq!(
            declared(b"<meta charset=x-user-defined>"),
            Some("windows-1252")
        );
        assert_eq!(
            declared(b"<meta charset=klingon><meta charset=gbk>"),
            Some("GBK")
        );
        assert_eq!(
            declared(b"<meta name=charset content=x><p>charset=gbk"),
            None
        );
        assert_eq!(declared(b"<p>no declaration</p>"), None);
        let late = [
            vec![b' '; META_PRESCAN_BYTES],
            b"<meta charset=gbk>".to_vec(),
        ]
        .concat();
        assert_eq!(declared(&late), None);
    }

    #[test]
    fn formats_from_extensions() {
        assert_eq!(
            InputFormat::from_path(Path::new("a.MD")),
            Some(InputFormat::Markdown)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("a.ndjson")),
            Some(InputFormat::Jsonl)
        );
        assert_eq!(InputFormat::from_path(Path::new("a.rs")), None);
    }

    #[test]
    fn discover_walks_directories_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "x").unwrap();
        std::fs::write(dir.path().join("a.md"), "x").unwrap();
        std::fs::write(dir.path().join("notes.rs"), "x").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
        let found = discover(
            &[dir.path().to_owned()],
            &ReadOptions::default(),
            GlobSet::empty(),
            None,
        );
        let names: Vec<String> = found
            .iter()
            .map(|i| {
                let p = i.as_ref().unwrap().path.clone().unwrap();
                p.file_name().unwrap().to_string_lossy().into_owned()
            })
            .collect();
        assert_eq!(names, ["a.md", "b.txt"]);
    }

    #[test]
    fn discover_reports_missing_and_empty_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let found = discover(
            &[dir.path().join("nope.txt"), dir.path().to_owned()],
            &ReadOptions::default(),
            GlobSet::empty(),
            None,
        );
        assert_eq!(found.len(), 2);
        assert!(found[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("no such file"));
        assert!(found[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("no articles"));
    }
}

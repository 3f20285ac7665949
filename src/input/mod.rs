//! Finding and reading inputs: files, directories (walked as ripgrep walks
//! them), standard input; plain text, Markdown, HTML and JSON Lines.

pub mod html;
mod html_source;
pub mod jsonl;
pub mod markdown;

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use globset::{Glob, GlobSet, GlobSetBuilder};

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
    pub format: InputFormat,
}

impl Input {
    /// How the input is named in reports and errors.
    pub fn origin(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "-".to_string(),
        }
    }
}

/// Expand command-line paths into inputs, in the order given (directories
/// sorted by path). Paths that cannot be used become errors in place, so the
/// rest are still checked.
pub fn discover(
    paths: &[PathBuf],
    forced: Option<InputFormat>,
    ignore: &[String],
) -> Result<Vec<Result<Input, Error>>, Error> {
    let ignore = build_globs(ignore)?;
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input {
                path: None,
                format: forced.unwrap_or(InputFormat::Text),
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
            walk(path, forced, &ignore, &mut out);
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
                format,
            }));
        }
    }
    Ok(out)
}

fn build_globs(patterns: &[String]) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| Error::Usage(format!("ignore pattern `{p}`: {e}")))?;
        b.add(glob);
    }
    b.build()
        .map_err(|e| Error::Usage(format!("ignore patterns: {e}")))
}

fn walk(
    root: &Path,
    forced: Option<InputFormat>,
    ignore: &GlobSet,
    out: &mut Vec<Result<Input, Error>>,
) {
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
                let rel = path.strip_prefix(root).unwrap_or(path);
                if ignore.is_match(path) || ignore.is_match(rel) {
                    continue;
                }
                // In a directory only files of a known kind are articles.
                if let Some(format) = InputFormat::from_path(path) {
                    out.push(Ok(Input {
                        path: Some(path.to_owned()),
                        format: forced.unwrap_or(format),
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

/// Read a whole article file (or standard input) as UTF-8 text, refusing
/// empty, binary, oversized and non-UTF-8 input with a clear message.
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
    decode(&origin, bytes)
}

/// Check and decode bytes that should be one article's UTF-8 text.
pub fn decode(origin: &str, bytes: Vec<u8>) -> Result<String, Error> {
    if bytes.is_empty() {
        return Err(Error::input(origin, "empty file"));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Err(Error::input(origin, "binary file (contains NUL bytes)"));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::input(
            origin,
            format!("not valid UTF-8 (first bad byte at offset {at})"),
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.replace_range(..3, "");
    }
    if text.trim().is_empty() {
        return Err(Error::input(origin, "empty file (only white space)"));
    }
    Ok(text)
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

    #[test]
    fn decode_rejects_bad_input() {
        assert!(decode("a", vec![])
            .unwrap_err()
            .to_string()
            .contains("empty"));
        assert!(decode("a", b"ab\0cd".to_vec())
            .unwrap_err()
            .to_string()
            .contains("binary"));
        assert!(decode("a", vec![b'a', 0xff, b'b'])
            .unwrap_err()
            .to_string()
            .contains("offset 1"));
        assert_eq!(decode("a", "\u{feff}Hi".as_bytes().to_vec()).unwrap(), "Hi");
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
        let found = discover(&[dir.path().to_owned()], None, &[]).unwrap();
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
            None,
            &[],
        )
        .unwrap();
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

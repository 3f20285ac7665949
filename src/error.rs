//! Errors, each naming the input it is about, printed as one line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{origin}: {message}")]
    Input { origin: String, message: String },
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn input(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            origin: origin.into(),
            message: message.into(),
        }
    }
}

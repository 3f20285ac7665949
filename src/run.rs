//! Checking many articles: inputs are read in order on one thread, scored in
//! parallel in bounded chunks, and reported in input order.

use rayon::prelude::*;

use crate::checker::Checker;
use crate::document::Document;
use crate::error::Error;
use crate::input::{self, Input};
use crate::report::Report;

/// Articles scored together; bounds memory when streaming large batches.
const CHUNK: usize = 512;

/// A report for an input or article that could not be read.
pub fn error_report(e: &Error) -> Report {
    match e {
        Error::Input { origin, message } => Report::error(origin.clone(), None, message.clone()),
        other => Report::error("calque", None, other.to_string()),
    }
}

/// Check every input, handing each report to `emit` in input order.
/// `progress` is told how many bytes of article text were scored.
pub fn check_all<E>(
    inputs: Vec<Result<Input, Error>>,
    checker: &Checker,
    pool: &rayon::ThreadPool,
    mut emit: impl FnMut(Report) -> Result<(), E>,
    mut progress: impl FnMut(u64),
) -> Result<(), E> {
    let mut chunk: Vec<Result<Document, Error>> = Vec::with_capacity(CHUNK);
    let mut flush = |chunk: &mut Vec<Result<Document, Error>>| -> Result<(), E> {
        let bytes: u64 = chunk
            .iter()
            .map(|d| d.as_ref().map_or(0, |d| d.text.len() as u64))
            .sum();
        let reports: Vec<Report> = pool.install(|| {
            chunk
                .par_iter()
                .map(|d| match d {
                    Ok(doc) => checker.check(doc),
                    Err(e) => error_report(e),
                })
                .collect()
        });
        chunk.clear();
        progress(bytes);
        reports.into_iter().try_for_each(&mut emit)
    };
    for item in inputs {
        match item {
            Err(e) => chunk.push(Err(e)),
            Ok(inp) => {
                for article in input::articles(&inp) {
                    chunk.push(article);
                    if chunk.len() >= CHUNK {
                        flush(&mut chunk)?;
                    }
                }
            }
        }
        if chunk.len() >= CHUNK {
            flush(&mut chunk)?;
        }
    }
    if !chunk.is_empty() {
        flush(&mut chunk)?;
    }
    Ok(())
}

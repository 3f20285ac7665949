//! Checking many articles as a pipeline: one thread reads and parses inputs
//! in order, the pool scores each chunk in parallel, and the calling thread
//! reports in input order. The three stages overlap, so reading and printing
//! never leave the scoring threads idle; bounded channels keep at most a few
//! chunks in memory however long the stream.

use std::sync::mpsc;

use rayon::prelude::*;

use crate::checker::Checker;
use crate::config::Config;
use crate::document::Document;
use crate::error::Error;
use crate::input::{self, Input};
use crate::report::Report;

/// Articles scored together; bounds memory when streaming large batches.
const CHUNK: usize = 512;

/// Chunks waiting between two stages.
const QUEUED_CHUNKS: usize = 1;

/// A report for an input or article that could not be read.
pub fn error_report(e: &Error) -> Report {
    match e {
        Error::Input { origin, message } => Report::error(origin.clone(), None, message.clone()),
        other => Report::error("calque", None, other.to_string()),
    }
}

/// One checker for the configuration as read, and one for each combination
/// of `[[override]]` sections that matches some input, which is then
/// pointed at it ([`Input::checker`]).
pub fn checkers_for(config: Config, inputs: &mut [Result<Input, Error>]) -> Vec<Checker> {
    let mut combinations: Vec<Vec<usize>> = vec![Vec::new()];
    for input in inputs.iter_mut().flatten() {
        let Some(path) = input.path.as_ref().or(input.stdin_name.as_ref()) else {
            continue;
        };
        let which = config.overrides_for(path);
        input.checker = match combinations.iter().position(|c| *c == which) {
            Some(n) => n,
            None => {
                combinations.push(which);
                combinations.len() - 1
            }
        };
    }
    let overridden: Vec<Checker> = combinations[1..]
        .iter()
        .map(|which| Checker::new(config.with_overrides(which)))
        .collect();
    std::iter::once(Checker::new(config))
        .chain(overridden)
        .collect()
}

/// An article read from an input, or why it could not be, with the index
/// of the checker that scores it ([`Input::checker`]).
type Article = (usize, Result<Document, Error>);

/// Check every input, each with its checker (`checkers[input.checker]`),
/// handing each report to `emit` in input order. `progress` is told how
/// many bytes of article text were scored. When `emit` fails, reading and
/// scoring stop and its error is returned.
pub fn check_all<E>(
    inputs: Vec<Result<Input, Error>>,
    checkers: &[Checker],
    pool: &rayon::ThreadPool,
    mut emit: impl FnMut(Report) -> Result<(), E>,
    mut progress: impl FnMut(u64),
) -> Result<(), E> {
    type Chunk = Vec<Article>;
    std::thread::scope(|scope| {
        let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Chunk>(QUEUED_CHUNKS);
        let (report_tx, report_rx) = mpsc::sync_channel::<(u64, Vec<Report>)>(QUEUED_CHUNKS);
        scope.spawn(move || read_chunks(inputs, &chunk_tx));
        scope.spawn(move || {
            for chunk in chunk_rx {
                let bytes: u64 = chunk
                    .iter()
                    .map(|(_, d)| d.as_ref().map_or(0, |d| d.text.len() as u64))
                    .sum();
                let reports: Vec<Report> = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|(checker, d)| match d {
                            Ok(doc) => checkers[*checker].check(doc),
                            Err(e) => error_report(e),
                        })
                        .collect()
                });
                if report_tx.send((bytes, reports)).is_err() {
                    // The reporter stopped; dropping `chunk_rx` stops the reader.
                    return;
                }
            }
        });
        // Returning drops `report_rx`, which stops the other two stages.
        for (bytes, reports) in report_rx {
            progress(bytes);
            reports.into_iter().try_for_each(&mut emit)?;
        }
        Ok(())
    })
}

/// Read every input's articles in order into chunks of [`CHUNK`]; stops early
/// when the scoring stage has gone.
fn read_chunks(inputs: Vec<Result<Input, Error>>, out: &mpsc::SyncSender<Vec<Article>>) {
    let mut chunk = Vec::with_capacity(CHUNK);
    let send = |chunk: &mut Vec<Article>| {
        out.send(std::mem::replace(chunk, Vec::with_capacity(CHUNK)))
            .is_ok()
    };
    for item in inputs {
        match item {
            Err(e) => chunk.push((0, Err(e))),
            Ok(inp) => {
                for article in input::articles(&inp) {
                    chunk.push((inp.checker, article));
                    if chunk.len() >= CHUNK && !send(&mut chunk) {
                        return;
                    }
                }
            }
        }
        if chunk.len() >= CHUNK && !send(&mut chunk) {
            return;
        }
    }
    if !chunk.is_empty() {
        send(&mut chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::InputFormat;

    fn jsonl_input(dir: &std::path::Path, name: &str, ids: std::ops::Range<usize>) -> Input {
        let path = dir.join(name);
        let lines: String = ids
            .map(|i| {
                format!(
                    "{{\"id\":\"doc{i}\",\"text\":\"The council met on Monday and agreed on a budget for article {i}.\"}}\n"
                )
            })
            .collect();
        std::fs::write(&path, lines).unwrap();
        Input {
            path: Some(path),
            stdin_name: None,
            format: InputFormat::Jsonl,
            encoding: None,
            checker: 0,
        }
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn reports_come_in_input_order_across_chunks_and_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = vec![
            Ok(jsonl_input(dir.path(), "a.jsonl", 0..(CHUNK + 7))),
            Err(Error::Input {
                origin: "missing.txt".into(),
                message: "cannot read".into(),
            }),
            Ok(jsonl_input(dir.path(), "b.jsonl", (CHUNK + 7)..(3 * CHUNK))),
        ];
        let checker = Checker::new(Config::default());
        let mut origins = Vec::new();
        let mut scored = 0u64;
        check_all(
            inputs,
            std::slice::from_ref(&checker),
            &pool(2),
            |r| {
                origins.push(r.origin.clone());
                Ok::<(), ()>(())
            },
            |bytes| scored += bytes,
        )
        .unwrap();
        assert_eq!(origins.len(), 3 * CHUNK + 1);
        let a = dir.path().join("a.jsonl").display().to_string();
        let b = dir.path().join("b.jsonl").display().to_string();
        assert_eq!(origins[0], format!("{a}:1"));
        assert_eq!(origins[CHUNK + 6], format!("{a}:{}", CHUNK + 7));
        // The unreadable input's report sits where the input was listed.
        assert_eq!(origins[CHUNK + 7], "missing.txt");
        assert_eq!(origins[CHUNK + 8], format!("{b}:1"));
        assert_eq!(origins.last().unwrap(), &format!("{b}:{}", 2 * CHUNK - 7));
        assert!(scored > 0);
    }

    #[test]
    fn inputs_that_match_the_same_overrides_share_a_checker() {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("calque.toml");
        std::fs::write(
            &toml,
            "[[override]]\npaths = [\"a/**\"]\nfail-above = 0.9\n[[override]]\npaths = [\"*/x.txt\"]\nmin-words = 5\n",
        )
        .unwrap();
        let config = Config::load(&toml).unwrap();
        let input = |name: &str| {
            Ok(Input {
                path: Some(dir.path().join(name)),
                stdin_name: None,
                format: InputFormat::Text,
                encoding: None,
                checker: 0,
            })
        };
        let mut inputs = vec![
            input("a/x.txt"),
            input("b/y.txt"),
            Err(Error::input("gone.txt", "no such file")),
            input("a/y.txt"),
            input("b/x.txt"),
            input("a/x.txt"),
        ];
        let checkers = checkers_for(config, &mut inputs);
        let used: Vec<usize> = inputs.iter().flatten().map(|i| i.checker).collect();
        assert_eq!(used, [1, 0, 2, 3, 1]);
        let settings: Vec<(f64, usize)> = checkers
            .iter()
            .map(|c| (c.config().fail_above(), c.config().min_words()))
            .collect();
        assert_eq!(settings, [(0.5, 50), (0.9, 5), (0.9, 50), (0.5, 5)]);
    }

    #[test]
    fn a_failing_reporter_stops_the_run_with_its_error() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = vec![Ok(jsonl_input(dir.path(), "a.jsonl", 0..(4 * CHUNK)))];
        let checker = Checker::new(Config::default());
        let mut seen = 0;
        let result = check_all(
            inputs,
            std::slice::from_ref(&checker),
            &pool(1),
            |_| {
                seen += 1;
                if seen == 3 {
                    Err("pipe closed")
                } else {
                    Ok(())
                }
            },
            |_| {},
        );
        assert_eq!(result, Err("pipe closed"));
        assert_eq!(seen, 3);
    }
}

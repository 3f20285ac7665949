//! Command-line interface: argument parsing and dispatch. Each command is a
//! thin layer over the library.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::error::Error;
use crate::input::{self, InputFormat};
use crate::output::{self, Format, Printer};
use crate::signals;

#[derive(Debug, Parser)]
#[command(
    name = "calque",
    version,
    about = "Finds English news articles that were machine-translated or round-tripped through another language",
    after_help = "Exit codes: 0 all articles at or below the threshold, 1 some article above it, 2 an input could not be read or scored."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score articles and print the evidence.
    Check(CheckArgs),
    /// List every signal with its code.
    Signals,
    /// Print the documentation of one signal.
    Explain {
        /// Signal code or name, e.g. MT001 or pronoun-gender-flip.
        code: String,
    },
    /// Fit the scoring model on labelled corpora.
    Train(crate::train::TrainArgs),
    /// Measure a model on labelled corpora: ROC AUC with confidence intervals, calibration, precision and recall.
    Eval(crate::eval::EvalArgs),
    /// Mine the MT006 lexicon of machine-typical phrasings from labelled corpora.
    Mine(crate::mine::MineArgs),
    /// Fit the MT011 translationese model on labelled corpora.
    Translationese(crate::translationese_fit::TranslationeseArgs),
    /// Print a completion script for a shell, e.g. `calque completions bash > /etc/bash_completion.d/calque`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, directories (walked recursively, .gitignore respected) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: human on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Exit 1 when any article's probability is above this (0–1) [default: 0.5, or calque.toml].
    #[arg(long, value_name = "P")]
    pub fail_above: Option<f64>,
    /// Articles with fewer words are too short to judge: scored, never flagged [default: 50, or calque.toml].
    #[arg(long, value_name = "N")]
    pub min_words: Option<usize>,
    /// Read inputs as this format instead of guessing from the extension.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// The name standard input (`-`) is reported under; its extension gives its format, as a file's would.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Read text, Markdown and HTML in this encoding (a WHATWG label such as windows-1252, iso-8859-2, shift_jis) instead of UTF-8; a byte-order mark still wins [default: UTF-8, or what an HTML page's <meta> declares].
    #[arg(long, short = 'E', value_name = "LABEL", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Configuration file [default: calque.toml in this directory or above].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Turn a signal off, by code or name (repeat, or separate with commas); adds to calque.toml's `disable`.
    #[arg(long, value_name = "SIGNAL", value_delimiter = ',', value_parser = parse_signal)]
    pub disable: Vec<String>,
    /// Never show as evidence, nor count in the score, text holding this name or phrase (repeatable); adds to calque.toml's `allow`.
    #[arg(long, value_name = "PHRASE", value_parser = parse_allowed)]
    pub allow: Vec<String>,
    /// Also show, as MT011 evidence, the sentences whose skeleton adds most to the translationese score (reads each article's n-grams a second time) [default: off, or calque.toml].
    #[arg(long)]
    pub skeleton_evidence: bool,
    /// After the summary, count each signal's findings and the articles they are in (human, concise and json output).
    #[arg(long)]
    pub statistics: bool,
    /// Leave out of the score the Markdown and HTML text between `<!-- calque off -->` and `<!-- calque on -->` comments (listed as excluded) [default: off, or calque.toml].
    #[arg(long)]
    pub inline_directives: bool,
    /// Articles scored in parallel, 1 to 1024 [default: all cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Colour in human and concise output (NO_COLOR is honoured with `auto`).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

/// Most threads `--jobs` starts: more would only exhaust the system's
/// threads (100,000 aborted calque while it set them up).
const MAX_JOBS: usize = 1024;

fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n @ 1..=MAX_JOBS) => Ok(n),
        _ => Err(format!("expected a whole number from 1 to {MAX_JOBS}")),
    }
}

/// An encoding by its WHATWG label, as browsers read them.
fn parse_encoding(s: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(s.trim().as_bytes()).ok_or_else(|| {
        "unknown encoding (use a WHATWG label such as windows-1252, iso-8859-2 or shift_jis)".into()
    })
}

/// A signal's code or name, as `calque signals` lists them.
fn parse_signal(s: &str) -> Result<String, String> {
    match signals::lookup(s) {
        Some(_) => Ok(s.to_string()),
        None => Err("unknown signal (see `calque signals`)".into()),
    }
}

/// An `allow` entry: blank text would be found in nearly every finding.
fn parse_allowed(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("the phrase has no words; it would allow almost every finding".into())
    } else {
        Ok(s.to_string())
    }
}

/// Parse the process arguments, run, and return the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            output::note(format_args!("calque: error: {e}"));
            2
        }
    }
}

pub fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Train(args) => crate::train::run(args),
        Command::Eval(args) => crate::eval::run(args),
        Command::Signals => {
            let list: String = signals::registry()
                .iter()
                .map(|s| {
                    let i = s.info();
                    format!("{}  {:<28} {}\n", i.code, i.name, i.summary)
                })
                .collect();
            output::print_stdout(&list)?;
            Ok(0)
        }
        Command::Explain { code } => match signals::lookup(&code) {
            Some(s) => {
                let i = s.info();
                output::print_stdout(&format!("# {} {}\n\n{}\n", i.code, i.name, i.doc.trim()))?;
                Ok(0)
            }
            None => Err(Error::Usage(format!(
                "unknown signal `{code}` (see `calque signals`)"
            ))),
        },
        Command::Mine(args) => crate::mine::run(&args),
        Command::Translationese(args) => crate::translationese_fit::run(&args),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "calque", &mut script);
            output::print_stdout(&String::from_utf8_lossy(&script))?;
            Ok(0)
        }
    }
}

fn load_config(args: &CheckArgs) -> Result<Config, Error> {
    let mut config = match &args.config {
        Some(p) => Config::load(p)?,
        None => {
            let cwd = std::env::current_dir().map_err(|e| Error::Io {
                path: PathBuf::from("."),
                source: e,
            })?;
            Config::discover(&cwd)?
        }
    };
    if let Some(p) = args.fail_above {
        if !(0.0..=1.0).contains(&p) {
            return Err(Error::Usage(format!(
                "--fail-above must be between 0 and 1, got {p}"
            )));
        }
        config.fail_above = Some(p);
    }
    if let Some(n) = args.min_words {
        config.min_words = Some(n);
    }
    // The command line wins over the file, its overrides included.
    for o in &mut config.overrides {
        o.fail_above = o.fail_above.filter(|_| args.fail_above.is_none());
        o.min_words = o.min_words.filter(|_| args.min_words.is_none());
        o.inline_directives = o.inline_directives.filter(|_| !args.inline_directives);
    }
    config.disable.extend(args.disable.iter().cloned());
    config.allow.extend(args.allow.iter().cloned());
    config.skeleton_evidence |= args.skeleton_evidence;
    config.inline_directives |= args.inline_directives;
    Ok(config)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn check(args: CheckArgs) -> Result<i32, Error> {
    let config = load_config(&args)?;
    let options = input::ReadOptions {
        format: args.input_format,
        encoding: args.encoding,
        stdin_name: args.stdin_filename.clone(),
    };
    let config_dir = config.path.as_deref().and_then(std::path::Path::parent);
    let ignore = config.ignore_globs()?;
    let mut inputs = input::discover(&args.paths, &options, ignore, config_dir);
    let stdout_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty {
        Format::Human
    } else {
        Format::Json
    });
    if args.statistics && !matches!(format, Format::Human | Format::Concise | Format::Json) {
        return Err(Error::Usage(format!(
            "--statistics is for human, concise and json output; --format {} has no summary",
            format
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_string())
        )));
    }
    let color = matches!(format, Format::Human | Format::Concise) && use_color(args.color);
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs} threads: {e}")))?;

    let progress = if !args.quiet && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {binary_bytes} scored ({binary_bytes_per_sec}) {elapsed}",
            )
            .expect("static template is valid"),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };

    let fail_above = config.fail_above();
    let checkers = crate::run::checkers_for(config, &mut inputs);
    let stdout = std::io::stdout().lock();
    // Into a pipe or file, large writes: a batch's reports run to megabytes
    // and every write is a system call. On a terminal, the default buffer,
    // so reports appear as they come.
    let buffer = if stdout_tty { 8 * 1024 } else { 256 * 1024 };
    let stdout = std::io::BufWriter::with_capacity(buffer, stdout);
    let mut printer = Printer::new(format, stdout, color, fail_above);
    if args.statistics {
        printer.summary.count_signals();
    }
    printer.summary.thresholds_vary = checkers
        .iter()
        .any(|c| c.config().fail_above() != fail_above);
    let result = crate::run::check_all(
        inputs,
        &checkers,
        &pool,
        |r| progress.suspend(|| printer.report(r)),
        |bytes| progress.inc(bytes),
    );
    progress.finish_and_clear();
    let io_err = |e: std::io::Error| Error::Io {
        path: PathBuf::from("<stdout>"),
        source: e,
    };
    match result {
        Ok(()) => {}
        // A closed pipe (`calque check … | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(io_err(e)),
    }
    let summary = match printer.finish() {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(io_err(e)),
    };
    Ok(summary.exit_code())
}

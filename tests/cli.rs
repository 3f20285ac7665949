//! End-to-end tests of the `calque` binary: inputs, formats, exit codes,
//! configuration and bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> PathBuf {
    root().join("corpus/examples").join(name)
}

fn calque_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_calque"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn calque(args: &[&str]) -> Output {
    calque_in(&root(), args, None)
}

fn json_reports(out: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v["reports"].as_array().expect("reports array").clone()
}

fn jsonl_reports(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn scores_an_article_with_located_evidence_and_excluded_chrome() {
    let out = calque(&[
        "check",
        "--format",
        "json",
        path_str(&example("roundtrip.txt")),
    ]);
    let reports = json_reports(&out);
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r["status"], "ok");
    let p = r["probability"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    assert_eq!(r["language"]["code"], "en");
    let excluded: Vec<&str> = r["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["excerpt"].as_str().unwrap())
        .collect();
    assert_eq!(
        excluded,
        ["Leave a Reply", "Your email address will not be published."]
    );
    for e in r["evidence"].as_array().unwrap() {
        assert!(e["code"].as_str().unwrap().starts_with("MT"));
        assert!(e["line"].as_u64().unwrap() >= 1 && e["column"].as_u64().unwrap() >= 1);
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    let code = out.status.code().unwrap();
    assert_eq!(code, if p > 0.5 { 1 } else { 0 });
}

#[test]
fn report_schema_is_stable() {
    let out = calque(&["check", "--format", "json", path_str(&example("human.txt"))]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    top.sort_unstable();
    assert_eq!(top, ["reports", "schema", "summary"]);
    assert_eq!(v["schema"], 1);
    let r = &v["reports"][0];
    let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "base_log_odds",
            "contributions",
            "evidence",
            "excluded",
            "flagged",
            "language",
            "origin",
            "probability",
            "schema",
            "signals",
            "status",
            "words"
        ]
    );
    let mut summary: Vec<&str> = v["summary"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    summary.sort_unstable();
    assert_eq!(
        summary,
        ["articles", "errors", "fail_above", "flagged", "too_short"]
    );
    let mut log_odds = r["base_log_odds"].as_f64().unwrap();
    for c in r["contributions"].as_array().unwrap() {
        assert!(c["feature"].is_string() && c["value"].is_number() && c["log_odds"].is_number());
        log_odds += c["log_odds"].as_f64().unwrap();
    }
    // The base and the contributions add up to the probability's log-odds
    // (each printed to six decimals).
    let p = r["probability"].as_f64().unwrap();
    assert!(
        (log_odds - (p / (1.0 - p)).ln()).abs() < 1e-4,
        "{log_odds} for {p}"
    );
}

#[test]
fn walks_directories_in_path_order() {
    let out = calque(&[
        "check",
        "--format",
        "jsonl",
        path_str(&root().join("corpus/examples")),
    ]);
    let lines = jsonl_reports(&out);
    let origins: Vec<String> = lines
        .iter()
        .map(|l| {
            Path::new(l["origin"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(origins.len() >= 2, "{origins:?}");
    let mut sorted = origins.clone();
    sorted.sort();
    assert_eq!(origins, sorted);
    assert!(origins.contains(&"roundtrip.txt".to_string()));
}

#[test]
fn completion_scripts_cover_the_options() {
    let out = calque(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8(out.stdout).unwrap();
    for word in [
        "check",
        "--stdin-filename",
        "--encoding",
        "concise",
        "explain",
    ] {
        assert!(script.contains(word), "{word} is not completed");
    }
    // The script is valid shell, where a shell is at hand to say so.
    if let Ok(mut bash) = Command::new("bash").arg("-n").stdin(Stdio::piped()).spawn() {
        bash.stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        assert!(bash.wait().unwrap().success());
    }
    assert_eq!(calque(&["completions", "klingon"]).status.code(), Some(2));
}

#[test]
fn reads_standard_input() {
    let text = std::fs::read(example("human.txt")).unwrap();
    let out = calque_in(&root(), &["check", "--format", "json", "-"], Some(&text));
    let r = &json_reports(&out)[0];
    assert_eq!(r["origin"], "-");
    assert_eq!(r["status"], "ok");
}

#[test]
fn standard_input_takes_its_name_and_format_from_stdin_filename() {
    let text = std::fs::read_to_string(example("roundtrip.txt")).unwrap();
    let page = format!(
        "<html><body><article><p>{}</p></article></body></html>",
        text.replace("\n\n", "</p>\n<p>")
    );
    let check = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("-");
        json_reports(&calque_in(&root(), &all, Some(page.as_bytes()))).remove(0)
    };
    let named = check(&["--stdin-filename", "web/story.html"]);
    assert_eq!(named["origin"], "web/story.html");
    // Read as HTML: the markup is not text, and a column counts it in the source.
    let plain = check(&["--input-format", "text"]);
    assert_eq!(plain["origin"], "-");
    assert!(
        named["words"].as_u64() < plain["words"].as_u64(),
        "{named} {plain}"
    );
    let first = &named["evidence"][0];
    let line = page
        .lines()
        .nth(first["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    let column = first["column"].as_u64().unwrap() as usize;
    assert!(
        line.chars()
            .take(column - 1)
            .collect::<String>()
            .contains("<p>"),
        "{first}"
    );
    // --input-format still wins over the name's extension.
    let forced = check(&["--stdin-filename", "story.html", "--input-format", "text"]);
    assert_eq!(forced["words"], plain["words"]);
    assert_eq!(forced["origin"], "story.html");
}

#[test]
fn json_lines_batches_echo_ids_and_isolate_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let human = std::fs::read_to_string(example("human.txt")).unwrap();
    let batch = format!(
        "{}\nnot json at all\n{{\"id\": \"no-text\"}}\n{}\n",
        serde_json::json!({"id": "a-1", "text": human}),
        serde_json::json!({"id": 42, "text": human}),
    );
    std::fs::write(dir.path().join("batch.jsonl"), batch).unwrap();
    let out = calque_in(
        dir.path(),
        &["check", "--format", "jsonl", "batch.jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let lines = jsonl_reports(&out);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "a-1");
    assert_eq!(lines[0]["status"], "ok");
    assert_eq!(lines[1]["status"], "error");
    assert_eq!(lines[1]["origin"], "batch.jsonl:2");
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("not a JSON object"));
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .contains("no `text` field"));
    assert_eq!(lines[3]["id"], "42");
    assert_eq!(lines[3]["status"], "ok");
}

#[test]
fn bad_inputs_are_one_line_errors_that_hide_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("binary.txt"), b"\x7fELF\0\0\x01binary").unwrap();
    std::fs::write(d.join("latin1.txt"), b"caf\xe9 au lait in the morning").unwrap();
    let big = std::fs::File::create(d.join("huge.txt")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    std::fs::create_dir(d.join("nothing-here")).unwrap();
    std::fs::write(d.join("nothing-here/readme.rs"), "fn main() {}").unwrap();
    std::fs::copy(example("human.txt"), d.join("good.txt")).unwrap();
    let out = calque_in(
        d,
        &[
            "check",
            "--format",
            "jsonl",
            "empty.txt",
            "binary.txt",
            "latin1.txt",
            "huge.txt",
            "missing.txt",
            "nothing-here",
            "good.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let lines = jsonl_reports(&out);
    let errors: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["status"] == "error")
        .map(|l| (l["origin"].as_str().unwrap(), l["error"].as_str().unwrap()))
        .collect();
    let expect = [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("latin1.txt", "not valid UTF-8"),
        ("huge.txt", "larger than 8 MiB"),
        ("missing.txt", "no such file"),
        ("nothing-here", "no articles found"),
    ];
    assert_eq!(errors.len(), expect.len(), "{errors:?}");
    for ((origin, msg), (want_origin, want_msg)) in errors.iter().zip(expect) {
        assert_eq!(*origin, want_origin);
        assert!(msg.contains(want_msg), "{origin}: {msg}");
        assert!(!msg.contains('\n'));
    }
    let good = lines.last().unwrap();
    assert_eq!(good["status"], "ok");
    assert!(good["origin"].as_str().unwrap().ends_with("good.txt"));
}

#[test]
fn legacy_encodings_are_read_when_the_file_or_the_user_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let article = std::fs::read_to_string(example("roundtrip.txt")).unwrap();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(article.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(d.join("utf8.txt"), &article).unwrap();
    std::fs::write(d.join("utf16.txt"), utf16).unwrap();
    // windows-1252: the curly quotes and the euro sign are single bytes.
    let cp1252: Vec<u8> = article
        .chars()
        .map(|c| match c {
            '“' => 0x93,
            '”' => 0x94,
            '’' => 0x92,
            '€' => 0x80,
            c => u8::try_from(u32::from(c)).expect("the example is in windows-1252"),
        })
        .collect();
    std::fs::write(d.join("cp1252.txt"), &cp1252).unwrap();
    let html = [
        b"<html><head><meta charset=windows-1252></head><body><article><p>".as_slice(),
        &cp1252,
        b"</p></article></body></html>",
    ]
    .concat();
    std::fs::write(d.join("cp1252.html"), html).unwrap();

    let evidence = |args: &[&str]| {
        let mut all = vec!["check", "--format", "jsonl"];
        all.extend_from_slice(args);
        jsonl_reports(&calque_in(d, &all, None))
    };
    let located = |r: &Value| -> Vec<(String, u64, u64)> {
        r["evidence"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .map(|e| {
                let code = e["code"].as_str().unwrap().to_string();
                (
                    code,
                    e["line"].as_u64().unwrap(),
                    e["column"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let reports = evidence(&["utf8.txt", "utf16.txt", "cp1252.txt", "cp1252.html"]);
    let want = located(&reports[0]);
    assert!(want.len() >= 5, "{want:?}");
    // A byte-order mark names UTF-16, and the page's <meta> its encoding.
    assert_eq!(located(&reports[1]), want);
    let page = located(&reports[3]);
    assert_eq!(page.len(), want.len(), "{page:?}");
    // Plain text in windows-1252 needs --encoding, and the error says so.
    assert_eq!(reports[2]["status"], "error");
    assert!(reports[2]["error"].as_str().unwrap().contains("--encoding"));
    let named = evidence(&["-E", "windows-1252", "cp1252.txt", "utf16.txt"]);
    assert_eq!(located(&named[0]), want);
    assert_eq!(located(&named[1]), want, "the byte-order mark still wins");
    assert_eq!(named[0]["probability"], reports[0]["probability"]);

    let unknown = calque_in(d, &["check", "--encoding", "klingon", "utf8.txt"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown encoding"));
}

#[test]
fn non_english_input_is_unsupported_not_human() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("de.txt"),
        "Die Hafenarbeiter kehrten am Dienstag nach einem neuntägigen Streik an die Arbeit zurück. \
         Die Gewerkschaft sprach von einem wichtigen Erfolg für die Beschäftigten.",
    )
    .unwrap();
    let out = calque_in(dir.path(), &["check", "--format", "json", "de.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    let r = &json_reports(&out)[0];
    assert_eq!(r["status"], "unsupported-language");
    assert_eq!(r["language"]["code"], "de");
    assert!(r.get("probability").is_none());
}

#[test]
fn a_one_word_text_is_too_short_not_foreign() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("nato.txt"), "NATO\n").unwrap();
    let out = calque_in(dir.path(), &["check", "--format", "json", "nato.txt"], None);
    assert_eq!(out.status.code(), Some(0));
    let r = &json_reports(&out)[0];
    assert_eq!(r["status"], "ok");
    assert_eq!(r["too_short"], true);
    assert!(r.get("language").is_none());
}

#[test]
fn fail_above_sets_the_exit_code() {
    let f = example("human.txt");
    assert_eq!(
        calque(&[
            "check",
            "--format",
            "json",
            "--fail-above",
            "1",
            path_str(&f)
        ])
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        calque(&[
            "check",
            "--format",
            "json",
            "--fail-above",
            "0",
            path_str(&f)
        ])
        .status
        .code(),
        Some(1)
    );
    let bad = calque(&["check", "--fail-above", "3", path_str(&f)]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("between 0 and 1"));
}

#[test]
fn short_articles_are_scored_but_not_flagged() {
    let brief = b"The minister said the talks would continue next week in Geneva.\n";
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| calque_in(dir.path(), args, Some(brief));
    // Even at a threshold every article is above, an 11-word text passes.
    let out = run(&["check", "--format", "json", "--fail-above", "0", "-"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["reports"][0];
    assert_eq!(r["too_short"], true);
    assert_eq!(r["flagged"], false);
    assert!(r["probability"].is_number());
    assert_eq!(v["summary"]["too_short"], 1);
    // --min-words lowers the bar, and the same text fails.
    let out = run(&[
        "check",
        "--format",
        "json",
        "--fail-above",
        "0",
        "--min-words",
        "5",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let r = &json_reports(&out)[0];
    assert_eq!(r["flagged"], true);
    assert!(r.get("too_short").is_none());
    // So does min-words in calque.toml.
    std::fs::write(
        dir.path().join("calque.toml"),
        "min-words = 5\nfail-above = 0.0\n",
    )
    .unwrap();
    assert_eq!(
        run(&["check", "--format", "json", "-"]).status.code(),
        Some(1)
    );
    let human = run(&["check", "--format", "human", "--min-words", "20", "-"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("too short to judge (11 words)"), "{text}");
    assert!(text.contains("1 too short to judge"), "{text}");
}

#[test]
fn eval_scores_openings_on_request() {
    let toy = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/train/toy.jsonl");
    let out = calque(&["eval", "-q", "--corpus", path_str(&toy), "--opening", "12"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("opening of about 12 words"), "{text}");
    assert!(text.contains("mt vs both"), "{text}");
    let bad = calque(&["eval", "-q", "--corpus", path_str(&toy), "--opening", "0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--opening"));
}

#[test]
fn eval_compares_with_a_baseline_scores_file() {
    let toy = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/train/toy.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let scores = dir.path().join("docs.tsv");
    // `calque eval` on the toy corpus with one file option.
    let eval = |option: &str, file: &Path| {
        calque(&[
            "eval",
            "-q",
            "--corpus",
            path_str(&toy),
            option,
            path_str(file),
        ])
    };
    let first = eval("--scores", &scores);
    assert_eq!(first.status.code(), Some(0));
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(text.contains("95% confidence intervals"), "{text}");
    let again = eval("--baseline", &scores);
    assert_eq!(again.status.code(), Some(0));
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(text.contains("Against the baseline"), "{text}");
    assert!(text.contains("mt vs both  +0.000"), "{text}");
    // Not a scores file: refused before the corpus is read, exit 2.
    let bad = eval("--baseline", &toy);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a scores file"));
}

#[test]
fn sarif_has_the_2_1_0_shape() {
    let out = calque(&[
        "check",
        "--format",
        "sarif",
        "--fail-above",
        "0",
        path_str(&example("roundtrip.txt")),
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "calque");
    // Columns count characters, as the other formats do.
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        assert!(rule["id"].is_string() && rule["shortDescription"]["text"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty(), "threshold 0 flags the article");
    for res in results {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        assert!(["warning", "error", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(res["message"]["text"].is_string());
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        let uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.ends_with("roundtrip.txt"));
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn github_format_prints_workflow_commands() {
    let out = calque(&[
        "check",
        "--format",
        "github",
        "--fail-above",
        "0",
        path_str(&example("roundtrip.txt")),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.is_empty());
    for line in text.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
        assert!(line.contains("file="));
    }
    assert!(text.lines().next().unwrap().starts_with("::error "));
}

#[test]
fn human_format_shows_snippets_without_colour_when_asked() {
    let out = calque(&[
        "check",
        "--format",
        "human",
        "--color",
        "never",
        path_str(&example("roundtrip.txt")),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains('\u{1b}'),
        "no escape codes with --color never"
    );
    assert!(text.contains("roundtrip.txt"));
    assert!(text.contains("article checked") || text.contains("articles checked"));
    if text.contains("-->") {
        assert!(text.contains('^'));
    }
    let coloured = calque(&[
        "check",
        "--format",
        "human",
        "--color",
        "always",
        path_str(&example("roundtrip.txt")),
    ]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
}

#[test]
fn config_file_is_found_upward_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("articles/today");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(example("human.txt"), sub.join("a.txt")).unwrap();
    std::fs::write(
        dir.path().join("calque.toml"),
        "fail-above = 0.0\ndisable = [\"MT007\"]\n",
    )
    .unwrap();
    let out = calque_in(&sub, &["check", "--format", "json", "a.txt"], None);
    assert_eq!(out.status.code(), Some(1), "fail-above 0.0 from the config");
    let r = &json_reports(&out)[0];
    assert!(r["signals"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["code"] != "MT007"));

    std::fs::write(dir.path().join("calque.toml"), "disable = [\"MT999\"]\n").unwrap();
    let out = calque_in(&sub, &["check", "a.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("calque.toml") && err.contains("MT999"),
        "{err}"
    );
}

#[test]
fn disable_and_allow_on_the_command_line_add_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("roundtrip.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::write(dir.path().join("calque.toml"), "disable = [\"MT004\"]\n").unwrap();
    let report = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("a.txt");
        let out = calque_in(dir.path(), &all, None);
        json_reports(&out).remove(0)
    };
    let codes = |r: &Value, key: &str| -> Vec<String> {
        let mut c: Vec<String> = r[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_string())
            .collect();
        c.dedup();
        c
    };
    let plain = report(&[]);
    assert!(!codes(&plain, "signals").contains(&"MT004".to_string()));
    assert!(codes(&plain, "evidence").contains(&"MT001".to_string()));

    // Codes and names, comma-separated or repeated, on top of the file's.
    let fewer = report(&["--disable", "MT001,quote-punctuation", "--disable", "MT012"]);
    let on = codes(&fewer, "signals");
    for off in ["MT001", "MT002", "MT004", "MT012"] {
        assert!(!on.contains(&off.to_string()), "{off} still on: {on:?}");
    }
    assert_eq!(on.len(), calque::signals::registry().len() - 4, "{on:?}");

    // An allowed name takes the flips about that person out of the evidence
    // and out of the score.
    let allowed = report(&["--allow", "Margaret Ellison"]);
    assert!(!codes(&allowed, "evidence").contains(&"MT001".to_string()));
    let p = |r: &Value| r["probability"].as_f64().unwrap();
    assert!(p(&allowed) < p(&plain), "{} {}", p(&allowed), p(&plain));

    for (flag, value, says) in [
        ("--disable", "MT999", "unknown signal"),
        ("--allow", " ", "no words"),
    ] {
        let out = calque_in(dir.path(), &["check", flag, value, "a.txt"], None);
        assert_eq!(out.status.code(), Some(2), "{flag} {value:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag) && err.contains(says), "{err}");
    }
}

#[test]
fn config_overrides_apply_to_matching_paths_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["translated", "news"] {
        std::fs::create_dir(d.join(sub)).unwrap();
        std::fs::copy(example("roundtrip.txt"), d.join(sub).join("a.txt")).unwrap();
    }
    std::fs::write(
        d.join("calque.toml"),
        "[[override]]\npaths = [\"translated/**\"]\nfail-above = 0.99999\nallow = [\"Margaret Ellison\"]\n",
    )
    .unwrap();
    let flagged = |dir: &Path, args: &[&str]| -> Vec<(String, bool, usize)> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = calque_in(dir, &all, None);
        json_reports(&out)
            .iter()
            .map(|r| {
                let flips = r["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|e| e["code"] == "MT001")
                    .count();
                let origin = r["origin"].as_str().unwrap().replace('\\', "/");
                (origin, r["flagged"].as_bool().unwrap(), flips)
            })
            .collect()
    };
    // The same article: flagged under news/, not under translated/, whose
    // section also allows the person MT001 is about.
    let walked = flagged(d, &["."]);
    assert_eq!(
        walked,
        [
            ("./news/a.txt".to_string(), true, 2),
            ("./translated/a.txt".to_string(), false, 0)
        ]
    );
    // Paths given from a sibling directory match relative to calque.toml.
    let news = d.join("news");
    let named = flagged(&news, &["../translated/a.txt", "a.txt"]);
    assert_eq!((named[0].1, named[1].1), (false, true), "{named:?}");
    // --fail-above beats the section's value; the section's allow still holds.
    let strict = flagged(&news, &["--fail-above", "0.5", "../translated/a.txt"]);
    assert_eq!((strict[0].1, strict[0].2), (true, 0));
    // The summary does not name one threshold when articles had others.
    let summary = |args: &[&str]| {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        let out = calque_in(d, &all, None);
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        summary(&["."]),
        "2 articles checked: 1 above their thresholds, 0 errors"
    );
    assert_eq!(
        summary(&["news"]),
        "1 article checked: 1 above 0.50, 0 errors"
    );
}

/// A page that hyphenates long words with `&shy;`, as publishing systems
/// do, gives the evidence the same page gives without them, each piece
/// located at the same character of its own source.
#[test]
fn soft_hyphens_in_a_page_hide_no_evidence() {
    let text = std::fs::read_to_string(example("roundtrip.txt")).unwrap();
    let page = |text: &str| {
        format!(
            "<html><body><article><p>{}</p></article></body></html>",
            text.replace("\n\n", "</p>\n<p>")
        )
    };
    // A break after the third letter of every word of seven letters or more.
    let mut hyphenated = String::new();
    let mut word = String::new();
    for c in text.chars().chain(['\n']) {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        if word.len() >= 7 {
            word.insert_str(3, "&shy;");
        }
        hyphenated.push_str(&word);
        word.clear();
        hyphenated.push(c);
    }
    hyphenated.pop();
    let dir = tempfile::tempdir().unwrap();
    let pages = [page(&text), page(&hyphenated)];
    assert!(pages[1].matches("&shy;").count() > 20);
    for (name, page) in ["plain.html", "hyphenated.html"].iter().zip(&pages) {
        std::fs::write(dir.path().join(name), page).unwrap();
    }
    let reports = json_reports(&calque_in(
        dir.path(),
        &["check", "--format", "json", "hyphenated.html", "plain.html"],
        None,
    ));
    let located = |report: &Value, page: &str| -> Vec<(String, String, char)> {
        (report["evidence"].as_array().unwrap().iter())
            .map(|e| {
                let line = e["line"].as_u64().unwrap() as usize;
                let column = e["column"].as_u64().unwrap() as usize;
                let at = page.lines().nth(line - 1).unwrap().chars().nth(column - 1);
                let code = e["code"].as_str().unwrap().to_string();
                (code, e["excerpt"].to_string(), at.unwrap())
            })
            .collect()
    };
    let hyphenated = located(&reports[0], &pages[1]);
    assert!(hyphenated.iter().any(|e| e.0 == "MT001"), "{hyphenated:?}");
    assert_eq!(hyphenated, located(&reports[1], &pages[0]));
    assert_eq!(reports[0]["probability"], reports[1]["probability"]);
}

/// `<!-- calque off -->` comments leave text out of the score only where
/// `inline-directives` (calque.toml, an override, or the flag) trusts them.
#[test]
fn inline_directives_are_trusted_only_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let roundtrip = std::fs::read_to_string(example("roundtrip.txt")).unwrap();
    let human = std::fs::read_to_string(example("human.txt")).unwrap();
    let marked = format!("{human}\n<!-- calque off -->\n\n{roundtrip}\n<!-- calque on -->\n");
    for sub in ["drafts", "syndicated"] {
        std::fs::create_dir(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("a.md"), &marked).unwrap();
    }
    std::fs::write(d.join("human.md"), &human).unwrap();
    let reports = |args: &[&str]| -> Vec<(String, f64, usize)> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        json_reports(&calque_in(d, &all, None))
            .iter()
            .map(|r| {
                let origin = r["origin"].as_str().unwrap().replace('\\', "/");
                let off = r["excluded"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|x| x["kind"] == "directive")
                    .count();
                (origin, r["probability"].as_f64().unwrap(), off)
            })
            .collect()
    };
    let human_alone = reports(&["human.md"])[0].1;
    // Not trusted by default: the round trip counts.
    let plain = reports(&["drafts/a.md"]);
    assert_eq!(plain[0].2, 0);
    assert!(plain[0].1 > human_alone + 0.1, "{plain:?}");
    // Trusted from the command line: scored as the human article alone.
    let flag = reports(&["--inline-directives", "drafts/a.md"]);
    assert!(flag[0].2 > 0);
    assert!((flag[0].1 - human_alone).abs() < 1e-6, "{flag:?}");
    // Trusted for drafts/ only, by an override.
    std::fs::write(
        d.join("calque.toml"),
        "[[override]]\npaths = [\"drafts/**\"]\ninline-directives = true\n",
    )
    .unwrap();
    let walked = reports(&["drafts", "syndicated"]);
    assert_eq!(walked[0].0, "drafts/a.md");
    assert!(walked[0].2 > 0 && (walked[0].1 - human_alone).abs() < 1e-6);
    assert_eq!(walked[1], ("syndicated/a.md".to_string(), plain[0].1, 0));
}

/// `--statistics` counts each signal's findings over the run, and the
/// articles they are in, from the reports themselves.
#[test]
fn statistics_count_findings_per_signal() {
    let files = [
        example("roundtrip.txt"),
        example("human.txt"),
        root().join("corpus/pages/roundtrip_page.html"),
    ];
    let mut args = vec!["check", "--format", "json", "--statistics"];
    args.extend(files.iter().map(|f| path_str(f)));
    let out = calque(&args);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for r in v["reports"].as_array().unwrap() {
        for s in r["signals"].as_array().unwrap() {
            let n = s["findings"].as_u64().unwrap();
            if n > 0 {
                let e = expected
                    .entry(s["code"].as_str().unwrap().to_string())
                    .or_default();
                e.0 += n;
                e.1 += 1;
            }
        }
    }
    let counts = v["summary"]["signals"].as_array().unwrap();
    let got: std::collections::BTreeMap<String, (u64, u64)> = counts
        .iter()
        .map(|c| {
            let n = |k: &str| c[k].as_u64().unwrap();
            (
                c["code"].as_str().unwrap().to_string(),
                (n("findings"), n("articles")),
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert!(got["MT002"].1 == 2, "{got:?}");
    // Most findings first.
    let findings: Vec<u64> = counts
        .iter()
        .map(|c| c["findings"].as_u64().unwrap())
        .collect();
    assert!(findings.windows(2).all(|w| w[0] >= w[1]), "{findings:?}");

    // Lines after the summary in concise (as in human) output.
    args[2] = "concise";
    let concise = String::from_utf8(calque(&args).stdout).unwrap();
    let top = &counts[0];
    let line = format!(
        "  {} {}: {} findings in {} articles",
        top["code"].as_str().unwrap(),
        top["name"].as_str().unwrap(),
        top["findings"],
        top["articles"]
    );
    assert!(concise.lines().any(|l| l == line), "{concise}");
    // Without the flag, no counts.
    args[2] = "json";
    args.remove(3);
    let plain: Value = serde_json::from_slice(&calque(&args).stdout).unwrap();
    assert!(plain["summary"].get("signals").is_none());
    // Formats without a summary refuse the flag rather than drop it.
    let jsonl = calque(&[
        "check",
        "--statistics",
        "--format",
        "jsonl",
        path_str(&files[0]),
    ]);
    assert_eq!(jsonl.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&jsonl.stderr).contains("--format jsonl has no summary"));
}

#[test]
fn skeleton_evidence_shows_sentences_without_moving_the_score() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("roundtrip.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::copy(example("human.txt"), dir.path().join("b.txt")).unwrap();
    let reports = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.extend(["a.txt", "b.txt"]);
        json_reports(&calque_in(dir.path(), &all, None))
    };
    let sentences = |r: &Value| {
        r["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["code"] == "MT011" && e["kind"] == "skeleton")
            .count()
    };
    let plain = reports(&[]);
    let shown = reports(&["--skeleton-evidence"]);
    for (p, s) in plain.iter().zip(&shown) {
        assert_eq!(p["probability"], s["probability"]);
        assert_eq!(sentences(p), 0);
    }
    // The round trip's most machine-like sentences; none for the human article.
    assert!((1..=3).contains(&sentences(&shown[0])), "{}", shown[0]);
    assert_eq!(sentences(&shown[1]), 0);
    // The same from calque.toml.
    std::fs::write(dir.path().join("calque.toml"), "skeleton-evidence = true\n").unwrap();
    assert_eq!(sentences(&reports(&[])[0]), sentences(&shown[0]));
}

#[test]
fn config_ignore_skips_paths_in_walks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("drafts")).unwrap();
    std::fs::copy(example("human.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::copy(example("human.txt"), dir.path().join("drafts/b.txt")).unwrap();
    std::fs::write(dir.path().join("calque.toml"), "ignore = [\"drafts/**\"]\n").unwrap();
    let out = calque_in(dir.path(), &["check", "--format", "json", "."], None);
    let reports = json_reports(&out);
    assert_eq!(reports.len(), 1);
    assert!(reports[0]["origin"].as_str().unwrap().ends_with("a.txt"));
    // The globs are relative to calque.toml, so they hold in a walk started
    // in a subdirectory too (where the file is found upward).
    let sub = dir.path().join("drafts");
    let out = calque_in(&sub, &["check", "--format", "json", "."], None);
    assert_eq!(out.status.code(), Some(2), "nothing left to check");
    let reports = json_reports(&out);
    assert!(reports[0]["error"]
        .as_str()
        .unwrap()
        .contains("no articles found"));
}

#[test]
fn a_bad_ignore_glob_is_a_config_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("human.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::write(dir.path().join("calque.toml"), "ignore = [\"drafts/[\"]\n").unwrap();
    let out = calque_in(dir.path(), &["check", "a.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("calque.toml") && err.contains("ignore: `drafts/[`"),
        "{err}"
    );
}

#[test]
fn gitignored_and_hidden_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("human.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::copy(example("human.txt"), dir.path().join("skip.txt")).unwrap();
    std::fs::copy(example("human.txt"), dir.path().join(".hidden.txt")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "skip.txt\n").unwrap();
    let out = calque_in(dir.path(), &["check", "--format", "json", "."], None);
    let reports = json_reports(&out);
    assert_eq!(reports.len(), 1, "{reports:?}");
}

/// The bundled round trip inside a page as a news site serves it: a teaser
/// card and comments marked up as `<article>` around the story, navigation,
/// a share bar and a footer, each with text that would be evidence if it
/// were read as the article's.
#[test]
fn a_web_page_is_scored_on_its_story_alone() {
    let page_path = root().join("corpus/pages/roundtrip_page.html");
    let page = std::fs::read_to_string(&page_path).unwrap();
    let out = calque(&["check", "--format", "json", path_str(&page_path)]);
    let text = calque(&[
        "check",
        "--format",
        "json",
        path_str(&example("roundtrip.txt")),
    ]);
    let (page_report, text_report) = (&json_reports(&out)[0], &json_reports(&text)[0]);
    assert_eq!(page_report["flagged"], true);
    let evidence = |r: &Value| r["evidence"].as_array().unwrap().clone();
    let codes = |r: &Value| -> Vec<String> {
        evidence(r)
            .iter()
            .map(|e| format!("{} {}", e["code"], e["kind"]))
            .collect()
    };
    assert_eq!(codes(page_report), codes(text_report));
    // Each piece of evidence points at the same character in the page as in
    // the text, and inside the story's lines.
    let story = page.find("<article class=\"post\">").unwrap();
    let story_lines =
        page[..story].lines().count()..page[..page.find("share-bar").unwrap()].lines().count();
    let char_at = |source: &str, e: &Value| {
        let line = source
            .lines()
            .nth(e["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        line.chars()
            .nth(e["column"].as_u64().unwrap() as usize - 1)
            .unwrap()
    };
    let plain = std::fs::read_to_string(example("roundtrip.txt")).unwrap();
    for (in_page, in_text) in evidence(page_report)
        .iter()
        .zip(evidence(text_report).iter())
    {
        let line = in_page["line"].as_u64().unwrap() as usize;
        assert!(story_lines.contains(&line), "{in_page} outside the story");
        assert_eq!(
            char_at(&page, in_page),
            char_at(&plain, in_text),
            "{in_page}"
        );
    }
}

#[test]
fn markdown_and_html_inputs_map_positions_to_the_source() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Port strike ends\n\nDockworkers went back to work on **Tuesday** after a strike that cost about $ 150 million, the authority said on Monday evening.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.html"),
        "<html><body><nav>Home</nav>\n<article>\n<p>Dockworkers went back to work on Tuesday after a nine-day strike, the port authority said.</p>\n</article></body></html>",
    )
    .unwrap();
    let out = calque_in(
        dir.path(),
        &["check", "--format", "json", "a.md", "a.html"],
        None,
    );
    let reports = json_reports(&out);
    assert_eq!(reports.len(), 2);
    for r in &reports {
        assert_eq!(r["status"], "ok", "{r}");
        assert!(r["words"].as_u64().unwrap() >= 10);
    }
}

#[test]
fn signals_and_explain_document_every_code() {
    let out = calque(&["signals"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = String::from_utf8_lossy(&out.stdout);
    let codes: Vec<&str> = listing
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(codes.contains(&"MT007"));
    for code in codes {
        let out = calque(&["explain", code]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("Example"));
    }
    let out = calque(&["explain", "MT999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown signal"));
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    // `calque … | head` closes the pipe early; what the reader did not take
    // is not an error, and nothing may panic.
    let roundtrip = example("roundtrip.txt");
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let text = std::fs::read_to_string(&roundtrip).unwrap();
    let record = |id: &str, label: &str| {
        serde_json::json!({"id": id, "group": id, "label": label, "text": text}).to_string()
    };
    std::fs::write(
        &corpus,
        format!("{}\n{}\n", record("a", "mt"), record("b", "ht")),
    )
    .unwrap();
    let commands: [&[&str]; 5] = [
        &["eval", "-q", "--corpus", path_str(&corpus)],
        &["explain", "MT001"],
        &["signals"],
        &["check", "--format", "human", path_str(&roundtrip)],
        &["check", "--format", "json", path_str(&roundtrip)],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_calque"))
            .args(args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary runs");
        // Close the reading end before the command writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_closed_standard_error_still_gives_the_exit_code() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_calque"))
        .args(["explain", "MT999"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

#[test]
fn jobs_must_be_a_sensible_number_of_threads() {
    let human = example("human.txt");
    for bad in ["0", "1025", "100000", "x"] {
        let out = calque(&["check", "-j", bad, path_str(&human)]);
        assert_eq!(out.status.code(), Some(2), "-j {bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("from 1 to 1024"), "-j {bad}: {stderr}");
    }
    let out = calque(&["check", "-j", "3", "--format", "jsonl", path_str(&human)]);
    assert_eq!(out.status.code(), Some(0));
}

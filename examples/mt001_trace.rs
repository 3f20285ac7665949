use calque::text::Analysis;
use calque::Document;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let label = args.get(1).cloned().unwrap_or_else(|| "orig".into());
    let docs = calque::corpus::read(std::path::Path::new(&args[0])).unwrap();
    for d in docs.iter().filter(|d| d.label.as_str() == label) {
        let doc = Document::from_text(d.id.clone(), d.text.clone());
        let a = Analysis::new(&doc);
        for f in calque::signals::pronoun_gender_flip::find_flips(&a) {
            let s = f.pronoun.start.saturating_sub(300);
            let s = calque::document::floor_char(&doc.text, s);
            let e = calque::document::floor_char(&doc.text, (f.pronoun.end + 80).min(doc.text.len()));
            println!("== {} {} {}\n{}\n-- {}\n", d.id, d.src_lang, d.system, f.message, doc.text[s..e].replace('\n', " / "));
        }
    }
}

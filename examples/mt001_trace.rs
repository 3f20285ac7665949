use calque::text::Analysis;
use calque::Document;
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Document::from_text(path.clone(), text);
        let a = Analysis::new(&doc);
        let q = calque::people::quote_mask(&a);
        let p = calque::people::People::find(&a, &q);
        for (i, x) in p.persons.iter().enumerate() {
            if x.named { eprintln!("PERSON {i} {:?} g={:.2}", &doc.text[x.name.clone()], x.intrinsic_gender()); }
        }
        for f in calque::signals::pronoun_gender_flip::find_flips(&a) {
            println!("{path}: {}", f.message);
        }
    }
}

fn main() {
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap();
        let (bytes, html) = if p.ends_with(".gz") {
            use std::io::Read;
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).unwrap();
            (out, true)
        } else { (bytes, p.ends_with(".html")) };
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let fmt = if html { sitrep_core::SourceFormat::Html } else { sitrep_core::SourceFormat::Text };
        let doc = sitrep_core::Document::new(p.clone(), fmt, body);
        let a = sitrep_clean::clean(&doc);
        println!("TITLE {:?} PUB {:?} AUTHOR {:?}", a.title, a.published, a.author);
        for b in &a.blocks {
            let t = a.block_text(b);
            let n = t.chars().count();
            let s: String = if n > 140 { format!("{} … {}", t.chars().take(60).collect::<String>(), t.chars().skip(n-60).collect::<String>()) } else { t.to_string() };
            println!("{:?}\t{}", b.kind, s);
        }
    }
}

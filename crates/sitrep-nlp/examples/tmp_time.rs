fn main() {
    let mut sentences = Vec::new();
    for e in std::fs::read_dir("/work/main/examples").unwrap() {
        let t = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for para in t.split("\n\n") {
            for (s, e) in sitrep_nlp::sentences::split(para, 0, para.len()) {
                sentences.push(para[s..e].to_string());
            }
        }
    }
    let bytes: usize = sentences.iter().map(|s| s.len()).sum();
    let r = chrono::NaiveDate::from_ymd_opt(2024, 2, 2);
    let start = std::time::Instant::now();
    let mut n = 0;
    while start.elapsed().as_secs_f64() < 3.0 {
        for s in &sentences {
            std::hint::black_box(sitrep_nlp::time::find(s, r, None));
        }
        n += 1;
    }
    println!("{} sentences, {:.1} MB/s", sentences.len(), (bytes * n) as f64 / 1e6 / start.elapsed().as_secs_f64());
}

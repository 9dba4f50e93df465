use std::collections::HashMap;
use std::io::Read;
fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let re = regex::Regex::new(r"\w+").unwrap();
    let tokens: Vec<String> = re.find_iter(text).map(|m| m.as_str().to_string()).collect();
    let mut out = HashMap::new();
    for w in tokens.windows(4) { *out.entry(w.to_vec()).or_insert(0) += 1; }
    out
}
fn recall(p: &str, t: &str) -> f64 {
    let (p, t) = (shingles(p), shingles(t));
    let tp: usize = p.iter().map(|(k, n)| (*n).min(*t.get(k).unwrap_or(&0))).sum();
    let tot: usize = t.values().sum();
    if tot == 0 { 1.0 } else { tp as f64 / tot as f64 }
}
fn main() {
    let dir = std::path::PathBuf::from("/work/shared/bench/articles/scrapinghub");
    let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json")).unwrap()).unwrap();
    let only = std::env::args().nth(1);
    for (id, e) in truth.as_object().unwrap() {
        if let Some(o) = &only { if !id.starts_with(o.as_str()) { continue } }
        let gz = std::fs::read(dir.join(format!("html/{id}.html.gz"))).unwrap();
        let mut html = String::new();
        flate2::read::MultiGzDecoder::new(&gz[..]).read_to_string(&mut html).unwrap();
        let exp = e["articleBody"].as_str().unwrap();
        let a = sitrep_clean::clean_html(id, &html);
        let raw = dom_smoothie::Readability::new(html.as_str(), None, None).and_then(|mut r| r.parse()).map(|a| a.text_content.to_string()).unwrap_or_default();
        let (r1, r0) = (recall(&a.text, exp), recall(&raw, exp));
        if only.is_some() {
            println!("{r1:.3} vs {r0:.3}");
            for b in &a.blocks { println!("{:?}\t{}", b.kind, a.block_text(b).chars().take(150).collect::<String>()); }
            println!("=== TRUTH\n{}", exp);
        } else if r0 - r1 > 0.02 { println!("{} ours {r1:.3} base {r0:.3}", &id[..12]); }
    }
}

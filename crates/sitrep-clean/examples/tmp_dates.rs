use std::io::Read;
fn main() {
    let dir = std::path::PathBuf::from("/work/shared/bench/dates/htmldate-mediacloud");
    let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("eval_mediacloud_2020.json")).unwrap().replace(": NaN", ": null")).unwrap();
    let (mut tp, mut fp, mut fnn) = (0, 0, 0);
    for (_url, e) in truth.as_object().unwrap() {
        let f = e["file"].as_str().unwrap();
        let Ok(gz) = std::fs::read(dir.join(format!("html/{f}.gz"))) else { fnn += 1; continue };
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(&gz[..]).read_to_end(&mut bytes).unwrap();
        let html = String::from_utf8_lossy(&bytes);
        let a = sitrep_clean::clean_html("x", &html);
        match a.published { None => fnn += 1, Some(d) if Some(d.to_string().as_str()) == e["date"].as_str() => tp += 1, Some(_) => fp += 1 }
    }
    let n = (tp + fp + fnn) as f64;
    println!("tp {tp} fp {fp} fn {fnn}  precision {:.3} recall {:.3} accuracy {:.3}", tp as f64 / (tp + fp) as f64, tp as f64 / (tp + fnn) as f64, tp as f64 / n);
}

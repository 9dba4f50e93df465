//! `sitrep-bench corpus N DIR`: writes the synthetic corpus of
//! `sitrep::synthetic` as text files, for scale runs of the real binary.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `count` documents into `dir`, created if needed.
pub fn run(count: usize, seed: u64, dir: &Path) -> Result<std::process::ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut rng = sitrep::synthetic::Rng::new(seed);
    for n in 0..count {
        let (name, text) = sitrep::synthetic::document(&mut rng, n);
        let path = dir.join(name);
        let mut file = std::fs::File::create(&path)
            .with_context(|| format!("{}: cannot create", path.display()))?;
        file.write_all(text.as_bytes())?;
    }
    eprintln!("{count} documents written to {}", dir.display());
    Ok(std::process::ExitCode::SUCCESS)
}

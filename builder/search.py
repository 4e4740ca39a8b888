"""Search index: exact substring search in Chinese, as static files the browser reads.

A report is found for a phrase exactly when its text contains the phrase. Word segmentation
cannot promise that (a phrase cut one way in a query and another way in a report is missed),
so nothing is segmented: the text is NFKC-normalised, lower-cased and cut into runs of
letters and digits, and every character of a run and every two adjacent characters are its
tokens ("主题教育" -> 主 题 教 育 主题 题教 教育). A report holding a query run of one or two
characters is one holding that token; one holding a longer run holds all of the run's
bigrams, and the browser (`theme/assets/archive/search.js`) checks the phrase itself in the
text of each report that holds them all.

Why not Pagefind, which DESIGN.md names: its indexer needs some 700 bytes of memory per
(token, report) pair, and 10,000 reports hold some 40 million (25 GB). Leaving the common
tokens out to fit made every everyday phrase a check of every report, one download each
(benchmarks/RESULTS.md). Here a token's reports cost a few bytes to a bit each.

The files, under `search-index/` in the site:

    meta.json               {"version", "reports", "buckets", "chunk", "folder"}
    <folder>/filters.gz     filter name -> value -> number of reports, for the filter menus
    <folder>/keys/<b>.gz    the keys whose hash is b: tokens, and filter values ("年度=2023"),
                            each with the numbers of the reports that hold it
    <folder>/reports/<c>.gz reports c*chunk ... (c+1)*chunk-1: [url, title, year, unit, type]
    <folder>/text/<n>.gz    report n's text: title, line break, body

Reports are numbered newest first, the order results are shown in. `<folder>` is a hash of
its content, so that everything but meta.json may be cached for good. Every .gz file is gzip
data, which the browser unpacks itself (DecompressionStream): it crosses the network at that
size whatever the server does.

A key file is a sequence of entries, keys in code point order:
    varint  length of the key in UTF-8 bytes, then the key
    byte    0: the report numbers, ascending, as varint gaps (first: number + 1)
            1: a bitmap of all reports (report n: bit n % 8 of byte n // 8)
    varint  length of what follows, then it
Each key takes the shorter of the two. A varint holds 7 bits a byte, low bits first, the high
bit set on all bytes but the last.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import operator
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RUN = re.compile(r"[^\W_]+")
INDEX_DIR = "search-index"
VERSION = 1
REPORTS_PER_CHUNK = 100
# Keys are spread over files of about this many bytes (before gzip): a query fetches one
# file per distinct token, so more and smaller files mean fewer bytes per search.
BUCKET_BYTES = 8192
BITMAP, GAPS = 1, 0
VARINT_BLOCK = 1 << 20


@dataclass
class SearchRecord:
    url: str  # relative to the site root, e.g. "reports/abc/"
    title: str
    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)  # year, unit and type, as shown


def runs(text: str) -> list[str]:
    return RUN.findall(unicodedata.normalize("NFKC", text).lower())


def tokens(text: str) -> set[str]:
    # The runs of the text with a line break between two (no run holds one): its characters
    # are the text's characters, and its pairs of characters without a line break its bigrams.
    # One pass over the whole text with map() takes about half the time of a loop over runs.
    joined = "\n".join(runs(text))
    bigrams = {pair for pair in set(map(operator.add, joined, joined[1:])) if "\n" not in pair}
    return (set(joined) - {"\n"}) | bigrams


def filter_key(name: str, value: str) -> str:
    # "=" is no letter or digit, so no token is ever a filter key.
    return f"{name}={value}"


def key_hash(key: str) -> int:
    """FNV-1a (32 bits) of the key's UTF-8 bytes, as search.js computes it."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def varint_widths(values: np.ndarray) -> np.ndarray:
    """How many bytes each of `values` takes as a varint."""
    widths = np.ones(len(values), dtype=np.uint8)
    for bits in (7, 14, 21, 28):
        widths += values >= (1 << bits)
    return widths


def varints(values: np.ndarray) -> bytes:
    """Non-negative integers below 2**35 as consecutive varints."""
    out = []
    for block in range(0, len(values), VARINT_BLOCK):  # 40 bytes of work space a value
        chunk = values[block : block + VARINT_BLOCK].astype(np.uint64)
        widths = varint_widths(chunk)[:, None]
        at = np.arange(5)
        groups = (chunk[:, None] >> (7 * at).astype(np.uint64)) & 0x7F
        groups |= (at < widths - 1).astype(np.uint64) << 7
        out.append(groups[at < widths].astype(np.uint8).tobytes())
    return b"".join(out)


def key_ids(records: list[SearchRecord]) -> tuple[list[str], list[np.ndarray]]:
    """All keys, and each record's as indexes into them: worked out once, and kept small
    (10,000 sets of strings would take gigabytes)."""
    vocabulary: dict[str, int] = {}
    ids = []
    for record in records:
        keys = tokens(record.text)
        keys.update(filter_key(name, value) for name, values in record.filters.items() for value in values)
        for key in keys - vocabulary.keys():
            vocabulary[key] = len(vocabulary)
        # map() over a dict's bound method: no Python frame per key (36 million at 10,000 reports).
        ids.append(np.fromiter(map(vocabulary.__getitem__, keys), dtype=np.int32, count=len(keys)))
    return list(vocabulary), ids


def postings(keys: list[str], ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The numbers of the reports holding each key: `reports[starts[k]:starts[k + 1]]`,
    ascending (record i is report i)."""
    counts = np.fromiter((len(a) for a in ids), dtype=np.int64, count=len(ids))
    holders = np.repeat(np.arange(len(ids), dtype=np.int32), counts)
    by_key = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32)
    # Stable: the reports of a key keep their ascending order.
    reports = holders[np.argsort(by_key, kind="stable")]
    starts = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(np.bincount(by_key, minlength=len(keys)), out=starts[1:])
    return reports, starts


def key_files(keys: list[str], reports: np.ndarray, starts: np.ndarray, report_count: int) -> list[bytes]:
    """The key files' content (before gzip), one per bucket of keys."""
    counts = np.diff(starts)
    # The gaps between a key's report numbers; its first is its first number + 1.
    gaps = np.diff(reports.astype(np.int64), prepend=-1)
    gaps[starts[:-1]] = reports[starts[:-1]].astype(np.int64) + 1
    gap_bytes = np.add.reduceat(varint_widths(gaps).astype(np.int64), starts[:-1]) if len(keys) else np.zeros(0, np.int64)
    bitmap_bytes = (report_count + 7) // 8
    as_gaps = gap_bytes <= bitmap_bytes
    gap_blob = varints(gaps[np.repeat(as_gaps, counts)])
    gap_starts = np.concatenate([[0], np.cumsum(np.where(as_gaps, gap_bytes, 0))])

    total = int(np.minimum(gap_bytes, bitmap_bytes).sum())
    wanted = max(1, -(-total // BUCKET_BYTES))
    buckets = 1 << (wanted - 1).bit_length()  # a power of two: search.js masks the hash
    files = [bytearray() for _ in range(buckets)]
    bits = np.zeros(bitmap_bytes * 8, dtype=bool)
    for k in sorted(range(len(keys)), key=keys.__getitem__):
        if as_gaps[k]:
            kind, payload = GAPS, gap_blob[gap_starts[k] : gap_starts[k + 1]]
        else:
            bits[:] = False
            bits[reports[starts[k] : starts[k + 1]]] = True
            kind, payload = BITMAP, np.packbits(bits, bitorder="little").tobytes()
        key = keys[k].encode("utf-8")
        files[key_hash(keys[k]) & (buckets - 1)] += varint(len(key)) + key + bytes([kind]) + varint(len(payload)) + payload
    return [bytes(f) for f in files]


def packed(data: bytes) -> bytes:
    # mtime 0: the same index gives the same bytes.
    return gzip.compress(data, compresslevel=6, mtime=0)


def packed_json(value) -> bytes:
    return packed(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8"))


def write_index(records: list[SearchRecord], site_dir: Path) -> None:
    """Write the search index of `records`, numbered in their order, into `site_dir/search-index`."""
    output = Path(site_dir) / INDEX_DIR
    shutil.rmtree(output, ignore_errors=True)
    partial = output / "partial"
    digest = hashlib.blake2b(digest_size=8)

    def write(path: str, data: bytes) -> None:
        target = partial / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        digest.update(path.encode("utf-8") + b"\0" + len(data).to_bytes(8, "little") + data)

    keys, ids = key_ids(records)
    reports, starts = postings(keys, ids)
    del ids
    buckets = key_files(keys, reports, starts, len(records))
    for number, content in enumerate(buckets):
        write(f"keys/{number}.gz", packed(content))
    for start in range(0, len(records), REPORTS_PER_CHUNK):
        rows = [[r.url, r.title, r.meta.get("year", ""), r.meta.get("unit", ""), r.meta.get("type", "")] for r in records[start : start + REPORTS_PER_CHUNK]]
        write(f"reports/{start // REPORTS_PER_CHUNK}.gz", packed_json(rows))
    for number, record in enumerate(records):
        write(f"text/{number}.gz", packed(record.text.encode("utf-8")))
    filters: dict[str, Counter[str]] = {}
    for record in records:
        for name, values in record.filters.items():
            filters.setdefault(name, Counter()).update(values)
    write("filters.gz", packed_json(filters))

    folder = digest.hexdigest()
    partial.rename(output / folder)
    meta = {"version": VERSION, "reports": len(records), "buckets": len(buckets), "chunk": REPORTS_PER_CHUNK, "folder": folder}
    (output / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

"""Search index: exact substring search in Chinese, as static files the browser reads.

A report is found for a phrase exactly when its text contains the phrase. Word segmentation
cannot promise that (a phrase cut one way in a query and another way in a report is missed),
so nothing is segmented: the text is folded — NFKC, lower case, and traditional characters
to simplified ones (`fold_table`) — and cut into runs of letters and digits; its joined runs
are those runs with a line break between two, and a phrase (its own joined runs: its needle)
is in a report iff it is a substring of the report's joined runs. The index answers that
from its keys alone for needles of up to PHRASE_DEPTH (6) characters, so that the number of
reports holding a query is known at once (search.js):

- tokens: every character of a run and every two adjacent characters ("主题教育" -> 主 题 教
  育 主题 题教 教育): a needle of one or two characters is a token;
- phrase keys (`phrase_entries`): strings of 3 to PHRASE_DEPTH characters of the joined runs,
  starting with a letter or digit, kept as a trie cut where it thins out. Every string of 3
  is a key; a key found more than LEAF_OCCURRENCES times in its phrase block is frequent: its
  reports are written as a set, and every string one character longer that starts with it is
  a key too (up to PHRASE_DEPTH); a rarer one is a leaf: written with what follows each of
  its places, up to PHRASE_DEPTH characters in all. A needle of 3 to PHRASE_DEPTH characters
  is decided by the longest of its prefixes that is a key: a set is the answer when it is
  the whole needle, and means no report when it is shorter (had a report held the needle, the
  next longer prefix would be a key); a leaf gives the reports where what follows it starts
  with the rest of the needle. A longer needle is looked for as its first and last
  PHRASE_DEPTH characters, and the browser checks those candidates in their text.

Measured at 10,000 reports (benchmarks/RESULTS.md): the positions of common phrases do not
fit a search's 300 KB (those of 主题教 alone take 50 KB gzipped, of 习近平 147 KB), while a
frequent phrase's set is a bitmap of a few hundred bytes; leaves keep rare phrases small.

繁简: the fold maps one character to one character (OpenCC's t2s, character by character,
worked out when the index is written), so that offsets in the folded text are offsets in the
text as written: excerpts and marks show the text as written. 領導權 and 领导权 both fold to
领导权.

Why not Pagefind, which DESIGN.md names: its indexer needs some 700 bytes of memory per
(token, report) pair, and 10,000 reports hold some 40 million (25 GB). Here a token's reports
cost a few bytes to a bit each.

The reports are spread over blocks by a hash of their address (`blocks_of`), so that a
change rewrites the key files of its block only; within a block they are numbered newest
first. Each block is split again into PHRASE_SPLIT phrase blocks (`part_of`: other bits of the
same hash) for the phrase keys, which cost more to work out: a change works out those of one
phrase block. The files, under `search-index/` in the site:

    meta.json                 {"version", "reports", "blocks": [[reports, key files, [phrase
                              buckets of each phrase block]], ...], "parts", "depth", "chunk",
                              "folder", "fold"}; "fold": the fold of traditional characters,
                              pairs (traditional, simplified) as one string, for the simplified
                              characters the archive holds (a character whose fold is in no
                              report finds nothing)
    <folder>/keys/<k>/<b>.gz  block k's tokens whose hash is b, each with the numbers of the
                              block's reports that hold it
    <folder>/phrases/<k>/<b>.bin  block k's phrase keys whose first three characters hash
                              to b (all a needle's lookup needs), for each phrase block p its
                              bucket b % (its buckets), its reports numbered in the block's
                              order among themselves (`phrase_file`: one file, not one per
                              phrase block, for a search fetches them all: 8 requests at
                              10,000 reports instead of 64, each with some 600 bytes of headers)
    <folder>/parts.gz         the phrase block of each report, a byte each, block after block
    <folder>/reports/<k>/<c>.gz  block k's reports c*chunk ... (c+1)*chunk-1: [url, title,
                              year, unit, type]
    <folder>/years.gz         the year of each report, a byte each (`year_byte`), block after
                              block: 最新 across blocks is by year, then block, then number (one
                              file, small enough to write anew on every update: a search
                              unpacks one file instead of one per block)
    <folder>/filters.gz       [[filter name, [[value, reports], ...]], ...], values in code
                              point order: the filter menus
    <folder>/facets.gz        each report's filter values, block after block (`facets_file`):
                              the search filters its results and counts each value among them
    <folder>/text/<url>.gz    a report's text, by its address (`text_path`): {"text": title,
                              line break, body; "sections": [[offset, anchor], ...]}: where each
                              heading starts (in characters) and the id it has on the report page

`<folder>` is a hash of its content, so that everything but meta.json may be cached for good.
Every .gz file is gzip data, which the browser unpacks itself (DecompressionStream): it
crosses the network at that size whatever the server does.

A key file (keys and phrases) is a sequence of entries, keys in code point order:
    varint  length of the key in UTF-8 bytes, then the key
    byte    0 (GAPS): the report numbers as varints: their count, then the gaps, ascending
               (first: number + 1)
            1 (BITMAP): a bitmap of the reports (report n: bit n % 8 of byte n // 8)
            2 (LEAF, phrase keys only): see `leaf_entries`
            4 + 0 or 4 + 1 (NO_RANKS, phrase keys of 4 to PHRASE_DEPTH characters): as 0 or 1,
               without rank bytes
    varint  length of what follows, then it: for GAPS and BITMAP the numbers as above, then
            one byte for each report, in the same order: the ranking facts of the key in that
            report (`record_keys`, `phrase_entries`)
A set takes the shorter of GAPS and BITMAP. A varint holds 7 bits a byte, low bits first, the
high bit set on all bytes but the last.

Ranking (search.js): a report's score for a term is 8 if the term is in its title, plus 4 if
it is in a heading, plus its frequency class / 16 (`frequency_classes`). The facts are those
of the needle's token or phrase key; of a needle found in a leaf, those of the leaf's key with
what follows it, the highest; of a needle of 4 to PHRASE_DEPTH characters found in a set, those
of its first three characters (the sets of longer phrases have no rank bytes: they would make
the file of every phrase starting with those three several times larger); for a needle longer
than PHRASE_DEPTH, a fact holds when it holds for its first and last PHRASE_DEPTH characters,
and the frequency is the lower. The score of a report is the sum over the query's terms; ties,
newest first. How close together a query's terms stand needs their places, which the index
does not hold: search.js reorders each page of results by it, from the texts it fetches.

Incremental: `write_index` returns an `IndexState` (each block's postings and packed phrase
buckets, in memory: some 300 MB at 10,000 reports); `state = update_index(records, site_dir,
state)` brings the written index to `records`, rewriting the key files that changed in the
blocks whose reports changed, the phrase files holding a bucket that changed in a phrase block
whose reports changed (both known by the digests of their content before gzip), and the other
files whose content changes, and gives the same bytes as `write_index(records, site_dir)`
(benchmarks/RESULTS.md for the time). The phrase keys of the changed phrase blocks, half of an
update's work, are worked out and packed in a thread beside the rest (`update_index`). A
caller that keeps the state between builds (under `mkdocs serve`, the index process of
build.IndexUpdates) passes it back each time; the state passed in is used up. Without one, or
if the index on disk is gone (a clean build), the index is written whole. A one-off build
(`mkdocs build`) keeps no state, and shares the blocks out among processes
(build.IndexWriting): each runs `write_blocks(share, folder, keep_state=False, fill=...)`,
which makes each block's texts just before indexing it and lets them and its postings go once
written, so that memory does not grow with the index (benchmarks/RESULTS.md, 100,000 reports);
`finish_index` then writes the archive-wide files and names the folder. `write_index` is the
same, in one process.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from functools import lru_cache
from pathlib import Path
from typing import Callable

import deflate
import numpy as np

RUN = re.compile(r"[^\W_]+")
NEWLINE = ord("\n")
CHARACTER_MASK = 0x1FFFFF  # a code point's 21 bits
INDEX_DIR = "search-index"
VERSION = 5
# A page of results (10) takes its rows from as many chunks, one per result: at 100 rows a
# chunk, 9 chunks of 2.8 KB (25 KB) for the 10 rows of a search at 10,000 reports.
REPORTS_PER_CHUNK = 20
# Keys are spread over files of about this many bytes (before gzip): a query fetches one
# file per distinct token and block, so more and smaller files mean fewer bytes per search.
BUCKET_BYTES = 4096
BITMAP, GAPS, LEAF = 1, 0, 2
NUMBERS, BITMAPS = 0, 1  # the two ways facets.gz writes a filter
NO_RANKS = 4  # added to GAPS or BITMAP: a phrase key's set without rank bytes
# A phrase of up to this many characters is found in the index alone (`phrase_entries`).
PHRASE_DEPTH = 6
# A phrase key found at most this often in a block is a leaf: what follows each of its
# occurrences is written with it (a few kilobytes at most), instead of the longer keys.
LEAF_OCCURRENCES = 256
# Phrase blocks per block: an edit works out the phrase keys of one (the longest part of an
# update), and a search fetches one phrase file per block whatever their number: each holds
# a bucket of every phrase block, about BUCKET_BYTES in all (`phrase_files`).
PHRASE_SPLIT = 8
# How many occurrences of phrases (`phrase_entries`) and postings of keys (`set_entries`) are
# worked out at a time: their arrays take some 100 and 40 bytes each.
PHRASE_OCCURRENCES = 1 << 21
POSTINGS_AT_ONCE = 1 << 22
BLOCK_UNIT = 150  # see block_count
NO_NUMBERS = np.zeros(0, dtype=np.int64)
# The gzip level of key and phrase files: report numbers and rank bytes, which libdeflate
# packs as small at level 1 as at 6 (a little smaller) in half the time; the texts and rows
# it packs 7% larger at 1, so they keep level 6 (benchmarks/RESULTS.md).
POSTINGS_LEVEL = 1
IN_TITLE, IN_HEADING = 0x80, 0x40
FREQUENCY_CLASSES = 63  # the low six bits of a rank byte
# CJK blocks whose traditional characters OpenCC folds (the Unified Ideographs, extension A
# and the compatibility ideographs).
CJK = [*range(0x3400, 0xA000), *range(0xF900, 0xFB00)]


@dataclass
class SearchRecord:
    url: str  # relative to the site root, e.g. "reports/abc/"
    title: str
    text: str  # title, line break, body
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)  # year, unit and type, as shown
    # (offset of a heading in `text`, in characters; its id on the report page), in order.
    sections: list[tuple[int, str]] = field(default_factory=list)


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Traditional character -> simplified character, one to one (str.translate's form)."""
    from .script import converter

    t2s = converter()
    table = {}
    for code in CJK:
        simplified = t2s.convert(chr(code))
        if len(simplified) == 1 and simplified != chr(code):
            table[code] = simplified
    return table


@lru_cache(maxsize=1)
def traditional_characters() -> re.Pattern:
    return re.compile("[" + "".join(map(chr, fold_table())) + "]")


@lru_cache(maxsize=1)
def width_table() -> dict[int, str]:
    """Full-width forms and ideographic punctuation -> their NFKC form, where that is one
    character (str.translate's form)."""
    table = {}
    for code in [*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)]:
        normal = unicodedata.normalize("NFKC", chr(code))
        if len(normal) == 1 and normal != chr(code):
            table[code] = normal
    return table


def fold(text: str) -> str:
    """NFKC, lower case, simplified characters: what is matched, never what is shown."""
    # Chinese text is rarely NFKC only for its full-width punctuation: mapped first (each to
    # its own NFKC form, which leaves the text's NFKC as it is), the text usually is, and
    # checking that costs a fraction of normalizing.
    text = text.translate(width_table())
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    # Most archives are simplified: looking for a traditional character costs a tenth of
    # translating every character.
    return text.translate(fold_table()) if traditional_characters().search(text) else text


def runs(text: str) -> list[str]:
    return RUN.findall(fold(text))


@lru_cache(maxsize=1 << 14)
def joined_runs(text: str) -> str:
    # The runs with a line break between two (no run holds one): its characters are the
    # text's characters, and its pairs of characters without a line break its bigrams.
    # Cached: a report's key postings and its phrase keys both start from it, and an update
    # works out the phrase keys of reports that did not change (a block at 10,000 reports).
    return "\n".join(runs(text))


def token_codes(text: str) -> tuple[np.ndarray, np.ndarray, int]:
    """The tokens of `text` as codes, ascending — a character its code point, two characters
    the first's << 21 | the second's — with how often each occurs, and how many characters
    its runs hold. Codes, not strings: a report has thousands of tokens, a block millions."""
    codes = np.frombuffer(joined_runs(text).encode("utf-32-le"), dtype="<u4").astype(np.int64)
    breaks = codes == NEWLINE
    characters = codes[~breaks]
    bigrams = (codes[:-1] << 21 | codes[1:])[~(breaks[:-1] | breaks[1:])]
    found, counts = np.unique(np.concatenate([characters, bigrams]), return_counts=True)
    return found, counts, len(characters)


def key_strings(codes) -> list[str]:
    """The tokens whose codes are given, as strings."""
    codes = np.asarray(codes, dtype=np.int64)
    pairs = np.column_stack([codes >> 21, codes & CHARACTER_MASK]).astype("<u4").tobytes().decode("utf-32-le")
    return [pairs[n : n + 2].lstrip("\0") for n in range(0, len(pairs), 2)]


def tokens(text: str) -> set[str]:
    return set(key_strings(token_codes(text)[0]))


def frequency_classes(counts: np.ndarray, length: int) -> np.ndarray:
    """4·log2(1 + occurrences per 10,000 characters), at most FREQUENCY_CLASSES: the low bits
    of a token's rank byte in a report."""
    rate = counts * (10000 / np.maximum(length, 1))
    return np.minimum(FREQUENCY_CLASSES, (4 * np.log2(1 + rate)).astype(np.int64))


def heading_text(record: SearchRecord) -> str:
    lines = []
    for offset, _ in record.sections:
        end = record.text.find("\n", offset)
        lines.append(record.text[offset : end if end >= 0 else len(record.text)])
    return "\n".join(lines)


def record_keys(record: SearchRecord) -> tuple[np.ndarray, np.ndarray]:
    """The codes of a report's tokens (`token_codes`), ascending, and each one's rank byte
    (frequency class, IN_TITLE and IN_HEADING)."""
    codes, counts, length = token_codes(record.text)
    ranks = frequency_classes(counts, length)
    for flag, text in ((IN_TITLE, record.title), (IN_HEADING, heading_text(record))):
        ranks[np.isin(codes, token_codes(text)[0], assume_unique=True)] |= flag
    return codes, ranks.astype(np.uint8)


@lru_cache(maxsize=1 << 17)  # the addresses of the reports: every update places each one
def key_hash(key: str) -> int:
    """FNV-1a (32 bits) of the key's UTF-8 bytes, as search.js computes it."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def key_hashes(keys: list[str]) -> np.ndarray:
    """`key_hash` of each key, all at once (uint64)."""
    encoded = [key.encode("utf-8") for key in keys]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    flat = np.frombuffer(b"".join(encoded), dtype=np.uint8).astype(np.uint64)
    ends = np.cumsum(lengths)
    value = np.full(len(keys), 0x811C9DC5, dtype=np.uint64)
    for k in range(int(lengths.max()) if len(keys) else 0):
        going = lengths > k
        at = (ends - lengths + k)[going]
        value[going] = ((value[going] ^ flat[at]) * np.uint64(0x01000193)) & np.uint64(0xFFFFFFFF)
    return value


def text_path(url: str) -> str:
    """Where a report's text is, by its address: stable when other reports come and go."""
    return "text/" + url.strip("/") + ".gz"


def varint(value: int) -> bytes:
    if value < len(SMALL_VARINTS):
        return SMALL_VARINTS[value]
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


# An update writes some 7,000 phrase files of 8 members each: most members' lengths take two bytes.
SMALL_VARINTS = [bytes([n]) for n in range(0x80)] + [bytes([n & 0x7F | 0x80, n >> 7]) for n in range(0x80, 0x4000)]


def varint_widths(values: np.ndarray) -> np.ndarray:
    """How many bytes each of `values` takes as a varint."""
    widths = np.ones(len(values), dtype=np.uint8)
    for bits in (7, 14, 21, 28):
        widths += values >= (1 << bits)
    return widths


def varints(values: np.ndarray) -> bytes:
    """Non-negative integers below 2**35 as consecutive varints."""
    values = np.asarray(values).astype(np.uint64)
    widths = varint_widths(values).astype(np.int64)
    ends = np.cumsum(widths)
    out = np.empty(int(ends[-1]) if len(values) else 0, dtype=np.uint8)
    # Byte k of every value at once, then of those that have one more: most take one or two.
    at, rest, left = ends - widths, values, widths
    while len(at):
        more = left > 1
        out[at] = (rest & 0x7F).astype(np.uint8) | (more.astype(np.uint8) << 7)
        at, rest, left = at[more] + 1, rest[more] >> np.uint64(7), left[more] - 1
    return out.tobytes()


@dataclass
class Block:
    """One block of reports and its postings, key-major: the reports (numbers within the
    block) holding key k are `reports[starts[k]:starts[k + 1]]`, ascending, with their rank
    bytes in `ranks`. Keys left without reports by `update_block` stay, empty."""

    records: list[SearchRecord]
    keys: list[int]  # token codes (`token_codes`)
    key_ids: dict[int, int]
    reports: np.ndarray
    ranks: np.ndarray
    starts: np.ndarray
    raw_buckets: list[bytes] = field(default_factory=list)  # digest of each key file before gzip
    # For each phrase block, the digest of each of its buckets before gzip (how many: its
    # number of phrase files), and each bucket packed (its member in the phrase files): an
    # update rewrites a file with the other phrase blocks' members as they are, and reading
    # them back from the files took it a fifth of its time.
    phrase_digests: list[list[bytes]] = field(default_factory=list)
    phrase_members: list[list[bytes]] = field(default_factory=list)


@dataclass
class IndexState:
    """What `update_index` needs of the index written last: its blocks and the digest of
    each of its files. Kept in memory by the caller between builds; consumed by the update."""

    blocks: list[Block]
    files: dict[str, bytes]  # path in the folder -> digest of its content
    folder: str


def block_count(report_count: int) -> int:
    """How many blocks the reports are spread over: a power of two near sqrt(N / 150) (1 at
    600 reports, 2 at 1,000, 8 at 10,000, 16 at 100,000). A change rewrites the key files of
    one block; a search fetches one file per token from each block."""
    return 1 << max(0, ((report_count // BLOCK_UNIT).bit_length() - 1) // 2)


def blocks_of(records: list[SearchRecord]) -> list[list[SearchRecord]]:
    """The records of each block (by a hash of their address: a report stays in its block
    while others come and go), each block in the records' order."""
    count = block_count(len(records))
    blocks: list[list[SearchRecord]] = [[] for _ in range(count)]
    for record in records:
        blocks[key_hash(record.url) & (count - 1)].append(record)
    return blocks


def block_postings(records: list[SearchRecord]) -> Block:
    """A block's keys and postings, its reports numbered in the records' order."""
    vocabulary: dict[int, int] = {}
    ids, bytes_ = [], []
    for record in records:
        codes, ranks = record_keys(record)
        keys = codes.tolist()
        for key in set(keys) - vocabulary.keys():
            vocabulary[key] = len(vocabulary)
        # map() over a dict's bound method: no Python frame per key (millions of them).
        ids.append(np.fromiter(map(vocabulary.__getitem__, keys), dtype=np.int32, count=len(keys)))
        bytes_.append(ranks)
    counts = np.fromiter((len(a) for a in ids), dtype=np.int64, count=len(ids))
    holders = np.repeat(np.arange(len(ids), dtype=np.int32), counts)
    by_key = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32)
    ranks = np.concatenate(bytes_) if bytes_ else np.zeros(0, dtype=np.uint8)
    del ids, bytes_
    # Stable: the reports of a key keep their ascending order.
    order = np.argsort(by_key, kind="stable")
    starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(np.bincount(by_key, minlength=len(vocabulary)), out=starts[1:])
    return Block(list(records), list(vocabulary), vocabulary, holders[order], ranks[order], starts)


def update_block(block: Block, records: list[SearchRecord]) -> Block:
    """The block brought to `records`: the postings of the reports that went or changed
    dropped, the others renumbered, the new ones inserted. Worked out anew when the reports
    that stay change their order."""
    by_url = {r.url: n for n, r in enumerate(records)}
    old_to_new = np.array(
        [n if (n := by_url.get(old.url, -1)) >= 0 and (records[n] is old or records[n] == old) else -1 for old in block.records],
        dtype=np.int64,
    )
    kept = old_to_new[old_to_new >= 0]
    if np.any(np.diff(kept) <= 0):
        return block_postings(records)
    added = sorted(set(range(len(records))) - set(kept.tolist()))

    keep = old_to_new[block.reports] >= 0
    kept_before = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])
    counts = kept_before[block.starts[1:]] - kept_before[block.starts[:-1]]
    reports = old_to_new[block.reports[keep]].astype(np.int32)
    ranks = block.ranks[keep]
    keys, key_ids = block.keys, block.key_ids
    owners, values, rank_values = [np.zeros(0, np.int64)], [np.zeros(0, np.int32)], [np.zeros(0, np.uint8)]
    for number in added:
        codes, code_ranks = record_keys(records[number])
        codes = codes.tolist()
        ids = np.fromiter(map(key_ids.get, codes, repeat(-1)), dtype=np.int64, count=len(codes))
        for n in np.flatnonzero(ids < 0).tolist():
            key_ids[codes[n]] = ids[n] = len(keys)
            keys.append(codes[n])
        owners.append(ids)
        values.append(np.full(len(ids), number, dtype=np.int32))
        rank_values.append(code_ranks)
    owners, values, rank_values = np.concatenate(owners), np.concatenate(values), np.concatenate(rank_values)
    counts = np.concatenate([counts, np.zeros(len(keys) - len(counts), np.int64)])
    starts = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    # Where each new posting goes among its key's reports (ascending): a binary search in
    # each key at once (`low`, as bisect_left).
    low, high = starts[owners], starts[owners + 1]
    while np.any(going := low < high):
        middle = (low + high) // 2
        before = going & (reports[np.minimum(middle, len(reports) - 1)] < values)
        low, high = np.where(before, middle + 1, low), np.where(going & ~before, middle, high)
    # Where keys meet (an empty key, the new keys at the end), by key and then by number.
    order = np.lexsort((values, owners, low))
    reports = np.insert(reports, low[order], values[order])
    ranks = np.insert(ranks, low[order], rank_values[order])
    counts += np.bincount(owners, minlength=len(keys))
    np.cumsum(counts, out=starts[1:])
    return Block(list(records), keys, key_ids, reports, ranks, starts, block.raw_buckets)


def set_entries(keys: list[str], reports: np.ndarray, ranks: np.ndarray | None, starts: np.ndarray, report_count: int) -> Entries:
    """Each key with reports, as its entry in a key file: its reports (gaps or a bitmap, the
    shorter) and their rank bytes (none, and the kind marked NO_RANKS, without `ranks`). Keys
    without reports (left by `update_index`) have none. Worked out for keys holding some
    POSTINGS_AT_ONCE postings at a time: the arrays below take some 40 bytes a posting, and a
    block holds 31 million at 100,000 reports."""
    parts = []
    first = 0
    while first < len(keys):
        last = min(len(keys), max(first + 1, int(np.searchsorted(starts, starts[first] + POSTINGS_AT_ONCE, side="right")) - 1))
        low, high = int(starts[first]), int(starts[last])
        parts.append(range_entries(keys[first:last], reports[low:high], None if ranks is None else ranks[low:high], starts[first : last + 1] - low, report_count))
        first = last
    return joined_entries(parts)


def range_entries(keys: list[str], reports: np.ndarray, ranks: np.ndarray | None, starts: np.ndarray, report_count: int) -> Entries:
    """`set_entries` of some keys: `starts` from 0."""
    counts = np.diff(starts)
    present = counts > 0
    bitmap_bytes = (report_count + 7) // 8
    # Gaps take a byte a report at least, and one for the count: a key held by `bitmap_bytes`
    # reports or more is a bitmap, and only the others' gaps are worked out (most postings
    # are in a few common keys).
    maybe = present & (counts < bitmap_bytes)
    numbers = reports[np.repeat(maybe, counts)].astype(np.int64)
    maybe_counts = counts[maybe]
    maybe_starts = np.concatenate([[0], np.cumsum(maybe_counts)])
    # The gaps between a key's report numbers; its first is its first number + 1.
    gaps = np.diff(numbers, prepend=-1)
    gaps[maybe_starts[:-1]] = numbers[maybe_starts[:-1]] + 1
    cumulative = np.concatenate([[0], np.cumsum(varint_widths(gaps), dtype=np.int64)])
    gap_bytes = np.zeros(len(counts), dtype=np.int64)
    gap_bytes[maybe] = cumulative[maybe_starts[1:]] - cumulative[maybe_starts[:-1]]
    as_gaps = maybe & (gap_bytes + varint_widths(counts) <= bitmap_bytes)
    gap_blob = np.frombuffer(varints(gaps[np.repeat(as_gaps[maybe], maybe_counts)]), dtype=np.uint8)
    # The bitmaps, all at once: at most POSTINGS_AT_ONCE / bitmap_bytes keys of bitmap_bytes.
    as_bitmap = present & ~as_gaps
    bits = np.zeros((int(as_bitmap.sum()), bitmap_bytes * 8), dtype=bool)
    bits[np.repeat(np.arange(len(bits)), counts[as_bitmap]), reports[np.repeat(as_bitmap, counts)]] = True
    bitmaps = np.packbits(bits, axis=1, bitorder="little").reshape(-1)
    held = np.flatnonzero(present)
    gapped = as_gaps[held]
    payload = [varint_pieces(counts[held], gapped), (gap_blob, np.where(gapped, gap_bytes[held], 0)), (bitmaps, np.where(gapped, 0, bitmap_bytes))]
    if ranks is not None:
        payload.append((np.asarray(ranks, dtype=np.uint8), counts[held]))
    kinds = np.where(gapped, GAPS, BITMAP) | (NO_RANKS if ranks is None else 0)
    return entries_of(list(map(keys.__getitem__, held.tolist())), kinds, payload)


@dataclass
class Entries:
    """Key file entries one after the other (the module docstring): entry n, of key keys[n],
    is data[at[n]:at[n + 1]]. Made as arrays, not as a bytes object each in Python: a phrase
    block has some 20,000 of them, most of a few dozen bytes, and an update works out one
    phrase block's (benchmarks/RESULTS.md)."""

    keys: list[str]
    data: np.ndarray  # uint8
    at: np.ndarray  # int64, one more than keys


NO_ENTRIES = Entries([], np.zeros(0, np.uint8), np.zeros(1, np.int64))


def joined_entries(parts: list[Entries]) -> Entries:
    parts = [part for part in parts if part.keys]
    if not parts:
        return NO_ENTRIES
    sizes = np.cumsum([0] + [int(part.at[-1]) for part in parts])
    at = np.concatenate([[0]] + [part.at[1:] + size for part, size in zip(parts, sizes)])
    return Entries(list(chain.from_iterable(part.keys for part in parts)), np.concatenate([part.data for part in parts]), at)


def concatenated(sources: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Byte strings made of pieces, all at once: string n is the n-th piece of each source, one
    after the other. A source is (its pieces' bytes one after the other as uint8, the width
    of each piece; 0 for none). Returns the strings one after the other and where each starts
    (and the last ends)."""
    widths = [np.asarray(width, dtype=np.int64) for _, width in sources]
    at = np.zeros(len(widths[0]) + 1, dtype=np.int64)
    np.cumsum(np.sum(widths, axis=0), out=at[1:])
    out = np.empty(int(at[-1]), dtype=np.uint8)
    place = at[:-1].copy()
    for (data, _), width in zip(sources, widths):
        # Byte i of the source, in piece n, goes to place[n] + i - (where piece n starts in it).
        out[np.repeat(place - (np.cumsum(width) - width), width) + np.arange(len(data))] = data
        place += width
    return out, at


def varint_pieces(values: np.ndarray, present: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`values` as varints, a source for `concatenated`; only where `present` if given (the
    others' pieces empty)."""
    values = np.asarray(values, dtype=np.int64)
    widths = varint_widths(values).astype(np.int64)
    if present is not None:
        values, widths = values[present], np.where(present, widths, 0)
    return np.frombuffer(varints(values), dtype=np.uint8), widths


def entries_of(keys: list[str], kinds: np.ndarray, payload: list[tuple[np.ndarray, np.ndarray]]) -> Entries:
    """The entries of `keys`, each of its kind, its payload made of the pieces of `payload`
    (sources for `concatenated`)."""
    encoded = list(map(str.encode, keys))
    key_widths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    payload_widths = np.sum([np.asarray(width, dtype=np.int64) for _, width in payload], axis=0)
    data, at = concatenated(
        [
            varint_pieces(key_widths),
            (np.frombuffer(b"".join(encoded), dtype=np.uint8), key_widths),
            (np.asarray(kinds, dtype=np.uint8), np.ones(len(keys), dtype=np.int64)),
            varint_pieces(payload_widths),
            *payload,
        ]
    )
    return Entries(keys, data, at)


def bucket_files(entries: Entries, hashes: np.ndarray, bucket_bytes: int) -> list[bytes]:
    """The entries spread over files of about `bucket_bytes` by their `hashes` (`key_hashes`),
    a power of two of them (search.js masks the hash), keys in code point order in each."""
    total = int(entries.at[-1])
    wanted = max(1, -(-total // bucket_bytes))
    buckets = 1 << (wanted - 1).bit_length()
    bucket_of = (hashes & (buckets - 1)).astype(np.int64)
    # numpy orders strings by code point, as Python does; the keys are distinct.
    by_key = np.argsort(np.array(entries.keys, dtype=str), kind="stable")
    order = by_key[np.argsort(bucket_of[by_key], kind="stable")]
    # Copied entry by entry (bytes slices): a key file's entries are some 600 bytes each, too
    # many to move through an index array of one item a byte.
    data = entries.data.tobytes()
    pieces = [data[a:b] for a, b in zip(entries.at[order].tolist(), entries.at[order + 1].tolist())]
    bounds = np.concatenate([[0], np.cumsum(np.bincount(bucket_of, minlength=buckets))]).tolist()
    return [b"".join(pieces[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


def key_files(keys: list[str], reports: np.ndarray, ranks: np.ndarray, starts: np.ndarray, report_count: int) -> list[bytes]:
    """The key files' content (before gzip), one per bucket of keys."""
    entries = set_entries(keys, reports, ranks, starts, report_count)
    return bucket_files(entries, key_hashes(entries.keys), BUCKET_BYTES)


def title_and_heading_regions(record: SearchRecord, joined: str) -> np.ndarray:
    """For each character of the report's joined runs: 0 in the body, 1 in the title, 2 + n
    in its n-th heading (a phrase is in one when its first and last characters are)."""
    regions = np.zeros(len(joined), dtype=np.int32)
    title = len("\n".join(runs(record.title)))
    regions[:title] = 1
    at = title
    for n, line in enumerate(heading_text(record).split("\n")):
        heading = "\n".join(runs(line))
        found = joined.find(heading, at) if heading else -1
        if found >= 0:
            regions[found : found + len(heading)] = 2 + n
            at = found + len(heading)
    return regions


def run_starts(*columns: np.ndarray) -> np.ndarray:
    """Where each run of equal rows starts, in rows given by equally long columns."""
    changed = np.zeros(len(columns[0]), dtype=bool)
    changed[:1] = True
    for column in columns:
        changed[1:] |= column[1:] != column[:-1]
    return np.flatnonzero(changed)


def gram_strings(codes: np.ndarray, starts: np.ndarray, length: int) -> list[str]:
    if len(starts) == 0:
        return []
    chars = codes[starts[:, None] + np.arange(length)].astype("<u4").tobytes().decode("utf-32-le")
    return [chars[n * length : (n + 1) * length] for n in range(len(starts))]


def phrase_entries(records: list[SearchRecord], numbers: list[int], report_count: int) -> Entries:
    """Phrase keys as key file entries (see the module docstring), of `records`, numbered
    `numbers` in a block of `report_count` reports: each string of 3 to PHRASE_DEPTH characters
    of a report's joined runs, starting with a letter or digit, whose every shorter prefix of 3
    or more is frequent (found more than LEAF_OCCURRENCES times in these records). A frequent
    one, or one of PHRASE_DEPTH characters, is a set of reports (GAPS or BITMAP; with rank bytes
    at three characters, NO_RANKS beyond); a rare one a LEAF: what follows it, up to
    PHRASE_DEPTH characters in all, and where."""
    joined = [joined_runs(record.text) for record in records]
    # The reports' joined runs one after the other, each ended by 0 (a gram never crosses it).
    codes = np.frombuffer("".join(text + "\0" for text in joined).encode("utf-32-le"), dtype="<u4").astype(np.int64)
    report_of = np.repeat(np.array(numbers, dtype=np.int64), [len(text) + 1 for text in joined])
    regions = np.concatenate([np.append(title_and_heading_regions(r, text), 0) for r, text in zip(records, joined)]) if records else np.zeros(0, np.int32)
    lengths = np.zeros(report_count, dtype=np.int64)
    lengths[numbers] = [len(text) - text.count("\n") for text in joined]

    at = np.flatnonzero(codes[:-2] > NEWLINE) if len(codes) > 2 else np.zeros(0, np.int64)
    at = at[(codes[at + 1] != 0) & (codes[at + 2] != 0)]
    # A key's entry depends on its own occurrences only: those of one first character are
    # worked out together, a group of characters at a time, so that the sorts below hold
    # some PHRASE_OCCURRENCES occurrences, not a phrase block's (11 million at 100,000 reports).
    groups = max(1, len(at) // PHRASE_OCCURRENCES)
    ranked = ordinal_codes(codes)
    return joined_entries([trie_entries(codes, ranked, report_of, regions, lengths, at[codes[at] % groups == group], report_count) for group in range(groups)])


def ordinal_codes(codes: np.ndarray) -> np.ndarray:
    """Each code's rank among the distinct ones: in the same order, in fewer bits."""
    seen = np.zeros(int(codes.max()) + 1 if len(codes) else 1, dtype=bool)
    seen[codes] = True
    return (np.cumsum(seen) - 1)[codes]


def stable_order(values: np.ndarray, bits: int) -> np.ndarray:
    """np.argsort(values, kind="stable") of non-negative values below 2**bits. With its place
    in the low bits each value is distinct, and a plain sort gives the stable order several
    times faster than numpy's stable argsort (a merge sort for int64) when the two fit."""
    place_bits = len(values).bit_length()
    if bits + place_bits > 63:
        return np.argsort(values, kind="stable")
    return np.sort(values << place_bits | np.arange(len(values))) & ((1 << place_bits) - 1)


def trie_entries(codes: np.ndarray, ranked: np.ndarray, report_of: np.ndarray, regions: np.ndarray, lengths: np.ndarray, at: np.ndarray, report_count: int) -> Entries:
    """The phrase keys (`phrase_entries`) starting at `at`, places in `codes` in text order:
    all the places of their first characters. `ranked`: `ordinal_codes(codes)`, what the grams
    are sorted by."""
    rank_bits = int(ranked.max()).bit_length() if len(ranked) else 0
    prefix, prefix_bits = ranked[at] << rank_bits | ranked[at + 1], 2 * rank_bits
    entries: list[Entries] = []
    for depth in range(3, PHRASE_DEPTH + 1):
        end = at + depth - 1
        keep = codes[end] != 0
        at, prefix, end = at[keep], prefix[keep], end[keep]
        # Sorted stably, the occurrences of a gram are in text order: by report.
        combo = prefix << rank_bits | ranked[end]
        order = stable_order(combo, prefix_bits + rank_bits)
        ordered = combo[order]
        starts = run_starts(ordered)
        gram_of = np.empty(len(order), dtype=np.int64)
        gram_of[order] = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(order))))
        names = gram_strings(codes, at[order[starts]], depth)
        leaf = (np.diff(np.append(starts, len(order))) <= LEAF_OCCURRENCES) & (depth < PHRASE_DEPTH)
        same = (regions[at] == regions[end]) & (regions[at] > 0)
        flags = np.where(same, np.where(regions[at] == 1, IN_TITLE, IN_HEADING), 0)
        in_leaf = leaf[gram_of]

        # Frequent: the reports holding each.
        rows = order[~in_leaf[order]]
        g, r = gram_of[rows], report_of[at[rows]]
        pairs = run_starts(g, r)
        counts = np.diff(np.append(pairs, len(rows)))
        pair_gram, pair_report = g[pairs], r[pairs]
        key_starts = np.searchsorted(pair_gram, np.arange(len(starts) + 1))
        if depth == 3:
            ranks = np.bitwise_or.reduceat(flags[rows], pairs) | frequency_classes(counts, lengths[pair_report]) if len(pairs) else np.zeros(0, np.int64)
            entries.append(set_entries(names, pair_report.astype(np.int32), ranks.astype(np.uint8), key_starts, report_count))
        else:
            # A longer frequent phrase ranks as its first three characters: its rank bytes
            # would fill the file that every phrase starting with them fetches.
            entries.append(set_entries(names, pair_report.astype(np.int32), None, key_starts, report_count))

        # Rare: what follows each occurrence, up to PHRASE_DEPTH characters in all (packed,
        # 21 bits a character; the 0 that ends a report ends it).
        rows = order[in_leaf[order]]
        start = at[rows] + depth
        follow = np.zeros(len(start), dtype=np.int64)
        size = np.zeros(len(start), dtype=np.int64)
        going = np.ones(len(start), dtype=bool)
        for k in range(PHRASE_DEPTH - depth):
            code = codes[np.minimum(start + k, len(codes) - 1)]
            going &= code != 0
            follow |= np.where(going, code, 0) << (21 * (PHRASE_DEPTH - depth - 1 - k))
            size += going
        entries.append(leaf_entries(names, gram_of[rows], follow, size, report_of[at[rows]], flags[rows], lengths, PHRASE_DEPTH - depth))

        at, prefix, prefix_bits = at[~in_leaf], gram_of[~in_leaf].astype(np.int64), len(starts).bit_length()
    return joined_entries(entries)


def leaf_entries(names: list[str], grams: np.ndarray, follow: np.ndarray, size: np.ndarray, reports: np.ndarray, flags: np.ndarray, lengths: np.ndarray, room: int) -> Entries:
    """The entries of rare grams. A LEAF entry's payload: how many distinct strings follow the
    gram, then for each (in code point order) how many characters it has, their code points,
    how many reports hold the gram followed by it, their numbers (gaps, the first + 1; all
    varints) and a rank byte for each."""
    if len(grams) == 0:
        return NO_ENTRIES
    # The rows come by gram, then in text order: sorted stably, by gram, what follows, report.
    order = np.lexsort((follow, grams))
    starts = run_starts(grams[order], follow[order], reports[order])
    counts = np.diff(np.append(starts, len(order)))
    g, fol, sz, r = grams[order][starts], follow[order][starts], size[order][starts], reports[order][starts]
    rank = (np.bitwise_or.reduceat(flags[order], starts) | frequency_classes(counts, lengths[r])).astype(np.uint8)
    # Groups: a gram and what follows it.
    new_group = np.ones(len(g), dtype=bool)
    new_group[1:] = (g[1:] != g[:-1]) | (fol[1:] != fol[:-1])
    group_starts = np.flatnonzero(new_group)
    gap = np.where(new_group, r + 1, np.diff(r, prepend=0))
    # A group's head: the size, the characters, how many reports.
    shifts = 21 * np.arange(room - 1, -1, -1, dtype=np.int64)
    reports_in = np.diff(np.append(group_starts, len(g)))
    head = np.column_stack([sz[group_starts], (fol[group_starts, None] >> shifts) & CHARACTER_MASK, reports_in])
    used = np.column_stack([np.ones(len(group_starts), bool), np.arange(room) < sz[group_starts, None], np.ones(len(group_starts), bool)])
    head_widths = np.where(used, varint_widths(head.reshape(-1)).reshape(head.shape), 0).sum(axis=1)
    groups, group_at = concatenated(
        [
            (np.frombuffer(varints(head[used]), dtype=np.uint8), head_widths),
            (np.frombuffer(varints(gap), dtype=np.uint8), np.add.reduceat(varint_widths(gap).astype(np.int64), group_starts)),
            (rank, reports_in),
        ]
    )
    gram_of_group = g[group_starts]
    firsts = run_starts(gram_of_group)
    lasts = np.append(firsts[1:], len(group_starts))
    keys = list(map(names.__getitem__, gram_of_group[firsts].tolist()))
    return entries_of(keys, np.full(len(keys), LEAF), [varint_pieces(lasts - firsts), (groups, group_at[lasts] - group_at[firsts])])


def part_of(url: str) -> int:
    """A report's phrase block within its block: the hash's high bits (the block is its low
    bits, `blocks_of`)."""
    return key_hash(url) >> 24 & (PHRASE_SPLIT - 1)


def parts_of(records: list[SearchRecord]) -> list[list[SearchRecord]]:
    """A block's records by phrase block, each in the block's order."""
    parts: list[list[SearchRecord]] = [[] for _ in range(PHRASE_SPLIT)]
    for record in records:
        parts[part_of(record.url)].append(record)
    return parts


def phrase_files(records: list[SearchRecord]) -> list[bytes]:
    """A phrase block's part of each phrase file (before gzip; `phrase_file`), by the hash of
    its keys' first three characters: every key a phrase's lookup may need is in one file."""
    entries = phrase_entries(records, list(range(len(records))), len(records))
    return bucket_files(entries, key_hashes([key[:3] for key in entries.keys]), BUCKET_BYTES // PHRASE_SPLIT)


def packed(data: bytes, level: int = 6) -> bytes:
    # libdeflate, not zlib: at the same level its files are no larger and it takes half the
    # time or less (benchmarks/RESULTS.md), which an update pays on some 9,000 files. Its
    # output depends on its version only (the header's time is 0): the same index gives the
    # same bytes.
    return deflate.gzip_compress(data, level)


def packed_json(value) -> bytes:
    return packed(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8"))


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def folder_name(files: dict[str, bytes]) -> str:
    # One update of it all: some 100,000 files at 10,000 reports.
    return hashlib.blake2b(b"".join(path.encode("utf-8") + b"\0" + files[path] for path in sorted(files)), digest_size=8).hexdigest()


def year_byte(record: SearchRecord) -> int:
    """A report's year as one byte (years since 1900; 0 when not given), for 最新 across blocks."""
    year = record.meta.get("year", "")
    return min(255, max(0, int(year) - 1900)) if year.isdigit() else 0


def block_files(number: int, block: Block) -> dict[str, bytes]:
    """A block's report rows (its key files' content is `key_files`')."""
    records = block.records
    return {
        f"reports/{number}/{start // REPORTS_PER_CHUNK}.gz": packed_json(
            [[r.url, r.title, r.meta.get("year", ""), r.meta.get("unit", ""), r.meta.get("type", "")] for r in records[start : start + REPORTS_PER_CHUNK]]
        )
        for start in range(0, len(records), REPORTS_PER_CHUNK)
    }


def years_file(blocks: list[Block]) -> bytes:
    return packed(bytes(year_byte(record) for block in blocks for record in block.records))


def parts_file(blocks: list[Block]) -> bytes:
    return packed(bytes(part_of(record.url) for block in blocks for record in block.records))


def text_file(record: SearchRecord) -> bytes:
    return packed_json({"text": record.text, "sections": [list(section) for section in record.sections]})


def filter_counts(records: list[SearchRecord]) -> dict[str, list[tuple[str, int]]]:
    """Each filter's values, in code point order, with how many reports have each."""
    names = sorted({name for record in records for name in record.filters})
    return {name: sorted(Counter(chain.from_iterable(r.filters.get(name, ()) for r in records)).items()) for name in names}


def filter_file(filters: dict[str, list[tuple[str, int]]]) -> bytes:
    return packed_json(list(filters.items()))


def facets_file(blocks: list[Block], filters: dict[str, list[tuple[str, int]]]) -> bytes:
    """Each report's filter values, for the search to filter its results and count each value
    among them: for each filter (in the order of filters.gz) a byte, then the length of what
    follows (a varint), then it — for NUMBERS (0), how many values each report has, then the
    numbers of all their values in the filter's list, report after report, as varints; for
    BITMAPS (1), a bitmap of the reports having each value, in the list's order. The reports
    are those of the blocks one after the other; each filter takes the shorter way."""
    records = [record for block in blocks for record in block.records]
    out = bytearray()
    for name, values in filters.items():
        number = {value: n for n, (value, _) in enumerate(values)}
        held = [record.filters.get(name, ()) for record in records]
        counts = np.fromiter(map(len, held), dtype=np.int64, count=len(held))
        ids = np.fromiter(map(number.__getitem__, chain.from_iterable(held)), dtype=np.int64, count=int(counts.sum()))
        numbers = varints(np.concatenate([counts, ids]))
        kind, payload = NUMBERS, numbers
        # The bitmaps are made only when smaller: for a unit filter at 100,000 reports they
        # would be some 10,000 values by 100,000 reports (a gigabyte before packing).
        if len(values) * ((len(records) + 7) // 8) < len(numbers):
            bits = np.zeros((len(values), len(records)), dtype=bool)
            bits[ids, np.repeat(np.arange(len(records)), counts)] = True
            kind, payload = BITMAPS, np.packbits(bits, axis=1, bitorder="little").tobytes()
        out += bytes([kind]) + varint(len(payload)) + payload
    return packed(bytes(out))


def held_characters(block: Block) -> set[str]:
    """The characters some report of the block holds (its one-character keys with reports)."""
    return {chr(key) for k, key in enumerate(block.keys) if key <= CHARACTER_MASK and block.starts[k + 1] > block.starts[k]}


def fold_pairs(held: set[str]) -> str:
    """The fold pairs whose simplified character some report holds."""
    return "".join(chr(t) + s for t, s in sorted(fold_table().items()) if s in held)


def write_meta(output: Path, report_count: int, blocks: list[Block], held: set[str], folder: str) -> None:
    meta = {
        "version": VERSION,
        "reports": report_count,
        "blocks": [[len(block.records), len(block.raw_buckets), [len(digests) for digests in block.phrase_digests]] for block in blocks],
        "parts": PHRASE_SPLIT,
        "depth": PHRASE_DEPTH,
        "chunk": REPORTS_PER_CHUNK,
        "folder": folder,
        "fold": fold_pairs(held),
    }
    (output / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def same_records(new: list[SearchRecord], old: list[SearchRecord]) -> bool:
    """Whether the reports of a block (or phrase block) are those indexed last, in the same
    order: then its files stay as they are."""
    return len(new) == len(old) and all(a is b or a == b for a, b in zip(new, old))


class Writer:
    """Writes files into an index folder, keeping the digest of each, and leaves a file whose
    content is already there as it is."""

    def __init__(self, folder: Path, files: dict[str, bytes]):
        self.files = files
        # Plain strings and os calls: an update that adds a report writes some
        # 10,000 files at 10,000 reports, where pathlib's objects took a fifth of its time.
        self.root = str(folder) + os.sep

    def write(self, path: str, data: bytes) -> None:
        digest = digest_of(data)
        target = self.root + path
        if self.files.get(path) == digest and os.path.isfile(target):
            return
        # Written over in place and then cut to length, not truncated on opening: truncating
        # frees the file's blocks and writing takes new ones, which on ext4 mounted with
        # discard (the benchmark machine's) cost some 200 µs a file against 20 µs.
        try:
            file = os.open(target, os.O_WRONLY | os.O_CREAT, 0o666)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            file = os.open(target, os.O_WRONLY | os.O_CREAT, 0o666)
        try:
            written = 0
            while written < len(data):
                written += os.write(file, memoryview(data)[written:])
            os.ftruncate(file, len(data))
        finally:
            os.close(file)
        self.files[path] = digest

    def remove(self, path: str) -> None:
        try:
            os.unlink(self.root + path)
        except FileNotFoundError:
            pass
        self.files.pop(path, None)

    def write_block(self, number: int, block: Block, earlier: Block | None) -> None:
        """A block's files but its phrase files: the key files whose content changed, and its
        rows."""
        buckets = key_files(key_strings(block.keys), block.reports, block.ranks, block.starts, len(block.records))
        raw = [digest_of(content) for content in buckets]
        before = earlier.raw_buckets if earlier else []
        for bucket, content in enumerate(buckets):
            if bucket >= len(before) or raw[bucket] != before[bucket] or f"keys/{number}/{bucket}.gz" not in self.files:
                self.write(f"keys/{number}/{bucket}.gz", packed(content, POSTINGS_LEVEL))
        for bucket in range(len(buckets), len(before)):
            self.remove(f"keys/{number}/{bucket}.gz")
        block.raw_buckets = raw
        rows = block_files(number, block)
        for path in [p for p in self.files if p.startswith(f"reports/{number}/") and p not in rows]:
            self.remove(path)
        for path, data in rows.items():
            self.write(path, data)


    def write_phrases(self, number: int, block: Block, earlier: Block | None, parts: dict[int, PhraseBuckets]) -> None:
        """A block's phrase files (`phrase_file`), given the buckets of the phrase blocks whose
        reports changed (`changed_phrases`: an edit changes one of PHRASE_SPLIT); the other
        phrase blocks' are those of `earlier`, kept with it. A file is written only where one
        of its members changed (a small edit changes few: the rank bytes of most keys stay)."""
        before = earlier.phrase_digests if earlier else [[] for _ in range(PHRASE_SPLIT)]
        digests = [parts[part].digests if part in parts else before[part] for part in range(PHRASE_SPLIT)]
        members = [parts[part].members if part in parts else earlier.phrase_members[part] for part in range(PHRASE_SPLIT)]
        block.phrase_digests, block.phrase_members = digests, members
        counts = [len(part_digests) for part_digests in digests]
        files, files_before = max(counts), max(map(len, before))

        def same(part: int, bucket: int) -> bool:
            return len(before[part]) == counts[part] and digests[part][bucket % counts[part]] == before[part][bucket % counts[part]]

        for bucket in range(files):
            path = phrase_path(number, bucket)
            if bucket < files_before and path in self.files and all(same(part, bucket) for part in parts):
                continue
            # A phrase block with fewer buckets than the most has bucket `bucket % count` in
            # this file (all are powers of two).
            self.write(path, phrase_file([members[part][bucket % counts[part]] for part in range(PHRASE_SPLIT)]))
        for bucket in range(files, files_before):
            self.remove(phrase_path(number, bucket))


@dataclass
class PhraseBuckets:
    """A phrase block's buckets (`phrase_files`): the digest of each before gzip, and each
    packed (its member in the phrase files)."""

    digests: list[bytes]
    members: list[bytes]


def changed_phrases(records: list[SearchRecord], earlier: Block | None) -> dict[int, PhraseBuckets]:
    """The buckets of each phrase block of a block's `records` whose reports are not those of
    `earlier` (all of them without it). A bucket is packed again only where it changed."""
    before = parts_of(earlier.records) if earlier else None
    changed = {}
    for part, group in enumerate(parts_of(records)):
        if before and same_records(group, before[part]):
            continue
        contents = phrase_files(group)
        digests = [digest_of(content) for content in contents]
        digests_before = earlier.phrase_digests[part] if earlier else []
        kept = earlier.phrase_members[part] if earlier and len(digests) == len(digests_before) else []
        members = [kept[b] if kept and digests[b] == digests_before[b] else packed(content, POSTINGS_LEVEL) for b, content in enumerate(contents)]
        changed[part] = PhraseBuckets(digests, members)
    return changed


def phrase_path(block: int, bucket: int) -> str:
    return f"phrases/{block}/{bucket}.bin"


def phrase_file(members: list[bytes]) -> bytes:
    """A phrase file: the bucket's phrase keys of each phrase block of the block, gzip data each,
    one after the other, each after its length (a varint). Not one gzip stream: an update
    rewrites one phrase block's part of every file, and compressing the others again would
    cost it several times as much."""
    return b"".join(varint(len(member)) + member for member in members)


def phrase_members(data: bytes) -> list[bytes]:
    members, at = [], 0
    while at < len(data):
        length, at = read_varint(data, at)
        members.append(data[at : at + length])
        at += length
    return members


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """The varint at `at` in `data`, and where what follows it starts."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def archive_facts(records: list[SearchRecord]) -> list:
    """What the archive-wide files hold of each report: when these are the same in every block,
    so are the files (an edit of a report's text leaves them)."""
    return [(record.url, record.filters, year_byte(record)) for record in records]


def write_archive_files(writer: Writer, records: list[SearchRecord], blocks: list[Block]) -> None:
    """The files of the whole archive, beside the blocks' own: the filters and their values per
    report, and each report's year and phrase block, in the blocks' order."""
    filters = filter_counts(records)
    writer.write("filters.gz", filter_file(filters))
    writer.write("facets.gz", facets_file(blocks, filters))
    writer.write("years.gz", years_file(blocks))
    writer.write("parts.gz", parts_file(blocks))


def start_index(site_dir: Path) -> Path:
    """Empty `site_dir`'s index for a new one: the folder its files go into (`write_blocks`)
    until `finish_index` names it."""
    output = Path(site_dir) / INDEX_DIR
    shutil.rmtree(output, ignore_errors=True)
    return output / "partial"


@dataclass
class WrittenBlocks:
    """What `write_blocks` wrote: the blocks, by number (their `records` left for
    `finish_index` to fill in), the digest of each file, the characters the reports hold."""

    blocks: dict[int, Block]
    files: dict[str, bytes]
    held: set[str]


def write_blocks(
    grouped: dict[int, list[SearchRecord]], folder: Path, keep_state: bool = True, fill: Callable[[list[SearchRecord]], None] | None = None
) -> WrittenBlocks:
    """Write the files of the blocks given (by number: each one's records, in order) into the
    folder of `start_index`: their key and phrase files, report rows and texts. Blocks do not
    depend on each other, so that a one-off build shares them out among processes.

    Without `keep_state` (a one-off build, which will not update the index), each block's
    postings and its reports' texts are let go once written, so that the index of 100,000
    reports is not held whole. `fill`, if given, fills in the texts and sections of a block's
    records just before they are indexed (records made without them, as
    build.search_records can)."""
    writer = Writer(folder, {})
    blocks, held = {}, set()
    for number, block_records in grouped.items():
        if fill is not None:
            fill(block_records)
        block = block_postings(block_records)
        writer.write_block(number, block, None)
        writer.write_phrases(number, block, None, changed_phrases(block_records, None))
        held |= held_characters(block)
        for record in block_records:
            writer.write(text_path(record.url), text_file(record))
        if not keep_state:
            block = replace(block, keys=[], key_ids={}, reports=NO_NUMBERS, ranks=NO_NUMBERS, starts=NO_NUMBERS, phrase_members=[])
            for record in block_records:
                record.text, record.sections = "", []
            joined_runs.cache_clear()  # the texts' runs: the blocks to come have other texts
        blocks[number] = replace(block, records=[])
    return WrittenBlocks(blocks, writer.files, held)


def finish_index(records: list[SearchRecord], folder: Path, written: list[WrittenBlocks], keep_state: bool = True) -> IndexState | None:
    """Complete the index whose blocks `write_blocks` wrote into `folder` (all of them,
    between the `written`): the archive-wide files, the folder's name, meta.json."""
    done = {number: block for part in written for number, block in part.blocks.items()}
    blocks = [replace(done[number], records=group) for number, group in enumerate(blocks_of(records))]
    writer = Writer(folder, {path: digest for part in written for path, digest in part.files.items()})
    write_archive_files(writer, records, blocks)
    name = folder_name(writer.files)
    folder.rename(folder.parent / name)
    write_meta(folder.parent, len(records), blocks, set().union(*(part.held for part in written)), name)
    return IndexState(blocks, writer.files, name) if keep_state else None


def write_index(
    records: list[SearchRecord], site_dir: Path, keep_state: bool = True, fill: Callable[[list[SearchRecord]], None] | None = None
) -> IndexState | None:
    """Write the search index of `records` (newest first) into `site_dir/search-index`, and
    return its state for `update_index` (`keep_state` and `fill`: see `write_blocks`)."""
    folder = start_index(site_dir)
    written = write_blocks(dict(enumerate(blocks_of(records))), folder, keep_state, fill)
    return finish_index(records, folder, [written], keep_state)


def update_index(records: list[SearchRecord], site_dir: Path, state: IndexState | None) -> IndexState:
    """Bring the index written with `state` (by write_index or update_index) to `records`:
    the same bytes as `write_index(records, site_dir)`, rewriting only the files whose content
    changes — the key files of the blocks of the reports that changed, their rows, their texts.
    Without a state, or when the number of blocks changes, the index is written whole."""
    output = Path(site_dir) / INDEX_DIR
    grouped = blocks_of(records)
    if state is None or len(grouped) != len(state.blocks) or not (output / state.folder).is_dir():
        return write_index(records, site_dir)
    writer = Writer(output / state.folder, dict(state.files))
    blocks = list(state.blocks)
    changed = [n for n, (block_records, block) in enumerate(zip(grouped, state.blocks)) if not same_records(block_records, block.records)]
    # The phrase keys of the changed phrase blocks take half the update: they are worked out
    # and packed in a thread beside the rest (numpy's sorts and array operations and
    # libdeflate let go of the interpreter), and their files written last.
    with ThreadPoolExecutor(1) as worker:
        phrases = {n: worker.submit(changed_phrases, grouped[n], state.blocks[n]) for n in changed}
        for n in changed:
            old = {r.url: r for r in state.blocks[n].records}
            for record in grouped[n]:
                if old.get(record.url) is not record and old.get(record.url) != record:
                    writer.write(text_path(record.url), text_file(record))
            for url in old.keys() - {r.url for r in grouped[n]}:
                writer.remove(text_path(url))
            blocks[n] = update_block(state.blocks[n], grouped[n])
            writer.write_block(n, blocks[n], state.blocks[n])
        if any(archive_facts(blocks[n].records) != archive_facts(state.blocks[n].records) for n in changed):
            write_archive_files(writer, records, blocks)
        for n in changed:
            writer.write_phrases(n, blocks[n], state.blocks[n], phrases[n].result())
    folder = folder_name(writer.files)
    if folder != state.folder:
        (output / state.folder).rename(output / folder)
    write_meta(output, len(records), blocks, set().union(*map(held_characters, blocks)), folder)
    return IndexState(blocks, writer.files, folder)

"""Similar reports: character shingles and MinHash, so no word segmentation is needed.

Reports in this field are copied from templates, so "alike" means sharing long runs of
characters: the similarity of two reports is the Jaccard similarity of their sets of
5-character shingles (whitespace ignored). Each report's MinHash signature is worked out
once (and cached with the report). For duplicates, LSH finds the candidates and the exact
similarity decides; the lists of similar reports on the pages use the signatures' estimate,
kept up to date report by report (`similar_lists`).

Signatures are datasketch's MinHash (scheme affine32), worked out here with numpy: importing
datasketch takes 0.3 s (it loads scipy), which a build that signs one new report should not
pay. `add` and `check`, which search with datasketch's LSH, read the same signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_CHARS = 5
PERMUTATIONS = 64  # estimates within some 6 points, at half the cost of 128
NEAR_DUPLICATE = 0.9  # at least this alike: the same report, maybe with a sentence changed
MOST_SIMILAR = 5
LEAST_SIMILAR = 0.02  # one matching value in 64 is chance; two or more are listed
ROW_BATCH_BYTES = 2**24  # how many reports' estimates are worked out at a time: 16 MB of counts
SEED = 1  # fixed, so that signatures stay comparable from build to build
SCHEME = "affine32"  # datasketch's permutations; 32-bit values, kept as they are
# Lists made with other settings are not reused (see cache.py).
SETTINGS = f"{SHINGLE_CHARS}/{PERMUTATIONS}/{SEED}/{SCHEME}/poly/{MOST_SIMILAR}/{LEAST_SIMILAR}"


def shingles(text: str) -> set[bytes]:
    compact = "".join(text.split())
    if len(compact) < SHINGLE_CHARS:
        return {compact.encode("utf-8")} if compact else set()
    return {compact[i : i + SHINGLE_CHARS].encode("utf-8") for i in range(len(compact) - SHINGLE_CHARS + 1)}


def shingle_hashes(text: str) -> np.ndarray:
    """A 32-bit hash of each distinct shingle of `text`, worked out for all at once: a report
    has tens of thousands of shingles, and hashing them one by one in Python is slow."""
    compact = "".join(text.split())
    codes = np.frombuffer(compact.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE_CHARS:
        return distinct(codes)
    count = len(codes) - SHINGLE_CHARS + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_CHARS):  # a polynomial hash of the five code points
        hashes = (hashes * np.uint64(1_000_003) + codes[offset : offset + count]) & np.uint64(0xFFFFFFFF)
    return distinct(hashes)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending. Not np.unique: NumPy 2.3+ hashes them, which for a
    report's 20,000 shingles takes 1.4 ms, against 0.04 ms to sort (12 s at 10,000 reports)."""
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def murmur_finalizer(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, with which affine32 mixes each hash before permuting it."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


@cache  # drawn once, not for every report: it takes 80 µs
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of the PERMUTATIONS maps h -> a * h + b (mod 2**32), drawn as datasketch draws them."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def signature(text: str) -> bytes:
    """A text's MinHash signature, compact enough to keep with each report: for each
    permutation, the least permuted hash of its shingles (all ones for an empty text)."""
    a, b = permutations()
    mixed = murmur_finalizer(shingle_hashes(text).astype(np.uint32))
    permuted = mixed[:, np.newaxis] * a + b  # uint32: wrapping around is the modulo
    return permuted.min(axis=0, initial=np.uint32(0xFFFFFFFF)).tobytes()


def from_signature(data: bytes) -> "MinHash":
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=SEED, hashvalues=np.frombuffer(data, dtype=np.uint32), scheme=SCHEME)


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Match:
    key: str
    similarity: float  # exact Jaccard similarity of the shingle sets, 0..1


class SimilarityIndex:
    """Texts by key, with their signatures (`from_signature`); `matches` gives the stored
    texts at least `threshold` alike."""

    def __init__(self, threshold: float = NEAR_DUPLICATE):
        from datasketch import MinHashLSH

        self.threshold = threshold
        # LSH finds candidates a little below the threshold; the exact check decides.
        self.lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=PERMUTATIONS)
        self.texts: dict[str, str] = {}

    def add(self, key: str, text: str, hashed: "MinHash") -> None:
        self.lsh.insert(key, hashed)
        self.texts[key] = text

    def matches(self, text: str, hashed: "MinHash") -> list[Match]:
        own = shingles(text)
        found = []
        for key in self.lsh.query(hashed):
            similarity = jaccard(own, shingles(self.texts[key]))
            if similarity >= self.threshold:
                found.append(Match(key, similarity))
        return sorted(found, key=lambda m: (-m.similarity, m.key))


def near_duplicates(
    items: Iterable[tuple[str, str, bytes]], threshold: float = NEAR_DUPLICATE
) -> list[tuple[str, Match]]:
    """(later key, earlier match) for each (key, text, signature) at least `threshold` alike
    to one before it."""
    index = SimilarityIndex(threshold)
    found = []
    for key, text, compact in items:
        hashed = from_signature(compact)
        matches = index.matches(text, hashed)
        if matches:
            found.append((key, matches[0]))
        index.add(key, text, hashed)
    return found


Neighbours = list[tuple[str, float]]  # (report id, estimated similarity), most similar first


def similar_lists(
    signatures: dict[str, bytes], previous: dict[str, tuple[bytes, Neighbours]]
) -> dict[str, Neighbours]:
    """Each report's most similar others, from their signatures.

    `previous` holds the signatures and lists of the last build. Only what a change can move
    is worked out again: the lists of new or changed reports, those that held a changed or
    deleted report, and those a new or changed report now belongs to. A report's row of
    estimates compares its signature with all others at once (`rows`).
    """
    ids = sorted(signatures)
    if not ids:
        return {}
    matrix = np.frombuffer(b"".join(signatures[i] for i in ids), dtype=np.uint32).reshape(len(ids), -1)
    position = {report_id: row for row, report_id in enumerate(ids)}

    columns = np.ascontiguousarray(matrix.T)  # each value position of all signatures, in a row

    def rows(report_ids: list[str]) -> Iterator[tuple[str, np.ndarray]]:
        """Each report's estimates against all others, in the order of `report_ids`. Worked out
        for many reports at a time, one value position after the other: one row at a time reads
        the whole matrix for each report (25 MB at 100,000 reports), which made a first build
        there spend most of its time here."""
        batch = max(1, ROW_BATCH_BYTES // len(ids))
        for start in range(0, len(report_ids), batch):
            chosen = report_ids[start : start + batch]
            queries = matrix[[position[i] for i in chosen]]
            counts = np.zeros((len(chosen), len(ids)), dtype=np.uint8)  # at most 64 equal values
            for value in range(matrix.shape[1]):
                counts += queries[:, value, None] == columns[value]
            for n, report_id in enumerate(chosen):
                estimates = counts[n] / matrix.shape[1]
                estimates[position[report_id]] = 0.0
                yield report_id, estimates

    def top(estimates: np.ndarray) -> Neighbours:
        # The most similar first, ties in the order of ids. Sorting only those listed at all
        # and at least as similar as the MOST_SIMILAR-th (np.partition) gives what sorting all
        # would: at 100,000 reports 0.1-4 ms a list instead of 5-12 ms.
        candidates = np.nonzero(estimates >= LEAST_SIMILAR)[0]
        if len(candidates) > MOST_SIMILAR:
            values = estimates[candidates]
            candidates = candidates[values >= np.partition(values, -MOST_SIMILAR)[-MOST_SIMILAR]]
        best = candidates[np.argsort(-estimates[candidates], kind="stable")][:MOST_SIMILAR]
        return [(ids[j], round(float(estimates[j]), 3)) for j in best]

    changed = {i for i in ids if i not in previous or previous[i][0] != signatures[i]}
    unchanged = np.array([i not in changed for i in ids])
    gone = previous.keys() - signatures.keys()
    lists: dict[str, Neighbours] = {}
    moved = []  # unchanged reports whose list held one that changed or left: worked out again
    for report_id in ids:
        if report_id in changed:
            continue
        neighbours = previous[report_id][1]
        moved_on = any(other in changed or other in gone for other, _ in neighbours)
        lists[report_id] = [] if moved_on else neighbours
        if moved_on:
            moved.append(report_id)
    for report_id, estimates in rows(moved):
        lists[report_id] = top(estimates)
    for report_id, estimates in rows(sorted(changed)):
        lists[report_id] = top(estimates)
        # The changed report may now be among the most similar of others (those changed too
        # get their whole list above: on a first build, all of them).
        for j in np.nonzero((estimates >= LEAST_SIMILAR) & unchanged)[0]:
            other, entry = ids[j], (report_id, round(float(estimates[j]), 3))
            held = lists[other]
            if len(held) == MOST_SIMILAR and (-entry[1], entry[0]) > (-held[-1][1], held[-1][0]):
                # Not among the most similar: the list stays the same object, which tells the
                # build that the page keeps its list (a new report in a corpus of like reports
                # is like thousands of them). A list that held the report was worked out again
                # above, with it.
                continue
            merged = [n for n in held if n[0] != report_id] + [entry]
            lists[other] = sorted(merged, key=lambda n: (-n[1], n[0]))[:MOST_SIMILAR]
    return lists

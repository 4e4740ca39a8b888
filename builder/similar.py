"""Similar reports: character shingles and MinHash, so no word segmentation is needed.

Reports in this field are copied from templates, so "alike" means sharing long runs of
characters: the similarity of two reports is the Jaccard similarity of their sets of
5-character shingles (whitespace ignored). MinHash with LSH finds the candidates among
thousands of reports; the exact similarity of each candidate is then computed from the texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from datasketch import MinHash, MinHashLSH

SHINGLE_CHARS = 5
PERMUTATIONS = 128
NEAR_DUPLICATE = 0.9  # at least this alike: the same report, maybe with a sentence changed


def shingles(text: str) -> set[bytes]:
    compact = "".join(text.split())
    if len(compact) < SHINGLE_CHARS:
        return {compact.encode("utf-8")} if compact else set()
    return {compact[i : i + SHINGLE_CHARS].encode("utf-8") for i in range(len(compact) - SHINGLE_CHARS + 1)}


def minhash(shingle_set: set[bytes]) -> MinHash:
    signature = MinHash(num_perm=PERMUTATIONS)
    signature.update_batch(list(shingle_set))
    return signature


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Match:
    key: str
    similarity: float  # exact Jaccard similarity of the shingle sets, 0..1


class SimilarityIndex:
    """Texts by key; `matches(text)` gives the stored texts at least `threshold` alike."""

    def __init__(self, threshold: float = NEAR_DUPLICATE):
        self.threshold = threshold
        # LSH finds candidates a little below the threshold; the exact check decides.
        self.lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=PERMUTATIONS)
        self.texts: dict[str, str] = {}

    def add(self, key: str, text: str, signature: MinHash | None = None) -> None:
        self.lsh.insert(key, signature or minhash(shingles(text)))
        self.texts[key] = text

    def matches(self, text: str, signature: MinHash | None = None) -> list[Match]:
        own = shingles(text)
        found = []
        for key in self.lsh.query(signature or minhash(own)):
            similarity = jaccard(own, shingles(self.texts[key]))
            if similarity >= self.threshold:
                found.append(Match(key, similarity))
        return sorted(found, key=lambda m: (-m.similarity, m.key))


def near_duplicates(items: Iterable[tuple[str, str]], threshold: float = NEAR_DUPLICATE) -> list[tuple[str, Match]]:
    """(later key, earlier match) for each text at least `threshold` alike to one before it."""
    index = SimilarityIndex(threshold)
    found = []
    for key, text in items:
        signature = minhash(shingles(text))
        matches = index.matches(text, signature)
        if matches:
            found.append((key, matches[0]))
        index.add(key, text, signature)
    return found

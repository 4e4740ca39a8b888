"""Signatures: the numpy MinHash of similar.py is datasketch's, so that `add` and `check`
(datasketch's LSH) and the similar lists read the same signatures."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from builder.similar import MOST_SIMILAR, PERMUTATIONS, SCHEME, SEED, shingle_hashes, signature, similar_lists
from conftest import ROOT

TEXTS = [path.read_text("utf-8") for path in sorted((ROOT / "source_reports").glob("*.txt"))] + ["", "短文", "一二三四五六"]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_signature_is_datasketchs_minhash(text):
    hashed = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=int, scheme=SCHEME)
    hashed.update_batch(shingle_hashes(text).tolist())
    assert signature(text) == hashed.hashvalues.astype(np.uint32).tobytes()


def like_signatures(count: int, seed: int) -> dict[str, bytes]:
    """Signatures of `count` reports drawn from a few families: reports of a family share many
    values, so that every list of similar reports is full and ties are common."""
    rng = np.random.default_rng(seed)
    families = rng.integers(0, 2**32, size=(4, PERMUTATIONS), dtype=np.uint32)
    signatures = {}
    for n in range(count):
        values = families[n % 4].copy()
        own = rng.random(PERMUTATIONS) < rng.uniform(0.2, 0.9)
        values[own] = rng.integers(0, 50, size=int(own.sum()), dtype=np.uint32)  # small: chance matches
        signatures[f"r{n:03d}"] = values.tobytes()
    return signatures


@pytest.mark.parametrize("seed", range(6))
def test_similar_lists_kept_up_to_date_are_those_worked_out_afresh(seed):
    """A new, a changed and a deleted report, each against lists worked out before: the lists
    are those of a build without any, and a list that did not change is the same object."""
    signatures = like_signatures(60, seed)
    lists = similar_lists(signatures, {})
    assert all(len(found) == MOST_SIMILAR for found in lists.values())
    rng = np.random.default_rng(seed + 100)
    added = like_signatures(61, seed + 200)["r060"]
    changes = [
        {**signatures, "r999": added},  # a new report
        {**signatures, "r007": like_signatures(8, seed + 300)["r007"]},  # a changed one
        {i: s for i, s in signatures.items() if i != f"r{rng.integers(60):03d}"},  # a deleted one
    ]
    for changed in changes:
        previous = {i: (signatures[i], lists[i]) for i in signatures}
        kept_up = similar_lists(changed, previous)
        assert kept_up == similar_lists(changed, {})
        touched = {i for i in changed.keys() | previous.keys() if changed.get(i) != signatures.get(i)}
        for i in changed.keys() & previous.keys() - touched:
            if kept_up[i] == previous[i][1] and not any(other in touched for other, _ in previous[i][1]):
                assert kept_up[i] is previous[i][1], i

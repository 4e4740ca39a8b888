"""Signatures: the numpy MinHash of similar.py is datasketch's, so that `add` and `check`
(datasketch's LSH) and the similar lists read the same signatures."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from builder.similar import PERMUTATIONS, SCHEME, SEED, shingle_hashes, signature
from conftest import ROOT

TEXTS = [path.read_text("utf-8") for path in sorted((ROOT / "source_reports").glob("*.txt"))] + ["", "短文", "一二三四五六"]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_signature_is_datasketchs_minhash(text):
    hashed = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=int, scheme=SCHEME)
    hashed.update_batch(shingle_hashes(text).tolist())
    assert signature(text) == hashed.hashvalues.astype(np.uint32).tobytes()

"""Search index: exact substring search in Chinese on top of Pagefind.

Pagefind segments Chinese into words, and a phrase segmented one way in a query and
another way in a report is missed. So we do not let it segment: every report is indexed
as the set of its character bigrams, and the browser (`theme/assets/archive/search.js`)
turns a query into the same bigrams, asks Pagefind for the reports holding all of them,
then checks the phrase itself in each candidate's text, which it fetches from
`<report url>search.txt` (kept out of Pagefind: its indexer holds every page's metadata in
memory, and the texts of 10,000 reports would cost it some 1.5 GB).

The tokens of a text: it is NFKC-normalised and lower-cased, then cut into runs of letters
and digits; a run gives its bigrams and its last character ("主题教育" -> 主题 题教 教育 育),
so that every character of the text starts a token.

Pagefind's indexer needs some 700 bytes of memory per (token, report) pair: all the bigrams
of 10,000 reports would need some 20 GB. So the most common tokens, which make up most of
the pairs, are left out of the index until the pairs fit a budget, and listed in
`pagefind/archive-common.json`. The browser leaves them out of its query too: a report that
contains the phrase still holds all of the phrase's other tokens, so no report is missed,
and the phrase check drops the others. A query made of common tokens only is checked
against every report, a page of results at a time.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RUN = re.compile(r"[^\W_]+")
# Pagefind picks stemming and segmentation by language; "und" (undetermined) gets neither,
# which is what pre-tokenised bigrams need.
INDEX_LANGUAGE = "und"
COMMON_FILE = "archive-common.json"
TEXT_FILE = "search.txt"
# A word every page holds, so that the browser can list all reports by searching for one word
# (a search for nothing loads the whole word index). Its letter is one NFKC turns into "s",
# so no query token, which is NFKC-normalised, is ever the same or a part of it.
EVERY_PAGE = "ſſ"
# (token, report) pairs Pagefind may index: about 1 GB of its memory.
DEFAULT_POSTINGS = 1_500_000


@dataclass
class SearchRecord:
    url: str  # relative to the site root, e.g. "reports/abc/"
    title: str
    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def runs(text: str) -> list[str]:
    return RUN.findall(unicodedata.normalize("NFKC", text).lower())


def tokens(text: str) -> set[str]:
    found = set()
    for run in runs(text):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
        found.add(run[-1])
    return found


def token_ids(records: list[SearchRecord]) -> tuple[list[str], list[np.ndarray]]:
    """All tokens, and each record's as indexes into them: worked out once (it is most of
    the indexing time), and kept small (10,000 sets of strings would take gigabytes)."""
    vocabulary: dict[str, int] = {}
    ids = [
        np.fromiter((vocabulary.setdefault(token, len(vocabulary)) for token in tokens(record.text)), dtype=np.int32)
        for record in records
    ]
    return list(vocabulary), ids


def common_mask(words: list[str], ids: list[np.ndarray], budget: int) -> np.ndarray:
    """Which tokens to leave out: the most frequent, until the (token, report) pairs fit `budget`."""
    frequency = np.bincount(np.concatenate(ids), minlength=len(words)) if ids else np.zeros(0, dtype=np.int64)
    common = np.zeros(len(words), dtype=bool)
    pairs = int(frequency.sum())
    # Most frequent first; ties by token, so that the same archive gives the same index.
    for index in sorted(range(len(words)), key=lambda i: (-frequency[i], words[i])):
        if pairs <= budget:
            break
        common[index] = True
        pairs -= int(frequency[index])
    return common


def record_page(record: SearchRecord, indexed_tokens: list[str]) -> str:
    """A page for Pagefind to index: the tokens as its body, all else as metadata."""
    indexed = " ".join(sorted(indexed_tokens) + [EVERY_PAGE])
    meta = {"title": record.title, **record.meta}
    parts = [f'<div data-pagefind-meta="{html.escape(key)}">{html.escape(value)}</div>' for key, value in meta.items()]
    parts += [
        f'<div data-pagefind-filter="{html.escape(name)}">{html.escape(value)}</div>'
        for name, values in record.filters.items()
        for value in values
    ]
    parts += [f'<div data-pagefind-sort="{html.escape(key)}">{html.escape(value)}</div>' for key, value in record.sort.items()]
    return (
        f'<!doctype html><html lang="{INDEX_LANGUAGE}"><head><meta charset="utf-8"><title></title></head><body>'
        f'<main data-pagefind-body><p>{html.escape(indexed)}</p></main><footer hidden>{"".join(parts)}</footer></body></html>'
    )


def write_index(records: list[SearchRecord], site_dir: Path, budget: int = DEFAULT_POSTINGS) -> None:
    """Write the Pagefind bundle for `records` into `site_dir/pagefind`, and each record's
    text beside its page."""
    output = Path(site_dir) / "pagefind"
    for record in records:
        text_file = Path(site_dir) / record.url / TEXT_FILE
        text_file.parent.mkdir(parents=True, exist_ok=True)
        text_file.write_text(record.text, encoding="utf-8")
    words, ids = token_ids(records)
    common = common_mask(words, ids, budget)
    with tempfile.TemporaryDirectory(prefix="report-archive-search-") as pages:
        for record, record_ids in zip(records, ids):
            page = Path(pages) / record.url / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(record_page(record, [words[i] for i in record_ids if not common[i]]), encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--site", pages, "--output-path", str(output)]
        command += ["--force-language", INDEX_LANGUAGE, "--quiet"]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind 建立检索索引失败：{result.stderr.strip() or result.stdout.strip()}")
    # The filters' values with their counts too: the search page builds its filters from them,
    # as asking Pagefind for them slows every later search (see search.js).
    filters: dict[str, Counter[str]] = {}
    for record in records:
        for name, values in record.filters.items():
            filters.setdefault(name, Counter()).update(values)
    left_out = sorted(word for word, is_common in zip(words, common) if is_common)
    summary = {"version": 3, "tokens": left_out, "every": EVERY_PAGE, "filters": filters}
    (output / COMMON_FILE).write_text(json.dumps(summary, ensure_ascii=False, sort_keys=True), encoding="utf-8")

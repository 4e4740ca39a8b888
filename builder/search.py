"""Search index: exact substring search in Chinese on top of Pagefind.

Pagefind segments Chinese into words, and a phrase segmented one way in a query and
another way in a report is missed. So we do not let it segment: every report is indexed
as overlapping character bigrams, and the browser turns a query into the same bigrams,
asks Pagefind for the reports holding all of them, then checks the phrase itself on the
fetched fragment (`search.js`). A bigram index finds every report that contains a phrase;
the phrase check drops the few that hold its bigrams apart.

The encoding, shared with `theme/assets/archive/search.js`:

- the text is NFKC-normalised and lower-cased, then cut into runs of letters and digits;
- a run becomes its bigrams followed by its last character ("主题教育" -> "主题 题教 教育 育"),
  so every character of the text starts exactly one token;
- runs are joined by " / ", which is no token, so a phrase never matches across punctuation.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

RUN = re.compile(r"[^\W_]+")
RUN_SEPARATOR = " / "
# Pagefind picks stemming and segmentation by language; "und" (undetermined) gets neither,
# which is what pre-tokenised bigrams need.
INDEX_LANGUAGE = "und"


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


def encode_run(run: str) -> str:
    return " ".join([run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]])


def encode(text: str) -> str:
    return RUN_SEPARATOR.join(encode_run(run) for run in runs(text))


def write_index(records: list[SearchRecord], site_dir: Path) -> None:
    """Write the Pagefind bundle for `records` into `site_dir/pagefind`."""
    asyncio.run(_write_index(records, Path(site_dir) / "pagefind"))


async def _write_index(records: list[SearchRecord], output: Path) -> None:
    # Imported here: the builder's other stages do not need Pagefind's binary.
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(output), force_language=INDEX_LANGUAGE)
    async with PagefindIndex(config=config) as index:
        for record in records:
            await index.add_custom_record(
                url="/" + record.url,
                content=encode(record.text),
                language=INDEX_LANGUAGE,
                meta={"title": record.title, **record.meta},
                filters=record.filters,
                sort=record.sort,
            )

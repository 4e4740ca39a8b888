"""Facets: the ways to browse the archive (年度、单位、类型、标签), their values and page paths."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .model import NOT_GIVEN, Metadata

NON_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Facet:
    name: str  # the metadata field, also the index folder's English name
    folder: str
    label: str  # shown to readers
    values: Callable[[Metadata], list[str]]
    newest_first: bool = False


def single(field: str) -> Callable[[Metadata], list[str]]:
    def values(meta: Metadata) -> list[str]:
        value = getattr(meta, field)
        return [] if value is None else [str(value)]

    return values


FACETS = (
    Facet("year", "years", "年度", single("year"), newest_first=True),
    Facet("unit", "units", "单位", single("unit")),
    Facet("type", "types", "类型", single("type")),
    Facet("tags", "tags", "标签", lambda meta: list(meta.tags)),
)


def pinyin(text: str) -> tuple[str, ...]:
    """`text` in pinyin: a syllable for each Chinese character, other characters as they are."""
    from pypinyin import lazy_pinyin  # imported when needed: its dictionaries take 0.1 s to load

    return tuple(lazy_pinyin(text))


# The pinyin of the names that the index pages sort and link to (units, types, tags, years),
# by name. pypinyin takes 0.15 ms a name and an archive of 10,000 reports has some 4,000
# names, so `generate` keeps what it found in the build cache and fills this from it: a
# build asks pypinyin only about names new to the archive.
NAME_PINYIN: dict[str, tuple[str, ...]] = {}


def name_pinyin(name: str) -> tuple[str, ...]:
    found = NAME_PINYIN.get(name)
    if found is None:
        found = NAME_PINYIN[name] = pinyin(name)
    return found


def pinyin_key(name: str) -> tuple:
    """Sort key putting Chinese names in pinyin order."""
    return (name_pinyin(name), name)


@lru_cache(maxsize=None)  # asked for again and again for the same few thousand names
def slug(value: str) -> str:
    """An ASCII path segment for a value: its pinyin, plus a short hash when not plain ASCII.

    The hash keeps homophones (市委, 市卫) apart without looking at the rest of the archive,
    so a value's page never moves when other reports come and go.
    """
    base = NON_SLUG.sub("-", "-".join(name_pinyin(value)).lower()).strip("-")
    if base == value:
        return base
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:6]
    return f"{base}-{digest}" if base else digest


def value_page(facet: Facet, value: str) -> str:
    return f"{facet.folder}/{slug(value)}.md"


def year_page(page: str, year: int | None) -> str:
    """The page of one year of a page split by year (`problems.md` -> `problems/2024.md`)."""
    return f"{page.removesuffix('.md')}/{year or 'unknown'}.md"


def year_label(year: int | None) -> str:
    return f"{year} 年" if year else f"年度{NOT_GIVEN}"


def relative(target: str, from_page: str) -> str:
    """A link from one page of the docs tree to another, as MkDocs resolves Markdown links."""
    depth = from_page.count("/")
    return "../" * depth + target

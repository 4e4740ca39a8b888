"""Facets: the ways to browse the archive (年度、单位、类型、标签), their values and page paths."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from pypinyin import lazy_pinyin

from .markup import link
from .model import Metadata

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


# Both are asked again and again for the same few thousand names; pypinyin is slow.
@lru_cache(maxsize=None)
def pinyin_key(text: str) -> tuple:
    """Sort key putting Chinese names in pinyin order."""
    return (tuple(lazy_pinyin(text)), text)


@lru_cache(maxsize=None)
def slug(value: str) -> str:
    """An ASCII path segment for a value: its pinyin, plus a short hash when not plain ASCII.

    The hash keeps homophones (市委, 市卫) apart without looking at the rest of the archive,
    so a value's page never moves when other reports come and go.
    """
    base = NON_SLUG.sub("-", "-".join(lazy_pinyin(value)).lower()).strip("-")
    if base == value:
        return base
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:6]
    return f"{base}-{digest}" if base else digest


def value_page(facet: Facet, value: str) -> str:
    return f"{facet.folder}/{slug(value)}.md"


def relative(target: str, from_page: str) -> str:
    """A link from one page of the docs tree to another, as MkDocs resolves Markdown links."""
    depth = from_page.count("/")
    return "../" * depth + target


def link_to_value(facet: Facet, value: str, from_page: str) -> str:
    return link(value, relative(value_page(facet, value), from_page))

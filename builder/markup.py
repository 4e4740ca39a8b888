"""Markdown that shows text exactly as it is, whatever characters it holds."""

from __future__ import annotations

import html
import re

# Characters Python-Markdown (with tables) gives a meaning to and accepts a backslash before.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_inline(text: str) -> str:
    """Text for a Markdown heading, link text or table cell, shown exactly as it is."""
    # A function rather than the template r"\\\1", which costs twice the time for a short
    # text: the listing pages escape some 100,000 of them.
    return MARKDOWN_SPECIAL.sub(backslashed, html.escape(text, quote=False))


def backslashed(match: re.Match) -> str:
    return "\\" + match.group()


def escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def link(text: str, target: str) -> str:
    return f"[{escape_inline(text)}]({target})"

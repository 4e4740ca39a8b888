"""Markdown that shows text exactly as it is, whatever characters it holds."""

from __future__ import annotations

import html
import re

# Characters Python-Markdown (with tables) gives a meaning to inside a line, and accepts a
# backslash before. Inline text never starts a line (it follows "# ", "| " or "["), so the
# marks of lists (1. - +) need none; nor do ( ) ! without the [ ] they follow, which are
# escaped. Fewer backslashes keep the generated Markdown readable to other tools.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")


def escape_inline(text: str) -> str:
    """Text for a Markdown heading, link text or table cell, shown exactly as it is."""
    # A function rather than the template r"\\\1", which costs twice the time for a short
    # text: the listing pages escape some 100,000 of them.
    return MARKDOWN_SPECIAL.sub(backslashed, html.escape(text, quote=False))


def backslashed(match: re.Match) -> str:
    return "\\" + match.group()


def escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def escape_attribute(text: str) -> str:
    return html.escape(text, quote=True)


def attribute_value(text: str) -> str:
    """Text for a quoted attr_list value ({key="value"}), which has no escapes: the characters
    that would end it are left out."""
    return re.sub(r'["{}\\]', "", text)

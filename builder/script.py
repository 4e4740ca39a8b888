"""Traditional and simplified Chinese: reports are published as written, and analysed in
simplified characters, so that 存在的問題 is found as 存在的问题 (OpenCC's tables, shipped
inside its package)."""

from __future__ import annotations

import re
from functools import lru_cache

# Traditional forms of characters that every report uses (党, 会, 学, 发, 这, 为, 国, 关…):
# a text without any of them is simplified, and needs no conversion.
TRADITIONAL = re.compile("[黨會學發這為國關們來時說對經報總結區務開動進體實際與論設組織產農業際於們歲當應現從問題點級機導應]")


@lru_cache(maxsize=1)
def converter():
    import opencc  # imported once, when the first text is analysed

    return opencc.OpenCC("t2s")


# Longer than this, a text is converted only if it holds a character of TRADITIONAL: a
# whole report would otherwise cost OpenCC's time on every build of a simplified archive.
SHORT_TEXT = 200


def simplified(text: str) -> str:
    """`text` in simplified characters, for analysis only: never what a reader sees."""
    if not text or (len(text) > SHORT_TEXT and not looks_traditional(text)):
        return text
    return converter().convert(text)


def looks_traditional(text: str) -> bool:
    return bool(TRADITIONAL.search(text))

"""The two forms a generated page takes: Markdown (MarkdownPage), which `report-archive build
--out` writes and MkDocs can convert, and the HTML MkDocs would make of it (HtmlPage), which the
plugin hands MkDocs directly for what grows with the archive (report pages, and the tables and
lists of listing pages: `Island`s), skipping the conversion. Both are written by the same code,
called with one or the other; tests/test_render_paths.py checks they give the same pages.
"""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass, field
from typing import Callable

from .facets import relative
from .markup import attribute_value, escape_attribute, escape_html, escape_inline

# A table cell: text, or a link (text, target file in the docs tree).
Cell = str | tuple[str, str]


class PageForm:
    """What both forms write the same way, from their own parts."""

    def titled(self, level: int, text: str, ident: str = "") -> str:
        """A heading of plain text."""
        return self.heading(level, self.text(text), text, ident)


class MarkdownPage(PageForm):
    """Writes a page as Markdown: what `report-archive build --out` writes, and what MkDocs
    converts when the plugin does not render the page itself. Links name the .md files."""

    def __init__(self, page: str):
        self.page = page  # the page's path in the docs tree, which links are relative to

    def text(self, text: str) -> str:
        return escape_inline(text)

    def heading(self, level: int, markup: str, plain: str, ident: str = "") -> str:
        # An id of our own (attr_list), so that other pages can link to a section; without
        # one, MkDocs' toc extension makes it from the text.
        return "#" * level + " " + markup + (f" {{#{ident}}}" if ident else "")

    def link(self, text: str, target: str, download: str = "") -> str:
        attributes = f'{{download="{attribute_value(download)}"}}' if download else ""
        return f"[{escape_inline(text)}]({relative(target, self.page)}){attributes}"

    def image(self, alt: str, target: str) -> str:
        # Markdown, not <img>: MkDocs then checks the file is there and makes the link relative.
        return f"![{escape_inline(alt)}]({relative(target, self.page)})"

    def strong(self, text: str) -> str:
        return f"**{escape_inline(text)}**"

    def items(self, items: list[str]) -> str:
        return "\n".join(f"- {item}" for item in items)

    def paragraph(self, text: str) -> str:
        return escape_inline(text)

    def division(self, css_class: str, inner: str) -> str:
        return f'<div class="{css_class}" markdown>\n\n{inner}\n\n</div>'

    def table(self, head: list[str], rows: list[list[Cell]]) -> str:
        lines = ["| " + " | ".join(map(escape_inline, head)) + " |", "|" + " --- |" * len(head)]
        lines += ["| " + " | ".join(map(self.cell, row)) + " |" for row in rows]
        return "\n".join(lines)

    def links(self, items: list[tuple[str, str, str]]) -> str:
        """A list of links, each followed by a text: (text, target, after)."""
        return "\n".join(f"- {self.link(text, target)}{escape_inline(after)}" for text, target, after in items)

    def link_list(self, items: list[tuple[str, str, str]]) -> str:
        # Two spaces end a line within the item: the note goes under its link.
        return "\n".join(f"- {self.link(text, target)}  \n  {escape_inline(note)}" for text, target, note in items)

    def cell(self, cell: Cell) -> str:
        return escape_inline(cell) if isinstance(cell, str) else self.link(*cell)

    def join(self, parts: list[str]) -> str:
        return "\n\n".join(parts) + "\n"


@dataclass
class HtmlPage(PageForm):
    """Writes a page as the HTML that MkDocs makes of its Markdown (MarkdownPage), straight from
    the document model: the plugin hands it to MkDocs for report pages, which saves the
    Markdown conversion, most of a report page's cost. `tests/test_render_paths.py` checks that
    both give the same page. Headings are collected for the table of contents."""

    url: Callable[[str], str]  # a file of the docs tree -> its URL relative to this page
    slugify: Callable[[str], str]  # a heading's text -> its id, as the toc extension makes it
    permalink: str = ""  # the toc extension's permalink text ("" for none), class and title
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    headings: list[dict] = field(default_factory=list)  # {level, id, name} in page order
    # Under `mkdocs serve`, the rows of its tables this page rendered last time, by their cells,
    # and those it renders now: a new report lists on pages of thousands of rows, whose rows
    # are otherwise made again on every save (1.6 s of such a rebuild at 10,000 reports).
    known_rows: dict | None = None
    rendered_rows: dict = field(default_factory=dict)

    def text(self, text: str) -> str:
        return escape_html(text)

    def heading(self, level: int, markup: str, plain: str, ident: str = "") -> str:
        ident = ident or self.slugify(plain)
        self.headings.append({"level": level, "id": ident, "name": escape_html(plain), "children": []})
        link = ""
        if self.permalink:
            title = f' title="{escape_attribute(self.permalink_title)}"' if self.permalink_title else ""
            link = f'<a class="{escape_attribute(self.permalink_class)}" href="#{escape_attribute(ident)}"{title}>{self.permalink}</a>'
        return f'<h{level} id="{escape_attribute(ident)}">{markup}{link}</h{level}>'

    def link(self, text: str, target: str, download: str = "") -> str:
        attributes = f'download="{escape_attribute(attribute_value(download))}" ' if download else ""
        return f'<a {attributes}href="{escape_attribute(self.url(target))}">{escape_html(text)}</a>'

    def image(self, alt: str, target: str) -> str:
        return f'<p><img alt="{escape_attribute(alt)}" src="{escape_attribute(self.url(target))}" /></p>'

    def strong(self, text: str) -> str:
        return f"<strong>{escape_html(text)}</strong>"

    def items(self, items: list[str]) -> str:
        return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"

    def paragraph(self, text: str) -> str:
        return f"<p>{escape_html(text)}</p>"

    def division(self, css_class: str, inner: str) -> str:
        return f'<div class="{css_class}">\n{inner}\n</div>'

    def table(self, head: list[str], rows: list[tuple[Cell, ...]] | list[list[Cell]]) -> str:
        return "<table>\n<thead>\n" + table_row("th", head, escape_html) + "</thead>\n<tbody>\n" + "".join(map(self.body_row, rows)) + "</tbody>\n</table>"

    def body_row(self, row: tuple[Cell, ...] | list[Cell]) -> str:
        if self.known_rows is None:
            return table_row("td", row, self.cell)
        key = tuple(row)
        html = self.known_rows.get(key) or table_row("td", row, self.cell)
        self.rendered_rows[key] = html
        return html

    def links(self, items: list[tuple[str, str, str]]) -> str:
        return "<ul>\n" + "".join(f"<li>{self.link(text, target)}{escape_html(after)}</li>\n" for text, target, after in items) + "</ul>"

    def link_list(self, items: list[tuple[str, str, str]]) -> str:
        return "<ul>\n" + "".join(f"<li>{self.link(text, target)}<br />\n{escape_html(note)}</li>\n" for text, target, note in items) + "</ul>"

    def cell(self, cell: Cell) -> str:
        return escape_html(cell) if isinstance(cell, str) else self.link(*cell)

    def join(self, parts: list[str]) -> str:
        return "\n".join(parts)


Page = MarkdownPage | HtmlPage


def table_row(tag: str, cells, escape: Callable[[Cell], str]) -> str:
    return "<tr>\n" + "".join(f"<{tag}>{escape(cell)}</{tag}>\n" for cell in cells) + "</tr>\n"


@dataclass(frozen=True)
class Island:
    """A part of a listing page that grows with the archive (a table, a list of reports): a
    call of one of the page forms' methods with its arguments, rendered in either form; the
    rest of the page is Markdown."""

    method: str  # a method of both page forms: "table", "links", "titled"…
    args: tuple

    def render(self, out: Page) -> str:
        return getattr(out, self.method)(*self.args)


@dataclass
class Listing:
    """A generated page of Markdown with islands in it."""

    parts: list[str | Island]

    def markdown(self, path: str) -> str:
        out = MarkdownPage(path)
        return "".join(part if isinstance(part, str) else part.render(out) for part in self.parts)

    def version(self) -> str:
        """A digest of what the page shows: its Markdown and its islands' arguments, which
        are cheaper to hash than to render. Serialised with marshal's format 2 (strings,
        tuples, lists, numbers; no references between them, so the same page gives the same
        bytes), in two thirds of the time json takes."""
        shown = [part if isinstance(part, str) else [part.method, part.args] for part in self.parts]
        return hashlib.blake2b(marshal.dumps(shown, 2), digest_size=20).hexdigest()


@dataclass
class Document(Listing):
    """A generated page made of islands only, headings too: rendered whole in either form, so
    that the plugin hands MkDocs its HTML and table of contents as for report pages. For
    pages whose Markdown would be large (a heading and a list for each unit and year)."""

    parts: list[Island]

    @property
    def title(self) -> str:
        """The text of its first heading of level 1, which MkDocs takes for the page's title."""
        return next(part.args[1] for part in self.parts if part.method == "titled" and part.args[0] == 1)

    def render(self, out: Page) -> str:
        return out.join([part.render(out) for part in self.parts])

    def markdown(self, path: str) -> str:
        return self.render(MarkdownPage(path))

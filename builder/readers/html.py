"""Web pages saved from a browser or from WeChat (.html, .htm, or under any name): the article as blocks.

A WeChat article (recognised by #js_content) gives its body, #js_content, alone; its title,
account and publish time, shown above the body, become document fields. Any other page gives
its article: what the page marks as one ([itemprop=articleBody], <article>, <main>), else the
element holding the most paragraph text. Scripts, styles, navigation, sidebars, forms, hidden
elements, comments and footers are left out, and of a header only its headings are kept;
og:title or <title> is the "title" field (and a few other <meta> give author, date, site).

The body becomes blocks in reading order: each block element's text (p, div, section, li…,
and each line of a <br>-broken one) a paragraph, with its inline pieces joined as a browser
shows them, except that no space is left between Chinese characters (WeChat splits sentences
across <span>s and line breaks); h1–h6 headings; tables with their spans; images from data:
URIs or files saved beside the page. A block's line is the line of the page its element
starts on, pushed one past the block before's where several share a line, so that it grows
from block to block. Promotion text (点击蓝字关注、往期推荐…) is kept: cleaning removes it by rule.

Parsed with lxml.html (libxml2's HTML parser): pages as browsers save them, whatever their mess.
"""

from __future__ import annotations

import base64
import codecs
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import lxml.etree
import lxml.html

from ..model import Block, Cell, InputError, Problem, Source
from . import Reader
from .text import BOMS, decode

META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
CHARSET_BYTES = 8192  # browsers look for the meta charset in the first 1024 bytes; be generous
# Pages that say gb2312 use GBK's characters too, as browsers allow: read them as the superset.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}

DROPPED = (
    "head", "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "object", "embed",
    "svg", "canvas", "video", "audio", "map", "button", "select", "textarea", "input",
)  # fmt: skip
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = (
    "p", "div", "section", "article", "main", "header", "footer", "body", "center", "blockquote", "pre",
    "address", "figure", "figcaption", "ul", "ol", "li", "dl", "dt", "dd", "hr", "caption",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th",
)  # fmt: skip
PARAGRAPHS = ("p", "li", "dd", "dt", "pre", "blockquote", *HEADINGS)  # scored for their parent
CONTAINERS = ("div", "section", "td", "body", "article", "main", "center")  # text of their own
# Not visibility:hidden: WeChat serves #js_content so until its script shows it.
HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
ALIGN_STYLE = re.compile(r"text-align\s*:\s*(\w+)", re.IGNORECASE)

CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u2014\u2018-\u201d\u2026"
SPACES = re.compile(r"[ \t\r\n\f]+")
CJK_GAP = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
ZERO_WIDTH = re.compile("[\u200b\ufeff]")
# Only pictures a browser shows as they are: an SVG could carry script onto the site.
IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF8", ".gif"), (b"BM", ".bmp"))
LAYOUT_CELL_CHARS = 300  # a table cell holding more text than this is page layout, not data

# <meta name|property> -> document field; the first found of each field is kept. ArticleTitle,
# PubDate, ContentSource and SiteName are what Chinese government sites put in every page.
META_FIELDS = {
    "title": ("og:title", "articletitle"),
    "author": ("author", "contentsource"),
    "date": ("article:published_time", "pubdate", "publishdate"),
    "site": ("og:site_name", "sitename"),
}
WECHAT_TIME = re.compile(r"""\bvar\s+ct\s*=\s*["'](\d{9,10})["']""")
CHINA = timezone(timedelta(hours=8))
NO_TEXT = "网页中没有找到正文：页面内容可能由脚本生成，请在浏览器中打开后用“另存为—网页，全部”保存"


def read_html(file: Path, path: str) -> Source:
    text, encoding = decode_html(file.read_bytes(), path)
    page = parse(text, path)
    wechat = first(page, "//*[@id='js_content']", class_path("rich_media_content"))
    fields = wechat_fields(page) if wechat is not None else {}
    for name, value in page_fields(page).items():
        fields.setdefault(name, value)
    prune(page)
    if wechat is None and page.body is None:  # a frameset, or a head and nothing else
        raise InputError(path, 1, NO_TEXT)
    collector = Collector(file.parent)
    container = wechat if wechat is not None else article(page.body)
    title = title_above(page.body, container) if wechat is None else None
    if title is not None:
        collector.walk(title)
    collector.walk(container)
    collector.flush()
    if not collector.blocks:
        raise InputError(path, 1, NO_TEXT)
    return Source(
        path=path,
        blocks=collector.blocks,
        encoding=f"html ({encoding})",
        images=collector.images,
        problems=collector.problems(path),
        document_fields=fields,
    )


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """The page's text: by its byte order mark, else its meta charset, else as any text file."""
    if data.startswith(tuple(bom for bom, _ in BOMS)):
        return decode(data, path)
    declared = META_CHARSET.search(data[:CHARSET_BYTES])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        encoding = SUPERSETS.get(name, name)
        try:
            codecs.lookup(encoding)
            return data.decode(encoding), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: guess, as for a text file
    return decode(data, path)


def parse(text: str, path: str) -> lxml.html.HtmlElement:
    # Given as UTF-8 bytes with the encoding said, so that libxml2 neither trips on an XML
    # declaration nor follows a meta charset the text has already been decoded by.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise InputError(path, 1, f"无法解析网页：{error}") from None


def first(page: lxml.html.HtmlElement, *xpaths: str) -> lxml.html.HtmlElement | None:
    """The first element the first of the paths that finds any finds."""
    for xpath in xpaths:
        found = page.xpath(xpath)
        if found:
            return found[0]
    return None


def class_path(name: str) -> str:
    return f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


def wechat_fields(page: lxml.html.HtmlElement) -> dict[str, str]:
    """Title, account and publish time of a WeChat article: the line above its body."""
    found = {
        "title": first(page, "//*[@id='activity-name']", class_path("rich_media_title")),
        "author": first(page, "//*[@id='js_name']", class_path("rich_media_meta_nickname")),
        "date": first(page, "//*[@id='publish_time']"),
    }
    fields = {name: flat_text(element) for name, element in found.items() if element is not None}
    if not fields.get("date"):
        # A page saved before its scripts ran has the time only in a script, in seconds.
        seconds = WECHAT_TIME.search(" ".join(page.xpath("//script/text()")))
        if seconds:
            fields["date"] = datetime.fromtimestamp(int(seconds.group(1)), CHINA).strftime("%Y-%m-%d %H:%M")
    return {name: value for name, value in fields.items() if value}


def page_fields(page: lxml.html.HtmlElement) -> dict[str, str]:
    metas = {}
    for meta in page.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        metas.setdefault(key, normalise(meta.get("content")))
    fields = {}
    for field, keys in META_FIELDS.items():
        value = next((metas[key] for key in keys if metas.get(key)), "")
        if value:
            fields[field] = value
    title = first(page, "//title")
    if "title" not in fields and title is not None and flat_text(title):
        fields["title"] = flat_text(title)
    return fields


def prune(page: lxml.html.HtmlElement) -> None:
    """Take out what is no part of any text a reader sees (keeping the text that follows it)."""
    for element in list(page.iter(*DROPPED)):
        element.drop_tree()
    for element in page.xpath("//*[@hidden or contains(@style, 'none')]"):
        if element.get("hidden") is not None or HIDDEN.search(element.get("style", "")):
            element.drop_tree()


def article(body: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the page's article: marked as such, else the densest in text."""
    for xpath in (".//*[@itemprop='articleBody']", ".//article", ".//main", ".//*[@role='main']"):
        found = body.xpath(xpath)
        if found:
            return max(found, key=text_length)
    return densest(body)


def title_above(body: lxml.html.HtmlElement, container: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The <h1> a page sets above its article's text (范文 sites put the title outside the
    element that holds the text), when the article has none of its own."""
    if next(container.iter("h1"), None) is not None:
        return None
    above = None
    for element in body.iter():
        if element is container:
            return above
        if element.tag == "h1":
            above = element
    return None


def densest(body: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element with the most paragraph text: a paragraph counts for its parent, and half for
    the one above, so that an article split into a few sections is chosen whole."""
    scores: dict[lxml.html.HtmlElement, float] = {}
    for element in body.iter(*PARAGRAPHS, *CONTAINERS):
        if element.tag in PARAGRAPHS:
            holder, length = element.getparent(), text_length(element)
        else:
            holder, length = element, len(own_text(element))
        if holder is None or length == 0:
            continue
        scores[holder] = scores.get(holder, 0) + length
        above = holder.getparent()
        if above is not None:
            scores[above] = scores.get(above, 0) + length / 2
    # In document order an ancestor comes first, and wins a tie with its child.
    return max(body.iter(), key=lambda element: scores.get(element, 0)) if scores else body


def text_length(element: lxml.html.HtmlElement) -> int:
    """Characters of text outside links: a menu or a list of links is no article."""
    links = sum(len("".join(link.itertext()).strip()) for link in element.iter("a"))
    return max(len("".join(element.itertext()).strip()) - links, 0)


def own_text(element: lxml.html.HtmlElement) -> str:
    return "".join([element.text or "", *(child.tail or "" for child in element)]).strip()


def flat_text(element: lxml.html.HtmlElement) -> str:
    """All the text of an element on one line, its inner blocks and line breaks as spaces."""
    return normalise("".join(flat_pieces(element)))


def flat_pieces(element: lxml.html.HtmlElement):
    yield element.text or ""
    for child in element:
        if not isinstance(child.tag, str):
            pass  # an entity or a comment lxml kept
        elif child.tag == "br" or child.tag in BLOCKS:
            yield " "
            yield from flat_pieces(child)
            yield " "
        else:
            yield from flat_pieces(child)
        yield child.tail or ""


def normalise(text: str) -> str:
    """Whitespace as a browser collapses it, without the spaces between Chinese characters."""
    text = CJK_GAP.sub("", SPACES.sub(" ", ZERO_WIDTH.sub("", text)))
    return text.replace("\xa0", " ").strip()  # &nbsp; is kept, as a browser shows it


def is_bold(element: lxml.html.HtmlElement) -> bool:
    return element.tag in ("b", "strong") or bool(BOLD_STYLE.search(element.get("style", "")))


def alignment(element: lxml.html.HtmlElement, centered: bool) -> bool:
    """Whether a block element is centred, given whether the one around it is."""
    style = ALIGN_STYLE.search(element.get("style", ""))
    align = style.group(1) if style else element.get("align")
    if element.tag == "center":
        return True
    return centered if align is None else align.lower() == "center"


def is_layout(table: lxml.html.HtmlElement) -> bool:
    """Whether a table lays a page out rather than holding data: read its cells as text then."""
    if table.xpath(".//table"):
        return True
    rows = table.xpath(".//tr")
    if all(len(row.xpath("./td|./th")) <= 1 for row in rows):
        return True
    return any(len(flat_text(cell)) > LAYOUT_CELL_CHARS for cell in table.xpath(".//td|.//th"))


def span(cell: lxml.html.HtmlElement, name: str) -> int:
    value = (cell.get(name) or "").strip()
    return max(int(value), 1) if value.isdigit() else 1


def cell_of(cell: lxml.html.HtmlElement) -> Cell:
    return Cell(flat_text(cell), span(cell, "colspan"), span(cell, "rowspan"))


def list_number(item: lxml.html.HtmlElement) -> str:
    """The number a browser shows before an item of a numbered list: "3." (none in other lists)."""
    numbered = item.getparent()
    if numbered is None or numbered.tag != "ol":
        return ""
    start = (numbered.get("start") or "").strip()
    before = len(item.xpath("preceding-sibling::li"))
    return f"{(int(start) if start.isdigit() else 1) + before}."


class Collector:
    """Walks the body in reading order, gathering inline text into blocks."""

    def __init__(self, folder: Path):
        self.folder = folder  # where the page is, and the files it saved beside it
        self.blocks: list[Block] = []
        self.images: dict[str, bytes] = {}
        self.pieces: list[tuple[str, bool, bool, int]] = []  # text, bold, centred, line
        self.last_line = 0
        self.remote: list[int] = []  # lines of images on other sites
        self.missing: list[int] = []  # lines of images whose file is not beside the page

    def walk(self, element: lxml.html.HtmlElement, bold: bool = False, centered: bool = False) -> None:
        tag = element.tag
        line = element.sourceline or self.last_line
        if tag == "br":
            self.flush()
        elif tag == "img":
            self.flush()
            self.image(element, line)
        elif tag in HEADINGS:
            self.flush()
            # An <h1> is the page's title; the others are the outline below it.
            kind, level = ("title", 0) if tag == "h1" else ("heading", min(int(tag[1]) + 1, 5))
            self.emit(Block(kind, flat_text(element), line, level=level, centered=alignment(element, centered)))
        elif tag == "footer":
            self.flush()  # the page's or the article's furniture: links, copyright, share buttons
        elif tag == "header":
            self.flush()  # the article's title in it, not its byline or the site's banner
            for heading in element.iter(*HEADINGS):
                self.walk(heading, bold, centered)
        elif tag == "table" and not is_layout(element):
            self.flush()
            self.table(element, line)
        else:
            if tag in BLOCKS:
                self.flush()
                centered = alignment(element, centered)
            bold = bold or is_bold(element)
            if tag == "li":
                self.add(list_number(element), bold, centered, line)
            self.add(element.text, bold, centered, line)
            for child in element:
                if isinstance(child.tag, str):
                    self.walk(child, bold, centered)
                self.add(child.tail, bold, centered, child.sourceline or line)
            if tag in BLOCKS:
                self.flush()

    def add(self, text: str | None, bold: bool, centered: bool, line: int) -> None:
        if text:
            self.pieces.append((text, bold, centered, line))

    def flush(self) -> None:
        pieces, self.pieces = self.pieces, []
        text = normalise("".join(piece[0] for piece in pieces))
        if not text:
            return
        shown = [piece for piece in pieces if normalise(piece[0])]
        block = Block("paragraph", text, shown[0][3], centered=shown[0][2], bold=all(piece[1] for piece in shown))
        self.emit(block)

    def emit(self, block: Block) -> None:
        if block.kind != "image" and not block.text:
            return
        block.line = max(block.line, self.last_line + 1)
        self.last_line = block.line
        self.blocks.append(block)

    def table(self, table: lxml.html.HtmlElement, line: int) -> None:
        for caption in table.iter("caption"):
            self.emit(Block("paragraph", flat_text(caption), caption.sourceline or line))
        rows = [[cell_of(cell) for cell in row.xpath("./td|./th")] for row in table.iter("tr")]
        rows = [row for row in rows if row]
        if rows:
            text = "\n".join("\t".join(cell.text for cell in row) for row in rows)
            self.emit(Block("table", text, line, rows=rows))

    def image(self, element: lxml.html.HtmlElement, line: int) -> None:
        src = (element.get("src") or "").strip()
        lazy = (element.get("data-src") or "").strip()
        if lazy and (not src or src.startswith("data:")):
            src = lazy  # WeChat and lazy loaders keep the picture in data-src, a placeholder in src
        if not src:
            return
        address = urlsplit(src)
        if address.scheme in ("http", "https") or src.startswith("//"):
            self.remote.append(line)
            return
        if address.scheme == "data":
            data = data_uri(src)
        elif not address.scheme:
            data = self.local_file(address.path)
        else:
            data = None  # file: on the machine that saved it, a Windows path read as a scheme…
        extension = image_type(data)
        if extension is None:
            self.missing.append(line)
            return
        name = f"image{len(self.images) + 1}{extension}"
        self.images[name] = data
        self.emit(Block("image", normalise(element.get("alt") or element.get("title") or ""), line, image=name))

    def local_file(self, relative: str) -> bytes | None:
        """A file the browser saved beside the page; never one outside its folder."""
        folder = self.folder.resolve()
        file = (folder / unquote(relative)).resolve()
        if not file.is_relative_to(folder) or not file.is_file():
            return None
        return file.read_bytes()

    def problems(self, path: str) -> list[Problem]:
        problems = []
        if self.remote:
            message = f"网页中有 {len(self.remote)} 张图片引用了外部地址，未能保存：请在浏览器中用“另存为—网页，全部”保存后再放入"
            problems.append(Problem(path, self.remote[0], message, "warning"))
        if self.missing:
            message = f"网页中有 {len(self.missing)} 张图片的文件不在网页旁或不是图片，未能保存"
            problems.append(Problem(path, self.missing[0], message, "warning"))
        return problems


def data_uri(src: str) -> bytes | None:
    header, comma, payload = src.partition(",")
    if not comma:
        return None
    if header.endswith(";base64"):
        try:
            return base64.b64decode(payload, validate=False)
        except ValueError:
            return None
    return unquote_to_bytes(payload)


def image_type(data: bytes | None) -> str | None:
    if not data:
        return None
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return ".webp"
    return next((extension for magic, extension in IMAGE_TYPES if data.startswith(magic)), None)


HTML = Reader("网页 (.html)", ("html",), (".html", ".htm"), read_html)

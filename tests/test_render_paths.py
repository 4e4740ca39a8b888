"""Report pages reach MkDocs as HTML rendered from the document model (render.HtmlPage), not as
Markdown. The Markdown that `report-archive build --out` writes, converted by MkDocs itself,
must give the same page: the same article and the same table of contents."""

from __future__ import annotations

import json
import posixpath
import shutil
import subprocess
import sys

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from conftest import ROOT, copy_project, mkdocs_build, mkdocs_env

CORPUS = ROOT.parent / "shared" / "corpus" / "office"
OFFICE = ["docx_table_footnote_image.docx", "redhead.txt", "trad_chinese.txt"]

# Text that means something to Markdown or HTML, placeholders in headings and text, and a title
# set by hand (the document's own title line then stays as a paragraph).
HOSTILE = """关于<b>加强</b>&amp;改进*作风*建设的[情况](javascript:alert(1))报告

XX单位党委：

一、主要做法 # 与 | 竖线 `代码`

（一）坚持 **学习** 制度，每月XX次。

按照<script>alert(1)</script>要求，做到 1. 列表？- 不是 + 列表；[x](y) 与 ![图](z.png)。

二、存在问题

学习的深度还不够，$x$ 与 {#id} 与 \\* 星号。
"""


def canonical(element) -> tuple:
    """An element as a comparable tree: tag, attributes, text and children, without the
    whitespace between elements, which HTML does not show."""
    text = (element.text or "").strip()
    children = tuple((canonical(child), (child.tail or "").strip()) for child in element if isinstance(child.tag, str))
    return element.tag, tuple(sorted(element.attrib.items())), text, children


def page_parts(site, url: str) -> tuple:
    document = lxml.html.fromstring((site / url / "index.html").read_bytes())
    article = document.xpath("//article")[0]
    toc = document.xpath("//nav[contains(@class, 'md-nav--secondary')]")
    return canonical(article), canonical(toc[0]) if toc else None


@pytest.fixture(scope="module")
def both_paths(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("paths"))
    sources = root / "source_reports"
    if CORPUS.is_dir():
        for name in OFFICE:
            shutil.copy(CORPUS / name, sources / name)
    (sources / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (sources / "hostile.yml").write_text("title: 手工改定的<标题> & *星号*\n", encoding="utf-8")

    direct = root / "site"
    result = mkdocs_build(root, direct, strict=False)
    assert result.returncode == 0, result.stderr

    # The Markdown path: what `build --out` writes, built by MkDocs with Material and the same
    # Markdown extensions, no plugin.
    markdown = root / "md"
    subprocess.run([sys.executable, "-m", "builder.cli", "--root", str(root), "build", "--out", str(markdown)], check=True, capture_output=True)
    config = (root / "mkdocs.yml").read_text("utf-8")
    extensions = config[config.index("markdown_extensions:") : config.index("\nnav:")]
    reference = root / "reference"
    reference.mkdir()
    (reference / "mkdocs.yml").write_text(
        f"site_name: 报告库\ndocs_dir: ../md\ntheme:\n  name: material\n  language: zh\n  font: false\nplugins: []\n{extensions}\nnav:\n  - 首页: index.md\n",
        encoding="utf-8",
    )
    converted = root / "site-markdown"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(reference / "mkdocs.yml"), "-d", str(converted)],
                            capture_output=True, text=True, env=mkdocs_env())
    assert result.returncode == 0, result.stderr
    rows = json.loads((direct / "catalog.json").read_text("utf-8"))
    return direct, converted, rows


def test_both_paths_give_the_same_pages(both_paths):
    direct, converted, rows = both_paths
    assert len(rows) >= 6
    for row in rows:
        assert (converted / row["url"] / "index.html").is_file(), row["url"]
    # Report pages, and the listing pages whose tables and lists are rendered straight to HTML.
    pages = sorted(p.parent.relative_to(direct).as_posix() for p in direct.rglob("index.html") if "search-index" not in p.parts)
    compared = [url for url in pages if (converted / url / "index.html").is_file()]
    assert {"years", "units", "types", "tags", "problems", "plans", "stats", "."} <= set(compared)
    assert len(compared) > len(rows) + 20
    for url in compared:
        assert page_parts(direct, url) == page_parts(converted, url), url


def test_the_compared_pages_hold_what_could_differ(both_paths):
    """The comparison above covers headings with ids and permalinks, the card's links, the
    download, placeholders, tables, notes, images and the similar reports."""
    direct, _, rows = both_paths
    pages = "".join((direct / row["url"] / "index.html").read_text("utf-8") for row in rows)
    for needle in ['class="headerlink"', 'id="s1"', 'id="similar"', "<mark class=\"placeholder\">", " download=",
                   "&lt;script&gt;", 'class="report-card"']:
        assert needle in pages, needle
    if CORPUS.is_dir():
        for needle in ["<table>", 'class="report-notes"', "<img "]:
            assert needle in pages, needle
    hostile = next(row for row in rows if row["source"].endswith("hostile.txt"))
    page = (direct / hostile["url"] / "index.html").read_text("utf-8")
    assert "<title>手工改定的&lt;标题&gt; &amp; *星号* - 报告库</title>" in page
    assert lxml.html.fromstring(page).xpath("//article//h1")[0].text_content() == "手工改定的<标题> & *星号*¶"
    assert "<script>alert(1)</script>" not in page


def test_every_page_has_its_own_navigation(both_paths):
    """The sidebar's navigation is rendered once for the pages outside it (theme/main.html):
    on every page its links still lead to the navigation's pages, and only a page in it is
    marked as the current one."""
    direct, _, _ = both_paths
    nav_pages = {"", "years/", "units/", "types/", "tags/", "problems/", "plans/", "stats/", "search/", "guide/", "contributing/", "publishing/"}
    pages = [p for p in direct.rglob("index.html") if "search-index" not in p.parts]
    assert len(pages) > 20
    for file in pages:
        url = file.parent.relative_to(direct).as_posix() + "/" if file.parent != direct else ""
        document = lxml.html.fromstring(file.read_bytes())
        nav = document.xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
        targets = {posixpath.normpath(posixpath.join("/" + url, a.get("href"))).lstrip("/") for a in nav.xpath(".//a[contains(@class, 'md-nav__link')]") if not a.get("href").startswith("#")}
        assert {t.rstrip("/") + "/" if t not in ("", ".") else "" for t in targets} == nav_pages, url
        active = nav.xpath(".//*[contains(@class, 'md-nav__link--active')]")
        assert bool(active) == (url in nav_pages), url


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.sampled_from(["http://127.0.0.1:8000/", "https://intranet.example/archive", "http://h:81/子/", "https://h/a/b/?x=1", "https://h/a#top", ""]),
    path=st.lists(st.text(alphabet="ab子.-_ %#?:", min_size=1, max_size=4), min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".md"),
    directory_urls=st.booleans(),
)
def test_a_rendered_page_has_the_urls_mkdocs_gives_a_page(tmp_path_factory, base, path, directory_urls):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from builder.plugin import RenderedPage

    docs = tmp_path_factory.mktemp("docs")
    config = MkDocsConfig()
    config.load_dict({"site_name": "报告库", "site_url": base or None, "docs_dir": str(docs), "use_directory_urls": directory_urls})
    assert not config.validate()[0]
    file = lambda: File(path, str(docs), str(docs / "site"), directory_urls)
    mkdocs_page, rendered = Page(None, file(), config), RenderedPage(None, file(), config)
    assert (rendered.canonical_url, rendered.abs_url) == (mkdocs_page.canonical_url, mkdocs_page.abs_url)

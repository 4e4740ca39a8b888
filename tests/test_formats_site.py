"""Every format an office keeps, built into the real site: the office documents of the shared
development set (../shared/corpus/office), read by MkDocs with the plugin, as a reader sees them."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build

CORPUS = ROOT.parent / "shared" / "corpus" / "office"
FILES = ["docx_table_footnote_image.docx", "pdf_textlayer.pdf", "pdf_scanned.pdf", "legacy.doc", "wechat_article.html"]
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/office is not beside the project")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("formats"), with_samples=False)
    for name in FILES:
        shutil.copy(CORPUS / name, root / "source_reports" / name)
    site = root / "site"
    result = mkdocs_build(root, site, strict=False)
    assert result.returncode == 0, result.stderr
    rows = {Path(row["source"]).name: row for row in json.loads((site / "catalog.json").read_text("utf-8"))}
    return site, rows, result.stderr


def page(site, rows, name: str) -> str:
    return (site / rows[name]["url"] / "index.html").read_text("utf-8")


def paragraphs(page_html: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", page_html, flags=re.S)]


def truth(name: str) -> dict:
    return next(t for t in json.loads((CORPUS / "truth.json").read_text("utf-8")) if t["file"] == name)


def test_every_format_is_published(site):
    _, rows, _ = site
    assert sorted(rows) == sorted(FILES)


def test_the_table_is_a_table_with_its_merged_header_once(site):
    site, rows, _ = site
    text = page(site, rows, "docx_table_footnote_image.docx")
    tables = re.findall(r"<table>.*?</table>", text, flags=re.S)
    assert len(tables) == 1
    table = tables[0]
    assert table.count("2023年发展党员情况") == 1
    assert re.search(r'<th colspan="\d">2023年发展党员情况</th>', table)
    assert re.search(r'<th rowspan="\d">党支部</th>', table)
    for cell in ("机关第一党支部", "生产一车间党支部", "合计"):
        assert f"<td>{cell}</td>" in table


def test_the_footnote_is_a_footnote_linked_from_its_reference(site):
    site, rows, _ = site
    text = page(site, rows, "docx_table_footnote_image.docx")
    notes = re.search(r'<aside class="report-notes".*?</aside>', text, flags=re.S).group()
    assert "按期转正人数含2022年11月发展" in html.unescape(notes)
    for target in re.findall(r'<sup class="note-ref"><a href="#([^"]+)"', text):
        assert f'id="{target}"' in notes


def test_the_image_is_copied_into_the_site(site):
    site, rows, _ = site
    url = rows["docx_table_footnote_image.docx"]["url"]
    sources = re.findall(r'<img[^>]+src="([^"]+)"', page(site, rows, "docx_table_footnote_image.docx"))
    assert sources
    for src in sources:
        image = (site / url / src).resolve()
        assert image.is_file() and image.read_bytes()[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"GIF8")


def test_pdf_paragraphs_are_whole(site):
    site, rows, _ = site
    found = paragraphs(page(site, rows, "pdf_textlayer.pdf"))
    for sentence in truth("pdf_textlayer.pdf")["keep"]:
        assert any(sentence in p for p in found), sentence


def test_the_scan_is_read_with_a_warning(site):
    site, rows, log = site
    text = "".join(paragraphs(page(site, rows, "pdf_scanned.pdf")))
    assert "审计" in text and len(text) > 500
    assert re.search(r"pdf_scanned\.pdf:\d+: .*OCR", log)


def test_every_page_offers_its_original(site):
    site, rows, _ = site
    for name in FILES:
        link = re.search(r'<a download="([^"]+)" href="([^"]+)"', page(site, rows, name))
        assert link and link.group(1) == name
        assert (site / rows[name]["url"] / link.group(2)).read_bytes() == (CORPUS / name).read_bytes()


def test_the_wechat_page_is_the_article_alone(site):
    site, rows, _ = site
    text = page(site, rows, "wechat_article.html")
    assert rows["wechat_article.html"]["title"] == "某某社区党委2023年上半年党建工作总结"
    for noise in ("点击蓝字关注我们", "往期推荐", "长按识别二维码", "var msg_title"):
        assert noise not in text

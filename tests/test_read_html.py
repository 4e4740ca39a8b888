"""The web page reader: WeChat articles and pages saved from a browser."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from builder.model import InputError
from builder.readers.html import HTML, read_html

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "office"
# The smallest PNG: one transparent pixel.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def page(tmp_path: Path, body: str, head: str = '<meta charset="utf-8">', name: str = "page.html") -> Path:
    file = tmp_path / name
    file.write_text(f"<!DOCTYPE html>\n<html><head>{head}</head>\n<body>\n{body}\n</body></html>\n", "utf-8")
    return file


def texts(source) -> list[str]:
    return [block.text for block in source.blocks]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus/office 不在")
class TestWeChatArticle:
    @pytest.fixture(scope="class")
    @classmethod
    def source(cls):
        return read_html(SHARED / "wechat_article.html", "wechat_article.html")

    @pytest.fixture(scope="class")
    @classmethod
    def truth(cls):
        entries = json.loads((SHARED / "truth.json").read_text("utf-8"))
        return next(entry for entry in entries if entry["file"] == "wechat_article.html")

    def test_meta_line_is_fields_not_body(self, source, truth):
        assert source.document_fields == {"title": truth["title"], "author": "笔杆子公文素材", "date": "2023-07-06 07:30"}
        for meta in ("原创", "笔杆子公文素材", "2023-07-06 07:30", "发表于山东", "分享 收藏 点赞 在看"):
            assert not any(meta in text for text in texts(source)), meta

    def test_spans_rejoined(self, source, truth):
        for keep in truth["keep"]:
            assert any(keep in text for text in texts(source)), keep
        assert "基层治理" in texts(source)[2]

    def test_headings_are_bold_paragraphs(self, source, truth):
        by_text = {block.text: block for block in source.blocks}
        for heading in truth["headings"]:
            assert by_text[heading].kind == "paragraph" and by_text[heading].bold, heading
        assert by_text["一、主要工作情况"].centered and not by_text["（一）规范组织生活，提升组织力"].centered
        title = by_text[truth["title"]]
        assert title.bold and title.centered  # the title repeated at the top of the body

    def test_promotion_is_left_to_cleaning(self, source):
        for promotion in ("点击蓝字关注我们", "- END -", "往期推荐", "扫码关注"):
            assert promotion in texts(source)

    def test_no_script(self, source):
        assert not any("msg_title" in text or "var " in text for text in texts(source))

    def test_remote_images_warned_once(self, source):
        assert source.images == {}
        [problem] = source.problems
        assert problem.severity == "warning" and "2 张图片引用了外部地址" in problem.message

    def test_lines_are_the_page_lines_and_grow(self, source):
        lines = [block.line for block in source.blocks]
        assert lines == sorted(set(lines))
        assert source.blocks[0].line == 19  # 点击蓝字关注我们 stands on line 19 of the page
        assert source.encoding == "html (utf-8)"


GENERIC = """
<header class="site"><h1>某某市人民政府</h1><p>网站首页 | 政务公开</p></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻</a></li></ul></nav>
<div class="layout">
<aside class="sidebar"><h3>热点推荐</h3><p>这是侧栏里的一段很长的推荐文字，不属于文章。</p></aside>
<article>
<header><h1>某某局2023年工作总结</h1><p class="byline">发布时间：2023-12-30 来源：某某局</p></header>
<p>2023年，我局坚持稳中求进<span>工作总基调</span>，各项工作取得新成效。</p>
<h2>一、主要工作</h2>
<p style="display:none">隐藏的文字</p>
<script>document.write("脚本文字")</script>
<!-- 注释文字 -->
<form><label>搜索</label><input name="q"></form>
<p>完成年度<a href="/x">目标任务</a>。</p>
<footer>分享到：微博 微信</footer>
</article>
</div>
<footer class="site">版权所有 某某市人民政府</footer>
"""


def test_generic_page_gives_the_article_alone(tmp_path):
    source = read_html(
        page(tmp_path, GENERIC, '<meta charset="utf-8"><title>某某局2023年工作总结 - 某某市人民政府</title>'), "page.html"
    )
    assert texts(source) == [
        "某某局2023年工作总结",
        "2023年，我局坚持稳中求进工作总基调，各项工作取得新成效。",
        "一、主要工作",
        "完成年度目标任务。",
    ]
    assert [(block.kind, block.level) for block in source.blocks[:3]] == [("title", 0), ("paragraph", 0), ("heading", 3)]
    assert source.document_fields == {"title": "某某局2023年工作总结 - 某某市人民政府"}
    assert source.problems == []


def test_og_title_and_government_meta(tmp_path):
    head = (
        '<meta charset="utf-8"><title>站点 - 文章</title><meta property="og:title" content="文章标题">'
        '<meta name="PubDate" content="2023-07-06 10:00"><meta name="ContentSource" content="某某局">'
    )
    source = read_html(page(tmp_path, "<p>正文。</p>", head), "page.html")
    assert source.document_fields == {"title": "文章标题", "date": "2023-07-06 10:00", "author": "某某局"}


def test_densest_element_without_article_markup(tmp_path):
    body = """
<div class="menu"><p><a href="/a">机构设置</a></p><p><a href="/b">政策文件</a></p><p><a href="/c">办事服务</a></p></div>
<div class="main"><div class="title">某某单位工作总结</div>
<div id="zoom"><p>第一段正文，讲述全年工作的总体情况和主要成效。</p><p>第二段正文，讲述存在的问题和不足之处。</p>
<p>第三段正文，讲述下一步工作打算和具体措施。</p></div></div>
<div class="links">友情链接：<a href="/d">某某网</a></div>
"""
    source = read_html(page(tmp_path, body), "page.html")
    assert texts(source) == [
        "第一段正文，讲述全年工作的总体情况和主要成效。",
        "第二段正文，讲述存在的问题和不足之处。",
        "第三段正文，讲述下一步工作打算和具体措施。",
    ]


def test_table_with_spans(tmp_path):
    body = """<article><p>统计如下：</p><table><caption>表1 完成情况</caption>
<tr><th rowspan="2">单位</th><th colspan="2">完成</th></tr>
<tr><th>数量</th><th>比例</th></tr>
<tr><td>机关<br>支部</td><td>12</td><td>80%</td></tr></table></article>"""
    source = read_html(page(tmp_path, body), "page.html")
    assert texts(source)[:2] == ["统计如下：", "表1 完成情况"]
    table = source.blocks[2]
    assert table.kind == "table"
    assert [[(cell.text, cell.colspan, cell.rowspan) for cell in row] for row in table.rows] == [
        [("单位", 1, 2), ("完成", 2, 1)],
        [("数量", 1, 1), ("比例", 1, 1)],
        [("机关支部", 1, 1), ("12", 1, 1), ("80%", 1, 1)],
    ]
    assert table.text == "单位\t完成\n数量\t比例\n机关支部\t12\t80%"


def test_layout_table_is_read_as_text(tmp_path):
    long = "这是一段很长的正文。" * 40
    body = f"<table><tr><td>栏目</td><td><p>{long}</p><p>第二段。</p></td></tr></table>"
    source = read_html(page(tmp_path, body), "page.html")
    assert [block.kind for block in source.blocks] == ["paragraph", "paragraph"]
    assert texts(source) == [long, "第二段。"]


def test_gbk_page_with_meta_charset(tmp_path):
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    html = f"<html><head>{head}</head><body><p>王喆同志2023年述职报告</p></body></html>"
    file = tmp_path / "gbk.html"
    file.write_bytes(html.encode("gbk"))  # 喆 is in GBK, not GB 2312: pages say gb2312 all the same
    source = read_html(file, "gbk.html")
    assert texts(source) == ["王喆同志2023年述职报告"]
    assert source.encoding == "html (gb2312)"


def test_page_without_charset_is_detected(tmp_path):
    file = tmp_path / "plain.html"
    file.write_bytes(
        "<html><body><p>某某社区党委二〇二三年上半年党建工作总结，现将有关情况报告如下。</p></body></html>".encode("gb18030")
    )
    assert texts(read_html(file, "plain.html")) == ["某某社区党委二〇二三年上半年党建工作总结，现将有关情况报告如下。"]


def test_data_uri_image_kept(tmp_path):
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    source = read_html(page(tmp_path, f'<p>正文</p><p><img src="{uri}" alt="图1 活动照片"></p>'), "page.html")
    image = source.blocks[1]
    assert (image.kind, image.text) == ("image", "图1 活动照片")
    assert source.images == {image.image: PNG} and image.image.endswith(".png")
    assert source.problems == []


def test_saved_image_beside_page_kept_and_outside_refused(tmp_path):
    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True)
    (folder / "page_files" / "图 1.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)  # not the page's: a page must not publish it
    body = '<p>正文</p><img src="page_files/%E5%9B%BE%201.png"><img src="../secret.png">'
    source = read_html(page(folder, body), "saved/page.html")
    assert list(source.images.values()) == [PNG]
    [problem] = source.problems
    assert "1 张图片的文件不在网页旁" in problem.message


def test_remote_images_counted_in_one_warning(tmp_path):
    body = '<p>正文</p><img src="https://example.com/a.jpg"><img src="//example.com/b.jpg"><img src="data:image/svg+xml,x" data-src="https://mmbiz.qpic.cn/c">'
    source = read_html(page(tmp_path, body), "page.html")
    assert texts(source) == ["正文"]
    [problem] = source.problems
    assert problem.severity == "warning" and "3 张图片引用了外部地址" in problem.message
    assert problem.line == 4  # the page's first line of body


def test_inline_pieces_and_line_breaks(tmp_path):
    body = """<div>第一行<span>接着</span><b>写</b><br>第二行&nbsp;&nbsp;保留空格
的换行
</div><p><strong>（一）</strong><strong>加粗的标题</strong></p><p style="text-align:center">English words stay apart</p>"""
    source = read_html(page(tmp_path, body), "page.html")
    assert texts(source) == ["第一行接着写", "第二行  保留空格的换行", "（一）加粗的标题", "English words stay apart"]
    assert [(block.bold, block.centered) for block in source.blocks] == [
        (False, False),
        (False, False),
        (True, False),
        (False, True),
    ]
    assert [block.line for block in source.blocks] == [4, 5, 6, 7]  # lines of the page, grown past shared ones


def test_numbered_list(tmp_path):
    source = read_html(
        page(tmp_path, '<article><ol start="2"><li>抓好学习</li><li>抓好教育</li></ol><ul><li>要点</li></ul></article>'),
        "page.html",
    )
    assert texts(source) == ["2.抓好学习", "3.抓好教育", "要点"]


def test_page_without_text_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="没有找到正文"):
        read_html(page(tmp_path, '<div id="app"></div><script>render()</script>'), "app.html")


def test_page_saved_as_txt_is_sniffed_as_html(tmp_path):
    from builder.read import sniff

    file = page(tmp_path, "<p>另存为文本的网页。</p>", name="saved.txt")
    assert sniff(file) == "html"
    assert texts(read_html(file, "saved.txt")) == ["另存为文本的网页。"]
    assert HTML.missing() is None


def test_frameset_is_an_input_error(tmp_path):
    file = tmp_path / "frames.html"
    file.write_text('<html><frameset><frame src="a.html"></frameset></html>', "utf-8")
    with pytest.raises(InputError, match="没有找到正文"):
        read_html(file, "frames.html")


def test_wechat_page_saved_before_its_scripts_ran(tmp_path):
    """As the server sends it: the body hidden until a script shows it, the time only in a script."""
    body = """<h1 class="rich_media_title" id="activity-name">  某某支部工作总结 </h1>
<div id="meta_content"><em id="publish_time"></em></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;"><p><span>正文第</span><span>一段。</span></p></div>
<script>var ct = "1688599800";</script>"""
    source = read_html(page(tmp_path, body), "wechat.html")
    assert texts(source) == ["正文第一段。"]
    assert source.document_fields == {"title": "某某支部工作总结", "date": "2023-07-06 07:30"}

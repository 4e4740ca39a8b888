"""The search index's files, read back the way the browser reads them (see builder/search.py
for the format): every key must give exactly the reports holding it."""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from builder import search
from builder.search import SearchRecord, key_hash, read_varint, tokens, update_index, write_index


def read_numbers(kind: int, payload: bytes, report_count: int) -> tuple[list[int], int]:
    """The report numbers of a set's payload, and where its rank bytes start."""
    if kind == search.BITMAP:
        return [n for n in range(report_count) if payload[n >> 3] >> (n & 7) & 1], (report_count + 7) // 8
    assert kind == search.GAPS
    return read_gaps(payload, 0)


def read_gaps(payload: bytes, p: int) -> tuple[list[int], int]:
    """Numbers written as their count, then the gaps (the first: number + 1); and where they end."""
    count, p = read_varint(payload, p)
    numbers, number = [], -1
    for _ in range(count):
        gap, p = read_varint(payload, p)
        assert gap > 0
        number += gap
        numbers.append(number)
    return numbers, p


def file_entries(data: bytes):
    """The entries of a key or phrase file: (key, kind, payload), in file order."""
    at = 0
    while at < len(data):
        length, at = read_varint(data, at)
        key = data[at : at + length].decode("utf-8")
        at += length
        kind = data[at]
        length, at = read_varint(data, at + 1)
        yield key, kind, data[at : at + length]
        at += length


def read_keys(data: bytes, report_count: int) -> dict[str, tuple[int, dict[int, int]]]:
    """A key file as key -> (kind, report number -> rank byte)."""
    return {key: (kind, read_ranked(kind, payload, report_count)) for key, kind, payload in file_entries(data)}


def read_ranked(kind: int, payload: bytes, report_count: int) -> dict[int, int]:
    """A set's payload with rank bytes as report number -> rank byte."""
    numbers, p = read_numbers(kind, payload, report_count)
    ranks = payload[p:]
    assert len(ranks) == len(numbers)
    return dict(zip(numbers, ranks))


def read_index(site: Path) -> tuple[dict, dict[str, tuple[int, dict[str, int]]]]:
    """The meta and every key: key -> (kind, report url -> rank byte), over all blocks."""
    index = site / search.INDEX_DIR
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    folder = index / meta["folder"]
    keys: dict[str, tuple[int, dict[str, int]]] = {}
    for block, (report_count, buckets, _) in enumerate(meta["blocks"]):
        urls = [row[0] for chunk in range(-(-report_count // meta["chunk"])) for row in json.loads(gzip.decompress((folder / "reports" / str(block) / f"{chunk}.gz").read_bytes()))]
        assert len(urls) == report_count
        seen = set()
        for bucket in range(buckets):
            data = gzip.decompress((folder / "keys" / str(block) / f"{bucket}.gz").read_bytes())
            for key, (kind, ranks) in read_keys(data, report_count).items():
                assert key_hash(key) % buckets == bucket, f"{key} is in the wrong file"
                assert key not in seen, f"{key} twice"
                seen.add(key)
                _, all_ranks = keys.setdefault(key, (kind, {}))
                all_ranks.update((urls[n], rank) for n, rank in ranks.items())
    assert sum(block[0] for block in meta["blocks"]) == meta["reports"]
    return meta, keys


def records(count: int, seed: int = 1) -> list[SearchRecord]:
    """Reports of random text: a few characters in most, many in few."""
    rng = random.Random(seed)
    common, rare = "党建工作主题教育", [chr(0x4E00 + i) for i in range(400)]
    result = []
    for n in range(count):
        words = ["".join(rng.choices(common, k=4)) for _ in range(6)] + ["".join(rng.choices(rare, k=3))]
        text = f"报告{n}\n" + "，".join(words) + f"。ＡＢ{n % 7}"
        year = str(2015 + n % 3)
        result.append(SearchRecord(f"reports/r{n}/", f"报告{n}", text, {"年度": [year]}, {"year": year, "unit": "局", "type": "述职报告"}))
    return result


@pytest.fixture
def small_buckets(monkeypatch):
    monkeypatch.setattr(search, "BUCKET_BYTES", 256)


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(search, "BLOCK_UNIT", 10)


def test_every_key_gives_exactly_the_reports_holding_it(tmp_path, small_buckets, small_blocks):
    given = records(300)
    write_index(given, tmp_path)

    meta, keys = read_index(tmp_path)

    assert meta["reports"] == 300 and len(meta["blocks"]) == 4 and all(buckets > 1 for _, buckets, _ in meta["blocks"])
    want: dict[str, set[str]] = {}
    for record in given:
        for key in tokens(record.text):
            want.setdefault(key, set()).add(record.url)
    assert {key: set(ranks) for key, (_, ranks) in keys.items()} == want
    # Both ways of writing a key's reports were taken, each where it is the shorter.
    kinds = {kind for kind, _ in keys.values()}
    assert kinds == {search.BITMAP, search.GAPS}
    assert keys["党"][0] == search.BITMAP and keys[given[0].text.split("，")[-1][:2]][0] == search.GAPS


def test_blocks_are_newest_first_within_and_say_each_report_s_year(tmp_path, small_blocks):
    given = records(100)
    write_index(given, tmp_path)
    folder = index_folder(tmp_path)
    meta = json.loads((tmp_path / search.INDEX_DIR / "meta.json").read_text())
    order = {r.url: n for n, r in enumerate(given)}
    years = list(gzip.decompress((folder / "years.gz").read_bytes()))
    assert len(years) == len(given)
    for block, (count, _, _) in enumerate(meta["blocks"]):
        rows = [row for chunk in range(-(-count // meta["chunk"])) for row in json.loads(gzip.decompress((folder / "reports" / str(block) / f"{chunk}.gz").read_bytes()))]
        numbers = [order[row[0]] for row in rows]
        assert numbers == sorted(numbers)
        # The years file holds the blocks one after the other.
        assert [1900 + y for y in years[:count]] == [int(row[2]) for row in rows]
        years = years[count:]


def test_tokens_are_characters_and_bigrams_within_runs():
    assert tokens("主题教育") == {"主", "题", "教", "育", "主题", "题教", "教育"}
    assert "题教" not in tokens("主题，教育")
    # NFKC and lower case, as the browser turns a query: full-width letters and digits too.
    assert tokens("ＡＢ１") == {"a", "b", "1", "ab", "b1"}


def test_key_hash_is_fnv_1a():
    # Reference values of 32-bit FNV-1a (the browser computes the same in search.js).
    assert key_hash("") == 0x811C9DC5
    assert key_hash("a") == 0xE40C292C
    assert key_hash("foobar") == 0xBF9CF968


def index_folder(site: Path) -> Path:
    index = site / search.INDEX_DIR
    return index / json.loads((index / "meta.json").read_text())["folder"]


def test_reports_keep_their_numbers_and_texts(tmp_path):
    given = records(250)
    given[3].sections = [(len(given[3].title) + 1, "s1")]
    write_index(given, tmp_path)
    folder = index_folder(tmp_path)

    for number in (0, 3, 99, 100, 249):
        record = given[number]
        stored = json.loads(gzip.decompress((folder / search.text_path(record.url)).read_bytes()))
        assert stored == {"text": record.text, "sections": [list(s) for s in record.sections]}
    chunks = -(-250 // search.REPORTS_PER_CHUNK)
    rows = [row for chunk in range(chunks) for row in json.loads(gzip.decompress((folder / "reports" / "0" / f"{chunk}.gz").read_bytes()))]
    assert rows == [[r.url, r.title, r.meta["year"], "局", "述职报告"] for r in given]
    assert not (folder / "reports" / "0" / f"{chunks}.gz").exists()
    filters = json.loads(gzip.decompress((folder / "filters.gz").read_bytes()))
    assert filters == [["年度", [["2015", 84], ["2016", 83], ["2017", 83]]]]


def test_facets_give_each_report_s_filter_values(tmp_path, small_blocks):
    given = records(100)
    for n, record in enumerate(given):
        record.filters["标签"] = [["乙", "甲"], [], ["丙"]][n % 3]
        record.filters["单位"] = [f"单位{n}"]  # as many values as reports: numbers, not bitmaps
    write_index(given, tmp_path)
    folder = index_folder(tmp_path)
    meta = json.loads((tmp_path / search.INDEX_DIR / "meta.json").read_text())
    filters = json.loads(gzip.decompress((folder / "filters.gz").read_bytes()))
    assert [name for name, _ in filters] == ["单位", "年度", "标签"]
    data = gzip.decompress((folder / "facets.gz").read_bytes())
    rows = [row for block, (count, _, _) in enumerate(meta["blocks"]) for chunk in range(-(-count // meta["chunk"])) for row in json.loads(gzip.decompress((folder / "reports" / str(block) / f"{chunk}.gz").read_bytes()))]
    by_url = {r.url: r for r in given}
    at, kinds = 0, set()
    for name, values in filters:
        kind = data[at]
        length, at = read_varint(data, at + 1)
        payload, at = data[at : at + length], at + length
        kinds.add(kind)
        if kind == search.BITMAPS:
            width = (len(rows) + 7) // 8
            assert len(payload) == width * len(values)
            held = [[n for n in range(len(values)) if payload[n * width + report // 8] >> (report % 8) & 1] for report in range(len(rows))]
        else:
            assert kind == search.NUMBERS
            p, counts, held = 0, [], []
            for _ in rows:
                count, p = read_varint(payload, p)
                counts.append(count)
            for count in counts:
                numbers = []
                for _ in range(count):
                    number, p = read_varint(payload, p)
                    numbers.append(number)
                held.append(numbers)
            assert p == len(payload)
        for row, numbers in zip(rows, held):
            assert sorted(values[n][0] for n in numbers) == sorted(by_url[row[0]].filters.get(name, []))
    assert at == len(data)
    assert kinds == {search.NUMBERS, search.BITMAPS}
    for name, values in filters:
        assert dict(values) == Counter(v for r in given for v in r.filters.get(name, []))


def test_traditional_and_simplified_characters_give_the_same_tokens_at_the_same_offsets():
    for traditional, simplified in [("領導權", "领导权"), ("居委會", "居委会"), ("堅持黨的領導", "坚持党的领导")]:
        assert tokens(traditional) == tokens(simplified)
        assert len(search.fold(traditional)) == len(traditional)
    # Width and case fold as before.
    assert search.fold("ＡＢ領") == "ab领"
    # Every fold is one character to one character.
    assert all(len(s) == 1 for s in search.fold_table().values())


def test_the_fold_table_maps_the_traditional_characters_of_what_the_archive_holds(tmp_path):
    given = [SearchRecord("reports/a/", "甲", "甲\n领导权", {}, {}), SearchRecord("reports/b/", "乙", "乙\n居委會", {}, {})]
    write_index(given, tmp_path)
    pairs = json.loads((tmp_path / search.INDEX_DIR / "meta.json").read_text(encoding="utf-8"))["fold"]
    table = dict(zip(pairs[::2], pairs[1::2]))
    # A traditional query finds the simplified text, and the reverse (會 was folded at index time).
    assert table["領"] == "领" and table["導"] == "导" and table["權"] == "权" and table["會"] == "会"
    # No pair whose simplified character no report holds: it could find nothing.
    assert set(table.values()) <= set("甲领导权乙居委会")


def test_rank_bytes_say_title_heading_and_frequency(tmp_path):
    body = "总结报告\n一、基本情况\n" + "情况说明。" * 3 + "其他内容" * 50
    given = [
        SearchRecord("reports/a/", "情况报告", "情况报告\n" + body, {}, {}, [(len("情况报告\n总结报告\n"), "s1")]),
        SearchRecord("reports/b/", "总结", "总结\n" + "情况" + "其他内容" * 200, {}, {}),
    ]
    write_index(given, tmp_path)
    _, keys = read_index(tmp_path)

    in_title, in_heading, frequency = search.IN_TITLE, search.IN_HEADING, search.FREQUENCY_CLASSES
    a, b = keys["情况"][1]["reports/a/"], keys["情况"][1]["reports/b/"]
    assert a & in_title and a & in_heading
    assert not b & in_title and not b & in_heading
    assert (a & frequency) > (b & frequency) > 0  # more often, in a shorter text
    assert keys["报告"][1]["reports/a/"] & in_title and not keys["报告"][1]["reports/a/"] & in_heading
    assert keys["基本"][1]["reports/a/"] & in_heading and not keys["基本"][1]["reports/a/"] & in_title


def index_files(site: Path) -> dict[str, bytes]:
    index = site / search.INDEX_DIR
    return {str(f.relative_to(index)): f.read_bytes() for f in sorted(index.rglob("*")) if f.is_file()}


def edited(record: SearchRecord, **changes) -> SearchRecord:
    return SearchRecord(**{**record.__dict__, **changes})


def test_an_update_gives_the_bytes_of_a_full_write_for_an_edit_an_addition_and_a_deletion(tmp_path, small_buckets, small_blocks):
    given = records(240)
    state = write_index(given, tmp_path / "site")
    text_file = tmp_path / "site" / search.INDEX_DIR / state.folder / search.text_path(given[0].url)
    untouched = text_file.stat().st_mtime_ns, text_file.stat().st_ino

    steps = []
    edit = list(given)
    edit[120] = edited(given[120], text=given[120].text + "又一句，領導權", title="改过的标题")
    steps.append(edit)
    addition = list(edit)
    addition.insert(57, edited(records(1, seed=5)[0], url="reports/new/", title="新的报告"))
    steps.append(addition)
    # Two new reports at once in one block, both holding words that no other report holds:
    # new keys, each with two reports.
    blocks = search.block_count(len(addition) + 2)
    urls = [f"reports/pair-{n}/" for n in range(64) if search.key_hash(f"reports/pair-{n}/") % blocks == 0][:2]
    pair = list(addition)
    for at, url in zip((3, 150), urls):
        pair.insert(at, edited(records(1, seed=at)[0], url=url, title="成对的报告", text="鲲鹏展翅，扶摇直上\n" + records(1, seed=at)[0].text))
    steps.append(pair)
    deletion = [r for n, r in enumerate(addition) if n != 200]
    steps.append(deletion)
    steps.append(deletion[:-1])  # the last report, and with it a chunk of report rows
    # Only a report's year and filter values: its text and tokens stay.
    refiled = list(deletion[:-1])
    refiled[10] = edited(refiled[10], filters={"年度": ["2019"], "单位": ["新单位"]}, meta={**refiled[10].meta, "year": "2019"})
    steps.append(refiled)
    # A long report: its phrase block has more phrase files than the others of its block for
    # a while (a file then holds the same bucket of those others as another file).
    long_text = "长篇\n" + "".join(records(200, seed=7)[n].text for n in range(200))
    steps.append(refiled + [edited(refiled[3], url="reports/long/", title="长篇", text=long_text)])
    steps.append(refiled)

    counts = []
    for number, step in enumerate(steps):
        state = update_index(step, tmp_path / "site", state)
        counts.append([[len(digests) for digests in block.phrase_digests] for block in state.blocks])
        write_index(step, tmp_path / f"full-{number}")
        assert index_files(tmp_path / "site") == index_files(tmp_path / f"full-{number}"), f"step {number}"
    grown = [n for n, block in enumerate(counts[-2]) if block != counts[-1][n]]
    assert len(grown) == 1 and len(set(counts[-2][grown[0]])) > 1 and max(counts[-2][grown[0]]) > max(counts[-1][grown[0]])
    # Files of reports that did not change are left as they were.
    moved = tmp_path / "site" / search.INDEX_DIR / state.folder / search.text_path(given[0].url)
    assert (moved.stat().st_mtime_ns, moved.stat().st_ino) == untouched


def test_an_edit_rewrites_files_of_its_block_only_and_of_its_phrases_those_that_changed(tmp_path, small_buckets, small_blocks):
    given = records(240)
    state = write_index(given, tmp_path / "site")
    folder = tmp_path / "site" / search.INDEX_DIR / state.folder

    def stamps(pattern: str) -> dict[str, int]:
        return {str(f.relative_to(folder)): f.stat().st_mtime_ns for f in folder.rglob(pattern)}

    keys_before, phrases_before = stamps("keys/*/*.gz"), stamps("phrases/*/*.bin")
    edit = list(given)
    # A phrase no report holds: a few phrase keys change, and the rank bytes of others.
    edit[100] = edited(given[100], text=given[100].text + "又一句乙丙丁")
    state = update_index(edit, tmp_path / "site", state)
    folder = tmp_path / "site" / search.INDEX_DIR / state.folder
    keys_after, phrases_after = stamps("keys/*/*.gz"), stamps("phrases/*/*.bin")
    block = str(key_hash(given[100].url) % len(state.blocks))
    assert len(state.blocks) == 4
    assert {path.split("/")[1] for path in keys_after if keys_after[path] != keys_before.get(path)} == {block}
    rewritten = [path for path in phrases_after if phrases_after[path] != phrases_before.get(path)]
    in_block = [path for path in phrases_after if path.split("/")[1] == block]
    assert rewritten and {path.split("/")[1] for path in rewritten} == {block}
    assert len(rewritten) < len(in_block) / 2, (len(rewritten), len(in_block))
    write_index(edit, tmp_path / "full")
    assert index_files(tmp_path / "site") == index_files(tmp_path / "full")


def test_an_update_that_reorders_the_reports_that_stay_writes_the_index_whole(tmp_path):
    given = records(30)
    state = write_index(given, tmp_path / "site")
    reordered = given[::-1]
    update_index(reordered, tmp_path / "site", state)
    write_index(reordered, tmp_path / "full")
    assert index_files(tmp_path / "site") == index_files(tmp_path / "full")


def test_the_same_reports_give_the_same_files_and_another_text_another_folder(tmp_path):
    def build(site: Path, given: list[SearchRecord]) -> tuple[str, dict[str, bytes]]:
        write_index(given, site)
        index = site / search.INDEX_DIR
        files = {str(f.relative_to(index)): f.read_bytes() for f in sorted(index.rglob("*")) if f.is_file()}
        return json.loads((index / "meta.json").read_text())["folder"], files

    first, second = build(tmp_path / "a", records(50)), build(tmp_path / "b", records(50))
    assert first == second
    changed = records(50)
    changed[7].text += "又一句"
    assert build(tmp_path / "c", changed)[0] != first[0]


def test_a_rebuild_leaves_only_the_new_index(tmp_path):
    write_index(records(20), tmp_path)
    write_index(records(20, seed=2), tmp_path)
    index = tmp_path / search.INDEX_DIR
    meta = json.loads((index / "meta.json").read_text())
    assert sorted(p.name for p in index.iterdir()) == sorted(["meta.json", meta["folder"]])


def test_an_empty_archive_has_an_empty_index(tmp_path):
    write_index([], tmp_path)
    meta, keys = read_index(tmp_path)
    assert meta["reports"] == 0 and keys == {} and meta["blocks"] == [[0, 1, [1] * search.PHRASE_SPLIT]]


def read_phrases(site: Path) -> tuple[dict, list[list[str]], list[dict[str, tuple[int, object]]]]:
    """Each phrase block's report urls and phrase keys: key -> (kind, content), content being
    report number -> rank byte for a set, and [(report, following characters, rank)] for a leaf."""
    index = site / search.INDEX_DIR
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    folder = index / meta["folder"]
    parts = list(gzip.decompress((folder / "parts.gz").read_bytes()))
    urls, blocks = [], []
    for block, (report_count, _, part_buckets) in enumerate(meta["blocks"]):
        block_urls = [row[0] for chunk in range(-(-report_count // meta["chunk"])) for row in json.loads(gzip.decompress((folder / "reports" / str(block) / f"{chunk}.gz").read_bytes()))]
        block_parts, parts = parts[:report_count], parts[report_count:]
        assert len(part_buckets) == meta["parts"]
        for part, buckets in enumerate(part_buckets):
            urls.append([url for url, p in zip(block_urls, block_parts) if p == part])
            assert all(search.part_of(url) == part for url in urls[-1])
            keys: dict[str, tuple[int, object]] = {}
            files = max(part_buckets)
            assert len(list((folder / "phrases" / str(block)).iterdir())) == files
            for bucket in range(buckets):
                # Each file holds the phrase block's bucket `file % buckets`: the same in all.
                copies = {search.phrase_members((folder / "phrases" / str(block) / f"{file}.bin").read_bytes())[part] for file in range(bucket, files, buckets)}
                assert len(copies) == 1
                data = gzip.decompress(copies.pop())
                for key, kind, payload in file_entries(data):
                    assert key_hash(key[:3]) % buckets == bucket, f"{key} is in the wrong file"
                    assert key not in keys, f"{key} twice"
                    if kind == search.LEAF:
                        keys[key] = (kind, read_leaf(payload))
                    elif kind & search.NO_RANKS:
                        assert len(key) > 3, "the sets of three characters have rank bytes"
                        numbers, p = read_numbers(kind & ~search.NO_RANKS, payload, len(urls[-1]))
                        assert p == len(payload)
                        keys[key] = (kind, dict.fromkeys(numbers))
                    else:
                        keys[key] = (kind, read_ranked(kind, payload, len(urls[-1])))
            blocks.append(keys)
    return meta, urls, blocks


def read_leaf(payload: bytes) -> list[tuple[int, str, int]]:
    items, p = [], 0
    groups, p = read_varint(payload, 0)
    for _ in range(groups):
        size, p = read_varint(payload, p)
        following = ""
        for _ in range(size):
            code, p = read_varint(payload, p)
            following += chr(code)
        reports, p = read_gaps(payload, p)
        items += [(report, following, rank) for report, rank in zip(reports, payload[p : p + len(reports)])]
        p += len(reports)
    assert p == len(payload)
    return items


def phrase_reports(keys: dict, needle: str, depth: int) -> tuple[set[int], bool]:
    """The reports of a block holding `needle` (3 or more characters) as the browser finds them
    (search.js phraseHolders), and whether that is decided."""
    found = [j for j in range(3, min(len(needle), depth) + 1) if needle[:j] in keys]
    if not found:
        return set(), True
    j = found[-1]
    kind, content = keys[needle[:j]]
    rest = needle[j:]
    if kind == search.LEAF:
        if len(needle) <= depth:
            return {report for report, following, _ in content if following.startswith(rest)}, True
        return {report for report, following, _ in content if rest.startswith(following)}, False
    if j == len(needle):
        return set(content), True
    return (set(), True) if j < depth else (set(content), False)


@pytest.mark.parametrize("leaf_occurrences", [1, 4, 1000])
def test_phrase_keys_give_exactly_the_reports_holding_a_phrase(tmp_path, small_blocks, monkeypatch, leaf_occurrences):
    monkeypatch.setattr(search, "LEAF_OCCURRENCES", leaf_occurrences)
    given = records(120)
    write_index(given, tmp_path)
    meta, urls, blocks = read_phrases(tmp_path)
    depth = meta["depth"]
    assert depth == search.PHRASE_DEPTH and len(blocks) == 2 * search.PHRASE_SPLIT
    texts = {r.url: search.joined_runs(r.text) for r in given}
    rng = random.Random(7)
    # Phrases found in the texts (across runs too), and made-up ones mostly found nowhere.
    phrases = set()
    for text in texts.values():
        for _ in range(20):
            start, length = rng.randrange(len(text)), rng.randint(3, depth + 2)
            phrase = text[start : start + length]
            if len(phrase) >= 3 and phrase[0] != "\n" and phrase[-1] != "\n":
                phrases.add(phrase)
    phrases |= {"".join(rng.choices("党建工作主题教育", k=rng.randint(3, depth))) for _ in range(300)}
    kinds = Counter(kind for keys in blocks for kind, _ in keys.values())
    if leaf_occurrences == 4:  # both kinds of phrase key
        assert kinds[search.LEAF] > 0 and kinds[search.GAPS] + kinds[search.BITMAP] > 0
    for phrase in sorted(phrases):
        want = {url for url, text in texts.items() if phrase in text}
        got, decided = set(), True
        for block, keys in enumerate(blocks):
            numbers, exact = phrase_reports(keys, phrase, depth)
            got |= {urls[block][n] for n in numbers}
            decided &= exact
        if len(phrase) <= depth:
            assert decided and got == want, phrase
        else:
            assert got >= want, phrase  # longer: candidates, checked in the text


def test_keys_worked_out_a_few_at_a_time_give_the_same_index(tmp_path, monkeypatch, small_blocks):
    # Phrase keys by groups of first characters, key entries by ranges of keys: what bounds
    # the memory of a block at 100,000 reports must not change a byte.
    given = records(120)
    write_index(given, tmp_path / "whole")
    monkeypatch.setattr(search, "PHRASE_OCCURRENCES", 200)
    monkeypatch.setattr(search, "POSTINGS_AT_ONCE", 7)
    write_index(given, tmp_path / "pieces")
    assert index_files(tmp_path / "pieces") == index_files(tmp_path / "whole")
    assert len(index_files(tmp_path / "whole")) > 50


def test_the_phrase_keys_fast_stable_sort_orders_as_numpy_s_stable_sort(tmp_path, monkeypatch, small_blocks):
    rng = np.random.default_rng(7)
    # Few bits: many equal values, whose order must stay; 62 bits leave no room for the
    # places, and the sort falls back to numpy's.
    for bits in (1, 5, 20, 40, 62):
        values = rng.integers(0, 1 << bits, 5000)
        assert np.array_equal(search.stable_order(values, bits), np.argsort(values, kind="stable")), bits
    given = records(120)
    write_index(given, tmp_path / "fast")
    monkeypatch.setattr(search, "stable_order", lambda values, bits: np.argsort(values, kind="stable"))
    write_index(given, tmp_path / "plain")
    assert index_files(tmp_path / "fast") == index_files(tmp_path / "plain")

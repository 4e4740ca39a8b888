"""The search index's files, read back the way the browser reads them (see builder/search.py
for the format): every key must give exactly the reports holding it."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from builder import search
from builder.search import SearchRecord, filter_key, key_hash, tokens, write_index


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def read_keys(data: bytes, report_count: int) -> dict[str, tuple[int, set[int]]]:
    """A key file as key -> (kind, report numbers)."""
    entries = {}
    at = 0
    while at < len(data):
        length, at = read_varint(data, at)
        key = data[at : at + length].decode("utf-8")
        at += length
        kind = data[at]
        length, at = read_varint(data, at + 1)
        payload = data[at : at + length]
        at += length
        if kind == search.BITMAP:
            assert len(payload) == (report_count + 7) // 8
            numbers = {n for n in range(report_count) if payload[n >> 3] >> (n & 7) & 1}
        else:
            assert kind == search.GAPS
            numbers, number, p = set(), -1, 0
            while p < len(payload):
                gap, p = read_varint(payload, p)
                assert gap > 0
                number += gap
                numbers.add(number)
        entries[key] = (kind, numbers)
    return entries


def read_index(site: Path) -> tuple[dict, dict[str, tuple[int, set[int]]]]:
    index = site / search.INDEX_DIR
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    keys = {}
    for bucket in range(meta["buckets"]):
        data = gzip.decompress((index / meta["folder"] / "keys" / f"{bucket}.gz").read_bytes())
        for key, entry in read_keys(data, meta["reports"]).items():
            assert key_hash(key) % meta["buckets"] == bucket, f"{key} is in the wrong file"
            assert key not in keys, f"{key} twice"
            keys[key] = entry
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


def test_every_key_gives_exactly_the_reports_holding_it(tmp_path, small_buckets):
    given = records(300)
    write_index(given, tmp_path)

    meta, keys = read_index(tmp_path)

    assert meta["reports"] == 300 and meta["buckets"] > 1
    want: dict[str, set[int]] = {}
    for number, record in enumerate(given):
        for key in tokens(record.text) | {filter_key("年度", record.filters["年度"][0])}:
            want.setdefault(key, set()).add(number)
    assert {key: numbers for key, (_, numbers) in keys.items()} == want
    # Both ways of writing a key's reports were taken, each where it is the shorter.
    kinds = {kind for kind, _ in keys.values()}
    assert kinds == {search.BITMAP, search.GAPS}
    assert keys["党"][0] == search.BITMAP and keys[given[0].text.split("，")[-1][:2]][0] == search.GAPS


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


def test_reports_keep_their_numbers_and_texts(tmp_path):
    given = records(250)
    write_index(given, tmp_path)
    folder = tmp_path / search.INDEX_DIR / json.loads((tmp_path / search.INDEX_DIR / "meta.json").read_text())["folder"]

    for number in (0, 99, 100, 249):
        chunk = json.loads(gzip.decompress((folder / "reports" / f"{number // 100}.gz").read_bytes()))
        record = given[number]
        assert chunk[number % 100] == [record.url, record.title, record.meta["year"], "局", "述职报告"]
        assert gzip.decompress((folder / "text" / f"{number}.gz").read_bytes()).decode("utf-8") == record.text
    filters = json.loads(gzip.decompress((folder / "filters.gz").read_bytes()))
    assert filters == {"年度": {"2015": 84, "2016": 83, "2017": 83}}


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
    assert meta["reports"] == 0 and keys == {}

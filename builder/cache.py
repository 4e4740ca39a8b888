"""The build cache: each report's result, kept by the hash of everything it depends on.

A rebuild after adding or editing one report reads, cleans, parses, describes and renders
that report only; the others come from here. The key covers the source file and its sidecar,
its path, the cleaning and 保密审查 rules, the vocabulary and the builder's version, so a change to any of
them redoes exactly the reports it can change. Beside the reports it keeps what the steps
over the whole archive reuse from one build to the next: the lists of similar reports
(similar.py) and the pinyin of the names the index pages sort by (facets.py). One SQLite
file, like Pelican's cache.py keeps one pickle: no server, safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Iterable

from . import __version__
from .model import Block, Report

# Bump when the model or a stage changes what it produces: the cache is then started again.
SCHEMA = 15
CACHE_FILE = "reports.sqlite"
BLOCK_FIELDS = tuple(f.name for f in fields(Block))
# The summaries the last build of this process loaded, by cache folder and key.
LOADED: dict[Path, dict[str, Report]] = {}
KEYS: dict[tuple, str] = {}  # what report_key worked out in this process, by what it saw
RACY_NS = 2_000_000_000


def report_key(file: str, display_path: str, sidecar: str | None, settings: str) -> str:
    # A build of this process that sees the file and its sidecar as they were (size and time
    # of change, to the nanosecond) takes their key from the one before, as git's index does:
    # under `mkdocs serve`, reading 200 MB at 10,000 reports for each save is most of a second.
    side = None
    if sidecar is not None:
        try:
            found = os.stat(sidecar)
            side = (found.st_size, found.st_mtime_ns)
        except FileNotFoundError:  # gone since the folder was listed
            pass
    stat = os.stat(file)
    seen = (file, stat.st_size, stat.st_mtime_ns, side, display_path, settings)
    if seen in KEYS:
        return KEYS[seen]
    key = content_key(file, display_path, sidecar if side else None, settings)
    # A file changed in the last seconds may change again within the clock's step (a few
    # milliseconds) and look the same: its key is not kept ("racily clean" in git's terms).
    if time.time_ns() - max(stat.st_mtime_ns, side[1] if side else 0) > RACY_NS:
        KEYS[seen] = key
    return key


def content_key(file: str, display_path: str, sidecar: str | None, settings: str) -> str:
    # Every cold build hashes every source (200 MB at 10,000 reports). SHA-256 rather than BLAKE2b:
    # on processors with SHA extensions (x86 since about 2017, ARMv8), which OpenSSL uses,
    # it takes 0.1 s for those 200 MB where BLAKE2b takes 0.17 s.
    digest = hashlib.sha256()
    for part in (f"{SCHEMA}\0{__version__}\0{settings}\0{display_path}\0".encode(), Path(file).read_bytes()):
        digest.update(part)
    if sidecar is not None:
        digest.update(b"\0sidecar\0" + Path(sidecar).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """What is kept of a report: its summary, and its blocks, packed."""

    summary: Report  # without blocks, and without the document as read
    body: bytes

    def report(self, with_blocks: bool) -> Report:
        """The report as a build holds it: the summary, with its blocks if asked for (as
        `ReportCache.summaries` and `ReportCache.body` give a cached one)."""
        return replace(self.summary, blocks=unpack_blocks(self.body)) if with_blocks else self.summary


def entry(report: Report) -> Entry:
    # The document as read is large and only `add` and `inspect` look at it, in the file
    # itself: the cache keeps the parsed blocks, which every later stage works from.
    summary = replace(report, blocks=[], source=replace(report.source, blocks=[], images={}))
    return Entry(summary, pickle.dumps([tuple(getattr(b, name) for name in BLOCK_FIELDS) for b in report.blocks], protocol=5))


def unpack_blocks(body: bytes) -> list[Block]:
    # Kept as tuples: they load in half the time of dataclass instances.
    return [Block(*block) for block in pickle.loads(body)]


# Up to this many summaries not yet loaded are looked up by key; more, by reading the table.
FEW_MISSING = 500


class ReportCache:
    """Reports and their rendered pages by key; `None` as folder means no caching.

    A report is kept in two parts: its summary (metadata, problems: small) and its body
    (blocks: large), so that a build that needs the bodies of changed reports only
    does not load ten thousand of them.
    """

    def __init__(self, folder: Path | None):
        self.db = None
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(folder / CACHE_FILE)
            (version,) = self.db.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA:  # made by another version of the builder: start again
                self.db.execute("DROP TABLE IF EXISTS reports")
                self.db.execute("DROP TABLE IF EXISTS similar")
                self.db.execute("DROP TABLE IF EXISTS pinyin")
                self.db.execute(f"PRAGMA user_version = {SCHEMA}")
            self.db.execute("CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, summary BLOB, body BLOB)")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS similar (id TEXT PRIMARY KEY, signature BLOB, neighbours TEXT, settings TEXT)"
            )
            self.db.execute("CREATE TABLE IF NOT EXISTS pinyin (name TEXT PRIMARY KEY, syllables TEXT)")
        self.used: set[str] = set()

    def summaries(self, keys: Iterable[str]) -> dict[str, Report]:
        """The cached reports of those `keys` that are in the cache, without their blocks (see `body`)."""
        if self.db is None:
            return {}
        wanted = set(keys)
        loaded = LOADED.setdefault(self.folder, {})
        found = {key: loaded[key] for key in wanted & loaded.keys()}
        missing = wanted - found.keys()
        if len(missing) > FEW_MISSING:
            # One query for all: the table holds little besides them (see `close`).
            rows = self.db.execute("SELECT key, summary FROM reports")
            found.update((key, pickle.loads(summary)) for key, summary in rows if key in missing)
        elif missing:  # a rebuild under `mkdocs serve` after a save: not the whole table (0.3 s at 10,000)
            marks = ",".join("?" * len(missing))
            rows = self.db.execute(f"SELECT key, summary FROM reports WHERE key IN ({marks})", sorted(missing))
            found.update((key, pickle.loads(summary)) for key, summary in rows)
        # For the next build in this process (`mkdocs serve`): a key names one content, so the
        # summary loaded for it stays right; only the archive's current ones are kept.
        LOADED[self.folder] = found
        self.used.update(found)
        return found

    def put(self, key: str, entry: Entry) -> None:
        """Keep a report, as `entry` gives it (see `entry`)."""
        if self.db is not None:
            self.db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?)", (key, pickle.dumps(entry.summary, protocol=5), entry.body))
            self.used.add(key)
            # For the next build in this process, as `summaries` keeps what it loads: after a
            # cold first build, `mkdocs serve` would otherwise load them all on the first save.
            LOADED.setdefault(self.folder, {})[key] = entry.summary

    def body(self, key: str) -> list[Block]:
        """The blocks of a cached report."""
        (body,) = self.db.execute("SELECT body FROM reports WHERE key = ?", (key,)).fetchone()
        return unpack_blocks(body)

    def similar_lists(self, settings: str) -> dict[str, tuple[bytes, list[tuple[str, float]]]]:
        """The lists of similar reports of the last build, with the signatures they came from,
        if it made them with the same `settings`."""
        if self.db is None:
            return {}
        rows = self.db.execute("SELECT id, signature, neighbours FROM similar WHERE settings = ?", (settings,))
        return {i: (signature, [tuple(n) for n in json.loads(neighbours)]) for i, signature, neighbours in rows}

    def put_similar_lists(
        self,
        lists: dict[str, list[tuple[str, float]]],
        signatures: dict[str, bytes],
        settings: str,
        previous: dict[str, tuple[bytes, list[tuple[str, float]]]],
    ) -> None:
        """Store the lists; only those that differ from `previous` are written."""
        if self.db is None:
            return
        if not previous:  # nothing reusable: lists of other settings, or none
            self.db.execute("DELETE FROM similar")
        self.db.executemany("DELETE FROM similar WHERE id = ?", ((i,) for i in previous.keys() - lists.keys()))
        changed = (i for i in lists if previous.get(i) != (signatures[i], lists[i]))
        self.db.executemany(
            "INSERT OR REPLACE INTO similar VALUES (?, ?, ?, ?)",
            ((i, signatures[i], json.dumps(lists[i]), settings) for i in changed),
        )

    def pinyin(self) -> dict[str, tuple[str, ...]]:
        """The pinyin of the names of earlier builds (see facets.NAME_PINYIN)."""
        if self.db is None:
            return {}
        return {name: tuple(json.loads(syllables)) for name, syllables in self.db.execute("SELECT name, syllables FROM pinyin")}

    def put_pinyin(self, found: dict[str, tuple[str, ...]]) -> None:
        if self.db is None:
            return
        self.db.executemany("INSERT OR REPLACE INTO pinyin VALUES (?, ?)", ((name, json.dumps(s)) for name, s in found.items()))

    def close(self, prune: bool = True) -> None:
        """Commit; with `prune`, forget the entries not used since opening (files gone or changed)."""
        if self.db is None:
            return
        if prune:
            self.db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
            self.db.executemany("INSERT INTO used VALUES (?)", ((key,) for key in self.used))
            self.db.execute("DELETE FROM reports WHERE key NOT IN (SELECT key FROM used)")
        self.db.commit()
        self.db.close()
        self.db = None

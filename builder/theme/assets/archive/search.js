// Exact Chinese substring search over the index the builder writes (builder/search.py).
//
// A phrase is looked for as its needle: its folded runs of letters and digits joined by line
// breaks (query.js folds as the builder does: NFKC, lower case, 繁 -> 简). The index gives,
// block by block (builder/search.py spreads the reports over blocks), the reports holding:
// a needle of one or two characters (its token key) and a needle of 3 to meta.depth characters
// (its phrase keys). Combining them as the query says (space: all, |: either, -: not) gives
// exactly the reports holding the query, and the count at once; the filters are applied from
// each report's values (facets.gz), which also give the count of each value among the results.
// A longer needle is looked for as its first and last meta.depth characters, and each of
// those candidates is kept only if its text really holds the query, checked in the order
// shown.
//
// Order (相关度, the default): a report's score is the sum over the query's terms of its best
// alternative's: 8 if in the title, 4 if in a heading, plus the frequency class / 16 (the
// index's rank bytes; a frequent phrase of 4 to 6 characters ranks as its first three; for a
// longer needle looked for as two, a fact holds if it holds for both, and the frequency is
// the lower). With two wanted terms or more, the results of each page are then reordered
// among themselves by how close together the terms stand in their texts (`closeness`). Ties,
// and 最新 (&sort=new): newest first — by year, then as the index numbers them (its blocks,
// newest first within each).

import { chars, fetchBytes, fetchRaw, holds, indexFile, loadFold, loadMeta, locate, parseQuery, places, unpack, utf8, wantedNeedles } from "./query.js";

// Where the first search's time goes, as User Timing marks (benchmarks/run.py reads them):
// "search:module" when this module runs, "search:meta" when the index's description is in,
// "search:lookup" when the results are known (their rows still to come).
performance.mark("search:module");

const SITE_ROOT = new URL("../../", import.meta.url);
const PAGE_SIZE = 10;
const YEAR = "年度";
const FILTERS = [YEAR, "单位", "类型", "标签"];

// A year filter as a range [from, to]: "2019-2023", "2019-", "-2023" or "2023"; null for
// another value (未注明), which is a filter value like any other.
function yearRange(value) {
  const single = /^(\d{4})$/.exec(value ?? "");
  if (single) return [Number(single[1]), Number(single[1])];
  const match = /^(\d{4})?-(\d{4})?$/.exec(value ?? "");
  if (!match || !(match[1] || match[2])) return null;
  return [Number(match[1] ?? 0), Number(match[2] ?? 9999)];
}
// A filter with more values than this is typed into (a list that narrows), not picked from a menu.
const MENU_LIMIT = 12;
const EXCERPT_LENGTH = 60;
const EXCERPTS = 3; // per result
const CHECK_LIMIT = 100; // candidates checked at most per page of results
const GAPS = 0; // the two ways the index writes a key's reports (builder/search.py)
const BITMAP = 1;
const LEAF = 2;
const NO_RANKS = 4;
const IN_TITLE = 0x80;
const IN_HEADING = 0x40;
const FREQUENCY = 0x3f;

// --- Index --------------------------------------------------------------------------------

function readVarint(bytes, at) {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at.i++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
}

// A key file as key -> {kind, payload}.
function parseKeys(bytes) {
  const entries = new Map();
  const at = { i: 0 };
  while (at.i < bytes.length) {
    const keyLength = readVarint(bytes, at);
    const key = utf8.decode(bytes.subarray(at.i, at.i + keyLength));
    at.i += keyLength;
    const kind = bytes[at.i++];
    const length = readVarint(bytes, at);
    entries.set(key, { kind, payload: bytes.subarray(at.i, at.i + length) });
    at.i += length;
  }
  return entries;
}

// FNV-1a of the key's UTF-8 bytes, as builder/search.py computes it.
const encoder = new TextEncoder();
function keyHash(key) {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

// An entry of a set (GAPS or BITMAP, NO_RANKS added when it has no rank bytes) as a bitmap
// of the block's `reports` and each one's rank byte (0 without rank bytes).
function decodeSet(entry, reports, key) {
  const bits = new Uint8Array(Math.ceil(reports / 8));
  const ranks = new Uint8Array(reports);
  if (!entry) return { bits, ranks };
  const numbers = [];
  let at = { i: 0 };
  const kind = entry.kind & ~NO_RANKS;
  if (kind === GAPS) {
    const count = readVarint(entry.payload, at);
    for (let k = 0, report = -1; k < count; k++) numbers.push((report += readVarint(entry.payload, at)));
  } else if (kind === BITMAP) {
    for (let report = 0; report < reports; report++) if (entry.payload[report >> 3] & (1 << (report & 7))) numbers.push(report);
    at = { i: bits.length };
  } else throw new Error(`search index: key ${key} of unknown kind ${entry.kind}`);
  const ranked = !(entry.kind & NO_RANKS);
  numbers.forEach((report, k) => {
    bits[report >> 3] |= 1 << (report & 7);
    if (ranked) ranks[report] = entry.payload[at.i + k];
  });
  return { bits, ranks };
}

// The reports of block `block` holding the token `key`: a bitmap of the block's reports, and
// each one's rank byte.
async function holders(meta, block, key) {
  const [reports, buckets] = meta.blocks[block];
  const entry = (await indexFile(meta, `keys/${block}/${keyHash(key) & (buckets - 1)}.gz`, parseKeys)).get(key);
  return decodeSet(entry, reports, key);
}

// A phrase file (builder/search.py phrase_file): each phrase block's gzip data after its
// length, as one key file each.
function parsePhraseFile(bytes) {
  const members = [];
  const at = { i: 0 };
  while (at.i < bytes.length) {
    const length = readVarint(bytes, at);
    members.push(bytes.subarray(at.i, (at.i += length)));
  }
  return Promise.all(members.map(async (member) => parseKeys(await unpack(member))));
}

// Each block's report numbers by phrase block (parts.gz: the phrase block of each report,
// a byte each, block after block).
const partNumbers = (meta) =>
  indexFile(meta, "parts.gz", (all) => {
    let start = 0;
    return meta.blocks.map(([reports]) => {
      const numbers = Array.from({ length: meta.parts }, () => []);
      for (let n = 0; n < reports; n++) numbers[all[start + n]].push(n);
      start += reports;
      return numbers;
    });
  });

// The reports of block `block` holding the phrase `cs` (3 to meta.depth characters of a
// needle), from the phrase keys of its phrase blocks (builder/search.py phrase_entries): the
// longest of the phrase's prefixes that is a key decides. A set is the answer when it is the
// whole phrase; a set shorter than the phrase means no report holds it (every continuation of
// a frequent key is a key); a leaf says what follows it in which reports.
async function phraseSet(meta, block, cs) {
  const reports = meta.blocks[block][0];
  const bits = new Uint8Array(Math.ceil(reports / 8));
  const ranks = new Uint8Array(reports);
  const add = (report, rank) => {
    bits[report >> 3] |= 1 << (report & 7);
    // In the title or a heading if one of its places is; the frequency of the most frequent.
    ranks[report] = ((ranks[report] | rank) & ~FREQUENCY) | Math.max(ranks[report] & FREQUENCY, rank & FREQUENCY);
  };
  const head = cs.slice(0, 3).join("");
  // The file of the most buckets holds, for a phrase block of fewer, its bucket of the head too.
  const bucket = keyHash(head) & (Math.max(...meta.blocks[block][2]) - 1);
  const [numbers, parts] = await Promise.all([partNumbers(meta), indexFile(meta, `phrases/${block}/${bucket}.bin`, parsePhraseFile, fetchRaw)]);
  parts.forEach((entries, part) => {
    const local = numbers[block][part]; // the block's number of each report of the phrase block
    let length = Math.min(cs.length, meta.depth);
    while (length >= 3 && !entries.has(cs.slice(0, length).join(""))) length--;
    const key = cs.slice(0, length).join("");
    const entry = entries.get(key);
    if (!entry || (entry.kind !== LEAF && length < cs.length)) return;
    if (entry.kind !== LEAF) {
      const found = decodeSet(entry, local.length, key);
      // A longer phrase's set has no rank bytes: it ranks as its first three characters.
      const ranked = entry.kind & NO_RANKS ? decodeSet(entries.get(head), local.length, head) : found;
      local.forEach((report, n) => has(found.bits, n) && add(report, ranked.ranks[n]));
      return;
    }
    const rest = cs.slice(length).join("");
    const at = { i: 0 };
    for (let groups = readVarint(entry.payload, at); groups > 0; groups--) {
      let following = "";
      for (let size = readVarint(entry.payload, at); size > 0; size--) following += String.fromCodePoint(readVarint(entry.payload, at));
      const count = readVarint(entry.payload, at);
      const held = [];
      for (let k = 0, report = -1; k < count; k++) held.push((report += readVarint(entry.payload, at)));
      if (following.startsWith(rest)) held.forEach((n, k) => add(local[n], entry.payload[at.i + k]));
      at.i += count;
    }
  });
  return { bits, ranks };
}

const and = (a, b) => a.map((byte, i) => byte & b[i]);
const or = (a, b) => a.map((byte, i) => byte | b[i]);
const without = (a, b) => a.map((byte, i) => byte & ~b[i]);
const has = (bits, report) => (bits[report >> 3] & (1 << (report & 7))) !== 0;

// Whether the index alone decides which reports hold the phrase: a needle (its runs joined
// by line breaks) of up to meta.depth characters.
const decided = (meta, alternative) => chars(alternative.needle).length <= meta.depth;

// The lists whose reports all hold the phrase, and only they when it is decided: its token
// (one or two characters), its phrase keys (up to meta.depth), or for a longer one those of
// its first meta.depth characters and of the last meta.depth that start with a letter or
// digit, whose reports are then checked in the text.
function phraseLists(meta, block, alternative) {
  const cs = chars(alternative.needle);
  if (cs.length <= 2) return [holders(meta, block, alternative.needle)];
  if (cs.length <= meta.depth) return [phraseSet(meta, block, cs)];
  let last = cs.length - meta.depth;
  while (cs[last] === "\n") last--;
  return [phraseSet(meta, block, cs.slice(0, meta.depth)), phraseSet(meta, block, cs.slice(last, last + meta.depth))];
}

// A phrase's reports in a block (bitmap; candidates if it is not decided) and, for each
// report, its score (0 where it is none).
async function phraseHolders(meta, block, alternative) {
  const lists = await Promise.all(phraseLists(meta, block, alternative));
  const bits = lists.slice(1).reduce((all, list) => and(all, list.bits), lists[0].bits);
  const scores = new Float64Array(meta.blocks[block][0]);
  for (let report = 0; report < scores.length; report++) {
    if (!has(bits, report)) continue;
    let flags = IN_TITLE | IN_HEADING;
    let frequency = FREQUENCY;
    for (const list of lists) {
      flags &= list.ranks[report];
      frequency = Math.min(frequency, list.ranks[report] & FREQUENCY);
    }
    scores[report] = (flags & IN_TITLE ? 8 : 0) + (flags & IN_HEADING ? 4 : 0) + frequency / 16;
  }
  return { bits, scores };
}

// A block's candidates for the query: [{block, number, score}], and whether they are
// exactly the reports holding the query.
async function blockCandidates(meta, block, terms) {
  const reports = meta.blocks[block][0];
  let bits = new Uint8Array(Math.ceil(reports / 8));
  for (let report = 0; report < reports; report++) bits[report >> 3] |= 1 << (report & 7);
  const total = new Float64Array(reports);
  let exact = true;
  // All the terms' lists at once: their files are fetched together.
  const perTerm = await Promise.all(terms.map((term) => Promise.all(term.alternatives.map((a) => phraseHolders(meta, block, a)))));
  terms.forEach((term, t) => {
    const found = perTerm[t];
    if (term.negative) {
      // Only the phrases whose token is the phrase can be left out here; the others in the text.
      term.alternatives.forEach((a, i) => {
        if (decided(meta, a)) bits = without(bits, found[i].bits);
        else exact = false;
      });
      return;
    }
    if (!term.alternatives.every((a) => decided(meta, a))) exact = false;
    bits = and(bits, found.map((f) => f.bits).reduce(or));
    for (let report = 0; report < reports; report++) {
      let best = 0; // the best alternative's score (0 where none holds it)
      for (const f of found) best = Math.max(best, f.scores[report]);
      total[report] += best;
    }
  });
  const found = [];
  for (let report = 0; report < reports; report++) if (has(bits, report)) found.push({ block, number: report, score: total[report] });
  return { found, exact };
}

const parseJson = (bytes) => JSON.parse(utf8.decode(bytes));

// The filters (filters.gz: [[name, [[value, reports], ...]], ...]) and each report's values
// (facets.gz, builder/search.py facets_file), the reports of the blocks one after the other
// (report n of block b is starts[b] + n): for each filter, the value numbers of report g are
// held[offsets[g]] ... held[offsets[g + 1] - 1]. Typed arrays, not an array per report and
// filter: 40,000 small arrays at 10,000 reports took 20-30 ms to make.
const NUMBERS = 0;
let facetsPromise = null;
function loadFacets(meta) {
  facetsPromise ??= Promise.all([indexFile(meta, "filters.gz", parseJson), indexFile(meta, "facets.gz", (bytes) => bytes)]).then(
    ([filters, bytes]) => {
      const reports = meta.blocks.reduce((sum, [count]) => sum + count, 0);
      const at = { i: 0 };
      const facets = filters.map(([, values]) => {
        const kind = bytes[at.i++];
        const end = readVarint(bytes, at) + at.i;
        const offsets = new Int32Array(reports + 1);
        let held;
        if (kind === NUMBERS) {
          for (let report = 0; report < reports; report++) offsets[report + 1] = offsets[report] + readVarint(bytes, at);
          held = new Int32Array(offsets[reports]);
          for (let k = 0; k < held.length; k++) held[k] = readVarint(bytes, at);
        } else {
          // A bitmap per value: its set bits, a byte at a time.
          const width = Math.ceil(reports / 8);
          const holders = (value, visit) => {
            for (let byte = 0, base = at.i + value * width; byte < width; byte++) {
              for (let bits = bytes[base + byte]; bits; bits &= bits - 1) visit(byte * 8 + 31 - Math.clz32(bits & -bits));
            }
          };
          values.forEach((_, value) => holders(value, (report) => offsets[report + 1]++));
          for (let report = 0; report < reports; report++) offsets[report + 1] += offsets[report];
          held = new Int32Array(offsets[reports]);
          const next = offsets.slice(0, reports);
          values.forEach((_, value) => holders(value, (report) => (held[next[report]++] = value)));
        }
        at.i = end;
        return { offsets, held };
      });
      let start = 0;
      return { filters, facets, starts: meta.blocks.map(([count]) => (start += count) - count) };
    },
  );
  return facetsPromise;
}

// All candidates, in the order asked for: by score (unless 最新), then newest first — by
// year, then block, then number (newest first within a block). With them `counts()`: for
// each filter, how many of them have each value among those that the other filters keep
// (faceted counts).
async function candidates(meta, terms, filters, sort) {
  const blocks = meta.blocks.map((_, block) => block);
  // The reports' filter values (facets.gz, the index's largest file) are needed first only
  // when a filter is chosen; then they are asked for first, as they would otherwise wait
  // behind the keys for one of the browser's six connections. Without a filter the first
  // results do without them, and `counts()` reads them after the first page: at 10,000
  // reports that brought the first result some 40 ms earlier (benchmarks/RESULTS.md).
  const filtering = Object.keys(filters).length > 0;
  const [chosen, all, perBlock] = await Promise.all([
    filtering ? loadFacets(meta) : null,
    indexFile(meta, "years.gz", (bytes) => bytes),
    Promise.all(blocks.map((block) => blockCandidates(meta, block, terms))),
  ]);
  // The years file holds the blocks one after the other.
  let start = 0;
  const years = meta.blocks.map(([reports]) => all.subarray(start, (start += reports)));
  const tests = Object.entries(filters).map(([name, value]) => {
    const range = name === YEAR ? yearRange(value) : null;
    if (range) {
      const [from, to] = range.map((year) => year - 1900); // the years file's bytes (builder/search.py year_byte)
      return [name, ({ block, number }) => years[block][number] > 0 && years[block][number] >= from && years[block][number] <= to];
    }
    const { filters: lists, facets, starts } = chosen;
    const filter = lists.findIndex(([n]) => n === name);
    const wanted = filter < 0 ? -1 : lists[filter][1].findIndex(([v]) => v === value);
    if (wanted < 0) return [name, () => false];
    const { offsets, held } = facets[filter];
    return [name, ({ block, number }) => held.subarray(offsets[starts[block] + number], offsets[starts[block] + number + 1]).includes(wanted)];
  });
  const kept = (report, except) => tests.every(([name, test]) => name === except || test(report));
  const unfiltered = perBlock.flatMap((b) => b.found);
  const counts = async () => {
    const { filters: lists, facets, starts } = await loadFacets(meta);
    const perFilter = {};
    lists.forEach(([name, values], filter) => {
      const per = new Array(values.length).fill(0);
      const { offsets, held } = facets[filter];
      for (const report of unfiltered) {
        if (!kept(report, name)) continue;
        const g = starts[report.block] + report.number;
        for (let k = offsets[g]; k < offsets[g + 1]; k++) per[held[k]]++;
      }
      perFilter[name] = Object.fromEntries(values.map(([value], n) => [value, per[n]]));
    });
    return perFilter;
  };
  const found = unfiltered.filter((report) => kept(report, null));
  return { numbers: ordered(found, years, sort), exact: perBlock.every((b) => b.exact), counts };
}

// The reports found, in the order asked for, sorted as numbers: a typed array sorts natively,
// where a comparator took 10-20 ms for the 10,000 results of a common phrase. A report's key
// holds, from its highest bits: its score in sixteenths, negated (unless 最新; every score
// is a whole number of sixteenths, see `phraseHolders`), its year byte, negated, and its
// place in `found`, which is by block, then number.
const PLACES = 2 ** 24;
const SCORES = 2 ** 16;
function ordered(found, years, sort) {
  if (found.length >= PLACES) throw new Error(`search: ${found.length} results are more than can be ordered`);
  const keys = new Float64Array(found.length);
  found.forEach(({ block, number, score }, place) => {
    const rank = sort === "new" ? 0 : SCORES - 1 - Math.min(SCORES - 1, Math.round(score * 16));
    keys[place] = (rank * 256 + 255 - years[block][number]) * PLACES + place;
  });
  return Array.from(keys.sort(), (key) => found[key % PLACES]);
}

// A report (`block`, `number`): its row — address, title, year, unit and type — and then its
// text (title, line break, body) with where its sections start. Without its text a report can
// be neither checked nor left out: a failed download is an error, not a guess.
async function loadRow(meta, { block, number }) {
  const rows = await indexFile(meta, `reports/${block}/${Math.floor(number / meta.chunk)}.gz`, parseJson);
  const [url, title, year, unit, type] = rows[number % meta.chunk];
  return { path: url, url: new URL(url, SITE_ROOT).href, title, facts: [year, unit, type] };
}

async function loadReport(meta, row) {
  const { text, sections } = parseJson(await fetchText(meta, (await row).path));
  return { ...(await row), text, sections };
}

// Where builder/search.py's text_path puts a report's text.
const fetchText = (meta, url) => fetchBytes(new URL(`text/${url.replace(/^\/+|\/+$/g, "")}.gz`, meta.folder));

// The filters with how many reports of the archive have each value: name -> value -> count.
// (filters.gz alone: the empty search page does without the facets.)
const loadFilters = async (meta) =>
  Object.fromEntries((await indexFile(meta, "filters.gz", parseJson)).map(([name, values]) => [name, Object.fromEntries(values)]));

// --- Excerpts -----------------------------------------------------------------------------

// Segments [{text, mark}] of the characters cs[start, end), with the matches in it marked.
function segments(cs, start, end, matches) {
  const out = [];
  const plain = (from, to) => {
    // The text's line breaks (after the title, between paragraphs) read as spaces.
    if (to > from) out.push({ text: cs.slice(from, to).join("").replace(/\s+/g, " "), mark: false });
  };
  let at = start;
  for (const [s, e] of matches) {
    if (s < at || e > end) continue;
    plain(at, s);
    out.push({ text: cs.slice(s, e).join(""), mark: true });
    at = e;
  }
  plain(at, end);
  return out;
}

// Up to EXCERPTS excerpts of the body around its matches, each with the id of the section
// it is in (the nearest heading above it).
function excerpts(report, needles, table) {
  const { chars: cs, matches } = locate(report.text, needles, table);
  const titleEnd = chars(report.title).length;
  const inBody = matches.filter(([s]) => s > titleEnd);
  const found = [];
  let after = 0;
  for (const [s, e] of inBody) {
    if (found.length === EXCERPTS) break;
    if (s < after) continue;
    let start = Math.max(titleEnd + 1, s - Math.floor((EXCERPT_LENGTH - (e - s)) / 3));
    const end = Math.min(cs.length, start + Math.max(EXCERPT_LENGTH, e - s));
    start = Math.max(titleEnd + 1, Math.min(start, end - EXCERPT_LENGTH));
    const section = report.sections.filter(([offset]) => offset <= s).pop();
    const parts = segments(cs, start, end, inBody);
    if (start > titleEnd + 1) parts.unshift({ text: "…", mark: false });
    if (end < cs.length) parts.push({ text: "…", mark: false });
    found.push({ parts, anchor: section?.[1] ?? "" });
    after = end;
  }
  if (found.length === 0) {
    // Found in the title only (or a left-out term): the start of the body.
    const end = Math.min(cs.length, titleEnd + 1 + EXCERPT_LENGTH);
    found.push({ parts: [...segments(cs, titleEnd + 1, end, []), ...(end < cs.length ? [{ text: "…", mark: false }] : [])], anchor: "" });
  }
  return found;
}

// --- Closeness ----------------------------------------------------------------------------

// Points for a query's terms standing close together in a report: CLOSE_POINTS when the
// shortest stretch of its text holding each wanted term once has at most CLOSE_GAP other
// characters, PARAGRAPH_POINTS when that stretch is one paragraph, 0 otherwise (or for fewer
// than two wanted terms). The index has no positions: the text tells, and the results of a
// page are reordered by it among themselves (their texts are fetched for the excerpts anyway).
const CLOSE_GAP = 10;
const CLOSE_POINTS = 4;
const PARAGRAPH_POINTS = 2;
function closeness(text, terms, table) {
  const wanted = terms.filter((term) => !term.negative);
  if (wanted.length < 2) return 0;
  const { chars: cs, groups } = places(text, wanted.map((term) => term.alternatives.map((a) => a.needle)), table);
  // Every place of every term, earliest first; the last place of each term seen so far.
  const all = groups.flatMap((found, term) => found.map(([start, end]) => ({ start, end, term }))).sort((a, b) => a.start - b.start);
  const last = new Array(wanted.length).fill(null);
  let best = null;
  for (const place of all) {
    last[place.term] = place;
    if (last.includes(null)) continue;
    const start = Math.min(...last.map((p) => p.start));
    const end = Math.max(...last.map((p) => p.end));
    const gap = Math.max(0, end - start - last.reduce((sum, p) => sum + p.end - p.start, 0));
    if (!best || gap < best.gap) best = { gap, start, end };
  }
  if (!best) return 0;
  if (best.gap <= CLOSE_GAP) return CLOSE_POINTS;
  return cs.slice(best.start, best.end).includes("\n") ? 0 : PARAGRAPH_POINTS;
}

// --- Page ---------------------------------------------------------------------------------

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const sortSelect = document.getElementById("search-sort");
const filtersBox = document.getElementById("search-filters");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.createElement("button");
more.type = "button";
more.className = "archive-search__more";
more.textContent = "加载更多";
more.hidden = true;
list.after(more);

const controls = new Map(); // filter name -> its <select> or <input>
const countLabels = []; // [{name, value, set(count)}]: where the filters say how many have a value
let shownCounts = null; // [counts, exact] of the search shown: name -> value -> reports
let current = null; // the search being shown
let generation = 0; // bumps on every new search; stale work checks it and stops

function readUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return { query: params.get("q") ?? "", filters, sort: params.get("sort") === "new" ? "new" : "" };
}

function writeUrl(query, filters, sort) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const name of FILTERS) if (filters[name]) params.set(name, filters[name]);
  if (sort) params.set("sort", sort);
  const search = params.toString();
  const url = location.pathname + (search ? "?" + search : "") + location.hash;
  if (url !== location.pathname + location.search + location.hash) {
    history.pushState(null, "", url);
  }
}

function selectedFilters() {
  if (controls.size === 0) return readUrl().filters; // the filters are not there yet
  const filters = {};
  for (const [name, control] of controls) if (control.value.trim()) filters[name] = control.value.trim();
  return filters;
}

function setState(state) {
  list.dataset.state = state;
  list.setAttribute("aria-busy", state === "loading" ? "true" : "false");
  if (state !== "loading") fillLists();
}

// One collator each, not localeCompare: that makes a collator per comparison (some 20,000 to
// sort the units of 10,000 reports). Made when first needed, after the first results: the
// first Chinese collator loads its tables, 30-50 ms that held up the search when made as the
// module started.
let collators = null;
function sortValues(name, values) {
  collators ??= { byName: new Intl.Collator("zh").compare, byYear: new Intl.Collator("zh", { numeric: true }).compare };
  const entries = Object.entries(values);
  if (name === "年度") return entries.sort(([a], [b]) => collators.byYear(b, a));
  return entries.sort(([a], [b]) => collators.byName(a, b));
}

// Each value of a filter says how many reports have it: in the archive, or among the results
// of the search shown (see `candidates`); "≤" while those are candidates still to check.
function counted(name, value, count, set) {
  countLabels.push({ name, value, set });
  set(String(count));
}

function showCounts(counts, exact) {
  shownCounts = [counts, exact];
  for (const { name, value, set } of countLabels) set(`${exact ? "" : "≤"}${counts[name]?.[value] ?? 0}`);
}

// The filters and their values: a menu for a few values, a field that offers the values
// matching what is typed (its list) for many.
function renderFilters(available, wanted) {
  filtersBox.replaceChildren();
  controls.clear();
  countLabels.length = 0;
  unfilledLists.length = 0;
  for (const name of FILTERS) {
    const values = { ...(available[name] ?? {}) };
    if (wanted[name] && !(wanted[name] in values)) values[wanted[name]] = 0;
    if (Object.keys(values).length === 0) continue;

    if (name === YEAR) {
      const range = yearControl(values, wanted[name] ?? "");
      filtersBox.append(range.element);
      controls.set(name, range);
      continue;
    }
    const label = document.createElement("label");
    label.className = "archive-search__filter";
    const caption = document.createElement("span");
    caption.textContent = name;
    let control;
    if (Object.keys(values).length > MENU_LIMIT) {
      control = document.createElement("input");
      control.type = "search";
      control.placeholder = `全部（输入${name}以筛选）`;
      control.autocomplete = "off";
      const options = document.createElement("datalist");
      options.id = `search-filter-${FILTERS.indexOf(name)}`;
      control.setAttribute("list", options.id);
      unfilledLists.push(() => {
        for (const [value, count] of sortValues(name, values)) {
          const option = document.createElement("option");
          option.value = value;
          counted(name, value, count, (text) => (option.label = `${text} 篇`));
          options.append(option);
        }
      });
      control.addEventListener("focus", fillLists);
      label.append(options);
      control.addEventListener("change", () => submit());
    } else {
      control = document.createElement("select");
      const all = document.createElement("option");
      all.value = "";
      all.textContent = "全部";
      control.append(all);
      for (const [value, count] of sortValues(name, values)) {
        const option = document.createElement("option");
        option.value = value;
        counted(name, value, count, (text) => (option.textContent = `${value}（${text}）`));
        control.append(option);
      }
      control.addEventListener("change", () => submit());
    }
    control.name = name;
    control.value = wanted[name] ?? "";
    label.prepend(caption);
    label.append(control);
    filtersBox.append(label);
    controls.set(name, control);
  }
  if (shownCounts) showCounts(...shownCounts);
  if (list.dataset.state !== "loading") fillLists();
}

// The values of the filters that are typed into (a unit's: thousands at 10,000 reports) are
// put into their lists once the first page of a search is shown, or when one is focused: made
// while the search runs, they held up its first result by some 30 ms.
const unfilledLists = [];
function fillLists() {
  if (unfilledLists.length === 0) return;
  for (const fill of unfilledLists.splice(0)) fill();
  if (shownCounts) showCounts(...shownCounts);
}

// Years as a range: two menus (from, to) of the years the archive holds. Its value is the
// filter's: "2019-2023", "2023" when both are one year, "" for all.
function yearControl(values, wanted) {
  const element = document.createElement("fieldset");
  element.className = "archive-search__filter archive-search__years";
  const legend = document.createElement("legend");
  legend.textContent = YEAR;
  element.append(legend);
  const years = sortValues(YEAR, values).filter(([value]) => /^\d{4}$/.test(value));
  const menu = (caption, all) => {
    const select = document.createElement("select");
    select.setAttribute("aria-label", `${YEAR}${caption}`);
    const any = document.createElement("option");
    any.value = "";
    any.textContent = all;
    select.append(any);
    for (const [value, count] of years) {
      const option = document.createElement("option");
      option.value = value;
      counted(YEAR, value, count, (text) => (option.textContent = `${value}（${text}）`));
      select.append(option);
    }
    select.addEventListener("change", () => submit());
    return select;
  };
  const from = menu("从", "最早");
  const to = menu("至", "最新");
  const dash = document.createElement("span");
  dash.textContent = "至";
  element.append(from, dash, to);
  const control = {
    element,
    get value() {
      if (from.value && from.value === to.value) return from.value;
      return from.value || to.value ? `${from.value}-${to.value}` : "";
    },
    set value(value) {
      const range = yearRange(value);
      from.value = range && range[0] > 0 ? String(range[0]) : "";
      to.value = range && range[1] < 9999 ? String(range[1]) : "";
    },
  };
  control.value = wanted;
  return control;
}

function markedText(element, parts) {
  for (const part of parts) {
    if (part.mark) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      element.append(mark);
    } else {
      element.append(document.createTextNode(part.text));
    }
  }
}

// A result's title (its matches marked, from the title alone) and facts; its excerpts come
// with its text (`addExcerpts`).
function renderResult(row, s) {
  const item = document.createElement("li");
  item.className = "archive-search__result";
  const link = document.createElement("a");
  link.href = resultLink(row, s, "");
  const { chars: cs, matches } = locate(row.title ?? "", s.needles, s.table);
  if (cs.length) markedText(link, segments(cs, 0, cs.length, matches));
  else link.textContent = row.url;
  const heading = document.createElement("p");
  heading.className = "archive-search__title";
  heading.append(link);
  item.append(heading);

  const facts = row.facts.filter(Boolean);
  if (facts.length) {
    const line = document.createElement("p");
    line.className = "archive-search__meta";
    line.textContent = facts.join(" · ");
    item.append(line);
  }
  return item;
}

// The report page marks the query and goes to its first place (mark.js).
const resultLink = (row, s, anchor) => `${row.url}?q=${encodeURIComponent(s.query.trim())}${anchor ? "#" + anchor : ""}`;

// A result whose text is in: its title and facts, and its excerpts.
const wholeResult = (report, s) => addExcerpts(renderResult(report, s), report, s);

function addExcerpts(item, report, s) {
  for (const excerpt of excerpts(report, s.needles, s.table)) {
    const line = document.createElement("p");
    line.className = "archive-search__excerpt";
    if (excerpt.anchor) {
      const to = document.createElement("a");
      to.href = resultLink(report, s, excerpt.anchor);
      to.className = "archive-search__section";
      markedText(to, excerpt.parts);
      line.append(to);
    } else {
      markedText(line, excerpt.parts);
    }
    item.append(line);
  }
  return item;
}

function quoted(query) {
  return `“${query.trim()}”`;
}

function showStatus() {
  const s = current;
  const scope = Object.keys(s.filters).length ? "（在所选范围内）" : "";
  const left = s.candidates.length - s.next; // candidates not checked yet
  if (s.shown === 0 && left === 0) {
    status.textContent = `没有找到包含${quoted(s.query)}的报告${scope}`;
  } else if (left === 0) {
    status.textContent = `找到 ${s.shown} 篇报告${scope}`;
  } else if (s.exact) {
    status.textContent = `找到 ${s.candidates.length} 篇报告${scope}，已显示 ${s.shown} 篇`;
  } else if (s.shown === 0) {
    status.textContent = `已核对 ${s.next} 篇可能相关的报告，暂未找到包含${quoted(s.query)}的报告${scope}；还有 ${left} 篇待核对`;
  } else {
    status.textContent = `已显示 ${s.shown} 篇${scope}；还有 ${left} 篇可能相关的报告待核对`;
  }
  more.textContent = s.shown === 0 ? "继续查找" : "加载更多";
  more.hidden = left === 0;
}

// Check candidates in order and show each as soon as it and those before it are in, until
// PAGE_SIZE more are shown, none is left, or CHECK_LIMIT were fetched for this page (a phrase
// whose bigrams stand apart in many reports can leave many candidates, a download each).
async function showMore() {
  const s = current;
  const mine = generation;
  setState("loading");
  more.disabled = true;
  const target = s.shown + PAGE_SIZE;
  const limit = s.next + CHECK_LIMIT;
  // Ranked by closeness too (相关度, two wanted terms or more): the page is shown once all of
  // its reports are in, reordered. Otherwise each report is shown as soon as those before it
  // are: when the index alone decided it (exact), as soon as its row is in, its excerpts
  // following with its text.
  const ranked = s.sort !== "new" && s.terms.filter((term) => !term.negative).length > 1;
  const page = [];
  const excerpted = [];
  while (s.shown < target && s.next < s.candidates.length && s.next < limit) {
    // Fetch as many at once as could still be shown; keep them in order.
    const size = Math.min(target - s.shown, limit - s.next);
    const batch = s.candidates.slice(s.next, s.next + size).map((candidate) => {
      const row = loadRow(s.meta, candidate);
      return [candidate, row, loadReport(s.meta, row)];
    });
    for (const [candidate, row, pending] of batch) {
      if (s.exact && !ranked) {
        const item = renderResult(await row, s);
        if (mine !== generation) return;
        list.append(item);
        excerpted.push(pending.then((report) => mine === generation && addExcerpts(item, report, s)));
        s.next += 1;
        s.shown += 1;
        continue;
      }
      const report = await pending;
      if (mine !== generation) return;
      s.next += 1;
      if (s.exact || holds(report.text, s.terms, s.table)) {
        if (ranked) page.push({ report, score: candidate.score + closeness(report.text, s.terms, s.table) });
        else list.append(wholeResult(report, s));
        s.shown += 1;
      }
    }
  }
  // Ties keep the index's order (sort is stable).
  for (const { report } of page.sort((a, b) => b.score - a.score)) list.append(wholeResult(report, s));
  await Promise.all(excerpted);
  if (mine !== generation) return;
  if (s.pending) {
    const [counts, exact] = s.pending;
    s.pending = null;
    const byValue = await counts();
    if (mine !== generation) return;
    showCounts(byValue, exact);
  }
  more.disabled = false;
  showStatus();
  await finish(mine);
}

// The filters are secondary: made once, when the first search has shown its results, as made
// while it runs they held up its first result by some 30 ms at 10,000 reports (their menus
// hold thousands of values). A search is done once they are there.
let filtersShown = null;
const showFilters = () =>
  (filtersShown ??= loadMeta()
    .then(loadFilters)
    .then((available) => renderFilters(available, readUrl().filters))
    .catch((error) => console.warn("archive search:", error)));

async function finish(mine) {
  await showFilters();
  if (mine === generation) setState("done");
}

const HELP =
  '请输入要查找的词语。空格分开的词须同时出现；"…" 内为含空格的短语；A|B 表示 A 或 B；-词 表示不含该词。简体、繁体互相检索。';

async function run(query, filters, sort) {
  const mine = ++generation;
  list.replaceChildren();
  more.hidden = true;
  current = null;
  if (!query.trim()) {
    status.textContent = HELP;
    await finish(mine);
    // The archive's counts again (showFilters says why, if the filters cannot be loaded).
    loadMeta()
      .then(loadFilters)
      .then((available) => mine === generation && showCounts(available, true))
      .catch(() => {});
    return;
  }
  setState("loading");
  status.textContent = "正在搜索…";
  const meta = await loadMeta();
  performance.mark("search:meta");
  const table = await loadFold(meta);
  const terms = parseQuery(query, table);
  if (!terms.some((term) => !term.negative)) {
    status.textContent = terms.length ? "请至少输入一个要查找的词语（“-”只用于排除）。" : "请输入汉字、字母或数字。";
    await finish(mine);
    return;
  }
  const { numbers, exact, counts } = await candidates(meta, terms, filters, sort);
  performance.mark("search:lookup");
  if (mine !== generation) return;
  // The filter counts wait for the first page: setting thousands of labels (a unit list at
  // 10,000 reports) costs the page a restyle that would hold up the first result by 30-40 ms,
  // and without a filter they are worked out only then (`candidates`).
  const pending = [counts, exact];
  current = { meta, table, query, filters, sort, terms, needles: wantedNeedles(terms), exact, candidates: numbers, next: 0, shown: 0, pending };
  // The index alone gives the count: say it before the results come in.
  if (exact && numbers.length) status.textContent = `找到 ${numbers.length} 篇报告${Object.keys(filters).length ? "（在所选范围内）" : ""}`;
  await showMore();
}

function submit() {
  const query = input.value;
  const filters = selectedFilters();
  const sort = sortSelect.value;
  writeUrl(query.trim(), filters, sort);
  return guarded(run(query, filters, sort));
}

function guarded(promise) {
  return promise.catch((error) => {
    console.error("archive search:", error);
    status.textContent =
      typeof DecompressionStream === "undefined"
        ? "搜索出错：浏览器版本过旧，请使用较新的 Chrome、Edge、Firefox 或 Safari。"
        : "搜索出错：搜索索引无法加载。请确认站点已完整构建（含 search-index 目录）。";
    setState("error");
  });
}

function showUrl() {
  const { query, filters, sort } = readUrl();
  input.value = query;
  sortSelect.value = sort;
  for (const [name, control] of controls) control.value = filters[name] ?? "";
  return guarded(run(query, filters, sort));
}

// The theme's scripts, which main.html holds back on this page until the first search is done,
// run one after the other, as the parser would have run them. Material starts on
// DOMContentLoaded, long past by then: the event is sent again once they have run (no script
// this page runs before them listens for it).
async function startTheme() {
  const held = document.getElementById("archive-theme-scripts");
  if (!held) return;
  held.remove();
  for (const inert of held.content.querySelectorAll("script")) {
    const script = document.createElement("script");
    for (const { name, value } of inert.attributes) script.setAttribute(name, value);
    script.textContent = inert.textContent;
    // The next waits for this one, loaded or not (a failure is said in the console).
    const settled = script.src
      ? new Promise((resolve) => {
          script.onload = resolve;
          script.onerror = () => resolve(console.warn("archive search: the theme's script failed:", script.src));
        })
      : null;
    document.body.append(script);
    await settled;
  }
  document.dispatchEvent(new Event("DOMContentLoaded"));
}

// The filters' values are asked for once the first page of results is shown (`showFilters`,
// and `counts` with the facets): asked for as the page started, they took one of the browser's
// six connections from the index files, and making them into objects held up the first result.
async function start() {
  await showUrl();
  await startTheme();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  submit();
});
sortSelect.addEventListener("change", () => submit());
more.addEventListener("click", () => guarded(showMore()));
window.addEventListener("popstate", showUrl);

start();

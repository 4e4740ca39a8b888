// Exact Chinese substring search over the index the builder writes (builder/search.py).
//
// A report's tokens are each character of its runs of letters and digits and each two
// adjacent ones. A query becomes the same: a run of one or two characters is one token, a
// longer run its bigrams. The index gives, for each token and each filter value, the set of
// reports holding it; the reports holding all of the query's are the candidates, newest
// first. They include every report that contains the query (exactly these if no run is
// longer than two characters); each is kept only if its text really contains every run.

const SITE_ROOT = new URL("../../", import.meta.url);
const INDEX_DIR = new URL("../../search-index/", import.meta.url);
const INDEX_VERSION = 1;
const PAGE_SIZE = 10;
const FILTERS = ["年度", "单位", "类型", "标签"];
const EXCERPT_LENGTH = 60;
const CHECK_LIMIT = 100; // candidates checked at most per page of results
const RUN = /[\p{L}\p{N}]+/gu; // Python's [^\W_]+
const RUN_JOINER = "\n"; // in no run, so that a query run never matches across two runs
const GAPS = 0; // the two ways the index writes a key's reports (builder/search.py)
const BITMAP = 1;

// --- Query --------------------------------------------------------------------------------

// Code points, not UTF-16 units, as Python counts them.
const chars = (text) => Array.from(text);

// As builder/search.py: NFKC, lower case, runs of letters and digits.
function runs(text) {
  return text.normalize("NFKC").toLowerCase().match(RUN) ?? [];
}

// A query: whitespace-separated terms, all required; each term's runs, all required.
function parseQuery(query) {
  const terms = query
    .normalize("NFKC")
    .split(/\s+/)
    .map(runs)
    .filter((termRuns) => termRuns.length > 0);
  return [...new Set(terms.flat())];
}

// The tokens a report containing all `queryRuns` holds: a run of one or two characters is
// one, a longer run gives its bigrams.
function queryTokens(queryRuns) {
  const tokens = new Set();
  for (const run of queryRuns) {
    const cs = chars(run);
    if (cs.length <= 2) tokens.add(run);
    else for (let i = 0; i + 1 < cs.length; i++) tokens.add(cs[i] + cs[i + 1]);
  }
  return [...tokens];
}

// Whether the reports holding the tokens are exactly those holding the runs.
const tokensSuffice = (queryRuns) => queryRuns.every((run) => chars(run).length <= 2);

// The text as its runs: a query run is in the text iff it is in one of them.
function runText(text) {
  return runs(text).join(RUN_JOINER);
}

const holdsAll = (text, queryRuns) => {
  const haystack = runText(text);
  return queryRuns.every((run) => haystack.includes(run));
};

// --- Excerpt ------------------------------------------------------------------------------

// The text folded for matching a query run, character by character (so that a match maps
// back to the text's characters): lower case, and NFKC too unless `cs` is normalised already.
function fold(cs, normalise) {
  const units = [];
  const from = []; // for each UTF-16 unit of the folded text, the character it comes from
  cs.forEach((c, i) => {
    const folded = (normalise ? c.normalize("NFKC") : c).toLowerCase();
    units.push(folded);
    for (let k = 0; k < folded.length; k++) from.push(i);
  });
  return { text: units.join(""), from };
}

// Where `needle` stands in the folded text, as [start, end) in characters of the text.
function occurrences(folded, needle) {
  const found = [];
  for (let at = folded.text.indexOf(needle); at >= 0; at = folded.text.indexOf(needle, at + needle.length)) {
    found.push([folded.from[at], folded.from[at + needle.length - 1] + 1]);
  }
  return found;
}

// Segments [{text, mark}] of about EXCERPT_LENGTH characters of the original text around
// the first match of the first query run, with every match inside the window marked.
function excerpt(text, queryRuns) {
  let cs = chars(text);
  let folded = fold(cs, true);
  let first = occurrences(folded, queryRuns[0])[0];
  if (!first) {
    // NFKC may compose characters across their boundaries ("e" + U+0301 -> "é"): fall back to
    // the normalised text.
    const normalised = chars(text.normalize("NFKC"));
    const foldedNormalised = fold(normalised, false);
    first = occurrences(foldedNormalised, queryRuns[0])[0];
    if (first) [cs, folded] = [normalised, foldedNormalised];
  }
  let start = 0;
  const firstLength = first ? first[1] - first[0] : 0;
  if (first) start = Math.max(0, first[0] - Math.floor((EXCERPT_LENGTH - firstLength) / 3));
  const end = Math.min(cs.length, start + Math.max(EXCERPT_LENGTH, firstLength));
  start = Math.max(0, Math.min(start, end - EXCERPT_LENGTH));

  // Matches inside the window, earliest first; of two that overlap, the earlier (or longer).
  const matches = queryRuns
    .flatMap((run) => occurrences(folded, run))
    .filter(([s, e]) => s >= start && e <= end)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const segments = [];
  const plain = (from, to) => {
    // The text's line breaks (after the title, between paragraphs) read as spaces.
    if (to > from) segments.push({ text: cs.slice(from, to).join("").replace(/\s+/g, " "), mark: false });
  };
  let at = start;
  for (const [s, e] of matches) {
    if (s < at) continue;
    plain(at, s);
    segments.push({ text: cs.slice(s, e).join(""), mark: true });
    at = e;
  }
  plain(at, end);
  if (start > 0) segments.unshift({ text: "…", mark: false });
  if (end < cs.length) segments.push({ text: "…", mark: false });
  return segments;
}

// --- Index --------------------------------------------------------------------------------

// A file of the index: gzip data, unpacked here (unless the server sent it unpacked already,
// as one that labels .gz files "Content-Encoding: gzip" does).
async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(unpacked).arrayBuffer());
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

let metaPromise = null;
const files = new Map(); // path in the index's folder -> promise of its content, parsed

// The index's description: how many reports, how its keys are spread, where its files are.
function loadMeta() {
  metaPromise ??= (async () => {
    if (typeof DecompressionStream === "undefined") {
      throw new Error("DecompressionStream is missing: the browser is too old");
    }
    const url = new URL("meta.json", INDEX_DIR);
    const response = await fetch(url, { cache: "no-cache" });
    if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
    const meta = await response.json();
    // Another format could be misread: a report missed without a word. Refuse it instead.
    if (meta?.version !== INDEX_VERSION) throw new Error(`${url.pathname}: unknown format (version ${meta?.version})`);
    return { ...meta, folder: new URL(`${meta.folder}/`, INDEX_DIR) };
  })();
  return metaPromise;
}

function indexFile(meta, path, parse) {
  if (!files.has(path)) files.set(path, fetchBytes(new URL(path, meta.folder)).then(parse));
  return files.get(path);
}

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
function keyHash(key) {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

// The reports holding `key`, as a bitmap of all reports.
async function holders(meta, key) {
  const bucket = keyHash(key) & (meta.buckets - 1);
  const entry = (await indexFile(meta, `keys/${bucket}.gz`, parseKeys)).get(key);
  const bitmap = new Uint8Array(Math.ceil(meta.reports / 8));
  if (entry?.kind === BITMAP) bitmap.set(entry.payload);
  else if (entry?.kind === GAPS) {
    const at = { i: 0 };
    for (let report = -1; at.i < entry.payload.length; ) {
      report += readVarint(entry.payload, at);
      bitmap[report >> 3] |= 1 << (report & 7);
    }
  } else if (entry) throw new Error(`search index: key ${key} of unknown kind ${entry.kind}`);
  return bitmap;
}

// The numbers of the reports holding every key, ascending: newest first.
async function reportsHoldingAll(meta, keys) {
  const bitmaps = await Promise.all(keys.map((key) => holders(meta, key)));
  const numbers = [];
  for (let byte = 0; byte < Math.ceil(meta.reports / 8); byte++) {
    let bits = 0xff;
    for (const bitmap of bitmaps) bits &= bitmap[byte];
    for (let bit = 0; bits !== 0; bit++, bits >>= 1) if (bits & 1) numbers.push(byte * 8 + bit);
  }
  return numbers;
}

const parseJson = (bytes) => JSON.parse(utf8.decode(bytes));

// Report `number`: its address, title, year, unit and type, and its text (title, line
// break, body). Without its text a report can be neither checked nor left out: a failed
// download is an error, not a guess.
async function loadReport(meta, number) {
  const chunk = indexFile(meta, `reports/${Math.floor(number / meta.chunk)}.gz`, parseJson);
  const text = fetchBytes(new URL(`text/${number}.gz`, meta.folder)).then((bytes) => utf8.decode(bytes));
  const [url, title, year, unit, type] = (await chunk)[number % meta.chunk];
  return { url: new URL(url, SITE_ROOT).href, title, facts: [year, unit, type], text: await text };
}

const loadFilters = (meta) => indexFile(meta, "filters.gz", parseJson);

// --- Page ---------------------------------------------------------------------------------

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const filtersBox = document.getElementById("search-filters");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.createElement("button");
more.type = "button";
more.className = "archive-search__more";
more.textContent = "加载更多";
more.hidden = true;
list.after(more);

const selects = new Map(); // filter name -> <select>
let current = null; // the search being shown
let generation = 0; // bumps on every new search; stale work checks it and stops

function readUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return { query: params.get("q") ?? "", filters };
}

function writeUrl(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const name of FILTERS) if (filters[name]) params.set(name, filters[name]);
  const search = params.toString();
  const url = location.pathname + (search ? "?" + search : "") + location.hash;
  if (url !== location.pathname + location.search + location.hash) {
    history.pushState(null, "", url);
  }
}

function selectedFilters() {
  if (selects.size === 0) return readUrl().filters; // the menus are not there yet
  const filters = {};
  for (const [name, select] of selects) if (select.value) filters[name] = select.value;
  return filters;
}

function setState(state) {
  list.dataset.state = state;
  list.setAttribute("aria-busy", state === "loading" ? "true" : "false");
}

function sortValues(name, values) {
  const entries = Object.entries(values);
  if (name === "年度") return entries.sort(([a], [b]) => b.localeCompare(a, "zh", { numeric: true }));
  return entries.sort(([a], [b]) => a.localeCompare(b, "zh"));
}

// The filters' values, with how many reports hold each.
function renderFilters(available, wanted) {
  filtersBox.replaceChildren();
  selects.clear();
  for (const name of FILTERS) {
    const values = { ...(available[name] ?? {}) };
    if (wanted[name] && !(wanted[name] in values)) values[wanted[name]] = 0;
    if (Object.keys(values).length === 0) continue;

    const label = document.createElement("label");
    label.className = "archive-search__filter";
    const caption = document.createElement("span");
    caption.textContent = name;
    const select = document.createElement("select");
    select.name = name;
    const all = document.createElement("option");
    all.value = "";
    all.textContent = "全部";
    select.append(all);
    for (const [value, count] of sortValues(name, values)) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = `${value}（${count}）`;
      select.append(option);
    }
    select.value = wanted[name] ?? "";
    select.addEventListener("change", () => submit());
    label.append(caption, select);
    filtersBox.append(label);
    selects.set(name, select);
  }
}

function renderResult(report, queryRuns) {
  const item = document.createElement("li");
  item.className = "archive-search__result";

  const link = document.createElement("a");
  link.href = report.url;
  link.textContent = report.title || report.url;
  const heading = document.createElement("p");
  heading.className = "archive-search__title";
  heading.append(link);
  item.append(heading);

  const facts = report.facts.filter(Boolean);
  if (facts.length) {
    const line = document.createElement("p");
    line.className = "archive-search__meta";
    line.textContent = facts.join(" · ");
    item.append(line);
  }

  const line = document.createElement("p");
  line.className = "archive-search__excerpt";
  for (const segment of excerpt(report.text, queryRuns)) {
    if (segment.mark) {
      const mark = document.createElement("mark");
      mark.textContent = segment.text;
      line.append(mark);
    } else {
      line.append(document.createTextNode(segment.text));
    }
  }
  item.append(line);
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
  while (s.shown < target && s.next < s.candidates.length && s.next < limit) {
    // Fetch as many at once as could still be shown; keep them in order.
    const size = Math.min(target - s.shown, limit - s.next);
    const batch = s.candidates.slice(s.next, s.next + size).map((number) => loadReport(s.meta, number));
    for (const pending of batch) {
      const report = await pending;
      if (mine !== generation) return;
      s.next += 1;
      if (holdsAll(report.text, s.runs)) {
        list.append(renderResult(report, s.runs));
        s.shown += 1;
      }
    }
  }
  more.disabled = false;
  showStatus();
  setState("done");
}

async function run(query, filters) {
  const mine = ++generation;
  list.replaceChildren();
  more.hidden = true;
  current = null;
  const queryRuns = parseQuery(query);
  if (queryRuns.length === 0) {
    status.textContent = query.trim()
      ? "请输入汉字、字母或数字。"
      : "请输入要查找的词语；多个词用空格分开，只列出包含全部词语的报告。";
    setState("done");
    return;
  }
  setState("loading");
  status.textContent = "正在搜索…";
  const meta = await loadMeta();
  const keys = [...queryTokens(queryRuns), ...Object.entries(filters).map(([name, value]) => `${name}=${value}`)];
  const candidates = await reportsHoldingAll(meta, keys);
  if (mine !== generation) return;
  current = {
    meta,
    query,
    filters,
    runs: queryRuns,
    exact: tokensSuffice(queryRuns),
    candidates,
    next: 0,
    shown: 0,
  };
  await showMore();
}

function submit() {
  const query = input.value;
  const filters = selectedFilters();
  writeUrl(query.trim(), filters);
  return guarded(run(query, filters));
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

async function start() {
  const { query, filters } = readUrl();
  input.value = query;
  // The filters are secondary: they do not hold up the results.
  loadMeta()
    .then(loadFilters)
    .then((available) => renderFilters(available, readUrl().filters))
    .catch((error) => console.warn("archive search:", error));
  await run(query, filters);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  submit();
});
more.addEventListener("click", () => guarded(showMore()));
window.addEventListener("popstate", () => {
  const { query, filters } = readUrl();
  input.value = query;
  for (const [name, select] of selects) select.value = filters[name] ?? "";
  guarded(run(query, filters));
});

guarded(start());

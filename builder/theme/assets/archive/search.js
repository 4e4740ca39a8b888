// Exact Chinese substring search on top of Pagefind.
//
// The index side (builder/search.py) indexes every report as the set of its tokens: the text
// is cut into runs of letters and digits, and each run gives its bigrams and its last
// character ("主题教育" -> 主题 题教 教育 育). The most common tokens are left out of the index
// (they would cost Pagefind too much memory) and listed in pagefind/archive-common.json.
//
// Here a query becomes the bigrams of its runs, less the common ones; Pagefind returns the
// reports holding all of them, which include every report that contains the query (and a
// few more: Pagefind also matches its metadata, title, unit ..., by word prefix). Each
// candidate is then kept only if its text (`search.txt` beside the report's page) really
// contains every run of the query. A query made of common tokens only is checked against
// every report.

const SITE_ROOT = new URL("../../", import.meta.url);
const PAGEFIND_DIR = new URL("../../pagefind/", import.meta.url);
const COMMON_URL = new URL("../../pagefind/archive-common.json", import.meta.url);
const PAGE_SIZE = 20;
const FILTERS = ["年度", "单位", "类型", "标签"];
const EXCERPT_LENGTH = 60;
const CHECK_LIMIT = 100; // reports checked at most per page of results
const RUN = /[\p{L}\p{N}]+/gu; // Python's [^\W_]+
const RUN_JOINER = "\n"; // in no run, so that a query run never matches across two runs
const SCAN_SORT = { year: "desc" }; // the order of a scan: newest first
const TEXT_FILE = "search.txt"; // a report's text (title, line break, body), beside its page

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

// The index tokens a report containing `queryRuns` must hold: the bigrams of its runs that
// are in the index. A one-character run gives none. Its character is a token only where it
// ends a run; elsewhere it only begins one, and Pagefind's prefix match misses those that
// stand in another chunk of its index than the character itself ("5" finds "57" but not
// "58", "5名"), so that a lookup by prefix would lose reports.
function queryTokens(queryRuns, common) {
  const tokens = new Set();
  for (const run of queryRuns) {
    const cs = chars(run);
    for (let i = 0; i + 1 < cs.length; i++) {
      const bigram = cs[i] + cs[i + 1];
      if (!common.has(bigram)) tokens.add(bigram);
    }
  }
  return [...tokens];
}

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

// --- Pagefind -----------------------------------------------------------------------------

let indexPromise = null;

// Pagefind and the list of common tokens, each loaded once.
function loadIndex() {
  indexPromise ??= Promise.all([loadPagefind(), loadCommon()]).then(([pagefind, common]) => ({
    pagefind,
    common,
  }));
  return indexPromise;
}

async function loadPagefind() {
  const pagefind = await import(new URL("pagefind.js", PAGEFIND_DIR).href);
  await pagefind.options({ baseUrl: SITE_ROOT.pathname, basePath: PAGEFIND_DIR.pathname });
  // Pagefind takes the query's language from <html lang>; for "zh" it re-segments the
  // query into words with Intl.Segmenter and so splits our bigrams ("题教" -> "题", "教").
  // The index is language "und", so make Pagefind see that while it sets itself up.
  const html = document.documentElement;
  const lang = html.getAttribute("lang");
  html.setAttribute("lang", "und");
  let ready;
  try {
    ready = pagefind.init(); // reads the language synchronously
  } finally {
    if (lang === null) html.removeAttribute("lang");
    else html.setAttribute("lang", lang);
  }
  await ready;
  return pagefind;
}

// Pagefind's results for `tokens`, in its order: every report (passing the filters) that holds
// them all, and maybe others. Pagefind leaves out of a query each word that no indexed token
// begins ("费谈" of 党费谈心), but then no report holds that token, nor the query.
async function reportsHolding(pagefind, tokens, filters) {
  const response = await pagefind.search(tokens.join(" "), { filters });
  const results = response?.results ?? [];
  if (results.length > 0 && tokens.length > 1) {
    // The index chunks are loaded already: one search per token costs no download.
    const alone = await Promise.all(tokens.map((token) => pagefind.search(token, { filters })));
    if (alone.some((r) => (r?.results ?? []).length === 0)) return [];
  }
  return results;
}

// Every report passing the filters, newest first. Every page holds the index's word for
// "every page" (`common.every`): searching for it loads one chunk of the word index, where
// a search for nothing would load them all (megabytes at 10,000 reports).
async function allReports(pagefind, filters, every) {
  const response = await pagefind.search(every, { filters, sort: SCAN_SORT });
  return response?.results ?? [];
}

// The tokens left out of the index, and the word every page holds.
async function loadCommon() {
  const response = await fetch(COMMON_URL);
  if (!response.ok) throw new Error(`${COMMON_URL.pathname}: HTTP ${response.status}`);
  const data = await response.json();
  // Another format would mean another way of leaving tokens out: guessing could miss reports.
  if (data?.version !== 3 || !Array.isArray(data.tokens) || typeof data.every !== "string") {
    throw new Error(`${COMMON_URL.pathname}: unknown format (version ${data?.version})`);
  }
  return { tokens: new Set(data.tokens), every: data.every, filters: data.filters ?? {} };
}

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

// The filters' values and counts come with the list of common tokens (the builder knows them).
// Asking Pagefind (pagefind.filters()) would make it count filters over every result of every
// later search: seconds, at 10,000 reports.
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

function renderResult(data, text, queryRuns) {
  const item = document.createElement("li");
  item.className = "archive-search__result";

  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta?.title || data.url;
  const heading = document.createElement("p");
  heading.className = "archive-search__title";
  heading.append(link);
  item.append(heading);

  const facts = ["year", "unit", "type"].map((key) => data.meta?.[key]).filter(Boolean);
  if (facts.length) {
    const line = document.createElement("p");
    line.className = "archive-search__meta";
    line.textContent = facts.join(" · ");
    item.append(line);
  }

  if (text) {
    const line = document.createElement("p");
    line.className = "archive-search__excerpt";
    for (const segment of excerpt(text, queryRuns)) {
      if (segment.mark) {
        const mark = document.createElement("mark");
        mark.textContent = segment.text;
        line.append(mark);
      } else {
        line.append(document.createTextNode(segment.text));
      }
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
  // A scan checks every report; otherwise only those holding the query's indexed tokens.
  const checked = `已核对 ${s.next} / ${s.candidates.length} 篇${s.scan ? "" : "可能相关的"}报告`;
  const finished = s.next >= s.candidates.length;
  if (s.shown === 0 && finished) {
    status.textContent = `没有找到包含${quoted(s.query)}的报告${scope}`;
  } else if (finished) {
    status.textContent = `找到 ${s.shown} 篇报告${scope}`;
  } else if (s.shown === 0) {
    status.textContent = `${checked}，暂未找到包含${quoted(s.query)}的报告${scope}`;
  } else {
    status.textContent = `已显示 ${s.shown} 篇，可能还有更多${scope}（${checked}）`;
  }
  more.textContent = s.shown === 0 ? "继续查找" : "加载更多";
  more.hidden = finished;
}

// A candidate's fragment (its address, title, year ...) and its text.
async function loadReport(result) {
  const data = await result.data();
  const address = new URL(TEXT_FILE, new URL(data.url, location.href));
  const response = await fetch(address);
  // Without its text a report can be neither checked nor left out: say so rather than guess.
  if (!response.ok) throw new Error(`${address.pathname}: HTTP ${response.status}`);
  return { data, text: await response.text() };
}

// Check candidates in order and show them until PAGE_SIZE more are shown, none is left, or
// CHECK_LIMIT were fetched for this page: a scan, or a phrase whose runs stand apart in many
// reports, can leave many candidates, each two downloads.
async function showMore() {
  const s = current;
  const mine = generation;
  setState("loading");
  more.disabled = true;
  const target = s.shown + PAGE_SIZE;
  const limit = s.next + CHECK_LIMIT;
  while (s.shown < target && s.next < s.candidates.length && s.next < limit) {
    // Fetch a batch of reports at once; keep them in order.
    const size = Math.min(target - s.shown, limit - s.next);
    const batch = s.candidates.slice(s.next, s.next + size);
    const fetched = await Promise.all(batch.map(loadReport));
    if (mine !== generation) return;
    for (const { data, text } of fetched) {
      s.next += 1;
      if (holdsAll(text, s.runs)) {
        list.append(renderResult(data, text, s.runs));
        s.shown += 1;
        if (s.shown >= target) break;
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
  const { pagefind, common } = await loadIndex();
  const tokens = queryTokens(queryRuns, common.tokens);
  const scan = tokens.length === 0;
  const candidates = scan
    ? await allReports(pagefind, filters, common.every)
    : await reportsHolding(pagefind, tokens, filters);
  if (mine !== generation) return;
  current = {
    query,
    filters,
    runs: queryRuns,
    scan,
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
    status.textContent = "搜索出错：搜索索引无法加载。请确认站点已完整构建（含 pagefind 目录）。";
    setState("error");
  });
}

async function start() {
  const { query, filters } = readUrl();
  input.value = query;
  if (query.trim() || Object.keys(filters).length) {
    const { common } = await loadIndex();
    renderFilters(common.filters, filters);
  } else {
    // Filters are secondary: do not delay the hint, and show them once the index is ready.
    loadIndex()
      .then(({ common }) => renderFilters(common.filters, selectedFilters()))
      .catch((error) => console.warn("archive search:", error));
  }
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

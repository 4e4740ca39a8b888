// Exact Chinese substring search on top of Pagefind.
//
// The index side (builder/search.py) stores every report as character bigrams: each run of
// letters and digits becomes its bigrams followed by its last character ("主题教育" ->
// "主题 题教 教育 育"), runs are joined by " / ". Here a query is encoded the same way, Pagefind
// returns the reports holding all of its tokens, and each candidate is kept only if its
// fragment holds every phrase with its bigrams side by side.

const SITE_ROOT = new URL("../../", import.meta.url);
const PAGE_SIZE = 20;
const FILTERS = ["年度", "单位", "类型", "标签"];
const EXCERPT_LENGTH = 60;
const CHECK_LIMIT = 100; // fragments fetched at most per page of results
const RUN = /[\p{L}\p{N}]+/gu; // Python's [^\W_]+
const RUN_SEPARATOR = " / ";

// --- Encoding, identical to builder/search.py -------------------------------------------

// Code points, not UTF-16 units, as Python counts them.
const chars = (text) => Array.from(text);

function runs(text) {
  return text.normalize("NFKC").toLowerCase().match(RUN) ?? [];
}

function runTokens(run) {
  const cs = chars(run);
  const tokens = [];
  for (let i = 0; i + 1 < cs.length; i++) tokens.push(cs[i] + cs[i + 1]);
  tokens.push(cs[cs.length - 1]);
  return tokens;
}

// A query: whitespace-separated terms, all required; each term's runs, all required.
function parseQuery(query) {
  const terms = query
    .normalize("NFKC")
    .split(/\s+/)
    .map(runs)
    .filter((termRuns) => termRuns.length > 0);
  const queryRuns = [...new Set(terms.flat())];
  const tokens = [...new Set(queryRuns.flatMap(runTokens))];
  return { runs: queryRuns, tokens };
}

// Pagefind matches a query token against the indexed words it begins, and every character
// of the text begins exactly one token; so for a one-run query of one or two characters the
// candidates either all hold the phrase or, when its bigram is nowhere in the index and
// Pagefind falls back to a shorter word or drops the token, none does. One check decides all.
const isUniform = (queryRuns) => queryRuns.length === 1 && chars(queryRuns[0]).length <= 2;

// A run of two or more characters is present iff its bigrams stand side by side in the
// content; the trailing single-character token of the query run is not required, since the
// phrase may continue in the text.
function runMatcher(run) {
  const cs = chars(run);
  if (cs.length === 1) return (content) => content.includes(run);
  const needle = " " + runTokens(run).slice(0, -1).join(" ") + " ";
  return (content) => (" " + content + " ").includes(needle);
}

// Back from the content to the text of its runs: "主题 题教 教育 育" -> "主题教育".
function decode(content) {
  return content
    .split(RUN_SEPARATOR)
    .map((encoded) => {
      const tokens = encoded.split(" ").filter(Boolean);
      if (tokens.length === 0) return "";
      return tokens.slice(0, -1).map((t) => chars(t)[0]).join("") + tokens[tokens.length - 1];
    })
    .filter(Boolean)
    .join(" ");
}

// Pagefind reports where on the page its matched words stand. Where a page holds a run of n
// characters, n matched words stand side by side (its bigrams, then a token beginning with
// its last character); pages without such a streak go last. Only the order depends on this:
// the fragment check alone decides what is shown.
function likelyFirst(results, queryRuns) {
  const streak = Math.max(...queryRuns.map((run) => chars(run).length));
  if (streak < 2) return results;
  const likely = [];
  const unlikely = [];
  for (const result of results) {
    (hasStreak(result.words ?? [], streak) ? likely : unlikely).push(result);
  }
  return likely.concat(unlikely);
}

function hasStreak(positions, length) {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  let streak = 1;
  for (let i = 1; i < sorted.length; i++) {
    streak = sorted[i] === sorted[i - 1] + 1 ? streak + 1 : 1;
    if (streak >= length) return true;
  }
  return length <= 1 && sorted.length > 0;
}

// --- Excerpt ------------------------------------------------------------------------------

// Segments [{text, mark}] of about EXCERPT_LENGTH characters around the first match of the
// first query run, with every query run inside the window marked.
function excerpt(text, queryRuns) {
  const cs = chars(text);
  const first = indexInChars(cs, chars(queryRuns[0]));
  const firstLength = chars(queryRuns[0]).length;
  let start = 0;
  if (first >= 0) {
    start = Math.max(0, first - Math.floor((EXCERPT_LENGTH - firstLength) / 3));
  }
  const end = Math.min(cs.length, start + Math.max(EXCERPT_LENGTH, firstLength));
  start = Math.max(0, Math.min(start, end - EXCERPT_LENGTH));
  const window = cs.slice(start, end);

  // Longest runs first, so that a short run inside a longer one does not cut it.
  const needles = queryRuns.map(chars).sort((a, b) => b.length - a.length);
  const segments = [];
  let plain = [];
  for (let i = 0; i < window.length; ) {
    const needle = needles.find((n) => startsWithAt(window, n, i));
    if (needle) {
      if (plain.length) segments.push({ text: plain.join(""), mark: false });
      plain = [];
      segments.push({ text: needle.join(""), mark: true });
      i += needle.length;
    } else {
      plain.push(window[i]);
      i += 1;
    }
  }
  if (plain.length) segments.push({ text: plain.join(""), mark: false });
  if (start > 0) segments.unshift({ text: "…", mark: false });
  if (end < cs.length) segments.push({ text: "…", mark: false });
  return segments;
}

function startsWithAt(haystack, needle, at) {
  if (at + needle.length > haystack.length) return false;
  for (let j = 0; j < needle.length; j++) if (haystack[at + j] !== needle[j]) return false;
  return true;
}

function indexInChars(haystack, needle) {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (startsWithAt(haystack, needle, i)) return i;
  }
  return -1;
}

// --- Pagefind -----------------------------------------------------------------------------

let pagefindPromise = null;

function loadPagefind() {
  pagefindPromise ??= (async () => {
    const pagefind = await import(new URL("../../pagefind/pagefind.js", import.meta.url).href);
    await pagefind.options({
      baseUrl: SITE_ROOT.pathname,
      basePath: new URL("../../pagefind/", import.meta.url).pathname,
    });
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
  })();
  return pagefindPromise;
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

async function renderFilters(pagefind, wanted) {
  let available = {};
  try {
    available = await pagefind.filters();
  } catch (error) {
    console.warn("archive search: filters unavailable", error);
  }
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

function renderResult(data, queryRuns) {
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

  const text = decode(data.content ?? "");
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
  const finished = s.next >= s.candidates.length;
  if (s.shown === 0 && finished) {
    status.textContent = `没有找到包含${quoted(s.query)}的报告${scope}`;
  } else if (finished) {
    status.textContent = `找到 ${s.shown} 篇报告${scope}`;
  } else if (s.verdict === true) {
    status.textContent = `找到 ${s.candidates.length} 篇报告${scope}，已显示 ${s.shown} 篇`;
  } else if (s.shown === 0) {
    status.textContent =
      `已核对 ${s.next} / ${s.candidates.length} 篇可能相关的报告，暂未找到包含${quoted(s.query)}的报告${scope}`;
  } else {
    status.textContent =
      `已显示 ${s.shown} 篇，可能还有更多${scope}（已核对 ${s.next} / ${s.candidates.length} 篇可能相关的报告）`;
  }
  more.textContent = s.shown === 0 ? "继续查找" : "加载更多";
  more.hidden = finished;
}

// Verify candidates in order and show them until PAGE_SIZE more are shown, none is left, or
// CHECK_LIMIT were fetched for this page: a phrase found nowhere can leave many candidates
// (Pagefind drops query tokens it does not know), and each costs a fragment download.
async function showMore() {
  const s = current;
  const mine = generation;
  setState("loading");
  more.disabled = true;
  const target = s.shown + PAGE_SIZE;
  const limit = s.next + CHECK_LIMIT;
  while (s.shown < target && s.next < s.candidates.length && s.next < limit) {
    // Fetch a batch of fragments at once; keep them in order.
    const size = Math.min(target - s.shown, limit - s.next);
    const batch = s.candidates.slice(s.next, s.next + size);
    const fetched = await Promise.all(batch.map((result) => result.data()));
    if (mine !== generation) return;
    for (const data of fetched) {
      const content = data.content ?? "";
      let found = s.verdict;
      if (found === undefined) {
        found = s.matchers.every((matches) => matches(content));
        if (s.uniform) s.verdict = found;
      }
      if (!found && s.uniform) {
        s.next = s.candidates.length;
        break;
      }
      s.next += 1;
      if (found) {
        list.append(renderResult(data, s.runs));
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
  const parsed = parseQuery(query);
  if (parsed.runs.length === 0) {
    status.textContent = query.trim()
      ? "请输入汉字、字母或数字。"
      : "请输入要查找的词语；多个词用空格分开，只列出包含全部词语的报告。";
    setState("done");
    return;
  }
  setState("loading");
  status.textContent = "正在搜索…";
  const pagefind = await loadPagefind();
  const response = await pagefind.search(parsed.tokens.join(" "), { filters });
  if (mine !== generation) return;
  current = {
    query,
    filters,
    runs: parsed.runs,
    uniform: isUniform(parsed.runs),
    verdict: undefined, // for a uniform search: whether its candidates hold the phrase
    matchers: parsed.runs.map(runMatcher),
    candidates: likelyFirst(response?.results ?? [], parsed.runs),
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
    const pagefind = await loadPagefind();
    await renderFilters(pagefind, filters);
  } else {
    // Filters are secondary: do not delay the hint, and show them once Pagefind is ready.
    loadPagefind()
      .then((pagefind) => renderFilters(pagefind, selectedFilters()))
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

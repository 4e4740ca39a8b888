// What the search page (search.js) and the report pages (mark.js) share: the index's
// description and fold table, the query syntax, and finding a query in a text as written.
//
// Text is matched folded, as builder/search.py folds it: NFKC, lower case, and traditional
// characters to simplified ones, one character to one (the index's fold.gz). A text's runs
// are its stretches of letters and digits; a phrase is found where its runs stand in the
// text's runs one after the other (the first at the end of a run, the last at the start of
// one, those between whole).

const INDEX_DIR = new URL("../../search-index/", import.meta.url);
const INDEX_VERSION = 5;
const RUN = /[\p{L}\p{N}]+/gu; // Python's [^\W_]+
const RUN_CHAR = /^[\p{L}\p{N}]+$/u;
const RUN_JOINER = "\n"; // in no run, so that a phrase never matches across two runs

// Code points, not UTF-16 units, as Python counts them.
export const chars = (text) => Array.from(text);

// --- Index files ------------------------------------------------------------------------------

// A file of the index: gzip data, unpacked here (unless the server sent it unpacked already,
// as one that labels .gz files "Content-Encoding: gzip" does).
export const fetchBytes = async (url) => unpack(await fetchRaw(url));

// A file of the index as it was sent.
export async function fetchRaw(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// Gzip data unpacked (other bytes as they are).
export async function unpack(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  // Written straight into the stream: through a Blob's stream, the 30-odd files of a search
  // took five to ten times as long to unpack in Chromium (35-80 ms against 7-12 ms).
  const unpacking = new DecompressionStream("gzip");
  const writer = unpacking.writable.getWriter();
  // A broken file fails the reading below; these two would only repeat that failure.
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  return new Uint8Array(await new Response(unpacking.readable).arrayBuffer());
}

export const utf8 = new TextDecoder();

let metaPromise = null;
const files = new Map(); // path in the index's folder -> promise of its content, parsed

// The index's description: how many reports, how its keys are spread, where its files are.
export function loadMeta() {
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

// A file of the index, parsed, fetched once; `fetcher` gets its bytes (unpacked by default).
export function indexFile(meta, path, parse, fetcher = fetchBytes) {
  if (!files.has(path)) files.set(path, fetcher(new URL(path, meta.folder)).then(parse));
  return files.get(path);
}

// The fold of traditional characters (meta.json's "fold": a string of pairs).
const tables = new WeakMap();
export function loadFold(meta) {
  if (!tables.has(meta)) {
    const pairs = chars(meta.fold ?? "");
    const table = new Map();
    for (let i = 0; i + 1 < pairs.length; i += 2) table.set(pairs[i], pairs[i + 1]);
    tables.set(meta, table);
  }
  return tables.get(meta);
}

// --- Folding --------------------------------------------------------------------------------

const foldChars = (text, table) => chars(text).map((c) => table.get(c) ?? c).join("");

// As builder/search.py: the folded text's runs.
function runs(text, table) {
  return foldChars(text.normalize("NFKC").toLowerCase(), table).match(RUN) ?? [];
}

// The text as its runs, one after the other: a phrase is in the text iff its needle is here.
const runText = (text, table) => runs(text, table).join(RUN_JOINER);

// A character folded (NFKC, lower case, 繁 -> 简), or null when it is in no run: worked out
// once per character and table, as a page of results folds some 50,000 characters of text one
// by one, mostly the same few hundred (afresh for each, that took some 30 ms).
const folds = new WeakMap(); // table -> Map(character -> folded or null)
function foldedChar(c, table) {
  let known = folds.get(table);
  if (!known) folds.set(table, (known = new Map()));
  let folded = known.get(c);
  if (folded === undefined) {
    folded = foldChars(c.normalize("NFKC").toLowerCase(), table);
    if (!RUN_CHAR.test(folded)) folded = null;
    known.set(c, folded);
  }
  return folded;
}

// The text folded character by character, as runs (so that a match maps back to the text's
// characters): `text` the folded runs, `from[i]` the character of `cs` that unit i comes from.
// NFKC may compose characters across their boundaries ("e" + U+0301 -> "é"), which one at a
// time misses; such a text is matched after NFKC as a whole instead (see `locate`).
function foldedRuns(cs, table) {
  let text = "";
  const from = [];
  let inRun = false;
  cs.forEach((c, i) => {
    const folded = foldedChar(c, table);
    if (folded !== null) {
      text += folded;
      for (let k = 0; k < folded.length; k++) from.push(i);
      inRun = true;
    } else if (inRun) {
      text += RUN_JOINER;
      from.push(i);
      inRun = false;
    }
  });
  return { text, from };
}

// --- Query ----------------------------------------------------------------------------------

// A query: terms separated by spaces, all required. "…" (or “…”) keeps spaces inside a phrase;
// A|B is either; -词 leaves out the reports holding it. Each alternative is a phrase: its
// runs, which must stand one after the other in the text (its needle).
export function parseQuery(query, table) {
  const terms = [];
  const words = query.normalize("NFKC").replace(/[“”]/g, '"').match(/(?:"[^"]*"?|[^\s"])+/g) ?? [];
  for (let word of words) {
    const negative = word.length > 1 && word.startsWith("-");
    if (negative) word = word.slice(1);
    const alternatives = [];
    for (const part of word.match(/(?:"[^"]*"?|[^|"])+/g) ?? []) {
      const phraseRuns = runs(part.replaceAll('"', " "), table);
      if (phraseRuns.length === 0) continue;
      const needle = phraseRuns.join(RUN_JOINER);
      if (!alternatives.some((a) => a.needle === needle)) alternatives.push({ runs: phraseRuns, needle });
    }
    if (alternatives.length) terms.push({ negative, alternatives });
  }
  return terms;
}

// The needles to look for and to mark: those of the terms wanted.
export const wantedNeedles = (terms) => terms.filter((t) => !t.negative).flatMap((t) => t.alternatives.map((a) => a.needle));

// Whether a text holds the query: every wanted term, no left-out one.
export function holds(text, terms, table) {
  const haystack = runText(text, table);
  return terms.every((term) => term.negative !== term.alternatives.some((a) => haystack.includes(a.needle)));
}

// Where each group of needles stands in `text` (a string as written): for each group, the
// places of its needles as [start, end) in characters of `chars`, the text's characters.
export function places(text, groups, table) {
  let cs = chars(text);
  let folded = foldedRuns(cs, table);
  const find = () =>
    groups.map((needles) =>
      needles.flatMap((needle) => {
        const found = [];
        for (let at = folded.text.indexOf(needle); at >= 0; at = folded.text.indexOf(needle, at + needle.length)) {
          found.push([folded.from[at], folded.from[at + needle.length - 1] + 1]);
        }
        return found;
      }),
    );
  let found = find();
  if (found.every((group) => group.length === 0) && groups.some((needles) => needles.length)) {
    const normalised = chars(text.normalize("NFKC"));
    const again = foldedRuns(normalised, table);
    [cs, folded] = [normalised, again];
    found = find();
  }
  return { chars: cs, groups: found };
}

// Every place where one of `needles` stands in `text` (a string as written), as [start, end)
// in characters, earliest first; of two that overlap, the earlier (or longer).
export function locate(text, needles, table) {
  const { chars: cs, groups } = places(text, [needles], table);
  const found = groups[0].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept = [];
  for (const match of found) if (!kept.length || match[0] >= kept[kept.length - 1][1]) kept.push(match);
  return { chars: cs, matches: kept };
}

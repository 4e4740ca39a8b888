// On a report page reached from a search result (…/?q=query#section): mark every place that
// holds the query's wanted phrases, as the search found them (folded: 繁简, full and half
// width, case alike), and bring the first one into view — the first in the section the
// result pointed to, if it names one.

import { loadFold, loadMeta, locate, parseQuery, wantedNeedles } from "./query.js";

const MARK_CLASS = "archive-hit";

// The text nodes of `root` that readers see, in document order.
function textNodes(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("script, style, mark." + MARK_CLASS) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}

// Wrap each match in a text node in a <mark>; the marks, in document order.
function markMatches(root, needles, table) {
  const marks = [];
  for (const node of textNodes(root)) {
    const { chars, matches } = locate(node.data, needles, table);
    if (matches.length === 0) continue;
    const pieces = [];
    let at = 0;
    for (const [start, end] of matches) {
      pieces.push(document.createTextNode(chars.slice(at, start).join("")));
      const mark = document.createElement("mark");
      mark.className = MARK_CLASS;
      mark.textContent = chars.slice(start, end).join("");
      pieces.push(mark);
      marks.push(mark);
      at = end;
    }
    pieces.push(document.createTextNode(chars.slice(at).join("")));
    node.replaceWith(...pieces);
  }
  return marks;
}

async function start() {
  const query = new URLSearchParams(location.search).get("q");
  const article = document.querySelector("article");
  if (!query || !article || document.getElementById("search-form")) return;
  const meta = await loadMeta();
  const table = await loadFold(meta);
  const needles = wantedNeedles(parseQuery(query, table));
  if (needles.length === 0) return;
  const marks = markMatches(article, needles, table);
  const section = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  const first = (section && marks.find((mark) => section.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING)) ?? marks[0];
  first?.scrollIntoView({ block: "center" });
  document.body.dataset.searchMarks = String(marks.length);
}

start().catch((error) => console.warn("archive search marks:", error));

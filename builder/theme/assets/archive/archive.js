// Wide tables on a narrow screen. Material wraps each Markdown table of a page in a box that
// scrolls sideways (.md-typeset__scrollwrap). Where a box does scroll, it takes the keyboard
// focus (the arrow keys then scroll it), is named for screen readers, and shows that it
// scrolls (archive.css); where it does not, it is left as Material made it. Checked again
// whenever its size changes, e.g. when a phone is turned.
function tableName(wrap, number) {
  const headings = [...document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3")];
  const before = headings.filter(
    (heading) => heading.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
  const heading = before.length ? before[before.length - 1].textContent.replace("¶", "").trim() : "";
  // Numbered, so that two tables under one heading still have names of their own.
  return heading ? `表格 ${number}：${heading}` : `表格 ${number}`;
}

function markScrolling(wrap, name) {
  const scrolls = wrap.scrollWidth > wrap.clientWidth;
  wrap.classList.toggle("archive-scrolls", scrolls);
  if (scrolls) {
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", `${name}（可左右滚动）`);
  } else {
    wrap.removeAttribute("tabindex");
    wrap.removeAttribute("role");
    wrap.removeAttribute("aria-label");
  }
}

// document$: Material's signal that a page's content is in place (also after instant loading).
document$.subscribe(() => {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach((wrap, index) => {
    const name = tableName(wrap, index + 1);
    new ResizeObserver(() => markScrolling(wrap, name)).observe(wrap);
  });
});

// Material for MkDocs' inline set-up of partials/javascripts/base.html (MIT licence,
// Copyright (c) 2016-2025 Martin Donath), as a file for a strict Content-Security-Policy.
// The scope comes from the data-md-scope attribute of this script's tag.
__md_scope = new URL(document.currentScript.dataset.mdScope, location);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};

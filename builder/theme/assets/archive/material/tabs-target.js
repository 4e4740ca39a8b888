// Material for MkDocs' inline script of partials/javascripts/content.html (MIT licence,
// Copyright (c) 2016-2025 Martin Donath), as a file for a strict Content-Security-Policy:
// a link to a tab of a tabbed set opens that tab.
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));

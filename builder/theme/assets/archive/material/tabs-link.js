// Material for MkDocs' inline script of partials/javascripts/content.html with the feature
// content.tabs.link (MIT licence, Copyright (c) 2016-2025 Martin Donath), as a file for a
// strict Content-Security-Policy: opens, in every tabbed set, the tab last chosen.
var tabs = __md_get("__tabs");
if (Array.isArray(tabs))
  e: for (var set of document.querySelectorAll(".tabbed-set")) {
    var labels = set.querySelector(".tabbed-labels");
    for (var tab of tabs)
      for (var label of labels.getElementsByTagName("label"))
        if (label.innerText.trim() === tab) {
          var input = document.getElementById(label.htmlFor);
          input.checked = !0;
          continue e;
        }
  }

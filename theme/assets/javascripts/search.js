// The archive's search page: Pagefind's UI over the index built with the site. Every file it loads
// comes from this site; nothing goes to another host.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") {
    return;
  }
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "Search the archive" },
    // Each result says what kind of thing it is: a source, an explainer, an event on the timeline…
    processResult: function (result) {
      if (result.meta && result.meta.kind) {
        result.meta.title = result.meta.kind + " · " + result.meta.title;
      }
      return result;
    }
  });
  // Pagefind's input has only a placeholder; screen readers need a name that stays when typing starts.
  var input = root.querySelector("input");
  if (input) {
    input.setAttribute("aria-label", "Search the archive");
  }
  var fallback = document.querySelector(".ar-search-fallback");
  if (fallback) {
    fallback.hidden = true;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();

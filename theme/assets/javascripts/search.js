// The archive's search page: Pagefind's Component UI over the index built with the site. Every file it
// loads comes from this site; nothing goes to another host.
//
// The filter tables (kind, topic, year) are the largest part of a first search on a big archive, and
// Pagefind's UIs fetch them all as soon as they load. Here the UI loads Pagefind through
// search/pagefind.js, which holds the tables back until the reader opens "Filter by kind, topic or year".
(function () {
  "use strict";
  var root = document.getElementById("search");
  var components = window.PagefindComponents;
  if (!root || !components || !document.currentScript) {
    return;
  }
  var bundle = new URL("search/", document.currentScript.src).href;
  // Excerpts of 20 words, not 30: with the matching sections under them, a result stays a few lines long.
  var instance = components.configureInstance("default", { bundlePath: bundle, excerptLength: 20 });
  // The input's accessible name (its label, which only screen readers show).
  instance.setTranslations({ search_label: "Search the archive" });

  // Each result: what kind of thing it is (a source, an explainer, an event on the timeline…) ahead of its
  // title, then the excerpt and the sections of the page that match. Pagefind fills in this template
  // (its syntax: https://pagefind.app/docs/components/results/); its own has no place for the kind.
  var RESULT = [
    '<li class="ar-result">',
    '  <p class="ar-result-title"><a href="{{ meta.url | default(url) | safeUrl }}">',
    '{{#if meta.kind}}<span class="ar-result-kind">{{ meta.kind }} ·</span> {{/if}}<span class="ar-result-name">{{ meta.title }}</span></a></p>',
    '  {{#if excerpt}}<p class="ar-result-excerpt">{{+ excerpt +}}</p>{{/if}}',
    "  {{#if sub_results}}",
    '  <ul class="ar-result-sections">',
    "    {{#each sub_results as sub}}",
    '    <li><a href="{{ sub.url | safeUrl }}">{{ sub.title }}</a>',
    '      <span class="ar-result-excerpt">{{+ sub.excerpt +}}</span></li>',
    "    {{/each}}",
    "  </ul>",
    "  {{/if}}",
    "</li>"
  ].join("\n");
  // While a result's text loads: grey bars in place of its title and excerpt.
  var PLACEHOLDER = '<li class="ar-result ar-result-loading" aria-hidden="true"><span></span><span></span></li>';

  function element(name, attributes, children) {
    var made = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      made.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) {
      made.append(child);
    });
    return made;
  }

  function template(text, kind) {
    var script = element("script", kind ? { type: "text/pagefind-template", "data-template": kind }
                                        : { type: "text/pagefind-template" });
    script.textContent = text;
    return script;
  }

  var status = element("p", { class: "ar-search-filters-status", role: "status" });
  var filters = element("details", { class: "ar-search-filters" }, [
    element("summary", {}, ["Filter by kind, topic or year"]),
    status
  ]);
  root.append(
    element("pagefind-input", { placeholder: "Search the archive" }),
    filters,
    element("pagefind-summary"),
    element("pagefind-results", {}, [template(RESULT), template(PLACEHOLDER, "placeholder")])
  );

  // The first time the filters open: the filter pane, and the tables it shows, counted for the current query.
  var opened = false;
  filters.addEventListener("toggle", function () {
    if (!filters.open || opened) {
      return;
    }
    opened = true;
    status.textContent = "Loading the filters…";
    // Every value, even one the current query does not reach (with its count, 0). Side by side and all
    // open where there is room; on a phone, one under the other, only Kind open.
    var wide = window.matchMedia("(min-width: 45em)").matches;
    filters.append(element("pagefind-filter-pane", wide ? { "show-empty": "", expanded: "" } : { "show-empty": "", open: "kind" }));
    import(bundle + "pagefind.js")
      .then(function (pagefind) { return pagefind.loadFilters(); })
      .then(function () { return instance.triggerLoad(); })
      .then(function () { instance.triggerSearch(instance.searchTerm); })
      .catch(function () { status.textContent = "The filters could not be loaded."; });
  });
  instance.on("filters", function (counts) {
    if (opened && counts && counts.total && Object.keys(counts.total).length) {
      status.textContent = "";
    }
  });

  var fallback = document.querySelector(".ar-search-fallback");
  if (fallback) {
    fallback.hidden = true;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    instance.triggerSearch(query);
  }
})();

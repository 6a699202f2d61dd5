// Filters and sorts the full list of sources by kind, outlet and year. Without JavaScript the page is the
// same list, newest first, and the links of "By kind" lead to it. The choice is kept in the address, so a
// filtered list can be shared, and "By kind" links (?kind=…) open it filtered.
(function () {
  "use strict";
  var form = document.querySelector("form.ar-source-filters");
  var body = document.querySelector("ol.ar-source-list");
  if (!form || !body) {
    return;
  }
  var rows = Array.prototype.slice.call(body.children);
  var count = form.querySelector(".ar-filter-count");
  var fields = ["kind", "outlet", "year", "sort"];
  var orders = {
    "date-desc": function (a, b) { return compare(b.dataset.date, a.dataset.date) || compare(a.dataset.title, b.dataset.title); },
    "date-asc": function (a, b) { return compare(a.dataset.date, b.dataset.date) || compare(a.dataset.title, b.dataset.title); },
    "title": function (a, b) { return compare(a.dataset.title, b.dataset.title); },
    "outlet": function (a, b) { return compare(a.dataset.outlet.toLowerCase(), b.dataset.outlet.toLowerCase()) || compare(b.dataset.date, a.dataset.date); }
  };

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // The page comes newest first: rows are moved only when another order is chosen, and shown or hidden only
  // when that changes, so that opening the page costs no layout work at all.
  var order = "date-desc";

  function apply() {
    var chosen = {};
    fields.forEach(function (name) { chosen[name] = form.elements[name].value; });
    var shown = 0;
    rows.forEach(function (row) {
      var keep = (!chosen.kind || row.dataset.kind === chosen.kind) && (!chosen.outlet || row.dataset.outlet === chosen.outlet) &&
        (!chosen.year || row.dataset.year === chosen.year);
      if (row.hidden === keep) {
        row.hidden = !keep;
      }
      shown += keep ? 1 : 0;
    });
    var sort = orders[chosen.sort] ? chosen.sort : "date-desc";
    if (sort !== order) {
      var sorted = document.createDocumentFragment();
      rows.slice().sort(orders[sort]).forEach(function (row) { sorted.appendChild(row); });
      body.appendChild(sorted);
      order = sort;
    }
    var filtered = chosen.kind || chosen.outlet || chosen.year;
    count.textContent = filtered ? shown + " of " + rows.length + (rows.length === 1 ? " source" : " sources") : "";
    var query = new URLSearchParams();
    fields.forEach(function (name) {
      if (chosen[name] && !(name === "sort" && chosen[name] === "date-desc")) { query.set(name, chosen[name]); }
    });
    var search = query.toString();
    history.replaceState(null, "", (search ? "?" + search : window.location.pathname) + window.location.hash);
  }

  var initial = new URLSearchParams(window.location.search);
  fields.forEach(function (name) {
    var value = initial.get(name);
    var select = form.elements[name];
    if (value && Array.prototype.some.call(select.options, function (option) { return option.value === value; })) {
      select.value = value;
    }
  });
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.removeAttribute("data-ar-waiting");
  if (fields.some(function (name) { return initial.get(name); })) {
    apply();  // an address that asks for a filter or an order; plain, the page is already as it should be
  }
})();

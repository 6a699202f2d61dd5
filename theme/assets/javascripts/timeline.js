// Filters the timeline by topic and by person or group. Without JavaScript the page is the plain,
// complete list it always was: the form stays unseen and nothing else depends on this file.
(function () {
  "use strict";
  // Events off screen are laid out only as they come near (archive.css), at a guessed height until then:
  // as those just above a linked year or event are laid out, the page moves under the link's target. The
  // target is kept in view until it holds still for a few frames, or the reader scrolls, or a second passes.
  function showTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) {
      return;
    }
    var still = 0, frames = 0, last = null, stopped = false;
    function stop() {
      stopped = true;
    }
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (name) {
      window.addEventListener(name, stop, { once: true, passive: true });
    });
    (function settle() {
      if (stopped) {
        return;
      }
      var top = target.getBoundingClientRect().top;
      if (top !== last) {
        target.scrollIntoView();
        last = target.getBoundingClientRect().top;
        still = 0;
      }
      if (++still < 5 && ++frames < 60) {
        requestAnimationFrame(settle);
      }
    })();
  }
  window.addEventListener("load", showTarget);
  window.addEventListener("hashchange", showTarget);

  var form = document.querySelector("form.ar-filters");
  if (!form) {
    return;
  }
  var events = Array.prototype.slice.call(document.querySelectorAll("li.ar-event"));
  var lists = Array.prototype.slice.call(document.querySelectorAll("ol.ar-timeline"));
  var count = form.querySelector(".ar-filter-count");

  function has(element, attribute, value) {
    return !value || (" " + element.getAttribute(attribute) + " ").indexOf(" " + value + " ") !== -1;
  }

  function apply() {
    var topic = form.elements.topic.value;
    var entity = form.elements.entity.value;
    var shown = 0;
    // Only what changes is touched: opening the page unfiltered costs no layout work.
    events.forEach(function (event) {
      var visible = has(event, "data-ar-topics", topic) && has(event, "data-ar-entities", entity);
      if (event.hidden === visible) {
        event.hidden = !visible;
      }
      shown += visible ? 1 : 0;
    });
    // A year with nothing left to show loses its heading too, and its entry in the table of contents,
    // which would otherwise lead nowhere.
    lists.forEach(function (list) {
      var empty = !list.querySelector("li.ar-event:not([hidden])");
      if (list.hidden === empty) {
        return;
      }
      var heading = list.previousElementSibling;
      list.hidden = empty;
      if (heading && heading.tagName === "H2") {
        heading.hidden = empty;
        document.querySelectorAll('li.md-nav__item > a.md-nav__link[href="#' + CSS.escape(heading.id) + '"]').forEach(function (link) {
          link.parentElement.hidden = empty;
        });
      }
    });
    count.textContent = topic || entity ? shown + " of " + events.length + " events" : "";
    var query = new URLSearchParams();
    if (topic) { query.set("topic", topic); }
    if (entity) { query.set("entity", entity); }
    var search = query.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname + window.location.hash);
  }

  var initial = new URLSearchParams(window.location.search);
  ["topic", "entity"].forEach(function (name) {
    var value = initial.get(name);
    if (value && form.elements[name].querySelector('option[value="' + CSS.escape(value) + '"]')) {
      form.elements[name].value = value;
    }
  });
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.removeAttribute("data-ar-waiting");
  if (initial.get("topic") || initial.get("entity")) {
    apply();  // an address that asks for a filter; plain, the page is already the whole list
  }
})();

// A note's preview, in place: tapping or clicking a note number, or pressing Enter on it, opens the note
// just under the line that cites it (the source, the passage cited, the editor's note in short, and the
// links to the source page and the original) instead of jumping to the list of notes at the end. Escape,
// the Close button or a tap elsewhere closes it, and focus goes back to the number. Hovering keeps
// Material's own tooltip; without JavaScript the number still leads to the list.
(function () {
  "use strict";
  var opened = null;

  function close(returnFocus) {
    if (!opened) {
      return;
    }
    opened.panel.remove();
    opened.marker.setAttribute("aria-expanded", "false");
    if (returnFocus) {
      opened.marker.focus();
    }
    opened = null;
  }

  function noteOf(marker) {
    var id = decodeURIComponent(marker.hash.slice(1));
    var item = document.getElementById(id);
    return item && item.querySelector(".ar-cite");
  }

  function preview(marker, cite) {
    var panel = document.createElement("div");
    panel.className = "ar-note-preview";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "Note " + marker.textContent.trim());
    panel.tabIndex = -1;
    var body = cite.cloneNode(true);
    body.querySelectorAll(".ar-print-url").forEach(function (node) { node.remove(); });
    body.querySelectorAll("[hidden]").forEach(function (node) { node.hidden = false; });
    // A source's editor's note is written out once on the page: a later note borrows it.
    var pointer = body.querySelector(".ar-cite-note-ref");
    if (pointer) {
      var first = document.querySelector('.ar-cite[data-ar-source="' + CSS.escape(cite.dataset.arSource) + '"] .ar-cite-note');
      if (first) {
        pointer.replaceWith(first.cloneNode(true));
      }
    }
    var closer = document.createElement("button");
    closer.type = "button";
    closer.className = "ar-note-preview-close";
    closer.textContent = "Close";
    closer.addEventListener("click", function () { close(true); });
    panel.append(closer, body);  // Close first: one Tab from the preview reaches it
    return panel;
  }

  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest("a.footnote-ref");
    if (!marker) {
      if (opened && !opened.panel.contains(event.target)) {
        close(false);
      }
      return;
    }
    var cite = noteOf(marker);
    if (!cite) {
      return;
    }
    event.preventDefault();
    var same = opened && opened.marker === marker;
    close(false);
    if (same) {
      marker.focus();
      return;
    }
    var panel = preview(marker, cite);
    // Just under the number, across the column of text, over what follows: nothing on the page moves.
    var column = (marker.closest(".md-content__inner") || document.body).getBoundingClientRect();
    var line = marker.getBoundingClientRect();
    panel.style.left = column.left + window.scrollX + "px";
    panel.style.width = column.width + "px";
    panel.style.top = line.bottom + window.scrollY + 6 + "px";
    document.body.append(panel);
    marker.setAttribute("aria-expanded", "true");
    opened = { marker: marker, panel: panel };
    panel.focus({ preventScroll: true });
  });

  window.addEventListener("resize", function () { close(false); });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && opened) {
      close(true);
    }
  });
})();

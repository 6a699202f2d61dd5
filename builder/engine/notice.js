// The preview's notice of errors: while the last save left errors, the preview serves the last good site
// and this shows, on every page, what is wrong. The plugin rewrites the notice file after every save; the
// live-reload script reloads the page, and this reads the file again.
(function () {
  var script = document.currentScript;
  fetch(new URL("../../" + script.dataset.notice, script.src), { cache: "no-store" })
    .then(function (response) { return response.ok ? response.text() : ""; })
    .then(function (notice) {
      if (notice.trim()) document.body.insertAdjacentHTML("afterbegin", notice);
    })
    .catch(function () {});
})();

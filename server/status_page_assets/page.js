// Keeps the ticket status live: asks the server for <this page>.json every few seconds and
// redraws. Without JavaScript the page refreshes itself (see the <noscript> in the HTML).
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("texts").textContent);
  var main = document.querySelector("main");
  var every = Number(main.dataset.poll) * 1000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  function draw(s) {
    var status = s.status, detail = "";
    var line = texts["status." + status] || texts["status.done"];
    if (status === "waiting") {
      detail = fill(texts.ahead, { n: s.ahead }) + " · " +
        (s.wait_min > 0 ? fill(texts.wait, { min: s.wait_min }) : texts.no_wait);
    }
    main.className = status === "called" || status === "serving" ? "called" :
      status === "waiting" ? "" : "ended";
    document.getElementById("status").textContent = fill(line, { counter: s.counter || "" });
    document.getElementById("detail").textContent = detail;
    return status === "waiting" || status === "called" || status === "serving";
  }

  function poll() {
    fetch(location.pathname + ".json", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (!s || draw(s)) setTimeout(poll, every); })
      .catch(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
})();

// Keeps the ticket status live. First choice: the server's websocket, which pushes the status
// the moment it changes (hello with role "phone" and this page's ticket token). If it cannot
// connect or drops, the page asks for <this page>.json every few seconds instead, and tries
// the websocket again after a while. Without JavaScript it refreshes itself (<noscript>).
// When the visit is served while the page is open, it reloads once: the server's page then asks
// "How was your visit?" (a plain form, which works without this script too). A no-show or a
// cancelled ticket is not asked, so its page stays as it is.
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("texts").textContent);
  var main = document.querySelector("main");
  var every = Number(main.dataset.poll) * 1000;
  var token = location.pathname.split("/").pop();
  var polling = null;
  var live = true;
  var openedLive = main.className !== "ended";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  // The server chose the band (the same on every screen); this only puts it into words.
  function waitWords(band) {
    if (!band || band.low_min === 0) return texts["wait.none"];
    if (band.high_min === null) return fill(texts["wait.over"], { low: band.low_min });
    return fill(texts["wait.range"], { low: band.low_min, high: band.high_min });
  }

  function draw(s) {
    var status = s.status, detail = "";
    var line = texts["status." + status] || texts["status.done"];
    if (status === "waiting") {
      detail = fill(texts.ahead, { n: s.ahead }) + " · " + waitWords(s.wait);
    }
    main.className = status === "called" || status === "serving" ? "called" :
      status === "waiting" ? "" : "ended";
    document.getElementById("status").textContent = fill(line, { counter: s.counter || "" });
    document.getElementById("detail").textContent = detail;
    live = status === "waiting" || status === "called" || status === "serving";
    if (status === "done" && openedLive && main.dataset.rate === "1") {
      openedLive = false;
      location.reload();
    }
    return live;
  }

  function poll() {
    polling = null;
    main.dataset.live = "poll";
    fetch(location.pathname + ".json", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s && draw(s)) polling = setTimeout(poll, every); })
      .catch(function () { polling = setTimeout(poll, every); });
  }

  function connect() {
    var ws;
    try {
      ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
    } catch (e) {
      poll();
      return;
    }
    ws.onopen = function () {
      ws.send(JSON.stringify({ type: "hello", protocol: 1, role: "phone", token: token }));
    };
    ws.onmessage = function (m) {
      var frame = JSON.parse(m.data);
      if (frame.type === "welcome") {
        if (polling !== null) { clearTimeout(polling); polling = null; }
        main.dataset.live = "push";
        if (!draw(frame.snapshot.ticket)) ws.close();
      } else if (frame.type === "status") {
        if (!draw(frame)) ws.close();
      } else if (frame.type === "error") {
        ws.close();  // e.g. too many phones follow this ticket: poll instead
      }
    };
    ws.onclose = function () {
      if (!live) return;
      if (polling === null) polling = setTimeout(poll, every);
      setTimeout(connect, 6 * every);
    };
  }
  connect();
})();

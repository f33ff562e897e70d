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

  // A ticket joined from home, not here yet: [status line, detail, look], or null (a
  // walk-in's words). The same choice as server/net/remote_page.py makes for the first paint.
  function remoteWords(s) {
    var r = s.remote;
    if (!r || r.here) return null;
    if (s.status === "no_show" && r.lapses_at) return [texts["remote.lapsed"], "", "ended"];
    if (s.status !== "waiting") return null;
    if (r.passed) {
      var until = new Date(r.lapses_at).toLocaleTimeString("en-GB",
        { hour: "2-digit", minute: "2-digit", timeZone: main.dataset.tz });
      return [fill(texts["remote.passed"], { time: until }), texts["remote.passed_note"], "come"];
    }
    var ahead = fill(texts.ahead, { n: s.ahead });
    if (r.come) {
      var w = s.wait || { low_min: 0, high_min: 5 };
      var kind = w.low_min === 0 ? "none" : w.high_min === null ? "over" : "range";
      return [fill(texts["remote.come." + kind], { low: w.low_min, high: w.high_min }), ahead, "come"];
    }
    // Still at home: the wait too, so that the visitor sees why "later" (own line).
    return [fill(texts["remote.set_off"], { n: r.set_off_min }), ahead + "\n" + waitWords(s.wait), "away"];
  }

  // Once per page, when it becomes time to come (or the turn came): a short tone and a
  // buzz, for a phone lying on the table. Browsers may keep a page that was never touched
  // silent; the vibration and the words still tell.
  var alerted = {};
  var previous = null;
  function alertOnce(key) {
    if (alerted[key]) return;
    alerted[key] = true;
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      var ctx = new Ctx(), tone = ctx.createOscillator(), gain = ctx.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.3, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.8);
      tone.connect(gain).connect(ctx.destination);
      tone.start();
      tone.stop(ctx.currentTime + 0.8);
    } catch (e) { /* no sound on this browser: the words and the buzz remain */ }
  }

  function remind(s) {
    var r = s.remote, now = r && !r.here && s.status === "waiting" ?
      (r.passed ? "passed" : r.come ? "come" : "away") : null;
    // Only a change seen while the page is open: opened already at "come", it says so.
    if (previous !== null && now !== previous && (now === "come" || now === "passed")) {
      alertOnce(now);
    }
    previous = now;
  }

  function draw(s) {
    var status = s.status, detail = "";
    var line = texts["status." + status] || texts["status.done"];
    if (status === "waiting") {
      detail = fill(texts.ahead, { n: s.ahead }) + " · " + waitWords(s.wait);
    }
    line = fill(line, { counter: s.counter || "" });
    var look = status === "called" || status === "serving" ? "called" :
      status === "waiting" ? "" : "ended";
    var joined = remoteWords(s);
    if (joined) { line = joined[0]; detail = joined[1]; look = joined[2]; }
    var away = document.getElementById("remote");
    if (away) away.hidden = !(s.remote && !s.remote.here && status === "waiting");
    var giveUp = document.getElementById("give-up");
    if (giveUp) giveUp.hidden = status !== "waiting";
    remind(s);
    main.className = look;
    document.getElementById("status").textContent = line;
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

// The live part: one EventSource on /api/stream; each event goes to the log and asks the panels to refresh.
"use strict";
(function () {
  const MAX_LOG = 200;
  // The server's Retry-After for a refused stream (ADR 0049)
  const RETRY_MS = 5000;
  const log = document.getElementById("event-log");
  const streamState = document.getElementById("stream-state");
  // Events that change what the commands panel shows, besides the command's own status
  const COMMAND_EVENTS = new Set(["engine.state_changed.v1", "command.failed.v1", "command.expired.v1",
    "config.changed.v1"]);

  function describe(event) {
    const p = event.payload || {};
    const parts = ["#" + event.seq, window.AE.localTime(event.ts), event.type];
    for (const key of ["state", "side", "quantity", "price", "order_status", "status", "reason", "error"]) {
      if (p[key] !== undefined && p[key] !== null && p[key] !== "") parts.push(key + "=" + p[key]);
    }
    return parts.join(" ");
  }

  const seen = new Set();

  function append(event) {
    if (seen.has(event.seq)) return;
    seen.add(event.seq);
    const item = document.createElement("li");
    item.textContent = describe(event);
    item.dataset.type = event.type;
    log.prepend(item);
    while (log.children.length > MAX_LOG) log.lastElementChild.remove();
  }

  function onEvent(message) {
    let event;
    try { event = JSON.parse(message.data); } catch (_) { return; }
    append(event);
    document.dispatchEvent(new CustomEvent("ae-event", { detail: event }));
    // Several events often arrive together: one refresh of the panels for the lot
    window.AE.refresh("refresh-live", 100);
    if (COMMAND_EVENTS.has(event.type)) window.AE.refresh("refresh-commands", 100);
  }

  async function backfill() {
    const result = await window.AE.call("GET", "/api/events?limit=30");
    if (!result.ok) return;
    result.data.events.slice().reverse().forEach(append);
  }

  // Resume from the seq the page was rendered at, so nothing stored in between is missed
  function streamUrl() {
    const rendered = document.querySelector("#live [data-seq]");
    return rendered ? "/api/stream?after=" + encodeURIComponent(rendered.dataset.seq) : "/api/stream";
  }

  function connect() {
    const source = new EventSource(streamUrl());
    source.onopen = () => { streamState.textContent = "live"; streamState.className = "stream-state ok"; };
    source.onerror = () => {
      streamState.textContent = "reconnecting…"; streamState.className = "stream-state bad";
      // A refused reconnect closes the source for good. Logged out or expired: any authenticated call then answers
      // 401, which sends the browser to the login page. Too many open streams (429): try again a little later
      if (source.readyState === EventSource.CLOSED) {
        window.AE.call("GET", "/api/events?limit=1");
        setTimeout(connect, RETRY_MS);
      }
    };
    source.onmessage = onEvent;
  }

  // While a command is still NEW or SENT, keep refreshing just the commands panel until it settles.
  // A bot that stops appends no event: when the polled health panel shows another state than the Engine pill,
  // the live panel is refreshed so the pill never claims RUNNING for a bot that is gone
  document.body.addEventListener("htmx:afterSwap", (e) => {
    const list = e.target.querySelector && e.target.querySelector("#command-list");
    if (list && list.dataset.waiting === "true") window.AE.refresh("refresh-commands", 400);
    const bot = e.target.querySelector && e.target.querySelector("#bot-state");
    const engine = document.getElementById("engine-state");
    if (bot && engine && bot.dataset.botState !== engine.dataset.botState) window.AE.refresh("refresh-live", 100);
    // The bot publishes its unknown outcomes with its heartbeat, after the events that settle them: catch up here
    const live = document.querySelector("#live [data-unresolved]");
    const published = bot ? bot.dataset.unresolved : undefined;
    if (published !== undefined && live && published !== live.dataset.unresolved) {
      window.AE.refresh("refresh-live", 100);
    }
  });

  document.getElementById("btn-logout").addEventListener("click", async () => {
    await window.AE.call("POST", "/api/auth/logout");
    window.location.assign("/static/login.html");
  });

  backfill().finally(connect);
})();

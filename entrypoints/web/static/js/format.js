// Times in the viewer's zone and relative to the bot's clock: every <time class="when"> the server renders (UTC text
// without this script) is written as local time, and "· 12 s ago" when it carries data-relative, kept current.
"use strict";
(function () {
  const TICK_MS = 1000;
  const clockTime = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit",
                                                          hourCycle: "h23" });
  const dayTime = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit",
                                                        minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });

  // The bot's clock (the demo's runs faster than the wall's): the live panel says what it read and how fast it runs
  function serverNow() {
    const live = document.querySelector("[data-server-now]");
    if (!live) return Date.now();
    if (live.dataset.seenAt === undefined) live.dataset.seenAt = String(Date.now());
    const scale = Number(live.dataset.timeScale || "1");
    return Date.parse(live.dataset.serverNow) + (Date.now() - Number(live.dataset.seenAt)) * scale;
  }

  function localTime(iso) {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return String(iso);
    const today = new Date(serverNow()).toDateString() === at.toDateString();
    return (today ? clockTime : dayTime).format(at);
  }

  function relative(iso) {
    const seconds = Math.round((serverNow() - Date.parse(iso)) / 1000);
    const size = Math.abs(seconds);
    let text;
    if (size < 60) text = size + " s";
    else if (size < 3600) text = Math.floor(size / 60) + " min";
    else if (size < 86400) text = Math.floor(size / 3600) + " h";
    else text = Math.floor(size / 86400) + " d";
    return seconds >= 0 ? text + " ago" : "in " + text;
  }

  function show(element) {
    const iso = element.getAttribute("datetime");
    if (!iso) return;
    const text = element.hasAttribute("data-relative") ? localTime(iso) + " · " + relative(iso) : localTime(iso);
    if (element.textContent !== text) element.textContent = text;
    if (!element.dataset.localised) {
      element.title = full.format(new Date(iso)) + " (" + iso + ")";
      element.dataset.localised = "true";
    }
  }

  // A command waiting for the bot: when it expires, counted down
  function showExpiry(element) {
    const text = "expires " + relative(element.dataset.expiresAt).replace(/ ago$/, " ago (expired)");
    if (element.textContent !== text) element.textContent = text;
  }

  function showAll(root) {
    (root || document).querySelectorAll("time.when").forEach(show);
    (root || document).querySelectorAll(".expires[data-expires-at]").forEach(showExpiry);
  }

  // "0.0001" → 4, "1" → 0, "0.10" → 1: a step as the server printed it; null when unknown
  function places(step) {
    if (!step) return null;
    return (String(step).split(".")[1] || "").replace(/0+$/, "").length;
  }

  // Figures as the server prints them (entrypoints/web/views/figures.py): prices at the tick, quantities at the
  // step, money at cents or the tick's places when finer, grouped in thousands; the steps come from the live panel
  function figure(value, kind) {
    if (value === null || value === undefined || value === "") return "–";
    const live = document.querySelector("#live [data-tick-size]");
    const tick = live ? places(live.dataset.tickSize) : null;
    const step = live ? places(live.dataset.stepSize) : null;
    const decimals = kind === "money" ? Math.max(2, tick || 0) : (kind === "price" ? tick : step);
    const number = Number(value);
    if (decimals === null || !Number.isFinite(number)) return String(value);
    const shown = number.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return /^-0(\.0*)?$/.test(shown) ? shown.slice(1) : shown;
  }

  function asset() {
    const live = document.querySelector("#live [data-asset]");
    return live ? live.dataset.asset : "";
  }

  window.AE.figure = figure;
  window.AE.quoteAsset = asset;
  window.AE.localTime = localTime;
  window.AE.relativeTime = relative;
  window.AE.showTimes = showAll;
  document.body.addEventListener("htmx:afterSettle", (e) => showAll(e.target));
  setInterval(() => showAll(document), TICK_MS);
  showAll(document);
})();

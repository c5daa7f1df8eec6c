// The equity and daily-PnL chart, drawn as SVG by this script: the wallet at each day's end (a line) over the
// chosen span of days and each day's net PnL (bars), read from /api/equity and redrawn as the bot's fills arrive.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const DAY_MS = 86400000;
  const WIDTH = 1000, HEIGHT = 260, LEFT = 70, RIGHT = 16, TOP = 12, BOTTOM = 26, BARS = 70;
  // Facts that move the wallet or the day's PnL
  const MOVES = new Set(["trade.executed.v1", "fee.charged.v1", "funding.applied.v1", "balance.changed.v1",
    "fee.liquidation_charged.v1"]);
  const svg = document.getElementById("equity-chart");
  const span = document.getElementById("equity-days");
  const summary = document.getElementById("equity-summary");
  let timer = null;

  function el(name, attributes, text) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function dayMs(iso) { return Date.parse(iso + "T00:00:00Z"); }

  // One value per calendar day of the span: a day without activity keeps the wallet of the day before it
  function series(page, days) {
    const rows = new Map(page.days.map((d) => [dayMs(d.day), d]));
    const last = dayMs(page.as_of.slice(0, 10));
    const oldest = page.days.length ? page.days[page.days.length - 1] : null;
    let equity = oldest && oldest.equity !== null ? Number(oldest.equity) - Number(oldest.net) : null;
    if (page.days.length === 0 && page.wallet_balance !== null) equity = Number(page.wallet_balance);
    const points = [];
    for (let at = last - (days - 1) * DAY_MS; at <= last; at += DAY_MS) {
      const row = rows.get(at);
      if (row && row.equity !== null) equity = Number(row.equity);
      points.push({ at, equity, net: row ? Number(row.net) : 0, row });
    }
    return points;
  }

  function label(value, places) {
    return value.toLocaleString(undefined, { minimumFractionDigits: places, maximumFractionDigits: places });
  }

  function draw(page, days) {
    const points = series(page, days);
    const known = points.filter((p) => p.equity !== null).map((p) => p.equity);
    const nets = points.map((p) => p.net);
    svg.replaceChildren();
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
    const plotWidth = WIDTH - LEFT - RIGHT, lineHeight = HEIGHT - TOP - BOTTOM - BARS;
    const x = (i) => LEFT + (points.length === 1 ? plotWidth / 2 : (i * plotWidth) / (points.length - 1));
    let low = Math.min(...known), high = Math.max(...known);
    if (!known.length) { low = 0; high = 1; }
    if (high - low < 1e-9) { low -= 1; high += 1; }
    const y = (v) => TOP + ((high - v) * lineHeight) / (high - low);
    const asset = page.asset || "";
    svg.append(el("text", { x: 4, y: y(high) + 4, class: "axis" }, label(high, 2)));
    svg.append(el("text", { x: 4, y: y(low) + 4, class: "axis" }, label(low, 2)));
    svg.append(el("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y(high), y2: y(high), class: "grid-line" }));
    svg.append(el("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y(low), y2: y(low), class: "grid-line" }));
    // Daily net PnL: bars around a zero line under the equity line
    const zero = HEIGHT - BOTTOM - BARS / 2, reach = Math.max(...nets.map(Math.abs), 1e-9);
    svg.append(el("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: zero, y2: zero, class: "grid-line" }));
    svg.append(el("text", { x: 4, y: zero + 4, class: "axis" }, "PnL/day"));
    const barWidth = Math.max(2, Math.min(24, plotWidth / points.length - 2));
    points.forEach((p, i) => {
      if (!p.net) return;
      const size = (Math.abs(p.net) * (BARS / 2 - 2)) / reach;
      const bar = el("rect", { x: x(i) - barWidth / 2, y: p.net > 0 ? zero - size : zero, width: barWidth,
                               height: Math.max(size, 1), class: p.net > 0 ? "bar-up" : "bar-down" });
      bar.append(el("title", {}, new Date(p.at).toISOString().slice(0, 10) + ": " + label(p.net, 4) + " " + asset));
      svg.append(bar);
    });
    const path = points.map((p, i) => (p.equity === null ? null : [x(i), y(p.equity)])).filter(Boolean);
    if (path.length) {
      svg.append(el("polyline", { points: path.map((xy) => xy.join(",")).join(" "), class: "equity-line" }));
      const end = path[path.length - 1];
      svg.append(el("circle", { cx: end[0], cy: end[1], r: 3.5, class: "equity-dot" }));
    }
    const ticks = [0, Math.floor((points.length - 1) / 2), points.length - 1];
    for (const i of new Set(ticks)) {
      const text = new Date(points[i].at).toLocaleDateString(undefined, { month: "short", day: "numeric",
                                                                          timeZone: "UTC" });
      svg.append(el("text", { x: x(i), y: HEIGHT - 6, class: "axis", "text-anchor": "middle" }, text));
    }
    const now = page.wallet_balance === null ? null : Number(page.wallet_balance);
    const change = points.reduce((sum, p) => sum + p.net, 0);
    svg.dataset.points = String(path.length);
    svg.dataset.days = String(points.length);
    svg.dataset.lastEquity = page.wallet_balance === null ? "" : page.wallet_balance;
    summary.textContent = now === null ? "No wallet reported yet" :
      "Wallet " + label(now, 2) + " " + asset + " · net PnL over " + days + " days " +
      (change >= 0 ? "+" : "") + label(change, 4) + " " + asset;
  }

  async function load() {
    const days = Number(span.value);
    const result = await window.AE.call("GET", "/api/equity?days=" + days);
    if (!result.ok) { summary.textContent = "Could not load the equity: " + window.AE.problem(result); return; }
    draw(result.data, days);
  }

  document.addEventListener("ae-event", (e) => {
    if (!MOVES.has(e.detail.type)) return;
    clearTimeout(timer);
    timer = setTimeout(load, 300);
  });
  span.addEventListener("change", load);
  load();
})();

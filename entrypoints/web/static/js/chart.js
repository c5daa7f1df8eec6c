// The price chart: the candles the bot last read with the bot's fills marked on them, or, before the bot
// published any, the fills alone as a price line. Also keeps the position card's mark and its age current.
"use strict";
(function () {
  const container = document.getElementById("chart");
  const LWC = window.LightweightCharts;
  if (!container || !LWC) return;
  const MARKET_EVERY_MS = 5000;  // the bot refreshes its mark every 5 s: polling faster shows nothing new

  const chart = LWC.createChart(container, {
    autoSize: true,
    layout: { background: { color: "#111827" }, textColor: "#d1d5db" },
    grid: { vertLines: { color: "#1f2937" }, horzLines: { color: "#1f2937" } },
    timeScale: { timeVisible: true, secondsVisible: true },
  });
  const candles = chart.addSeries(LWC.CandlestickSeries, {
    upColor: "#22c55e", downColor: "#ef4444", wickUpColor: "#22c55e", wickDownColor: "#ef4444", borderVisible: false,
  });
  const line = chart.addSeries(LWC.LineSeries, { color: "#60a5fa", lineWidth: 2 });
  const candleMarkers = LWC.createSeriesMarkers(candles, []);
  const lineMarkers = LWC.createSeriesMarkers(line, []);
  const fills = new Map();
  let bars = [];

  const seconds = (iso) => Math.floor(Date.parse(iso) / 1000);

  function marker(p, time) {
    const buy = p.side === "BUY";
    return { time, position: buy ? "belowBar" : "aboveBar", color: buy ? "#22c55e" : "#ef4444",
             shape: buy ? "arrowUp" : "arrowDown", text: p.side + " " + p.qty };
  }

  function drawCandles(sorted) {
    const first = bars[0].time;
    const step = bars.length > 1 ? bars[bars.length - 1].time - bars[bars.length - 2].time : 60;
    const known = new Set(bars.map((b) => b.time));
    // A fill goes on the candle it happened in; one in the still open candle gets an empty slot of its own
    const placed = sorted.filter((p) => p.time >= first)
      .map((p) => ({ p, time: first + Math.floor((p.time - first) / step) * step }));
    const open = [...new Set(placed.map((m) => m.time).filter((t) => !known.has(t)))].map((time) => ({ time }));
    candles.setData(bars.concat(open).sort((a, b) => a.time - b.time));
    candleMarkers.setMarkers(placed.map((m) => marker(m.p, m.time)));
    line.setData([]);
    lineMarkers.setMarkers([]);
  }

  function drawFills(sorted) {
    // The line needs one value per time: the last fill of each second wins
    const byTime = new Map();
    sorted.forEach((p) => byTime.set(p.time, p));
    line.setData(Array.from(byTime.values()).map((p) => ({ time: p.time, value: p.price })));
    lineMarkers.setMarkers(sorted.map((p) => marker(p, p.time)));
    candles.setData([]);
    candleMarkers.setMarkers([]);
  }

  function redraw() {
    const sorted = Array.from(fills.values()).sort((a, b) => a.time - b.time);
    if (bars.length) drawCandles(sorted); else drawFills(sorted);
    chart.timeScale().fitContent();
    // What is drawn, for people reading the page's source and for the browser tests (a canvas says nothing)
    container.dataset.candles = String(bars.length);
    container.dataset.fills = String(sorted.length);
  }

  function add(trade) {
    if (!trade || trade.price === undefined || trade.price === null || !trade.executed_at) return;
    fills.set(trade.trade_id, { time: seconds(trade.executed_at), price: Number(trade.price), side: trade.side,
                                qty: trade.quantity });
  }

  function setText(id, text) {
    const element = document.getElementById(id);
    if (element) element.textContent = text;
  }

  function showMark(market) {
    if (market.mark_price === null) return;
    setText("position-mark-label", market.mark_source === "mark" ? "Mark" : "Last fill (no mark yet)");
    setText("position-mark", window.AE.figure(market.mark_price, "price"));
    if (market.mark_age_ms !== null) setText("position-mark-age", (market.mark_age_ms / 1000).toFixed(1) + " s ago");
    const upnl = document.getElementById("position-upnl");
    if (upnl && market.unrealized_pnl !== null) {
      upnl.textContent = window.AE.figure(market.unrealized_pnl, "money") + " " + window.AE.quoteAsset();
      upnl.className = market.unrealized_pnl.startsWith("-") ? "neg" : "";
    }
  }

  async function loadMarket() {
    const result = await window.AE.call("GET", "/api/dashboard/market");
    if (!result.ok) return;
    bars = result.data.candles.map((c) => ({ time: seconds(c.open_time), open: Number(c.open),
                                             high: Number(c.high), low: Number(c.low), close: Number(c.close) }));
    showMark(result.data);
    redraw();
  }

  document.addEventListener("ae-event", (e) => {
    if (e.detail.type !== "trade.executed.v1") return;
    add(e.detail.payload);
    redraw();
  });

  window.AE.call("GET", "/api/events?type=trade.executed.v1&limit=500").then((result) => {
    if (!result.ok) return;
    result.data.events.forEach((event) => add(event.payload));
    redraw();
  });
  loadMarket();
  setInterval(loadMarket, MARKET_EVERY_MS);
})();

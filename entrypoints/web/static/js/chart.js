// The price chart: the bot's fills as a price line, each fill marked with an arrow (no klines are recorded).
"use strict";
(function () {
  const container = document.getElementById("chart");
  const LWC = window.LightweightCharts;
  if (!container || !LWC) return;

  const chart = LWC.createChart(container, {
    autoSize: true,
    layout: { background: { color: "#111827" }, textColor: "#d1d5db" },
    grid: { vertLines: { color: "#1f2937" }, horzLines: { color: "#1f2937" } },
    timeScale: { timeVisible: true, secondsVisible: true },
  });
  const series = chart.addSeries(LWC.LineSeries, { color: "#60a5fa", lineWidth: 2 });
  const markers = LWC.createSeriesMarkers(series, []);
  const fills = new Map();

  function point(trade) {
    return { time: Math.floor(Date.parse(trade.executed_at) / 1000), price: Number(trade.price), side: trade.side,
             qty: trade.quantity };
  }

  function redraw() {
    const sorted = Array.from(fills.values()).sort((a, b) => a.time - b.time);
    // The chart needs one value per time: the last fill of each second wins
    const byTime = new Map();
    sorted.forEach((p) => byTime.set(p.time, p));
    series.setData(Array.from(byTime.values()).map((p) => ({ time: p.time, value: p.price })));
    markers.setMarkers(sorted.map((p) => ({
      time: p.time,
      position: p.side === "BUY" ? "belowBar" : "aboveBar",
      color: p.side === "BUY" ? "#22c55e" : "#ef4444",
      shape: p.side === "BUY" ? "arrowUp" : "arrowDown",
      text: p.side + " " + p.qty,
    })));
    chart.timeScale().fitContent();
  }

  function add(trade) {
    if (!trade || trade.price === undefined || !trade.executed_at) return;
    fills.set(trade.trade_id, point(trade));
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
})();

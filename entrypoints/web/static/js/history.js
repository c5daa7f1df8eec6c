// Trade history: pages of /api/trades newest first, filtered by side and a date range in the viewer's zone; "Older"
// follows the page's cursor, "Newest" starts again. Figures are printed as the live panel prints them.
"use strict";
(function () {
  const PAGE = 25;
  const form = document.getElementById("history-form");
  const body = document.querySelector("#history-table tbody");
  const status = document.getElementById("history-status");
  const older = document.getElementById("btn-history-older");
  const newest = document.getElementById("btn-history-newest");
  const figure = window.AE.figure;
  let cursors = [];

  function query(before) {
    const data = new FormData(form);
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (data.get("side")) params.set("side", data.get("side"));
    // A date picked is a day in the viewer's zone: from its start to the end of the "to" day
    if (data.get("from")) params.set("from", new Date(data.get("from") + "T00:00:00").toISOString());
    if (data.get("to")) params.set("to", new Date(new Date(data.get("to") + "T00:00:00").getTime() + 86400000).toISOString());
    if (before) params.set("before", before);
    return "/api/trades?" + params.toString();
  }

  function cell(text, title) {
    const td = document.createElement("td");
    td.textContent = text;
    if (title) td.title = title;
    return td;
  }

  function render(page) {
    body.replaceChildren();
    for (const trade of page.trades) {
      const row = document.createElement("tr");
      row.dataset.tradeId = String(trade.trade_id);
      const when = document.createElement("time");
      when.className = "when";
      when.setAttribute("datetime", trade.executed_at);
      when.textContent = trade.executed_at;
      const at = document.createElement("td");
      at.append(when);
      row.append(at, cell(String(trade.trade_id)), cell(trade.side || "–"), cell(figure(trade.quantity, "qty")),
                 cell(figure(trade.price, "price")), cell(figure(trade.realized_pnl, "money"), trade.realized_pnl),
                 cell(figure(trade.fee, "money") + " " + (trade.fee_asset || ""), trade.fee));
      body.append(row);
    }
    if (!page.trades.length) {
      const row = document.createElement("tr");
      const td = cell("No trades match");
      td.colSpan = 7;
      td.className = "muted";
      row.append(td);
      body.append(row);
    }
    window.AE.showTimes(body);
    older.disabled = page.next_before === null;
    newest.disabled = cursors.length === 0;
    status.textContent = "Page " + (cursors.length + 1) + (page.next_before === null ? " (the oldest)" : "");
    status.className = "status";
    older.dataset.next = page.next_before || "";
  }

  async function load(before) {
    const result = await window.AE.call("GET", query(before));
    if (!result.ok) { status.textContent = window.AE.problem(result); status.className = "status bad"; return; }
    render(result.data);
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); cursors = []; load(null); });
  older.addEventListener("click", () => { cursors.push(older.dataset.next); load(older.dataset.next); });
  newest.addEventListener("click", () => { cursors = []; load(null); });
  // New fills show on the first page only: a reader of older pages keeps their place
  document.addEventListener("ae-event", (e) => {
    if (e.detail.type === "trade.executed.v1" && cursors.length === 0) window.AE.refresh("refresh-history", 300);
  });
  document.body.addEventListener("refresh-history", () => { if (cursors.length === 0) load(null); });
  load(null);
})();

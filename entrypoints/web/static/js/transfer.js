// The transfer panel: asks to confirm, queues one Transfer command (a fresh second factor is asked for by api.js), and
// shows the spot wallet as the last settled transfer read it.
"use strict";
(function () {
  const form = document.getElementById("transfer-form");
  if (!form) return;
  const confirmBox = document.getElementById("transfer-confirm");
  const question = document.getElementById("transfer-question");
  const status = document.getElementById("transfer-status");
  const spot = document.getElementById("transfer-spot");
  let pending = null;

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "status bad" : "status";
  }

  async function showSpot() {
    const result = await window.AE.call("GET", "/api/commands?status=ACK&limit=100");
    if (!result.ok) return;
    const last = result.data.commands.find((c) => c.type === "Transfer" && c.result && c.result.spot_balance);
    if (!last) return;
    spot.textContent = last.result.spot_balance + " " + last.result.asset + " (read " + last.result.spot_read_at + ")";
    spot.className = "";
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const amount = document.getElementById("transfer-amount").value.trim();
    const asset = document.getElementById("transfer-asset").value.trim();
    const direction = document.getElementById("transfer-direction").value;
    if (!/^[0-9]+(\.[0-9]{1,8})?$/.test(amount) || Number(amount) <= 0) {
      say("amount: must be more than 0 with at most 8 decimals", true);
      return;
    }
    pending = { direction, asset, amount };
    question.textContent = "Move " + amount + " " + asset + (direction === "TO_FUTURES" ? " from spot to futures?" : " from futures to spot?");
    confirmBox.hidden = false;
  });
  document.getElementById("btn-transfer-cancel").addEventListener("click", () => { confirmBox.hidden = true; pending = null; });
  document.getElementById("btn-transfer-confirm").addEventListener("click", async () => {
    confirmBox.hidden = true;
    if (!pending) return;
    const payload = pending;
    pending = null;
    say("Transfer: sending…");
    const result = await window.AE.call("POST", "/api/commands", { type: "Transfer", payload });
    if (!result.ok) {
      say("Transfer refused: " + window.AE.problem(result), true);
      return;
    }
    say("Transfer queued (" + result.data.status + "); the commands panel shows when the bot has made it.");
    window.AE.refresh("refresh-commands");
  });
  // A settled transfer changes the spot wallet: look again whenever the commands panel is redrawn
  document.body.addEventListener("htmx:afterSwap", (e) => { if (e.target && e.target.id === "commands") showSpot(); });
  showSpot();
})();

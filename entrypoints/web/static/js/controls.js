// The control buttons: each posts one command and then follows it in the commands panel until it ends (ACK, FAILED or EXPIRED).
"use strict";
(function () {
  const status = document.getElementById("control-status");
  const confirmBox = document.getElementById("close-confirm");

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "status bad" : "status";
  }

  async function issue(type, payload) {
    say(type + ": sending…");
    const body = payload === undefined ? { type } : { type, payload };
    const result = await window.AE.call("POST", "/api/commands", body);
    if (!result.ok) {
      say(type + " refused: " + window.AE.problem(result), true);
      return;
    }
    const expires = result.data.expires_at ? ", expires " + result.data.expires_at + " unless the bot takes it" : "";
    say(type + " queued (" + result.data.status + expires + "); the commands panel shows when the bot has it.");
    window.AE.refresh("refresh-commands");
  }

  document.querySelectorAll("button[data-command]").forEach((button) => {
    button.addEventListener("click", () => {
      if (button.dataset.command === "ClosePosition") confirmBox.hidden = true;
      issue(button.dataset.command);
    });
  });

  // An order whose outcome is unknown (ADR 0048): its row in the live panel, which htmx replaces, offers the cancel
  document.addEventListener("click", (e) => {
    const button = e.target.closest && e.target.closest("button[data-cancel-client-id]");
    if (!button) return;
    const id = button.dataset.cancelClientId;
    const asked = "Cancel order " + id + "? If the exchange has no such order, the bot takes it as never placed.";
    if (!window.confirm(asked)) return;
    issue("CancelOrder", { client_order_id: id, conditional: button.dataset.conditional === "true" });
  });

  // Closing is the one control that trades at market: it asks first
  document.getElementById("btn-close").addEventListener("click", () => { confirmBox.hidden = false; });
  document.getElementById("btn-close-cancel").addEventListener("click", () => { confirmBox.hidden = true; });

  // Only an admin's page has the leverage form (ADR 0080)
  const leverageForm = document.getElementById("leverage-form");
  if (leverageForm) leverageForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const leverage = Number(document.getElementById("leverage-input").value);
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) {
      say("Leverage must be a whole number from 1 to 125", true);
      return;
    }
    issue("SetLeverage", { leverage });
  });
})();

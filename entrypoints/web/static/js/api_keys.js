// The admin's API key panel: every key from /api/keys, each live one with a Revoke button (a second click confirms).
// Every value goes in through textContent: a label is whatever its maker typed.
"use strict";
(function () {
  const table = document.getElementById("key-table");
  if (!table) return;  // only admins get the panel
  const body = table.querySelector("tbody");
  const status = document.getElementById("key-status");

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "status bad" : "status";
  }

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined || text === "" ? "–" : String(text);
    row.appendChild(td);
    return td;
  }

  function revokeButton(key) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "danger";
    button.textContent = "Revoke";
    button.dataset.keyId = key.key_id;
    button.addEventListener("click", async () => {
      if (button.dataset.armed !== "yes") {
        button.dataset.armed = "yes";
        button.textContent = "Really revoke " + key.key_id + "?";
        return;
      }
      button.disabled = true;
      const result = await window.AE.call("DELETE", "/api/keys/" + encodeURIComponent(key.key_id));
      if (!result.ok) { say("Not revoked: " + window.AE.problem(result), true); button.disabled = false; return; }
      say("Revoked " + key.key_id + " of " + key.user + ": its next request is refused.");
      load();
    });
    return button;
  }

  function show(keys) {
    body.replaceChildren();
    keys.forEach((key) => {
      const row = document.createElement("tr");
      row.dataset.keyId = key.key_id;
      [key.key_id, key.user, key.label, key.role, key.status, key.expires_at, key.last_used_at, key.last_used_from]
        .forEach((value) => cell(row, value));
      const action = cell(row, "");
      action.textContent = "";
      if (key.status === "active") action.appendChild(revokeButton(key));
      body.appendChild(row);
    });
    if (!keys.length) say("No API keys: make one with `alphaengine user api-key NAME`.");
  }

  async function load() {
    const result = await window.AE.call("GET", "/api/keys");
    if (!result.ok) { say("Could not list the keys: " + window.AE.problem(result), true); return; }
    show(result.data.keys);
  }

  document.getElementById("btn-keys-reload").addEventListener("click", () => { say(""); load(); });
  load();
})();

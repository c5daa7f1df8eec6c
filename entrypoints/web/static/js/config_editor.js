// The JSON view of the settings: load a section with its version, check the JSON, save with expected_version (409 = conflict).
"use strict";
(function () {
  const key = document.getElementById("config-key");
  const value = document.getElementById("config-value");
  const version = document.getElementById("config-version");
  const status = document.getElementById("config-status");
  let loadedVersion = null;

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "status bad" : "status";
  }

  async function load() {
    const result = await window.AE.call("GET", "/api/config/" + encodeURIComponent(key.value));
    if (!result.ok) { say("Could not load " + key.value + ": " + window.AE.problem(result), true); return; }
    loadedVersion = result.data.version;
    version.textContent = String(loadedVersion);
    value.value = JSON.stringify(result.data.value, null, 2);
    say("Loaded " + key.value + " version " + loadedVersion);
  }

  async function save(e) {
    e.preventDefault();
    let parsed;
    try { parsed = JSON.parse(value.value); } catch (err) { say("Not valid JSON: " + err.message, true); return; }
    const result = await window.AE.call("PUT", "/api/config/" + encodeURIComponent(key.value),
                                        { value: parsed, expected_version: loadedVersion });
    if (result.status === 409) {
      say("Version conflict: " + window.AE.problem(result) + " — press Reload to see the current value", true);
      return;
    }
    if (!result.ok) { say("Not saved: " + window.AE.problem(result), true); return; }
    loadedVersion = result.data.version;
    version.textContent = String(loadedVersion);
    value.value = JSON.stringify(result.data.value, null, 2);
    say("Saved " + key.value + " as version " + loadedVersion);
    document.dispatchEvent(new CustomEvent("ae-config-saved", { detail: "json" }));
    window.AE.refresh("refresh-live");
  }

  key.addEventListener("change", load);
  // The settings form saved: its version is the one to expect now
  document.addEventListener("ae-config-saved", (e) => { if (e.detail !== "json") load(); });
  document.getElementById("btn-config-reload").addEventListener("click", load);
  document.getElementById("config-form").addEventListener("submit", save);
  load();
})();

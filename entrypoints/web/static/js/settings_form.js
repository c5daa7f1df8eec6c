// The settings form: inputs generated from the settings schema (data-forms on #config), filled from the stored
// section, saved with expected_version; the server's refusal is shown next to the field it names (value.<name>).
"use strict";
(function () {
  const section = document.getElementById("config");
  const forms = JSON.parse(section.dataset.forms);
  const key = document.getElementById("config-key");
  const form = document.getElementById("settings-form");
  const fieldsBox = document.getElementById("settings-fields");
  const status = document.getElementById("settings-status");
  let loaded = null;

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "status bad" : "status";
  }

  function make(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) if (value !== null && value !== undefined) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function row(path, labelText, input, hint) {
    input.id = "setting-" + path.replace(/\./g, "-");
    input.dataset.path = path;
    const wrap = make("div", { class: "setting", "data-field": "value." + path });
    wrap.append(make("label", { for: input.id }, labelText), input);
    if (hint) wrap.append(make("span", { class: "muted hint" }, hint));
    wrap.append(make("span", { class: "field-error", role: "alert" }));
    return wrap;
  }

  function inputFor(spec, value) {
    if (spec.kind === "choice") {
      const select = make("select", {});
      for (const choice of spec.choices) select.append(make("option", { value: choice }, choice));
      select.value = value;
      return select;
    }
    const input = make("input", { type: "text", inputmode: spec.kind === "text" ? null : "decimal",
                                  autocomplete: "off", spellcheck: "false" });
    input.value = value === null || value === undefined ? "" : String(value);
    return input;
  }

  // A strategy's parameters: one input per stored name, its JSON type kept (number, true/false, text)
  function paramRows(name, params) {
    const box = make("fieldset", { class: "params" });
    box.append(make("legend", {}, name));
    for (const [param, value] of Object.entries(params || {})) {
      const input = inputFor({ kind: typeof value === "string" ? "text" : "number" }, value);
      input.dataset.type = typeof value;
      box.append(row(name + "." + param, param, input, null));
    }
    if (!Object.keys(params || {}).length) box.append(make("p", { class: "muted" }, "No parameters"));
    return box;
  }

  function build(value) {
    fieldsBox.replaceChildren();
    for (const spec of forms[key.value]) {
      if (spec.kind === "params") { fieldsBox.append(paramRows(spec.name, value[spec.name])); continue; }
      fieldsBox.append(row(spec.name, spec.name.replace(/_/g, " "), inputFor(spec, value[spec.name]), spec.hint));
    }
  }

  function typed(input) {
    const text = input.value.trim();
    if (input.dataset.type === "number" && text !== "" && !Number.isNaN(Number(text))) return Number(text);
    if (input.dataset.type === "boolean" && (text === "true" || text === "false")) return text === "true";
    if (input.tagName === "SELECT") return input.value;
    const spec = forms[key.value].find((s) => s.name === input.dataset.path);
    // Integers travel as JSON numbers; decimals as strings, as the settings store them
    if (spec && spec.kind === "integer" && /^-?\d+$/.test(text)) return Number(text);
    return text;
  }

  function value() {
    const result = JSON.parse(JSON.stringify(loaded.value));
    fieldsBox.querySelectorAll("[data-path]").forEach((input) => {
      const path = input.dataset.path.split(".");
      let node = result;
      for (const part of path.slice(0, -1)) node = node[part];
      node[path[path.length - 1]] = typed(input);
    });
    return result;
  }

  function clearErrors() {
    fieldsBox.querySelectorAll(".setting").forEach((wrap) => {
      wrap.classList.remove("invalid");
      wrap.querySelector(".field-error").textContent = "";
    });
  }

  // The refusal names its field (value.daily_loss_limit, value.params.fast): shown there, else under the form
  function showRefusal(result) {
    const field = result.data && result.data.field;
    const wrap = field ? fieldsBox.querySelector('[data-field="' + CSS.escape(field) + '"]') : null;
    if (wrap) {
      wrap.classList.add("invalid");
      wrap.querySelector(".field-error").textContent = result.data.error;
      say("Not saved: fix the field marked", true);
    } else {
      say("Not saved: " + window.AE.problem(result), true);
    }
  }

  async function load() {
    const result = await window.AE.call("GET", "/api/config/" + encodeURIComponent(key.value));
    if (!result.ok) { say("Could not load " + key.value + ": " + window.AE.problem(result), true); return; }
    loaded = result.data;
    build(loaded.value);
    say("Loaded " + key.value + " version " + loaded.version);
  }

  async function save(e) {
    e.preventDefault();
    clearErrors();
    const result = await window.AE.call("PUT", "/api/config/" + encodeURIComponent(key.value),
                                        { value: value(), expected_version: loaded.version });
    if (result.status === 409) { say("Version conflict: " + window.AE.problem(result) + " — press Reload", true); return; }
    if (!result.ok) { showRefusal(result); return; }
    loaded = result.data;
    build(loaded.value);
    say("Saved " + key.value + " as version " + loaded.version);
    document.dispatchEvent(new CustomEvent("ae-config-saved", { detail: "form" }));
    window.AE.refresh("refresh-live");
  }

  key.addEventListener("change", load);
  document.getElementById("btn-settings-reload").addEventListener("click", load);
  document.addEventListener("ae-config-saved", (e) => { if (e.detail !== "form") load(); });
  form.addEventListener("submit", save);
  load();
})();

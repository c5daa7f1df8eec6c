// Shared by the dashboard scripts: authenticated JSON calls with the CSRF header, and page-wide refresh signals.
"use strict";
(function () {
  const CSRF_COOKIES = ["__Host-alphaengine_csrf", "alphaengine_csrf"];

  function csrfToken() {
    const cookies = Object.fromEntries(document.cookie.split("; ").filter(Boolean).map((c) => {
      const at = c.indexOf("=");
      return [c.slice(0, at), decodeURIComponent(c.slice(at + 1))];
    }));
    const name = CSRF_COOKIES.find((n) => cookies[n]);
    return name ? cookies[name] : "";
  }

  async function send(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
    const response = await fetch(path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && !path.startsWith("/api/auth/")) window.location.assign("/static/login.html");
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    return { ok: response.ok, status: response.status, data };
  }

  // A dangerous action refused for want of a fresh second factor: ask for it, confirm the session, try once more
  async function stepUp(refusal) {
    const state = await send("GET", "/api/auth/totp");
    const field = state.ok && state.data.enabled ? "code" : "password";
    const asked = field === "code" ? "the code from your authenticator app (or a recovery code)" : "your password";
    const answer = window.prompt(refusal.data.error + "\n\nEnter " + asked + ":");
    if (!answer) return false;
    const confirmed = await send("POST", "/api/auth/confirm", { [field]: answer });
    if (!confirmed.ok) window.alert("Not confirmed: " + problem(confirmed));
    return confirmed.ok;
  }

  async function call(method, path, body) {
    const result = await send(method, path, body);
    if (result.status === 403 && result.data && result.data.reason === "step_up_required" && await stepUp(result)) {
      return send(method, path, body);
    }
    return result;
  }

  // htmx panels listen for these on <body> (hx-trigger="refresh-live from:body")
  const timers = {};
  function refresh(name, delayMs) {
    clearTimeout(timers[name]);
    timers[name] = setTimeout(() => document.body.dispatchEvent(new CustomEvent(name)), delayMs || 0);
  }

  function problem(result) {
    return (result.data && result.data.error) || ("HTTP " + result.status);
  }

  window.AE = { call, csrfToken, refresh, problem };
})();

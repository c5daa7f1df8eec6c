// Shared by the dashboard scripts: authenticated JSON calls with the CSRF header, page-wide refresh signals, and the
// session kept alive while the user is active (ADR 0083: 15-minute access tokens, renewed by the refresh cookie).
"use strict";
(function () {
  const CSRF_COOKIES = ["__Host-alphaengine_csrf", "alphaengine_csrf"];
  const LOGIN_PAGE = "/static/login.html";
  // Well inside the access token's 15 minutes; an idle page is left to run into the server's idle timeout
  const RENEW_AFTER_MS = 5 * 60 * 1000;
  const LOOK_EVERY_MS = 30 * 1000;
  let lastInput = 0;
  let lastRefresh = Date.now();
  let refreshing = null;

  function active() { return lastInput > lastRefresh; }

  // One refresh at a time per page. 409: another tab refreshed a moment ago and the cookies it got are ours too
  function refreshSession() {
    if (!refreshing) {
      refreshing = fetch("/api/auth/refresh", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json" }, body: "{}",
      }).then((r) => r.ok || r.status === 409, () => false).then((ok) => {
        refreshing = null;
        lastRefresh = Date.now();
        return ok;
      });
    }
    return refreshing;
  }

  // An expired access token is renewed once if the user has been active since the last renewal; else log in
  async function renewOrLogIn() {
    if (active() && await refreshSession()) return true;
    window.location.assign(LOGIN_PAGE);
    return false;
  }

  ["pointerdown", "keydown", "wheel", "touchstart"].forEach((type) => {
    document.addEventListener(type, () => { lastInput = Date.now(); }, { passive: true, capture: true });
  });
  setInterval(() => {
    if (active() && Date.now() - lastRefresh >= RENEW_AFTER_MS) {
      refreshSession().then((ok) => { if (!ok) window.location.assign(LOGIN_PAGE); });
    }
  }, LOOK_EVERY_MS);
  // htmx panels get a 401 once the token has expired: renew it (if active) and let the next refresh signal redraw
  document.addEventListener("htmx:responseError", (e) => {
    if (e.detail && e.detail.xhr && e.detail.xhr.status === 401) renewOrLogIn();
  });

  function csrfToken() {
    const cookies = Object.fromEntries(document.cookie.split("; ").filter(Boolean).map((c) => {
      const at = c.indexOf("=");
      return [c.slice(0, at), decodeURIComponent(c.slice(at + 1))];
    }));
    const name = CSRF_COOKIES.find((n) => cookies[n]);
    return name ? cookies[name] : "";
  }

  function send(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
    return fetch(path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  // A 401 renews the session once (if the user is active), else goes to the login page; the auth routes answer
  // 401 for a wrong password or code, which is theirs to show
  async function request(method, path, body) {
    const own = path.startsWith("/api/auth/");
    let response = await send(method, path, body);
    if (response.status === 401 && !own && await renewOrLogIn()) response = await send(method, path, body);
    if (response.status === 401 && !own) window.location.assign(LOGIN_PAGE);
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    return { ok: response.ok, status: response.status, data };
  }

  // A dangerous action refused for want of a fresh second factor: ask for it, confirm the session, try once more
  async function stepUp(refusal) {
    const state = await request("GET", "/api/auth/totp");
    const field = state.ok && state.data.enabled ? "code" : "password";
    const asked = field === "code" ? "the code from your authenticator app (or a recovery code)" : "your password";
    const answer = window.prompt(refusal.data.error + "\n\nEnter " + asked + ":");
    if (!answer) return false;
    const confirmed = await request("POST", "/api/auth/confirm", { [field]: answer });
    if (!confirmed.ok) window.alert("Not confirmed: " + problem(confirmed));
    return confirmed.ok;
  }

  async function call(method, path, body) {
    const result = await request(method, path, body);
    if (result.status === 403 && result.data && result.data.reason === "step_up_required" && await stepUp(result)) {
      return request(method, path, body);
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

  window.AE = { call, csrfToken, refresh, problem, refreshSession };
})();

// The login: the password, then (for a user with TOTP) the code against the server's challenge; a trader or admin
// who must have a second factor and has none enrols here before going to / (ADR 0085).
"use strict";
(function () {
  const form = document.getElementById("login-form");
  const totpForm = document.getElementById("totp-form");
  const enrol = document.getElementById("enrol");
  const status = document.getElementById("login-status");
  let challenge = null;

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body),
    });
  }

  async function failed(response, what) {
    let message = "HTTP " + response.status;
    try { message = (await response.json()).error || message; } catch (_) { /* keep the status */ }
    status.textContent = what + ": " + message;
  }

  // Logged in: to the dashboard, unless this user must enrol a second factor first
  async function loggedIn() {
    const state = await AE.call("GET", "/api/auth/totp");
    if (state.ok && state.data.required && !state.data.enabled) {
      form.hidden = true;
      totpForm.hidden = true;
      enrol.hidden = false;
      status.textContent = "";
      return;
    }
    window.location.assign("/");
  }

  // Sent here because the access token expired while the login session lives on: renew it and go back (ADR 0083)
  fetch("/api/auth/refresh", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept": "application/json" },
    credentials: "same-origin",
    body: "{}",
  }).then((response) => { if (response.ok) window.location.assign("/"); }, () => {});

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.textContent = "Logging in…";
    const response = await post("/api/auth/login", { username: form.username.value, password: form.password.value });
    if (response.ok) { await loggedIn(); return; }
    if (response.status === 401) {
      const body = await response.clone().json().catch(() => ({}));
      if (body.reason === "totp_required") {
        challenge = body.challenge;
        form.hidden = true;
        totpForm.hidden = false;
        totpForm.code.focus();
        status.textContent = "";
        return;
      }
    }
    await failed(response, "Login failed");
  });

  totpForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.textContent = "Verifying…";
    const response = await post("/api/auth/login/totp", { challenge, code: totpForm.code.value });
    if (response.ok) { await loggedIn(); return; }
    totpForm.code.value = "";
    if (response.status === 400) {
      // The challenge expired: back to the password
      totpForm.hidden = true;
      form.hidden = false;
    }
    await failed(response, "Login failed");
  });

  document.getElementById("btn-enrol").addEventListener("click", async () => {
    const result = await AE.call("POST", "/api/auth/totp/enrol");
    if (!result.ok) { status.textContent = "Enrolment failed: " + AE.problem(result); return; }
    document.getElementById("enrol-uri").textContent = result.data.uri;
    document.getElementById("enrol-secret").textContent = result.data.secret;
    const list = document.getElementById("enrol-codes");
    list.replaceChildren(...result.data.recovery_codes.map((code) => {
      const item = document.createElement("li");
      item.textContent = code;
      return item;
    }));
    document.getElementById("btn-enrol").hidden = true;
    document.getElementById("enrol-details").hidden = false;
  });

  document.getElementById("enrol-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const code = document.getElementById("enrol-code");
    const result = await AE.call("POST", "/api/auth/totp/confirm", { code: code.value });
    if (result.ok) { window.location.assign("/"); return; }
    code.value = "";
    status.textContent = "Activation failed: " + AE.problem(result);
  });
})();

// The login form: POST the credentials as JSON; the server sets the session and CSRF cookies, then go to /.
"use strict";
(function () {
  const form = document.getElementById("login-form");
  const status = document.getElementById("login-status");

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
    const response = await fetch("/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ username: form.username.value, password: form.password.value }),
    });
    if (response.ok) { window.location.assign("/"); return; }
    let message = "HTTP " + response.status;
    try { message = (await response.json()).error || message; } catch (_) { /* keep the status */ }
    status.textContent = "Login failed: " + message;
  });
})();

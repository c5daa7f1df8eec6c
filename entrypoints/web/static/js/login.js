// The login form: POST the credentials as JSON; the server sets the session and CSRF cookies, then go to /.
"use strict";
(function () {
  const form = document.getElementById("login-form");
  const status = document.getElementById("login-status");

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

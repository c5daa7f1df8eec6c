-- API key lifecycle (issue 15, ADR 0082): a key acts with the lower of its scope and its owner's current role, may
-- expire, records its last use (time and client address, at most once a minute) and is revoked, not deleted, so the
-- listing still shows who had which key. A disabled user can neither log in nor use its sessions or keys.
-- Keys made before scopes acted with their owner's full role: scope 'admin' keeps exactly that.
ALTER TABLE web_api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('viewer', 'trader', 'admin'));
ALTER TABLE web_api_keys ADD COLUMN expires_at TEXT;
ALTER TABLE web_api_keys ADD COLUMN last_used_at TEXT;
ALTER TABLE web_api_keys ADD COLUMN last_used_from TEXT CHECK (length(last_used_from) <= 64);
ALTER TABLE web_api_keys ADD COLUMN revoked_at TEXT;
ALTER TABLE web_users ADD COLUMN disabled_at TEXT;

-- The single-instance lease and the bot's health row, both written by the bot and read by the web.
-- Times are ISO-8601 UTC text with microseconds ("…Z") like every other table;
-- a heartbeat extends the lease by its ttl, expires_at − renewed_at.

CREATE TABLE bot_lease (
    name        TEXT NOT NULL PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    renewed_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL CHECK (expires_at > renewed_at)
) STRICT;

-- One row per bot name; health_json is canonical JSON of ports.health.BotHealth.to_record()
CREATE TABLE bot_health (
    name        TEXT NOT NULL PRIMARY KEY,
    health_json TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

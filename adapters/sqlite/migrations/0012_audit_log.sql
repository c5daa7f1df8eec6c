-- The web's audit trail (issue 15, ADR 0081): every authenticated action and every refusal, who, with which
-- credential, from where, and how it ended. Append-only: the triggers refuse UPDATE and DELETE, as on event_store.
-- Times are ISO-8601 UTC text with microseconds ("…Z"), so text order is time order.

CREATE TABLE web_audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT    NOT NULL,
    user       TEXT    NOT NULL CHECK (length(user) <= 200),
    role       TEXT    NOT NULL CHECK (length(role) <= 200),
    credential TEXT    NOT NULL CHECK (length(credential) <= 200),
    client     TEXT    NOT NULL CHECK (length(client) <= 200),
    action     TEXT    NOT NULL CHECK (length(action) <= 200),
    status     INTEGER NOT NULL CHECK (status BETWEEN 100 AND 599),
    outcome    TEXT    NOT NULL CHECK (length(outcome) <= 200),
    detail     TEXT    NOT NULL CHECK (length(detail) <= 1000)
) STRICT;

CREATE INDEX web_audit_log_by_at ON web_audit_log (at);
CREATE INDEX web_audit_log_by_user ON web_audit_log (user, id);

CREATE TRIGGER web_audit_log_no_update BEFORE UPDATE ON web_audit_log
BEGIN
    SELECT RAISE(ABORT, 'web_audit_log is append-only');
END;

CREATE TRIGGER web_audit_log_no_delete BEFORE DELETE ON web_audit_log
BEGIN
    SELECT RAISE(ABORT, 'web_audit_log is append-only');
END;

-- Roles (issue 15): viewer reads, trader also acts on the position, admin also changes settings, users and keys.
-- Users made before roles existed could do everything: they become admins.
ALTER TABLE web_users ADD COLUMN role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('viewer', 'trader', 'admin'));

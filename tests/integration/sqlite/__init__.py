"""SQLite-specific behaviour: schema, pragmas, triggers, migrations, concurrent readers."""

"""Crash at each named failpoint, rebuild the bot from the same SQLite file and simulator, and check it recovered."""

"""Stored-row encoding and input checks shared by the SQLite and in-memory stores, so both behave alike."""

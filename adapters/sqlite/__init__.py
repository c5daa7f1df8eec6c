"""SQLite storage through APSW, WAL mode, shared by the bot and the web processes."""

"""Adapters: concrete implementations of the ports (SQLite, in-memory, system, Binance)."""

"""End-to-end tests: the real bot, assembled by the entry points, against the simulator's wire server."""

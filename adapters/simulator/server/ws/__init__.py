"""The simulator's WebSocket face: user-data and market streams on the REST port, fed by one ticker per app."""

"""The JSON API: one blueprint per area, plus the error handlers that keep every answer JSON."""

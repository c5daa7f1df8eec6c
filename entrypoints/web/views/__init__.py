"""The browser dashboard: server-rendered pages and the fragments htmx swaps in when events arrive."""

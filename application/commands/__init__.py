"""Command handlers: one module per command family, run by application.executor."""

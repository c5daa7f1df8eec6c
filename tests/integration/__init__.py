"""Integration tests against real infrastructure (files, processes)."""

"""Adapters onto the operating system: wall clock, random ids."""

"""Projections: pure folds from events to read-model rows."""

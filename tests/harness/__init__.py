"""Shared test harness: builders of events and reports, and Hypothesis strategies over event sequences."""

"""Tests of the simulator's matching engine and account."""

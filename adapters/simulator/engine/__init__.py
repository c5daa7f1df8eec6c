"""The simulator's deterministic matching engine and cross-margin account, driven by calls and a Clock."""

"""The simulator's exchange model: the deterministic matching engine and cross-margin account, driven by calls
and a Clock."""

"""The simulator's own inspection and control API under /_sim/ (not Binance's): oracle state, price, orders by hand,
funding, faults, reset."""

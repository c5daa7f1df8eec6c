"""The simulated market for one symbol: seeded or replayed prices, klines, mark price, funding, simulated time."""

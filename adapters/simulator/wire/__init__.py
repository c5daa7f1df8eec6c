"""The simulator's wire layer, framework-free: request auth, rate limits, Binance error bodies and number formatting."""

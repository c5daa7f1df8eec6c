"""Binance USDⓈ-M adapter: wire schemas (schemas/) and pure wire → domain translation (translate/)."""

"""Binance USDⓈ-M adapter: wire messages as frozen typed structures (messages/), translation to domain types
(translate/), REST (rest/) and streams (stream/)."""

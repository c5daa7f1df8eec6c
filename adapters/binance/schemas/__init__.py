"""marshmallow schemas of Binance payloads: wire names in, pythonic dicts of exact types out (Decimal, int, UTC)."""

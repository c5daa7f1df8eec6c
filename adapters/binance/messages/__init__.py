"""Binance payloads as frozen typed structures, one module per message: wire names in, exact types out (Decimal, int,
aware UTC datetime). `base.load`/`load_list` read already parsed objects, `base.decode` reads JSON text (ADR 0060)."""

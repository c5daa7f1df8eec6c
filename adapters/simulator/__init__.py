"""A protocol-faithful Binance USDⓈ-M futures simulator: matching engine, market, and the wire face."""

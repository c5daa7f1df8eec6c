"""The simulator's wire face: Binance's REST protocol served by Quart over a Simulation."""

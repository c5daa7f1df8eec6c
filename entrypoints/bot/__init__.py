"""The bot process: its wiring (wiring.py, the BotContainer), live settings, and boot + main loop (process.py)."""

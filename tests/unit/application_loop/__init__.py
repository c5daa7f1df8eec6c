"""The bot's service layer around the main loop: reconciler, boot and loop, against the in-process simulator."""

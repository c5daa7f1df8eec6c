"""Settings, secrets and constants; imports nothing of ours."""

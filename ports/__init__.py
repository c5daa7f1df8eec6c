"""Ports: the abstract capabilities the application needs; adapters implement them."""

"""Dependency-injector containers: two symmetric adapter sets and one container per entry point."""

"""Use cases: orchestrate the domain through ports (domain, ports and anyio only)."""

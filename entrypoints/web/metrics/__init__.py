"""The web's Prometheus exposition (ADR 0077): what a scrape reads, and the collector that turns it into families."""

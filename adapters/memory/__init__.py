"""In-memory adapters: production-quality fakes that pass the same contract tests as the real ones."""

"""`alphaengine doctor`: one line per check of a deployment, each with a verdict and what to do (ADR 0076)."""

# Here, not in the command's module: the CLI's parser shows it without importing the checks (and the web they read)
DEFAULT_TIMEOUT_S = 10.0

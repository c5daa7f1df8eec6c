"""`alphaengine doctor`: one line per check of a deployment, each with a verdict and what to do (ADR 0076)."""

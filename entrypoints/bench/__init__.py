"""`alphaengine bench`: timed measurements of the engine's hot paths, reported against the targets of the benchmark
guide (B-numbers). Timings live here and never in pass/fail tests."""

"""Finding strategies by name: the alphaengine.strategies entry-point group."""

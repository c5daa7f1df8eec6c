"""Built-in strategies; each is registered under the alphaengine.strategies entry-point group."""

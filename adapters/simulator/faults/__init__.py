"""Fault injection: switchable misbehaviours of the simulated exchange, armed at start-up or at run time."""

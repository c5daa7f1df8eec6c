"""Face 1 of the simulator: the exchange ports implemented in-process over the MatchingEngine, for fast tests."""

from adapters.simulator.inprocess.gateway import NoMarketData, SimulatedExchangeGateway
from adapters.simulator.inprocess.stream import SimulatedUserDataStream

__all__ = ["NoMarketData", "SimulatedExchangeGateway", "SimulatedUserDataStream"]

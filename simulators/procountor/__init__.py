"""The Procountor REST API simulator (API 26.04)."""

from simulators.procountor.simulator import ProcountorSimulator

__all__ = ["ProcountorSimulator"]

"""Visma eEkonomi (eAccounting API v2) and its OAuth2 identity server."""

from simulators.eekonomi.simulator import EEkonomiSimulator

__all__ = ["EEkonomiSimulator"]

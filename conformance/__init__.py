"""Conformance: simulators against the vendors' descriptions and real third-party clients."""

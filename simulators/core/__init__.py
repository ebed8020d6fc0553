"""The machinery every simulator shares: tenants, clock, journal, faults, control plane, transports, servers.

Nothing here imports a simulator; simulators plug in through :class:`simulators.core.simulator.Simulator`.
"""

"""The reference integration engine (transfer rules, ledger, scheduler, CLI).

Not built yet: it arrives with its own issue. Rule of dependency: it never imports `simulators`; it speaks
only the vendors' protocols and the ADK surface.
"""

"""A fake of Visma Administration's integration library (the ADK, `Adk.dll`), on any platform.

    from simulators.adk import Adk, load
    from simulators.adk import constants as adk

    api = Adk()                               # the Pythonic surface: returns AdkError values, never raises
    err = api.open(common_files, company)

    dll = load()                              # the C-style surface: hand it to code written for ctypes.WinDLL
    rc = dll.AdkOpen(common_files.encode("cp1252"), company.encode("cp1252")).lRc

A company is a folder on disk (`store.py`); `AdkSimulator` gives tests and `visma-sim serve` company folders
as tenants, with the usual control plane (`/_sim`). The names are imported on first use, so importing the
package (e.g. for the simulator registry) does not load the engine.
"""

from __future__ import annotations

from typing import Any

from simulators.adk.simulator import AdkSimulator

__all__ = ["Adk", "AdkSimulator", "load"]


def __getattr__(name: str) -> Any:
    if name == "Adk":
        from simulators.adk.session import Adk

        return Adk
    if name == "load":
        from simulators.adk.cstyle import load

        return load
    raise AttributeError(f"module 'simulators.adk' has no attribute {name!r}")

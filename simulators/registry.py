"""Every simulator that exists, by name, in the order `serve` starts them."""

from __future__ import annotations

from simulators.core.simulator import Simulator


def simulator_classes() -> dict[str, type[Simulator]]:
    from simulators.adk import AdkSimulator
    from simulators.eekonomi import EEkonomiSimulator
    from simulators.procountor import ProcountorSimulator
    from simulators.severa import SeveraSimulator

    return {"severa": SeveraSimulator, "procountor": ProcountorSimulator, "eekonomi": EEkonomiSimulator,
            "adk": AdkSimulator}


def create(name: str) -> Simulator:
    classes = simulator_classes()
    if name not in classes:
        raise KeyError(f"no simulator {name!r}; known: {', '.join(classes)}")
    return classes[name]()

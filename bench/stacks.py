"""Server stacks side by side: uvicorn+h11, uvicorn+httptools+uvloop (SimServer's default) and granian.

Each serves the bare 1 KB endpoint (and, in a full run, the simulator's get-invoice) in its own process,
with one worker, so the choice of stack is made on like-for-like figures.
"""

from __future__ import annotations

from bench.common import ROOT, Row, free_port, running, tool
from bench.load import Load, generator
from bench.server import bare_command, load_rows, measure, prepare_sim, sim_command, sim_loads

PART = "stacks"
STACKS = ("uvicorn+h11", "uvicorn+httptools+uvloop", "granian")


def granian_command(factory: str, port: int) -> list[str] | None:
    exe = tool("granian")
    if exe is None:
        return None
    return [exe, "--interface", "asgi", "--factory", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
            "--loop", "uvloop", "--http", "1", "--no-ws", "--log-level", "warning", "--no-access-log",
            "--working-dir", str(ROOT), f"bench.target:{factory}"]


def command(stack: str, kind: str, port: int) -> list[str] | None:
    if stack == "granian":
        return granian_command("bare_app" if kind == "bare" else "sim_app", port)
    flavour = "h11" if stack == "uvicorn+h11" else "httptools"
    return bare_command(flavour, port) if kind == "bare" else sim_command(flavour, port)


def run(quick: bool = False, use: str | None = None) -> list[Row]:
    use = use or generator()
    rows: list[Row] = []
    kinds = ("bare",) if quick else ("bare", "sim")
    rates: dict[tuple[str, str], float] = {}
    for kind in kinds:
        for stack in STACKS:
            case = f"{stack}: " + ("bare 1 KB GET" if kind == "bare" else "sim get-invoice")
            port = free_port()
            args = command(stack, kind, port)
            if args is None:
                rows.append(Row(PART, case, "req/s", None, "req/s", note=f"{stack} is not installed"))
                continue
            root = f"http://127.0.0.1:{port}"
            try:
                with running(args, port):
                    spec = Load("GET", f"{root}/bare") if kind == "bare" else sim_loads(root, prepare_sim(root))[
                        "get-invoice"]
                    result = measure(spec, quick, use, seconds=1.0 if quick else None)
            except RuntimeError as exc:
                rows.append(Row(PART, case, "req/s", None, "req/s", note=f"failed: {str(exc)[:200]}"))
                continue
            rates[(kind, stack)] = result["rps"]
            rows += load_rows(PART, case, result)
    for kind in kinds:
        base = rates.get((kind, "uvicorn+httptools+uvloop"))
        for stack in STACKS:
            rate = rates.get((kind, stack))
            if base and rate and stack != "uvicorn+httptools+uvloop":
                rows.append(Row(PART, f"{stack}: {'bare' if kind == 'bare' else 'sim get'}",
                                "vs httptools+uvloop", rate / base * 100, "%"))
    return rows

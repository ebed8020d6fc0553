"""The `visma-sim` command line."""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Stateful simulators of Severa, Procountor, eEkonomi and the Visma Administration ADK.")

# stable, documented demo logins so a developer's client configuration survives restarts
DEMO_TENANT = "demo"
DEMO_CREDENTIALS: dict[str, dict[str, str]] = {
    "procountor": {"client_id": "demo-client", "client_secret": "demo-secret", "api_key": "demo-api-key"},
    "severa": {"api_key": "DEMO-SEVERA-API-KEY"},
    "eekonomi": {"client_id": "demo-eekonomi-client", "client_secret": "demo-eekonomi-secret",
                 "redirect_uri": "http://localhost:8080/callback", "username": "demo@example.se",
                 "password": "demo-password"},
}


@app.callback()
def _root() -> None:
    """Stateful simulators of Severa, Procountor, eEkonomi and the Visma Administration ADK."""


def _parse_ports(values: list[str], known: list[str]) -> dict[str, int]:
    ports: dict[str, int] = {}
    for value in values:
        name, _, port = value.partition("=")
        if name not in known or not port.isdigit():
            raise typer.BadParameter(f"expected NAME=PORT with NAME one of {', '.join(known)}, got {value!r}")
        ports[name] = int(port)
    return ports


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[list[str] | None, typer.Option(
        "--port", help="override a port: NAME=PORT, NAME a simulator or eekonomi-identity (repeatable)")] = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="start only these simulators")] = None,
    no_demo: Annotated[bool, typer.Option("--no-demo", help="start without the demo tenant")] = False,
    urls_file: Annotated[Path | None, typer.Option("--urls-file", help="write URLs and credentials as JSON")] = None,
    dataset: Annotated[str | None, typer.Option(
        "--dataset", help="seed the demo tenants from this landscape (a file or a named dataset, see "
                          "`visma-sim dataset list`) instead of the demo one")] = None,
) -> None:
    """Start every simulator in one process, each on its own port, with a demo tenant."""
    from simulators.core.server import Listener, SimServer
    from simulators.registry import create, simulator_classes

    started = time.perf_counter()
    names = list(simulator_classes())
    if only:
        unknown = [n for n in only if n not in names]
        if unknown:
            raise typer.BadParameter(f"unknown simulator(s) {', '.join(unknown)}; known: {', '.join(names)}")
        names = [n for n in names if n in only]
    classes = simulator_classes()
    port_names = [n for name in names for n in [name, *(f"{name}-{role}" for role in classes[name].extra_ports)]]
    overrides = _parse_ports(port or [], port_names)
    sims = {name: create(name) for name in names}
    listeners = {name: Listener(sim, overrides.get(name, sim.default_port)) for name, sim in sims.items()}
    extra = {(name, role): Listener(sim, overrides.get(f"{name}-{role}", default), role)
             for name, sim in sims.items() for role, default in sim.extra_ports.items()}
    demo = _seed_demo(sims, dataset) if not no_demo else {}
    server = SimServer([*listeners.values(), *extra.values()], host=host)
    try:
        server.start()
    except RuntimeError as exc:
        typer.echo(f"visma-sim: {exc}", err=True)
        raise typer.Exit(1) from None
    entries: dict[str, Any] = {
        name: sim.url_entry(server.base_url(listeners[name]), demo.get(name),
                            {role: server.base_url(extra[name, role]) for role in sim.extra_ports})
        for name, sim in sims.items()
    }
    stop = _stop_on_signals()  # before the URL file: from then on a SIGTERM must stop serve cleanly
    if urls_file is not None:
        urls_file.write_text(json.dumps(entries, indent=2) + "\n")
    _print_banner(entries, time.perf_counter() - started)
    warm = threading.Thread(target=_warm_up, args=(list(sims.values()),), name="visma-sim-warm-up", daemon=True)
    warm.start()
    _wait_for_signal(stop)
    typer.echo("visma-sim: stopping", err=True)
    server.stop()


def _seed_demo(sims: dict[str, Any], dataset: str | None) -> dict[str, Any]:
    """The demo tenants, built through the landscape path `visma-sim seed` uses (fixtures/seeding.py): the demo
    landscape of today (fixtures/demo.py; fixtures/datasets/demo.json is the same built for a fixed day), or the
    landscape --dataset names. A simulator the landscape has no section for gets a minimal company."""
    from fixtures.demo import demo_landscape
    from fixtures.landscape import LandscapeError, load
    from fixtures.seeding import SeedError, seed_in_process

    try:
        landscape = load(dataset) if dataset else demo_landscape(systems=list(sims))
        seeded = seed_in_process(landscape, sims, DEMO_TENANT, label="demo", credentials=DEMO_CREDENTIALS)
    except (LandscapeError, SeedError) as exc:
        typer.echo(f"visma-sim: {exc}", err=True)
        raise typer.Exit(1) from None
    demo = {name: result.handle for name, result in seeded.items()}
    for name, sim in sims.items():
        if name not in demo:
            demo[name] = sim.create_tenant(tenant_id=DEMO_TENANT, label="demo", credentials=DEMO_CREDENTIALS.get(name))
        add_more = getattr(sim, "create_demo_companions", None)
        if add_more is not None:  # eEkonomi: the demo user's second company
            add_more(demo[name])
    return demo


def _print_banner(entries: dict[str, Any], took: float) -> None:
    typer.echo(f"visma-sim ready in {took * 1000:.0f} ms")
    for name, entry in entries.items():
        if "url" in entry:
            typer.echo(f"  {name:<12} {entry['url']}")
        elif "company" in entry:  # the ADK: a library reached through its company folder, not a URL
            typer.echo(f"  {name:<12} company folder {entry['company']}")
            typer.echo(f"  {'':<12} common files   {entry['common_files']}")
        else:
            typer.echo(f"  {name:<12} company folders under {entry.get('root', '?')}")
        if "identity_url" in entry:
            typer.echo(f"  {'':<12} identity server {entry['identity_url']}")
        typer.echo(f"  {'':<12} control plane {entry['control']}  (OpenAPI: {entry['control']}/docs)")
        if "credentials" in entry:
            creds = "  ".join(f"{k}={v}" for k, v in entry["credentials"].items()
                              if k not in ("common_files", "company"))
            if creds:
                typer.echo(f"  {'':<12} tenant {entry['tenant']}: {creds}")
            else:
                typer.echo(f"  {'':<12} tenant {entry['tenant']}")
    typer.echo("Ctrl-C to stop.")
    sys.stdout.flush()


def _warm_up(sims: list[Any]) -> None:
    for sim in sims:
        sim.warm_up()
    from simulators.core.server import tune_gc

    tune_gc()


def _stop_on_signals() -> threading.Event:
    """An event SIGINT and SIGTERM set (instead of killing the process), so serve stops cleanly."""
    stop = threading.Event()

    def handle(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
    return stop


def _wait_for_signal(stop: threading.Event) -> None:
    while not stop.wait(0.5):
        pass


def _mount_fixtures() -> None:
    """`visma-sim dataset generate|validate|list` and `visma-sim seed` (fixtures/cli.py)."""
    from fixtures.cli import mount

    mount(app)


_mount_fixtures()


def main() -> None:
    app()


if __name__ == "__main__":
    main()

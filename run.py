#!/usr/bin/env python3
"""Set-up and entry point on a fresh machine: needs only Python 3.11+ with pip and venv.

    python3 run.py serve      # every simulator with demo data (creates .venv on first use)
    python3 run.py test       # the whole test suite: lint, unit, conformance, scenarios, both modes

Anything after the command is passed on (`python3 run.py serve --no-demo`, `python3 run.py test -k faults`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VISMA_SIM_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".visma-sim-installed"


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> None:
    """Create the virtual environment and install the project when missing or when pyproject changed."""
    if not PY.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("installing visma-sim and its dependencies (first run only)", flush=True)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_fingerprint())


def run(args: list[str]) -> int:
    print("+ " + " ".join(args), flush=True)
    return subprocess.run(args, cwd=ROOT).returncode


def test(extra: list[str]) -> int:
    if extra:  # a focused run: just pytest with the given arguments
        return run([str(PY), "-m", "pytest", *extra])
    steps = [
        [str(PY), "-m", "ruff", "check", "."],
        [str(PY), "tools/gen_procountor_models.py", "--check"],
        [str(PY), "tools/gen_severa_contract.py", "--check"],
        [str(PY), "tools/gen_eekonomi_schema.py", "--check"],
        [str(PY), "-m", "fixtures.named", "--check"],
        [str(PY), "-m", "pytest", "-n", "auto", "-q"],
        [str(PY), "-m", "pytest", "-n", "auto", "-q", "--sim-mode=server", "tests"],
    ]
    for step in steps:
        code = run(step)
        if code:
            return code
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    command, extra = argv[0], argv[1:]
    ensure_venv()
    if command == "test":
        return test(extra)
    if command == "serve":
        os.execv(str(BIN / "visma-sim"), [str(BIN / "visma-sim"), "serve", *extra])
    return run([str(BIN / "visma-sim"), *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

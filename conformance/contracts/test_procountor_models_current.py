"""The committed pydantic models are what the generator makes from the vendor description today.

The simulator validates request bodies with simulators/procountor/models/generated.py; if someone edits it by
hand, or the description or the generator changes without a rerun, the limits and enums drift from the vendor's.
"""

from __future__ import annotations

import subprocess
import sys

from conformance.vendor import PROCOUNTOR_SPEC, REPO_ROOT, vendor_dir

GENERATOR = REPO_ROOT / "tools" / "gen_procountor_models.py"


def test_generated_models_match_the_vendor_description(procountor_vendor_spec) -> None:
    # procountor_vendor_spec fails first, and clearly, when the vendor description is missing
    folder = vendor_dir()
    assert (folder / PROCOUNTOR_SPEC).is_file()
    run = subprocess.run([sys.executable, str(GENERATOR), "--check", "--vendor-dir", str(folder)],
                         cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, (
        f"simulators/procountor/models/generated.py is stale (exit {run.returncode}); regenerate it with "
        f"`python tools/gen_procountor_models.py --vendor-dir {folder}`.\n{run.stdout}{run.stderr}")

"""What the rule and write tests share: a company folder written from a dataset with its clock frozen, and the
Pythonic ADK with it open (a module defines `paths` with its own data through `write_company`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from simulators.adk import datasets, store
from simulators.adk.clockfile import FolderClock
from simulators.adk.session import Adk

FROZEN_AT = "2025-03-10T09:00:00+00:00"


@pytest.fixture
def write_company(tmp_path: Path) -> Callable[[dict[str, Any]], tuple[Path, Path]]:
    """Write a company from a dataset under tmp_path, its clock frozen at FROZEN_AT; (common files, company)."""

    def write(dataset: dict[str, Any]) -> tuple[Path, Path]:
        common, company = tmp_path / "Gemensamma filer", tmp_path / "Företag" / "FTG1"
        store.write_dataset(common, company, datasets.prepare(dataset))
        FolderClock(company).freeze(FROZEN_AT)
        return common, company

    return write


@pytest.fixture
def api(paths: tuple[Path, Path]) -> Iterator[Adk]:
    a = Adk()
    assert a.open(*paths).ok
    yield a
    a.close()

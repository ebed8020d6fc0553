"""Fixtures shared by the conformance suite: the vendor descriptions (a missing one fails, never skips) and
the coverage summary printed at the end of a run."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.vendor import (
    VendorFileMissing,
    coverage_report,
    procountor_spec,
    severa_contract,
    severa_coverage_report,
)

SCHEMA_TESTS = "conformance/contracts/test_procountor_schema.py"
SEVERA_TESTS = "conformance/contracts/test_severa_wsdl.py"
EEKONOMI_TESTS = "conformance/contracts/test_eekonomi_schema.py"


@pytest.fixture(scope="session")
def procountor_vendor_spec() -> dict[str, Any]:
    """The Procountor OpenAPI description; CI always has it, so its absence is a failure that says where we looked."""
    try:
        return procountor_spec()
    except VendorFileMissing as exc:
        missing = str(exc)
    pytest.fail(missing, pytrace=False)  # outside the except block: no chained traceback in the report


@pytest.fixture(scope="session")
def procountor_vendor_app() -> Any:
    """The simulator's vendor app (FastAPI), asked which routes it serves."""
    from simulators.procountor import ProcountorSimulator

    return ProcountorSimulator().build_vendor_app()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each Schemathesis operation test its own node id.

    Schemathesis 4.32.5 builds its items with `originalname` set to the bare function name, and pytest 9.2 derives
    a node id from that name plus the parametrize id, so all operations of a schema shared one id (which breaks
    pytest-xdist's scheduling, --lf and -k by node id). The operation label becomes the id's parameter part.
    """
    here = config.rootpath / "conformance"
    for item in items:
        if not item.path.is_relative_to(here):
            continue
        name, original = item.name, getattr(item, "originalname", item.name)
        if name != original and name.startswith(original + "[") and item.nodeid.endswith("::" + original):
            item._id = item._id.with_params(name[len(original) + 1:-1])  # type: ignore[attr-defined]
        _mark_known_finding(item)


def _mark_known_finding(item: pytest.Item) -> None:
    """An operation listed in its module's KNOWN_FINDINGS is expected to fail, for the reason given there.

    Not strict: once its owner fixes it the test shows XPASS, and the entry should go.
    """
    findings = getattr(getattr(item, "module", None), "KNOWN_FINDINGS", {})
    label = getattr(item, "operation_label", None)
    if label in findings:
        item.add_marker(pytest.mark.xfail(reason=findings[label], strict=False))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After a run that included the schema (Severa WSDL, eEkonomi) tests, say how much of the vendor API the simulator
    covers.

    Computed here, in the controlling process, so it is printed under pytest-xdist too.
    """
    ran = {nodeid.split("::")[0] for reports in terminalreporter.stats.values() for report in reports
           if (nodeid := getattr(report, "nodeid", "")).startswith((SCHEMA_TESTS, SEVERA_TESTS, EEKONOMI_TESTS))}
    if not ran:
        return
    terminalreporter.section("vendor operation coverage")
    lines: list[str] = []
    if SCHEMA_TESTS in ran:
        try:
            from simulators.procountor import ProcountorSimulator

            lines += coverage_report("Procountor", procountor_spec(), ProcountorSimulator().build_vendor_app())
        except VendorFileMissing as exc:
            lines.append(str(exc))
    if SEVERA_TESTS in ran:
        try:
            from simulators.severa import handlers  # noqa: F401  (registers every handler)
            from simulators.severa.service import HANDLERS

            lines += severa_coverage_report(severa_contract(), HANDLERS)
        except VendorFileMissing as exc:
            lines.append(str(exc))
    if EEKONOMI_TESTS in ran:
        try:
            from conformance.eekonomi import coverage_lines, eekonomi_spec
            from simulators.eekonomi.simulator import EEkonomiSimulator

            lines += coverage_lines(eekonomi_spec(), EEkonomiSimulator().build_vendor_app())
        except VendorFileMissing as exc:
            lines.append(str(exc))
    for line in lines:
        terminalreporter.write_line(line)

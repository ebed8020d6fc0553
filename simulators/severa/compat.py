"""Make spyne 2.14.0 (the latest release, 2022) import on Python 3.12 and 3.13.

Imported by `simulators/severa/__init__.py` before anything imports spyne. Two problems, two shims:

* Python 3.12 removed the `find_module`/`load_module` import protocol that spyne's vendored, outdated copy of
  `six` (spyne/util/six.py) uses for `six.moves`, so `from spyne.util.six.moves.collections_abc import ...`
  fails with "No module named 'spyne.util.six.moves'" (arskom/spyne issues #700, #708; fixed on spyne's
  master, never released). From 3.12 on, a meta-path finder answers the `spyne.util.six` import with a copy
  of the real `six` module (`six>=1.17`, a project dependency) plus the one helper spyne's copy adds
  (`get_function_name`), and every `spyne.util.six.moves[.x.y]` import with the real `six.moves[.x.y]`: the
  vendored file is never executed and the real `six` is not modified. Python 3.11 keeps spyne's own copy.
* Python 3.13 removed the `cgi` module (PEP 594); spyne imports it for `cgi.parse_header` (issue #712, fixed
  on master, unreleased). The project depends on `legacy-cgi` there, which brings `cgi` back. Should it be
  missing, a minimal stand-in module `cgi` holding only `parse_header` (the one function spyne's SOAP and
  WSGI code calls) is registered instead.

Both shims do nothing when they are not needed, and `install()` is idempotent.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import operator
import sys
import types
from email.message import Message
from typing import Any

VENDORED_SIX = "spyne.util.six"


class _SixAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serve `spyne.util.six` and its submodules from the real `six`."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname == VENDORED_SIX:
            return importlib.util.spec_from_loader(fullname, self, is_package=True)
        if not fullname.startswith(VENDORED_SIX + "."):
            return None
        real = importlib.import_module("six" + fullname[len(VENDORED_SIX):])
        # a package only when the real one is, so that no attribute of the real module is touched
        return importlib.util.spec_from_loader(fullname, self, is_package=hasattr(real, "__path__"))

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        if spec.name == VENDORED_SIX:
            return _spyne_six()
        return importlib.import_module("six" + spec.name[len(VENDORED_SIX):])  # the real six.moves[.x.y]

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the real module is already initialised."""


def _spyne_six() -> types.ModuleType:
    """The real `six`'s namespace as a module of its own, plus spyne's `get_function_name`."""
    import six

    module = types.ModuleType(VENDORED_SIX, six.__doc__)
    module.__dict__.update({k: v for k, v in vars(six).items() if k not in _MODULE_ATTRS})
    module.get_function_name = operator.attrgetter("__name__")  # type: ignore[attr-defined]
    return module


_MODULE_ATTRS = {"__name__", "__spec__", "__loader__", "__package__", "__file__", "__cached__", "__doc__"}


def _parse_header(line: str) -> tuple[str, dict[str, str]]:
    """`cgi.parse_header`: "text/xml; charset=utf-8" -> ("text/xml", {"charset": "utf-8"})."""
    message = Message()
    message["content-type"] = line
    params = message.get_params() or []
    main = params[0][0] if params else ""
    return main, {k.lower(): str(v) for k, v in params[1:]}


def _ensure_six_alias() -> None:
    if sys.version_info < (3, 12) or any(isinstance(f, _SixAlias) for f in sys.meta_path):
        return
    import six  # noqa: F401  (fail here, with a clear name, when the dependency is missing)

    sys.meta_path.insert(0, _SixAlias())


def _ensure_cgi() -> None:
    if sys.version_info < (3, 13):
        return
    try:
        import cgi  # noqa: F401  (legacy-cgi)
    except ImportError:
        stand_in = types.ModuleType("cgi", "Stand-in for the removed cgi module: parse_header only (spyne).")
        stand_in.parse_header = _parse_header  # type: ignore[attr-defined]
        sys.modules["cgi"] = stand_in


def install() -> None:
    _ensure_six_alias()
    _ensure_cgi()


install()

"""The Visma Severa SOAP API simulator (WCF, /webservice/S3/API.svc)."""

from simulators.severa import compat  # noqa: F401  (first: lets spyne 2.14 import on Python 3.12/3.13)
from simulators.severa.simulator import SeveraSimulator

__all__ = ["SeveraSimulator"]

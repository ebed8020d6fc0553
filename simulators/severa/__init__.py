"""The Visma Severa SOAP API simulator (WCF, /webservice/S3/API.svc)."""

from simulators.severa.simulator import SeveraSimulator

__all__ = ["SeveraSimulator"]

"""Stateful, vendor-accurate simulators of Severa, Procountor, eEkonomi and the Visma Administration ADK."""

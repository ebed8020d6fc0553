"""Products routes (spec 26.04)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

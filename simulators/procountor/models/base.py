"""Scalar types and the base model shared by the generated Procountor models.

Procountor is a Java service: it ignores unknown properties, wants dates as `YYYY-MM-DD` and date-times as
`YYYY-MM-DDTHH:MM:SS` without zone, and refuses numbers outside int32 where the API says int32.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("date must be YYYY-MM-DD")
    return date.fromisoformat(value)


def _iso_datetime(value: Any) -> str:
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise ValueError("date-time must be YYYY-MM-DDTHH:MM:SS")
    return value


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a number is expected")
    return value


Date = Annotated[date, BeforeValidator(_iso_date)]
DateTime = Annotated[str, AfterValidator(_iso_datetime)]
Int32 = Annotated[int, BeforeValidator(_no_bool), Field(ge=-(2**31), le=2**31 - 1)]
Int64 = Annotated[int, BeforeValidator(_no_bool), Field(ge=-(2**63), le=2**63 - 1)]
Number = Annotated[float, BeforeValidator(_no_bool), Field(allow_inf_nan=False)]
Text = str


class ProcountorModel(BaseModel):
    # built on first use (or by warm_up): building all of them up front costs ~90 ms of every start-up
    model_config = ConfigDict(extra="ignore", populate_by_name=True, validate_default=False, defer_build=True)

    def dump(self) -> dict[str, Any]:
        """The JSON shape Procountor returns: camelCase names, no nulls, dates as ISO strings."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

"""What every ADK call returns: the five longs of the C struct `ADK_ERROR`, as an immutable value.

Inside the engine a refusal is raised as `AdkFailure` (so a rule deep in a call can stop it without threading
return values through every helper); the `Adk` methods turn it back into an `AdkError` at the boundary, filling
in the table and function components the rule left at 0. Nothing else crosses the boundary as an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class AdkError:
    """`ADK_ERROR`: lRc (0 = ADKE_OK), lDbTable (an ADKE_DBTABLE_* code), lField (a field id), lFunction (an ADKE_*
    function code such as ADKE_ADD) and lProgramPart (always 0 here: its meaning is not public)."""

    rc: int
    db_table: int = 0
    field: int = 0
    function: int = 0
    program_part: int = 0

    @property
    def ok(self) -> bool:
        return self.rc == 0

    def completed(self, db_table: int, function: int) -> AdkError:
        """This error with the table and function components filled in where they are still 0."""
        if (self.db_table or not db_table) and (self.function or not function):
            return self
        return replace(self, db_table=self.db_table or db_table, function=self.function or function)

    def as_tuple(self) -> tuple[int, int, int, int, int]:
        return (self.rc, self.db_table, self.field, self.function, self.program_part)


OK = AdkError(0)


class AdkFailure(Exception):
    """A refused call, raised inside the engine and returned as `error` at the API boundary."""

    def __init__(self, rc: int | AdkError, field: int = 0, db_table: int = 0) -> None:
        self.error = rc if isinstance(rc, AdkError) else AdkError(rc, db_table=db_table, field=field)
        super().__init__(f"ADK error {self.error.rc} (table {self.error.db_table}, field {self.error.field})")

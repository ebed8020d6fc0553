"""The ADK's dates and date-times packed in a C `long`.

The real encoding is not public (research §5.1); only the round trip through AdkDateToLong/AdkLongToDate is
known. Assumptions (docs/adk.md):
- a date long is YYYYMMDD as an int (2024-03-31 -> 20240331), 0 = no date (S9's `datum1 gt 20190101` hint);
- a date-time long (timestamps) is the seconds since 1970-01-01 of the *Swedish wall-clock* time, taken as if it
  were UTC. That keeps it a plain signed 32-bit number until 2038 and makes the text form round-trip exactly.
Conversions raise ValueError; the session turns that into the ADK's error codes.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONG_MAX = 2**31 - 1
try:
    COMPANY_TZ: ZoneInfo | None = ZoneInfo("Europe/Stockholm")
except Exception:  # pragma: no cover - a system without tz data: wall clock = UTC
    COMPANY_TZ = None


def _parse_date(text: str) -> date:
    text = text.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        y, m, d = text[:4], text[5:7], text[8:]
    elif len(text) == 8 and text.isdigit():
        y, m, d = text[:4], text[4:6], text[6:]
    else:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}")
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}")
    return date(int(y), int(m), int(d))


def date_to_long(text: str) -> int:
    """ "2024-03-31" (or "20240331") -> 20240331."""
    day = _parse_date(text)
    return day.year * 10000 + day.month * 100 + day.day


def long_to_day(value: int) -> date:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"not a date long: {value!r}")
    return date(value // 10000, value // 100 % 100, value % 100)


def is_date_long(value: int) -> bool:
    """Whether `value` is 0 (no date) or a valid YYYYMMDD."""
    if value == 0:
        return True
    try:
        long_to_day(value)
    except (ValueError, TypeError):
        return False
    return True


def day_to_long(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def long_to_date(value: int) -> str:
    """20240331 -> "2024-03-31"; 0 -> "" (a field without a date)."""
    if value == 0:
        return ""
    return long_to_day(value).isoformat()


def add_days(value: int, days: int) -> int:
    return day_to_long(long_to_day(value) + timedelta(days=days))


# ----------------------------------------------------------------------------------------------- date-times
def datetime_to_long(text: str) -> int:
    """ "2024-03-31 14:05:00" (also with "T", without seconds, or a bare date = midnight) -> seconds, wall clock
    as UTC."""
    text = text.strip()
    if len(text) == 10:
        moment = datetime.combine(_parse_date(text), datetime.min.time())
    else:
        if len(text) < 16 or text[10] not in " T":
            raise ValueError(f"not a date-time (YYYY-MM-DD HH:MM:SS): {text!r}")
        day = _parse_date(text[:10])
        clock = text[11:]
        parts = clock.split(":")
        if len(parts) not in (2, 3) or not all(len(p) == 2 and p.isdigit() for p in parts):
            raise ValueError(f"not a date-time (YYYY-MM-DD HH:MM:SS): {text!r}")
        hour, minute, second = (int(p) for p in [*parts, "00"][:3])
        moment = datetime(day.year, day.month, day.day, hour, minute, second)
    value = calendar.timegm(moment.timetuple())
    if not 0 <= value <= LONG_MAX:
        raise ValueError(f"date-time outside the range of a long: {text!r}")
    return value


def long_to_datetime(value: int) -> str:
    """Seconds (wall clock as UTC) -> "YYYY-MM-DD HH:MM:SS"; 0 -> ""."""
    if value == 0:
        return ""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= LONG_MAX:
        raise ValueError(f"not a date-time long: {value!r}")
    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M:%S")


def wall_clock(moment: datetime) -> datetime:
    """An aware instant as naive Swedish wall-clock time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if COMPANY_TZ is not None:
        moment = moment.astimezone(COMPANY_TZ)
    return moment.replace(tzinfo=None)


def stamp_of(moment: datetime) -> int:
    """The timestamp long of an instant (what AdkAdd/AdkUpdate write into TIMESTAMP fields)."""
    return calendar.timegm(wall_clock(moment).timetuple())


def today_of(moment: datetime) -> int:
    """The date long of the Swedish calendar day of an instant."""
    return day_to_long(wall_clock(moment).date())


def iso_of_stamp(value: int) -> str:
    """Timestamp long -> "YYYY-MM-DDTHH:MM:SS" (the dataset form); 0 -> ""."""
    return long_to_datetime(value).replace(" ", "T")

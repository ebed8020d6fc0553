from __future__ import annotations

from datetime import UTC, datetime

from simulators.core.clock import Clock, parse_instant


def test_clock_follows_real_time_by_default():
    clock = Clock()
    before = datetime.now(UTC)
    assert before <= clock.now() <= datetime.now(UTC)


def test_freeze_set_advance_unfreeze():
    clock = Clock()
    clock.freeze("2026-03-29T00:59:00Z")
    assert clock.now() == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    clock.advance(120)
    assert clock.now() == datetime(2026, 3, 29, 1, 1, tzinfo=UTC)
    clock.set("2027-01-01T12:00:00+02:00")
    assert clock.now() == datetime(2027, 1, 1, 10, 0, tzinfo=UTC)
    clock.unfreeze()
    assert not clock.frozen
    assert abs((clock.now() - datetime(2027, 1, 1, 10, 0, tzinfo=UTC)).total_seconds()) < 1


def test_advance_while_ticking_keeps_ticking():
    clock = Clock()
    clock.advance(86400)
    assert (clock.now() - datetime.now(UTC)).total_seconds() > 86399
    clock.reset()
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 1


def test_naive_instants_are_utc():
    assert parse_instant("2026-01-01T00:00:00") == datetime(2026, 1, 1, tzinfo=UTC)

"""The benchmark package imports and runs: a tiny part end to end, and the pieces that parse and format.

No timing is asserted: the figures belong to `python -m bench`, not to the build.
"""

from __future__ import annotations

import json

from bench.__main__ import PARTS, main, print_table
from bench.common import Row, percentile, summary_ms
from bench.load import Load, _lua, parse_wrk

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8123/bare
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.45us  300.12us   9.01ms   90.00%
    Req/Sec    12.31k   500.00    13.00k    70.00%
  Latency Distribution
     50%  750.00us
     75%    0.90ms
     90%    1.10ms
     99%    2.50ms
  61234 requests in 5.00s, 70.00MB read
  Non-2xx or 3xx responses: 3
  Socket errors: connect 0, read 1, write 0, timeout 0
Requests/sec:  12246.80
Transfer/sec:     14.00MB
"""


def test_parse_wrk_reads_rate_percentiles_and_errors():
    result = parse_wrk(WRK_OUTPUT)
    assert result == {"tool": "wrk", "errors": 4, "p50_ms": 0.75, "p99_ms": 2.5, "rps": 12246.8,
                      "requests": 61234}


def test_wrk_script_carries_method_headers_and_body():
    script = _lua(Load("POST", "http://127.0.0.1:1/api/invoices", {"Authorization": "Bearer x"}, '{"a": [[1]]}'))
    assert 'wrk.method = "POST"' in script
    assert 'wrk.headers["Authorization"] = [==[Bearer x]==]' in script
    assert 'wrk.body = [==[{"a": [[1]]}]==]' in script


def test_percentiles_use_nearest_rank():
    values = list(range(1, 101))
    assert (percentile(values, 50), percentile(values, 99), percentile(values, 100)) == (50, 99, 100)
    assert summary_ms([1_000_000, 3_000_000])["n"] == 2


def test_table_marks_missed_goals(capsys):
    print_table([Row("p", "case", "p50", 0.2, "ms", "< 0.5 ms", True),
                 Row("p", "case", "p99", 7.0, "ms", "< 5 ms", False, "slow")])
    out = capsys.readouterr().out
    assert "0.200 ms" in out and "ok" in out
    assert "7.00 ms" in out and "MISS" in out and "slow" in out


def test_tenants_part_runs_and_writes_json(tmp_path, capsys):
    target = tmp_path / "latest.json"
    assert main(["tenants", "--quick", "--json", str(target)]) == 0
    data = json.loads(target.read_text())
    assert data["quick"] is True and data["failures"] == {}
    cases = {(r["case"], r["metric"]) for r in data["rows"]}
    assert ("default tenant", "reset p50") in cases and ("demo tenant", "create p50") in cases
    assert all(r["value"] is not None and r["value"] >= 0 for r in data["rows"])
    assert "tenants" in PARTS and "goals met" in capsys.readouterr().out

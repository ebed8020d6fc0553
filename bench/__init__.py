"""Benchmarks of the simulators and their server stack.

Results are printed (and written to bench/results/latest.json), never asserted: a slow machine must not fail
the build, but a regression must be easy to see. Run `python -m bench` (everything), `python -m bench NAME`
(one part) or `python -m bench --quick`; `python -m bench --help` lists the parts.
"""

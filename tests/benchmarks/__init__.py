"""The benchmark suite behind `make bench`: figures, not tests.

Nothing here asserts anything about speed, and no module is named test_*.py, so pytest never
collects it. Run it with `python -m tests.benchmarks [group ...]`; it prints a table and writes
the same figures to var/bench.json.
"""

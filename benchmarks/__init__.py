"""Benchmarks for `make bench`: each module has a docstring and `run() -> list[tuple[label, value]]`."""

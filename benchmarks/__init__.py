"""Benchmarks: `make bench` (python -m benchmarks.run). Never run by the test suite."""

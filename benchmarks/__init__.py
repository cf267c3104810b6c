"""Benchmarks: `python -m benchmarks` runs every benchmarks/bench_*.py's main() and prints the figures."""

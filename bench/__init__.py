"""Benchmark harness: `make bench` prints figures (medians, ratios, call counts), never pass/fail."""

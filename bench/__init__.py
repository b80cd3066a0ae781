"""Benchmarks against DESIGN §10: each figure beside a floor measured in the same run."""

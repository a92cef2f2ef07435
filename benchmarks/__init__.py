"""Measures policykg on the seed corpus and on deterministic synthetic data; run from the
repository root, outside the test run (see benchmarks/README.md)."""

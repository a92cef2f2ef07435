"""Generates deterministic synthetic data for the benchmarks: policy texts shaped like the
seeds, across real jurisdictions of the gazetteer, and dishonesty events per the API contract."""

from benchmarks.generate.corpus import Expected, GeneratedPolicy, generate_corpus, generate_policies

__all__ = ["Expected", "GeneratedPolicy", "generate_corpus", "generate_policies"]

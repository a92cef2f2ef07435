"""policykg: a knowledge graph and rule engine for Chinese government-integrity policy.

The code lives in the top-level folders, mapped into this package by pyproject.toml:
loaders/ read text, ontology/ defines and reasons, rules/ decide, queries/ ask the
stores, api/ serves. Only the error catalogue and the settings live here.
"""

__version__ = "0.1.0"

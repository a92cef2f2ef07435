"""Decides what follows from a government dishonesty event, clause by clause.

Rule files (`rules/policies/<slug>.yaml`, format in `rules/policies/README.md`) state with
verbatim citations what each clause prescribes, how binding the text makes it, and which
conclusions it presupposes; `load_rulebook` checks and compiles them once into indexed
look-ups; `evaluate_event` is the pure engine: exceptions (`defeasance`), rules chained to a
fixpoint (`chaining`), a justification tree per conclusion (`justification`). Imports only
`policykg.ontology` and `policykg.errors`: the engine gets everything else as data (`Facts`).
"""

from policykg.rules.engine import evaluate_event, evaluate_events
from policykg.rules.evaluation import Evaluation
from policykg.rules.event import Event, Person, parse_event
from policykg.rules.facts import ClauseFacts, Facts, Obligation, PolicyFacts, Reference
from policykg.rules.rulefile import DEFAULT_DIRECTORY, RuleBook, load_rulebook

__all__ = [
    "DEFAULT_DIRECTORY", "ClauseFacts", "Evaluation", "Event", "Facts", "Obligation", "Person", "PolicyFacts",
    "Reference", "RuleBook", "evaluate_event", "evaluate_events", "load_rulebook", "parse_event",
]
